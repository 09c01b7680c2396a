// The server: Beast parses, we route, handlers own the body, we write responses ourselves so
// that a file region can go out with sendfile(2). All Beast/Asio templates stay in this file.
#include "shared/net/server.hpp"
#include "shared/stats/node_metrics.hpp"

#include "shared/net/splice.hpp"

#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/core/stream_traits.hpp>

#include <sys/sendfile.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace ais::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

namespace {

// A live connection, registered so that stop() can close the idle ones.
struct ConnState {
    asio::any_io_executor strand;  // the connection's loop: its socket is touched only there
    beast::tcp_stream* tcp = nullptr;
    std::atomic<bool> busy{false};
    explicit ConnState(asio::any_io_executor s) : strand(std::move(s)) {}
};

}  // namespace

// One event loop per thread, each with its own acceptor on the same port (SO_REUSEPORT: the
// kernel spreads connections over them): a connection lives on one loop from accept to close,
// with no strand and no cross-thread wake-ups on its path.
struct Loop {
    asio::io_context io{1};  // concurrency hint 1: one thread runs it, no internal locking
    tcp::acceptor acceptor{io};
    std::thread thread;
};

struct Server::Impl {
    ServerOptions opts;
    Router router;
    std::vector<std::unique_ptr<Loop>> loops;
    std::optional<asio::ssl::context> ssl;
    std::vector<std::thread> threads;  // joined by wait()
    std::atomic<bool> stopping{false};
    std::atomic<size_t> nconns{0}, inflight{0};
    std::mutex mu;
    std::condition_variable idle_cv;
    std::unordered_set<std::shared_ptr<ConnState>> conns;

    Impl(ServerOptions o, Router r) : opts(std::move(o)), router(std::move(r)) {}

    Task<void> accept_loop(Loop& loop);
    template <class Stream>
    Task<void> session(Stream& stream, std::shared_ptr<ConnState> st, std::string remote);
    Task<void> run_tcp(tcp::socket sock);
};

namespace {

std::string head_block(int status, const Headers& h, std::optional<uint64_t> length, bool chunked, bool close) {
    std::string out;
    out.reserve(256);
    out += "HTTP/1.1 ";
    out += std::to_string(status);
    out += ' ';
    out += status_text(status);
    out += "\r\n";
    for (const auto& [k, v] : h) {
        if (iequals(k, "Content-Length") || iequals(k, "Transfer-Encoding") || iequals(k, "Connection")) continue;
        out += k;
        out += ": ";
        out += v;
        out += "\r\n";
    }
    if (chunked)
        out += "Transfer-Encoding: chunked\r\n";
    else if (length)
        out += "Content-Length: " + std::to_string(*length) + "\r\n";
    if (close) out += "Connection: close\r\n";
    out += "\r\n";
    return out;
}

// Per-request glue between a Beast parser and the non-template Request/Response types.
template <class Stream>
class Exchange final : public BodyReader, public ResponseWriter, public SpliceEnd {
    static constexpr bool kPlain = std::is_same_v<Stream, beast::tcp_stream>;

public:
    Exchange(Stream& s, beast::flat_buffer& buf, http::request_parser<http::buffer_body>& p, const ServerOptions& o,
             bool expect_continue, bool head, bool* native_nb)
        : stream_(s), buf_(buf), parser_(p), opts_(o), native_nb_(native_nb), expect_continue_(expect_continue),
          head_(head) {
        // A sized body is read straight into the handler's buffer (one copy less, and large
        // reads); chunked bodies go through Beast's parser.
        direct_ = !p.chunked() && p.content_length().has_value();
        remaining_ = direct_ ? *p.content_length() : 0;
    }

