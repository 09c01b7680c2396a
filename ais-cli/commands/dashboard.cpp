// `ais show dashboard [NODE_ID]` (= `ais cluster dashboard`): AIS's at-a-glance view of the cluster
// (cmd/cli/cli/daeclu.go, `cluDaeStatus` with its analytics), in two sections:
//   Performance and Health:  state (node alerts, warnings, maintenance, rebalance), throughput over
//                            the sampling interval, I/O errors, load average and disk usage across
//                            targets, network, mountpaths, filesystems, running jobs
//   Cluster:                 endpoint, nodes, disks, capacity, cluster map, software, backends,
//                            deployment, node status, rebalance, authentication
// Everything comes from what the nodes serve: each node's stats.NodeStatus (node_status.hpp),
// sampled twice --refresh apart (default and minimum 1s, as AIS) for the throughput; the Smap; the
// cluster config; running jobs (what=qryxstats) and the configured backends (what=backends).
// --refresh/--count repeat the report, each one measured over the interval since the previous;
// --json prints the same numbers as one document per report. With a NODE_ID (or proxy|target)
// it is `ais show cluster NODE_ID`, as in AIS.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/commands/node_status.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "ais-cli/ui/long_run.hpp"
#include "ais-cli/ui/term.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/client.hpp"
#include "shared/api/smap.hpp"
#include "shared/config/cluster_config.hpp"
#include "shared/net/http.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/units.hpp"

#include <fmt/core.h>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

namespace ais::cli {

namespace {

namespace bj = boost::json;
using Clock = std::chrono::steady_clock;

// AIS's cos.NodeStateFlags bits that the dashboard reads.
enum : int64_t {
    kRebalancing = 1 << 3,
    kRebalanceInterrupted = 1 << 4,
    kResilvering = 1 << 5,
    kResilverInterrupted = 1 << 6,
    kRestarted = 1 << 7,
    kOOS = 1 << 8,
    kOOM = 1 << 9,
    kMaintenanceMode = 1 << 10,
    kLowCapacity = 1 << 11,
    kLowMemory = 1 << 12,
    kDiskFault = 1 << 13,
    kNoMountpaths = 1 << 14,
    kNumGoroutines = 1 << 15,
};
bool is_red(int64_t f) {
    return f & (kOOS | kOOM | kLowCapacity | kLowMemory | kDiskFault | kNoMountpaths | kNumGoroutines);
}
bool is_warn(int64_t f) {
    return f & (kRebalancing | kRebalanceInterrupted | kResilvering | kResilverInterrupted | kRestarted |
                kMaintenanceMode | kLowCapacity);
}

constexpr int64_t kIntervalMs = 1000;  // AIS: throughput over 1s unless --refresh says more
constexpr size_t kLabelWidth = 24;     // values start in this column, as in AIS's output
constexpr char kIndent[] = "   ";
constexpr int64_t kRebalanceForgetNs = 5LL * 60 * 1'000'000'000;  // AIS's rebalanceForgetTime
constexpr char kRefreshNote[] =
    "for more accurate performance results, use '--refresh' option and run several iterations";

std::string plural(size_t n) {
    return n == 1 ? "" : "s";
}

// What the targets say is wrong with them (AIS's cluWarnNodes), by node name ("t[ID]").
struct Issues {
    std::vector<std::string> alerts, warnings, maintenance, decommission, rebalancing;
    size_t total = 0;  // targets

