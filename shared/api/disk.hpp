// A target's disks and capacity on the wire: AIS's fs.TcdfExt, the reply of
// `GET /v1/daemon?what=disk` (through a proxy: `GET /v1/reverse/daemon?what=disk` with the
// Ais-Node-Id header), which `ais show storage [disk|capacity]` and the Go api.GetAnyStats read.
//
// The JSON is Go's encoding of
//     TcdfExt{cos.AllDiskStats (embedded map => key "AllDiskStats"), fs.Tcdf (fields promoted)}
// so: {"AllDiskStats": {"sda": {"RBps":n,"Ravg":n,"WBps":n,"Wavg":n,"Util":n}},
//      "mountpaths": {"/mp": {"mountpath_label":"","fs":{"Fs":"/dev/sda1","FsType":"ext4"},
//                             "disks":["sda"],"used":"N","avail":"N","pct_used":n}},
//      "cs_err":"","total_used":"N","total_avail":"N","pct_max":n,"pct_avg":n,"pct_min":n}
// Decoding also takes what AIS v3.23 and older sent: the bare disk map.
#pragma once

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ais::api {

// One disk over the sampler's last interval (AIS's cos.DiskStats): bytes/s, average request
// sizes in bytes, and utilization in percent (time the device was busy, 0..100).
struct DiskStat {
    int64_t rbps = 0;
    int64_t ravg = 0;
    int64_t wbps = 0;
    int64_t wavg = 0;
    int64_t util = 0;
};

// One mountpath: its filesystem, the disks under it and its capacity (AIS's fs.CDF).
struct MpathCdf {
    std::string label;               // "mountpath_label"
    std::string fs;                  // "fs":{"Fs"}: the mount source, e.g. "/dev/sda1"
    std::string fs_type;             // "fs":{"FsType"}: "ext4", "xfs", ...
    std::vector<std::string> disks;  // block devices, e.g. ["sda"]; empty if unknown
    uint64_t used = 0;               // bytes
    uint64_t avail = 0;              // bytes available to unprivileged users
    int32_t pct_used = 0;

    std::string fs_str() const;  // "/dev/sda1(ext4)", as AIS prints it
};

// Everything one target reports (AIS's fs.TcdfExt).
struct TargetDiskStats {
    std::map<std::string, DiskStat> disks;       // "AllDiskStats"
    std::map<std::string, MpathCdf> mountpaths;  // available mountpaths
    std::string cs_err;                          // out of space / high watermark; "" if fine
    uint64_t total_used = 0;
    uint64_t total_avail = 0;
    int32_t pct_max = 0, pct_avg = 0, pct_min = 0;

    // Recomputes the totals and percentages from `mountpaths`.
    void tally();
};

void to_jv(const DiskStat& m, boost::json::value& out);
void from_jv(const boost::json::value& v, DiskStat& out, std::string_view what = {});
void to_jv(const MpathCdf& m, boost::json::value& out);
void from_jv(const boost::json::value& v, MpathCdf& out, std::string_view what = {});
void to_jv(const TargetDiskStats& m, boost::json::value& out);
void from_jv(const boost::json::value& v, TargetDiskStats& out, std::string_view what = {});

}  // namespace ais::api
