// GET and HEAD of an object (spec §3.2, §3.3).
#include "aisnode/target/impl.hpp"
#include "aisnode/mirror/mirror.hpp"
#include "aisnode/target/range.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/obj_attrs.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace ais::node {

namespace {

// Checksum of [off, off+len) of an open file.
std::string cksum_region(BufPool& pool, int fd, uint64_t off, uint64_t len, CksumType t,
                         std::string_view path) {
    Cksummer ck(t);
    auto buf = pool.get(len);
    while (len > 0) {
        size_t want = len < buf.size() ? static_cast<size_t>(len) : buf.size();
        size_t got = fs::pread_full(fd, buf.data(), want, off, path);
        if (got == 0) break;
        ck.update(buf.data(), got);
        off += got;
        len -= got;
    }
    return ck.finalize();
}

std::string_view cstr_field(const char* p, size_t n) {
    size_t len = strnlen(p, n);
    return std::string_view(p, len);
}

// Tar numeric field: octal text, or GNU base-256 when the high bit of the first byte is set.
bool tar_number(const char* p, size_t n, uint64_t& out) {
    out = 0;
    auto b0 = static_cast<unsigned char>(p[0]);
    if (b0 & 0x80) {
        out = b0 & 0x7f;
        for (size_t i = 1; i < n; ++i) {
            if (out >> 56) return false;
            out = (out << 8) | static_cast<unsigned char>(p[i]);
        }
        return true;
    }
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\0')) ++i;
    for (; i < n && p[i] >= '0' && p[i] <= '7'; ++i) out = out * 8 + static_cast<uint64_t>(p[i] - '0');
    return true;
}

}  // namespace


void Target::Impl::fill_attrs(const ObjRef& ref, const LomMd& md, net::Headers& h, bool with_location) const {
    api::ObjAttrs a;
    if (md.has_cksum()) {
        a.cksum_type = md.cksum_type;
        a.cksum_value = md.cksum_value;
    }
    a.atime = md.atime;
    a.version = md.version;
    a.custom = md.custom;
    if (with_location) {
        a.location = tname() + ":" + ref.mpath;
        a.present = true;
        a.mirror_copies = 1 + static_cast<int64_t>(md.copies.size());
        a.mirror_paths = {ref.mpath};
        a.mirror_paths.insert(a.mirror_paths.end(), md.copies.begin(), md.copies.end());
    }
    a.to_headers(h);
}

void Target::Impl::spread(const ObjRef& ref, Found& f, std::string& fqn) {
    const size_t n = f.md.copies.size() + 1;
    const size_t k = gets_rr.fetch_add(1, std::memory_order_relaxed) % n;
    bool missing = false;
    for (size_t i = 1; i < n; ++i) {
        fs::ObjPath p = fs::copy_path(f.md.copies[i - 1], ref.bck, ref.obj);
        if (i == k && fqn == ref.path.fqn) {
            Found c;
            if (mirror::open_replica(ref, p, c) && mirror::same_object(c.md, f.md)) {
                f.fd = std::move(c.fd);  // the main replica's LOM stays: it lists the copies
                fqn = p.fqn;
                continue;
            }
            missing = true;
        } else if (::access(p.fqn.c_str(), F_OK) != 0) {
            missing = true;
        }
    }
    if (missing) mirror.enqueue(ref);  // a lost copy comes back
}

