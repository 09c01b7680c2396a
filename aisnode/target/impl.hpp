// Internals of the Target, shared by its .cpp files (target.cpp: routing and bucket metadata;
// obj_put.cpp: PUT/append/copy and the commit of a work file; obj_get.cpp: GET/HEAD;
// obj_misc.cpp: DELETE/PATCH/rename; list.cpp: list-objects pages). Not for other modules.
//
// Concurrency: handlers run on any io thread. Short file operations run inline. A striped mutex
// table (NameLocks) serializes the metadata-changing step of writers of one name (read previous
// version, set LOM, rename); it is never held across a co_await.
#pragma once

#include "aisnode/fs/file.hpp"
#include "aisnode/fs/layout.hpp"
#include "aisnode/fs/mountpaths.hpp"
#include "aisnode/target/lom.hpp"
#include "aisnode/target/lso_page.hpp"
#include "aisnode/target/offload.hpp"
#include "aisnode/target/target.hpp"
#include "shared/api/bmd.hpp"

#include <array>
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

// Striped locks by object uname.
class NameLocks {
  public:
    static constexpr size_t kStripes = 1024;
    size_t index(std::string_view uname) const;
    std::mutex& at(size_t i) { return mu_[i]; }

  private:
    std::array<std::mutex, kStripes> mu_;
};

// Reused I/O buffers for streaming object data (no per-request allocation of megabytes). Two
// size classes, so that many concurrent small PUTs do not pin a megabyte each.
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

// An object named by a request, resolved against the BMD and the mountpaths.
struct ObjRef {
    std::shared_ptr<const api::BMD> bmd;  // keeps `props` alive
    api::Bck bck;
    const Bprops* props = nullptr;
    std::string obj;
    std::string uname;
    size_t mpi = 0;  // mountpath index
    std::string mpath;
    fs::ObjPath path;

    std::string cname() const { return bck.obj_cname(obj); }
};

struct Target::Impl {
    explicit Impl(NodeEnv& e) : env(e) {}

    NodeEnv& env;
    fs::Mountpaths mpaths;
    NameLocks locks;
    BufPool bufs;
    ListCache lcache;
    Offload offload{2};  // directory walks

    // ---- target.cpp ----
    std::string tname() const { return env.self.name(); }  // "t[id]"
    Task<void> objects(Request& req, Response& resp);
    Task<void> buckets(Request& req, Response& resp);
    void on_bmd(const api::BMD* prev, const api::BMD& now);
    void clean_work_dirs(const api::Bck& b);  // at startup
    // The bucket from a URL path + query; 404 if it is not in the BMD.
    ObjRef resolve_bck(std::string_view name, const net::Query& q) const;
    // Fills in the object part (validated name, mountpath, path).
    void resolve_obj(ObjRef& ref, std::string obj) const;
    ObjRef resolve(const api::Bck& b, const std::string& obj) const;  // bucket must exist (404)
    void require_redirect(const Request& req, const ObjRef& ref) const;
    [[noreturn]] void throw_not_found(const ObjRef& ref) const;
    // Maps an fs error while working on `ref` to the AIS error (507 on ENOSPC/EDQUOT).
    [[noreturn]] void throw_fs(const fs::FsError& e, const ObjRef& ref) const;

    // ---- obj_get.cpp ----
    struct Found {
        fs::Fd fd;  // only when opened
        LomMd md;
        int64_t mtime_ns = 0;
    };
    // Opens (GET) or stats (HEAD) the object; false if it does not exist.
    bool find(const ObjRef& ref, Found& f, bool open) const;
    void fill_attrs(const ObjRef& ref, const LomMd& md, net::Headers& h, bool with_location) const;
    Task<void> get_obj(Request& req, Response& resp, ObjRef& ref);
    void head_obj(Request& req, Response& resp, ObjRef& ref);
    void get_archived(Request& req, Response& resp, ObjRef& ref, Found& f);

    // ---- obj_put.cpp ----
    Task<void> put(Request& req, Response& resp, ObjRef& ref);
    Task<void> put_obj(Request& req, Response& resp, ObjRef& ref);
    Task<void> append_obj(Request& req, Response& resp, ObjRef& ref);
    Task<void> copy_obj(Request& req, Response& resp, ObjRef& ref);
    WorkFile create_work(const ObjRef& ref, std::string_view tag);
    // Streams the request body to `wf` (appending at its current offset), hashing with `cks`.
    Task<uint64_t> recv_body(Request& req, WorkFile& wf, Cksummer* a, Cksummer* b);
    // Writes the LOM (version per bucket versioning), fsyncs per config, renames the work file
    // into place. `md` has size/cksum/custom set; atime is set to now if 0. Returns the final LOM.
    LomMd commit(const ObjRef& ref, WorkFile& wf, LomMd md);
    // rename(2) of `src` to the object's path, re-creating parent dirs that a concurrent DELETE
    // removed; 409 when a directory/object of the name is in the way. Call under the name lock.
    void rename_into_place(const ObjRef& ref, const std::string& src) const;
    // Copies a local object to `dst` (this target owns it); `src` must be open.
    LomMd copy_local(const ObjRef& src, Found& f, const ObjRef& dst);
    // PUTs a local object to the target that owns `dst`.
    Task<void> send_to_peer(const api::Snode& t, const ObjRef& dst, const std::string& src_fqn,
                            const LomMd& md);
    // The other target that owns `ref` per the current Smap; nullopt = this target.
    std::optional<api::Snode> owner_other(const ObjRef& ref) const;

    // ---- obj_misc.cpp ----
    void delete_obj(Request& req, Response& resp, ObjRef& ref);
    Task<void> patch_obj(Request& req, Response& resp, ObjRef& ref);
    Task<void> post_obj(Request& req, Response& resp, ObjRef& ref);
    // Removes the object file (and now-empty parent dirs); false if it was not there.
    bool remove_local(const ObjRef& ref);

    // ---- mpu.cpp (S3 multipart upload) ----
    // The request has ?uploadId: create/part/list-parts/complete/abort.
    Task<void> mpu(Request& req, Response& resp, ObjRef& ref);
    void mpu_list(Response& resp, const ObjRef& bref);  // GET /v1/objects/<bucket>?uploads
    std::string mpu_dir(const ObjRef& ref, std::string_view upload_id) const;

    // ---- list.cpp ----
    Task<void> list_objects(Request& req, Response& resp, ObjRef& bref, std::string_view body);
    std::vector<NameEnt> walk(const api::Bck& b, std::string_view base, bool recursive) const;
};

// Helpers used across files.
void add_custom_md_headers(const net::Headers& in, std::map<std::string, std::string>& out);
// Appends all of `in` (from offset 0) to `out`, hashing into `ck` when given: copy_file_range when
// no hashing is needed (the kernel moves the bytes), read/write otherwise. Returns the bytes copied.
uint64_t copy_data(BufPool& pool, int in, int out, Cksummer* ck, std::string_view in_path,
                   std::string_view out_path);

}  // namespace ais::node
