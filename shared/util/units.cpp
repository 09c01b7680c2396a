#include "shared/util/units.hpp"

#include <fmt/format.h>

#include <cmath>

#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

namespace ais {

namespace {

[[noreturn]] void bad_size(std::string_view s) {
    throw ErrBadRequest("invalid size " + json_quote(s));
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

struct Suffix {
    std::string_view name;
    int64_t mult;
};
// Longest first, so "kib" is not taken for "b".
constexpr Suffix kSuffixes[] = {
    {"tib", TiB}, {"gib", GiB}, {"mib", MiB}, {"kib", KiB}, {"tb", TiB}, {"gb", GiB}, {"mb", MiB},
    {"kb", KiB},  {"t", TiB},   {"g", GiB},   {"m", MiB},   {"k", KiB},  {"b", 1},
};

}  // namespace

int64_t parse_size(std::string_view orig) {
    std::string s = to_lower(trim(orig));
    int64_t mult = 1;
    for (const auto& suf : kSuffixes) {
        if (s.size() > suf.name.size() && s.ends_with(suf.name)) {
            mult = suf.mult;
            s.resize(s.size() - suf.name.size());
            break;
        }
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();  // "10 MiB"
    if (s.empty()) bad_size(orig);

    size_t dot = s.find('.');
    std::string_view ip = std::string_view(s).substr(0, dot);
    std::string_view fp = dot == std::string::npos ? std::string_view() : std::string_view(s).substr(dot + 1);
    if (ip.empty() && fp.empty()) bad_size(orig);
    for (char c : ip)
        if (c < '0' || c > '9') bad_size(orig);
    for (char c : fp)
        if (c < '0' || c > '9') bad_size(orig);
    if (dot != std::string::npos && mult == 1) bad_size(orig);  // fractional bytes: surely a typo

    uint64_t whole = 0;
    if (!ip.empty()) {
        auto v = parse_uint(ip);
        if (!v || *v > static_cast<uint64_t>(INT64_MAX) / static_cast<uint64_t>(mult)) bad_size(orig);
        whole = *v * static_cast<uint64_t>(mult);
    }
    // Fraction of the unit, in bytes, truncated. 18 significant digits are plenty for a multiplier
    // of at most 2^40 and keep the arithmetic exact in uint64 via long double.
    uint64_t frac = 0;
    if (!fp.empty()) {
        long double f = 0, scale = 1;
        for (size_t i = 0; i < fp.size() && i < 18; ++i) {
            f = f * 10 + (fp[i] - '0');
            scale *= 10;
        }
        frac = static_cast<uint64_t>(std::floor(f * static_cast<long double>(mult) / scale));
    }
    if (whole + frac > static_cast<uint64_t>(INT64_MAX)) bad_size(orig);
    return static_cast<int64_t>(whole + frac);
}

std::string size_iec(int64_t b, int digits) {
    if (b < 0) {
        uint64_t u = 0 - static_cast<uint64_t>(b);
        return "-" +
               size_iec(u > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(u), digits);
    }
    // Go AIS divides in float32; do the same so the rounding of the last digit matches.
    auto fmt_unit = [&](int64_t unit, const char* name) {
        float v = static_cast<float>(b) / static_cast<float>(unit);
        return fmt::format("{:.{}f}{}", static_cast<double>(v), digits < 0 ? 0 : digits, name);
    };
    if (b >= TiB) return fmt_unit(TiB, "TiB");
    if (b >= GiB) return fmt_unit(GiB, "GiB");
    if (b >= MiB) return fmt_unit(MiB, "MiB");
    if (b >= KiB) return fmt_unit(KiB, "KiB");
    return fmt::format("{}B", b);
}

std::string size_iec_compact(int64_t b) {
    if (b < 0) {
        if (b == INT64_MIN) return fmt::format("{}B", b);
        return "-" + size_iec_compact(-b);
    }
    if (b == 0) return "0B";
    constexpr Suffix units[] = {{"TiB", TiB}, {"GiB", GiB}, {"MiB", MiB}, {"KiB", KiB}};
    for (const auto& u : units)
        if (b % u.mult == 0) return fmt::format("{}{}", b / u.mult, u.name);
    return fmt::format("{}B", b);
}

// ---- Go durations (a transliteration of time.ParseDuration / Duration.String) ----

namespace {

constexpr int64_t kNs = 1, kUs = 1000 * kNs, kMs = 1000 * kUs, kSec = 1000 * kMs, kMin = 60 * kSec,
                  kHour = 60 * kMin;
constexpr uint64_t kMax = uint64_t(1) << 63;

[[noreturn]] void bad_duration(std::string_view s, const char* why) {
    throw ErrBadRequest(std::string("invalid duration ") + json_quote(s) + ": " + why);
}

uint64_t unit_ns(std::string_view u) {
    if (u == "ns") return kNs;
    if (u == "us" || u == "\xC2\xB5s" /* U+00B5 micro */ || u == "\xCE\xBCs" /* U+03BC mu */) return kUs;
    if (u == "ms") return kMs;
    if (u == "s") return kSec;
    if (u == "m") return kMin;
    if (u == "h") return kHour;
    return 0;
}

}  // namespace

int64_t parse_duration_ns(std::string_view orig) {
    std::string_view s = orig;
    bool neg = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s == "0") return 0;
    if (s.empty()) bad_duration(orig, "empty");
    uint64_t d = 0;
    while (!s.empty()) {
        if (!(s[0] == '.' || (s[0] >= '0' && s[0] <= '9'))) bad_duration(orig, "expecting a number");
        // Integer part.
        uint64_t v = 0;
        size_t i = 0;
        for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
            if (v > kMax / 10) bad_duration(orig, "overflow");
            v = v * 10 + static_cast<uint64_t>(s[i] - '0');
            if (v > kMax) bad_duration(orig, "overflow");
        }
        bool pre = i > 0;
        s.remove_prefix(i);
        // Fraction: digits beyond what fits are ignored, as in Go.
        uint64_t f = 0;
        double scale = 1;
        bool post = false;
        if (!s.empty() && s[0] == '.') {
            s.remove_prefix(1);
            bool overflow = false;
            i = 0;
            for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
                if (overflow) continue;
                if (f > (kMax - 1) / 10) {
                    overflow = true;
                    continue;
                }
                uint64_t y = f * 10 + static_cast<uint64_t>(s[i] - '0');
                if (y > kMax) {
                    overflow = true;
                    continue;
                }
                f = y;
                scale *= 10;
            }
            post = i > 0;
            s.remove_prefix(i);
        }
        if (!pre && !post) bad_duration(orig, "expecting a number");
        // Unit: everything up to the next number.
        i = 0;
        for (; i < s.size() && s[i] != '.' && !(s[i] >= '0' && s[i] <= '9'); ++i) {
        }
        if (i == 0) bad_duration(orig, "missing unit");
        uint64_t unit = unit_ns(s.substr(0, i));
        if (unit == 0) bad_duration(orig, "unknown unit");
        s.remove_prefix(i);
        if (v > kMax / unit) bad_duration(orig, "overflow");
        v *= unit;
        if (f > 0) {
            v += static_cast<uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
            if (v > kMax) bad_duration(orig, "overflow");
        }
        d += v;
        if (d > kMax) bad_duration(orig, "overflow");
    }
    if (neg) return static_cast<int64_t>(0 - d);  // d == 2^63 gives INT64_MIN, as in Go
    if (d > kMax - 1) bad_duration(orig, "overflow");
    return static_cast<int64_t>(d);
}

