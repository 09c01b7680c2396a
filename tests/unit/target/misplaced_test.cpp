// Objects that wait on another mountpath of their target (after a mountpath change, until the
// resilver moves them to their HRW mountpath) are found by every object operation, not only by
// GET/HEAD: PATCH, rename, copy, DELETE.
#include "tests/unit/target/harness.hpp"

using namespace ais;
using namespace ais::test;

namespace {

class TargetMisplaced : public TargetHttp {
  protected:
    // PUTs `obj` and moves its file (with its metadata xattr) to another mountpath of the target.
    void put_elsewhere(const std::string& obj, const std::string& data) {
        ASSERT_EQ(put(obj, data).status, 200);
        Node& n = *nodes[0];
        const std::string at = on_disk(n, obj);
        ASSERT_FALSE(at.empty());
        for (const auto& mp : n.mpaths) {
            if (at.starts_with(mp + "/")) continue;
            const std::string to = mp + "/@ais/b/%ob/" + obj;
            fsys::create_directories(fsys::path(to).parent_path());
            fsys::rename(at, to);  // one filesystem: the xattr moves with the inode
            return;
        }
        FAIL() << "no other mountpath";
    }
};

}  // namespace

TEST_F(TargetMisplaced, PatchRenameCopyAndDeleteFindTheObjectOnAnotherMountpath) {
    start(1, 3);
    Node& n = *nodes[0];
    put_elsewhere("dir/patched", "patch me");
    put_elsewhere("dir/renamed", "rename me");
    put_elsewhere("dir/copied", "copy me");
    put_elsewhere("dir/deleted", "delete me");

    auto r = call(n, "PATCH", "b", "dir/patched", R"({"action":"","value":{"color":"red"}})");
    ASSERT_EQ(r.status, 200) << r.body;
    auto h = call(n, "HEAD", "b", "dir/patched", {}, {}, true);
    EXPECT_NE(h.headers.get(api::hdr::kCustomMd).find("color=red"), std::string::npos) << h.headers.get(api::hdr::kCustomMd);

    r = call(n, "POST", "b", "dir/renamed", R"({"action":"rename-obj","name":"dir/renamed-new"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(get("dir/renamed-new").body, "rename me");
    EXPECT_EQ(get("dir/renamed").status, 404);

    r = call(n, "PUT", "b", "dir/copied", {}, "object_to=" + url_escape_query("ais/@#/b/dir/copy"));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(get("dir/copy").body, "copy me");
    EXPECT_EQ(get("dir/copied").body, "copy me");

    r = call(n, "DELETE", "b", "dir/deleted");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(get("dir/deleted").status, 404);
    EXPECT_EQ(on_disk(n, "dir/deleted"), "");
}
