#include "aisnode/mirror/mirror.hpp"

#include "aisnode/fs/env.hpp"
#include "shared/api/apc.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/hrw.hpp"
#include "shared/util/ids.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <optional>

namespace ais::node::mirror {

int wanted(const Bprops& p) {
    return p.mirror.enabled && p.mirror.copies > 1 ? static_cast<int>(p.mirror.copies) : 1;
}

fs::ObjPath copy_path(const ObjRef& main, const std::string& mp) {
    return fs::copy_path(mp, main.bck, main.obj);
}

std::string verify(BufPool& pool, int fd, const LomMd& md, const std::string& fqn) {
    if (!md.has_cksum()) return {};
    Cksummer ck(parse_cksum_type(md.cksum_type));
    auto buf = pool.get(static_cast<uint64_t>(md.size));
    uint64_t off = 0;
    for (;;) {
        size_t n = fs::pread_full(fd, buf.data(), buf.size(), off, fqn);
        if (n == 0) break;
        ck.update(buf.data(), n);
        off += n;
    }
    std::string got = ck.finalize();
    if (got == md.cksum_value) return {};
    return "BAD DATA CHECKSUM: " + md.cksum_type + "(" + got + " != " + md.cksum_value + ") (context: " + fqn + ")";
}

bool open_replica(const ObjRef& ref, const fs::ObjPath& p, Found& f) {
    f.fd = fs::open_fd(p.fqn, O_RDONLY);
    if (!f.fd) {
        if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR || errno == ENAMETOOLONG) return false;
        fs::throw_errno("open", p.fqn);
    }
    struct stat st;
    if (::fstat(f.fd.get(), &st) != 0) fs::throw_errno("stat", p.fqn);
    if (!S_ISREG(st.st_mode)) return false;
    if (!load_lom(f.fd.get(), f.md)) return false;  // a copy is always written with its LOM
    load_name_sidecar(p.fqn, f.md);
    if (p.hashed && f.md.full_name != ref.obj) return false;
    f.md.size = static_cast<int64_t>(st.st_size);
    f.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    return true;
}

namespace {

// unlink(2) of a replica file; absent is fine, other failures throw.
void unlink_file(const std::string& fqn) {
    if (::unlink(fqn.c_str()) != 0 && errno != ENOENT && errno != ENOTDIR) fs::throw_errno("remove", fqn);
}

struct Rep {
    const fs::Mountpath* mp;
    bool avail;  // on an available mountpath other than the main replica's: a copy that counts
    Found f;
    std::string fqn;
};

// Rewrites the main replica's LOM with `copies` if it still is the object described by `md`.
void record_copies(Core& core, const ObjRef& ref, const LomMd& md, const std::vector<std::string>& copies) {
    std::lock_guard lk(core.locks.of(ref.uname));
    fs::Fd fd = fs::open_fd(ref.path.fqn, O_RDONLY);
    if (!fd) return;  // removed meanwhile
    LomMd cur;
    if (!load_lom(fd.get(), cur) || !same_object(cur, md)) return;
    if (cur.copies == copies) return;
    cur.copies = copies;
    store_lom(fd.get(), cur, ref.path.fqn, ref.cname());
    if (fs::env().fsync(fd.get()) != 0) fs::throw_errno("fsync", ref.path.fqn);
}

}  // namespace

bool same_object(const LomMd& a, const LomMd& b) {
    return a.version == b.version && a.cksum_type == b.cksum_type && a.cksum_value == b.cksum_value &&
           a.size == b.size;
}

