// A fixed-memory latency histogram in the HDR style: values (nanoseconds) below 128 have a bucket
// each; above, every power of two is split into 64 linear sub-buckets, so any recorded value is
// known to within 1/64 (1.6%) of itself whatever its magnitude. 2,560 counters (20 KiB) cover
// 0 ns .. 4.8 hours; larger values land in the last bucket. Recording is O(1) with no allocation;
// percentiles walk the counters once.
//
// Not thread-safe: the owner (aisloader's Stats) serialises access. Header-only so that tests can
// check it directly.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

namespace ais::loader {

class Histogram {
  public:
    static constexpr int kSubBits = 6;                   // 64 sub-buckets per power of two
    static constexpr uint64_t kLinear = 2u << kSubBits;  // 0..127: exact
    static constexpr int kMaxBits = 44;                  // 2^44 ns ~ 4.9 h
    static constexpr size_t kBuckets = kLinear + (kMaxBits - kSubBits - 1) * (1u << kSubBits);

    void record(int64_t ns) {
        uint64_t v = ns < 0 ? 0 : static_cast<uint64_t>(ns);
        ++counts_[index(v)];
        ++total_;
        min_ = std::min(min_, v);
        max_ = std::max(max_, v);
    }

    void merge(const Histogram& o) {
        for (size_t i = 0; i < kBuckets; ++i) counts_[i] += o.counts_[i];
        total_ += o.total_;
        min_ = std::min(min_, o.min_);
        max_ = std::max(max_, o.max_);
    }

    void reset() { *this = Histogram(); }

    uint64_t count() const { return total_; }

    // The value at percentile p (0 < p <= 100): the smallest recorded value v such that at least
    // p% of the samples are <= v, reported as the middle of its bucket and clamped to the
    // exact min/max. 0 when empty.
    int64_t percentile(double p) const {
        if (total_ == 0) return 0;
        auto rank = static_cast<uint64_t>(std::ceil(p / 100.0 * static_cast<double>(total_)));
        rank = std::clamp<uint64_t>(rank, 1, total_);
        uint64_t seen = 0;
        for (size_t i = 0; i < kBuckets; ++i) {
            seen += counts_[i];
            if (seen >= rank) {
                uint64_t lo = lower(i), hi = upper(i);
                uint64_t mid = lo + (hi - lo) / 2;
                return static_cast<int64_t>(std::clamp(mid, min_, max_));
            }
        }
        return static_cast<int64_t>(max_);
    }

    // Bucket geometry (exposed for tests).
    static size_t index(uint64_t v) {
        if (v < kLinear) return static_cast<size_t>(v);
        if (v >= (uint64_t(1) << kMaxBits)) return kBuckets - 1;
        int e = std::bit_width(v) - 1;  // >= kSubBits + 1
        int shift = e - kSubBits;       // >= 1
        uint64_t m = v >> shift;        // [64, 127]
        return kLinear + static_cast<size_t>(shift - 1) * (1u << kSubBits) +
               static_cast<size_t>(m - (1u << kSubBits));
    }
    static uint64_t lower(size_t i) {
        if (i < kLinear) return i;
        size_t k = i - kLinear;
        int shift = static_cast<int>(k >> kSubBits) + 1;
        uint64_t m = (k & ((1u << kSubBits) - 1)) + (1u << kSubBits);
        return m << shift;
    }
    static uint64_t upper(size_t i) {
        if (i < kLinear) return i;
        size_t k = i - kLinear;
        int shift = static_cast<int>(k >> kSubBits) + 1;
        return lower(i) + (uint64_t(1) << shift) - 1;
    }

  private:
    std::array<uint64_t, kBuckets> counts_{};
    uint64_t total_ = 0;
    uint64_t min_ = UINT64_MAX;
    uint64_t max_ = 0;
};

}  // namespace ais::loader
