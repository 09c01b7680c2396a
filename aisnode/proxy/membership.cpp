// Cluster membership on the primary: nodes joining (autoreg), the AIS actions of PUT /v1/cluster
// that take nodes out or bring them back (spec §5.3), and the control of global rebalance.
//
//   start-maintenance  flag the node; targets' objects are copied to the others (rebalance), the
//                      node keeps its own and gets no new data; stop-maintenance undoes it
//   shutdown-node      maintenance, rebalance, then the node exits; it stays in the Smap
//   decommission-node  flag it (no new data), rebalance its objects away, then remove it from the
//                      Smap and tell it to exit (and remove its data with rm_user_data)
//   rm-unsafe          remove it from the Smap at once (no rebalance)
//   shutdown, decommission   every node (targets, proxies, then the primary itself)
// `skip_rebalance` skips the data movement. Leaves that wait for a rebalance are completed by the
// rebalance monitor when every target has finished it.
#include "aisnode/meta/fanout.hpp"
#include "aisnode/meta/metasync.hpp"
#include "aisnode/proxy/proxy.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/json.hpp"
#include "shared/api/msgs.hpp"
#include "shared/net/async.hpp"
#include "shared/net/client.hpp"
#include "shared/net/work_pool.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

#include <algorithm>
#include <csignal>
#include <thread>
#include <unistd.h>

