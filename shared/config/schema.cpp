// The non-template engine behind schema.hpp: walks a detail::Node tree over raw member addresses.
// JSON goes through Boost.JSON; TOML input is parsed by toml++ and converted to the same JSON value
// tree (so both share one decoder), TOML output is written here so that it keeps declaration order
// and carries the docs as comments.
#include "shared/config/schema.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <toml++/toml.h>
#include <boost/json.hpp>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <system_error>

#include "shared/config/schema_impl.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"
#include "shared/util/units.hpp"

namespace json = boost::json;

namespace ais::config {

std::string KeyPath::operator()(std::string_view key) const {
    if (prefix.empty()) return std::string(key);
    return fmt::format("{}.{}", prefix, key);
}

namespace detail {
namespace {

__extension__ typedef __int128 i128;

constexpr std::string_view kMasked = "**********";

struct Ctx {
    std::string_view noun;  // "config key" / "bucket property"
    bool partial = false;   // apply: skip read-only keys
    bool strict = false;    // TOML: unknown keys are errors
};

std::string join(std::string_view prefix, std::string_view name) {
    if (prefix.empty()) return std::string(name);
    return fmt::format("{}.{}", prefix, name);
}

[[noreturn]] void bad_value(std::string_view key, std::string_view shown, std::string_view tail) {
    throw ErrBadRequest(fmt::format("invalid value {} for \"{}\": {}", shown, key, tail));
}
[[noreturn]] void unknown_key(std::string_view noun, std::string_view key) {
    throw ErrBadRequest(fmt::format("unknown {} \"{}\"", noun, key));
}

const Node* find_child(const Node& n, std::string_view name) {
    for (const auto& c : n.children)
        if (iequals(c.name, name)) return &c;
    return nullptr;
}

std::vector<std::string_view> choices_of(const Field& f) {
    if (f.choices.empty()) return {};
    return split(f.choices, ',');
}

std::string choices_text(const Field& f) {
    std::string out;
    for (auto c : choices_of(f)) {
        if (!out.empty()) out += ", ";
        out += c.empty() ? std::string("\"\"") : std::string(c);
    }
    return out;
}

bool has_range(const Field& f) {
    return f.lo != std::numeric_limits<int64_t>::min() || f.hi != std::numeric_limits<int64_t>::max();
}

std::string int_expected(const Node& n) {
    const Field& f = *n.field;
    if (has_range(f)) return fmt::format("expected an integer between {} and {}", f.lo, f.hi);
    switch (n.kind) {
        case Kind::Int:
            return "expected an integer between -2147483648 and 2147483647";
        case Kind::UInt64:
            return "expected a non-negative integer";
        default:
            return "expected an integer";
    }
}

constexpr std::string_view kDurationExpected = "expected a duration such as \"30s\", \"1m30s\" or \"2h\"";
constexpr std::string_view kSizeExpected = "expected a size such as \"512KiB\", \"4MiB\" or \"1GiB\"";

const char* type_name(const Node& n) {
    switch (n.kind) {
        case Kind::Bool:
            return "bool";
        case Kind::Int:
            return "int";
        case Kind::Int64:
            return "int64";
        case Kind::UInt64:
            return "uint64";
        case Kind::Double:
            return "float";
        case Kind::String:
            return "string";
        case Kind::StrList:
            return "[]string";
        case Kind::StrMap:
            return "map[string]string";
        case Kind::Duration:
            return "duration";
        case Kind::Size:
            return "size";
        case Kind::Struct:
            return "section";
    }
    return "?";
}

// ---- integers ----

i128 get_int(const Node& n, const void* p) {
    switch (n.kind) {
        case Kind::Int:
            return *static_cast<const int*>(p);
        case Kind::Int64:
            return *static_cast<const int64_t*>(p);
        case Kind::UInt64:
            return *static_cast<const uint64_t*>(p);
        default:
            return 0;
    }
}

bool int_fits(const Node& n, i128 v) {
    switch (n.kind) {
        case Kind::Int:
            return v >= std::numeric_limits<int>::min() && v <= std::numeric_limits<int>::max();
        case Kind::Int64:
            return v >= std::numeric_limits<int64_t>::min() && v <= std::numeric_limits<int64_t>::max();
        case Kind::UInt64:
            return v >= 0 && v <= static_cast<i128>(std::numeric_limits<uint64_t>::max());
        default:
            return false;
    }
}

bool int_in_range(const Node& n, i128 v) {
    if (!int_fits(n, v)) return false;
    const Field& f = *n.field;
    return !has_range(f) || (v >= f.lo && v <= f.hi);
}

void put_int(const Node& n, void* p, i128 v, std::string_view key, std::string_view shown) {
    if (!int_in_range(n, v)) bad_value(key, shown, int_expected(n));
    switch (n.kind) {
        case Kind::Int:
            *static_cast<int*>(p) = static_cast<int>(v);
            break;
        case Kind::Int64:
            *static_cast<int64_t*>(p) = static_cast<int64_t>(v);
            break;
        case Kind::UInt64:
            *static_cast<uint64_t*>(p) = static_cast<uint64_t>(v);
            break;
        default:
            break;
    }
}

std::string int_str(i128 v) {
    if (v < 0) return fmt::format("{}", static_cast<int64_t>(v));
    return fmt::format("{}", static_cast<uint64_t>(v));
}

// ---- leaves from text (set_kv, and JSON/TOML strings for non-string kinds) ----

std::vector<std::string> parse_list_text(std::string_view s, std::string_view key) {
    auto trim = [](std::string_view v) {
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
        return v;
    };
    std::string_view t = trim(s);
    std::vector<std::string> out;
    if (t.empty() || t == "none") return out;
    if (t.front() == '[') {
        json::error_code ec;
        json::value v = json::parse(t, ec);
        if (ec || !v.is_array()) bad_value(key, json_quote(s), "expected a JSON array of strings");
        for (const auto& e : v.as_array()) {
            if (!e.is_string()) bad_value(key, json_quote(s), "expected a JSON array of strings");
            out.emplace_back(e.as_string());
        }
        return out;
    }
    for (auto part : split(t, ',')) {
        part = trim(part);
        if (!part.empty()) out.emplace_back(part);
    }
    return out;
}

void set_from_text(const Node& n, void* p, std::string_view text, std::string_view key) {
    const std::string shown = json_quote(text);
    switch (n.kind) {
        case Kind::Bool:
            try {
                *static_cast<bool*>(p) = parse_bool(text);
            } catch (const ErrBadRequest&) {
                bad_value(key, shown, "expected true or false");
            }
            return;
        case Kind::Int:
        case Kind::Int64:
        case Kind::UInt64: {
            if (n.field->text_parser) {
                uint64_t v;
                try {
                    v = n.field->text_parser(text);
                } catch (const ErrBadRequest& e) {
                    bad_value(key, shown, e.what());
                }
                put_int(n, p, v, key, shown);
                return;
            }
            if (auto v = parse_int(text)) {
                put_int(n, p, *v, key, shown);
            } else if (auto u = parse_uint(text)) {
                put_int(n, p, *u, key, shown);
            } else {
                bad_value(key, shown, int_expected(n));
            }
            return;
        }
        case Kind::Double: {
            double d = 0;
            auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
            if (ec != std::errc() || ptr != text.data() + text.size() || text.empty())
                bad_value(key, shown, "expected a number");
            *static_cast<double*>(p) = d;
            return;
        }
        case Kind::String:
            *static_cast<std::string*>(p) = std::string(text);
            return;
        case Kind::StrList:
            *static_cast<std::vector<std::string>*>(p) = parse_list_text(text, key);
            return;
        case Kind::Duration: {
            int64_t ns;
            try {
                ns = parse_duration_ns(text);
            } catch (const ErrBadRequest&) {
                bad_value(key, shown, kDurationExpected);
            }
            static_cast<Duration*>(p)->ns = ns;
            return;
        }
        case Kind::Size: {
            int64_t b;
            try {
                b = parse_size(text);
            } catch (const ErrBadRequest&) {
                bad_value(key, shown, kSizeExpected);
            }
            static_cast<SizeIEC*>(p)->bytes = b;
            return;
        }
        case Kind::StrMap:
        case Kind::Struct:
            break;  // handled by callers
    }
}

// ---- leaves to text (get_kv, defaults, flatten) ----

std::string encode_compact(const json::value& v);
json::value encode_node(const Node& n, const void* p, bool hide);

std::string to_text(const Node& n, const void* p) {
    switch (n.kind) {
        case Kind::Bool:
            return *static_cast<const bool*>(p) ? "true" : "false";
        case Kind::Int:
        case Kind::Int64:
        case Kind::UInt64:
            return int_str(get_int(n, p));
        case Kind::Double:
            return fmt::format("{}", *static_cast<const double*>(p));
        case Kind::String:
            return *static_cast<const std::string*>(p);
        case Kind::StrList: {
            std::string out;
            for (const auto& s : *static_cast<const std::vector<std::string>*>(p)) {
                if (!out.empty()) out += ',';
                out += s;
            }
            return out;
        }
        case Kind::StrMap:
        case Kind::Struct:
            return encode_compact(encode_node(n, p, false));
        case Kind::Duration:
            return duration_str(static_cast<const Duration*>(p)->ns);
        case Kind::Size:
            return size_iec_compact(static_cast<const SizeIEC*>(p)->bytes);
    }
    return {};
}

// ---- constraints (run on every leaf by validate) ----

void check_leaf(const Node& n, const void* p, std::string_view key) {
    const Field& f = *n.field;
    switch (n.kind) {
        case Kind::Int:
        case Kind::Int64:
        case Kind::UInt64:
            if (!int_in_range(n, get_int(n, p))) bad_value(key, json_quote(to_text(n, p)), int_expected(n));
            return;
        case Kind::String: {
            if (f.choices.empty()) return;
            const auto& s = *static_cast<const std::string*>(p);
            for (auto c : choices_of(f))
                if (c == s) return;
            bad_value(key, json_quote(s), "expected one of " + choices_text(f));
        }
        case Kind::Duration:
            if (static_cast<const Duration*>(p)->ns < 0)
                bad_value(key, json_quote(to_text(n, p)), "expected a non-negative duration");
            return;
        case Kind::Size:
            if (static_cast<const SizeIEC*>(p)->bytes < 0)
                bad_value(key, json_quote(to_text(n, p)), "expected a non-negative size");
            return;
        default:
            return;
    }
}

void validate_struct(const Node& n, const void* obj, const std::string& prefix) {
    for (const auto& c : n.children) {
        const void* p = c.member(const_cast<void*>(obj));
        std::string key = join(prefix, c.name);
        if (c.kind == Kind::Struct)
            validate_struct(c, p, key);
        else
            check_leaf(c, p, key);
    }
    if (n.check) n.check(obj, KeyPath{prefix});
}

// ---- JSON decode ----

void decode_struct(const Node& n, void* obj, const json::object& o, const std::string& prefix,
                   const Ctx& ctx);

void decode_value(const Node& n, void* p, const json::value& v, const std::string& key, const Ctx& ctx) {
    auto shown = [&] { return encode_compact(v); };
    switch (n.kind) {
        case Kind::Bool:
            if (v.is_bool()) {
                *static_cast<bool*>(p) = v.get_bool();
            } else if (v.is_string()) {
                set_from_text(n, p, v.get_string(), key);
            } else {
                bad_value(key, shown(), "expected true or false");
            }
            break;
        case Kind::Int:
        case Kind::Int64:
        case Kind::UInt64:
            if (v.is_int64()) {
                put_int(n, p, v.get_int64(), key, shown());
            } else if (v.is_uint64()) {
                put_int(n, p, v.get_uint64(), key, shown());
            } else if (v.is_double()) {
                // 1e3 is an integer too, as long as it is whole and within int64/uint64.
                double d = v.get_double();
                if (!(d == std::trunc(d) && d >= -9.2233720368547758e18 && d < 1.8446744073709552e19))
                    bad_value(key, shown(), int_expected(n));
                put_int(n, p, d < 0 ? i128(static_cast<int64_t>(d)) : i128(static_cast<uint64_t>(d)), key,
                        shown());
            } else if (v.is_string()) {
                set_from_text(n, p, v.get_string(), key);
            } else {
                bad_value(key, shown(), int_expected(n));
            }
            break;
        case Kind::Double:
            if (v.is_number()) {
                *static_cast<double*>(p) = v.to_number<double>();
            } else if (v.is_string()) {
                set_from_text(n, p, v.get_string(), key);
            } else {
                bad_value(key, shown(), "expected a number");
            }
            break;
        case Kind::String:
            if (!v.is_string()) bad_value(key, shown(), "expected a string");
            *static_cast<std::string*>(p) = std::string(v.get_string());
            break;
        case Kind::StrList: {
            if (!v.is_array()) bad_value(key, shown(), "expected an array of strings");
            std::vector<std::string> out;
            for (const auto& e : v.get_array()) {
                if (!e.is_string()) bad_value(key, shown(), "expected an array of strings");
                out.emplace_back(e.get_string());
            }
            *static_cast<std::vector<std::string>*>(p) = std::move(out);
            break;
        }
        case Kind::StrMap: {
            if (!v.is_object()) bad_value(key, shown(), "expected an object with string values");
            std::map<std::string, std::string> out;
            for (const auto& kv : v.get_object()) {
                if (kv.value().is_null()) continue;
                if (!kv.value().is_string()) bad_value(key, shown(), "expected an object with string values");
                out[std::string(kv.key())] = std::string(kv.value().get_string());
            }
            *static_cast<std::map<std::string, std::string>*>(p) = std::move(out);
            break;
        }
        case Kind::Duration:
            // AIS (cos.Duration) also takes a JSON number as nanoseconds; in a TOML file a bare number
            // is more likely a mistake ("10" meant as seconds), so there only strings are accepted.
            if (v.is_string()) {
                set_from_text(n, p, v.get_string(), key);
            } else if (v.is_int64() && !ctx.strict) {
                static_cast<Duration*>(p)->ns = v.get_int64();
            } else {
                bad_value(key, shown(), kDurationExpected);
            }
            break;
        case Kind::Size:
            if (v.is_int64() && v.get_int64() >= 0) {
                static_cast<SizeIEC*>(p)->bytes = v.get_int64();
            } else if (v.is_string()) {
                set_from_text(n, p, v.get_string(), key);
            } else {
                bad_value(key, shown(), kSizeExpected);
            }
            break;
        case Kind::Struct:
            if (!v.is_object()) bad_value(key, shown(), "expected an object");
            decode_struct(n, p, v.get_object(), key, ctx);
            return;  // leaves below were checked one by one
    }
    check_leaf(n, p, key);
}

void decode_struct(const Node& n, void* obj, const json::object& o, const std::string& prefix,
                   const Ctx& ctx) {
    for (const auto& kv : o) {
        const Node* c = find_child(n, kv.key());
        if (c == nullptr) {
            if (ctx.strict) unknown_key(ctx.noun, join(prefix, kv.key()));
            continue;
        }
        if (kv.value().is_null()) continue;
        if (ctx.partial && c->field->is_readonly) continue;
        decode_value(*c, c->member(obj), kv.value(), join(prefix, c->name), ctx);
    }
}

void decode_root(const Node& root, void* obj, const json::value& v, const Ctx& ctx) {
    if (!v.is_object())
        throw ErrBadRequest(fmt::format("invalid JSON: expected an object, got {}", encode_compact(v)));
    decode_struct(root, obj, v.get_object(), "", ctx);
}

// ---- JSON encode ----

bool is_empty(const Node& n, const void* p) {
    switch (n.kind) {
        case Kind::String:
            return static_cast<const std::string*>(p)->empty();
        case Kind::StrList:
            return static_cast<const std::vector<std::string>*>(p)->empty();
        case Kind::StrMap:
            return static_cast<const std::map<std::string, std::string>*>(p)->empty();
        case Kind::Int:
        case Kind::Int64:
        case Kind::UInt64:
            return get_int(n, p) == 0;
        case Kind::Bool:
            return !*static_cast<const bool*>(p);
        case Kind::Double:
            return *static_cast<const double*>(p) == 0;
        case Kind::Duration:
            return static_cast<const Duration*>(p)->ns == 0;
        case Kind::Size:
            return static_cast<const SizeIEC*>(p)->bytes == 0;
        case Kind::Struct:
            return false;
    }
    return false;
}

json::value encode_leaf(const Node& n, const void* p, bool hide) {
    const Field* f = n.field;
    switch (n.kind) {
        case Kind::Bool:
            return json::value(*static_cast<const bool*>(p));
        case Kind::Int:
        case Kind::Int64:
        case Kind::UInt64: {
            i128 v = get_int(n, p);
            if (f && f->json_string) return json::value(int_str(v));
            if (v < 0) return json::value(static_cast<int64_t>(v));
            return json::value(static_cast<uint64_t>(v));
        }
        case Kind::Double:
            return json::value(*static_cast<const double*>(p));
        case Kind::String: {
            const auto& s = *static_cast<const std::string*>(p);
            if (hide && f && f->is_secret && !s.empty()) return json::value(kMasked);
            return json::value(s);
        }
        case Kind::StrList: {
            json::array a;
            for (const auto& s : *static_cast<const std::vector<std::string>*>(p)) a.emplace_back(s);
            return a;
        }
        case Kind::StrMap: {
            json::object o;
            for (const auto& [k, v] : *static_cast<const std::map<std::string, std::string>*>(p)) o[k] = v;
            return o;
        }
        case Kind::Duration:
            return json::value(duration_str(static_cast<const Duration*>(p)->ns));
        case Kind::Size:
            return json::value(size_iec_compact(static_cast<const SizeIEC*>(p)->bytes));
        case Kind::Struct:
            break;
    }
    return nullptr;
}

json::value encode_node(const Node& n, const void* obj, bool hide) {
    if (n.kind != Kind::Struct) return encode_leaf(n, obj, hide);
    json::object o;
    for (const auto& c : n.children) {
        const void* p = c.member(const_cast<void*>(obj));
        if (c.field->omit_empty && is_empty(c, p)) continue;
        o[c.name] = encode_node(c, p, hide);
    }
    return o;
}

// Our own writer (rather than json::serialize) so that doubles print as Go prints them and the
// pretty form matches json.MarshalIndent(v, "", "    ").
void write_json(std::string& out, const json::value& v, int indent, bool pretty) {
    auto newline = [&](int level) {
        if (!pretty) return;
        out += '\n';
        out.append(static_cast<size_t>(level) * 4, ' ');
    };
    switch (v.kind()) {
        case json::kind::object: {
            const auto& o = v.get_object();
            if (o.empty()) {
                out += "{}";
                return;
            }
            out += '{';
            bool first = true;
            for (const auto& kv : o) {
                if (!first) out += ',';
                first = false;
                newline(indent + 1);
                out += json_quote(kv.key());
                out += pretty ? ": " : ":";
                write_json(out, kv.value(), indent + 1, pretty);
            }
            newline(indent);
            out += '}';
            return;
        }
        case json::kind::array: {
            const auto& a = v.get_array();
            if (a.empty()) {
                out += "[]";
                return;
            }
            out += '[';
            bool first = true;
            for (const auto& e : a) {
                if (!first) out += ',';
                first = false;
                newline(indent + 1);
                write_json(out, e, indent + 1, pretty);
            }
            newline(indent);
            out += ']';
            return;
        }
        case json::kind::string:
            out += json_quote(v.get_string());
            return;
        case json::kind::double_:
            out += fmt::format("{}", v.get_double());
            return;
        default:
            out += json::serialize(v);
            return;
    }
}

std::string encode_compact(const json::value& v) {
    std::string out;
    write_json(out, v, 0, false);
    return out;
}

json::value parse_json(std::string_view text) {
    json::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) throw ErrBadRequest(fmt::format("invalid JSON: {}", ec.message()));
    return v;
}

// ---- TOML ----

json::value toml_to_json(const toml::node& n) {
    if (auto t = n.as_table()) {
        json::object o;
        for (auto&& [k, v] : *t) o[std::string(k.str())] = toml_to_json(v);
        return o;
    }
    if (auto a = n.as_array()) {
        json::array arr;
        for (auto&& e : *a) arr.push_back(toml_to_json(e));
        return arr;
    }
    if (auto s = n.as_string()) return json::value(s->get());
    if (auto i = n.as_integer()) return json::value(i->get());
    if (auto d = n.as_floating_point()) return json::value(d->get());
    if (auto b = n.as_boolean()) return json::value(b->get());
    throw ErrBadRequest(
        fmt::format("line {}: TOML dates and times are not used in config files; quote the value",
                    n.source().begin.line));
}

std::string toml_quote(std::string_view s) {
    std::string out = "\"";
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (c < 0x20 || c == 0x7f)
                    out += fmt::format("\\u{:04X}", c);
                else
                    out += ch;
        }
    }
    out += '"';
    return out;
}

