// What every node does in a primary election (meta/vote.hpp): vote, install the result, start an
// election when it finds the primary gone, and — for a proxy restarted as "the primary" — find out
// whether the cluster elected another one meanwhile.
#include "aisnode/meta/fanout.hpp"
#include "aisnode/meta/metasync.hpp"
#include "aisnode/meta/vote.hpp"
#include "aisnode/node/node.hpp"
#include "aisnode/proxy/proxy.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/codec.hpp"
#include "shared/net/client.hpp"
#include "shared/net/work_pool.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

#include <chrono>

namespace ais::node {

using namespace std::chrono_literals;

// GET /v1/vote/proxy: YES when this node cannot reach the primary either and agrees that the
// candidate is the next in line.
net::Task<void> Node::vote_proxy(net::Request& req, net::Response& resp) {
    auto body = co_await req.read_all(16u << 20);
    VoteRecord v = vote_from_json(kVoteRecord, body);
    auto smap = env_->meta.smap();
    if (v.candidate.empty()) throw ErrBadRequest("vote: the candidate is missing");
    if (!smap->get_proxy(v.candidate))
        throw ErrBadRequest("vote: candidate \"" + v.candidate + "\" is not a proxy in the cluster map (Smap v" +
                            std::to_string(smap->version) + ")");
    auto caller = req.headers.get(api::hdr::kCallerId);
    if (!caller.empty() && !smap->get_node(caller))
        throw ErrBadRequest("vote: \"" + std::string(caller) + "\" is not in the cluster map");
    if (smap->is_primary(v.candidate))
        throw ErrBadRequest("vote: candidate " + v.candidate + " is the primary already");
    bool yes = false;
    const api::Snode* next = smap->hrw_proxy(smap->primary.daemon_id);
    if (next && next->daemon_id == v.candidate && !smap->is_primary(env_->id())) {
        char alive = 0;
        auto cfg = env_->meta.config();
        auto probe = probe_health(env_.get(), smap->primary, 2, std::chrono::milliseconds(cfg->timeout.cplane_operation.ms()),
                              &alive);
        co_await std::move(probe);
        yes = !alive;
    }
    log::info("{}: vote for {} as primary (primary {}): {}", env_->self.name(), v.candidate, smap->primary.name(),
              yes ? kVoteYes : kVoteNo);
    resp.set_text(yes ? kVoteYes : kVoteNo);
}

// PUT /v1/vote/result: the elected primary's new Smap.
net::Task<void> Node::vote_result(net::Request& req, net::Response& resp) {
    (void)resp;
    auto body = co_await req.read_all(16u << 20);
    VoteRecord v = vote_from_json(kVoteResult, body);
    auto smap = env_->meta.smap();
    if (!smap->get_proxy(v.candidate) || v.smap.primary.daemon_id != v.candidate)
        throw ErrBadRequest("vote result: \"" + v.candidate + "\" is not a proxy in the cluster map");
    if (v.smap.uuid != smap->uuid) throw ErrBadRequest("vote result: another cluster (" + v.smap.uuid + ")");
    auto next = std::make_shared<api::Smap>(v.smap);
    co_await net::meta_pool().run([this, &next] {
        if (env_->meta.put_smap(next))
            log::info("{}: {} elected primary (Smap v{})", env_->self.name(), next->primary.name(), next->version);
    });
}

// The primary does not answer: ask the next in line to run an election (or run it, if that is us);
// if the candidate does not answer either, the one after it.
net::Task<void> Node::on_primary_down() {
    auto smap = env_->meta.smap();
    api::Smap view = *smap;
    const std::string old = view.primary.daemon_id;
    for (;;) {
        const api::Snode* next = view.hrw_proxy(old);
        if (!next) {
            log::error("{}: the primary {} is down and no proxy can replace it", env_->self.name(), view.primary.name());
            co_return;
        }
        if (next->daemon_id == env_->id()) {
            if (proxy_) co_await proxy_->start_election();
            co_return;
        }
        VoteRecord v{.candidate = next->daemon_id, .primary = old, .smap = *smap,
                     .start_time = rfc3339_ns(now_ns()), .initiator = env_->id()};
        net::ClientRequest r;
        r.method = "PUT";
        r.url = next->intra_control_net.direct_url + "/v1/vote/init";
        r.body = vote_to_json(kVoteInitiation, v);
        r.headers.add("Content-Type", "application/json");
        r.headers.add(api::hdr::kCallerId, env_->id());
        r.max_retries = 1;
        r.timeout = kControlTimeout;
        const std::string name = next->name();
        try {
            auto resp = co_await client_->co_call(r);
            if (resp.ok()) {
                log::info("{}: primary {} is down: {} runs the election", env_->self.name(), view.primary.name(), name);
                co_return;
            }
            log::warn("{}: {} refused to run the election: {}", env_->self.name(), name, resp.body);
        } catch (const std::exception& e) {
            log::warn("{}: candidate {} does not answer: {}", env_->self.name(), name, e.what());
        }
        view.pmap.erase(next->daemon_id);
    }
}

// A proxy configured as the primary that comes back: if the nodes it knew have moved on to a
// newer Smap with another primary (it was down and they elected one), it joins that primary
// instead of splitting the cluster. Returns the URL of the primary to join ("" = none).
std::string Node::find_elected_primary() {
    auto smap = env_->meta.smap();
    if (smap->uuid.empty()) return {};
    net::ClientOptions co;
    co.connect_timeout = 1s;
    co.io_timeout = 2s;
    co.max_retries = 0;
    co.skip_verify = true;
    net::Client c(co);
    api::Smap best;
    for (const auto* m : {&smap->pmap, &smap->tmap}) {
        for (const auto& [id, n] : *m) {
            if (id == env_->id()) continue;
            try {
                auto r = c.call({.method = "GET", .url = n.intra_control_net.direct_url + "/v1/daemon?what=smap"});
                if (!r.ok()) continue;
                auto s = api::from_json<api::Smap>(r.body);
                if (s.uuid == smap->uuid && s.version > best.version) best = std::move(s);
            } catch (const std::exception&) {
            }
        }
    }
    if (best.version > smap->version && !best.primary.daemon_id.empty() && best.primary.daemon_id != env_->id()) {
        log::warn("{}: the cluster elected {} meanwhile (Smap v{}): joining it", env_->self.name(), best.primary.name(),
                  best.version);
        return best.primary.intra_control_net.direct_url;
    }
    return {};
}

}  // namespace ais::node
