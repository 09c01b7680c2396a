#include "aisnode/ec/svc/encode.hpp"

#include "aisnode/ec/ec.hpp"
#include "aisnode/ec/stream.hpp"
#include "aisnode/ec/svc/store.hpp"
#include "aisnode/meta/fanout.hpp"
#include "shared/api/apc.hpp"
#include "shared/net/async.hpp"
#include "shared/net/client.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/hrw.hpp"
#include "shared/util/ids.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <fcntl.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <future>
#include <memory>

namespace ais::node::ecsvc {

namespace {

thread_local int t_quiet = 0;

// [off, off+len) of an open file, then zeros up to `total` bytes: a data slice (the last one
// padded), a parity slice or a whole replica as a request body. Positional reads: rewindable.
class PieceBody final : public net::BodySource {
  public:
    PieceBody(int fd, int64_t off, int64_t len, int64_t total, std::string path)
        : fd_(fd),
          off_(static_cast<uint64_t>(off)),
          len_(static_cast<uint64_t>(std::max<int64_t>(len, 0))),
          total_(static_cast<uint64_t>(total)),
          path_(std::move(path)) {}
    uint64_t size() const override { return total_; }
    void rewind() override { pos_ = 0; }
    size_t read(char* buf, size_t n) override {
        if (pos_ >= total_) return 0;
        size_t want = static_cast<size_t>(std::min<uint64_t>(n, total_ - pos_));
        if (pos_ < len_) {
            want = static_cast<size_t>(std::min<uint64_t>(want, len_ - pos_));
            size_t got = fs::pread_full(fd_, buf, want, off_ + pos_, path_);
            if (got < want) throw fs::FsError(EIO, path_ + ": changed size while being erasure coded");
            pos_ += got;
            return got;
        }
        std::memset(buf, 0, want);
        pos_ += want;
        return want;
    }

