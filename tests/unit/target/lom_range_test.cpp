// LOM codec, Range parsing, Go time layouts.
#include "aisnode/target/go_time.hpp"
#include "aisnode/core/lom.hpp"
#include "aisnode/target/range.hpp"

#include <gtest/gtest.h>

using namespace ais::node;

TEST(Lom, RoundTrip) {
    LomMd md;
    md.size = 123456789012;
    md.cksum_type = "xxhash2";
    md.cksum_value = "0123456789abcdef";
    md.version = "17";
    md.atime = 1'700'000'000'123'456'789;
    md.custom = {{"ETag", "\"abc\""}, {"k", "v=w"}, {"", "empty key"}, {"utf8", "значение"}};
    md.full_name = std::string(300, 'n') + "/tail";
    std::string raw = encode_lom(md);
    LomMd back;
    ASSERT_TRUE(decode_lom(raw, back));
    EXPECT_EQ(back, md);

    LomMd empty;
    ASSERT_TRUE(decode_lom(encode_lom(empty), back));
    EXPECT_EQ(back, empty);
}

TEST(Lom, RejectsCorruptAndForeign) {
    LomMd md;
    md.size = 5;
    md.version = "1";
    std::string raw = encode_lom(md);
    LomMd out;
    EXPECT_FALSE(decode_lom("", out));
    EXPECT_FALSE(decode_lom("{\"size\":5}", out));
    for (size_t i = 0; i < raw.size(); ++i) {
        std::string bad = raw;
        bad[i] ^= 0x01;
        EXPECT_FALSE(decode_lom(bad, out)) << "flipped byte " << i;
    }
    EXPECT_FALSE(decode_lom(raw.substr(0, raw.size() - 1), out));
    std::string other_format = raw;
    other_format[2] = 2;
    EXPECT_FALSE(decode_lom(other_format, out));
}

TEST(Range, Table) {
    struct Case {
        const char* hdr;
        uint64_t size;
        RangeStatus st;
        uint64_t off, len;
    };
    const Case cases[] = {
        {"", 100, RangeStatus::none, 0, 0},
        {"bytes=0-9", 100, RangeStatus::ok, 0, 10},
        {"bytes=10-19", 100, RangeStatus::ok, 10, 10},
        {"bytes=90-200", 100, RangeStatus::ok, 90, 10},  // end clamped
        {"bytes=99-99", 100, RangeStatus::ok, 99, 1},
        {"bytes=50-", 100, RangeStatus::ok, 50, 50},
        {"bytes=0-", 100, RangeStatus::ok, 0, 100},
        {"bytes=-10", 100, RangeStatus::ok, 90, 10},
        {"bytes=-1000", 100, RangeStatus::ok, 0, 100},  // suffix longer than the object: all of it
        {"Bytes= 5-6 ", 100, RangeStatus::ok, 5, 2},
        {"bytes=100-", 100, RangeStatus::unsatisfiable, 0, 0},
        {"bytes=100-200", 100, RangeStatus::unsatisfiable, 0, 0},
        {"bytes=-0", 100, RangeStatus::unsatisfiable, 0, 0},
        {"bytes=20-10", 100, RangeStatus::unsatisfiable, 0, 0},
        {"bytes=0-1,5-6", 100, RangeStatus::unsatisfiable, 0, 0},  // multi-range
        {"bytes=abc", 100, RangeStatus::unsatisfiable, 0, 0},
        {"bytes=a-b", 100, RangeStatus::unsatisfiable, 0, 0},
        {"bytes=-", 100, RangeStatus::unsatisfiable, 0, 0},
        {"items=0-1", 100, RangeStatus::unsatisfiable, 0, 0},
        {"bytes=0-0", 0, RangeStatus::unsatisfiable, 0, 0},  // empty object
        {"bytes=-5", 0, RangeStatus::unsatisfiable, 0, 0},
    };
    for (const auto& c : cases) {
        auto r = parse_range(c.hdr, c.size);
        EXPECT_EQ(r.status, c.st) << c.hdr;
        if (c.st == RangeStatus::ok) {
            EXPECT_EQ(r.range.off, c.off) << c.hdr;
            EXPECT_EQ(r.range.len, c.len) << c.hdr;
        }
    }
}

TEST(GoTime, Layouts) {
    // 2024-02-29 13:04:05.120 UTC, a Thursday, day 60 of the year.
    const int64_t ns = 1709211845'120000000;
    EXPECT_EQ(format_go_time(ns, "02 Jan 06 15:04 MST"), "29 Feb 24 13:04 UTC");  // RFC822
    EXPECT_EQ(format_go_time(ns, "2006-01-02T15:04:05Z07:00"), "2024-02-29T13:04:05Z");
    EXPECT_EQ(format_go_time(ns, "2006-01-02T15:04:05.999999999Z07:00"), "2024-02-29T13:04:05.12Z");
    EXPECT_EQ(format_go_time(ns, "2006-01-02 15:04:05.000 -0700"), "2024-02-29 13:04:05.120 +0000");
    EXPECT_EQ(format_go_time(ns, "Mon, 02 Jan 2006 15:04:05 MST"), "Thu, 29 Feb 2024 13:04:05 UTC");
    EXPECT_EQ(format_go_time(ns, "Monday January 2 3:04PM"), "Thursday February 29 1:04PM");
    EXPECT_EQ(format_go_time(ns, "002 _2 pm"), "060 29 pm");
    EXPECT_EQ(format_go_time(0, "2006-01-02"), "1970-01-01");
}
