// Rebuilding an erasure-coded object at its main target from what the other targets sent (the
// target's GET/HEAD of a missing object gathers the pieces: target/ec_restore.cpp). Blocking: run
// on the WorkPool.
//
// Both functions commit with THE object writer (Core::commit: fdatasync, LOM with the version and
// custom metadata from the ec::Meta, rename, directory fsync) and only while the object is still
// absent (a PUT that lands meanwhile wins); the object's checksum is verified before the commit.
// They commit inside a Manager::Quiet scope: the restored object is not encoded again (its pieces
// exist; the caller queues the repair of the missing ones).
#pragma once

#include "aisnode/core/core.hpp"
#include "aisnode/ec/meta.hpp"

#include <vector>

namespace ais::node::ecsvc {

// A full replica fetched into `wf` (size and checksum verified by the caller). Returns false when
// the object appeared meanwhile (nothing committed).
bool commit_replica(Core& core, const ObjRef& ref, WorkFile& wf, const ec::Meta& m);

// Restores the object of `m` from its slices: fds[i] is slice id i+1 (data 1..D, parity D+1..D+P)
// or -1 when absent; at least D present, their checksums verified by the caller. Throws
// ec::ErrTooFewSlices (404) with fewer, Error 500 when the rebuilt bytes do not match the object's
// checksum. Returns false when the object appeared meanwhile.
bool rebuild(Core& core, const ObjRef& ref, const ec::Meta& m, const std::vector<int>& fds);

}  // namespace ais::node::ecsvc
