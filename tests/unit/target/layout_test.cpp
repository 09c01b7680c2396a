// On-disk layout and mountpath placement (aisnode/fs).
#include "aisnode/fs/layout.hpp"
#include "aisnode/fs/file.hpp"
#include "aisnode/fs/mountpaths.hpp"
#include "shared/util/hrw.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>

namespace fsys = std::filesystem;
using ais::api::Bck;

namespace {

Bck bck(std::string name, std::string provider = "ais", std::string ns_name = "") {
    Bck b;
    b.name = std::move(name);
    b.provider = std::move(provider);
    b.ns.name = std::move(ns_name);
    return b;
}

struct TempDir {
    fsys::path path;
    TempDir() {
        char tmpl[] = "/tmp/ut_target_XXXXXX";
        path = ::mkdtemp(tmpl);
    }
    ~TempDir() { fsys::remove_all(path); }
};

}  // namespace

TEST(Layout, BucketAndObjectPaths) {
    EXPECT_EQ(ais::fs::bck_dir("/mp1", bck("b")), "/mp1/@ais/b");
    EXPECT_EQ(ais::fs::bck_dir("/mp1", bck("b", "aws")), "/mp1/@aws/b");
    EXPECT_EQ(ais::fs::bck_dir("/mp1", bck("b", "ais", "ns1")), "/mp1/@ais/#ns1/b");
    EXPECT_EQ(ais::fs::obj_dir("/mp1", bck("b")), "/mp1/@ais/b/%ob");
    EXPECT_EQ(ais::fs::work_dir("/mp1", bck("b")), "/mp1/@ais/b/%wk");

    auto p = ais::fs::obj_path("/mp1", bck("b"), "dir/sub/obj.bin");
    EXPECT_EQ(p.fqn, "/mp1/@ais/b/%ob/dir/sub/obj.bin");
    EXPECT_FALSE(p.hashed);
    // UTF-8 names are kept as they are.
    EXPECT_EQ(ais::fs::obj_path("/m", bck("b"), "данные/файл").fqn, "/m/@ais/b/%ob/данные/файл");
}

TEST(Layout, LongNamesAreHashed) {
    std::string comp255(255, 'a'), comp256(256, 'a');
    EXPECT_FALSE(ais::fs::obj_path("/mp", bck("b"), comp255).hashed);
    auto p = ais::fs::obj_path("/mp", bck("b"), "x/" + comp256 + "/y");
    EXPECT_TRUE(p.hashed);
    EXPECT_EQ(p.fqn, "/mp/@ais/b/%ln/" + ais::fs::long_name("x/" + comp256 + "/y"));
    EXPECT_EQ(ais::fs::long_name("abc").size(), 16u);
    EXPECT_NE(ais::fs::long_name("abc"), ais::fs::long_name("abd"));

    // Many short components that add up to more than the path limit.
    std::string deep;
    while (deep.size() < 4000) deep += "dir0123456/";
    deep += "obj";
    EXPECT_TRUE(ais::fs::obj_path("/mp", bck("b"), deep).hashed);
    std::string ok;
    while (ok.size() < 3900) ok += "dir0123456/";
    ok += "o";
    EXPECT_FALSE(ais::fs::obj_path("/mp", bck("b"), ok).hashed);

    // Empty components would resolve to another object's file ("a//b" is "a/b" to the kernel).
    EXPECT_TRUE(ais::fs::obj_path("/mp", bck("b"), "a//b").hashed);
    EXPECT_TRUE(ais::fs::obj_path("/mp", bck("b"), "/a").hashed);
    EXPECT_FALSE(ais::fs::obj_path("/mp", bck("b"), "a/b").hashed);
}

TEST(Layout, WorkFilesAreUniqueAndInWorkDir) {
    auto a = ais::fs::work_fqn("/mp", bck("b"), "o", "put");
    auto b = ais::fs::work_fqn("/mp", bck("b"), "o", "put");
    EXPECT_NE(a, b);
    EXPECT_EQ(ais::fs::parent_dir(a), "/mp/@ais/b/%wk");
    EXPECT_NE(a.find(".put."), std::string::npos);
}

