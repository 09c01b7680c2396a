// A real cluster (1 proxy + 3 targets) driven over HTTP as clients drive it.
#include "tests/integration/local_cluster.hpp"

#include "shared/api/bmd.hpp"
#include "shared/api/codec.hpp"
#include "shared/config/bprops.hpp"
#include "shared/config/cluster_config.hpp"
#include "shared/config/schema.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/hrw.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

using namespace ais;
using ais::test::LocalCluster;

namespace {

api::Bck bck(std::string name) { return api::Bck{.name = std::move(name), .provider = "ais"}; }

int status_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.status();
    }
    return 200;
}

std::string run(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
    ::pclose(p);
    return out;
}

}  // namespace

TEST(Cluster, FormsWithSmapAsClientsExpect) {
    LocalCluster c;
    auto smap = c.client().get_smap();
    EXPECT_EQ(smap.tmap.size(), 3u);
    EXPECT_EQ(smap.pmap.size(), 1u);
    EXPECT_GT(smap.version, 0);
    EXPECT_FALSE(smap.uuid.empty());
    EXPECT_EQ(smap.primary.public_net.direct_url, c.endpoint());
    for (const auto& [id, t] : smap.tmap) {
        EXPECT_EQ(t.id_digest, hrw_digest(id)) << id;
        EXPECT_EQ(t.daemon_type, "target");
    }
    // The raw JSON: version is a string, tmap/pmap are objects.
    net::Client http;
    auto raw = http.call({.method = "GET", .url = c.endpoint() + "/v1/daemon?what=smap"}).body;
    EXPECT_NE(raw.find("\"version\":\""), std::string::npos) << raw;
    EXPECT_TRUE(c.client().health(true));
    auto prr = http.call({.method = "GET", .url = c.endpoint() + "/v1/health?prr=true"});
    EXPECT_EQ(prr.status, 200);
    EXPECT_TRUE(prr.headers.has("Ais-Node-Uptime"));
}

TEST(Cluster, BucketLifecycleAndErrors) {
    LocalCluster c;
    auto& api = c.client();
    EXPECT_TRUE(api.list_buckets().empty());
    api.create_bucket(bck("b1"));
    api.create_bucket(bck("b2"), R"({"versioning":{"enabled":false},"checksum":{"type":"md5"}})");
    auto names = api.list_buckets();
    ASSERT_EQ(names.size(), 2u);
    EXPECT_EQ(names[0].name, "b1");
    auto props = api.head_bucket(bck("b2"));
    EXPECT_EQ(props.checksum.type, "md5");
    EXPECT_FALSE(props.versioning.enabled);
    EXPECT_EQ(api.head_bucket(bck("b1")).checksum.type, "xxhash2");
    // Exact errors clients depend on.
    try {
        api.create_bucket(bck("b1"));
        FAIL() << "expected 409";
    } catch (const Error& e) {
        EXPECT_EQ(e.status(), 409);
        EXPECT_NE(std::string(e.what()).find("bucket \"ais://b1\" already exists"), std::string::npos) << e.what();
    }
    try {
        api.destroy_bucket(bck("nope"));
        FAIL() << "expected 404";
    } catch (const Error& e) {
        EXPECT_EQ(e.status(), 404);
        EXPECT_NE(std::string(e.what()).find("ais://nope"), std::string::npos);
    }
    EXPECT_EQ(status_of([&] { api.head_bucket(bck("nope")); }), 404);
    EXPECT_EQ(status_of([&] { api.create_bucket(bck("bad..name")); }), 400);
    EXPECT_EQ(status_of([&] { api.create_bucket(bck(std::string(65, 'x'))); }), 400);
    api.set_bprops(bck("b1"), R"({"checksum":{"type":"sha256"}})");
    EXPECT_EQ(api.head_bucket(bck("b1")).checksum.type, "sha256");
    EXPECT_EQ(status_of([&] { api.set_bprops(bck("b1"), R"({"checksum":{"type":"bogus"}})"); }), 400);
    api.reset_bprops(bck("b1"));
    EXPECT_EQ(api.head_bucket(bck("b1")).checksum.type, "xxhash2");
    api.destroy_bucket(bck("b1"));
    EXPECT_EQ(api.list_buckets().size(), 1u);
    // Every target got the BMD: a direct query to each shows the same version.
    auto bmd = api.get_bmd();
    net::Client http;
    for (int i = 0; i < c.num_targets(); ++i) {
        auto r = http.call({.method = "GET", .url = c.target_url(i) + "/v1/daemon?what=bmd"});
        EXPECT_EQ(api::from_json<api::BMD>(r.body).version, bmd.version);
    }
}

