// Private to shared/config: turns a described struct into the runtime schema tree (detail::Node)
// that the non-template engine in schema.cpp walks. Include only from shared/config/*.cpp and end the
// file with AIS_CONFIG_SCHEMA(T) for each struct whose schema_of<T>() callers may need.
#pragma once

#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>

#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "shared/config/schema.hpp"

namespace ais::config::detail {

enum class Kind : uint8_t {
    Bool,
    Int,
    Int64,
    UInt64,
    Double,
    String,
    StrList,
    StrMap,
    Duration,
    Size,
    Struct
};

struct Node {
    std::string name;  // wire name (member name minus a trailing '_')
    Kind kind = Kind::Struct;
    const Field* field = nullptr;                               // docs and constraints; nullptr at the root
    void* (*member)(void* parent) = nullptr;                    // this member inside its parent struct
    void (*check)(const void* self, const KeyPath&) = nullptr;  // the struct's validate(), if any
    std::vector<Node> children;                                 // Struct only, in declaration order
    std::string_view noun;  // root only: "config key" or "bucket property"
    std::string def;        // leaves: the default, formatted as get_kv formats it
};

// For validate() hooks: throws `invalid value <json-quoted value> for "<key>": <tail>`.
[[noreturn]] void invalid_value(std::string_view key, std::string_view value, std::string_view tail);
// AIS log level: "0".."5", optionally followed by a space and module names ("4 ec,xs").
void check_log_level(std::string_view key, std::string_view level);

// Records every leaf's default (from a default-constructed instance) in the tree.
void set_defaults(Node& root, const void* defaults);

template <class T>
concept Described = boost::describe::has_describe_members<T>::value;

template <class T>
constexpr bool always_false = false;

template <class M>
constexpr Kind kind_of() {
    if constexpr (std::is_same_v<M, bool>)
        return Kind::Bool;
    else if constexpr (std::is_same_v<M, int>)
        return Kind::Int;
    else if constexpr (std::is_same_v<M, int64_t>)
        return Kind::Int64;
    else if constexpr (std::is_same_v<M, uint64_t>)
        return Kind::UInt64;
    else if constexpr (std::is_same_v<M, double>)
        return Kind::Double;
    else if constexpr (std::is_same_v<M, std::string>)
        return Kind::String;
    else if constexpr (std::is_same_v<M, std::vector<std::string>>)
        return Kind::StrList;
    else if constexpr (std::is_same_v<M, std::map<std::string, std::string>>)
        return Kind::StrMap;
    else if constexpr (std::is_same_v<M, Duration>)
        return Kind::Duration;
    else if constexpr (std::is_same_v<M, SizeIEC>)
        return Kind::Size;
    else if constexpr (Described<M>)
        return Kind::Struct;
    else
        static_assert(always_false<M>, "unsupported config member type");
}

template <class T>
using members_of = boost::describe::describe_members<T, boost::describe::mod_public>;

// The `fields` table must name every described member, in order: docs cannot silently go missing.
template <class T>
consteval bool fields_match_members() {
    constexpr std::size_t n = boost::mp11::mp_size<members_of<T>>::value;
    if constexpr (n == 0) {
        return true;
    } else {
        if (std::size(T::fields) != n) return false;
        bool ok = true;
        std::size_t i = 0;
        boost::mp11::mp_for_each<members_of<T>>([&](auto d) {
            if (std::string_view(d.name) != T::fields[i].name) ok = false;
            ++i;
        });
        return ok;
    }
}

template <class T>
void build_members(Node& node);

template <class T>
void build_children(Node& node) {
    static_assert(fields_match_members<T>(),
                  "T::fields must list every member of BOOST_DESCRIBE_STRUCT(T, ...) in the same order");
    if constexpr (requires(const T& t, const KeyPath& k) { t.validate(k); }) {
        node.check = [](const void* self, const KeyPath& k) { static_cast<const T*>(self)->validate(k); };
    }
    if constexpr (boost::mp11::mp_size<members_of<T>>::value != 0) build_members<T>(node);
}

template <class T>
void build_members(Node& node) {
    std::size_t i = 0;
    boost::mp11::mp_for_each<members_of<T>>([&](auto d) {
        using D = decltype(d);
        using M = std::remove_cvref_t<decltype(std::declval<T&>().*D::pointer)>;
        Node child;
        child.name = D::name;
        if (child.name.ends_with('_')) child.name.pop_back();
        child.kind = kind_of<M>();
        child.field = &T::fields[i++];
        child.member = [](void* parent) -> void* { return &(static_cast<T*>(parent)->*D::pointer); };
        if constexpr (Described<M>) build_children<M>(child);
        node.children.push_back(std::move(child));
    });
}

template <class T>
std::string_view noun_of() {
    if constexpr (requires { T::key_noun; })
        return T::key_noun;
    else
        return "config key";
}

}  // namespace ais::config::detail

namespace ais::config {
// Built once per T on first use (thread-safe static).
template <class T>
const detail::Node& schema_of() {
    static const detail::Node root = [] {
        detail::Node n;
        n.noun = detail::noun_of<T>();
        detail::build_children<T>(n);
        const T defaults{};
        detail::set_defaults(n, &defaults);
        return n;
    }();
    return root;
}
}  // namespace ais::config

// Explicitly instantiates schema_of<T>() so that other libraries can link against it.
#define AIS_CONFIG_SCHEMA(T) template const ::ais::config::detail::Node& ::ais::config::schema_of<T>();
