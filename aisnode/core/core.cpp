#include "aisnode/core/core.hpp"

#include "shared/api/apc.hpp"
#include "shared/net/client.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/hrw.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace ais::node {

// ---- locks and buffers ----

size_t NameLocks::index(std::string_view uname) const {
    return hrw_digest(uname) % kStripes;
}

BufPool::Buf BufPool::get(uint64_t hint) {
    const size_t n = hint <= kSmall ? kSmall : kLarge;
    auto& list = n == kSmall ? small_ : large_;
    {
        std::lock_guard lk(mu_);
        if (!list.empty()) {
            auto b = std::move(list.back());
            list.pop_back();
            return Buf(this, std::move(b), n);
        }
    }
    return Buf(this, std::unique_ptr<char[]>(new char[n]), n);
}

void BufPool::put(std::unique_ptr<char[]> b, size_t n) {
    std::lock_guard lk(mu_);
    auto& list = n == kSmall ? small_ : large_;
    if (list.size() < kMaxFree) list.push_back(std::move(b));
}

TwoLocks::TwoLocks(NameLocks& l, std::string_view a, std::string_view b) {
    size_t i = l.index(a), j = l.index(b);
    if (i > j) std::swap(i, j);
    first_ = &l.at(i);
    second_ = i == j ? nullptr : &l.at(j);
    first_->lock();
    if (second_) second_->lock();
}

TwoLocks::~TwoLocks() {
    if (second_) second_->unlock();
    first_->unlock();
}

WorkFile::~WorkFile() {
    if (!keep && !path.empty()) ::unlink(path.c_str());
}

WorkFile& WorkFile::operator=(WorkFile&& o) noexcept {
    if (this != &o) {
        if (!keep && !path.empty()) ::unlink(path.c_str());
        path = std::move(o.path);
        fd = std::move(o.fd);
        keep = o.keep;
        o.path.clear();
    }
    return *this;
}

// ---- resolution ----

ObjRef Core::resolve_bck(const api::Bck& b) const {
    ObjRef ref;
    ref.bck = b;
    ref.bmd = env.meta.bmd();
    ref.props = ref.bmd ? ref.bmd->find(ref.bck) : nullptr;
    if (!ref.props)
        throw ErrNotFound("bucket \"" + ref.bck.cname() + "\" does not exist",
                          ref.bck.is_remote() ? "ErrRemoteBckNotFound" : "ErrBckNotFound");
    return ref;
}

void Core::resolve_obj(ObjRef& ref, std::string obj) const {
    api::validate_obj_name(obj);
    ref.obj = std::move(obj);
    ref.uname = ref.bck.obj_uname(ref.obj);
    ref.mpi = mpaths.hrw_index(ref.uname);
    ref.mpath = mpaths.at(ref.mpi).path;
    ref.path = fs::obj_path(ref.mpath, ref.bck, ref.obj);
}

ObjRef Core::resolve(const api::Bck& b, std::string obj) const {
    ObjRef ref = resolve_bck(b);
    resolve_obj(ref, std::move(obj));
    return ref;
}

ObjRef Core::at_mpath(ObjRef ref, size_t mpi) const {
    ref.mpi = mpi;
    ref.mpath = mpaths.at(mpi).path;
    ref.path = fs::obj_path(ref.mpath, ref.bck, ref.obj);
    return ref;
}

net::Client& peer_client() {
    thread_local std::unique_ptr<net::Client> c;
    if (!c) {
        net::ClientOptions co;
        co.connect_timeout = std::chrono::seconds(3);
        co.io_timeout = std::chrono::minutes(5);
        co.max_retries = 1;
        co.skip_verify = true;  // intra-cluster; peers are in the Smap
        co.user_agent = "aisnode";
        c = std::make_unique<net::Client>(co);
    }
    return *c;
}

std::optional<api::Snode> Core::owner_other(const ObjRef& ref) const {
    auto smap = env.meta.smap();
    if (!smap || smap->tmap.empty()) return std::nullopt;  // no cluster map yet (standalone): ours
    const api::Snode* t = smap->hrw_target(ref.uname);
    if (!t) throw ErrUnavailable(tname() + ": no active targets in the cluster map to place " + ref.cname());
    if (t->daemon_id == env.id()) return std::nullopt;
    return *t;
}

