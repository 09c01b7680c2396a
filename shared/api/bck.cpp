#include "shared/api/bck.hpp"

#include "shared/api/apc.hpp"
#include "shared/api/json.hpp"
#include "shared/net/http.hpp"

namespace ais::api {

namespace {

constexpr size_t kMaxBckNameLen = 64;

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

void validate_ns_part(std::string_view s, std::string_view full) {
    for (char c : s)
        if (!name_char(c) || c == '.')
            throw ErrBadRequest(
                "namespace \"" + std::string(full) +
                "\" is invalid: may only contain letters, numbers, dashes (-) and underscores (_)");
}

// Known aliases become canonical; anything else is left for validate() to reject.
std::string soft_normalize(std::string_view p) {
    return is_known_provider(p) ? normalize_provider(p) : std::string(p);
}

}  // namespace

// ---- Namespace ----

std::string Namespace::uname() const {
    return "@" + uuid + "#" + name;
}

std::string Namespace::str() const {
    std::string s;
    if (!uuid.empty()) s += "@" + uuid;
    if (!name.empty()) s += "#" + name;
    return s;
}

Namespace Namespace::parse(std::string_view s) {
    Namespace ns;
    std::string_view in = s;
    if (!s.empty() && s.front() == '@') s.remove_prefix(1);
    auto hash = s.find('#');
    if (hash == std::string_view::npos) {
        ns.uuid = s;
    } else {
        ns.uuid = s.substr(0, hash);
        ns.name = s.substr(hash + 1);
    }
    validate_ns_part(ns.uuid, in);
    validate_ns_part(ns.name, in);
    return ns;
}

// ---- Bck ----

bool Bck::is_cloud() const {
    return is_remote_provider(prov());
}

std::string Bck::uname() const {
    return obj_uname({});
}

std::string Bck::obj_uname(std::string_view obj) const {
    std::string s;
    s.reserve(prov().size() + ns.uuid.size() + ns.name.size() + name.size() + obj.size() + 6);
    s.append(prov()).append("/@").append(ns.uuid).append("#").append(ns.name);
    s.append("/").append(name).append("/").append(obj);
    return s;
}

std::string Bck::cname() const {
    std::string s(provider_scheme(prov()));
    s += "://";
    if (!ns.is_global()) s += ns.str() + "/";
    s += name;
    return s;
}

std::string Bck::obj_cname(std::string_view obj) const {
    std::string s = cname();
    if (!obj.empty()) s.append("/").append(obj);
    return s;
}

void Bck::validate(bool allow_system) const {
    if (!is_known_provider(provider))
        throw ErrBadRequest("invalid bucket provider \"" + provider + "\" (bucket \"" + name + "\")");
    validate_bck_name(name, allow_system);
    validate_ns_part(ns.uuid, ns.uname());
    validate_ns_part(ns.name, ns.uname());
}

net::Query Bck::query() const {
    net::Query q;
    add_query(q);
    return q;
}

void Bck::add_query(net::Query& q) const {
    q.add(qp::kProvider, std::string(prov()));
    if (!ns.is_global()) q.add(qp::kNamespace, ns.uname());
}

void validate_bck_name(std::string_view name, bool allow_system) {
    auto bad = [&](const char* why) {
        throw ErrBadRequest("bucket name \"" + std::string(name) + "\" is invalid: " + why);
    };
    if (name.empty()) bad("empty");
    if (name.size() > kMaxBckNameLen) bad("longer than 64 characters");
    for (char c : name)
        if (!name_char(c))
            bad("may only contain letters, numbers, dashes (-), underscores (_), and dots (.)");
    if (name.find("..") != std::string_view::npos) bad("must not contain \"..\"");
    if (name.front() == '.' && !allow_system) bad("names starting with '.' are reserved");
}

namespace {

// The name as an error message can carry it: exception texts are C strings, so a NUL byte would
// cut the message short.
std::string printable(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == '\0')
            out += "\\x00";
        else
            out += c;
    }
    return out;
}

}  // namespace

void validate_obj_name(std::string_view name) {
    auto bad = [&](const char* why) {
        throw ErrBadRequest("object name \"" + printable(name) + "\" is invalid: " + why);
    };
    if (name.empty()) bad("empty");
    // A C string ends at NUL: open(2) and the xattr calls would address another object.
    if (name.find('\0') != std::string_view::npos) bad("must not contain a NUL byte");
    if (name.back() == '/') bad("must not end with '/'");
    if (name.starts_with("~/")) bad("must not start with \"~/\"");
    size_t start = 0;
    while (start <= name.size()) {
        size_t end = name.find('/', start);
        if (end == std::string_view::npos) end = name.size();
        std::string_view part = name.substr(start, end - start);
        if (part == "." || part == "..") bad("must not contain \".\" or \"..\" path components");
        start = end + 1;
    }
}