    // BodyReader
    Task<size_t> read_some(char* out, size_t n) override {
        if (done() || n == 0) co_return 0;
        co_await send_continue();
        started_ = true;
        if (direct_) {
            size_t want = static_cast<size_t>(std::min<uint64_t>(n, remaining_));
            size_t k = 0;
            if (buf_.size() > 0) {
                k = asio::buffer_copy(asio::buffer(out, want), buf_.data());
                buf_.consume(k);
            } else {
                beast::get_lowest_layer(stream_).expires_after(opts_.io_timeout);
                auto [ec, got] = co_await stream_.async_read_some(asio::buffer(out, want), kTuple);
                if (ec) throw ConnError("read body: " + ec.message());
                k = got;
            }
            remaining_ -= k;
            received_ += k;
            co_return k;
        }
        size_t got = 0;
        while (got == 0 && !parser_.is_done()) {
            auto& body = parser_.get().body();
            body.data = out;
            body.size = n;
            body.more = true;
            beast::get_lowest_layer(stream_).expires_after(opts_.io_timeout);
            auto [ec, _] = co_await http::async_read(stream_, buf_, parser_, kTuple);
            if (ec == http::error::need_buffer) ec = {};
            if (ec) throw ConnError("read body: " + ec.message());
            got = n - parser_.get().body().size;
        }
        received_ += got;
        co_return got;
    }
    bool done() const override { return direct_ ? remaining_ == 0 : parser_.is_done(); }

    // The client asked for "100 Continue" before it sends the body: once, before the first read.
    Task<void> send_continue() {
        if (!expect_continue_ || continue_sent_) co_return;
        continue_sent_ = true;
        static constexpr std::string_view k100 = "HTTP/1.1 100 Continue\r\n\r\n";
        beast::get_lowest_layer(stream_).expires_after(opts_.io_timeout);
        auto [ec, _] = co_await asio::async_write(stream_, asio::buffer(k100), kTuple);
        if (ec) throw ConnError("write 100-continue: " + ec.message());
    }

    // BodyReader and ResponseWriter: this connection as a splice end (plain TCP only). As the
    // reading end it moves a sized request body; as the writing end, a streamed sized response.
    SpliceEnd* splice_end() override {
        if constexpr (kPlain) return head_ ? nullptr : this;
        return nullptr;
    }
    tcp::socket& splice_socket() override {
        auto& sock = beast::get_lowest_layer(stream_).socket();
        set_non_blocking(sock);
        return sock;
    }
    bool accepted() const override { return true; }
    Task<void> splice_start() override {
        if (!direct_) throw ConnError("splice: the request body is not sized");
        co_await send_continue();
        started_ = true;
    }
    std::string_view splice_buffered(size_t max) override {
        if (buf_.size() == 0) return {};
        auto b = buf_.data();
        size_t n = std::min<uint64_t>({b.size(), max, remaining_});
        return {static_cast<const char*>(b.data()), n};
    }
    void splice_consumed(uint64_t n, bool buffered) override {
        if (buffered) buf_.consume(static_cast<size_t>(n));
        remaining_ -= std::min(n, remaining_);
        received_ += n;
    }

    // ResponseWriter
    Task<void> write_head(Response& r, std::optional<uint64_t> length) override {
        chunked_ = !length && !head_;
        head_written_ = true;
        auto block = head_block(r.status, r.headers, length, chunked_, close_);
        co_await write_raw(block);
    }
    Task<void> write_body(std::string_view data) override {
        if (head_ || data.empty()) co_return;
        if (!chunked_) co_return co_await write_raw(data);
        char hex[24];
        int k = std::snprintf(hex, sizeof(hex), "%zx\r\n", data.size());
        std::array<asio::const_buffer, 3> bufs{asio::buffer(hex, k), asio::buffer(data), asio::buffer("\r\n", 2)};
        beast::get_lowest_layer(stream_).expires_after(opts_.io_timeout);
        auto [ec, _] = co_await asio::async_write(stream_, bufs, kTuple);
        if (ec) throw ConnError("write: " + ec.message());
    }
    Task<void> finish() override {
        if (chunked_) co_await write_raw("0\r\n\r\n");
    }

    Task<void> write_raw(std::string_view data) {
        beast::get_lowest_layer(stream_).expires_after(opts_.io_timeout);
        auto [ec, _] = co_await asio::async_write(stream_, asio::buffer(data), kTuple);
        if (ec) throw ConnError("write: " + ec.message());
    }