bool find_good(Core& core, const ObjRef& ref, const LomMd& want, const std::string& skip, Found& out,
               std::string& fqn) {
    std::vector<fs::ObjPath> cands{ref.path};
    for (const fs::Mountpath* m : core.mpaths.snap().readable()) cands.push_back(copy_path(ref, m->path));
    for (const auto& p : cands) {
        if (p.fqn == skip) continue;
        Found f;
        if (p.fqn == ref.path.fqn ? !core.find(ref, f, true) : !open_replica(ref, p, f)) continue;
        if (!same_object(f.md, want)) continue;
        if (!verify(core.bufs, f.fd.get(), f.md, p.fqn).empty()) continue;
        out = std::move(f);
        fqn = p.fqn;
        return true;
    }
    return false;
}

bool find_copy(const Core& core, const ObjRef& ref, Found& f, std::string& fqn) {
    for (const fs::Mountpath* m : core.mpaths.snap().readable()) {
        fs::ObjPath p = copy_path(ref, m->path);
        if (open_replica(ref, p, f)) {
            fqn = p.fqn;
            return true;
        }
    }
    return false;
}

Fixed ensure(Core& core, const ObjRef& ref, int n, bool validate) {
    Fixed fx;
    const fs::MpathSet& snap = core.mpaths.snap();
    const auto readable = snap.readable();

    // 1. What is there: the main replica and the copies (checked when asked to validate).
    Found mf;
    bool have_main = core.find(ref, mf, true);
    if (have_main && validate) {
        std::string bad = verify(core.bufs, mf.fd.get(), mf.md, ref.path.fqn);
        if (!bad.empty()) {
            log::warn("{}: {}: removing the corrupted main replica", core.tname(), bad);
            std::lock_guard lk(core.locks.of(ref.uname));
            unlink_file(ref.path.fqn);
            ++fx.bad;
            have_main = false;
        }
    }
    std::vector<Rep> reps;
    for (const fs::Mountpath* m : readable) {
        // A copy beside its main replica's place (a mountpath change moved the main) counts for
        // nothing, but may still be what restores the main replica.
        Rep r{m, snap.is_avail(m->id) && m->id != ref.mpi, Found{}, {}};
        fs::ObjPath p = copy_path(ref, m->path);
        if (!open_replica(ref, p, r.f)) continue;
        r.fqn = p.fqn;
        if (validate) {
            std::string bad = verify(core.bufs, r.f.fd.get(), r.f.md, r.fqn);
            if (!bad.empty()) {
                log::warn("{}: {}: removing the corrupted copy", core.tname(), bad);
                std::lock_guard lk(core.locks.of(ref.uname));
                core.remove_copy(ref, m->path);
                ++fx.bad;
                continue;
            }
        }
        reps.push_back(std::move(r));
    }

    // 2. A lost main replica comes back from a copy (the newest version among them).
    if (!have_main) {
        if (reps.empty()) {
            fx.missing = true;
            return fx;
        }
        auto best = std::max_element(reps.begin(), reps.end(), [](const Rep& a, const Rep& b) {
            return parse_uint(a.f.md.version).value_or(0) < parse_uint(b.f.md.version).value_or(0);
        });
        WorkFile wf = core.create_work(ref, "mi");
        copy_data(core.bufs, best->f.fd.get(), wf.fd.get(), nullptr, best->fqn, wf.path);
        LomMd md = best->f.md;
        md.copies.clear();
        const std::string main_fqn = ref.path.fqn;
        core.commit(ref, wf, md, [&main_fqn] {
            struct stat st;
            return ::stat(main_fqn.c_str(), &st) != 0;  // nobody stored the object meanwhile
        });
        fx.restored = wf.keep;
        if (fx.restored) log::info("{}: restored {} from its copy on {}", core.tname(), ref.cname(), best->mp->path);
        if (!core.find(ref, mf, true)) {
            fx.missing = true;
            return fx;
        }
    }

    // 3. Copies of another version, on mountpaths going away, or beyond n-1 go.
    std::vector<std::string> keep;
    for (auto& r : reps) {
        bool drop = !r.avail || !same_object(r.f.md, mf.md) || static_cast<int>(keep.size()) >= n - 1;
        if (drop) {
            std::lock_guard lk(core.locks.of(ref.uname));
            core.remove_copy(ref, r.mp->path);
            ++fx.removed;
        } else {
            keep.push_back(r.mp->path);
        }
    }

    // 4. Missing copies are written on the other available mountpaths, in HRW order of the name.
    if (static_cast<int>(keep.size()) < n - 1) {
        std::vector<const fs::Mountpath*> cands;
        for (const fs::Mountpath* m : snap.avail)
            if (m->id != ref.mpi && std::find(keep.begin(), keep.end(), m->path) == keep.end()) cands.push_back(m);
        const uint64_t d = hrw_digest(ref.uname);
        std::sort(cands.begin(), cands.end(), [d](const fs::Mountpath* a, const fs::Mountpath* b) {
            return xoshiro256_mix(d ^ a->digest) > xoshiro256_mix(d ^ b->digest);
        });
        auto cfg = core.env.meta.config();
        const bool sync_data = cfg ? cfg->durability.fsync_data : true;
        const bool sync_dir = cfg ? cfg->durability.fsync_dir : true;
        for (const fs::Mountpath* m : cands) {
            if (static_cast<int>(keep.size()) >= n - 1) break;
            ObjRef at = core.at_mpath(ref, m->id);
            WorkFile wf = core.create_work(at, "mi");
            // checksum.validate_obj_move: what is copied is checked against the object's checksum.
            const bool check = !validate && ref.props->checksum.validate_obj_move && mf.md.has_cksum();
            std::optional<Cksummer> ck;
            if (check) ck.emplace(parse_cksum_type(mf.md.cksum_type));
            uint64_t nb = copy_data(core.bufs, mf.fd.get(), wf.fd.get(), check ? &*ck : nullptr, ref.path.fqn, wf.path);
            if (static_cast<int64_t>(nb) != mf.md.size)
                throw Error(500, core.tname() + ": " + ref.cname() + " changed size while being mirrored");
            if (check && ck->finalize() != mf.md.cksum_value)
                throw Error(500,
                            core.tname() + ": " + ref.cname() + ": BAD DATA CHECKSUM: " + mf.md.cksum_type + "(" +
                                ck->finalize() + " != " + mf.md.cksum_value + ") (context: mirroring " +
                                ref.path.fqn + ")",
                            "ErrBadCksum");
            if (sync_data) fs::fdatasync(wf.fd.get(), wf.path);
            LomMd cmd = mf.md;
            cmd.copies.clear();
            cmd.full_name = ref.path.hashed ? ref.obj : std::string();
            fs::ObjPath cp = copy_path(ref, m->path);
            if (cp.hashed && cmd.full_name.size() > kInlineNameMax) store_name_sidecar(cp.fqn, cmd.full_name);
            store_lom(wf.fd.get(), cmd, wf.path, ref.cname());
            {
                std::lock_guard lk(core.locks.of(ref.uname));
                LomMd cur;
                if (!load_lom(ref.path.fqn, cur) || !same_object(cur, mf.md)) return fx;  // a newer version: its own turn
                int err = fs::rename(wf.path, cp.fqn);
                if (err == ENOENT) {
                    fs::mkdir_all(std::string(fs::parent_dir(cp.fqn)));
                    err = fs::rename(wf.path, cp.fqn);
                }
                if (err != 0) fs::throw_errno("rename", cp.fqn, err);
                wf.keep = true;
            }
            if (sync_dir) fs::fsync_dir(std::string(fs::parent_dir(cp.fqn)));
            keep.push_back(m->path);
            ++fx.added;
            fx.bytes += mf.md.size;
        }
    }

    // 5. The main replica records where its copies are.
    std::sort(keep.begin(), keep.end());
    record_copies(core, ref, mf.md, keep);
    return fx;
}

