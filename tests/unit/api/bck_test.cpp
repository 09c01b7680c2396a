// Bucket names: parsing user forms, unames, cnames, validation, query params, JSON.
#include "shared/api/bck.hpp"

#include "fixtures.hpp"
#include "shared/api/json.hpp"
#include "shared/net/http.hpp"

#include <gtest/gtest.h>

namespace ais::api {
namespace {

TEST(Bck, ParseTableFromFixture) {
    auto cases = json::parse(test::fixture("bck_cases.json")).as_array();
    ASSERT_GT(cases.size(), 25u);
    for (const auto& cv : cases) {
        const auto& c = cv.as_object();
        std::string input(c.at("input").as_string());
        SCOPED_TRACE("input: " + input);
        if (!c.at("ok").as_bool()) {
            EXPECT_THROW(parse_bck_uri(input), ErrBadRequest);
            continue;
        }
        BckUri u = parse_bck_uri(input);
        EXPECT_EQ(u.bck.provider, c.at("provider").as_string());
        EXPECT_EQ(u.bck.name, c.at("name").as_string());
        EXPECT_EQ(u.bck.ns.uuid, c.at("ns_uuid").as_string());
        EXPECT_EQ(u.bck.ns.name, c.at("ns_name").as_string());
        EXPECT_EQ(u.has_obj, c.at("has_obj").as_bool());
        EXPECT_EQ(u.obj, c.at("obj").as_string());
        EXPECT_EQ(u.bck.uname(), c.at("uname").as_string());
        EXPECT_EQ(u.bck.obj_uname(u.obj), c.at("obj_uname").as_string());
        EXPECT_EQ(u.bck.cname(), c.at("cname").as_string());
        EXPECT_EQ(u.bck.obj_cname(u.obj), c.at("obj_cname").as_string());
        EXPECT_NO_THROW(u.bck.validate());

        // the uname parses back to the same bucket and object
        std::string obj;
        EXPECT_EQ(parse_uname(u.bck.obj_uname(u.obj), &obj), u.bck);
        EXPECT_EQ(obj, u.obj);
    }
}

TEST(Bck, SpecExamples) {
    Bck b{"b", "ais", {}};
    EXPECT_EQ(b.uname(), "ais/@#/b/");
    EXPECT_EQ(b.cname(), "ais://b");
    EXPECT_EQ(b.obj_uname("o"), "ais/@#/b/o");
    EXPECT_EQ(b.obj_cname("o"), "ais://b/o");
    EXPECT_EQ(Bck({"b", "aws", {}}).obj_cname("obj"), "s3://b/obj");
    EXPECT_EQ(Bck({"b", "ais", {"uuid", "ns"}}).obj_cname("obj"), "ais://@uuid#ns/b/obj");
    EXPECT_EQ(Bck({"b", "", {}}).uname(), "ais/@#/b/");  // "" is ais
    EXPECT_TRUE(Bck({"b", "ais", {"rem", ""}}).is_remote_ais());
    EXPECT_TRUE(Bck({"b", "gcp", {}}).is_cloud());
    EXPECT_TRUE(b.is_ais());
}

TEST(Bck, AllowEmptyBucketAndDefaultProvider) {
    ParseUriOpts opts;
    opts.allow_empty_bucket = true;
    auto u = parse_bck_uri("s3://", opts);
    EXPECT_EQ(u.bck.provider, "aws");
    EXPECT_EQ(u.bck.name, "");
    auto r = parse_bck_uri("ais://@remote", opts);
    EXPECT_EQ(r.bck.ns.uuid, "remote");
    opts.default_provider = "";
    EXPECT_EQ(parse_bck_uri("b", opts).bck.provider, "");
}

TEST(Bck, NameRules) {
    auto names = json::parse(test::fixture("obj_names.json")).as_object();
    for (const auto& n : names.at("ok").as_array()) EXPECT_NO_THROW(validate_obj_name(n.as_string())) << n;
    for (const auto& n : names.at("bad").as_array())
        EXPECT_THROW(validate_obj_name(n.as_string()), ErrBadRequest) << n;
    EXPECT_NO_THROW(validate_bck_name(".sys-inventory", /*allow_system=*/true));
    EXPECT_THROW(validate_bck_name(".sys-inventory"), ErrBadRequest);
    try {
        validate_bck_name("a..b");
        FAIL();
    } catch (const ErrBadRequest& e) {
        EXPECT_NE(std::string(e.what()).find("\"a..b\""), std::string::npos);
    }
    EXPECT_THROW(Bck({"b", "ht", {}}).validate(), ErrBadRequest);  // provider removed from AIS
}

TEST(Bck, QueryParams) {
    EXPECT_EQ(Bck({"b", "ais", {}}).query().encode(), "provider=ais");
    EXPECT_EQ(Bck({"b", "", {}}).query().encode(), "provider=ais");
    EXPECT_EQ(Bck({"b", "aws", {"u1", "n1"}}).query().encode(), "provider=aws&namespace=%40u1%23n1");

    auto q = net::Query::parse("provider=s3&namespace=%40u1%23n1");
    Bck b = bck_from_query("bucket", q);
    EXPECT_EQ(b, Bck({"bucket", "aws", {"u1", "n1"}}));
    EXPECT_EQ(bck_from_query("b", net::Query::parse("")).provider, "ais");
    EXPECT_EQ(bck_from_query("b", net::Query::parse("namespace=%40%23")).ns, Namespace{});
    EXPECT_THROW(bck_from_query("b", net::Query::parse("provider=ht")), ErrBadRequest);
    EXPECT_THROW(bck_from_query("b c", net::Query::parse("")), ErrBadRequest);
}

TEST(Bck, Json) {
    Bck b{"b", "gcp", {"u", "n"}};
    EXPECT_EQ(to_json(b), R"({"name":"b","provider":"gcp","namespace":{"uuid":"u","name":"n"}})");
    EXPECT_EQ(to_json(Bck{"b", "ais", {}}),
              R"({"name":"b","provider":"ais","namespace":{"uuid":"","name":""}})");
    EXPECT_EQ(from_json<Bck>(to_json(b)), b);
    // case-insensitive keys, alias normalised, null namespace = global
    EXPECT_EQ(from_json<Bck>(R"({"Name":"x","PROVIDER":"s3","namespace":null})"), Bck({"x", "aws", {}}));
    EXPECT_EQ(to_json(std::vector<Bck>{}), "[]");
    auto v = from_json<std::vector<Bck>>(R"([{"name":"a","provider":"ais"},{"name":"b","provider":"aws"}])");
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[1].provider, "aws");
}

}  // namespace
}  // namespace ais::api
