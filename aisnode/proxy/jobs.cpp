// Jobs through the proxy (spec §2.5-2.8, §7): the actions that start them, the two-phase start on
// every target, stop, and the queries that aggregate the targets' snaps for the SDK and the CLI.
#include "aisnode/meta/fanout.hpp"
#include "aisnode/proxy/proxy.hpp"
#include "aisnode/proxy/resilver.hpp"
#include "aisnode/xact/xact.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/err_http.hpp"
#include "shared/api/json.hpp"
#include "shared/api/msgs.hpp"
#include "shared/api/scrub.hpp"
#include "shared/config/bprops.hpp"
#include "shared/net/async.hpp"
#include "shared/net/work_pool.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/ids.hpp"
#include "shared/util/log.hpp"
#include "shared/util/name_template.hpp"

#include <algorithm>

namespace ais::node {

namespace {

using namespace std::chrono_literals;

std::string bck_not_found(const api::Bck& b) { return "bucket \"" + b.cname() + "\" does not exist"; }

[[noreturn]] void job_not_found(const std::string& what) { throw ErrNotFound("job " + what + " not found"); }

// A target's refusal, as our client's error: its status and message.
[[noreturn]] void rethrow(const NodeReply& r) {
    if (!r.err.empty()) throw ErrUnavailable(r.what());
    auto e = api::parse_err_http(r.resp.status, r.resp.body);
    throw Error(r.resp.status, e.message.empty() ? r.what() : e.message, e.tcode);
}

void validate_template(const api::ListRange& lr) {
    if (lr.is_list()) {
        for (const auto& n : lr.objnames) api::validate_obj_name(n);
    } else if (!lr.template_.empty()) {
        (void)NameTemplate::parse(lr.template_);
    }
}

// nl.Status of one job from its snaps on every target.
api::JobStatus status_of(const std::string& id, const TargetSnaps& c) {
    api::JobStatus st;
    st.uuid = id;
    bool all_done = true;
    int64_t end = 0;
    for (const auto& [tid, v] : c.by_target) {
        for (const auto& s : v) {
            if (s.id != id) continue;
            st.kind = s.kind;
            if (s.aborted) st.aborted = true;
            if (!s.err.empty()) st.err += (st.err.empty() ? "" : "; ") + ("t[" + tid + "]: " + s.err);
            if (!s.finished()) all_done = false;
            end = std::max(end, s.end_time);
        }
    }
    // A target that did not answer cannot be waited for: its silence is the job's error.
    for (const auto& e : c.errors) st.err += (st.err.empty() ? "" : "; ") + e;
    st.end_time = all_done ? end : 0;
    return st;
}

// The targets' summary results, added up per bucket.
std::vector<api::BsummResult> merge_summaries(const TargetSnaps& c, const std::string& id) {
    std::map<std::string, api::BsummResult> by;
    for (const auto& [tid, v] : c.by_target) {
        for (const auto& s : v) {
            if (s.id != id || s.ext.empty() || s.ext == "null") continue;
            auto part = api::from_json<std::vector<api::BsummResult>>(s.ext);
            for (const auto& r : part) {
                auto& m = by[r.bck.uname()];
                if (m.bck.name.empty()) {
                    m = r;
                    continue;
                }
                if (r.obj_count_present > 0)
                    m.obj_min_size = m.obj_count_present == 0 ? r.obj_min_size : std::min(m.obj_min_size, r.obj_min_size);
                m.obj_count_present += r.obj_count_present;
                m.obj_count_remote += r.obj_count_remote;
                m.obj_max_size = std::max(m.obj_max_size, r.obj_max_size);
                m.size_on_disk += r.size_on_disk;
                m.size_all_present_objs += r.size_all_present_objs;
                m.size_all_remote_objs += r.size_all_remote_objs;
                m.total_disks_size += r.total_disks_size;
            }
        }
    }
    std::vector<api::BsummResult> out;
    for (auto& [k, m] : by) {
        m.obj_avg_size = m.obj_count_present ? static_cast<int64_t>(m.size_all_present_objs / m.obj_count_present) : 0;
        m.used_pct = m.total_disks_size ? m.size_on_disk * 100 / m.total_disks_size : 0;
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace

// ---- two-phase start ----

// GCC 12 miscompiles temporaries inside a co_await expression: every argument below is a named local.
net::Task<std::string> Proxy::start_job(JobReq jr) {
    co_await begin_job(jr);
    co_await commit_job(jr);
    co_return jr.id;
}

net::Task<void> Proxy::begin_job(JobReq& jr) {
    const std::string kind = jr.kind;
    if (env_.meta.smap()->count_active_targets() == 0)
        throw ErrUnavailable("cannot start " + kind + ": the cluster has no active targets");
    jr.id = gen_uuid();
    const std::string begin_path = "/v1/xactions/begin", begin_body = jr.to_json(), none;
    const std::string discard_path = "/v1/xactions/discard?id=" + jr.id;
    auto begun = co_await fanout_targets(env_, "POST", begin_path, begin_body);
    const NodeReply* refused = nullptr;
    for (const auto& r : begun)
        if (!r.ok()) refused = &r;
    if (refused) {
        NodeReply why = *refused;
        co_await fanout_targets(env_, "POST", discard_path, none);
        rethrow(why);
    }
}

net::Task<void> Proxy::discard_job(const JobReq& jr) {
    const std::string discard_path = "/v1/xactions/discard?id=" + jr.id, none;
    co_await fanout_targets(env_, "POST", discard_path, none);
}

net::Task<void> Proxy::commit_job(const JobReq& jr) {
    const std::string kind = jr.kind, none;
    const std::string commit_path = "/v1/xactions/commit?id=" + jr.id;
    auto committed = co_await fanout_targets(env_, "POST", commit_path, none);
    for (const auto& r : committed) {
        if (r.ok()) continue;
        // Started on some targets only: stop it everywhere, so that it ran nowhere to the end.
        std::string why = r.what();
        api::ArgsMsg stop{.id = jr.id};
        const std::string stop_path = "/v1/xactions/stop", stop_body = api::to_json(stop);
        co_await fanout_targets(env_, "PUT", stop_path, stop_body);
        throw Error(500, "job " + kind + "[" + jr.id + "] failed to start: " + why);
    }
    log::info("started job {}[{}] on {} targets", kind, jr.id, committed.size());
}

// ---- bucket actions that start jobs ----

net::Task<void> Proxy::bucket_job(net::Request& req, net::Response& resp, const std::string& bucket,
                                  const api::ActMsg& msg) {
    auto bck = api::bck_from_query(bucket, req.query);
    auto bmd = env_.meta.bmd();
    const Bprops* sp = bmd->find(bck);
    if (!sp) throw ErrNotFound(bck_not_found(bck), "ErrBckNotFound");
    const std::string& a = msg.action;
    if (a == api::act::kDeleteObjects || a == api::act::kEvictObjects) {
        validate_template(msg.value_as<api::EvdMsg>());
        JobReq jr{.kind = a, .bck = bck, .msg = msg.value};
        std::string id = co_await start_job(std::move(jr));
        resp.set_text(id);
        co_return;
    }
    const bool move = a == api::act::kMoveBck;
    api::Bck to;
    bool dry_run = false;
    if (a == api::act::kCopyObjects) {
        auto m = msg.value_as<api::TCOMsg>();
        validate_template(m);
        to = m.tobck;
        dry_run = m.dry_run;
    } else {
        auto bt = req.query.get(api::qp::kBckTo);
        if (bt.empty()) throw ErrBadRequest(a + " " + bck.cname() + ": missing destination bucket (bck_to)");
        std::string obj;
        to = api::parse_uname(bt, &obj);
        if (!obj.empty()) throw ErrBadRequest(a + ": invalid destination bucket \"" + std::string(bt) + "\"");
        if (!move) dry_run = msg.value_as<api::TCBMsg>().dry_run;
    }
    if (to.provider.empty()) to.provider = api::prov::kAIS;
    if (to.name.empty()) throw ErrBadRequest(a + " " + bck.cname() + ": missing destination bucket");
    to.validate();
    if (to == bck)
        throw ErrBadRequest(std::string("cannot ") + (move ? "rename" : "copy") + " bucket " + bck.cname() +
                            " onto itself");
    if (move) {
        if (!bck.is_ais() || !to.is_ais())
            throw ErrNotImplemented("renaming is supported only for ais:// buckets (" + bck.cname() + " -> " +
                                    to.cname() + ")");
        if (bmd->find(to)) throw ErrConflict("bucket \"" + to.cname() + "\" already exists", "ErrBucketAlreadyExists");
    }
    bool created = false;
    if (!bmd->find(to) && !dry_run) {
        if (!to.is_ais()) throw ErrNotFound(bck_not_found(to), "ErrBckNotFound");
        co_await net::meta_pool().run([&] { create_like(bck, to, move, created); });
    }
    if (created) {
        log::info("{}: created {} for {}", env_.self.name(), to.cname(), a);
        co_await metasync(false, true, false);
    }
    std::string id;
    std::exception_ptr failed;
    try {
        JobReq jr{.kind = a, .bck = bck, .bck_to = to, .msg = msg.value};
        id = co_await start_job(std::move(jr));
    } catch (...) {
        failed = std::current_exception();
    }
    if (failed) {
        if (created) {  // a job that did not start leaves nothing behind
            co_await net::meta_pool().run([&] { drop_bucket(to); });
            co_await metasync(false, true, false);
        }
        std::rethrow_exception(failed);
    }
    if (move) {
        {
            std::lock_guard lk(jobs_mu_);
            finalizing_.insert(id);
        }
        net::spawn(*env_.io, finish_move(id, bck, to));
    }
    resp.set_text(id);
}

void Proxy::create_like(const api::Bck& src, const api::Bck& to, bool move, bool& created) {
    std::lock_guard lk(env_.meta.update_mutex());
    auto nb = std::make_shared<api::BMD>(*env_.meta.bmd());
    const Bprops* cur = nb->find(src);
    if (!cur) throw ErrNotFound(bck_not_found(src), "ErrBckNotFound");
    if (nb->find(to)) {
        if (move) throw ErrConflict("bucket \"" + to.cname() + "\" already exists", "ErrBucketAlreadyExists");
        return;
    }
    Bprops props = *cur;  // the new bucket starts with the source's properties
    props.bid = static_cast<uint64_t>(nb->version + 1) | (1ull << 62);
    props.created = now_ns();
    nb->add(to, std::move(props));
    nb->version++;
    env_.meta.put_bmd(nb);
    created = true;
}

void Proxy::drop_bucket(const api::Bck& b) {
    std::lock_guard lk(env_.meta.update_mutex());
    auto nb = std::make_shared<api::BMD>(*env_.meta.bmd());
    if (!nb->del(b)) return;
    nb->version++;
    env_.meta.put_bmd(nb);
}

bool Proxy::finalizing(const std::string& id) const {
    std::lock_guard lk(jobs_mu_);
    return finalizing_.count(id) > 0;
}

net::Task<void> Proxy::finish_move(std::string id, api::Bck from, api::Bck to) {
    api::QueryMsg q;
    q.id = id;
    bool ok = false;
    std::string why;
    for (;;) {
        co_await net::sleep_for(200ms);
        const std::string path = "/v1/xactions", body = api::to_json(q);
        auto snaps = co_await fanout_targets(env_, "GET", path, body);
        bool done = true, failed = false;
        size_t n = 0;
        for (const auto& r : snaps) {
            if (!r.ok()) {
                failed = true;
                why = r.what();
                continue;
            }
            auto v = api::from_json<std::vector<api::JobSnap>>(r.resp.body);
            for (const auto& s : v) {
                ++n;
                if (!s.finished()) done = false;
                if (s.aborted || !s.err.empty()) {
                    failed = true;
                    why = r.node.name() + ": " + (s.err.empty() ? s.abort_err : s.err);
                }
            }
        }
        if (n == 0 && why.empty()) why = "no target has the job";
        if (failed || n == 0 || done) {
            ok = !failed && n > 0;
            if (failed && !done && n > 0) continue;  // wait until every target stopped copying
            break;
        }
    }
    const api::Bck& gone = ok ? from : to;
    co_await net::meta_pool().run([&] { drop_bucket(gone); });
    if (ok)
        log::info("renamed {} to {} (job {})", from.cname(), to.cname(), id);
    else
        log::warn("rename of {} to {} failed, {} removed, {} kept: {}", from.cname(), to.cname(), to.cname(),
                  from.cname(), why);
    co_await metasync(false, true, false);
    std::lock_guard lk(jobs_mu_);
    finalizing_.erase(id);
}

// ---- summary and info ----

net::Task<TargetSnaps> Proxy::summary_snaps(std::string id) {
    api::QueryMsg q;
    q.id = id;
    TargetSnaps col = co_await collect_snaps(q);
    if (col.count() == 0) job_not_found("\"" + id + "\"");
    co_return col;
}

net::Task<void> Proxy::summary(net::Request& req, net::Response& resp, const std::string& bucket,
                               const api::ActMsg& msg) {
    auto m = msg.value_as<api::BsummCtrlMsg>();
    std::string id = m.uuid;
    if (id.empty()) id = std::string(req.query.get(api::qp::kUUID));
    api::Bck bck;
    if (!bucket.empty()) {
        bck = api::bck_from_query(bucket, req.query);
        if (!env_.meta.bmd()->find(bck)) throw ErrNotFound(bck_not_found(bck), "ErrBckNotFound");
    } else {
        bck.provider = api::normalize_provider(req.query.get(api::qp::kProvider));
    }
    if (id.empty()) {
        m.uuid.clear();
        JobReq jr{.kind = api::act::kSummaryBck, .bck = bck, .msg = api::to_json(m)};
        id = co_await start_job(std::move(jr));
        resp.status = 202;
        resp.set_text(id);
        co_return;
    }
    TargetSnaps col = co_await summary_snaps(id);
    auto st = status_of(id, col);
    if (st.end_time == 0 && !st.aborted) {
        resp.status = 202;
        resp.set_text(id);
        co_return;
    }
    if (st.aborted || !st.err.empty())
        throw Error(500, "summary job " + id + (st.aborted ? " was aborted" : " failed") +
                             (st.err.empty() ? "" : ": " + st.err));
    resp.set_json(api::to_json(merge_summaries(col, id)));
}

net::Task<void> Proxy::bucket_info(net::Request& req, net::Response& resp, const api::Bck& bck) {
    const auto* props = env_.meta.bmd()->find(bck);
    if (!props) throw ErrNotFound(bck_not_found(bck), "ErrBckNotFound");
    resp.headers.set(api::hdr::kBucketProps, config::to_json(*props));
    std::string id(req.query.get(api::qp::kUUID));
    if (id.empty()) {
        api::BsummCtrlMsg m;
        m.prefix = std::string(req.query.get("prefix"));
        JobReq jr{.kind = api::act::kSummaryBck, .bck = bck, .msg = api::to_json(m)};
        id = co_await start_job(std::move(jr));
        resp.status = 202;
        resp.headers.set(api::hdr::kXactionId, id);
        co_return;
    }
    TargetSnaps col = co_await summary_snaps(id);
    auto st = status_of(id, col);
    resp.headers.set(api::hdr::kXactionId, id);
    if (st.end_time == 0 && !st.aborted) {
        resp.status = 202;
        co_return;
    }
    if (st.aborted || !st.err.empty()) throw Error(500, "bucket info job " + id + " failed: " + st.err);
    auto all = merge_summaries(col, id);
    api::BsummResult r;
    r.bck = bck;
    r.is_present = true;
    if (!all.empty()) r = all.front();
    resp.headers.set(api::hdr::kBucketSumm, api::to_json(r));
}

// ---- promote ----

net::Task<void> Proxy::promote(net::Request& req, net::Response& resp, const std::string& bucket,
                               const api::ActMsg& msg) {
    auto bck = api::bck_from_query(bucket, req.query);
    if (!env_.meta.bmd()->find(bck)) throw ErrNotFound(bck_not_found(bck), "ErrBckNotFound");
    JobReq jr{.kind = api::act::kPromote, .bck = bck, .name = msg.name, .msg = msg.value};
    std::string id = co_await start_job(std::move(jr));
    resp.set_text(id);
}

// ---- start / stop / queries ----

net::Task<void> Proxy::job_start_stop(net::Request& req, net::Response& resp, const api::ActMsg& msg) {
    (void)req;
    auto args = msg.value_as<api::ArgsMsg>();
    const std::string kind(api::normalize_job_kind(args.kind));
    if (msg.action == api::act::kXactStop) {
        if (args.id.empty() && kind.empty() && args.bck.name.empty())
            throw ErrBadRequest("stop: name the job (id), its kind or its bucket");
        args.kind = kind;
        if (!args.id.empty()) {
            api::QueryMsg q;
            q.id = args.id;
            auto col = co_await collect_snaps(q);
            if (col.count() == 0) job_not_found("\"" + args.id + "\"");
        }
        const std::string path = "/v1/xactions/stop", body = api::to_json(args);
        auto replies = co_await fanout_targets(env_, "PUT", path, body);
        for (const auto& r : replies)
            if (!r.ok()) log::warn("stop job: {}", r.what());
        co_return;
    }
    if (kind.empty()) throw ErrBadRequest("start: job kind is required");
    if (kind == api::act::kSummaryBck) {
        if (!args.bck.name.empty() && !env_.meta.bmd()->find(args.bck))
            throw ErrNotFound(bck_not_found(args.bck), "ErrBckNotFound");
        JobReq jr{.kind = kind, .bck = args.bck};
        std::string id = co_await start_job(std::move(jr));
        resp.set_text(id);
        co_return;
    }
    if (kind == api::kind::kScrub) {  // `ais storage validate`: its options in ActMsg.name (AIS's "extra")
        if (!args.bck.name.empty() && !env_.meta.bmd()->find(args.bck))
            throw ErrNotFound(bck_not_found(args.bck), "ErrBckNotFound");
        const std::string opts = msg.name.empty() ? std::string("null") : msg.name;
        if (opts != "null") (void)api::from_json<api::ScrubMsg>(opts);  // 400 when malformed
        JobReq jr{.kind = kind, .bck = args.bck, .msg = opts};
        std::string id = co_await start_job(std::move(jr));
        resp.set_text(id);
        co_return;
    }
    if (kind == api::act::kCopyBck || kind == api::act::kMoveBck || kind == api::act::kCopyObjects ||
        kind == api::act::kDeleteObjects || kind == api::act::kPromote)
        throw ErrBadRequest("job kind \"" + kind + "\" is started by its own request (e.g. 'ais bucket cp')");
    if (kind == api::kind::kRebalance) {
        std::string id = co_await start_rebalance();
        resp.set_text(id);
        co_return;
    }
    if (kind == api::kind::kResilver) {
        const std::string& node = args.daemon_id;
        std::string id = co_await start_resilver(env_, node);
        resp.set_text(id);
        co_return;
    }
    if (kind == api::act::kECEncode) {  // EC (issue 12): encodes what is not yet, of a bucket with ec.enabled
        if (args.bck.name.empty()) throw ErrBadRequest("job kind \"" + kind + "\" requires a bucket");
        const Bprops* p = env_.meta.bmd()->find(args.bck);
        if (!p) throw ErrNotFound(bck_not_found(args.bck), "ErrBckNotFound");
        if (!p->ec.enabled)
            throw ErrBadRequest(args.bck.cname() + ": erasure coding is disabled (use 'ais ec-encode' to enable it)");
        JobReq jr{.kind = kind, .bck = args.bck};
        std::string id = co_await start_job(std::move(jr));
        resp.set_text(id);
        co_return;
    }
    if (kind == api::kind::kLRU ||
        kind == api::kind::kCleanupStore || kind == api::act::kMakeNCopies ||
        kind == api::kind::kDownload || kind == api::kind::kDsort || kind == api::act::kArchive ||
        kind == api::kind::kRechunk || kind == api::kind::kLoadLomCache || kind == api::kind::kIndexShard ||
        kind == api::act::kBlobDownload || kind == api::act::kPrefetchObjects)
        throw ErrNotImplemented("job kind \"" + kind + "\" is not supported by this cluster yet");
    throw ErrBadRequest("unknown job kind \"" + args.kind + "\"");
}

size_t TargetSnaps::count() const {
    size_t n = 0;
    for (const auto& [t, v] : by_target) n += v.size();
    return n;
}

net::Task<TargetSnaps> Proxy::collect_snaps(const api::QueryMsg& q) {
    TargetSnaps out;
    const std::string path = "/v1/xactions", body = api::to_json(q);
    auto replies = co_await fanout_targets(env_, "GET", path, body);
    for (const auto& r : replies) {
        if (!q.node.empty() && r.node.daemon_id != q.node) continue;
        if (!r.ok()) {
            out.errors.push_back(r.what());
            continue;
        }
        auto v = api::from_json<std::vector<api::JobSnap>>(r.resp.body);
        for (auto& s : v) {
            if (finalizing(s.id)) {  // the source is not gone yet: not done
                s.end_time = 0;
                s.is_idle = false;
            }
        }
        out.by_target[r.node.daemon_id] = std::move(v);
    }
    co_return out;
}

net::Task<void> Proxy::job_query(net::Request& req, net::Response& resp, std::string_view what,
                                 const std::string& body) {
    (void)req;
    api::QueryMsg q;
    if (!body.empty()) q = api::from_json<api::QueryMsg>(body);
    q.kind = std::string(api::normalize_job_kind(q.kind));
    const std::string named = !q.id.empty() ? "\"" + q.id + "\"" : q.kind.empty() ? std::string() : "\"" + q.kind + "\"";
    if (what == api::what::kStatus && q.id.empty() && q.kind.empty())
        throw ErrBadRequest("job status: a job id or kind is required");
    auto col = co_await collect_snaps(q);
    if (col.count() == 0 && !named.empty() && what != api::what::kRunningAll && what != api::what::kStatusAll) {
        if (!col.errors.empty()) throw ErrUnavailable("job " + named + ": " + col.errors.front());
        job_not_found(named);
    }
    if (what == api::what::kQueryXactStats) {
        api::MultiSnap ms;
        ms.by_target = std::move(col.by_target);
        resp.set_json(api::to_json(ms));
        co_return;
    }
    // Jobs by id, in start order.
    std::map<std::string, int64_t> started;
    for (const auto& [tid, v] : col.by_target)
        for (const auto& s : v) {
            auto& t = started[s.id];
            t = t == 0 ? s.start_time : std::min(t, s.start_time);
        }
    std::vector<std::string> ids;
    for (const auto& [id, t] : started) ids.push_back(id);
    std::sort(ids.begin(), ids.end(), [&](const auto& a, const auto& b) { return started[a] < started[b]; });
    if (what == api::what::kStatus) {
        // By kind: the most recent job of that kind.
        const std::string id = !q.id.empty() ? q.id : ids.back();
        resp.set_json(api::to_json(status_of(id, col)));
        co_return;
    }
    if (what == api::what::kStatusAll) {
        std::vector<api::JobStatus> all;
        for (const auto& id : ids) all.push_back(status_of(id, col));
        resp.set_json(api::to_json(all));
        co_return;
    }
    // running_all: ["kind[id]", ...]
    std::vector<std::string> running;
    for (const auto& id : ids) {
        auto st = status_of(id, col);
        if (st.end_time == 0 && !st.aborted) running.push_back(st.kind + "[" + id + "]");
    }
    boost::json::array arr;
    for (const auto& r : running) arr.emplace_back(r);
    resp.set_json(api::json::serialize(arr));
}

}  // namespace ais::node
