// `ais storage validate [BUCKET[/PREFIX]] [PROVIDER]` (= `ais scrub`, a default alias): AIS's
// scrub table of a bucket or of all buckets - objects, misplaced across targets and mountpaths,
// missing copies, small and large ones - and, beyond AIS, corrupted replicas (--checksum reads
// everything) and repairs (--fix).
//
// AIS's CLI lists objects and classifies them itself; here a `scrub` job (aisnode/xs/scrub.cpp)
// does it on every target: started with `PUT /v1/cluster {"action":"start","value":{"kind":
// "scrub","bck":..},"name":"<ScrubMsg>"}` (name: AIS's "extra" string of StartXaction), polled
// with what=status, and its per-target results (api::ScrubResult in each snap's ext) added up
// per bucket. --limit (and --page-size x --max-pages) bound the names the way a listing would:
// a names-only listing finds the last one, and the job stops there.
//
// Output as AIS's: the table (values "COUNT (SIZE)" or "-"; misplaced and missing-copies columns
// hidden when all zero unless --all-columns), "Detailed Logs" with one file per category under
// $TMPDIR (".ais-scrub-<category>.<pid hex>.log"), and "---" / "Elapsed: ..." unless --no-footers.
#include "shared/api/scrub.hpp"
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "ais-cli/ui/term.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/client.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/lso.hpp"
#include "shared/api/msgs.hpp"
#include "shared/config/bprops.hpp"
#include "shared/util/errors.hpp"

#include <fmt/core.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <thread>

