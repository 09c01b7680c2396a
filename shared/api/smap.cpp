#include "shared/api/smap.hpp"

#include "shared/api/json.hpp"
#include "shared/util/hrw.hpp"

namespace ais::api {

void Snode::set_id(std::string id) {
    daemon_id = std::move(id);
    id_digest = hrw_digest(daemon_id);
}

std::string Snode::name() const {
    return (is_proxy() ? "p[" : "t[") + daemon_id + "]";
}

const Snode* Smap::get_target(std::string_view id) const {
    auto it = tmap.find(std::string(id));
    return it == tmap.end() ? nullptr : &it->second;
}

const Snode* Smap::get_proxy(std::string_view id) const {
    auto it = pmap.find(std::string(id));
    return it == pmap.end() ? nullptr : &it->second;
}

const Snode* Smap::get_node(std::string_view id) const {
    const Snode* n = get_target(id);
    return n ? n : get_proxy(id);
}

size_t Smap::count_active_targets() const {
    size_t n = 0;
    for (const auto& [id, t] : tmap) n += !t.in_maint_or_decomm();
    return n;
}

const Snode* Smap::hrw_target(std::string_view uname) const {
    std::vector<const Snode*> nodes;
    std::vector<uint64_t> digests;
    nodes.reserve(tmap.size());
    digests.reserve(tmap.size());
    for (const auto& [id, t] : tmap) {
        if (t.in_maint_or_decomm()) continue;
        nodes.push_back(&t);
        digests.push_back(t.id_digest);
    }
    int idx = hrw_select(hrw_digest(uname), digests);
    return idx < 0 ? nullptr : nodes[static_cast<size_t>(idx)];
}

const Snode* Smap::hrw_proxy(std::string_view skip_id) const {
    const Snode* best = nullptr;
    for (const auto& [id, p] : pmap) {
        if (id == skip_id || (p.flags & Snode::kNonElectable) || p.in_maint_or_decomm()) continue;
        if (!best || p.id_digest >= best->id_digest) best = &p;
    }
    return best;
}

// ---- JSON ----

void to_jv(const NetInfo& n, bj::value& out) {
    bj::object o;
    o["node_ip_addr"] = n.node_ip_addr;
    o["daemon_port"] = n.daemon_port;
    o["direct_url"] = n.direct_url;
    out = std::move(o);
}

void from_jv(const bj::value& v, NetInfo& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "node_ip_addr", out.node_ip_addr);
    if (const auto* p = json::find(o, "daemon_port")) {
        // Go emits a string; accept a number from lenient writers.
        if (p->is_string())
            out.daemon_port = p->get_string();
        else {
            int64_t port = 0;
            from_jv(*p, port, "daemon_port");
            out.daemon_port = std::to_string(port);
        }
    }
    json::get(o, "direct_url", out.direct_url);
}

void to_jv(const Snode& n, bj::value& out) {
    bj::object o;
    o["daemon_id"] = n.daemon_id;
    o["daemon_type"] = n.daemon_type;
    to_jv(n.public_net, o["public_net"]);
    to_jv(n.intra_control_net, o["intra_control_net"]);
    to_jv(n.intra_data_net, o["intra_data_net"]);
    o["flags"] = n.flags;
    o["id_digest"] = n.id_digest;  // uint64 kind: serialized exactly, never as a double
    if (!n.pub_extra.empty()) {
        bj::array a;
        for (const auto& x : n.pub_extra) to_jv(x, a.emplace_back(nullptr));
        o["pub_extra"] = std::move(a);
    }
    if (!n.verifying_key.empty()) o["verifying_key"] = n.verifying_key;
    out = std::move(o);
}

void from_jv(const bj::value& v, Snode& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "daemon_id", out.daemon_id);
    json::get(o, "daemon_type", out.daemon_type);
    json::get(o, "public_net", out.public_net);
    json::get(o, "intra_control_net", out.intra_control_net);
    json::get(o, "intra_data_net", out.intra_data_net);
    json::get(o, "flags", out.flags);
    json::get(o, "id_digest", out.id_digest);
    json::get(o, "pub_extra", out.pub_extra);
    json::get(o, "verifying_key", out.verifying_key);
}

namespace {

bj::object node_map(const std::map<std::string, Snode>& m) {
    bj::object o;  // {} when empty: the SDKs require an object, never null
    for (const auto& [id, n] : m) to_jv(n, o[id]);
    return o;
}

}  // namespace

void to_jv(const Smap& m, bj::value& out) {
    bj::object o;
    o["tmap"] = node_map(m.tmap);
    o["pmap"] = node_map(m.pmap);
    to_jv(m.primary, o["proxy_si"]);
    o["uuid"] = m.uuid;
    o["creation_time"] = m.creation_time;
    o["version"] = json::str_int(m.version);
    out = std::move(o);
}

void from_jv(const bj::value& v, Smap& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "tmap", out.tmap);
    json::get(o, "pmap", out.pmap);
    json::get(o, "proxy_si", out.primary);
    json::get(o, "uuid", out.uuid);
    json::get(o, "creation_time", out.creation_time);
    json::get(o, "version", out.version);
}

}  // namespace ais::api
