#include "aisnode/ec/svc/store.hpp"

#include "aisnode/fs/env.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace ais::node::ecsvc {

namespace {

std::string in_dir(std::string_view mpath, const api::Bck& b, std::string_view obj, const char* dir,
                   const char* long_dir) {
    std::string d = fs::bck_dir(mpath, b) + "/" + dir;
    if (fs::needs_hash(d, obj)) return fs::bck_dir(mpath, b) + "/" + long_dir + "/" + fs::long_name(obj);
    d += '/';
    d.append(obj);
    return d;
}

bool read_meta(const std::string& path, ec::Meta& out) {
    fs::Fd fd = fs::open_fd(path, O_RDONLY);
    if (!fd) {
        if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR) return false;
        fs::throw_errno("open", path);
    }
    std::string text;
    char buf[4096];
    for (uint64_t off = 0;;) {
        size_t n = fs::pread_full(fd.get(), buf, sizeof buf, off, path);
        if (n == 0) break;
        text.append(buf, n);
        off += n;
        if (text.size() > (1u << 20)) return false;
    }
    try {
        out = ec::meta_from_json(text);
    } catch (const ErrBadRequest& e) {
        log::warn("ec: {}: {}", path, e.what());
        return false;
    }
    return true;
}

void unlink_file(const std::string& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT && errno != ENOTDIR) fs::throw_errno("remove", path);
}

// rename(2) into `dst`, creating its parent directories when they are missing.
void rename_in(const std::string& src, const std::string& dst) {
    int err = fs::rename(src, dst);
    if (err == ENOENT) {
        fs::mkdir_all(std::string(fs::parent_dir(dst)));
        err = fs::rename(src, dst);
    }
    if (err != 0) fs::throw_errno("rename", dst, err);
}

struct Sync {
    bool data = true, dir = true;
};
Sync sync_of(const Core& core) {
    auto cfg = core.env.meta.config();
    return cfg ? Sync{cfg->durability.fsync_data, cfg->durability.fsync_dir} : Sync{};
}

}  // namespace

PiecePaths piece_paths(std::string_view mpath, const api::Bck& b, std::string_view obj) {
    return PiecePaths{in_dir(mpath, b, obj, fs::kEcDir, fs::kEcLongDir),
                      in_dir(mpath, b, obj, fs::kEcMetaDir, fs::kEcMetaLongDir)};
}

bool find_piece(const Core& core, const ObjRef& ref, Piece& out) {
    auto try_at = [&](const std::string& mp) {
        PiecePaths p = piece_paths(mp, ref.bck, ref.obj);
        if (!read_meta(p.meta, out.meta)) return false;
        out.mpath = mp;
        out.paths = std::move(p);
        return true;
    };
    if (try_at(ref.mpath)) return true;
    for (const fs::Mountpath* m : core.mpaths.snap().readable())
        if (m->path != ref.mpath && try_at(m->path)) return true;
    return false;
}

namespace {

// The metafile `m` (and, with `piece`, the piece's bytes) into place: data synced first (per config),
// then under the name lock the renames, unless a newer generation is here; then the directories.
bool install(Core& core, const ObjRef& ref, WorkFile* piece, const ec::Meta& m) {
    const Sync sync = sync_of(core);
    if (piece && sync.data) fs::fdatasync(piece->fd.get(), piece->path);
    WorkFile mf = core.create_work(ref, "ecm");
    const std::string json = ec::to_json(m);
    fs::write_all(mf.fd.get(), json.data(), json.size(), mf.path);
    if (sync.data) fs::fdatasync(mf.fd.get(), mf.path);

    PiecePaths dst = piece_paths(ref.mpath, ref.bck, ref.obj);
    {
        std::lock_guard lk(core.locks.of(ref.uname));
        struct stat st;
        if (!piece && ::stat(ref.path.fqn.c_str(), &st) != 0) return false;  // the main's: deleted meanwhile
        Piece cur;
        if (find_piece(core, ref, cur)) {
            if (cur.meta.generation > m.generation) return false;  // keeps the newer one
            if (cur.mpath != ref.mpath) {                          // on another mountpath: it goes
                unlink_file(cur.paths.piece);
                unlink_file(cur.paths.meta);
            } else if (!piece && cur.has_bytes()) {
                unlink_file(cur.paths.piece);  // a piece of an earlier placement: the object is here now
            }
        }
        if (piece) {
            rename_in(piece->path, dst.piece);
            piece->keep = true;
        }
        rename_in(mf.path, dst.meta);
        mf.keep = true;
    }
    if (sync.dir) {
        if (piece) fs::fsync_dir(std::string(fs::parent_dir(dst.piece)));
        fs::fsync_dir(std::string(fs::parent_dir(dst.meta)));
    }
    return true;
}

}  // namespace