std::string toml_key(std::string_view k) {
    bool bare = !k.empty();
    for (char c : k)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) bare = false;
    return bare ? std::string(k) : toml_quote(k);
}

std::string toml_value(const Node& n, const void* p) {
    switch (n.kind) {
        case Kind::Bool:
            return *static_cast<const bool*>(p) ? "true" : "false";
        case Kind::Int:
        case Kind::Int64:
        case Kind::UInt64: {
            i128 v = get_int(n, p);
            // Native TOML integers even where JSON uses strings; but TOML integers are int64, so larger
            // uint64 values (e.g. access = all bits) go as strings.
            if (v > std::numeric_limits<int64_t>::max()) return toml_quote(int_str(v));
            return int_str(v);
        }
        case Kind::Double: {
            std::string s = fmt::format("{}", *static_cast<const double*>(p));
            if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // "n": inf/nan
            return s;
        }
        case Kind::String:
            return toml_quote(*static_cast<const std::string*>(p));
        case Kind::StrList: {
            std::string out = "[";
            for (const auto& s : *static_cast<const std::vector<std::string>*>(p)) {
                if (out.size() > 1) out += ", ";
                out += toml_quote(s);
            }
            return out + "]";
        }
        case Kind::Duration:
        case Kind::Size:
            return toml_quote(to_text(n, p));
        case Kind::StrMap:
        case Kind::Struct:
            break;
    }
    return {};
}

