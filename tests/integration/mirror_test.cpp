// N-way mirroring on a real cluster (1 proxy, 3 targets, 3 mountpaths each), through the AIS API
// as the Go API and the SDK call it: set-bprops mirror.* (validated by every target before the
// props change), the make-n-copies action, copies visible in HEAD and in listings.
#include "tests/integration/local_cluster.hpp"

#include "shared/api/codec.hpp"
#include "shared/api/lso.hpp"
#include "shared/config/bprops.hpp"
#include "shared/util/errors.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

using namespace ais;
using ais::test::LocalCluster;

namespace {

api::Bck bck(std::string name) { return api::Bck{.name = std::move(name), .provider = "ais"}; }

int status_of(const std::function<void()>& fn, std::string* msg = nullptr) {
    try {
        fn();
    } catch (const Error& e) {
        if (msg) *msg = e.what();
        return e.status();
    }
    return 200;
}

// Waits until every object of `names` reports `copies` replicas in HEAD (20 s at most).
bool all_have(api::Client& c, const api::Bck& b, const std::vector<std::string>& names, int copies) {
    for (int i = 0; i < 200; ++i) {
        bool ok = true;
        for (const auto& n : names) ok = ok && c.head_object(b, n).mirror_copies == copies;
        if (ok) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

class Mirror : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { cluster_ = new LocalCluster(LocalCluster::Options{.mountpaths = 3}); }
    static void TearDownTestSuite() {
        delete cluster_;
        cluster_ = nullptr;
    }
    static LocalCluster* cluster_;
};
LocalCluster* Mirror::cluster_ = nullptr;

}  // namespace

TEST_F(Mirror, SetPropsMirrorsNewAndExistingObjectsAndMakeNCopiesConverts) {
    api::Client c(cluster_->endpoint());
    const auto b = bck("mirrored");
    c.create_bucket(b);
    std::vector<std::string> names;
    for (int i = 0; i < 40; ++i) {
        names.push_back("old/" + std::to_string(i));
        c.put_object(b, names.back(), "existing object " + std::to_string(i));
    }
    // Existing objects get their copies from the job that the props change starts.
    const std::string xid = c.set_bprops(b, R"({"mirror":{"enabled":true,"copies":2}})");
    ASSERT_FALSE(xid.empty());
    auto st = c.wait_job(xid, std::chrono::seconds(60));
    EXPECT_TRUE(st.ok()) << st.err;
    EXPECT_EQ(st.kind, "make-n-copies");
    EXPECT_TRUE(all_have(c, b, names, 2));
    // New objects get theirs after the PUT.
    for (int i = 0; i < 20; ++i) {
        names.push_back("new/" + std::to_string(i));
        c.put_object(b, names.back(), "new object " + std::to_string(i));
    }
    EXPECT_TRUE(all_have(c, b, names, 2));
    // The listing shows each object once, with its copies.
    api::LsoMsg msg;
    msg.props = "name,copies";
    auto res = c.list_objects(b, msg);
    ASSERT_EQ(res.entries.size(), names.size());
    for (const auto& e : res.entries) EXPECT_EQ(e.copies, 2) << e.name;

    // make-n-copies (the API action of `ais start mirror`): up to 3, then back to 1.
    std::string id = c.make_n_copies(b, 3);
    EXPECT_TRUE(c.wait_job(id, std::chrono::seconds(60)).ok());
    EXPECT_TRUE(all_have(c, b, names, 3));
    EXPECT_EQ(c.head_bucket(b).mirror.copies, 3);
    EXPECT_TRUE(c.head_bucket(b).mirror.enabled);
    id = c.make_n_copies(b, 1);
    EXPECT_TRUE(c.wait_job(id, std::chrono::seconds(60)).ok());
    EXPECT_TRUE(all_have(c, b, names, 1));
    EXPECT_FALSE(c.head_bucket(b).mirror.enabled);
    for (int i = 0; i < 40; ++i) EXPECT_EQ(c.get_object(b, "old/" + std::to_string(i)).body, "existing object " + std::to_string(i));
}

TEST_F(Mirror, MoreCopiesThanMountpathsIsRefusedAndThePropsStay) {
    api::Client c(cluster_->endpoint());
    const auto b = bck("too-many");
    c.create_bucket(b);
    std::string msg;
    EXPECT_EQ(status_of([&] { c.set_bprops(b, R"({"mirror":{"enabled":true,"copies":4}})"); }, &msg), 400);
    EXPECT_NE(msg.find("not enough mountpaths (3) to configure ais://too-many as 4-way mirror"), std::string::npos) << msg;
    EXPECT_FALSE(c.head_bucket(b).mirror.enabled);
    EXPECT_EQ(status_of([&] { c.make_n_copies(b, 4); }, &msg), 400);
    EXPECT_EQ(status_of([&] { c.make_n_copies(b, 0); }, &msg), 400);
    EXPECT_NE(msg.find("must be in [1, 32] range"), std::string::npos) << msg;
    EXPECT_FALSE(c.head_bucket(b).mirror.enabled);
    // A bucket created with mirroring asked for beyond the mountpaths is not created.
    EXPECT_EQ(status_of([&] { c.create_bucket(bck("born-mirrored"), R"({"mirror":{"enabled":true,"copies":5}})"); }), 400);
    EXPECT_EQ(status_of([&] { c.head_bucket(bck("born-mirrored")); }), 404);
    // Within the mountpaths it is, mirrored.
    c.create_bucket(bck("born-ok"), R"({"mirror":{"enabled":true,"copies":3}})");
    EXPECT_EQ(c.head_bucket(bck("born-ok")).mirror.copies, 3);
    c.put_object(bck("born-ok"), "x", "xyz");
    EXPECT_TRUE(all_have(c, bck("born-ok"), {"x"}, 3));
}