Task<void> Target::Impl::recover(const ObjRef& ref, Found& f, std::string& fqn, const std::string& bad) {
    log::error("{}: GET {}: {}", tname(), ref.cname(), bad);
    if (env.metrics && env.metrics->err_cksum_n) env.metrics->err_cksum_n->add();
    Found good;
    std::string good_fqn;
    bool ok = false;
    co_await pool.run([&] { ok = mirror::find_good(*this, ref, f.md, fqn, good, good_fqn); });
    if (ok) {
        LomMd md = std::move(f.md);  // the main replica's, with its copies
        f = std::move(good);
        f.md.copies = std::move(md.copies);
        fqn = good_fqn;
        mirror.enqueue(ref, true);  // the corrupted replica is replaced
        co_return;
    }
    // No good replica: the object goes (AIS does the same), and the client gets the error.
    const LomMd md = f.md;
    co_await pool.run([&] {
        std::lock_guard lk(locks.of(ref.uname));
        LomMd cur;
        if (load_lom(ref.path.fqn, cur) && mirror::same_object(cur, md)) remove_local(ref);
    });
    if (ref.props->ec.enabled) {  // EC (issue 12): rebuilt from its slices instead (ec_restore.cpp)
        Found g;
        bool rebuilt = false;
        try {
            rebuilt = co_await ec_rebuild(ref, g, true, false);
        } catch (const std::exception& e) {
            log::error("{}: {}: {}", tname(), ref.cname(), e.what());
        }
        if (rebuilt) {
            f = std::move(g);
            fqn = ref.path.fqn;
            co_return;
        }
    }
    throw Error(500, tname() + ": " + ref.cname() + ": " + bad, "ErrBadCksum");
}

Task<void> Target::Impl::get_obj(Request& req, Response& resp, ObjRef& ref) {
    Found f;
    std::string fqn = ref.path.fqn;  // the replica served
    if (!find_any(ref, f, true)) {  // (other mountpaths too: a resilver may not have moved it yet)
        fqn = ref.path.fqn;
        if (ref.props->mirror.enabled && mirror::find_copy(*this, ref, f, fqn)) {
            mirror.enqueue(ref);  // the main replica comes back from this copy
        } else if (!co_await ec_restore(req, ref, f, true)) {  // EC (issue 12): rebuilt from its slices
            if (co_await from_neighbor(req, resp, ref)) co_return;
            if (!find(ref, f, true)) throw_not_found(ref);  // it may have arrived while we asked
        }
    } else {
        fqn = ref.path.fqn;
    }
    if (req.query.has(api::qp::kArchpath) || req.query.has(api::qp::kArchregx)) {
        get_archived(req, resp, ref, f);
        co_return;
    }
    if (!f.md.copies.empty()) spread(ref, f, fqn);
    if ((ref.props->checksum.validate_warm_get || req.query.get_bool(api::qp::kValidateCksum)) && f.md.has_cksum()) {
        std::string bad;
        co_await pool.run([&] { bad = mirror::verify(bufs, f.fd.get(), f.md, fqn); });
        if (!bad.empty()) co_await recover(ref, f, fqn, bad);
    }
    const uint64_t size = static_cast<uint64_t>(f.md.size);
    RangeResult rr = parse_range(req.headers.get(api::hdr::kRange), size);
    if (rr.status == RangeStatus::unsatisfiable) {
        resp.status = 416;
        resp.headers.set(api::hdr::kContentRange, "bytes */" + std::to_string(size));
        resp.headers.set(api::hdr::kContentTypeOptions, "nosniff");
        std::string msg = tname() + ": " + ref.cname() + ": range \"" +
                          std::string(req.headers.get(api::hdr::kRange)) +
                          "\" not satisfiable (object size " + std::to_string(size) + ")";
        resp.set_json(net::error_json(416, msg, "", req.method, req.raw_path, req.remote_addr, tname()));
        co_return;
    }
    fill_attrs(ref, f.md, resp.headers, false);
    resp.headers.set(api::hdr::kLastModified, http_date(f.mtime_ns));
    resp.headers.set(api::hdr::kAcceptRanges, "bytes");
    if (rr.status == RangeStatus::ok) {
        resp.status = 206;
        const auto& r = rr.range;
        resp.headers.set(api::hdr::kContentRange, "bytes " + std::to_string(r.off) + "-" +
                                                      std::to_string(r.off + r.len - 1) + "/" +
                                                      std::to_string(size));
        // Whole-object checksum headers would not describe these bytes.
        resp.headers.remove(api::hdr::kChecksumType);
        resp.headers.remove(api::hdr::kChecksumValue);
        if (ref.props->checksum.enable_read_range && f.md.has_cksum()) {
            CksumType t = parse_cksum_type(f.md.cksum_type);
            resp.headers.set(api::hdr::kChecksumType, f.md.cksum_type);
            resp.headers.set(api::hdr::kChecksumValue,
                             cksum_region(bufs, f.fd.get(), r.off, r.len, t, ref.path.fqn));
        }
        resp.set_file(f.fd.release(), r.off, r.len, api::ct::kOctet);
        co_return;
    }
    resp.set_file(f.fd.release(), 0, size, api::ct::kOctet);
}

