// What nodes say about themselves, as AIS's CLI reads it for its monitoring views (`ais show
// performance`, `ais show dashboard`): each node's stats.NodeStatus (GET
// /v1/reverse/daemon?what=node_status with the node in Ais-Node-Id) and the kinds of the metrics
// (what=metrics, from one target). Only what the views use is kept.
#pragma once

#include "ais-cli/ui/app.hpp"
#include "shared/api/disk.hpp"
#include "shared/api/xact.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ais::api {
struct Smap;
struct Snode;
}  // namespace ais::api

namespace ais::cli {

inline constexpr char kNodeOnline[] = "online";

struct NodeStatus {
    std::string id;
    std::string name;  // "t[ID]"
    // "online", "maintenance", "decommission" (the node's word, else its Smap flags), or
    // "[<error>]" when the node did not answer.
    std::string status;
    std::map<std::string, int64_t> tracker;  // "get.n" -> 12; cumulative zeros are absent

    // The rest of stats.NodeStatus, for the dashboard ("" / 0 when the node did not send it).
    std::string deployment;   // "deployment": AIS's "dev", "K8s", ...
    std::string version;      // "ais_version"
    std::string build_time;   // "build_time"
    int64_t state_flags = 0;  // "cluster"."flags": AIS's cos.NodeStateFlags
    double load_avg_1m = 0;   // "sys_info"."load_avg"."One"
    bool has_load_avg = false;
    api::TargetDiskStats capacity;         // "capacity": a target's mountpaths (AIS's fs.Tcdf)
    std::optional<api::JobSnap> reb_snap;  // "rebalance_snap": the target's newest rebalance

    bool online() const { return status == kNodeOnline; }
    // A tracker value, or `def` when the node did not send it.
    int64_t value(const std::string& metric, int64_t def = 0) const;
};

// Asks every node in `nodes` at once (one thread and client each) and returns their statuses in
// the same order. A node that fails to answer is not an error: its status says why.
std::vector<NodeStatus> fetch_node_status(Ctx& ctx, const std::vector<const api::Snode*>& nodes);

// Metric name -> AIS kind ("counter", "size", "total", "latency", "bw", "gauge", "special",
// "compbw"), asked of a random active target (as AIS's CLI does). Throws when there is none.
std::map<std::string, std::string> fetch_metric_kinds(Ctx& ctx, const api::Smap& smap);

}  // namespace ais::cli
