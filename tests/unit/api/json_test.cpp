// Decoding rules of spec §0: case-insensitive keys, null = absent, ints as strings, full uint64.
#include "shared/api/json.hpp"

#include "shared/api/codec.hpp"

#include <gtest/gtest.h>

namespace ais::api {
namespace {

TEST(Json, CaseInsensitiveExactFirst) {
    auto o = json::parse(R"({"ID":"upper","id":"lower","Kind":"k","nul":null})").as_object();
    std::string s;
    EXPECT_TRUE(json::get(o, "id", s));
    EXPECT_EQ(s, "lower");  // exact match wins
    EXPECT_TRUE(json::get(o, "KIND", s));
    EXPECT_EQ(s, "k");
    s = "keep";
    EXPECT_FALSE(json::get(o, "nul", s));  // null = absent: default kept
    EXPECT_FALSE(json::get(o, "missing", s));
    EXPECT_EQ(s, "keep");
}

TEST(Json, IntegersAsNumberOrString) {
    auto o = json::parse(R"({"a":"123","b":-5,"c":"-9223372036854775808","d":18446744073709551615,
                            "e":"18446744073709551615","f":1e3,"g":"12x","h":1.5,"i":-1,"j":70000})")
                 .as_object();
    int64_t i = 0;
    uint64_t u = 0;
    json::get(o, "a", i);
    EXPECT_EQ(i, 123);
    json::get(o, "b", i);
    EXPECT_EQ(i, -5);
    json::get(o, "c", i);
    EXPECT_EQ(i, INT64_MIN);
    json::get(o, "d", u);
    EXPECT_EQ(u, UINT64_MAX);  // not through a double
    json::get(o, "e", u);
    EXPECT_EQ(u, UINT64_MAX);
    json::get(o, "f", i);
    EXPECT_EQ(i, 1000);
    EXPECT_THROW(json::get(o, "g", i), ErrBadRequest);
    EXPECT_THROW(json::get(o, "h", i), ErrBadRequest);
    EXPECT_THROW(json::get(o, "i", u), ErrBadRequest);
    EXPECT_THROW(json::get(o, "d", i), ErrBadRequest);
    int16_t small = 0;
    EXPECT_THROW(json::get(o, "j", small), ErrBadRequest);
    uint32_t u32 = 0;
    json::get(o, "j", u32);
    EXPECT_EQ(u32, 70000u);
    EXPECT_EQ(json::serialize(bj::value(UINT64_MAX)), "18446744073709551615");
}

TEST(Json, WrongTypesAreBadRequests) {
    auto o = json::parse(R"({"s":1,"b":"true","arr":{}})").as_object();
    std::string s;
    bool b = false;
    std::vector<std::string> v;
    EXPECT_THROW(json::get(o, "s", s), ErrBadRequest);
    EXPECT_THROW(json::get(o, "b", b), ErrBadRequest);
    EXPECT_THROW(json::get(o, "arr", v), ErrBadRequest);
    EXPECT_THROW(json::parse("{bad json"), ErrBadRequest);
    EXPECT_THROW(from_json<std::vector<std::string>>("{}"), ErrBadRequest);
    try {
        json::get(o, "s", s);
    } catch (const ErrBadRequest& e) {
        EXPECT_NE(std::string(e.what()).find("\"s\""), std::string::npos) << e.what();  // names the key
        EXPECT_EQ(e.status(), 400);
    }
}

TEST(Json, PrimitivesThroughCodec) {
    EXPECT_EQ(to_json(2), "2");
    EXPECT_EQ(to_json("x"), "\"x\"");  // not a bool
    EXPECT_EQ(to_json(std::vector<std::string>{"a", "b"}), R"(["a","b"])");
    EXPECT_EQ(from_json<int>("\"7\""), 7);
    EXPECT_EQ(from_json<std::vector<std::string>>(R"(["a,b","c"])").size(), 2u);
    EXPECT_EQ(from_json<uint64_t>("18446744073709551615"), UINT64_MAX);
}

}  // namespace
}  // namespace ais::api
