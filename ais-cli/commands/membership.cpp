// `ais cluster add-remove-nodes ...`, `ais cluster set-primary`, `ais cluster shutdown|decommission`:
// the elastic cluster as the Go CLI drives it (cmd/cli/cli/cluster_hdlr.go). Every command checks
// what it can on the Smap first (unknown node, the primary, a target as primary, ...), asks unless
// `--yes`, then sends one PUT /v1/cluster per node (spec §5.3) and prints what the cluster did,
// including the rebalance it started.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "ais-cli/ui/term.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/client.hpp"
#include "shared/util/errors.hpp"

#include <fmt/core.h>

#include <cstdio>

namespace ais::cli {

namespace {

void warn(const Ctx& ctx, const std::string& msg) {
    std::fflush(stdout);
    const std::string head = ctx.env.color_stderr() ? term::cyan("Warning: ") : "Warning: ";
    fmt::print(stderr, "{}{}\n", head, msg);
}

// "t[ID]" or "p[ID]" for the node named by `arg` (an ID or its display form), as Go's getNode.
const api::Snode& node_arg(const api::Smap& smap, const std::string& arg) {
    const api::Snode* n = smap.get_node(node_id_arg(arg));
    if (!n) {
        throw Error(404,
                    fmt::format("node \"{}\" does not exist (press <TAB-TAB> to select, '--help' for more "
                                "options, check available nodes by running 'ais show cluster')",
                                arg));
    }
    return *n;
}

// NODE_ID [NODE_ID...], comma- or space-separated, each once.
std::vector<api::Snode> nodes_args(Ctx& ctx, const api::Smap& smap) {
    std::vector<api::Snode> out;
    for (const auto& a : ctx.args) {
        for (const auto& id : split_list(a)) {
            const api::Snode& n = node_arg(smap, id);
            bool dup = false;
            for (const auto& o : out) dup |= o.daemon_id == n.daemon_id;
            if (!dup) out.push_back(n);
        }
    }
    if (out.empty()) ctx.usage_error("missing arguments \"NODE_ID [NODE_ID...]\"");
    return out;
}

std::string names(const std::vector<api::Snode>& nodes) {
    std::string s;
    for (const auto& n : nodes) s += (s.empty() ? "" : ", ") + n.name();
    return s;
}

std::string rebalance_started(std::string_view xid) {
    return fmt::format("Started rebalance \"{}\" (to monitor, run 'ais show rebalance').", xid);
}

// start-maintenance, stop-maintenance, decommission, shutdown: the command's name is the operation.
void node_op(Ctx& ctx) {
    const std::string op = ctx.cmd->name;
    ctx.need_args(1, -1, "NODE_ID [NODE_ID...]");
    api::Client& c = ctx.env.client();
    const api::Smap smap = c.get_smap();
    const std::vector<api::Snode> nodes = nodes_args(ctx, smap);
    for (const auto& n : nodes) {
        if (smap.is_primary(n.daemon_id))
            throw Error(400, fmt::format("{} is primary (cannot {} the primary node)", n.name(), op));
    }
    const bool decommission = op == "decommission";
    if (!decommission) {
        for (const char* f : {"no-shutdown", "rm-user-data"})
            if (ctx.on(f))
                throw Error(400, fmt::format("option '--{}' is valid only for decommissioning", f));
    }
    bool any_target = false;
    for (const auto& n : nodes) any_target |= n.is_target();
    if (ctx.on("no-rebalance") && any_target) {
        warn(ctx, fmt::format(
                      "executing \"{}\" _and_ not running global rebalance may lead to a loss of data!", op));
        fmt::print("To rebalance the cluster manually at a later time, run: `ais start rebalance`\n");
    }
    if (!ctx.on("yes")) {
        const std::string sn = names(nodes);
        std::string prompt = "Proceed?";
        if (op == "start-maintenance") {
            warn(ctx, "about to put " + sn + " in maintenance mode");
        } else if (op == "stop-maintenance") {
            prompt = "Take " + sn + " out of maintenance mode";
        } else if (decommission) {
            warn(ctx, "about to permanently decommission " + sn + ". The operation cannot be undone!");
        } else {
            prompt = "Shut down " + sn;
        }
        if (!confirmed(ctx, prompt)) return;
    }
    const char* action = op == "start-maintenance"  ? api::act::kStartMaintenance
                         : op == "stop-maintenance" ? api::act::kStopMaintenance
                         : decommission             ? api::act::kDecommissionNode
                                                    : api::act::kShutdownNode;
    // One request per node; a later rebalance supersedes an earlier one, so the last id is the
    // one to watch.
    std::string xid;
    std::vector<bool> skipped;
    for (const auto& n : nodes) {
        api::ActValRmNode v;
        v.sid = n.daemon_id;
        v.skip_rebalance = ctx.on("no-rebalance") || n.is_proxy();
        if (decommission) {
            v.no_shutdown = ctx.on("no-shutdown");
            v.rm_user_data = ctx.on("rm-user-data");
            v.keep_initial_config = ctx.on("keep-initial-config");
        }
        if (std::string id = c.node_action(action, v); !id.empty()) xid = id;
        skipped.push_back(v.skip_rebalance);
    }
    if (!xid.empty()) fmt::print("{}\n", rebalance_started(xid));
    for (size_t i = 0; i < nodes.size(); ++i) {
        const std::string sn = nodes[i].name();
        if (op == "start-maintenance") {
            fmt::print("{} is now in maintenance mode\n", sn);
        } else if (op == "stop-maintenance") {
            fmt::print("{} is now active\n", sn);
        } else if (decommission) {
            if (skipped[i]) {
                fmt::print("{} has been decommissioned (permanently removed from the cluster)\n", sn);
            } else {
                fmt::print("{} is being decommissioned, please wait for cluster rebalancing to finish...\n",
                           sn);
            }
        } else {
            if (skipped[i]) {
                fmt::print("{} has been shut down\n", sn);
            } else {
                fmt::print("{} is shutting down, please wait for cluster rebalancing to finish\n", sn);
            }
            fmt::print(
                "\nNote: the node {} is _not_ decommissioned - it remains in the cluster map and can be "
                "manually\nrestarted at any later time (and subsequently activated via 'stop-maintenance' "
                "operation).\n",
                sn);
        }
    }
}

void set_primary(Ctx& ctx) {
    ctx.need_args(1, 2, "NODE_ID [URL]");
    if (ctx.args.size() > 1) {
        throw Error(400,
                    fmt::format("cannot set primary at \"{}\": this cluster makes primary only a proxy of "
                                "its own cluster map (run 'ais cluster set-primary NODE_ID')",
                                ctx.args[1]));
    }
    api::Client& c = ctx.env.client();
    const std::string& arg = ctx.args[0];
    if (ctx.on("force")) {
        // as Go: no checks of our own, the cluster decides
        c.set_primary(node_id_arg(arg), true);
        fmt::print("{} is now a new primary\n", arg);
        return;
    }
    const api::Smap smap = c.get_smap();
    const api::Snode& n = node_arg(smap, arg);
    if (!n.is_proxy()) ctx.usage_error(n.name() + " is not a proxy");
    if (n.flags & api::Snode::kMaintenance) throw Error(400, n.name() + " is currently in maintenance");
    if (n.flags & api::Snode::kDecommission)
        throw Error(400, n.name() + " is currently being decommissioned");
    if (n.flags & api::Snode::kNonElectable) throw Error(400, n.name() + " is non-electable");
    c.set_primary(n.daemon_id);
    fmt::print("{} is now a new primary\n", n.name());
}

// The whole cluster; sent to the primary (any proxy would forward it).
void cluster_down(Ctx& ctx, bool decommission) {
    ctx.need_args(0, 0, "");
    api::Smap smap = ctx.env.client().get_smap();
    if (!ctx.on("yes")) {
        const std::string who = fmt::format("(UUID={}, primary=[{}, {}])", smap.uuid, smap.primary.daemon_id,
                                            smap.primary.public_net.direct_url);
        if (decommission) {
            warn(ctx, "about to permanently decommission cluster " + who + ".");
            if (!confirmed(ctx, "The operation cannot be undone. Proceed?")) return;
        } else {
            warn(ctx, "shutting down cluster " + who);
            if (!confirmed(ctx, "Proceed?")) return;
        }
        smap = ctx.env.client().get_smap();  // anything may have changed while we asked
    }
    auto primary = ctx.env.node_client(smap.primary.public_net.direct_url);
    if (decommission) {
        primary->decommission_cluster(ctx.on("rm-user-data"));
        fmt::print("Cluster successfully decommissioned\n");
    } else {
        primary->shutdown_cluster();
        fmt::print("Cluster successfully shut down\n");
    }
}

}  // namespace

Command membership_cmd() {
    using completion::NodeSel;
    const auto one_or_more = [](NodeSel sel) { return std::vector<Completer>{completion::nodes_of(sel)}; };
    Command start{.name = "start-maintenance",
                  .usage = "put node in maintenance mode, temporarily suspend its operation",
                  .args = "NODE_ID [NODE_ID...]",
                  .flags = {"no-rebalance", "yes"},
                  .completers = one_or_more(NodeSel::kAll),
                  .action = node_op};
    Command stop{.name = "stop-maintenance",
                 .usage = "take node out of maintenance mode - activate",
                 .args = "NODE_ID [NODE_ID...]",
                 .flags = {"no-rebalance", "yes"},
                 .completers = one_or_more(NodeSel::kInMaint),
                 .action = node_op};
    Command decomm{.name = "decommission",
                   .usage = "safely and permanently remove node from the cluster",
                   .args = "NODE_ID [NODE_ID...]",
                   .flags = {"keep-initial-config", "no-rebalance", "no-shutdown", "rm-user-data", "yes"},
                   .completers = one_or_more(NodeSel::kAll),
                   .action = node_op};
    Command shutdown{
        .name = "shutdown",
        .usage =
            "shutdown a node, gracefully or immediately (the node remains in the cluster map and can be "
            "restarted to rejoin the cluster at any later time)",
        .args = "NODE_ID [NODE_ID...]",
        .flags = {"no-rebalance", "rm-user-data", "yes"},
        .completers = one_or_more(NodeSel::kAll),
        .action = node_op};
    return Command{.name = "add-remove-nodes",
                   .usage = "manage cluster membership (add/remove nodes, temporarily or permanently)",
                   .subs = {start, stop, decomm, shutdown}};
}

Command set_primary_cmd() {
    return Command{.name = "set-primary",
                   .usage = "select a new primary proxy/gateway",
                   .args = "NODE_ID [URL]",
                   .flags = {"force"},
                   .completers = {completion::nodes_of(completion::NodeSel::kProxies), completion::none()},
                   .action = set_primary};
}

Command cluster_shutdown_cmd() {
    return Command{.name = "shutdown",
                   .usage = "shut down entire cluster",
                   .flags = {"yes"},
                   .completers = {completion::none()},
                   .action = [](Ctx& ctx) { cluster_down(ctx, false); }};
}

Command cluster_decommission_cmd() {
    return Command{.name = "decommission",
                   .usage = "decommission entire cluster",
                   .flags = {"rm-user-data", "yes"},
                   .completers = {completion::none()},
                   .action = [](Ctx& ctx) { cluster_down(ctx, true); }};
}

}  // namespace ais::cli