TEST(Cluster, ObjectsRoundTripThroughRedirects) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("data"));
    std::mt19937_64 rng(42);
    std::map<std::string, std::string> objs;
    // 1,000 objects from 0 to 8 MiB, log-uniform (most small, some large), random content.
    for (int i = 0; i < 1000; ++i) {
        size_t size = i == 0 ? 0 : i == 1 ? (8u << 20) : static_cast<size_t>(std::exp2((rng() % 2300) / 100.0)) - 1;
        std::string data(size, '\0');
        for (size_t k = 0; k + 8 <= size; k += 8) {
            uint64_t r = rng();
            std::memcpy(&data[k], &r, 8);
        }
        auto name = "dir" + std::to_string(i % 4) + "/obj-" + std::to_string(i);
        auto attrs = api.put_object(bck("data"), name, data);
        EXPECT_EQ(attrs.version, "1");
        EXPECT_EQ(attrs.cksum_type, "xxhash2");
        EXPECT_EQ(attrs.cksum_value, cksum(CksumType::xxhash2, data));
        objs[name] = std::move(data);
    }
    for (const auto& [name, data] : objs) {
        auto g = api.get_object(bck("data"), name);
        ASSERT_EQ(g.body.size(), data.size()) << name;
        EXPECT_TRUE(g.body == data) << name;
        auto h = api.head_object(bck("data"), name);
        EXPECT_EQ(h.size, static_cast<int64_t>(data.size()));
        EXPECT_EQ(h.cksum_value, cksum(CksumType::xxhash2, data));
    }
    // Placement: each object sits on the HRW target a client computes from the Smap.
    auto smap = api.get_smap();
    std::vector<std::string> ids;
    for (int i = 0; i < c.num_targets(); ++i) ids.push_back("");
    net::Client http;
    for (const auto& [name, data] : objs) {
        auto owner = smap.hrw_target(bck("data").obj_uname(name));
        ASSERT_NE(owner, nullptr);
        auto r = http.call({.method = "HEAD", .url = owner->public_net.direct_url + "/v1/objects/data/" + name});
        EXPECT_EQ(r.status, 200) << name;
    }
    // Range reads.
    auto name = std::string("dir1/obj-1");  // the 8 MiB one
    const auto& big = objs.at(name);
    auto r = api.get_object(bck("data"), name, {.range = "bytes=10-19"});
    EXPECT_EQ(r.status, 206);
    EXPECT_EQ(r.body, big.substr(10, 10));
    r = api.get_object(bck("data"), name, {.range = "bytes=-5"});
    EXPECT_EQ(r.body, big.substr(big.size() - 5));
    EXPECT_EQ(status_of([&] { api.get_object(bck("data"), name, {.range = "bytes=999999999-"}); }), 416);
    // Delete and not-found.
    api.delete_object(bck("data"), name);
    try {
        api.get_object(bck("data"), name);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.status(), 404);
        EXPECT_NE(std::string(e.what()).find("ais://data/" + name), std::string::npos) << e.what();
    }
    EXPECT_EQ(status_of([&] { api.put_object(bck("nobucket"), "x", "y"); }), 404);
    // Wrong client checksum is refused and stores nothing.
    EXPECT_EQ(status_of([&] {
                  api.put_object(bck("data"), "bad-cksum", "hello", {.cksum_type = "md5", .cksum_value = "00"});
              }),
              400);
    EXPECT_FALSE(api.object_exists(bck("data"), "bad-cksum"));
}

