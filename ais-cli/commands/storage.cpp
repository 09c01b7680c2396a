// `ais bucket summary` (= `ais storage summary`): per-bucket object counts, sizes and share of the
// cluster's capacity, computed by a summary-bck job (spec §2.8): the first request starts it and
// returns its ID (202); the CLI polls with that ID until the result comes back (200). With
// --dont-wait it prints the ID and returns; running the command again with the ID (second
// argument) picks the result up.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "shared/api/client.hpp"
#include "shared/util/errors.hpp"

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

}  // namespace

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
    return Command{.name = "storage", .usage = "monitor and manage clustered storage", .subs = {summary}};
}

}  // namespace ais::cli
