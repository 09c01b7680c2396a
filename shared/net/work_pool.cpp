#include "shared/net/work_pool.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ais::net {

namespace asio = boost::asio;

struct WorkPool::Impl {
    explicit Impl(int n) : pool(static_cast<size_t>(n > 0 ? n : 1)) {}
    asio::thread_pool pool;
};

WorkPool::WorkPool(int threads) : impl_(std::make_unique<Impl>(threads)) {}

WorkPool::~WorkPool() {
    impl_->pool.join();
}

namespace {

asio::awaitable<void> call(std::function<void()> fn) {
    fn();
    co_return;
}

}  // namespace

// Not a coroutine itself, and no capturing coroutine lambda: GCC 12 destroys such captures twice.
Task<void> WorkPool::run(std::function<void()> fn) {
    return asio::co_spawn(impl_->pool, call(std::move(fn)), asio::use_awaitable);
}

WorkPool& meta_pool() {
    static WorkPool pool(1);  // one writer of metadata at a time anyway
    return pool;
}

}  // namespace ais::net
