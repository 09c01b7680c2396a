#include "shared/util/hrw.hpp"

#include <xxhash.h>

namespace ais {

uint64_t hrw_digest(std::string_view bytes) {
    return XXH64(bytes.data(), bytes.size(), kHrwSeed);
}

uint64_t xoshiro256_mix(uint64_t z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z = (z ^ (z >> 31)) + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z = (z ^ (z >> 31)) * 5;
    z = (z << 7) | (z >> 57);
    return z * 9;
}

int hrw_select(uint64_t digest, std::span<const uint64_t> node_digests) {
    int best = -1;
    uint64_t best_score = 0;
    for (size_t i = 0; i < node_digests.size(); ++i) {
        uint64_t score = xoshiro256_mix(node_digests[i] ^ digest);
        if (best < 0 || score > best_score) {
            best = static_cast<int>(i);
            best_score = score;
        }
    }
    return best;
}

}  // namespace ais
