// A running aisnode: identity, HTTP server, the routes every node serves (daemon queries, health,
// metasync), and its role module (Proxy or Target). Startup order: load persisted metadata, start
// the server, then either become primary (a proxy with no primary_url) or join the primary.
#pragma once

#include "aisnode/meta/node_env.hpp"
#include "shared/net/http.hpp"

#include <atomic>
#include <memory>
#include <string>

namespace ais::net {
class Server;
class Router;
}  // namespace ais::net

namespace ais::node {

class Proxy;
class S3Gateway;
class Target;

struct NodeArgs {
    std::string role;                 // "proxy" | "target"
    std::string local_config_path;    // TOML (LocalConfig)
    std::string cluster_config_path;  // TOML (ClusterConfig), used when the cluster has none yet
};

class Node {
public:
    explicit Node(NodeArgs args);
    ~Node();

    // Starts serving and joins the cluster; returns once the node is up (the primary: once it
    // has a Smap; others: once they joined). Throws on a fatal startup error.
    void start();
    // Blocks until SIGINT/SIGTERM or a shutdown request, then stops gracefully.
    void run_until_signal();
    void stop();

    NodeEnv& env() { return *env_; }

private:
    void load_identity();
    void add_common_routes(net::Router& r);
    void join_cluster();  // non-primary: register with the primary, adopt its metadata
    // Heartbeats to the primary (keepalive.cpp on the proxy tracks them); registers again when
    // the primary no longer knows this node.
    net::Task<void> heartbeat_loop();
    // PUT /v1/daemon from the primary: shutdown-node, decommission-node.
    net::Task<void> daemon_action(net::Request& req, net::Response& resp);
    void exit_soon();  // answer the request, then stop as on SIGTERM

    // ---- vote.cpp: primary election ----
    net::Task<void> vote_proxy(net::Request& req, net::Response& resp);   // GET /v1/vote/proxy
    net::Task<void> vote_result(net::Request& req, net::Response& resp);  // PUT /v1/vote/result
    net::Task<void> on_primary_down();
    std::string find_elected_primary();
    std::string daemon_json(std::string_view what) const;

    // ---- daemon_info.cpp: logs, sysinfo, backends/remote; logging follows the cluster config ----
    void init_logging();  // once the node has its id and config
    net::Task<void> log_config_loop();
    // GET /v1/daemon?what=log|sysinfo|backends|remote; false for any other `what`.
    net::Task<bool> daemon_info(net::Request& req, net::Response& resp);
    std::string unknown_what(std::string_view what) const;  // the 400 message, listing known values
    std::string sys_info_json() const;  // AIS's MemCPUInfo (what=sysinfo, node_status's sys_info)

    // ---- node_stats.cpp: GET /metrics, what=node_status|node_stats|metrics (shared/stats) ----
    void add_metrics_route(net::Router& r);
    net::Task<bool> stats_info(net::Request& req, net::Response& resp);  // false: another `what`
    net::Task<std::string> node_status_json(bool with_cluster);
    void track_state_flags();  // AIS's node-state flags, computed when read

    NodeArgs args_;
    std::unique_ptr<NodeEnv> env_;
    std::unique_ptr<net::Server> server_;
    std::unique_ptr<net::Client> client_;
    std::unique_ptr<Proxy> proxy_;
    std::unique_ptr<S3Gateway> s3_;
    std::unique_ptr<Target> target_;
    std::atomic<bool> ready_{false};
    std::atomic<bool> leaving_{false};  // told to shut down or decommission: no more heartbeats
};

}  // namespace ais::node
