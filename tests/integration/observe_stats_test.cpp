// What a node counts, as operators and AIS's clients read it: GET /metrics (Prometheus text),
// what=node_status (the tracker), what=metrics (kinds), through the proxy's reverse route to every
// node. Counters move by exactly the requests a test makes.
#include "shared/api/apc.hpp"
#include "shared/util/errors.hpp"
#include "tests/integration/local_cluster.hpp"
#include "tests/integration/prom_text.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

namespace ais::test {
namespace {

namespace bj = boost::json;

const api::Bck kBck{.name = "stats", .provider = "ais"};

// A node's answer through the proxy's /v1/reverse/daemon (as `ais` and the SDK ask).
net::ClientResponse reverse(LocalCluster& cl, const std::string& node, const std::string& what) {
    net::Query q;
    q.add(api::qp::kWhat, what);
    auto rq = cl.client().request("GET", "/v1/reverse/daemon", q);
    rq.headers.add(api::hdr::kNodeId, node);
    return cl.client().call(rq);
}

bj::object tracker(LocalCluster& cl, const std::string& node) {
    auto r = reverse(cl, node, api::what::kNodeStatus);
    EXPECT_EQ(r.status, 200) << r.body;
    return bj::parse(r.body).as_object().at("tracker").as_object();
}

int64_t tv(const bj::object& t, const char* name) {
    auto* v = t.if_contains(name);
    return v ? v->to_number<int64_t>() : 0;
}

// Sum of a tracker value over the targets.
int64_t targets_sum(LocalCluster& cl, const char* name) {
    int64_t s = 0;
    for (const auto& [id, t] : cl.client().get_smap().tmap) s += tv(tracker(cl, id), name);
    return s;
}

}  // namespace

TEST(ObserveStats, CountersMoveByExactlyTheRequestsMade) {
    LocalCluster cl;
    auto& c = cl.client();
    c.create_bucket(kBck);
    const auto smap = c.get_smap();
    const std::string proxy = smap.primary.daemon_id;
    const auto before_proxy = tracker(cl, proxy);
    const int64_t get0 = targets_sum(cl, "get.n"), put0 = targets_sum(cl, "put.n"),
                  eget0 = targets_sum(cl, "err.get.n"), size0 = targets_sum(cl, "put.size"),
                  gsize0 = targets_sum(cl, "get.size"), head0 = targets_sum(cl, "head.n"),
                  del0 = targets_sum(cl, "del.n");

    int64_t put_bytes = 0;
    for (int i = 0; i < 5; ++i) {
        std::string data(1000 * (i + 1), 'x');
        put_bytes += static_cast<int64_t>(data.size());
        c.put_object(kBck, "o" + std::to_string(i), data);
    }
    int64_t get_bytes = 0;
    for (int i = 0; i < 7; ++i) get_bytes += static_cast<int64_t>(c.get_object(kBck, "o" + std::to_string(i % 5)).body.size());
    for (int i = 0; i < 2; ++i) EXPECT_THROW(c.get_object(kBck, "missing" + std::to_string(i)), Error);
    for (int i = 0; i < 3; ++i) c.head_object(kBck, "o1");
    c.delete_object(kBck, "o4");

    EXPECT_EQ(targets_sum(cl, "put.n") - put0, 5);
    EXPECT_EQ(targets_sum(cl, "put.size") - size0, put_bytes);
    EXPECT_EQ(targets_sum(cl, "get.n") - get0, 7);
    EXPECT_EQ(targets_sum(cl, "get.size") - gsize0, get_bytes);
    EXPECT_EQ(targets_sum(cl, "err.get.n") - eget0, 2);
    EXPECT_EQ(targets_sum(cl, "head.n") - head0, 3);
    EXPECT_EQ(targets_sum(cl, "del.n") - del0, 1);
    // The proxy counts what it redirected (the two misses too).
    const auto p = tracker(cl, proxy);
    EXPECT_EQ(tv(p, "get.n") - tv(before_proxy, "get.n"), 9);
    EXPECT_EQ(tv(p, "put.n") - tv(before_proxy, "put.n"), 5);

    // /metrics on every node parses and agrees with the tracker.
    net::Client http;
    int64_t prom_get = 0;
    for (const auto& [id, t] : smap.tmap) {
        auto r = http.call({.method = "GET", .url = t.public_net.direct_url + "/metrics"});
        ASSERT_EQ(r.status, 200);
        EXPECT_NE(r.headers.get("Content-Type").find("text/plain"), std::string_view::npos);
        PromText pt;
        ASSERT_NO_THROW(pt = parse_prom_text(r.body)) << r.body;
        prom_get += static_cast<int64_t>(pt.value("ais_target_get_count", {{"node_id", id}}));
        EXPECT_GT(pt.value("ais_target_uptime"), 0);
        EXPECT_EQ(pt.value("ais_target_state_flags"), 6);  // node and cluster started: AIS's "ok"
    }
    EXPECT_EQ(prom_get, targets_sum(cl, "get.n"));
    auto r = http.call({.method = "GET", .url = smap.primary.public_net.direct_url + "/metrics"});
    ASSERT_EQ(r.status, 200);
    auto pp = parse_prom_text(r.body);
    EXPECT_EQ(pp.value("ais_proxy_get_count"), static_cast<double>(tv(tracker(cl, proxy), "get.n")));
    EXPECT_EQ(pp.types.count("ais_proxy_get_bytes"), 0u);  // sizes are the targets'
}

TEST(ObserveStats, EveryNodeAnswersThroughTheReverseRouteAndBadInputIsRefused) {
    LocalCluster cl;
    const auto smap = cl.client().get_smap();
    std::vector<std::string> ids;
    for (const auto& [id, n] : smap.pmap) ids.push_back(id);
    for (const auto& [id, n] : smap.tmap) ids.push_back(id);
    for (const auto& id : ids) {
        auto r = reverse(cl, id, api::what::kNodeStatus);
        ASSERT_EQ(r.status, 200) << id << ": " << r.body;
        auto o = bj::parse(r.body).as_object();
        EXPECT_EQ(o.at("snode").as_object().at("daemon_id").as_string(), id);
        for (const char* k : {"tracker", "capacity", "status", "deployment", "ais_version", "build_time", "k8s_pod_name",
                              "sys_info", "smap_version", "cluster"})
            EXPECT_TRUE(o.contains(k)) << id << " lacks " << k;
        EXPECT_EQ(o.at("status").as_string(), "");  // online
        EXPECT_EQ(o.at("smap_version").as_string(), std::to_string(smap.version));
        for (const char* k : {"pct_max", "pct_avg", "pct_min", "cs_err", "total_used", "total_avail"})
            EXPECT_TRUE(o.at("capacity").as_object().contains(k)) << id << " capacity lacks " << k;
        auto kinds = reverse(cl, id, api::what::kMetrics);
        ASSERT_EQ(kinds.status, 200);
        EXPECT_EQ(bj::parse(kinds.body).as_object().at("get.n").as_string(), "counter");
        auto ns = reverse(cl, id, api::what::kNodeStats);
        ASSERT_EQ(ns.status, 200);
        EXPECT_FALSE(bj::parse(ns.body).as_object().contains("cluster"));
    }
    try {
        reverse(cl, "nosuchnode", api::what::kNodeStatus);
        ADD_FAILURE() << "an unknown node was answered";
    } catch (const Error& e) {
        EXPECT_EQ(e.status(), 404);
        EXPECT_NE(std::string(e.what()).find("nosuchnode"), std::string::npos) << e.what();
    }
    try {
        reverse(cl, ids.back(), "nope");
        ADD_FAILURE() << "an unknown what was answered";
    } catch (const Error& e) {
        EXPECT_EQ(e.status(), 400);
        EXPECT_NE(std::string(e.what()).find("node_status"), std::string::npos) << e.what();  // lists the known
    }
}

// The Grafana dashboard under deploy/ plots only metrics that the nodes export.
TEST(ObserveStats, TheGrafanaDashboardUsesMetricsTheNodesExport) {
    LocalCluster cl;
    const auto smap = cl.client().get_smap();
    net::Client http;
    std::set<std::string> families;
    auto add = [&](const std::string& url) {
        auto r = http.call({.method = "GET", .url = url + "/metrics"});
        ASSERT_EQ(r.status, 200);
        for (const auto& [name, type] : parse_prom_text(r.body).types) families.insert(name);
    };
    add(smap.primary.public_net.direct_url);
    add(smap.tmap.begin()->second.public_net.direct_url);
    const auto root = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
    std::ifstream f(root / "deploy/grafana/aistore-dashboard.json");
    const std::string dash((std::istreambuf_iterator<char>(f)), {});
    ASSERT_FALSE(dash.empty());
    const auto panels = bj::parse(dash).as_object().at("panels").as_array();
    ASSERT_GE(panels.size(), 8u);
    const std::regex name(R"(\bais_(target|proxy)_[a-z_]+\b)");
    size_t checked = 0;
    for (const auto& p : panels)
        for (const auto& t : p.as_object().at("targets").as_array()) {
            const std::string expr(t.as_object().at("expr").as_string());
            for (std::sregex_iterator it(expr.begin(), expr.end(), name), end; it != end; ++it) {
                std::string fam = it->str();
                for (const char* suf : {"_bucket", "_sum", "_count"})
                    if (!families.count(fam) && fam.ends_with(suf)) fam = fam.substr(0, fam.size() - std::string(suf).size());
                EXPECT_TRUE(families.count(fam)) << it->str() << " (panel \"" << p.as_object().at("title").as_string()
                                                        << "\") is not exported";
                ++checked;
            }
        }
    EXPECT_GE(checked, 15u);
}

}  // namespace ais::test
