// `ais show storage [disk|capacity]`: see storage_disk.hpp. Column names, the totals row and
// the --summary collapse follow AIS's CLI (cmd/cli/teb disk and mountpath tables).
#include "ais-cli/commands/storage_disk.hpp"

#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "ais-cli/ui/long_run.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/client.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/disk.hpp"
#include "shared/api/smap.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <functional>
#include <regex>
#include <set>
#include <thread>

namespace ais::cli {

namespace {

constexpr char kClusterTotal[] = "--- Cluster:";  // the totals row, all targets
constexpr char kTargetTotal[] = "------- Sum:";   // the totals row, one target
constexpr char kUnknown[] = "-";

struct TargetStats {
    std::string id;
    std::string name;  // "t[ID]"
    api::TargetDiskStats st;
};

// TARGET_ID (also "t[ID]") -> the target's id; "" when not given. Proxies and unknown or
// inactive nodes are errors, worded as AIS words them.
std::string pick_target(const Ctx& ctx, const api::Smap& smap) {
    ctx.need_args(0, 1, "[TARGET_ID]");
    if (ctx.args.empty()) return {};
    const std::string id = node_id_arg(ctx.args[0]);
    if (const api::Snode* t = smap.get_target(id)) {
        if (t->in_maint_or_decomm())
            throw Error(
                400, fmt::format("target {} is currently in maintenance or being decommissioned", t->name()));
        return id;
    }
    if (const api::Snode* p = smap.get_proxy(id))
        throw Error(400,
                    fmt::format("{} is a 'proxy' aka gateway (AIS gateways do not store user data and do not "
                                "have any data drives)",
                                p->name()));
    throw Error(404, fmt::format("node \"{}\" does not exist", ctx.args[0]));
}

// Asks every active target (or `only`) at once, through the proxy.
std::vector<TargetStats> fetch(Ctx& ctx, const api::Smap& smap, const std::string& only) {
    std::vector<TargetStats> out;
    for (const auto& [id, t] : smap.tmap) {  // sorted by id
        if ((!only.empty() && id != only) || (only.empty() && t.in_maint_or_decomm())) continue;
        out.push_back(TargetStats{id, t.name(), {}});
    }
    if (out.empty()) throw Error(404, "no active targets in the cluster");
    std::vector<std::exception_ptr> errs(out.size());
    std::vector<std::thread> thr;
    for (size_t i = 0; i < out.size(); ++i) {
        thr.emplace_back([&, i] {
            try {
                auto c = ctx.env.new_client();
                net::Query q;
                q.add(api::qp::kWhat, api::what::kDisk);
                auto rq = c->request("GET", "/v1/reverse/daemon", q);
                rq.headers.add(api::hdr::kNodeId, out[i].id);
                api::from_json(c->call(rq).body, out[i].st);
            } catch (...) {
                errs[i] = std::current_exception();
            }
        });
    }
    for (auto& t : thr) t.join();
    for (size_t i = 0; i < errs.size(); ++i) {
        if (!errs[i]) continue;
        try {
            std::rethrow_exception(errs[i]);
        } catch (const Error& e) {
            throw Error(e.status(), out[i].name + ": " + e.what());
        } catch (const std::exception& e) {
            throw Error(500, out[i].name + ": " + e.what());
        }
    }
    return out;
}

// --regex: the table's optional columns whose name matches (case-insensitively), as AIS's --regex
// selects columns; `fixed` columns always stay.
std::vector<bool> select_columns(const Ctx& ctx, const std::vector<std::string>& cols,
                                 const std::set<std::string>& fixed) {
    std::vector<bool> keep(cols.size(), true);
    const std::string re = ctx.str("regex");
    if (re.empty()) return keep;
    std::regex rx;
    try {
        rx = std::regex(re, std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error& e) {
        throw UsageError(fmt::format("invalid --regex \"{}\": {}", re, e.what()));
    }
    for (size_t i = 0; i < cols.size(); ++i) keep[i] = fixed.count(cols[i]) || std::regex_search(cols[i], rx);
    return keep;
}

void print_table(const Ctx& ctx, const std::vector<std::string>& cols, const std::vector<bool>& keep,
                 const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::string> hdr;
    for (size_t i = 0; i < cols.size(); ++i)
        if (keep[i]) hdr.push_back(cols[i]);
    Table t(hdr);
    for (const auto& r : rows) {
        std::vector<std::string> cells;
        for (size_t i = 0; i < cols.size() && i < r.size(); ++i)
            if (keep[i]) cells.push_back(r[i]);
        t.add(std::move(cells));
    }
    t.print(ctx.on("no-headers"));
}

int64_t div_round(int64_t n, int64_t d) {
    return d ? (n + d / 2) / d : 0;
}

// ---- disks ----

struct DiskRow {
    std::string target;  // "t[ID]" or a totals caption
    std::string disk;
    api::DiskStat s;
    const api::MpathCdf* cap = nullptr;  // the mountpath on this disk, if any
};

void show_disks(Ctx& ctx, const std::vector<TargetStats>& ts, bool one_target) {
    const Units u = units(ctx);
    std::vector<DiskRow> rows;
    bool with_cap = false;
    for (const auto& t : ts) {
        if (t.st.disks.empty() && !t.st.mountpaths.empty()) {
            std::fflush(stdout);
            fmt::print(stderr, "Warning: {}: no disks found under its mountpaths\n", t.name);
        }
        std::vector<DiskRow> mine;
        for (const auto& [name, s] : t.st.disks) {
            DiskRow r{t.name, name, s, nullptr};
            for (const auto& [mp, c] : t.st.mountpaths)  // AIS: the mountpath whose first disk this is
                if (!c.disks.empty() && c.disks[0] == name) {
                    r.cap = &c;
                    with_cap = true;
                    break;
                }
            mine.push_back(r);
        }
        if (ctx.on("summary") && !mine.empty()) {
            const auto n = static_cast<int64_t>(mine.size());
            DiskRow sum{t.name, fmt::format("({} disk{})", n, n == 1 ? "" : "s"), {}, nullptr};
            for (const auto& r : mine) {
                sum.s.rbps += r.s.rbps;
                sum.s.wbps += r.s.wbps;
                sum.s.ravg += r.s.ravg;
                sum.s.wavg += r.s.wavg;
                sum.s.util += r.s.util;
            }
            sum.s.ravg = div_round(sum.s.ravg, n);
            sum.s.wavg = div_round(sum.s.wavg, n);
            sum.s.util = div_round(sum.s.util, n);
            mine = {sum};
        }
        rows.insert(rows.end(), mine.begin(), mine.end());
    }
    const bool with_total = rows.size() > 1;
    if (with_total) {
        const auto n = static_cast<int64_t>(rows.size());
        DiskRow tot{one_target ? kTargetTotal : kClusterTotal, "", {}, nullptr};
        for (const auto& r : rows) {
            tot.s.rbps += r.s.rbps;
            tot.s.wbps += r.s.wbps;
            tot.s.ravg += r.s.ravg;
            tot.s.wavg += r.s.wavg;
            tot.s.util += r.s.util;
        }
        tot.s.ravg = div_round(tot.s.ravg, n);
        tot.s.wavg = div_round(tot.s.wavg, n);
        tot.s.util = div_round(tot.s.util, n);
        rows.push_back(tot);
    }
    std::vector<std::string> cols = {"TARGET",          "DISK",   "READ", "READ(avg size)", "WRITE",
                                     "WRITE(avg size)", "UTIL(%)"};
    if (with_cap) {
        cols.push_back("CAP USED(%)");
        cols.push_back("CAP AVAIL");
    }
    const auto keep = select_columns(ctx, cols, {"TARGET", "DISK"});
    auto rate = [&](int64_t bps) { return fmt_size(bps, u) + (u == Units::kRaw ? "" : "/s"); };
    std::vector<std::vector<std::string>> cells;
    for (size_t i = 0; i < rows.size(); ++i) {
        const DiskRow& r = rows[i];
        std::vector<std::string> c = {r.target,
                                      r.disk,
                                      rate(r.s.rbps),
                                      fmt_size(r.s.ravg, u),
                                      rate(r.s.wbps),
                                      fmt_size(r.s.wavg, u),
                                      fmt::format("{}%", r.s.util)};
        if (with_cap) {
            if (r.cap) {
                c.push_back(fmt::format("{}%", r.cap->pct_used));
                c.push_back(fmt_size(static_cast<int64_t>(r.cap->avail), u));
            } else {
                c.push_back(kUnknown);
                c.push_back(kUnknown);
            }
        }
        cells.push_back(std::move(c));
    }
    print_table(ctx, cols, keep, cells);
}

// ---- capacity ----

std::string cap_status(const api::TargetDiskStats& st) {
    return st.cs_err.empty() ? "good" : "Error: " + st.cs_err;
}

std::string disks_str(const std::vector<std::string>& d) {
    if (d.empty()) return kUnknown;
    if (d.size() == 1) return d[0];
    std::string s = "[";
    for (size_t i = 0; i < d.size(); ++i) s += (i ? " " : "") + d[i];
    return s + "]";
}

void show_capacity(Ctx& ctx, const std::vector<TargetStats>& ts, bool per_mountpath) {
    const Units u = units(ctx);
    std::vector<std::string> cols;
    std::vector<std::vector<std::string>> cells;
    bool any_err = false;
    for (const auto& t : ts) any_err = any_err || !t.st.cs_err.empty();
    if (per_mountpath) {
        cols = {"TARGET", "MOUNTPATH", "CAP USED(%)", "CAP AVAIL", "DISK", "File System", "CAP STATUS"};
        for (const auto& t : ts) {
            bool first = true;
            for (const auto& [mp, c] : t.st.mountpaths) {
                cells.push_back({first ? t.name : "", mp, fmt::format("{}%", c.pct_used),
                                 fmt_size(static_cast<int64_t>(c.avail), u), disks_str(c.disks),
                                 c.fs_str().empty() ? kUnknown : c.fs_str(), first ? cap_status(t.st) : ""});
                first = false;
            }
            if (first)
                cells.push_back({t.name, kUnknown, kUnknown, kUnknown, kUnknown, kUnknown, cap_status(t.st)});
        }
    } else {
        cols = {"TARGET", "MOUNTPATHS", "USED(min%, avg%, max%)", "CAP AVAIL", "File System", "CAP STATUS"};
        for (const auto& t : ts) {
            // Mountpaths on one filesystem share its free space: count it once.
            std::set<std::string> seen, fss;
            uint64_t avail = 0;
            for (const auto& [mp, c] : t.st.mountpaths) {
                const std::string key = c.fs.empty() ? mp : c.fs + "|" + c.fs_type;
                if (seen.insert(key).second) avail += c.avail;
                if (!c.fs_str().empty()) fss.insert(c.fs_str());
            }
            std::string fs;
            for (const auto& f : fss) fs += (fs.empty() ? "" : ", ") + f;
            cells.push_back({t.name, std::to_string(t.st.mountpaths.size()),
                             fmt::format("{}% {}% {}%", t.st.pct_min, t.st.pct_avg, t.st.pct_max),
                             fmt_size(static_cast<int64_t>(avail), u), fs.empty() ? kUnknown : fs,
                             cap_status(t.st)});
        }
    }
    auto keep = select_columns(ctx, cols, {"TARGET", "MOUNTPATH", "DISK"});
    if (any_err) keep.back() = true;  // an error always shows
    print_table(ctx, cols, keep, cells);
}

void show_disk_action(Ctx& ctx) {
    const api::Smap smap = ctx.env.client().get_smap();
    const std::string tid = pick_target(ctx, smap);
    long_run(ctx, [&] { show_disks(ctx, fetch(ctx, smap, tid), !tid.empty()); });
}

void show_capacity_action(Ctx& ctx) {
    const api::Smap smap = ctx.env.client().get_smap();
    const std::string tid = pick_target(ctx, smap);
    long_run(ctx, [&] { show_capacity(ctx, fetch(ctx, smap, tid), ctx.on("mountpath")); });
}

}  // namespace

void show_storage_overview(Ctx& ctx) {
    const api::Smap smap = ctx.env.client().get_smap();
    const std::string tid = pick_target(ctx, smap);
    long_run(ctx, [&] {
        const auto ts = fetch(ctx, smap, tid);
        if (ctx.on("json")) {
            std::string out = "{";
            for (size_t i = 0; i < ts.size(); ++i)
                out += (i ? "," : "") + json_quote(ts[i].id) + ":" + api::to_json(ts[i].st);
            print_json(out + "}");
            return;
        }
        show_disks(ctx, ts, !tid.empty());
        fmt::print("\n");
        show_capacity(ctx, ts, true);
    });
}

std::vector<std::string> show_storage_flags() {
    return {"count", "json", "no-headers", "refresh", "units"};
}

Command show_storage_disk_cmd() {
    return Command{.name = "disk",
                   .usage = "show disk utilization and read/write statistics",
                   .args = "[TARGET_ID]",
                   .flags = {"count", "no-headers", "refresh", "regex-cols", "summary-disk", "units"},
                   .completers = {completion::nodes_of(completion::NodeSel::kTargets)},
                   .action = show_disk_action};
}

Command show_storage_capacity_cmd() {
    return Command{.name = "capacity",
                   .usage = "show target mountpaths, disks, and used/available capacity",
                   .args = "[TARGET_ID]",
                   .flags = {"count", "mountpath", "no-headers", "refresh", "regex-cols", "units"},
                   .completers = {completion::nodes_of(completion::NodeSel::kTargets)},
                   .action = show_capacity_action};
}

}  // namespace ais::cli
