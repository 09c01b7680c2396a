// Disk statistics of a target (what `GET /v1/daemon?what=disk` reports, shared/api/disk.hpp):
// which block devices hold each mountpath, and their read/write throughput, average request sizes
// and utilization, computed the way AIS's `ios` package does from two samples of the kernel's
// cumulative counters in /proc/diskstats.
//
// - parse_diskstats: the /proc/diskstats text -> cumulative counters per device (pure).
// - disk_rates: two counter samples -> one DiskStat (pure).
// - DiskSampler: keeps the previous sample; each refresh computes rates over the time since it,
//   and moves the baseline forward only once it is at least `min_interval` old, so that frequent
//   callers (several CLIs, --refresh 1) all see rates over a meaningful window. Thread-safe.
// - resolve_disks: a mountpath -> its filesystem and disks, through stat(2) st_dev and sysfs
//   (/sys/dev/block/MAJ:MIN; a partition maps to its disk, a dm/md device to the disks under it),
//   falling back to the mount source in /proc/self/mountinfo (btrfs, some containers). An
//   overlay or tmpfs has no disk: the result is then empty, never an error.
// Nothing here blocks on a disk except resolve_disks (stat, readlink): call it off the io threads.
#pragma once

#include "shared/api/disk.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ais::node {

// Cumulative counters of one block device since boot (fields 4..13 of /proc/diskstats).
struct BlockCounters {
    uint64_t reads = 0;         // completed
    uint64_t read_sectors = 0;  // 512-byte units, whatever the device's sector size
    uint64_t writes = 0;
    uint64_t write_sectors = 0;
    uint64_t io_ms = 0;  // time the device had I/O in flight
};

using DiskCounters = std::map<std::string, BlockCounters>;

// Lines with fewer than 14 fields or non-numeric counters are skipped.
DiskCounters parse_diskstats(std::string_view text);

// Rates over `elapsed_ns` (> 0): bytes/s, average bytes per completed request, and busy time in
// percent (capped at 100). A counter that went backwards (device re-created) counts as zero.
api::DiskStat disk_rates(const BlockCounters& before, const BlockCounters& after, int64_t elapsed_ns);

class DiskSampler {
  public:
    static constexpr int64_t kMinIntervalNs = 1'000'000'000;

    explicit DiskSampler(int64_t min_interval_ns = kMinIntervalNs) : min_interval_ns_(min_interval_ns) {}

    // A new sample `now` taken at `now_ns`: rates of every device in it. The first sample has
    // nothing to compare with (all zeros); a device that was not in the baseline reports zeros.
    std::map<std::string, api::DiskStat> update(int64_t now_ns, const DiskCounters& now);
    // Reads /proc/diskstats (or `path`) and updates; false if it cannot be read.
    bool refresh(int64_t now_ns, std::map<std::string, api::DiskStat>* out = nullptr,
                 const std::string& path = "/proc/diskstats");
    bool has_baseline() {
        std::lock_guard lk(mu_);
        return base_.has_value();
    }

  private:
    const int64_t min_interval_ns_;
    std::mutex mu_;
    std::optional<DiskCounters> base_;
    int64_t base_ns_ = 0;
    std::map<std::string, api::DiskStat> last_;  // computed when the baseline last moved
    bool have_last_ = false;
};

// Where the host's kernel views are (tests point these at fixtures).
struct SysPaths {
    std::string sys = "/sys";
    std::string mountinfo = "/proc/self/mountinfo";
};

struct MpathDisks {
    std::string fs;       // mount source ("/dev/sda1", "overlay", "tmpfs")
    std::string fs_type;  // "ext4", ...
    std::vector<std::string> disks;
};

MpathDisks resolve_disks(const std::string& mountpath, const SysPaths& sp = {});
// The disks behind block device `name` ("sda1" -> "sda", "dm-0" -> its slaves' disks).
std::vector<std::string> disks_of_block(const std::string& name, const SysPaths& sp = {});

}  // namespace ais::node
