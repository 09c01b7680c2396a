// The receiving end of target-to-target bundles (transport/bundle.hpp): PUT /v1/transport/<trname>.
// Each object of the bundle streams into a work file with its checksum computed and verified
// against the sender's; then the object writer commits them all at once (Core::commit_batch) and
// the reply says, per object, whether it was taken. A rebalance bundle (trname "reb") keeps a copy
// this target already has when it is as new or newer (reb_has_newer, neighbor.cpp).
#include "aisnode/target/impl.hpp"
#include "aisnode/transport/bundle.hpp"
#include "shared/api/apc.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

#include <optional>

namespace ais::node {

namespace {

constexpr std::string_view kRebTransport = "reb";

}  // namespace

Task<void> Target::Impl::transport_req(Request& req, Response& resp) {
    if (req.method != "PUT") {
        resp.status = 405;
        resp.headers.set("Allow", "PUT");
        resp.set_text("Method Not Allowed");
        co_return;
    }
    const std::string trname(req.path.substr(std::min(req.path.size(), transport::kPath.size())));
    if (trname != kRebTransport)
        throw ErrBadRequest(tname() + ": unknown transport \"" + trname + "\" (expecting \"reb\")");
    const std::string caller(req.headers.get(api::hdr::kCallerId));
    if (!env.meta.smap()->get_target(caller))
        // 409, not 400: the sender may have joined a moment ago (our Smap is behind); it retries.
        throw ErrConflict(tname() + ": a bundle from \"" + caller + "\", which is not a target in Smap v" +
                          std::to_string(env.meta.smap()->version));
    auto job = reb.job(req.headers.get(api::hdr::kRebalanceId));

    transport::Reader rd(req);
    std::vector<transport::Result> results;
    std::vector<Staged> staged;
    std::vector<size_t> slot;  // staged[i] answers results[slot[i]]
    auto buf = bufs.get();
    transport::ObjHdr h;
    int64_t in_objs = 0, in_bytes = 0;
    for (;;) {
        auto nt = rd.next(h);
        if (!co_await std::move(nt)) break;
        results.emplace_back();
        auto refuse = [&](int status, std::string err) {
            results.back().status = status;
            results.back().error = std::move(err);
        };
        Staged st;
        bool resolved = false;
        try {
            st.ref = resolve(h.bck, h.obj);
            resolved = true;
        } catch (const Error& e) {
            refuse(e.status(), e.what());
        }
        if (!resolved) {
            auto sk = rd.skip();
            co_await std::move(sk);
            continue;
        }
        ++in_objs;
        in_bytes += h.size;
        if (reb_has_newer(st.ref, h.atime)) {  // nothing to store; still synced before the reply
            st.keep_existing = true;
            auto sk = rd.skip();
            co_await std::move(sk);
            slot.push_back(results.size() - 1);
            staged.push_back(std::move(st));
            continue;
        }
        const CksumType bt = parse_cksum_type(st.ref.props->checksum.type);
        const CksumType st_type = h.cksum_type.empty() ? CksumType::none : parse_cksum_type(h.cksum_type);
        Cksummer main(bt);
        std::optional<Cksummer> sent;
        if (st_type != CksumType::none && st_type != bt) sent.emplace(st_type);
        std::optional<std::string> fail;
        try {
            st.wf = create_work(st.ref, "reb");
        } catch (const fs::FsError& e) {
            fail = e.what();
        }
        uint64_t got = 0;
        for (;;) {
            auto rt = rd.read(buf.data(), buf.size());
            size_t n = co_await std::move(rt);
            if (n == 0) break;
            got += n;
            if (fail) continue;  // drain what cannot be stored
            if (bt != CksumType::none) main.update(buf.data(), n);
            if (sent) sent->update(buf.data(), n);
            try {
                fs::write_all(st.wf.fd.get(), buf.data(), n, st.wf.path);
            } catch (const fs::FsError& e) {
                fail = e.what();
            }
        }
        if (fail) {
            refuse(500, tname() + ": " + st.ref.cname() + ": " + *fail);
            continue;
        }
        st.md.size = static_cast<int64_t>(got);
        if (bt != CksumType::none) {
            st.md.cksum_type = std::string(to_string(bt));
            st.md.cksum_value = main.finalize();
        }
        if (st_type != CksumType::none) {
            std::string have = sent ? sent->finalize() : st.md.cksum_value;
            if (have != h.cksum_value) {
                refuse(400, "BadDigest: " + tname() + ": " + st.ref.cname() + ": " + h.cksum_type +
                                " checksum mismatch: the sender sent " + h.cksum_value + ", the data has " + have);
                continue;  // the work file goes with `st`
            }
            if (bt == CksumType::none) {
                st.md.cksum_type = h.cksum_type;
                st.md.cksum_value = have;
            }
        }
        st.md.version = h.version;
        st.md.atime = h.atime;
        st.md.custom = std::move(h.custom);
        // A client's PUT may land while the bundle is on its way: never overwrite what is newer.
        st.precond = [this, ref = st.ref, atime = h.atime] { return !reb_has_newer(ref, atime); };
        slot.push_back(results.size() - 1);
        staged.push_back(std::move(st));
    }
    if (!staged.empty()) {
        auto ct = pool.run([&] { commit_batch(staged); });
        co_await std::move(ct);
    }
    for (size_t i = 0; i < staged.size(); ++i) {
        auto& r = results[slot[i]];
        if (staged[i].status != 0) {
            r.status = staged[i].status;
            r.error = std::move(staged[i].err);
        } else {
            r.status = 200;  // stored, or a copy as new was already here
        }
    }
    if (job) job->add_in(in_objs, in_bytes);
    env.metrics->stream_in_n->add(in_objs);
    env.metrics->stream_in_size->add(in_bytes);
    resp.set_json(transport::encode_results(results));
}

}  // namespace ais::node