    // Writes a buffered or file response after the handler returned.
    Task<void> send(Response& r) {
        if (r.file_fd() >= 0) co_return co_await send_file(r);
        std::optional<uint64_t> len = r.head_length() ? r.head_length() : std::optional<uint64_t>(r.body.size());
        auto block = head_block(r.status, r.headers, len, false, close_);
        head_written_ = true;
        if (head_ || r.body.empty() || r.status == 204 || r.status == 304) co_return co_await write_raw(block);
        std::array<asio::const_buffer, 2> bufs{asio::buffer(block), asio::buffer(r.body)};
        beast::get_lowest_layer(stream_).expires_after(opts_.io_timeout);
        auto [ec, _] = co_await asio::async_write(stream_, bufs, kTuple);
        if (ec) throw ConnError("write: " + ec.message());
    }

    Task<void> send_file(Response& r) {
        auto block = head_block(r.status, r.headers, r.file_length(), false, close_);
        head_written_ = true;
        if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
            if (!head_ && r.file_length() > 0) {
                // The header goes with MSG_MORE: the kernel holds it until sendfile's bytes follow,
                // so a small object leaves in one segment and nothing waits on a separate ACK.
                auto& sock = beast::get_lowest_layer(stream_).socket();
                set_non_blocking(sock);
                ssize_t n = ::send(sock.native_handle(), block.data(), block.size(), MSG_MORE | MSG_NOSIGNAL);
                if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                    throw ConnError(std::string("write: ") + std::strerror(errno));
                const size_t sent = n > 0 ? static_cast<size_t>(n) : 0;
                if (sent < block.size()) co_await write_raw(std::string_view(block).substr(sent));
                co_return co_await sendfile_loop(r.file_fd(), r.file_offset(), r.file_length());
            }
        }
        co_await write_raw(block);
        if (head_) co_return;
        if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
            co_await sendfile_loop(r.file_fd(), r.file_offset(), r.file_length());
        } else {
            // TLS: the kernel can't encrypt for us; read and write through the stream.
            std::vector<char> buf(256 * 1024);
            uint64_t off = r.file_offset(), left = r.file_length();
            while (left > 0) {
                ssize_t n = ::pread(r.file_fd(), buf.data(), std::min<uint64_t>(left, buf.size()), off);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) throw ConnError("read file: short read");
                co_await write_raw(std::string_view(buf.data(), n));
                off += n;
                left -= n;
            }
        }
    }

    // The socket in non-blocking mode for our own send/sendfile calls; once per connection (each
    // call is an ioctl).
    void set_non_blocking(tcp::socket& sock) {
        if (*native_nb_) return;
        sock.native_non_blocking(true);
        *native_nb_ = true;
    }

    Task<void> sendfile_loop(int fd, uint64_t offset, uint64_t length) {
        auto& sock = beast::get_lowest_layer(stream_).socket();
        set_non_blocking(sock);
        off_t off = static_cast<off_t>(offset);
        uint64_t left = length;
        asio::steady_timer timer(sock.get_executor());
        while (left > 0) {
            ssize_t n = ::sendfile(sock.native_handle(), fd, &off, std::min<uint64_t>(left, 1u << 30));
            if (n > 0) {
                left -= n;
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                using namespace asio::experimental::awaitable_operators;
                timer.expires_after(opts_.io_timeout);
                auto res = co_await (sock.async_wait(tcp::socket::wait_write, kTuple) || timer.async_wait(kTuple));
                if (res.index() == 1) throw ConnError("sendfile: timeout");
                if (auto [ec] = std::get<0>(res); ec) throw ConnError("sendfile: " + ec.message());
                continue;
            }
            throw ConnError(n == 0 ? "sendfile: file shrank" : std::string("sendfile: ") + std::strerror(errno));
        }
    }

    // Discards what is left of the request body (bounded by time, not bytes: a client that sent
    // a large PUT to a proxy must not see a reset when it receives the redirect).
    Task<bool> drain() {
        if (done()) co_return true;
        std::vector<char> sink(256 * 1024);
        try {
            while (!done()) co_await read_some(sink.data(), sink.size());
        } catch (const ConnError&) {
            co_return false;
        }
        co_return true;
    }

    bool head_written() const { return head_written_; }
    bool started() const { return started_; }
    uint64_t received() const { return received_; }
    bool expect_continue_pending() const { return expect_continue_ && !continue_sent_; }
    bool close_ = false;