    bool any() const {
        return !alerts.empty() || !warnings.empty() || !maintenance.empty() || !decommission.empty() ||
               !rebalancing.empty();
    }
    // "Operational", or "2 nodes report alerts and/or warnings: [2 warnings 1 in maintenance]"
    std::string summary() const {
        if (!any()) return "Operational";
        std::vector<std::string> parts;
        if (!alerts.empty()) parts.push_back(fmt::format("{} alert{}", alerts.size(), plural(alerts.size())));
        if (!warnings.empty())
            parts.push_back(fmt::format("{} warning{}", warnings.size(), plural(warnings.size())));
        if (!maintenance.empty()) parts.push_back(fmt::format("{} in maintenance", maintenance.size()));
        if (!decommission.empty())
            parts.push_back(fmt::format("{} being decommissioned", decommission.size()));
        if (!rebalancing.empty())
            parts.push_back(
                rebalancing.size() == total
                    ? std::string("cluster rebalancing")
                    : fmt::format("{} node{} rebalancing", rebalancing.size(), plural(rebalancing.size())));
        std::set<std::string> affected;
        for (const auto* v : {&alerts, &warnings, &maintenance, &decommission, &rebalancing})
            affected.insert(v->begin(), v->end());
        std::string p;
        for (const auto& s : parts) p += (p.empty() ? "" : " ") + s;
        return fmt::format("{} node{} report alerts and/or warnings: [{}]", affected.size(),
                           plural(affected.size()), p);
    }
};

struct Stats3 {  // min, max, avg of a list (AIS's _calculateStats)
    bool set = false;
    double min = 0, max = 0, avg = 0;
};
Stats3 stats3(const std::vector<double>& v) {
    Stats3 s;
    if (v.empty()) return s;
    s.set = true;
    s.min = *std::min_element(v.begin(), v.end());
    s.max = *std::max_element(v.begin(), v.end());
    double sum = 0;
    for (double x : v) sum += x;
    s.avg = sum / static_cast<double>(v.size());
    return s;
}

// One report's numbers, before formatting.
struct Dashboard {
    // ---- Performance and Health ----
    Issues issues;
    int64_t read_bps = 0, write_bps = 0;
    int64_t interval_ms = kIntervalMs;
    int64_t io_errors = 0;
    Stats3 load, disk;
    bool kalive_errors = false;
    int64_t total_ops = 0;
    size_t mountpaths = 0, healthy_mountpaths = 0;
    std::map<std::string, int> fs_types;
    std::vector<std::string> running_jobs;
    // ---- Cluster ----
    std::string endpoint;
    size_t proxies = 0, active_proxies = 0, non_electable = 0;
    size_t targets = 0, active_targets = 0, disks = 0;
    bool has_capacity = false;
    uint64_t cap_used = 0, cap_avail = 0;
    int64_t pct_used = 0;
    int64_t smap_version = 0;
    std::string uuid, primary;
    std::set<std::string> versions, builds, deployments;
    std::string backend;
    std::map<std::string, size_t> statuses;  // "online" -> 3
    std::set<std::string> rebalance;
    bool rebalance_enabled = true, auth_enabled = false;
};

// What the nodes said at one moment.
struct Sample {
    api::Smap smap;
    std::vector<NodeStatus> proxies, targets;
    Clock::time_point at;
};

Sample take_sample(Ctx& ctx) {
    Sample s;
    s.smap = ctx.env.client().get_smap();
    std::vector<const api::Snode*> nodes;
    for (const auto& [id, n] : s.smap.pmap) nodes.push_back(&n);
    for (const auto& [id, n] : s.smap.tmap) nodes.push_back(&n);
    std::vector<NodeStatus> st = fetch_node_status(ctx, nodes);
    s.at = Clock::now();
    for (size_t i = 0; i < nodes.size(); ++i)
        (nodes[i]->is_target() ? s.targets : s.proxies).push_back(std::move(st[i]));
    return s;
}

// Kinds of the jobs running now; nothing when the cluster cannot say (as AIS).
std::vector<std::string> running_job_kinds(Ctx& ctx) {
    std::set<std::string> kinds;
    try {
        api::QueryMsg q;
        q.show_active = true;
        for (const auto& [tid, snaps] : ctx.env.client().job_snaps(q).by_target)
            for (const auto& s : snaps)
                if (s.running()) kinds.insert(s.kind);
    } catch (const std::exception&) {
    }
    return {kinds.begin(), kinds.end()};
}

// The configured cloud backends ("AWS, GCP"), "None", or "N/A" when the cluster cannot say.
std::string backends(Ctx& ctx) {
    static const std::map<std::string, std::string> kCloud = {
        {"aws", "AWS"}, {"gcp", "GCP"}, {"azure", "Azure"}, {"oci", "OCI"}};
    try {
        api::Client& c = ctx.env.client();
        net::Query q;
        q.add(api::qp::kWhat, api::what::kBackends);
        auto rq = c.request("GET", "/v1/cluster", q);
        const bj::value v = bj::parse(c.call(rq).body);
        std::string out;
        if (v.is_array())
            for (const auto& b : v.get_array())
                if (b.is_string())
                    if (auto it = kCloud.find(std::string(b.get_string())); it != kCloud.end())
                        out += (out.empty() ? "" : ", ") + it->second;
        return out.empty() ? "None" : out;
    } catch (const std::exception&) {
        return "N/A";
    }
}

// A target's newest rebalance as AIS's fmtRebStatus words it; "" once it is old news.
std::string reb_status(const api::JobSnap& s) {
    if (s.aborted) {
        if (s.abort_err.find("user abort") != std::string::npos || s.abort_err == "aborted by user")
            return fmt::format("user-abort({})", s.id);
        return fmt::format("aborted({}): \"{}\"", s.id, s.abort_err);
    }
    if (s.end_time == 0)
        return s.err.empty() ? fmt::format("running({})", s.id)
                             : fmt::format("running({}) with errors: \"{}\"", s.id, s.err);
    const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    if (now - s.end_time < kRebalanceForgetNs)
        return s.err.empty() ? fmt::format("finished({})", s.id)
                             : fmt::format("finished with errors({}): \"{}\"", s.id, s.err);
    return {};
}

// Sums what the targets read (GET) and wrote (PUT) between two samples, in bytes per second.
void throughput(Dashboard& d, const Sample& begin, const Sample& end) {
    const double secs = std::max(std::chrono::duration<double>(end.at - begin.at).count(), 0.001);
    int64_t rd = 0, wr = 0, kalive = 0;
    for (const auto& t : end.targets) {
        if (!t.online()) continue;
        const auto b = std::find_if(begin.targets.begin(), begin.targets.end(),
                                    [&](const NodeStatus& x) { return x.id == t.id && x.online(); });
        if (b == begin.targets.end()) continue;
        rd += std::max<int64_t>(0, t.value("get.size") - b->value("get.size"));
        wr += std::max<int64_t>(0, t.value("put.size") - b->value("put.size"));
        kalive += std::max<int64_t>(0, t.value("err.kalive.n") - b->value("err.kalive.n"));
    }
    d.read_bps = static_cast<int64_t>(std::llround(static_cast<double>(rd) / secs));
    d.write_bps = static_cast<int64_t>(std::llround(static_cast<double>(wr) / secs));
    d.kalive_errors = kalive > 0;
}

// Everything but the throughput, from the second sample.
void analyze(Ctx& ctx, Dashboard& d, const Sample& s) {
    const api::Smap& smap = s.smap;
    d.issues.total = s.targets.size();
    std::vector<double> loads, disks;
    std::set<std::pair<std::string, std::string>> seen_fs, seen_disks;  // (host, fs|disk)
    for (const auto& t : s.targets) {
        const api::Snode* sn = smap.get_node(t.id);
        if (sn && (sn->flags & api::Snode::kDecommission)) d.issues.decommission.push_back(t.name);
        if (sn && (sn->flags & api::Snode::kMaintenance)) d.issues.maintenance.push_back(t.name);
        if (is_red(t.state_flags)) d.issues.alerts.push_back(t.name);
        if (t.state_flags & kRebalancing) d.issues.rebalancing.push_back(t.name);
        if (is_warn(t.state_flags)) d.issues.warnings.push_back(t.name);
        if (!t.online()) continue;

        d.io_errors += t.value("err.io.get.n") + t.value("err.io.put.n") + t.value("err.io.del.n");
        d.total_ops += t.value("get.n") + t.value("put.n");
        if (t.has_load_avg) loads.push_back(t.load_avg_1m);

        // Disk usage: each filesystem of the target once. Capacity and disks: each filesystem of
        // a host once (targets of one machine share its filesystems, as on a local playground).
        const std::string host = sn ? sn->public_net.node_ip_addr : t.id;
        std::set<std::string> node_fs;
        double pct_sum = 0;
        int pct_n = 0;
        for (const auto& [path, c] : t.capacity.mountpaths) {
            ++d.mountpaths;
            ++d.healthy_mountpaths;  // the nodes report no per-disk alerts
            ++d.fs_types[c.fs_type.empty() ? "-" : c.fs_type];
            const std::string fs = c.fs.empty() ? path : c.fs;
            if (node_fs.insert(fs).second && c.pct_used > 0) {
                pct_sum += c.pct_used;
                ++pct_n;
            }
            if (seen_fs.emplace(host, fs).second) {
                d.has_capacity = true;
                d.cap_used += c.used;
                d.cap_avail += c.avail;
                for (const auto& disk : c.disks)
                    if (seen_disks.emplace(host, disk).second) ++d.disks;
            }
        }
        if (pct_n > 0) disks.push_back(pct_sum / pct_n);
        if (t.reb_snap)
            if (std::string r = reb_status(*t.reb_snap); !r.empty()) d.rebalance.insert(r);
    }
    d.load = stats3(loads);
    d.disk = stats3(disks);
    if (d.cap_used + d.cap_avail == 0) d.has_capacity = false;
    if (d.has_capacity) {
        const uint64_t total = d.cap_used + d.cap_avail;
        d.pct_used = static_cast<int64_t>(d.cap_used * 100 / total);
        if (d.pct_used > 60)  // AIS adds precision up there
            d.pct_used = static_cast<int64_t>(std::ceil(static_cast<double>(d.cap_used) * 100 / total));
    }

    d.endpoint = ctx.env.endpoint();
    d.proxies = smap.pmap.size();
    d.targets = smap.tmap.size();
    for (const auto& [id, p] : smap.pmap) {
        if (!p.in_maint_or_decomm()) ++d.active_proxies;
        if (p.flags & api::Snode::kNonElectable) ++d.non_electable;
    }
    d.active_targets = smap.count_active_targets();
    d.smap_version = smap.version;
    d.uuid = smap.uuid;
    d.primary = smap.primary.name();
    for (const auto* group : {&s.proxies, &s.targets})
        for (const auto& n : *group) {
            if (!n.version.empty()) d.versions.insert(n.version);
            if (!n.build_time.empty()) d.builds.insert(n.build_time);
            if (!n.deployment.empty()) d.deployments.insert(n.deployment);
            ++d.statuses[n.status.empty() || n.status.front() == '[' ? "offline" : n.status];
        }
}

// AIS's toString of a list: "-" for none, the one, or "[a, b]".
std::string one_or_list(const std::set<std::string>& v, const std::string& none = "-") {
    if (v.empty()) return none;
    if (v.size() == 1) return *v.begin();
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return "[" + s + "]";
}

// "dev" for a deployment we cannot tell (AIS's apc.DeploymentDev); Kubernetes says "K8s".
std::string deployment_str(const Dashboard& d) {
    return d.deployments.count("K8s") ? std::string("K8s") : std::string("dev");
}

std::string rebalance_str(const Dashboard& d) {
    std::string out = one_or_list(d.rebalance, "n/a");
    if (d.rebalance_enabled) return out;
    return out == "n/a" ? std::string("disabled") : out + " (disabled)";
}

std::string status_str(const Dashboard& d) {
    std::set<std::string> parts;
    for (const auto& [st, n] : d.statuses) parts.insert(fmt::format("{} {}", n, st));
    return one_or_list(parts);
}

std::string proxies_str(const Dashboard& d) {  // AIS's fmtProxiesSumm
    if (d.proxies != d.active_proxies)
        return fmt::format("{} ({} inactive)", d.proxies, d.proxies - d.active_proxies);
    if (d.non_electable == 0)
        return d.proxies == 1 ? std::string("1") : fmt::format("{} (all electable)", d.proxies);
    return fmt::format("{} ({} unelectable)", d.proxies, d.non_electable);
}

std::string targets_str(const Dashboard& d) {  // AIS's fmtTargetsSumm
    std::string disks;
    if (d.disks > 0) {
        if (d.active_targets > 1 && d.disks > 1)
            disks = fmt::format(" (total disks: {})", d.disks);
        else if (d.disks > 1)
            disks = fmt::format(" (num disks: {})", d.disks);
        else
            disks = " (one disk)";
    }
    if (d.targets != d.active_targets)
        return fmt::format("{} ({} inactive){}", d.targets, d.targets - d.active_targets, disks);
    return fmt::format("{}{}", d.targets, disks);
}

std::string secs_label(int64_t ms) {
    return fmt::format("{:.0f}s avg", static_cast<double>(ms) / 1000);
}

// AIS: keep-alive errors (ours: err.kalive.n grew over the interval), else healthy once the
// targets have served any GET or PUT, else idle.
std::string network_str(const Dashboard& d) {
    if (d.kalive_errors)
        return fmt::format("keep-alive errors (last {:.0f}s)", static_cast<double>(d.interval_ms) / 1000);
    return d.total_ops > 0 ? "healthy" : "cluster is idle";
}

// ---- text ----

class Out {
  public:
    explicit Out(bool color) : color_(color) {}
    void title(const std::string& t) { text_ += (color_ ? term::blue(t) : t) + "\n"; }
    void line(const std::string& label, const std::string& value, int indent = 1) {
        std::string l;
        for (int i = 0; i < indent; ++i) l += kIndent;
        l += label;
        l += std::string(l.size() < kLabelWidth ? kLabelWidth - l.size() : 1, ' ');
        text_ += l + value + "\n";
    }
    void raw(const std::string& s) { text_ += s; }
    std::string red(const std::string& s) const { return color_ ? term::red(s) : s; }
    std::string green(const std::string& s) const { return color_ ? term::green(s) : s; }
    std::string cyan(const std::string& s) const { return color_ ? term::cyan(s) : s; }
    const std::string& text() const { return text_; }

