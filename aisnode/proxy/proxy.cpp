#include "aisnode/proxy/proxy.hpp"

#include "aisnode/meta/fanout.hpp"
#include "aisnode/meta/metasync.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/err_http.hpp"
#include "shared/api/lso.hpp"
#include "shared/api/msgs.hpp"
#include "shared/config/bprops.hpp"
#include "shared/config/schema.hpp"
#include "shared/net/client.hpp"
#include "shared/net/work_pool.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/ids.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <mutex>

namespace ais::node {

namespace {

constexpr int64_t kDefaultPageSize = 10000;

std::string not_exist(const api::Bck& b) { return "bucket \"" + b.cname() + "\" does not exist"; }

// Turns a non-2xx answer from another node into the same error for our client.
void check(const net::ClientResponse& r) {
    if (r.ok()) return;
    auto e = api::parse_err_http(r.status, r.body);
    throw Error(r.status, e.message, e.tcode);
}

}  // namespace

Proxy::Proxy(NodeEnv& env) : env_(env) {}

bool Proxy::is_primary() const { return env_.meta.smap()->is_primary(env_.id()); }

void Proxy::become_primary() {
    std::lock_guard lk(env_.meta.update_mutex());
    auto smap = std::make_shared<api::Smap>(*env_.meta.smap());
    if (smap->uuid.empty()) {
        smap->uuid = gen_cluster_uuid();
        smap->creation_time = rfc3339_ns(now_ns());
    }
    smap->primary = env_.self;
    smap->pmap[env_.id()] = env_.self;
    smap->version++;
    env_.meta.put_smap(smap, true);
    if (env_.meta.bmd()->uuid.empty()) {
        auto bmd = std::make_shared<api::BMD>(*env_.meta.bmd());
        bmd->uuid = smap->uuid;
        bmd->version = std::max<int64_t>(bmd->version, 1);
        env_.meta.put_bmd(bmd, true);
    }
    auto cfg = std::make_shared<config::ClusterConfig>(*env_.meta.cluster_config());
    if (cfg->uuid.empty() || cfg->config_version == 0) {
        cfg->uuid = smap->uuid;
        cfg->config_version = std::max<int64_t>(cfg->config_version, 1);
        env_.meta.put_config(cfg, true);
    }
    log::info("{}: primary of cluster {} (Smap v{}, {} targets)", env_.self.name(), smap->uuid, smap->version,
              smap->tmap.size());
}

void Proxy::add_routes(net::Router& r) {
    auto bind = [this](auto fn) {
        return [this, fn](net::Request& req, net::Response& resp) -> net::Task<void> {
            co_await (this->*fn)(req, resp);
        };
    };
    r.add("*", "/v1/buckets", bind(&Proxy::buckets));
    r.add("*", "/v1/objects", bind(&Proxy::objects));
    r.add("GET", "/v1/cluster", bind(&Proxy::cluster_get));
    r.add("PUT", "/v1/cluster", bind(&Proxy::cluster_put));
    r.add("POST", "/v1/cluster/autoreg", bind(&Proxy::autoreg));
    r.add("POST", "/v1/cluster/keepalive", bind(&Proxy::keepalive));
    r.add("PUT", "/v1/vote/init", bind(&Proxy::vote_init));
    r.add("*", "/v1/reverse", bind(&Proxy::reverse));
}

net::Task<void> Proxy::health_prr(net::Request& req, net::Response& resp) {
    auto smap = env_.meta.smap();
    if (!is_primary()) {
        net::ClientRequest pr{.method = "GET", .url = smap->primary.intra_control_net.direct_url + "/v1/health?prr=true"};
        auto r = co_await env_.client->co_call(pr);
        check(r);
        co_return;
    }
    (void)req;
    (void)resp;
    if (smap->count_active_targets() == 0) throw ErrUnavailable("primary " + env_.self.name() + ": no targets yet");
}

// ---- metasync and forwarding ----

net::Task<void> Proxy::metasync(bool smap, bool bmd, bool config, bool rmd) {
    auto body = cluster_meta_json(env_.meta, smap, bmd, config, rmd);
    auto snap = env_.meta.smap();
    const std::vector<std::string> skip_self{env_.id()};
    auto calls = calls_to_nodes(env_, *snap, true, true, skip_self, "PUT", "/v1/metasync", body, 1);
    auto replies = co_await fanout(env_, std::move(calls));
    for (const auto& r : replies)
        if (!r.ok()) log::warn("metasync: {}", r.what());
}

net::Task<void> Proxy::relay(net::Request& req, net::Response& resp, const std::string& url, const std::string& body) {
    net::ClientRequest fr{.method = req.method, .url = url, .body = body, .follow_redirects = false};
    for (const auto& [k, v] : req.headers)
        if (!iequals(k, "Host") && !iequals(k, "Content-Length") && !iequals(k, "Transfer-Encoding") &&
            !iequals(k, "Connection"))
            fr.headers.add(k, v);
    auto r = co_await env_.client->co_call(fr);
    resp.status = r.status;
    for (const auto& [k, v] : r.headers)
        if (!iequals(k, "Content-Length") && !iequals(k, "Transfer-Encoding") && !iequals(k, "Connection"))
            resp.headers.add(k, v);
    resp.body = std::move(r.body);
}

net::Task<void> Proxy::forward_to_primary(net::Request& req, net::Response& resp, const std::string& body) {
    const std::string url = env_.meta.smap()->primary.intra_control_net.direct_url + req.target;
    co_await relay(req, resp, url, body);
}

// /v1/reverse/daemon[/...]: the same request to the node named by Ais-Node-Id, at /v1/daemon[/...],
// its answer returned verbatim (spec §6: the SDK's get_performance/get_node_log, `ais show config NODE`).
net::Task<void> Proxy::reverse(net::Request& req, net::Response& resp) {
    std::string body = co_await req.read_all(16u << 20);
    if (req.rest != "daemon" && !req.rest.starts_with("daemon/"))
        throw ErrBadRequest("invalid path \"" + req.path + "\": expecting /v1/reverse/daemon[/...]");
    std::string id(req.headers.get(api::hdr::kNodeId));
    if (id.size() > 3 && (id.starts_with("t[") || id.starts_with("p[")) && id.back() == ']')
        id = id.substr(2, id.size() - 3);
    if (id.empty()) throw ErrBadRequest("missing " + std::string(api::hdr::kNodeId) + " header (the node to reach)");
    auto smap = env_.meta.smap();
    const api::Snode* node = smap->get_target(id);
    if (!node) node = smap->get_proxy(id);
    if (!node) throw ErrNotFound("node \"" + id + "\" does not exist");
    std::string url = node->intra_control_net.direct_url + "/v1" + req.raw_path.substr(std::string_view("/v1/reverse").size());
    if (!req.raw_query.empty()) url += "?" + req.raw_query;
    co_await relay(req, resp, url, body);
}

// ---- cluster ----

net::Task<void> Proxy::autoreg(net::Request& req, net::Response& resp) {
    auto body = co_await req.read_all();
    if (!is_primary()) co_return co_await forward_to_primary(req, resp, body);
    auto node = api::from_json<api::Snode>(body);
    if (node.daemon_id.empty() || (!node.is_proxy() && !node.is_target()))
        throw ErrBadRequest("autoreg: invalid node");
    bool changed = false, reb = false;
    // Persisting fsyncs: off the io thread (the update lock is held there, not across a co_await).
    // A new target's rebalance is in the reply: it asks its peers for what has not arrived yet.
    co_await net::meta_pool().run([&] {
        std::lock_guard lk(env_.meta.update_mutex());
        changed = add_node(node);
        reb = changed && node.is_target() && want_rebalance();
        if (reb) next_rmd();
    });
    heard(node.daemon_id);
    resp.set_json(cluster_meta_json(env_.meta, true, true, true, true));
    if (!changed) co_return;
    co_await metasync(true, false, false, reb);
    if (reb) ensure_reb_monitor();
}

net::Task<void> Proxy::cluster_get(net::Request& req, net::Response& resp) {
    auto what = req.query.get(api::qp::kWhat);
    std::string body = co_await req.read_all();  // job queries carry a QueryMsg
    if (what == api::what::kStatus || what == api::what::kStatusAll || what == api::what::kRunningAll ||
        what == api::what::kQueryXactStats) {
        co_return co_await job_query(req, resp, what, body);
    }
    if (what == api::what::kSysInfo || what == api::what::kBackends || what == api::what::kRemote) {
        auto t = cluster_info(req, resp, std::string(what));
        co_await std::move(t);
        co_return;
    }
    if (what == api::what::kSmap || what.empty()) {
        resp.set_json(api::to_json(*env_.meta.smap()));
    } else if (what == api::what::kBMD) {
        resp.set_json(api::to_json(*env_.meta.bmd()));
    } else if (what == api::what::kSnode) {
        resp.set_json(api::to_json(env_.self));
    } else if (what == api::what::kClusterConfig || what == api::what::kConfig) {
        resp.set_json(config::to_json(*env_.meta.cluster_config(), true));
    } else if (what == api::what::kTargetIPs) {
        std::string ips;
        for (const auto& [id, t] : env_.meta.smap()->tmap) {
            if (!ips.empty()) ips += ',';
            ips += t.public_net.node_ip_addr;
        }
        resp.set_text(ips);
    } else {
        throw ErrBadRequest(unknown_cluster_what(what));
    }
}

net::Task<void> Proxy::cluster_put(net::Request& req, net::Response& resp) {
    auto body = co_await req.read_all();
    if (!is_primary()) co_return co_await forward_to_primary(req, resp, body);
    if (req.rest == "set-config") {
        std::vector<std::pair<std::string, std::string>> kvs;
        for (const auto& [k, v] : req.query.params())
            if (k != "transient") kvs.emplace_back(k, v);
        const std::string no_json;
        co_await set_config(std::move(kvs), no_json);
        co_return;
    }
    if (req.rest.starts_with("proxy/")) {
        std::string id = req.rest.substr(6);
        co_await set_primary(std::move(id));
        co_return;
    }
    if (!req.rest.empty()) throw ErrBadRequest("invalid path /v1/cluster/" + req.rest);
    auto msg = api::from_json<api::ActMsg>(body);
    if (msg.action == api::act::kSetConfig) {
        std::vector<std::pair<std::string, std::string>> none;
        co_await set_config(std::move(none), msg.value);
    } else if (msg.action == api::act::kXactStart || msg.action == api::act::kXactStop) {
        co_await job_start_stop(req, resp, msg);
    } else if (msg.action == api::act::kStartMaintenance || msg.action == api::act::kStopMaintenance ||
               msg.action == api::act::kShutdownNode || msg.action == api::act::kDecommissionNode ||
               msg.action == api::act::kRmNodeUnsafe || msg.action == api::act::kShutdownCluster ||
               msg.action == api::act::kDecommissionCluster) {
        co_await membership(req, resp, msg);
    } else {
        throw ErrNotImplemented("cluster action \"" + msg.action + "\" is not supported yet");
    }
}

net::Task<void> Proxy::set_config(std::vector<std::pair<std::string, std::string>> kvs, const std::string& json) {
    // Persisting fsyncs: off the io thread (the update lock is held there, not across a co_await).
    co_await net::meta_pool().run([&] {
        std::lock_guard lk(env_.meta.update_mutex());
        auto cfg = std::make_shared<config::ClusterConfig>(*env_.meta.cluster_config());
        if (!kvs.empty()) config::set_kvs(*cfg, kvs);
        if (!json.empty() && json != "null") config::apply_json(*cfg, json);
        cfg->config_version++;
        env_.meta.put_config(cfg);
    });
    co_await metasync(false, false, true);
}

// ---- buckets ----

net::Task<void> Proxy::buckets(net::Request& req, net::Response& resp) {
    auto body = co_await req.read_all();
    std::string name = req.rest;
    std::string info_prefix;  // HEAD /v1/buckets/B/<prefix>: bucket info of a prefix
    if (req.method == "HEAD" && req.query.has(api::qp::kBsummRemote) && name.find('/') != std::string::npos) {
        info_prefix = name.substr(name.find('/') + 1);
        name.resize(name.find('/'));
    }
    if (name.find('/') != std::string::npos) throw ErrBadRequest("invalid bucket name \"" + name + "\"");
    api::ActMsg msg;
    if (!body.empty()) msg = api::from_json<api::ActMsg>(body);
    if (req.method == "GET" && msg.action == api::act::kSummaryBck) co_return co_await summary(req, resp, name, msg);

    if (req.method == "GET") {
        if (msg.action == api::act::kList || msg.action.empty()) {
            if (name.empty() || !msg.has_value()) {
                // value null: list buckets (name, if given, filters)
                auto provider = api::normalize_provider(req.query.get(api::qp::kProvider));
                auto all = env_.meta.bmd()->buckets(provider);
                if (!name.empty())
                    std::erase_if(all, [&](const api::Bck& b) { return b.name != name; });
                resp.set_json(api::to_json(all));
                co_return;
            }
            co_return co_await list_objects(req, resp, name, msg.value);
        }
        throw ErrNotImplemented("bucket action \"" + msg.action + "\" is not supported yet");
    }
    if (name.empty()) throw ErrBadRequest(req.method + " /v1/buckets requires a bucket name");
    auto bck = api::bck_from_query(name, req.query);
    if (req.method == "HEAD" && req.query.has(api::qp::kBsummRemote)) {
        if (!info_prefix.empty()) req.query.add("prefix", info_prefix);
        co_return co_await bucket_info(req, resp, bck);
    }
    if (req.method == "HEAD") {
        auto bmd = env_.meta.bmd();
        const auto* props = bmd->find(bck);
        if (!props) throw ErrNotFound(not_exist(bck), "ErrBckNotFound");
        resp.headers.set(api::hdr::kBucketProps, config::to_json(*props));
        co_return;
    }
    if (!is_primary()) co_return co_await forward_to_primary(req, resp, body);
    if (req.method == "POST" && msg.action == api::act::kCreateBck) {
        co_await create_bucket(req, name, msg.value);
    } else if (req.method == "DELETE" && msg.action == api::act::kDestroyBck) {
        co_await destroy_bucket(req, name);
    } else if (req.method == "PATCH" &&
               (msg.action == api::act::kSetBprops || msg.action == api::act::kResetBprops)) {
        std::string id = co_await patch_bucket(req, name, msg.action, msg.value);
        if (!id.empty()) resp.set_text(id);
    } else if (req.method == "POST" && msg.action == api::act::kMakeNCopies) {
        co_await make_n_copies(req, resp, name, msg);
    } else if (req.method == "POST" && msg.action == api::act::kECEncode) {  // EC (issue 12)
        co_await ec_encode(req, resp, name, msg);
    } else if ((req.method == "POST" && (msg.action == api::act::kCopyBck || msg.action == api::act::kMoveBck ||
                                         msg.action == api::act::kCopyObjects)) ||
               (req.method == "DELETE" &&
                (msg.action == api::act::kDeleteObjects || msg.action == api::act::kEvictObjects))) {
        co_await bucket_job(req, resp, name, msg);
    } else {
        throw ErrNotImplemented("bucket action \"" + msg.action + "\" (" + req.method + ") is not supported yet");
    }
}

net::Task<void> Proxy::create_bucket(net::Request& req, const std::string& name, const std::string& value_json) {
    auto bck = api::bck_from_query(name, req.query);
    bck.validate();
    if (!bck.is_ais()) throw ErrNotImplemented("cannot create " + bck.cname() + ": only ais:// buckets are supported");
    boost::json::object mirror;  // mirroring asked for at creation
    // Persisting fsyncs: off the io thread (the update lock is held there, not across a co_await).
    co_await net::meta_pool().run([&] {
        std::lock_guard lk(env_.meta.update_mutex());
        auto bmd = std::make_shared<api::BMD>(*env_.meta.bmd());
        if (bmd->find(bck))
            throw ErrConflict("bucket \"" + bck.cname() + "\" already exists", "ErrBucketAlreadyExists");
        auto props = Bprops::from_cluster_defaults(*env_.meta.config());
        if (!value_json.empty() && value_json != "null") config::apply_json(props, value_json);
        check_bprops(props);
        // Mirroring is turned on after the bucket exists, once every target has agreed to it.
        if (props.mirror.enabled && props.mirror.copies > 1) {
            mirror = {{"enabled", true}, {"copies", props.mirror.copies}};
            props.mirror.enabled = false;
        }
        props.provider = std::string(bck.prov());
        props.bid = static_cast<uint64_t>(bmd->version + 1) | (1ull << 62);
        props.created = now_ns();
        bmd->add(bck, std::move(props));
        bmd->version++;
        env_.meta.put_bmd(bmd);
    });
    log::info("created bucket {}", bck.cname());
    co_await metasync(false, true, false);
    if (mirror.empty()) co_return;
    std::exception_ptr err;
    try {
        const std::string set = boost::json::serialize(boost::json::object{{"mirror", mirror}}), action = api::act::kSetBprops;
        co_await patch_bucket(req, name, action, set);
    } catch (...) {
        err = std::current_exception();
    }
    if (err) {  // (no co_await inside a catch: GCC 12)
        co_await destroy_bucket(req, name);
        std::rethrow_exception(err);
    }
}

net::Task<void> Proxy::destroy_bucket(net::Request& req, const std::string& name) {
    auto bck = api::bck_from_query(name, req.query);
    // Persisting fsyncs: off the io thread (the update lock is held there, not across a co_await).
    co_await net::meta_pool().run([&] {
        std::lock_guard lk(env_.meta.update_mutex());
        auto bmd = std::make_shared<api::BMD>(*env_.meta.bmd());
        if (!bmd->del(bck)) throw ErrNotFound(not_exist(bck), "ErrBckNotFound");
        bmd->version++;
        env_.meta.put_bmd(bmd);
    });
    log::info("destroyed bucket {}", bck.cname());
    co_await metasync(false, true, false);
}

net::Task<void> Proxy::list_objects(net::Request& req, net::Response& resp, const std::string& name,
                                    const std::string& value_json) {
    auto bck = api::bck_from_query(name, req.query);
    auto bmd = env_.meta.bmd();
    if (!bmd->find(bck)) throw ErrNotFound(not_exist(bck), "ErrBckNotFound");
    auto msg = api::from_json<api::LsoMsg>(value_json);
    const auto t0 = std::chrono::steady_clock::now();
    auto lt = list_merge(env_, bck, msg);
    api::LsoRes res;
    try {
        res = co_await std::move(lt);
    } catch (...) {
        env_.metrics->err_lst_n->add();
        throw;
    }
    env_.metrics->lst_n->add();
    env_.metrics->lst_ns->add(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count());
    if (req.headers.get("Accept").find("application/msgpack") != std::string_view::npos)
        resp.set_body(api::to_msgpack(res), "application/msgpack");
    else
        resp.set_json(api::to_json(res));
}

// ---- objects: redirect to the HRW target ----

net::Task<void> Proxy::objects(net::Request& req, net::Response& resp) {
    auto slash = req.rest.find('/');
    if (req.method == "POST" && (slash == std::string::npos || slash + 1 == req.rest.size())) {
        // Bucket-level object actions: promote.
        std::string body = co_await req.read_all(1 << 20);
        auto msg = body.empty() ? api::ActMsg{} : api::from_json<api::ActMsg>(body);
        const std::string bucket = req.rest.substr(0, slash);
        if (msg.action == api::act::kPromote) co_return co_await promote(req, resp, bucket, msg);
        throw ErrBadRequest("POST /v1/objects/" + req.rest + ": invalid action \"" + msg.action + "\"");
    }
    if (slash == std::string::npos || slash + 1 >= req.rest.size())
        throw ErrNotImplemented(req.method + " /v1/objects/" + req.rest + " is not supported yet");
    std::string name = req.rest.substr(0, slash);
    std::string obj = req.rest.substr(slash + 1);
    auto bck = api::bck_from_query(name, req.query);
    api::validate_obj_name(obj);
    auto bmd = env_.meta.bmd();
    if (!bmd->find(bck)) throw ErrNotFound(not_exist(bck), "ErrBckNotFound");
    auto smap = env_.meta.smap();
    const api::Snode* t = nullptr;
    // An append continues on the target that holds the handle's work file.
    if (auto h = req.query.get(api::qp::kAppendHandle); !h.empty()) {
        t = smap->get_target(h.substr(0, h.find('|')));
        if (!t) throw ErrBadRequest("invalid append handle \"" + std::string(h) + "\"");
    } else {
        t = smap->hrw_target(bck.obj_uname(obj));
    }
    if (!t) throw ErrUnavailable("no targets in the cluster map");
    std::string loc = t->public_net.direct_url + req.raw_path + "?";
    if (!req.raw_query.empty()) loc += req.raw_query + "&";
    loc += std::string(api::qp::kPid) + "=" + env_.id() + "&utm=" + base36(static_cast<uint64_t>(now_ns()));
    resp.status = req.method == "GET" ? 301 : 307;
    resp.headers.set("Location", loc);
    // AIS's proxy counts the object requests it redirects.
    auto& m = *env_.metrics;
    if (req.method == "GET") m.get_n->add();
    else if (req.method == "HEAD") m.head_n->add();
    else if (req.method == "PUT") (req.query.has(api::qp::kAppendType) ? m.append_n : m.put_n)->add();
    else if (req.method == "DELETE") m.del_n->add();
    else if (req.method == "POST") m.ren_n->add();
    co_return;
}

}  // namespace ais::node