std::string doc_comment(const Field& f) {
    std::string s = fmt::format("# {}", f.doc);
    if (!f.choices.empty()) s += fmt::format(" (one of: {})", choices_text(f));
    return s + "\n";
}

void emit_toml(std::string& out, const Node& n, const void* obj, const std::string& prefix) {
    bool has_leaf = false;
    for (const auto& c : n.children) has_leaf |= c.kind != Kind::Struct && c.kind != Kind::StrMap;
    if (!prefix.empty() && (has_leaf || n.children.empty())) {
        if (!out.empty()) out += '\n';
        out += doc_comment(*n.field);
        out += fmt::format("[{}]\n", prefix);
    }
    for (const auto& c : n.children) {
        if (c.kind == Kind::Struct || c.kind == Kind::StrMap) continue;
        out += doc_comment(*c.field);
        out += fmt::format("{} = {}\n", c.name, toml_value(c, c.member(const_cast<void*>(obj))));
    }
    for (const auto& c : n.children) {
        const void* p = c.member(const_cast<void*>(obj));
        std::string path = join(prefix, c.name);
        if (c.kind == Kind::Struct) {
            emit_toml(out, c, p, path);
        } else if (c.kind == Kind::StrMap) {
            if (!out.empty()) out += '\n';
            out += doc_comment(*c.field);
            out += fmt::format("[{}]\n", path);
            for (const auto& [k, v] : *static_cast<const std::map<std::string, std::string>*>(p))
                out += fmt::format("{} = {}\n", toml_key(k), toml_quote(v));
        }
    }
}

