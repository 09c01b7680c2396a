// Erasure coding in the target's data path: restoring the object a GET/HEAD misses from its
// pieces on other targets, and removing every piece when the object is deleted.
//
// Restore (ec_restore), at the object's main target (the proxy redirected the request here, or HRW by
// our Smap), for a client's request:
//   1. every other target is asked for its metafile of the object (GET /v1/ec/...?what=meta, at
//      once): pieces may sit anywhere after membership changes, so the HRW list is not enough;
//   2. the newest generation that can produce the object wins: a replica, or D distinct slices;
//   3. those are fetched into work files here (at once; each checked against its size and
//      checksum; a bad one is replaced by another slice if there is one), then rebuilt and
//      committed with the object writer on the WorkPool (ecsvc::rebuild/commit_replica: the
//      object's checksum verified first, version and custom metadata from the Meta);
//   4. the pieces the object lacks are queued to be sent again (ec-put, same generation).
// Too few pieces: 404 naming what was found (or, during a rebalance, the caller asks neighbors).
#include "aisnode/ec/ec.hpp"
#include "aisnode/ec/svc/restore.hpp"
#include "aisnode/ec/svc/store.hpp"
#include "aisnode/meta/fanout.hpp"
#include "aisnode/target/impl.hpp"
#include "shared/api/apc.hpp"
#include "shared/net/client.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace ais::node {

namespace {

constexpr char kGfnHdr[] = "Ais-Get-From-Neighbor";  // neighbor.cpp: a peer asking; no recursion

std::string ec_url(const api::Snode& t, const ObjRef& ref, const std::string& query) {
    net::Query q;
    ref.bck.add_query(q);
    const std::string& base =
        t.intra_data_net.direct_url.empty() ? t.public_net.direct_url : t.intra_data_net.direct_url;
    return base + ecsvc::kPath + "/" + url_escape_path(ref.bck.name) + "/" + url_escape_path(ref.obj) + "?" +
           q.encode() + (query.empty() ? "" : "&" + query);
}

NodeCall ec_call(const char* method, const api::Snode& t, const ObjRef& ref, const std::string& self_id,
                 const std::string& query) {
    NodeCall c{.node = t};
    c.req.method = method;
    c.req.url = ec_url(t, ref, query);
    c.req.headers.add(api::hdr::kCallerId, self_id);
    c.req.follow_redirects = false;
    c.req.max_retries = 1;
    c.req.timeout = kControlTimeout;
    return c;
}

// A piece of the object somewhere.
struct Src {
    api::Snode node;
    ec::Meta meta;
    std::string local;  // this target's own piece file ("" = remote)
};

// A piece being fetched into a work file.
struct Fetch {
    explicit Fetch(CksumType t) : ck(t) {}
    const Src* src = nullptr;
    WorkFile wf;
    fs::Fd local_fd;  // a local piece: read in place; a fetched slice: its work file reopened to read
    Cksummer ck;
    uint64_t got = 0;
    std::string err;
    int fd() const { return local_fd ? local_fd.get() : wf.fd.get(); }
};

}  // namespace

Task<bool> Target::Impl::ec_restore(Request& req, ObjRef& ref, Found& f, bool open) {
    if (!ref.props->ec.enabled || req.headers.has(kGfnHdr)) co_return false;
    const bool gfn = gfn_window(req, ref);
    // Redirected by a proxy: it made this target the main one, by a Smap that may be newer than
    // ours (targets just removed: ours still names a dead one). Otherwise our Smap decides.
    if (!req.query.has(api::qp::kPid) && owner_other(ref)) co_return false;
    co_return co_await ec_rebuild(ref, f, open, gfn);
}

