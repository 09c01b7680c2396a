// Failure detection on the primary (AIS's keepalive tracker, config `keepalivetracker`).
//
// Every other node sends a heartbeat (POST /v1/cluster/keepalive) every interval/3 of its role
// (node/keepalive in node.cpp). The primary looks once a second for nodes it has not heard from
// for interval/2 ("heartbeat"), or for `factor` times their average heartbeat gap ("average"),
// and probes each (GET /v1/health) until it answers or `timeout.max_keepalive` has passed, up to
// `retry_factor` attempts. A node that never answered is removed from the Smap; a target's
// removal starts a rebalance. With the defaults (10 s, 4 s) a killed node is out within about
// 6 s, a node cut off by the network within 10 s. Nodes in maintenance are not tracked (they may
// be shut down on purpose). A removed node that is alive learns it from the 404 to its next
// heartbeat and registers again.
#include "aisnode/meta/fanout.hpp"
#include "aisnode/proxy/proxy.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/codec.hpp"
#include "shared/net/async.hpp"
#include "shared/net/client.hpp"
#include "shared/net/work_pool.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

#include <boost/asio/io_context.hpp>

#include <algorithm>

namespace ais::node {

namespace {

using namespace std::chrono_literals;

}  // namespace

void Proxy::heard(const std::string& id) {
    const int64_t now = now_ns();
    std::lock_guard lk(ka_mu_);
    auto& h = heard_[id];
    if (h.last_ns) {
        double gap = static_cast<double>(now - h.last_ns);
        h.avg_gap_ns = h.avg_gap_ns == 0 ? gap : 0.8 * h.avg_gap_ns + 0.2 * gap;
    }
    h.last_ns = now;
}

net::Task<void> Proxy::keepalive(net::Request& req, net::Response& resp) {
    auto body = co_await req.read_all(1 << 20);
    if (!is_primary()) co_return co_await forward_to_primary(req, resp, body);
    auto node = api::from_json<api::Snode>(body);
    auto smap = env_.meta.smap();
    const api::Snode* known = smap->get_node(node.daemon_id);
    if (!known) throw ErrNotFound(node.name() + " is not in the cluster map (Smap v" + std::to_string(smap->version) + ")");
    heard(node.daemon_id);
    resp.set_json("{\"smap_version\":\"" + std::to_string(smap->version) + "\"}");
}

void Proxy::start_duties() {
    {
        std::lock_guard lk(ka_mu_);
        if (ka_running_) return;
        ka_running_ = true;
    }
    net::spawn(*env_.io, keepalive_loop());
    if (!env_.meta.rmd().done) net::spawn(*env_.io, reb_monitor());
    // A restarted primary bumps the Smap version: nodes that registered while it was still
    // starting got the previous one.
    if (is_primary()) net::spawn(*env_.io, metasync(true, true, true, true));
}

net::Task<void> Proxy::keepalive_loop() {
    bool was_primary = false;
    for (;;) {
        co_await net::sleep_for(1s);
        if (!is_primary()) {
            was_primary = false;
            continue;
        }
        auto smap = env_.meta.smap();
        auto cfg = env_.meta.config();
        const int64_t now = now_ns();
        std::vector<api::Snode> suspects;
        {
            std::lock_guard lk(ka_mu_);
            if (!was_primary) {
                // Just became primary: give every node a full period to be heard from.
                for (const auto* m : {&smap->tmap, &smap->pmap})
                    for (const auto& [id, n] : *m) heard_[id].last_ns = now;
                was_primary = true;
                if (!env_.meta.rmd().done) ensure_reb_monitor();
                net::spawn(*env_.io, resume_leaves());
                continue;
            }
            for (const auto* m : {&smap->tmap, &smap->pmap}) {
                for (const auto& [id, n] : *m) {
                    if (id == env_.id() || n.in_maint_or_decomm()) continue;
                    const auto& kc = n.is_proxy() ? cfg->keepalivetracker.proxy : cfg->keepalivetracker.target;
                    auto& h = heard_[id];
                    if (h.last_ns == 0) h.last_ns = now;  // new since the last look
                    int64_t limit = kc.interval.ns / 2;
                    if (kc.name == "average" && h.avg_gap_ns > 0)
                        limit = std::max<int64_t>(static_cast<int64_t>(h.avg_gap_ns * kc.factor), 1'000'000'000);
                    if (now - h.last_ns > limit) suspects.push_back(n);
                }
            }
        }
        if (suspects.empty()) continue;
        const auto budget = std::chrono::milliseconds(cfg->timeout.max_keepalive.ms());
        const int attempts = std::max(1, cfg->keepalivetracker.retry_factor);
        std::vector<char> alive(suspects.size(), 0);
        std::vector<net::Task<void>> probes;
        for (size_t i = 0; i < suspects.size(); ++i)
            probes.push_back(probe_health(&env_, suspects[i], attempts, budget, &alive[i]));
        co_await net::all(std::move(probes));
        std::vector<std::string> dead;
        for (size_t i = 0; i < suspects.size(); ++i) {
            if (alive[i]) {
                heard(suspects[i].daemon_id);
            } else {
                dead.push_back(suspects[i].daemon_id);
                log::warn("keepalive: {} did not answer within {}: removing it from the cluster map",
                          suspects[i].name(), cfg->timeout.max_keepalive.ms());
            }
        }
        if (dead.empty()) continue;
        try {
            const std::string why = "keepalive: not responding";
            co_await remove_nodes(std::move(dead), why, true);
        } catch (const std::exception& e) {
            log::error("keepalive: removing dead nodes: {}", e.what());
        }
    }
}

net::Task<void> Proxy::remove_nodes(std::vector<std::string> ids, std::string why, bool rebalance) {
    bool targets = false, changed = false, reb = false;
    co_await net::meta_pool().run([&] {
        std::lock_guard lk(env_.meta.update_mutex());
        auto smap = std::make_shared<api::Smap>(*env_.meta.smap());
        for (const auto& id : ids) {
            if (smap->tmap.erase(id)) {
                targets = true;
                changed = true;
            } else if (id != env_.id() && smap->pmap.erase(id)) {
                changed = true;
            }
        }
        if (!changed) return;
        smap->version++;
        env_.meta.put_smap(smap);
        std::string names;
        for (const auto& id : ids) names += (names.empty() ? "" : ", ") + id;
        log::info("removed {} from the cluster map ({}): Smap v{}, {} targets, {} proxies", names, why,
                  smap->version, smap->tmap.size(), smap->pmap.size());
        reb = targets && rebalance && want_rebalance() && smap->count_active_targets() > 0;
        if (reb) next_rmd();
    });
    {
        std::lock_guard lk(ka_mu_);
        for (const auto& id : ids) heard_.erase(id);
    }
    if (!changed) co_return;
    co_await metasync(true, false, false, reb);
    if (reb) ensure_reb_monitor();
}

}  // namespace ais::node
