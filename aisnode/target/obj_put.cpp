// PUT of an object (spec §3.3): plain PUT streamed into a work file, append/flush, copy via
// ?object_to, and the commit step (LOM, fsync, atomic rename) they share with rename.
#include "aisnode/target/impl.hpp"
#include "shared/api/apc.hpp"
#include "shared/net/client.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/hrw.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <fmt/core.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <optional>

namespace ais::node {

namespace {

// The checksum a client sent with its data (Ais-Checksum-Type + Ais-Checksum-Value), if any.
struct ClientCksum {
    CksumType type = CksumType::none;
    std::string value;
};

std::optional<ClientCksum> client_cksum(const net::Headers& h) {
    auto t = h.get(api::hdr::kChecksumType);
    auto v = h.get(api::hdr::kChecksumValue);
    if (t.empty() || v.empty() || iequals(t, "none")) return std::nullopt;
    return ClientCksum{parse_cksum_type(t), to_lower(v)};
}

[[noreturn]] void throw_bad_digest(const std::string& tname, const std::string& cname, CksumType t,
                                   const std::string& sent, const std::string& got) {
    throw Error(400,
                "BadDigest: " + tname + ": " + cname + ": " + std::string(to_string(t)) +
                    " checksum mismatch: the client sent " + sent + ", the data has " + got,
                "ErrInvalidCksum");
}

}  // namespace

namespace {

struct AppendHandle {
    std::string path;
    CksumType type = CksumType::none;
    std::string state;
};

}  // namespace

// ---- dispatch ----

Task<void> Target::Impl::put(Request& req, Response& resp, ObjRef& ref) {
    if (req.query.has(api::qp::kObjTo)) co_return co_await copy_obj(req, resp, ref);
    if (req.query.has(api::qp::kAppendType)) co_return co_await append_obj(req, resp, ref);
    if (req.query.has(api::qp::kArchpath))
        throw ErrNotImplemented(tname() + ": " + ref.cname() +
                                ": PUT into an archive (archpath) is not supported yet");
    if (req.query.has(api::qp::kPartNumber))  // without ?uploadId (with it: Impl::mpu)
        throw ErrBadRequest(tname() + ": " + ref.cname() + ": partNumber requires uploadId");
    co_await put_obj(req, resp, ref);
}

// ---- PUT ----

Task<uint64_t> Target::Impl::recv_body(Request& req, WorkFile& wf, Cksummer* a, Cksummer* b) {
    auto buf = bufs.get(req.content_length && !req.chunked ? *req.content_length : UINT64_MAX);
    size_t fill = 0;
    uint64_t total = 0;
    for (;;) {
        size_t n = co_await req.read_some(buf.data() + fill, buf.size() - fill);
        if (n == 0) break;
        if (a) a->update(buf.data() + fill, n);
        if (b) b->update(buf.data() + fill, n);
        fill += n;
        if (fill == buf.size()) {
            fs::write_all(wf.fd.get(), buf.data(), fill, wf.path);
            total += fill;
            fill = 0;
        }
    }
    if (fill) {
        fs::write_all(wf.fd.get(), buf.data(), fill, wf.path);
        total += fill;
    }
    co_return total;
}



Task<void> Target::Impl::put_obj(Request& req, Response& resp, ObjRef& ref) {
    const CksumType bt = parse_cksum_type(ref.props->checksum.type);
    std::optional<ClientCksum> cc = client_cksum(req.headers);
    Cksummer main(bt);
    std::optional<Cksummer> extra;
    if (cc && cc->type != bt) extra.emplace(cc->type);
    // An S3 PUT relayed by a proxy: the MD5 of the content becomes the ETag.
    const bool want_md5 = req.headers.has(api::hdr::kEtagMd5);
    if (want_md5 && bt != CksumType::md5 && !cc) extra.emplace(CksumType::md5);

    // Refuse at once what cannot fit, rather than after streaming most of it.
    if (req.content_length && *req.content_length > (64u << 20)) {
        auto cap = mpaths.at(ref.mpi).capacity();
        if (cap.total > 0 && *req.content_length > cap.avail)
            throw ErrInsufficientStorage(tname() + ": not enough space for " + ref.cname() + " (" +
                                         std::to_string(*req.content_length) + " bytes, " +
                                         std::to_string(cap.avail) + " available on " + ref.mpath + ")");
    }
    WorkFile wf = create_work(ref, "put");
    uint64_t size =
        co_await recv_body(req, wf, bt != CksumType::none ? &main : nullptr, extra ? &*extra : nullptr);

    LomMd md;
    md.size = static_cast<int64_t>(size);
    if (bt != CksumType::none) {
        md.cksum_type = std::string(to_string(bt));
        md.cksum_value = main.finalize();
    }
    if (cc) {
        std::string got = extra ? extra->finalize() : md.cksum_value;
        if (got != cc->value) {
            env.metrics->err_put_cksum_n->add();
            throw_bad_digest(tname(), ref.cname(), cc->type, cc->value, got);
        }
        if (bt == CksumType::none) {
            md.cksum_type = std::string(to_string(cc->type));
            md.cksum_value = got;
        }
    }
    // Targets moving objects between themselves (rename, copy) carry the custom metadata along, and
    // so does a proxy's S3 gateway (x-amz-meta-*, Content-Type).
    // Jobs that copy or move objects keep their version too.
    if (auto caller = req.headers.get(api::hdr::kCallerId); !caller.empty()) {
        auto smap = env.meta.smap();
        if (smap && (smap->get_target(caller) || smap->get_proxy(caller))) {
            add_custom_md_headers(req.headers, md.custom);
            if (smap->get_target(caller)) md.version = std::string(req.headers.get(api::hdr::kVersion));
        }
    }
    if (want_md5) {
        std::string etag;
        if (bt == CksumType::md5)
            etag = main.finalize();
        else if (extra && extra->type() == CksumType::md5)
            etag = extra->finalize();
        if (!etag.empty()) md.custom["ETag"] = etag;
    }
    md = co_await co_commit(ref, wf, std::move(md));
    fill_attrs(ref, md, resp.headers, false);
}

// ---- append / flush ----

namespace {

std::string make_handle(const std::string& tid, const std::string& path, const Cksummer& ck) {
    return tid + "|" + path + "|" + std::string(to_string(ck.type())) + "|" + base64_encode(ck.save_state());
}

}  // namespace

Task<void> Target::Impl::append_obj(Request& req, Response& resp, ObjRef& ref) {
    const std::string_view kind = req.query.get(api::qp::kAppendType);
    const std::string_view handle = req.query.get(api::qp::kAppendHandle);
    if (kind != api::append::kAppend && kind != api::append::kFlush)
        throw ErrBadRequest(tname() + ": " + ref.cname() + ": invalid append_type \"" + std::string(kind) +
                            "\" (expecting \"append\" or \"flush\")");

    // Handle: "<tid>|<work file>|<cksum type>|<base64 checksum state>". The work file must be
    // this object's append file in the bucket's %wk on the object's mountpath: nothing else
    // (no path traversal, no other object's work file) can be named by a client.
    auto parse_handle = [&]() {
        auto bad = [&](const std::string& why) -> AppendHandle {
            throw ErrBadRequest(tname() + ": " + ref.cname() + ": invalid append handle: " + why);
        };
        AppendHandle h;
        std::string_view s = handle;
        auto p1 = s.find('|'), p3 = s.rfind('|');
        auto p2 = p3 == std::string_view::npos || p3 == 0 ? std::string_view::npos : s.rfind('|', p3 - 1);
        if (p1 == std::string_view::npos || p2 == std::string_view::npos || p2 <= p1) return bad("malformed");
        if (s.substr(0, p1) != env.id())
            return bad("it belongs to t[" + std::string(s.substr(0, p1)) + "], not " + tname());
        h.path = std::string(s.substr(p1 + 1, p2 - p1 - 1));
        std::string_view dir = fs::parent_dir(h.path);
        std::string_view base =
            std::string_view(h.path).substr(dir.size() + (dir.size() < h.path.size() ? 1 : 0));
        const std::string want_dir = fs::work_dir(ref.mpath, ref.bck);
        const std::string want_base = fmt::format("{:016x}.app.", hrw_digest(ref.obj));
        if (dir != want_dir || !base.starts_with(want_base) || base.size() == want_base.size())
            return bad("work file does not belong to this object");
        h.type = parse_cksum_type(s.substr(p2 + 1, p3 - p2 - 1));
        h.state = base64_decode(s.substr(p3 + 1));
        return h;
    };

    const CksumType bt = parse_cksum_type(ref.props->checksum.type);
    if (kind == api::append::kAppend) {
        WorkFile wf;
        std::optional<Cksummer> ck;
        uint64_t start = 0;
        if (handle.empty()) {
            wf = create_work(ref, "app");
            ck.emplace(bt);
            // As AIS: appending to an existing object starts from its content.
            Found f;
            if (find(ref, f, true))
                copy_data(bufs, f.fd.get(), wf.fd.get(), bt != CksumType::none ? &*ck : nullptr, ref.path.fqn,
                          wf.path);
        } else {
            AppendHandle h = parse_handle();
            ck.emplace(Cksummer::restore(h.type, h.state));
            wf.fd = fs::open_fd(h.path, O_WRONLY | O_APPEND);
            if (!wf.fd) {
                if (errno == ENOENT)
                    throw ErrBadRequest(
                        tname() + ": " + ref.cname() +
                        ": invalid append handle: its work file does not exist (flushed already?)");
                fs::throw_errno("open", h.path);
            }
            wf.path = h.path;
            wf.keep = true;  // an existing append file: on failure, roll back to `start` instead
            struct stat st;
            if (::fstat(wf.fd.get(), &st) != 0) fs::throw_errno("stat", wf.path);
            start = static_cast<uint64_t>(st.st_size);
        }
        struct Rollback {
            int fd;
            uint64_t size;
            bool armed;
            ~Rollback() {
                if (armed && ::ftruncate(fd, static_cast<off_t>(size)) != 0)
                    log::warn("append rollback failed");
            }
        } rollback{wf.fd.get(), start, wf.keep};
        Cksummer* cp = ck->type() != CksumType::none ? &*ck : nullptr;
        co_await recv_body(req, wf, cp, nullptr);
        rollback.armed = false;
        wf.keep = true;
        resp.headers.set(api::hdr::kAppendHandle, make_handle(env.id(), wf.path, *ck));
        co_return;
    }

    // flush
    if (handle.empty())
        throw ErrBadRequest(tname() + ": " + ref.cname() + ": append_handle is required to flush");
    AppendHandle h = parse_handle();
    Cksummer ck = Cksummer::restore(h.type, h.state);
    WorkFile wf;
    wf.fd = fs::open_fd(h.path, O_WRONLY);
    if (!wf.fd) {
        if (errno == ENOENT)
            throw ErrBadRequest(tname() + ": " + ref.cname() +
                                ": invalid append handle: its work file does not exist (flushed already?)");
        fs::throw_errno("open", h.path);
    }
    wf.path = h.path;
    wf.keep = true;  // until the checks below pass; then commit() owns it
    struct stat st;
    if (::fstat(wf.fd.get(), &st) != 0) fs::throw_errno("stat", wf.path);
    LomMd md;
    md.size = static_cast<int64_t>(st.st_size);
    if (ck.type() != CksumType::none) {
        md.cksum_type = std::string(to_string(ck.type()));
        md.cksum_value = ck.finalize();
    }
    if (auto cc = client_cksum(req.headers)) {
        std::string got = md.cksum_value;
        if (cc->type != ck.type()) {
            fs::Fd rd = fs::open_fd(wf.path, O_RDONLY);
            if (!rd) fs::throw_errno("open", wf.path);
            Cksummer other(cc->type);
            auto buf = bufs.get();
            uint64_t off = 0;
            while (size_t n = fs::pread_full(rd.get(), buf.data(), buf.size(), off, wf.path)) {
                other.update(buf.data(), n);
                off += n;
            }
            got = other.finalize();
        }
        if (got != cc->value) {
            env.metrics->err_put_cksum_n->add();
            throw_bad_digest(tname(), ref.cname(), cc->type, cc->value, got);
        }
    }
    wf.keep = false;
    md = co_await co_commit(ref, wf, std::move(md));
    fill_attrs(ref, md, resp.headers, false);
}

// ---- copy ----

Task<void> Target::Impl::send_to_peer(const api::Snode& t, const ObjRef& dst, const std::string& src_fqn,
                                      const LomMd& md) {
    if (!env.client)
        throw Error(500, tname() + ": no intra-cluster client to send " + dst.cname() + " to " + t.name());
    net::ClientRequest creq = peer_put(t, dst, md, false);
    std::unique_ptr<net::FileBody> body;
    try {
        body = std::make_unique<net::FileBody>(src_fqn);
    } catch (const std::exception& e) {
        throw Error(500, tname() + ": sending " + dst.cname() + " to " + t.name() + ": " + e.what());
    }
    creq.body_source = body.get();
    net::ClientResponse r;
    std::string failure;
    try {
        r = co_await env.client->co_call(creq);
    } catch (const std::exception& e) {
        failure = e.what();
    }
    if (!failure.empty())
        throw Error(500, tname() + ": sending " + dst.cname() + " to " + t.name() + ": " + failure);
    if (!r.ok()) {
        int status = r.status >= 500 || r.status < 400 ? 500 : r.status;
        throw Error(status, tname() + ": " + t.name() + " failed to store " + dst.cname() + " (status " +
                                std::to_string(r.status) + "): " + r.body.substr(0, 512));
    }
}

Task<LomMd> Target::Impl::co_commit(const ObjRef& ref, WorkFile& wf, LomMd md) {
    LomMd out;
    co_await pool.run([&] { out = commit(ref, wf, std::move(md)); });
    co_return out;
}

Task<void> Target::Impl::copy_obj(Request& req, Response& resp, ObjRef& ref) {
    (void)resp;
    std::string dst_obj;
    api::Bck db = api::parse_uname(req.query.get(api::qp::kObjTo), &dst_obj);
    if (db.provider.empty()) db.provider = api::prov::kAIS;
    ObjRef dst = resolve(db, dst_obj);
    Found f;
    if (!find_any(ref, f, true)) throw_not_found(ref);
    if (dst.uname == ref.uname) co_return;  // onto itself
    if (auto peer = owner_other(dst)) {
        co_await send_to_peer(*peer, dst, ref.path.fqn, f.md);
        co_return;
    }
    co_await pool.run([&] {
        try {
            copy_local(ref, f, dst, false);
        } catch (const fs::FsError& e) {
            throw_fs(e, dst);
        }
    });
}

}  // namespace ais::node
