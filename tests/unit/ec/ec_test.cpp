// AIS's EC rules: slice sizes, replica-or-slices, how many targets a bucket needs and the message
// when it has fewer, and the HRW order that places the pieces.
#include "aisnode/ec/ec.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "shared/util/errors.hpp"
#include "shared/util/hrw.hpp"

namespace ais::ec {
namespace {

TEST(Ec, SliceSize) {
    EXPECT_EQ(slice_size(0, 4), 0);
    EXPECT_EQ(slice_size(1, 4), 1);
    EXPECT_EQ(slice_size(4, 4), 1);
    EXPECT_EQ(slice_size(5, 4), 2);
    EXPECT_EQ(slice_size(1 << 20, 2), 1 << 19);
    EXPECT_EQ(slice_size((1 << 20) + 1, 2), (1 << 19) + 1);
    EXPECT_EQ(slice_size(100, 1), 100);
}

TEST(Ec, ReplicaOrSlices) {
    EXPECT_TRUE(is_replicated(100, 262144));
    EXPECT_TRUE(is_replicated(262143, 262144));
    EXPECT_FALSE(is_replicated(262144, 262144));
    EXPECT_FALSE(is_replicated(0, 0));  // 0: slice everything
    EXPECT_TRUE(is_replicated(1LL << 40, kAlwaysReplicate));
}

TEST(Ec, RequiredTargets) {
    EXPECT_EQ(required_targets(2, 2, 262144), 5);  // main + D + P
    EXPECT_EQ(required_targets(4, 2, 0), 7);
    EXPECT_EQ(required_targets(4, 2, kAlwaysReplicate), 3);  // main + P copies

    EXPECT_TRUE(check_targets(2, 2, 262144, 5).err.empty());
    TargetCheck c = check_targets(2, 2, 262144, 3);
    EXPECT_EQ(
        c.err,
        "not enough target nodes: EC configuration (D = 2, P = 2) requires at least 5 targets (have 3)");
    EXPECT_TRUE(c.soft);
    EXPECT_FALSE(check_targets(2, 4, 262144, 3).soft);            // P alone exceeds the targets
    EXPECT_FALSE(check_targets(2, 2, kAlwaysReplicate, 2).soft);  // replication: a hard limit
    EXPECT_TRUE(check_targets(8, 2, kAlwaysReplicate, 3).err.empty());
}

TEST(Ec, ValidateSlices) {
    EXPECT_NO_THROW(validate_slices(1, 1));
    EXPECT_NO_THROW(validate_slices(32, 32));
    EXPECT_THROW(validate_slices(0, 1), ErrBadRequest);
    EXPECT_THROW(validate_slices(1, 33), ErrBadRequest);
}

TEST(Ec, HrwListStartsWithTheOwner) {
    std::vector<uint64_t> nodes;
    for (int i = 0; i < 10; ++i) nodes.push_back(hrw_digest("t" + std::to_string(i)));
    for (const char* obj : {"ais/@#/b/o1", "ais/@#/b/o2", "ais/@#/b/dir/o3"}) {
        uint64_t d = hrw_digest(obj);
        std::vector<int> all = hrw_list(d, nodes, 10);
        ASSERT_EQ(all.size(), 10u);
        EXPECT_EQ(all[0], hrw_select(d, nodes));
        for (size_t i = 1; i < all.size(); ++i)
            EXPECT_GT(xoshiro256_mix(nodes[all[i - 1]] ^ d), xoshiro256_mix(nodes[all[i]] ^ d));
        std::vector<int> five = hrw_list(d, nodes, 5);
        EXPECT_EQ(five, std::vector<int>(all.begin(), all.begin() + 5));
    }
    EXPECT_EQ(hrw_list(1, nodes, 50).size(), 10u);
    EXPECT_TRUE(hrw_list(1, {}, 3).empty());
}

}  // namespace
}  // namespace ais::ec
