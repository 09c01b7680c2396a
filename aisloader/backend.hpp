// Where aisloader's requests go. Two planes:
//   DataPath  the hot path, one per io thread: PUT and GET of one object as a coroutine on that
//             thread's io_context, over its keep-alive pooled net::Client. Each worker owns a
//             WorkerCtx whose requests, body and hashing state are reused for every operation.
//   Control   the setup and teardown, synchronous, on the main thread: bucket existence and
//             creation, listing, checksum type, proxies, cleanup.
// Both come in two flavours: AIS (native API through a proxy, 307 to the owning target) and
// direct S3 (path-style, unsigned: `<endpoint>/<bucket>/<object>`).
#pragma once

#include "aisloader/names.hpp"
#include "aisloader/params.hpp"
#include "aisloader/payload.hpp"
#include "shared/net/client.hpp"
#include "shared/util/cksum.hpp"

#include <memory>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace ais::loader {

// A failed operation that is not a transport error: status and a short message.
class OpError : public std::runtime_error {
  public:
    OpError(int status, std::string msg) : std::runtime_error(std::move(msg)), status_(status) {}
    int status() const { return status_; }

  private:
    int status_;
};

struct WorkerCtx {
    WorkerCtx(int id_, uint64_t seed, const Payload& payload) : id(id_), rng(seed), body(payload) {}

    int id;
    Rng rng;
    RandBody body;
    std::string name;         // PUT: the name being written
    std::string cksum_value;  // PUT: the payload's checksum ("" = none)
    net::ClientRequest put_req, get_req;
    // GET: bytes received and the running checksums (-verifyhash), fed by get_req.sink.
    uint64_t got = 0;
    Cksummer cks[2];
    int ncks = 0;
    bool verify = false;
    uint64_t unverified = 0;  // GETs whose response carried no checksum we could compare
};

class DataPath {
  public:
    virtual ~DataPath() = default;
    // Prepares the worker's reusable requests (headers, sink).
    virtual void init_worker(WorkerCtx& w) = 0;
    // PUT w.name with w.body (and w.cksum_value). Throws OpError / net::NetError.
    virtual net::Task<void> put(WorkerCtx& w) = 0;
    // GET `name` (whole or the configured range); returns the body bytes received.
    virtual net::Task<uint64_t> get(WorkerCtx& w, const std::string& name) = 0;
};

class Control {
  public:
    virtual ~Control() = default;
    virtual bool bucket_exists() = 0;
    virtual void create_bucket() = 0;
    virtual void set_props(const std::string& json) = 0;  // -bprops on an existing bucket
    // Names of the bucket's objects under `prefix`.
    virtual std::vector<std::string> list(const std::string& prefix) = 0;
    // The checksum type objects are stored with ("none" if unknown/disabled).
    virtual std::string bucket_cksum_type() = 0;
    // Public URLs of every proxy (for -randomproxy).
    virtual std::vector<std::string> proxies() = 0;
    virtual void destroy_bucket() = 0;
    // Deletes these objects (remote buckets), `batch` names per request.
    virtual void delete_objects(const std::vector<std::string>& names, size_t batch) = 0;
};

net::ClientOptions client_options(const Params& p);
// A non-2xx response as an OpError ("<what>: <status> <message from the AIS error JSON or body>").
[[noreturn]] void throw_status(const net::ClientResponse& r, std::string_view what);

std::unique_ptr<Control> make_control(const Params& p);
// `proxies`: AIS endpoints to spread requests over (one entry unless -randomproxy).
std::unique_ptr<DataPath> make_data_path(boost::asio::io_context& io, const Params& p,
                                         std::vector<std::string> proxies, const std::string& bucket_cksum);
// The direct-S3 flavour (backend_s3.cpp).
std::unique_ptr<Control> make_s3_control(const Params& p);
std::unique_ptr<DataPath> make_s3_data_path(boost::asio::io_context& io, const Params& p);

}  // namespace ais::loader
