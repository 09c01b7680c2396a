// `ais cluster`: the nodes of the cluster. Without a subcommand it lists them (`ais show cluster`);
// its subcommands change membership and the primary (membership.cpp) and control rebalance.
#include "ais-cli/commands/commands.hpp"

namespace ais::cli {

Command cluster_cmd() {
    Command show = show_cluster_cmd();
    show.name = "show";
    show.usage = "show proxies and targets (same as 'ais show cluster')";
    Command c = show_cluster_cmd();  // `ais cluster [NODE_ID]` lists nodes, like `ais show cluster`
    c.name = "cluster";
    c.usage = "list the cluster's nodes; show its map, bucket metadata and configuration";
    c.subs.insert(c.subs.begin(), show);
    c.subs.push_back(cluster_rebalance_cmd());
    c.subs.push_back(set_primary_cmd());
    c.subs.push_back(cluster_shutdown_cmd());
    c.subs.push_back(cluster_decommission_cmd());
    c.subs.push_back(membership_cmd());
    return c;
}

}  // namespace ais::cli
