// The client: one coroutine per exchange over a pooled Beast stream (plain or TLS). Requests are
// serialized by hand (the body may be a string or a rewindable source); responses are parsed by
// Beast with a buffer body so that large bodies stream into the caller's sink.
#include "shared/net/client.hpp"

#include "shared/net/splice.hpp"
#include "shared/util/strings.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/core/stream_traits.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>

namespace ais::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

FileBody::FileBody(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw std::runtime_error("open " + path + ": " + std::strerror(errno));
    struct stat st {};
    ::fstat(fd_, &st);
    size_ = static_cast<uint64_t>(st.st_size);
}

FileBody::~FileBody() {
    if (fd_ >= 0) ::close(fd_);
}

size_t FileBody::read(char* buf, size_t n) {
    for (;;) {
        ssize_t k = ::pread(fd_, buf, n, static_cast<off_t>(pos_));
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) throw std::runtime_error(std::string("read: ") + std::strerror(errno));
        pos_ += static_cast<uint64_t>(k);
        return static_cast<size_t>(k);
    }
}

void FileBody::rewind() { pos_ = 0; }

Task<size_t> BodySource::co_read(char* buf, size_t n) { co_return read(buf, n); }

namespace {

struct Url {
    bool tls = false;
    std::string host, port, target;  // target: path + query, escaped
    std::string key() const { return (tls ? "https://" : "http://") + host + ":" + port; }
};

Url parse_url(std::string_view u) {
    Url out;
    if (u.starts_with("http://")) {
        u.remove_prefix(7);
    } else if (u.starts_with("https://")) {
        u.remove_prefix(8);
        out.tls = true;
    } else {
        throw NetError("invalid URL \"" + std::string(u) + "\": expecting http:// or https://");
    }
    auto slash = u.find('/');
    auto hostport = u.substr(0, slash);
    out.target = slash == std::string_view::npos ? "/" : std::string(u.substr(slash));
    if (!hostport.empty() && hostport[0] == '[') {  // [::1]:8080
        auto rb = hostport.find(']');
        out.host = std::string(hostport.substr(1, rb - 1));
        hostport.remove_prefix(rb + 1);
        out.port = hostport.starts_with(":") ? std::string(hostport.substr(1)) : "";
    } else {
        auto colon = hostport.rfind(':');
        out.host = std::string(hostport.substr(0, colon));
        out.port = colon == std::string_view::npos ? "" : std::string(hostport.substr(colon + 1));
    }
    if (out.port.empty()) out.port = out.tls ? "443" : "80";
    if (out.host.empty()) throw NetError("invalid URL \"" + std::string(u) + "\": no host");
    return out;
}

// Resolves a Location header against the URL that produced it.
std::string resolve_location(const Url& base, std::string_view loc) {
    if (loc.starts_with("http://") || loc.starts_with("https://")) return std::string(loc);
    std::string host = base.host.find(':') != std::string::npos ? "[" + base.host + "]" : base.host;
    std::string prefix = (base.tls ? "https://" : "http://") + host + ":" + base.port;
    if (loc.starts_with("/")) return prefix + std::string(loc);
    auto dir = base.target.substr(0, base.target.rfind('/') + 1);
    return prefix + dir + std::string(loc);
}

// Bodies of at least this size are sent with "Expect: 100-continue": a proxy answers with a
// redirect before the client has uploaded anything, so the data crosses the wire once.
constexpr uint64_t kExpectContinueMin = 1 << 20;
constexpr size_t kIoBufSize = 256 * 1024;

struct Conn {
    std::unique_ptr<beast::tcp_stream> tcp;
    std::unique_ptr<asio::ssl::stream<beast::tcp_stream>> tls;
    beast::flat_buffer buf;
    std::unique_ptr<char[]> iobuf;  // body bytes in and out; allocated once per connection, not zeroed
    bool non_blocking = false;      // the socket, for splice relays (set once)
    beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *tcp; }
    char* io() {
        if (!iobuf) iobuf.reset(new char[kIoBufSize]);
        return iobuf.get();
    }
};

