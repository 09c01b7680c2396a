// Erasure coding (EC), the building block of AIS's per-bucket data protection: the rules AIS applies
// to a bucket's `ec` props, where an object's slices go, and the sizes involved. The Reed-Solomon
// math is codec.hpp, streaming an object into slices and back is stream.hpp, the per-slice metadata
// is meta.hpp. This library does no networking and no placement on disk: target/ and a future ec
// job decide where bytes come from and go to.
//
// How AIS does it (NVIDIA/aistore; Go names in parentheses):
// - Bucket props `ec` (cmn/config.go, ECConf): objsize_limit, compression, bundle_multiplier,
//   data_slices, parity_slices, enabled, disk_only. Validation ((*ECConf).Validate): data and
//   parity each in [1, 32] ("invalid ec.data_slices: 0 (expected value in range [1, 32])", same
//   for ec.parity_slices); objsize_limit >= -1.
// - Targets (ECConf.numRequiredTargets, ValidateAsProps): D+P+1, the main target holding the whole
//   object plus one per slice; P+1 when objsize_limit is -1 (replicate everything). With fewer:
//   "not enough target nodes: EC configuration (D = 2, P = 2) requires at least 5 targets (have
//   3)". It is a soft error (the proxy accepts it with `force`, ais/prxbck.go) unless the limit is
//   -1 or P alone exceeds the targets. A PUT that cannot place its slices fails the encoding with
//   the same ErrNotEnoughTargets (ec/putjogger.go, encode).
// - Replica or slices (ec.IsECCopy): an object smaller than objsize_limit is replicated: P full
//   copies on P other targets, all with slice id 0. Larger ones are sliced. 0 means slice every
//   object; -1 means replicate every object (P+1 copies in all).
// - Slicing (ec.SliceSize, putjogger.initializeSlices): slice size S = ceil(size / D); data slice
//   i (id i+1) is bytes [i*S, (i+1)*S) of the object, the last one zero-padded to S; P parity
//   slices (ids D+1..D+P) of size S each (Go AIS uses klauspost/reedsolomon; we use ISA-L, see
//   codec.hpp). An empty object gives empty slices.
// - Placement (putjogger.encode, meta.Smap.HrwTargetList in core/meta/hrw.go): all targets are
//   sorted by HRW weight of the object's uname, descending; the first one is the main target
//   (slice id 0, the object itself), the next D+P get slice ids 1..D+P in that order (replicas:
//   the next P, all id 0). Every slice and replica lives on a different target, so the object
//   survives the loss of any P targets. Restores later may put slices elsewhere.
// - Metadata (ec/metafile.go, Metadata): one metafile next to every slice and replica, see meta.hpp.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ais::ec {

inline constexpr int kMinSlices = 1;   // cmn.MinSliceCount
inline constexpr int kMaxSlices = 32;  // cmn.MaxSliceCount

// objsize_limit value meaning "replicate every object" (cmn.ObjSizeToAlwaysReplicate).
inline constexpr int64_t kAlwaysReplicate = -1;

// Throws ErrBadRequest with AIS's message when D or P is out of [1, 32].
void validate_slices(int data, int parity);

// ceil(obj_size / data): the size of every slice, data and parity alike.
inline int64_t slice_size(int64_t obj_size, int data) {
    return (obj_size + data - 1) / data;
}

// Whether an object of this size is replicated (P full copies) rather than sliced.
inline bool is_replicated(int64_t obj_size, int64_t objsize_limit) {
    return objsize_limit == kAlwaysReplicate || obj_size < objsize_limit;
}

// Targets a bucket with these props needs: D+P+1 (P+1 when every object is replicated).
inline int required_targets(int data, int parity, int64_t objsize_limit) {
    return objsize_limit == kAlwaysReplicate ? parity + 1 : data + parity + 1;
}

// AIS's verdict on enabling EC with `target_cnt` targets: `err` empty when there are enough;
// `soft` when AIS lets the user override it (`force`).
struct TargetCheck {
    std::string err;
    bool soft = false;
};
TargetCheck check_targets(int data, int parity, int64_t objsize_limit, int target_cnt);

// Indices into `node_digests` of the `count` nodes with the highest HRW weight for `digest`
// (hrw_digest of the object's uname), highest first: element 0 is the main target, element i
// holds slice id i. Fewer than `count` nodes: all of them. Ties go to the lower index, as in
// hrw_select. Callers leave out nodes in maintenance.
std::vector<int> hrw_list(uint64_t digest, std::span<const uint64_t> node_digests, int count);

}  // namespace ais::ec
