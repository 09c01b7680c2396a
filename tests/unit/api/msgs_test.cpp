// Control messages as the Python SDK and Go send them, and the error JSON.
#include "shared/api/msgs.hpp"

#include "fixtures.hpp"
#include "shared/api/err_http.hpp"
#include "shared/api/json.hpp"
#include "shared/api/lso.hpp"

#include <gtest/gtest.h>

namespace ais::api {
namespace {

TEST(ActMsg, PythonAndCapitalisedKeys) {
    auto msgs = json::parse(test::fixture("act_msgs.json")).as_array();
    std::vector<ActMsg> m;
    for (const auto& v : msgs) from_jv(v, m.emplace_back());

    EXPECT_EQ(m[0].action, "create-bck");
    EXPECT_FALSE(m[0].has_value());

    EXPECT_EQ(m[1].action, "list");
    EXPECT_EQ(m[1].name, "nm");
    ASSERT_TRUE(m[1].has_value());
    auto lso = m[1].value_as<LsoMsg>();
    EXPECT_EQ(lso.prefix, "dir/");
    EXPECT_EQ(lso.pagesize, 100);
    EXPECT_EQ(lso.flags, 36u);

    EXPECT_EQ(m[2].action, "make-n-copies");
    EXPECT_EQ(m[2].value_as<int>(), 2);

    // ec-encode: the value is a JSON string that itself holds JSON
    auto inner = m[3].value_as<std::string>();
    EXPECT_EQ(json::parse(inner).at("data_slices"), 2);

    EXPECT_EQ(m[4].action, "rename-obj");
    EXPECT_EQ(m[4].name, "new/name");
    EXPECT_EQ(m[4].value, "null");
}

TEST(ActMsg, AlwaysThreeKeys) {
    EXPECT_EQ(to_json(ActMsg{"list", "", "null"}), R"({"action":"list","name":"","value":null})");
    EXPECT_EQ(to_json(ActMsg{"destroy-bck", "", ""}), R"({"action":"destroy-bck","name":"","value":null})");
    ActMsg a{"set-bprops", "", {}};
    a.set_value(Bck{"b", "ais", {}});
    EXPECT_EQ(
        to_json(a),
        R"({"action":"set-bprops","name":"","value":{"name":"b","provider":"ais","namespace":{"uuid":"","name":""}}})");
    EXPECT_THROW(to_json(ActMsg{"x", "", "{not json"}), ErrBadRequest);
}

TEST(ListRange, OneOrTheOther) {
    EvdMsg e;
    e.objnames = {"a", "b/c"};
    EXPECT_EQ(to_json(e), R"({"objnames":["a","b/c"],"num-workers":0,"coer":false,"non-recurs":false})");
    EvdMsg t;
    t.template_ = "shard-{0..9}.tar";
    t.coer = true;
    EXPECT_EQ(to_json(t),
              R"({"template":"shard-{0..9}.tar","num-workers":0,"coer":true,"non-recurs":false})");
    auto back = from_json<EvdMsg>(to_json(t));
    EXPECT_EQ(back.template_, t.template_);
    EXPECT_TRUE(back.coer);
    EXPECT_EQ(to_json(ListRange{}), R"({"template":""})");  // empty template = all objects
}

TEST(TCOMsg, AllKeys) {
    auto m = from_json<TCOMsg>(test::fixture("tco_msg.json"));
    EXPECT_EQ(m.tobck, Bck({"dst", "aws", {}}));
    EXPECT_EQ(m.prefix, "p/");
    EXPECT_EQ(m.prepend, "x-");
    EXPECT_TRUE(m.dry_run);
    EXPECT_TRUE(m.latest_ver);
    EXPECT_TRUE(m.non_recurs);
    EXPECT_TRUE(m.coer);
    EXPECT_EQ(m.num_workers, 4);
    EXPECT_EQ(m.etl_name, "etl-1");
    EXPECT_EQ(m.pipeline.size(), 2u);
    EXPECT_EQ(m.request_timeout_ns, 90'000'000'000);
    EXPECT_EQ(json::parse(m.ext), json::parse(R"({".in":".out"})"));
    EXPECT_EQ(m.template_, "shard-{0000..0099}.tar");
    // round trip: same tree as the fixture (Go spells the duration the same way)
    EXPECT_EQ(json::parse(to_json(m)), json::parse(test::fixture("tco_msg.json")));

    TCBMsg plain;
    auto o = json::parse(to_json(plain)).as_object();
    EXPECT_TRUE(o.at("ext").is_null());
    EXPECT_FALSE(o.contains("id"));  // ETL keys omitted when empty
    for (auto k : {"prefix", "prepend", "dry_run", "force", "latest-ver", "synchronize", "non-recurs",
                   "num-workers", "coer"})
        EXPECT_TRUE(o.contains(k)) << k;
}

TEST(Bsumm, ResultRoundTrip) {
    auto v = from_json<std::vector<BsummResult>>(test::fixture("bsumm_result.json"));
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].bck, Bck({"b", "ais", {}}));
    EXPECT_EQ(v[0].obj_count_present, 12u);
    EXPECT_EQ(v[0].obj_avg_size, 512);
    EXPECT_EQ(v[0].total_disks_size, UINT64_MAX);
    EXPECT_EQ(v[0].used_pct, 3u);
    EXPECT_TRUE(v[0].is_present);
    EXPECT_EQ(json::parse(to_json(v)), json::parse(test::fixture("bsumm_result.json")));

