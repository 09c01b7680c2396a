// `ais show performance [counters|throughput|latency|capacity|disk] [TARGET_ID]` (= `ais
// performance ...`): AIS's per-target tables of what each target counts (cmd/cli/cli/performance.go
// and teb/performance.go). The targets send cumulative values only (node_status.hpp); the views
// select metrics by name and kind and derive the rest:
//   counters     counts and cumulative sizes, as they are
//   throughput   bytes per second between two samples --refresh apart, with GET/PUT counts and
//                sizes, and the cluster's sum
//   latency      average time per request between two samples (Δ cumulative ns ÷ Δ count)
//   capacity     = `ais show storage capacity`; disk = `ais show storage disk` (storage_disk.cpp)
// Without a subcommand: counters, then throughput and latency over one shared interval.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/commands/node_status.hpp"
#include "ais-cli/commands/storage_disk.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "ais-cli/ui/long_run.hpp"
#include "ais-cli/ui/term.hpp"
#include "shared/api/client.hpp"
#include "shared/api/smap.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/units.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <ctime>
#include <functional>
#include <optional>
#include <regex>
#include <set>
#include <thread>

namespace ais::cli {

namespace {

using Kinds = std::map<std::string, std::string>;  // metric name -> AIS kind
using Clock = std::chrono::steady_clock;

// AIS's kind strings (stats/api.go).
constexpr char kCounter[] = "counter";
constexpr char kSize[] = "size";
constexpr char kTotal[] = "total";
constexpr char kLatency[] = "latency";
constexpr char kBw[] = "bw";
constexpr char kCompBw[] = "compbw";

constexpr char kClusterTotal[] = "--- Cluster:";  // the sum row (AIS's teb.ClusterTotal)
constexpr char kUnknown[] = "-";
constexpr char kErrMark[] = "<<<";  // ends a row with errors
constexpr char kStatusCol[] = "STATUS";
constexpr char kIdleNote[] = "the cluster is completely idle: all collected counters have zero values";

// --refresh of throughput and latency: the interval between the two samples.
constexpr int64_t kRefreshDefaultMs = 5000;
constexpr int64_t kRefreshMinMs = 1000;
constexpr int64_t kRefreshMaxMs = 60'000;

bool starts_with(const std::string& s, std::string_view p) {
    return s.compare(0, p.size(), p) == 0;
}
bool ends_with(const std::string& s, std::string_view p) {
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}
bool is_err(const std::string& name) {
    return starts_with(name, "err.");
}
std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// ---- which metrics each view shows ----

// Internal counters that only --verbose (or a --regex) shows: AIS's lcache and intra-cluster
// stream counters, and this implementation's HTTP counters (every CLI call moves them).
bool verbose_only(const std::string& name) {
    return starts_with(name, "lcache.") || starts_with(name, "stream.") || starts_with(name, "http.");
}

Kinds counters_metrics(const Ctx& ctx, const Kinds& all) {
    const bool everything = ctx.on("verbose") || !ctx.str("regex").empty();
    Kinds out;
    for (const auto& [name, kind] : all)
        if ((kind == kCounter || kind == kSize) && (everything || !verbose_only(name)))
            out.emplace(name, kind);
    return out;
}

// GET/PUT counts and sizes, every throughput (summed up into the cluster row), and the errors of
// reading and writing.
Kinds throughput_metrics(const Kinds& all, std::set<std::string>& totals) {
    Kinds out;
    for (const auto& [name, kind] : all) {
        if (name == "get.size" || name == "get.n" || name == "put.size" || name == "put.n" ||
            ends_with(name, ".get.n") || ends_with(name, ".get.size") || ends_with(name, ".put.n") ||
            ends_with(name, ".put.size")) {
            out.emplace(name, kind);
        } else if (kind == kBw) {
            out.emplace(name, kind);
            totals.insert(name);
        } else if (is_err(name) &&
                   (name.find("get") != std::string::npos || name.find("put") != std::string::npos ||
                    name.find("read") != std::string::npos || name.find("write") != std::string::npos)) {
            out.emplace(name, kind);
        }
    }
    return out;
}

// The counter whose requests a latency or cumulative time is spread over ("" = none), as AIS's
// stats.LatencyToCounter maps them.
std::string latency_to_counter(const std::string& name) {
    if (name == "get.ns" || name == "get.redir.ns" || name == "get.ns.total") return "get.n";
    if (name == "put.ns" || name == "put.redir.ns" || name == "put.ns.total") return "put.n";
    if (name == "head.ns" || name == "head.ns.total") return "head.n";
    if (name == "lst.ns") return "lst.n";
    if (name == "append.ns") return "append.n";
    return {};
}

Kinds latency_metrics(const Kinds& all) {
    Kinds out;
    for (const auto& [name, kind] : all) {
        if (name == "get.size" || name == "put.size") {
            out.emplace(name, kind);
        } else if (kind == kLatency || kind == kTotal) {
            const std::string n = latency_to_counter(name);
            if (n.empty()) continue;
            out.emplace(name, kind);
            out[n] = kCounter;
        }
    }
    return out;
}

// ---- formatting (AIS's teb.FmtStatValue and column names) ----

// AIS's FormatDuration: Go's Duration.String() of a value rounded to fewer digits as it grows.
std::string fmt_duration(int64_t ns, Units u) {
    if (u == Units::kRaw) return fmt::format("{}ns", ns);
    auto round = [&](int64_t m) { return (ns + m / 2) / m * m; };  // ns > 0: half away from zero
    constexpr int64_t ms = 1'000'000, sec = 1'000 * ms;
    if (ns >= 100 * sec)
        ns = round(sec);
    else if (ns >= 10 * sec)
        ns = round(100 * ms);
    else if (ns >= sec)
        ns = round(10 * ms);
    else if (ns >= 100 * ms)
        ns = round(ms);
    return duration_str(ns);
}

std::string fmt_stat(const std::string& name, const std::string& kind, int64_t v, Units u) {
    if (v == 0) return "0";
    if (ends_with(name, ".time") || kind == kLatency || kind == kTotal) return fmt_duration(v, u);
    const bool bw = kind == kBw || kind == kCompBw;
    if (kind != kSize && !bw) return std::to_string(v);
    if (u == Units::kRaw) return fmt::format("{}B{}", v, bw ? "/s" : "");
    return fmt_size(v, u) + (bw ? "/s" : "");
}

// "get.n" -> "GET(n)", "err.get.n" -> "ERR-GET(n)", "get.redir.ns" -> "GET-REDIR(t)",
// "get.ns.total" -> "GET(t)", "lst.n" -> "LIST(n)", "lru.evict.n" -> "EVICT(n)"; a size with its
// count in the table and --average-size: "GET(total/avg size)".
std::string col_name(const std::string& metric, const std::string& kind, bool with_avg) {
    std::vector<std::string> parts;
    for (size_t b = 0;;) {
        const size_t e = metric.find('.', b);
        parts.push_back(metric.substr(b, e == std::string::npos ? e : e - b));
        if (e == std::string::npos) break;
        b = e + 1;
    }
    if (parts[0] == "lru" && parts.size() > 1) parts.erase(parts.begin());
    static const std::map<std::string, std::string> renames = {
        {"lst", "LIST"}, {"del", "DELETE"}, {"ren", "RENAME"}, {"ver", "VERSION"}};
    const auto r = renames.find(parts[0]);
    std::string out = r != renames.end() ? r->second : upper(parts[0]);
    auto last = static_cast<ptrdiff_t>(parts.size()) - 1;
    if (parts[last] == "total") --last;
    for (ptrdiff_t j = 1; j < last; ++j) out += "-" + upper(parts[j]);
    if (kind == kBw || kind == kCompBw) return out + "(bw)";
    if (kind == kLatency || kind == kTotal) return out + "(t)";
    if (kind == kSize) return out + (with_avg ? "(total/avg size)" : "(size)");
    if (kind == kCounter) return out + "(n)";
    return out;
}

// "get.size" -> "get.n"
std::string size_to_counter(const std::string& name) {
    const size_t i = name.rfind('.');
    return i == std::string::npos ? std::string() : name.substr(0, i) + ".n";
}

// ---- the table (AIS's PerfTabCtx.MakeTab) ----

struct TabCtx {
    const api::Smap& smap;
    std::string tid;  // one target's row, or all
    const Kinds& metrics;
    std::optional<std::regex> regex;  // --regex: the columns to show, zeros included
    Units units = Units::kIEC;
    const std::set<std::string>* totals = nullptr;  // metrics summed up in the cluster row
    bool avg_size = false;                          // sizes also divided by their counts
    bool idle = false;                              // nothing moved between the samples
};

struct Tab {
    Table table;
    int num_nz = 0;  // cells with a non-zero value (or of a node that is not online)
};

bool matches(const std::regex& re, const std::string& metric, const std::string& printed) {
    return std::regex_search(metric, re) || std::regex_search(printed, re);
}

Tab make_tab(const TabCtx& c, const std::vector<NodeStatus>& nodes) {
    // 1. the selected metrics that some online node sent; without --regex only the non-zero ones
    std::vector<std::string> cols;
    bool all_online = true;
    for (const auto& n : nodes) {
        all_online = all_online && n.online();
        if (!n.online()) continue;
        for (const auto& [name, v] : n.tracker)
            if (c.metrics.count(name) && std::find(cols.begin(), cols.end(), name) == cols.end())
                cols.push_back(name);
    }
    if (!c.regex) {
        std::erase_if(cols, [&](const std::string& name) {
            return std::none_of(nodes.begin(), nodes.end(),
                                [&](const NodeStatus& n) { return n.online() && n.value(name) != 0; });
        });
    } else {
        // A regex asks for those columns even when no node sent them (zeros are not sent).
        for (const auto& [name, kind] : c.metrics) {
            if (std::find(cols.begin(), cols.end(), name) != cols.end()) continue;
            if (matches(*c.regex, name, col_name(name, kind, false))) cols.push_back(name);
        }
    }
    // 2. by name, the errors last
    std::sort(cols.begin(), cols.end(), [](const std::string& a, const std::string& b) {
        if (is_err(a) != is_err(b)) return !is_err(a);
        return a < b;
    });
    // 3. printed names; sizes with their counts shown get an average
    std::map<std::string, std::string> avg_of;  // size metric -> its counter
    std::vector<std::string> hdr = {"TARGET"};
    for (const auto& name : cols) {
        const std::string& kind = c.metrics.at(name);
        bool with_avg = false;
        if (c.avg_size && kind == kSize) {
            const std::string n = size_to_counter(name);
            const auto k = c.metrics.find(n);
            if (k != c.metrics.end() && k->second == kCounter &&
                std::find(cols.begin(), cols.end(), n) != cols.end()) {
                avg_of[name] = n;
                with_avg = true;
            }
        }
        hdr.push_back(col_name(name, kind, with_avg));
    }
    // 4. --regex keeps the columns whose metric or printed name matches
    if (c.regex) {
        std::vector<std::string> kc, kh = {hdr[0]};
        for (size_t i = 0; i < cols.size(); ++i)
            if (matches(*c.regex, cols[i], hdr[i + 1])) {
                kc.push_back(cols[i]);
                kh.push_back(hdr[i + 1]);
            }
        cols = std::move(kc);
        hdr = std::move(kh);
    }
    if (!all_online) hdr.push_back(kStatusCol);

    Tab tab{Table(hdr), 0};
    if (cols.empty() && all_online) return tab;

    // 5. one row per target, by id
    int num_ts = 0;
    std::map<std::string, int64_t> sums;
    for (const auto& n : nodes) {
        if (!c.tid.empty() && n.id != c.tid) continue;
        const api::Snode* si = c.smap.get_node(n.id);
        std::vector<std::string> row = {n.name + (si && si->in_maint_or_decomm() ? "[x]" : "")};
        bool errs = false;
        for (const auto& name : cols) {
            if (!n.online()) {
                row.push_back(kUnknown);
                ++tab.num_nz;
                continue;
            }
            const auto it = n.tracker.find(name);
            if (it == n.tracker.end()) {  // not sent: zero
                row.push_back(kUnknown);
                continue;
            }
            const std::string& kind = c.metrics.at(name);
            std::string cell = fmt_stat(name, kind, it->second, c.units);
            if (it->second != 0) ++tab.num_nz;
            if (is_err(name)) {
                errs = errs || it->second != 0;
            } else if (const auto a = avg_of.find(name); a != avg_of.end()) {
                if (const int64_t cnt = n.value(a->second); cnt > 0)
                    cell += "  " + fmt_stat("", kind, (it->second + cnt / 2) / cnt, c.units);
            }
            if (c.totals && c.totals->count(name)) sums[name] += it->second;
            row.push_back(std::move(cell));
        }
        if (errs && !row.empty()) row.back() += std::string(" ") + kErrMark;
        if (!all_online) row.push_back(n.online() ? kNodeOnline : n.status);
        if (n.online()) ++num_ts;
        tab.table.add(std::move(row));
    }

    // 6. the cluster row: sums, or "idle"
    const bool with_sums = c.totals && num_ts > 1 && c.tid.empty();
    if (!c.idle && !with_sums) return tab;
    std::vector<std::string> row = {kClusterTotal};
    bool said_idle = false;
    for (const auto& name : cols) {
        if (c.idle || tab.num_nz == 0) {
            row.push_back(said_idle ? "" : "idle");
            said_idle = true;
        } else if (with_sums && c.totals->count(name)) {
            row.push_back(fmt_stat(name, c.metrics.at(name), sums[name], c.units));
        } else {
            row.push_back("");
        }
    }
    if (!all_online) row.push_back("");
    tab.table.add(std::move(row));
    return tab;
}

// ---- the views ----

struct View {
    Ctx& ctx;
    api::Smap smap;
    std::string tid;
    Kinds all;  // every metric's kind

