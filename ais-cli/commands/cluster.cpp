// `ais cluster`: the nodes of the cluster. Without a subcommand it lists them (`ais show cluster`).
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
    return c;
}

}  // namespace ais::cli
