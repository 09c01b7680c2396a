// A real local cluster for integration tests: aisnode processes (1 proxy + 3 targets by default)
// on 127.0.0.1 with free ports and a temporary data dir, removed at the end. Nodes can be killed
// (SIGKILL) and restarted with the same identity and data.
#pragma once

#include "shared/api/client.hpp"

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace ais::test {

class LocalCluster {
public:
    struct Options {
        int proxies = 1;
        int targets = 3;
        int mountpaths = 2;
        std::string cluster_toml;  // extra cluster config (TOML text), optional
    };
    LocalCluster();
    explicit LocalCluster(Options o);
    ~LocalCluster();

    const std::string& endpoint() const { return endpoint_; }  // the primary proxy
    api::Client& client() { return *client_; }
    const std::string& dir() const { return dir_; }
    int num_targets() const { return opts_.targets; }

    void kill_proxy(int i, int sig = 9);   // and wait for it to exit
    void start_proxy(int i);               // same port, dirs and ID; waits until it is back
    std::string proxy_url(int i) const;
    void kill_target(int i, int sig = 9);  // and wait for it to exit
    void start_target(int i);              // same port, dirs and ID as before
    // A new target joins the running cluster; returns its index. Waits until it is in the Smap.
    int add_target();
    // A target that was told to exit (shutdown-node, decommission): waits for the exit (up to
    // `timeout`); true if it exited. It is no longer expected in the Smap when `removed`.
    bool wait_target_exit(int i, std::chrono::milliseconds timeout, bool removed);
    pid_t target_pid(int i) const { return nodes_[opts_.proxies + i].pid; }
    std::string target_dir(int i) const { return nodes_[opts_.proxies + i].dir; }
    void stop_all();                       // SIGTERM every node, wait
    void start_all();                      // start every node again and wait until ready
    void wait_ready();                     // Smap lists every node and each answers health
    std::string target_url(int i) const;
    pid_t proxy_pid() const { return nodes_[0].pid; }
    std::vector<std::string> target_mountpaths(int i) const;

private:
    struct NodeProc {
        std::string role, dir;
        int port = 0;
        pid_t pid = -1;
        bool removed = false;  // left the cluster for good (decommissioned)
    };
    void write_config(NodeProc& n, int index);
    void spawn(NodeProc& n);
    void reap(NodeProc& n, int sig);

    Options opts_;
    std::string dir_, endpoint_;
    std::vector<NodeProc> nodes_;  // proxies first, then targets
    std::unique_ptr<api::Client> client_;
};

// Memory of a process, from /proc/<pid>/status: the current RSS and its peak (VmHWM). Writing 5
// to /proc/<pid>/clear_refs resets the peak to the current RSS, so that a test measures the peak
// of exactly what it runs, however short the spike (not a sample taken after the fact).
long rss_kib(pid_t pid);
long peak_rss_kib(pid_t pid);
void reset_peak_rss(pid_t pid);

}  // namespace ais::test