    TabCtx tab_ctx(const Kinds& metrics) const {
        TabCtx c{smap, tid, metrics, std::nullopt};
        if (const std::string re = ctx.str("regex"); !re.empty()) {
            try {
                c.regex = std::regex(re, std::regex::ECMAScript | std::regex::icase);
            } catch (const std::regex_error& e) {
                throw UsageError(fmt::format("invalid --regex \"{}\": {}", re, e.what()));
            }
        }
        c.units = units(ctx);
        return c;
    }

    std::vector<NodeStatus> sample() const {
        std::vector<const api::Snode*> ts;
        for (const auto& [id, t] : smap.tmap) ts.push_back(&t);
        return fetch_node_status(ctx, ts);
    }

    // "<tag> ---------- 15:04:05.123456" (AIS's perfCptn), above each table of a refreshed view.
    void caption(const std::string& tag) const {
        const auto now = std::chrono::system_clock::now();
        const std::time_t t = std::chrono::system_clock::to_time_t(now);
        std::tm tm{};
        localtime_r(&t, &tm);
        const auto us =
            std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1'000'000;
        const std::string stamp =
            fmt::format("{:02}:{:02}:{:02}.{:06}", tm.tm_hour, tm.tm_min, tm.tm_sec, us);
        const auto dashes = static_cast<size_t>(std::max<ptrdiff_t>(
            0, 40 - static_cast<ptrdiff_t>(stamp.size()) - static_cast<ptrdiff_t>(tag.size())));
        fmt::print("{} {} {}\n", ctx.env.color_stdout() ? term::cyan(tag) : tag, std::string(dashes, '-'),
                   stamp);
    }

