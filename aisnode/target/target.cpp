#include "aisnode/target/target.hpp"

#include "aisnode/target/impl.hpp"
#include "shared/api/apc.hpp"
#include "shared/config/schema.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/hrw.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <boost/json.hpp>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>

namespace ais::node {

ListCache::Names ListCache::get(const std::string& key) {
    std::lock_guard lk(mu_);
    const int64_t now = now_ns();
    for (auto it = lru_.begin(); it != lru_.end();) {
        if (now - it->used_ns > kTtlNs) {
            it = lru_.erase(it);
            continue;
        }
        if (it->key == key) {
            it->used_ns = now;
            lru_.splice(lru_.begin(), lru_, it);
            return lru_.front().names;
        }
        ++it;
    }
    return nullptr;
}

void ListCache::put(const std::string& key, Names names) {
    std::lock_guard lk(mu_);
    lru_.remove_if([&](const Entry& e) { return e.key == key; });
    if (names->size() > kMaxNames) return;  // too big to keep: later pages walk again
    lru_.push_front(Entry{key, std::move(names), now_ns()});
    size_t total = 0;
    for (const auto& e : lru_) total += e.names->size();
    while (lru_.size() > kMaxEntries || total > kMaxNames) {
        total -= lru_.back().names->size();
        lru_.pop_back();
    }
}

void ListCache::drop_prefix(std::string_view key_prefix) {
    std::lock_guard lk(mu_);
    lru_.remove_if([&](const Entry& e) { return std::string_view(e.key).starts_with(key_prefix); });
}

void add_custom_md_headers(const net::Headers& in, std::map<std::string, std::string>& out) {
    for (auto line : in.get_all(api::hdr::kCustomMd)) {
        auto eq = line.find('=');
        if (eq == std::string_view::npos || eq == 0) continue;
        out[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
    }
}

// ---- Target ----

Target::Target(NodeEnv& env) : impl_(std::make_unique<Impl>(env)) {}
Target::~Target() = default;

void Target::init() {
    auto& env = impl_->env;
    std::vector<std::string> paths = env.local.fspaths.paths;
    const auto& tf = env.local.test_fspaths;
    if (paths.empty() && tf.count > 0 && !tf.root.empty()) {
        for (int i = 0; i < tf.count; ++i)
            paths.push_back(tf.root + "/mp" + std::to_string(i + 1) + "/" + std::to_string(tf.instance));
    }
    // Runtime changes (attach/detach/enable/disable) persist here and override fspaths.paths.
    impl_->mpaths.init(paths, env.local.confdir.empty() ? std::string() : env.local.confdir + "/mountpaths.json");
    Impl* impl = impl_.get();
    env.meta.on_bmd([impl](const api::BMD* prev, const api::BMD& now) { impl->on_bmd(prev, now); });
    env.meta.on_rmd([impl](const Rmd& r) { impl->reb.on_rmd(r); });
    if (auto bmd = env.meta.bmd()) {
        impl->on_bmd(nullptr, *bmd);
        for (const auto& b : bmd->buckets())
            if (b.is_ais()) impl->clean_work_dirs(b);
    }
    // A resilver that a restart interrupted: mountpaths still waiting to be drained.
    if (!impl->mpaths.snap().waiting.empty()) impl->resilver.start("", "resuming after a restart");
}

void Target::after_join() { impl_->reb.on_rmd(impl_->env.meta.rmd()); }

void Target::remove_user_data() {
    for (const auto& mp : impl_->mpaths.known()) {
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(mp.path, ec)) {
            std::error_code ec2;
            std::filesystem::remove_all(e.path(), ec2);
            if (ec2) log::warn("decommission: removing {}: {}", e.path().string(), ec2.message());
        }
    }
    log::info("{}: removed all user data", impl_->tname());
}

// Nothing is in flight at startup: work files are leftovers of a crash, except append files of a
// session that may continue (kept for a day, as a client could still flush them).
void Target::Impl::clean_work_dirs(const api::Bck& b) {
    const int64_t now = now_ns();
    for (const auto& mp : mpaths.readable()) {
        std::string dir = fs::work_dir(mp.path, b);
        DIR* d = ::opendir(dir.c_str());
        if (!d) continue;
        size_t removed = 0;
        while (dirent* e = ::readdir(d)) {
            if (e->d_name[0] == '.') continue;
            std::string path = dir + "/" + e->d_name;
            if (std::strncmp(e->d_name, "mpu.", 4) == 0) {
                // S3 multipart uploads stay open across restarts; ones claimed by a complete or
                // abort that did not finish are removed.
                if (std::strstr(e->d_name, ".done.") || std::strstr(e->d_name, ".abort.")) {
                    std::error_code ec;
                    if (std::filesystem::remove_all(path, ec) > 0) ++removed;
                }
                continue;
            }
            if (std::strstr(e->d_name, ".app.")) {
                struct stat st;
                if (::stat(path.c_str(), &st) != 0) continue;
                int64_t mtime = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
                if (now - mtime < 24 * 3600 * 1'000'000'000LL) continue;
            }
            if (::unlink(path.c_str()) == 0) ++removed;
        }
        ::closedir(d);
        if (removed) log::info("{}: removed {} stale work files in {}", b.cname(), removed, dir);
    }
}

void Target::add_routes(net::Router& r) {
    Impl* impl = impl_.get();
    r.add("*", "/v1/objects", [impl](Request& q, Response& s) { return impl->objects(q, s); });
    r.add("GET", "/v1/buckets", [impl](Request& q, Response& s) { return impl->buckets(q, s); });
    r.add("HEAD", "/v1/buckets", [impl](Request& q, Response& s) { return impl->buckets(q, s); });
    r.add("*", "/v1/xactions", [impl](Request& q, Response& s) { return impl->xactions(q, s); });
    r.add("POST", "/v1/xactions/resilver", [impl](Request& q, Response& s) { return impl->resilver_req(q, s); });
    r.add("*", "/v1/daemon/mountpaths", [impl](Request& q, Response& s) { return impl->mountpath_req(q, s); });
    r.add("*", "/v1/transport", [impl](Request& q, Response& s) { return impl->transport_req(q, s); });
    r.add("*", "/v1/ec", [impl](Request& q, Response& s) { return impl->ec_req(q, s); });  // EC (issue 12)
}

std::string Target::mountpaths_json() const {
    return impl_->mpaths.to_json();
}

std::string Target::last_rebalance_json() const {
    std::shared_ptr<Xact> newest;
    for (auto& x : impl_->xacts.of_kind(api::kind::kRebalance))
        if (!newest || x->snap().start_time > newest->snap().start_time) newest = x;
    if (!newest) return {};
    boost::json::value v;
    api::to_jv(newest->snap(), v);
    return boost::json::serialize(v);
}

bool Target::rebalancing() const {
    for (auto& x : impl_->xacts.of_kind(api::kind::kRebalance))
        if (!x->finished()) return true;
    return false;
}

bool Target::resilvering() const {
    for (auto& x : impl_->xacts.of_kind(api::kind::kResilver))
        if (!x->finished()) return true;
    return false;
}

// ---- BMD ----

void Target::Impl::on_bmd(const api::BMD* prev, const api::BMD& now) {
    for (const auto& b : now.buckets()) {
        if (!b.is_ais()) continue;
        const Bprops* was = prev ? prev->find(b) : nullptr;
        const Bprops* is = now.find(b);
        if (was && is && was->bid == is->bid) continue;
        if (was) {  // destroyed and re-created between two versions we saw
            log::info("{}: bucket re-created, removing the old content", b.cname());
            lcache.drop_prefix(b.uname());
            mpaths.destroy_bucket_dirs(b);
        }
        mpaths.create_bucket_dirs(b);
    }
    if (!prev) return;
    for (const auto& b : prev->buckets()) {
        if (!b.is_ais() || now.find(b)) continue;
        log::info("{}: bucket destroyed, removing its objects", b.cname());
        lcache.drop_prefix(b.uname());
        mpaths.destroy_bucket_dirs(b);
    }
}

// A bucket being renamed takes no writes: they would be lost when the source goes away. The
// source stays read-only until the proxy removes it (success) or the destination (failure).
void Target::Impl::check_not_moving(const api::Bck& b) const {
    for (const auto& x : xacts.of_kind(api::act::kMoveBck)) {
        if (!(x->src_bck == b)) continue;
        auto bmd = env.meta.bmd();
        if (bmd->find(x->dst_bck) && bmd->find(b))
            throw ErrConflict(tname() + ": bucket " + b.cname() + " is being renamed to " + x->dst_bck.cname() +
                              " (job " + x->id() + "): no writes until it is done");
    }
}

void Target::Impl::require_redirect(const Request& req, const ObjRef& ref) const {
    if (!req.query.has(api::qp::kPid))
        throw ErrBadRequest(tname() + ": direct " + req.method + " " + ref.cname() +
                            " is not allowed: send the request to a proxy (AIS gateway)");
}

// ---- routing ----

Task<void> Target::Impl::objects(Request& req, Response& resp) {
    const auto t0 = std::chrono::steady_clock::now();
    std::exception_ptr ep;
    try {
        auto t = object_op(req, resp);
        co_await std::move(t);
    } catch (...) {
        ep = std::current_exception();
    }
    count_object_op(req, resp, std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count(),
                    ep != nullptr || resp.status >= 400);
    if (ep) std::rethrow_exception(ep);
}

// AIS's counters of object requests (stats::NodeMetrics): count, cumulative time and bytes of
// GET/PUT/HEAD/APPEND, counts of DELETE and rename, and an error counter for each; the
// proxy-to-target redirect latency from the proxy's `utm` stamp.
void Target::Impl::count_object_op(const Request& req, const Response& resp, int64_t ns, bool failed) {
    auto& m = *env.metrics;
    const std::string& meth = req.method;
    auto redir = [&](stats::Metric* lat) {
        auto utm = req.query.get(api::qp::kUnixTime);
        if (utm.empty()) return;
        int64_t sent = 0;
        try {
            sent = static_cast<int64_t>(std::stoull(std::string(utm), nullptr, 36));
        } catch (const std::exception&) {
            return;
        }
        const int64_t d = now_ns() - sent;
        if (d > 0 && d < 60'000'000'000) lat->add(d);
    };
    if (meth == "GET") {
        if (failed) return m.err_get_n->add();
        m.get(ns, static_cast<int64_t>(resp.file_length() ? resp.file_length() : resp.body.size()));
        redir(m.get_redir_ns);
    } else if (meth == "HEAD") {
        if (failed) return m.err_head_n->add();
        m.head_n->add();
        m.head_ns_total->add(ns);
    } else if (meth == "PUT" && req.query.has(api::qp::kAppendType)) {
        if (failed) return m.err_append_n->add();
        m.append_n->add();
        m.append_ns->add(ns);
    } else if (meth == "PUT") {
        if (failed) return m.err_put_n->add();
        m.put(ns, static_cast<int64_t>(req.content_length.value_or(0)));
        redir(m.put_redir_ns);
    } else if (meth == "DELETE") {
        (failed ? m.err_del_n : m.del_n)->add();
    } else if (meth == "POST") {
        (failed ? m.err_ren_n : m.ren_n)->add();
    }
}

Task<void> Target::Impl::object_op(Request& req, Response& resp) {
    // rest = "<bucket>/<object name>"
    std::string_view rest = req.rest;
    auto slash = rest.find('/');
    std::string_view bname = rest.substr(0, slash);
    if (bname.empty()) throw ErrBadRequest("invalid path \"" + req.path + "\": bucket name is missing");
    ObjRef ref = resolve_bck(bname, req.query);
    std::string obj = slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash + 1));
    if (obj.empty()) {
        if (req.method == "GET" && req.query.has("uploads")) {
            if (!req.query.has(api::qp::kPid))
                throw ErrBadRequest(tname() + ": listing multipart uploads is internal (send it to a proxy)");
            mpu_list(resp, ref);
            co_return;
        }
        // Bucket-level object actions (promote, blob-download) are not served by this target.
        throw ErrNotImplemented(tname() + ": " + req.method + " " + ref.bck.cname() +
                                ": object name is missing or the action is not supported");
    }
    resolve_obj(ref, std::move(obj));
    const std::string& m = req.method;
    if (m != "GET" && m != "HEAD") check_not_moving(ref.bck);
    try {
        if (req.query.has(api::qp::kUploadId)) {
            require_redirect(req, ref);
            co_await mpu(req, resp, ref);
        } else if (m == "GET") {
            co_await get_obj(req, resp, ref);
        } else if (m == "HEAD") {
            co_await head_obj(req, resp, ref);
        } else if (m == "PUT") {
            require_redirect(req, ref);
            co_await put(req, resp, ref);
        } else if (m == "DELETE") {
            require_redirect(req, ref);
            co_await delete_obj(req, resp, ref);
        } else if (m == "PATCH") {
            require_redirect(req, ref);
            co_await patch_obj(req, resp, ref);
        } else if (m == "POST") {
            require_redirect(req, ref);
            co_await post_obj(req, resp, ref);
        } else {
            resp.status = 405;
            resp.headers.set("Allow", "GET, HEAD, PUT, DELETE, PATCH, POST");
            resp.set_text("Method Not Allowed");
        }
    } catch (const fs::FsError& e) {
        throw_fs(e, ref);
    }
}

Task<void> Target::Impl::buckets(Request& req, Response& resp) {
    std::string_view rest = req.rest;
    if (rest.empty() || rest.find('/') != std::string_view::npos)
        throw ErrBadRequest(tname() + ": " + req.method + " " + req.path + ": expected /v1/buckets/<bucket>");
    ObjRef ref = resolve_bck(rest, req.query);
    if (req.method == "HEAD") {
        resp.headers.set(api::hdr::kBucketProps, config::to_json(*ref.props));
        co_return;
    }
    std::string body = co_await req.read_all(1 << 20);
    const auto t0 = std::chrono::steady_clock::now();
    try {
        co_await list_objects(req, resp, ref, body);
    } catch (const fs::FsError& e) {
        env.metrics->err_lst_n->add();
        throw Error(500, tname() + ": listing " + ref.bck.cname() + ": " + e.what());
    } catch (...) {
        env.metrics->err_lst_n->add();
        throw;
    }
    env.metrics->lst_n->add();
    env.metrics->lst_ns->add(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count());
}

}  // namespace ais::node
