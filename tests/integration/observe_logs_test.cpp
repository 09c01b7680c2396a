// What an operator observes of the nodes through the proxy, as AIS's API has it: each node's log
// (GET /v1/reverse/daemon?what=log, by severity, from an offset, or all of it as a TAR.GZ), its
// sysinfo, the cluster's sysinfo, backends and remote clusters; bad input (an unknown node, an
// unknown `what`, a bad severity or offset) answered with a 4xx naming it; the log level and size
// limits following the cluster config at runtime. One cluster for the suite.
#include "tests/integration/local_cluster.hpp"

#include "shared/api/json.hpp"
#include "shared/api/smap.hpp"
#include "shared/net/client.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <unistd.h>

#include <algorithm>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

using namespace ais;
using ais::test::LocalCluster;
namespace fs = std::filesystem;
namespace bj = boost::json;
using namespace std::chrono_literals;

namespace {

class ObserveLogs : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { cluster_ = new LocalCluster(); }
    static void TearDownTestSuite() {
        delete cluster_;
        cluster_ = nullptr;
    }
    static LocalCluster& c() { return *cluster_; }

    // GET through the proxy's reverse route to the node `id` (no header when id is empty).
    net::ClientResponse reverse(const std::string& id, const std::string& query) {
        net::ClientRequest rq{.method = "GET", .url = c().endpoint() + "/v1/reverse/daemon?" + query};
        if (!id.empty()) rq.headers.add("Ais-Node-Id", id);
        return http_.call(rq);
    }
    net::ClientResponse get(const std::string& path_query) {
        return http_.call({.method = "GET", .url = c().endpoint() + path_query});
    }
    std::vector<api::Snode> nodes() {
        const auto smap = c().client().get_smap();
        std::vector<api::Snode> out;
        for (const auto& [id, n] : smap.pmap) out.push_back(n);
        for (const auto& [id, n] : smap.tmap) out.push_back(n);
        return out;
    }
    static const bj::object& obj(const bj::value& v) { return api::json::as_object(v); }

    net::Client http_;
    static LocalCluster* cluster_;
};
LocalCluster* ObserveLogs::cluster_ = nullptr;

double number(const bj::value& v) {
    if (v.is_double()) return v.as_double();
    if (v.is_int64()) return double(v.as_int64());
    if (v.is_uint64()) return double(v.as_uint64());
    return -1;
}

// Every node's log through the proxy: AIS's first line, then one line per event with the level,
// the time and that node's own name.
TEST_F(ObserveLogs, LogOfEveryNodeThroughTheProxy) {
    for (const auto& n : nodes()) {
        auto r = reverse(n.daemon_id, "what=log");
        ASSERT_EQ(r.status, 200) << n.name() << ": " << r.body;
        EXPECT_EQ(r.body.rfind("Started up at ", 0), 0u) << r.body.substr(0, 200);
        const std::regex line("\n[IWE] \\d\\d:\\d\\d:\\d\\d\\.\\d{6} " +
                              std::regex_replace(n.name(), std::regex(R"([\[\]])"), R"(\$&)") + " ");
        EXPECT_TRUE(std::regex_search(r.body, line)) << n.name() << ":\n" << r.body.substr(0, 2000);
        EXPECT_NE(r.body.find(n.name() + " is ready"), std::string::npos) << r.body.substr(0, 2000);
        // The same for the t[ID] spelling of the header, as the CLI may send it.
        auto r2 = reverse(n.name(), "what=log&severity=info");
        EXPECT_EQ(r2.status, 200) << r2.body;
        // Errors and warnings only: the ERROR log has no info lines.
        auto e = reverse(n.daemon_id, "what=log&severity=error");
        ASSERT_EQ(e.status, 200) << e.body;
        EXPECT_EQ(e.body.find("\nI "), std::string::npos) << e.body.substr(0, 2000);
        EXPECT_EQ(reverse(n.daemon_id, "what=log&severity=w").status, 200);
        // From an offset: the rest of the file.
        auto tail = reverse(n.daemon_id, "what=log&offset=10");
        ASSERT_EQ(tail.status, 200) << tail.body;
        EXPECT_EQ(tail.body.substr(0, 20), r.body.substr(10, 20));
    }
}

TEST_F(ObserveLogs, LogBadInput) {
    const std::string tid = c().client().get_smap().tmap.begin()->first;
    auto r = reverse(tid, "what=log&severity=verbose");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("unknown log severity \\\"verbose\\\""), std::string::npos) << r.body;
    r = reverse(tid, "what=log&offset=-5");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("invalid offset"), std::string::npos) << r.body;
    r = reverse(tid, "what=log&offset=abc");
    EXPECT_EQ(r.status, 400) << r.body;
    r = reverse(tid, "what=log&offset=999999999999");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("log likely rotated (offset 999999999999, size "), std::string::npos) << r.body;
}

