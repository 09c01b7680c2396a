// Bundles: the target-to-target bulk stream. Many objects travel in one intra-cluster request over
// a kept-alive connection (after AIS's transport package), and the receiver makes them durable
// together (Core::commit_batch: a syncfs per mountpath instead of two fsyncs per object).
// Rebalance sends with it; so can any job that moves objects between targets.
//
//   PUT /v1/transport/<trname>        intra-data network; Ais-Caller-Id: the sending target
//   body   one frame per object:  u32 big-endian header length | header (JSON) | `size` bytes
//   reply  200 + JSON array, one entry per frame in order: {"status":200} or
//          {"status":4xx|5xx,"error":"..."}; sent once every stored object is durable
//
// The header (ObjHdr) carries what the object writer needs: the object's uname, size, checksum (the
// receiver verifies it), version, atime and custom metadata. A bundle that breaks on the way (a
// network error, a malformed frame) is answered with an error as a whole and nothing of it is
// acknowledged: the sender keeps its copies and sends the bundle again.
#pragma once

#include "aisnode/fs/file.hpp"
#include "shared/api/bck.hpp"
#include "shared/net/client.hpp"
#include "shared/net/http.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ais::api {
struct Snode;
}

namespace ais::node::transport {

inline constexpr std::string_view kPath = "/v1/transport/";
inline constexpr size_t kMaxHdr = 64 << 10;  // a header larger than this is malformed

struct ObjHdr {
    api::Bck bck;
    std::string obj;
    int64_t size = 0;
    std::string cksum_type, cksum_value;
    std::string version;
    int64_t atime = 0;
    std::map<std::string, std::string> custom;
};

// The frame's header bytes (length prefix included), and back (from the JSON alone; throws
// ErrBadRequest on anything malformed).
std::string encode_hdr(const ObjHdr& h);
ObjHdr decode_hdr(std::string_view json);

struct Result {
    int status = 0;  // 200: stored (or already there); else the object was not taken
    std::string error;
    bool ok() const { return status == 200; }
};
std::string encode_results(const std::vector<Result>& r);
// Throws std::runtime_error unless the reply has exactly `n` entries.
std::vector<Result> decode_results(std::string_view json, size_t n);

// The sender's side: the objects of one bundle (open files), read as one request body.
class Bundle final : public net::BodySource {
  public:
    void add(ObjHdr h, fs::Fd fd, std::string path);
    size_t count() const { return items_.size(); }
    uint64_t data_bytes() const { return data_bytes_; }
    const ObjHdr& hdr(size_t i) const { return items_[i].hdr; }
    void clear();

    uint64_t size() const override { return total_; }
    size_t read(char* buf, size_t n) override;
    void rewind() override;

  private:
    struct Item {
        ObjHdr hdr;
        std::string head;  // encoded header
        fs::Fd fd;
        std::string path;
    };
    std::vector<Item> items_;
    uint64_t data_bytes_ = 0, total_ = 0;
    size_t cur_ = 0;       // item being read
    uint64_t off_ = 0;     // offset in its header + data
};

// Sends `b` to target `to` as one request, blocking (a job's thread). The per-object results, in
// order. Throws net::NetError when `to` cannot be reached or the bundle broke on the way, and
// Error when `to` refused the bundle as a whole (its status).
std::vector<Result> send(net::Client& client, const api::Snode& to, std::string_view trname,
                         const std::string& self_id, Bundle& b, const net::Headers& extra = {});

// The receiver's side: the frames of a request body, in order.
class Reader {
  public:
    explicit Reader(net::Request& req) : req_(req) {}
    // The next object's header; false at a clean end of the body. Throws ErrBadRequest on a
    // malformed or truncated frame. The previous object's bytes must have been read.
    net::Task<bool> next(ObjHdr& h);
    // The current object's bytes: up to n, 0 at its end. Throws ErrBadRequest when the body ends
    // early.
    net::Task<size_t> read(char* buf, size_t n);
    net::Task<void> skip();  // the rest of the current object's bytes

  private:
    net::Task<void> exact(char* buf, size_t n);
    net::Request& req_;
    uint64_t left_ = 0;  // bytes of the current object not read yet
};

}  // namespace ais::node::transport