  private:
    int fd_;
    uint64_t off_, len_, total_, pos_ = 0;
    std::string path_;
};

std::string piece_url(const api::Snode& t, const ObjRef& ref, int64_t gen) {
    net::Query q;
    ref.bck.add_query(q);
    if (gen > 0) q.add("gen", std::to_string(gen));
    const std::string& base =
        t.intra_data_net.direct_url.empty() ? t.public_net.direct_url : t.intra_data_net.direct_url;
    return base + kPath + "/" + url_escape_path(ref.bck.name) + "/" + url_escape_path(ref.obj) + "?" +
           q.encode();
}

// One piece to send: where, its metadata, its bytes.
struct Out {
    const api::Snode* t;
    ec::Meta m;
    fs::Fd fd;  // the parity work file reopened to read (data slices and replicas read the object)
    std::unique_ptr<PieceBody> body;
};

net::ClientRequest piece_put(Core& core, const ObjRef& ref, const Out& o) {
    net::ClientRequest rq;
    rq.method = "PUT";
    rq.url = piece_url(*o.t, ref, 0);
    rq.headers.add(api::hdr::kCallerId, core.env.id());
    rq.headers.add(kMetaHdr, ec::to_json(o.m));
    rq.body_source = o.body.get();
    rq.follow_redirects = false;
    rq.max_retries = 2;
    rq.timeout = std::chrono::minutes(2);
    return rq;
}

std::string piece_name(const ec::Meta& m) {
    return m.is_copy ? "a replica" : "slice " + std::to_string(m.slice_id);
}

// What a parallel send reads, kept alive by the sending coroutine too: a job that stops waiting (it
// was aborted: the node is stopping) must not free what the requests may still read.
struct Sending {
    fs::Fd obj;  // the object, read by the data slices and replicas
    std::vector<Out> outs;
    std::promise<std::vector<NodeReply>> done;
};

// A free coroutine (GCC 12: no capturing coroutine lambdas): the fan-out on the node's event loop.
net::Task<void> fan(NodeEnv* env, std::vector<NodeCall> calls, std::shared_ptr<Sending> st) {
    std::vector<NodeReply> r;
    std::exception_ptr ep;
    try {
        r = co_await fanout(*env, std::move(calls));
    } catch (...) {
        ep = std::current_exception();
    }
    if (ep)
        st->done.set_exception(ep);
    else
        st->done.set_value(std::move(r));
}

// Sends every piece at once (on the node's event loop; the calling thread waits, until `aborted`),
// or one after the other with this thread's client when there is no loop. Per piece: "" (sent) or
// an error naming it.
std::vector<std::string> send_all(Core& core, const ObjRef& ref, const std::shared_ptr<Sending>& st,
                                  const std::function<bool()>& aborted) {
    const auto& outs = st->outs;
    std::vector<std::string> errs(outs.size());
    auto what = [&](size_t i) {
        return core.tname() + ": erasure coding " + ref.cname() + ": sending " + piece_name(outs[i].m) +
               " to " + outs[i].t->name() + ": ";
    };
    if (core.env.io && core.env.client && outs.size() > 1) {
        std::vector<NodeCall> calls;
        for (const auto& o : outs) calls.push_back(NodeCall{.node = *o.t, .req = piece_put(core, ref, o)});
        auto fut = st->done.get_future();
        net::spawn(*core.env.io, fan(&core.env, std::move(calls), st));
        while (fut.wait_for(std::chrono::milliseconds(200)) != std::future_status::ready) {
            if (aborted && aborted()) {
                for (size_t i = 0; i < outs.size(); ++i) errs[i] = what(i) + "aborted";
                return errs;
            }
        }
        auto replies = fut.get();
        for (size_t i = 0; i < outs.size() && i < replies.size(); ++i)
            if (!replies[i].ok()) errs[i] = what(i) + replies[i].what();
        return errs;
    }
    for (size_t i = 0; i < outs.size(); ++i) {
        try {
            auto r = peer_client().call(piece_put(core, ref, outs[i]));
            if (!r.ok()) errs[i] = what(i) + std::to_string(r.status) + " " + r.body;
        } catch (const std::exception& e) {
            errs[i] = what(i) + e.what();
        }
    }
    return errs;
}

}  // namespace

void delete_piece_at(Core& core, const api::Snode& t, const ObjRef& ref, int64_t gen) {
    net::ClientRequest rq;
    rq.method = "DELETE";
    rq.url = piece_url(t, ref, gen);
    rq.headers.add(api::hdr::kCallerId, core.env.id());
    rq.follow_redirects = false;
    rq.max_retries = 1;
    rq.timeout = std::chrono::seconds(30);
    auto r = peer_client().call(rq);
    if (!r.ok() && r.status != 404)
        throw Error(r.status, core.tname() + ": removing the piece of " + ref.cname() + " at " + t.name() +
                                  ": " + r.body);
}

Encoded encode(Core& core, const ObjRef& ref, const EncodeOpts& o) {
    Encoded res;
    const int64_t t0 = now_ns();
    const auto& ecc = ref.props->ec;
    if (!ecc.enabled) {
        res.skipped = "erasure coding is disabled";
        return res;
    }
    Found f;
    if (!core.find(ref, f, true)) {
        res.skipped = "no object";
        return res;
    }
    const int D = ecc.data_slices, P = ecc.parity_slices;
    const bool repl = ec::is_replicated(f.md.size, ecc.objsize_limit);
    const int need = repl ? P + 1 : D + P + 1;

    // Placement: this target first (or it is not the main one), then one target per piece.
    auto smap = core.env.meta.smap();
    std::vector<const api::Snode*> ts;
    std::vector<uint64_t> digests;
    for (const auto& [id, t] : smap->tmap) {
        if (t.in_maint_or_decomm()) continue;
        ts.push_back(&t);
        digests.push_back(t.id_digest);
    }
    std::vector<int> order = ec::hrw_list(hrw_digest(ref.uname), digests, need);
    if (order.empty() || ts[static_cast<size_t>(order[0])]->daemon_id != core.env.id()) {
        res.skipped = "not the main target";
        return res;
    }
    if (static_cast<int>(order.size()) < need) {
        if (o.repair) {
            res.skipped = "not enough targets";
            return res;
        }
        throw ErrBadRequest(core.tname() + ": erasure coding " + ref.cname() + ": " +
                            ec::check_targets(D, P, ecc.objsize_limit, static_cast<int>(ts.size())).err);
    }

    ec::Meta m;
    m.size = f.md.size;
    // The generation is the object file's mtime: a newer version always has a newer one, whatever
    // order two encodings of the name run in (a receiver keeps the newer generation).
    m.generation = o.generation > 0 ? o.generation : std::max<int64_t>(f.mtime_ns, 1);
    if (f.md.has_cksum()) {
        m.cksum_type = parse_cksum_type(f.md.cksum_type);
        m.obj_cksum = f.md.cksum_value;
    }
    m.obj_version = f.md.version;
    m.custom = f.md.custom;
    m.replica_node = core.env.id();
    m.data = D;
    m.parity = P;
    m.is_copy = repl;
    for (size_t i = 0; i < order.size(); ++i)
        m.nodes[ts[static_cast<size_t>(order[i])]->daemon_id] = repl ? 0 : static_cast<int>(i);

    auto wanted = [&](const api::Snode& t, int slice_id) {
        auto it = o.have.find(t.daemon_id);
        return !(it != o.have.end() && it->second == slice_id);
    };
    auto st = std::make_shared<Sending>();
    auto& outs = st->outs;
    std::vector<WorkFile> par;  // parity: work files on this mountpath (unsynced, removed at the end)
    if (repl) {
        for (int i = 1; i <= P; ++i) {
            const api::Snode* t = ts[static_cast<size_t>(order[static_cast<size_t>(i)])];
            if (!wanted(*t, 0)) continue;
            outs.push_back(Out{
                t, m, {}, std::make_unique<PieceBody>(f.fd.get(), 0, f.md.size, f.md.size, ref.path.fqn)});
        }
    } else {
        const int64_t S = ec::slice_size(f.md.size, D);
        for (int j = 0; j < P; ++j) par.push_back(core.create_work(ref, "ecp"));
        ec::Encoded enc = ec::encode_object(
            codec(D, P), f.md.size, ec::pread_object(f.fd.get()),
            [&](int idx, const uint8_t* data, size_t n) {
                if (idx < D) return;  // data slices are read from the object itself
                WorkFile& w = par[static_cast<size_t>(idx - D)];
                fs::write_all(w.fd.get(), reinterpret_cast<const char*>(data), n, w.path);
            },
            m.cksum_type);
        for (int i = 1; i <= D + P; ++i) {
            const api::Snode* t = ts[static_cast<size_t>(order[static_cast<size_t>(i)])];
            if (!wanted(*t, i)) continue;
            Out out{t, m, {}, {}};
            out.m.slice_id = i;
            if (static_cast<size_t>(i - 1) < enc.cksums.size())
                out.m.slice_cksum = enc.cksums[static_cast<size_t>(i - 1)];
            if (i <= D) {
                const int64_t off = (i - 1) * S;
                out.body = std::make_unique<PieceBody>(f.fd.get(), off, std::min(S, f.md.size - off), S,
                                                       ref.path.fqn);
            } else {
                const WorkFile& w = par[static_cast<size_t>(i - D - 1)];
                out.fd = fs::open_fd(w.path, O_RDONLY);  // (work files are opened write-only)
                if (!out.fd) fs::throw_errno("open", w.path);
                out.body = std::make_unique<PieceBody>(out.fd.get(), 0, S, S, w.path);
            }
            outs.push_back(std::move(out));
        }
    }
    std::vector<const api::Snode*> sent_to;
    std::string first_err;
    st->obj = std::move(f.fd);  // (the bodies read it by number: it stays open while they may)
    const auto errs = send_all(core, ref, st, o.aborted);
    for (size_t i = 0; i < outs.size(); ++i) {
        if (!errs[i].empty()) {
            first_err += (first_err.empty() ? "" : "; ") + errs[i];
            continue;
        }
        sent_to.push_back(outs[i].t);
        ++res.sent;
        res.bytes += static_cast<int64_t>(outs[i].body->size());
    }

    // Deleted while it was being encoded: its pieces go too (nothing may bring it back). (An object
    // file lost meanwhile is no delete: its pieces stay, to restore it.)
    if (deleted_since(core, ref.uname, t0)) {
        for (const api::Snode* t : sent_to) {
            try {
                delete_piece_at(core, *t, ref, m.generation);
            } catch (const std::exception& e) {
                log::warn("{}: {}", core.tname(), e.what());
            }
        }
        res.skipped = "removed while being encoded";
        return res;
    }
    if (!first_err.empty()) throw Error(503, first_err);
    ec::Meta mm = m;
    mm.slice_id = 0;
    mm.is_copy = false;
    store_main_meta(core, ref, mm);
    return res;
}

// ---- ec-put: encoding after the PUT ----

class EcPut : public Xact {
  public:
    static constexpr size_t kMaxQueued = 1 << 18;
    static constexpr auto kIdle = std::chrono::seconds(5);

