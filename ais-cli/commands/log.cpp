// `ais log show NODE_ID` (= `ais show log NODE_ID`): a node's current log, then (with --refresh)
// what it appends, like `tail -f`; `ais log get NODE_ID|cluster [OUT_FILE|OUT_DIR|-]`: the current
// log saved to a file, or with --all (implied by `cluster`) a TAR.GZ of every log file of the
// node (one archive per node for `cluster`). Both go through the proxy: GET /v1/reverse/daemon
// ?what=log[&severity=][&offset=][&all=true] with the node in Ais-Node-Id, as AIS's CLI does.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "ais-cli/ui/long_run.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/client.hpp"
#include "shared/api/smap.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"
#include "shared/util/units.hpp"

#include <fmt/core.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

namespace ais::cli {

namespace {

namespace fs = std::filesystem;

struct LogNode {
    std::string id, name, role;  // "NrqUGjLs", "t[NrqUGjLs]", "target"
};

LogNode find_log_node(const api::Smap& smap, const std::string& arg) {
    const api::Snode* n = smap.get_node(node_id_arg(arg));
    if (!n) throw Error(404, fmt::format("node \"{}\" does not exist (see 'ais show cluster')", arg));
    return {n->daemon_id, n->name(), n->is_proxy() ? "proxy" : "target"};
}

// --severity: AIS takes info (default), warning or error by their first letter; warnings and
// errors share one log.
std::string severity(const Ctx& ctx) {
    const std::string s = ctx.str("severity");
    if (s.empty()) return "info";
    switch (std::tolower(static_cast<unsigned char>(s[0]))) {
        case 'i':
            return "info";
        case 'w':
        case 'e':
            return "error";
    }
    throw UsageError(fmt::format("invalid --severity \"{}\" (expecting info, warning or error)", s));
}

// --refresh/--count (checked by long_run_args): without either, one report.
struct Repeat {
    int64_t interval_ms = 0;
    int64_t count = 1;  // 0: until interrupted
};
Repeat repeat(const Ctx& ctx) {
    Repeat r;
    const LongRunArgs a = long_run_args(ctx, 5000);
    if (!a.refresh_set && !a.count_set) return r;
    r.interval_ms = a.refresh_ms;
    r.count = a.count;  // --refresh alone: 0
    return r;
}

// One GET of a node's log through the proxy. `offset` < 0: not sent.
std::string fetch_log(Ctx& ctx, const LogNode& n, const std::string& sev, int64_t offset, bool all) {
    api::Client& c = ctx.env.client();
    net::Query q;
    q.add(api::qp::kWhat, api::what::kLog);
    q.add("severity", sev);
    if (offset > 0) q.add("offset", std::to_string(offset));
    if (all) q.add("all", "true");
    auto rq = c.request("GET", "/v1/reverse/daemon", q);
    rq.headers.add(api::hdr::kNodeId, n.id);
    try {
        return c.call(rq).body;
    } catch (const Error& e) {
        throw Error(e.status(), n.name + ": " + e.what());
    }
}

// Fetches the log, then what was appended every interval, passing each piece to `out`. A log that
// was rotated meanwhile (shorter than what was already read) starts over with the new file.
void follow(Ctx& ctx, const LogNode& n, const std::string& sev, const Repeat& rep,
            const std::function<void(const std::string&)>& out) {
    int64_t offset = 0;
    for (int64_t i = 0; rep.count == 0 || i < rep.count; ++i) {
        if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(rep.interval_ms));
        std::string piece;
        try {
            piece = fetch_log(ctx, n, sev, offset, false);
        } catch (const Error& e) {
            if (offset == 0 || e.status() != 400 ||
                std::string_view(e.what()).find("rotated") == std::string_view::npos)
                throw;
            offset = 0;
            piece = fetch_log(ctx, n, sev, 0, false);
        }
        offset += static_cast<int64_t>(piece.size());
        out(piece);
    }
}

void show_log(Ctx& ctx) {
    ctx.need_args(1, 1, "NODE_ID");
    const std::string sev = severity(ctx);
    const Repeat rep = repeat(ctx);
    const LogNode n = find_log_node(ctx.env.client().get_smap(), ctx.args[0]);
    follow(ctx, n, sev, rep, [](const std::string& piece) {
        std::fwrite(piece.data(), 1, piece.size(), stdout);
        std::fflush(stdout);
    });
}

// Where a download goes: "-" (stdout), an existing directory or one named with a trailing '/'
// (the default file name inside it), or a file.
std::string out_path(const std::string& dest, const std::string& default_name) {
    if (dest == "-") return dest;
    std::error_code ec;
    if (dest.empty() || fs::is_directory(dest, ec) || dest.back() == '/') {
        const std::string dir = dest.empty() ? "." : dest;
        fs::create_directories(dir, ec);
        return (fs::path(dir) / default_name).string();
    }
    return dest;
}

void save(const std::string& path, const std::string& data, bool append) {
    if (path == "-") {
        std::fwrite(data.data(), 1, data.size(), stdout);
        std::fflush(stdout);
        return;
    }
    std::ofstream f(path, append ? std::ios::binary | std::ios::app : std::ios::binary | std::ios::trunc);
    f.write(data.data(), static_cast<std::streamsize>(data.size()));
    f.close();
    if (!f) throw Error(500, fmt::format("failed to write \"{}\"", path));
}

std::string base_name(const LogNode& n, bool archive) {
    return fmt::format("ais{}-{}{}", n.role, n.id, archive ? ".tar.gz" : ".log");
}

// `ais log get cluster [DIR]`: one TAR.GZ per node, every node even if some fail.
void get_cluster_logs(Ctx& ctx, const std::string& sev, const std::string& dest) {
    if (dest == "-")
        ctx.usage_error("'ais log get cluster' saves one archive per node: give a directory, not '-'");
    const api::Smap smap = ctx.env.client().get_smap();
    std::error_code ec;
    const std::string dir = dest.empty() ? "." : dest;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        ctx.usage_error(
            fmt::format("\"{}\" is not a directory ('ais log get cluster' saves one archive per node)", dir));
    fs::create_directories(dir, ec);
    std::vector<LogNode> nodes;
    for (const auto* m : {&smap.pmap, &smap.tmap})
        for (const auto& [id, n] : *m) nodes.push_back({id, n.name(), n.is_proxy() ? "proxy" : "target"});
    std::vector<std::string> failed;
    size_t saved = 0;
    for (const auto& n : nodes) {
        try {
            const std::string data = fetch_log(ctx, n, sev, -1, true);
            const std::string path = (fs::path(dir) / base_name(n, true)).string();
            save(path, data, false);
            fmt::print("{}: saved {} ({})\n", n.name, path, size_str(ctx, static_cast<int64_t>(data.size())));
            ++saved;
        } catch (const Error& e) {
            failed.push_back(e.what());
        }
    }
    if (!failed.empty()) {
        std::string msg = fmt::format("failed to get the logs of {} node(s): {}", failed.size(), failed[0]);
        for (size_t i = 1; i < failed.size(); ++i) msg += "; " + failed[i];
        throw Error(500, msg);
    }
    fmt::print("Saved the logs of {} nodes in {}\n", saved, dir);
}

void get_log(Ctx& ctx) {
    ctx.need_args(1, 2, "NODE_ID|cluster [OUT_FILE|OUT_DIR|-]");
    const std::string sev = severity(ctx);
    const Repeat rep = repeat(ctx);
    const std::string dest = ctx.args.size() > 1 ? ctx.args[1] : "";
    if (ctx.args[0] == "cluster") {
        if (ctx.has("refresh") || ctx.has("count"))
            ctx.usage_error("'ais log get cluster' takes no --refresh");
        return get_cluster_logs(ctx, sev, dest);
    }
    const LogNode n = find_log_node(ctx.env.client().get_smap(), ctx.args[0]);
    if (ctx.on("all")) {
        if (ctx.has("refresh") || ctx.has("count")) ctx.usage_error("--all (an archive) takes no --refresh");
        const std::string path = out_path(dest, base_name(n, true));
        const std::string data = fetch_log(ctx, n, sev, -1, true);
        save(path, data, false);
        if (path != "-")
            fmt::print("{}: saved {} ({})\n", n.name, path, size_str(ctx, static_cast<int64_t>(data.size())));
        return;
    }
    const std::string path = out_path(dest, base_name(n, false));
    int64_t total = 0;
    bool first = true;
    follow(ctx, n, sev, rep, [&](const std::string& piece) {
        save(path, piece, !first);  // --refresh: keep appending what the node appends
        first = false;
        total += static_cast<int64_t>(piece.size());
        if (path != "-") fmt::print("{}: saved {} ({})\n", n.name, path, size_str(ctx, total));
    });
}

// Flags that exist in the registry (severity may not, in an older tree).
std::vector<std::string> known_flags(std::initializer_list<const char*> ids) {
    std::vector<std::string> out;
    for (const char* id : ids)
        if (flag_by_id(id)) out.emplace_back(id);
    return out;
}

}  // namespace

