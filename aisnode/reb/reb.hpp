// Global rebalance on a target: when the set of targets changes, every object goes to the target
// that HRW now names for it. The primary describes the rebalance it wants in the RMD (meta.hpp:
// version N = job "g<N>", the Smap it is for) and metasyncs it; each target, on installing it,
// aborts an older rebalance and runs this one as a job of kind "rebalance":
//
//   walk every ais:// bucket on every mountpath -> group the objects whose HRW owner is another
//   target by that owner -> send them in bundles (transport/bundle.hpp: many objects per request,
//   with checksum, version, atime and custom metadata; the receiver verifies each checksum and
//   makes the bundle durable at once) -> remove the local copies the receiver took, unless this
//   target is in maintenance (it keeps its objects) or an object changed meanwhile.
//
// A receiver keeps what it has when its copy is as new or newer (by atime): a client's PUT that
// reached the new owner first is never overwritten by the older copy in flight.
// Until the primary marks the RMD done, a target that misses an object asks its peers
// (get-from-neighbor, target/neighbor.cpp), so every object stays readable throughout; so does a
// target asked for an object that its own Smap places elsewhere (its metasync is behind).
// A target restarted in the middle resumes the unfinished rebalance it persisted.
#pragma once

#include "aisnode/core/core.hpp"
#include "aisnode/xact/xact.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>

namespace ais::node {

class Rebalancer {
  public:
    Rebalancer(Core& core, XactRegistry& xacts) : core_(core), xacts_(xacts) {}

    // A newly installed RMD (metasync listener; also called once after joining, to resume).
    void on_rmd(const Rmd& r);
    // True while the cluster's current rebalance is unfinished: misses ask the other targets.
    bool gfn_active() const { return !core_.env.meta.rmd().done; }
    // The running rebalance job with this id, if any (receivers count what arrives).
    std::shared_ptr<Xact> job(std::string_view reb_id) const;
    // A client deleted this object here while the current rebalance may still bring a copy: the
    // copy is dropped on arrival. Forgotten when the rebalance ends or another starts.
    void tombstone(const std::string& uname);
    bool tombstoned(const std::string& uname) const;

  private:
    Core& core_;
    XactRegistry& xacts_;
    std::mutex mu_;
    int64_t started_ = 0;  // the newest RMD version started here
    std::shared_ptr<Xact> cur_;
    mutable std::mutex tomb_mu_;
    int64_t tomb_rmd_ = 0;  // the RMD version the tombstones are for
    std::unordered_set<std::string> tombs_;
};

}  // namespace ais::node