void validate_no_nul(std::string_view what, std::string_view value) {
    if (value.find('\0') != std::string_view::npos)
        throw ErrBadRequest(std::string(what) + " \"" + printable(value) + "\" is invalid: must not contain a NUL byte");
}

BckUri parse_bck_uri(std::string_view uri, const ParseUriOpts& opts) {
    BckUri out;
    std::string_view rest = uri;
    if (auto sep = rest.find("://"); sep != std::string_view::npos && sep > 0) {
        out.bck.provider = normalize_provider(rest.substr(0, sep));
        rest.remove_prefix(sep + 3);
    } else {
        if (sep == 0) rest.remove_prefix(3);  // "://b": no provider given
        out.bck.provider =
            opts.default_provider.empty() ? std::string() : normalize_provider(opts.default_provider);
    }

    auto take_segment = [&rest]() {
        auto slash = rest.find('/');
        std::string_view seg = rest.substr(0, slash);
        bool more = slash != std::string_view::npos;
        rest = more ? rest.substr(slash + 1) : std::string_view{};
        return std::pair{seg, more};
    };

    auto [seg, more] = take_segment();
    if (!seg.empty() && (seg.front() == '@' || seg.front() == '#')) {
        out.bck.ns = Namespace::parse(seg);
        if (!more) {
            if (!opts.allow_empty_bucket)
                throw ErrBadRequest("invalid bucket URI \"" + std::string(uri) + "\": missing bucket name");
            return out;
        }
        std::tie(seg, more) = take_segment();
    }
    out.bck.name = seg;
    if (out.bck.name.empty()) {
        if (!opts.allow_empty_bucket || more)
            throw ErrBadRequest("invalid bucket URI \"" + std::string(uri) + "\": missing bucket name");
        return out;
    }
    validate_bck_name(out.bck.name);
    if (more) {
        out.has_obj = true;
        out.obj = rest;
    }
    return out;
}

Bck parse_uname(std::string_view uname, std::string* obj) {
    Bck b;
    std::string_view rest = uname;
    std::string_view parts[3];
    for (auto& p : parts) {
        auto slash = rest.find('/');
        if (slash == std::string_view::npos)
            throw ErrBadRequest("invalid uname \"" + std::string(uname) +
                                "\" (expecting provider/@uuid#ns/bucket/[object])");
        p = rest.substr(0, slash);
        rest.remove_prefix(slash + 1);
    }
    b.provider = normalize_provider(parts[0]);
    b.ns = Namespace::parse(parts[1]);
    b.name = parts[2];
    if (obj) *obj = rest;
    return b;
}

Bck bck_from_query(std::string_view name, const net::Query& q) {
    Bck b;
    b.name = name;
    b.provider = normalize_provider(q.get(qp::kProvider));
    if (auto ns = q.get(qp::kNamespace); !ns.empty()) b.ns = Namespace::parse(ns);
    b.validate(/*allow_system=*/false);
    return b;
}

// ---- JSON ----

void to_jv(const Namespace& ns, bj::value& out) {
    bj::object o;
    o["uuid"] = ns.uuid;
    o["name"] = ns.name;
    out = std::move(o);
}

void from_jv(const bj::value& v, Namespace& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "uuid", out.uuid);
    json::get(o, "name", out.name);
}

void to_jv(const Bck& b, bj::value& out) {
    bj::object o;
    o["name"] = b.name;
    o["provider"] = b.provider;
    to_jv(b.ns, o["namespace"]);
    out = std::move(o);
}

void from_jv(const bj::value& v, Bck& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "name", out.name);
    if (json::get(o, "provider", out.provider)) out.provider = soft_normalize(out.provider);
    json::get(o, "namespace", out.ns);
}

void to_jv(const std::vector<Bck>& v, bj::value& out) {
    bj::array a;
    a.reserve(v.size());
    for (const auto& b : v) to_jv(b, a.emplace_back(nullptr));
    out = std::move(a);
}

void from_jv(const bj::value& v, std::vector<Bck>& out, std::string_view what) {
    out.clear();
    if (v.is_null()) return;
    for (const auto& item : json::as_array(v, what)) {
        if (item.is_null()) continue;
        from_jv(item, out.emplace_back(), what);
    }
}

}  // namespace ais::api
