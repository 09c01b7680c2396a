// Reed-Solomon over GF(2^8) for D data + P parity shards, on ISA-L's SIMD kernels.
//
// Shards are numbered 0..D+P-1: data first, then parity (AIS's slice id is index + 1). Every byte
// column is coded on its own, so a caller may code any stretch of equal length of its shards at a
// time (stream.hpp codes stripes of a few MiB). The generator is systematic (the data shards are
// stored as they are) with a Cauchy matrix below the identity, so any D of the D+P shards
// determine the rest.
//
// Not byte-compatible with Go AIS's parity (klauspost/reedsolomon derives its matrix from a
// Vandermonde one): slices made here are restored here.
//
// A Codec is immutable after construction except for its cache of decode tables (one per erasure
// pattern, behind a mutex held only to look up or insert); it is safe to share between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "shared/util/errors.hpp"

namespace ais::ec {

// Fewer than D shards (slices) to restore from. A 404: the object cannot be produced.
struct ErrTooFewSlices : ErrNotFound {
    ErrTooFewSlices(int have, int need);
    int have, need;
};

class Codec {
  public:
    // Throws ErrBadRequest (AIS's message) when D or P is out of [1, 32].
    Codec(int data, int parity);
    ~Codec();
    Codec(const Codec&) = delete;
    Codec& operator=(const Codec&) = delete;

    int data() const { return d_; }
    int parity() const { return p_; }
    int total() const { return d_ + p_; }

    // parity[0..P) = the code of data[0..D); every buffer is `len` bytes.
    void encode(const uint8_t* const* data, uint8_t* const* parity, size_t len) const;

    // Rebuilds in place every shard whose `present` is false from D present ones (the first D in
    // index order, so data shards are preferred). `shards` has D+P buffers of `len` bytes, missing
    // ones writable. Throws ErrTooFewSlices when fewer than D are present.
    void reconstruct(uint8_t* const* shards, const std::vector<bool>& present, size_t len) const;

    // Same, rebuilding only the missing shards whose `want` is true (e.g. the data shards when
    // only the object is needed). Shards neither present nor wanted are left alone.
    void reconstruct(uint8_t* const* shards, const std::vector<bool>& present, const std::vector<bool>& want,
                     size_t len) const;

    // The D shards reconstruct() reads for this pattern: the first D present ones.
    std::vector<int> sources(const std::vector<bool>& present) const;

  private:
    struct Plan;  // sources, outputs and ISA-L tables for one erasure pattern
    std::shared_ptr<const Plan> plan(uint64_t present, uint64_t rebuild) const;
    std::shared_ptr<const Plan> make_plan(uint64_t present, uint64_t rebuild) const;
    uint64_t mask(const std::vector<bool>& v, const char* what) const;
    void run(uint8_t* const* shards, uint64_t present, uint64_t rebuild, size_t len) const;

    int d_, p_;
    std::vector<uint8_t> matrix_;    // (D+P) x D generator: identity on top, Cauchy below
    std::vector<uint8_t> enc_tbls_;  // ISA-L expanded tables of the P parity rows

    mutable std::mutex mu_;
    mutable std::map<std::pair<uint64_t, uint64_t>, std::shared_ptr<const Plan>> plans_;
};

}  // namespace ais::ec