    EcPut(Manager& m, const api::Bck& b, std::string key)
        : Xact(gen_uuid(), api::kind::kECPut), m_(m), key_(std::move(key)) {
        bck = b;
        workers = 2;
    }

    // Under m_.mu_.
    bool closed() const { return closed_; }
    void push(Manager::Item it) {
        if (q_.size() >= kMaxQueued) {
            if (dropped_++ == 0)
                add_error(
                    m_.core_.tname() + ": " + bck.cname() +
                    ": too many objects waiting to be erasure coded; run `ais ec-encode` to complete them");
            return;
        }
        q_.push_back(std::move(it));
        cv_.notify_one();
    }

    void run() override {
        for_each([this](std::string& out) { return next(out); }, [this](const std::string& k) { one(k); },
                 true);
    }

  private:
    bool next(std::string& out) {
        std::unique_lock lk(m_.mu_);
        const auto idle_until = std::chrono::steady_clock::now() + kIdle;
        while (q_.empty() && !aborted() && std::chrono::steady_clock::now() < idle_until)
            cv_.wait_for(lk, std::chrono::milliseconds(100));
        if (q_.empty() || aborted()) {
            closed_ = true;
            auto it = m_.jobs_.find(key_);
            if (it != m_.jobs_.end() && it->second.get() == this) m_.jobs_.erase(it);
            return false;
        }
        out = std::to_string(++seq_);
        taken_.emplace(out, std::move(q_.front()));
        q_.pop_front();
        return true;
    }

