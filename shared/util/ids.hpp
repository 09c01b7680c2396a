// Identifiers: job (xaction) and list-session UUIDs, node ids, the cluster UUID (spec §0).
// UUIDs are shortid-style: 10 chars from [A-Za-z0-9_-], starting with a letter and ending with a
// letter or digit, never of the form g<digits> (reserved for rebalance ids). Node ids are 8
// alphanumerics starting with a letter. Randomness comes from a per-thread xoshiro256** seeded
// from std::random_device, so generation is lock-free; these ids are unique, not secret.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ais {

std::string gen_uuid();
std::string gen_node_id();
std::string gen_cluster_uuid();

// As Go cos.IsValidUUID: at least 9 chars of [A-Za-z0-9_-], with '-'/'_' not first or last.
// (Looser than what gen_uuid emits so that ids made by Go nodes are accepted.)
bool valid_uuid(std::string_view s);

// Fast per-thread random numbers for ids, jitter and load generation (not cryptographic).
uint64_t fast_rand();

}  // namespace ais
