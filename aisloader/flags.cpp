#include "aisloader/flags.hpp"

#include "shared/util/units.hpp"

#include <algorithm>
#include <climits>

namespace ais::loader {

namespace {

// Go's %q for the characters that appear in flag values.
std::string go_quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    out += '"';
    return out;
}

bool is_zero_value(const FlagSet::Entry& e) {
    return e.def.empty() || e.def == "false" || e.def == "0" || e.def == "0s";
}

}  // namespace

bool go_parse_bool(std::string_view s, bool* out) {
    static constexpr std::string_view yes[] = {"1", "t", "T", "TRUE", "true", "True"};
    static constexpr std::string_view no[] = {"0", "f", "F", "FALSE", "false", "False"};
    for (auto y : yes)
        if (s == y) return *out = true, true;
    for (auto n : no)
        if (s == n) return *out = false, true;
    return false;
}

bool go_parse_int(std::string_view s, int64_t* out) {
    bool neg = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty()) return false;
    int base = 10;
    bool prefixed = false;
    if (s.size() > 1 && s[0] == '0') {
        char p = static_cast<char>(s[1] | 0x20);
        if (p == 'x')
            base = 16, prefixed = true, s.remove_prefix(2);
        else if (p == 'o')
            base = 8, prefixed = true, s.remove_prefix(2);
        else if (p == 'b')
            base = 2, prefixed = true, s.remove_prefix(2);
        else
            base = 8, prefixed = true, s.remove_prefix(1);
    }
    if (s.empty()) return false;
    unsigned __int128 v = 0;
    bool last_us = true;  // '_' must separate digits (and may follow a base prefix)
    if (!prefixed && s.front() == '_') return false;
    for (char c : s) {
        if (c == '_') {
            if (!prefixed || last_us) return false;
            last_us = true;
            continue;
        }
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            d = (c | 0x20) - 'a' + 10;
        else
            return false;
        if (d >= base) return false;
        v = v * base + d;
        if (v > static_cast<unsigned __int128>(INT64_MAX) + 1) return false;
        last_us = false;
    }
    if (last_us) return false;  // trailing '_'
    if (!neg && v > static_cast<unsigned __int128>(INT64_MAX)) return false;
    *out = neg ? static_cast<int64_t>(-static_cast<__int128>(v)) : static_cast<int64_t>(v);
    return true;
}

std::string FlagSet::Entry::value() const {
    switch (kind) {
        case Kind::boolean:
            return *static_cast<bool*>(dst) ? "true" : "false";
        case Kind::string:
            return *static_cast<std::string*>(dst);
        case Kind::integer:
            return std::to_string(*static_cast<int64_t*>(dst));
        case Kind::duration:
            return duration_str(*static_cast<int64_t*>(dst));
    }
    return {};
}

void FlagSet::add_bool(std::string name, bool* dst, bool def, std::string usage) {
    *dst = def;
    entries_.push_back(
        {std::move(name), std::move(usage), def ? "true" : "false", Kind::boolean, false, dst});
}

void FlagSet::add_string(std::string name, std::string* dst, std::string def, std::string usage) {
    *dst = def;
    entries_.push_back({std::move(name), std::move(usage), std::move(def), Kind::string, false, dst});
}

void FlagSet::add_int(std::string name, int64_t* dst, int64_t def, std::string usage) {
    *dst = def;
    entries_.push_back({std::move(name), std::move(usage), std::to_string(def), Kind::integer, false, dst});
}

void FlagSet::add_duration(std::string name, int64_t* dst_ns, int64_t def_ns, std::string usage) {
    *dst_ns = def_ns;
    entries_.push_back(
        {std::move(name), std::move(usage), duration_str(def_ns), Kind::duration, false, dst_ns});
}

FlagSet::Entry* FlagSet::find(std::string_view name) {
    for (auto& e : entries_)
        if (e.name == name) return &e;
    return nullptr;
}

const FlagSet::Entry* FlagSet::find(std::string_view name) const {
    for (const auto& e : entries_)
        if (e.name == name) return &e;
    return nullptr;
}

