// What every module of a running aisnode shares: who this node is, its local config, the
// cluster metadata, and the intra-cluster HTTP client bound to the server's io_context.
// Owned by main(); modules hold a reference for the life of the process.
#pragma once

#include "aisnode/meta/meta.hpp"
#include "shared/api/smap.hpp"
#include "shared/config/local_config.hpp"
#include "shared/stats/node_metrics.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}
namespace ais::net {
class Client;
}

namespace ais::node {

struct NodeEnv {
    api::Snode self;              // id, type, URLs (public = what clients and redirects use)
    config::LocalConfig local;    // host/ports, mountpaths, confdir
    MetaOwner meta;               // Smap, BMD, cluster config
    net::Client* client = nullptr;            // async client on `io` (co_call only)
    boost::asio::io_context* io = nullptr;
    int64_t start_ns = 0;                     // for Ais-Node-Uptime
    // What this node counts (shared/stats); made again for the node's role at startup.
    std::unique_ptr<stats::NodeMetrics> metrics = std::make_unique<stats::NodeMetrics>(true, 0);

    explicit NodeEnv(std::string confdir) : meta(std::move(confdir)) {}
    const std::string& id() const { return self.daemon_id; }
    bool is_proxy() const { return self.is_proxy(); }
};

}  // namespace ais::node
