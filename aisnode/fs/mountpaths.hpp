// Mountpaths: the directories (one per disk) where a target keeps objects. Each object lives on the
// mountpath that HRW picks for its uname among the digests of the *available* mountpaths (the same
// rendezvous function that picks the target), so no index is needed.
//
// The set changes at runtime (attach, detach, enable, disable: target/mountpaths.cpp) and is read
// on every request, so readers never lock: each change publishes a new immutable MpathSet through
// an atomic pointer. Old sets are kept until destruction (a few hundred bytes per operator action),
// so a reader may hold a `const MpathSet&` for as long as it likes. A Mountpath has a stable id
// (an index that never changes meaning for the life of the process, even when re-attached), which
// is what ObjRef::mpi and NameEnt::mpath hold.
//
// States of a mountpath:
//   available        HRW candidate; objects are written here
//   waiting (dd)     just disabled or detached: no longer an HRW candidate, but still read (GET
//                    fallback, walks) until the resilver has moved its objects off (AIS's
//                    "waiting_dd"); then it becomes disabled, or is forgotten (detach)
//   disabled         configured but unused; its directory stays as it is
// The set persists in `<confdir>/mountpaths.json` (fs::atomic_write), which overrides
// fspaths.paths of the local config from then on.
//
// The class also owns the directory skeleton: per-bucket dirs are created when a bucket appears in
// the BMD and moved to <mpath>/.trash/<uuid> when it goes away; a background thread removes the
// trash, so that destroying a large bucket is one rename per mountpath. Thread-safe after init().
#pragma once

#include "shared/api/bck.hpp"

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace ais::fs {

struct Capacity {
    uint64_t used = 0, avail = 0, total = 0;
    int pct_used = 0;
};

struct Mountpath {
    std::string path;     // absolute, normalized, no trailing '/'
    uint64_t digest = 0;  // hrw_digest(path)
    uint32_t id = 0;      // stable for the life of the process

    Capacity capacity() const;  // statvfs; zeros on failure
};

// One immutable version of the set of mountpaths.
struct MpathSet {
    int64_t version = 0;
    std::vector<const Mountpath*> avail;  // HRW candidates
    std::vector<uint64_t> digests;        // of `avail`, same order
    struct Waiting {
        const Mountpath* mp;
        bool detach;  // forgotten (true) or disabled (false) once drained
    };
    std::vector<Waiting> waiting;  // disabled/detached, resilver pending: still readable
    std::vector<const Mountpath*> disabled;

    // The id of the available mountpath HRW picks for `uname`.
    uint32_t hrw_id(std::string_view uname) const;
    // Available, then waiting: everywhere an object may be found.
    std::vector<const Mountpath*> readable() const;
    bool is_avail(uint32_t id) const;
};

class Mountpaths {
  public:
    static constexpr size_t kMaxIds = 256;  // distinct mountpaths one process may ever know

    Mountpaths() = default;
    ~Mountpaths();
    Mountpaths(const Mountpaths&) = delete;
    Mountpaths& operator=(const Mountpaths&) = delete;

    // `paths` (the local config) unless `state_file` (persisted runtime changes) exists; "" = no
    // persistence. Normalizes and creates the available directories, verifies that they support
    // user xattrs, empties leftover trash (in the background). Throws std::runtime_error with a
    // clear message. Blocking.
    void init(const std::vector<std::string>& paths, std::string state_file = {});

    // The current set (never null after init; valid for the life of this object).
    const MpathSet& snap() const { return *cur_.load(std::memory_order_acquire); }
    size_t size() const { return snap().avail.size(); }  // available ones
    const Mountpath& at(size_t id) const { return *slots_[id]; }
    size_t hrw_index(std::string_view uname) const { return snap().hrw_id(uname); }  // an id
    const Mountpath& hrw(std::string_view uname) const { return at(hrw_index(uname)); }
    std::vector<Mountpath> all() const;       // available (copies)
    std::vector<Mountpath> readable() const;  // available + waiting
    std::vector<Mountpath> known() const;     // every state (decommission, destroy-bck)

    // ---- runtime changes (blocking: stat, xattr probe, persist; never on an io thread) ----
    // Each returns true when the set changed (a resilver is then due) and throws ais::Error: 400
    // for bad input (not a directory, nested, already attached, the last available one, no
    // xattrs), 404 for an unknown path (enable/disable/detach), 500 when persisting fails. On a
    // throw nothing changed.
    bool attach(const std::string& path);
    bool enable(const std::string& path);
    bool disable(const std::string& path);
    bool detach(const std::string& path);
    // A resilver that started with set `version` ended without errors: the mountpaths that were
    // waiting then (and still are) become disabled or are forgotten. Returns true if any did.
    bool drained(int64_t version);

    // Creates the bucket's %ob/%wk dirs on every available mountpath, or on `only` (best effort).
    void create_bucket_dirs(const api::Bck& b) const;
    void create_bucket_dirs(const api::Bck& b, const Mountpath& only) const;
    // Moves the bucket's dirs to trash on every known mountpath and schedules their removal.
    void destroy_bucket_dirs(const api::Bck& b);

    // {"available":[paths],"waiting_dd":[paths],"disabled":[paths]} (AIS's MountpathList)
    std::string to_json() const;

  private:
    enum class State { available, disabled, waiting_disable, waiting_detach };
    struct Entry {
        const Mountpath* mp;
        State state;
    };
    // Under wmu_: the entries of the current set.
    std::vector<Entry> entries() const;
    // The entry of an attached mountpath (not one being detached); 404 otherwise.
    static std::vector<Entry>::iterator attached(std::vector<Entry>& es, const std::string& norm);
    const Mountpath* slot_for(const std::string& norm);  // existing id for the path, or a new one
    // Validates (400/404), persists (500) and publishes `next`; wmu_ held.
    void install(std::vector<Entry> next);
    std::string state_json(const std::vector<Entry>& es) const;
    void trash_worker();
    void schedule_removal(std::string dir);

    std::array<std::unique_ptr<const Mountpath>, kMaxIds> slots_;
    size_t nslots_ = 0;  // under wmu_
    std::atomic<const MpathSet*> cur_{nullptr};
    std::vector<std::unique_ptr<const MpathSet>> sets_;  // every published version, under wmu_
    std::string state_file_;
    mutable std::mutex wmu_;  // serializes changes; readers never take it

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::string> trash_;
    bool stop_ = false;
    std::thread worker_;
};

}  // namespace ais::fs
