// `ais cluster`: the nodes of the cluster. Without a subcommand it lists them (`ais show cluster`);
// its subcommands change membership and the primary (membership.cpp) and control rebalance.
// The node tables follow AIS's (cmd/cli/teb): memory, CPU and, for targets, capacity from
// GET /v1/cluster?what=sysinfo; uptime and version from each node directly.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/ui/env.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/client.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/smap.hpp"
#include "shared/net/http.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"
#include "shared/util/units.hpp"

#include <fmt/core.h>
#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <thread>

namespace ais::cli {

namespace {

namespace bj = boost::json;

// What a node says about itself when asked directly.
struct Probe {
    bool online = false;
    int64_t uptime_ns = 0;
    std::string version;
    int mountpaths = -1;
};

std::vector<Probe> probe_nodes(Ctx& ctx, const std::vector<const api::Snode*>& nodes) {
    std::vector<Probe> out(nodes.size());
    std::vector<std::thread> thr;
    for (size_t i = 0; i < nodes.size(); ++i) {
        thr.emplace_back([&, i] {
            try {
                auto c = ctx.env.node_client(nodes[i]->public_net.direct_url);
                c->http();
                auto rq = c->request("GET", "/v1/health");
                rq.max_retries = 0;
                auto resp = c->call(rq);
                out[i].online = true;
                if (auto up = parse_int(resp.headers.get(api::hdr::kNodeUptime))) out[i].uptime_ns = *up;
                net::Query q;
                q.add(api::qp::kWhat, api::what::kSoftwareVersion);
                auto vr = c->request("GET", "/v1/daemon", q);
                vr.max_retries = 0;
                out[i].version = c->call(vr).body;
                if (nodes[i]->is_target()) {
                    net::Query mq;
                    mq.add(api::qp::kWhat, api::what::kMountpaths);
                    auto mr = c->request("GET", "/v1/daemon", mq);
                    mr.max_retries = 0;
                    auto v = bj::parse(c->call(mr).body);
                    if (auto* a = v.as_object().if_contains("available"); a && a->is_array())
                        out[i].mountpaths = static_cast<int>(a->as_array().size());
                }
            } catch (const std::exception&) {
                // offline, or an older node without some of the above
            }
        });
    }
    for (auto& t : thr) t.join();
    return out;
}

// One node's AIS MemCPUInfo (+ CapacityInfo on targets).
struct SysInfo {
    double pct_mem_used = 0;
    int64_t mem_avail = 0;
    int64_t cpu_util = 0;
    double load[3] = {0, 0, 0};
    bool has_cap = false;
    int64_t fs_used = 0, fs_capacity = 0;
    double pct_fs_used = 0;
};

double num(const bj::object& o, std::string_view k) {
    const bj::value* v = o.if_contains(k);
    if (!v) return 0;
    if (v->is_double()) return v->as_double();
    if (v->is_int64()) return double(v->as_int64());
    if (v->is_uint64()) return double(v->as_uint64());
    if (v->is_string()) {  // AIS's ",string" sizes
        auto n = parse_int(std::string_view(v->as_string()));
        return n ? double(*n) : 0;
    }
    return 0;
}

// GET /v1/cluster?what=sysinfo: node id -> its sysinfo. Empty when the proxy cannot say.
std::map<std::string, SysInfo> cluster_sysinfo(Ctx& ctx) {
    std::map<std::string, SysInfo> out;
    try {
        auto c = ctx.env.new_client();  // runs beside the probes: a client of its own
        net::Query q;
        q.add(api::qp::kWhat, api::what::kSysInfo);
        auto rq = c->request("GET", "/v1/cluster", q);
        auto v = bj::parse(c->call(rq).body);
        for (const char* role : {"proxy", "target"}) {
            const bj::value* m = v.as_object().if_contains(role);
            if (!m || !m->is_object()) continue;
            for (const auto& kv : m->as_object()) {
                if (!kv.value().is_object()) continue;
                const bj::object& o = kv.value().as_object();
                SysInfo s;
                s.pct_mem_used = num(o, "pct_mem_used");
                s.mem_avail = static_cast<int64_t>(num(o, "mem_avail"));
                s.cpu_util = static_cast<int64_t>(num(o, "cpu_util"));
                if (const bj::value* la = o.if_contains("load_avg"); la && la->is_object()) {
                    s.load[0] = num(la->as_object(), "One");
                    s.load[1] = num(la->as_object(), "Five");
                    s.load[2] = num(la->as_object(), "Fifteen");
                }
                if (o.contains("fs_capacity")) {
                    s.has_cap = true;
                    s.fs_used = static_cast<int64_t>(num(o, "fs_used"));
                    s.fs_capacity = static_cast<int64_t>(num(o, "fs_capacity"));
                    s.pct_fs_used = num(o, "pct_fs_used");
                }
                out[std::string(kv.key())] = s;
            }
        }
    } catch (const std::exception&) {
        // an older proxy, or none answering: the columns show "-"
    }
    return out;
}

std::string uptime_str(int64_t ns) {
    if (ns <= 0) return "-";
    return duration_str(ns / 1'000'000'000 * 1'000'000'000);
}

const api::Snode* find_node(const api::Smap& smap, std::string_view arg) {
    return smap.get_node(node_id_arg(arg));
}

}  // namespace

void show_cluster(Ctx& ctx) {
    ctx.need_args(0, 2, "[NODE_ID | proxy | target]");
    api::Client& c = ctx.env.client();
    const api::Smap smap = c.get_smap();
    if (ctx.on("json")) {
        print_json(api::to_json(smap));
        return;
    }
    bool want_proxies = true, want_targets = true;
    const api::Snode* only = nullptr;
    if (!ctx.args.empty()) {
        const std::string& a = ctx.args[0];
        if (a == "proxy") {
            want_targets = false;
        } else if (a == "target") {
            want_proxies = false;
        } else if (!(only = find_node(smap, a))) {
            throw Error(404, "node \"" + a + "\" does not exist (see 'ais show cluster')");
        }
        if (ctx.args.size() > 1) {
            if (!(only = find_node(smap, ctx.args[1])))
                throw Error(404, "node \"" + ctx.args[1] + "\" does not exist");
        }
    }
    std::vector<const api::Snode*> proxies, targets;
    for (const auto& [id, n] : smap.pmap)
        if (want_proxies && (!only || only == &n)) proxies.push_back(&n);
    for (const auto& [id, n] : smap.tmap)
        if (want_targets && (!only || only == &n)) targets.push_back(&n);
    std::vector<const api::Snode*> all = proxies;
    all.insert(all.end(), targets.begin(), targets.end());
    std::map<std::string, SysInfo> sys;
    std::vector<Probe> probes;
    {
        std::thread t([&] { sys = cluster_sysinfo(ctx); });
        probes = probe_nodes(ctx, all);
        t.join();
    }
    const bool no_headers = ctx.on("no-headers"), verbose = ctx.on("verbose");
    size_t online = 0;
    std::set<std::string> versions;
    for (const auto& p : probes) {
        online += p.online;
        if (!p.version.empty()) versions.insert(p.version);
    }
    const bool show_version = versions.size() > 1;  // AIS: hidden while every node runs the same one
    auto status = [&](const api::Snode& n, const Probe& p) {
        if (n.flags & api::Snode::kDecommission) return std::string("decommissioning");
        if (n.flags & api::Snode::kMaintenance) return std::string("maintenance");
        return std::string(p.online ? "online" : "offline");
    };
    // MEM USED(%) MEM AVAIL [CAP USED(%) CAP AVAIL] SYS CPU(%) [LOAD AVERAGE]
    auto sys_cells = [&](const api::Snode& n, const Probe& p, bool target) {
        std::vector<std::string> cells;
        auto it = sys.find(n.daemon_id);
        const SysInfo* s = (p.online && it != sys.end()) ? &it->second : nullptr;
        cells.push_back(s ? fmt::format("{:.2f}%", s->pct_mem_used) : "-");
        cells.push_back(s ? size_str(ctx, s->mem_avail) : "-");
        if (target) {
            const bool cap = s && s->has_cap && s->fs_capacity > 0;
            cells.push_back(cap ? fmt::format("{}%", static_cast<int64_t>(s->pct_fs_used)) : "-");
            cells.push_back(cap ? size_str(ctx, s->fs_capacity - s->fs_used) : "-");
        }
        cells.push_back(s ? fmt::format("{}%", s->cpu_util) : "-");
        if (verbose)
            cells.push_back(s ? fmt::format("[{:.1f} {:.1f} {:.1f}]", s->load[0], s->load[1], s->load[2])
                              : "-");
        return cells;
    };
    auto headers = [&](const char* first, bool target) {
        std::vector<std::string> h = {first, "MEM USED(%)", "MEM AVAIL"};
        if (target) h.insert(h.end(), {"CAP USED(%)", "CAP AVAIL"});
        h.push_back("SYS CPU(%)");
        if (verbose) h.push_back("LOAD AVERAGE");
        h.insert(h.end(), {"UPTIME", "STATUS"});
        if (show_version) h.push_back("VERSION");
        return h;
    };
    size_t i = 0;
    auto print = [&](const std::vector<const api::Snode*>& nodes, const char* first, bool target) {
        std::vector<std::string> h = headers(first, target);
        Table t(h);
        for (const auto* n : nodes) {
            const Probe& p = probes[i++];
            std::vector<std::string> row = {n->name() + (smap.is_primary(n->daemon_id) ? "[P]" : "")};
            for (auto& cell : sys_cells(*n, p, target)) row.push_back(std::move(cell));
            row.push_back(uptime_str(p.uptime_ns));
            row.push_back(status(*n, p));
            if (show_version) row.push_back(p.version.empty() ? "-" : p.version);
            t.add(std::move(row));
        }
        const size_t status_col = static_cast<size_t>(std::find(h.begin(), h.end(), "STATUS") - h.begin());
        t.hide_uniform_column(status_col, "online");
        t.print(no_headers);
    };
    if (!proxies.empty()) print(proxies, "PROXY", false);
    if (!targets.empty()) {
        if (!proxies.empty()) fmt::print("\n");
        print(targets, "TARGET", true);
    }
    if (only || no_headers) return;
    int mpaths = 0;
    for (size_t k = proxies.size(); k < probes.size(); ++k) mpaths += std::max(0, probes[k].mountpaths);
    int64_t cap_used = 0, cap_total = 0;
    for (const auto* t : targets)
        if (auto it = sys.find(t->daemon_id); it != sys.end() && it->second.has_cap) {
            cap_used += it->second.fs_used;
            cap_total += it->second.fs_capacity;
        }
    std::string ver;
    for (const auto& v : versions) ver += (ver.empty() ? "" : ", ") + v;
    Table s({"", ""});
    s.add({"   Proxies:", std::to_string(smap.pmap.size())});
    s.add({"   Targets:",
           std::to_string(smap.tmap.size()) + (mpaths ? fmt::format(" (mountpaths: {})", mpaths) : "")});
    if (cap_total > 0)
        s.add({"   Capacity:", fmt::format("used {} ({}%), available {}", size_str(ctx, cap_used),
                                           cap_used * 100 / cap_total, size_str(ctx, cap_total - cap_used))});
    s.add({"   Cluster Map:",
           fmt::format("version {}, UUID {}, primary {}", smap.version, smap.uuid, smap.primary.name())});
    s.add({"   Status:", fmt::format("{} online", online) +
                             (online < all.size() ? fmt::format(", {} offline", all.size() - online) : "")});
    s.add({"   Version:", ver.empty() ? "-" : ver});
    fmt::print("\nSummary:\n");
    s.print(true);
}

Command cluster_cmd() {
    Command show = show_cluster_cmd();
    show.name = "show";
    show.usage = "show proxies and targets (same as 'ais show cluster')";
    Command c = show_cluster_cmd();  // `ais cluster [NODE_ID]` lists nodes, like `ais show cluster`
    c.name = "cluster";
    c.usage = "list the cluster's nodes; show its map, bucket metadata and configuration";
    c.subs.insert(c.subs.begin(), show);
    c.subs.push_back(dashboard_cmd());
    c.subs.push_back(cluster_rebalance_cmd());
    c.subs.push_back(set_primary_cmd());
    c.subs.push_back(cluster_shutdown_cmd());
    c.subs.push_back(cluster_decommission_cmd());
    c.subs.push_back(membership_cmd());
    return c;
}

}  // namespace ais::cli
