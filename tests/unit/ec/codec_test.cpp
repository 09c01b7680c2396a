// Reed-Solomon with ISA-L: any D of D+P shards give back every other shard byte for byte.
#include "aisnode/ec/codec.hpp"

#include <gtest/gtest.h>

#include <random>
#include <thread>
#include <vector>

#include "shared/util/errors.hpp"

namespace ais::ec {
namespace {

using Shards = std::vector<std::vector<uint8_t>>;

Shards encoded(const Codec& c, size_t len, uint64_t seed) {
    std::mt19937_64 rng(seed);
    Shards s(c.total(), std::vector<uint8_t>(len));
    for (int i = 0; i < c.data(); ++i)
        for (auto& b : s[i]) b = static_cast<uint8_t>(rng());
    std::vector<const uint8_t*> data;
    std::vector<uint8_t*> parity;
    for (int i = 0; i < c.data(); ++i) data.push_back(s[i].data());
    for (int i = c.data(); i < c.total(); ++i) parity.push_back(s[i].data());
    c.encode(data.data(), parity.data(), len);
    return s;
}

// Wipes the shards not in `mask`, reconstructs and returns the result.
Shards rebuilt(const Codec& c, const Shards& orig, uint64_t mask) {
    Shards s = orig;
    std::vector<bool> present(c.total());
    std::vector<uint8_t*> ptrs;
    for (int i = 0; i < c.total(); ++i) {
        present[i] = mask & (uint64_t{1} << i);
        if (!present[i]) std::fill(s[i].begin(), s[i].end(), 0xA5);
        ptrs.push_back(s[i].data());
    }
    c.reconstruct(ptrs.data(), present, s[0].size());
    return s;
}

void every_pattern(int d, int p, size_t len) {
    Codec c(d, p);
    Shards orig = encoded(c, len, 1000 * d + p + len);
    int restored = 0, refused = 0;
    for (uint64_t mask = 0; mask < (uint64_t{1} << c.total()); ++mask) {
        if (std::popcount(mask) < d) {
            EXPECT_THROW(rebuilt(c, orig, mask), ErrTooFewSlices) << "mask " << mask;
            ++refused;
            continue;
        }
        ASSERT_EQ(rebuilt(c, orig, mask), orig) << d << "+" << p << " len " << len << " mask " << mask;
        ++restored;
    }
    EXPECT_GT(restored, 0);
    EXPECT_GT(refused, 0);
}

TEST(Codec, EveryErasurePatternOf2Plus2) {
    for (size_t len : {1, 15, 31, 32, 33, 63, 64, 65, 1000, 4096, 65537}) every_pattern(2, 2, len);
}

TEST(Codec, EveryErasurePatternOf4Plus2) {
    for (size_t len : {1, 7, 64, 1023, 65536}) every_pattern(4, 2, len);
}

TEST(Codec, SmallAndOddCodes) {
    every_pattern(1, 1, 100);  // a data shard and its copy
    every_pattern(1, 3, 100);
    every_pattern(3, 1, 100);
    every_pattern(6, 3, 333);
}

TEST(Codec, LargestCodeRestoresFromAnyHalf) {
    Codec c(32, 32);
    Shards orig = encoded(c, 4096 + 5, 7);
    std::mt19937_64 rng(11);
    for (int round = 0; round < 20; ++round) {
        std::vector<int> idx(64);
        for (int i = 0; i < 64; ++i) idx[i] = i;
        std::shuffle(idx.begin(), idx.end(), rng);
        uint64_t mask = 0;
        for (int i = 0; i < 32; ++i) mask |= uint64_t{1} << idx[i];
        ASSERT_EQ(rebuilt(c, orig, mask), orig) << "round " << round;
    }
    EXPECT_THROW(rebuilt(c, orig, (uint64_t{1} << 31) - 1), ErrTooFewSlices);
}

TEST(Codec, ParityIsTheCodeOfTheData) {
    // A shard-wise change of the data changes the parity; the data shards are stored as they are.
    Codec c(4, 2);
    Shards a = encoded(c, 256, 1), b = a;
    b[2][100] ^= 1;
    std::vector<const uint8_t*> data;
    std::vector<uint8_t*> parity;
    for (int i = 0; i < 4; ++i) data.push_back(b[i].data());
    for (int i = 4; i < 6; ++i) parity.push_back(b[i].data());
    c.encode(data.data(), parity.data(), 256);
    EXPECT_NE(a[4], b[4]);
    EXPECT_NE(a[5], b[5]);
    for (int i : {0, 1, 3}) EXPECT_EQ(a[i], b[i]);
}

TEST(Codec, RebuildsOnlyWhatIsWanted) {
    Codec c(4, 2);
    Shards orig = encoded(c, 999, 3);
    Shards s = orig;
    std::vector<bool> present = {false, true, true, true, false, true};
    std::vector<bool> want = {true, false, false, false, false, false};
    std::fill(s[0].begin(), s[0].end(), 0);
    std::fill(s[4].begin(), s[4].end(), 0);
    std::vector<uint8_t*> ptrs;
    for (auto& v : s) ptrs.push_back(v.data());
    c.reconstruct(ptrs.data(), present, want, 999);
    EXPECT_EQ(s[0], orig[0]);
    EXPECT_EQ(s[4], std::vector<uint8_t>(999, 0));  // not wanted: untouched
    EXPECT_EQ(c.sources(present), (std::vector<int>{1, 2, 3, 5}));
}

TEST(Codec, TooFewSlicesSaysHowMany) {
    Codec c(4, 2);
    try {
        c.sources({true, false, false, true, true, false});
        FAIL();
    } catch (const ErrTooFewSlices& e) {
        EXPECT_EQ(e.status(), 404);
        EXPECT_EQ(e.have, 3);
        EXPECT_EQ(e.need, 4);
        EXPECT_STREQ(e.what(), "cannot restore: 3 slices available, 4 needed");
    }
    EXPECT_THROW(c.sources({true, true}), std::invalid_argument);  // wrong size
}

TEST(Codec, RejectsBadSliceCounts) {
    auto msg = [](int d, int p) {
        try {
            Codec c(d, p);
        } catch (const ErrBadRequest& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_EQ(msg(0, 2), "invalid ec.data_slices: 0 (expected value in range [1, 32])");
    EXPECT_EQ(msg(33, 2), "invalid ec.data_slices: 33 (expected value in range [1, 32])");
    EXPECT_EQ(msg(2, 0), "invalid ec.parity_slices: 0 (expected value in range [1, 32])");
    EXPECT_EQ(msg(2, -1), "invalid ec.parity_slices: -1 (expected value in range [1, 32])");
    EXPECT_EQ(msg(2, 33), "invalid ec.parity_slices: 33 (expected value in range [1, 32])");
    EXPECT_EQ(msg(1, 1), "accepted");
    EXPECT_EQ(msg(32, 32), "accepted");
}

TEST(Codec, SharedBetweenThreads) {
    Codec c(4, 2);
    Shards orig = encoded(c, 4096, 5);
    std::vector<std::thread> ts;
    std::vector<int> failures(4, 0);
    for (int t = 0; t < 4; ++t) {
        ts.emplace_back([&, t] {
            for (int round = 0; round < 200; ++round) {
                uint64_t mask =
                    0x3F & ~((uint64_t{1} << (round % 6)) | (uint64_t{1} << ((round + t + 1) % 6)));
                if (rebuilt(c, orig, mask) != orig) ++failures[t];
            }
        });
    }
    for (auto& t : ts) t.join();
    EXPECT_EQ(failures, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace ais::ec
