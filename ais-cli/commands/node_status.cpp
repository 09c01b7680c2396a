#include "ais-cli/commands/node_status.hpp"

#include "ais-cli/ui/env.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/client.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/smap.hpp"
#include "shared/util/errors.hpp"

#include <fmt/core.h>
#include <boost/json.hpp>

#include <exception>
#include <optional>
#include <random>
#include <thread>

namespace ais::cli {

namespace {

namespace bj = boost::json;

// GET /v1/reverse/daemon?what=WHAT for node `id`, through the proxy.
std::string ask_node(Ctx& ctx, const std::string& id, const char* what) {
    auto c = ctx.env.new_client();
    net::Query q;
    q.add(api::qp::kWhat, what);
    auto rq = c->request("GET", "/v1/reverse/daemon", q);
    rq.headers.add(api::hdr::kNodeId, id);
    return c->call(rq).body;
}

// Tracker values are numbers; older AIS nodes sent {"v": N}, some encoders send strings.
std::optional<int64_t> as_int(const bj::value& v) {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64()) return static_cast<int64_t>(v.get_uint64());
    if (v.is_double()) return static_cast<int64_t>(v.get_double());
    if (v.is_string()) {
        try {
            return std::stoll(std::string(v.get_string()));
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    if (v.is_object())
        if (const auto* x = v.get_object().if_contains("v")) return as_int(*x);
    return std::nullopt;
}

std::string smap_status(const api::Snode& n) {
    if (n.flags & api::Snode::kDecommission) return "decommission";
    if (n.flags & api::Snode::kMaintenance) return "maintenance";
    return kNodeOnline;
}

void parse_status(const std::string& body, const api::Snode& n, NodeStatus& out) {
    const bj::value v = bj::parse(body);
    const bj::object& o = v.as_object();
    if (const auto* t = o.if_contains("tracker"); t && t->is_object())
        for (const auto& [k, x] : t->get_object())
            if (auto i = as_int(x)) out.tracker.emplace(std::string(k), *i);
    std::string st;
    if (const auto* s = o.if_contains("status"); s && s->is_string()) st = std::string(s->get_string());
    out.status = st.empty() ? smap_status(n) : st;
    auto str = [&](const char* k) {
        const auto* v = o.if_contains(k);
        return v && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    out.deployment = str("deployment");
    out.version = str("ais_version");
    out.build_time = str("build_time");
    if (const auto* c = o.if_contains("cluster"); c && c->is_object())
        if (const auto* f = c->get_object().if_contains("flags"))
            if (auto i = as_int(*f)) out.state_flags = *i;
    if (const auto* si = o.if_contains("sys_info"); si && si->is_object())
        if (const auto* la = si->get_object().if_contains("load_avg"); la && la->is_object())
            if (const auto* one = la->get_object().if_contains("One"); one && one->is_number()) {
                out.load_avg_1m = one->to_number<double>();
                out.has_load_avg = true;
            }
    // A malformed capacity or rebalance snap is left out rather than failing the whole node.
    try {
        if (const auto* c = o.if_contains("capacity"); c && c->is_object())
            api::from_jv(*c, out.capacity, "capacity");
    } catch (const std::exception&) {
        out.capacity = {};
    }
    try {
        if (const auto* r = o.if_contains("rebalance_snap"); r && r->is_object()) {
            api::JobSnap snap;
            api::from_jv(*r, snap, "rebalance_snap");
            out.reb_snap = std::move(snap);
        }
    } catch (const std::exception&) {
        out.reb_snap.reset();
    }
}

}  // namespace

int64_t NodeStatus::value(const std::string& metric, int64_t def) const {
    const auto it = tracker.find(metric);
    return it == tracker.end() ? def : it->second;
}

std::vector<NodeStatus> fetch_node_status(Ctx& ctx, const std::vector<const api::Snode*>& nodes) {
    std::vector<NodeStatus> out(nodes.size());
    std::vector<std::thread> thr;
    thr.reserve(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i) {
        out[i].id = nodes[i]->daemon_id;
        out[i].name = nodes[i]->name();
        thr.emplace_back([&, i] {
            try {
                parse_status(ask_node(ctx, out[i].id, api::what::kNodeStatus), *nodes[i], out[i]);
            } catch (const std::exception& e) {
                out[i].tracker.clear();
                out[i].status = fmt::format("[{}]", e.what());
            }
        });
    }
    for (auto& t : thr) t.join();
    return out;
}

std::map<std::string, std::string> fetch_metric_kinds(Ctx& ctx, const api::Smap& smap) {
    std::vector<const api::Snode*> active;
    for (const auto& [id, t] : smap.tmap)
        if (!t.in_maint_or_decomm()) active.push_back(&t);
    if (active.empty()) throw Error(404, "no active targets in the cluster");
    std::mt19937 rng{std::random_device{}()};
    const api::Snode* t = active[std::uniform_int_distribution<size_t>(0, active.size() - 1)(rng)];
    std::map<std::string, std::string> kinds;
    try {
        const bj::value v = bj::parse(ask_node(ctx, t->daemon_id, api::what::kMetrics));
        for (const auto& [k, x] : v.as_object())
            if (x.is_string()) kinds.emplace(std::string(k), std::string(x.get_string()));
    } catch (const Error& e) {
        throw Error(e.status(), t->name() + ": " + e.what());
    }
    return kinds;
}

}  // namespace ais::cli
