// The typed AIS client: the native HTTP API (spec native-api.md) as C++ calls, used by the CLI,
// aisloader, authn and the integration tests. It owns an ais::net::Client (connection pool,
// redirects, retries) and knows one cluster endpoint, normally a proxy ("http://127.0.0.1:8080").
//
// Errors: any non-2xx reply throws ais::Error(status, message, tcode), the message and tcode taken
// from the AIS error JSON (body, or `Hdr-Error` on HEAD) or else the raw body; a failure to
// connect throws net::NetError. Object names go into URL paths escaped with '/' kept.
//
// Sync methods run the request on the client's own io_context (CLI, tests). The co_* methods are
// for coroutines (aisloader) and need the io_context constructor. A Client is not meant to be
// shared between threads for sync calls; the co_* calls may run concurrently on one io_context.
#pragma once

#include "shared/api/apc.hpp"
#include "shared/api/bck.hpp"
#include "shared/api/lso.hpp"
#include "shared/api/msgs.hpp"
#include "shared/api/obj_attrs.hpp"
#include "shared/api/smap.hpp"
#include "shared/api/xact.hpp"
#include "shared/net/client.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ais {
struct Bprops;
namespace config {
struct ClusterConfig;
}
}  // namespace ais

namespace ais::api {

struct BMD;

// ---- URL building (exposed for the CLI and tests) ----

// "/v1/buckets/<bucket>" and "/v1/objects/<bucket>/<object>", escaped, '/' in the object kept.
std::string bucket_path(const Bck& b);
std::string object_path(const Bck& b, std::string_view obj);
// What Python's Object.get_url() returns: endpoint + object_path + "?provider=..[&namespace=..]",
// usable with `curl -L`.
std::string object_url(std::string_view endpoint, const Bck& b, std::string_view obj);
// "bytes=<offset>-<offset+length-1>"
std::string byte_range(int64_t offset, int64_t length);

struct PutOpts {
    std::string cksum_type;  // with cksum_value: the server validates and stores it
    std::string cksum_value;
    bool skip_vc = false;  // ?skip_vc=true
};

struct GetOpts {
    std::string range;            // Range header value, e.g. byte_range(0, 100) or "bytes=-10"; "" = whole
    bool latest = false;          // ?latest-ver=true
    bool validate_cksum = false;  // ?validate-checksum=true
    std::string archpath;         // a file inside a shard
};

struct GetResult {
    int status = 0;         // 200, or 206 for a range
    ObjAttrs attrs;         // attrs.size = full object size when known (Content-Range on 206)
    std::string body;       // when no sink was given
    uint64_t received = 0;  // body bytes received (into `body` or the sink)
};

using Sink = std::function<void(const char*, size_t)>;

// Value of {"action":"promote"} (Go apc.PromoteArgs): target-local files or directories -> objects.
// Wire keys: "tid","src","obj","rcr","notshr","ovw","dls" (empty/false ones are omitted).
struct PromoteOpts {
    std::string src;          // "src": absolute path on the target(s)
    std::string obj;          // "obj": destination object name or prefix
    std::string target_id;    // "tid": only this target has the files
    bool recursive = false;   // "rcr"
    bool not_fshare = false;  // "notshr": each target promotes what it sees (not a shared fs)
    bool overwrite = false;   // "ovw": overwrite existing objects
    bool delete_src = false;  // "dls": remove the source files once promoted
};
std::string promote_json(const PromoteOpts& p);

// One step of an asynchronous bucket summary or info (spec §2.7, §2.8): the status the proxy
// answered (202 running, 206 partial, 200 final), the job id and what results came back.
struct BsummStep {
    int status = 0;
    std::string xid;
    std::vector<BsummResult> results;
    std::string props_json;  // bucket info (HEAD) only: the Ais-Bucket-Props header
};

class Client {
  public:
    // `endpoint`: "http[s]://host:port" (a trailing '/' is fine). `token`: sent as Bearer.
    explicit Client(std::string endpoint, std::string token = {}, net::ClientOptions opts = {});
    Client(boost::asio::io_context& io, std::string endpoint, std::string token = {},
           net::ClientOptions opts = {});
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    const std::string& endpoint() const { return endpoint_; }
    void set_token(std::string token) { token_ = std::move(token); }
    net::Client& http() { return *http_; }

    // ---- cluster and nodes ----
    Smap get_smap();                        // GET /v1/daemon?what=smap
    BMD get_bmd();                          // GET /v1/daemon?what=bmd
    std::string get_cluster_config_json();  // GET /v1/cluster?what=cluster_config
    config::ClusterConfig get_cluster_config();
    // PUT /v1/cluster/set-config?k=v&...[&transient=true]
    void set_cluster_config(const std::vector<std::pair<std::string, std::string>>& kvs,
                            bool transient = false);
    void reset_cluster_config();
    // GET /v1/health[?readiness=true]: true on 200, false on 503 (not ready); other status throws.
    bool health(bool readiness = false);

