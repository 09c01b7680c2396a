#include "ais-cli/ui/long_run.hpp"

#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <thread>

namespace ais::cli {

void long_run(Ctx& ctx, const std::function<void()>& report) {
    if (!ctx.has("refresh") && !ctx.has("count")) {
        report();
        return;
    }
    const int64_t ms = ctx.duration_ms("refresh", 5000);
    if (ms <= 0) ctx.usage_error("--refresh must be a positive duration (e.g. 5s, 1m)");
    const int64_t count = ctx.num("count", 0);  // 0: until interrupted
    if (count < 0) ctx.usage_error("--count must be a positive number");
    for (int64_t i = 1;; ++i) {
        report();
        if (count > 0 && i >= count) break;
        std::fflush(stdout);
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        fmt::print("\n");
    }
}

}  // namespace ais::cli
