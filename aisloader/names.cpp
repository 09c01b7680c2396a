#include "aisloader/names.hpp"

#include <cstdio>

#include <algorithm>
#include <numeric>

namespace ais::loader {

namespace {

uint64_t splitmix64(uint64_t& s) {
    uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

inline uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr size_t kRandomNameLen = 32;

}  // namespace

Rng::Rng(uint64_t seed) {
    for (auto& s : s_) s = splitmix64(seed);
}

uint64_t Rng::next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

void NameGen::next(Rng& rng, std::string& out) {
    out.clear();
    if (!o_.subdir.empty()) {
        out += o_.subdir;
        out += '/';
    }
    if (o_.num_subdirs > 0) {
        char vdir[16];
        auto n = std::snprintf(vdir, sizeof(vdir), "%05llx/",
                               static_cast<unsigned long long>(rng.below(o_.num_subdirs)));
        out.append(vdir, static_cast<size_t>(n));
    }
    if (o_.random) {
        for (size_t i = 0; i < kRandomNameLen; i += 8) {
            uint64_t r = rng.next();
            for (int k = 0; k < 8; ++k, r >>= 8) out += kLetters[(r & 0xff) % (sizeof(kLetters) - 1)];
        }
    } else {
        uint64_t c = counter_.fetch_add(1, std::memory_order_relaxed);
        char hex[24];
        auto n = std::snprintf(hex, sizeof(hex), "%llx",
                               static_cast<unsigned long long>((c << o_.loader_id_bits) | o_.loader_id));
        out.append(hex, static_cast<size_t>(n));
    }
}

NameGetter::NameGetter(Mode mode, std::vector<std::string> names, int64_t epochs, int64_t shuffle_max,
                       uint64_t seed)
    : mode_(mode), epochs_(epochs), rng_(seed ^ 0x5eed) {
    for (auto& n : names) names_.push_back(std::move(n));
    if (mode_ == Mode::random) {
        max_picks_ = epochs > 0 ? static_cast<uint64_t>(epochs) * names_.size() : 0;
    } else {
        affine_ = names_.size() > static_cast<uint64_t>(shuffle_max);
        if (!affine_) {
            perm_.resize(names_.size());
            std::iota(perm_.begin(), perm_.end(), 0u);
        }
        new_epoch();
    }
}

size_t NameGetter::size() const {
    std::lock_guard lk(mu_);
    return names_.size();
}

void NameGetter::add(const std::string& name) {
    std::lock_guard lk(mu_);
    names_.push_back(name);
}

std::vector<std::string> NameGetter::all() const {
    std::lock_guard lk(mu_);
    return {names_.begin(), names_.end()};
}

const char* NameGetter::name() const {
    if (mode_ == Mode::random) return epochs_ > 0 ? "random unique (epochs)" : "random";
    return affine_ ? "permutation affine prime" : "permutation shuffle";
}

void NameGetter::new_epoch() {
    const uint64_t n = names_.size();
    pos_ = 0;
    if (n == 0) return;
    if (!affine_) {
        for (uint64_t i = n - 1; i > 0; --i) std::swap(perm_[i], perm_[rng_.below(i + 1)]);
        return;
    }
    do {
        a_ = 1 + rng_.below(n - 1 ? n - 1 : 1);
    } while (std::gcd(a_, n) != 1);
    b_ = rng_.below(n);
}

uint64_t NameGetter::perm_index(uint64_t i) const {
    if (!affine_) return perm_[i];
    const uint64_t n = names_.size();
    return static_cast<uint64_t>((static_cast<unsigned __int128>(a_) * i + b_) % n);
}

const std::string* NameGetter::next(Rng& rng) {
    std::lock_guard lk(mu_);
    if (names_.empty()) return nullptr;
    if (mode_ == Mode::random) {
        if (max_picks_ && picks_ >= max_picks_) return nullptr;
        ++picks_;
        return &names_[rng.below(names_.size())];
    }
    if (pos_ >= names_.size()) {
        ++epoch_;
        if (epochs_ > 0 && epoch_ >= epochs_) return nullptr;
        new_epoch();
    }
    return &names_[perm_index(pos_++)];
}

}  // namespace ais::loader
