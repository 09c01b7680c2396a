// `ais config`: the cluster's, a node's, and the CLI's own configuration.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "shared/api/client.hpp"
#include "shared/config/cluster_config.hpp"
#include "shared/net/http.hpp"
#include "shared/util/errors.hpp"

#include <fmt/core.h>

namespace ais::cli {

namespace {

// Runs `show config ...` with the given arguments (the show commands own the rendering).
void show_with(Ctx& ctx, std::vector<std::string> args) {
    Command show = show_config_cmd();
    Ctx sub = ctx;
    sub.args = std::move(args);
    sub.cmd = &show;
    show.action(sub);
}

bool is_section_arg(const std::vector<std::string>& args) {
    return args.size() == 1 && args[0].find('=') == std::string::npos;
}

void set_cluster(Ctx& ctx, const std::vector<std::string>& args) {
    const auto kvs = parse_kvs(ctx, args);
    api::Client& c = ctx.env.client();
    config::ClusterConfig cfg = c.get_cluster_config();
    config::set_kvs(cfg, kvs);  // unknown keys and bad values fail here, with the schema's message
    c.set_cluster_config(kvs, ctx.on("transient"));
    fmt::print("Config has been updated successfully.\n");
}

void do_cluster(Ctx& ctx) {
    if (ctx.args.empty() || is_section_arg(ctx.args)) {
        std::vector<std::string> a{"cluster"};
        a.insert(a.end(), ctx.args.begin(), ctx.args.end());
        return show_with(ctx, a);
    }
    set_cluster(ctx, ctx.args);
}

void do_cluster_show(Ctx& ctx) {
    ctx.need_args(0, 1, "[SECTION]");
    std::vector<std::string> a{"cluster"};
    a.insert(a.end(), ctx.args.begin(), ctx.args.end());
    show_with(ctx, a);
}

void do_cluster_set(Ctx& ctx) {
    ctx.need_args(1, -1, "KEY=VALUE");
    set_cluster(ctx, ctx.args);
}

void set_node(Ctx& ctx, const std::string& node, const std::vector<std::string>& args) {
    const auto kvs = parse_kvs(ctx, args);
    config::ClusterConfig check;
    config::set_kvs(check, kvs);
    api::Client& c = ctx.env.client();
    const api::Smap smap = c.get_smap();
    const api::Snode* n = smap.get_node(node_id_arg(node));
    if (!n) throw Error(404, "node \"" + node + "\" does not exist");
    auto nc = ctx.env.node_client(n->public_net.direct_url);
    net::Query q;
    for (const auto& [k, v] : kvs) q.add(k, v);
    if (ctx.on("transient")) q.add(api::qp::kTransient, "true");
    auto rq = nc->request("PUT", "/v1/daemon/set-config", q);
    nc->call(rq);
    fmt::print("Config of {} has been updated successfully.\n", n->name());
}

void do_node(Ctx& ctx) {
    ctx.need_args(1, -1, "NODE_ID");
    std::vector<std::string> rest(ctx.args.begin() + 1, ctx.args.end());
    if (rest.empty() || (rest.size() <= 2 && rest[0].find('=') == std::string::npos &&
                         (rest.size() == 1 || rest[1].find('=') == std::string::npos))) {
        return show_with(ctx, ctx.args);
    }
    set_node(ctx, ctx.args[0], rest);
}

void do_node_show(Ctx& ctx) {
    ctx.need_args(1, 3, "NODE_ID [inherited|local|all] [SECTION]");
    show_with(ctx, ctx.args);
}

void do_node_set(Ctx& ctx) {
    ctx.need_args(2, -1, "NODE_ID KEY=VALUE");
    set_node(ctx, ctx.args[0], {ctx.args.begin() + 1, ctx.args.end()});
}

void do_cli_show(Ctx& ctx) {
    ctx.need_args(0, 1, "[SECTION]");
    std::vector<std::string> a{"cli"};
    a.insert(a.end(), ctx.args.begin(), ctx.args.end());
    show_with(ctx, a);
}

void do_cli_set(Ctx& ctx) {
    ctx.need_args(1, -1, "KEY=VALUE");
    const auto kvs = parse_kvs(ctx, ctx.args);
    config::CliConfig before = ctx.env.cfg;
    config::set_kvs(ctx.env.cfg, kvs);
    ctx.env.save_config();
    for (const auto& [k, v] : kvs) {
        std::string was;
        try {
            was = config::get_kv(before, k);
        } catch (const std::exception&) {
        }
        fmt::print("\"{}\" set to: \"{}\" (was: \"{}\")\n", k, config::get_kv(ctx.env.cfg, k), was);
    }
}

void do_cli_reset(Ctx& ctx) {
    ctx.need_args(0, 0, "");
    ctx.env.cfg = config::CliConfig{};
    ctx.env.save_config();
    fmt::print("CLI config has been reset to defaults ({}).\n", ctx.env.config_path());
}

void do_reset(Ctx& ctx) {
    ctx.need_args(0, 0, "");
    ctx.env.client().reset_cluster_config();
    fmt::print("Cluster config has been reset to defaults.\n");
}

}  // namespace

Command config_cmd() {
    using namespace completion;
    Command cluster_show{.name = "show",
                         .usage = "show the cluster configuration (or one section)",
                         .args = "[SECTION]",
                         .flags = {"json", "no-headers"},
                         .completers = {cluster_config_sections()},
                         .action = do_cluster_show};
    Command cluster_set{.name = "set",
                        .usage = "update the cluster configuration",
                        .args = "KEY=VALUE [KEY=VALUE...]",
                        .flags = {"transient"},
                        .completers = {cluster_config_keys(true)},
                        .action = do_cluster_set};
    Command cluster{.name = "cluster",
                    .usage = "show or update the cluster configuration (KEY=VALUE ...)",
                    .args = "[KEY=VALUE...] | [SECTION]",
                    .flags = {"json", "no-headers", "transient"},
                    .completers = {cluster_config_keys(true)},
                    .action = do_cluster,
                    .subs = {cluster_show, cluster_set}};
    const Completer node_rest = [](Ctx& ctx, std::string_view cur, Candidates& out) {
        for (const char* w : {"inherited", "local", "all"}) out.add(w);
        cluster_config_keys(true)(ctx, cur, out);
    };
    Command node_show{.name = "show",
                      .usage = "show a node's configuration",
                      .args = "NODE_ID [inherited|local|all] [SECTION]",
                      .flags = {"json", "no-headers"},
                      .completers = {nodes(), words({"inherited", "local", "all"}), cluster_config_sections()},
                      .action = do_node_show};
    Command node_set{.name = "set",
                     .usage = "update a node's configuration (its overrides of the cluster config)",
                     .args = "NODE_ID KEY=VALUE [KEY=VALUE...]",
                     .flags = {"transient"},
                     .completers = {nodes(), cluster_config_keys(true)},
                     .action = do_node_set};
    Command node{.name = "node",
                 .usage = "show or update a node's configuration",
                 .args = "NODE_ID [KEY=VALUE...]",
                 .flags = {"json", "no-headers", "transient"},
                 .completers = {nodes(), node_rest, cluster_config_keys(true)},
                 .action = do_node,
                 .subs = {node_show, node_set}};
    Command cli_show{.name = "show",
                     .usage = "show the CLI configuration (--path: where it is)",
                     .args = "[SECTION]",
                     .flags = {"json", "no-headers", "path"},
                     .completers = {cli_config_keys(false)},
                     .action = do_cli_show};
    Command cli_set{.name = "set",
                    .usage = "update the CLI configuration, e.g. cluster.url=https://10.0.0.1:8080",
                    .args = "KEY=VALUE [KEY=VALUE...]",
                    .completers = {cli_config_keys(true)},
                    .action = do_cli_set};
    Command cli_reset{.name = "reset", .usage = "restore the CLI configuration's defaults", .action = do_cli_reset};
    Command cli{.name = "cli",
                .usage = "show or update the CLI configuration",
                .args = "[SECTION]",
                .flags = {"json", "no-headers", "path"},
                .completers = {cli_config_keys(false)},
                .action = do_cli_show,
                .subs = {cli_show, cli_set, cli_reset}};
    Command reset{.name = "reset", .usage = "reset the cluster configuration to defaults", .action = do_reset};
    Command show = show_config_cmd();
    show.usage = "show the CLI, cluster or node configuration (same as 'ais show config')";
    return Command{.name = "config",
                   .usage = "show and change the configuration of the cluster, its nodes, and the CLI",
                   .subs = {show, cluster, node, reset, cli}};
}

}  // namespace ais::cli
