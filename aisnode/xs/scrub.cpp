// scrub: `ais storage validate` (= `ais scrub`) on one target. AIS's scrub is a listing the CLI
// classifies; here each target walks what it stores (objects and mirrored copies), so that it can
// also read every replica (ScrubMsg::checksum) and repair what it finds (ScrubMsg::fix):
//
//   misplaced(cluster)    the Smap names another target: counted, left to the global rebalance
//   misplaced(mountpath)  not (only) on the mountpath HRW names: moved there the resilver's way
//                         (reb::move_to_hrw; a stale duplicate is dropped)
//   missing copies        a mirrored bucket's object with fewer replicas than mirror.copies
//                         (a replica file gone, of another version, on a mountpath going away, or
//                         only copies left): mirror::ensure writes them back
//   corrupted             a replica whose bytes fail its checksum: with a good replica left,
//                         mirror::ensure(validate) replaces it; an object without one is only
//                         reported (AIS's scrub never deletes), as is what the GET path would serve
//   small, large          sizes at most ScrubMsg::small_size (default 0: empty) or at least
//                         ScrubMsg::large_size (default 5GiB)
#include "aisnode/mirror/mirror.hpp"
#include "aisnode/reb/resilver.hpp"
#include "aisnode/xs/jobs.hpp"

#include "shared/api/codec.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <map>