void heal_bucket(Core& core, Xact& job, const api::Bck& b) {
    ObjRef bref;
    try {
        bref = core.resolve_bck(b);
    } catch (const ErrNotFound&) {
        return;
    }
    const int n = wanted(*bref.props);
    std::vector<NameEnt> copies = core.walk_copies(b);
    if (n == 1 && copies.empty()) return;
    std::vector<NameEnt> names = core.walk(b, "", true);
    names.insert(names.end(), copies.begin(), copies.end());
    sort_unique(names);
    size_t i = 0;
    job.for_each(
        [&](std::string& out) {
            while (i < names.size() && names[i].is_dir) ++i;
            if (i >= names.size()) return false;
            out = names[i++].name;
            return true;
        },
        [&](const std::string& name) {
            ObjRef ref = core.resolve(b, name);
            Fixed fx = ensure(core, ref, n, false);
            if (fx.added > 0) job.add_loc(fx.added, fx.bytes);
        },
        true);
}

// ---- put-copies: mirroring after the PUT ----

class PutCopies : public Xact {
  public:
    static constexpr auto kIdle = std::chrono::seconds(5);

    PutCopies(Mirror& m, const api::Bck& b, std::string key)
        : Xact(gen_uuid(), api::kind::kPutCopies), m_(m), key_(std::move(key)) {
        bck = b;
        workers = 2;
    }