    void print(Tab& t) const { t.table.print(ctx.on("no-headers")); }

    void counters(const std::vector<NodeStatus>& nodes, bool with_caption) const {
        const Kinds m = counters_metrics(ctx, all);
        TabCtx c = tab_ctx(m);
        c.avg_size = ctx.on("average-size");
        Tab t = make_tab(c, nodes);
        if (with_caption) caption("counters");
        if (t.num_nz == 0 && !c.regex) {
            std::fflush(stdout);
            fmt::print(stderr, "Note: {}\n", kIdleNote);
        }
        print(t);
    }

    // Bytes per second between the samples; true when nothing moved.
    static bool to_throughput(const Kinds& m, std::vector<NodeStatus>& end,
                              const std::vector<NodeStatus>& begin, double secs) {
        const auto per = std::max<int64_t>(static_cast<int64_t>(secs), 1);
        int num = 0;
        for (size_t i = 0; i < end.size() && i < begin.size(); ++i) {
            if (!end[i].online()) continue;
            for (const auto& [name, kind] : m) {
                if (kind != kBw || (!end[i].tracker.count(name) && !begin[i].tracker.count(name))) continue;
                const int64_t d = end[i].value(name) - begin[i].value(name);
                end[i].tracker[name] = d > 0 ? d / per : 0;
                num += d > 0;
            }
        }
        return num == 0;
    }

