// The core object layer of a target: what HTTP handlers (target/, s3/) and jobs (xs/) share to
// find, read, write and remove objects, with no knowledge of requests.
//
//   ObjRef       an object named by bucket + name, resolved against the BMD and the mountpaths
//   Core::find   opens/stats an object and loads its LOM (core/lom.hpp)
//   writer       THE object writer (obj_writer.cpp: create_work, then commit): any byte source
//                (HTTP body, local file, peer stream, archive member) -> work file, checksum on
//                the fly, fdatasync, LOM, atomic rename, directory fsync; every result checked,
//                through fs::env() so that tests can fail any step. Nothing else writes objects.
//   Core::walk   the names of a bucket on every mountpath
//   NameLocks    striped locks that serialize the metadata step of writers of one name; never
//                held across a co_await or a network call
//   BufPool      reused I/O buffers (no per-request megabytes)
//   WorkPool     threads for blocking disk work (fsync, walks) that coroutines co_await
//
// Owned by the Target (one per process); thread-safe after init.
#pragma once

#include "aisnode/core/lom.hpp"
#include "aisnode/core/name_ent.hpp"
#include "aisnode/fs/file.hpp"
#include "aisnode/fs/layout.hpp"
#include "aisnode/fs/mountpaths.hpp"
#include "aisnode/meta/node_env.hpp"
#include "shared/api/bmd.hpp"
#include "shared/net/work_pool.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ais {
class Cksummer;
}
namespace ais::net {
class Client;
struct ClientRequest;
}  // namespace ais::net

namespace ais::node {

// Striped locks by object uname.
class NameLocks {
  public:
    static constexpr size_t kStripes = 1024;
    size_t index(std::string_view uname) const;
    std::mutex& at(size_t i) { return mu_[i]; }
    std::mutex& of(std::string_view uname) { return mu_[index(uname)]; }

  private:
    std::array<std::mutex, kStripes> mu_;
};

// Locks the stripes of two names in a deadlock-free order (once if they share a stripe).
class TwoLocks {
  public:
    TwoLocks(NameLocks& l, std::string_view a, std::string_view b);
    ~TwoLocks();
    TwoLocks(const TwoLocks&) = delete;
    TwoLocks& operator=(const TwoLocks&) = delete;

  private:
    std::mutex* first_;
    std::mutex* second_;
};

// Reused I/O buffers for streaming object data. Two size classes, so that many concurrent small
// PUTs do not pin a megabyte each.
class BufPool {
  public:
    static constexpr size_t kLarge = 1 << 20;
    static constexpr size_t kSmall = 64 << 10;
    static constexpr size_t kMaxFree = 32;

    class Buf {
      public:
        Buf(BufPool* p, std::unique_ptr<char[]> b, size_t n) : pool_(p), b_(std::move(b)), n_(n) {}
        Buf(Buf&&) = default;
        ~Buf() {
            if (b_) pool_->put(std::move(b_), n_);
        }
        char* data() { return b_.get(); }
        size_t size() const { return n_; }

      private:
        BufPool* pool_;
        std::unique_ptr<char[]> b_;
        size_t n_;
    };

    // A large buffer, or a small one when at most `hint` bytes are expected.
    Buf get(uint64_t hint = UINT64_MAX);

  private:
    void put(std::unique_ptr<char[]> b, size_t n);
    std::mutex mu_;
    std::vector<std::unique_ptr<char[]>> large_, small_;
};

// A work file being written; removed unless committed.
struct WorkFile {
    std::string path;
    fs::Fd fd;
    bool keep = false;  // committed (renamed) or intentionally kept (append)

    WorkFile() = default;
    WorkFile(WorkFile&& o) noexcept : path(std::move(o.path)), fd(std::move(o.fd)), keep(o.keep) {
        o.path.clear();
    }
    WorkFile& operator=(WorkFile&& o) noexcept;
    ~WorkFile();
};

// An object resolved against the BMD and the mountpaths.
struct ObjRef {
    std::shared_ptr<const api::BMD> bmd;  // keeps `props` alive
    api::Bck bck;
    const Bprops* props = nullptr;
    std::string obj;
    std::string uname;
    size_t mpi = 0;  // mountpath id (fs::Mountpath::id)
    std::string mpath;
    fs::ObjPath path;

    std::string cname() const { return bck.obj_cname(obj); }
};

// One object of a batch for Core::commit_batch: its work file written and its checksum verified.
struct Staged {
    ObjRef ref;
    WorkFile wf;
    LomMd md;
    std::function<bool()> precond;  // as for Core::commit
    bool keep_existing = false;     // the target keeps the copy it has: nothing to store, only to sync
    // Out: stored (renamed into place and durable); or status != 0 with the reason.
    bool stored = false;
    int status = 0;
    std::string err;
};

// An object found on disk.
struct Found {
    fs::Fd fd;  // only when opened
    LomMd md;
    int64_t mtime_ns = 0;
};


class Core {
  public:
    explicit Core(NodeEnv& e) : env(e) {}

    NodeEnv& env;
    fs::Mountpaths mpaths;
    NameLocks locks;
    BufPool bufs;
    net::WorkPool pool{4};  // fsync, directory walks, jobs' blocking steps

    std::string tname() const { return env.self.name(); }  // "t[id]"