// ---- reading ----

namespace {

int64_t mtime_of(const struct stat& st) {
    return static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// Appends the regular files under `dir` (named rel + file name) and, when not recursive, its
// subdirectories as "rel + name/" entries.
void walk_dir(const std::string& dir, const std::string& rel, bool recursive, uint32_t mpi,
              std::vector<NameEnt>& out) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return;
    std::vector<std::string> subdirs;
    while (dirent* e = ::readdir(d)) {
        const char* n = e->d_name;
        if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0'))) continue;
        unsigned char type = e->d_type;
        if (type == DT_UNKNOWN) {
            struct stat st;
            if (::fstatat(::dirfd(d), n, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
            type = S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : DT_UNKNOWN;
        }
        if (type == DT_REG) {
            out.push_back(NameEnt{rel + n, mpi, false});
        } else if (type == DT_DIR) {
            if (recursive)
                subdirs.emplace_back(n);
            else
                out.push_back(NameEnt{rel + n + "/", mpi, true});
        }
    }
    ::closedir(d);
    for (const auto& sd : subdirs) walk_dir(dir + "/" + sd, rel + sd + "/", recursive, mpi, out);
}

// The objects stored under hashed names in `ld` (%ln or %ml) whose full name starts with `base`.
void walk_long(const std::string& ld, std::string_view base, uint32_t mpi, std::vector<NameEnt>& out) {
    DIR* d = ::opendir(ld.c_str());
    if (!d) return;
    while (dirent* e = ::readdir(d)) {
        if (e->d_name[0] == '.') continue;
        if (std::string_view(e->d_name).find('.') != std::string_view::npos) continue;  // sidecars, temps
        LomMd md;
        try {
            if (!load_lom(ld + "/" + e->d_name, md) || md.full_name.empty()) continue;
        } catch (const fs::FsError&) {
            continue;
        }
        if (std::string_view(md.full_name).starts_with(base)) out.push_back(NameEnt{md.full_name, mpi, false});
    }
    ::closedir(d);
}

}  // namespace

std::vector<NameEnt> Core::walk_copies(const api::Bck& b) const {
    std::vector<NameEnt> out;
    for (const fs::Mountpath* m : mpaths.snap().readable()) {
        walk_dir(fs::mirror_dir(m->path, b), "", true, m->id, out);
        walk_long(fs::bck_dir(m->path, b) + "/" + fs::kMirrorLongDir, "", m->id, out);
    }
    return out;
}

bool Core::find(const ObjRef& ref, Found& f, bool open) const {
    struct stat st;
    const std::string& fqn = ref.path.fqn;
    if (open) {
        f.fd = fs::open_fd(fqn, O_RDONLY);
        if (!f.fd) {
            if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR || errno == ENAMETOOLONG) return false;
            fs::throw_errno("open", fqn);
        }
        if (::fstat(f.fd.get(), &st) != 0) fs::throw_errno("stat", fqn);
    } else if (::stat(fqn.c_str(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR || errno == ENAMETOOLONG) return false;
        fs::throw_errno("stat", fqn);
    }
    if (!S_ISREG(st.st_mode)) return false;
    bool have = open ? load_lom(f.fd.get(), f.md) : load_lom(fqn, f.md);
    if (have && open) load_name_sidecar(fqn, f.md);
    if (!have) {
        // A plain file put here by hand (or metadata lost): still an object.
        f.md = LomMd{};
        f.md.atime = mtime_of(st);
        f.md.version = "1";
    }
    if (ref.path.hashed && f.md.full_name != ref.obj) return false;  // another long name with the same hash
    f.md.size = static_cast<int64_t>(st.st_size);
    f.mtime_ns = mtime_of(st);
    return true;
}

bool Core::find_any(ObjRef& ref, Found& f, bool open) const {
    if (find(ref, f, open)) return true;
    for (const fs::Mountpath* m : mpaths.snap().readable()) {
        if (m->id == ref.mpi) continue;
        ObjRef other = at_mpath(ref, m->id);
        if (find(other, f, open)) {
            ref = std::move(other);
            return true;
        }
    }
    return find(ref, f, open);  // moved to its HRW place while we looked elsewhere
}

void Core::throw_not_found(const ObjRef& ref) const {
    throw ErrNotFound(tname() + ": " + ref.cname() + " does not exist");
}

void Core::throw_fs(const fs::FsError& e, const ObjRef& ref) const {
    if (e.no_space())
        throw ErrInsufficientStorage(tname() + ": out of space storing " + ref.cname() + ": " + e.what());
    if (e.err() == ENAMETOOLONG) throw ErrBadRequest(tname() + ": object name too long: " + ref.cname());
    throw Error(500, tname() + ": " + ref.cname() + ": " + e.what());
}

std::vector<NameEnt> Core::walk(const api::Bck& b, std::string_view base, bool recursive) const {
    std::vector<NameEnt> out;
    std::string_view sub = base;
    bool in_ob = true;  // names under this prefix may live in %ob
    if (!sub.empty()) {
        sub.remove_suffix(1);  // trailing '/'
        // A prefix no object name can have ("../x"): nothing to walk, and no escaping %ob. Names
        // with empty components ("a//b", "/a") live only in %ln (fs::needs_hash).
        size_t start = 0;
        while (start <= sub.size()) {
            size_t end = sub.find('/', start);
            if (end == std::string_view::npos) end = sub.size();
            std::string_view part = sub.substr(start, end - start);
            if (part == "." || part == "..") return out;
            if (part.empty()) in_ob = false;
            start = end + 1;
        }
    }
    // Waiting (just disabled/detached) mountpaths too: their objects stay visible until resilvered.
    for (const fs::Mountpath* m : mpaths.snap().readable()) {
        const uint32_t i = m->id;
        const std::string& mp = m->path;
        if (in_ob) {
            std::string dir = fs::obj_dir(mp, b);
            if (!sub.empty()) {
                dir += '/';
                dir.append(sub);
            }
            walk_dir(dir, std::string(base), recursive, i, out);
        }

        walk_long(fs::long_dir(mp, b), base, i, out);  // long names: the full name is in the metadata
    }
    return out;
}

std::string_view prefix_base(std::string_view prefix) {
    auto pos = prefix.rfind('/');
    return pos == std::string_view::npos ? std::string_view() : prefix.substr(0, pos + 1);
}

void sort_unique(std::vector<NameEnt>& names) {
    std::stable_sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end(),
                            [](const NameEnt& a, const NameEnt& b) { return a.name == b.name; }),
                names.end());
}

