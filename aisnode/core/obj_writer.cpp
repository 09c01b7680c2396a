// THE object writer (core.hpp): work file, checksum on the fly, fdatasync, LOM, atomic rename,
// directory fsync, every result checked, all through fs::env(). PUT, append, copy, rename across
// mountpaths, multipart and every job write objects through here.
#include "aisnode/core/core.hpp"

#include "shared/api/apc.hpp"
#include "shared/net/client.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

#include "aisnode/fs/env.hpp"

#include <algorithm>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ais::node {

uint64_t copy_data(BufPool& pool, int in, int out, Cksummer* ck, std::string_view in_path,
                   std::string_view out_path) {
    if (!ck) {
        loff_t in_off = 0;
        for (;;) {
            ssize_t n = fs::env().copy_file_range(in, &in_off, out, 1u << 30);
            if (n > 0) continue;
            if (n == 0) return static_cast<uint64_t>(in_off);
            if (errno == EINTR) continue;
            if (errno == ENOSPC || errno == EDQUOT || errno == EIO) fs::throw_errno("copy", out_path);
            if (in_off > 0) fs::throw_errno("copy", out_path);
            break;  // EXDEV, EINVAL, ENOSYS, EOPNOTSUPP...: fall back to read/write from the start
        }
    }
    auto buf = pool.get();
    uint64_t off = 0;
    for (;;) {
        size_t n = fs::pread_full(in, buf.data(), buf.size(), off, in_path);
        if (n == 0) break;
        if (ck) ck->update(buf.data(), n);
        fs::write_all(out, buf.data(), n, out_path);
        off += n;
    }
    return off;
}

// ---- work files and commit ----

