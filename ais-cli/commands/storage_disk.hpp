// The disk and capacity views of `ais show storage` (storage_disk.cpp), from each target's
// AIS TcdfExt (GET /v1/reverse/daemon?what=disk with the Ais-Node-Id header, as AIS's
// api.GetAnyStats asks):
//   ais show storage [TARGET_ID]            disks (AIS's table), then capacity per mountpath; --json
//   ais show storage disk [TARGET_ID]       per target, per disk: read/write throughput and average
//                                           request size, utilization, capacity (= `ais storage disk`)
//   ais show storage capacity [TARGET_ID]   per target: number of mountpaths, used % (min, avg, max),
//                                           available, filesystems; --mountpath: one row per mountpath
// All take --refresh DURATION [--count N] to repeat.
#pragma once

#include "ais-cli/ui/app.hpp"

namespace ais::cli {

void show_storage_overview(Ctx& ctx);
Command show_storage_disk_cmd();
Command show_storage_capacity_cmd();
// Flags of `ais show storage` itself.
std::vector<std::string> show_storage_flags();

}  // namespace ais::cli
