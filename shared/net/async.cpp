#include "shared/net/async.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>

namespace ais::net {

namespace asio = boost::asio;

namespace {

using Chan = asio::experimental::concurrent_channel<void(boost::system::error_code)>;

}  // namespace

Task<void> all(std::vector<Task<void>> tasks) {
    if (tasks.empty()) co_return;
    auto ex = co_await asio::this_coro::executor;
    // Thread-safe: tasks may finish on other io threads. Capacity n, so try_send never fails.
    auto done = std::make_shared<Chan>(ex, tasks.size());
    const size_t n = tasks.size();
    for (auto& t : tasks)
        asio::co_spawn(ex, std::move(t), [done](std::exception_ptr) { done->try_send(boost::system::error_code{}); });
    for (size_t i = 0; i < n; ++i) co_await done->async_receive(asio::use_awaitable);
}

void spawn(asio::io_context& io, Task<void> t) { asio::co_spawn(io, std::move(t), asio::detached); }

Task<void> sleep_for(std::chrono::milliseconds d) {
    auto ex = co_await asio::this_coro::executor;
    asio::steady_timer timer(ex, d);
    co_await timer.async_wait(asio::use_awaitable);
}

}  // namespace ais::net