// ---- dotted keys ----

struct Resolved {
    const Node* node = nullptr;
    void* ptr = nullptr;
    std::string path;     // canonical dotted name
    std::string map_key;  // for "aliases.NAME"
    bool map_entry = false;
};

Resolved resolve(const Node& root, void* obj, std::string_view key) {
    Resolved r{&root, obj, "", "", false};
    if (key.empty()) unknown_key(root.noun, key);
    auto parts = split(key, '.');
    for (size_t i = 0; i < parts.size(); ++i) {
        if (r.node->kind == Kind::StrMap && i + 1 == parts.size() && !parts[i].empty()) {
            r.map_key = std::string(parts[i]);
            r.map_entry = true;
            r.path = join(r.path, parts[i]);
            return r;
        }
        const Node* c = r.node->kind == Kind::Struct ? find_child(*r.node, parts[i]) : nullptr;
        if (c == nullptr) unknown_key(root.noun, key);
        r.ptr = c->member(r.ptr);
        r.node = c;
        r.path = join(r.path, c->name);
    }
    return r;
}

void fill_defaults(Node& n, const void* obj) {
    for (auto& c : n.children) {
        const void* p = c.member(const_cast<void*>(obj));
        if (c.kind == Kind::Struct)
            fill_defaults(c, p);
        else
            c.def = to_text(c, p);
    }
}

