// Small coroutine utilities over Asio that the rest of the code uses without Asio headers:
// run tasks concurrently and wait for all (fan-out to many nodes), start a detached task, sleep.
// Templates stay in async.cpp.
#pragma once

#include "shared/net/http.hpp"

#include <chrono>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace ais::net {

// Runs every task concurrently on the caller's executor and resumes when all have finished. Each
// task must catch its own exceptions (an escaping one is swallowed: record results instead).
Task<void> all(std::vector<Task<void>> tasks);

// Starts `t` on `io` without waiting for it; an exception ends it silently (catch inside).
void spawn(boost::asio::io_context& io, Task<void> t);

Task<void> sleep_for(std::chrono::milliseconds d);

}  // namespace ais::net