TEST(Cluster, OddObjectNamesAreStoredExactlyOrRefusedNeverAliased) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("odd"));
    // Each name is either stored under exactly that name (its own bytes come back, the listing
    // shows it verbatim) or refused with 400, and never lands on another object.
    struct Case {
        std::string name;
        bool stored;
    };
    const std::vector<Case> cases = {
        {"with space", true},
        {"per%cent", true},
        {"quest?ion", true},
        {"ha#sh", true},
        {"utf8-ünïcødé-名前", true},
        {"a/b/c/d", true},
        {"p/q", true},
        {"p//q", true},     // not "p/q"
        {"/p/q", true},     // not "p/q"
        {"p/q//", false},   // trailing '/'
        {"tab\tnew\nline\x01ctl", true},
        {std::string("bad-utf8-\xff\xfe"), true},
        {std::string(300, 'L'), true},
        {"long/" + std::string(5000, 'n'), true},
        {std::string("victim\0b", 8), false},  // NUL: would be cut to "victim"
        {std::string("p/q\0", 4), false},
        {"../escape", false},
        {"trailing/", false},
        {"./dot", false},
        {"a/../b", false},
    };
    api.put_object(bck("odd"), "victim", "the real victim");
    std::set<std::string> want;
    for (const auto& tc : cases) {
        int st = status_of([&] { api.put_object(bck("odd"), tc.name, "content of " + tc.name); });
        EXPECT_EQ(st, tc.stored ? 200 : 400) << testing::PrintToString(tc.name.substr(0, 40));
        if (tc.stored) want.insert(tc.name);
    }
    want.insert("victim");
    for (const auto& tc : cases)
        if (tc.stored) EXPECT_EQ(api.get_object(bck("odd"), tc.name).body, "content of " + tc.name) << tc.name.size();
    EXPECT_EQ(api.get_object(bck("odd"), "victim").body, "the real victim");
    auto all = api.list_objects(bck("odd"));
    std::set<std::string> listed;
    for (auto& e : all.entries) listed.insert(e.name);
    EXPECT_EQ(listed, want);
    // Listing by a prefix with an empty component finds the names stored apart.
    api::LsoMsg m;
    m.prefix = "p//";
    auto sub = api.list_objects(bck("odd"), m);
    ASSERT_EQ(sub.entries.size(), 1u);
    EXPECT_EQ(sub.entries[0].name, "p//q");

    // A NUL in a prefix or archpath is refused too, and so is the raw %00 on the wire, native and S3.
    net::Client http;
    auto raw_put = http.call({.method = "PUT", .url = c.endpoint() + "/v1/objects/odd/victim%00b", .body = "evil"});
    EXPECT_EQ(raw_put.status, 400) << raw_put.body;
    EXPECT_NE(raw_put.body.find("NUL"), std::string::npos) << raw_put.body;
    auto s3_put = http.call({.method = "PUT", .url = c.endpoint() + "/s3/odd/victim%00b", .body = "evil"});
    EXPECT_EQ(s3_put.status, 400) << s3_put.body;
    EXPECT_NE(s3_put.body.find("InvalidArgument"), std::string::npos) << s3_put.body;
    auto s3_list = http.call({.method = "GET", .url = c.endpoint() + "/s3/odd?prefix=a%00"});
    EXPECT_EQ(s3_list.status, 400) << s3_list.body;
    m.prefix = std::string("v\0", 2);
    EXPECT_EQ(status_of([&] { api.list_objects(bck("odd"), m); }), 400);
    EXPECT_EQ(api.get_object(bck("odd"), "victim").body, "the real victim");
}

TEST(Cluster, ListObjectsPaginatesExactly) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("lst"));
    for (int i = 0; i < 250; ++i) {
        char name[32];
        std::snprintf(name, sizeof(name), "p%d/o-%04d", i % 2, i);
        api.put_object(bck("lst"), name, std::string(i, 'x'));
    }
    api::LsoMsg msg;
    msg.pagesize = 50;
    std::vector<std::string> names;
    int pages = 0;
    for (;;) {
        auto page = api.list_objects_page(bck("lst"), msg);
        ++pages;
        for (auto& e : page.entries) names.push_back(e.name);
        if (page.continuation_token.empty()) break;
        EXPECT_EQ(page.entries.size(), 50u);
        EXPECT_EQ(page.continuation_token, page.entries.back().name);
        msg.uuid = page.uuid;
        msg.continuation_token = page.continuation_token;
    }
    EXPECT_EQ(names.size(), 250u);
    EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
    EXPECT_EQ(pages, 6);  // 5 full pages, then the empty one a full page implies
    // prefix, start_after, sizes
    api::LsoMsg pm;
    pm.prefix = "p1/";
    auto p1 = api.list_objects(bck("lst"), pm);
    EXPECT_EQ(p1.entries.size(), 125u);
    EXPECT_EQ(p1.entries[0].name, "p1/o-0001");
    EXPECT_EQ(p1.entries[0].size, 1);
    api::LsoMsg sa;
    sa.start_after = "p1/o-0245";
    auto tail = api.list_objects(bck("lst"), sa);
    ASSERT_EQ(tail.entries.size(), 2u);
    EXPECT_EQ(tail.entries[0].name, "p1/o-0247");
    // No recursion: virtual directories.
    api::LsoMsg nr;
    nr.set_flag(api::ls::kNoRecursion);
    auto dirs = api.list_objects(bck("lst"), nr);
    ASSERT_EQ(dirs.entries.size(), 2u);
    EXPECT_EQ(dirs.entries[0].name, "p0/");
    EXPECT_TRUE(dirs.entries[0].is_dir());
    EXPECT_EQ(status_of([&] { api.list_objects(bck("missing")); }), 404);
}

