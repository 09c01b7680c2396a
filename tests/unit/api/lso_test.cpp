// List-objects pages: msgpack exactly as the Python SDK reads it, JSON as Go writes it.
#include "shared/api/lso.hpp"

#include "fixtures.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/json.hpp"
#include "shared/api/msgpack.hpp"
#include "shared/util/errors.hpp"

#include <gtest/gtest.h>

namespace ais::api {
namespace {

TEST(LsoRes, MsgpackMatchesPythonEmpty) {
    auto res = from_json<LsoRes>(test::fixture("lso_empty.json"));
    EXPECT_TRUE(res.entries.empty());
    EXPECT_TRUE(to_msgpack(res) == test::fixture("lso_empty.msgpack"));

    // exactly 4 keys, Entries an empty array (not nil)
    auto v = msgpack::decode(to_msgpack(res));
    ASSERT_EQ(v.map.size(), 4u);
    EXPECT_EQ(v.map[0].first.s, "UUID");
    EXPECT_EQ(v.map[1].first.s, "ContinuationToken");
    EXPECT_EQ(v.map[2].first.s, "Entries");
    EXPECT_TRUE(v.map[2].second.is_array());
    EXPECT_EQ(v.map[3].first.s, "Flags");
}

TEST(LsoRes, MsgpackMatchesPythonFull) {
    auto res = from_json<LsoRes>(test::fixture("lso_full.json"));
    ASSERT_EQ(res.entries.size(), 6u);
    EXPECT_EQ(res.entries[2].size, 5 * (int64_t(1) << 32) + 7);
    EXPECT_EQ(res.entries[0].copies, 2);
    EXPECT_EQ(res.entries[0].custom, "[ETag:\"x\" src:y]");

    const std::string py = test::fixture("lso_full.msgpack");
    EXPECT_TRUE(to_msgpack(res) == py);
    EXPECT_EQ(lso_res_from_msgpack(py), res);
}

TEST(LsoRes, ZeroFieldsOmittedButNameKept) {
    LsoRes r;
    r.entries.push_back(LsoEnt{});  // nothing but an empty name
    r.entries.push_back(LsoEnt{.name = "o", .size = 0, .flags = ls::kEntPresent});
    auto v = msgpack::decode(to_msgpack(r));
    const auto& ents = v.find("Entries")->arr;
    ASSERT_EQ(ents[0].map.size(), 1u);
    EXPECT_EQ(ents[0].map[0].first.s, "n");
    ASSERT_EQ(ents[1].map.size(), 2u);
    EXPECT_EQ(ents[1].map[1].first.s, "f");
    EXPECT_EQ(ents[1].map[1].second.as_uint64(), 64u);
    for (const auto& e : ents)
        for (const auto& [k, x] : e.map)
            EXPECT_NE(x.type, msgpack::Value::Type::Bin) << k.s;  // str, never bin
}

TEST(LsoRes, MsgpackDecodeIsTolerant) {
    // Foreign key order, int16 size, an unknown key, nil checksum, lower-case "uuid".
    auto r = lso_res_from_msgpack(test::fixture("lso_variant.msgpack"));
    EXPECT_EQ(r.uuid, "abcdefghij");
    EXPECT_EQ(r.continuation_token, "");
    EXPECT_EQ(r.flags, 256u);
    ASSERT_EQ(r.entries.size(), 1u);
    EXPECT_EQ(r.entries[0].name, "obj");
    EXPECT_EQ(r.entries[0].size, 200);
    EXPECT_EQ(r.entries[0].checksum, "");
}

TEST(LsoRes, MsgpackDecodeRejectsGarbage) {
    EXPECT_THROW(lso_res_from_msgpack("\x93\x01\x02\x03"), ErrBadRequest);  // not a map
    EXPECT_THROW(lso_res_from_msgpack("\x81\xa7"
                                      "Entries"
                                      "\x01"),
                 ErrBadRequest);  // entries not an array
    EXPECT_THROW(lso_res_from_msgpack("\x81\xa7"
                                      "Entries"
                                      "\x91\x81\xa1s\xa1x"),
                 ErrBadRequest);  // size is a str
    EXPECT_THROW(lso_res_from_msgpack("\x81\xa7"
                                      "Entries"
                                      "\x91\x81\xa1"
                                      "c"
                                      "\xcd\xff\xff"),
                 ErrBadRequest);  // int16
}

TEST(LsoRes, JsonAsGoWritesIt) {
    auto fixture = json::parse(test::fixture("lso_full.json"));
    auto res = from_json<LsoRes>(test::fixture("lso_full.json"));
    auto ours = json::parse(to_json(res));
    EXPECT_EQ(ours, fixture);  // same keys, same values: size as a string, zero fields omitted
    const auto& e0 = ours.at("entries").at(0).as_object();
    EXPECT_TRUE(e0.at("size").is_string());
    EXPECT_EQ(ours.at("entries").at(1).as_object().size(), 2u);  // name, flags (size 0 omitted)

    // empty page: "entries": [] not null
    EXPECT_EQ(to_json(LsoRes{}), R"({"uuid":"","continuation_token":"","entries":[],"flags":0})");
}

TEST(LsoMsg, FromPythonAndBack) {
    auto m = from_json<LsoMsg>(test::fixture("lso_msg_python.json"));
    EXPECT_EQ(m.prefix, "dir/*");
    EXPECT_EQ(m.clean_prefix(), "dir/");
    EXPECT_EQ(m.pagesize, 1000);  // string accepted for a number
    EXPECT_EQ(m.uuid, "Lq1Zz-aB_9");
    EXPECT_EQ(m.flags, ls::kCached | (1ull << 63));  // full uint64 range from a string
    EXPECT_TRUE(m.has_flag(ls::kCached));
    EXPECT_FALSE(m.has_flag(ls::kNameOnly));
    EXPECT_TRUE(m.want_prop("checksum"));
    EXPECT_FALSE(m.want_prop("check"));
    EXPECT_EQ(m.start_after, "a");
    EXPECT_EQ(m.continuation_token, "dir/x");
    ASSERT_EQ(m.hdr.size(), 2u);
    EXPECT_EQ(m.hdr["X-Amz-Meta"], (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(m.hdr["Single"], (std::vector<std::string>{"v"}));

    auto out = json::parse(to_json(m)).as_object();
    EXPECT_EQ(out.at("flags"), "9223372036854775809");  // a string, as Go's `,string`
    EXPECT_TRUE(out.at("pagesize").is_int64());
    EXPECT_EQ(from_json<LsoMsg>(to_json(m)).hdr, m.hdr);

    LsoMsg d;
    d.add_prop(ls::kPropName);
    d.add_prop(ls::kPropSize);
    d.add_prop(ls::kPropName);
    EXPECT_EQ(d.props, "name,size");
    EXPECT_EQ(
        to_json(LsoMsg{}),
        R"({"uuid":"","props":"","prefix":"","continuation_token":"","target":"","flags":"0","pagesize":0})");
}

}  // namespace
}  // namespace ais::api