namespace ais::cli {

namespace {

using Clock = std::chrono::steady_clock;
using api::ScrubResult;

struct Opts {
    api::ScrubMsg msg;
    int64_t limit = 0;  // names per bucket (0: all)
    std::string provider;
    int64_t ival_ms = 5000;  // progress lines
};

// AIS's teb.FmtSize(size, units, 1) in a count cell: "1637 (1.6GiB)", zero "-".
std::string cell(const ScrubResult::CntSiz& v, Units u) {
    if (v.cnt == 0) return "-";
    return fmt::format("{} ({})", v.cnt, fmt_size(v.size, u, 1));
}

// The last name of the first `limit` names of the bucket (a names-only listing), or "" when the
// bucket has no more than that.
std::string last_name(Ctx& ctx, const api::Bck& b, const api::ScrubMsg& m, int64_t limit) {
    api::LsoMsg lm;
    lm.prefix = m.prefix;
    lm.set_flag(api::ls::kNameOnly);
    if (m.non_recurs) lm.set_flag(api::ls::kNoRecursion | api::ls::kNoDirs);
    auto res = ctx.env.client().list_objects(b, lm, static_cast<size_t>(limit) + 1);
    if (static_cast<int64_t>(res.entries.size()) <= limit) return {};
    return res.entries[static_cast<size_t>(limit) - 1].name;
}

// "ais://b: scrubbed 1,234 names {misplaced(mountpath):3 small:1}" (AIS's progress line).
void progress(const std::string& what, const std::vector<ScrubResult>& rs) {
    ScrubResult all;
    for (const auto& r : rs) all.merge(r);
    std::string line = fmt::format("{}: scrubbed {} names", what, big_num(all.stats[api::kScrObjects].cnt));
    bool found = false;
    for (int i = 1; i < api::kScrNum; ++i) {
        if (all.stats[i].cnt == 0) continue;
        line += found ? " " : " {";
        found = true;
        line += fmt::format("{}:{}", api::scrub_tag(i), all.stats[i].cnt);
    }
    if (found) line += "}";
    fmt::print("\r{}        ", line);
    std::fflush(stdout);
}

// The targets' results of job `xid`, added up per bucket.
std::vector<ScrubResult> collect(api::Client& c, const std::string& xid) {
    api::QueryMsg q;
    q.id = xid;
    const api::MultiSnap ms = c.job_snaps(q);
    std::map<std::string, ScrubResult> by;
    for (const auto& [tid, snaps] : ms.by_target)
        for (const auto& s : snaps) {
            if (s.id != xid || s.ext.empty() || s.ext == "null") continue;
            for (const auto& r : api::from_json<std::vector<ScrubResult>>(s.ext)) {
                auto [it, fresh] = by.try_emplace(r.bck.cname(), r);
                if (!fresh) it->second.merge(r);
            }
        }
    std::vector<ScrubResult> out;
    for (auto& [k, r] : by) out.push_back(std::move(r));
    return out;
}

// Starts a scrub job of `b` (no name: every bucket of its provider) and waits for its results.
std::vector<ScrubResult> run_job(Ctx& ctx, const api::Bck& b, const api::ScrubMsg& m, const Opts& o,
                                 const std::string& what, bool& yelped) {
    api::Client& c = ctx.env.client();
    api::ArgsMsg args;
    args.kind = api::kind::kScrub;
    args.bck = b;
    api::ActMsg act;
    act.action = api::act::kXactStart;
    act.name = api::to_json(m);
    act.value = api::to_json(args);
    auto rq = c.request("PUT", "/v1/cluster");
    rq.headers.add("Content-Type", "application/json");
    rq.body = api::to_json(act);
    std::string xid = c.call(rq).body;
    while (!xid.empty() && (xid.back() == '\n' || xid.back() == '"')) xid.pop_back();
    if (!xid.empty() && xid.front() == '"') xid.erase(0, 1);

    const auto started = Clock::now();
    auto last = started;
    auto poll = std::chrono::milliseconds(50);
    for (;;) {
        const api::JobStatus st = c.job_status(xid);
        if (st.aborted)
            throw Error(500,
                        fmt::format("scrub[{}] was aborted{}", xid, st.err.empty() ? "" : ": " + st.err));
        if (st.end_time != 0) {
            if (!st.err.empty()) {
                std::fflush(stdout);
                fmt::print(stderr, "Warning: scrub[{}]: {}\n", xid, st.err);
            }
            break;
        }
        std::this_thread::sleep_for(poll);
        poll = std::min(poll * 2, std::chrono::milliseconds(500));
        const auto now = Clock::now();
        if (now - last >= std::chrono::milliseconds(o.ival_ms)) {
            last = now;
            progress(what, collect(c, xid));
            yelped = true;
        }
    }
    return collect(c, xid);
}

// One detailed log per category with names (AIS: "$TMPDIR/.ais-scrub-<tag>.<pid hex>.log").
void write_logs(Ctx& ctx, const std::vector<ScrubResult>& rs) {
    const char* tmp = std::getenv("TMPDIR");
    const std::string dir = tmp && *tmp ? tmp : "/tmp";
    bool titled = false;
    for (int i = 1; i < api::kScrNum; ++i) {
        size_t cnt = 0;
        int64_t dropped = 0;
        for (const auto& r : rs) {
            cnt += r.names[i].size();
            dropped += r.dropped[i];
        }
        if (cnt == 0) continue;
        const std::string tag = api::scrub_tag(i);
        const std::string fn = fmt::format("{}/.ais-scrub-{}.{:x}.log", dir, tag, ::getpid());
        std::FILE* f = std::fopen(fn.c_str(), "w");
        if (!f) throw Error(500, "failed to create scrub log " + fn);
        std::string title = "Name,Size";
        if (i == api::kScrMisplacedNode || i == api::kScrMisplacedMpath)
            title = "Name,Size,Atime,Location";
        else if (i == api::kScrMissingCp)
            title = "Name,Size,Copies";
        else if (i == api::kScrCorrupted)
            title = "Name,Size,Location";
        fmt::print(f, "{}\n{}\n", title, std::string(title.size(), '='));
        for (const auto& r : rs) {
            std::vector<api::ScrubEnt> names = r.names[i];
            std::sort(names.begin(), names.end(),
                      [](const auto& a, const auto& b) { return a.name < b.name; });
            for (const auto& e : names) {
                std::string line = fmt::format("\"{}\",\"{}", r.bck.obj_cname(e.name), e.size);
                if (i == api::kScrMisplacedNode || i == api::kScrMisplacedMpath)
                    line += fmt::format("\",\"{}\",\"{}", fmt_time_rfc822(e.atime), e.location);
                else if (i == api::kScrMissingCp)
                    line += fmt::format("\",\"{}", e.copies);
                else if (i == api::kScrCorrupted)
                    line += fmt::format("\",\"{}", e.location);
                fmt::print(f, "{}\"\n", line);
            }
        }
        std::fclose(f);
        if (!titled) {
            const std::string t = "Detailed Logs";
            fmt::print("\n{}\n{}\n", ctx.env.color_stdout() ? term::cyan(t) : t, std::string(t.size(), '-'));
            titled = true;
        }
        fmt::print("* {} objects: \t{} ({} record{}{})\n", tag, fn, cnt, cnt == 1 ? "" : "s",
                   dropped > 0 ? fmt::format(", {} more not logged", dropped) : "");
    }
}

// What --fix did, and what it left (corrupted objects without a good replica, objects that
// belong to another target).
void print_fixed(const std::vector<ScrubResult>& rs) {
    ScrubResult all;
    for (const auto& r : rs) all.merge(r);
    const std::string t = "Fixed";
    fmt::print("\n{}\n{}\n", t, std::string(t.size(), '-'));
    auto line = [&](int i, const char* how) {
        if (all.fixed[i] > 0) fmt::print("* {} objects: {} ({})\n", api::scrub_tag(i), all.fixed[i], how);
    };
    line(api::kScrMisplacedMpath, "moved to their mountpaths");
    line(api::kScrMissingCp, "copies restored");
    line(api::kScrCorrupted, "replaced from a good replica");
    if (const int64_t left = all.stats[api::kScrCorrupted].cnt - all.fixed[api::kScrCorrupted]; left > 0)
        fmt::print("* corrupted objects not repaired (no good replica): {}\n", left);
    if (const int64_t n = all.stats[api::kScrMisplacedNode].cnt; n > 0)
        fmt::print("* misplaced(cluster) objects left to the global rebalance: {}\n", n);
    bool any = false;
    for (int i = 0; i < api::kScrNum; ++i) any = any || all.fixed[i] > 0;
    if (!any && all.stats[api::kScrCorrupted].cnt == 0 && all.stats[api::kScrMisplacedNode].cnt == 0)
        fmt::print("nothing to fix\n");
}

void print_table(Ctx& ctx, const std::vector<ScrubResult>& rs, bool checksum) {
    const Units u = units(ctx);
    size_t with_prefix = 0;
    for (const auto& r : rs) with_prefix += r.prefix.empty() ? 0 : 1;
    std::string first = "BUCKET";
    if (with_prefix == rs.size() && !rs.empty())
        first += "/PREFIX";
    else if (with_prefix > 0)
        first += "[/PREFIX]";
    std::vector<std::string> hdr{first};
    std::vector<int> cols;
    for (int i = 0; i < api::kScrNum; ++i) {
        if (i == api::kScrCorrupted && !checksum) continue;  // not looked for
        hdr.emplace_back(api::scrub_col(i));
        cols.push_back(i);
    }
    Table t(hdr);
    for (const auto& r : rs) {
        std::vector<std::string> row{r.prefix.empty() ? r.bck.cname() : r.bck.obj_cname(r.prefix)};
        for (int i : cols) row.push_back(cell(r.stats[i], u));
        t.add(std::move(row));
    }
    // As AIS: misplaced and missing-copies columns only when there is something to show.
    if (!ctx.on("all-columns"))
        for (size_t c = 0; c < cols.size(); ++c)
            if (cols[c] == api::kScrMisplacedNode || cols[c] == api::kScrMisplacedMpath ||
                cols[c] == api::kScrMissingCp)
                t.hide_uniform_column(c + 1, "-");
    t.print(ctx.on("no-headers"));
}

void do_scrub(Ctx& ctx) {
    ctx.need_args(0, 2, "[BUCKET[/PREFIX]] [PROVIDER]");
    Opts o;
    std::string uri = ctx.args.empty() ? std::string() : ctx.args[0];
    if (ctx.args.size() > 1 && !provider_only(ctx.args[1], o.provider))
        ctx.usage_error("unexpected \"" + ctx.args[1] + "\" (expected a provider)");
    api::Bck bck;  // no name: every bucket
    std::string prefix = ctx.str("prefix");
    if (uri.empty() || provider_only(uri, o.provider)) {
        bck.provider = o.provider;
    } else {
        const api::BckUri bu = parse_uri(ctx, uri);
        if (!bu.obj.empty()) {
            if (!prefix.empty() && prefix != bu.obj)
                throw Error(400,
                            fmt::format("two different prefix values: via '{}' and '--prefix' option", uri));
            if (!prefix.empty()) {
                std::fflush(stdout);
                fmt::print(
                    stderr,
                    "Warning: redundant and duplicated prefix assignment: via '{}' and '--prefix' option\n",
                    uri);
            }
            prefix = bu.obj;
        }
        bck = bu.bck;
    }
    api::ScrubMsg& m = o.msg;
    m.prefix = prefix;
    m.non_recurs = ctx.on("non-recursive");
    m.checksum = ctx.on("checksum");
    m.fix = ctx.on("fix");
    m.small_size = ctx.size("small-size", 0);
    m.large_size = ctx.size("large-size", 5LL << 30);
    const Units iec = Units::kIEC;
    if (m.small_size < 0)
        throw Error(400,
                    fmt::format("'--small-size' ({}) cannot be negative", fmt_size(m.small_size, iec, 0)));
    if (m.large_size <= m.small_size)
        throw Error(400, fmt::format("'--large-size' ({}) must be greater than '--small-size' ({})",
                                     fmt_size(m.large_size, iec, 0), fmt_size(m.small_size, iec, 0)));
    o.limit = ctx.num("limit", 0);
    if (const int64_t pages = ctx.num("max-pages", 0); pages > 0) {
        const int64_t per = ctx.num("page-size", 0) > 0 ? ctx.num("page-size", 0) : 10'000;
        o.limit = o.limit > 0 ? std::min(o.limit, pages * per) : pages * per;
    }
    if (o.limit < 0) ctx.usage_error("invalid --limit " + std::to_string(o.limit));
    if (ctx.has("refresh")) o.ival_ms = std::max<int64_t>(ctx.duration_ms("refresh", 5000), 1000);
    (void)units(ctx);  // a bad --units is a usage error before anything runs

    api::Client& c = ctx.env.client();
    std::vector<api::Bck> bcks;
    if (bck.name.empty()) {
        bcks = c.list_buckets(bck.provider, api::Presence::kPresent);
        if (bcks.empty()) {
            fmt::print("No buckets in the cluster.\n");
            return;
        }
    } else {
        (void)c.head_bucket(bck);  // 404 in AIS's words before any job
        bcks.push_back(bck);
    }
    const auto started = Clock::now();
    bool yelped = false;
    std::vector<ScrubResult> rs;
    if (bcks.size() > 1 && o.limit == 0) {
        rs = run_job(ctx, bck, m, o, bck.provider.empty() ? std::string("all buckets") : bck.cname(), yelped);
    } else {
        for (const auto& b : bcks) {
            api::ScrubMsg bm = m;
            if (o.limit > 0) bm.last = last_name(ctx, b, m, o.limit);
            const std::string what = m.prefix.empty() ? b.cname() : b.obj_cname(m.prefix);
            for (auto& r : run_job(ctx, b, bm, o, what, yelped)) rs.push_back(std::move(r));
        }
    }
    if (yelped) fmt::print("\n");
    // Every bucket has its row, the empty ones too.
    for (const auto& b : bcks) {
        const bool have = std::any_of(rs.begin(), rs.end(),
                                      [&](const ScrubResult& r) { return r.bck.cname() == b.cname(); });
        if (have) continue;
        ScrubResult r;
        r.bck = b;
        r.prefix = m.prefix;
        rs.push_back(std::move(r));
    }
    std::sort(rs.begin(), rs.end(),
              [](const ScrubResult& a, const ScrubResult& b) { return a.bck.cname() < b.bck.cname(); });
    if (ctx.on("json")) {
        print_json(api::to_json(rs));
        return;
    }
    print_table(ctx, rs, m.checksum);
    if (m.fix) print_fixed(rs);
    write_logs(ctx, rs);
    if (!ctx.on("no-footers")) {
        const double secs = std::chrono::duration<double>(Clock::now() - started).count();
        fmt::print("---\n");
        if (bcks.size() > 1) {
            int64_t total = 0;
            for (const auto& r : rs) total += r.stats[api::kScrObjects].cnt;
            fmt::print("Total: {} names in {}\n", big_num(total), fmt_elapsed(secs));
        } else {
            fmt::print("Elapsed: {}\n", fmt_elapsed(secs));
        }
    }
}

}  // namespace

Command storage_validate_cmd() {
    return Command{
        .name = "validate",
        .usage =
            "check in-cluster content for misplaced objects, objects that have insufficient numbers of "
            "copies, zero size, and more (--checksum: corrupted replicas too; --fix: repair)",
        .args = "[BUCKET[/PREFIX]] [PROVIDER]",
        .flags = {"all-columns", "cached", "checksum-scrub", "count", "fix", "json", "large-size", "limit",
                  "max-pages", "no-footers", "no-headers", "non-recursive", "page-size", "prefix", "refresh",
                  "small-size", "units"},
        .completers = {completion::buckets(completion::BucketMode::kBucket), completion::none()},
        .action = do_scrub,
        .description =
            "e.g.:\n"
            "  * ais storage validate                 - validate all in-cluster buckets;\n"
            "  * ais scrub                            - same as above;\n"
            "  * ais storage validate ais             - validate (a.k.a. scrub) all ais:// buckets;\n"
            "  * ais scrub ais://abc/images/          - validate part of the bucket under 'images/';\n"
            "  * ais scrub ais://abc --prefix images/ - same as above;\n"
            "  * ais scrub ais://abc --checksum       - also read every replica and check its checksum;\n"
            "  * ais scrub ais://abc --checksum --fix - and repair what can be: misplaced objects, missing\n"
            "                                           copies, corrupted replicas that have a good one."};
}

}  // namespace ais::cli
