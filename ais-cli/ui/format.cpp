#include "ais-cli/ui/format.hpp"

#include "ais-cli/ui/app.hpp"
#include "shared/util/strings.hpp"
#include "shared/util/units.hpp"

#include <boost/json.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace ais::cli {

Units parse_units(std::string_view s) {
    if (s.empty() || iequals(s, "iec")) return Units::kIEC;
    if (iequals(s, "si")) return Units::kSI;
    if (iequals(s, "raw")) return Units::kRaw;
    throw UsageError("invalid --units \"" + std::string(s) + "\": expected one of iec, si, raw");
}

std::string fmt_size(int64_t bytes, Units u, int digits) {
    switch (u) {
        case Units::kRaw:
            return std::to_string(bytes);
        case Units::kSI: {
            static const char* kUnits[] = {"B", "KB", "MB", "GB", "TB", "PB"};
            const bool neg = bytes < 0;
            double v = neg ? -static_cast<double>(bytes) : static_cast<double>(bytes);
            int i = 0;
            while (v >= 1000 && i < 5) {
                v /= 1000;
                ++i;
            }
            std::string s = i == 0 ? fmt::format("{}B", static_cast<int64_t>(v))
                                   : fmt::format("{:.{}f}{}", v, digits < 0 ? 0 : digits, kUnits[i]);
            return neg ? "-" + s : s;
        }
        case Units::kIEC:
        default:
            return size_iec(bytes, digits);
    }
}

std::string big_num(int64_t n) {
    std::string d = std::to_string(n < 0 ? -n : n), out;
    int c = 0;
    for (auto it = d.rbegin(); it != d.rend(); ++it) {
        if (c && c % 3 == 0) out += ',';
        out += *it;
        ++c;
    }
    if (n < 0) out += '-';
    std::reverse(out.begin(), out.end());
    return out;
}

std::string fmt_time_ns(int64_t unix_ns) {
    if (unix_ns <= 0) return "-";
    std::time_t t = static_cast<std::time_t>(unix_ns / 1'000'000'000);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string fmt_time_rfc822(int64_t unix_ns) {
    if (unix_ns <= 0) return "-";
    std::time_t t = static_cast<std::time_t>(unix_ns / 1'000'000'000);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%d %b %y %H:%M UTC", &tm);
    return buf;
}

std::string fmt_elapsed(double secs) {
    const auto ms = static_cast<int64_t>(secs * 1000 + 0.5);
    return duration_str(ms * 1'000'000);
}

size_t display_width(std::string_view s) {
    size_t w = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0x1b && i + 1 < s.size() && s[i + 1] == '[') {  // CSI ... final byte
            i += 2;
            while (i < s.size() && !(s[i] >= 0x40 && s[i] <= 0x7e)) ++i;
            continue;
        }
        if ((c & 0xc0) != 0x80) ++w;  // not a UTF-8 continuation byte
    }
    return w;
}

// ---- Table ----

void Table::hide_uniform_column(size_t col, std::string_view blank) {
    if (col >= headers_.size()) return;
    for (const auto& r : rows_)
        if (col < r.size() && !r[col].empty() && r[col] != blank) return;
    hidden_.resize(headers_.size(), false);
    hidden_[col] = true;
}

std::string Table::render(bool no_headers) const {
    const size_t n = headers_.size();
    auto visible = [&](size_t c) { return c >= hidden_.size() || !hidden_[c]; };
    std::vector<size_t> w(n, 0);
    if (!no_headers)
        for (size_t c = 0; c < n; ++c) w[c] = display_width(headers_[c]);
    for (const auto& r : rows_)
        for (size_t c = 0; c < n && c < r.size(); ++c) w[c] = std::max(w[c], display_width(r[c]));
    size_t last = 0;
    for (size_t c = 0; c < n; ++c)
        if (visible(c)) last = c;
    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
        std::string l;
        for (size_t c = 0; c < n; ++c) {
            if (!visible(c)) continue;
            const std::string& v = c < cells.size() ? cells[c] : std::string();
            l += v;
            if (c != last) l += std::string(w[c] - display_width(v) + 2, ' ');
        }
        while (!l.empty() && l.back() == ' ') l.pop_back();
        out += l + "\n";
    };
    if (!no_headers) line(headers_);
    for (const auto& r : rows_) line(r);
    return out;
}

void Table::print(bool no_headers) const {
    std::string s = render(no_headers);
    std::fwrite(s.data(), 1, s.size(), stdout);
}

// ---- JSON ----

namespace {
namespace bj = boost::json;

void pretty(const bj::value& v, std::string& out, int depth) {
    auto indent = [&](int d) { out.append(static_cast<size_t>(d) * 4, ' '); };
    switch (v.kind()) {
        case bj::kind::object: {
            const auto& o = v.get_object();
            if (o.empty()) {
                out += "{}";
                return;
            }
            out += "{\n";
            bool first = true;
            for (const auto& kv : o) {
                if (!first) out += ",\n";
                first = false;
                indent(depth + 1);
                out += json_quote(kv.key());
                out += ": ";
                pretty(kv.value(), out, depth + 1);
            }
            out += "\n";
            indent(depth);
            out += "}";
            return;
        }
        case bj::kind::array: {
            const auto& a = v.get_array();
            if (a.empty()) {
                out += "[]";
                return;
            }
            out += "[\n";
            bool first = true;
            for (const auto& e : a) {
                if (!first) out += ",\n";
                first = false;
                indent(depth + 1);
                pretty(e, out, depth + 1);
            }
            out += "\n";
            indent(depth);
            out += "]";
            return;
        }
        case bj::kind::string:
            out += json_quote(v.get_string());
            return;
        case bj::kind::double_: {
            // As Go's encoding/json: the shortest form that reads back ("3.31", "27"), not
            // Boost.JSON's "3.31E0".
            const double d = v.get_double();
            if (std::isfinite(d)) {
                out += fmt::format("{}", d);
                return;
            }
            out += bj::serialize(v);
            return;
        }
        default:
            out += bj::serialize(v);
            return;
    }
}
}  // namespace

std::string json_pretty(std::string_view compact) {
    boost::system::error_code ec;
    bj::value v = bj::parse(compact, ec);
    if (ec) return std::string(compact);
    std::string out;
    pretty(v, out, 0);
    return out;
}

void print_text(std::string_view s) {
    std::fwrite(s.data(), 1, s.size(), stdout);
    if (s.empty() || s.back() != '\n') std::fputc('\n', stdout);
}

}  // namespace ais::cli
