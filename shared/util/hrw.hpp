// Highest-random-weight (rendezvous) hashing, bit-exact with AIS and its SDKs (spec §3.1).
// A name's digest is XXH64(uname, seed 1103515245); every node carries the digest of its id;
// the node whose mix(node_digest ^ name_digest) is highest owns the name. Clients compute the
// same function for direct reads, so these three functions must never change.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace ais {

inline constexpr uint64_t kHrwSeed = 1103515245;

// XXH64 of the bytes with the HRW seed: used for unames (§2.3) and node ids alike.
uint64_t hrw_digest(std::string_view bytes);

// The splitmix/xoshiro256 finalizer from the spec; a bijection on uint64.
uint64_t xoshiro256_mix(uint64_t z);

// Index of the node with the highest xoshiro256_mix(node ^ digest); -1 if `node_digests` is
// empty. Ties (astronomically rare) go to the lowest index. Callers filter out maintenance
// nodes before calling.
int hrw_select(uint64_t digest, std::span<const uint64_t> node_digests);

}  // namespace ais