// A plain-TCP client connection as a splice end: the target of a relayed request body, or the
// source of a relayed response body (whose first bytes may already sit in `buf`).
struct ConnEnd final : SpliceEnd {
    Conn& c;
    explicit ConnEnd(Conn& conn) : c(conn) {}
    tcp::socket& splice_socket() override {
        auto& sock = c.tcp->socket();
        if (!c.non_blocking) {
            sock.native_non_blocking(true);
            c.non_blocking = true;
        }
        return sock;
    }
    bool accepted() const override { return false; }
    std::string_view splice_buffered(size_t max) override {
        if (c.buf.size() == 0) return {};
        auto b = c.buf.data();
        return {static_cast<const char*>(b.data()), std::min(b.size(), max)};
    }
    void splice_consumed(uint64_t n, bool buffered) override {
        if (buffered) c.buf.consume(static_cast<size_t>(n));
    }
};

}  // namespace

struct Client::Impl {
    ClientOptions opts;
    std::unique_ptr<asio::io_context> own_io;
    asio::io_context* io = nullptr;
    std::optional<asio::ssl::context> ssl;
    std::mutex mu;
    std::map<std::string, std::vector<std::unique_ptr<Conn>>> idle;

    explicit Impl(ClientOptions o) : opts(std::move(o)) {}

    asio::ssl::context& ssl_ctx() {
        std::lock_guard lk(mu);
        if (!ssl) {
            ssl.emplace(asio::ssl::context::tls_client);
            if (opts.skip_verify) {
                ssl->set_verify_mode(asio::ssl::verify_none);
            } else {
                ssl->set_verify_mode(asio::ssl::verify_peer);
                if (!opts.ca_file.empty())
                    ssl->load_verify_file(opts.ca_file);
                else
                    ssl->set_default_verify_paths();
            }
        }
        return *ssl;
    }

    std::unique_ptr<Conn> take(const std::string& key) {
        std::lock_guard lk(mu);
        auto it = idle.find(key);
        if (it == idle.end() || it->second.empty()) return nullptr;
        auto c = std::move(it->second.back());
        it->second.pop_back();
        return c;
    }

    void put_back(const std::string& key, std::unique_ptr<Conn> c) {
        std::lock_guard lk(mu);
        auto& v = idle[key];
        if (v.size() < opts.max_idle_per_host) v.push_back(std::move(c));
    }

    // `limit` (a request's own timeout, when shorter) bounds the dial too: a health probe with a
    // budget of 1 s must not wait 3 s for an unreachable host.
    Task<std::unique_ptr<Conn>> connect(const Url& u, std::chrono::milliseconds limit) {
        auto ex = co_await asio::this_coro::executor;
        tcp::resolver resolver(ex);
        auto [rec, results] = co_await resolver.async_resolve(u.host, u.port, kTuple);
        if (rec) throw NetError("resolve " + u.host + ": " + rec.message());
        auto c = std::make_unique<Conn>();
        if (u.tls) {
            c->tls = std::make_unique<asio::ssl::stream<beast::tcp_stream>>(ex, ssl_ctx());
            if (!SSL_set_tlsext_host_name(c->tls->native_handle(), u.host.c_str()))
                throw NetError("TLS: cannot set SNI for " + u.host);
            if (!opts.skip_verify) c->tls->set_verify_callback(asio::ssl::host_name_verification(u.host));
        } else {
            c->tcp = std::make_unique<beast::tcp_stream>(ex);
        }
        auto& low = c->lowest();
        low.expires_after(limit.count() > 0 ? std::min(limit, opts.connect_timeout) : opts.connect_timeout);
        auto [cec, ep] = co_await low.async_connect(results, kTuple);
        if (cec) throw NetError("connect " + u.host + ":" + u.port + ": " + cec.message());
        beast::error_code ignore;
        low.socket().set_option(tcp::no_delay(true), ignore);
        if (c->tls) {
            auto [hec] = co_await c->tls->async_handshake(asio::ssl::stream_base::client, kTuple);
            if (hec) throw NetError("TLS handshake with " + u.host + ":" + u.port + ": " + hec.message());
        }
        co_return c;
    }

