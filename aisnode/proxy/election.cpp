// The proxy's part of primary election (meta/vote.hpp): running an election as the candidate, and
// handing the primary role over on request (`ais cluster set-primary`, PUT /v1/cluster/proxy/ID).
#include "aisnode/meta/fanout.hpp"
#include "aisnode/meta/metasync.hpp"
#include "aisnode/meta/vote.hpp"
#include "aisnode/proxy/proxy.hpp"
#include "shared/api/apc.hpp"
#include "shared/net/async.hpp"
#include "shared/net/client.hpp"
#include "shared/net/work_pool.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

namespace ais::node {

namespace {
using namespace std::chrono_literals;
}  // namespace

// PUT /v1/vote/init: another node found the primary down and names this proxy the next in line.
net::Task<void> Proxy::vote_init(net::Request& req, net::Response& resp) {
    (void)resp;
    auto body = co_await req.read_all(16u << 20);
    VoteRecord v = vote_from_json(kVoteInitiation, body);
    auto smap = env_.meta.smap();
    if (!smap->get_node(v.initiator))
        throw ErrBadRequest("vote: initiator \"" + v.initiator + "\" is not in the cluster map (Smap v" +
                            std::to_string(smap->version) + ")");
    if (is_primary()) throw ErrConflict(env_.self.name() + " is the primary already");
    const api::Snode* next = smap->hrw_proxy(smap->primary.daemon_id);
    if (!next || next->daemon_id != env_.id())
        throw ErrConflict(env_.self.name() + " is not next in line to become primary" +
                          (next ? " (" + next->name() + " is)" : std::string()));
    net::spawn(*env_.io, start_election());
}

net::Task<void> Proxy::start_election() {
    {
        std::lock_guard lk(ka_mu_);
        if (electing_) co_return;
        electing_ = true;
    }
    struct Done {
        Proxy* p;
        ~Done() {
            std::lock_guard lk(p->ka_mu_);
            p->electing_ = false;
        }
    } done{this};
    const int64_t t0 = now_ns();
    auto smap = env_.meta.smap();
    if (is_primary()) co_return;
    const api::Snode old = smap->primary;
    auto cfg = env_.meta.config();
    // 1. Is the primary really gone?
    char alive = 0;
    auto probe = probe_health(&env_, old, 2, std::chrono::milliseconds(cfg->timeout.cplane_operation.ms()), &alive);
    co_await std::move(probe);
    if (alive) {
        log::info("election: primary {} is up: nothing to do", old.name());
        co_return;
    }
    log::warn("election: primary {} is down; {} asks for votes (Smap v{})", old.name(), env_.self.name(), smap->version);
    // 2. Votes of every other node.
    VoteRecord v{.candidate = env_.id(), .primary = old.daemon_id, .smap = *smap,
                 .start_time = rfc3339_ns(now_ns()), .initiator = env_.id()};
    const std::string body = vote_to_json(kVoteRecord, v);
    const std::vector<std::string> skip_votes{env_.id(), old.daemon_id};
    auto calls = calls_to_nodes(env_, *smap, true, true, skip_votes, "GET", "/v1/vote/proxy", body);
    auto replies = co_await fanout(env_, std::move(calls));
    int yes = 0, no = 0;
    for (const auto& r : replies) {
        if (r.ok() && r.resp.body == kVoteYes)
            ++yes;
        else
            ++no;
    }
    log::info("election: {} yes, {} no", yes, no);
    if (yes <= no && yes + no > 0) {
        log::warn("election: {} is not elected ({} yes, {} no)", env_.self.name(), yes, no);
        co_return;
    }
    if (env_.meta.smap()->version != smap->version) {
        log::warn("election: the cluster map changed meanwhile (v{} -> v{}): giving up", smap->version,
                  env_.meta.smap()->version);
        co_return;
    }
    // 3. The new Smap: this proxy primary, the old one gone. The version jumps, so that nothing the
    // old primary may still have sent can be newer.
    auto next = std::make_shared<api::Smap>(*smap);
    next->primary = env_.self;
    next->pmap.erase(old.daemon_id);
    next->pmap[env_.id()] = env_.self;
    next->version += 100;
    co_await net::meta_pool().run([&] {
        std::lock_guard lk(env_.meta.update_mutex());
        env_.meta.put_smap(next);
    });
    VoteRecord res = v;
    res.smap = *next;
    const std::string rbody = vote_to_json(kVoteResult, res);
    const std::vector<std::string> skip_self{env_.id()};
    auto results = calls_to_nodes(env_, *next, true, true, skip_self, "PUT", "/v1/vote/result", rbody, 1);
    auto acks = co_await fanout(env_, std::move(results));
    for (const auto& a : acks)
        if (!a.ok()) log::warn("election: {} did not take the result: {}", a.node.name(), a.what());
    log::info("election: {} is the new primary (Smap v{}, {} ms)", env_.self.name(), next->version,
              (now_ns() - t0) / 1'000'000);
    // Everyone gets this primary's view of the rest, too.
    co_await metasync(false, true, true, true);
    if (!env_.meta.rmd().done) ensure_reb_monitor();
}

// PUT /v1/cluster/proxy/ID: the primary hands its role to another proxy.
net::Task<void> Proxy::set_primary(std::string id) {
    auto smap = env_.meta.smap();
    const api::Snode* p = smap->get_proxy(id);
    if (!p) {
        if (smap->get_target(id)) throw ErrBadRequest("set-primary: t[" + id + "] is a target, not a proxy");
        throw ErrNotFound("set-primary: proxy \"" + id + "\" does not exist", "ErrNodeNotFound");
    }
    if (smap->is_primary(id)) co_return;  // already
    if (p->in_maint_or_decomm()) throw ErrBadRequest("set-primary: " + p->name() + " is in maintenance");
    if (p->flags & api::Snode::kNonElectable) throw ErrBadRequest("set-primary: " + p->name() + " is non-electable");
    // It must be up: a primary nobody can reach would freeze the cluster.
    char alive = 0;
    auto probe = probe_health(&env_, *p, 2, std::chrono::milliseconds(3000), &alive);
    co_await std::move(probe);
    if (!alive) throw ErrUnavailable("set-primary: " + p->name() + " does not answer");
    const api::Snode np = *p;
    co_await net::meta_pool().run([&] {
        std::lock_guard lk(env_.meta.update_mutex());
        auto next = std::make_shared<api::Smap>(*env_.meta.smap());
        next->primary = np;
        next->version++;
        env_.meta.put_smap(next);
    });
    log::info("set-primary: {} is the primary now (Smap v{})", np.name(), env_.meta.smap()->version);
    co_await metasync(true, true, true, true);
}

}  // namespace ais::node