TEST(Mountpaths, HrwChoiceIsStableAndSpread) {
    TempDir t;
    std::vector<std::string> paths;
    for (int i = 1; i <= 4; ++i) paths.push_back((t.path / ("mp" + std::to_string(i))).string());
    ais::fs::Mountpaths m1;
    m1.init(paths);
    ASSERT_EQ(m1.size(), 4u);

    // Another instance over the same paths (listed in another order) agrees: placement depends on
    // the paths, not on their order or on the process.
    std::vector<std::string> rev(paths.rbegin(), paths.rend());
    ais::fs::Mountpaths m2;
    m2.init(rev);
    std::map<std::string, int> per_path;
    for (int i = 0; i < 2000; ++i) {
        std::string uname = "ais/@#/b/obj-" + std::to_string(i);
        const auto& a = m1.hrw(uname);
        EXPECT_EQ(a.path, m2.hrw(uname).path);
        EXPECT_EQ(&a, &m1.hrw(uname));
        // It is HRW over the path digests.
        std::vector<uint64_t> digests;
        for (const auto& mp : m1.all()) digests.push_back(ais::hrw_digest(mp.path));
        EXPECT_EQ(m1.hrw_index(uname), static_cast<size_t>(ais::hrw_select(ais::hrw_digest(uname), digests)));
        per_path[a.path]++;
    }
    ASSERT_EQ(per_path.size(), 4u);
    for (const auto& [p, n] : per_path) EXPECT_GT(n, 300) << p;  // ~500 each
}

TEST(Mountpaths, BucketDirsAndTrash) {
    TempDir t;
    std::string mp = (t.path / "mp1").string();
    ais::fs::Mountpaths m;
    m.init({mp + "/"});  // trailing slash is normalized away
    EXPECT_EQ(m.at(0).path, mp);
    EXPECT_NE(m.to_json().find("\"available\":[\"" + mp + "\"]"), std::string::npos);
    auto cap = m.at(0).capacity();
    EXPECT_GT(cap.total, 0u);

    m.create_bucket_dirs(bck("b"));
    EXPECT_TRUE(fsys::is_directory(mp + "/@ais/b/%ob"));
    EXPECT_TRUE(fsys::is_directory(mp + "/@ais/b/%wk"));
    ais::fs::mkdir_all(mp + "/@ais/b/%ob/x/y");
    m.destroy_bucket_dirs(bck("b"));
    EXPECT_FALSE(fsys::exists(mp + "/@ais/b"));  // moved aside at once
    for (int i = 0; i < 200 && !fsys::is_empty(mp + "/.trash"); ++i) ::usleep(10'000);
    EXPECT_TRUE(fsys::is_empty(mp + "/.trash"));  // and removed in the background
}

TEST(Mountpaths, RejectsBadConfig) {
    ais::fs::Mountpaths m;
    EXPECT_THROW(m.init({}), std::runtime_error);
    EXPECT_THROW(m.init({"relative/path"}), std::runtime_error);
    TempDir t;
    EXPECT_THROW(m.init({t.path.string(), t.path.string() + "/"}), std::runtime_error);
}

TEST(FsHelpers, RemoveEmptyDirsStopsAtRoot) {
    TempDir t;
    std::string root = (t.path / "%ob").string();
    ais::fs::mkdir_all(root + "/a/b/c");
    ais::fs::mkdir_all(root + "/a/keep");
    ais::fs::remove_empty_dirs(root + "/a/b/c", root);
    EXPECT_FALSE(fsys::exists(root + "/a/b"));
    EXPECT_TRUE(fsys::exists(root + "/a/keep"));
    ais::fs::remove_empty_dirs(root + "/a/keep", root);
    EXPECT_FALSE(fsys::exists(root + "/a"));
    EXPECT_TRUE(fsys::exists(root));
}