    template <class Stream>
    Task<void> write_all(Stream& s, beast::tcp_stream& low, std::string_view data) {
        low.expires_after(opts.io_timeout);
        auto [ec, _] = co_await asio::async_write(s, asio::buffer(data), kTuple);
        if (ec) throw NetError("write: " + ec.message());
    }

    // Writes the request body (a string, or a source read through its awaitable co_read).
    template <class Stream>
    Task<void> write_body(Stream& s, Conn& c, const ClientRequest& req, uint64_t body_len) {
        auto& low = c.lowest();
        if (!req.body_source) {
            if (!req.body.empty()) co_await write_all(s, low, req.body);
            co_return;
        }
        req.body_source->rewind();
        if (c.tcp && body_len > 0) {
            // A body relayed from a server request: socket to socket, no copy through user space.
            if (Request* from = req.body_source->splice_request()) {
                ConnEnd to(c);
                co_await splice_relay(*from->body->splice_end(), to, body_len,
                                      req.timeout.count() > 0 ? req.timeout : opts.io_timeout);
                co_return;
            }
        }
        char* buf = c.io();
        uint64_t left = body_len;
        while (left > 0) {
            size_t want = static_cast<size_t>(std::min<uint64_t>(kIoBufSize, left));
            size_t n = co_await req.body_source->co_read(buf, want);
            if (n == 0) throw NetError("request body shorter than its declared size");
            co_await write_all(s, low, std::string_view(buf, n));
            left -= n;
        }
    }

