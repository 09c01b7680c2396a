// The HTTP/1.1 server every program embeds: N io threads running one io_context, one coroutine
// per connection from accept to close, plain TCP or TLS on the same code path.
//
// Per request: the header is read and bounded, the router picks a handler, the handler decides
// what to do with the body; afterwards any unread body is drained (small) or the connection is
// closed (large), so that a redirect never resets a client that is still uploading.
// Errors thrown by handlers (ais::Error) become the AIS JSON error; anything else becomes a 500.
// stop() stops accepting, lets in-flight requests finish for a grace period, then closes.
#pragma once

#include "shared/net/router.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}
namespace ais::stats {
struct NodeMetrics;
}

namespace ais::net {

struct ServerOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 0;  // 0: pick a free port (see Server::port())
    int threads = 0;    // 0: one per core
    std::string tls_cert_file, tls_key_file;  // both set: HTTPS
    size_t max_header_bytes = 64 * 1024;
    size_t max_connections = 16384;
    std::chrono::milliseconds header_timeout{30'000};  // a started request must deliver its header
    std::chrono::milliseconds idle_timeout{120'000};   // keep-alive connection with no request
    std::chrono::milliseconds io_timeout{300'000};     // no progress while reading/writing a body
    uint64_t max_drain_bytes = 1 << 20;  // unread body beyond this closes the connection
    std::string node_name;  // goes into the "node" field of error JSON
    // Connections, requests, kept-alive reuse and failed response writes are counted here.
    stats::NodeMetrics* metrics = nullptr;
};

class Server {
public:
    Server(ServerOptions opts, Router router);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    void start();  // binds, listens, starts the io threads; throws on bind failure
    uint16_t port() const;
    bool tls() const;
    // Stops accepting, waits up to `grace` for in-flight requests, then closes everything.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));
    void wait();  // until the io threads have exited
    boost::asio::io_context& io();
    size_t connections() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ais::net