Task<void> Target::Impl::head_obj(Request& req, Response& resp, ObjRef& ref) {
    Found f;
    if (!find_any(ref, f, false)) {
        std::string fqn;
        if (ref.props->mirror.enabled && mirror::find_copy(*this, ref, f, fqn)) {
            mirror.enqueue(ref);
        } else if (!co_await ec_restore(req, ref, f, false)) {  // EC (issue 12): rebuilt from its slices
            if (co_await from_neighbor(req, resp, ref)) co_return;
            if (!find(ref, f, false)) throw_not_found(ref);  // it may have arrived while we asked
        }
    }
    auto& h = resp.headers;
    if (!req.query.has(api::qp::kProps)) {  // v1: every property
        fill_attrs(ref, f.md, h, true);
        h.set(api::hdr::kBucketName, ref.bck.name);
        h.set(api::hdr::kBucketProvider, std::string(ref.bck.prov()));
        h.set(api::hdr::kObjName, ref.obj);
    } else {  // v2: the selected ones
        LomMd sel;
        std::string etag;
        bool location = false, copies = false;
        for (auto p : split(req.query.get(api::qp::kProps), ',')) {
            if (p == api::ls::kPropChecksum) {
                sel.cksum_type = f.md.cksum_type;
                sel.cksum_value = f.md.cksum_value;
            } else if (p == api::ls::kPropAtime) {
                sel.atime = f.md.atime;
            } else if (p == api::ls::kPropVersion) {
                sel.version = f.md.version;
            } else if (p == api::ls::kPropCustom) {
                sel.custom = f.md.custom;
            } else if (p == api::ls::kPropLastModified) {
                h.set(api::hdr::kLastModified, http_date(f.mtime_ns));
            } else if (p == api::ls::kPropETag) {
                auto it = f.md.custom.find("ETag");
                etag = it != f.md.custom.end() ? it->second : f.md.cksum_value;
            } else if (p == api::ls::kPropLocation) {
                location = true;
            } else if (p == api::ls::kPropCopies) {
                copies = true;
            }
        }
        api::ObjAttrs a;
        if (sel.has_cksum()) {
            a.cksum_type = sel.cksum_type;
            a.cksum_value = sel.cksum_value;
        }
        a.atime = sel.atime;
        a.version = sel.version;
        a.custom = sel.custom;
        if (!etag.empty()) a.etag = etag.front() == '"' ? etag : "\"" + etag + "\"";
        if (location) a.location = tname() + ":" + ref.mpath;
        if (copies) {
            a.mirror_copies = 1 + static_cast<int64_t>(f.md.copies.size());
            a.mirror_paths = {ref.mpath};
            a.mirror_paths.insert(a.mirror_paths.end(), f.md.copies.begin(), f.md.copies.end());
        }
        a.to_headers(h);
    }
    h.set(api::hdr::kPresent, "true");
    resp.set_head_length(static_cast<uint64_t>(f.md.size));
}

