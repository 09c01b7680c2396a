#include "aisnode/target/go_time.hpp"

#include <fmt/core.h>

#include <ctime>

namespace ais::node {

namespace {

constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                 "Thursday", "Friday", "Saturday"};

bool starts(std::string_view s, size_t i, std::string_view what) {
    return s.compare(i, what.size(), what) == 0;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

std::string format_go_time(int64_t unix_ns, std::string_view layout) {
    int64_t secs = unix_ns / 1'000'000'000;
    int64_t nanos = unix_ns % 1'000'000'000;
    if (nanos < 0) {
        nanos += 1'000'000'000;
        --secs;
    }
    time_t t = static_cast<time_t>(secs);
    struct tm tm {};
    gmtime_r(&t, &tm);
    const int year = tm.tm_year + 1900, month = tm.tm_mon, day = tm.tm_mday, hour = tm.tm_hour,
              min = tm.tm_min, sec = tm.tm_sec, yday = tm.tm_yday + 1;
    const int hour12 = hour % 12 == 0 ? 12 : hour % 12;

    std::string out;
    out.reserve(layout.size() + 8);
    size_t i = 0;
    while (i < layout.size()) {
        char c = layout[i];
        switch (c) {
            case 'J':
                if (starts(layout, i, "January")) {
                    out += kMonths[month];
                    i += 7;
                    continue;
                }
                if (starts(layout, i, "Jan")) {
                    out.append(kMonths[month], 3);
                    i += 3;
                    continue;
                }
                break;
            case 'M':
                if (starts(layout, i, "Monday")) {
                    out += kDays[tm.tm_wday];
                    i += 6;
                    continue;
                }
                if (starts(layout, i, "Mon")) {
                    out.append(kDays[tm.tm_wday], 3);
                    i += 3;
                    continue;
                }
                if (starts(layout, i, "MST")) {
                    out += "UTC";
                    i += 3;
                    continue;
                }
                break;
            case '0':
                if (starts(layout, i, "002")) {
                    out += fmt::format("{:03d}", yday);
                    i += 3;
                    continue;
                }
                if (i + 1 < layout.size() && layout[i + 1] >= '1' && layout[i + 1] <= '6') {
                    int v = 0;
                    switch (layout[i + 1]) {
                        case '1':
                            v = month + 1;
                            break;
                        case '2':
                            v = day;
                            break;
                        case '3':
                            v = hour12;
                            break;
                        case '4':
                            v = min;
                            break;
                        case '5':
                            v = sec;
                            break;
                        case '6':
                            v = year % 100;
                            break;
                    }
                    out += fmt::format("{:02d}", v);
                    i += 2;
                    continue;
                }
                break;
            case '1':
                if (starts(layout, i, "15")) {
                    out += fmt::format("{:02d}", hour);
                    i += 2;
                    continue;
                }
                out += std::to_string(month + 1);
                ++i;
                continue;
            case '2':
                if (starts(layout, i, "2006")) {
                    out += fmt::format("{:04d}", year);
                    i += 4;
                    continue;
                }
                out += std::to_string(day);
                ++i;
                continue;
            case '_':
                if (starts(layout, i, "__2")) {
                    out += fmt::format("{:3d}", yday);
                    i += 3;
                    continue;
                }
                if (starts(layout, i, "_2") && !starts(layout, i, "_2006")) {
                    out += fmt::format("{:2d}", day);
                    i += 2;
                    continue;
                }
                break;
            case '3':
                out += std::to_string(hour12);
                ++i;
                continue;
            case '4':
                out += std::to_string(min);
                ++i;
                continue;
            case '5':
                out += std::to_string(sec);
                ++i;
                continue;
            case 'P':
                if (starts(layout, i, "PM")) {
                    out += hour >= 12 ? "PM" : "AM";
                    i += 2;
                    continue;
                }
                break;
            case 'p':
                if (starts(layout, i, "pm")) {
                    out += hour >= 12 ? "pm" : "am";
                    i += 2;
                    continue;
                }
                break;
            case 'Z':
            case '-': {
                // Zones: UTC has offset 0; "Z..." layouts print "Z", "-..." layouts print +00...
                static constexpr std::string_view kZones[] = {"07:00:00", "070000", "07:00", "0700", "07"};
                bool matched = false;
                for (auto z : kZones) {
                    if (starts(layout, i + 1, z)) {
                        if (c == 'Z') {
                            out += 'Z';
                        } else {
                            out += '+';
                            for (char zc : z) out += zc == ':' ? ':' : '0';
                        }
                        i += 1 + z.size();
                        matched = true;
                        break;
                    }
                }
                if (matched) continue;
                break;
            }
            case '.':
            case ',':
                if (i + 1 < layout.size() && (layout[i + 1] == '0' || layout[i + 1] == '9')) {
                    char d = layout[i + 1];
                    size_t j = i + 1;
                    while (j < layout.size() && layout[j] == d) ++j;
                    if (j >= layout.size() || !is_digit(layout[j])) {
                        size_t n = j - i - 1;
                        std::string frac = fmt::format("{:09d}", nanos).substr(0, n > 9 ? 9 : n);
                        if (d == '9') {
                            while (!frac.empty() && frac.back() == '0') frac.pop_back();
                            if (!frac.empty()) {
                                out += c;
                                out += frac;
                            }
                        } else {
                            out += c;
                            out += frac;
                        }
                        i = j;
                        continue;
                    }
                }
                break;
            default:
                break;
        }
        out += c;
        ++i;
    }
    return out;
}

}  // namespace ais::node
