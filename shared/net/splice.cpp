// splice(2) relay: socket -> pipe -> socket, both sides non-blocking, driven by readiness waits.
#include "shared/net/splice.hpp"

#include "shared/net/client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace ais::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

namespace {

// A pipe's capacity: large enough that a 1 MiB body crosses in a few calls, small enough that
// many concurrent relays stay within the per-user pipe page budget (fs.pipe-user-pages-soft).
constexpr int kPipeSize = 256 * 1024;
constexpr size_t kMaxIdlePipes = 8;  // per thread

struct Pipe {
    int r = -1, w = -1;
    size_t cap = 0;
};

void close_pipe(Pipe& p) {
    if (p.r >= 0) ::close(p.r);
    if (p.w >= 0) ::close(p.w);
    p = Pipe{};
}

// Pipes are reused by the thread (event loop) that made them; only empty pipes go back.
thread_local std::vector<Pipe> t_idle_pipes;

struct PipeLease {
    Pipe p;
    bool clean = false;  // empty: may be reused

    PipeLease() {
        if (!t_idle_pipes.empty()) {
            p = t_idle_pipes.back();
            t_idle_pipes.pop_back();
            return;
        }
        int fds[2];
        if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
            throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
        p.r = fds[0];
        p.w = fds[1];
        int sz = ::fcntl(p.w, F_SETPIPE_SZ, kPipeSize);
        if (sz < 0) sz = ::fcntl(p.w, F_GETPIPE_SZ);  // over the user's budget: keep the default
        p.cap = sz > 0 ? static_cast<size_t>(sz) : 65536;
    }
    ~PipeLease() {
        if (clean && t_idle_pipes.size() < kMaxIdlePipes)
            t_idle_pipes.push_back(p);
        else
            close_pipe(p);
    }
    PipeLease(const PipeLease&) = delete;
    PipeLease& operator=(const PipeLease&) = delete;
};

[[noreturn]] void fail(const SpliceEnd& e, const std::string& what) {
    if (e.accepted()) throw ConnError("relay: " + what);
    throw NetError("relay: " + what);
}

[[noreturn]] void fail_errno(const SpliceEnd& e, const char* op) {
    int err = errno;
    fail(e, std::string(op) + ": " + std::strerror(err));
}

enum class Wait { read, write, either };

// Waits until `in` is readable and/or `out` writable (per `w`), at most `timeout`.
Task<void> wait_ready(SpliceEnd& from, SpliceEnd& to, Wait w, asio::steady_timer& timer,
                      std::chrono::milliseconds timeout) {
    using namespace asio::experimental::awaitable_operators;
    auto& in = from.splice_socket();
    auto& out = to.splice_socket();
    timer.expires_after(timeout);
    if (w == Wait::read) {
        auto res = co_await (in.async_wait(tcp::socket::wait_read, kTuple) || timer.async_wait(kTuple));
        if (res.index() == 1) fail(from, "no data within the timeout");
        if (auto [ec] = std::get<0>(res); ec) fail(from, "wait: " + ec.message());
    } else if (w == Wait::write) {
        auto res = co_await (out.async_wait(tcp::socket::wait_write, kTuple) || timer.async_wait(kTuple));
        if (res.index() == 1) fail(to, "peer not reading within the timeout");
        if (auto [ec] = std::get<0>(res); ec) fail(to, "wait: " + ec.message());
    } else {
        auto res = co_await (in.async_wait(tcp::socket::wait_read, kTuple) ||
                             out.async_wait(tcp::socket::wait_write, kTuple) || timer.async_wait(kTuple));
        if (res.index() == 2) fail(from, "no progress within the timeout");
        if (res.index() == 0) {
            if (auto [ec] = std::get<0>(res); ec) fail(from, "wait: " + ec.message());
        } else if (auto [ec] = std::get<1>(res); ec) {
            fail(to, "wait: " + ec.message());
        }
    }
}

// Bytes the reading end already holds in user space: written with send(2).
Task<void> send_all(SpliceEnd& from, SpliceEnd& to, std::string_view data, bool more,
                    asio::steady_timer& timer, std::chrono::milliseconds timeout) {
    const int fd = to.splice_socket().native_handle();
    while (!data.empty()) {
        ssize_t k = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL | (more ? MSG_MORE : 0));
        if (k > 0) {
            data.remove_prefix(static_cast<size_t>(k));
            continue;
        }
        if (k < 0 && errno == EINTR) continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            co_await wait_ready(from, to, Wait::write, timer, timeout);
            continue;
        }
        fail_errno(to, "send");
    }
}

}  // namespace

Task<void> splice_relay(SpliceEnd& from, SpliceEnd& to, uint64_t n, std::chrono::milliseconds timeout) {
    auto& in = from.splice_socket();
    auto& out = to.splice_socket();
    asio::steady_timer timer(in.get_executor());
    co_await from.splice_start();
    while (n > 0) {
        auto b = from.splice_buffered(static_cast<size_t>(std::min<uint64_t>(n, 1u << 30)));
        if (b.empty()) break;
        co_await send_all(from, to, b, n > b.size(), timer, timeout);
        from.splice_consumed(b.size(), true);
        n -= b.size();
    }
    if (n == 0) co_return;

    PipeLease pipe;
    const int ifd = in.native_handle(), ofd = out.native_handle();
    uint64_t to_read = n;  // still in the source socket
    size_t in_pipe = 0;    // read from the source, not yet written
    while (to_read > 0 || in_pipe > 0) {
        bool progress = false, read_blocked = false, write_blocked = false;
        if (to_read > 0 && in_pipe < pipe.p.cap) {
            size_t want = static_cast<size_t>(std::min<uint64_t>(to_read, pipe.p.cap - in_pipe));
            ssize_t r = ::splice(ifd, nullptr, pipe.p.w, nullptr, want, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
            if (r > 0) {
                to_read -= static_cast<uint64_t>(r);
                in_pipe += static_cast<size_t>(r);
                from.splice_consumed(static_cast<uint64_t>(r), false);
                progress = true;
            } else if (r == 0) {
                fail(from, "connection closed with " + std::to_string(to_read) + " body bytes to go");
            } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
                read_blocked = true;
            } else if (errno != EINTR) {
                fail_errno(from, "splice from socket");
            }
        }
        if (in_pipe > 0) {
            unsigned flags = SPLICE_F_MOVE | SPLICE_F_NONBLOCK | (to_read > 0 ? SPLICE_F_MORE : 0u);
            ssize_t w = ::splice(pipe.p.r, nullptr, ofd, nullptr, in_pipe, flags);
            if (w > 0) {
                in_pipe -= static_cast<size_t>(w);
                progress = true;
            } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                write_blocked = true;
            } else if (w == 0 || errno != EINTR) {
                fail_errno(to, "splice to socket");
            }
        }
        if (progress) continue;
        if (read_blocked && in_pipe > 0) {
            // EAGAIN from the read side is also what a full pipe answers (a pipe holds a number of
            // page slots, not bytes): if the socket has data, only the write side can unblock us.
            int avail = 0;
            if (::ioctl(ifd, FIONREAD, &avail) == 0 && avail > 0) read_blocked = false;
        }
        Wait w;
        if (read_blocked && write_blocked)
            w = Wait::either;
        else if (write_blocked || (!read_blocked && in_pipe > 0))
            w = Wait::write;
        else
            w = Wait::read;
        co_await wait_ready(from, to, w, timer, timeout);
    }
    pipe.clean = true;
}

}  // namespace ais::net
