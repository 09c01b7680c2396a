#include "shared/util/name_template.hpp"

#include <charconv>

#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

namespace ais {

namespace {

[[noreturn]] void bad(std::string_view text, std::string_view why) {
    throw ErrBadRequest("invalid name template " + json_quote(text) + ": " + std::string(why));
}

uint64_t number(std::string_view text, std::string_view lit) {
    if (lit.empty()) bad(text, "empty number in range");
    for (char c : lit)
        if (c < '0' || c > '9') bad(text, "range bounds must be non-negative integers");
    auto v = parse_uint(lit);
    if (!v) bad(text, "number out of range");
    return *v;
}

}  // namespace

NameTemplate NameTemplate::parse(std::string_view text) {
    NameTemplate t;
    t.text_ = std::string(text);
    // No '{' at all: a plain prefix, whatever else it contains (AIS: ErrNotBashTemplate).
    if (text.find('{') == std::string_view::npos) {
        t.literals_.emplace_back(text);
        return t;
    }
    std::string lit;
    size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == '}') bad(text, "unbalanced '}'");
        if (c != '{') {
            lit.push_back(c);
            ++i;
            continue;
        }
        size_t close = text.find('}', i + 1);
        if (close == std::string_view::npos) bad(text, "unbalanced '{'");
        std::string_view body = text.substr(i + 1, close - i - 1);
        if (body.find('{') != std::string_view::npos) bad(text, "nested '{'");
        // Split on "..": two or three fields.
        std::vector<std::string_view> f;
        size_t from = 0;
        for (;;) {
            size_t dots = body.find("..", from);
            if (dots == std::string_view::npos) {
                f.push_back(body.substr(from));
                break;
            }
            f.push_back(body.substr(from, dots - from));
            from = dots + 2;
        }
        if (f.size() != 2 && f.size() != 3) bad(text, "expecting {start..end} or {start..end..step}");
        uint64_t start = number(text, f[0]), end = number(text, f[1]);
        uint64_t step = f.size() == 3 ? number(text, f[2]) : 1;
        if (start > end) bad(text, "range start is greater than its end");
        if (step == 0) bad(text, "range step must be positive");
        t.literals_.push_back(std::move(lit));
        lit.clear();
        t.ranges_.push_back(Range{start, step, (end - start) / step + 1, static_cast<int>(f[0].size())});
        i = close + 1;
    }
    t.literals_.push_back(std::move(lit));

    if (!t.ranges_.empty()) {
        uint64_t n = 1;
        for (const auto& r : t.ranges_) {
            if (__builtin_mul_overflow(n, r.count, &n)) bad(text, "too many names");
        }
        t.count_ = n;
    }
    return t;
}

void NameTemplate::append_name(const uint64_t* pos, std::string& out) const {
    for (size_t k = 0; k < ranges_.size(); ++k) {
        out.append(literals_[k]);
        const Range& r = ranges_[k];
        char buf[24];
        auto res = std::to_chars(buf, buf + sizeof(buf), r.start + pos[k] * r.step);
        int len = static_cast<int>(res.ptr - buf);
        if (len < r.width) out.append(static_cast<size_t>(r.width - len), '0');
        out.append(buf, res.ptr);
    }
    out.append(literals_.back());
}

std::string NameTemplate::at(uint64_t idx) const {
    if (idx >= count_) throw ErrBadRequest("name template index " + std::to_string(idx) + " out of range");
    std::vector<uint64_t> pos(ranges_.size());
    for (size_t k = ranges_.size(); k-- > 0;) {
        pos[k] = idx % ranges_[k].count;
        idx /= ranges_[k].count;
    }
    std::string out;
    append_name(pos.data(), out);
    return out;
}

NameTemplate::Iterator::Iterator(const NameTemplate* t)
    : t_(t), pos_(t->ranges_.size(), 0), done_(t->count_ == 0) {}

bool NameTemplate::Iterator::next(std::string& out) {
    if (done_) return false;
    out.clear();
    t_->append_name(pos_.data(), out);
    // Odometer increment, last range fastest.
    size_t k = pos_.size();
    for (;;) {
        if (k == 0) {
            done_ = true;
            break;
        }
        --k;
        if (++pos_[k] < t_->ranges_[k].count) break;
        pos_[k] = 0;
    }
    return true;
}

}  // namespace ais
