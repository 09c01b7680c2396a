#include "shared/util/clock.hpp"

#include <gtest/gtest.h>

#include <ctime>

namespace ais {
namespace {

constexpr int64_t kSec = 1'000'000'000;

TEST(Clock, NowIsUnixNs) {
    int64_t a = now_ns();
    int64_t t = static_cast<int64_t>(time(nullptr));
    int64_t b = now_ns();
    EXPECT_LE(a, b);
    EXPECT_LE(std::abs(a / kSec - t), 1);
}

TEST(Clock, Rfc3339Nano) {
    EXPECT_EQ(rfc3339_ns(0), "0001-01-01T00:00:00Z");
    EXPECT_EQ(rfc3339_ns(1767323045 * kSec + 123456789), "2026-01-02T03:04:05.123456789Z");
    EXPECT_EQ(rfc3339_ns(1767323045 * kSec + 120000000), "2026-01-02T03:04:05.12Z");
    EXPECT_EQ(rfc3339_ns(1767323045 * kSec), "2026-01-02T03:04:05Z");
    EXPECT_EQ(rfc3339_ns(1767323045 * kSec + 1), "2026-01-02T03:04:05.000000001Z");
    EXPECT_EQ(rfc3339_ns(951868799 * kSec), "2000-02-29T23:59:59Z");
    EXPECT_EQ(rfc3339_ns(4107542400 * kSec), "2100-03-01T00:00:00Z");
    EXPECT_EQ(rfc3339_ns(-1), "1969-12-31T23:59:59.999999999Z");
    EXPECT_EQ(rfc3339_ns(1), "1970-01-01T00:00:00.000000001Z");
}

TEST(Clock, HttpDate) {
    EXPECT_EQ(http_date(1136214245 * kSec), "Mon, 02 Jan 2006 15:04:05 GMT");
    EXPECT_EQ(http_date(1767323045 * kSec + 999999999), "Fri, 02 Jan 2026 03:04:05 GMT");
    EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    EXPECT_EQ(http_date(951868799 * kSec), "Tue, 29 Feb 2000 23:59:59 GMT");
    EXPECT_EQ(http_date(-1 * kSec), "Wed, 31 Dec 1969 23:59:59 GMT");
    EXPECT_EQ(http_date(4107542400 * kSec), "Mon, 01 Mar 2100 00:00:00 GMT");
}

TEST(Clock, Rfc822) {
    EXPECT_EQ(rfc822(1136214245 * kSec), "02 Jan 06 15:04 UTC");
    EXPECT_EQ(rfc822(1767323045 * kSec), "02 Jan 26 03:04 UTC");
    EXPECT_EQ(rfc822(4107542400 * kSec), "01 Mar 00 00:00 UTC");
}

TEST(Clock, IndependentOfTimeZone) {
    const char* old = getenv("TZ");
    std::string saved = old ? old : "";
    setenv("TZ", "Asia/Kolkata", 1);
    tzset();
    EXPECT_EQ(http_date(1136214245 * kSec), "Mon, 02 Jan 2006 15:04:05 GMT");
    if (old)
        setenv("TZ", saved.c_str(), 1);
    else
        unsetenv("TZ");
    tzset();
}

}  // namespace
}  // namespace ais
