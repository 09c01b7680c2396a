// The HTTP client every program uses: keep-alive connection pool per host, plain or TLS,
// redirects followed the way AIS clients follow them (301/302/307/308, re-sending a rewindable
// body), connect/IO timeouts, and bounded retries with backoff on connection errors and 503.
//
// One implementation, two faces: co_call() for coroutines on a caller's io_context (nodes,
// aisloader), call() for synchronous callers (the CLI, tests), which runs the same coroutine on
// the client's own io_context.
#pragma once

#include "shared/net/http.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace boost::asio {
class io_context;
}

namespace ais::net {

// A connection-level failure (refused, reset, timeout, TLS): no HTTP status was received.
class NetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ClientOptions {
    std::string ca_file;  // TLS: trust these CAs (default: system store)
    bool skip_verify = false;
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds io_timeout{300'000};  // no progress for this long fails the request
    int max_retries = 3;                            // connection errors and 503
    std::chrono::milliseconds retry_backoff{200};   // doubles on every retry
    int max_redirects = 8;
    size_t max_idle_per_host = 64;
    std::string user_agent = "ais-cpp";
};

struct ClientResponse;

// A request body that can be re-read from the start (for redirects and retries).
class BodySource {
public:
    virtual ~BodySource() = default;
    virtual uint64_t size() const = 0;
    virtual size_t read(char* buf, size_t n) = 0;  // 0 = end
    virtual void rewind() = 0;
    // Asynchronous read, for a source fed by another connection (a proxy relaying a request
    // body). The client always reads through this; the default calls read().
    virtual Task<size_t> co_read(char* buf, size_t n);
    // A body relayed unchanged from a server request: that request, when its bytes may go socket
    // to socket (plain TCP, sized); else nullptr. The client asks right before sending and the
    // source is spent afterwards.
    virtual Request* splice_request() { return nullptr; }
};

// A streaming response consumer that may itself wait (a proxy relaying a response body to its
// own client). head() sees the 2xx status and headers before the first body byte.
class BodySink {
public:
    virtual ~BodySink() = default;
    virtual Task<void> head(const ClientResponse& r) = 0;
    virtual Task<void> write(const char* data, size_t n) = 0;
    // The server response that write() feeds, when a sized body may instead be spliced into its
    // connection after head() (both connections plain TCP); nullptr: always write().
    virtual Response* splice_to() { return nullptr; }
};

// A file (or a region of it) as a request body; the file is opened by the constructor.
class FileBody : public BodySource {
public:
    explicit FileBody(const std::string& path);
    ~FileBody() override;
    uint64_t size() const override { return size_; }
    size_t read(char* buf, size_t n) override;
    void rewind() override;

private:
    int fd_ = -1;
    uint64_t size_ = 0, pos_ = 0;
};

struct ClientRequest {
    std::string method = "GET";
    std::string url;  // absolute, already escaped: "http://h:p/v1/objects/b/o?provider=ais"
    Headers headers;
    std::string body;                      // used unless body_source is set
    BodySource* body_source = nullptr;     // not owned; must outlive the call
    // When set, response body bytes go here (streaming) instead of into ClientResponse::body.
    std::function<void(const char*, size_t)> sink;
    // Like `sink`, but awaited (backpressure); not owned. Takes precedence over `sink`.
    BodySink* body_sink = nullptr;
    bool follow_redirects = true;
    int max_retries = -1;  // -1: ClientOptions::max_retries
    // Waiting for the response (and each read of its body) longer than this fails the call;
    // 0: ClientOptions::io_timeout. Control-plane fan-out sets it so a hung node cannot stall it.
    std::chrono::milliseconds timeout{0};
};

struct ClientResponse {
    int status = 0;
    Headers headers;
    std::string body;
    std::string url;  // the URL that produced this response, after redirects
    bool ok() const { return status >= 200 && status < 300; }
};

class Client {
public:
    explicit Client(ClientOptions opts = {});                       // owns an io_context: call()
    Client(boost::asio::io_context& io, ClientOptions opts = {});   // co_call() on `io`
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    ClientResponse call(const ClientRequest& req);
    Task<ClientResponse> co_call(const ClientRequest& req);
    const ClientOptions& options() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ais::net