    // Average time per request between the samples; true when nothing moved.
    static bool to_latency(const Kinds& m, std::vector<NodeStatus>& end,
                           const std::vector<NodeStatus>& begin) {
        int num = 0;
        for (size_t i = 0; i < end.size() && i < begin.size(); ++i) {
            if (!end[i].online()) continue;
            for (const auto& [name, kind] : m) {
                if (kind != kLatency && kind != kTotal) continue;
                if (!end[i].tracker.count(name) && !begin[i].tracker.count(name)) continue;
                const std::string cnt = latency_to_counter(name);
                const int64_t dn = end[i].value(cnt) - begin[i].value(cnt);
                const int64_t dt = end[i].value(name) - begin[i].value(name);
                end[i].tracker[name] = dn > 0 && dt > 0 ? dt / dn : 0;
                num += dn > 0 && dt > 0;
            }
        }
        return num == 0;
    }

    void throughput(std::vector<NodeStatus> end, const std::vector<NodeStatus>& begin, double secs) const {
        std::set<std::string> totals;
        const Kinds m = throughput_metrics(all, totals);
        TabCtx c = tab_ctx(m);
        c.avg_size = true;
        c.totals = &totals;
        c.idle = to_throughput(m, end, begin, secs);
        Tab t = make_tab(c, end);
        caption("throughput");
        print(t);
    }

