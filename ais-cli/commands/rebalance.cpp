// Global rebalance (job kind "rebalance", ids "g<N>"): `ais show rebalance` (also `ais show job
// rebalance`, `ais cluster rebalance show`), its stop and start. The table is the Go CLI's
// (cmd/cli/cli/reb_hdlr.go and docs/lifecycle_node.md): one row per target of the latest
// rebalance (every rebalance with --all), what each target sent (TX) and received (RX).
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "ais-cli/ui/term.hpp"
#include "shared/api/client.hpp"
#include "shared/util/errors.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace ais::cli {

namespace {

constexpr char kRebKind[] = "rebalance";

// Go's xact.IsValidRebID: "g" and a number.
bool is_reb_id(std::string_view s) {
    return s.size() > 1 && s[0] == 'g' &&
           std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// g10 after g9: by number, newest first.
bool newer(const std::string& a, const std::string& b) {
    if (is_reb_id(a) && is_reb_id(b) && a.size() != b.size()) return a.size() > b.size();
    return a > b;
}

struct Row {
    std::string tid;
    api::JobSnap snap;
};

}  // namespace

void show_rebalance(Ctx& ctx) {
    ctx.need_args(0, 2, "[REB_ID] [NODE_ID]");
    api::QueryMsg q;
    q.kind = kRebKind;
    std::string node;
    for (const auto& a : ctx.args) {
        if (is_reb_id(a)) {
            q.id = a;
            continue;
        }
        const api::Smap smap = ctx.env.client().get_smap();
        const api::Snode* n = smap.get_node(node_id_arg(a));
        if (!n) {
            throw Error(
                404, fmt::format("node \"{}\" does not exist (press <TAB-TAB> to select, '--help' for more "
                                 "options, check available nodes by running 'ais show cluster')",
                                 a));
        }
        if (n->is_proxy())
            throw Error(400, fmt::format("{} appears to be a 'proxy' (expecting 'target' or empty)", a));
        node = n->daemon_id;
    }
    const bool all = ctx.on("all");
    if (!all && q.id.empty()) q.show_active = true;  // one asked for by id: finished or not
    api::MultiSnap ms;
    try {
        ms = ctx.env.client().job_snaps(q);
    } catch (const Error& e) {
        if (e.status() != 404) throw;
        fmt::print("Rebalance is not running or hasn't started yet.\n");
        return;
    }
    std::vector<Row> rows;
    for (const auto& [tid, snaps] : ms.by_target) {
        if (!node.empty() && tid != node) continue;
        for (const auto& s : snaps)
            if (s.kind == kRebKind && (all || !q.id.empty() || s.running())) rows.push_back({tid, s});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        if (a.snap.id != b.snap.id) return newer(a.snap.id, b.snap.id);
        return a.tid < b.tid;
    });
    if (rows.empty()) {
        if (!all)
            fmt::print(
                "Global rebalance is not running. Use '--all' to show history, '--help' for details.\n");
        return;
    }
    const Units u = units(ctx);
    Table t({"REB ID", "NODE", "TX OBJECTS", "TX BYTES", "RX OBJECTS", "RX BYTES", "START", "END", "STATE"});
    const std::string latest = rows.front().snap.id;
    bool finished = false, aborted = false;
    int64_t migrated = 0, migrated_bytes = 0;
    std::string prev;
    for (const auto& r : rows) {
        const api::JobSnap& s = r.snap;
        if (!prev.empty() && s.id != prev) {
            if (!all) break;
            t.add({"", "", "", "", "", "", "", "", ""});
        }
        prev = s.id;
        if (s.id == latest) {
            finished |= s.end_time != 0;
            aborted |= s.aborted;
            migrated += s.stats.loc_objs;
            migrated_bytes += s.stats.loc_bytes;
        }
        t.add({s.id, r.tid, std::to_string(s.stats.out_objs), fmt_size(s.stats.out_bytes, u),
               std::to_string(s.stats.in_objs), fmt_size(s.stats.in_bytes, u),
               job_time_str(ctx, s.start_time), job_time_str(ctx, s.end_time), job_state_str(s)});
    }
    t.print(ctx.on("no-headers"));
    const std::string id = ctx.env.color_stdout() ? term::cyan(latest) : latest;
    if (migrated > 0)
        fmt::print("{}: {} objects migrated (total size {})\n", id, migrated, fmt_size(migrated_bytes, u));
    if (!all && finished) fmt::print("\nRebalance {} {}.\n", id, aborted ? "aborted" : "completed");
}

void stop_rebalance(Ctx& ctx, std::string xid) {
    api::Client& c = ctx.env.client();
    if (xid.empty()) {
        api::QueryMsg q;
        q.kind = kRebKind;
        q.show_active = true;
        api::MultiSnap ms;
        try {
            ms = c.job_snaps(q);
        } catch (const Error& e) {
            if (e.status() != 404) throw;
        }
        for (const auto& [tid, snaps] : ms.by_target)
            for (const auto& s : snaps)
                if (s.kind == kRebKind && s.running() && (xid.empty() || newer(s.id, xid))) xid = s.id;
        if (xid.empty()) throw Error(404, "rebalance is not running");
    }
    api::ArgsMsg a;
    a.kind = kRebKind;
    a.id = xid;
    c.stop_job(a);
    fmt::print("Stopped {}[{}]\n", kRebKind, xid);
}

Command show_rebalance_cmd() {
    return Command{.name = "rebalance",
                   .usage = "show rebalance status and stats",
                   .args = "[REB_ID] [NODE_ID]",
                   .flags = {"all-jobs", "date-time", "no-headers", "units"},
                   .completers = {completion::nodes_of(completion::NodeSel::kTargets)},
                   .action = show_rebalance};
}

Command cluster_rebalance_cmd() {
    Command start{
        .name = "start",
        .usage = "start global rebalance",
        .completers = {completion::none()},
        .action = [](Ctx& ctx) {
            ctx.need_args(0, 0, "");
            api::ArgsMsg a;
            a.kind = kRebKind;
            const std::string xid = ctx.env.client().start_job(a);
            if (xid.empty()) {
                std::fflush(stdout);
                fmt::print(stderr,
                           "Warning: The operation returned an empty UUID (a no-op?). To investigate, "
                           "run 'ais show job'\n");
                return;
            }
            fmt::print("Started global rebalance. To monitor the progress, run 'ais show rebalance'\n");
        }};
    Command stop{.name = "stop",
                 .usage = "stop rebalancing ais cluster",
                 .completers = {completion::none()},
                 .action = [](Ctx& ctx) {
                     ctx.need_args(0, 0, "");
                     stop_rebalance(ctx, {});
                 }};
    Command show = show_rebalance_cmd();
    show.name = "show";
    show.usage = "show global rebalance (same as 'ais show rebalance')";
    return Command{.name = "rebalance",
                   .usage = "administratively start and stop global rebalance; show global rebalance",
                   .subs = {start, stop, show}};
}

}  // namespace ais::cli
