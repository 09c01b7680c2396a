#include "tests/integration/local_cluster.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace ais::test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// Ports for test nodes come from 10000-19999, below the kernel's ephemeral range (32768+ here), so
// that no client connection or other bind(0) can take a port between our probe and the node's
// own bind. Each test process takes its own block of 20 (by pid), probing that each is free.
int free_port() {
    static std::atomic<int> next{0};
    const int base = 10000 + static_cast<int>(::getpid() % 500) * 20;
    for (int tries = 0; tries < 10000; ++tries) {
        const int port = 10000 + (base - 10000 + next++) % 10000;
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
        ::close(fd);
        if (free) return port;
    }
    throw std::runtime_error("no free port in 10000-19999");
}

}  // namespace

LocalCluster::LocalCluster() : LocalCluster(Options{}) {}

LocalCluster::LocalCluster(Options o) : opts_(std::move(o)) {
    char tmpl[] = "/tmp/ais-it-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    if (!opts_.cluster_toml.empty()) std::ofstream(dir_ + "/cluster.toml") << opts_.cluster_toml;
    for (int i = 0; i < opts_.proxies; ++i) nodes_.push_back({"proxy", dir_ + "/proxy" + std::to_string(i), free_port()});
    for (int i = 0; i < opts_.targets; ++i)
        nodes_.push_back({"target", dir_ + "/target" + std::to_string(i), free_port()});
    endpoint_ = "http://127.0.0.1:" + std::to_string(nodes_[0].port);
    for (size_t i = 0; i < nodes_.size(); ++i) write_config(nodes_[i], static_cast<int>(i));
    net::ClientOptions co;
    co.max_retries = 0;
    client_ = std::make_unique<api::Client>(endpoint_, "", co);
    try {
        start_all();
    } catch (...) {
        for (auto& n : nodes_) reap(n, SIGKILL);  // no destructor runs for a failed constructor
        throw;
    }
}

LocalCluster::~LocalCluster() {
    for (auto& n : nodes_) reap(n, SIGKILL);
    client_.reset();
    if (!std::getenv("AIS_KEEP_TEST_DATA")) fs::remove_all(dir_);
}

void LocalCluster::write_config(NodeProc& n, int index) {
    fs::create_directories(n.dir + "/conf");
    std::ofstream f(n.dir + "/local.toml");
    f << "confdir = \"" << n.dir << "/conf\"\n";
    f << "log_dir = \"" << n.dir << "/log\"\n";
    f << "role = \"" << n.role << "\"\n";
    f << "primary_url = \"" << (index == 0 ? "" : endpoint_) << "\"\n";
    f << "io_threads = 2\n";
    f << "[host_net]\nhostname = \"127.0.0.1\"\nport = " << n.port << "\n";
    f << "[fspaths]\npaths = [";
    if (n.role == "target")
        for (int m = 0; m < opts_.mountpaths; ++m) {
            fs::create_directories(n.dir + "/mp" + std::to_string(m));
            f << (m ? ", " : "") << "\"" << n.dir << "/mp" << m << "\"";
        }
    f << "]\n";
}

void LocalCluster::spawn(NodeProc& n) {
    std::string bin = std::string(AIS_BIN_DIR) + "/aisnode";
    std::string cfg = n.dir + "/local.toml";
    std::string ccfg = dir_ + "/cluster.toml";
    bool has_ccfg = fs::exists(ccfg);
    pid_t pid = ::fork();
    if (pid == 0) {
        std::string out = n.dir + "/stdout.log";
        FILE* f = std::freopen(out.c_str(), "a", stdout);
        (void)f;
        ::dup2(STDOUT_FILENO, STDERR_FILENO);
        if (has_ccfg)
            ::execl(bin.c_str(), "aisnode", "--role", n.role.c_str(), "--config", cfg.c_str(), "--cluster-config",
                    ccfg.c_str(), nullptr);
        else
            ::execl(bin.c_str(), "aisnode", "--role", n.role.c_str(), "--config", cfg.c_str(), nullptr);
        std::_Exit(127);
    }
    n.pid = pid;
}

void LocalCluster::reap(NodeProc& n, int sig) {
    if (n.pid <= 0) return;
    ::kill(n.pid, sig);
    ::waitpid(n.pid, nullptr, 0);
    n.pid = -1;
}

std::string LocalCluster::target_url(int i) const {
    return "http://127.0.0.1:" + std::to_string(nodes_[opts_.proxies + i].port);
}

std::vector<std::string> LocalCluster::target_mountpaths(int i) const {
    std::vector<std::string> out;
    for (int m = 0; m < opts_.mountpaths; ++m) out.push_back(nodes_[opts_.proxies + i].dir + "/mp" + std::to_string(m));
    return out;
}