    // ---- buckets ----
    // GET /v1/buckets[?provider=P][&presence=N]; provider "" = all providers.
    std::vector<Bck> list_buckets(std::string_view provider = {}, std::optional<Presence> presence = {});
    // props_json: a BpropsToSet (partial Bprops JSON), "" for cluster defaults.
    void create_bucket(const Bck& b, std::string_view props_json = {});
    void destroy_bucket(const Bck& b);
    Bprops head_bucket(const Bck& b);  // from Ais-Bucket-Props
    bool bucket_exists(const Bck& b);  // HEAD; false on 404
    // PATCH; returns the job id if the change started one, else "".
    std::string set_bprops(const Bck& b, std::string_view partial_json);
    std::string reset_bprops(const Bck& b);
    // POST bck_to=<uname>; returns the job id.
    std::string copy_bucket(const Bck& from, const Bck& to, const TCBMsg& msg = {});
    // POST {"action":"make-n-copies","value":N}: mirror.copies=N (enabled when N > 1); returns xid.
    std::string make_n_copies(const Bck& b, int copies);
    std::string rename_bucket(const Bck& from, const Bck& to);
    // Multi-object jobs; return the job id(s) ("," joins several).
    std::string copy_objects(const Bck& from, const TCOMsg& msg);
    std::string delete_objects(const Bck& b, const EvdMsg& msg);
    std::string evict_objects(const Bck& b, const EvdMsg& msg);
    void evict_remote_bucket(const Bck& b, bool keep_md = false);

    // ---- bucket summary (summary-bck job) and info ----
    // GET /v1/buckets/B {"action":"summary-bck","value":msg}; msg.uuid "" starts the job (202 +
    // xid as text), msg.uuid = xid polls it (also sent as ?uuid=): 202/206 running, 200 done with
    // a JSON array of BsummResult.
    BsummStep bucket_summary_step(const Bck& b, const BsummCtrlMsg& msg);
    // Starts (or, with msg.uuid, resumes) the job and polls until 200; throws Error(408) on timeout.
    // `xid_out`, if given, receives the job id as soon as it is known.
    std::vector<BsummResult> bucket_summary(const Bck& b, BsummCtrlMsg msg,
                                            std::chrono::milliseconds timeout = std::chrono::minutes(10),
                                            std::chrono::milliseconds poll = std::chrono::milliseconds(200),
                                            std::string* xid_out = nullptr);
    // HEAD /v1/buckets/B[/prefix]?bsumm_remote=..: 202 + Ais-Bucket-Props + Ais-Xaction-Id, then
    // polled with ?uuid=xid until 200 with Ais-Bucket-Summ (spec §2.7).
    BsummStep bucket_info_step(const Bck& b, std::string_view prefix, bool count_remote,
                               std::string_view xid);
    std::pair<Bprops, BsummResult> bucket_info(
        const Bck& b, std::string_view prefix = {}, bool count_remote = false,
        std::chrono::milliseconds timeout = std::chrono::minutes(10),
        std::chrono::milliseconds poll = std::chrono::milliseconds(200));

    // ---- list objects (msgpack on the wire) ----
    LsoRes list_objects_page(const Bck& b, const LsoMsg& msg);
    // Every page (same uuid, following continuation tokens) up to `limit` entries (0 = all).
    // When stopped by the limit, the result's continuation_token is where to resume.
    LsoRes list_objects(const Bck& b, LsoMsg msg = {}, size_t limit = 0);

    // ---- objects ----
    // `data` is not copied for large bodies: it must stay valid for the call.
    ObjAttrs put_object(const Bck& b, std::string_view obj, std::string_view data, const PutOpts& o = {});
    ObjAttrs put_object(const Bck& b, std::string_view obj, net::BodySource& body, const PutOpts& o = {});
    GetResult get_object(const Bck& b, std::string_view obj, const GetOpts& o = {});
    GetResult get_object(const Bck& b, std::string_view obj, Sink sink, const GetOpts& o = {});
    ObjAttrs head_object(const Bck& b, std::string_view obj);  // 404 throws
    bool object_exists(const Bck& b, std::string_view obj);
    void delete_object(const Bck& b, std::string_view obj);
    // Appends a chunk (invisible until flush); pass the previous handle ("" first); returns the
    // new handle.
    std::string append_object(const Bck& b, std::string_view obj, std::string_view data,
                              std::string_view handle = {});
    ObjAttrs flush_object(const Bck& b, std::string_view obj, std::string_view handle, const PutOpts& o = {});
    void rename_object(const Bck& b, std::string_view obj, std::string_view new_name);
    void copy_object(const Bck& b, std::string_view obj, const Bck& dst, std::string_view dst_obj);
    void set_custom_md(const Bck& b, std::string_view obj, const std::map<std::string, std::string>& md,
                       bool replace = false);  // replace: ?set-new-custom=true
    // POST /v1/objects/B {"action":"promote","name":src,"value":PromoteArgs}; returns the job id,
    // "" when the cluster promoted synchronously.
    std::string promote(const Bck& b, const PromoteOpts& p);

