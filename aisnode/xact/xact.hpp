// Jobs ("xactions") on a target: what every job has (id, kind, buckets, start/end, counters,
// errors, abort) and the registry that runs them and answers queries about them.
//
// A job runs on threads of its own: run() is called on a fresh thread and may block on disks and
// on peers; it spreads its work over `workers` threads with for_each(). Abort is cooperative:
// abort() sets a flag that every worker checks between objects, so an aborted job stops within
// one object per worker and never leaves a partial object behind (the object writer cleans up).
//
// A cluster-wide job starts in two phases (proxy/jobs.cpp): every target first prepares it
// (Registry::begin: validate, create nothing visible) and only when all have agreed does each
// start it (Registry::commit); otherwise it is dropped everywhere (Registry::discard).
// A finished job stays queryable (bounded history), as clients poll after the end.
#pragma once

#include "shared/api/bck.hpp"
#include "shared/api/xact.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ais::node {

// What the proxy asks every target to prepare (POST /v1/xactions/begin): the client's action as
// it came (kind, buckets, ActMsg name and value), under the id the proxy chose.
struct JobReq {
    std::string id;
    std::string kind;
    api::Bck bck;             // the bucket (source of copy/move)
    api::Bck bck_to;          // destination of copy/move
    std::string name;         // ActMsg.name (promote: source path)
    std::string msg = "null"; // ActMsg.value, raw JSON

    std::string to_json() const;
    static JobReq from_json(std::string_view body);  // ErrBadRequest when malformed
};

class Xact {
  public:
    Xact(std::string id, std::string kind);
    virtual ~Xact() = default;
    Xact(const Xact&) = delete;
    Xact& operator=(const Xact&) = delete;

    const std::string& id() const { return id_; }
    const std::string& kind() const { return kind_; }

    api::Bck bck, src_bck, dst_bck;  // set before the job starts; read-only after
    int workers = 4;

    // The work. Throwing ends the job with that error.
    virtual void run() = 0;
    // Kind-specific JSON for the snap's "ext" (e.g. a summary's result); "null" by default.
    virtual std::string ext() const { return "null"; }

    // Calls fn(item) for every item produced by `next` on `workers` threads, until `next` returns
    // false or the job is aborted. An exception from fn is recorded as an error of the job and,
    // unless `coer` (continue on error), aborts it.
    void for_each(const std::function<bool(std::string&)>& next, const std::function<void(const std::string&)>& fn,
                  bool coer);

    void abort(const std::string& why);
    bool aborted() const { return aborted_.load(std::memory_order_relaxed); }
    void add_error(const std::string& err);
    std::string err() const;
    bool finished() const { return end_ns_.load() != 0; }

    void add_loc(int64_t objs, int64_t bytes) {
        loc_objs_ += objs;
        loc_bytes_ += bytes;
    }
    void add_out(int64_t objs, int64_t bytes) {
        out_objs_ += objs;
        out_bytes_ += bytes;
    }
    void add_in(int64_t objs, int64_t bytes) {
        in_objs_ += objs;
        in_bytes_ += bytes;
    }

    api::JobSnap snap() const;

  private:
    friend class XactRegistry;
    void start();  // on the registry's thread
    void finish();

    const std::string id_, kind_;
    std::atomic<int64_t> start_ns_{0}, end_ns_{0};
    std::atomic<bool> aborted_{false};
    std::atomic<int64_t> loc_objs_{0}, loc_bytes_{0}, out_objs_{0}, out_bytes_{0}, in_objs_{0}, in_bytes_{0};
    std::atomic<int> running_workers_{0};
    mutable std::mutex mu_;
    std::vector<std::string> errs_;  // first few
    size_t nerrs_ = 0;
    std::string abort_err_;
};

class XactRegistry {
  public:
    static constexpr size_t kMaxHistory = 512;  // finished jobs kept for queries

    XactRegistry() = default;
    ~XactRegistry();  // aborts what runs and waits for it
    XactRegistry(const XactRegistry&) = delete;
    XactRegistry& operator=(const XactRegistry&) = delete;

    // Phase one: keeps a prepared job under its id (409 if the id is taken).
    void begin(std::shared_ptr<Xact> x);
    // Phase two: starts it (404 if no such prepared job).
    void commit(const std::string& id);
    void discard(const std::string& id);
    // Prepares and starts at once (jobs local to this target).
    void run(std::shared_ptr<Xact> x);

    std::shared_ptr<Xact> find(const std::string& id) const;
    // Jobs of a kind, running or finished (cheap when there are none: no lock).
    std::vector<std::shared_ptr<Xact>> of_kind(const std::string& kind) const;
    // Snaps of the jobs matching the query (id, kind, bucket, running only).
    std::vector<api::JobSnap> query(const api::QueryMsg& q) const;
    // Aborts the matching running jobs; returns how many.
    int abort(const api::ArgsMsg& a, const std::string& why);
    // Finished jobs removed from the history, matching the query.
    int remove_finished(const api::QueryMsg& q);

  private:
    bool matches(const Xact& x, const std::string& id, const std::string& kind, const api::Bck& b) const;

    mutable std::mutex mu_;
    std::map<std::string, std::shared_ptr<Xact>> prepared_;
    std::map<std::string, std::shared_ptr<Xact>> jobs_;  // running and finished
    std::deque<std::string> finished_order_;
    std::condition_variable idle_;
    std::atomic<int> ever_{0};  // jobs ever run
    int active_ = 0;  // job threads still running
    bool stopping_ = false;
};

}  // namespace ais::node
