// A small thread pool for blocking work that must not stall an io thread (DESIGN §4 "Threads"):
// directory walks of list-objects. A coroutine co_awaits run(); the function runs on a pool
// thread and the coroutine resumes on its own executor, with any exception rethrown there.
// Asio stays inside offload.cpp.
#pragma once

#include "shared/net/http.hpp"

#include <functional>
#include <memory>

namespace ais::node {

class Offload {
  public:
    explicit Offload(int threads = 2);
    ~Offload();
    Offload(const Offload&) = delete;
    Offload& operator=(const Offload&) = delete;

    net::Task<void> run(std::function<void()> fn);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ais::node
