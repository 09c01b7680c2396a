#include "shared/util/units.hpp"

#include <gtest/gtest.h>

#include "shared/util/errors.hpp"

namespace ais {
namespace {

TEST(ParseSize, PlainAndIecUnits) {
    EXPECT_EQ(parse_size("0"), 0);
    EXPECT_EQ(parse_size("1024"), 1024);
    EXPECT_EQ(parse_size("100B"), 100);
    EXPECT_EQ(parse_size("16KiB"), 16 * KiB);
    EXPECT_EQ(parse_size("10MiB"), 10 * MiB);
    EXPECT_EQ(parse_size("1GiB"), GiB);
    EXPECT_EQ(parse_size("2TiB"), 2 * TiB);
    EXPECT_EQ(parse_size("8192TiB"), 8192 * TiB);
}

TEST(ParseSize, ShortAndDecimalSuffixesAreIec) {
    EXPECT_EQ(parse_size("4k"), 4 * KiB);
    EXPECT_EQ(parse_size("4K"), 4 * KiB);
    EXPECT_EQ(parse_size("4KB"), 4 * KiB);
    EXPECT_EQ(parse_size("3m"), 3 * MiB);
    EXPECT_EQ(parse_size("3MB"), 3 * MiB);
    EXPECT_EQ(parse_size("2g"), 2 * GiB);
    EXPECT_EQ(parse_size("2GB"), 2 * GiB);
    EXPECT_EQ(parse_size("1t"), TiB);
    EXPECT_EQ(parse_size("1TB"), TiB);
}

TEST(ParseSize, CaseSpacesAndFractions) {
    EXPECT_EQ(parse_size("16kib"), 16 * KiB);
    EXPECT_EQ(parse_size("16KIB"), 16 * KiB);
    EXPECT_EQ(parse_size(" 10 MiB "), 10 * MiB);
    EXPECT_EQ(parse_size("1.5MiB"), 3 * MiB / 2);
    EXPECT_EQ(parse_size("0.5k"), 512);
    EXPECT_EQ(parse_size(".25GiB"), GiB / 4);
    EXPECT_EQ(parse_size("1.1KiB"), 1126);  // 1126.4, truncated
}

TEST(ParseSize, ErrorsQuoteTheText) {
    for (const char* bad : {"", "  ", "KiB", "-1", "-1MiB", "1.5", "1.5B", "1..5MiB", "1.2.3k", "10XB", "ten",
                            "1 0MiB", "0x10", "9999999TiB", "9223372036854775808", "1e3"}) {
        try {
            parse_size(bad);
            ADD_FAILURE() << "accepted \"" << bad << "\"";
        } catch (const ErrBadRequest& e) {
            EXPECT_NE(std::string(e.what()).find(std::string("\"") + bad + "\""), std::string::npos)
                << e.what();
        }
    }
    EXPECT_EQ(parse_size("9223372036854775807"), INT64_MAX);
}

TEST(SizeIec, MatchesCosToSizeIEC) {
    EXPECT_EQ(size_iec(0), "0B");
    EXPECT_EQ(size_iec(512), "512B");
    EXPECT_EQ(size_iec(1023), "1023B");
    EXPECT_EQ(size_iec(1024), "1.00KiB");
    EXPECT_EQ(size_iec(16 * KiB), "16.00KiB");
    EXPECT_EQ(size_iec(3 * MiB / 2), "1.50MiB");
    EXPECT_EQ(size_iec(2 * GiB), "2.00GiB");
    EXPECT_EQ(size_iec(5 * TiB / 2), "2.50TiB");
    EXPECT_EQ(size_iec(2048 * TiB), "2048.00TiB");
    EXPECT_EQ(size_iec(1536, 0), "2KiB");
    EXPECT_EQ(size_iec(1536, 1), "1.5KiB");
    EXPECT_EQ(size_iec(1000 * MiB, 3), "1000.000MiB");
    EXPECT_EQ(size_iec(-2048), "-2.00KiB");
}

TEST(SizeIec, CompactIsExactAndParseable) {
    EXPECT_EQ(size_iec_compact(0), "0B");
    EXPECT_EQ(size_iec_compact(1000), "1000B");
    EXPECT_EQ(size_iec_compact(KiB), "1KiB");
    EXPECT_EQ(size_iec_compact(256 * KiB), "256KiB");
    EXPECT_EQ(size_iec_compact(GiB), "1GiB");
    EXPECT_EQ(size_iec_compact(1536 * MiB), "1536MiB");
    EXPECT_EQ(size_iec_compact(4 * TiB), "4TiB");
    EXPECT_EQ(size_iec_compact(GiB + 1), "1073741825B");
    for (int64_t v :
         {int64_t(0), int64_t(1), int64_t(1000), KiB, 3 * KiB, 5 * MiB, 7 * GiB, 9 * TiB, GiB + 1, INT64_MAX})
        EXPECT_EQ(parse_size(size_iec_compact(v)), v) << v;
}

TEST(Duration, ParsesLikeGo) {
    struct {
        const char* in;
        int64_t ns;
    } cases[] = {
        {"0", 0},
        {"-0", 0},
        {"+0", 0},
        {"5s", 5'000'000'000},
        {"+5s", 5'000'000'000},
        {"-5s", -5'000'000'000},
        {"5.0s", 5'000'000'000},
        {"5.6s", 5'600'000'000},
        {"5.s", 5'000'000'000},
        {".5s", 500'000'000},
        {"1.004s", 1'004'000'000},
        {"100.00100s", 100'001'000'000},
        {"10ns", 10},
        {"11us", 11'000},
        {"12µs", 12'000},
        {"12μs", 12'000},
        {"13ms", 13'000'000},
        {"15m", 900'000'000'000},
        {"16h", 57'600'000'000'000},
        {"1m30s", 90'000'000'000},
        {"1.5h", 5'400'000'000'000},
        {"3h30m", 12'600'000'000'000},
        {"10.5s4m", 250'500'000'000},
        {"-2m3.4s", -123'400'000'000},
        {"1h2m3s4ms5us6ns", 3'723'004'005'006},
        {"39h9m14.425s", 140'954'425'000'000},
        {"52763797000ns", 52'763'797'000},
        {"0.3333333333333333333h", 1'200'000'000'000},
        {"9223372036854775807ns", INT64_MAX},
        {"9223372036854775.807us", INT64_MAX},
        {"9223372036s854ms775us807ns", INT64_MAX},
        {"-9223372036854775808ns", INT64_MIN},
        {"0.100000000000000000000h", 360'000'000'000},
        {"0.830103483285477580700h", 2'988'372'539'827},
    };
    for (const auto& c : cases) {
        try {
            EXPECT_EQ(parse_duration_ns(c.in), c.ns) << c.in;
        } catch (const std::exception& e) {
            ADD_FAILURE() << c.in << ": " << e.what();
        }
    }
}

TEST(Duration, RejectsLikeGo) {
    for (const char* bad :
         {"", "3", "-", "s", ".", "-.", ".s", "+.s", "1d", "1 s", " 1s", "\x85\x85", "1h-1m",
          "9223372036854775808ns", "9223372036854775.808us", "9223372036s854ms775us808ns", "9223372036854s",
          "-9223372036854775809ns", "3000000h"}) {
        EXPECT_THROW(parse_duration_ns(bad), ErrBadRequest) << bad;
    }
}

TEST(Duration, FormatsLikeGo) {
    EXPECT_EQ(duration_str(0), "0s");
    EXPECT_EQ(duration_str(1), "1ns");
    EXPECT_EQ(duration_str(500), "500ns");
    EXPECT_EQ(duration_str(1'000), "1µs");
    EXPECT_EQ(duration_str(1'100), "1.1µs");
    EXPECT_EQ(duration_str(2'200'000), "2.2ms");
    EXPECT_EQ(duration_str(10'000'000), "10ms");
    EXPECT_EQ(duration_str(1'500'000'000), "1.5s");
    EXPECT_EQ(duration_str(90'000'000'000), "1m30s");
    EXPECT_EQ(duration_str(7'200'000'000'000), "2h0m0s");
    EXPECT_EQ(duration_str(3'600'000'000'001), "1h0m0.000000001s");
    EXPECT_EQ(duration_str(12'345'500'000'000), "3h25m45.5s");
    EXPECT_EQ(duration_str(-2'000'000'000), "-2s");
    EXPECT_EQ(duration_str(-1'100), "-1.1µs");
    EXPECT_EQ(duration_str(INT64_MAX), "2562047h47m16.854775807s");
    EXPECT_EQ(duration_str(INT64_MIN), "-2562047h47m16.854775808s");
}

TEST(Duration, RoundTrips) {
    for (int64_t v :
         {int64_t(0), int64_t(1), int64_t(999), int64_t(1'000), int64_t(123'456'789), int64_t(90'000'000'000),
          int64_t(3'600'000'000'001), INT64_MAX, INT64_MIN, int64_t(-42)})
        EXPECT_EQ(parse_duration_ns(duration_str(v)), v) << v;
}

}  // namespace
}  // namespace ais