// ---- removing ----

bool Core::remove_local(const ObjRef& ref) {
    bool removed = remove_at(ref);
    if (ref.props->mirror.enabled) remove_copies(ref);
    // The object's own place: copies a resilver has not moved yet go too (or a GET would find them).
    if (ref.mpi == mpaths.hrw_index(ref.uname)) {
        for (const fs::Mountpath* m : mpaths.snap().readable())
            if (m->id != ref.mpi && remove_at(at_mpath(ref, m->id))) removed = true;
    }
    return removed;
}

bool Core::remove_at(const ObjRef& ref) {
    const std::string& fqn = ref.path.fqn;
    if (ref.path.hashed) {
        LomMd md;
        if (load_lom(fqn, md) && md.full_name != ref.obj) return false;
    }
    if (::unlink(fqn.c_str()) != 0) {
        if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR || errno == ENAMETOOLONG) return false;
        fs::throw_errno("remove", fqn);
    }
    if (ref.path.hashed) remove_name_sidecar(fqn);
    if (!ref.path.hashed)
        fs::remove_empty_dirs(std::string(fs::parent_dir(fqn)), fs::obj_dir(ref.mpath, ref.bck));
    return true;
}

void Core::remove_copy(const ObjRef& ref, const std::string& mp) const {
    fs::ObjPath p = fs::copy_path(mp, ref.bck, ref.obj);
    if (::unlink(p.fqn.c_str()) != 0) {
        if (errno == ENOENT || errno == ENOTDIR || errno == ENAMETOOLONG) return;
        fs::throw_errno("remove", p.fqn);
    }
    if (p.hashed)
        remove_name_sidecar(p.fqn);
    else
        fs::remove_empty_dirs(std::string(fs::parent_dir(p.fqn)), fs::mirror_dir(mp, ref.bck));
}

void Core::remove_copies(const ObjRef& ref) const {
    for (const fs::Mountpath* m : mpaths.snap().readable()) remove_copy(ref, m->path);
}

}  // namespace ais::node
