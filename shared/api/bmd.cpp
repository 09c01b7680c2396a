#include "shared/api/bmd.hpp"

#include "shared/api/json.hpp"
#include "shared/config/schema.hpp"

namespace ais::api {

const Bprops* BMD::find(const Bck& b) const {
    auto p = providers.find(std::string(b.prov()));
    if (p == providers.end()) return nullptr;
    auto n = p->second.find(b.ns.uname());
    if (n == p->second.end()) return nullptr;
    auto it = n->second.find(b.name);
    return it == n->second.end() ? nullptr : &it->second;
}

Bprops* BMD::find(const Bck& b) {
    return const_cast<Bprops*>(std::as_const(*this).find(b));
}

bool BMD::add(const Bck& b, Bprops props) {
    auto& bucks = providers[std::string(b.prov())][b.ns.uname()];
    return bucks.emplace(b.name, std::move(props)).second;
}

bool BMD::del(const Bck& b) {
    auto p = providers.find(std::string(b.prov()));
    if (p == providers.end()) return false;
    auto n = p->second.find(b.ns.uname());
    if (n == p->second.end() || n->second.erase(b.name) == 0) return false;
    if (n->second.empty()) p->second.erase(n);
    if (p->second.empty()) providers.erase(p);
    return true;
}

std::vector<Bck> BMD::buckets(std::string_view provider) const {
    std::vector<Bck> out;
    for (const auto& [prov, nss] : providers) {
        if (!provider.empty() && prov != provider) continue;
        for (const auto& [ns, bucks] : nss)
            for (const auto& [name, props] : bucks) out.push_back(Bck{name, prov, Namespace::parse(ns)});
    }
    return out;
}

size_t BMD::num_buckets() const {
    size_t n = 0;
    for (const auto& [prov, nss] : providers)
        for (const auto& [ns, bucks] : nss) n += bucks.size();
    return n;
}

// ---- JSON ----

void to_jv(const Bprops& p, bj::value& out) {
    out = config::to_json_value(p);
}

void from_jv(const bj::value& v, Bprops& out, std::string_view what) {
    json::as_object(v, what);
    out = config::from_json_value<Bprops>(v);
}

void to_jv(const BMD& m, bj::value& out) {
    bj::object provs;
    for (const auto& [prov, nss] : m.providers) {
        bj::object nso;
        for (const auto& [ns, bucks] : nss) {
            bj::object bo;
            for (const auto& [name, props] : bucks) to_jv(props, bo[name]);
            nso[ns] = std::move(bo);
        }
        provs[prov] = std::move(nso);
    }
    bj::object o;
    o["providers"] = std::move(provs);
    o["uuid"] = m.uuid;
    o["version"] = json::str_int(m.version);
    out = std::move(o);
}

void from_jv(const bj::value& v, BMD& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    out.providers.clear();
    if (const auto* provs = json::find(o, "providers")) {
        // Explicit loops: Bprops lives in namespace ais, out of reach of the generic map decoder.
        for (const auto& [prov, nss] : json::as_object(*provs, "providers")) {
            if (nss.is_null()) continue;
            auto& nsmap = out.providers[std::string(prov)];
            for (const auto& [ns, bucks] : json::as_object(nss, prov)) {
                if (bucks.is_null()) continue;
                auto& bmap = nsmap[std::string(ns)];
                for (const auto& [name, props] : json::as_object(bucks, ns))
                    if (!props.is_null()) from_jv(props, bmap[std::string(name)], name);
            }
        }
    }
    json::get(o, "uuid", out.uuid);
    json::get(o, "version", out.version);
}

}  // namespace ais::api
