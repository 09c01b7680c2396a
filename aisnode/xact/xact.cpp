#include "aisnode/xact/xact.hpp"

#include "shared/api/apc.hpp"
#include "shared/api/json.hpp"

#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

#include <algorithm>

namespace ais::node {

namespace {

constexpr size_t kMaxErrs = 8;

}  // namespace

// ---- JobReq ----

std::string JobReq::to_json() const {
    boost::json::object o;
    o["id"] = id;
    o["kind"] = kind;
    boost::json::value b, bt;
    api::to_jv(bck, b);
    api::to_jv(bck_to, bt);
    o["bck"] = std::move(b);
    o["bck_to"] = std::move(bt);
    o["name"] = name;
    o["msg"] = api::json::raw(msg.empty() ? "null" : msg);
    return api::json::serialize(o);
}

JobReq JobReq::from_json(std::string_view body) {
    JobReq r;
    auto v = api::json::parse(body);
    const auto& o = api::json::as_object(v, "job request");
    api::json::get(o, "id", r.id);
    api::json::get(o, "kind", r.kind);
    if (const auto* b = api::json::find(o, "bck")) api::from_jv(*b, r.bck, "bck");
    if (const auto* b = api::json::find(o, "bck_to")) api::from_jv(*b, r.bck_to, "bck_to");
    api::json::get(o, "name", r.name);
    r.msg = api::json::get_raw(o, "msg");
    if (r.msg.empty()) r.msg = "null";
    if (r.id.empty() || r.kind.empty()) throw ErrBadRequest("job request: id and kind are required");
    return r;
}

// ---- Xact ----

Xact::Xact(std::string id, std::string kind) : id_(std::move(id)), kind_(std::move(kind)) {}

void Xact::abort(const std::string& why) {
    std::lock_guard lk(mu_);
    if (aborted_.load() || finished()) return;
    abort_err_ = why;
    aborted_.store(true);
}

void Xact::add_error(const std::string& err) {
    std::lock_guard lk(mu_);
    ++nerrs_;
    if (errs_.size() < kMaxErrs) errs_.push_back(err);
}

std::string Xact::err() const {
    std::lock_guard lk(mu_);
    std::string s;
    for (const auto& e : errs_) {
        if (!s.empty()) s += "; ";
        s += e;
    }
    if (nerrs_ > errs_.size()) s += " (and " + std::to_string(nerrs_ - errs_.size()) + " more errors)";
    return s;
}

void Xact::for_each(const std::function<bool(std::string&)>& next, const std::function<void(const std::string&)>& fn,
                    bool coer) {
    std::mutex src_mu;
    bool src_done = false;
    auto worker = [&]() {
        std::string item;
        for (;;) {
            if (aborted()) return;
            {
                std::lock_guard lk(src_mu);
                if (src_done) return;
                try {
                    if (!next(item)) {
                        src_done = true;
                        return;
                    }
                } catch (const std::exception& e) {
                    src_done = true;
                    add_error(e.what());
                    abort(e.what());
                    return;
                }
            }
            try {
                fn(item);
            } catch (const std::exception& e) {
                add_error(e.what());
                if (!coer) abort(e.what());
            }
        }
    };
    const int n = std::max(1, workers);
    running_workers_ = n;
    std::vector<std::thread> ts;
    ts.reserve(static_cast<size_t>(n - 1));
    for (int i = 1; i < n; ++i) ts.emplace_back(worker);
    worker();
    for (auto& t : ts) t.join();
    running_workers_ = 0;
}

void Xact::start() { start_ns_ = now_ns(); }

void Xact::finish() {
    int64_t now = now_ns();
    end_ns_ = now > start_ns_.load() ? now : start_ns_.load() + 1;
}

api::JobSnap Xact::snap() const {
    api::JobSnap s;
    s.id = id_;
    s.kind = kind_;
    s.bck = bck;
    s.src_bck = src_bck;
    s.dst_bck = dst_bck;
    s.start_time = start_ns_;
    s.end_time = end_ns_;
    s.stats.loc_objs = loc_objs_;
    s.stats.loc_bytes = loc_bytes_;
    s.stats.out_objs = out_objs_;
    s.stats.out_bytes = out_bytes_;
    s.stats.in_objs = in_objs_;
    s.stats.in_bytes = in_bytes_;
    s.aborted = aborted_;
    s.err = err();
    {
        std::lock_guard lk(mu_);
        s.abort_err = abort_err_;
    }
    // A finished job is idle too: clients that wait for "idle" kinds see it settle (spec §7.3).
    s.is_idle = s.end_time != 0;
    s.glob_id = api::JobSnap::pack_glob(0, running_workers_, 0);
    s.ext = ext();
    return s;
}

// ---- XactRegistry ----

XactRegistry::~XactRegistry() {
    std::unique_lock lk(mu_);
    stopping_ = true;
    for (auto& [id, x] : jobs_)
        if (!x->finished()) x->abort("the node is shutting down");
    idle_.wait(lk, [this] { return active_ == 0; });
}

void XactRegistry::begin(std::shared_ptr<Xact> x) {
    std::lock_guard lk(mu_);
    if (prepared_.count(x->id()) || jobs_.count(x->id()))
        throw ErrConflict("job " + x->kind() + "[" + x->id() + "] already exists");
    prepared_[x->id()] = std::move(x);
}

void XactRegistry::discard(const std::string& id) {
    std::lock_guard lk(mu_);
    prepared_.erase(id);
}

void XactRegistry::commit(const std::string& id) {
    std::shared_ptr<Xact> x;
    {
        std::lock_guard lk(mu_);
        auto it = prepared_.find(id);
        if (it == prepared_.end()) throw ErrNotFound("job \"" + id + "\" was not prepared on this target");
        x = it->second;
        prepared_.erase(it);
    }
    run(std::move(x));
}

void XactRegistry::run(std::shared_ptr<Xact> x) {
    std::lock_guard lk(mu_);
    if (stopping_) throw ErrUnavailable("the node is shutting down");
    if (jobs_.count(x->id())) throw ErrConflict("job " + x->kind() + "[" + x->id() + "] already exists");
    x->start();
    jobs_[x->id()] = x;
    ++ever_;
    ++active_;
    // Detached: the destructor waits for `active_` to drop to zero instead of joining.
    std::thread([this, x]() {
        log::info("job {}[{}] started", x->kind(), x->id());
        try {
            x->run();
        } catch (const std::exception& e) {
            x->add_error(e.what());
        }
        x->finish();
        std::string err = x->err();
        if (x->aborted())
            log::warn("job {}[{}] aborted: {}", x->kind(), x->id(), x->snap().abort_err);
        else if (!err.empty())
            log::warn("job {}[{}] finished with errors: {}", x->kind(), x->id(), err);
        else
            log::info("job {}[{}] finished", x->kind(), x->id());
        std::lock_guard lk(mu_);
        finished_order_.push_back(x->id());
        while (finished_order_.size() > kMaxHistory) {
            jobs_.erase(finished_order_.front());
            finished_order_.pop_front();
        }
        if (--active_ == 0) idle_.notify_all();
    }).detach();
}

std::vector<std::shared_ptr<Xact>> XactRegistry::of_kind(const std::string& kind) const {
    std::vector<std::shared_ptr<Xact>> out;
    if (ever_.load(std::memory_order_relaxed) == 0) return out;
    std::lock_guard lk(mu_);
    for (const auto& [id, x] : jobs_)
        if (x->kind() == kind) out.push_back(x);
    return out;
}

std::shared_ptr<Xact> XactRegistry::find(const std::string& id) const {
    std::lock_guard lk(mu_);
    auto it = jobs_.find(id);
    return it == jobs_.end() ? nullptr : it->second;
}

bool XactRegistry::matches(const Xact& x, const std::string& id, const std::string& kind, const api::Bck& b) const {
    if (!id.empty() && x.id() != id) return false;
    if (!kind.empty() && x.kind() != kind) return false;
    if (!b.name.empty() && !(x.bck == b) && !(x.src_bck == b) && !(x.dst_bck == b)) return false;
    return true;
}

std::vector<api::JobSnap> XactRegistry::query(const api::QueryMsg& q) const {
    std::vector<std::shared_ptr<Xact>> xs;
    {
        std::lock_guard lk(mu_);
        const std::string kind(api::normalize_job_kind(q.kind));
        for (const auto& [id, x] : jobs_) {
            if (!matches(*x, q.id, kind, q.bck)) continue;
            if (q.show_active.value_or(false) && x->finished()) continue;
            xs.push_back(x);
        }
    }
    std::vector<api::JobSnap> out;
    out.reserve(xs.size());
    for (const auto& x : xs) out.push_back(x->snap());
    std::sort(out.begin(), out.end(),
              [](const api::JobSnap& a, const api::JobSnap& b) { return a.start_time < b.start_time; });
    return out;
}

int XactRegistry::abort(const api::ArgsMsg& a, const std::string& why) {
    std::lock_guard lk(mu_);
    const std::string kind(api::normalize_job_kind(a.kind));
    int n = 0;
    for (auto& [id, x] : jobs_) {
        if (x->finished() || !matches(*x, a.id, kind, a.bck)) continue;
        x->abort(why);
        ++n;
    }
    for (auto it = prepared_.begin(); it != prepared_.end();) {
        if (matches(*it->second, a.id, kind, a.bck))
            it = prepared_.erase(it);
        else
            ++it;
    }
    return n;
}

int XactRegistry::remove_finished(const api::QueryMsg& q) {
    std::lock_guard lk(mu_);
    const std::string kind(api::normalize_job_kind(q.kind));
    int n = 0;
    for (auto it = jobs_.begin(); it != jobs_.end();) {
        if (it->second->finished() && matches(*it->second, q.id, kind, q.bck)) {
            std::erase(finished_order_, it->first);
            it = jobs_.erase(it);
            ++n;
        } else {
            ++it;
        }
    }
    return n;
}

}  // namespace ais::node
