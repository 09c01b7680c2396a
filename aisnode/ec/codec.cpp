#include "aisnode/ec/codec.hpp"

#include <isa-l/erasure_code.h>

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

#include "aisnode/ec/ec.hpp"

namespace ais::ec {

namespace {

// ISA-L takes an int length; larger buffers are coded in pieces of this size.
constexpr size_t kMaxPiece = size_t{1} << 30;

// More patterns than this and the cache starts over: a handful of failed targets at a time is
// the normal case, and a plan costs a D x D inversion to rebuild.
constexpr size_t kMaxPlans = 1024;

// ISA-L's kernels read through non-const pointers but do not write the sources.
void code(int len_k, int rows, const uint8_t* tbls, uint8_t* const* src, uint8_t* const* dst, size_t len) {
    uint8_t* s[2 * kMaxSlices];
    uint8_t* d[2 * kMaxSlices];
    std::copy(src, src + len_k, s);
    std::copy(dst, dst + rows, d);
    for (size_t off = 0; off < len;) {
        size_t n = std::min(kMaxPiece, len - off);
        ec_encode_data(static_cast<int>(n), len_k, rows, const_cast<uint8_t*>(tbls), s, d);
        off += n;
        if (off < len) {
            for (int i = 0; i < len_k; ++i) s[i] += n;
            for (int i = 0; i < rows; ++i) d[i] += n;
        }
    }
}

}  // namespace

ErrTooFewSlices::ErrTooFewSlices(int h, int n)
    : ErrNotFound("cannot restore: " + std::to_string(h) + " slice" + (h == 1 ? "" : "s") + " available, " +
                  std::to_string(n) + " needed"),
      have(h),
      need(n) {}

struct Codec::Plan {
    std::vector<int> src;       // the D shards read
    std::vector<int> out;       // the shards rebuilt
    std::vector<uint8_t> tbls;  // 32 * D * out.size()
};

Codec::Codec(int data, int parity) : d_(data), p_(parity) {
    validate_slices(data, parity);
    const int m = d_ + p_;
    matrix_.resize(static_cast<size_t>(m) * d_);
    // Rows D.. are 1/(i ^ j): every square submatrix of a Cauchy matrix is invertible, so any D
    // rows of [I; C] are too (unlike the Vandermonde-style gf_gen_rs_matrix for larger D+P).
    gf_gen_cauchy1_matrix(matrix_.data(), m, d_);
    enc_tbls_.resize(32u * d_ * p_);
    ec_init_tables(d_, p_, matrix_.data() + static_cast<size_t>(d_) * d_, enc_tbls_.data());
}

Codec::~Codec() = default;

void Codec::encode(const uint8_t* const* data, uint8_t* const* parity, size_t len) const {
    if (len == 0) return;
    code(d_, p_, enc_tbls_.data(), const_cast<uint8_t* const*>(data), parity, len);
}

uint64_t Codec::mask(const std::vector<bool>& v, const char* what) const {
    if (static_cast<int>(v.size()) != total())
        throw std::invalid_argument(std::string("ec::Codec: `") + what + "` has " + std::to_string(v.size()) +
                                    " entries, expected " + std::to_string(total()));
    uint64_t m = 0;
    for (int i = 0; i < total(); ++i)
        if (v[i]) m |= uint64_t{1} << i;
    return m;
}

std::vector<int> Codec::sources(const std::vector<bool>& present) const {
    uint64_t m = mask(present, "present");
    std::vector<int> src;
    for (int i = 0; i < total() && static_cast<int>(src.size()) < d_; ++i)
        if (m & (uint64_t{1} << i)) src.push_back(i);
    if (static_cast<int>(src.size()) < d_) throw ErrTooFewSlices(static_cast<int>(src.size()), d_);
    return src;
}

void Codec::reconstruct(uint8_t* const* shards, const std::vector<bool>& present, size_t len) const {
    uint64_t p = mask(present, "present");
    uint64_t all = total() == 64 ? ~uint64_t{0} : (uint64_t{1} << total()) - 1;
    run(shards, p, all & ~p, len);
}

void Codec::reconstruct(uint8_t* const* shards, const std::vector<bool>& present,
                        const std::vector<bool>& want, size_t len) const {
    uint64_t p = mask(present, "present");
    run(shards, p, mask(want, "want") & ~p, len);
}

void Codec::run(uint8_t* const* shards, uint64_t present, uint64_t rebuild, size_t len) const {
    auto pl = plan(present, rebuild);
    if (pl->out.empty() || len == 0) return;
    uint8_t* src[2 * kMaxSlices];
    uint8_t* dst[2 * kMaxSlices];
    for (size_t i = 0; i < pl->src.size(); ++i) src[i] = shards[pl->src[i]];
    for (size_t i = 0; i < pl->out.size(); ++i) dst[i] = shards[pl->out[i]];
    code(d_, static_cast<int>(pl->out.size()), pl->tbls.data(), src, dst, len);
}

std::shared_ptr<const Codec::Plan> Codec::plan(uint64_t present, uint64_t rebuild) const {
    std::lock_guard lk(mu_);
    auto key = std::make_pair(present, rebuild);
    if (auto it = plans_.find(key); it != plans_.end()) return it->second;
    auto pl = make_plan(present, rebuild);  // D <= 32: microseconds, fine under the lock
    if (plans_.size() >= kMaxPlans) plans_.clear();
    plans_.emplace(key, pl);
    return pl;
}

std::shared_ptr<const Codec::Plan> Codec::make_plan(uint64_t present, uint64_t rebuild) const {
    auto pl = std::make_shared<Plan>();
    for (int i = 0; i < total() && static_cast<int>(pl->src.size()) < d_; ++i)
        if (present & (uint64_t{1} << i)) pl->src.push_back(i);
    const int have = std::popcount(present);
    if (have < d_) throw ErrTooFewSlices(have, d_);
    for (int i = 0; i < total(); ++i)
        if (rebuild & (uint64_t{1} << i)) pl->out.push_back(i);
    if (pl->out.empty()) return pl;

    // The sources are B * data, B being their rows of the generator; so data = B^-1 * sources,
    // and a missing shard with generator row g is (g * B^-1) * sources.
    const size_t d = static_cast<size_t>(d_);
    std::vector<uint8_t> b(d * d), inv(d * d);
    for (size_t r = 0; r < d; ++r)
        std::copy_n(matrix_.data() + static_cast<size_t>(pl->src[r]) * d, d, b.data() + r * d);
    if (gf_invert_matrix(b.data(), inv.data(), d_) != 0)
        throw std::logic_error("ec::Codec: singular decode matrix");  // impossible for Cauchy
    std::vector<uint8_t> coef(pl->out.size() * d);
    for (size_t o = 0; o < pl->out.size(); ++o) {
        const uint8_t* g = matrix_.data() + static_cast<size_t>(pl->out[o]) * d;
        for (size_t j = 0; j < d; ++j) {
            uint8_t s = 0;
            for (size_t k = 0; k < d; ++k) s ^= gf_mul(g[k], inv[k * d + j]);
            coef[o * d + j] = s;
        }
    }
    pl->tbls.resize(32 * coef.size());
    ec_init_tables(d_, static_cast<int>(pl->out.size()), coef.data(), pl->tbls.data());
    return pl;
}

}  // namespace ais::ec
