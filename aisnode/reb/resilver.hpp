// Resilver: after a mountpath change on this target, every object goes to the mountpath that HRW
// now names for it among the available ones (what global rebalance does across targets, done
// across the disks of one target). A job of kind "resilver", local to the target, visible in job
// queries; AIS starts one on every attach/detach/enable/disable, and `PUT /v1/cluster
// {"action":"start","value":{"kind":"resilver"}}` starts one by hand.
//
//   walk every bucket on every readable mountpath (available + waiting: a just-disabled or
//   detached one is still read) -> each object not on its HRW mountpath moves there: rename(2)
//   when both are on one filesystem, else a copy through the object writer (checksum, version,
//   atime and custom metadata kept) -> then the misplaced copy is removed.
//
// The moved object never exists partially: a rename is atomic, a copy is committed by the writer
// only if, under the name lock, the source is still the same file and the destination has no
// object (a client's newer PUT there wins; the stale copy is dropped). At every instant one of the
// two places holds the object, and a GET that misses on the HRW mountpath looks at the others
// (Core::find_any), so everything stays readable while a resilver runs. Objects that the Smap
// places on another target are left to the global rebalance, unless they sit on a mountpath being
// disabled or detached. A resilver that ends without errors tells the mountpaths that the waiting
// ones are drained (they become disabled, or are forgotten); a newer change aborts the running
// resilver and starts another, which waits for the old one to stop first.
#pragma once

#include "aisnode/core/core.hpp"
#include "aisnode/xact/xact.hpp"

#include <memory>
#include <mutex>
#include <string>

namespace ais::node {

// The resilver's move of one object: `src` is where a walk found it (at_mpath), `dst` its HRW
// place on this target. Returns the bytes moved, or -1 when nothing moved (gone meanwhile, or the
// HRW place holds a newer object and the stale `src` was dropped). Blocking; also the scrub's
// repair of objects misplaced across mountpaths (xs/scrub.cpp).
int64_t move_to_hrw(Core& core, const ObjRef& src, const ObjRef& dst);

class Resilver {
  public:
    Resilver(Core& core, XactRegistry& xacts) : core_(core), xacts_(xacts) {}

    // Aborts the running resilver, if any, and starts one over the current mountpaths. `id` ""
    // = a new one. Returns the job id; throws what XactRegistry::run throws.
    std::string start(std::string id, const std::string& why);

  private:
    Core& core_;
    XactRegistry& xacts_;
    std::mutex mu_;
    std::shared_ptr<Xact> cur_;
};

}  // namespace ais::node
