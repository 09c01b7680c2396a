// The intra-cluster EC endpoint of a target: /v1/ec/<bucket>/<object>?<bucket query>, called only
// by other targets (Ais-Caller-Id a target of the Smap):
//   PUT      stores a piece (slice or replica) with its ec::Meta (header Ais-Ec-Meta): the body
//            streams into a work file, its size and checksum are verified against the Meta, then
//            ecsvc::commit_piece (a newer generation already here is kept)
//   GET      ?what=meta: this target's metafile of the object (404: none); otherwise the piece's
//            bytes (sendfile) with its Meta in Ais-Ec-Meta; ?gen=G: only that generation
//   DELETE   removes the piece and its metafile (?gen=G: only that generation); 404 when none
// The sender side is aisnode/ec/svc/encode.cpp; the restoring side ec_restore.cpp.
#include "aisnode/ec/ec.hpp"
#include "aisnode/ec/svc/store.hpp"
#include "aisnode/target/impl.hpp"
#include "shared/api/apc.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <fcntl.h>
#include <sys/stat.h>

namespace ais::node {

namespace {

Task<void> drain(Request& req) {
    char buf[16 << 10];
    while (co_await req.read_some(buf, sizeof buf) > 0) {
    }
}

}  // namespace

Task<void> Target::Impl::ec_req(Request& req, Response& resp) {
    const std::string caller(req.headers.get(api::hdr::kCallerId));
    auto smap = env.meta.smap();
    if (!smap->get_target(caller)) {
        if (caller.empty() || smap->get_proxy(caller))
            throw ErrForbidden(tname() + ": " + req.method + " " + req.path +
                               ": for targets only (intra-cluster erasure coding)");
        // The sender may have joined a moment ago (our Smap is behind): it retries.
        throw ErrConflict(tname() + ": EC request from \"" + caller + "\", which is not a target in Smap v" +
                          std::to_string(smap->version));
    }
    std::string_view rest = req.rest;
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size())
        throw ErrBadRequest(tname() + ": " + req.method + " " + req.path +
                            ": expected /v1/ec/<bucket>/<object>");
    ObjRef ref = resolve_bck(rest.substr(0, slash), req.query);
    resolve_obj(ref, std::string(rest.substr(slash + 1)));
    int64_t gen = 0;
    if (auto g = req.query.get("gen"); !g.empty()) gen = static_cast<int64_t>(parse_uint(g).value_or(0));

    try {
        if (req.method == "GET" || req.method == "HEAD") {
            ecsvc::Piece p;
            const bool found = ecsvc::find_piece(*this, ref, p);
            if (!found || (gen > 0 && p.meta.generation != gen) ||
                (req.query.get("what") != "meta" && !p.has_bytes()))
                throw ErrNotFound(tname() + ": no erasure-coded piece of " + ref.cname() +
                                  (gen > 0 ? " (generation " + std::to_string(gen) + ")" : std::string()));
            if (req.query.get("what") == "meta") {
                resp.set_json(ec::to_json(p.meta));
                co_return;
            }
            fs::Fd fd = fs::open_fd(p.paths.piece, O_RDONLY);
            if (!fd) throw ErrNotFound(tname() + ": the erasure-coded piece of " + ref.cname() + " is gone");
            struct stat st;
            if (::fstat(fd.get(), &st) != 0) fs::throw_errno("stat", p.paths.piece);
            resp.headers.set(ecsvc::kMetaHdr, ec::to_json(p.meta));
            resp.set_file(fd.release(), 0, static_cast<uint64_t>(st.st_size));
            co_return;
        }
        if (req.method == "DELETE") {
            int n = 0;
            co_await pool.run([&] { n = ecsvc::remove_pieces(*this, ref, gen); });
            if (n == 0) throw ErrNotFound(tname() + ": no erasure-coded piece of " + ref.cname());
            co_return;
        }
        if (req.method != "PUT") {
            resp.status = 405;
            resp.headers.set("Allow", "GET, HEAD, PUT, DELETE");
            resp.set_text("Method Not Allowed");
            co_return;
        }

        // PUT: a piece.
        const std::string hdr(req.headers.get(ecsvc::kMetaHdr));
        if (hdr.empty())
            throw ErrBadRequest(tname() + ": PUT " + ref.cname() + ": missing " + ecsvc::kMetaHdr);
        const ec::Meta m = ec::meta_from_json(hdr);
        if (m.slice_id == 0 && !m.is_copy)
            throw ErrBadRequest(tname() + ": PUT " + ref.cname() + ": a piece is a slice or a replica");
        {
            ecsvc::Piece cur;
            if (ecsvc::find_piece(*this, ref, cur) && cur.meta.generation > m.generation) {
                co_await drain(req);  // this target has a newer encoding already
                resp.headers.set("Ais-Ec-Kept", "newer");
                co_return;
            }
        }
        const uint64_t want = static_cast<uint64_t>(m.is_copy ? m.size : m.slice_size());
        WorkFile wf = create_work(ref, "ecw");
        Cksummer ck(m.cksum_type);
        const bool sum = m.cksum_type != CksumType::none;
        uint64_t got = co_await recv_body(req, wf, sum ? &ck : nullptr, nullptr);
        if (got != want)
            throw ErrBadRequest(tname() + ": " + ref.cname() + ": erasure-coded piece of " +
                                std::to_string(got) + " bytes, expected " + std::to_string(want));
        const std::string& expect = m.is_copy ? m.obj_cksum : m.slice_cksum;
        if (sum && !expect.empty()) {
            std::string have = ck.finalize();
            if (have != expect)
                throw ErrBadRequest("BadDigest: " + tname() + ": " + ref.cname() + ": " +
                                    std::string(to_string(m.cksum_type)) + " checksum mismatch of " +
                                    (m.is_copy ? "a replica" : "slice " + std::to_string(m.slice_id)) +
                                    ": the sender sent " + expect + ", the data has " + have);
        }
        bool stored = false;
        co_await pool.run([&] { stored = ecsvc::commit_piece(*this, ref, wf, m); });
        if (!stored) resp.headers.set("Ais-Ec-Kept", "newer");
    } catch (const fs::FsError& e) {
        throw_fs(e, ref);
    }
}

}  // namespace ais::node