// all=true: a TAR.GZ of every log file of the node (tar lists them).
TEST_F(ObserveLogs, LogArchive) {
    const auto smap = c().client().get_smap();
    const std::string tid = smap.tmap.begin()->first;
    auto r = reverse(tid, "what=log&all=true");
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_GT(r.body.size(), 20u);
    EXPECT_EQ(static_cast<unsigned char>(r.body[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(r.body[1]), 0x8b);
    const std::string tgz = c().dir() + "/logs.tar.gz";
    std::ofstream(tgz, std::ios::binary) << r.body;
    const std::string cmd = "tar -tzf " + tgz + " 2>&1";
    std::string listing;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        char buf[512];
        while (std::fgets(buf, sizeof(buf), p)) listing += buf;
        EXPECT_EQ(::pclose(p), 0) << listing;
    }
    EXPECT_TRUE(std::regex_search(listing, std::regex(R"(^aistarget\.[^.]+\.INFO\.\d{4}-\d{6}\.\d+)")))
        << listing;
    EXPECT_EQ(listing.find(".ERROR."), std::string::npos) << listing;  // severity info: the INFO logs
    // Extracted, it is the node's log.
    const std::string out = c().dir() + "/logs-x";
    fs::create_directories(out);
    ASSERT_EQ(std::system(("tar -xzf " + tgz + " -C " + out).c_str()), 0);
    bool found = false;
    for (const auto& de : fs::directory_iterator(out)) {
        std::ifstream in(de.path());
        std::string text((std::istreambuf_iterator<char>(in)), {});
        found |= text.find("t[" + tid + "] is ready") != std::string::npos;
    }
    EXPECT_TRUE(found);
    auto e = reverse(tid, "what=log&all=true&severity=error");
    ASSERT_EQ(e.status, 200) << e.body;
    EXPECT_EQ(static_cast<unsigned char>(e.body[0]), 0x1f);
}

// sysinfo of every node through the proxy (AIS MemCPUInfo; a target adds CapacityInfo), and the
// cluster's at once.
TEST_F(ObserveLogs, SysinfoOfEveryNodeAndTheCluster) {
    for (const auto& n : nodes()) {
        auto r = reverse(n.daemon_id, "what=sysinfo");
        ASSERT_EQ(r.status, 200) << r.body;
        auto v = api::json::parse(r.body);
        const auto& o = obj(v);
        EXPECT_GT(number(o.at("mem_used")), 0) << r.body;
        EXPECT_GT(number(o.at("mem_avail")), 0) << r.body;
        EXPECT_GT(number(o.at("pct_mem_used")), 0) << r.body;
        EXPECT_GE(number(o.at("pct_cpu_used")), 0) << r.body;
        EXPECT_GE(number(o.at("cpu_util")), 0) << r.body;
        EXPECT_TRUE(obj(o.at("load_avg")).contains("Fifteen")) << r.body;
        if (n.is_target()) {
            ASSERT_TRUE(o.at("fs_capacity").is_string()) << r.body;  // AIS: a string-encoded uint64
            EXPECT_GT(std::stoll(std::string(o.at("fs_capacity").as_string())), 0) << r.body;
            EXPECT_TRUE(o.at("fs_used").is_string()) << r.body;
            EXPECT_GT(number(o.at("pct_fs_used")), 0) << r.body;
        } else {
            EXPECT_FALSE(o.contains("fs_capacity")) << r.body;
        }
    }
    auto r = get("/v1/cluster?what=sysinfo");
    ASSERT_EQ(r.status, 200) << r.body;
    auto v = api::json::parse(r.body);
    const auto smap = c().client().get_smap();
    EXPECT_EQ(obj(obj(v).at("proxy")).size(), smap.pmap.size()) << r.body;
    ASSERT_EQ(obj(obj(v).at("target")).size(), smap.tmap.size()) << r.body;
    for (const auto& [id, t] : smap.tmap)
        EXPECT_TRUE(obj(obj(obj(v).at("target")).at(id)).contains("fs_capacity"));
}

TEST_F(ObserveLogs, BackendsAndRemoteAreEmpty) {
    auto b = get("/v1/cluster?what=backends");
    EXPECT_EQ(b.status, 200);
    EXPECT_EQ(api::json::parse(b.body), bj::value(bj::array{}));
    auto rm = get("/v1/cluster?what=remote");
    EXPECT_EQ(rm.status, 200);
    auto v = api::json::parse(rm.body);
    EXPECT_TRUE(obj(v).at("a").as_array().empty()) << rm.body;
    EXPECT_EQ(number(obj(v).at("ver")), 0) << rm.body;
    for (const auto& n : nodes()) {
        EXPECT_EQ(reverse(n.daemon_id, "what=backends").body, "[]");
        EXPECT_EQ(reverse(n.daemon_id, "what=remote").status, 200);
    }
}

// Bad input names itself: the node (404), the `what` (400, with the values that exist).
TEST_F(ObserveLogs, BadNodeAndBadWhat) {
    auto r = reverse("tNoSuchNode", "what=log");
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_NE(r.body.find("tNoSuchNode"), std::string::npos) << r.body;
    r = reverse("", "what=log");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("Ais-Node-Id"), std::string::npos) << r.body;
    for (const auto& n : nodes()) {
        r = reverse(n.daemon_id, "what=bogus");
        EXPECT_EQ(r.status, 400) << r.body;
        for (const char* w : {"what=\\\"bogus\\\"", "log", "sysinfo", "backends", "remote", "smap"})
            EXPECT_NE(r.body.find(w), std::string::npos) << w << " in " << r.body;
        EXPECT_EQ(r.body.find("disk") != std::string::npos, n.is_target()) << r.body;
    }
    r = get("/v1/cluster?what=bogus");
    EXPECT_EQ(r.status, 400) << r.body;
    for (const char* w : {"what=\\\"bogus\\\"", "sysinfo", "backends", "remote", "smap", "qryxstats"})
        EXPECT_NE(r.body.find(w), std::string::npos) << w << " in " << r.body;
}

