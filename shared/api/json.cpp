#include "shared/api/json.hpp"

#include "shared/api/codec.hpp"
#include "shared/util/strings.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>

namespace ais::api {

namespace json {

bj::value parse(std::string_view text) {
    boost::system::error_code ec;
    bj::value v = bj::parse(text, ec);
    if (ec) throw ErrBadRequest("invalid JSON: " + ec.message());
    return v;
}

std::string serialize(const bj::value& v) {
    return bj::serialize(v);
}

const bj::value* find(const bj::object& o, std::string_view key) {
    const bj::value* v = o.if_contains(key);
    if (!v) {
        for (const auto& kv : o) {
            if (iequals(kv.key(), key)) {
                v = &kv.value();
                break;
            }
        }
    }
    return (v && !v->is_null()) ? v : nullptr;
}

void type_error(std::string_view what, std::string_view expected) {
    std::string msg = "json: ";
    if (!what.empty()) msg += "\"" + std::string(what) + "\": ";
    msg += "expected ";
    msg += expected;
    throw ErrBadRequest(std::move(msg));
}

const bj::object& as_object(const bj::value& v, std::string_view what) {
    if (!v.is_object()) type_error(what, "an object");
    return v.get_object();
}

const bj::array& as_array(const bj::value& v, std::string_view what) {
    if (!v.is_array()) type_error(what, "an array");
    return v.get_array();
}

std::string get_raw(const bj::object& o, std::string_view key) {
    const bj::value* v = find(o, key);
    return v ? json::serialize(*v) : "null";
}

bj::value raw(std::string_view text) {
    if (text.empty()) return nullptr;
    return parse(text);
}

bj::array str_array(const std::vector<std::string>& v) {
    bj::array a;
    a.reserve(v.size());
    for (const auto& s : v) a.emplace_back(s);
    return a;
}

bj::object str_map(const std::map<std::string, std::string>& m) {
    bj::object o;
    for (const auto& [k, v] : m) o[k] = v;
    return o;
}

}  // namespace json

void from_jv(const bj::value& v, std::string& out, std::string_view what) {
    if (!v.is_string()) json::type_error(what, "a string");
    out.assign(v.get_string().data(), v.get_string().size());
}

void from_jv(const bj::value& v, bool& out, std::string_view what) {
    if (!v.is_bool()) json::type_error(what, "a boolean");
    out = v.get_bool();
}

void from_jv(const bj::value& v, int64_t& out, std::string_view what) {
    switch (v.kind()) {
        case bj::kind::int64:
            out = v.get_int64();
            return;
        case bj::kind::uint64:
            if (v.get_uint64() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) break;
            out = static_cast<int64_t>(v.get_uint64());
            return;
        case bj::kind::double_: {
            // Integral doubles only (1e3), as Python may send them.
            double d = v.get_double();
            if (std::trunc(d) != d || d < -9.2233720368547758e18 || d >= 9.2233720368547758e18) break;
            out = static_cast<int64_t>(d);
            return;
        }
        case bj::kind::string: {
            auto x = parse_int(v.get_string());
            if (!x) break;
            out = *x;
            return;
        }
        default:
            break;
    }
    json::type_error(what, "an int64 (number or string)");
}

void from_jv(const bj::value& v, uint64_t& out, std::string_view what) {
    switch (v.kind()) {
        case bj::kind::uint64:
            out = v.get_uint64();
            return;
        case bj::kind::int64:
            if (v.get_int64() < 0) break;
            out = static_cast<uint64_t>(v.get_int64());
            return;
        case bj::kind::double_: {
            double d = v.get_double();
            if (std::trunc(d) != d || d < 0 || d >= 1.8446744073709552e19) break;
            out = static_cast<uint64_t>(d);
            return;
        }
        case bj::kind::string: {
            auto x = parse_uint(v.get_string());
            if (!x) break;
            out = *x;
            return;
        }
        default:
            break;
    }
    json::type_error(what, "a uint64 (number or string)");
}

void from_jv(const bj::value& v, int& out, std::string_view what) {
    int64_t x = 0;
    from_jv(v, x, what);
    if (x < std::numeric_limits<int>::min() || x > std::numeric_limits<int>::max())
        json::type_error(what, "a 32-bit integer");
    out = static_cast<int>(x);
}

void from_jv(const bj::value& v, std::vector<std::string>& out, std::string_view what) {
    out.clear();
    if (v.is_null()) return;
    for (const auto& item : json::as_array(v, what)) from_jv(item, out.emplace_back(), what);
}

void to_jv(std::string_view s, bj::value& out) {
    out = bj::string(s);
}
void to_jv(const char* s, bj::value& out) {
    out = bj::string(s);
}
void to_jv(bool b, bj::value& out) {
    out = b;
}
void to_jv(int v, bj::value& out) {
    out = v;
}
void to_jv(int64_t v, bj::value& out) {
    out = v;
}
void to_jv(uint64_t v, bj::value& out) {
    out = v;
}
void to_jv(double v, bj::value& out) {
    out = v;
}
void to_jv(const std::vector<std::string>& v, bj::value& out) {
    out = json::str_array(v);
}

void from_jv(const bj::value& v, double& out, std::string_view what) {
    switch (v.kind()) {
        case bj::kind::double_:
            out = v.get_double();
            return;
        case bj::kind::int64:
            out = static_cast<double>(v.get_int64());
            return;
        case bj::kind::uint64:
            out = static_cast<double>(v.get_uint64());
            return;
        default:
            json::type_error(what, "a number");
    }
}

// ---- JsonDoc (codec.hpp) ----

JsonDoc::JsonDoc() : v_(std::make_unique<bj::value>()) {}
JsonDoc::~JsonDoc() = default;
JsonDoc::JsonDoc(JsonDoc&&) noexcept = default;
JsonDoc& JsonDoc::operator=(JsonDoc&&) noexcept = default;

JsonDoc JsonDoc::parse(std::string_view text) {
    JsonDoc d;
    *d.v_ = json::parse(text);
    return d;
}

std::string JsonDoc::serialize() const {
    return json::serialize(*v_);
}

}  // namespace ais::api
