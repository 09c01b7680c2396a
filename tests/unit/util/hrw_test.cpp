// HRW must be bit-exact with AIS and its SDKs; the vectors come from an independent Python
// implementation (tests/fixtures/util/gen_vectors.py).
#include "shared/util/hrw.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shared/util/strings.hpp"

namespace ais {
namespace {

std::string unhex(std::string_view h) {
    std::string out;
    for (size_t i = 0; i + 1 < h.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
    return out;
}

uint64_t hex64(const std::string& s) {
    return std::stoull(s, nullptr, 16);
}

struct Vectors {
    std::vector<std::string> node_ids;
    std::vector<uint64_t> node_digests;
    struct Name {
        std::string uname;
        uint64_t digest;
        int winner;
    };
    std::vector<Name> names;
    std::vector<std::pair<uint64_t, uint64_t>> mixes;
};

Vectors load() {
    std::ifstream in(AIS_TEST_FIXTURES "/util/hrw_vectors.txt");
    EXPECT_TRUE(in.good());
    Vectors v;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        auto f = split(line, '\t');
        if (f[0] == "node") {
            v.node_ids.push_back(unhex(f[1]));
            v.node_digests.push_back(hex64(std::string(f[2])));
        } else if (f[0] == "uname") {
            v.names.push_back({unhex(f[1]), hex64(std::string(f[2])), std::stoi(std::string(f[3]))});
        } else if (f[0] == "mix") {
            v.mixes.emplace_back(hex64(std::string(f[1])), hex64(std::string(f[2])));
        }
    }
    return v;
}

TEST(Hrw, MixMatchesSpec) {
    Vectors v = load();
    ASSERT_EQ(v.mixes.size(), 5u);
    for (auto [in, out] : v.mixes) EXPECT_EQ(xoshiro256_mix(in), out) << std::hex << in;
}

TEST(Hrw, DigestsMatchPythonXxhash) {
    Vectors v = load();
    ASSERT_EQ(v.node_ids.size(), 5u);
    ASSERT_GE(v.names.size(), 20u);
    for (size_t i = 0; i < v.node_ids.size(); ++i)
        EXPECT_EQ(hrw_digest(v.node_ids[i]), v.node_digests[i]) << v.node_ids[i];
    for (const auto& n : v.names) EXPECT_EQ(hrw_digest(n.uname), n.digest) << n.uname;
}

TEST(Hrw, SelectsTheSameNodeAsPython) {
    Vectors v = load();
    std::vector<int> wins(v.node_ids.size());
    for (const auto& n : v.names) {
        int got = hrw_select(hrw_digest(n.uname), v.node_digests);
        EXPECT_EQ(got, n.winner) << n.uname;
        if (got >= 0) ++wins[static_cast<size_t>(got)];
    }
    // The vectors are meant to exercise more than one winner.
    int distinct = 0;
    for (int w : wins) distinct += w > 0;
    EXPECT_GE(distinct, 3);
}

TEST(Hrw, EmptyAndSingle) {
    EXPECT_EQ(hrw_select(123, {}), -1);
    uint64_t one[] = {42};
    EXPECT_EQ(hrw_select(123, one), 0);
}

TEST(Hrw, RemovingALosingNodeKeepsPlacement) {
    // The defining HRW property: names owned by surviving nodes do not move.
    Vectors v = load();
    for (const auto& n : v.names) {
        uint64_t d = hrw_digest(n.uname);
        int owner = hrw_select(d, v.node_digests);
        for (size_t drop = 0; drop < v.node_digests.size(); ++drop) {
            if (static_cast<int>(drop) == owner) continue;
            std::vector<uint64_t> rest;
            std::vector<size_t> idx;
            for (size_t i = 0; i < v.node_digests.size(); ++i)
                if (i != drop) rest.push_back(v.node_digests[i]), idx.push_back(i);
            int w = hrw_select(d, rest);
            ASSERT_GE(w, 0);
            EXPECT_EQ(static_cast<int>(idx[static_cast<size_t>(w)]), owner);
        }
    }
}

}  // namespace
}  // namespace ais
