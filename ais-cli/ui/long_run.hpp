// --refresh DURATION [--count N]: the repeat loop of the monitoring views (`ais show storage ...`,
// `ais show performance counters`). Without either flag the report runs once.
#pragma once

#include "ais-cli/ui/app.hpp"

#include <functional>

namespace ais::cli {

// Runs `report`, then (with --refresh or --count) again every --refresh (default 5s), a blank
// line between reports, --count times (default: until interrupted). A --refresh that is not
// positive, or a negative --count, is a usage error.
void long_run(Ctx& ctx, const std::function<void()>& report);

}  // namespace ais::cli
