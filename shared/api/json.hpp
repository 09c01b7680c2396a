// JSON decoding the way AIS peers expect it (spec §0), on top of Boost.JSON. For the .cpp files
// that implement wire types (here and in the node); other code uses the text-level
// to_json/from_json of codec.hpp and never includes this header.
//
// The rules, which Go's jsoniter applies and Python relies on:
//   - keys match case-insensitively (Python sends "ID"/"Kind" where Go tags say "id"/"kind");
//   - unknown keys are ignored; `null` means "absent" (the field keeps its default);
//   - int64 fields accept a number or a string ("123"), because Go's `,string` fields arrive as
//     strings and Python sometimes sends numbers;
//   - uint64 keeps its full range (id_digest, access bits): never through a double.
// A value of the wrong type (a string where an object belongs) throws ErrBadRequest naming the
// key, as a malformed request should.
#pragma once

#include "shared/api/codec.hpp"
#include "shared/util/errors.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include <concepts>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ais::api {

namespace bj = boost::json;

// ---- primitives: from a JSON value (the value is known to be non-null) ----
// The non-template ones (string, bool, int, int64_t, uint64_t, double, vector<string>) are
// declared in codec.hpp; `what` names the key for error messages.

// Other integers (int16_t, uint32_t, ...): range-checked through int64/uint64.
template <std::integral T>
requires(!std::same_as<T, bool> && !std::same_as<T, int64_t> && !std::same_as<T, uint64_t> &&
         !std::same_as<T, int>) void from_jv(const bj::value& v, T& out, std::string_view what = {}) {
    if constexpr (std::is_signed_v<T>) {
        int64_t x = 0;
        from_jv(v, x, what);
        if (x < std::numeric_limits<T>::min() || x > std::numeric_limits<T>::max())
            throw ErrBadRequest("json: value of \"" + std::string(what) + "\" out of range");
        out = static_cast<T>(x);
    } else {
        uint64_t x = 0;
        from_jv(v, x, what);
        if (x > std::numeric_limits<T>::max())
            throw ErrBadRequest("json: value of \"" + std::string(what) + "\" out of range");
        out = static_cast<T>(x);
    }
}

template <class T>
void from_jv(const bj::value& v, std::optional<T>& out, std::string_view what = {}) {
    T x{};
    from_jv(v, x, what);
    out = std::move(x);
}

namespace json {
// `v` must be an object (or array); throws ErrBadRequest otherwise.
const bj::object& as_object(const bj::value& v, std::string_view what = {});
const bj::array& as_array(const bj::value& v, std::string_view what = {});
[[noreturn]] void type_error(std::string_view what, std::string_view expected);
}  // namespace json

// ---- containers (null decodes as empty) ----
template <class T>
void from_jv(const bj::value& v, std::vector<T>& out, std::string_view what = {}) {
    out.clear();
    if (v.is_null()) return;
    const auto& arr = json::as_array(v, what);
    out.reserve(arr.size());
    for (const auto& item : arr) {
        T x{};
        if (!item.is_null()) from_jv(item, x, what);
        out.push_back(std::move(x));
    }
}

template <class T>
void from_jv(const bj::value& v, std::map<std::string, T>& out, std::string_view what = {}) {
    out.clear();
    if (v.is_null()) return;
    const auto& obj = json::as_object(v, what);
    for (const auto& kv : obj) {
        T x{};
        if (!kv.value().is_null()) from_jv(kv.value(), x, kv.key());
        out.emplace(std::string(kv.key()), std::move(x));
    }
}

namespace json {

// Parses text; malformed JSON throws ErrBadRequest.
bj::value parse(std::string_view text);
std::string serialize(const bj::value& v);

// Key lookup: exact match first, then ASCII case-insensitive. Returns nullptr when the key is
// missing or its value is null.
const bj::value* find(const bj::object& o, std::string_view key);

// Reads o[key] into `out` if present and not null; returns whether it did.
template <class T>
bool get(const bj::object& o, std::string_view key, T& out) {
    const bj::value* v = find(o, key);
    if (!v) return false;
    from_jv(*v, out, key);
    return true;
}

// The first of several accepted spellings that is present (e.g. QueryMsg "node" / "DaemonID").
template <class T>
bool get_any(const bj::object& o, std::initializer_list<std::string_view> keys, T& out) {
    for (auto k : keys)
        if (get(o, k, out)) return true;
    return false;
}

// The raw JSON text of o[key] ("null" when absent): for action-specific payloads.
std::string get_raw(const bj::object& o, std::string_view key);

// Go `,string` encoding of integers.
inline bj::string str_int(int64_t v) {
    return bj::string(std::to_string(v));
}
inline bj::string str_uint(uint64_t v) {
    return bj::string(std::to_string(v));
}

// Parses raw JSON text for embedding ("" -> null).
bj::value raw(std::string_view text);

}  // namespace json

namespace json {
// Encoders for the common containers.
bj::array str_array(const std::vector<std::string>& v);
bj::object str_map(const std::map<std::string, std::string>& m);
}  // namespace json

}  // namespace ais::api
