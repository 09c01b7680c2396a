// Internals of the Target, shared by its .cpp files (target.cpp: routing and bucket metadata;
// obj_put.cpp: PUT/append/copy and the commit of a work file; obj_get.cpp: GET/HEAD;
// obj_misc.cpp: DELETE/PATCH/rename; list.cpp: list-objects pages). Not for other modules.
//
// The Impl is the core object layer (core/core.hpp) plus the HTTP handlers over it.
// Concurrency: handlers run on any io thread. Short file operations run inline; fsync and walks run
// on the core's WorkPool. NameLocks are never held across a co_await.
#pragma once

#include "aisnode/core/core.hpp"
#include "aisnode/ec/svc/encode.hpp"  // EC (issue 12)
#include "aisnode/mirror/mirror.hpp"
#include "aisnode/reb/reb.hpp"
#include "aisnode/reb/resilver.hpp"
#include "aisnode/target/disk_stats.hpp"
#include "aisnode/target/lso_page.hpp"
#include "aisnode/target/target.hpp"
#include "aisnode/xact/xact.hpp"
#include "shared/api/bmd.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ais {
class Cksummer;
}

namespace ais::node {

using net::Request;
using net::Response;
using net::Task;

// Sorted name lists of recent list-objects sessions, so that paging through a large bucket walks
// the disks once rather than once per page. Bounded in count and age.
class ListCache {
  public:
    static constexpr size_t kMaxEntries = 16;
    static constexpr size_t kMaxNames = 2'000'000;  // across entries (~100-200 MB at most)
    static constexpr int64_t kTtlNs = 60'000'000'000;

    using Names = std::shared_ptr<const std::vector<NameEnt>>;
    Names get(const std::string& key);
    void put(const std::string& key, Names names);
    void drop_prefix(std::string_view key_prefix);  // e.g. a destroyed bucket

  private:
    struct Entry {
        std::string key;
        Names names;
        int64_t used_ns = 0;
    };
    std::mutex mu_;
    std::list<Entry> lru_;  // most recently used first
};

struct Target::Impl : Core {
    explicit Impl(NodeEnv& e) : Core(e) {
        on_stored = [this](const ObjRef& ref) {
            if (ref.props->ec.enabled) ec.enqueue(ref);  // EC (issue 12): encoded after the PUT
            if (mirror::wanted(*ref.props) > 1) mirror.enqueue(ref);
        };
    }

    ListCache lcache;
    mirror::Mirror mirror{*this, xacts};  // before xacts: its jobs refer to it until xacts has stopped them
    ecsvc::Manager ec{*this, xacts};      // EC (issue 12); before xacts, as mirror
    XactRegistry xacts;
    Rebalancer reb{*this, xacts};
    Resilver resilver{*this, xacts};

    // ---- target.cpp ----
    Task<void> objects(Request& req, Response& resp);  // counts (env.metrics), then object_op
    Task<void> object_op(Request& req, Response& resp);
    void count_object_op(const Request& req, const Response& resp, int64_t ns, bool failed);
    Task<void> buckets(Request& req, Response& resp);
    void on_bmd(const api::BMD* prev, const api::BMD& now);
    void clean_work_dirs(const api::Bck& b);  // at startup
    using Core::resolve_bck;
    // The bucket from a URL path + query; 404 if it is not in the BMD.
    ObjRef resolve_bck(std::string_view name, const net::Query& q) const {
        return resolve_bck(api::bck_from_query(name, q));
    }
    void require_redirect(const Request& req, const ObjRef& ref) const;
    void check_not_moving(const api::Bck& b) const;  // 409 while a move-bck has it as source

    // ---- obj_get.cpp ----
    void fill_attrs(const ObjRef& ref, const LomMd& md, net::Headers& h, bool with_location) const;
    Task<void> get_obj(Request& req, Response& resp, ObjRef& ref);
    Task<void> head_obj(Request& req, Response& resp, ObjRef& ref);
    // Get-from-neighbor: during a rebalance, an object this target should have but does not yet
    // may still be on another target. Asks them (HEAD, at once) and relays the answer of the one
    // that has it; false when none has. Not for requests from other targets (no recursion).
    Task<bool> from_neighbor(Request& req, Response& resp, const ObjRef& ref);
    // True while a miss of `ref` may be an object on its way to this target (a rebalance is
    // running, or a proxy with a newer Smap sent the request) and the request is not from a target.
    bool gfn_window(const Request& req, const ObjRef& ref) const;
    // DELETE at every other target (during a rebalance); true if one had the object.
    Task<bool> delete_at_neighbors(const ObjRef& ref);
    // An object arriving by rebalance (with the sender's atime) that this target already has as
    // new or newer: it keeps its own copy.
    bool reb_has_newer(const ObjRef& ref, int64_t atime) const;
    void get_archived(Request& req, Response& resp, ObjRef& ref, Found& f);
    // A mirrored object: serves the replica whose turn it is (GETs go round the copies) and
    // queues the object when one of its copies is missing.
    void spread(const ObjRef& ref, Found& f, std::string& fqn);
    // The served replica failed its checksum (`bad`): switches `f` to a good replica and queues a
    // repair, or, with none, removes the object and throws AIS's bad-checksum error (500).
    Task<void> recover(const ObjRef& ref, Found& f, std::string& fqn, const std::string& bad);
    std::atomic<uint32_t> gets_rr{0};

