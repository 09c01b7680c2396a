// Streaming an object into D data + P parity slices and back, in stripes, so that memory stays at
// (D+P) x stripe bytes whatever the object size.
//
// Slice i covers bytes [i*S, (i+1)*S) of the object (S = slice_size(size, D), the last data slice
// zero-padded); a stripe is the same byte range [k, k+n) of every slice, coded together. So the
// object is read at D places per stripe (positional reads), slices are produced and consumed in
// order (a slice can be a sequential stream), and a restored object is written at D places per
// stripe (positional writes: a work file, not a socket).
//
// Callbacks do the I/O; pread_object/pread_slices/pwrite_object adapt file descriptors. Errors
// thrown by a callback propagate. Everything here blocks: run it on the WorkPool.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "aisnode/ec/codec.hpp"
#include "shared/util/cksum.hpp"

namespace ais::ec {

inline constexpr size_t kStripe = size_t{1} << 20;

// Reads exactly `n` bytes of the object at `off` (throws otherwise).
using ObjReader = std::function<void(int64_t off, uint8_t* buf, size_t n)>;
// Writes `n` bytes of the object at `off`.
using ObjWriter = std::function<void(int64_t off, const uint8_t* data, size_t n)>;
// Reads exactly `n` bytes of slice `idx` (0..D+P-1) at `off`; offsets of one slice come in order,
// each call continuing where the previous one ended.
using SliceReader = std::function<void(int idx, int64_t off, uint8_t* buf, size_t n)>;
// Appends `n` bytes to slice `idx`.
using SliceWriter = std::function<void(int idx, const uint8_t* data, size_t n)>;

// pread(2)/pwrite(2) loops over file descriptors the caller owns. Failures and a premature end of
// file throw std::system_error.
ObjReader pread_object(int fd);
SliceReader pread_slices(std::vector<int> fds);  // fds[idx]; -1 for a missing slice
ObjWriter pwrite_object(int fd);

struct Encoded {
    int64_t slice_size = 0;
    std::vector<std::string> cksums;  // per slice (D+P), of `cksum_type`; empty for none
};

// Splits the object (`size` bytes from `in`) and computes its parity, handing every slice to
// `out` stripe by stripe: for each stripe, slices 0..D+P-1 in order.
Encoded encode_object(const Codec& codec, int64_t size, const ObjReader& in, const SliceWriter& out,
                      CksumType cksum_type = CksumType::none, size_t stripe = kStripe);

// What restore() produces: either, both, or neither (then it only checksums the slices it reads).
struct RestoreTo {
    ObjWriter object;     // the object's `size` bytes (padding cut)
    SliceWriter missing;  // every slice not present, rebuilt (data and parity)
};

struct Restored {
    std::vector<int> read;            // the slices read: the first D present ones
    std::vector<std::string> cksums;  // per slice (D+P), of `cksum_type`, for those read or rebuilt
};

// Restores from the slices marked in `present` (reading D of them) an object of `size` bytes and/or
// its missing slices. Throws ErrTooFewSlices when fewer than D are present. The checksums of the
// slices read let a caller that writes to work files verify them against their metadata before
// committing anything; on a mismatch it marks that slice absent and restores again.
Restored restore(const Codec& codec, int64_t size, const std::vector<bool>& present, const SliceReader& in,
                 const RestoreTo& to, CksumType cksum_type = CksumType::none, size_t stripe = kStripe);

}  // namespace ais::ec
