#include "aisnode/proxy/resilver.hpp"

#include "aisnode/meta/fanout.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/ids.hpp"

namespace ais::node {

net::Task<std::string> start_resilver(NodeEnv& env, const std::string& node) {
    std::string node_id = node;
    if (node_id.size() > 3 && (node_id.starts_with("t[") || node_id.starts_with("p[")) &&
        node_id.back() == ']')
        node_id = node_id.substr(2, node_id.size() - 3);
    auto smap = env.meta.smap();
    std::vector<api::Snode> targets;
    if (!node_id.empty()) {
        const api::Snode* t = smap->get_target(node_id);
        if (!t) {
            if (smap->get_proxy(node_id))
                throw ErrBadRequest("resilver: node " + node_id +
                                    " is a proxy (a resilver runs on a target)");
            throw ErrNotFound("resilver: node \"" + node_id + "\" does not exist");
        }
        targets.push_back(*t);
    } else {
        for (const auto& [id, t] : smap->tmap)
            if (!t.in_maint_or_decomm()) targets.push_back(t);
    }
    if (targets.empty()) throw ErrBadRequest("resilver: no active targets in the cluster map");
    const std::string xid = gen_uuid();
    std::vector<NodeCall> calls;
    for (const auto& t : targets) {
        NodeCall c{.node = t};
        c.req.method = "POST";
        c.req.url = t.intra_control_net.direct_url + "/v1/xactions/resilver?id=" + xid + "&pid=" + env.id();
        c.req.max_retries = 0;
        c.req.timeout = kControlTimeout;
        calls.push_back(std::move(c));
    }
    auto replies = co_await fanout(env, std::move(calls));
    for (const auto& r : replies) {
        if (r.ok()) continue;
        const int status = r.resp.status >= 400 && r.resp.status < 500 ? r.resp.status : 500;
        throw Error(status, "resilver: " + r.what());
    }
    co_return xid;
}

}  // namespace ais::node