    // ---- jobs ----
    // Membership (start-maintenance, stop-maintenance, shutdown-node, decommission-node,
    // rm-unsafe; spec §5.3): returns the rebalance id it started ("" when none).
    std::string node_action(std::string_view action, const ActValRmNode& v);
    // PUT /v1/cluster/proxy/<id>[?force=true]: make that proxy the primary.
    void set_primary(std::string_view proxy_id, bool force = false);
    // PUT /v1/cluster {"action":"shutdown"} / {"action":"decommission","value":{"rm_user_data":..}}:
    // every node of the cluster, the primary last (it answers before it exits).
    void shutdown_cluster();
    void decommission_cluster(bool rm_user_data);
    std::string start_job(const ArgsMsg& args);  // PUT /v1/cluster {"action":"start"}; returns xid
    void stop_job(const ArgsMsg& args);
    JobStatus job_status(const QueryMsg& q);  // what=status
    JobStatus job_status(std::string_view xid);
    std::vector<JobStatus> job_status_all(const QueryMsg& q = {});
    std::vector<std::string> running_jobs(const QueryMsg& q = {});  // ["kind[xid]", ...]
    MultiSnap job_snaps(const QueryMsg& q);                         // what=qryxstats
    // Polls what=status until the job has ended; throws Error(408) on timeout. The returned
    // status may carry an error or `aborted`: the caller decides what that means.
    JobStatus wait_job(std::string_view xid, std::chrono::milliseconds timeout = std::chrono::minutes(5),
                       std::chrono::milliseconds poll = std::chrono::milliseconds(200));
    // For kinds that idle rather than end (is_idle_job_kind): polls qryxstats until every snap
    // is idle/finished twice in a row (spec §7.3).
    MultiSnap wait_job_idle(const QueryMsg& q, std::chrono::milliseconds timeout = std::chrono::minutes(5),
                            std::chrono::milliseconds poll = std::chrono::milliseconds(200));

    // ---- coroutines (aisloader); need the io_context constructor ----
    // The request is built before the first suspension, so arguments may be temporaries; `data`,
    // `body` and `sink` must outlive the task. No default arguments here on purpose: GCC 12
    // destroys a default-argument temporary wrongly inside a co_await expression, hence the
    // overloads.
    net::Task<ObjAttrs> co_put_object(const Bck& b, std::string_view obj, std::string_view data);
    net::Task<ObjAttrs> co_put_object(const Bck& b, std::string_view obj, std::string_view data,
                                      const PutOpts& o);
    net::Task<ObjAttrs> co_put_object(const Bck& b, std::string_view obj, net::BodySource& body);
    net::Task<ObjAttrs> co_put_object(const Bck& b, std::string_view obj, net::BodySource& body,
                                      const PutOpts& o);
    net::Task<GetResult> co_get_object(const Bck& b, std::string_view obj);
    net::Task<GetResult> co_get_object(const Bck& b, std::string_view obj, Sink sink);
    net::Task<GetResult> co_get_object(const Bck& b, std::string_view obj, Sink sink, const GetOpts& o);
    net::Task<ObjAttrs> co_head_object(const Bck& b, std::string_view obj);

    // The underlying request builder and error check, for calls this class does not wrap.
    net::ClientRequest request(std::string method, std::string_view path, const net::Query& q = {}) const;
    net::ClientResponse call(net::ClientRequest& req);  // throws ais::Error on non-2xx

  private:
    net::ClientRequest put_request(const Bck& b, std::string_view obj, const PutOpts& o) const;
    net::ClientRequest get_request(const Bck& b, std::string_view obj, const GetOpts& o) const;
    net::Task<ObjAttrs> co_put(net::ClientRequest req, std::string_view data, uint64_t size);
    net::Task<GetResult> co_get(net::ClientRequest req);
    net::Task<ObjAttrs> co_head(net::ClientRequest req);
    std::string cluster_get(std::string_view what, std::string body = {});

    std::string endpoint_;
    std::string token_;
    std::unique_ptr<net::Client> http_;
};

}  // namespace ais::api