    // ---- resolution ----
    // The bucket (404 if it is not in the BMD); `ref.obj` left empty.
    ObjRef resolve_bck(const api::Bck& b) const;
    // Fills in the object part (validated name, mountpath, path).
    void resolve_obj(ObjRef& ref, std::string obj) const;
    ObjRef resolve(const api::Bck& b, std::string obj) const;  // bucket must exist (404)
    // The same object as stored on mountpath `mpi` (a walk found it there; HRW may say otherwise).
    ObjRef at_mpath(ObjRef ref, size_t mpi) const;
    // The other target that owns `ref` per the current Smap; nullopt = this target.
    std::optional<api::Snode> owner_other(const ObjRef& ref) const;

    // ---- reading ----
    // Opens (open=true) or stats the object and loads its LOM; false if it does not exist.
    bool find(const ObjRef& ref, Found& f, bool open) const;
    // find(), then (a miss) on the other readable mountpaths, where an object waits for a resilver
    // after a mountpath change: a stat per mountpath. On success `ref` names where it was found.
    bool find_any(ObjRef& ref, Found& f, bool open) const;
    [[noreturn]] void throw_not_found(const ObjRef& ref) const;
    // Maps an fs error while working on `ref` to the AIS error (507 on ENOSPC/EDQUOT).
    [[noreturn]] void throw_fs(const fs::FsError& e, const ObjRef& ref) const;
    // Every name of the bucket under `base` (a directory prefix ending in '/', or ""), all
    // mountpaths, unsorted. Blocking: call on the pool.
    std::vector<NameEnt> walk(const api::Bck& b, std::string_view base, bool recursive) const;
    // The names of the bucket's mirrored copies (%mi, %ml) on every mountpath. Blocking.
    std::vector<NameEnt> walk_copies(const api::Bck& b) const;

    // ---- writing (obj_writer.cpp) ----
    WorkFile create_work(const ObjRef& ref, std::string_view tag);
    // The commit of a written work file: fdatasync (per config), the LOM (version per bucket
    // versioning unless md.version is set), rename into place, directory fsync. `md` has
    // size/cksum/custom set; atime is set to now if 0. Returns the final LOM. Blocking.
    // `precond`, when given, is checked under the name lock: false = do not store (wf.keep stays
    // false and the work file goes away), e.g. a resilver whose object changed meanwhile.
    LomMd commit(const ObjRef& ref, WorkFile& wf, LomMd md, const std::function<bool()>& precond = {});
    // The commit of many written work files at once (a bundle from a peer): one syncfs per
    // mountpath for all their data, then each LOM and rename (under its name lock, `precond`
    // checked), then one more syncfs per mountpath for the names. Per-object results in the items;
    // a failed sync fails every object of its mountpath (the sender keeps its copies). Blocking.
    void commit_batch(std::vector<Staged>& items);
    // rename(2) of `src` to the object's path, re-creating parent dirs that a concurrent DELETE
    // removed; 409 when a directory/object of the name is in the way. Call under the name lock.
    void rename_into_place(const ObjRef& ref, const std::string& src) const;
    // Copies a local object (open in `f`) to `dst` on this target, keeping its checksum (when the
    // types agree), version (`keep_version`) and custom metadata. Blocking.
    LomMd copy_local(const ObjRef& src, Found& f, const ObjRef& dst, bool keep_version);
    // PUTs a local object to the target that owns `dst`, with its checksum, custom metadata and
    // (`keep_version`) version. Blocking: uses the synchronous `client`.
    void send_to_peer(net::Client& client, const api::Snode& t, const ObjRef& dst, const std::string& src_fqn,
                      const LomMd& md, bool keep_version);
    // The PUT that carries an object to its owner (intra-cluster: pid/utm, caller id, checksum,
    // custom metadata, version). The caller sets the body.
    net::ClientRequest peer_put(const api::Snode& t, const ObjRef& dst, const LomMd& md, bool keep_version) const;

  private:
    // The LOM and the rename into place under the name lock (`md` completed: atime, version);
    // false if `precond` said no.
    bool store(const ObjRef& ref, WorkFile& wf, LomMd& md, const std::function<bool()>& precond);
    void stored(const ObjRef& ref);  // on_stored, for mirrored buckets

  public:
    // ---- removing ----
    // Removes the object file (and now-empty parent dirs); false if it was not there. When `ref`
    // is the object's HRW place, also its copies on other mountpaths that a resilver has not moved
    // yet. Call under the name lock.
    bool remove_local(const ObjRef& ref);
    bool remove_at(const ObjRef& ref);  // exactly `ref.path`
    // Mirrored copies (aisnode/mirror, fs::copy_path): the one on mountpath `mp`, or all of them.
    // Absent is fine; other failures throw. Call under the name lock.
    void remove_copy(const ObjRef& ref, const std::string& mp) const;
    void remove_copies(const ObjRef& ref) const;

    // Called after the object writer stored an object of a mirrored bucket (mirror.enabled with
    // copies > 1), outside the name lock: the target queues its copies (mirror::Mirror). Set once
    // before serving.
    std::function<void(const ObjRef&)> on_stored;
};

// A synchronous intra-cluster client of the calling thread (net::Client::call is not shared
// between threads), for jobs that send objects to their owners.
net::Client& peer_client();

// Appends all of `in` (from offset 0) to `out`, hashing into `ck` when given: copy_file_range when
// no hashing is needed (the kernel moves the bytes), read/write otherwise. Returns the bytes copied.
uint64_t copy_data(BufPool& pool, int in, int out, Cksummer* ck, std::string_view in_path,
                   std::string_view out_path);

}  // namespace ais::node