TEST(Cluster, RestartKeepsBucketsAndObjects) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("keep"));
    for (int i = 0; i < 20; ++i) api.put_object(bck("keep"), "o" + std::to_string(i), "v" + std::to_string(i));
    auto smap_before = api.get_smap();
    c.stop_all();
    c.start_all();
    auto smap_after = api.get_smap();
    EXPECT_EQ(smap_after.uuid, smap_before.uuid);
    std::set<std::string> ids_before, ids_after;
    for (auto& [id, t] : smap_before.tmap) ids_before.insert(id);
    for (auto& [id, t] : smap_after.tmap) ids_after.insert(id);
    EXPECT_EQ(ids_before, ids_after);
    ASSERT_EQ(api.list_buckets().size(), 1u);
    for (int i = 0; i < 20; ++i) EXPECT_EQ(api.get_object(bck("keep"), "o" + std::to_string(i)).body, "v" + std::to_string(i));
}

TEST(Cluster, KillDashNineDuringPutsKeepsAcknowledgedObjects) {
    LocalCluster c;
    api::Client& api = c.client();
    api.create_bucket(bck("dur"));
    // Writers keep PUTting until the targets die; every PUT that got 200 is "acknowledged".
    std::mutex mu;
    std::map<std::string, std::string> acked;
    std::atomic<bool> stop{false};
    std::atomic<int> attempts{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
        writers.emplace_back([&, w] {
            net::ClientOptions co;
            co.max_retries = 0;
            api::Client cl(c.endpoint(), "", co);
            for (int i = 0; !stop; ++i) {
                std::string name = "w" + std::to_string(w) + "/o" + std::to_string(i);
                std::string data(1000 + (i * 7919) % (3 << 20), static_cast<char>('a' + (i + w) % 26));
                ++attempts;
                try {
                    cl.put_object(bck("dur"), name, data);
                    std::lock_guard lk(mu);
                    acked[name] = std::move(data);
                } catch (const std::exception&) {
                    // cut off by the kill: not acknowledged, so nothing is promised about it
                }
            }
        });
    }
    while (attempts < 60) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    for (int t = 0; t < c.num_targets(); ++t) c.kill_target(t, 9);
    stop = true;
    for (auto& t : writers) t.join();
    ASSERT_GT(acked.size(), 20u);
    for (int t = 0; t < c.num_targets(); ++t) c.start_target(t);
    for (const auto& [n, d] : acked) EXPECT_TRUE(api.get_object(bck("dur"), n).body == d) << n;
    // Whatever is listed is whole: no work files, no partial objects.
    for (const auto& e : api.list_objects(bck("dur")).entries) {
        auto g = api.get_object(bck("dur"), e.name);
        auto h = api.head_object(bck("dur"), e.name);
        EXPECT_EQ(h.cksum_value, cksum(CksumType::xxhash2, g.body)) << e.name;
    }
}

TEST(Cluster, CurlFollowsRedirects) {
    LocalCluster c;
    c.client().create_bucket(bck("curl"));
    auto tmp = c.dir() + "/curl-src";
    { std::ofstream(tmp) << std::string(100000, 'c'); }
    auto put = run("curl -sS -L -X PUT -T " + tmp + " -o /dev/null -w '%{http_code}' '" + c.endpoint() +
                   "/v1/objects/curl/from%20curl?provider=ais'");
    EXPECT_EQ(put, "200");
    auto get = run("curl -sS -L '" + c.endpoint() + "/v1/objects/curl/from%20curl?provider=ais' | wc -c");
    EXPECT_EQ(std::stoi(get), 100000);
    auto missing = run("curl -s -L -o /dev/null -w '%{http_code}' '" + c.endpoint() + "/v1/objects/curl/none'");
    EXPECT_EQ(missing, "404");
}

