// The README's front door: deploy/local/run.sh (= make run), stop.sh (= make stop), and run.sh again
// bringing back the same cluster — node IDs, cluster UUID, buckets, objects and the cluster config
// that $AIS_DATA/cluster.toml gave at the first start. And a node's health while it starts: 503
// until it has joined the cluster, then 200.
#include "shared/api/client.hpp"
#include "shared/api/smap.hpp"
#include "shared/net/client.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <iterator>
#include <thread>
#include <vector>

using namespace ais;
namespace fsys = std::filesystem;

namespace {

// The repository root, from this file's path (tests/integration/deploy_test.cpp).
const fsys::path kRoot = fsys::path(__FILE__).parent_path().parent_path().parent_path();

// A socket bound (not listening) to 127.0.0.1:port, or -1: while held, the port refuses
// connections and no other test's node can take it.
int bind_port(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);  // not inherited by the nodes we start
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0) return fd;
    ::close(fd);
    return -1;
}

bool port_free(int port) {
    const int fd = bind_port(port);
    if (fd >= 0) ::close(fd);
    return fd >= 0;
}

// A base port for a run.sh deployment in 15000-19999 (below the ephemeral range), by pid: run.sh
// puts proxy i on base+i and target i on base+10+i, so those must be free (`proxies`, `targets`:
// the most the test will start). Bases are 20 apart, so two tests never share a block.
int cluster_ports(int proxies, int targets) {
    for (int k = 0; k < 250; ++k) {
        const int base = 15000 + ((static_cast<int>(::getpid()) + k * 7) % 250) * 20;
        bool free = true;
        for (int i = 0; i < proxies && free; ++i) free = port_free(base + i);
        for (int i = 0; i < targets && free; ++i) free = port_free(base + 10 + i);
        if (free) return base;
    }
    throw std::runtime_error("no free block of ports for run.sh");
}

std::string ids(const api::Smap& s) {
    std::string out;
    for (const auto& [id, n] : s.pmap) out += "p" + id + " ";
    for (const auto& [id, n] : s.tmap) out += "t" + id + " ";
    return out;
}

// An aisnode process started by hand, killed when the test ends: the health test needs a target
// whose primary is not up yet, which LocalCluster (it starts the primary first) does not make.
struct NodeProc {
    pid_t pid = -1;
    NodeProc(const std::string& dir, const std::string& role, int port, const std::string& primary_url) {
        fsys::create_directories(dir + "/conf");
        fsys::create_directories(dir + "/mp");
        std::ofstream(dir + "/local.toml")
            << "confdir = \"" << dir << "/conf\"\nlog_dir = \"" << dir << "/log\"\n"
            << "role = \"" << role << "\"\nprimary_url = \"" << primary_url << "\"\n"
            << "io_threads = 2\n[host_net]\nhostname = \"127.0.0.1\"\nport = " << port
            << "\n[fspaths]\npaths = [" << (role == "target" ? "\"" + dir + "/mp\"" : "") << "]\n";
        const std::string bin = std::string(AIS_BIN_DIR) + "/aisnode", cfg = dir + "/local.toml",
                          out = dir + "/stdout.log";
        pid = ::fork();
        if (pid == 0) {
            if (!std::freopen(out.c_str(), "a", stdout)) std::_Exit(127);
            ::dup2(STDOUT_FILENO, STDERR_FILENO);
            ::execl(bin.c_str(), "aisnode", "--role", role.c_str(), "--config", cfg.c_str(), nullptr);
            std::_Exit(127);
        }
    }
    ~NodeProc() {
        if (pid <= 0) return;
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
    }
    bool exited() { return ::waitpid(pid, nullptr, WNOHANG) == pid && (pid = -1, true); }
};

}  // namespace