// Requests are not logged at the default level (off the hot path); raising log.level in the
// cluster config makes every node log at debug within seconds, and lowering it stops that.
TEST_F(ObserveLogs, LevelFollowsTheClusterConfig) {
    const auto smap = c().client().get_smap();
    const std::string tid = smap.tmap.begin()->first;
    auto size_of = [&] { return reverse(tid, "what=log").body.size(); };
    const size_t before = size_of();
    for (int i = 0; i < 50; ++i) ASSERT_EQ(reverse(tid, "what=snode").status, 200);
    EXPECT_LT(size_of(), before + 200) << "requests logged at the default level";

    c().client().set_cluster_config({{"log.level", "4"}});
    bool debug = false;
    for (int i = 0; i < 50 && !debug; ++i) {
        std::this_thread::sleep_for(200ms);
        reverse(tid, "what=sysinfo&mark=at-level-4-" + std::to_string(i));  // control queries: debug
        debug = std::regex_search(reverse(tid, "what=log").body, std::regex("\nD [^\n]*mark=at-level-4-"));
    }
    EXPECT_TRUE(debug) << "log.level=4 did not reach the target";
    EXPECT_NE(reverse(tid, "what=log").body.find("log level 4 (debug)"), std::string::npos);

    c().client().set_cluster_config({{"log.level", "3"}});
    std::this_thread::sleep_for(2500ms);
    reverse(tid, "what=sysinfo&mark=after-level-3");
    EXPECT_EQ(reverse(tid, "what=log").body.find("after-level-3"), std::string::npos);
}

// log.max_size from the cluster config: the node rotates its log at that size, and the new file
// (AIS: "Rotated at ...") is what what=log returns; the archive has them all.
TEST_F(ObserveLogs, RotatesAtTheConfiguredSize) {
    const auto smap = c().client().get_smap();
    const std::string tid = (++smap.tmap.begin())->first;
    c().client().set_cluster_config({{"log.max_size", "16KiB"}, {"log.level", "4"}});
    // The nodes apply a config change within a second: keep logging until the target rotates.
    bool rotated = false;
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    for (int i = 0; !rotated && std::chrono::steady_clock::now() < deadline; ++i) {
        reverse(tid, "what=snode&pad=" + std::string(200, 'x') +
                         std::to_string(i));  // ~270 bytes of debug log each
        if (i % 20 == 19) {
            rotated = reverse(tid, "what=log").body.rfind("Rotated at ", 0) == 0;
            std::this_thread::sleep_for(50ms);
        }
    }
    c().client().set_cluster_config({{"log.max_size", "4MiB"}, {"log.level", "3"}});
    EXPECT_TRUE(rotated);
    auto cur = reverse(tid, "what=log");
    EXPECT_LE(cur.body.size(), 16u * 1024 + 4096);
    auto all = reverse(tid, "what=log&all=true");
    ASSERT_EQ(all.status, 200);
    const std::string tgz = c().dir() + "/rot.tar.gz";
    std::ofstream(tgz, std::ios::binary) << all.body;
    std::string listing;
    if (FILE* p = ::popen(("tar -tzf " + tgz).c_str(), "r")) {
        char buf[512];
        while (std::fgets(buf, sizeof(buf), p)) listing += buf;
        ::pclose(p);
    }
    EXPECT_GE(std::count(listing.begin(), listing.end(), '\n'), 2) << listing;
}

}  // namespace
