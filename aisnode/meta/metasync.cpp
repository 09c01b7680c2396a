#include "aisnode/meta/metasync.hpp"

#include "shared/api/codec.hpp"
#include "shared/config/schema.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

#include <boost/json.hpp>

namespace ais::node {

std::string cluster_meta_json(const MetaOwner& meta, bool smap, bool bmd, bool config, bool rmd) {
    std::string out = "{";
    auto add = [&](const char* key, const std::string& json) {
        if (out.size() > 1) out += ',';
        out += '"';
        out += key;
        out += "\":";
        out += json;
    };
    if (smap) add("smap", api::to_json(*meta.smap()));
    if (bmd) add("bmd", api::to_json(*meta.bmd()));
    if (config) add("config", config::to_json(*meta.cluster_config()));
    if (rmd) add("rmd", meta.rmd().to_json());
    out += '}';
    return out;
}

void apply_cluster_meta(NodeEnv& env, std::string_view json, bool force) {
    boost::json::value v;
    try {
        v = boost::json::parse(json);
    } catch (const std::exception& e) {
        throw ErrBadRequest(std::string("metasync: malformed JSON: ") + e.what());
    }
    if (!v.is_object()) throw ErrBadRequest("metasync: expecting a JSON object");
    auto& o = v.as_object();
    // Config first: a new Smap or BMD may depend on it (e.g. default bucket props).
    if (auto* c = o.if_contains("config")) {
        auto cfg = std::make_shared<config::ClusterConfig>(config::from_json_value<config::ClusterConfig>(*c));
        env.meta.put_config(cfg, force && cfg->uuid != env.meta.cluster_config()->uuid);
    }
    // The RMD before the Smap it is for: a target asks its peers for missing objects before that
    // Smap makes it the owner of objects it does not have yet (the rebalance job itself waits
    // for the Smap).
    if (auto* r = o.if_contains("rmd")) {
        Rmd rmd = Rmd::from_json(boost::json::serialize(*r));
        if (env.meta.put_rmd(rmd)) log::info("{}: installed RMD v{}{}", env.self.name(), rmd.version, rmd.done ? " (done)" : "");
    }
    if (auto* s = o.if_contains("smap")) {
        auto smap = std::make_shared<api::Smap>();
        api::from_jv(*s, *smap);
        // Joining a different cluster (or one whose primary lost its state) replaces ours.
        bool other = force && smap->uuid != env.meta.smap()->uuid;
        if (env.meta.put_smap(smap, other)) log::info("{}: installed Smap v{}", env.self.name(), smap->version);
    }
    if (auto* b = o.if_contains("bmd")) {
        auto bmd = std::make_shared<api::BMD>();
        api::from_jv(*b, *bmd);
        if (env.meta.put_bmd(bmd, force && bmd->uuid != env.meta.bmd()->uuid)) log::info("{}: installed BMD v{}", env.self.name(), bmd->version);
    }

}

}  // namespace ais::node
