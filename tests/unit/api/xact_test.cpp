// Jobs on the wire: ArgsMsg/QueryMsg from Python's capitalised keys, nl.Status, Snap/MultiSnap.
#include "shared/api/xact.hpp"

#include "fixtures.hpp"
#include "shared/api/json.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ais::api {
namespace {

TEST(ArgsMsg, FromPython) {
    auto a = from_json<ArgsMsg>(test::fixture("args_msg_python.json"));
    EXPECT_EQ(a.id, "xAbCdEfGh1");
    EXPECT_EQ(a.kind, "copy-bck");
    EXPECT_EQ(a.daemon_id, "tAbCdEf1");
    EXPECT_EQ(a.bck, Bck({"b", "ais", {}}));
    ASSERT_EQ(a.buckets.size(), 2u);
    EXPECT_EQ(a.buckets[1].name, "c");

    auto o = json::parse(to_json(a)).as_object();  // Go's (untagged) key names
    std::set<std::string> keys;
    for (const auto& kv : o) keys.emplace(kv.key());
    EXPECT_EQ(keys, (std::set<std::string>{"ID", "Kind", "DaemonID", "Bck", "Buckets", "Timeout", "Force",
                                           "OnlyRunning"}));
    ArgsMsg f;
    f.flags = 3;
    EXPECT_EQ(json::parse(to_json(f)).at("flags"), 3);
}

TEST(QueryMsg, FromPythonJobArgsAndJobQuery) {
    auto q = from_json<QueryMsg>(test::fixture("query_msg_python.json"));
    EXPECT_EQ(q.id, "xAbCdEfGh1");
    EXPECT_EQ(q.kind, "copy-bck");
    EXPECT_EQ(q.bck.name, "b");
    EXPECT_FALSE(q.show_active.has_value());
    EXPECT_TRUE(q.buckets.empty());

    auto j = from_json<QueryMsg>(test::fixture("query_msg_jobquery.json"));
    EXPECT_EQ(j.kind, "rebalance");
    EXPECT_EQ(j.node, "tAbCdEf1");
    ASSERT_TRUE(j.show_active.has_value());
    EXPECT_TRUE(*j.show_active);
    EXPECT_EQ(from_json<QueryMsg>(R"({"DaemonID":"t1"})").node, "t1");

    auto o = json::parse(to_json(QueryMsg{})).as_object();
    EXPECT_TRUE(o.at("show_active").is_null());
    EXPECT_FALSE(o.contains("node"));
    EXPECT_EQ(to_json(j),
              R"({"show_active":true,"bck":{"name":"","provider":"","namespace":{"uuid":"","name":""}},)"
              R"("id":"","kind":"rebalance","node":"tAbCdEf1"})");
}

TEST(JobStatus, Json) {
    auto s = from_json<JobStatus>(test::fixture("job_status.json"));
    EXPECT_EQ(s.uuid, "xAbCdEfGh1");
    EXPECT_EQ(s.end_time, 1767322445123456789);
    EXPECT_TRUE(s.finished());
    EXPECT_TRUE(s.ok());
    EXPECT_TRUE(s.is_idle);
    EXPECT_EQ(json::parse(to_json(s)), json::parse(test::fixture("job_status.json")));
    EXPECT_FALSE(json::parse(to_json(JobStatus{})).as_object().contains("is_idle"));  // omitempty
    EXPECT_FALSE(JobStatus{}.finished());
    auto all = from_json<std::vector<JobStatus>>("null");
    EXPECT_TRUE(all.empty());
}

TEST(JobSnap, KeysTimesAndStats) {
    auto ms = from_json<MultiSnap>(test::fixture("multi_snap.json"));
    ASSERT_EQ(ms.by_target.size(), 3u);
    const JobSnap& run = ms.by_target.at("tAbCdEf1").at(0);
    const JobSnap& done = ms.by_target.at("tXyZ0987").at(0);
    EXPECT_EQ(run.kind, "copy-bck");
    EXPECT_EQ(run.dst_bck.name, "dst");
    EXPECT_EQ(run.start_time, 1767323045123000000);  // 2026-01-02T03:04:05.123Z
    EXPECT_EQ(run.end_time, 0);                      // Go zero time
    EXPECT_TRUE(run.running());
    EXPECT_EQ(run.stats.loc_bytes, 10240);
    EXPECT_EQ(run.joggers(), 3);
    EXPECT_EQ(run.workers(), 4);
    EXPECT_EQ(run.chan_full(), 5);
    EXPECT_EQ(run.glob_id, JobSnap::pack_glob(3, 4, 5));
    EXPECT_EQ(done.end_time, 1767323106500000000);  // 04:05:06.5+01:00 = 03:05:06.5Z
    EXPECT_EQ(done.ctlmsg, "bck=ais://src");
    EXPECT_TRUE(ms.any_running());
    EXPECT_FALSE(ms.all_finished());
    EXPECT_FALSE(ms.all_idle_or_done());
    EXPECT_EQ(ms.job_ids(), std::vector<std::string>{"xAbCdEfGh1"});
    EXPECT_EQ(ms.totals().loc_objs, 17);

    auto out = json::parse(to_json(ms));
    const auto& s0 = out.at("tAbCdEf1").at(0).as_object();
    std::set<std::string> keys;
    for (const auto& kv : s0) keys.emplace(kv.key());
    EXPECT_EQ(keys,
              (std::set<std::string>{"id", "kind", "bck", "src-bck", "dst-bck", "start-time", "end-time",
                                     "abort-err", "err", "glob.id", "stats", "aborted", "is_idle", "ext"}));
    EXPECT_EQ(s0.at("start-time"), "2026-01-02T03:04:05.123Z");
    EXPECT_EQ(s0.at("end-time"), "0001-01-01T00:00:00Z");
    EXPECT_EQ(s0.at("glob.id"), bj::value(std::to_string(JobSnap::pack_glob(3, 4, 5))));
    for (const auto& kv : s0.at("stats").as_object()) EXPECT_TRUE(kv.value().is_string()) << kv.key();
    EXPECT_TRUE(out.at("tXyZ0987").at(0).as_object().contains("ctlmsg"));
    EXPECT_TRUE(out.at("tEmPtY00").as_array().empty());
    // the running snap encodes back to exactly Python's tree
    EXPECT_EQ(out.at("tAbCdEf1"), json::parse(test::fixture("multi_snap.json")).at("tAbCdEf1"));
}

TEST(JobSnap, Rfc3339Parsing) {
    EXPECT_EQ(parse_rfc3339_ns("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parse_rfc3339_ns("0001-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parse_rfc3339_ns("1970-01-01T00:00:01.000000001Z"), 1'000'000'001);
    EXPECT_EQ(parse_rfc3339_ns("1970-01-01T01:00:00+01:00"), 0);
    EXPECT_EQ(parse_rfc3339_ns("2000-02-29T12:00:00.1234567891Z"), 951825600123456789);
    for (auto bad : {"", "2026-01-02", "2026-01-02T03:04:05", "2026-13-02T03:04:05Z", "2026-01-02T03:04:05.Z",
                     "2026-01-02T03:04:05Zjunk", "1500-01-01T00:00:00Z"})
        EXPECT_THROW(parse_rfc3339_ns(bad), ErrBadRequest) << bad;
}

}  // namespace
}  // namespace ais::api
