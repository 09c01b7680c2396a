// Erasure coding on a real cluster of 3 targets: the props and their validation as AIS has them,
// EC 1+1 end to end (pieces on disk, ec-put jobs, a lost object restored by GET in place, a delete
// taking every piece), ec-encode of a bucket with objects. (ec_kill_test.cpp: 5 targets, kill -9.)
#include "tests/integration/ec_common.hpp"

using namespace ais;
using namespace ais::test::ec;
using ais::test::LocalCluster;

TEST(EcProps, ValidationRestoreDeleteAndEcEncode) {
    LocalCluster cl;  // 3 targets
    auto& c = cl.client();
    c.create_bucket(bck("e"));

    // D+P+1 targets: 2+2 needs 5 (400, AIS's message, props unchanged).
    std::string msg;
    EXPECT_EQ(
        status_of(
            [&] { c.set_bprops(bck("e"), R"({"ec":{"enabled":true,"data_slices":2,"parity_slices":2}})"); },
            &msg),
        400);
    EXPECT_NE(msg.find("EC configuration (D = 2, P = 2) requires at least 5 targets (have 3)"),
              std::string::npos)
        << msg;
    EXPECT_FALSE(c.head_bucket(bck("e")).ec.enabled);
    EXPECT_EQ(status_of([&] { c.set_bprops(bck("e"), R"({"ec":{"enabled":true,"data_slices":0}})"); }, &msg),
              400);
    EXPECT_NE(msg.find("invalid ec.data_slices: 0 (expected value in range [1, 32])"), std::string::npos)
        << msg;

    // 1+1 fits. Objects under 4 KiB are replicated, larger ones sliced.
    c.set_bprops(bck("e"),
                 R"({"ec":{"enabled":true,"data_slices":1,"parity_slices":1,"objsize_limit":4096}})");
    auto props = c.head_bucket(bck("e"));
    EXPECT_TRUE(props.ec.enabled);
    EXPECT_EQ(props.ec.data_slices, 1);
    // Once enabled, it can be disabled but not changed.
    EXPECT_EQ(status_of([&] { c.set_bprops(bck("e"), R"({"ec":{"parity_slices":2}})"); }, &msg), 400);
    EXPECT_NE(msg.find("cannot change"), std::string::npos) << msg;

    std::map<std::string, std::string> objs;
    std::map<std::string, size_t> sizes;
    for (int i = 0; i < 20; ++i) {
        const std::string name = "d/o" + std::to_string(i);
        objs[name] = bytes(i % 4 == 0 ? 100 + static_cast<size_t>(i) : 50'000 + 3000 * static_cast<size_t>(i),
                           static_cast<uint64_t>(i));
        sizes[name] = objs[name].size();
    }
    put_all(cl, bck("e"), objs);
    std::string last;
    ASSERT_TRUE(wait_complete(cl, "e", sizes, 1, 1, 4096, 30s, &last)) << last;
    // ec-put jobs are visible.
    auto snaps = c.job_snaps(api::QueryMsg{.kind = "ec-put"});
    size_t njobs = 0;
    for (const auto& [t, v] : snaps.by_target) njobs += v.size();
    EXPECT_GT(njobs, 0u);

    // A lost object comes back on GET, in place.
    auto smap = c.get_smap();
    for (const std::string name : {"d/o0", "d/o1", "d/o2"}) {
        const std::string f = main_file(cl, smap, "e", name);
        ASSERT_FALSE(f.empty()) << name;
        fsys::remove(f);
        EXPECT_EQ(c.get_object(bck("e"), name).body, objs[name]);
        EXPECT_EQ(slurp(main_file(cl, smap, "e", name)), objs[name]);
    }
    // A delete takes every piece.
    c.delete_object(bck("e"), "d/o1");
    EXPECT_EQ(metafiles(cl, "e").count("d/o1"), 0u);
    EXPECT_FALSE(c.object_exists(bck("e"), "d/o1"));

    // ec-encode of a bucket with objects (AIS's api.ECEncodeBucket: the value is a JSON string).
    c.create_bucket(bck("later"));
    std::map<std::string, std::string> later;
    std::map<std::string, size_t> later_sizes;
    for (int i = 0; i < 10; ++i) {
        later["l" + std::to_string(i)] =
            bytes(10'000 + static_cast<size_t>(i), 100 + static_cast<uint64_t>(i));
        later_sizes["l" + std::to_string(i)] = later["l" + std::to_string(i)].size();
    }
    put_all(cl, bck("later"), later);
    EXPECT_TRUE(metafiles(cl, "later").empty());
    net::ClientRequest rq;
    rq.method = "POST";
    rq.url = cl.endpoint() + "/v1/buckets/later?provider=ais";
    rq.body = R"({"action":"ec-encode","value":"{\"data_slices\":1,\"parity_slices\":1,\"enabled\":true}"})";
    rq.headers.add("Content-Type", "application/json");
    auto r = c.http().call(rq);
    ASSERT_EQ(r.status, 200) << r.body;
    const std::string xid = r.body;
    auto st = c.wait_job(xid, 60s);
    EXPECT_TRUE(st.err.empty()) << st.err;
    EXPECT_TRUE(c.head_bucket(bck("later")).ec.enabled);
    ASSERT_TRUE(wait_complete(cl, "later", later_sizes, 1, 1, 262144, 10s, &last)) << last;
    // Not enough targets for 2+2: refused before anything changes.
    c.create_bucket(bck("later2"));
    rq.url = cl.endpoint() + "/v1/buckets/later2?provider=ais";
    rq.body = R"({"action":"ec-encode","value":"{\"data_slices\":2,\"parity_slices\":2,\"enabled\":true}"})";
    r = c.http().call(rq);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_FALSE(c.head_bucket(bck("later2")).ec.enabled);
}