private:
    Stream& stream_;
    beast::flat_buffer& buf_;
    http::request_parser<http::buffer_body>& parser_;
    const ServerOptions& opts_;
    bool* native_nb_;  // the connection's: socket already in non-blocking mode
    bool expect_continue_, head_;
    bool continue_sent_ = false, started_ = false, chunked_ = false, head_written_ = false, direct_ = false;
    uint64_t received_ = 0, remaining_ = 0;
};

template <class Stream>
Task<void> write_simple(Stream& s, int status, std::string_view body, const ServerOptions& o) {
    Headers h;
    h.add("Content-Type", "application/json; charset=utf-8");
    auto block = head_block(status, h, body.size(), false, true);
    block += body;
    beast::get_lowest_layer(s).expires_after(o.io_timeout);
    co_await asio::async_write(s, asio::buffer(block), kTuple);
}

// Checks the header of a request for framing that two parsers could read differently (RFC 9112
// §6): a Transfer-Encoding other than a single "chunked", Transfer-Encoding with Content-Length,
// too many header fields, an over-long target. {0, ""} when fine; else {status, message}.
template <class Msg>
std::pair<int, std::string> framing_error(const Msg& msg) {
    constexpr size_t kMaxFields = 128;
    constexpr size_t kMaxTarget = 32 * 1024;
    size_t fields = 0, te = 0, cl = 0;
    std::string_view te_value;
    for (const auto& f : msg) {
        ++fields;
        if (iequals(f.name_string(), "Transfer-Encoding")) {
            ++te;
            te_value = f.value();
        } else if (iequals(f.name_string(), "Content-Length")) {
            ++cl;
        }
    }
    if (fields > kMaxFields)
        return {431, "too many header fields (" + std::to_string(fields) + ", at most " + std::to_string(kMaxFields) + ")"};
    if (msg.target().size() > kMaxTarget)
        return {414, "request target too long (" + std::to_string(msg.target().size()) + " bytes)"};
    if (te > 1) return {400, "repeated Transfer-Encoding header"};
    if (te == 1) {
        if (cl > 0) return {400, "both Transfer-Encoding and Content-Length"};
        std::string_view v = te_value;
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
        if (!iequals(v, "chunked"))
            return {501, "unsupported Transfer-Encoding \"" + std::string(te_value) + "\" (only \"chunked\")"};
    }
    return {0, {}};
}

}  // namespace

