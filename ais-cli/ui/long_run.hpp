// --refresh DURATION [--count N]: the repeat loop of the monitoring views (`ais show storage ...`,
// `ais show performance counters`, `ais show cluster`, `ais show dashboard`, `ais log show`).
// Without either flag a report runs once.
#pragma once

#include "ais-cli/ui/app.hpp"

#include <cstdint>
#include <functional>

namespace ais::cli {

// --refresh and --count as given, checked: a --refresh that is not a positive duration, and a
// --count that is not a number >= 1, are one-line usage errors (never a loop that cannot end or
// never sleeps).
struct LongRunArgs {
    bool refresh_set = false;
    bool count_set = false;
    int64_t refresh_ms = 0;  // --refresh, or the caller's default
    int64_t count = 1;       // --count; with --refresh alone 0 (until interrupted); else 1
};
LongRunArgs long_run_args(const Ctx& ctx, int64_t default_refresh_ms);

// Runs `report`, then (with --refresh or --count) again every --refresh (default 5s), a blank
// line between reports, --count times (default: until interrupted).
void long_run(Ctx& ctx, const std::function<void()>& report);

}  // namespace ais::cli