void LocalCluster::kill_proxy(int i, int sig) { reap(nodes_[i], sig); }
void LocalCluster::start_proxy(int i) {
    spawn(nodes_[i]);
    wait_ready();
}
std::string LocalCluster::proxy_url(int i) const { return "http://127.0.0.1:" + std::to_string(nodes_[i].port); }

void LocalCluster::kill_target(int i, int sig) { reap(nodes_[opts_.proxies + i], sig); }

void LocalCluster::start_target(int i) {
    spawn(nodes_[opts_.proxies + i]);
    wait_ready();
}

int LocalCluster::add_target() {
    nodes_.push_back({"target", dir_ + "/target" + std::to_string(opts_.targets), free_port()});
    write_config(nodes_.back(), static_cast<int>(nodes_.size() - 1));
    spawn(nodes_.back());
    ++opts_.targets;
    wait_ready();
    return opts_.targets - 1;
}

bool LocalCluster::wait_target_exit(int i, std::chrono::milliseconds timeout, bool removed) {
    auto& n = nodes_[opts_.proxies + i];
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (n.pid > 0 && std::chrono::steady_clock::now() < deadline) {
        if (::waitpid(n.pid, nullptr, WNOHANG) == n.pid) {
            n.pid = -1;
            break;
        }
        std::this_thread::sleep_for(20ms);
    }
    if (n.pid > 0) return false;
    n.removed = removed;
    return true;
}

void LocalCluster::stop_all() {
    for (auto it = nodes_.rbegin(); it != nodes_.rend(); ++it) reap(*it, SIGTERM);
}

void LocalCluster::start_all() {
    for (auto& n : nodes_) spawn(n);
    wait_ready();
}

void LocalCluster::wait_ready() {
    auto deadline = std::chrono::steady_clock::now() + 30s;
    std::string last;
    net::ClientOptions co;
    co.max_retries = 0;
    co.connect_timeout = 1s;
    net::Client http(co);
    while (std::chrono::steady_clock::now() < deadline) {
        for (auto& n : nodes_) {
            if (n.pid > 0 && ::waitpid(n.pid, nullptr, WNOHANG) == n.pid) {
                n.pid = -1;
                throw std::runtime_error("aisnode " + n.role + " exited at startup; see " + n.dir + "/stdout.log");
            }
        }
        try {
            // Any live proxy answers for the cluster (the first one may be down or no longer primary).
            std::string ep;
            for (const auto& n : nodes_)
                if (n.role == "proxy" && n.pid > 0) {
                    ep = "http://127.0.0.1:" + std::to_string(n.port);
                    break;
                }
            api::Client any(ep, "", co);
            auto smap = any.get_smap();
            int want_targets = 0;
            for (const auto& n : nodes_) want_targets += n.role == "target" && !n.removed;
            bool ok = static_cast<int>(smap.tmap.size()) == want_targets &&
                      static_cast<int>(smap.pmap.size()) == opts_.proxies;
            if (!ok) last = "Smap v" + std::to_string(smap.version) + " lists " + std::to_string(smap.tmap.size()) +
                            " targets";
            for (auto& n : nodes_) {
                if (!ok) break;
                if (n.pid <= 0 || n.removed) continue;  // stopped on purpose (kill_target)
                auto base = "http://127.0.0.1:" + std::to_string(n.port);
                auto r = http.call({.method = "GET", .url = base + "/v1/health"});
                ok = r.status == 200;
                if (!ok) last = n.role + " at " + base + ": health " + std::to_string(r.status);
                if (ok && n.role == "target") {
                    // Ready when it has the primary's current Smap.
                    auto ts = http.call({.method = "GET", .url = base + "/v1/daemon?what=smap"});
                    ok = ts.ok() && api::from_json<api::Smap>(ts.body).version == smap.version;
                    if (!ok) last = "target at " + base + " does not have Smap v" + std::to_string(smap.version);
                }
            }
            if (ok) return;
        } catch (const std::exception& e) {
            last = e.what();
        }
        std::this_thread::sleep_for(50ms);
    }
    throw std::runtime_error("local cluster not ready in 30s (" + last + "); logs in " + dir_);
}

namespace {

long status_kib(pid_t pid, const char* key) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    const std::string k = std::string(key) + ":";
    while (std::getline(f, line))
        if (line.rfind(k, 0) == 0) return std::stol(line.substr(k.size()));
    return -1;
}

}  // namespace

long rss_kib(pid_t pid) { return status_kib(pid, "VmRSS"); }
long peak_rss_kib(pid_t pid) { return status_kib(pid, "VmHWM"); }

void reset_peak_rss(pid_t pid) {
    std::ofstream f("/proc/" + std::to_string(pid) + "/clear_refs");
    f << "5";
    if (!f.flush()) throw std::runtime_error("cannot reset the peak RSS of pid " + std::to_string(pid));
}

}  // namespace ais::test
