#include "aisnode/target/range.hpp"

#include "shared/util/strings.hpp"

namespace ais::node {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

RangeResult parse_range(std::string_view header, uint64_t size) {
    RangeResult bad{RangeStatus::unsatisfiable, {}};
    header = trim(header);
    if (header.empty()) return {};
    constexpr std::string_view kUnit = "bytes=";
    if (header.size() < kUnit.size() || !iequals(header.substr(0, kUnit.size()), kUnit)) return bad;
    std::string_view spec = trim(header.substr(kUnit.size()));
    if (spec.find(',') != std::string_view::npos) return bad;  // multi-range: not served
    auto dash = spec.find('-');
    if (dash == std::string_view::npos) return bad;
    std::string_view first = trim(spec.substr(0, dash)), last = trim(spec.substr(dash + 1));
    if (size == 0) return bad;

    if (first.empty()) {  // suffix: the last n bytes
        auto n = parse_uint(last);
        if (!n || *n == 0) return bad;
        uint64_t len = *n > size ? size : *n;
        return {RangeStatus::ok, {size - len, len}};
    }
    auto a = parse_uint(first);
    if (!a || *a >= size) return bad;
    uint64_t end = size - 1;
    if (!last.empty()) {
        auto b = parse_uint(last);
        if (!b || *b < *a) return bad;
        if (*b < end) end = *b;
    }
    return {RangeStatus::ok, {*a, end - *a + 1}};
}

}  // namespace ais::node
