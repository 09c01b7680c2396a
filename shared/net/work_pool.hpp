// A thread pool for blocking disk work that must not stall an io thread (DESIGN §4 "Threads"):
// fsync, directory walks, metadata persistence. A coroutine co_awaits run(); the function runs on
// a pool thread and the coroutine resumes on its own executor, with any exception rethrown there.
// run() is not a coroutine itself, so `co_await pool.run([&] {...})` is safe with GCC 12.
// Asio stays inside work_pool.cpp.
#pragma once

#include "shared/net/http.hpp"

#include <functional>
#include <memory>

namespace ais::net {

class WorkPool {
  public:
    explicit WorkPool(int threads = 2);
    ~WorkPool();
    WorkPool(const WorkPool&) = delete;
    WorkPool& operator=(const WorkPool&) = delete;

    Task<void> run(std::function<void()> fn);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The process's pool for short blocking work of the control plane: metadata persistence (the
// fsyncs of Smap, BMD, config), so that no io thread waits on a disk.
WorkPool& meta_pool();

}  // namespace ais::net
