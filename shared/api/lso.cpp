#include "shared/api/lso.hpp"

#include "shared/api/json.hpp"
#include "shared/api/msgpack.hpp"
#include "shared/util/strings.hpp"

namespace ais::api {

// ---- LsoMsg ----

bool LsoMsg::want_prop(std::string_view prop) const {
    for (auto p : split(props, ','))
        if (p == prop) return true;
    return false;
}

void LsoMsg::add_prop(std::string_view prop) {
    if (want_prop(prop)) return;
    if (!props.empty()) props += ',';
    props += prop;
}

std::string LsoMsg::clean_prefix() const {
    std::string p = prefix;
    if (!p.empty() && p.back() == '*') p.pop_back();
    return p;
}

void to_jv(const LsoMsg& m, bj::value& out) {
    bj::object o;
    o["uuid"] = m.uuid;
    o["props"] = m.props;
    if (!m.time_format.empty()) o["time_format"] = m.time_format;
    o["prefix"] = m.prefix;
    if (!m.start_after.empty()) o["start_after"] = m.start_after;
    o["continuation_token"] = m.continuation_token;
    o["target"] = m.target;
    o["flags"] = json::str_uint(m.flags);
    o["pagesize"] = m.pagesize;
    if (!m.hdr.empty()) {
        bj::object h;
        for (const auto& [k, vals] : m.hdr) h[k] = json::str_array(vals);
        o["hdr"] = std::move(h);
    }
    out = std::move(o);
}

void from_jv(const bj::value& v, LsoMsg& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "uuid", out.uuid);
    json::get(o, "props", out.props);
    json::get(o, "time_format", out.time_format);
    json::get(o, "prefix", out.prefix);
    json::get(o, "start_after", out.start_after);
    json::get(o, "continuation_token", out.continuation_token);
    json::get(o, "target", out.target);
    json::get(o, "flags", out.flags);
    json::get(o, "pagesize", out.pagesize);
    if (const auto* h = json::find(o, "hdr")) {
        // Go http.Header is map[string][]string; tolerate a plain string value too.
        out.hdr.clear();
        for (const auto& kv : json::as_object(*h, "hdr")) {
            auto& vals = out.hdr[std::string(kv.key())];
            if (kv.value().is_string())
                vals.emplace_back(kv.value().get_string());
            else if (!kv.value().is_null())
                from_jv(kv.value(), vals, kv.key());
        }
    }
}

// ---- LsoEnt / LsoRes JSON ----

void to_jv(const LsoEnt& e, bj::value& out) {
    bj::object o;
    o["name"] = e.name;
    if (!e.checksum.empty()) o["checksum"] = e.checksum;
    if (!e.atime.empty()) o["atime"] = e.atime;
    if (!e.version.empty()) o["version"] = e.version;
    if (!e.location.empty()) o["location"] = e.location;
    if (!e.custom.empty()) o["custom-md"] = e.custom;
    if (e.size != 0) o["size"] = json::str_int(e.size);
    if (e.copies != 0) o["copies"] = e.copies;
    if (e.flags != 0) o["flags"] = e.flags;
    out = std::move(o);
}

void from_jv(const bj::value& v, LsoEnt& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "name", out.name);
    json::get(o, "checksum", out.checksum);
    json::get(o, "atime", out.atime);
    json::get(o, "version", out.version);
    json::get(o, "location", out.location);
    json::get(o, "custom-md", out.custom);
    json::get(o, "size", out.size);
    json::get(o, "copies", out.copies);
    json::get(o, "flags", out.flags);
}

void to_jv(const LsoRes& r, bj::value& out) {
    bj::object o;
    o["uuid"] = r.uuid;
    o["continuation_token"] = r.continuation_token;
    bj::array a;
    a.reserve(r.entries.size());
    for (const auto& e : r.entries) to_jv(e, a.emplace_back(nullptr));
    o["entries"] = std::move(a);
    o["flags"] = r.flags;
    out = std::move(o);
}

void from_jv(const bj::value& v, LsoRes& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "uuid", out.uuid);
    json::get(o, "continuation_token", out.continuation_token);
    json::get(o, "entries", out.entries);
    json::get(o, "flags", out.flags);
}

// ---- msgpack ----

