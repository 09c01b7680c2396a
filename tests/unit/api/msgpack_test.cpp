// The msgpack codec against Python's msgpack: same bytes out, same values in.
#include "shared/api/msgpack.hpp"

#include "fixtures.hpp"
#include "shared/api/json.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

#include <gtest/gtest.h>

namespace ais::api {
namespace {

using msgpack::Value;

std::string unhex(std::string_view h) {
    std::string out;
    for (size_t i = 0; i + 1 < h.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
    return out;
}

std::string hex(std::string_view s) {
    static const char* d = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < s.size() && i < 48; ++i)
        out += d[static_cast<uint8_t>(s[i]) >> 4], out += d[static_cast<uint8_t>(s[i]) & 15];
    return s.size() > 48 ? out + "..." : out;
}

std::string repeat(std::string_view unit, size_t n) {
    std::string s;
    while (s.size() < n) s += unit;
    s.resize(n);
    return s;
}

// Builds the Value described by gen_fixtures.py's typed form.
Value build(const bj::value& jv) {
    const auto& o = jv.as_object();
    std::string t(o.at("t").as_string());
    Value v;
    if (t == "nil") return v;
    if (t == "bool") {
        v.type = Value::Type::Bool, v.b = o.at("v").as_bool();
    } else if (t == "int") {
        std::string_view s = o.at("v").as_string();
        if (s.front() == '-')
            v.type = Value::Type::Int, v.i = *parse_int(s);
        else
            v.type = Value::Type::Uint, v.u = *parse_uint(s);
    } else if (t == "float") {
        v.type = Value::Type::Float, v.f = o.at("v").to_number<double>();
    } else if (t == "str") {
        v.type = Value::Type::Str;
        v.s = o.contains("repeat") ? repeat(o.at("repeat").as_string(), o.at("n").to_number<size_t>())
                                   : std::string(o.at("v").as_string());
    } else if (t == "bin") {
        v.type = Value::Type::Bin;
        v.s = o.contains("repeat") ? repeat(unhex(o.at("repeat").as_string()), o.at("n").to_number<size_t>())
                                   : unhex(o.at("hex").as_string());
    } else if (t == "array") {
        v.type = Value::Type::Array;
        for (const auto& e : o.at("v").as_array()) v.arr.push_back(build(e));
    } else if (t == "map") {
        v.type = Value::Type::Map;
        for (const auto& kv : o.at("v").as_array())
            v.map.emplace_back(build(kv.as_array()[0]), build(kv.as_array()[1]));
    }
    return v;
}

TEST(Msgpack, ByteIdenticalToPython) {
    auto typed = json::parse(test::fixture("msgpack_values.json")).as_array();
    const std::string py = test::fixture("msgpack_values.msgpack");

    Value all;
    all.type = Value::Type::Array;
    for (const auto& t : typed) all.arr.push_back(build(t));
    ASSERT_GT(all.arr.size(), 50u);

    // Element by element first, so that a mismatch names the value.
    std::string ours;
    msgpack::Writer w(ours);
    w.array_header(static_cast<uint32_t>(all.arr.size()));
    for (size_t k = 0; k < all.arr.size(); ++k) {
        size_t at = ours.size();
        msgpack::encode(all.arr[k], w);
        std::string mine = ours.substr(at), theirs = py.substr(at, ours.size() - at);
        ASSERT_TRUE(mine == theirs) << "value #" << k << ": " << json::serialize(typed[k]).substr(0, 200)
                                    << "\n ours:   " << hex(mine) << "\n python: " << hex(theirs);
    }
    EXPECT_EQ(ours.size(), py.size());
    EXPECT_TRUE(ours == py);
}

TEST(Msgpack, DecodesPython) {
    auto typed = json::parse(test::fixture("msgpack_values.json")).as_array();
    Value got = msgpack::decode(test::fixture("msgpack_values.msgpack"));
    ASSERT_TRUE(got.is_array());
    ASSERT_EQ(got.arr.size(), typed.size());
    for (size_t k = 0; k < typed.size(); ++k) EXPECT_TRUE(got.arr[k] == build(typed[k])) << "value #" << k;
}

TEST(Msgpack, SmallestIntEncodings) {
    auto enc = [](auto fn) {
        std::string s;
        msgpack::Writer w(s);
        fn(w);
        return s;
    };
    EXPECT_EQ(enc([](auto& w) { w.int64(0); }), std::string("\x00", 1));
    EXPECT_EQ(enc([](auto& w) { w.int64(127); }), "\x7f");
    EXPECT_EQ(enc([](auto& w) { w.int64(128); }), "\xcc\x80");
    EXPECT_EQ(enc([](auto& w) { w.int64(200); }), "\xcc\xc8");  // uint8, as Python (not int16 as Go)
    EXPECT_EQ(enc([](auto& w) { w.int64(-1); }), "\xff");
    EXPECT_EQ(enc([](auto& w) { w.int64(-33); }), "\xd0\xdf");
    EXPECT_EQ(enc([](auto& w) { w.uint64(~0ull); }), "\xcf\xff\xff\xff\xff\xff\xff\xff\xff");
    EXPECT_EQ(enc([](auto& w) { w.str(std::string(31, 'a')); }).substr(0, 1), "\xbf");
    EXPECT_EQ(enc([](auto& w) { w.str(std::string(32, 'a')); }).substr(0, 2), "\xd9\x20");  // str8, never bin
    EXPECT_EQ(enc([](auto& w) { w.str(std::string(65535, 'a')); }).substr(0, 3), "\xda\xff\xff");
    EXPECT_EQ(enc([](auto& w) { w.array_header(65536); }), std::string("\xdd\x00\x01\x00\x00", 5));
    EXPECT_EQ(enc([](auto& w) { w.map_header(65535); }), "\xde\xff\xff");
}

TEST(Msgpack, DecodeNormalisesSignedNonNegative) {
    // Go's msgp writes small positive int64 as int8/int16: same value as Python's uint.
    Value a = msgpack::decode(std::string("\xd1\x00\xc8", 3));
    Value b = msgpack::decode("\xcc\xc8");
    EXPECT_TRUE(a == b);
    EXPECT_EQ(a.as_int64(), 200);
    EXPECT_EQ(msgpack::decode(std::string("\xca\x3f\xc0\x00\x00", 5)).f, 1.5);  // float32 widened
}

TEST(Msgpack, RejectsMalformed) {
    auto bad = [](std::string s) {
        EXPECT_THROW(msgpack::decode(s), ErrBadRequest) << "input size " << s.size();
    };
    bad("");
    bad("\xa5"
        "abc");                              // truncated fixstr
    bad("\xdb\xff\xff\xff\xff");             // str32 longer than input
    bad("\xdd\xff\xff\xff\xff");             // huge array count, no elements: no allocation
    bad("\xdf\x7f\xff\xff\xff\x01");         // huge map count
    bad("\xc1");                             // never-used byte
    bad("\xd4\x01\x02");                     // fixext: unsupported
    bad(std::string("\xc0\xc0", 2));         // trailing bytes
    bad(std::string(100, '\x91') + "\xc0");  // nesting beyond the limit
    EXPECT_NO_THROW(msgpack::decode(std::string(60, '\x91') + "\xc0"));
}

TEST(Msgpack, CheckedAccessors) {
    Value v = msgpack::decode("\x82\xa1k\xa1v\xa1N\xff");
    EXPECT_EQ(v.find("k")->as_str(), "v");
    EXPECT_EQ(v.find("n")->as_int64(), -1);  // case-insensitive fallback
    EXPECT_THROW(v.find("n")->as_uint64(), ErrBadRequest);
    EXPECT_THROW(v.find("k")->as_int64(), ErrBadRequest);
    EXPECT_EQ(v.find("missing"), nullptr);
}

}  // namespace
}  // namespace ais::api
