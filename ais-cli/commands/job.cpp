// `ais job` (and `ais show job`, `ais start|stop|wait`): jobs ("xactions") as the Go CLI shows
// and drives them, over the job API of spec §7: PUT /v1/cluster start/stop, and GET /v1/cluster
// ?what=qryxstats (per-target snapshots), status (one job) and running_all ("kind[xid]" list).
//
// Arguments are the Go CLI's [NAME] [JOB_ID] [NODE_ID] [BUCKET] in any order: a known kind or
// display name is NAME, "provider://..." is BUCKET, a node of the Smap is NODE_ID, anything else
// JOB_ID.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "ais-cli/ui/job_kinds.hpp"
#include "ais-cli/ui/term.hpp"
#include "shared/api/client.hpp"
#include "shared/api/codec.hpp"
#include "shared/config/bprops.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <thread>

namespace ais::cli {

namespace {

using Clock = std::chrono::steady_clock;

// ---- arguments ----

struct JobArgs {
    std::string name;                // kind, as typed (display name or kind); "" = any
    std::vector<std::string> kinds;  // the kinds it stands for (several for a shortcut); empty = any
    std::string xid;
    std::string node;
    api::Bck bck;
    bool has_bck = false;

    std::string kind() const { return kinds.size() == 1 ? kinds[0] : std::string(); }
};

bool looks_like_node(std::string_view a) {
    return a.size() > 3 && (a[0] == 't' || a[0] == 'p') && a[1] == '[' && a.back() == ']';
}

JobArgs job_args(Ctx& ctx) {
    JobArgs ja;
    std::vector<std::string> rest;
    for (const auto& a : ctx.args) {
        if (a.find("://") != std::string::npos) {
            if (ja.has_bck) ctx.usage_error("more than one bucket: \"" + a + "\"");
            ja.bck = parse_bucket(ctx, a);
            ja.has_bck = true;
            continue;
        }
        if (ja.name.empty() && ja.xid.empty()) {
            if (std::string k = job_kind_of(a); !k.empty()) {
                ja.name = a;
                ja.kinds = {k};
                continue;
            }
            if (auto ks = job_shortcut_kinds(a); !ks.empty()) {
                ja.name = a;
                ja.kinds = std::move(ks);
                continue;
            }
        }
        if (looks_like_node(a)) {
            ja.node = node_id_arg(a);
            continue;
        }
        rest.push_back(a);
    }
    if (rest.empty()) return ja;
    // A word that names a node is NODE_ID, the other one JOB_ID.
    std::set<std::string> node_ids;
    try {
        const api::Smap smap = ctx.env.client().get_smap();
        for (const auto& [id, n] : smap.tmap) node_ids.insert(id);
        for (const auto& [id, n] : smap.pmap) node_ids.insert(id);
    } catch (const std::exception&) {
        // the job query will report the cluster being unreachable
    }
    for (const auto& a : rest) {
        if (node_ids.count(a) && ja.node.empty()) {
            ja.node = a;
        } else if (ja.xid.empty()) {
            ja.xid = a;
        } else {
            ctx.usage_error("unexpected argument \"" + a +
                            "\" (expected [NAME] [JOB_ID] [NODE_ID] [BUCKET])");
        }
    }
    return ja;
}

std::string display_of(const JobArgs& ja) {
    if (ja.kinds.size() == 1) return job_display_name(ja.kinds[0]);
    return ja.name;
}

// Go's formatXactMsg: "name[xid], ais://b", "name, ais://b", "name", "[xid]".
std::string xact_msg(std::string_view xid, std::string_view name, const JobArgs& ja) {
    const std::string sb = ja.has_bck ? ", " + ja.bck.cname() : "";
    if (!name.empty() && !xid.empty()) return job_cname(name, xid) + sb;
    if (!name.empty()) return std::string(name) + sb;
    return "[" + std::string(xid) + "]" + sb;
}

// ---- queries ----

std::string not_found(std::string_view xid) {
    return fmt::format("job \"{}\" not found (see 'ais show job --all')", xid);
}

// what=qryxstats; "nothing matches" (404) is an empty result unless a job id was asked for.
api::MultiSnap query_snaps(Ctx& ctx, const api::QueryMsg& q) {
    try {
        return ctx.env.client().job_snaps(q);
    } catch (const Error& e) {
        if (e.status() != 404) throw;
        if (!q.id.empty()) throw Error(404, not_found(q.id));
        return {};
    }
}

bool same_bck(const api::Bck& a, const api::Bck& b) {
    return a.name == b.name && a.prov() == b.prov() && a.ns.str() == b.ns.str();
}

// Keeps the snaps that match what the user asked for (the cluster may filter less).
api::MultiSnap filter_snaps(const api::MultiSnap& in, const JobArgs& ja, bool only_running,
                            const std::string& regex) {
    std::optional<std::regex> re;
    if (!regex.empty()) re.emplace(regex);
    api::MultiSnap out;
    for (const auto& [tid, snaps] : in.by_target) {
        if (!ja.node.empty() && tid != ja.node) continue;
        for (const auto& s : snaps) {
            if (!ja.xid.empty() && s.id != ja.xid) continue;
            if (!ja.kinds.empty() && std::find(ja.kinds.begin(), ja.kinds.end(), s.kind) == ja.kinds.end())
                continue;
            if (only_running && !s.running()) continue;
            if (ja.has_bck && !same_bck(s.bck, ja.bck) && !same_bck(s.src_bck, ja.bck) &&
                !same_bck(s.dst_bck, ja.bck))
                continue;
            if (re && !std::regex_search(s.kind, *re) && !std::regex_search(job_display_name(s.kind), *re))
                continue;
            out.by_target[tid].push_back(s);
        }
    }
    return out;
}

api::MultiSnap find_job(Ctx& ctx, const std::string& xid) {
    api::QueryMsg q;
    q.id = xid;
    api::MultiSnap ms = query_snaps(ctx, q);
    JobArgs ja;
    ja.xid = xid;
    ms = filter_snaps(ms, ja, false, {});
    if (ms.empty()) throw Error(404, not_found(xid));
    return ms;
}

std::string kind_of_snaps(const api::MultiSnap& ms) {
    for (const auto& [tid, snaps] : ms.by_target)
        for (const auto& s : snaps)
            if (!s.kind.empty()) return s.kind;
    return {};
}

// ---- show ----

// Go's FmtXactRunFinAbrt.
std::string job_state(const api::JobSnap& s) {
    if (s.aborted) {
        if (s.abort_err.empty()) return "Aborted";
        if (s.abort_err.find("user abort") != std::string::npos || s.abort_err == "aborted by user")
            return "Aborted by user";
        return fmt::format("Aborted: \"{}\"", s.abort_err);
    }
    if (s.end_time != 0)
        return s.err.empty() ? "Finished" : fmt::format("Finished with errors: \"{}\"", s.err);
    std::string st = s.is_idle ? "Idle" : "Running";
    if (!s.err.empty()) st += fmt::format(" with errors: \"{}\"", s.err);
    return st;
}

// hh:mm:ss in local time (Go's cos.StampSec); with --date-time "Jan _2 15:04:05".
std::string job_time(const Ctx& ctx, int64_t unix_ns) {
    if (unix_ns <= 0) return "-";
    const std::time_t t = static_cast<std::time_t>(unix_ns / 1'000'000'000);
    std::tm tm{};
    ::localtime_r(&t, &tm);
    char buf[64];
    if (ctx.on("date-time")) {
        std::strftime(buf, sizeof buf, "%b ", &tm);
        std::string s = buf;
        s += fmt::format("{:>2} ", tm.tm_mday);
        std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
        return s + buf;
    }
    std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
    return buf;
}

std::string dash_or(int64_t n, const std::string& s) {
    return n == 0 ? "-" : s;
}

struct JobView {
    std::string kind, xid;
    int64_t start = 0;
    std::vector<std::pair<std::string, api::JobSnap>> rows;  // (target, snap), by target
};

// One table per job, grouped by kind (sorted), jobs of a kind by start time.
std::vector<JobView> group_jobs(const api::MultiSnap& ms) {
    std::map<std::pair<std::string, std::string>, JobView> by;
    for (const auto& [tid, snaps] : ms.by_target) {
        for (const auto& s : snaps) {
            JobView& v = by[{s.kind, s.id}];
            v.kind = s.kind;
            v.xid = s.id;
            if (s.start_time > 0 && (v.start == 0 || s.start_time < v.start)) v.start = s.start_time;
            v.rows.emplace_back(tid, s);
        }
    }
    std::vector<JobView> out;
    for (auto& [k, v] : by) {
        std::sort(v.rows.begin(), v.rows.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        out.push_back(std::move(v));
    }
    std::stable_sort(out.begin(), out.end(), [](const JobView& a, const JobView& b) {
        if (a.kind != b.kind) return a.kind < b.kind;
        return a.start < b.start;
    });
    return out;
}

std::string caption(const Env& env, const std::string& text) {
    return env.color_stdout() ? term::cyan(text) : text;
}

void print_job(Ctx& ctx, const JobView& v) {
    const Units u = units(ctx);
    const api::JobSnap& first = v.rows.front().second;
    const bool from_to = !first.src_bck.name.empty();
    const bool have_bck = !from_to && !first.bck.name.empty();
    // caption: "copy-bucket[xid]" plus the run options the job reports
    std::string cpt = job_cname(job_display_name(v.kind), v.xid);
    for (const auto& [tid, s] : v.rows) {
        if (!s.ctlmsg.empty()) {
            cpt += " (run options: " + s.ctlmsg + ")";
            break;
        }
    }
    fmt::print("{}\n", caption(ctx.env, cpt));

    std::vector<std::string> hdr = {"NODE", "ID", "KIND"};
    if (from_to) {
        hdr.insert(hdr.end(), {"SRC BUCKET", "DST BUCKET"});
    } else if (have_bck) {
        hdr.push_back("BUCKET");
    }
    hdr.insert(hdr.end(), {"OBJECTS", "BYTES", "START", "END", "STATE"});
    Table t(hdr);
    api::JobSnap::Stats totals;
    for (const auto& [tid, s] : v.rows) {
        std::vector<std::string> row = {tid, s.id.empty() ? "-" : s.id, s.kind};
        auto bname = [](const api::Bck& b) { return b.name.empty() ? std::string("-") : b.cname(); };
        if (from_to) {
            row.push_back(bname(s.src_bck));
            row.push_back(bname(s.dst_bck));
        } else if (have_bck) {
            row.push_back(bname(s.bck));
        }
        row.push_back(dash_or(s.stats.loc_objs, std::to_string(s.stats.loc_objs)));
        row.push_back(dash_or(s.stats.loc_bytes, fmt_size(s.stats.loc_bytes, u)));
        row.push_back(job_time(ctx, s.start_time));
        row.push_back(job_time(ctx, s.end_time));
        row.push_back(job_state(s));
        t.add(std::move(row));
        totals.loc_objs += s.stats.loc_objs;
        totals.loc_bytes += s.stats.loc_bytes;
    }
    // several targets: a totals row (as the Go CLI, only when something was counted)
    if (v.rows.size() > 1 && totals.loc_objs > 0) {
        std::vector<std::string> row = {"Total:", "-", "-"};
        if (from_to) row.insert(row.end(), {"-", "-"});
        if (have_bck) row.push_back("-");
        row.push_back(std::to_string(totals.loc_objs));
        row.push_back(dash_or(totals.loc_bytes, fmt_size(totals.loc_bytes, u)));
        row.insert(row.end(), {"-", "-", "-"});
        t.add(std::move(row));
    }
    t.print(ctx.on("no-headers"));
    if (!ctx.on("verbose")) return;

    // per-target details (Go's flattenXactStats)
    for (const auto& [tid, s] : v.rows) {
        fmt::print("{}\n", caption(ctx.env, fmt::format("t[{}]: {} stats", tid,
                                                        job_cname(job_display_name(s.kind), s.id))));
        Table p({"PROPERTY", "VALUE"});
        auto tm = [&](int64_t ns) { return job_time(ctx, ns); };
        if (job_display_name(s.kind) != s.kind) p.add({".display-name", job_display_name(s.kind)});
        p.add({".id", s.id});
        p.add({".kind", s.kind});
        p.add({".bck", s.bck.name.empty() ? "-" : s.bck.cname()});
        if (!s.src_bck.name.empty()) p.add({".src-bck", s.src_bck.cname()});
        if (!s.dst_bck.name.empty()) p.add({".dst-bck", s.dst_bck.cname()});
        p.add({".start", tm(s.start_time)});
        p.add({".end", tm(s.end_time)});
        p.add({".aborted", s.aborted ? "true" : "false"});
        if (!s.abort_err.empty()) p.add({".abort-err", s.abort_err});
        if (!s.err.empty()) p.add({".err", s.err});
        p.add({"in.obj.n", std::to_string(s.stats.in_objs)});
        p.add({"in.obj.size", fmt_size(s.stats.in_bytes, u)});
        p.add({"is_idle", s.is_idle ? "true" : "false"});
        p.add({"loc.obj.n", std::to_string(s.stats.loc_objs)});
        p.add({"loc.obj.size", fmt_size(s.stats.loc_bytes, u)});
        p.add({"out.obj.n", std::to_string(s.stats.out_objs)});
        p.add({"out.obj.size", fmt_size(s.stats.out_bytes, u)});
        p.print(ctx.on("no-headers"));
    }
}

// `show job rebalance [REB_ID] [NODE_ID]` is `show rebalance` (as in Go).
bool is_rebalance(const JobArgs& ja) {
    return ja.kind() == "rebalance";
}

void do_show(Ctx& ctx) {
    const JobArgs ja = job_args(ctx);
    if (is_rebalance(ja)) {
        std::vector<std::string> rest;
        for (const auto& a : ctx.args)
            if (a != ja.name) rest.push_back(a);
        ctx.args = std::move(rest);
        return show_rebalance(ctx);
    }
    // finished or not, a job asked for by its id is always shown
    const bool only_running = !ctx.on("all") && ja.xid.empty();
    api::QueryMsg q;
    q.id = ja.xid;
    q.kind = ja.kind();
    q.node = ja.node;
    if (ja.has_bck) q.bck = ja.bck;
    if (only_running) q.show_active = true;
    std::string regex = ctx.str("regex");
    if (!regex.empty()) {
        try {
            std::regex check(regex);
        } catch (const std::regex_error& e) {
            ctx.usage_error("invalid --regex \"" + regex + "\": " + e.what());
        }
    }
    api::MultiSnap ms = filter_snaps(query_snaps(ctx, q), ja, only_running, regex);
    if (!ja.xid.empty() && ms.empty()) throw Error(404, not_found(ja.xid));
    if (ctx.on("json")) {
        print_json(api::to_json(ms));
        return;
    }
    if (ms.empty()) {
        if (!ctx.on("all")) {
            const std::string what = ja.name.empty() ? "" : " '" + display_of(ja) + "'";
            fmt::print(
                "No running{} jobs. Use '--all' to show all, '--all' <TAB-TAB> to select, '--help' for "
                "details.\n",
                what);
        }
        return;
    }
    for (const auto& v : group_jobs(ms)) print_job(ctx, v);
}

// ---- start ----

std::string to_monitor(std::string_view xid) {
    return fmt::format("To monitor the progress, run 'ais show job {}'", xid);
}

void wait_for(Ctx& ctx, const std::string& kind, const std::string& xid, const JobArgs& ja,
              bool announce = true);

void do_start(Ctx& ctx) {
    ctx.need_args(1, 2, "NAME [BUCKET]");
    const std::string& name = ctx.args[0];
    std::string kind = job_kind_of(name);
    if (kind.empty()) {
        // not in our table: the cluster may still know it
        kind = std::string(api::normalize_job_kind(name));
    }
    api::ArgsMsg args;
    args.kind = kind;
    JobArgs ja;
    if (ctx.args.size() > 1) {
        args.bck = parse_bucket(ctx, ctx.args[1]);
        ja.bck = args.bck;
        ja.has_bck = true;
        ctx.env.client().head_bucket(args.bck);  // a clear "does not exist" before starting anything
    }
    const std::string xid = ctx.env.client().start_job(args);
    if (xid.empty()) {
        std::fflush(stdout);
        fmt::print(
            stderr,
            "Warning: The operation returned an empty UUID (a no-op?). To investigate, run 'ais show job'\n");
        return;
    }
    if (kind == "rebalance") {
        fmt::print("Started global rebalance. To monitor the progress, run 'ais show rebalance'\n");
    } else if (ctx.on("non-verbose")) {
        fmt::print("{}\n", xid);
    } else {
        fmt::print("Started {}. {}\n", job_cname(job_display_name(kind), xid), to_monitor(xid));
    }
    if (ctx.on("wait")) wait_for(ctx, kind, xid, ja);
}

// `ais start mirror BUCKET --copies N`: the bucket becomes an N-way mirror (make-n-copies).
void do_start_mirror(Ctx& ctx) {
    ctx.need_args(1, 1, "BUCKET");
    api::Bck bck = parse_bucket(ctx, ctx.args[0]);
    const int64_t copies = ctx.num("copies", 1);
    if (copies < 1 || copies > 32)
        throw UsageError("invalid --copies " + std::to_string(copies) + ": expecting a number in [1, 32]");
    Bprops p = ctx.env.client().head_bucket(bck);
    if (p.mirror.copies == copies) {
        if (copies > 1 && p.mirror.enabled) {
            fmt::print("{} is already {}-way mirror, nothing to do\n", bck.cname(), copies);
            return;
        }
        if (copies < 2) {
            fmt::print("{} is already configured with no redundancy, nothing to do\n", bck.cname());
            return;
        }
    }
    const std::string xid = ctx.env.client().make_n_copies(bck, static_cast<int>(copies));
    if (ctx.on("non-verbose")) {
        fmt::print("{}\n", xid);
        return;
    }
    std::string msg = copies > 1 ? fmt::format("Configured {} as {}-way mirror. ", bck.cname(), copies)
                                 : fmt::format("Configured {} for single-replica (no redundancy). ", bck.cname());
    fmt::print("{}{}\n", msg, to_monitor(xid));
    if (ctx.on("wait")) {
        JobArgs ja;
        ja.bck = bck;
        ja.has_bck = true;
        wait_for(ctx, "make-n-copies", xid, ja);
    }
}

// ---- stop ----

void stop_kind_or_all(Ctx& ctx, const JobArgs& ja) {
    api::Client& c = ctx.env.client();
    std::vector<std::string> cnames;
    if (ja.kinds.size() == 1) {
        api::QueryMsg q;
        q.kind = ja.kinds[0];
        cnames = c.running_jobs(q);
    } else {
        cnames = c.running_jobs();
    }
    std::vector<std::pair<std::string, std::string>> jobs;  // (kind, xid)
    for (const auto& cn : cnames) {
        std::string kind, xid;
        if (!parse_job_cname(cn, kind, xid)) continue;
        if (!ja.kinds.empty() && std::find(ja.kinds.begin(), ja.kinds.end(), kind) == ja.kinds.end())
            continue;
        jobs.emplace_back(kind, xid);
    }
    if (jobs.empty()) {
        const std::string what = ja.name.empty() ? "" : " '" + display_of(ja) + "'";
        fmt::print("No running{} jobs, nothing to do\n", what);
        return;
    }
    int failed = 0;
    for (const auto& [kind, xid] : jobs) {
        api::ArgsMsg a;
        a.id = xid;
        a.kind = kind;
        if (ja.has_bck) a.bck = ja.bck;
        try {
            c.stop_job(a);
            fmt::print("Stopped {}\n", job_cname(kind, xid));
        } catch (const Error& e) {
            std::fflush(stdout);
            fmt::print(stderr, "Warning: failed to stop {}: {}\n", job_cname(kind, xid), e.what());
            ++failed;
        }
    }
    if (failed == static_cast<int>(jobs.size()))
        throw Error(500, fmt::format("failed to stop {} job(s)", failed));
}

void do_stop(Ctx& ctx) {
    const JobArgs ja = job_args(ctx);
    const bool all = ctx.on("all");
    if (ja.name.empty() && ja.xid.empty() && !all)
        ctx.usage_error("missing arguments \"[NAME] [JOB_ID]\" (or use '--all' to stop all running jobs)");
    if (!ja.node.empty()) {
        std::fflush(stdout);
        fmt::print(stderr,
                   "Warning: node ID \"{}\" will be ignored (stopping job on a given node not supported)\n",
                   ja.node);
    }
    if (is_rebalance(ja)) return stop_rebalance(ctx, ja.xid);  // no confirmation, as in Go
    if (ja.xid.empty()) {
        if (!ja.name.empty() && !all && !confirmed(ctx, fmt::format("Stop all '{}' jobs?", display_of(ja))))
            return;
        return stop_kind_or_all(ctx, ja);
    }
    const api::MultiSnap ms = find_job(ctx, ja.xid);
    std::string kind = ja.kind();
    if (kind.empty()) kind = kind_of_snaps(ms);
    const std::string msg = xact_msg(ja.xid, job_display_name(kind), ja);
    if (!ms.any_running()) {
        fmt::print("{} {}, nothing to do\n", msg, ms.any_aborted() ? "is aborted" : "already finished");
        return;
    }
    api::ArgsMsg a;
    a.id = ja.xid;
    a.kind = kind;
    if (ja.has_bck) a.bck = ja.bck;
    ctx.env.client().stop_job(a);
    fmt::print("Stopped {}\n", msg);
}

// ---- wait ----

// Live counts of a job on the terminal (--progress): objects and bytes so far.
class JobProgress {
  public:
    JobProgress(bool on, const std::string& label) : bar_(on, label, 0, 0) {}
    void update(const api::MultiSnap& ms, const std::string& xid) {
        const auto t = ms.totals(xid);
        for (int64_t i = objs_; i < t.loc_objs; ++i) bar_.add_obj();
        if (t.loc_bytes > bytes_) bar_.add_bytes(t.loc_bytes - bytes_);
        objs_ = std::max(objs_, t.loc_objs);
        bytes_ = std::max(bytes_, t.loc_bytes);
    }
    void finish() { bar_.finish(); }
    bool on() const { return bar_.enabled(); }

  private:
    term::Progress bar_;
    int64_t objs_ = 0, bytes_ = 0;
};

std::chrono::milliseconds wait_timeout(const Ctx& ctx) {
    return std::chrono::milliseconds(ctx.duration_ms("timeout", 24LL * 3600 * 1000));
}

// Waits for one job (by id) or for every running job of a kind to finish; throws on abort or error.
void wait_for(Ctx& ctx, const std::string& kind, const std::string& xid, const JobArgs& ja, bool announce) {
    api::Client& c = ctx.env.client();
    const std::string name = kind.empty() ? std::string() : job_display_name(kind);
    const std::string msg = xact_msg(xid, name, ja);
    if (announce) fmt::print("Waiting for {} ...\n", msg);
    std::fflush(stdout);
    const auto deadline = Clock::now() + wait_timeout(ctx);
    const auto poll = std::chrono::milliseconds(200);
    JobProgress prog(ctx.on("progress") && ctx.env.stderr_tty(), msg);
    auto timed_out = [&] { return Clock::now() + poll > deadline; };
    if (!xid.empty()) {
        api::QueryMsg q;
        q.id = xid;
        q.kind = kind;
        // a job just started may not be known to every node yet: "not found" is retried briefly
        const auto started = Clock::now();
        auto in_grace = [&] { return Clock::now() - started < std::chrono::seconds(5); };
        auto unknown = [&](const Error& e) {
            if (e.status() != 404) throw;
            if (!in_grace()) throw Error(404, not_found(xid));
        };
        if (api::is_idle_job_kind(kind) || prog.on()) {
            // idle kinds never end on their own: all snaps idle (or done) twice in a row (spec §7.3)
            int quiet = 0;
            for (;;) {
                api::MultiSnap ms;
                try {
                    ms = c.job_snaps(q);
                } catch (const Error& e) {
                    unknown(e);
                }
                if (ms.empty() && !in_grace()) throw Error(404, not_found(xid));
                prog.update(ms, xid);
                if (ms.any_aborted()) {
                    prog.finish();
                    throw Error(500, msg + " was aborted");
                }
                const bool done =
                    !ms.empty() && (api::is_idle_job_kind(kind) ? ms.all_idle_or_done() : ms.all_finished());
                quiet = done ? quiet + 1 : 0;
                if (quiet >= (api::is_idle_job_kind(kind) ? 2 : 1)) break;
                if (timed_out()) {
                    prog.finish();
                    throw Error(408, "timed out waiting for " + msg);
                }
                std::this_thread::sleep_for(poll);
            }
            prog.finish();
            if (!api::is_idle_job_kind(kind)) {
                const api::JobStatus st = c.job_status(xid);
                if (!st.err.empty()) throw Error(500, msg + " failed: " + st.err);
            }
        } else {
            for (;;) {
                std::optional<api::JobStatus> st;
                try {
                    st = c.job_status(xid);
                } catch (const Error& e) {
                    unknown(e);
                }
                if (st && st->finished()) {
                    if (st->aborted) throw Error(500, msg + " was aborted");
                    if (!st->err.empty()) throw Error(500, msg + " failed: " + st->err);
                    break;
                }
                if (timed_out()) throw Error(408, "timed out waiting for " + msg);
                std::this_thread::sleep_for(poll);
            }
        }
    } else {
        // every running job of the kind(s): done when none runs, twice in a row
        api::QueryMsg q;
        q.kind = ja.kind();
        q.show_active = true;
        if (ja.has_bck) q.bck = ja.bck;
        int quiet = 0;
        for (;;) {
            const api::MultiSnap ms = filter_snaps(query_snaps(ctx, q), ja, true, {});
            quiet = ms.empty() ? quiet + 1 : 0;
            if (quiet >= 2) break;
            if (timed_out()) throw Error(408, "timed out waiting for " + msg);
            std::this_thread::sleep_for(poll);
        }
    }
    if (announce) fmt::print("Done.\n");
}

void do_wait(Ctx& ctx) {
    const JobArgs ja = job_args(ctx);
    if (ja.name.empty() && ja.xid.empty()) ctx.usage_error("missing arguments \"[NAME] [JOB_ID]\"");
    if (!ja.node.empty()) {
        std::fflush(stdout);
        fmt::print(stderr,
                   "Warning: node ID \"{}\" will be ignored (waiting for a single target not supported)\n",
                   ja.node);
    }
    if (ja.kinds.size() > 1 && ja.xid.empty())
        throw Error(400, fmt::format("cannot wait on \"{}\" prefix", ja.name));
    std::string kind = ja.kind();
    if (!ja.xid.empty() && kind.empty()) kind = kind_of_snaps(find_job(ctx, ja.xid));
    wait_for(ctx, kind, ja.xid, ja);
}

// ---- rm ----

void do_rm_xactions(Ctx&) {
    throw Error(
        400,
        "finished jobs (xactions) cannot be removed: the cluster keeps them for 'ais show job --all'; "
        "'ais job rm' removes finished download and dsort jobs ('ais job rm download|dsort JOB_ID')");
}

void rm_special(Ctx& ctx, const char* what) {
    ctx.need_args(1, 1, "JOB_ID");
    const std::string& id = ctx.args[0];
    api::Client& c = ctx.env.client();
    net::ClientRequest rq;
    if (std::string_view(what) == "download") {
        rq = c.request("DELETE", "/v1/download/remove");
        rq.body = "{\"id\":" + json_quote(id) + "}";
        rq.headers.set(api::hdr::kContentType, api::ct::kJson);
    } else {
        net::Query q;
        q.add(api::qp::kUUID, id);
        rq = c.request("DELETE", "/v1/sort", q);
    }
    try {
        c.call(rq);
    } catch (const Error& e) {
        if (e.status() == 404 || e.status() == 405 || e.status() == 501) {
            throw Error(e.status(),
                        fmt::format("cannot remove {} job \"{}\": {} (the cluster may not support {} jobs)",
                                    what, id, e.what(), what));
        }
        throw;
    }
    fmt::print("Removed finished {} job \"{}\"\n", what, id);
}

}  // namespace

void wait_job_done(Ctx& ctx, const std::string& kind, const std::string& xid, bool announce) {
    wait_for(ctx, kind, xid, JobArgs{}, announce);
}

std::string monitor_hint(std::string_view xid) {
    return to_monitor(xid);
}

std::string job_state_str(const api::JobSnap& s) {
    return job_state(s);
}

std::string job_time_str(const Ctx& ctx, int64_t unix_ns) {
    return job_time(ctx, unix_ns);
}

Command show_job_cmd() {
    return Command{
        .name = "job",
        .usage =
            "show running and finished jobs ('--all' for all, or press <TAB-TAB> to select, '--help' "
            "for options)",
        .args = "[NAME] [JOB_ID] [NODE_ID] [BUCKET]",
        .flags = {"all-jobs", "date-time", "json", "no-headers", "regex", "units", "verbose"},
        .completers = {completion::jobs(false), completion::jobs(false), completion::jobs(false),
                       completion::buckets(completion::BucketMode::kBucket)},
        .action = do_show,
        .description =
            "Without --all only running jobs are shown. NAME is a job kind or its display name "
            "(copy-bucket, summary, ...), or a shortcut for several (copy, evict, prefetch, "
            "delete, ec, etl)."};
}

Command job_cmd(const Command& bucket_cp, const Command& bucket_mv) {
    Command start{
        .name = "start",
        .usage = "run a batch job: NAME [BUCKET] (press <TAB-TAB> to select)",
        .args = "NAME [BUCKET]",
        .flags = {"non-verbose", "timeout", "wait", "progress"},
        .completers = {completion::job_kinds(true), completion::buckets(completion::BucketMode::kBucket)},
        .action = do_start};
    // Go appends copy-bucket and rename-bucket starters that are `bucket cp` and `bucket mv`.
    Command cp = bucket_cp;
    cp.name = "copy-bucket";
    cp.aliases.clear();
    Command mv = bucket_mv;
    mv.name = "rename-bucket";
    mv.aliases.clear();
    Command mirror{.name = "mirror",
                   .usage = "configure (or unconfigure) bucket as n-way mirror, and run the corresponding batch job, "
                            "e.g.: 'ais start mirror ais://m --copies 3'",
                   .args = "BUCKET",
                   .flags = {"copies", "non-verbose", "timeout", "wait"},
                   .completers = {completion::buckets(completion::BucketMode::kBucket)},
                   .action = do_start_mirror};
    start.subs = {cp, mv, mirror};

    Command stop{.name = "stop",
                 .usage =
                     "terminate a single batch job or multiple jobs (press <TAB-TAB> to select, '--help' for "
                     "options)",
                 .args = "[NAME] [JOB_ID] [NODE_ID] [BUCKET]",
                 .flags = {"all-running-jobs", "force", "yes"},
                 .completers = {completion::jobs(true), completion::jobs(true), completion::none(),
                                completion::buckets(completion::BucketMode::kBucket)},
                 .action = do_stop};
    Command wait{
        .name = "wait",
        .usage =
            "wait for a specific batch job to complete (press <TAB-TAB> to select, '--help' for options)",
        .args = "[NAME] [JOB_ID] [NODE_ID] [BUCKET]",
        .flags = {"progress", "timeout"},
        .completers = {completion::jobs(true), completion::jobs(true), completion::none(),
                       completion::buckets(completion::BucketMode::kBucket)},
        .action = do_wait};
    Command rm_dl{.name = "download",
                  .usage = "remove a finished download job",
                  .args = "JOB_ID",
                  .completers = {completion::none()},
                  .action = [](Ctx& ctx) { rm_special(ctx, "download"); }};
    Command rm_ds{.name = "dsort",
                  .usage = "remove a finished dsort job",
                  .args = "JOB_ID",
                  .completers = {completion::none()},
                  .action = [](Ctx& ctx) { rm_special(ctx, "dsort"); }};
    Command rm{.name = "rm",
               .usage = "cleanup finished jobs (download and dsort; xactions stay in the cluster's history)",
               .args = "download|dsort JOB_ID",
               .completers = {completion::none()},
               .action = do_rm_xactions,
               .subs = {rm_dl, rm_ds}};
    Command show = show_job_cmd();
    show.name = "show";
    show.usage = "show running and finished jobs (same as 'ais show job')";
    return Command{.name = "job",
                   .usage = "monitor, query, start/stop and manage jobs and eXtended actions (xactions)",
                   .subs = {start, stop, wait, rm, show}};
}

}  // namespace ais::cli