void Target::Impl::get_archived(Request& req, Response& resp, ObjRef& ref, Found& f) {
    if (req.query.has(api::qp::kArchregx))
        throw ErrNotImplemented(tname() + ": " + ref.cname() +
                                ": reading several archived files (archregx) is not supported yet");
    std::string archpath(req.query.get(api::qp::kArchpath));
    std::string mime(req.query.get(api::qp::kArchmime));
    if (mime.empty()) {
        auto dot = ref.obj.rfind('.');
        mime = dot == std::string::npos ? ".tar" : to_lower(ref.obj.substr(dot));
        if (ref.obj.ends_with(".tar.gz")) mime = ".tar.gz";
        if (ref.obj.ends_with(".tar.lz4")) mime = ".tar.lz4";
    }
    if (mime != ".tar" && mime != "tar" && mime != "application/x-tar")
        throw ErrNotImplemented(tname() + ": " + ref.cname() + ": reading from " + mime +
                                " archives is not supported yet (only .tar)");
    api::validate_no_nul("archpath", archpath);
    while (archpath.starts_with("/")) archpath.erase(0, 1);
    if (archpath.empty()) throw ErrBadRequest(tname() + ": " + ref.cname() + ": empty archpath");

    const uint64_t size = static_cast<uint64_t>(f.md.size);
    const int fd = f.fd.get();
    char hdr[512];
    std::string long_name, pax_path;
    auto read_meta = [&](uint64_t off, uint64_t n) {
        if (n > (1u << 20) || off + n > size)
            throw ErrBadRequest(tname() + ": " + ref.cname() + " is not a valid tar archive");
        std::string s(n, '\0');
        fs::pread_full(fd, s.data(), n, off, ref.path.fqn);
        return s;
    };
    uint64_t off = 0;
    while (off + 512 <= size) {
        if (fs::pread_full(fd, hdr, 512, off, ref.path.fqn) < 512) break;
        bool zero = true;
        for (char c : hdr)
            if (c) {
                zero = false;
                break;
            }
        if (zero) break;
        uint64_t sz = 0;
        tar_number(hdr + 124, 12, sz);
        const char type = hdr[156];
        const uint64_t data = off + 512;
        const uint64_t next = data + ((sz + 511) / 512) * 512;
        if (type == 'L') {
            long_name = std::string(cstr_field(read_meta(data, sz).data(), sz));
        } else if (type == 'x') {
            std::string pax = read_meta(data, sz);
            std::string_view rest = pax;
            while (!rest.empty()) {  // records: "<len> key=value\n"
                auto sp = rest.find(' ');
                auto len = sp == std::string_view::npos ? std::nullopt : parse_uint(rest.substr(0, sp));
                if (!len || *len > rest.size() || *len <= sp + 1) break;
                std::string_view rec = rest.substr(sp + 1, *len - sp - 1);
                if (!rec.empty() && rec.back() == '\n') rec.remove_suffix(1);
                if (rec.starts_with("path=")) pax_path = std::string(rec.substr(5));
                rest.remove_prefix(*len);
            }
        } else if (type != 'g') {
            std::string name;
            if (!pax_path.empty()) {
                name = pax_path;
            } else if (!long_name.empty()) {
                name = long_name;
            } else {
                name = std::string(cstr_field(hdr, 100));
                std::string_view prefix = cstr_field(hdr + 345, 155);
                if (std::memcmp(hdr + 257, "ustar", 5) == 0 && !prefix.empty())
                    name = std::string(prefix) + "/" + name;
            }
            pax_path.clear();
            long_name.clear();
            std::string_view n = name;
            while (n.starts_with("./")) n.remove_prefix(2);
            if ((type == '0' || type == '\0' || type == '7') && n == archpath) {
                if (data + sz > size)
                    throw ErrBadRequest(tname() + ": " + ref.cname() + " is not a valid tar archive");
                resp.headers.set(api::hdr::kAcceptRanges, "bytes");
                resp.set_file(f.fd.release(), data, sz, api::ct::kOctet);
                return;
            }
        }
        off = next;
    }
    throw ErrNotFound(tname() + ": file \"" + archpath + "\" not found in " + ref.cname());
}

}  // namespace ais::node