WorkFile Core::create_work(const ObjRef& ref, std::string_view tag) {
    WorkFile wf;
    std::string path = fs::work_fqn(ref.mpath, ref.bck, ref.obj, tag);
    fs::Fd fd = fs::open_fd(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
    if (!fd && errno == ENOENT) {  // bucket dirs not made yet (or removed by hand)
        fs::mkdir_all(fs::work_dir(ref.mpath, ref.bck));
        fd = fs::open_fd(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
    }
    if (!fd) fs::throw_errno("create", path);
    wf.path = std::move(path);
    wf.fd = std::move(fd);
    return wf;
}

void Core::rename_into_place(const ObjRef& ref, const std::string& src) const {
    const std::string& dst = ref.path.fqn;
    auto conflict = [&](const char* why) {
        throw ErrConflict(tname() + ": cannot store " + ref.cname() + ": " + why);
    };
    for (int attempt = 0;; ++attempt) {
        int err = fs::rename(src, dst);
        if (err == 0) return;
        if (err == ENOENT && attempt < 4) {
            auto bmd = env.meta.bmd();
            const Bprops* p = bmd ? bmd->find(ref.bck) : nullptr;
            if (!p || p->bid != ref.props->bid)
                throw ErrNotFound("bucket \"" + ref.bck.cname() + "\" does not exist", "ErrBckNotFound");
            try {
                fs::mkdir_all(std::string(fs::parent_dir(dst)));
            } catch (const fs::FsError& e) {
                if (e.err() == ENOTDIR || e.err() == EEXIST)
                    conflict("a leading part of its name is an object");
                throw;
            }
            continue;
        }
        if (err == EISDIR || err == ENOTEMPTY || err == EEXIST)
            conflict("objects exist under it as a directory (\"<name>/...\")");
        if (err == ENOTDIR) conflict("a leading part of its name is an object");
        fs::throw_errno("rename", dst, err);
    }
}

LomMd Core::commit(const ObjRef& ref, WorkFile& wf, LomMd md, const std::function<bool()>& precond) {
    auto cfg = env.meta.config();
    const bool sync_data = cfg ? cfg->durability.fsync_data : true;
    const bool sync_dir = cfg ? cfg->durability.fsync_dir : true;
    // Data first, outside the name lock: this is the slow part.
    if (sync_data) fs::fdatasync(wf.fd.get(), wf.path);
    if (!store(ref, wf, md, precond)) return md;
    // The rename (and the xattr, in the same journal commit on ext4/xfs) become durable here.
    if (sync_dir) fs::fsync_dir(std::string(fs::parent_dir(ref.path.fqn)));
    stored(ref);
    return md;
}

bool Core::store(const ObjRef& ref, WorkFile& wf, LomMd& md, const std::function<bool()>& precond) {
    if (md.atime == 0) md.atime = now_ns();
    md.full_name = ref.path.hashed ? ref.obj : std::string();
    std::lock_guard lk(locks.at(locks.index(ref.uname)));
    if (precond && !precond()) return false;
    LomMd prev;
    bool had = load_lom(ref.path.fqn, prev);
    if (ref.path.hashed && had && prev.full_name != ref.obj)
        throw ErrConflict(tname() + ": cannot store " + ref.cname() +
                          ": its hashed long-name slot holds another object (hash collision)");
    if (md.version.empty()) {
        md.version = "1";
        if (had && ref.props->versioning.enabled) {
            if (auto v = parse_uint(prev.version)) md.version = std::to_string(*v + 1);
        }
    }
    // Copies of the version being replaced would serve old bytes: they go first (mirror/).
    for (const auto& mp : prev.copies)
        if (std::find(md.copies.begin(), md.copies.end(), mp) == md.copies.end()) remove_copy(ref, mp);
    if (md.full_name.size() > kInlineNameMax) store_name_sidecar(ref.path.fqn, md.full_name);
    store_lom(wf.fd.get(), md, wf.path, ref.cname());
    rename_into_place(ref, wf.path);
    wf.keep = true;
    return true;
}

void Core::commit_batch(std::vector<Staged>& items) {
    auto cfg = env.meta.config();
    const bool sync_data = cfg ? cfg->durability.fsync_data : true;
    const bool sync_dir = cfg ? cfg->durability.fsync_dir : true;
    std::vector<std::string> mps;  // the mountpaths involved, each synced once per step
    for (const auto& it : items)
        if (it.status == 0 && std::find(mps.begin(), mps.end(), it.ref.mpath) == mps.end()) mps.push_back(it.ref.mpath);
    auto fail_mpath = [&](const std::string& mp, const fs::FsError& e) {
        for (auto& it : items)
            if (it.status == 0 && it.ref.mpath == mp) {
                it.status = 500;
                it.err = tname() + ": " + it.ref.cname() + ": " + e.what();
            }
    };
    auto sync_all = [&] {
        for (const auto& mp : mps) try {
                fs::syncfs_dir(mp);
            } catch (const fs::FsError& e) {
                fail_mpath(mp, e);
            }
    };
    // 1. The data of every work file (and whatever else is on those filesystems).
    if (sync_data) sync_all();
    // 2. Each object's LOM and rename into place.
    for (auto& it : items) {
        if (it.status != 0 || it.keep_existing) continue;
        try {
            if (store(it.ref, it.wf, it.md, it.precond)) it.stored = true;
        } catch (const Error& e) {
            it.status = e.status();
            it.err = e.what();
        } catch (const fs::FsError& e) {
            it.status = e.err() == ENOSPC || e.err() == EDQUOT ? 507 : 500;
            it.err = tname() + ": " + it.ref.cname() + ": " + e.what();
        }
        it.wf = WorkFile{};  // removes the work file unless stored
    }
    // 3. The names (renames, xattrs), and objects kept from an earlier batch whose sync failed.
    if (sync_dir || sync_data) sync_all();
    for (auto& it : items)
        if (it.stored && it.status == 0) stored(it.ref);
}

void Core::stored(const ObjRef& ref) {
    if (on_stored && ((ref.props->mirror.enabled && ref.props->mirror.copies > 1) || ref.props->ec.enabled))  // EC: issue 12
        on_stored(ref);
}

LomMd Core::copy_local(const ObjRef& src, Found& f, const ObjRef& dst, bool keep_version) {
    const CksumType dt = parse_cksum_type(dst.props->checksum.type);
    const bool reuse = dt == CksumType::none || (f.md.has_cksum() && f.md.cksum_type == to_string(dt));
    // checksum.validate_obj_move: the bytes copied are checked against the source's checksum.
    const bool verify = reuse && dt != CksumType::none && dst.props->checksum.validate_obj_move;
    WorkFile wf = create_work(dst, "cp");
    Cksummer ck(dt);
    uint64_t n = copy_data(bufs, f.fd.get(), wf.fd.get(), reuse && !verify ? nullptr : &ck, src.path.fqn, wf.path);
    if (verify && ck.finalize() != f.md.cksum_value)
        throw Error(500,
                    tname() + ": " + src.cname() + ": BAD DATA CHECKSUM: " + f.md.cksum_type + "(" + ck.finalize() +
                        " != " + f.md.cksum_value + ") (context: copying to " + dst.cname() + ")",
                    "ErrBadCksum");
    LomMd md;
    md.size = static_cast<int64_t>(n);
    if (dt != CksumType::none) {
        md.cksum_type = std::string(to_string(dt));
        md.cksum_value = reuse ? f.md.cksum_value : ck.finalize();
    }
    md.custom = f.md.custom;
    if (keep_version) md.version = f.md.version.empty() ? "1" : f.md.version;
    return commit(dst, wf, std::move(md));
}

net::ClientRequest Core::peer_put(const api::Snode& t, const ObjRef& dst, const LomMd& md, bool keep_version) const {
    net::Query q;
    dst.bck.add_query(q);
    q.add(api::qp::kPid, env.id());
    q.add(api::qp::kUnixTime, base36(static_cast<uint64_t>(now_ns())));
    const std::string& base =
        t.intra_data_net.direct_url.empty() ? t.public_net.direct_url : t.intra_data_net.direct_url;
    net::ClientRequest creq;
    creq.method = "PUT";
    creq.url = base + "/v1/objects/" + url_escape_path(dst.bck.name) + "/" + url_escape_path(dst.obj) + "?" +
               q.encode();
    if (md.has_cksum()) {
        creq.headers.add(api::hdr::kChecksumType, md.cksum_type);
        creq.headers.add(api::hdr::kChecksumValue, md.cksum_value);
    }
    creq.headers.add(api::hdr::kCallerId, env.id());
    for (const auto& [k, v] : md.custom) creq.headers.add(api::hdr::kCustomMd, k + "=" + v);
    if (keep_version && !md.version.empty()) creq.headers.add(api::hdr::kVersion, md.version);
    creq.follow_redirects = false;
    return creq;
}

void Core::send_to_peer(net::Client& client, const api::Snode& t, const ObjRef& dst, const std::string& src_fqn,
                        const LomMd& md, bool keep_version) {
    net::ClientRequest creq = peer_put(t, dst, md, keep_version);
    net::FileBody body(src_fqn);
    creq.body_source = &body;
    net::ClientResponse r;
    try {
        r = client.call(creq);
    } catch (const std::exception& e) {
        throw Error(500, tname() + ": sending " + dst.cname() + " to " + t.name() + ": " + e.what());
    }
    if (!r.ok()) {
        int status = r.status >= 500 || r.status < 400 ? 500 : r.status;
        throw Error(status, tname() + ": " + t.name() + " failed to store " + dst.cname() + " (status " +
                                std::to_string(r.status) + "): " + r.body.substr(0, 512));
    }
}

}  // namespace ais::node
