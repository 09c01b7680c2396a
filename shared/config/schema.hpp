// The config schema engine. A config is a plain struct of plain members, described with
// BOOST_DESCRIBE_STRUCT, plus a `static constexpr Field fields[]` table with one entry per member in
// the same order: the member's wire name, a one-line doc and its constraints. Defaults are the member
// initializers. From that single declaration come:
//   - JSON with AIS field names (Boost.JSON, inside the .cpp): decoding is case-insensitive, ignores
//     unknown keys and treats null as absent (spec §0);
//   - TOML files (toml++, inside the .cpp), written with the docs as comments;
//   - dotted-key access `set_kv(cfg, "checksum.type", "md5")` / `get_kv` / `list_keys<T>()`, which
//     back `ais config cluster k=v`, `ais bucket props set` and completion of keys;
//   - validation: per-field constraints from the table, then an optional cross-field
//     `void validate(const KeyPath&) const` member, run after every decode/set/apply.
//
// Member types: bool, int, int64_t, uint64_t, double, std::string, std::vector<std::string>,
// std::map<std::string, std::string>, Duration, SizeIEC and nested described structs. A member whose
// name ends with '_' (e.g. `namespace_`) is spelled without it on the wire.
//
// The generic functions below are thin inline wrappers over non-template code in schema.cpp; the only
// per-type piece, `schema_of<T>()`, is explicitly instantiated in shared/config/*.cpp for every config
// struct of this module (root configs and their sections). Errors are ais::ErrBadRequest naming the
// dotted key and the offending value. Mutating calls give the strong guarantee: on error the target
// is unchanged.
#pragma once

#include <boost/describe/class.hpp>
#include <boost/json/fwd.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ais::config {