namespace ais::node {

namespace {

using namespace std::chrono_literals;

bool is_leave(const std::string& a) {
    return a == api::act::kStartMaintenance || a == api::act::kShutdownNode || a == api::act::kDecommissionNode ||
           a == api::act::kRmNodeUnsafe;
}

}  // namespace

bool Proxy::add_node(const api::Snode& node) {
    auto smap = std::make_shared<api::Smap>(*env_.meta.smap());
    auto& m = node.is_target() ? smap->tmap : smap->pmap;
    auto it = m.find(node.daemon_id);
    api::Snode n = node;
    if (it != m.end()) n.flags = it->second.flags;  // a restarted node stays in maintenance
    if (it != m.end() && it->second == n) return false;
    m[n.daemon_id] = n;
    smap->version++;
    env_.meta.put_smap(smap);
    log::info("{} joined: Smap v{} ({} targets, {} proxies)", n.name(), smap->version, smap->tmap.size(),
              smap->pmap.size());
    return true;
}

net::Task<void> Proxy::membership(net::Request& req, net::Response& resp, const api::ActMsg& msg) {
    (void)req;
    auto val = msg.has_value() ? msg.value_as<api::ActValRmNode>() : api::ActValRmNode{};
    const std::string& a = msg.action;
    if (a == api::act::kShutdownCluster || a == api::act::kDecommissionCluster) {
        co_await cluster_down(a == api::act::kDecommissionCluster, val.rm_user_data);
        co_return;
    }
    std::string sid = !val.sid.empty() ? val.sid : val.sids.empty() ? std::string() : val.sids.front();
    if (sid.empty()) throw ErrBadRequest(a + ": node ID is required (value {\"sid\": ...})");
    auto smap = env_.meta.smap();
    const api::Snode* found = smap->get_node(sid);
    if (!found) throw ErrNotFound(a + ": node \"" + sid + "\" does not exist", "ErrNodeNotFound");
    const api::Snode node = *found;
    if (is_leave(a) && smap->is_primary(sid))
        throw ErrBadRequest(a + ": " + node.name() + " is the primary proxy (make another proxy primary first)");
    if (is_leave(a) && node.is_target() && !node.in_maint_or_decomm() && smap->count_active_targets() <= 1)
        throw ErrBadRequest(a + ": " + node.name() + " is the last active target of the cluster");
    if (a == api::act::kStartMaintenance && (node.flags & api::Snode::kMaintenance))
        throw ErrBadRequest(a + ": " + node.name() + " is already in maintenance");
    if (a == api::act::kStopMaintenance && !node.in_maint_or_decomm())
        throw ErrBadRequest(a + ": " + node.name() + " is not in maintenance");
    if (a == api::act::kDecommissionNode && (node.flags & api::Snode::kDecommission))
        throw ErrBadRequest(a + ": " + node.name() + " is already being decommissioned");

    if (a == api::act::kRmNodeUnsafe) {
        std::vector<std::string> ids{sid};
        co_await remove_nodes(std::move(ids), a, false);
        co_return;
    }
    // Flag it (or clear the flags) and tell everyone.
    const bool reb = node.is_target() && !val.skip_rebalance && want_rebalance();
    std::string reb_id;
    co_await net::meta_pool().run([&] {
        std::lock_guard lk(env_.meta.update_mutex());
        auto s = std::make_shared<api::Smap>(*env_.meta.smap());
        auto* n = node.is_target() ? &s->tmap.at(sid) : &s->pmap.at(sid);
        if (a == api::act::kStopMaintenance)
            n->flags &= ~(api::Snode::kMaintenance | api::Snode::kDecommission | api::Snode::kMaintPostReb);
        else if (a == api::act::kDecommissionNode)
            n->flags |= api::Snode::kDecommission;
        else
            n->flags |= api::Snode::kMaintenance;
        s->version++;
        env_.meta.put_smap(s);
        log::info("{}: {} (Smap v{})", a, node.name(), s->version);
        // The new Smap and its rebalance go out together.
        if (reb) reb_id = next_rmd().reb_id();
    });
    if (a == api::act::kStopMaintenance) heard(sid);
    co_await metasync(true, false, false, reb);
    if (reb) ensure_reb_monitor();
    if (a == api::act::kShutdownNode || a == api::act::kDecommissionNode) {
        Leave l{.sid = sid, .action = a, .rm_user_data = val.rm_user_data, .no_shutdown = val.no_shutdown};
        {
            std::lock_guard lk(reb_mu_);
            leaves_.push_back(std::move(l));
        }
        if (!reb) co_await complete_leaves();
    }
    resp.set_text(reb_id);
}

net::Task<void> Proxy::tell_node(api::Snode node, std::string action, bool rm_user_data, bool no_shutdown) {
    api::ActMsg m;
    m.action = action;
    api::ActValRmNode v;
    v.rm_user_data = rm_user_data;
    v.no_shutdown = no_shutdown;
    m.value = api::to_json(v);
    net::ClientRequest r;
    r.method = "PUT";
    r.url = node.intra_control_net.direct_url + "/v1/daemon";
    r.body = api::to_json(m);
    r.headers.add("Content-Type", "application/json");
    r.headers.add(api::hdr::kCallerId, env_.id());
    r.max_retries = 0;
    r.timeout = kControlTimeout;
    try {
        auto resp = co_await env_.client->co_call(r);
        if (!resp.ok()) log::warn("{} {}: status {}: {}", action, node.name(), resp.status, resp.body);
    } catch (const std::exception& e) {
        log::warn("{} {}: {}", action, node.name(), e.what());
    }
}

// Completes the shutdowns and decommissions whose data has moved (or that skipped it).
net::Task<void> Proxy::complete_leaves() {
    std::vector<Leave> todo;
    {
        std::lock_guard lk(reb_mu_);
        todo.swap(leaves_);
    }
    for (auto& l : todo) {
        auto smap = env_.meta.smap();
        const api::Snode* n = smap->get_node(l.sid);
        if (!n) continue;
        const api::Snode node = *n;
        if (l.action == api::act::kShutdownNode) {
            const std::string act = api::act::kShutdownNode;
            co_await tell_node(node, act, false, false);
            continue;
        }
        // Decommission: the node stops heartbeating first (and exits unless no_shutdown), so
        // that it does not register again.
        const std::string act = api::act::kDecommissionNode;
        co_await tell_node(node, act, l.rm_user_data, l.no_shutdown);
        std::vector<std::string> ids{l.sid};
        const std::string why = "decommissioned";
        co_await remove_nodes(std::move(ids), why, false);
    }
}

net::Task<void> Proxy::resume_leaves() {
    auto smap = env_.meta.smap();
    std::vector<std::string> found;
    {
        std::lock_guard lk(reb_mu_);
        for (const auto* m : {&smap->tmap, &smap->pmap})
            for (const auto& [id, n] : *m) {
                if (!(n.flags & api::Snode::kDecommission) || id == env_.id()) continue;
                if (std::any_of(leaves_.begin(), leaves_.end(), [&](const Leave& l) { return l.sid == id; })) continue;
                // rm_user_data and no_shutdown were the previous primary's to remember: the node
                // exits and keeps its data.
                leaves_.push_back(Leave{.sid = id, .action = api::act::kDecommissionNode});
                found.push_back(n.name());
            }
    }
    if (found.empty()) co_return;
    log::info("resuming the decommission of {} node(s) that the previous primary started ({}...)", found.size(), found.front());
    if (env_.meta.rmd().done)
        co_await complete_leaves();
    else
        ensure_reb_monitor();
}

net::Task<void> Proxy::cluster_down(bool decommission, bool rm_user_data) {
    auto smap = env_.meta.smap();
    const std::string act = decommission ? api::act::kDecommissionNode : api::act::kShutdownNode;
    std::vector<net::Task<void>> tells;
    for (const auto* m : {&smap->tmap, &smap->pmap})
        for (const auto& [id, n] : *m)
            if (id != env_.id()) tells.push_back(tell_node(n, act, rm_user_data, false));
    co_await net::all(std::move(tells));
    log::info("cluster {}: every node told; the primary exits", decommission ? "decommission" : "shutdown");
    if (decommission) {
        for (const char* f : {"smap.json", "bmd.json", "rmd.json", "config.json", "config_override.json", "daemon_id"})
            ::unlink((env_.local.confdir + "/" + f).c_str());
    }
    // Answer the client first, then exit as on SIGTERM.
    std::thread([] {
        std::this_thread::sleep_for(200ms);
        ::kill(::getpid(), SIGTERM);
    }).detach();
}

// ---- rebalance control ----

bool Proxy::want_rebalance() const {
    if (!env_.meta.config()->rebalance.enabled) return false;
    for (const auto& b : env_.meta.bmd()->buckets())
        if (b.is_ais()) return true;
    return false;  // no buckets, no objects to move (e.g. a cluster starting up for the first time)
}

Rmd Proxy::next_rmd() {
    Rmd r = env_.meta.rmd();
    r.version++;
    r.done = false;
    r.smap_version = env_.meta.smap()->version;
    env_.meta.put_rmd(r, true);
    log::info("rebalance {} for Smap v{}", r.reb_id(), r.smap_version);
    return r;
}

void Proxy::ensure_reb_monitor() {
    bool spawn_monitor = false;
    {
        std::lock_guard lk(reb_mu_);
        if (!reb_monitoring_) spawn_monitor = reb_monitoring_ = true;
    }
    if (spawn_monitor) net::spawn(*env_.io, reb_monitor());
}

net::Task<std::string> Proxy::start_rebalance() {
    if (env_.meta.smap()->count_active_targets() == 0) throw ErrBadRequest("rebalance: no active targets");
    Rmd r;
    co_await net::meta_pool().run([&] {
        std::lock_guard lk(env_.meta.update_mutex());
        r = next_rmd();
    });
    co_await metasync(true, false, false, true);
    ensure_reb_monitor();
    co_return r.reb_id();
}

net::Task<void> Proxy::reb_monitor() {
    {
        std::lock_guard lk(reb_mu_);
        reb_monitoring_ = true;
    }
    for (;;) {
        co_await net::sleep_for(500ms);
        const Rmd r = env_.meta.rmd();
        if (!is_primary() || r.done) {
            // Stop, unless a rebalance started since (it found this monitor still running).
            std::lock_guard lk(reb_mu_);
            if (!is_primary() || env_.meta.rmd().done) {
                reb_monitoring_ = false;
                co_return;
            }
            continue;
        }
        api::QueryMsg q;
        q.id = r.reb_id();
        q.kind = api::kind::kRebalance;
        const std::string body = api::to_json(q);
        auto smap = env_.meta.smap();
        const std::string path = "/v1/xactions?pid=" + env_.id();
        auto calls = calls_to_nodes(env_, *smap, false, true, {}, "GET", path, body);
        auto replies = co_await fanout(env_, std::move(calls));
        bool all_done = true, failed = false;
        std::string first_err;
        for (const auto& rep : replies) {
            if (!rep.ok()) {
                // A node shut down in maintenance has nothing more to send; a dead one is
                // removed by keepalive, which starts a new rebalance.
                if (rep.node.in_maint_or_decomm()) continue;
                all_done = false;
                break;
            }
            auto snaps = api::from_json<std::vector<api::JobSnap>>(rep.resp.body);
            if (snaps.empty()) {
                all_done = false;
                break;
            }
            for (const auto& s : snaps) {
                if (s.end_time == 0) all_done = false;
                if (!s.err.empty() && !s.aborted && first_err.empty()) {
                    failed = true;
                    first_err = rep.node.name() + ": " + s.err;
                }
            }
            if (!all_done) break;
        }
        if (!all_done) continue;
        // Objects that did not move stay where they were: try again (a new id), a few times.
        if (failed && reb_retries_ < kMaxRebRetries) {
            ++reb_retries_;
            log::warn("rebalance {} failed ({}): starting it again ({} of {})", r.reb_id(), first_err, reb_retries_,
                      kMaxRebRetries);
            co_await net::sleep_for(1s);
            if (env_.meta.rmd().version == r.version) (void)co_await start_rebalance();
            continue;
        }
        if (failed) log::error("rebalance {} failed {} times; last: {}", r.reb_id(), reb_retries_ + 1, first_err);
        reb_retries_ = 0;
        bool marked = false;
        co_await net::meta_pool().run([&] {
            std::lock_guard lk(env_.meta.update_mutex());
            Rmd cur = env_.meta.rmd();
            if (cur.version != r.version) return;  // superseded meanwhile
            cur.done = true;
            env_.meta.put_rmd(cur, true);
            marked = true;
        });
        if (!marked) continue;
        log::info("rebalance {} is done on every target", r.reb_id());
        co_await metasync(false, false, false, true);
        co_await complete_leaves();
    }
}

}  // namespace ais::node