Task<bool> Target::Impl::ec_rebuild(const ObjRef& ref, Found& f, bool open, bool gfn) {
    // 1. Who has which piece.
    auto smap = env.meta.smap();
    std::vector<NodeCall> calls;
    for (const auto& [id, t] : smap->tmap)
        if (id != env.id()) calls.push_back(ec_call("GET", t, ref, env.id(), "what=meta"));
    auto replies = co_await fanout(env, std::move(calls));
    std::vector<Src> srcs;
    std::string unreachable;
    for (const auto& r : replies) {
        if (!r.ok()) {
            if (r.resp.status != 404) unreachable += " " + r.what() + ";";
            continue;
        }
        try {
            srcs.push_back(Src{r.node, ec::meta_from_json(r.resp.body), {}});
        } catch (const std::exception& e) {
            log::warn("{}: EC metadata of {} from {}: {}", tname(), ref.cname(), r.node.name(), e.what());
        }
    }
    {
        ecsvc::Piece mine;
        if (ecsvc::find_piece(*this, ref, mine) && mine.has_bytes())
            srcs.push_back(Src{env.self, mine.meta, mine.paths.piece});
    }
    std::erase_if(srcs,
                  [](const Src& s) { return !s.meta.is_copy && s.meta.slice_id == 0; });  // main metafiles
    if (srcs.empty()) co_return false;

    // 2. The newest generation that has a replica or D distinct slices.
    std::set<int64_t, std::greater<>> gens;
    for (const auto& s : srcs) gens.insert(s.meta.generation);
    int64_t gen = 0;
    std::string why;
    for (int64_t g : gens) {
        std::set<int> ids;
        bool replica = false;
        int d = 0;
        for (const auto& s : srcs) {
            if (s.meta.generation != g) continue;
            replica = replica || s.meta.is_copy;
            if (!s.meta.is_copy) ids.insert(s.meta.slice_id);
            d = s.meta.data;
        }
        if (replica || static_cast<int>(ids.size()) >= d) {
            gen = g;
            break;
        }
        if (why.empty())
            why = "found " + std::to_string(ids.size()) + " of the " + std::to_string(d) +
                  " slices needed (generation " + std::to_string(g) + ")";
    }
    if (gen == 0) {
        if (gfn) co_return false;  // a rebalance may still bring it
        throw ErrNotFound(tname() + ": " + ref.cname() +
                          " is missing and cannot be restored from its erasure-coded slices: " + why +
                          (unreachable.empty() ? std::string() : "; not answering:" + unreachable));
    }
    std::vector<const Src*> pieces;
    for (const auto& s : srcs)
        if (s.meta.generation == gen) pieces.push_back(&s);
    // Replicas first, then data slices (nothing to decode), then parity; local ones before remote.
    std::sort(pieces.begin(), pieces.end(), [](const Src* a, const Src* b) {
        if (a->meta.is_copy != b->meta.is_copy) return a->meta.is_copy;
        if (a->meta.slice_id != b->meta.slice_id) return a->meta.slice_id < b->meta.slice_id;
        return !a->local.empty() && b->local.empty();
    });
    const ec::Meta& m = pieces.front()->meta;
    const bool replicated = m.is_copy;
    const int D = m.data, total = m.data + m.parity;
    const uint64_t piece_size = static_cast<uint64_t>(replicated ? m.size : m.slice_size());

    // 3. Fetch: a replica, or D slices; a failed piece is replaced by the next candidate.
    std::vector<std::unique_ptr<Fetch>> good;
    std::set<int> have_ids;
    size_t next = 0;
    std::string errs;
    const size_t want = replicated ? 1 : static_cast<size_t>(D);
    while (good.size() < want && next < pieces.size()) {
        std::vector<std::unique_ptr<Fetch>> batch;
        std::vector<NodeCall> gets;
        std::vector<Fetch*> remote;
        std::set<int> batch_ids;
        while (good.size() + batch.size() < want && next < pieces.size()) {
            const Src* s = pieces[next++];
            const int id = s->meta.slice_id;
            if (replicated ? !s->meta.is_copy
                           : (s->meta.is_copy || have_ids.count(id) || batch_ids.count(id)))
                continue;
            auto fx = std::make_unique<Fetch>(m.cksum_type);
            fx->src = s;
            if (!replicated) batch_ids.insert(s->meta.slice_id);
            if (!s->local.empty()) {
                fx->local_fd = fs::open_fd(s->local, O_RDONLY);
                if (!fx->local_fd) continue;
                batch.push_back(std::move(fx));
                continue;
            }
            try {
                fx->wf = create_work(ref, "ecg");
            } catch (const fs::FsError& e) {
                throw_fs(e, ref);
            }
            NodeCall c = ec_call("GET", s->node, ref, env.id(), "gen=" + std::to_string(gen));
            c.req.max_retries = 0;  // a retry would append to what the sink wrote
            c.req.timeout = std::chrono::seconds(60);
            Fetch* p = fx.get();
            c.req.sink = [p](const char* data, size_t n) {
                if (!p->err.empty()) return;
                try {
                    fs::write_all(p->wf.fd.get(), data, n, p->wf.path);
                    p->ck.update(data, n);
                    p->got += n;
                } catch (const std::exception& e) {
                    p->err = e.what();
                }
            };
            gets.push_back(std::move(c));
            remote.push_back(p);
            batch.push_back(std::move(fx));
        }
        if (batch.empty()) break;
        auto got = co_await fanout(env, std::move(gets));
        for (size_t i = 0; i < got.size(); ++i)
            if (!got[i].ok() && remote[i]->err.empty()) remote[i]->err = got[i].what();
        // Local pieces are checked here too (their bytes may have rotted).
        for (auto& fx : batch) {
            if (fx->local_fd) {
                auto buf = bufs.get(piece_size);
                try {
                    for (uint64_t off = 0;;) {
                        size_t n =
                            fs::pread_full(fx->local_fd.get(), buf.data(), buf.size(), off, fx->src->local);
                        if (n == 0) break;
                        fx->ck.update(buf.data(), n);
                        off += n;
                        fx->got += n;
                    }
                } catch (const std::exception& e) {
                    fx->err = e.what();
                }
            }
            const std::string& expect = replicated ? m.obj_cksum : fx->src->meta.slice_cksum;
            if (fx->err.empty() && fx->got != piece_size)
                fx->err = fx->src->node.name() + ": piece of " + std::to_string(fx->got) +
                          " bytes, expected " + std::to_string(piece_size);
            if (fx->err.empty() && m.cksum_type != CksumType::none && !expect.empty() &&
                fx->ck.finalize() != expect)
                fx->err = fx->src->node.name() + ": bad checksum of " +
                          (replicated ? std::string("a replica")
                                      : "slice " + std::to_string(fx->src->meta.slice_id));
            if (!fx->err.empty()) {
                log::warn("{}: restoring {}: {}", tname(), ref.cname(), fx->err);
                errs += " " + fx->err + ";";
                continue;
            }
            if (!replicated) have_ids.insert(fx->src->meta.slice_id);
            if (!fx->local_fd && !replicated) {  // read back by the decoder (work files are write-only)
                fx->local_fd = fs::open_fd(fx->wf.path, O_RDONLY);
                if (!fx->local_fd) fs::throw_errno("open", fx->wf.path);
            }
            good.push_back(std::move(fx));
        }
    }
    if (good.size() < want)
        throw ErrNotFound(tname() + ": " + ref.cname() +
                          " is missing and cannot be restored: " + std::to_string(good.size()) + " good " +
                          (replicated ? "replicas" : "slices") + " of the " + std::to_string(want) +
                          " needed (generation " + std::to_string(gen) + "):" + errs);

    // Rebuild and commit on the pool.
    bool stored = false;
    co_await pool.run([&] {
        try {
            if (replicated) {
                Fetch& fx = *good.front();
                if (!fx.src->local.empty()) {  // our own replica: copied into a work file first
                    WorkFile wf = create_work(ref, "ecg");
                    copy_data(bufs, fx.local_fd.get(), wf.fd.get(), nullptr, fx.src->local, wf.path);
                    stored = ecsvc::commit_replica(*this, ref, wf, m);
                } else {
                    stored = ecsvc::commit_replica(*this, ref, fx.wf, m);
                }
            } else {
                std::vector<int> fds(static_cast<size_t>(total), -1);
                for (auto& fx : good) fds[static_cast<size_t>(fx->src->meta.slice_id - 1)] = fx->fd();
                stored = ecsvc::rebuild(*this, ref, m, fds);
            }
        } catch (const fs::FsError& e) {
            throw_fs(e, ref);
        }
    });
    if (!find(ref, f, open)) co_return false;
    if (stored) {
        std::string from;
        for (const auto& fx : good) from += " " + fx->src->node.name();
        log::info("{}: restored {} ({} bytes, generation {}) from{}", tname(), ref.cname(), m.size, gen,
                  from);
    }

    // 4. The pieces it lacks come back in the background (same generation: they match the others),
    // unless the bucket's EC settings changed since (then it is encoded anew).
    const auto& ecc = ref.props->ec;
    if (m.data == ecc.data_slices && m.parity == ecc.parity_slices &&
        m.is_copy == ec::is_replicated(m.size, ecc.objsize_limit)) {
        std::map<std::string, int> have;
        for (const Src* s : pieces) have[s->node.daemon_id] = s->meta.is_copy ? 0 : s->meta.slice_id;
        ec.enqueue_repair(ref, gen, std::move(have));
    } else {
        ec.enqueue(ref);
    }
    co_return true;
}

Task<bool> Target::Impl::ec_delete(const Request& req, const ObjRef& ref) {
    if (req.headers.has(kGfnHdr)) co_return false;  // a neighbor's delete: the asker does this
    ecsvc::note_deleted(*this, ref.uname);          // an encoding running now takes back what it sends
    int local = 0;
    co_await pool.run([&] { local = ecsvc::remove_pieces(*this, ref); });
    auto smap = env.meta.smap();
    std::vector<NodeCall> calls;
    for (const auto& [id, t] : smap->tmap)
        if (id != env.id()) calls.push_back(ec_call("DELETE", t, ref, env.id(), {}));
    auto replies = co_await fanout(env, std::move(calls));
    bool removed = false;
    for (const auto& r : replies) {
        if (r.ok()) {
            removed = true;
        } else if (r.resp.status != 404) {
            // The object goes anyway; the piece left there is replaced by a later encoding of the
            // name (docs/operations.md: a target down during a DELETE may keep a piece).
            log::warn("{}: deleting {}: its piece at {}", tname(), ref.cname(), r.what());
        }
    }
    co_return removed || local > 0;
}

}  // namespace ais::node
