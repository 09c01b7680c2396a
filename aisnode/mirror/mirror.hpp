// N-way mirroring on a target (bucket props `mirror.enabled`, `mirror.copies`): every object of a
// mirrored bucket has its main replica at its HRW mountpath (%ob, as any object) and copies-1
// copies on other mountpaths, under %mi (fs::copy_path), where walks, listings, rebalance and
// resilver never see them. The main replica's LOM lists the mountpaths holding copies.
//
//   ensure()      makes one object have exactly N replicas: restores a lost main from a copy,
//                 drops copies that are stale, corrupt (validate) or too many, writes missing ones
//                 (work file, fdatasync, LOM, rename, directory fsync, every result checked), then
//                 records the copies in the main LOM. Blocking; takes the object's name lock only
//                 for the renames and LOM updates.
//   Mirror        the target's queue of objects to mirror after their PUT was acknowledged (AIS:
//                 "the first replica is readable at once"): one `put-copies` job per bucket, made
//                 on demand, ending when idle. enqueue() never blocks (io threads call it).
// The `make-n-copies` job (ensure(N) over a bucket) is xs::MncJob.
//
// Copies and the object writer: Core::store removes the copies a new version makes stale (under
// the name lock, before the rename) and Core::on_stored enqueues the new version here.
#pragma once

#include "aisnode/core/core.hpp"
#include "aisnode/xact/xact.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ais::node::mirror {

// Replicas (main included) each object of a bucket with these props should have.
int wanted(const Bprops& p);

// The copy of `main` (resolved) on the mountpath `mp`.
fs::ObjPath copy_path(const ObjRef& main, const std::string& mp);

// "" when the open file's bytes match the checksum in `md` (or there is none); otherwise AIS's
// bad-checksum text ("BAD DATA CHECKSUM: xxhash(a != b) (context: ...)"). Blocking.
std::string verify(BufPool& pool, int fd, const LomMd& md, const std::string& fqn);

// Opens the file at `p` as a replica of `ref` with its LOM; false when absent (or not this object).
bool open_replica(const ObjRef& ref, const fs::ObjPath& p, Found& f);
// The same version of the same bytes (version, checksum, size).
bool same_object(const LomMd& a, const LomMd& b);
// A replica of `ref` (main or copy, not the file `skip`) that is the object `want` and whose bytes
// pass its checksum. Blocking (reads whole replicas).
bool find_good(Core& core, const ObjRef& ref, const LomMd& want, const std::string& skip, Found& out,
               std::string& fqn);
// A copy of `ref` on any readable mountpath (its main replica is gone): opened, with its LOM.
bool find_copy(const Core& core, const ObjRef& ref, Found& f, std::string& fqn);

struct Fixed {
    int added = 0, removed = 0, bad = 0;
    bool restored = false;  // the main replica was rebuilt from a copy
    bool missing = false;   // no replica at all
    int64_t bytes = 0;      // written
};
Fixed ensure(Core& core, const ObjRef& ref, int n, bool validate);

// ensure(wanted) of every object of the bucket on this target, and of every object that is left
// only as copies (its main replica lost with a mountpath), on the job's workers. Cheap when the
// bucket is not mirrored and has no copies. Blocking.
void heal_bucket(Core& core, Xact& job, const api::Bck& b);

class PutCopies;

class Mirror {
  public:
    Mirror(Core& core, XactRegistry& xacts) : core_(core), xacts_(xacts) {}
    // Schedules ensure(wanted) of the object (validate: check every replica's bytes first).
    void enqueue(const ObjRef& ref, bool validate = false);

  private:
    friend class PutCopies;
    Core& core_;
    XactRegistry& xacts_;
    std::mutex mu_;
    std::map<std::string, std::shared_ptr<PutCopies>> jobs_;  // by bucket uname
};

}  // namespace ais::node::mirror