    BsummCtrlMsg c{"", "pre", true, false, false};
    EXPECT_EQ(to_json(c),
              R"({"uuid":"","prefix":"pre","cached":true,"present":false,"dont_add_remote":false})");
}

TEST(ErrHTTP, DecodeSpecExample) {
    auto e = parse_err_http(404, test::fixture("err_http.json"));
    EXPECT_EQ(e.status, 404);
    EXPECT_EQ(e.tcode, "ErrBckNotFound");
    EXPECT_EQ(e.message, "bucket \"ais://abc\" does not exist");
    EXPECT_EQ(e.method, "HEAD");
    EXPECT_EQ(e.url_path, "/v1/buckets/abc");
    EXPECT_EQ(e.node, "p[kWQp8080]");
    Error err = e.to_error();
    EXPECT_EQ(err.status(), 404);
    EXPECT_EQ(err.tcode(), "ErrBckNotFound");
    EXPECT_STREQ(err.what(), "bucket \"ais://abc\" does not exist");
    EXPECT_EQ(json::parse(to_json(e)), json::parse(test::fixture("err_http.json")));
}

TEST(ErrHTTP, PlainTextAndEmpty) {
    EXPECT_EQ(parse_err_http(405, "Method Not Allowed\n").message, "Method Not Allowed");
    EXPECT_EQ(parse_err_http(500, "{not json").message, "{not json");
    EXPECT_EQ(parse_err_http(400, R"({"other":"shape"})").message, R"({"other":"shape"})");
    EXPECT_NE(parse_err_http(503, "").message.find("starting up"), std::string::npos);
    EXPECT_EQ(parse_err_http(502, "").status, 502);
    EXPECT_EQ(parse_err_http(404, R"({"message":"m","status":400})").status, 404);  // HTTP status wins
}

TEST(ActValRmNode, Keys) {
    ActValRmNode v;
    v.sid = "tAbCdEf1";
    v.skip_rebalance = true;
    EXPECT_EQ(to_json(v), R"({"sid":"tAbCdEf1","skip_rebalance":true,"rm_user_data":false,)"
                          R"("keep_initial_config":false,"no_shutdown":false})");
    EXPECT_TRUE(from_json<ActValRmNode>(to_json(v)).skip_rebalance);
}

}  // namespace
}  // namespace ais::api
