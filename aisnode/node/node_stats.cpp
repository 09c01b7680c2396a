// What a node counts, as AIS's clients read it (shared/stats):
//   GET /metrics                              Prometheus text (AIS's names, node_id label)
//   GET /v1/daemon?what=node_status           AIS's stats.NodeStatus: snode, tracker, capacity,
//                                             status, versions, sys_info, smap_version, the last
//                                             rebalance (targets) and the cluster's metadata versions
//   GET /v1/daemon?what=node_stats            the same without rebalance and cluster
//   GET /v1/daemon?what=metrics               every metric's kind
// `ais show performance`, `ais show cluster` and the Python SDK's get_performance() read these
// through the proxy's /v1/reverse/daemon.
#include "aisnode/node/node.hpp"
#include "aisnode/proxy/proxy.hpp"
#include "aisnode/target/target.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/json.hpp"
#include "shared/stats/node_metrics.hpp"

#include <boost/json.hpp>

#include <atomic>

namespace ais::node {

namespace bj = boost::json;

namespace {

// AIS's capacity of a node without mountpaths (a proxy).
bj::object empty_capacity() {
    return bj::object{{"cs_err", ""}, {"total_used", "0"}, {"total_avail", "0"},
                      {"pct_max", 0},  {"pct_avg", 0},       {"pct_min", 0}};
}

std::string node_status_word(const api::Smap& smap, const std::string& id) {
    const api::Snode* n = smap.get_node(id);
    if (!n) return "";
    if (n->flags & api::Snode::kDecommission) return "decommission";
    if (n->flags & api::Snode::kMaintenance) return "maintenance";
    return "";  // online
}

std::atomic<int64_t> g_scrapes{0};

}  // namespace

net::Task<std::string> Node::node_status_json(bool with_cluster) {
    auto& e = *env_;
    auto smap = e.meta.smap();
    bj::object o;
    o["snode"] = bj::parse(api::to_json(e.self));
    o["tracker"] = bj::parse(e.metrics->tracker.tracker_json());
    if (target_) {
        // The Tcdf part of what=disk: mountpaths with their disks and capacity, and the totals.
        auto t = target_->disk_stats_json();
        bj::value d = bj::parse(co_await std::move(t));
        bj::object cap;
        for (const char* k : {"mountpaths", "cs_err", "total_used", "total_avail", "pct_max", "pct_avg", "pct_min"})
            if (auto* v = d.as_object().if_contains(k)) cap[k] = *v;
        o["capacity"] = std::move(cap);
        if (with_cluster)
            if (auto snap = target_->last_rebalance_json(); !snap.empty()) o["rebalance_snap"] = bj::parse(snap);
    } else {
        o["capacity"] = empty_capacity();
    }
    o["status"] = node_status_word(*smap, e.id());
    o["deployment"] = "linux";
    o["ais_version"] = AIS_VERSION;
    o["build_time"] = __DATE__ " " __TIME__;
    o["k8s_pod_name"] = "";
    o["sys_info"] = bj::parse(sys_info_json());
    o["smap_version"] = std::to_string(smap->version);
    if (with_cluster) {
        bj::object c;
        c["smap"] = bj::object{{"Primary",
                                bj::object{{"pub_url", smap->primary.public_net.direct_url},
                                           {"control_url", smap->primary.intra_control_net.direct_url},
                                           {"id", smap->primary.daemon_id}}},
                               {"version", std::to_string(smap->version)},
                               {"uuid", smap->uuid}};
        auto bmd = e.meta.bmd();
        c["bmd"] = bj::object{{"uuid", bmd->uuid}, {"version", std::to_string(bmd->version)}};
        c["rmd"] = bj::object{{"version", std::to_string(e.meta.rmd().version)}};
        c["config"] = bj::object{{"version", std::to_string(e.meta.config()->config_version)}};
        c["etlmd"] = bj::object{{"version", "0"}};
        c["flags"] = e.metrics->state_flags->c.value();
        o["cluster"] = std::move(c);
    }
    co_return bj::serialize(o);
}

net::Task<bool> Node::stats_info(net::Request& req, net::Response& resp) {
    const auto what = req.query.get(api::qp::kWhat);
    if (what == api::what::kNodeStatus || what == api::what::kNodeStats) {
        auto t = node_status_json(what == api::what::kNodeStatus);
        resp.set_json(co_await std::move(t));
        co_return true;
    }
    if (what == api::what::kMetrics) {
        resp.set_json(env_->metrics->tracker.kinds_json());
        co_return true;
    }
    co_return false;
}

void Node::track_state_flags() {
    // AIS's cos.NodeStateFlags bits.
    enum : int64_t {
        kClusterStarted = 1 << 1,
        kNodeStarted = 1 << 2,
        kRebalancing = 1 << 3,
        kResilvering = 1 << 5,
        kMaintenanceMode = 1 << 10,
    };
    env_->metrics->tracker.on_read([this](stats::Tracker&) {
        int64_t f = 0;
        if (ready_) f |= kNodeStarted | kClusterStarted;
        if (target_ && target_->rebalancing()) f |= kRebalancing;
        if (target_ && target_->resilvering()) f |= kResilvering;
        if (const api::Snode* n = env_->meta.smap()->get_node(env_->id()); n && n->in_maint_or_decomm())
            f |= kMaintenanceMode;
        env_->metrics->state_flags->c.set(f);
    });
}

void Node::add_metrics_route(net::Router& r) {
    r.add("GET", "/metrics", [this](net::Request&, net::Response& resp) -> net::Task<void> {
        // As AIS's Prometheus handler: its own scrape counters after the node's metrics.
        const int64_t n = ++g_scrapes;
        if (target_) {  // fresh disk gauges (sampled on the worker pool)
            auto d = target_->disk_stats_json();
            (void)co_await std::move(d);
        }
        std::string body = env_->metrics->tracker.prometheus(env_->id());
        body += "# HELP promhttp_metric_handler_requests_in_flight Current number of scrapes being served.\n"
                "# TYPE promhttp_metric_handler_requests_in_flight gauge\n"
                "promhttp_metric_handler_requests_in_flight 1\n"
                "# HELP promhttp_metric_handler_requests_total Total number of scrapes by HTTP status code.\n"
                "# TYPE promhttp_metric_handler_requests_total counter\n"
                "promhttp_metric_handler_requests_total{code=\"200\"} " +
                std::to_string(n - 1) + "\n"
                "promhttp_metric_handler_requests_total{code=\"500\"} 0\n"
                "promhttp_metric_handler_requests_total{code=\"503\"} 0\n";
        resp.set_body(std::move(body), "text/plain; version=0.0.4; charset=utf-8");
        co_return;
    });
}

}  // namespace ais::node