    // Under m_.mu_.
    bool closed() const { return closed_; }
    void push(std::string obj, bool validate, size_t max_queued) {
        if (q_.size() >= max_queued) {
            if (dropped_++ == 0)
                add_error(m_.core_.tname() + ": " + bck.cname() +
                          ": too many objects waiting to be mirrored; run `ais start mirror` to complete their copies");
            return;
        }
        q_.push_back(Item{std::move(obj), validate});
        cv_.notify_one();
    }

    void run() override {
        for_each([this](std::string& out) { return next(out); }, [this](const std::string& it) { one(it); }, true);
    }

  private:
    struct Item {
        std::string obj;
        bool validate;
    };

    bool next(std::string& out) {
        std::unique_lock lk(m_.mu_);
        // In short waits, so that an abort (the node stopping) is seen at once.
        const auto idle_until = std::chrono::steady_clock::now() + kIdle;
        while (q_.empty() && !aborted() && std::chrono::steady_clock::now() < idle_until)
            cv_.wait_for(lk, std::chrono::milliseconds(100));
        if (q_.empty() || aborted()) {
            closed_ = true;
            auto it = m_.jobs_.find(key_);
            if (it != m_.jobs_.end() && it->second.get() == this) m_.jobs_.erase(it);
            return false;
        }
        Item it = std::move(q_.front());
        q_.pop_front();
        out = (it.validate ? "1" : "0") + it.obj;
        return true;
    }

    void one(const std::string& item) {
        Core& core = m_.core_;
        ObjRef ref;
        try {
            ref = core.resolve(bck, item.substr(1));
        } catch (const ErrNotFound&) {
            return;  // the bucket is gone
        }
        Fixed fx = ensure(core, ref, wanted(*ref.props), item[0] == '1');
        if (fx.added > 0) add_loc(fx.added, fx.bytes);
    }

    Mirror& m_;
    const std::string key_;
    std::condition_variable cv_;
    std::deque<Item> q_;
    bool closed_ = false;
    size_t dropped_ = 0;
};

void Mirror::enqueue(const ObjRef& ref, bool validate) {
    std::string key = ref.bck.uname() + "\n" + std::to_string(ref.props->bid);
    std::lock_guard lk(mu_);
    auto& j = jobs_[key];
    if (!j || j->closed()) {
        j = std::make_shared<PutCopies>(*this, ref.bck, key);
        xacts_.run(j);
    }
    // mirror.burst_buffer, in thousands of objects (at least a thousand).
    const size_t max_queued = static_cast<size_t>(std::max(1, ref.props->mirror.burst_buffer)) * 1024;
    j->push(ref.obj, validate, max_queued);
}

}  // namespace ais::node::mirror
