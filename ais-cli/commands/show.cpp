// `ais show`: read-only views of the cluster, its buckets, objects and configuration.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "ais-cli/ui/long_run.hpp"
#include "shared/api/bmd.hpp"
#include "shared/api/client.hpp"
#include "shared/api/codec.hpp"
#include "shared/config/cluster_config.hpp"
#include "shared/config/local_config.hpp"
#include "shared/net/http.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"
#include "shared/util/units.hpp"

#include <boost/json.hpp>
#include <fmt/core.h>

#include <set>
#include <thread>

namespace ais::cli {

namespace {
namespace bj = boost::json;

const api::Snode* find_node(const api::Smap& smap, std::string_view arg) {
    return smap.get_node(node_id_arg(arg));
}

void show_smap(Ctx& ctx) {
    ctx.need_args(0, 1, "[NODE_ID]");
    api::Smap smap = ctx.env.client().get_smap();
    if (!ctx.args.empty()) {
        const api::Snode* n = find_node(smap, ctx.args[0]);
        if (!n) throw Error(404, "node \"" + ctx.args[0] + "\" does not exist");
        smap = ctx.env.node_client(n->public_net.direct_url)->get_smap();
    }
    if (ctx.on("json")) {
        print_json(api::to_json(smap));
        return;
    }
    const bool verbose = ctx.on("verbose");
    Table t({"NODE", "TYPE", "PUBLIC URL", "CONTROL URL", "DATA URL", "FLAGS"});
    auto add = [&](const api::Snode& n) {
        std::string flags;
        if (n.flags & api::Snode::kNonElectable) flags += "non-electable ";
        if (n.flags & api::Snode::kMaintenance) flags += "maintenance ";
        if (n.flags & api::Snode::kDecommission) flags += "decommission ";
        if (!flags.empty()) flags.pop_back();
        t.add({n.name() + (smap.is_primary(n.daemon_id) ? "[P]" : ""), n.daemon_type, n.public_net.direct_url,
               verbose ? n.intra_control_net.direct_url : "", verbose ? n.intra_data_net.direct_url : "",
               flags.empty() ? "-" : flags});
    };
    for (const auto& [id, n] : smap.pmap) add(n);
    for (const auto& [id, n] : smap.tmap) add(n);
    t.hide_uniform_column(3, "");
    t.hide_uniform_column(4, "");
    t.hide_uniform_column(5, "-");
    t.print(ctx.on("no-headers"));
    if (ctx.on("no-headers")) return;
    fmt::print("\nPrimary Proxy: {}\nProxies: {}\tTargets: {}\tSmap Version: {}\tUUID: {}\n", smap.primary.daemon_id,
               smap.pmap.size(), smap.tmap.size(), smap.version, smap.uuid);
}

void show_bmd(Ctx& ctx) {
    ctx.need_args(0, 1, "[NODE_ID]");
    api::Client& c = ctx.env.client();
    api::BMD bmd;
    if (!ctx.args.empty()) {
        const api::Smap smap = c.get_smap();
        const api::Snode* n = find_node(smap, ctx.args[0]);
        if (!n) throw Error(404, "node \"" + ctx.args[0] + "\" does not exist");
        bmd = ctx.env.node_client(n->public_net.direct_url)->get_bmd();
    } else {
        bmd = c.get_bmd();
    }
    if (ctx.on("json")) {
        print_json(api::to_json(bmd));
        return;
    }
    Table t({"PROVIDER", "NAMESPACE", "NAME", "BACKEND", "COPIES", "EC(D/P, minsize)", "CREATED"});
    for (const auto& b : bmd.buckets()) {
        const Bprops* p = bmd.find(b);
        std::string backend = "-", copies = "-", ec = "-";
        if (p) {
            if (!p->backend_bck.name.empty()) backend = p->backend_bck.provider + "://" + p->backend_bck.name;
            if (p->mirror.enabled) copies = std::to_string(p->mirror.copies);
            if (p->ec.enabled)
                ec = fmt::format("{}/{}, {}", p->ec.data_slices, p->ec.parity_slices, size_iec(p->ec.objsize_limit));
        }
        t.add({std::string(b.prov()), b.ns.is_global() ? "-" : b.ns.str(), b.name, backend, copies, ec,
               p ? fmt_time_ns(p->created) : "-"});
    }
    if (!t.empty()) {
        t.hide_uniform_column(1, "-");
        t.hide_uniform_column(3, "-");
        t.print(ctx.on("no-headers"));
        if (!ctx.on("no-headers")) fmt::print("\n");
    }
    if (!ctx.on("no-headers")) fmt::print("Version:\t{}\nUUID:\t\t{}\n", bmd.version, bmd.uuid);
}

// Flattens any JSON document into dotted keys (for node configs, which mix two schemas).
void flatten_json(const bj::value& v, const std::string& prefix, std::vector<std::pair<std::string, std::string>>& out) {
    if (v.is_object()) {
        for (const auto& kv : v.as_object())
            flatten_json(kv.value(), prefix.empty() ? std::string(kv.key()) : prefix + "." + std::string(kv.key()), out);
        return;
    }
    if (v.is_string()) {
        out.emplace_back(prefix, std::string(v.as_string()));
    } else if (v.is_array()) {
        std::string s;
        for (const auto& e : v.as_array()) s += (s.empty() ? "" : ",") + (e.is_string() ? std::string(e.as_string()) : bj::serialize(e));
        out.emplace_back(prefix, s);
    } else {
        out.emplace_back(prefix, bj::serialize(v));
    }
}

void print_rows(Ctx& ctx, const std::vector<std::pair<std::string, std::string>>& rows, const std::string& section) {
    Table t({"PROPERTY", "VALUE"});
    for (const auto& [k, v] : rows)
        if (section.empty() || k == section || k.starts_with(section + ".") || k.starts_with(section))
            t.add({k, v.empty() ? "-" : v});
    if (t.empty()) throw Error(404, "no config key matches \"" + section + "\"");
    t.print(ctx.on("no-headers"));
}

void show_cluster_config(Ctx& ctx, const std::string& section) {
    const config::ClusterConfig cfg = ctx.env.client().get_cluster_config();
    if (ctx.on("json")) {
        print_text(section.empty() ? config::to_json_pretty(cfg, true) : json_pretty(config::get_kv(cfg, section)));
        return;
    }
    print_rows(ctx, config::flatten(cfg), section);
}

void show_cli_config(Ctx& ctx, const std::string& section) {
    if (ctx.on("path")) {
        print_text(ctx.env.config_path());
        return;
    }
    if (ctx.on("json")) {
        print_text(section.empty() ? config::to_json_pretty(ctx.env.cfg) : json_pretty(config::get_kv(ctx.env.cfg, section)));
        return;
    }
    print_rows(ctx, config::flatten(ctx.env.cfg, false), section);
}

void show_node_config(Ctx& ctx, const std::string& node, std::string scope, std::string section) {
    api::Client& c = ctx.env.client();
    const api::Smap smap = c.get_smap();
    const api::Snode* n = find_node(smap, node);
    if (!n) throw Error(404, "node \"" + node + "\" does not exist");
    net::Query q;
    q.add(api::qp::kWhat, api::what::kConfig);
    auto nc = ctx.env.node_client(n->public_net.direct_url);
    auto rq = nc->request("GET", "/v1/daemon", q);
    const std::string body = nc->call(rq).body;
    if (scope != "local" && scope != "inherited" && scope != "all") {
        section = scope;
        scope = "all";
    }
    std::set<std::string> local;
    for (const auto& k : config::list_keys<config::LocalConfig>()) local.insert(k.key.substr(0, k.key.find('.')));
    bj::value v = bj::parse(body);
    if (scope != "all" && v.is_object()) {
        bj::object filtered;
        for (const auto& kv : v.as_object())
            if (local.count(std::string(kv.key())) == (scope == "local")) filtered[kv.key()] = kv.value();
        v = filtered;
    }
    if (ctx.on("json")) {
        print_json(bj::serialize(v));
        return;
    }
    std::vector<std::pair<std::string, std::string>> rows;
    flatten_json(v, "", rows);
    print_rows(ctx, rows, section);
}

void show_config(Ctx& ctx) {
    ctx.need_args(1, 3, "cli | cluster [SECTION] | NODE_ID [inherited|local|all] [SECTION]");
    const std::string& what = ctx.args[0];
    if (what == "cluster") {
        ctx.need_args(1, 2, "cluster [SECTION]");
        return show_cluster_config(ctx, ctx.args.size() > 1 ? ctx.args[1] : "");
    }
    if (what == "cli") {
        ctx.need_args(1, 2, "cli [SECTION]");
        return show_cli_config(ctx, ctx.args.size() > 1 ? ctx.args[1] : "");
    }
    show_node_config(ctx, what, ctx.args.size() > 1 ? ctx.args[1] : "all", ctx.args.size() > 2 ? ctx.args[2] : "");
}

// `ais show cluster config [SECTION]`, or (AIS's `[config [NODE_ID]]`) a node's config:
// `... config NODE_ID [inherited|local|all] [SECTION]`.
void show_cluster_config_cmd(Ctx& ctx) {
    ctx.need_args(0, 3, "[SECTION] | NODE_ID [inherited|local|all] [SECTION]");
    if (!ctx.args.empty() && find_node(ctx.env.client().get_smap(), ctx.args[0])) {
        return show_node_config(ctx, ctx.args[0], ctx.args.size() > 1 ? ctx.args[1] : "all",
                                ctx.args.size() > 2 ? ctx.args[2] : "");
    }
    ctx.need_args(0, 1, "[SECTION]");
    show_cluster_config(ctx, ctx.args.empty() ? "" : ctx.args[0]);
}

// With --refresh/--count: the report again and again (long_run).
Action repeated(void (*fn)(Ctx&)) {
    return [fn](Ctx& ctx) { long_run(ctx, [&] { fn(ctx); }); };
}

}  // namespace

Command show_cluster_cmd() {
    const std::vector<std::string> flags = {"count", "json", "no-headers", "refresh", "verbose"};
    Command smap{.name = "smap",
                 .usage = "show the cluster map (Smap)",
                 .args = "[NODE_ID]",
                 .flags = flags,
                 .completers = {completion::nodes()},
                 .action = repeated(show_smap)};
    Command bmd{.name = "bmd",
                .usage = "show bucket metadata (BMD)",
                .args = "[NODE_ID]",
                .flags = flags,
                .completers = {completion::nodes()},
                .action = repeated(show_bmd)};
    Command config{
        .name = "config",
        .usage = "show cluster and node configuration",
        .args = "[SECTION] | NODE_ID [inherited|local|all] [SECTION]",
        .flags = {"json", "no-headers"},
        .completers = {completion::merge({completion::cluster_config_sections(), completion::nodes()}),
                       [](Ctx& ctx, std::string_view, Candidates& out) {
                           if (ctx.args.empty() || !find_node(ctx.env.client().get_smap(), ctx.args[0]))
                               return;
                           for (const char* w : {"inherited", "local", "all"}) out.add(w);
                       }},
        .action = show_cluster_config_cmd};
    // AIS: `ais show cluster stats` is an alias of `ais show performance` (same views and flags).
    Command stats = performance_cmd();
    stats.name = "stats";
    stats.usage =
        "(alias for \"ais show performance\") show performance counters, throughput, latency, and more "
        "(press <TAB-TAB> to select specific view)";
    stats.alias_for = "show performance";
    std::vector<std::string> cflags = flags;
    cflags.push_back("units");
    return Command{
        .name = "cluster",
        .usage = "show proxies and targets, the cluster map, bucket metadata and configuration",
        .args =
            "[NODE_ID] | [target [NODE_ID]] | [proxy [NODE_ID]] | [smap [NODE_ID]] | [bmd [NODE_ID]] | "
            "[config [NODE_ID]] | [stats [NODE_ID]]",
        .flags = cflags,
        .completers = {completion::merge({completion::words({"proxy", "target"}), completion::nodes()}),
                       completion::nodes()},
        .action = repeated(show_cluster),
        .subs = {smap, bmd, config, stats}};
}

Command show_config_cmd() {
    return Command{
        .name = "config",
        .usage = "show the CLI, cluster or node configuration",
        .args = "cli | cluster [SECTION] | NODE_ID [inherited|local|all] [SECTION]",
        .flags = {"json", "no-headers", "path"},
        .completers = {completion::merge({completion::words({"cli", "cluster"}), completion::nodes()}),
                       [](Ctx& ctx, std::string_view cur, Candidates& out) {
                           if (ctx.args.empty()) return;
                           if (ctx.args[0] == "cluster") return completion::cluster_config_sections()(ctx, cur, out);
                           if (ctx.args[0] == "cli") return;
                           for (const char* w : {"inherited", "local", "all"}) out.add(w);
                       }},
        .action = show_config};
}

Command show_cmd() {
    Command bucket = bucket_props_show_cmd();
    bucket.name = "bucket";
    Command object = object_show_cmd();
    object.name = "object";
    return Command{
        .name = "show",
        .usage = "show the cluster, buckets, objects, jobs and configuration",
        .subs = {bucket, object, show_cluster_cmd(), show_config_cmd(), dashboard_cmd(), show_job_cmd(),
                 show_log_cmd(), performance_cmd(), show_rebalance_cmd(), show_storage_cmd()}};
}

}  // namespace ais::cli
