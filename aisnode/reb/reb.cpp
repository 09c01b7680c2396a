#include "aisnode/reb/reb.hpp"

#include "shared/api/apc.hpp"
#include "shared/net/client.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

#include <chrono>
#include <thread>

namespace ais::node {

namespace {

using namespace std::chrono_literals;

class RebJob : public Xact {
  public:
    RebJob(Core& core, const Rmd& r) : Xact(r.reb_id(), api::kind::kRebalance), core_(core), rmd_(r) {
        workers = 4;
    }

    void run() override {
        auto& env = core_.env;
        // The RMD comes after the Smap it is for; wait for that Smap if metasync is behind.
        for (int i = 0; env.meta.smap()->version < rmd_.smap_version; ++i) {
            if (aborted()) return;
            if (i > 3000) throw Error(500, core_.tname() + ": " + id() + ": no Smap v" + std::to_string(rmd_.smap_version));
            std::this_thread::sleep_for(10ms);
        }
        smap_ = env.meta.smap();
        const api::Snode* me = smap_->get_target(env.id());
        keep_ = me && (me->flags & (api::Snode::kMaintenance)) && !(me->flags & api::Snode::kDecommission);
        retry_ns_ = env.meta.config()->rebalance.dest_retry_time.ns;
        auto bmd = env.meta.bmd();
        for (const auto& b : bmd->buckets()) {
            if (aborted()) return;
            if (!b.is_ais()) continue;
            std::vector<NameEnt> names = core_.walk(b, "", true);
            size_t i = 0;
            for_each(
                [&](std::string& out) {
                    while (i < names.size() && names[i].is_dir) ++i;
                    if (i >= names.size()) return false;
                    out = std::to_string(i++);
                    return true;
                },
                [&](const std::string& idx) { move_one(b, names[std::stoul(idx)]); }, true);
        }
        log::info("{}: {} done: sent {} objects", core_.tname(), id(), snap().stats.out_objs);
    }

  private:
    void move_one(const api::Bck& b, const NameEnt& ent) {
        ObjRef ref = core_.at_mpath(core_.resolve(b, ent.name), ent.mpath);
        const api::Snode* owner = smap_->hrw_target(ref.uname);
        if (!owner || owner->daemon_id == core_.env.id()) return;
        Found f;
        // Not where the walk saw it: a resilver may have moved it to another mountpath meanwhile.
        if (!core_.find(ref, f, true) && !core_.find_any(ref, f, true)) return;  // removed since the walk
        send(*owner, ref, f);
        add_out(1, f.md.size);
        if (keep_) return;
        // Remove the local copy only if it is still what was sent (a client may have written it since).
        std::lock_guard lk(core_.locks.of(ref.uname));
        Found now;
        if (core_.find(ref, now, false) && now.md.atime == f.md.atime && now.md.cksum_value == f.md.cksum_value &&
            now.md.size == f.md.size)
            core_.remove_local(ref);
    }

    // Retries a destination that does not answer for rebalance.dest_retry_time (a new Smap
    // aborts this job sooner when the destination is declared dead).
    void send(const api::Snode& to, const ObjRef& ref, const Found& f) {
        const int64_t deadline = now_ns() + retry_ns_;
        for (int attempt = 0;; ++attempt) {
            net::ClientRequest creq = core_.peer_put(to, ref, f.md, true);
            creq.headers.add(api::hdr::kRebalanceId, id());
            creq.headers.add(api::hdr::kAtime, std::to_string(f.md.atime));
            net::FileBody body(ref.path.fqn);
            creq.body_source = &body;
            std::string err;
            try {
                auto r = peer_client().call(creq);
                if (r.ok()) return;
                err = "status " + std::to_string(r.status) + ": " + r.body.substr(0, 256);
                // 404: the receiver joined a moment ago and has not installed the BMD yet.
                if (r.status < 500 && r.status != 404 && r.status != 409) throw Error(500, core_.tname() + ": " + id() + ": " + to.name() + " refused " +
                                                         ref.cname() + ": " + err);
            } catch (const net::NetError& e) {
                err = e.what();
            }
            if (aborted()) throw Error(500, core_.tname() + ": " + id() + " aborted");
            if (now_ns() > deadline)
                throw Error(500, core_.tname() + ": " + id() + ": sending " + ref.cname() + " to " + to.name() + ": " + err);
            if (attempt % 10 == 0) log::warn("{}: {}: {} does not take {}: {} (retrying)", core_.tname(), id(), to.name(), ref.cname(), err);
            std::this_thread::sleep_for(std::min(2000ms, 100ms * (attempt + 1)));
        }
    }

    Core& core_;
    const Rmd rmd_;
    MetaOwner::SmapPtr smap_;
    bool keep_ = false;
    int64_t retry_ns_ = 0;
};

}  // namespace

void Rebalancer::on_rmd(const Rmd& r) {
    std::lock_guard lk(mu_);
    if (r.done || r.version <= started_) return;
    started_ = r.version;
    if (cur_ && !cur_->finished()) cur_->abort("superseded by " + r.reb_id());
    cur_ = std::make_shared<RebJob>(core_, r);
    log::info("{}: starting rebalance {} (Smap v{})", core_.tname(), r.reb_id(), r.smap_version);
    try {
        xacts_.run(cur_);
    } catch (const std::exception& e) {
        log::error("{}: cannot start {}: {}", core_.tname(), r.reb_id(), e.what());
    }
}

std::shared_ptr<Xact> Rebalancer::job(std::string_view reb_id) const {
    auto x = xacts_.find(std::string(reb_id));
    return x && x->kind() == api::kind::kRebalance ? x : nullptr;
}

}  // namespace ais::node