void list_into(const Node& n, const std::string& prefix, std::vector<KeyInfo>& out) {
    for (const auto& c : n.children) {
        std::string key = join(prefix, c.name);
        if (c.kind == Kind::Struct) {
            list_into(c, key, out);
            continue;
        }
        KeyInfo k;
        k.key = key;
        k.type = type_name(c);
        k.def = c.def;
        k.doc = std::string(c.field->doc);
        for (auto ch : choices_of(*c.field)) k.choices.emplace_back(ch);
        if (has_range(*c.field)) {
            k.ranged = true;
            k.lo = c.field->lo;
            k.hi = c.field->hi;
        }
        k.secret = c.field->is_secret;
        k.readonly = c.field->is_readonly;
        out.push_back(std::move(k));
    }
}

void flatten_into(const Node& n, const void* obj, const std::string& prefix, bool hide,
                  std::vector<std::pair<std::string, std::string>>& out) {
    for (const auto& c : n.children) {
        const void* p = c.member(const_cast<void*>(obj));
        std::string key = join(prefix, c.name);
        if (c.kind == Kind::Struct) {
            flatten_into(c, p, key, hide, out);
        } else if (c.kind == Kind::StrMap) {
            for (const auto& [k, v] : *static_cast<const std::map<std::string, std::string>*>(p))
                out.emplace_back(join(key, k), v);
        } else {
            std::string v = to_text(c, p);
            if (hide && c.field->is_secret && !v.empty()) v = kMasked;
            out.emplace_back(std::move(key), std::move(v));
        }
    }
}

}  // namespace

