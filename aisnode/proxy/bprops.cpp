// Bucket props that do something when they change: set-bprops/reset-bprops validated before the
// BMD changes, and mirroring, whose change runs make-n-copies on every target (AIS's
// makeNCopies): the targets first agree (each checks the copies against its mountpaths), then
// the props change, then the job starts; a refusal leaves the props as they were.
#include "aisnode/proxy/proxy.hpp"

#include "shared/api/apc.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/msgs.hpp"
#include "shared/config/bprops.hpp"
#include "shared/config/schema.hpp"
#include "shared/net/work_pool.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

#include <boost/json.hpp>

#include <mutex>

namespace ais::node {

namespace {

std::string not_exist(const api::Bck& b) { return "bucket \"" + b.cname() + "\" does not exist"; }

int64_t replicas(const Bprops& p) { return p.mirror.enabled && p.mirror.copies > 1 ? p.mirror.copies : 1; }

}  // namespace

void Proxy::check_bprops(const Bprops& p) const {
    if (p.ec.enabled)
        throw ErrNotImplemented("erasure coding (ec.enabled) is not supported by this cluster yet");
}

net::Task<std::string> Proxy::patch_bucket(net::Request& req, const std::string& name, const std::string& action,
                                           const std::string& value_json) {
    auto bck = api::bck_from_query(name, req.query);
    if (action == api::act::kSetBprops && (value_json.empty() || value_json == "null"))
        throw ErrBadRequest("set-bprops: no properties given");
    auto apply = [&](const Bprops& cur) {
        if (action == api::act::kResetBprops) {
            auto fresh = Bprops::from_cluster_defaults(*env_.meta.config());
            fresh.provider = cur.provider;
            fresh.bid = cur.bid;
            fresh.created = cur.created;
            return fresh;
        }
        Bprops next = cur;
        config::apply_json(next, value_json);
        return next;
    };
    // 1. The new props, validated against the current ones (nothing changes yet).
    int64_t before = 1, after = 1;
    {
        auto bmd = env_.meta.bmd();
        const Bprops* cur = bmd->find(bck);
        if (!cur) throw ErrNotFound(not_exist(bck), "ErrBckNotFound");
        Bprops next = apply(*cur);
        check_bprops(next);
        before = replicas(*cur);
        after = replicas(next);
    }
    // 2. A change of mirroring: every target prepares make-n-copies (and may refuse).
    JobReq jr{.kind = api::act::kMakeNCopies, .bck = bck, .msg = std::to_string(after)};
    const bool mnc = before != after;
    if (mnc) co_await begin_job(jr);
    // 3. The props (persisting fsyncs: off the io thread; the update lock is not held across a co_await).
    std::exception_ptr err;
    try {
        co_await net::meta_pool().run([&] {
            std::lock_guard lk(env_.meta.update_mutex());
            auto bmd = std::make_shared<api::BMD>(*env_.meta.bmd());
            auto* props = bmd->find(bck);
            if (!props) throw ErrNotFound(not_exist(bck), "ErrBckNotFound");
            *props = apply(*props);
            bmd->version++;
            env_.meta.put_bmd(bmd);
        });
    } catch (...) {
        err = std::current_exception();
    }
    if (err) {  // (no co_await inside a catch: GCC 12)
        if (mnc) co_await discard_job(jr);
        std::rethrow_exception(err);
    }
    co_await metasync(false, true, false);
    if (!mnc) co_return std::string();
    // 4. The copies, now that every target has the new props.
    co_await commit_job(jr);
    log::info("{}: mirroring {} -> {} replicas: make-n-copies[{}]", bck.cname(), before, after, jr.id);
    co_return jr.id;
}

net::Task<void> Proxy::make_n_copies(net::Request& req, net::Response& resp, const std::string& name,
                                     const api::ActMsg& msg) {
    boost::json::error_code ec;
    auto v = boost::json::parse(msg.value, ec);
    int64_t n = -1;
    if (!ec && v.is_int64()) n = v.as_int64();
    if (!ec && v.is_uint64()) n = static_cast<int64_t>(std::min<uint64_t>(v.as_uint64(), 1 << 20));
    if (!ec && v.is_string()) {
        try {
            n = std::stoll(std::string(v.as_string()));
        } catch (const std::exception&) {
        }
    }
    if (n < 1 || n > 32)
        throw ErrBadRequest("invalid number of copies " + msg.value + ", must be in [1, 32] range");
    boost::json::object mirror{{"copies", n}};
    if (n > 1) mirror["enabled"] = true;
    else mirror["enabled"] = false;
    const std::string set = boost::json::serialize(boost::json::object{{"mirror", mirror}});
    const std::string action = api::act::kSetBprops;
    std::string id = co_await patch_bucket(req, name, action, set);
    if (id.empty()) {  // the props already say so: the job still runs, to complete what is missing
        JobReq jr{.kind = api::act::kMakeNCopies, .bck = api::bck_from_query(name, req.query), .msg = std::to_string(n)};
        id = co_await start_job(std::move(jr));
    }
    resp.set_text(id);
}

}  // namespace ais::node
