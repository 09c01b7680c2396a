#include "shared/util/ids.hpp"

#include <chrono>
#include <random>
#include <thread>

namespace ais {

namespace {

constexpr char kAlpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";             // 52
constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";   // 62
constexpr char kNice[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";  // 64

uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// xoshiro256** (Blackman & Vigna): fast, 256-bit state, good statistical quality.
struct Xoshiro {
    uint64_t s[4];
    Xoshiro() {
        std::random_device rd;
        // Mix in time and thread identity too: random_device may be deterministic on odd platforms.
        uint64_t seed =
            (static_cast<uint64_t>(rd()) << 32) ^ rd() ^
            static_cast<uint64_t>(std::chrono::high_resolution_clock::now().time_since_epoch().count()) ^
            (std::hash<std::thread::id>{}(std::this_thread::get_id()) << 1);
        for (auto& w : s) w = splitmix64(seed) ^ (static_cast<uint64_t>(rd()) << 32);
    }
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t next() {
        uint64_t r = rotl(s[1] * 5, 7) * 9;
        uint64_t t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = rotl(s[3], 45);
        return r;
    }
};

Xoshiro& rng() {
    thread_local Xoshiro r;
    return r;
}

// Unbiased pick in [0, n) by rejection over the top bits; n is small here.
char pick(const char* alphabet, uint32_t n, uint64_t& bits, int& left) {
    for (;;) {
        if (left < 6) {
            bits = rng().next();
            left = 64;
        }
        uint32_t v = static_cast<uint32_t>(bits & 63);
        bits >>= 6;
        left -= 6;
        if (v < n) return alphabet[v];
    }
}

bool is_alnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

uint64_t fast_rand() {
    return rng().next();
}

std::string gen_uuid() {
    constexpr size_t kLen = 10;
    for (;;) {
        std::string id(kLen, '\0');
        uint64_t bits = 0;
        int left = 0;
        id[0] = pick(kAlpha, 52, bits, left);
        for (size_t i = 1; i + 1 < kLen; ++i) id[i] = pick(kNice, 64, bits, left);
        id[kLen - 1] = pick(kAlnum, 62, bits, left);
        // g<digits> is how rebalance ids look; never collide with them.
        bool rebalance_like = id[0] == 'g';
        for (size_t i = 1; rebalance_like && i < kLen; ++i) rebalance_like = id[i] >= '0' && id[i] <= '9';
        if (!rebalance_like) return id;
    }
}

std::string gen_node_id() {
    constexpr size_t kLen = 8;
    std::string id(kLen, '\0');
    uint64_t bits = 0;
    int left = 0;
    id[0] = pick(kAlpha, 52, bits, left);
    for (size_t i = 1; i < kLen; ++i) id[i] = pick(kAlnum, 62, bits, left);
    return id;
}

std::string gen_cluster_uuid() {
    return gen_uuid();
}

bool valid_uuid(std::string_view s) {
    if (s.size() < 9) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (is_alnum(c)) continue;
        if (c != '-' && c != '_') return false;
        if (i == 0 || i == s.size() - 1) return false;
    }
    return true;
}

}  // namespace ais