void to_msgpack(const LsoRes& r, std::string& out) {
    msgpack::Writer w(out);
    w.map_header(4);
    w.kv("UUID", r.uuid);
    w.kv("ContinuationToken", r.continuation_token);
    w.str("Entries");
    w.array_header(static_cast<uint32_t>(r.entries.size()));
    for (const auto& e : r.entries) {
        uint32_t n = 1 + !e.checksum.empty() + !e.atime.empty() + !e.version.empty() + !e.location.empty() +
                     !e.custom.empty() + (e.size != 0) + (e.copies != 0) + (e.flags != 0);
        w.map_header(n);
        // Key order is the Go struct's (msgp emits fields in declaration order).
        w.kv("n", e.name);
        if (!e.checksum.empty()) w.kv("cs", e.checksum);
        if (!e.atime.empty()) w.kv("a", e.atime);
        if (!e.version.empty()) w.kv("v", e.version);
        if (!e.location.empty()) w.kv("t", e.location);
        if (!e.custom.empty()) w.kv("m", e.custom);
        if (e.size != 0) w.kv_int("s", e.size);
        if (e.copies != 0) w.kv_int("c", e.copies);
        if (e.flags != 0) w.kv_int("f", e.flags);
    }
    w.kv_int("Flags", r.flags);
}

std::string to_msgpack(const LsoRes& r) {
    std::string out;
    // Rough size: 40 bytes of keys and lengths per entry plus the strings themselves.
    size_t est = 64;
    for (const auto& e : r.entries)
        est += 40 + e.name.size() + e.checksum.size() + e.atime.size() + e.custom.size();
    out.reserve(est);
    to_msgpack(r, out);
    return out;
}

namespace {

template <class Int>
Int narrow_int(int64_t v, std::string_view what) {
    if (v < static_cast<int64_t>(std::numeric_limits<Int>::min()) ||
        v > static_cast<int64_t>(std::numeric_limits<Int>::max()))
        throw ErrBadRequest("msgpack: \"" + std::string(what) + "\" out of range");
    return static_cast<Int>(v);
}

void entry_from(msgpack::Cursor& c, LsoEnt& e) {
    const uint32_t n = c.map_header();
    for (uint32_t i = 0; i < n; ++i) {
        const std::string_view key = c.str();
        if (c.next_is_nil()) {
            c.nil();
            continue;
        }
        if (key == "n")
            e.name = c.str();
        else if (key == "cs")
            e.checksum = c.str();
        else if (key == "a")
            e.atime = c.str();
        else if (key == "v")
            e.version = c.str();
        else if (key == "t")
            e.location = c.str();
        else if (key == "m")
            e.custom = c.str();
        else if (key == "s")
            e.size = c.int64();
        else if (key == "c")
            e.copies = narrow_int<int16_t>(c.int64(), key);
        else if (key == "f")
            e.flags = narrow_int<uint16_t>(c.int64(), key);
        else
            c.skip();
    }
}

}  // namespace

// Decoded straight into the struct (no Value tree): the proxy merges every target's pages and
// the CLI lists 100,000s of entries. Keys of the result map match case-insensitively.
void from_msgpack(std::string_view data, LsoRes& out) {
    msgpack::Cursor c(data);
    const uint32_t n = c.map_header();
    out.entries.clear();
    for (uint32_t i = 0; i < n; ++i) {
        const std::string_view key = c.str();
        if (c.next_is_nil()) {
            c.nil();
            continue;
        }
        if (iequals(key, "UUID")) {
            out.uuid = c.str();
        } else if (iequals(key, "ContinuationToken")) {
            out.continuation_token = c.str();
        } else if (iequals(key, "Flags")) {
            out.flags = narrow_int<uint32_t>(c.int64(), "Flags");
        } else if (iequals(key, "Entries")) {
            const uint32_t k = c.array_header();
            out.entries.resize(k);
            for (uint32_t j = 0; j < k; ++j) entry_from(c, out.entries[j]);
        } else {
            c.skip();
        }
    }
    if (!c.done()) throw ErrBadRequest("msgpack: trailing bytes after the list-objects result");
}

LsoRes lso_res_from_msgpack(std::string_view data) {
    LsoRes r;
    from_msgpack(data, r);
    return r;
}

}  // namespace ais::api