    // One request/response on one connection. Returns false in `reusable` when the connection
    // must not go back to the pool. Throws NetError on transport failure.
    template <class Stream>
    Task<ClientResponse> exchange(Stream& s, Conn& c, const Url& u, const ClientRequest& req, bool discard_body,
                                  bool& reusable, bool& got_bytes) {
        auto& low = c.lowest();
        std::string head;
        head.reserve(512);
        head += req.method;
        head += ' ';
        head += u.target;
        head += " HTTP/1.1\r\nHost: ";
        head += u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
        head += ':';
        head += u.port;
        head += "\r\n";
        bool has_ua = false;
        for (const auto& [k, v] : req.headers) {
            if (iequals(k, "Host") || iequals(k, "Content-Length") || iequals(k, "Transfer-Encoding")) continue;
            if (iequals(k, "User-Agent")) has_ua = true;
            head += k;
            head += ": ";
            head += v;
            head += "\r\n";
        }
        if (!has_ua) head += "User-Agent: " + opts.user_agent + "\r\n";
        uint64_t body_len = req.body_source ? req.body_source->size() : req.body.size();
        bool send_len = body_len > 0 || req.method == "PUT" || req.method == "POST" || req.method == "PATCH";
        if (send_len) head += "Content-Length: " + std::to_string(body_len) + "\r\n";
        const bool expect = body_len >= kExpectContinueMin && !req.headers.has("Expect");
        if (expect) head += "Expect: 100-continue\r\n";
        head += "\r\n";
        bool body_sent = false;
        if (!expect && !req.body_source && !req.body.empty() && req.body.size() < 64 * 1024) {
            head += req.body;
            co_await write_all(s, low, head);
            body_sent = true;
        } else {
            co_await write_all(s, low, head);
            if (!expect) {
                co_await write_body(s, c, req, body_len);
                body_sent = true;
            }
        }

        // With Expect, a "100 Continue" asks for the body; a final status (a redirect, an error)
        // means it is not wanted, and the server will close the connection.
        std::optional<http::response_parser<http::buffer_body>> parser_slot;
        for (;;) {
            parser_slot.emplace();
            parser_slot->body_limit(boost::none);
            parser_slot->header_limit(1 << 20);
            if (req.method == "HEAD") parser_slot->skip(true);
            low.expires_after(req.timeout.count() > 0 ? req.timeout : opts.io_timeout);
            auto [ec, _] = co_await http::async_read_header(s, c.buf, *parser_slot, kTuple);
            if (ec) throw NetError("read response: " + ec.message());
            if (parser_slot->get().result_int() != 100) break;
            if (!body_sent) {
                co_await write_body(s, c, req, body_len);
                body_sent = true;
            }
        }
        auto& parser = *parser_slot;
        got_bytes = true;
        ClientResponse r;
        auto& msg = parser.get();
        r.status = static_cast<int>(msg.result_int());
        for (const auto& f : msg) r.headers.add(std::string(f.name_string()), std::string(f.value()));
        const bool redirect = r.status == 301 || r.status == 302 || r.status == 307 || r.status == 308;
        if (redirect && req.follow_redirects) discard_body = true;
        // Error bodies (the AIS JSON error) go to the caller in `body`, never into its sink.
        auto* sink = r.status < 300 && req.sink ? &req.sink : nullptr;
        BodySink* bsink = r.status < 300 && req.body_sink && !discard_body ? req.body_sink : nullptr;
        if (bsink) {
            sink = nullptr;
            co_await bsink->head(r);
        }
        char* const buf = c.io();
        if (!parser.is_done())
            if (auto cl = parser.content_length(); cl && !sink && !bsink && !discard_body) r.body.reserve(*cl);
        auto deliver = [&](const char* p, size_t n) {
            if (n == 0 || discard_body) return;
            if (sink)
                (*sink)(p, n);
            else
                r.body.append(p, n);
        };
        if (!parser.is_done() && !parser.chunked() && parser.content_length()) {
            // Sized body: read straight from the stream in large pieces (Beast's parser would
            // copy it through its own buffer in small reads).
            uint64_t left = *parser.content_length();
            if (bsink && c.tcp && left > 0) {
                // Relayed to a server response on plain TCP: socket to socket (see splice.hpp).
                Response* to = bsink->splice_to();
                if (SpliceEnd* dst = to ? to->splice_end() : nullptr) {
                    ConnEnd src(c);
                    co_await splice_relay(src, *dst, left, req.timeout.count() > 0 ? req.timeout : opts.io_timeout);
                    reusable = parser.keep_alive() && body_sent;
                    co_return r;
                }
            }
            if (c.buf.size() > 0) {
                size_t k = static_cast<size_t>(std::min<uint64_t>(left, c.buf.size()));
                size_t copied = asio::buffer_copy(asio::buffer(buf, std::min(k, kIoBufSize)), c.buf.data());
                c.buf.consume(copied);
                left -= copied;
                if (bsink)
                    co_await bsink->write(buf, copied);
                else
                    deliver(buf, copied);
            }
            while (left > 0) {
                low.expires_after(req.timeout.count() > 0 ? req.timeout : opts.io_timeout);
                auto [rec, n] = co_await s.async_read_some(
                    asio::buffer(buf, static_cast<size_t>(std::min<uint64_t>(left, kIoBufSize))), kTuple);
                if (rec) throw NetError("read response body: " + rec.message());
                left -= n;
                if (bsink)
                    co_await bsink->write(buf, n);
                else
                    deliver(buf, n);
            }
            reusable = parser.keep_alive() && body_sent;
            co_return r;
        }
        while (!parser.is_done()) {
            msg.body().data = buf;
            msg.body().size = kIoBufSize;
            low.expires_after(req.timeout.count() > 0 ? req.timeout : opts.io_timeout);
            auto [rec, n] = co_await http::async_read(s, c.buf, parser, kTuple);
            if (rec == http::error::need_buffer) rec = {};
            if (rec) throw NetError("read response body: " + rec.message());
            if (bsink)
                co_await bsink->write(buf, kIoBufSize - msg.body().size);
            else
                deliver(buf, kIoBufSize - msg.body().size);
        }
        reusable = parser.keep_alive() && body_sent;
        co_return r;
    }