Command show_log_cmd() {
    return Command{
        .name = "log",
        .usage = "for a given node: show its current log (use '--refresh' to follow it, like 'tail -f')",
        .args = "NODE_ID",
        .flags = known_flags({"count", "refresh", "severity"}),
        .completers = {completion::nodes()},
        .action = show_log,
        .description =
            "--severity info (default) shows every line; warning or error (also w, e) only the\n"
            "warnings and errors. --refresh 5s prints what the node logs meanwhile, every 5s,\n"
            "until --count reports or Ctrl-C."};
}

Command log_cmd() {
    Command show = show_log_cmd();
    show.name = "show";
    Command get{
        .name = "get",
        .usage =
            "download the current log of a node, or (--all) a TAR.GZ of all its logs; "
            "'cluster': one TAR.GZ per node",
        .args = "NODE_ID|cluster [OUT_FILE|OUT_DIR|-]",
        .flags = known_flags({"all", "count", "refresh", "severity"}),
        .completers = {completion::merge({completion::words({"cluster"}), completion::nodes()}),
                       completion::files()},
        .action = get_log,
        .description =
            "e.g.:\n"
            "  ais log get NODE_ID /tmp             - the node's current log, saved in /tmp\n"
            "  ais log get NODE_ID /tmp/out --refresh 10 - the same, appended to every 10s\n"
            "  ais log get NODE_ID --all            - TAR.GZ of the node's logs, rotated ones included\n"
            "  ais log get NODE_ID --all --severity error - warnings and errors only\n"
            "  ais log get cluster /tmp/logs        - one TAR.GZ per node ('cluster' implies --all)"};
    return Command{
        .name = "log", .usage = "show and download the logs of the cluster's nodes", .subs = {show, get}};
}

}  // namespace ais::cli