template <class Stream>
Task<void> Server::Impl::session(Stream& stream, std::shared_ptr<ConnState> st, std::string remote) {
    beast::flat_buffer buf;
    bool first = true;
    uint64_t nreq = 0;  // requests served on this connection
    bool native_nb = false;
    const bool is_tls = !std::is_same_v<Stream, beast::tcp_stream>;
    for (;;) {
        if (stopping) break;
        http::request_parser<http::buffer_body> parser;
        parser.header_limit(static_cast<uint32_t>(opts.max_header_bytes));
        parser.body_limit(boost::none);
        if (!first && buf.size() == 0) {
            // Keep-alive: wait up to the idle timeout for the next request's first bytes; from
            // then on the header must complete within the header timeout, however slowly the
            // bytes trickle in.
            beast::get_lowest_layer(stream).expires_after(opts.idle_timeout);
            auto [rec, n] = co_await stream.async_read_some(buf.prepare(4096), kTuple);
            if (rec) break;  // idle timeout, EOF, reset
            buf.commit(n);
        }
        beast::get_lowest_layer(stream).expires_after(opts.header_timeout);
        first = false;
        auto [ec, _] = co_await http::async_read_header(stream, buf, parser, kTuple);
        if (!ec) {
            // Request smuggling guards: framing we cannot be sure of is refused and the
            // connection closed, never parsed further.
            if (auto bad = framing_error(parser.get()); bad.first) {
                log::warn("{}: {} ({}), closing", remote, bad.second, bad.first);
                co_await write_simple(stream, bad.first,
                                      error_json(bad.first, bad.second, "", std::string(parser.get().method_string()),
                                                 "", remote, opts.node_name),
                                      opts);
                break;
            }
        }
        if (ec) {
            if (ec == http::error::header_limit) {
                log::warn("{}: request header exceeds {} bytes, answering 431", remote, opts.max_header_bytes);
                co_await write_simple(stream, 431,
                                      error_json(431, "request header too large", "", "", "", remote, opts.node_name), opts);
            } else if (ec.category() == beast::error_code(http::error::bad_target).category() &&
                       ec != http::error::end_of_stream && ec != http::error::partial_message) {
                log::warn("{}: malformed request ({}), answering 400", remote, ec.message());
                co_await write_simple(
                    stream, 400,
                    error_json(400, "malformed request: " + ec.message(), "", "", "", remote, opts.node_name), opts);
            }
            if (ec == beast::error::timeout && buf.size() > 0) {
                // A request that started but did not finish its header in time (not an idle
                // keep-alive connection). tcp_stream has closed the socket already; like nginx,
                // we log it as a 408 and the client sees the connection close.
                log::warn("{}: request header not received within {} ms (408), closing", remote,
                          opts.header_timeout.count());
            }
            break;  // timeout, EOF, reset, or a request we answered and won't continue
        }
        st->busy = true;
        ++inflight;
        if (opts.metrics) {
            opts.metrics->req_n->add();
            if (nreq > 0) opts.metrics->keepalive_n->add();
        }
        ++nreq;
        auto& msg = parser.get();
        Request req;
        req.method = std::string(msg.method_string());
        req.target = std::string(msg.target());
        auto qpos = req.target.find('?');
        req.raw_path = req.target.substr(0, qpos);
        if (qpos != std::string::npos) req.raw_query = req.target.substr(qpos + 1);
        for (const auto& f : msg) req.headers.add(std::string(f.name_string()), std::string(f.value()));
        req.chunked = parser.chunked();
        if (auto cl = parser.content_length()) req.content_length = *cl;
        req.tls = is_tls;
        req.remote_addr = remote;
        const bool head = req.method == "HEAD";
        const bool expect100 = iequals(req.headers.get("Expect"), "100-continue");
        Exchange<Stream> ex(stream, buf, parser, opts, expect100, head, &native_nb);
        ex.close_ = !parser.keep_alive() || stopping;
        req.body = &ex;
        Response resp;
        resp.bind(&ex);
        bool conn_failed = false;
        try {
            try {
                req.path = url_unescape(req.raw_path);
                req.query = Query::parse(req.raw_query);
            } catch (const Error&) {
                throw ErrBadRequest("malformed URL: " + req.target);
            }
            auto m = router.find(req.method, req.path);
            if (!m.handler) {
                if (!m.allow.empty()) {
                    resp.status = 405;
                    resp.headers.set("Allow", m.allow);
                    resp.set_text("Method Not Allowed");
                } else {
                    throw ErrNotFound("invalid path \"" + req.path + "\"", "");
                }
            } else {
                req.rest = req.path.substr(std::min(m.prefix_len, req.path.size()));
                if (!req.rest.empty() && req.rest[0] == '/') req.rest.erase(0, 1);
                co_await (*m.handler)(req, resp);
            }
        } catch (const ConnError& e) {
            conn_failed = true;
            log::debug("{}: {} {}: {}", remote, req.method, req.target, e.what());
        } catch (const std::exception& e) {
            int status = 500;
            std::string tcode;
            if (auto* ae = dynamic_cast<const Error*>(&e)) {
                status = ae->status();
                tcode = ae->tcode();
            } else {
                log::error("{} {}: internal error: {}", req.method, req.target, e.what());
            }
            if (ex.head_written()) {
                conn_failed = true;  // can't change a response already on the wire
            } else {
                auto body = error_json(status, e.what(), tcode, req.method, req.raw_path, remote, opts.node_name);
                resp = Response();
                resp.bind(&ex);
                resp.status = status;
                resp.headers.set("X-Content-Type-Options", "nosniff");
                if (head)
                    resp.headers.set("Hdr-Error", body);
                else
                    resp.set_json(std::move(body));
            }
        }
        if (!conn_failed) {
            // A body the handler didn't read: if the client waits for 100-continue it will not
            // send it, so we close; otherwise we answer first and then drain it.
            if (!ex.done() && ex.expect_continue_pending()) ex.close_ = true;
            try {
                if (!resp.streamed())
                    co_await ex.send(resp);
                else if (!ex.head_written())
                    conn_failed = true;
            } catch (const ConnError&) {
                conn_failed = true;
                if (opts.metrics) opts.metrics->err_http_write_n->add();
            }
            if (!conn_failed && !ex.close_ && !ex.done()) {
                if (!co_await ex.drain()) conn_failed = true;
            }
        }
        --inflight;
        st->busy = false;
        if (stopping) idle_cv.notify_all();
        if (conn_failed || ex.close_) {
            if (!conn_failed && !ex.done() && !ex.expect_continue_pending()) {
                // Lingering close: stop sending, swallow what the client still sends, then close.
                beast::error_code ignore;
                beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_send, ignore);
                co_await ex.drain();
            }
            break;
        }
    }
}