// ---- entry points ----

void decode_json(const Node& root, void* obj, std::string_view text, bool partial) {
    decode_root(root, obj, parse_json(text), Ctx{root.noun, partial, false});
}

void decode_json_value(const Node& root, void* obj, const json::value& v, bool partial) {
    decode_root(root, obj, v, Ctx{root.noun, partial, false});
}

std::string encode_json(const Node& root, const void* obj, bool hide_secrets, bool pretty) {
    std::string out;
    write_json(out, encode_node(root, obj, hide_secrets), 0, pretty);
    return out;
}

json::value encode_json_value(const Node& root, const void* obj, bool hide_secrets) {
    return encode_node(root, obj, hide_secrets);
}

void decode_toml(const Node& root, void* obj, std::string_view text, std::string_view source) {
    toml::table tbl;
    try {
        tbl = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        throw ErrBadRequest(fmt::format("{}:{}:{}: {}", source, e.source().begin.line,
                                        e.source().begin.column, e.description()));
    }
    try {
        decode_root(root, obj, toml_to_json(tbl), Ctx{root.noun, false, true});
    } catch (const ErrBadRequest& e) {
        throw ErrBadRequest(fmt::format("{}: {}", source, e.what()));
    }
}

std::string encode_toml(const Node& root, const void* obj) {
    std::string out;
    emit_toml(out, root, obj, "");
    return out;
}

