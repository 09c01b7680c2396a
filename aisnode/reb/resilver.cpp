#include "aisnode/reb/resilver.hpp"

#include "aisnode/fs/env.hpp"
#include "aisnode/mirror/mirror.hpp"
#include "shared/api/apc.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/ids.hpp"
#include "shared/util/log.hpp"

#include <sys/stat.h>

#include <cerrno>

#include <chrono>
#include <thread>

namespace ais::node {

namespace {

using namespace std::chrono_literals;

bool stat_of(const std::string& path, struct stat& st) {
    return ::stat(path.c_str(), &st) == 0;
}

bool same_fs(const std::string& a, const std::string& b) {
    struct stat sa, sb;
    return stat_of(a, sa) && stat_of(b, sb) && sa.st_dev == sb.st_dev;
}

// rename(2) into the HRW place (one filesystem, a plain name): the bytes moved, or -1.
int64_t move_rename(Core& core, const ObjRef& src, const ObjRef& dst) {
    struct stat st;
    int64_t size = 0;
    {
        std::lock_guard lk(core.locks.of(dst.uname));
        if (!stat_of(src.path.fqn, st) || !S_ISREG(st.st_mode)) return -1;  // gone since the walk
        if (stat_of(dst.path.fqn, st)) {
            core.remove_at(src);  // the HRW place holds the object (a newer PUT): drop the stale copy
            return -1;
        }
        size = st.st_size;
        core.rename_into_place(dst, src.path.fqn);
    }
    auto cfg = core.env.meta.config();
    // One directory fsync commits the rename (a single journal transaction on ext4/xfs); the
    // source's directory may be gone already (emptied and removed by another worker).
    if (!cfg || cfg->durability.fsync_dir) {
        try {
            fs::fsync_dir(std::string(fs::parent_dir(dst.path.fqn)));
        } catch (const fs::FsError& e) {
            if (e.err() != ENOENT) throw;  // a DELETE emptied and removed it meanwhile
        }
    }
    fs::remove_empty_dirs(std::string(fs::parent_dir(src.path.fqn)), fs::obj_dir(src.mpath, src.bck));
    return size;
}

// A copy through the object writer, then the source goes: the bytes moved, or -1.
int64_t move_copy(Core& core, const ObjRef& src, const ObjRef& dst) {
    Found f;
    if (!core.find(src, f, true)) return -1;
    struct stat st;
    if (::fstat(f.fd.get(), &st) != 0) fs::throw_errno("stat", src.path.fqn);
    const dev_t dev = st.st_dev;
    const ino_t ino = st.st_ino;
    WorkFile wf = core.create_work(dst, "rs");
    uint64_t n = copy_data(core.bufs, f.fd.get(), wf.fd.get(), nullptr, src.path.fqn, wf.path);
    LomMd md = f.md;  // checksum, version, atime, custom metadata
    md.size = static_cast<int64_t>(n);
    if (md.version.empty()) md.version = "1";
    const std::string& src_fqn = src.path.fqn;
    const std::string& dst_fqn = dst.path.fqn;
    auto unchanged = [&] {
        struct stat s;
        return stat_of(src_fqn, s) && s.st_dev == dev && s.st_ino == ino && !stat_of(dst_fqn, s);
    };
    core.commit(dst, wf, std::move(md), unchanged);
    std::lock_guard lk(core.locks.of(dst.uname));
    // Stored, or the HRW place has a newer object: either way this copy goes.
    if (wf.keep || stat_of(dst_fqn, st)) core.remove_at(src);
    return wf.keep ? static_cast<int64_t>(n) : -1;
}

class ResilverJob : public Xact {
  public:
    ResilverJob(Core& core, std::string id, std::shared_ptr<Xact> prev)
        : Xact(std::move(id), api::kind::kResilver), core_(core), prev_(std::move(prev)) {
        workers = 4;
    }

    void run() override {
        // One resilver at a time: the one this replaces stops within one object per worker.
        while (prev_ && !prev_->finished()) {
            if (aborted()) return;
            std::this_thread::sleep_for(5ms);
        }
        prev_.reset();
        const fs::MpathSet& set = core_.mpaths.snap();
        const int64_t version = set.version;
        auto bmd = core_.env.meta.bmd();
        for (const auto& b : bmd->buckets()) {
            if (aborted()) return;
            std::vector<NameEnt> names = core_.walk(b, "", true);
            size_t i = 0;
            for_each(
                [&](std::string& out) {
                    while (i < names.size() && names[i].is_dir) ++i;
                    if (i >= names.size()) return false;
                    out = std::to_string(i++);
                    return true;
                },
                [&](const std::string& idx) { move_one(b, names[std::stoul(idx)]); }, true);
        }
        // Mirrored buckets get their copies back on what is left (and lost main replicas back
        // from their copies) before the mountpaths that were waiting go.
        for (const auto& b : bmd->buckets()) {
            if (aborted()) return;
            mirror::heal_bucket(core_, *this, b);
        }
        if (aborted()) return;
        if (!err().empty()) {
            log::warn("{}: resilver[{}]: errors: mountpaths being disabled/detached stay waiting",
                      core_.tname(), id());
            return;
        }
        core_.mpaths.drained(version);
        log::info("{}: resilver[{}] done: moved {} objects", core_.tname(), id(), snap().stats.loc_objs);
    }

  private:
    void move_one(const api::Bck& b, const NameEnt& ent) {
        ObjRef dst;
        try {
            dst = core_.resolve(b, ent.name);
        } catch (const ErrNotFound&) {
            return;  // the bucket is gone
        }
        if (dst.mpi == ent.mpath) return;
        ObjRef src = core_.at_mpath(dst, ent.mpath);
        // Objects owned by another target are the global rebalance's, unless they must get off.
        if (core_.mpaths.snap().is_avail(ent.mpath) && core_.owner_other(dst)) return;
        const int64_t n = move_to_hrw(core_, src, dst);
        if (n >= 0) add_loc(1, n);
    }

    Core& core_;
    std::shared_ptr<Xact> prev_;
};

}  // namespace

int64_t move_to_hrw(Core& core, const ObjRef& src, const ObjRef& dst) {
    try {
        if (!src.path.hashed && same_fs(src.mpath, dst.mpath)) return move_rename(core, src, dst);
        return move_copy(core, src, dst);
    } catch (const fs::FsError& e) {
        throw Error(500, core.tname() + ": resilver " + src.cname() + " from " + src.mpath + " to " + dst.mpath +
                             ": " + e.what());
    }
}

std::string Resilver::start(std::string id, const std::string& why) {
    std::lock_guard lk(mu_);
    if (id.empty()) id = gen_uuid();
    auto prev = cur_;
    if (prev && !prev->finished()) prev->abort("superseded by resilver[" + id + "] (" + why + ")");
    auto x = std::make_shared<ResilverJob>(core_, id, prev);
    xacts_.run(x);
    cur_ = x;
    log::info("{}: resilver[{}] started: {}", core_.tname(), id, why);
    return id;
}

}  // namespace ais::node
