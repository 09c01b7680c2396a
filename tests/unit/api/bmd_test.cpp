// BMD JSON (spec §5.2) on top of the config module's Bprops codec.
#include "shared/api/bmd.hpp"

#include "shared/api/json.hpp"

#include <gtest/gtest.h>

namespace ais::api {
namespace {

TEST(BMD, AddFindDelete) {
    BMD bmd;
    Bck a{"a", "ais", {}}, r{"r", "aws", {}}, n{"n", "ais", {"", "ns1"}};
    EXPECT_TRUE(bmd.add(a, Bprops{}));
    EXPECT_FALSE(bmd.add(a, Bprops{}));
    Bprops rp;
    rp.provider = "aws";
    EXPECT_TRUE(bmd.add(r, rp));
    EXPECT_TRUE(bmd.add(n, Bprops{}));
    EXPECT_EQ(bmd.num_buckets(), 3u);
    ASSERT_NE(bmd.find(r), nullptr);
    EXPECT_EQ(bmd.find(r)->provider, "aws");
    EXPECT_EQ(bmd.find(Bck{"a", "aws", {}}), nullptr);
    EXPECT_EQ(bmd.buckets("ais"), (std::vector<Bck>{a, n}));
    EXPECT_EQ(bmd.buckets().size(), 3u);
    EXPECT_TRUE(bmd.del(a));
    EXPECT_FALSE(bmd.del(a));
    EXPECT_EQ(bmd.num_buckets(), 2u);
}

TEST(BMD, JsonShape) {
    BMD bmd;
    bmd.uuid = "bmd-uuid";
    bmd.version = 42;
    Bprops p;
    p.bid = 4611686018427387905ull;
    p.created = 1700000000000000000;
    bmd.add(Bck{"b1", "ais", {}}, p);
    bmd.add(Bck{"b2", "ais", {"uu", "nn"}}, p);

    auto v = json::parse(to_json(bmd));
    EXPECT_EQ(v.at("version"), "42");
    EXPECT_EQ(v.at("uuid"), "bmd-uuid");
    const auto& props = v.at("providers").at("ais").at("@#").at("b1").as_object();
    EXPECT_EQ(props.at("bid"), "4611686018427387905");  // Bprops JSON from the config module
    EXPECT_EQ(props.at("access"), "18446744073709551615");
    EXPECT_TRUE(v.at("providers").at("ais").as_object().contains("@uu#nn"));

    auto back = from_json<BMD>(to_json(bmd));
    EXPECT_EQ(back, bmd);
    EXPECT_EQ(from_json<BMD>(R"({"providers":null,"version":"3"})").version, 3);
}

}  // namespace
}  // namespace ais::api
