#include "shared/api/disk.hpp"

#include "shared/api/json.hpp"

#include <algorithm>

namespace ais::api {

std::string MpathCdf::fs_str() const {
    if (fs.empty() && fs_type.empty()) return {};
    return fs + "(" + fs_type + ")";
}

void TargetDiskStats::tally() {
    total_used = total_avail = 0;
    pct_max = pct_avg = pct_min = 0;
    if (mountpaths.empty()) return;
    int64_t sum = 0;
    pct_min = 100;
    for (const auto& [path, c] : mountpaths) {
        total_used += c.used;
        total_avail += c.avail;
        pct_max = std::max(pct_max, c.pct_used);
        pct_min = std::min(pct_min, c.pct_used);
        sum += c.pct_used;
    }
    const auto n = static_cast<int64_t>(mountpaths.size());
    pct_avg = static_cast<int32_t>((sum + n / 2) / n);
}

// ---- DiskStat: Go's untagged struct, so capitalized keys ----

void to_jv(const DiskStat& m, bj::value& out) {
    out =
        bj::object{{"RBps", m.rbps}, {"Ravg", m.ravg}, {"WBps", m.wbps}, {"Wavg", m.wavg}, {"Util", m.util}};
}

void from_jv(const bj::value& v, DiskStat& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "RBps", out.rbps);
    json::get(o, "Ravg", out.ravg);
    json::get(o, "WBps", out.wbps);
    json::get(o, "Wavg", out.wavg);
    json::get(o, "Util", out.util);
}

// ---- MpathCdf ----

void to_jv(const MpathCdf& m, bj::value& out) {
    bj::object o;
    o["mountpath_label"] = m.label;
    o["fs"] = bj::object{{"Fs", m.fs}, {"FsType", m.fs_type}};
    o["disks"] = json::str_array(m.disks);
    o["used"] = json::str_uint(m.used);
    o["avail"] = json::str_uint(m.avail);
    o["pct_used"] = m.pct_used;
    out = std::move(o);
}

void from_jv(const bj::value& v, MpathCdf& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "mountpath_label", out.label);
    if (const auto* f = json::find(o, "fs")) {
        if (f->is_string()) {  // older nodes: one string
            out.fs = std::string(f->as_string());
        } else {
            const auto& fo = json::as_object(*f, "fs");
            json::get(fo, "Fs", out.fs);
            json::get(fo, "FsType", out.fs_type);
        }
    }
    json::get(o, "disks", out.disks);
    json::get(o, "used", out.used);
    json::get(o, "avail", out.avail);
    json::get(o, "pct_used", out.pct_used);
}

// ---- TargetDiskStats ----

void to_jv(const TargetDiskStats& m, bj::value& out) {
    bj::object o;
    bj::object disks;
    for (const auto& [name, d] : m.disks) to_jv(d, disks[name]);
    o["AllDiskStats"] = std::move(disks);
    bj::object mps;
    for (const auto& [path, c] : m.mountpaths) to_jv(c, mps[path]);
    o["mountpaths"] = std::move(mps);
    o["cs_err"] = m.cs_err;
    o["total_used"] = json::str_uint(m.total_used);
    o["total_avail"] = json::str_uint(m.total_avail);
    o["pct_max"] = m.pct_max;
    o["pct_avg"] = m.pct_avg;
    o["pct_min"] = m.pct_min;
    out = std::move(o);
}

void from_jv(const bj::value& v, TargetDiskStats& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    const bool ext = json::find(o, "AllDiskStats") || json::find(o, "mountpaths") || json::find(o, "cs_err");
    if (!ext) {  // AIS v3.23 and older: the disk map alone
        from_jv(v, out.disks, what);
        return;
    }
    json::get(o, "AllDiskStats", out.disks);
    json::get(o, "mountpaths", out.mountpaths);
    json::get(o, "cs_err", out.cs_err);
    json::get(o, "total_used", out.total_used);
    json::get(o, "total_avail", out.total_avail);
    json::get(o, "pct_max", out.pct_max);
    json::get(o, "pct_avg", out.pct_avg);
    json::get(o, "pct_min", out.pct_min);
}

}  // namespace ais::api
