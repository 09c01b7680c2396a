#include "aisnode/ec/ec.hpp"

#include <algorithm>
#include <string>

#include "shared/util/errors.hpp"
#include "shared/util/hrw.hpp"

namespace ais::ec {

namespace {

void check_range(const char* name, int v) {
    if (v < kMinSlices || v > kMaxSlices)
        throw ErrBadRequest("invalid ec." + std::string(name) + ": " + std::to_string(v) +
                            " (expected value in range [" + std::to_string(kMinSlices) + ", " +
                            std::to_string(kMaxSlices) + "])");
}

}  // namespace

void validate_slices(int data, int parity) {
    check_range("data_slices", data);
    check_range("parity_slices", parity);
}

TargetCheck check_targets(int data, int parity, int64_t objsize_limit, int target_cnt) {
    int required = required_targets(data, parity, objsize_limit);
    if (required <= target_cnt) return {};
    TargetCheck c;
    c.err = "not enough target nodes: EC configuration (D = " + std::to_string(data) +
            ", P = " + std::to_string(parity) + ") requires at least " + std::to_string(required) +
            " targets (have " + std::to_string(target_cnt) + ")";
    c.soft = objsize_limit != kAlwaysReplicate && parity <= target_cnt;
    return c;
}

std::vector<int> hrw_list(uint64_t digest, std::span<const uint64_t> node_digests, int count) {
    std::vector<int> idx(node_digests.size());
    std::vector<uint64_t> weight(node_digests.size());
    for (size_t i = 0; i < node_digests.size(); ++i) {
        idx[i] = static_cast<int>(i);
        weight[i] = xoshiro256_mix(node_digests[i] ^ digest);
    }
    size_t n = std::min(idx.size(), static_cast<size_t>(std::max(count, 0)));
    std::partial_sort(idx.begin(), idx.begin() + n, idx.end(),
                      [&](int a, int b) { return weight[a] != weight[b] ? weight[a] > weight[b] : a < b; });
    idx.resize(n);
    return idx;
}

}  // namespace ais::ec
