// Bucket props that do something when they change: set-bprops/reset-bprops validated before the
// BMD changes, and mirroring, whose change runs make-n-copies on every target (AIS's
// makeNCopies): the targets first agree (each checks the copies against its mountpaths), then
// the props change, then the job starts; a refusal leaves the props as they were.
#include "aisnode/proxy/proxy.hpp"

#include "aisnode/ec/ec.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/msgs.hpp"
#include "shared/config/bprops.hpp"
#include "shared/config/schema.hpp"
#include "shared/net/work_pool.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdint>
#include <mutex>

namespace ais::node {

namespace {

std::string not_exist(const api::Bck& b) { return "bucket \"" + b.cname() + "\" does not exist"; }

int64_t replicas(const Bprops& p) { return p.mirror.enabled && p.mirror.copies > 1 ? p.mirror.copies : 1; }

}  // namespace

// EC (issue 12): AIS's ECConf.ValidateAsProps: slices in [1, 32], and D+P+1 active targets (P+1
// when every object is replicated) -- 400 with AIS's message, the props unchanged.
void Proxy::check_bprops(const Bprops& p) const {
    if (!p.ec.enabled) return;
    // Slices travel uncompressed here: a setting that would do nothing is refused rather than kept.
    if (p.ec.compression != "never")
        throw ErrNotImplemented("ec.compression \"" + p.ec.compression +
                                "\" is not supported by this cluster (slices are sent uncompressed): use \"never\"");
    ec::validate_slices(p.ec.data_slices, p.ec.parity_slices);
    const int targets = static_cast<int>(env_.meta.smap()->count_active_targets());
    auto c = ec::check_targets(p.ec.data_slices, p.ec.parity_slices, p.ec.objsize_limit, targets);
    if (!c.err.empty()) throw Error(400, c.err, "ErrNotEnoughTargets");
}

namespace {

// EC (issue 12). AIS's message for slices out of range ("invalid ec.data_slices: 0 (expected value in
// range [1, 32])") rather than the schema's, when the request sets them.
void check_ec_json(const std::string& value_json) {
    boost::json::error_code ec;
    auto v = boost::json::parse(value_json, ec);
    if (ec || !v.is_object()) return;
    const auto* e = v.as_object().if_contains("ec");
    if (!e || !e->is_object()) return;
    auto num = [&](const char* key) {  // a number, or a string of one (the CLI's dotted keys)
        const auto* x = e->as_object().if_contains(key);
        int64_t n = ec::kMinSlices;
        if (x && x->is_int64()) n = x->as_int64();
        if (x && x->is_string()) {
            try {
                n = std::stoll(std::string(x->as_string()));
            } catch (const std::exception&) {  // not a number: the schema says so
            }
        }
        return static_cast<int>(std::clamp<int64_t>(n, INT32_MIN, INT32_MAX));
    };
    ec::validate_slices(num("data_slices"), num("parity_slices"));
}

// AIS (makeNewBckProps): "once enabled, EC configuration can be only disabled but cannot change".
void check_ec_change(const Bprops& cur, const Bprops& next) {
    if (!cur.ec.enabled || !next.ec.enabled) return;
    if (cur.ec.data_slices != next.ec.data_slices || cur.ec.parity_slices != next.ec.parity_slices ||
        cur.ec.objsize_limit != next.ec.objsize_limit)
        throw ErrBadRequest("once enabled, EC configuration can be only disabled but cannot change");
}

}  // namespace

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
        if (action == api::act::kSetBprops) check_ec_json(value_json);  // EC (issue 12)
        Bprops next = apply(*cur);
        check_ec_change(*cur, next);  // EC (issue 12)
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

// EC (issue 12). POST /v1/buckets/B {"action":"ec-encode","value":"{\"data_slices\":D,\"parity_slices\":P,
// \"enabled\":true}"} (AIS's api.ECEncodeBucket sends the value as a JSON string; an object is taken
// too; "name":"ec-recover" re-encodes every object): sets ec.* (validated as set-bprops does), then
// runs ec-encode on every target. Replies with the job id.
net::Task<void> Proxy::ec_encode(net::Request& req, net::Response& resp, const std::string& name, const api::ActMsg& msg) {
    boost::json::error_code jec;
    auto v = boost::json::parse(msg.value, jec);
    if (!jec && v.is_string()) v = boost::json::parse(std::string(v.as_string()), jec);
    if (jec || !v.is_object()) throw ErrBadRequest("ec-encode: invalid request (expected EC configuration, e.g. {\"data_slices\":2,\"parity_slices\":2})");
    auto& o = v.as_object();
    if (!o.if_contains("data_slices")) throw ErrBadRequest("missing number of data slices");
    if (!o.if_contains("parity_slices")) throw ErrBadRequest("missing number of parity slices");
    boost::json::object conf;
    for (const char* k : {"data_slices", "parity_slices", "objsize_limit"})
        if (const auto* x = o.if_contains(k)) conf[k] = *x;
    conf["enabled"] = true;
    auto bck = api::bck_from_query(name, req.query);
    {
        auto bmd = env_.meta.bmd();
        const Bprops* cur = bmd->find(bck);
        if (!cur) throw ErrNotFound(not_exist(bck), "ErrBckNotFound");
        if (cur->ec.enabled) {
            const auto d = conf["data_slices"], p = conf["parity_slices"];
            if (!d.is_int64() || !p.is_int64() || d.as_int64() != cur->ec.data_slices || p.as_int64() != cur->ec.parity_slices)
                throw ErrBadRequest(env_.self.name() + ": EC is already enabled on the bucket " + bck.cname());
            conf.erase("objsize_limit");  // as it is
        }
    }
    const std::string set = boost::json::serialize(boost::json::object{{"ec", conf}}), action = api::act::kSetBprops;
    co_await patch_bucket(req, name, action, set);
    JobReq jr{.kind = api::act::kECEncode, .bck = bck, .name = msg.name};
    std::string id = co_await start_job(std::move(jr));
    log::info("{}: erasure coding: ec-encode[{}]", bck.cname(), id);
    resp.set_text(id);
}

}  // namespace ais::node
