// Zero-copy relay of a body from one plain-TCP connection to another (internal to shared/net: the
// server and the client implement its ends; nothing outside shared/net includes this header).
//
// A gateway that must answer the data itself (the S3 API: its clients do not follow redirects)
// moves the bytes socket -> pipe -> socket with splice(2): the kernel hands pages over instead of
// copying them through user space, and both directions proceed at once (the pipe is the buffer
// between them). Bytes a connection already read into user space (with a header) go first.
// The sockets are non-blocking; waits are asio readiness waits on the caller's event loop.
#pragma once

#include "shared/net/http.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <stdexcept>
#include <string_view>

namespace ais::net {

// A failure of a connection the server accepted (its client went away, timed out): the server
// closes that connection without a response. (Failures towards a peer the client called are
// NetError.)
struct ConnError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One end of a relay: a plain-TCP socket and, on the reading end, the body's accounting.
class SpliceEnd {
  public:
    virtual ~SpliceEnd() = default;
    // The socket, in non-blocking mode.
    virtual boost::asio::ip::tcp::socket& splice_socket() = 0;
    // Whether this is a connection the server accepted (its failures throw ConnError) or one the
    // client opened (NetError).
    virtual bool accepted() const = 0;
    // Reading end: called once before the first byte is read (e.g. to send "100 Continue").
    virtual Task<void> splice_start() { co_return; }
    // Reading end: up to `max` body bytes the connection already holds in user space.
    virtual std::string_view splice_buffered(size_t /*max*/) { return {}; }
    // Reading end: `n` body bytes were moved: first from splice_buffered(), then from the socket.
    virtual void splice_consumed(uint64_t /*n*/, bool /*buffered*/) {}
};

// Moves exactly `n` body bytes from `from` to `to`. Throws ConnError/NetError (per the failing
// end's accepted()) when a side fails, closes early, or makes no progress for `timeout`; then some
// bytes may have moved and neither connection is fit for another request.
Task<void> splice_relay(SpliceEnd& from, SpliceEnd& to, uint64_t n, std::chrono::milliseconds timeout);

}  // namespace ais::net
