// The README's front door: deploy/local/run.sh (= make run), stop.sh (= make stop), and run.sh again
// bringing back the same cluster — node IDs, cluster UUID, buckets, objects and the cluster config
// that $AIS_DATA/cluster.toml gave at the first start.
#include "shared/api/client.hpp"
#include "shared/api/smap.hpp"
#include "shared/net/client.hpp"
#include "shared/util/errors.hpp"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

using namespace ais;
namespace fsys = std::filesystem;

namespace {

// The repository root, from this file's path (tests/integration/deploy_test.cpp).
const fsys::path kRoot = fsys::path(__FILE__).parent_path().parent_path().parent_path();

bool port_free(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
    ::close(fd);
    return ok;
}

// Four consecutive free ports in 15000-19999 (below the ephemeral range), by pid.
int four_ports() {
    for (int k = 0; k < 1000; ++k) {
        const int base = 15000 + ((static_cast<int>(::getpid()) + k * 7) % 1000) * 5;
        if (port_free(base) && port_free(base + 1) && port_free(base + 2) && port_free(base + 3)) return base;
    }
    throw std::runtime_error("no four free ports");
}

std::string ids(const api::Smap& s) {
    std::string out;
    for (const auto& [id, n] : s.pmap) out += "p" + id + " ";
    for (const auto& [id, n] : s.tmap) out += "t" + id + " ";
    return out;
}

}  // namespace

TEST(Deploy, RunStopRunBringsBackTheSameCluster) {
    char tmpl[] = "/tmp/ais-deploy-XXXXXX";
    const std::string data = ::mkdtemp(tmpl);
    const int port = four_ports();
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