namespace ais::node::xs {

struct ScrubJob::Where {
    std::vector<uint32_t> mains;   // mountpath ids holding the name under %ob (%ln)
    std::vector<uint32_t> copies;  // mountpath ids holding a mirrored copy (%mi, %ml)
};

ScrubJob::ScrubJob(Core& core, const JobReq& req) : Xact(req.id, req.kind), core_(core) {
    bck = req.bck;
    if (req.msg != "null" && !req.msg.empty()) msg_ = api::from_json<api::ScrubMsg>(req.msg);
    if (msg_.small_size < 0)
        throw ErrBadRequest(core_.tname() + ": scrub: small size (" + std::to_string(msg_.small_size) +
                            ") cannot be negative");
    if (msg_.large_size <= msg_.small_size)
        throw ErrBadRequest(core_.tname() + ": scrub: large size (" + std::to_string(msg_.large_size) +
                            ") must be greater than small size (" + std::to_string(msg_.small_size) + ")");
    msg_.max_names = std::clamp<int64_t>(msg_.max_names, 0, 1'000'000);
    if (!bck.name.empty()) {
        (void)core_.resolve_bck(bck);
        bcks_.push_back(bck);
    } else {
        for (const auto& b : core_.env.meta.bmd()->buckets())
            if (b.is_ais() && (bck.provider.empty() || b.prov() == bck.prov())) bcks_.push_back(b);
    }
    // Reading every replica is what takes the time; listing alone is cheap.
    workers = msg_.checksum ? 4 : 2;
}

void ScrubJob::run() {
    struct Done {
        std::atomic<bool>& d;
        ~Done() { d = true; }
    } done{done_};
    for (const auto& b : bcks_) {
        if (aborted()) return;
        try {
            scrub_bucket(b);
        } catch (const std::exception& e) {
            add_error(e.what());
        }
    }
}

std::string ScrubJob::ext() const {
    std::lock_guard lk(mu_);
    if (done_) return api::to_json(results_);
    // While running: counts only (clients poll; the names come once, at the end).
    std::vector<api::ScrubResult> counts;
    counts.reserve(results_.size());
    for (const auto& r : results_) {
        api::ScrubResult c;
        c.bck = r.bck;
        c.prefix = r.prefix;
        c.stats = r.stats;
        c.fixed = r.fixed;
        counts.push_back(std::move(c));
    }
    return api::to_json(counts);
}

void ScrubJob::scrub_bucket(const api::Bck& b) {
    ObjRef bref;
    try {
        bref = core_.resolve_bck(b);
    } catch (const ErrNotFound&) {
        return;  // destroyed meanwhile
    }
    const int n = mirror::wanted(*bref.props);
    size_t res = 0;
    {
        std::lock_guard lk(mu_);
        api::ScrubResult r;
        r.bck = b;
        r.prefix = msg_.prefix;
        results_.push_back(std::move(r));
        res = results_.size() - 1;
    }
    const std::string& prefix = msg_.prefix;
    const std::string_view base = prefix_base(prefix);
    auto selected = [&](const std::string& name) {
        if (!name.starts_with(prefix)) return false;
        if (!msg_.last.empty() && name > msg_.last) return false;
        return !msg_.non_recurs || name.find('/', base.size()) == std::string::npos;
    };
    std::map<std::string, Where> names;
    for (const auto& e : core_.walk(b, base, !msg_.non_recurs))
        if (!e.is_dir && selected(e.name)) names[e.name].mains.push_back(e.mpath);
    // Copies count only where mirroring is on (make-n-copies down to 1 removes the others).
    if (n > 1)
        for (const auto& e : core_.walk_copies(b))
            if (!e.is_dir && selected(e.name)) names[e.name].copies.push_back(e.mpath);
    auto it = names.begin();
    for_each(
        [&](std::string& out) {
            if (it == names.end()) return false;
            out = it->first;
            ++it;
            return true;
        },
        [&](const std::string& name) { scrub_one(b, n, name, names.at(name), res); }, true);
}

namespace {

struct Replica {
    Found f;
    std::string fqn;
    uint32_t mpi = 0;
    bool bad = false;
};

}  // namespace

void ScrubJob::scrub_one(const api::Bck& b, int n, const std::string& name, const Where& w, size_t res) {
    ObjRef ref;
    try {
        ref = core_.resolve(b, name);
    } catch (const ErrNotFound&) {
        return;  // the bucket is gone
    }
    const fs::MpathSet& snap = core_.mpaths.snap();
    const bool read = msg_.checksum;

    // The main replica: at its HRW mountpath, or (misplaced) on another one.
    std::vector<uint32_t> others;
    bool at_hrw = false;
    for (uint32_t m : w.mains) {
        if (m == ref.mpi)
            at_hrw = true;
        else
            others.push_back(m);
    }
    ObjRef mref = ref;
    Replica main;
    bool have_main = at_hrw && core_.find(ref, main.f, read);
    for (size_t i = 0; !have_main && i < others.size(); ++i) {
        mref = core_.at_mpath(ref, others[i]);
        have_main = core_.find(mref, main.f, read);
    }
    if (!have_main) mref = ref;
    main.fqn = mref.path.fqn;
    main.mpi = static_cast<uint32_t>(mref.mpi);

    // Mirrored copies (the walk found them; each opened with its LOM).
    std::vector<Replica> copies;
    for (uint32_t m : w.copies) {
        Replica r;
        fs::ObjPath p = mirror::copy_path(ref, core_.mpaths.at(m).path);
        if (!mirror::open_replica(ref, p, r.f)) continue;
        r.fqn = p.fqn;
        r.mpi = m;
        copies.push_back(std::move(r));
    }
    if (!have_main && copies.empty()) return;  // removed since the walk

    const LomMd& md = have_main ? main.f.md : copies.front().f.md;
    api::ScrubEnt ent;
    ent.name = name;
    ent.size = md.size;
    ent.atime = md.atime;
    ent.location = core_.tname() + ":" + (have_main ? mref.mpath : core_.mpaths.at(copies.front().mpi).path);
    std::array<bool, api::kScrNum> in{};
    std::array<int64_t, api::kScrNum> fixed{};
    in[api::kScrObjects] = true;
    auto record = [&] {
        std::lock_guard lk(mu_);
        api::ScrubResult& r = results_[res];
        for (size_t i = 0; i < api::kScrNum; ++i) {
            r.fixed[i] += fixed[i];
            if (!in[i]) continue;
            r.stats[i].add(ent.size);
            if (i == api::kScrObjects) continue;
            if (static_cast<int64_t>(r.names[i].size()) < msg_.max_names)
                r.names[i].push_back(ent);
            else
                ++r.dropped[i];
        }
    };

    // The Smap puts it elsewhere: the global rebalance's to move; nothing else to say (as AIS).
    if (core_.owner_other(ref)) {
        in[api::kScrMisplacedNode] = true;
        record();
        add_loc(1, ent.size);
        return;
    }

    if (ent.size <= msg_.small_size)
        in[api::kScrSmall] = true;
    else if (ent.size >= msg_.large_size)
        in[api::kScrLarge] = true;

    // Replicas whose bytes fail their checksum (read only when asked: it reads everything).
    bool any_good = false;
    if (read) {
        if (have_main) {
            main.bad = !mirror::verify(core_.bufs, main.f.fd.get(), main.f.md, main.fqn).empty();
            any_good = !main.bad;
        }
        for (auto& c : copies) {
            c.bad = !mirror::verify(core_.bufs, c.f.fd.get(), c.f.md, c.fqn).empty();
            any_good = any_good || (!c.bad && (!have_main || mirror::same_object(c.f.md, main.f.md)));
        }
        in[api::kScrCorrupted] =
            (have_main && main.bad) ||
            std::any_of(copies.begin(), copies.end(), [](const Replica& c) { return c.bad; });
    }

    // Replicas that count: the main one, and copies of its version on other available mountpaths
    // (a corrupted one still counts here: it is reported as corrupted, not as missing).
    if (n > 1) {
        int good = have_main ? 1 : 0;
        for (const auto& c : copies)
            if (have_main && c.mpi != main.mpi && snap.is_avail(c.mpi) &&
                mirror::same_object(c.f.md, main.f.md))
                ++good;
        good = std::min(good, n);
        ent.copies = good;
        in[api::kScrMissingCp] = good < n;
    }

    // Not (only) where HRW puts it: a misplaced main replica, or a stale one beside it.
    in[api::kScrMisplacedMpath] = !others.empty();

    if (msg_.fix) {
        bool moved = false;
        if (in[api::kScrMisplacedMpath]) {
            for (uint32_t m : others) (void)move_to_hrw(core_, core_.at_mpath(ref, m), ref);
            struct stat st;
            moved = ::stat(ref.path.fqn.c_str(), &st) == 0;
            if (moved) fixed[api::kScrMisplacedMpath] = 1;
        }
        const bool corrupted = in[api::kScrCorrupted];
        // A corrupted object with no good replica stays as it is: reported, never removed here.
        const bool repairable = !corrupted || any_good;
        // A moved main replica may now share its mountpath with one of its copies: ensure() again.
        if (repairable && (in[api::kScrMissingCp] || corrupted || (moved && n > 1))) {
            mirror::Fixed fx = mirror::ensure(core_, ref, std::max(n, 1), corrupted);
            if (!fx.missing) {
                if (in[api::kScrMissingCp] && (fx.added > 0 || fx.restored)) fixed[api::kScrMissingCp] = 1;
                if (corrupted && fx.bad > 0) fixed[api::kScrCorrupted] = 1;
            }
            if (fx.added > 0) add_loc(0, fx.bytes);
        }
        if (corrupted && !repairable)
            log::warn("{}: scrub: {} is corrupted and has no good replica: not repaired", core_.tname(),
                      ref.cname());
    }
    record();
    add_loc(1, ent.size);
}

}  // namespace ais::node::xs
