#include "aisnode/reb/reb.hpp"
#include "aisnode/transport/bundle.hpp"

#include "shared/api/apc.hpp"
#include "shared/net/client.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

namespace ais::node {

namespace {

using namespace std::chrono_literals;

// A bundle carries up to this many objects or bytes (after the first object): enough to make the
// receiver's two syncs per bundle cheap per object, small enough to keep little in flight.
constexpr size_t kBundleObjs = 128;
constexpr uint64_t kBundleBytes = 32ull << 20;

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
            // Each object whose owner is another target, grouped by that owner into bundles.
            std::vector<NameEnt> names = core_.walk(b, "", true);
            std::map<std::string, std::vector<size_t>> by_owner;
            for (size_t i = 0; i < names.size(); ++i) {
                if (names[i].is_dir) continue;
                ObjRef ref = core_.at_mpath(core_.resolve(b, names[i].name), names[i].mpath);
                const api::Snode* owner = smap_->hrw_target(ref.uname);
                if (owner && owner->daemon_id != env.id()) by_owner[owner->daemon_id].push_back(i);
            }
            std::vector<std::pair<const api::Snode*, std::vector<size_t>>> chunks;
            for (auto& [id, idx] : by_owner)
                for (size_t k = 0; k < idx.size(); k += kBundleObjs)
                    chunks.emplace_back(smap_->get_target(id),
                                        std::vector<size_t>(idx.begin() + static_cast<ptrdiff_t>(k),
                                                            idx.begin() + static_cast<ptrdiff_t>(std::min(idx.size(), k + kBundleObjs))));
            size_t next = 0;
            for_each(
                [&](std::string& out) {
                    if (next >= chunks.size()) return false;
                    out = std::to_string(next++);
                    return true;
                },
                [&](const std::string& c) {
                    const auto& [to, idx] = chunks[std::stoul(c)];
                    send_chunk(b, *to, names, idx);
                },
                true);
        }
        log::info("{}: {} done: sent {} objects", core_.tname(), id(), snap().stats.out_objs);
    }

  private:
    struct Sent {
        ObjRef ref;
        LomMd md;
    };

    void send_chunk(const api::Bck& b, const api::Snode& to, const std::vector<NameEnt>& names,
                    const std::vector<size_t>& idx) {
        transport::Bundle bundle;
        std::vector<Sent> sent;
        for (size_t i : idx) {
            if (aborted()) return;
            ObjRef ref = core_.at_mpath(core_.resolve(b, names[i].name), names[i].mpath);
            Found f;
            // Not where the walk saw it: a resilver may have moved it to another mountpath meanwhile.
            if (!core_.find(ref, f, true) && !core_.find_any(ref, f, true)) continue;  // removed since the walk
            transport::ObjHdr h{.bck = b,
                                .obj = ref.obj,
                                .size = f.md.size,
                                .cksum_type = f.md.cksum_type,
                                .cksum_value = f.md.cksum_value,
                                .version = f.md.version,
                                .atime = f.md.atime,
                                .custom = f.md.custom};
            bundle.add(std::move(h), std::move(f.fd), ref.path.fqn);
            sent.push_back({std::move(ref), std::move(f.md)});
            if (bundle.data_bytes() >= kBundleBytes) flush(to, bundle, sent);
        }
        flush(to, bundle, sent);
    }

    // Sends the bundle, then removes what the receiver took (unless this target keeps its objects
    // or one changed meanwhile). A refused object is an error of the job, after the others.
    void flush(const api::Snode& to, transport::Bundle& bundle, std::vector<Sent>& sent) {
        if (bundle.count() == 0) return;
        std::vector<transport::Result> res = send(to, bundle);
        std::string first_err;
        for (size_t i = 0; i < res.size(); ++i) {
            const Sent& s = sent[i];
            if (!res[i].ok()) {
                if (first_err.empty())
                    first_err = core_.tname() + ": " + id() + ": " + to.name() + " refused " + s.ref.cname() + ": " + res[i].error;
                continue;
            }
            add_out(1, s.md.size);
            core_.env.metrics->stream_out_n->add();
            core_.env.metrics->stream_out_size->add(s.md.size);
            if (keep_) continue;
            // Remove the local copy only if it is still what was sent (a client may have written it since).
            std::lock_guard lk(core_.locks.of(s.ref.uname));
            Found now;
            if (core_.find(s.ref, now, false) && now.md.atime == s.md.atime && now.md.cksum_value == s.md.cksum_value &&
                now.md.size == s.md.size)
                core_.remove_local(s.ref);
        }
        bundle.clear();
        sent.clear();
        if (!first_err.empty()) throw Error(500, first_err);
    }

    // Retries a destination that does not answer for rebalance.dest_retry_time (a new Smap
    // aborts this job sooner when the destination is declared dead).
    std::vector<transport::Result> send(const api::Snode& to, transport::Bundle& bundle) {
        const int64_t deadline = now_ns() + retry_ns_;
        net::Headers extra;
        extra.add(api::hdr::kRebalanceId, id());
        for (int attempt = 0;; ++attempt) {
            std::string err;
            try {
                return transport::send(peer_client(), to, "reb", core_.env.id(), bundle, extra);
            } catch (const net::NetError& e) {
                err = e.what();
            } catch (const Error& e) {
                err = e.what();
                // 404/409: the receiver joined a moment ago (no BMD yet) or does not know us yet.
                if (e.status() < 500 && e.status() != 404 && e.status() != 409)
                    throw Error(500, core_.tname() + ": " + id() + ": " + err);
            }
            if (aborted()) throw Error(500, core_.tname() + ": " + id() + " aborted");
            if (now_ns() > deadline)
                throw Error(500, core_.tname() + ": " + id() + ": sending " + std::to_string(bundle.count()) +
                                     " objects to " + to.name() + ": " + err);
            if (attempt % 10 == 0)
                log::warn("{}: {}: {} does not take a bundle of {} objects: {} (retrying)", core_.tname(), id(), to.name(),
                          bundle.count(), err);
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
    if (r.done) {
        std::lock_guard tl(tomb_mu_);
        tombs_.clear();
    }
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

void Rebalancer::tombstone(const std::string& uname) {
    const Rmd r = core_.env.meta.rmd();
    if (r.done) return;
    std::lock_guard lk(tomb_mu_);
    if (tomb_rmd_ != r.version) {
        tombs_.clear();
        tomb_rmd_ = r.version;
    }
    tombs_.insert(uname);
}

bool Rebalancer::tombstoned(const std::string& uname) const {
    const Rmd r = core_.env.meta.rmd();
    std::lock_guard lk(tomb_mu_);
    return !r.done && tomb_rmd_ == r.version && tombs_.contains(uname);
}

std::shared_ptr<Xact> Rebalancer::job(std::string_view reb_id) const {
    auto x = xacts_.find(std::string(reb_id));
    return x && x->kind() == api::kind::kRebalance ? x : nullptr;
}

}  // namespace ais::node