namespace {

// Writes the fraction of v/10^prec into buf ending at w, omitting trailing zeros (and the dot
// when the fraction is zero). Returns the new w and v/10^prec.
size_t fmt_frac(char* buf, size_t w, uint64_t& v, int prec) {
    bool print = false;
    for (int i = 0; i < prec; ++i) {
        uint64_t digit = v % 10;
        print = print || digit != 0;
        if (print) buf[--w] = static_cast<char>('0' + digit);
        v /= 10;
    }
    if (print) buf[--w] = '.';
    return w;
}

size_t fmt_int(char* buf, size_t w, uint64_t v) {
    if (v == 0) {
        buf[--w] = '0';
        return w;
    }
    while (v > 0) {
        buf[--w] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
    return w;
}

}  // namespace

std::string duration_str(int64_t d) {
    char buf[32];
    size_t w = sizeof(buf);
    uint64_t u = static_cast<uint64_t>(d);
    bool neg = d < 0;
    if (neg) u = 0 - u;
    if (u < static_cast<uint64_t>(kSec)) {
        int prec = 0;
        buf[--w] = 's';
        --w;
        if (u == 0) {
            buf[w] = '0';
            return std::string(buf + w, sizeof(buf) - w);
        } else if (u < static_cast<uint64_t>(kUs)) {
            prec = 0;
            buf[w] = 'n';
        } else if (u < static_cast<uint64_t>(kMs)) {
            prec = 3;
            buf[w] = '\xB5';  // "µ" is C2 B5 in UTF-8
            buf[--w] = '\xC2';
        } else {
            prec = 6;
            buf[w] = 'm';
        }
        w = fmt_frac(buf, w, u, prec);
        w = fmt_int(buf, w, u);
    } else {
        buf[--w] = 's';
        w = fmt_frac(buf, w, u, 9);
        w = fmt_int(buf, w, u % 60);
        u /= 60;
        if (u > 0) {
            buf[--w] = 'm';
            w = fmt_int(buf, w, u % 60);
            u /= 60;
            if (u > 0) {
                buf[--w] = 'h';
                w = fmt_int(buf, w, u);
            }
        }
    }
    if (neg) buf[--w] = '-';
    return std::string(buf + w, sizeof(buf) - w);
}

}  // namespace ais
