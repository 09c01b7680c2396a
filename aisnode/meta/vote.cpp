#include "aisnode/meta/vote.hpp"

#include "shared/util/errors.hpp"

#include <boost/json.hpp>

namespace ais::node {

std::string vote_to_json(const char* key, const VoteRecord& v) {
    boost::json::object r;
    r["candidate"] = v.candidate;
    r["primary"] = v.primary;
    boost::json::value sm;
    api::to_jv(v.smap, sm);
    r["smap"] = std::move(sm);
    r["start_time"] = v.start_time;
    r["initiator"] = v.initiator;
    boost::json::object o;
    o[key] = std::move(r);
    return boost::json::serialize(o);
}

VoteRecord vote_from_json(const char* key, std::string_view json) {
    VoteRecord v;
    try {
        auto doc = boost::json::parse(json);
        const auto* r = doc.as_object().if_contains(key);
        if (!r || !r->is_object()) throw std::runtime_error(std::string("expecting {\"") + key + "\": {...}}");
        const auto& o = r->as_object();
        auto str = [&](const char* k) -> std::string {
            const auto* x = o.if_contains(k);
            return x && x->is_string() ? std::string(x->as_string()) : std::string();
        };
        v.candidate = str("candidate");
        v.primary = str("primary");
        v.start_time = str("start_time");
        v.initiator = str("initiator");
        if (const auto* s = o.if_contains("smap"); s && !s->is_null()) api::from_jv(*s, v.smap);
    } catch (const std::exception& e) {
        throw ErrBadRequest(std::string("malformed vote message: ") + e.what());
    }
    return v;
}

}  // namespace ais::node
