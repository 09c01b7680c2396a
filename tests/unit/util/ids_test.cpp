#include "shared/util/ids.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <thread>

namespace ais {
namespace {

bool is_letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_alnum(char c) {
    return is_letter(c) || (c >= '0' && c <= '9');
}

TEST(Ids, UuidFormat) {
    const std::regex rebalance("^g[0-9]+$");
    std::set<std::string> seen;
    std::set<char> first_chars, chars;
    for (int i = 0; i < 10000; ++i) {
        std::string id = gen_uuid();
        ASSERT_GE(id.size(), 9u) << id;
        EXPECT_TRUE(is_letter(id[0])) << id;
        EXPECT_TRUE(is_alnum(id.back())) << id;
        for (char c : id) {
            EXPECT_TRUE(is_alnum(c) || c == '-' || c == '_') << id;
            chars.insert(c);
        }
        EXPECT_FALSE(std::regex_match(id, rebalance)) << id;
        EXPECT_TRUE(valid_uuid(id)) << id;
        first_chars.insert(id[0]);
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 10000u);
    // The whole alphabet shows up: no stuck bits in the generator.
    EXPECT_EQ(chars.size(), 64u);
    EXPECT_EQ(first_chars.size(), 52u);
}

TEST(Ids, NodeIdFormat) {
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
        std::string id = gen_node_id();
        ASSERT_GE(id.size(), 8u);
        EXPECT_TRUE(is_letter(id[0])) << id;
        for (char c : id) EXPECT_TRUE(is_alnum(c)) << id;
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 10000u);
}

TEST(Ids, ClusterUuid) {
    std::string a = gen_cluster_uuid(), b = gen_cluster_uuid();
    EXPECT_TRUE(valid_uuid(a));
    EXPECT_NE(a, b);
}

TEST(Ids, UniqueAcrossThreads) {
    constexpr int kThreads = 4, kPer = 5000;
    std::vector<std::vector<std::string>> out(kThreads);
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t)
        ts.emplace_back([&out, t] {
            for (int i = 0; i < kPer; ++i) out[static_cast<size_t>(t)].push_back(gen_uuid());
        });
    for (auto& t : ts) t.join();
    std::set<std::string> all;
    for (auto& v : out) all.insert(v.begin(), v.end());
    EXPECT_EQ(all.size(), size_t(kThreads * kPer));
}

TEST(Ids, ValidUuidFollowsGo) {
    EXPECT_TRUE(valid_uuid("Ab3-x_Y9z"));
    EXPECT_TRUE(valid_uuid("123456789"));  // Go accepts a leading digit
    EXPECT_FALSE(valid_uuid("Ab3-x_Y9"));  // too short
    EXPECT_FALSE(valid_uuid("-b3dx_Y9z"));
    EXPECT_FALSE(valid_uuid("Ab3dx_Y9_"));
    EXPECT_FALSE(valid_uuid("Ab3dx Y9z"));
    EXPECT_FALSE(valid_uuid("Ab3dx.Y9z"));
    EXPECT_FALSE(valid_uuid(""));
}

}  // namespace
}  // namespace ais