// A Go time.Duration: JSON/TOML as a Go duration string ("10s", "2h0m0s"); integer ns also accepted.
struct Duration {
    int64_t ns = 0;
    constexpr int64_t ms() const { return ns / 1'000'000; }
    constexpr double seconds() const { return static_cast<double>(ns) / 1e9; }
    bool operator==(const Duration&) const = default;
    auto operator<=>(const Duration&) const = default;
};
constexpr Duration nanos(int64_t n) {
    return {n};
}
constexpr Duration millis(int64_t n) {
    return {n * 1'000'000};
}
constexpr Duration seconds(int64_t n) {
    return {n * 1'000'000'000};
}
constexpr Duration minutes(int64_t n) {
    return {n * 60'000'000'000};
}
constexpr Duration hours(int64_t n) {
    return {n * 3'600'000'000'000};
}

// AIS cos.SizeIEC: bytes, JSON/TOML as an IEC size string ("4MiB", "0B"); integer bytes also accepted.
struct SizeIEC {
    int64_t bytes = 0;
    bool operator==(const SizeIEC&) const = default;
    auto operator<=>(const SizeIEC&) const = default;
};
constexpr SizeIEC kib(int64_t n) {
    return {n << 10};
}
constexpr SizeIEC mib(int64_t n) {
    return {n << 20};
}
constexpr SizeIEC gib(int64_t n) {
    return {n << 30};
}
constexpr SizeIEC tib(int64_t n) {
    return {n << 40};
}

// One row of a struct's `fields` table. Builders chain: Field("copies", "...").range(1, 32).
struct Field {
    std::string_view name;     // C++ member name (checked at compile time against the description)
    std::string_view doc;      // one line, shown by docs/configuration.md, `ais` help and TOML comments
    std::string_view choices;  // allowed string values, comma-separated ("" = any)
    int64_t lo = std::numeric_limits<int64_t>::min();  // inclusive bounds for integer members
    int64_t hi = std::numeric_limits<int64_t>::max();
    bool is_secret = false;    // replaced by "**********" when serialised for clients
    bool json_string = false;  // integer emitted as a JSON string (Go `,string`); both accepted
    bool omit_empty = false;   // not emitted when empty/zero (Go `,omitempty`)
    bool is_readonly = false;  // set by the system: ignored by apply_json, rejected by set_kv
    uint64_t (*text_parser)(std::string_view) = nullptr;  // integer from text (e.g. access names)

    constexpr Field(std::string_view n, std::string_view d) : name(n), doc(d) {}
    constexpr Field range(int64_t l, int64_t h) const {
        Field f = *this;
        f.lo = l;
        f.hi = h;
        return f;
    }
    constexpr Field one_of(std::string_view c) const {
        Field f = *this;
        f.choices = c;
        return f;
    }
    constexpr Field secret() const {
        Field f = *this;
        f.is_secret = true;
        return f;
    }
    constexpr Field quoted() const {
        Field f = *this;
        f.json_string = true;
        return f;
    }
    constexpr Field omitempty() const {
        Field f = *this;
        f.omit_empty = true;
        return f;
    }
    constexpr Field readonly() const {
        Field f = *this;
        f.is_readonly = true;
        return f;
    }
    constexpr Field parse_with(uint64_t (*p)(std::string_view)) const {
        Field f = *this;
        f.text_parser = p;
        return f;
    }
};

// Hands cross-field validators the full dotted name of a key: k("lowwm") -> "space.lowwm".
struct KeyPath {
    std::string_view prefix;  // "" at the root, else "space", "net.http", ...
    std::string operator()(std::string_view key) const;
};

// One settable leaf key, for completion, docs and `ais config ... --help`.
struct KeyInfo {
    std::string key;   // dotted: "checksum.type"
    std::string type;  // bool, int, int64, uint64, float, string, []string, map[string]string, duration, size
    std::string def;   // default, formatted as get_kv formats values
    std::string doc;
    std::vector<std::string> choices;  // enumerated values, if any
    bool ranged = false;               // integer bounds apply: lo <= value <= hi
    int64_t lo = 0, hi = 0;
    bool secret = false;
    bool readonly = false;
};

namespace detail {
struct Node;  // runtime schema tree, built once per type (schema_impl.hpp)

void decode_json(const Node& root, void* obj, std::string_view json, bool partial);
void decode_json_value(const Node& root, void* obj, const boost::json::value& v, bool partial);
std::string encode_json(const Node& root, const void* obj, bool hide_secrets, bool pretty);
boost::json::value encode_json_value(const Node& root, const void* obj, bool hide_secrets);
void decode_toml(const Node& root, void* obj, std::string_view text, std::string_view source);
std::string encode_toml(const Node& root, const void* obj);
void set_kv(const Node& root, void* obj, std::string_view key, std::string_view value);
std::string get_kv(const Node& root, const void* obj, std::string_view key);
std::vector<KeyInfo> list_keys(const Node& root);
std::vector<std::pair<std::string, std::string>> flatten(const Node& root, const void* obj,
                                                         bool hide_secrets);
void validate(const Node& root, const void* obj);
bool has_secrets(const Node& root, const void* obj);
std::string read_file(const std::string& path);
void write_file_atomic(const std::string& path, std::string_view data, bool private_file);
}  // namespace detail

// The schema of T: explicitly instantiated in shared/config/*.cpp for every config struct here.
template <class T>
const detail::Node& schema_of();

// Runs per-field constraints and `validate()` hooks; throws ErrBadRequest naming the key.
template <class T>
void validate(const T& t) {
    detail::validate(schema_of<T>(), &t);
}

// ---- JSON ----

// A whole T: defaults for absent keys, then validated. Read-only keys are decoded too.
template <class T>
T from_json(std::string_view json) {
    T t{};
    detail::decode_json(schema_of<T>(), &t, json, false);
    detail::validate(schema_of<T>(), &t);
    return t;
}
template <class T>
T from_json_value(const boost::json::value& v) {
    T t{};
    detail::decode_json_value(schema_of<T>(), &t, v, false);
    detail::validate(schema_of<T>(), &t);
    return t;
}

// Partial update (ConfigToSet, BpropsToSet): only keys present change; read-only keys are ignored.
template <class T>
void apply_json(T& t, std::string_view json) {
    T tmp = t;
    detail::decode_json(schema_of<T>(), &tmp, json, true);
    detail::validate(schema_of<T>(), &tmp);
    t = std::move(tmp);
}
template <class T>
void apply_json_value(T& t, const boost::json::value& v) {
    T tmp = t;
    detail::decode_json_value(schema_of<T>(), &tmp, v, true);
    detail::validate(schema_of<T>(), &tmp);
    t = std::move(tmp);
}

// Compact JSON in declaration order, AIS names. hide_secrets masks Field::secret() values.
template <class T>
std::string to_json(const T& t, bool hide_secrets = false) {
    return detail::encode_json(schema_of<T>(), &t, hide_secrets, false);
}
// Go's json.MarshalIndent(v, "", "    "): what `ais ... --json` prints.
template <class T>
std::string to_json_pretty(const T& t, bool hide_secrets = false) {
    return detail::encode_json(schema_of<T>(), &t, hide_secrets, true);
}
// For embedding in a larger document (BMD, node config). Include <boost/json.hpp> to use the result
// (V only defers the need for the complete type to the caller).
template <class T, class V = boost::json::value>
V to_json_value(const T& t, bool hide_secrets = false) {
    return detail::encode_json_value(schema_of<T>(), &t, hide_secrets);
}

// ---- TOML and files ----

// TOML is strict where JSON is lenient: an unknown key is an error (it is usually a typo in a file a
// person wrote). Keys match case-insensitively; `source` names the input in error messages.
template <class T>
T from_toml(std::string_view text, std::string_view source = "toml") {
    T t{};
    detail::decode_toml(schema_of<T>(), &t, text, source);
    detail::validate(schema_of<T>(), &t);
    return t;
}
// Every key, in declaration order, each preceded by its doc as a comment.
template <class T>
std::string to_toml(const T& t) {
    return detail::encode_toml(schema_of<T>(), &t);
}
// A missing file throws ErrNotFound; a malformed one ErrBadRequest with path:line:column.
template <class T>
T load_toml(const std::string& path) {
    return from_toml<T>(detail::read_file(path), path);
}
// Atomic: writes `path.tmp.<pid>`, fsyncs, renames over `path`; creates missing parent dirs.
// The file is 0600 when it holds a secret, else 0644.
template <class T>
void save_toml(const std::string& path, const T& t) {
    detail::write_file_atomic(path, to_toml(t), detail::has_secrets(schema_of<T>(), &t));
}
template <class T>
T load_json(const std::string& path) {
    return from_json<T>(detail::read_file(path));
}
template <class T>
void save_json(const std::string& path, const T& t) {
    detail::write_file_atomic(path, to_json_pretty(t) + "\n", detail::has_secrets(schema_of<T>(), &t));
}

// ---- dotted keys ----

// Sets one leaf from text: bools as parse_bool, durations "10s", sizes "4MiB", lists "a,b" or a JSON
// array ("" and "none" clear), map entries "aliases.NAME" ("" removes). A section key accepts a JSON
// object, applied like apply_json. Then validates the whole T.
//   invalid value "md55" for "checksum.type": expected one of none, xxhash, ..., sha512
//   unknown config key "checksum.typo"
template <class T>
void set_kv(T& t, std::string_view key, std::string_view value) {
    T tmp = t;
    detail::set_kv(schema_of<T>(), &tmp, key, value);
    detail::validate(schema_of<T>(), &tmp);
    t = std::move(tmp);
}
// Several keys at once, validated once at the end (so that e.g. lowwm and highwm can move together).
template <class T>
void set_kvs(T& t, const std::vector<std::pair<std::string, std::string>>& kvs) {
    T tmp = t;
    for (const auto& [k, v] : kvs) detail::set_kv(schema_of<T>(), &tmp, k, v);
    detail::validate(schema_of<T>(), &tmp);
    t = std::move(tmp);
}
// A leaf formatted as set_kv accepts it (secrets included); a section as compact JSON.
template <class T>
std::string get_kv(const T& t, std::string_view key) {
    return detail::get_kv(schema_of<T>(), &t, key);
}
// Every leaf key in declaration order, with type, default, doc and choices.
template <class T>
std::vector<KeyInfo> list_keys() {
    return detail::list_keys(schema_of<T>());
}
// Every leaf as (dotted key, value as get_kv formats it): the rows of `ais show config`.
template <class T>
std::vector<std::pair<std::string, std::string>> flatten(const T& t, bool hide_secrets = true) {
    return detail::flatten(schema_of<T>(), &t, hide_secrets);
}

}  // namespace ais::config
