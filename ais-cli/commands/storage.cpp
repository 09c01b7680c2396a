// `ais storage`:
// - `summary` (= `ais bucket summary`): per-bucket object counts, sizes and share of the cluster's
//   capacity, computed by a summary-bck job (spec §2.8): the first request starts it and returns
//   its ID (202); the CLI polls with that ID until the result comes back (200). With --dont-wait
//   it prints the ID and returns; running the command again with the ID (second argument) picks
//   the result up.
// - `mountpath attach|detach|enable|disable NODE_ID PATH` (also NODE_ID=PATH, several pairs) and
//   `mountpath show [NODE_ID]` (= `ais show storage mountpath`): a target's mountpaths, through
//   the proxy (/v1/reverse/daemon[/mountpaths] with Ais-Node-Id), as AIS's api package does.
// - `show` (= `ais show storage`) and `disk` (= `ais show storage disk`): storage_disk.cpp.
// - `validate` (= `ais scrub`): scrub.cpp.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/commands/storage_disk.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/client.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/msgs.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

#include <boost/json.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace ais::cli {

namespace {

// Job ids start with a letter and are made of [A-Za-z0-9_-] (spec §0).
bool looks_like_xid(std::string_view s) {
    if (s.size() < 4 || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    return true;
}

std::string summary_hint(const std::string& uri, const std::string& xid, bool news) {
    return fmt::format(
        "Job summary[{}] {}. To monitor, run 'ais storage summary {} {} --dont-wait' or 'ais show job "
        "{}';\nsee '--help' for more options",
        xid, news ? "has started" : "is running", uri, xid, xid);
}

void print_summaries(Ctx& ctx, const std::vector<api::BsummResult>& res) {
    const Units u = units(ctx);
    auto sz = [&](uint64_t n) { return fmt_size(static_cast<int64_t>(n), u); };
    Table t({"NAME", "OBJECTS (cached, remote)", "OBJECT SIZES (min, avg, max)",
             "TOTAL OBJECT SIZE (cached, remote)", "USAGE(%)"});
    for (const auto& r : res) {
        t.add({r.bck.cname(), fmt::format("{} {}", r.obj_count_present, r.obj_count_remote),
               fmt::format("{} {} {}", fmt_size(r.obj_min_size, u), fmt_size(r.obj_avg_size, u),
                           fmt_size(r.obj_max_size, u)),
               fmt::format("{} {}", sz(r.size_all_present_objs), sz(r.size_all_remote_objs)),
               fmt::format("{}%", r.used_pct)});
    }
    t.print(ctx.on("no-headers"));
}

void do_summary(Ctx& ctx) {
    ctx.need_args(0, 2, "[BUCKET[/PREFIX]] [PROVIDER]");
    std::string uri = ctx.args.empty() ? std::string() : ctx.args[0];
    std::string xid, provider;
    std::string prefix = ctx.str("prefix");
    if (ctx.args.size() > 1) {
        if (!looks_like_xid(ctx.args[1]) || provider_only(ctx.args[1], provider))
            ctx.usage_error("unexpected \"" + ctx.args[1] + "\" (expected the summary job's ID)");
        xid = ctx.args[1];
    }
    // One bucket, or (no bucket, or a provider alone) every present bucket in one job: the
    // bucket of the query then has no name (GET /v1/buckets/?provider=P).
    api::Bck bck;
    const bool all_buckets = uri.empty() || provider_only(uri, provider);
    if (all_buckets) {
        bck.provider = provider.empty() ? ctx.env.cfg.default_provider : provider;
        if (uri.empty()) uri = std::string(api::provider_scheme(bck.provider)) + "://";
    } else {
        const api::BckUri u = parse_uri(ctx, uri);
        if (!u.obj.empty()) {
            if (!prefix.empty() && prefix != u.obj)
                throw Error(400,
                            fmt::format("two different prefix values: via '{}' and '--prefix' option", uri));
            if (!prefix.empty()) {
                std::fflush(stdout);
                fmt::print(
                    stderr,
                    "Warning: redundant and duplicated prefix assignment: via '{}' and '--prefix' option\n",
                    uri);
            }
            prefix = u.obj;
        }
        bck = u.bck;
    }
    api::Client& c = ctx.env.client();
    api::BsummCtrlMsg msg;
    msg.prefix = prefix;
    msg.cached = ctx.on("cached");
    msg.present = true;
    msg.uuid = xid;
    std::vector<api::BsummResult> res;
    if (ctx.on("dont-wait")) {
        const api::BsummStep st = c.bucket_summary_step(bck, msg);
        if (st.status == 202 || (st.status == 206 && st.results.empty())) {
            fmt::print("{}\n", summary_hint(uri, st.xid, xid.empty()));
            return;
        }
        if (st.status == 206) {
            std::fflush(stdout);
            fmt::print(stderr, "Note: summary[{}] is still running - showing partial results:\n", st.xid);
        }
        res = st.results;
    } else {
        const auto timeout = std::chrono::milliseconds(ctx.duration_ms("timeout", 24LL * 3600 * 1000));
        try {
            res = c.bucket_summary(bck, msg, timeout);
        } catch (const Error& e) {
            // a cluster that summarizes one named bucket at a time: one job per bucket
            const int st = e.status();
            if (!all_buckets || !xid.empty() || (st != 400 && st != 404 && st != 405 && st != 501)) throw;
            for (const auto& b : c.list_buckets(provider, api::Presence::kPresent))
                for (auto& r : c.bucket_summary(b, msg, timeout)) res.push_back(std::move(r));
        }
    }
    if (res.empty()) {
        if (all_buckets) {
            fmt::print("No buckets in the cluster.\n");
            return;
        }
        throw Error(404, "no summary for " + bck.cname());
    }
    std::sort(res.begin(), res.end(), [](const api::BsummResult& x, const api::BsummResult& y) {
        return x.bck.cname() < y.bck.cname();
    });
    print_summaries(ctx, res);
}

// ---- mountpaths ----

// A target's AIS MountpathList through the proxy.
struct MpathList {
    std::vector<std::string> available, waiting_dd, disabled;
    std::string json;  // as received
};

MpathList get_mountpaths(Ctx& ctx, const std::string& node_id) {
    api::Client& c = ctx.env.client();
    net::Query q;
    q.add(api::qp::kWhat, api::what::kMountpaths);
    auto rq = c.request("GET", "/v1/reverse/daemon", q);
    rq.headers.add(api::hdr::kNodeId, node_id);
    auto r = c.call(rq);
    MpathList out;
    out.json = r.body;
    auto v = boost::json::parse(r.body);
    auto list = [&](const char* key, std::vector<std::string>& to) {
        if (auto* a = v.as_object().if_contains(key); a && a->is_array())
            for (const auto& e : a->as_array())
                if (e.is_string()) to.emplace_back(e.as_string());
    };
    list("available", out.available);
    list("waiting_dd", out.waiting_dd);
    list("disabled", out.disabled);
    return out;
}

// "ID" / "t[ID]" -> the target; a UsageError-like message for proxies and unknown nodes.
std::string target_id(const api::Smap& smap, const std::string& arg) {
    const std::string id = node_id_arg(arg);
    if (smap.get_target(id)) return id;
    if (smap.get_proxy(id))
        throw Error(400,
                    fmt::format("node \"{}\" is a proxy (hint: press <TAB-TAB> or run \"ais show cluster "
                                "target\" to select a target)",
                                id));
    throw Error(404, fmt::format("node \"{}\" does not exist", id));
}

void show_mountpaths(Ctx& ctx) {
    ctx.need_args(0, 1, "[TARGET_ID]");
    const api::Smap smap = ctx.env.client().get_smap();
    std::vector<std::string> ids;
    if (!ctx.args.empty()) {
        ids.push_back(target_id(smap, ctx.args[0]));
    } else {
        for (const auto& [id, t] : smap.tmap) ids.push_back(id);  // sorted by id
    }
    std::vector<MpathList> lists;
    for (const auto& id : ids) lists.push_back(get_mountpaths(ctx, id));
    if (ctx.on("json")) {
        std::string out = "[";
        for (size_t i = 0; i < ids.size(); ++i)
            out += (i ? "," : "") + std::string("{\"daemon_id\":") + json_quote(ids[i]) +
                   ",\"mpl\":" + lists[i].json + "}";
        print_json(out + "]");
        return;
    }
    for (size_t i = 0; i < ids.size(); ++i) {
        const MpathList& l = lists[i];
        fmt::print("{}\n", ids[i]);
        if (l.available.empty() && l.disabled.empty() && l.waiting_dd.empty()) {
            fmt::print("\tNo mountpaths\n");
            continue;
        }
        auto section = [](const char* title, const std::vector<std::string>& v) {
            if (v.empty()) return;
            fmt::print("\t{}\n", title);
            for (const auto& p : v) fmt::print("\t\t{}\n", p);
        };
        section("Available:", l.available);
        section("Disabled:", l.disabled);
        section("Transitioning to disabled or detached pending resilver:", l.waiting_dd);
    }
}

void mountpath_action(Ctx& ctx, const char* action, const char* method, const char* acted) {
    if (ctx.args.empty()) ctx.usage_error("missing arguments \"NODE_ID PATH\" (or NODE_ID=PATH)");
    const api::Smap smap = ctx.env.client().get_smap();
    if (ctx.args.size() == 1 && ctx.args[0].find('=') == std::string::npos) {
        const std::string id = target_id(smap, ctx.args[0]);
        throw Error(400, fmt::format("target {}: missing mountpath to {}", id, action));
    }
    for (const auto& [node, path] : parse_kvs(ctx, ctx.args)) {
        const std::string id = target_id(smap, node);
        if (path.empty()) throw Error(400, fmt::format("target {}: missing mountpath to {}", id, action));
        api::ActMsg msg;
        msg.action = action;
        msg.value = json_quote(path);
        api::Client& c = ctx.env.client();
        auto rq = c.request(method, "/v1/reverse/daemon/mountpaths");
        rq.headers.add(api::hdr::kNodeId, id);
        rq.headers.add("Content-Type", "application/json");
        rq.body = api::to_json(msg);
        c.call(rq);
        fmt::print("Node \"{}\" {} mountpath \"{}\"\n", id, acted, path);
    }
}

// The second word: a local directory for attach, the target's mountpaths otherwise.
Completer mountpaths_of_target(bool disabled) {
    return [disabled](Ctx& ctx, std::string_view, Candidates& out) {
        if (ctx.args.empty()) return;
        auto l = get_mountpaths(ctx, node_id_arg(ctx.args.back()));
        for (const auto& p : disabled ? l.disabled : l.available) out.add(p);
        if (!disabled)
            for (const auto& p : l.disabled) out.add(p);
    };
}

Command mountpath_cmd(const char* name, const char* usage, const char* action, const char* method,
                      const char* acted, Completer second) {
    return Command{
        .name = name,
        .usage = usage,
        .args = "NODE_ID=MOUNTPATH [NODE_ID=MOUNTPATH...]",
        .completers = {completion::nodes_of(completion::NodeSel::kTargets), std::move(second)},
        .action = [action, method, acted](Ctx& ctx) { mountpath_action(ctx, action, method, acted); }};
}

// `ais storage resilver [TARGET_ID]`: a resilver job on one target, or on all of them.
void start_resilver(Ctx& ctx) {
    ctx.need_args(0, 1, "[TARGET_ID]");
    api::ArgsMsg args;
    args.kind = api::kind::kResilver;
    if (!ctx.args.empty()) args.daemon_id = target_id(ctx.env.client().get_smap(), ctx.args[0]);
    const std::string xid = ctx.env.client().start_job(args);
    if (xid.empty()) {
        std::fflush(stdout);
        fmt::print(stderr,
                   "Warning: The operation returned an empty UUID (a no-op?). To investigate, run 'ais show job'\n");
        return;
    }
    if (ctx.on("non-verbose"))
        fmt::print("{}\n", xid);
    else
        fmt::print("Started resilver[{}]. {}\n", xid, monitor_hint(xid));
    if (ctx.on("wait")) wait_job_done(ctx, args.kind, xid, !ctx.on("non-verbose"));
}

Command resilver_cmd() {
    return Command{.name = "resilver",
                   .usage = "resilver user data on a given target (or all targets in the cluster): fix data "
                            "redundancy with respect to bucket configuration, remove migrated objects and old "
                            "object versions",
                   .args = "[TARGET_ID]",
                   .flags = {"non-verbose", "timeout", "wait"},
                   .completers = {completion::nodes_of(completion::NodeSel::kTargets)},
                   .action = start_resilver};
}

Command show_mountpath_cmd() {
    return Command{.name = "mountpath",
                   .usage = "show target mountpaths",
                   .args = "[TARGET_ID]",
                   .flags = {"json"},
                   .completers = {completion::nodes_of(completion::NodeSel::kTargets)},
                   .action = show_mountpaths};
}

}  // namespace

Command show_storage_cmd() {
    return Command{.name = "storage",
                   .usage = "show storage usage and utilization, disks and mountpaths",
                   .args = "[TARGET_ID]",
                   .flags = show_storage_flags(),
                   .completers = {completion::nodes_of(completion::NodeSel::kTargets)},
                   .action = show_storage_overview,
                   .subs = {show_storage_disk_cmd(), show_mountpath_cmd(), show_storage_capacity_cmd()}};
}

Command bucket_summary_cmd() {
    return Command{
        .name = "summary",
        .usage =
            "show object counts and sizes, and the share of the cluster's capacity, of a bucket or "
            "buckets (runs a summary job)",
        .args = "[BUCKET[/PREFIX]] [PROVIDER]",
        .flags = {"cached", "dont-wait", "no-headers", "prefix", "timeout", "units"},
        .completers = {completion::buckets(completion::BucketMode::kBucket), completion::none()},
        .action = do_summary};
}

Command storage_cmd() {
    Command summary = bucket_summary_cmd();
    summary.usage = "same as 'ais bucket summary'";
    Command show = show_mountpath_cmd();
    show.name = "show";
    Command mountpath{
        .name = "mountpath",
        .usage = "show and attach/detach target mountpaths",
        .subs = {
            mountpath_cmd("attach", "attach mountpath to a target (the directory must exist)",
                          api::act::kAttachMp, "PUT", "attached", completion::files()),
            mountpath_cmd("detach", "detach mountpath from a target (its objects move to the others first)",
                          api::act::kDetachMp, "DELETE", "detached", mountpaths_of_target(false)),
            mountpath_cmd("enable", "(re)enable a disabled mountpath", api::act::kEnableMp, "POST", "enabled",
                          mountpaths_of_target(true)),
            mountpath_cmd("disable", "disable mountpath (deactivate but keep in a target's volume)",
                          api::act::kDisableMp, "POST", "disabled", mountpaths_of_target(false)),
            show}};
    Command show_all = show_storage_cmd();  // `ais storage show` = `ais show storage`
    show_all.name = "show";
    show_all.usage = "same as 'ais show storage'";
    Command disk = show_storage_disk_cmd();
    disk.usage = "same as 'ais show storage disk'";
    return Command{.name = "storage",
                   .usage = "monitor and manage clustered storage",
                   .subs = {show_all, summary, mountpath, disk, resilver_cmd(), storage_validate_cmd()}};
}

}  // namespace ais::cli