  private:
    bool color_;
    std::string text_;
};

std::string rate_str(const Ctx& ctx, int64_t bps) {
    const Units u = units(ctx);
    return (u == Units::kRaw ? fmt::format("{}B", bps) : fmt_size(bps, u, 1)) + "/s";
}

std::string render_text(const Ctx& ctx, const Dashboard& d) {
    Out o(ctx.env.color_stdout());
    const bool headers = !ctx.on("no-headers"), verbose = ctx.on("verbose");
    if (headers) o.title("Performance and Health:");
    o.line("State:", d.issues.any() ? o.cyan(d.issues.summary()) : o.green(d.issues.summary()));
    if (d.issues.any() && !verbose) o.line("Details:", "Use '--verbose' for detailed breakdown", 2);
    if (d.read_bps > 0 || d.write_bps > 0)
        o.line("Throughput:", fmt::format("Read {}, Write {} ({})", rate_str(ctx, d.read_bps),
                                          rate_str(ctx, d.write_bps), secs_label(d.interval_ms)));
    o.line("I/O Errors:", d.io_errors > 0 ? o.red(std::to_string(d.io_errors)) : o.green("0"));
    if (d.load.set)
        o.line("Load Avg:",
               fmt::format("avg {:.1f}, min {:.1f}, max {:.1f} (1m)", d.load.avg, d.load.min, d.load.max));
    if (d.disk.set)
        o.line("Disk Usage:",
               fmt::format("avg {:.1f}%, min {:.1f}%, max {:.1f}%", d.disk.avg, d.disk.min, d.disk.max));
    o.line("Network:", d.kalive_errors   ? o.red(network_str(d))
                       : d.total_ops > 0 ? o.green(network_str(d))
                                         : network_str(d));
    if (d.mountpaths > d.healthy_mountpaths)
        o.line("Storage:", fmt::format("{} mountpaths ({} healthy, {} warnings)", d.mountpaths,
                                       d.healthy_mountpaths, d.mountpaths - d.healthy_mountpaths));
    else
        o.line("Storage:", fmt::format("{} mountpaths (all healthy)", d.mountpaths));
    if (!d.fs_types.empty()) {
        std::string fs;
        for (const auto& [type, n] : d.fs_types)
            fs += (fs.empty() ? "" : ", ") + fmt::format("{}({})", type, n);
        o.line("Filesystems:", fs);
    }
    std::string jobs;
    for (const auto& k : d.running_jobs) jobs += (jobs.empty() ? "" : ", ") + k;
    o.line("Running Jobs:", jobs.empty() ? "None" : jobs);
    o.raw("\n");

    if (verbose) {  // AIS's GetDetailedStatus
        if (!d.issues.any()) {
            o.raw(o.green("All nodes operational") + "\n\n");
        } else {
            o.title("CLUSTER HEALTH DETAILS:");
            auto add = [&](const char* kind, const std::vector<std::string>& nodes) {
                if (nodes.empty()) return;
                std::string list;
                for (const auto& n : nodes) list += (list.empty() ? "" : ", ") + n;
                o.raw(fmt::format("{:<20} {}\n",
                                  fmt::format("{} ({}/{}):", kind, nodes.size(), d.issues.total), list));
            };
            add("Alerts", d.issues.alerts);
            add("Warnings", d.issues.warnings);
            add("Maintenance", d.issues.maintenance);
            add("Decommission", d.issues.decommission);
            add("Rebalancing", d.issues.rebalancing);
            o.raw("\n");
        }
    }

    if (headers) o.title("Cluster:");
    o.line("Endpoint:", d.endpoint);
    o.line("Proxies:", proxies_str(d));
    o.line("Targets:", targets_str(d));
    o.line("Capacity:", d.has_capacity ? fmt::format("used {} ({}%), available {}", size_str(ctx, d.cap_used),
                                                     d.pct_used, size_str(ctx, d.cap_avail))
                                       : std::string("-"));
    o.line("Cluster Map:", fmt::format("version {}, UUID {}, primary {}", d.smap_version, d.uuid, d.primary));
    const std::string version = d.versions.size() == 1 ? *d.versions.begin() : "";
    const std::string build = d.builds.size() == 1 ? *d.builds.begin() : "";
    o.line("Software:", version.empty() ? "-" : version + " (build: " + (build.empty() ? "-" : build) + ")");
    o.line("Backend:", d.backend);
    o.line("Deployment:", deployment_str(d));
    o.line("Status:", status_str(d));
    o.line("Rebalance:", rebalance_str(d));
    o.line("Authentication:", d.auth_enabled ? "enabled" : "disabled");
    o.line("Version:", one_or_list(d.versions));
    o.line("Build:", one_or_list(d.builds));
    return o.text();
}

// ---- JSON: the same numbers, raw ----

bj::array str_array(const std::vector<std::string>& v) {
    bj::array a;
    for (const auto& s : v) a.emplace_back(s);
    return a;
}
bj::array str_array(const std::set<std::string>& v) {
    return str_array(std::vector<std::string>(v.begin(), v.end()));
}

bj::value stats_json(const Stats3& s) {
    if (!s.set) return nullptr;
    return bj::object{{"avg", s.avg}, {"min", s.min}, {"max", s.max}};
}

std::string render_json(const Dashboard& d) {
    bj::object ph;
    ph["state"] = d.issues.summary();
    ph["issues"] = bj::object{{"alerts", str_array(d.issues.alerts)},
                              {"warnings", str_array(d.issues.warnings)},
                              {"maintenance", str_array(d.issues.maintenance)},
                              {"decommission", str_array(d.issues.decommission)},
                              {"rebalancing", str_array(d.issues.rebalancing)}};
    ph["throughput"] =
        bj::object{{"read_bps", d.read_bps}, {"write_bps", d.write_bps}, {"interval_ms", d.interval_ms}};
    ph["io_errors"] = d.io_errors;
    ph["load_avg_1m"] = stats_json(d.load);
    ph["disk_usage_pct"] = stats_json(d.disk);
    ph["network"] = network_str(d);
    ph["storage"] = bj::object{{"mountpaths", d.mountpaths}, {"healthy", d.healthy_mountpaths}};
    bj::object fs;
    for (const auto& [type, n] : d.fs_types) fs[type] = n;
    ph["filesystems"] = std::move(fs);
    ph["running_jobs"] = str_array(d.running_jobs);

    bj::object cl;
    cl["endpoint"] = d.endpoint;
    cl["proxies"] =
        bj::object{{"count", d.proxies}, {"active", d.active_proxies}, {"non_electable", d.non_electable}};
    cl["targets"] = bj::object{{"count", d.targets}, {"active", d.active_targets}, {"disks", d.disks}};
    cl["capacity"] =
        d.has_capacity
            ? bj::value(bj::object{{"used", d.cap_used}, {"avail", d.cap_avail}, {"pct_used", d.pct_used}})
            : bj::value(nullptr);
    cl["smap"] = bj::object{{"version", d.smap_version}, {"uuid", d.uuid}, {"primary", d.primary}};
    cl["versions"] = str_array(d.versions);
    cl["builds"] = str_array(d.builds);
    cl["backend"] = d.backend;
    cl["deployment"] = deployment_str(d);
    bj::object st;
    for (const auto& [s, n] : d.statuses) st[s] = n;
    cl["status"] = std::move(st);
    cl["rebalance"] = rebalance_str(d);
    cl["authentication"] = d.auth_enabled ? "enabled" : "disabled";

    return bj::serialize(bj::object{{"performance_and_health", std::move(ph)}, {"cluster", std::move(cl)}});
}

void dashboard_action(Ctx& ctx) {
    ctx.need_args(0, 2, "[NODE_ID]");
    if (!ctx.args.empty()) {  // one node (or proxy|target): AIS shows its `show cluster` table
        long_run(ctx, [&] { show_cluster(ctx); });
        return;
    }
    const LongRunArgs lr = long_run_args(ctx, kIntervalMs);
    const int64_t interval_ms = std::max(lr.refresh_ms, kIntervalMs);  // AIS: at least 1s
    (void)units(ctx);  // a bad --units fails before any waiting
    const bool json = ctx.on("json");
    if (!lr.refresh_set) {
        std::fflush(stdout);
        fmt::print(stderr, "Note: {}\n", kRefreshNote);
    }
    Sample prev = take_sample(ctx);
    for (int64_t i = 1;; ++i) {
        std::fflush(stdout);
        std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
        Sample cur = take_sample(ctx);
        Dashboard d;
        d.interval_ms = interval_ms;
        throughput(d, prev, cur);
        analyze(ctx, d, cur);
        d.running_jobs = running_job_kinds(ctx);
        d.backend = backends(ctx);
        const config::ClusterConfig cfg = ctx.env.client().get_cluster_config();
        d.auth_enabled = cfg.auth.enabled;
        d.rebalance_enabled = cfg.rebalance.enabled;
        if (json) {
            print_json(render_json(d));
        } else {
            const std::string text = render_text(ctx, d);
            std::fwrite(text.data(), 1, text.size(), stdout);
        }
        if (lr.count > 0 && i >= lr.count) break;
        if (!json) fmt::print("\n");
        prev = std::move(cur);
    }
}

}  // namespace

Command dashboard_cmd() {
    return Command{
        .name = "dashboard",
        .usage =
            "show cluster at-a-glance dashboard: node counts, capacity, performance, health, software "
            "version, and more",
        .args = "[NODE_ID]",
        .flags = {"count", "json", "no-headers", "refresh", "units", "verbose"},
        .completers = {completion::merge({completion::words({"proxy", "target"}), completion::nodes()}),
                       completion::nodes()},
        .action = dashboard_action,
        .description =
            "Throughput is measured between two samples of the targets' counters, --refresh apart "
            "(default and minimum: 1s); with --refresh and/or --count the report repeats, each one "
            "over the interval since the previous. --verbose adds the nodes behind the State line."};
}

}  // namespace ais::cli
