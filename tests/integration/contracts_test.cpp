// Contracts clients rely on, asserted as they see them on the wire: the proxy's redirects (status,
// Location = the HRW target + the original path and query + pid/utm), health with its uptime
// headers, and the JSON listing the README's curl example prints.
#include "tests/integration/local_cluster.hpp"

#include "shared/api/json.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

#include <gtest/gtest.h>

using namespace ais;
using ais::test::LocalCluster;

namespace {

api::Bck bck(std::string name) { return api::Bck{.name = std::move(name), .provider = "ais"}; }

}  // namespace

TEST(Contracts, RedirectsGoToTheHrwTargetWithThePathQueryPidAndUtm) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("rd"));
    const auto smap = api.get_smap();
    const std::string pid = smap.primary.daemon_id;
    net::Client http;
    for (const std::string name : {"plain", "dir/sub/obj", "with space+plus", "ünï"}) {
        api.put_object(bck("rd"), name, "data of " + name);
        const api::Snode* owner = smap.hrw_target(bck("rd").obj_uname(name));
        ASSERT_NE(owner, nullptr);
        const std::string path = "/v1/objects/rd/" + url_escape_path(name);
        for (const char* method : {"GET", "HEAD", "PUT", "DELETE"}) {
            net::ClientRequest rq{.method = method, .url = c.endpoint() + path + "?provider=ais&x=1"};
            rq.follow_redirects = false;
            if (std::string(method) == "PUT") rq.body = "new";
            auto r = http.call(rq);
            const int want = std::string(method) == "GET" ? 301 : 307;
            EXPECT_EQ(r.status, want) << method << " " << name;
            const std::string loc(r.headers.get("Location"));
            const std::string prefix = owner->public_net.direct_url + path + "?provider=ais&x=1&pid=" + pid + "&utm=";
            EXPECT_TRUE(loc.starts_with(prefix)) << method << " " << name << ": " << loc << " vs " << prefix;
            const std::string utm = loc.substr(std::min(loc.size(), prefix.size()));
            EXPECT_FALSE(utm.empty()) << loc;
            EXPECT_EQ(utm.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyz"), std::string::npos) << loc;
        }
        // The owner serves it directly; another target does not have it.
        for (const auto& [tid, t] : smap.tmap) {
            net::ClientRequest rq{.method = "GET", .url = t.public_net.direct_url + path + "?provider=ais"};
            rq.follow_redirects = false;
            auto r = http.call(rq);
            EXPECT_EQ(r.status, tid == owner->daemon_id ? 200 : 404) << name << " at " << tid;
        }
    }
}

TEST(Contracts, HealthCarriesUptimes) {
    LocalCluster c;
    net::Client http;
    for (const std::string q : {"", "?readiness=true", "?prr=true"}) {
        auto r = http.call({.method = "GET", .url = c.endpoint() + "/v1/health" + q});
        EXPECT_EQ(r.status, 200) << q;
        EXPECT_TRUE(parse_uint(r.headers.get("Ais-Node-Uptime")).has_value()) << q;
        EXPECT_TRUE(parse_uint(r.headers.get("Ais-Cluster-Uptime")).has_value()) << q;
    }
    auto t = http.call({.method = "GET", .url = c.target_url(0) + "/v1/health"});
    EXPECT_EQ(t.status, 200);
    EXPECT_TRUE(t.headers.has("Ais-Node-Uptime"));
}

// "Primary ready to rebalance" (Python's Cluster.is_ready) is false until a target has joined.
TEST(Contracts, PrrIs503WithoutTargets) {
    LocalCluster c(LocalCluster::Options{.proxies = 1, .targets = 0});
    net::Client http;
    auto r = http.call({.method = "GET", .url = c.endpoint() + "/v1/health?prr=true", .max_retries = 0});
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_EQ(http.call({.method = "GET", .url = c.endpoint() + "/v1/health"}).status, 200);
}

// README: curl -s -X GET "$AIS_ENDPOINT/v1/buckets/photos" -H 'Content-Type: application/json' \
//              -d '{"action":"list","name":"","value":{"props":"name,size"}}'
TEST(Contracts, ReadmeCurlListingIsJsonWithNamesAndStringSizes) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("photos"));
    api.put_object(bck("photos"), "docs/readme.md", "12345");
    api.put_object(bck("photos"), "Makefile", "ab");
    net::Client http;
    net::ClientRequest rq{.method = "GET",
                          .url = c.endpoint() + "/v1/buckets/photos",
                          .body = R"({"action":"list","name":"","value":{"props":"name,size"}})"};
    rq.headers.add("Content-Type", "application/json");
    auto r = http.call(rq);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.headers.get("Content-Type").find("application/json"), std::string_view::npos);
    auto v = api::json::parse(r.body);
    const auto& o = api::json::as_object(v);
    ASSERT_TRUE(o.contains("entries"));
    const auto& es = o.at("entries").as_array();
    ASSERT_EQ(es.size(), 2u);
    EXPECT_EQ(es[0].as_object().at("name").as_string(), "Makefile");
    EXPECT_EQ(es[0].as_object().at("size").as_string(), "2");  // int64 as a string, as Go encodes it
    EXPECT_EQ(es[1].as_object().at("name").as_string(), "docs/readme.md");
    EXPECT_EQ(es[1].as_object().at("size").as_string(), "5");
    EXPECT_TRUE(o.contains("continuation_token"));
    EXPECT_TRUE(o.contains("uuid"));
}

// /v1/reverse/daemon reaches the node named by Ais-Node-Id through the proxy (the SDK's
// get_performance/get_node_log path, `ais show config NODE`).
TEST(Contracts, ReverseDaemonReachesTheNamedNode) {
    LocalCluster c;
    const auto smap = c.client().get_smap();
    net::Client http;
    for (const auto& [id, t] : smap.tmap) {
        net::ClientRequest rq{.method = "GET", .url = c.endpoint() + "/v1/reverse/daemon?what=snode"};
        rq.headers.add("Ais-Node-Id", id);
        auto r = http.call(rq);
        ASSERT_EQ(r.status, 200) << r.body;
        auto v = api::json::parse(r.body);
        EXPECT_EQ(api::json::as_object(v).at("daemon_id").as_string(), id);
        rq.url = c.endpoint() + "/v1/reverse/daemon?what=mountpaths";
        r = http.call(rq);
        EXPECT_EQ(r.status, 200) << r.body;
        EXPECT_NE(r.body.find("available"), std::string::npos) << r.body;
    }
    auto none = http.call({.method = "GET", .url = c.endpoint() + "/v1/reverse/daemon?what=snode"});
    EXPECT_EQ(none.status, 400) << none.body;
    net::ClientRequest bad{.method = "GET", .url = c.endpoint() + "/v1/reverse/daemon?what=snode"};
    bad.headers.add("Ais-Node-Id", "tNoSuchNode");
    auto nf = http.call(bad);
    EXPECT_EQ(nf.status, 404) << nf.body;
    EXPECT_NE(nf.body.find("tNoSuchNode"), std::string::npos) << nf.body;
}