bool commit_piece(Core& core, const ObjRef& ref, WorkFile& wf, const ec::Meta& m) {
    return install(core, ref, &wf, m);
}

void store_main_meta(Core& core, const ObjRef& ref, const ec::Meta& m) {
    install(core, ref, nullptr, m);
}

int remove_pieces(Core& core, const ObjRef& ref, int64_t only_gen) {
    int n = 0;
    std::lock_guard lk(core.locks.of(ref.uname));
    for (const fs::Mountpath* mp : core.mpaths.snap().readable()) {
        PiecePaths p = piece_paths(mp->path, ref.bck, ref.obj);
        ec::Meta m;
        const bool has_meta = read_meta(p.meta, m);
        if (only_gen > 0 && (!has_meta || m.generation != only_gen)) continue;
        unlink_file(p.piece);
        if (::unlink(p.meta.c_str()) == 0) {
            ++n;
        } else if (errno != ENOENT && errno != ENOTDIR) {
            fs::throw_errno("remove", p.meta);
        }
        if (!ref.path.hashed) {
            fs::remove_empty_dirs(std::string(fs::parent_dir(p.piece)),
                                  fs::bck_dir(mp->path, ref.bck) + "/" + fs::kEcDir);
            fs::remove_empty_dirs(std::string(fs::parent_dir(p.meta)),
                                  fs::bck_dir(mp->path, ref.bck) + "/" + fs::kEcMetaDir);
        }
    }
    return n;
}

namespace {

constexpr int64_t kTombstoneNs = 600'000'000'000;
constexpr size_t kMaxTombstones = 1 << 16;

struct Tombstones {
    std::mutex mu;
    std::unordered_map<std::string, int64_t> when;  // target id + '\n' + uname -> ns
};
Tombstones& tombstones() {
    static Tombstones t;
    return t;
}

}  // namespace

void note_deleted(const Core& core, const std::string& uname) {
    auto& t = tombstones();
    const int64_t now = now_ns();
    std::lock_guard lk(t.mu);
    if (t.when.size() >= kMaxTombstones)
        std::erase_if(t.when, [now](const auto& kv) { return now - kv.second > kTombstoneNs; });
    if (t.when.size() >= kMaxTombstones) t.when.clear();  // (a burst of deletes: the oldest go anyway)
    t.when[core.env.id() + "\n" + uname] = now;
}

bool deleted_since(const Core& core, const std::string& uname, int64_t since_ns) {
    auto& t = tombstones();
    std::lock_guard lk(t.mu);
    auto it = t.when.find(core.env.id() + "\n" + uname);
    return it != t.when.end() && it->second >= since_ns;
}

const ec::Codec& codec(int data, int parity) {
    static std::mutex mu;
    static std::map<std::pair<int, int>, std::unique_ptr<ec::Codec>> codecs;
    std::lock_guard lk(mu);
    auto& c = codecs[{data, parity}];
    if (!c) c = std::make_unique<ec::Codec>(data, parity);
    return *c;
}

}  // namespace ais::node::ecsvc
