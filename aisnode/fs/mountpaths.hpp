// Mountpaths: the directories (one per disk) where a target keeps objects. The set is fixed at
// init(); each object lives on the mountpath that HRW picks for its uname among the mountpath
// digests (the same rendezvous function that picks the target), so no index is needed.
//
// The class owns the directory skeleton: per-bucket dirs are created when a bucket appears in the
// BMD and moved to <mpath>/.trash/<uuid> when it goes away; a background thread removes the trash,
// so that destroying a large bucket is one rename per mountpath. Thread-safe after init().
#pragma once

#include "shared/api/bck.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
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

    Capacity capacity() const;  // statvfs; zeros on failure
};

class Mountpaths {
  public:
    Mountpaths() = default;
    ~Mountpaths();
    Mountpaths(const Mountpaths&) = delete;
    Mountpaths& operator=(const Mountpaths&) = delete;

    // Normalizes and creates the directories, verifies that they support user xattrs, empties
    // leftover trash (in the background). Throws std::runtime_error with a clear message.
    void init(const std::vector<std::string>& paths);

    size_t size() const { return mpaths_.size(); }
    const std::vector<Mountpath>& all() const { return mpaths_; }
    const Mountpath& at(size_t i) const { return mpaths_[i]; }
    // The mountpath of an object by its uname (Bck::obj_uname).
    size_t hrw_index(std::string_view uname) const;
    const Mountpath& hrw(std::string_view uname) const { return mpaths_[hrw_index(uname)]; }

    // Creates the bucket's %ob/%wk/%ln dirs on every mountpath (best effort, logged).
    void create_bucket_dirs(const api::Bck& b) const;
    // Moves the bucket's dirs to trash on every mountpath and schedules their removal.
    void destroy_bucket_dirs(const api::Bck& b);

    // {"available":[paths],"waiting_dd":[],"disabled":[]}
    std::string to_json() const;

  private:
    void trash_worker();
    void schedule_removal(std::string dir);

    std::vector<Mountpath> mpaths_;
    std::vector<uint64_t> digests_;

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::string> trash_;
    bool stop_ = false;
    std::thread worker_;
};

}  // namespace ais::fs