    void latency(std::vector<NodeStatus> end, const std::vector<NodeStatus>& begin) const {
        const Kinds m = latency_metrics(all);
        TabCtx c = tab_ctx(m);
        c.avg_size = true;
        c.idle = to_latency(m, end, begin);
        Tab t = make_tab(c, end);
        caption("latency");
        print(t);
    }
};

// TARGET_ID (also "t[ID]"): "" when not given; proxies and unknown nodes are errors.
std::string pick_target(const Ctx& ctx, const api::Smap& smap) {
    ctx.need_args(0, 1, "[TARGET_ID]");
    if (ctx.args.empty()) return {};
    const std::string id = node_id_arg(ctx.args[0]);
    if (smap.get_target(id)) return id;
    if (const api::Snode* p = smap.get_proxy(id))
        throw Error(400, fmt::format("{} is a proxy (performance tables are per target)", p->name()));
    throw Error(404, fmt::format("node \"{}\" does not exist (see 'ais show cluster')", ctx.args[0]));
}

View make_view(Ctx& ctx) {
    View v{ctx, ctx.env.client().get_smap(), {}, {}};
    v.tid = pick_target(ctx, v.smap);
    (void)units(ctx);  // a bad --units fails before any waiting
    v.all = fetch_metric_kinds(ctx, v.smap);
    return v;
}

// Throughput and latency: the interval between samples (AIS: 1s..1m, default 5s) and the number
// of tables (--count; with --refresh alone, until interrupted).
struct Sampling {
    int64_t ms = kRefreshDefaultMs;
    int64_t count = 1;  // 0: forever
};

Sampling sampling(const Ctx& ctx) {
    Sampling s;
    if (ctx.has("refresh")) {
        s.ms = ctx.duration_ms("refresh", kRefreshDefaultMs);
        if (s.ms <= 0 || s.ms > kRefreshMaxMs)
            throw UsageError(fmt::format("invalid '--refresh' value, got {}, expecting [1s - 1m]",
                                         duration_str(s.ms * 1'000'000)));
        s.ms = std::max(s.ms, kRefreshMinMs);
        s.count = 0;
    }
    if (ctx.has("count")) s.count = long_run_args(ctx, kRefreshDefaultMs).count;  // >= 1, checked
    if (!ctx.has("refresh") && !ctx.on("non-verbose")) {
        std::fflush(stdout);
        fmt::print(stderr,
                   "Warning: for better results, use '--refresh' option and/or run several iterations\n");
    }
    return s;
}

// Runs `show(begin, end, secs)` for each pair of consecutive samples.
void sampled(
    const View& v, const Sampling& s,
    const std::function<void(const std::vector<NodeStatus>&, const std::vector<NodeStatus>&, double)>& show,
    const std::function<void(const std::vector<NodeStatus>&)>& before = {}) {
    auto begin = v.sample();
    auto t0 = Clock::now();
    for (int64_t i = 1;; ++i) {
        if (before) before(begin);
        std::fflush(stdout);
        std::this_thread::sleep_for(std::chrono::milliseconds(s.ms));
        auto end = v.sample();
        const auto t1 = Clock::now();
        show(begin, end, std::chrono::duration<double>(t1 - t0).count());
        if (s.count > 0 && i >= s.count) break;
        begin = std::move(end);
        t0 = t1;
    }
}

void counters_action(Ctx& ctx) {
    const View v = make_view(ctx);
    long_run(ctx, [&] { v.counters(v.sample(), false); });
}

void throughput_action(Ctx& ctx) {
    const View v = make_view(ctx);
    sampled(v, sampling(ctx),
            [&](const auto& begin, const auto& end, double secs) { v.throughput(end, begin, secs); });
}

void latency_action(Ctx& ctx) {
    const View v = make_view(ctx);
    sampled(v, sampling(ctx), [&](const auto& begin, const auto& end, double) { v.latency(end, begin); });
}

// All three: the counters now, then throughput and latency over the next interval.
void performance_action(Ctx& ctx) {
    const View v = make_view(ctx);
    sampled(
        v, sampling(ctx),
        [&](const auto& begin, const auto& end, double secs) {
            v.throughput(end, begin, secs);
            fmt::print("\n");
            v.latency(end, begin);
            fmt::print("\n");
        },
        [&](const auto& nodes) {
            v.counters(nodes, true);
            fmt::print("\n");
        });
}

const std::vector<std::string> kPerfFlags = {"average-size", "count",      "no-headers", "non-verbose",
                                             "refresh",      "regex-cols", "units",      "verbose"};

Command perf_view(std::string name, std::string usage, Action action) {
    std::vector<std::string> flags = kPerfFlags;
    if (name == "throughput" || name == "latency") std::erase(flags, "average-size");  // always averaged
    return Command{.name = std::move(name),
                   .usage = std::move(usage),
                   .args = "[TARGET_ID]",
                   .flags = std::move(flags),
                   .completers = {completion::nodes_of(completion::NodeSel::kTargets)},
                   .action = std::move(action)};
}

}  // namespace

Command performance_cmd() {
    Command c = perf_view("performance",
                          "show performance counters, throughput, latency, disks, used/available capacity",
                          performance_action);
    c.subs = {
        perf_view("counters",
                  "show (GET, PUT, DELETE, RENAME, EVICT, APPEND) object counts, list-objects requests, "
                  "cumulative (and --average-size) sizes, and error counters",
                  counters_action),
        perf_view("throughput",
                  "show GET and PUT throughput, associated (cumulative, average) sizes and counters",
                  throughput_action),
        perf_view("latency", "show GET, PUT, and APPEND latencies and average sizes", latency_action),
        show_storage_capacity_cmd(), show_storage_disk_cmd()};
    return c;
}

}  // namespace ais::cli