TEST(Cluster, ListsOneHundredThousandObjectsInPagesWithBoundedProxyMemory) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("big"));
    // Objects can be plain files put on a mountpath by hand: make 100,000 of them quickly.
    const int n = 100000;
    for (int i = 0; i < n; ++i) {
        char name[32];
        std::snprintf(name, sizeof(name), "d%02d/obj-%06d", i % 50, i);
        auto mp = c.target_mountpaths(i % c.num_targets())[static_cast<size_t>(i / 3) % 2];
        auto path = mp + "/@ais/big/%ob/" + name;
        if (i < 150) std::filesystem::create_directories(std::filesystem::path(path).parent_path());
        std::ofstream(path) << i;
    }
    api::LsoMsg msg;
    msg.pagesize = 10000;
    size_t total = 0;
    int pages = 0;
    std::string prev;
    ais::test::reset_peak_rss(c.proxy_pid());
    for (;;) {
        auto page = api.list_objects_page(bck("big"), msg);
        ++pages;
        for (auto& e : page.entries) {
            ASSERT_LT(prev, e.name);
            prev = e.name;
        }
        total += page.entries.size();
        if (page.continuation_token.empty()) break;
        ASSERT_EQ(page.entries.size(), 10000u);
        msg.uuid = page.uuid;
        msg.continuation_token = page.continuation_token;
    }
    EXPECT_EQ(total, static_cast<size_t>(n));
    EXPECT_EQ(pages, 11);
    // The proxy holds at most a page per target: its peak RSS over the listing stays small.
    const long peak = ais::test::peak_rss_kib(c.proxy_pid());
    EXPECT_GT(peak, 0);
    EXPECT_LT(peak, 128 * 1024) << "proxy peak RSS " << peak << " KiB";
}

TEST(Cluster, NonPrimaryProxyForwardsAndRedirects) {
    LocalCluster c(LocalCluster::Options{.proxies = 2, .targets = 2});
    auto smap = c.client().get_smap();
    ASSERT_EQ(smap.pmap.size(), 2u);
    std::string other;
    for (auto& [id, p] : smap.pmap)
        if (id != smap.primary.daemon_id) other = p.public_net.direct_url;
    api::Client via(other);
    via.create_bucket(bck("fwd"));
    EXPECT_EQ(c.client().list_buckets().size(), 1u);  // made by the primary
    via.put_object(bck("fwd"), "o", "through the other proxy");
    EXPECT_EQ(c.client().get_object(bck("fwd"), "o").body, "through the other proxy");
    EXPECT_EQ(via.list_objects(bck("fwd")).entries.size(), 1u);
    EXPECT_EQ(status_of([&] { via.create_bucket(bck("fwd")); }), 409);
}

TEST(Cluster, ClusterConfigAndNodeOverrides) {
    LocalCluster c;
    auto& api = c.client();
    net::Client http;
    auto node_cfg = [&](int t) {
        auto r = http.call({.method = "GET", .url = c.target_url(t) + "/v1/daemon?what=config"});
        return config::from_json<config::ClusterConfig>(r.body);
    };
    api.set_cluster_config({{"lru.enabled", "true"}, {"space.highwm", "85"}});
    for (int t = 0; t < c.num_targets(); ++t) {
        EXPECT_TRUE(node_cfg(t).lru.enabled) << t;
        EXPECT_EQ(node_cfg(t).space.highwm, 85) << t;
    }
    EXPECT_EQ(status_of([&] { api.set_cluster_config({{"checksum.type", "bogus"}}); }), 400);
    // One node's override: only that node, kept across a later cluster change and a restart.
    auto r = http.call({.method = "PUT", .url = c.target_url(0) + "/v1/daemon/set-config?checksum.type=md5"});
    ASSERT_EQ(r.status, 200) << r.body;
    r = http.call({.method = "PUT", .url = c.target_url(0) + "/v1/daemon/set-config?nope.key=1"});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(node_cfg(0).checksum.type, "md5");
    EXPECT_EQ(node_cfg(1).checksum.type, "xxhash2");
    api.set_cluster_config({{"lru.enabled", "false"}});
    EXPECT_EQ(node_cfg(0).checksum.type, "md5");
    EXPECT_FALSE(node_cfg(0).lru.enabled);
    EXPECT_EQ(api.get_cluster_config().checksum.type, "xxhash2");
    c.stop_all();
    c.start_all();
    EXPECT_EQ(node_cfg(0).checksum.type, "md5");
    EXPECT_FALSE(node_cfg(1).lru.enabled);
}