Task<void> Server::Impl::run_tcp(tcp::socket sock) {
    beast::error_code ec;
    auto ep = sock.remote_endpoint(ec);
    std::string remote = ec ? "?" : ep.address().to_string() + ":" + std::to_string(ep.port());
    sock.set_option(tcp::no_delay(true), ec);
    auto st = std::make_shared<ConnState>(sock.get_executor());
    {
        std::lock_guard lk(mu);
        conns.insert(st);
    }
    try {
        if (ssl) {
            asio::ssl::stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(sock)), *ssl);
            st->tcp = &beast::get_lowest_layer(stream);
            beast::get_lowest_layer(stream).expires_after(opts.header_timeout);
            auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kTuple);
            if (!hec) {
                co_await session(stream, st, remote);
                beast::get_lowest_layer(stream).expires_after(2s);
                co_await stream.async_shutdown(kTuple);
            } else {
                log::debug("{}: TLS handshake failed: {}", remote, hec.message());
            }
        } else {
            beast::tcp_stream stream(std::move(sock));
            st->tcp = &stream;
            co_await session(stream, st, remote);
            stream.socket().shutdown(tcp::socket::shutdown_both, ec);
        }
    } catch (const std::exception& e) {
        log::debug("{}: connection error: {}", remote, e.what());
    }
    {
        std::lock_guard lk(mu);
        st->tcp = nullptr;
        conns.erase(st);
    }
    --nconns;
    if (opts.metrics) opts.metrics->conn_active->add(-1);
    idle_cv.notify_all();
}

Task<void> Server::Impl::accept_loop(Loop& loop) {
    for (;;) {
        auto [ec, sock] = co_await loop.acceptor.async_accept(loop.io, kTuple);
        if (ec) {
            if (stopping || ec == asio::error::operation_aborted) co_return;
            log::warn("accept: {}", ec.message());
            asio::steady_timer t(loop.io, 50ms);  // e.g. EMFILE: back off instead of spinning
            co_await t.async_wait(kTuple);
            continue;
        }
        if (nconns >= opts.max_connections) {
            log::warn("connection limit {} reached, refusing a connection", opts.max_connections);
            auto ex = sock.get_executor();
            asio::co_spawn(
                ex,
                [s = std::move(sock), this]() mutable -> Task<void> {
                    beast::tcp_stream st(std::move(s));
                    co_await write_simple(st, 503,
                                          error_json(503, "too many connections", "", "", "", "", opts.node_name),
                                          opts);
                },
                asio::detached);
            continue;
        }
        ++nconns;
        if (opts.metrics) {
            opts.metrics->conn_n->add();
            opts.metrics->conn_active->add(1);
        }
        auto ex = sock.get_executor();
        asio::co_spawn(ex, run_tcp(std::move(sock)), asio::detached);
    }
}