void set_kv(const Node& root, void* obj, std::string_view key, std::string_view value) {
    Resolved r = resolve(root, obj, key);
    const Node& n = *r.node;
    if (r.map_entry) {
        auto& m = *static_cast<std::map<std::string, std::string>*>(r.ptr);
        if (value.empty())
            m.erase(r.map_key);
        else
            m[r.map_key] = std::string(value);
        return;
    }
    if (n.field->is_readonly) throw ErrBadRequest(fmt::format("{} \"{}\" is read-only", root.noun, r.path));
    if (n.kind == Kind::Struct || n.kind == Kind::StrMap) {
        std::string_view t = value;
        while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
        if (t.empty() || t.front() != '{') {
            std::string example = n.kind == Kind::Struct && !n.children.empty()
                                      ? fmt::format("{}.{}", r.path, n.children.front().name)
                                      : fmt::format("{}.NAME", r.path);
            bad_value(r.path, json_quote(value),
                      fmt::format("expected a JSON object (or set one of its keys, e.g. \"{}\")", example));
        }
        json::value v = parse_json(t);
        decode_value(n, r.ptr, v, r.path, Ctx{root.noun, true, false});
        return;
    }
    set_from_text(n, r.ptr, value, r.path);
    check_leaf(n, r.ptr, r.path);
}

