// GET /v1/daemon?what=disk on a target (see disk_stats.hpp for the pieces): the mountpaths'
// capacity (statvfs), their filesystems and disks, and the disks' rates from the sampler. The
// collection stats files and reads sysfs, so it runs on the WorkPool; a periodic tick (started by
// the first request) keeps the sampler's baseline recent, reading only /proc/diskstats.
#include "aisnode/target/disk_stats.hpp"

#include "aisnode/target/impl.hpp"
#include "shared/api/codec.hpp"
#include "shared/config/cluster_config.hpp"
#include "shared/net/async.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/log.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace ais::node {

namespace stdfs = std::filesystem;

// ---- parsing and rates ----

namespace {

std::vector<std::string_view> fields(std::string_view line) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        size_t b = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        if (i > b) out.push_back(line.substr(b, i - b));
    }
    return out;
}

bool to_u64(std::string_view s, uint64_t& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

uint64_t delta(uint64_t a, uint64_t b) {
    return b > a ? b - a : 0;
}

int64_t div_round(uint64_t n, uint64_t d) {
    return d ? static_cast<int64_t>((n + d / 2) / d) : 0;
}

std::string read_text(const std::string& path) {
    std::ifstream f(path);
    if (!f) return {};
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace

DiskCounters parse_diskstats(std::string_view text) {
    DiskCounters out;
    size_t b = 0;
    while (b < text.size()) {
        size_t e = text.find('\n', b);
        if (e == std::string_view::npos) e = text.size();
        const auto f = fields(text.substr(b, e - b));
        b = e + 1;
        // major minor name | reads merged sectors ms | writes merged sectors ms | inflight io_ms weighted
        if (f.size() < 14) continue;
        BlockCounters c;
        uint64_t skip = 0;
        if (!to_u64(f[3], c.reads) || !to_u64(f[4], skip) || !to_u64(f[5], c.read_sectors) ||
            !to_u64(f[7], c.writes) || !to_u64(f[9], c.write_sectors) || !to_u64(f[12], c.io_ms))
            continue;
        out[std::string(f[2])] = c;
    }
    return out;
}

api::DiskStat disk_rates(const BlockCounters& a, const BlockCounters& b, int64_t elapsed_ns) {
    api::DiskStat s;
    if (elapsed_ns <= 0) return s;
    const uint64_t rbytes = delta(a.read_sectors, b.read_sectors) * 512;
    const uint64_t wbytes = delta(a.write_sectors, b.write_sectors) * 512;
    const uint64_t reads = delta(a.reads, b.reads), writes = delta(a.writes, b.writes);
    const uint64_t io_ms = delta(a.io_ms, b.io_ms);
    const auto ns = static_cast<uint64_t>(elapsed_ns);
    // bytes per second without overflow for any realistic counter: bytes * 1e9 / ns in two steps
    s.rbps = static_cast<int64_t>(static_cast<long double>(rbytes) * 1e9L / ns + 0.5L);
    s.wbps = static_cast<int64_t>(static_cast<long double>(wbytes) * 1e9L / ns + 0.5L);
    s.ravg = div_round(rbytes, reads);
    s.wavg = div_round(wbytes, writes);
    const uint64_t elapsed_ms = (ns + 500'000) / 1'000'000;
    s.util = elapsed_ms == 0 ? 0 : io_ms >= elapsed_ms ? 100 : div_round(io_ms * 100, elapsed_ms);
    return s;
}

std::map<std::string, api::DiskStat> DiskSampler::update(int64_t now_ns, const DiskCounters& now) {
    std::lock_guard lk(mu_);
    std::map<std::string, api::DiskStat> out;
    if (!base_) {
        base_ = now;
        base_ns_ = now_ns;
        for (const auto& [name, c] : now) out[name] = {};
        return out;
    }
    const int64_t elapsed = now_ns - base_ns_;
    if (elapsed < min_interval_ns_ && have_last_) {
        // Too soon for a window of its own: what the last full window measured.
        for (const auto& [name, c] : now) {
            auto it = last_.find(name);
            out[name] = it == last_.end() ? api::DiskStat{} : it->second;
        }
        return out;
    }
    for (const auto& [name, c] : now) {
        auto it = base_->find(name);
        out[name] = it == base_->end() ? api::DiskStat{} : disk_rates(it->second, c, elapsed);
    }
    if (elapsed >= min_interval_ns_) {
        base_ = now;
        base_ns_ = now_ns;
        last_ = out;
        have_last_ = true;
    }
    return out;
}

bool DiskSampler::refresh(int64_t now_ns, std::map<std::string, api::DiskStat>* out,
                          const std::string& path) {
    const std::string text = read_text(path);
    if (text.empty()) return false;
    auto r = update(now_ns, parse_diskstats(text));
    if (out) *out = std::move(r);
    return true;
}

// ---- mountpath -> filesystem and disks ----

namespace {

// /proc/self/mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size()) {
            const char a = s[i + 1], b = s[i + 2], c = s[i + 3];
            if (a >= '0' && a <= '7' && b >= '0' && b <= '7' && c >= '0' && c <= '7') {
                out += static_cast<char>((a - '0') * 64 + (b - '0') * 8 + (c - '0'));
                i += 3;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

struct MountEntry {
    std::string mount_point, fs_type, source;
};

// The mount that holds `path` (canonical): the longest mount point that is `path` or a parent of
// it; of equal ones the last (it is mounted over the others).
std::optional<MountEntry> find_mount(const std::string& path, const std::string& mountinfo) {
    const std::string text = read_text(mountinfo);
    std::optional<MountEntry> best;
    size_t b = 0;
    while (b < text.size()) {
        size_t e = text.find('\n', b);
        if (e == std::string::npos) e = text.size();
        const auto f = fields(std::string_view(text).substr(b, e - b));
        b = e + 1;
        auto dash = std::find(f.begin(), f.end(), std::string_view("-"));
        if (f.size() < 5 || dash == f.end() || dash + 2 >= f.end()) continue;
        MountEntry m{unescape(f[4]), std::string(*(dash + 1)), unescape(*(dash + 2))};
        const std::string& mp = m.mount_point;
        const bool holds =
            path == mp || mp == "/" ||
            (path.size() > mp.size() && path.compare(0, mp.size(), mp) == 0 && path[mp.size()] == '/');
        if (holds && (!best || mp.size() >= best->mount_point.size())) best = std::move(m);
    }
    return best;
}

std::string basename_of(const stdfs::path& p) {
    return p.filename().string();
}

std::vector<std::string> disks_of(const std::string& name, const SysPaths& sp, int depth) {
    std::error_code ec;
    stdfs::path dev = stdfs::canonical(sp.sys + "/class/block/" + name, ec);
    if (ec) return {name};  // no sysfs view (some containers): the name is all we know
    std::string disk = basename_of(dev);
    if (stdfs::exists(dev / "partition", ec)) {
        dev = dev.parent_path();
        disk = basename_of(dev);
    }
    std::vector<std::string> out;
    if (depth < 4) {
        for (const auto& e : stdfs::directory_iterator(dev / "slaves", ec)) {
            for (auto& d : disks_of(basename_of(e.path()), sp, depth + 1)) out.push_back(std::move(d));
        }
    }
    if (out.empty()) out.push_back(disk);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

std::vector<std::string> disks_of_block(const std::string& name, const SysPaths& sp) {
    return disks_of(name, sp, 0);
}

MpathDisks resolve_disks(const std::string& mountpath, const SysPaths& sp) {
    MpathDisks r;
    std::error_code ec;
    const std::string canon = stdfs::weakly_canonical(mountpath, ec).string();
    if (auto m = find_mount(ec ? mountpath : canon, sp.mountinfo)) {
        r.fs = m->source;
        r.fs_type = m->fs_type;
    }
    struct stat st {};
    if (::stat(mountpath.c_str(), &st) == 0 && ::major(st.st_dev) != 0) {
        // /sys/dev/block/MAJ:MIN -> .../block/sda/sda1
        const std::string link = sp.sys + "/dev/block/" + std::to_string(::major(st.st_dev)) + ":" +
                                 std::to_string(::minor(st.st_dev));
        stdfs::path dev = stdfs::canonical(link, ec);
        if (!ec) r.disks = disks_of_block(basename_of(dev), sp);
    }
    if (r.disks.empty() && r.fs.starts_with("/dev/")) {
        // e.g. btrfs (an anonymous st_dev): the mount source names the device
        stdfs::path dev = stdfs::canonical(r.fs, ec);  // /dev/mapper/x -> /dev/dm-0
        r.disks = disks_of_block(basename_of(ec ? stdfs::path(r.fs) : dev), sp);
    }
    return r;
}

// ---- the request ----

Task<void> Target::Impl::disk_tick_loop() {
    for (;;) {
        co_await net::sleep_for(std::chrono::milliseconds(kDiskTickMs));
        disk_sampler.refresh(now_ns());  // /proc only: quick
    }
}

// AIS's per-disk metrics (stats/target_stats.go RegDiskMetrics): "disk.<dev>.*" in the tracker,
// disk_* with a disk label in Prometheus.
void Target::Impl::set_disk_gauges(const std::string& dev, const api::DiskStat& st) {
    auto& t = env.metrics->tracker;
    const stats::Labels l{{"disk", dev}};
    const std::string p = "disk." + dev + ".";
    t.reg(p + "read.bps", stats::Kind::compbw, "read bandwidth (B/s)", l, "disk_read_bps").c.set(st.rbps);
    t.reg(p + "avg.rsize", stats::Kind::compbw, "average read size (bytes)", l, "disk_avg_rsize").c.set(st.ravg);
    t.reg(p + "write.bps", stats::Kind::compbw, "write bandwidth (B/s)", l, "disk_write_bps").c.set(st.wbps);
    t.reg(p + "avg.wsize", stats::Kind::compbw, "average write size (bytes)", l, "disk_avg_wsize").c.set(st.wavg);
    t.reg(p + "util", stats::Kind::compbw, "disk utilization (%%)", l, "disk_util").c.set(st.util);
}

std::string Target::Impl::disk_stats_json() {
    api::TargetDiskStats out;
    std::set<std::string> disks;
    for (const auto& mp : mpaths.all()) {
        const fs::Capacity cap = mp.capacity();
        const MpathDisks md = resolve_disks(mp.path);
        api::MpathCdf& c = out.mountpaths[mp.path];
        c.fs = md.fs;
        c.fs_type = md.fs_type;
        c.disks = md.disks;
        c.used = cap.used;
        c.avail = cap.avail;
        c.pct_used = cap.pct_used;
        disks.insert(md.disks.begin(), md.disks.end());
    }
    out.tally();
    std::map<std::string, api::DiskStat> rates;
    if (!disk_sampler.has_baseline()) {
        // The very first request: a short window of its own rather than zeros (on the pool).
        disk_sampler.refresh(now_ns());
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    if (!disk_sampler.refresh(now_ns(), &rates)) log::warn("{}: cannot read /proc/diskstats", tname());
    for (const auto& d : disks) {
        auto it = rates.find(d);  // a device the kernel does not list (container): zeros
        out.disks[d] = it == rates.end() ? api::DiskStat{} : it->second;
        set_disk_gauges(d, out.disks[d]);
    }
    const auto& space = env.meta.config()->space;
    if (out.pct_max >= space.out_of_space)
        out.cs_err = "out of space: used capacity " + std::to_string(out.pct_max) + "% (out_of_space " +
                     std::to_string(space.out_of_space) + "%)";
    else if (out.pct_max >= space.highwm)
        out.cs_err = "low free space: used capacity " + std::to_string(out.pct_max) + "% (highwm " +
                     std::to_string(space.highwm) + "%)";
    return api::to_json(out);
}

Task<std::string> Target::disk_stats_json() {
    Impl* impl = impl_.get();
    if (!impl->disk_ticking.exchange(true) && impl->env.io) net::spawn(*impl->env.io, impl->disk_tick_loop());
    std::string out;
    co_await impl->pool.run([&] { out = impl->disk_stats_json(); });
    co_return out;
}

}  // namespace ais::node
