#include "ais-cli/ui/long_run.hpp"

#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <thread>

namespace ais::cli {

LongRunArgs long_run_args(const Ctx& ctx, int64_t default_refresh_ms) {
    LongRunArgs a;
    a.refresh_set = ctx.has("refresh");
    a.count_set = ctx.has("count");
    a.refresh_ms = ctx.duration_ms("refresh", default_refresh_ms);  // unparsable: UsageError
    if (a.refresh_set && a.refresh_ms <= 0)
        ctx.usage_error(fmt::format("--refresh must be a positive duration (e.g. 5s, 1m), got \"{}\"",
                                    ctx.str("refresh")));
    if (a.count_set) {
        a.count = ctx.num("count", 1);  // unparsable: UsageError
        if (a.count < 1)
            ctx.usage_error(fmt::format("option '--count={}' is invalid (must be >= 1)", a.count));
    } else {
        a.count = a.refresh_set ? 0 : 1;
    }
    return a;
}

void long_run(Ctx& ctx, const std::function<void()>& report) {
    const LongRunArgs a = long_run_args(ctx, 5000);
    for (int64_t i = 1;; ++i) {
        report();
        if (a.count > 0 && i >= a.count) break;
        std::fflush(stdout);
        std::this_thread::sleep_for(std::chrono::milliseconds(a.refresh_ms));
        fmt::print("\n");
    }
}

}  // namespace ais::cli