bool FlagSet::is_set(std::string_view name) const {
    const auto* e = find(name);
    return e && e->set;
}

bool FlagSet::has(std::string_view name) const {
    return find(name) != nullptr;
}

void FlagSet::set_value(Entry& e, std::string_view text) {
    switch (e.kind) {
        case Kind::boolean: {
            bool b;
            if (!go_parse_bool(text, &b))
                throw FlagError("invalid boolean value " + go_quote(text) + " for -" + e.name +
                                ": parse error");
            *static_cast<bool*>(e.dst) = b;
            break;
        }
        case Kind::string:
            *static_cast<std::string*>(e.dst) = std::string(text);
            break;
        case Kind::integer: {
            int64_t v;
            if (!go_parse_int(text, &v))
                throw FlagError("invalid value " + go_quote(text) + " for flag -" + e.name + ": parse error");
            *static_cast<int64_t*>(e.dst) = v;
            break;
        }
        case Kind::duration: {
            try {
                *static_cast<int64_t*>(e.dst) = parse_duration_ns(text);
            } catch (const std::exception&) {
                throw FlagError("invalid value " + go_quote(text) + " for flag -" + e.name + ": parse error");
            }
            break;
        }
    }
    e.set = true;
}

std::vector<std::string> FlagSet::parse(int argc, char** argv, int start) {
    std::vector<std::string> args;
    for (int i = start; i < argc; ++i) args.emplace_back(argv[i]);
    return parse(args);
}

std::vector<std::string> FlagSet::parse(const std::vector<std::string>& args) {
    size_t i = 0;
    while (i < args.size()) {
        std::string_view s = args[i];
        if (s.size() < 2 || s[0] != '-') break;  // "" "-" and positional args end the flags
        size_t dashes = 1;
        if (s[1] == '-') {
            dashes = 2;
            if (s.size() == 2) {  // "--" terminates the flags
                ++i;
                break;
            }
        }
        std::string_view name = s.substr(dashes);
        if (name.empty() || name[0] == '-' || name[0] == '=')
            throw FlagError("bad flag syntax: " + std::string(s));
        ++i;
        bool has_value = false;
        std::string_view value;
        if (auto eq = name.find('='); eq != std::string_view::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            has_value = true;
        }
        Entry* e = find(name);
        if (!e && (name == "h" || name == "help")) throw FlagHelp();
        if (!e) throw FlagError("flag provided but not defined: -" + std::string(name));
        if (e->kind == Kind::boolean) {
            set_value(*e, has_value ? value : "true");
            continue;
        }
        if (!has_value) {
            if (i >= args.size()) throw FlagError("flag needs an argument: -" + std::string(name));
            value = args[i++];
        }
        set_value(*e, value);
    }
    return {args.begin() + static_cast<std::ptrdiff_t>(std::min(i, args.size())), args.end()};
}

std::vector<const FlagSet::Entry*> FlagSet::sorted() const {
    std::vector<const Entry*> v;
    for (const auto& e : entries_) v.push_back(&e);
    std::sort(v.begin(), v.end(), [](const Entry* a, const Entry* b) { return a->name < b->name; });
    return v;
}

std::string FlagSet::defaults_text() const {
    std::string out;
    for (const auto* e : sorted()) {
        std::string b = "  -" + e->name;
        switch (e->kind) {
            case Kind::boolean:
                break;
            case Kind::string:
                b += " string";
                break;
            case Kind::integer:
                b += " int";
                break;
            case Kind::duration:
                b += " duration";
                break;
        }
        b += b.size() <= 4 ? "\t" : "\n    \t";
        for (char c : e->usage) {
            b += c;
            if (c == '\n') b += "    \t";
        }
        if (!is_zero_value(*e)) {
            if (e->kind == Kind::string)
                b += " (default " + go_quote(e->def) + ")";
            else
                b += " (default " + e->def + ")";
        }
        out += b;
        out += '\n';
    }
    return out;
}

}  // namespace ais::loader