Server::Server(ServerOptions opts, Router router) : impl_(std::make_unique<Impl>(std::move(opts), std::move(router))) {
    // The loops exist from the start (io() is used before start()); start() opens the acceptors.
    const int n = impl_->opts.threads > 0 ? impl_->opts.threads
                                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    for (int i = 0; i < n; ++i) impl_->loops.push_back(std::make_unique<Loop>());
}

Server::~Server() {
    if (!impl_->threads.empty()) stop(std::chrono::milliseconds(0));
}

void Server::start() {
    auto& I = *impl_;
    if (!I.opts.tls_cert_file.empty() || !I.opts.tls_key_file.empty()) {
        I.ssl.emplace(asio::ssl::context::tls_server);
        I.ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                           asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                           asio::ssl::context::no_tlsv1_1);
        I.ssl->use_certificate_chain_file(I.opts.tls_cert_file);
        I.ssl->use_private_key_file(I.opts.tls_key_file, asio::ssl::context::pem);
    }
    auto addr = asio::ip::make_address(I.opts.host.empty() ? "0.0.0.0" : I.opts.host);
    uint16_t port = I.opts.port;
    for (auto& loop : I.loops) {
        tcp::endpoint ep(addr, port);  // port 0 for the first: the others take the port it got
        try {
            loop->acceptor.open(ep.protocol());
            loop->acceptor.set_option(tcp::acceptor::reuse_address(true));
            loop->acceptor.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true));
            loop->acceptor.bind(ep);
            loop->acceptor.listen(asio::socket_base::max_listen_connections);
        } catch (const boost::system::system_error& e) {
            throw std::runtime_error("cannot listen on " + I.opts.host + ":" + std::to_string(port) + ": " +
                                     e.code().message());
        }
        port = loop->acceptor.local_endpoint().port();
    }
    for (auto& loop : I.loops) {
        asio::co_spawn(loop->io, I.accept_loop(*loop), asio::detached);
        Loop* l = loop.get();
        I.threads.emplace_back([l] { l->io.run(); });
    }
}

uint16_t Server::port() const { return impl_->loops.front()->acceptor.local_endpoint().port(); }
bool Server::tls() const { return impl_->ssl.has_value(); }
asio::io_context& Server::io() { return impl_->loops.front()->io; }
size_t Server::connections() const { return impl_->nconns; }

void Server::stop(std::chrono::milliseconds grace) {
    auto& I = *impl_;
    if (I.stopping.exchange(true)) {
        wait();
        return;
    }
    for (auto& loop : I.loops) {
        Loop* l = loop.get();
        asio::post(l->io, [l] {
            beast::error_code ec;
            l->acceptor.close(ec);
        });
    }
    // Idle keep-alive connections are closed now; busy ones finish their request first.
    auto close_idle = [&I] {
        std::lock_guard lk(I.mu);
        for (auto& st : I.conns)
            if (!st->busy)
                asio::post(st->strand, [st] {
                    if (st->tcp && !st->busy) st->tcp->cancel();
                });
    };
    close_idle();
    {
        std::unique_lock lk(I.mu);
        I.idle_cv.wait_for(lk, grace, [&I] { return I.inflight == 0; });
    }
    close_idle();
    {
        std::unique_lock lk(I.mu);
        I.idle_cv.wait_for(lk, std::chrono::milliseconds(500), [&I] { return I.nconns == 0; });
    }
    for (auto& loop : I.loops) loop->io.stop();
    wait();
}

void Server::wait() {
    for (auto& t : impl_->threads)
        if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
    impl_->threads.clear();
}

}  // namespace ais::net