    // ---- obj_put.cpp ----
    Task<void> put(Request& req, Response& resp, ObjRef& ref);
    Task<void> put_obj(Request& req, Response& resp, ObjRef& ref);
    Task<void> append_obj(Request& req, Response& resp, ObjRef& ref);
    Task<void> copy_obj(Request& req, Response& resp, ObjRef& ref);
    // Streams the request body to `wf` (appending at its current offset), hashing with `cks`.
    Task<uint64_t> recv_body(Request& req, WorkFile& wf, Cksummer* a, Cksummer* b);
    // Core::commit on the WorkPool: the io thread does not wait on fdatasync.
    Task<LomMd> co_commit(const ObjRef& ref, WorkFile& wf, LomMd md);
    // PUTs a local object to the target that owns `dst` (async, from a handler).
    Task<void> send_to_peer(const api::Snode& t, const ObjRef& dst, const std::string& src_fqn,
                            const LomMd& md);

    // ---- obj_misc.cpp ----
    Task<void> delete_obj(Request& req, Response& resp, ObjRef& ref);
    Task<void> patch_obj(Request& req, Response& resp, ObjRef& ref);
    Task<void> post_obj(Request& req, Response& resp, ObjRef& ref);

    // ---- mpu.cpp (S3 multipart upload) ----
    // The request has ?uploadId: create/part/list-parts/complete/abort.
    Task<void> mpu(Request& req, Response& resp, ObjRef& ref);
    void mpu_list(Response& resp, const ObjRef& bref);  // GET /v1/objects/<bucket>?uploads
    std::string mpu_dir(const ObjRef& ref, std::string_view upload_id) const;

    // ---- list.cpp ----
    Task<void> list_objects(Request& req, Response& resp, ObjRef& bref, std::string_view body);

    // ---- mountpaths.cpp: mountpaths at runtime, resilver ----
    Task<void> mountpath_req(Request& req, Response& resp);  // PUT/POST/DELETE /v1/daemon/mountpaths
    Task<void> resilver_req(Request& req, Response& resp);   // POST /v1/xactions/resilver?id=X
    // Attach/enable/disable/detach, then a resilver (or, dont_resilver, an immediate drop of a
    // disabled/detached one). False: nothing changed. Blocking.
    bool change_mountpath(const std::string& action, const std::string& path, bool dont_resilver);

    // ---- ec_recv.cpp, ec_restore.cpp: erasure coding (issue 12; aisnode/ec/svc) ----
    Task<void> ec_req(Request& req, Response& resp);  // /v1/ec: pieces for and from other targets
    // GET/HEAD miss of an EC object at its main target: rebuilt here from the pieces on the other
    // targets, then found into `f`; false when there are none (404 when too few).
    Task<bool> ec_restore(Request& req, ObjRef& ref, Found& f, bool open);
    // The same without a client's request, at the main target (`gfn`: a rebalance may still bring
    // the object: false rather than 404).
    Task<bool> ec_rebuild(const ObjRef& ref, Found& f, bool open, bool gfn);
    // DELETE: the object's pieces on every target; true if one had any.
    Task<bool> ec_delete(const Request& req, const ObjRef& ref);

    // ---- recv.cpp: bundles from other targets (PUT /v1/transport/<trname>) ----
    Task<void> transport_req(Request& req, Response& resp);

    // ---- xactions.cpp: /v1/xactions (the proxy's job control) and bucket-level actions ----
    Task<void> xactions(Request& req, Response& resp);

    // ---- disk_stats.cpp: GET /v1/daemon?what=disk ----
    static constexpr int kDiskTickMs = 10'000;  // the sampler's baseline is at most this old
    DiskSampler disk_sampler;
    std::atomic<bool> disk_ticking{false};
    std::string disk_stats_json();  // AIS's TcdfExt; blocking (stat, statvfs, sysfs): on the pool
    Task<void> disk_tick_loop();    // refreshes the sampler from /proc/diskstats, forever
    void set_disk_gauges(const std::string& dev, const api::DiskStat& st);  // the tracker's disk.<dev>.*
};

// Helpers used across files.
void add_custom_md_headers(const net::Headers& in, std::map<std::string, std::string>& out);
}  // namespace ais::node