std::string get_kv(const Node& root, const void* obj, std::string_view key) {
    Resolved r = resolve(root, const_cast<void*>(obj), key);
    if (r.map_entry) {
        const auto& m = *static_cast<const std::map<std::string, std::string>*>(r.ptr);
        auto it = m.find(r.map_key);
        if (it == m.end()) unknown_key(root.noun, key);
        return it->second;
    }
    return to_text(*r.node, r.ptr);
}

std::vector<KeyInfo> list_keys(const Node& root) {
    std::vector<KeyInfo> out;
    list_into(root, "", out);
    return out;
}

std::vector<std::pair<std::string, std::string>> flatten(const Node& root, const void* obj,
                                                         bool hide_secrets) {
    std::vector<std::pair<std::string, std::string>> out;
    flatten_into(root, obj, "", hide_secrets, out);
    return out;
}

void validate(const Node& root, const void* obj) {
    validate_struct(root, obj, "");
}

bool has_secrets(const Node& n, const void* obj) {
    for (const auto& c : n.children) {
        const void* p = c.member(const_cast<void*>(obj));
        if (c.kind == Kind::Struct ? has_secrets(c, p)
                                   : c.field->is_secret && c.kind == Kind::String &&
                                         !static_cast<const std::string*>(p)->empty())
            return true;
    }
    return false;
}

void set_defaults(Node& root, const void* obj) {
    fill_defaults(root, obj);
}

void invalid_value(std::string_view key, std::string_view value, std::string_view tail) {
    bad_value(key, json_quote(value), tail);
}

void check_log_level(std::string_view key, std::string_view level) {
    bool ok = !level.empty() && level[0] >= '0' && level[0] <= '5';
    if (ok && level.size() > 1) {
        ok = level[1] == ' ' && level.size() > 2;
        for (char c : level.substr(std::min<size_t>(2, level.size())))
            ok &= std::isalnum(static_cast<unsigned char>(c)) || c == ',' || c == '_' || c == '-';
    }
    if (!ok)
        bad_value(key, json_quote(level),
                  "expected 0..5, optionally followed by module names (e.g. \"4 ec,xs\")");
}

std::string read_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) throw ErrNotFound(fmt::format("config file \"{}\" does not exist", path));
        throw ErrBadRequest(fmt::format("cannot read config file \"{}\": {}", path, std::strerror(errno)));
    }
    std::string out;
    char buf[16384];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int e = errno;
            ::close(fd);
            throw ErrBadRequest(fmt::format("cannot read config file \"{}\": {}", path, std::strerror(e)));
        }
        if (n == 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return out;
}

void write_file_atomic(const std::string& path, std::string_view data, bool private_file) {
    namespace fs = std::filesystem;
    auto fail = [&](const char* what) {
        throw Error(500, fmt::format("cannot {} config file \"{}\": {}", what, path, std::strerror(errno)));
    };
    fs::path p(path);
    if (p.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(p.parent_path(), ec);
        if (ec) throw Error(500, fmt::format("cannot create directory of \"{}\": {}", path, ec.message()));
    }
    std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, private_file ? 0600 : 0644);
    if (fd < 0) fail("create");
    size_t off = 0;
    while (off < data.size()) {
        ssize_t n = ::write(fd, data.data() + off, data.size() - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            errno = e;
            fail("write");
        }
        off += static_cast<size_t>(n);
    }
    int rc = ::fsync(fd);
    int e = errno;
    if (::close(fd) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    if (rc != 0) {
        ::unlink(tmp.c_str());
        errno = e;
        fail("sync");
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        int e = errno;
        ::unlink(tmp.c_str());
        errno = e;
        fail("rename");
    }
    // Make the rename itself durable.
    std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)::fsync(dfd);
        ::close(dfd);
    }
}

}  // namespace detail
}  // namespace ais::config