TEST(Deploy, RunStopRunBringsBackTheSameCluster) {
    char tmpl[] = "/tmp/ais-deploy-XXXXXX";
    const std::string data = ::mkdtemp(tmpl);
    const int port = cluster_ports(1, 3);
    std::ofstream(data + "/cluster.toml") << "[lru]\ndont_evict_time = \"3h\"\n";
    const std::string env = "AIS_DATA=" + data + " AIS_PORT=" + std::to_string(port) + " AIS_BIN=" + AIS_BIN_DIR +
                            " AIS_TARGETS=3 AIS_PROXIES=1 ";
    const std::string run = env + "bash " + (kRoot / "deploy/local/run.sh").string() + " > " + data + "/run.out 2>&1";
    const std::string stop = env + "bash " + (kRoot / "deploy/local/stop.sh").string() + " > /dev/null 2>&1";
    struct Stop {
        std::string cmd, dir;
        ~Stop() {
            (void)std::system(cmd.c_str());
            fsys::remove_all(dir);
        }
    } guard{stop, data};

    auto slurp = [](const std::string& path) {
        std::ifstream f(path);
        return std::string(std::istreambuf_iterator<char>(f), {});
    };
    ASSERT_EQ(std::system(run.c_str()), 0) << slurp(data + "/run.out");
    const std::string out = slurp(data + "/run.out");
    const std::string endpoint = "http://127.0.0.1:" + std::to_string(port);
    EXPECT_NE(out.find("export AIS_ENDPOINT=" + endpoint), std::string::npos) << out;
    api::Client c(endpoint);
    auto smap1 = c.get_smap();
    EXPECT_EQ(smap1.tmap.size(), 3u);
    EXPECT_EQ(smap1.pmap.size(), 1u);
    EXPECT_NE(c.get_cluster_config_json().find("\"dont_evict_time\":\"3h0m0s\""), std::string::npos);
    // The Prometheus scrape config names every node, and each serves /metrics.
    const std::string prom = slurp(data + "/prometheus.yml");
    EXPECT_NE(out.find("Prometheus scrape config: " + data + "/prometheus.yml"), std::string::npos) << out;
    for (const auto* m : {&smap1.pmap, &smap1.tmap})
        for (const auto& [id, n] : *m) {
            const std::string hostport = n.public_net.node_ip_addr + ":" + n.public_net.daemon_port;
            EXPECT_NE(prom.find("- " + hostport + "\n"), std::string::npos) << hostport << " not in\n" << prom;
            net::Client h;
            EXPECT_EQ(h.call({.method = "GET", .url = n.public_net.direct_url + "/metrics"}).status, 200) << id;
        }
    const api::Bck b{.name = "persist", .provider = "ais"};
    c.create_bucket(b);
    c.put_object(b, "obj", "survives a restart");

    ASSERT_EQ(std::system(stop.c_str()), 0);
    net::Client http;  // nothing answers any more
    EXPECT_THROW(http.call({.method = "GET", .url = endpoint + "/v1/health", .max_retries = 0}), std::exception);

    ASSERT_EQ(std::system(run.c_str()), 0);
    api::Client c2(endpoint);
    auto smap2 = c2.get_smap();
    EXPECT_EQ(smap2.uuid, smap1.uuid);
    EXPECT_EQ(ids(smap2), ids(smap1));
    EXPECT_EQ(c2.get_object(b, "obj").body, "survives a restart");
    EXPECT_NE(c2.get_cluster_config_json().find("\"dont_evict_time\":\"3h0m0s\""), std::string::npos);
}

