#include "shared/util/clock.hpp"

#include <fmt/format.h>

#include <cstring>
#include <ctime>

namespace ais {

namespace {

constexpr int64_t kNsPerSec = 1'000'000'000;
constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Civil {
    int64_t year;
    int month, day, hour, min, sec, wday;
    int64_t nsec;
};

// Proleptic Gregorian calendar from unix ns (H. Hinnant's civil_from_days): no gmtime_r, so no
// dependence on TZ and no range limits of time_t conversions.
Civil civil(int64_t ns) {
    int64_t secs = ns / kNsPerSec, rem = ns % kNsPerSec;
    if (rem < 0) rem += kNsPerSec, --secs;
    int64_t days = secs / 86400, sod = secs % 86400;
    if (sod < 0) sod += 86400, --days;
    Civil c{};
    c.nsec = rem;
    c.hour = static_cast<int>(sod / 3600);
    c.min = static_cast<int>(sod % 3600 / 60);
    c.sec = static_cast<int>(sod % 60);
    int64_t wd = (days + 4) % 7;  // 1970-01-01 was a Thursday
    c.wday = static_cast<int>(wd < 0 ? wd + 7 : wd);

    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
    return c;
}

}  // namespace

int64_t now_ns() {
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<int64_t>(ts.tv_sec) * kNsPerSec + ts.tv_nsec;
}

std::string rfc3339_ns(int64_t ns) {
    if (ns == 0) return "0001-01-01T00:00:00Z";
    Civil c = civil(ns);
    std::string out =
        fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", c.year, c.month, c.day, c.hour, c.min, c.sec);
    if (c.nsec != 0) {
        std::string frac = fmt::format(".{:09}", c.nsec);
        while (frac.back() == '0') frac.pop_back();
        out += frac;
    }
    out.push_back('Z');
    return out;
}

// "Sun, 06 Nov 1994 08:49:37 GMT". Written digit by digit: it is on every GET's path (Last-Modified),
// where fmt's format-string parsing showed in profiles.
std::string http_date(int64_t ns) {
    Civil c = civil(ns);
    char b[29];
    auto two = [](char* p, int v) {
        p[0] = static_cast<char>('0' + v / 10 % 10);
        p[1] = static_cast<char>('0' + v % 10);
    };
    std::memcpy(b, kDays[c.wday], 3);
    b[3] = ',';
    b[4] = ' ';
    two(b + 5, c.day);
    b[7] = ' ';
    std::memcpy(b + 8, kMonths[c.month - 1], 3);
    b[11] = ' ';
    const int y = c.year < 0 ? 0 : c.year > 9999 ? 9999 : c.year;
    two(b + 12, y / 100);
    two(b + 14, y % 100);
    b[16] = ' ';
    two(b + 17, c.hour);
    b[19] = ':';
    two(b + 20, c.min);
    b[22] = ':';
    two(b + 23, c.sec);
    std::memcpy(b + 25, " GMT", 4);
    return std::string(b, 29);
}

std::string rfc822(int64_t ns) {
    Civil c = civil(ns);
    int64_t yy = c.year % 100;
    return fmt::format("{:02} {} {:02} {:02}:{:02} UTC", c.day, kMonths[c.month - 1], yy < 0 ? yy + 100 : yy,
                       c.hour, c.min);
}

}  // namespace ais
