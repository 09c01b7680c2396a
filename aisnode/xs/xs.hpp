// The jobs a target runs (AIS's xact/xs): each is an Xact over the core object layer.
//
//   copy-bck, move-bck   every object of the source bucket (under a prefix) that this target
//                        stores, copied to the destination's owner with its checksum, version
//                        and custom metadata (move-bck: the proxy removes the source after all
//                        targets finish, so that the old name serves until the new one is whole)
//   copy-listrange       the same for objects named by a list or a template
//   delete-listrange     removes the named objects this target owns (evict-listrange: same for
//                        ais:// buckets, which have no remote copy to fall back on)
//   summary-bck          counts and sizes of one or all buckets (result in the snap's "ext")
//   promote              files on this machine become objects
//   make-n-copies        every object gets exactly N replicas on different mountpaths (mirror/)
//   scrub                each object classified (misplaced, missing copies, corrupted, small,
//                        large) and, when asked, repaired (`ais storage validate`; scrub.cpp)
//
// make_job validates the request against this target's BMD (404 bucket, 400 bad template) and
// creates nothing visible: that is phase one of the cluster-wide start.
#pragma once

#include "aisnode/core/core.hpp"
#include "aisnode/xact/xact.hpp"

#include <memory>

namespace ais::node::xs {

std::shared_ptr<Xact> make_job(Core& core, const JobReq& req);

// AIS's bounds of mirror.copies: 1..32 and at most the target's available mountpaths (400 naming
// the target otherwise: "t[X]: not enough mountpaths (3) to configure ais://b as 4-way mirror").
inline constexpr int64_t kMaxCopies = 32;
void check_copies(const Core& core, const api::Bck& bck, int64_t copies);

}  // namespace ais::node::xs