    void one(const std::string& key) {
        Manager::Item it;
        {
            std::lock_guard lk(m_.mu_);
            auto p = taken_.find(key);
            if (p == taken_.end()) return;
            it = std::move(p->second);
            taken_.erase(p);
        }
        Core& core = m_.core_;
        ObjRef ref;
        try {
            ref = core.resolve(bck, it.obj);
        } catch (const ErrNotFound&) {
            return;  // the bucket is gone
        }
        it.opts.aborted = [this] { return aborted(); };
        Encoded e = encode(core, ref, it.opts);
        if (e.sent > 0) add_out(e.sent, e.bytes);
        if (e.skipped.empty()) add_loc(1, 0);
    }

    Manager& m_;
    const std::string key_;
    std::condition_variable cv_;
    std::deque<Manager::Item> q_;
    std::map<std::string, Manager::Item> taken_;
    uint64_t seq_ = 0;
    bool closed_ = false;
    size_t dropped_ = 0;
};

Manager::Quiet::Quiet() {
    ++t_quiet;
}
Manager::Quiet::~Quiet() {
    --t_quiet;
}

void Manager::push(const ObjRef& ref, Item it) {
    std::string key = ref.bck.uname() + "\n" + std::to_string(ref.props->bid);
    std::lock_guard lk(mu_);
    auto& j = jobs_[key];
    if (!j || j->closed()) {
        j = std::make_shared<EcPut>(*this, ref.bck, key);
        xacts_.run(j);
    }
    j->push(std::move(it));
}

void Manager::enqueue(const ObjRef& ref) {
    if (t_quiet > 0) return;
    push(ref, Item{ref.obj, {}});
}

void Manager::enqueue_repair(const ObjRef& ref, int64_t generation, std::map<std::string, int> have) {
    Item it{ref.obj, {}};
    it.opts.generation = generation;
    it.opts.repair = true;
    it.opts.have = std::move(have);
    push(ref, std::move(it));
}

// ---- ec-encode ----

namespace {

constexpr char kRecover[] = "ec-recover";

class EncodeJob : public Xact {
  public:
    EncodeJob(Core& core, const JobReq& req)
        : Xact(req.id, req.kind), core_(core), recover_(req.name == kRecover) {
        bck = req.bck;
        ObjRef b = core_.resolve_bck(bck);
        if (!b.props->ec.enabled)
            throw ErrBadRequest(core_.tname() + ": " + bck.cname() +
                                ": erasure coding is not enabled (ec.enabled)");
        workers = 2;
    }

    void run() override {
        std::vector<NameEnt> names = core_.walk(bck, "", true);
        size_t i = 0;
        for_each(
            [&](std::string& out) {
                while (i < names.size() && names[i].is_dir) ++i;
                if (i >= names.size()) return false;
                out = std::move(names[i++].name);
                return true;
            },
            [this](const std::string& name) { one(name); }, true);
    }

  private:
    void one(const std::string& name) {
        ObjRef ref = core_.resolve(bck, name);
        if (!recover_) {
            Found f;
            Piece p;
            if (core_.find(ref, f, false) && find_piece(core_, ref, p) && !p.has_bytes() &&
                p.meta.obj_version == f.md.version && p.meta.obj_cksum == f.md.cksum_value &&
                p.meta.size == f.md.size && p.meta.data == ref.props->ec.data_slices &&
                p.meta.parity == ref.props->ec.parity_slices)
                return;  // encoded already
        }
        EncodeOpts o;
        o.aborted = [this] { return aborted(); };
        Encoded e = encode(core_, ref, o);
        if (e.sent > 0) add_out(e.sent, e.bytes);
        if (e.skipped.empty()) add_loc(1, 0);
    }

    Core& core_;
    const bool recover_;
};

}  // namespace

std::shared_ptr<Xact> make_encode_job(Core& core, const JobReq& req) {
    return std::make_shared<EncodeJob>(core, req);
}

}  // namespace ais::node::ecsvc
