// Smap JSON (spec §5.1) and HRW placement (spec §3.1), against Python's xxhash.
#include "shared/api/smap.hpp"

#include "fixtures.hpp"
#include "shared/api/json.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ais::api {
namespace {

std::set<std::string> keys(const bj::value& v) {
    std::set<std::string> s;
    for (const auto& kv : v.as_object()) s.emplace(kv.key());
    return s;
}

TEST(Smap, DecodeEncodeDecodeStable) {
    const std::string text = test::fixture("smap.json");
    auto smap = from_json<Smap>(text);
    EXPECT_EQ(smap.version, 17);
    EXPECT_EQ(smap.uuid, "cLuStEr-Uu1D");
    ASSERT_EQ(smap.tmap.size(), 4u);
    ASSERT_EQ(smap.pmap.size(), 2u);
    EXPECT_EQ(smap.primary.daemon_id, "pPrImAr1");
    EXPECT_TRUE(smap.is_primary("pPrImAr1"));
    EXPECT_EQ(smap.count_active_targets(), 3u);
    EXPECT_EQ(smap.get_node("pSeCoNd2")->flags, Snode::kNonElectable);
    EXPECT_EQ(smap.get_target("tAbCdEf1")->public_net.direct_url, "http://127.0.0.1:51081");
    EXPECT_EQ(smap.get_target("pPrImAr1"), nullptr);

    auto again = from_json<Smap>(to_json(smap));
    EXPECT_EQ(again, smap);
    // and the tree is the same as Python's (key sets, string version, uint64 digests)
    EXPECT_EQ(json::parse(to_json(smap)), json::parse(text));
}

TEST(Smap, ExactKeys) {
    auto out = json::parse(to_json(from_json<Smap>(test::fixture("smap.json"))));
    EXPECT_EQ(keys(out),
              (std::set<std::string>{"tmap", "pmap", "proxy_si", "uuid", "creation_time", "version"}));
    EXPECT_TRUE(out.at("version").is_string());
    const std::set<std::string> snode_keys{"daemon_id",      "daemon_type", "public_net", "intra_control_net",
                                           "intra_data_net", "flags",       "id_digest"};
    EXPECT_EQ(keys(out.at("proxy_si")), snode_keys);
    for (const auto& kv : out.at("tmap").as_object()) {
        EXPECT_EQ(keys(kv.value()), snode_keys);
        EXPECT_EQ(keys(kv.value().at("public_net")),
                  (std::set<std::string>{"node_ip_addr", "daemon_port", "direct_url"}));
        EXPECT_TRUE(kv.value().at("public_net").at("daemon_port").is_string());
    }
    // the digest above 2^63 survives as a uint64
    EXPECT_EQ(out.at("tmap").at("tAbCdEf1").at("id_digest").kind(), bj::kind::uint64);
}

TEST(Smap, EmptyMapsAreObjectsNeverNull) {
    auto out = json::parse(to_json(Smap{}));
    EXPECT_TRUE(out.at("tmap").is_object());
    EXPECT_TRUE(out.at("pmap").is_object());
    EXPECT_EQ(out.at("version"), "0");
    // and null maps decode as empty
    auto s = from_json<Smap>(R"({"tmap":null,"pmap":null,"proxy_si":null,"version":5})");
    EXPECT_TRUE(s.tmap.empty());
    EXPECT_EQ(s.version, 5);
}

TEST(Smap, IdDigestMatchesPythonXxhash) {
    auto smap = from_json<Smap>(test::fixture("smap.json"));
    for (const auto& [id, t] : smap.tmap) {
        Snode n;
        n.set_id(id);
        EXPECT_EQ(n.id_digest, t.id_digest) << id;
    }
    EXPECT_EQ(smap.primary.name(), "p[pPrImAr1]");
    EXPECT_EQ(smap.tmap.begin()->second.name(), "t[tAbCdEf1]");
}

TEST(Smap, HrwTargetMatchesPython) {
    auto smap = from_json<Smap>(test::fixture("smap.json"));
    auto cases = json::parse(test::fixture("hrw_cases.json")).as_array();
    ASSERT_GT(cases.size(), 100u);
    std::set<std::string> owners;
    for (const auto& c : cases) {
        const Snode* t = smap.hrw_target(c.at("uname").as_string());
        ASSERT_NE(t, nullptr);
        EXPECT_EQ(t->daemon_id, c.at("target").as_string()) << c.at("uname");
        owners.insert(t->daemon_id);
    }
    EXPECT_EQ(owners.size(), 3u);            // spread over all active targets
    EXPECT_FALSE(owners.count("tMaInT00"));  // maintenance: never chosen
    EXPECT_EQ(Smap{}.hrw_target("ais/@#/b/o"), nullptr);
}

// The next primary: the electable proxy with the largest id_digest, skipping the current one,
// non-electable proxies and proxies in maintenance.
TEST(Smap, HrwProxyPicksTheLargestDigestOfElectableProxies) {
    Smap smap;
    for (const char* id : {"pAaaaaaa1", "pBbbbbbb2", "pCccccccc3", "pDdddddd4"}) {
        Snode p;
        p.set_id(id);
        p.daemon_type = Snode::kProxy;
        smap.pmap[id] = p;
    }
    auto by_digest = [&](std::string_view skip, uint64_t flagged_out) {
        const Snode* best = nullptr;
        for (const auto& [id, p] : smap.pmap)
            if (id != skip && !(p.flags & flagged_out) && (!best || p.id_digest > best->id_digest)) best = &p;
        return best;
    };
    const Snode* first = smap.hrw_proxy("");
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first, by_digest("", 0));
    // Skipping the winner (it is the primary that died) gives the runner-up.
    const Snode* second = smap.hrw_proxy(first->daemon_id);
    ASSERT_NE(second, nullptr);
    EXPECT_NE(second->daemon_id, first->daemon_id);
    EXPECT_EQ(second, by_digest(first->daemon_id, 0));
    // Non-electable and maintenance proxies are never candidates.
    smap.pmap[second->daemon_id].flags = Snode::kNonElectable;
    const std::string third = smap.hrw_proxy(first->daemon_id)->daemon_id;
    EXPECT_NE(third, second->daemon_id);
    smap.pmap[third].flags = Snode::kMaintenance;
    const Snode* fourth = smap.hrw_proxy(first->daemon_id);
    ASSERT_NE(fourth, nullptr);
    EXPECT_NE(fourth->daemon_id, third);
    EXPECT_EQ(Smap{}.hrw_proxy(""), nullptr);
}

}  // namespace
}  // namespace ais::api