    // One attempt at one URL: take a pooled connection (or dial), exchange, return it to the pool.
    Task<ClientResponse> once(const Url& u, const ClientRequest& req, bool discard_body) {
        // Connections are pooled per event loop: a socket is served by the reactor of the loop
        // that opened it, so using it from another loop would hop threads on every operation.
        auto ex = co_await asio::this_coro::executor;
        auto& ctx = asio::query(ex, asio::execution::context);
        auto key = u.key() + "@" + std::to_string(reinterpret_cast<uintptr_t>(&ctx));
        for (int attempt = 0;; ++attempt) {
            auto c = take(key);
            bool pooled = c != nullptr;
            if (!c) c = co_await connect(u, req.timeout);
            bool reusable = false, got_bytes = false;
            try {
                // (no co_await inside ?: — GCC 12 miscompiles it)
                ClientResponse r;
                if (c->tls)
                    r = co_await exchange(*c->tls, *c, u, req, discard_body, reusable, got_bytes);
                else
                    r = co_await exchange(*c->tcp, *c, u, req, discard_body, reusable, got_bytes);
                if (reusable) put_back(key, std::move(c));
                co_return r;
            } catch (const NetError&) {
                // A pooled connection the server already closed: redial once, it's not a failure.
                if (pooled && !got_bytes && attempt == 0) continue;
                throw;
            }
        }
    }

    Task<ClientResponse> call(const ClientRequest& req) {
        std::string url = req.url;
        int retries = req.max_retries >= 0 ? req.max_retries : opts.max_retries;
        auto backoff = opts.retry_backoff;
        for (int redirects = 0, attempt = 0;;) {
            Url u = parse_url(url);
            ClientResponse r;
            bool failed = false;
            try {
                r = co_await once(u, req, false);
            } catch (const NetError&) {
                if (attempt++ >= retries || req.sink || req.body_sink) throw;  // a partly consumed sink can't be replayed
                failed = true;
            }
            if (failed) {
                co_await sleep(backoff);
                backoff *= 2;
                continue;
            }
            bool is_redirect = req.follow_redirects && (r.status == 301 || r.status == 302 || r.status == 307 ||
                                                        r.status == 308) && r.headers.has("Location");
            if (is_redirect) {
                if (++redirects > opts.max_redirects) throw NetError("too many redirects: " + url);
                url = resolve_location(u, r.headers.get("Location"));
                continue;
            }
            if (r.status == 503 && attempt++ < retries) {
                co_await sleep(backoff);
                backoff *= 2;
                continue;
            }
            r.url = url;
            co_return r;
        }
    }

    Task<void> sleep(std::chrono::milliseconds d) {
        asio::steady_timer t(co_await asio::this_coro::executor, d);
        co_await t.async_wait(kTuple);
    }
};

Client::Client(ClientOptions opts) : impl_(std::make_unique<Impl>(std::move(opts))) {
    impl_->own_io = std::make_unique<asio::io_context>(1);
    impl_->io = impl_->own_io.get();
}

Client::Client(asio::io_context& io, ClientOptions opts) : impl_(std::make_unique<Impl>(std::move(opts))) {
    impl_->io = &io;
}

Client::~Client() {
    // Pooled connections belong to the io_context: destroy them before it goes away.
    std::lock_guard lk(impl_->mu);
    impl_->idle.clear();
}

const ClientOptions& Client::options() const { return impl_->opts; }

Task<ClientResponse> Client::co_call(const ClientRequest& req) { co_return co_await impl_->call(req); }

ClientResponse Client::call(const ClientRequest& req) {
    if (impl_->own_io) {
        std::exception_ptr err;
        ClientResponse out;
        asio::co_spawn(*impl_->io, impl_->call(req), [&](std::exception_ptr e, ClientResponse r) {
            err = e;
            out = std::move(r);
        });
        impl_->io->restart();
        impl_->io->run();
        if (err) std::rethrow_exception(err);
        return out;
    }
    return asio::co_spawn(*impl_->io, impl_->call(req), asio::use_future).get();
}

}  // namespace ais::net