// A target whose primary is not running yet serves /v1/health at once, with 503, while it waits to
// join; when the primary comes up and the target has joined, 200 with its uptime.
TEST(Deploy, HealthIs503WhileATargetWaitsForItsPrimaryThen200) {
    char tmpl[] = "/tmp/ais-health-XXXXXX";
    const std::string dir = ::mkdtemp(tmpl);
    struct Rm {
        std::string dir;
        ~Rm() { fsys::remove_all(dir); }
    } rm{dir};
    const int port = cluster_ports(2, 0);  // a proxy and a target started by hand on port, port+1
    const std::string proxy_url = "http://127.0.0.1:" + std::to_string(port);
    const std::string health = "http://127.0.0.1:" + std::to_string(port + 1) + "/v1/health";
    net::ClientOptions co;
    co.max_retries = 0;  // a 503 is the answer under test, not a reason to retry
    co.connect_timeout = std::chrono::seconds(1);
    net::Client http(co);

    // The primary's port stays taken (refusing connections) until the primary starts.
    int held = bind_port(port);
    ASSERT_GE(held, 0);
    NodeProc target(dir + "/target", "target", port + 1, proxy_url);
    // Until its server listens, connecting fails; the first answer is the one under test. (The
    // bound only turns a target that never listens into a failure instead of a hang.)
    std::optional<net::ClientResponse> first;
    for (int i = 0; i < 600 && !first; ++i) {
        ASSERT_FALSE(target.exited()) << "aisnode exited; see " << dir << "/target/stdout.log";
        try {
            first = http.call({.method = "GET", .url = health});
        } catch (const std::exception&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    ASSERT_TRUE(first.has_value()) << "the target never served /v1/health";
    // The status is the contract (AIS's target answers a bare 503 before it has started, without
    // the uptime headers it adds once up).
    EXPECT_EQ(first->status, 503) << first->body;
    // Still no primary: still starting.
    EXPECT_EQ(http.call({.method = "GET", .url = health}).status, 503);

    ::close(held);
    NodeProc proxy(dir + "/proxy", "proxy", port, "");
    int status = 0;
    for (int i = 0; i < 600 && status != 200; ++i) {  // the target retries its join every 200 ms
        ASSERT_FALSE(target.exited()) << "aisnode exited; see " << dir << "/target/stdout.log";
        status = http.call({.method = "GET", .url = health}).status;
        if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(status, 200);
    EXPECT_TRUE(
        parse_uint(http.call({.method = "GET", .url = health}).headers.get("Ais-Node-Uptime")).has_value());
    api::Client c(proxy_url);
    EXPECT_EQ(c.get_smap().tmap.size(), 1u);
}

// run.sh on a running cluster starts only the nodes that are not running: AIS_TARGETS=4 after a
// 3-target deployment adds exactly one target, which joins; the others keep their IDs and their
// processes (same pids, still alive).
TEST(Deploy, RunWithOneMoreTargetAddsExactlyThatTarget) {
    char tmpl[] = "/tmp/ais-grow-XXXXXX";
    const std::string data = ::mkdtemp(tmpl);
    const int port = cluster_ports(1, 4);
    const std::string base_env =
        "AIS_DATA=" + data + " AIS_PORT=" + std::to_string(port) + " AIS_BIN=" + AIS_BIN_DIR + " AIS_PROXIES=1 ";
    auto run = [&](int targets) {
        return base_env + "AIS_TARGETS=" + std::to_string(targets) + " bash " +
               (kRoot / "deploy/local/run.sh").string() + " > " + data + "/run" + std::to_string(targets) +
               ".out 2>&1";
    };
    struct Stop {
        std::string cmd, dir;
        ~Stop() {
            (void)std::system(cmd.c_str());
            fsys::remove_all(dir);
        }
    } guard{base_env + "bash " + (kRoot / "deploy/local/stop.sh").string() + " > /dev/null 2>&1", data};
    auto slurp = [](const std::string& path) {
        std::ifstream f(path);
        std::string s(std::istreambuf_iterator<char>(f), {});
        while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
        return s;
    };
    auto pid_of = [&](const std::string& node) { return slurp(data + "/" + node + "/pid"); };
    auto id_of = [&](const std::string& node) { return slurp(data + "/" + node + "/conf/daemon_id"); };

    ASSERT_EQ(std::system(run(3).c_str()), 0) << slurp(data + "/run3.out");
    const std::string endpoint = "http://127.0.0.1:" + std::to_string(port);
    api::Client c(endpoint);
    const api::Smap before = c.get_smap();
    ASSERT_EQ(before.tmap.size(), 3u);
    std::vector<std::string> nodes = {"proxy0", "target0", "target1", "target2"}, pids, node_ids;
    for (const auto& n : nodes) {
        pids.push_back(pid_of(n));
        node_ids.push_back(id_of(n));
        ASSERT_FALSE(pids.back().empty()) << n;
        ASSERT_NE(before.get_node(node_ids.back()), nullptr) << n << " " << node_ids.back();
    }
    // Each node listens where run.sh says: proxy 0 on the base port, target i on base+10+i.
    for (int i = 0; i < 3; ++i) {
        const api::Snode* t = before.get_target(node_ids[1 + i]);
        ASSERT_NE(t, nullptr);
        EXPECT_EQ(t->public_net.direct_url, "http://127.0.0.1:" + std::to_string(port + 10 + i));
    }
    EXPECT_FALSE(fsys::exists(data + "/target3"));

    ASSERT_EQ(std::system(run(4).c_str()), 0) << slurp(data + "/run4.out");
    const std::string out = slurp(data + "/run4.out");
    EXPECT_NE(out.find("a cluster is running from " + data), std::string::npos) << out;
    const api::Smap after = c.get_smap();
    EXPECT_EQ(after.tmap.size(), 4u) << ids(after);
    EXPECT_EQ(after.pmap.size(), 1u) << ids(after);
    EXPECT_EQ(after.uuid, before.uuid);
    for (size_t i = 0; i < nodes.size(); ++i) {
        EXPECT_EQ(pid_of(nodes[i]), pids[i]) << nodes[i] << " was restarted";
        EXPECT_EQ(::kill(std::stoi(pids[i]), 0), 0) << nodes[i] << " is not running";
        EXPECT_NE(after.get_node(node_ids[i]), nullptr) << nodes[i] << " left the Smap";
    }
    const std::string new_id = id_of("target3");
    ASSERT_FALSE(new_id.empty());
    const api::Snode* t3 = after.get_target(new_id);
    ASSERT_NE(t3, nullptr) << ids(after);
    EXPECT_EQ(t3->public_net.direct_url, "http://127.0.0.1:" + std::to_string(port + 13));
    EXPECT_EQ(before.get_node(new_id), nullptr);
    // Exactly one more process: the new target's.
    std::ifstream pf(data + "/pids");
    std::set<std::string> all_pids{std::istream_iterator<std::string>(pf), std::istream_iterator<std::string>()};
    EXPECT_EQ(all_pids.size(), 5u);
    EXPECT_EQ(all_pids.count(pid_of("target3")), 1u);
}
