#include "aisnode/node/node.hpp"

#include "aisnode/meta/fanout.hpp"
#include "aisnode/meta/metasync.hpp"
#include "shared/api/msgs.hpp"
#include "shared/net/async.hpp"
#include "shared/net/work_pool.hpp"
#include "aisnode/proxy/proxy.hpp"
#include "aisnode/s3/s3.hpp"
#include "aisnode/target/target.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/codec.hpp"
#include "shared/config/schema.hpp"
#include "shared/net/client.hpp"
#include "shared/net/server.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/ids.hpp"
#include "shared/util/log.hpp"

#include <boost/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

namespace ais::node {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

Node::Node(NodeArgs args) : args_(std::move(args)) {}

Node::~Node() { stop(); }

void Node::load_identity() {
    auto local = config::load_toml<config::LocalConfig>(args_.local_config_path);
    if (!args_.role.empty()) local.role = args_.role;
    if (local.role != "proxy" && local.role != "target")
        throw ErrBadRequest("--role must be proxy or target (got \"" + local.role + "\")");
    if (local.confdir.empty()) throw ErrBadRequest("local config: confdir is required");
    fs::create_directories(local.confdir);
    env_ = std::make_unique<NodeEnv>(local.confdir);
    env_->local = local;
    env_->start_ns = now_ns();

    // The node ID is made once and kept: a restarted node is the same node.
    std::string id_path = local.confdir + "/daemon_id";
    std::string id;
    if (std::ifstream in(id_path); in) std::getline(in, id);
    if (id.empty()) {
        id = (local.role == "proxy" ? "p" : "t") + gen_node_id();
        std::ofstream(id_path) << id << "\n";
    }
    auto& s = env_->self;
    s.set_id(id);
    s.daemon_type = local.role == "proxy" ? api::Snode::kProxy : api::Snode::kTarget;
    std::string host = local.host_net.hostname.empty() ? "127.0.0.1" : local.host_net.hostname;
    auto netinfo = [&](const std::string& h, int port) {
        api::NetInfo n;
        n.node_ip_addr = h.empty() ? host : h;
        n.daemon_port = std::to_string(port ? port : local.host_net.port);
        n.direct_url = "http://" + n.node_ip_addr + ":" + n.daemon_port;
        return n;
    };
    s.public_net = netinfo(host, local.host_net.port);
    s.intra_control_net = netinfo(local.host_net.hostname_intra_control, local.host_net.port_intra_control);
    s.intra_data_net = netinfo(local.host_net.hostname_intra_data, local.host_net.port_intra_data);
    env_->meta.load();
    if (env_->meta.cluster_config()->config_version == 0 && !args_.cluster_config_path.empty()) {
        auto c = std::make_shared<config::ClusterConfig>(
            config::load_toml<config::ClusterConfig>(args_.cluster_config_path));
        env_->meta.put_config(c, true);
    }
    if (env_->meta.config()->net.http.use_https) {
        for (auto* n : {&s.public_net, &s.intra_control_net, &s.intra_data_net})
            n->direct_url = "https://" + n->direct_url.substr(7);
    }
    init_logging();
}

void Node::start() {
    load_identity();
    env_->metrics = std::make_unique<stats::NodeMetrics>(!env_->is_proxy(), env_->start_ns);
    track_state_flags();
    auto cfg = env_->meta.config();
    net::ServerOptions so;
    so.metrics = env_->metrics.get();
    so.host = env_->local.host_net.hostname.empty() ? "0.0.0.0" : env_->local.host_net.hostname;
    so.port = static_cast<uint16_t>(env_->local.host_net.port);
    so.threads = env_->local.io_threads;
    so.node_name = env_->self.name();
    if (cfg->net.http.use_https) {
        so.tls_cert_file = cfg->net.http.server_crt;
        so.tls_key_file = cfg->net.http.server_key;
    }
    net::Router router;
    add_common_routes(router);
    add_metrics_route(router);
    if (env_->is_proxy()) {
        proxy_ = std::make_unique<Proxy>(*env_);
        proxy_->add_routes(router);
        s3_ = std::make_unique<S3Gateway>(*env_);
        s3_->add_routes(router);
    } else {
        target_ = std::make_unique<Target>(*env_);
        target_->init();
        target_->add_routes(router);
    }
    server_ = std::make_unique<net::Server>(so, std::move(router));
    net::ClientOptions co;
    co.connect_timeout = 3s;
    co.io_timeout = 10min;
    co.max_retries = 2;
    co.skip_verify = cfg->net.http.skip_verify;
    co.user_agent = "aisnode";
    client_ = std::make_unique<net::Client>(server_->io(), co);
    env_->client = client_.get();
    env_->io = &server_->io();
    server_->start();
    log::info("{} listening on {} (pid {})", env_->self.name(), env_->self.public_net.direct_url, ::getpid());

    if (env_->is_proxy() && env_->local.primary_url.empty()) {
        if (auto elected = find_elected_primary(); !elected.empty()) {
            env_->local.primary_url = elected;  // this run only: the config keeps saying "primary"
            join_cluster();
        } else {
            proxy_->become_primary();
        }
    } else {
        join_cluster();
    }
    if (target_) target_->after_join();
    if (proxy_) proxy_->start_duties();
    net::spawn(server_->io(), heartbeat_loop());
    net::spawn(server_->io(), log_config_loop());
    ready_ = true;
    log::info("{} is ready: Smap v{}, BMD v{}", env_->self.name(), env_->meta.smap()->version,
              env_->meta.bmd()->version);
}

// Registers with the primary (retrying while it starts) and adopts the metadata it returns.
void Node::join_cluster() {
    if (env_->local.primary_url.empty())
        throw ErrBadRequest("local config: primary_url is required for a " + env_->local.role);
    // The configured primary first; then the proxies of the Smap this node persisted (the cluster
    // may have elected another primary while it was down). Any proxy forwards a join to the primary.
    std::vector<std::string> urls{env_->local.primary_url};
    if (auto known = env_->meta.smap(); !known->primary.daemon_id.empty()) {
        urls.push_back(known->primary.intra_control_net.direct_url);
        for (const auto& [id, p] : known->pmap)
            if (id != env_->id()) urls.push_back(p.intra_control_net.direct_url);
    }
    urls.erase(std::unique(urls.begin(), urls.end()), urls.end());
    net::ClientOptions co;
    co.connect_timeout = 2s;
    co.max_retries = 0;
    co.skip_verify = true;
    net::Client c(co);
    std::string err;
    for (int attempt = 0; attempt < 300; ++attempt) {
        const std::string& primary = urls[static_cast<size_t>(attempt) % urls.size()];
        try {
            // The buckets and the other nodes first: once in the Smap, this node gets requests at
            // once, and during the rebalance its join starts it asks those nodes for what it misses.
            auto b = c.call({.method = "GET", .url = primary + "/v1/daemon?what=bmd"});
            auto m = c.call({.method = "GET", .url = primary + "/v1/daemon?what=smap"});
            if (b.ok() && m.ok()) {
                const std::string meta = "{\"bmd\":" + b.body + ",\"smap\":" + m.body + "}";
                apply_cluster_meta(*env_, meta, true);
            }
            auto r = c.call({.method = "POST", .url = primary + "/v1/cluster/autoreg", .body = api::to_json(env_->self)});
            if (r.ok()) {
                apply_cluster_meta(*env_, r.body, true);
                return;
            }
            err = std::to_string(r.status) + " " + r.body;
        } catch (const std::exception& e) {
            err = e.what();
        }
        if (attempt % 10 == 0) log::info("waiting for the primary at {}: {}", primary, err);
        std::this_thread::sleep_for(200ms);
    }
    throw std::runtime_error("failed to join the cluster at " + env_->local.primary_url + ": " + err);
}

net::Task<void> Node::heartbeat_loop() {
    int failures = 0;
    for (;;) {
        auto cfg = env_->meta.config();
        const auto& kc = env_->is_proxy() ? cfg->keepalivetracker.proxy : cfg->keepalivetracker.target;
        auto period = std::chrono::milliseconds(std::max<int64_t>(200, kc.interval.ms() / 3));
        co_await net::sleep_for(period);
        if (leaving_) co_return;
        auto smap = env_->meta.smap();
        if (smap->is_primary(env_->id()) || smap->primary.daemon_id.empty()) continue;
        const std::string base = smap->primary.intra_control_net.direct_url;
        net::ClientRequest r;
        r.method = "POST";
        r.url = base + "/v1/cluster/keepalive";
        r.body = api::to_json(env_->self);
        r.headers.add("Content-Type", "application/json");
        r.headers.add(api::hdr::kCallerId, env_->id());
        r.max_retries = 0;
        r.timeout = std::chrono::milliseconds(std::max<int64_t>(1000, cfg->timeout.max_keepalive.ms()));
        const auto sent = std::chrono::steady_clock::now();
        try {
            auto resp = co_await client_->co_call(r);
            env_->metrics->kalive_ns->add(
                std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - sent).count());
            if (resp.status == 404 && !leaving_) {
                // The primary removed this node (it missed heartbeats): register again.
                log::warn("{}: not in the primary's cluster map: registering again", env_->self.name());
                r.url = base + "/v1/cluster/autoreg";
                auto jr = co_await client_->co_call(r);
                if (jr.ok()) {
                    co_await net::meta_pool().run([this, &jr] { apply_cluster_meta(*env_, jr.body, false); });
                    if (target_) target_->after_join();
                }
            }
            failures = 0;
        } catch (const std::exception& e) {
            env_->metrics->err_kalive_n->add();
            if (failures++ % 10 == 0) log::warn("{}: keepalive to the primary {}: {}", env_->self.name(), base, e.what());
        }
        if (failures == 0 || leaving_) continue;
        // Is the primary gone? Probe it as the primary probes others; if so, elect another.
        char alive = 0;
        auto probe = probe_health(env_.get(), smap->primary, std::max(1, cfg->keepalivetracker.retry_factor),
                              std::chrono::milliseconds(cfg->timeout.max_keepalive.ms()), &alive);
        co_await std::move(probe);
        if (!alive && !leaving_ && env_->meta.smap()->primary.daemon_id == smap->primary.daemon_id) {
            co_await on_primary_down();
            failures = 0;
        }
    }
}

void Node::exit_soon() {
    leaving_ = true;
    std::thread([] {
        std::this_thread::sleep_for(200ms);
        ::kill(::getpid(), SIGTERM);
    }).detach();
}

net::Task<void> Node::daemon_action(net::Request& req, net::Response& resp) {
    (void)resp;
    auto body = co_await req.read_all(1 << 20);
    auto msg = api::from_json<api::ActMsg>(body);
    auto smap = env_->meta.smap();
    auto caller = req.headers.get(api::hdr::kCallerId);
    if (!smap->is_primary(caller))
        throw ErrForbidden(env_->self.name() + ": \"" + msg.action + "\" is accepted only from the primary");
    if (msg.action == api::act::kShutdownNode) {
        log::info("{}: shutting down (told by the primary)", env_->self.name());
        exit_soon();
        co_return;
    }
    if (msg.action == api::act::kDecommissionNode) {
        auto v = msg.value_as<api::ActValRmNode>();
        leaving_ = true;
        log::info("{}: decommissioned{}", env_->self.name(), v.rm_user_data ? ", removing user data" : "");
        co_await net::meta_pool().run([this, &v] {
            if (v.rm_user_data && target_) target_->remove_user_data();
            // A decommissioned node forgets the cluster: started again, it joins as a new node.
            for (const char* f : {"smap.json", "bmd.json", "rmd.json", "config.json", "config_override.json", "daemon_id"})
                ::unlink((env_->local.confdir + "/" + f).c_str());
        });
        if (!v.no_shutdown) exit_soon();
        co_return;
    }
    throw ErrBadRequest(env_->self.name() + ": invalid node action \"" + msg.action + "\"");
}

std::string Node::daemon_json(std::string_view what) const {
    const auto& e = *env_;
    if (what == api::what::kSmap) return api::to_json(*e.meta.smap());
    if (what == api::what::kBMD) return api::to_json(*e.meta.bmd());
    if (what == api::what::kSnode) return api::to_json(e.self);
    if (what == api::what::kConfig) {
        // AIS's node config is the cluster config with the local config's sections beside it.
        auto v = config::to_json_value(*e.meta.config(), true);
        auto l = config::to_json_value(e.local);
        for (auto& kv : l.as_object()) v.as_object()[kv.key()] = kv.value();
        return boost::json::serialize(v);
    }
    if (what == api::what::kMountpaths && target_) return target_->mountpaths_json();
    throw ErrBadRequest(unknown_what(what));
}

void Node::add_common_routes(net::Router& r) {
    r.add("GET", "/v1/daemon", [this](net::Request& req, net::Response& resp) -> net::Task<void> {
        auto what = req.query.get(api::qp::kWhat);
        if (what == "software_version") {
            resp.set_text(AIS_VERSION);
            co_return;
        }
        if (what == api::what::kDisk && target_) {
            auto t = target_->disk_stats_json();
            resp.set_json(co_await std::move(t));
            co_return;
        }
        auto st = stats_info(req, resp);  // node_status, node_stats, metrics
        if (co_await std::move(st)) co_return;
        auto info = daemon_info(req, resp);  // log, sysinfo, backends, remote
        if (co_await std::move(info)) co_return;
        resp.set_json(daemon_json(what));
    });
    r.add("GET", "/v1/health", [this](net::Request& req, net::Response& resp) -> net::Task<void> {
        resp.headers.set(api::hdr::kNodeUptime, std::to_string(now_ns() - env_->start_ns));
        resp.headers.set(api::hdr::kClusterUptime, std::to_string(now_ns() - env_->start_ns));
        if (req.query.get_bool("prr") && proxy_) {
            co_await proxy_->health_prr(req, resp);
            co_return;
        }
        if (!ready_) {
            throw ErrUnavailable(env_->self.name() + " is starting up");
        }
        co_return;
    });
    r.add("GET", "/v1/vote/proxy", [this](net::Request& req, net::Response& resp) -> net::Task<void> {
        co_await vote_proxy(req, resp);
    });
    r.add("PUT", "/v1/vote/result", [this](net::Request& req, net::Response& resp) -> net::Task<void> {
        co_await vote_result(req, resp);
    });
    r.add("PUT", "/v1/daemon", [this](net::Request& req, net::Response& resp) -> net::Task<void> {
        co_await daemon_action(req, resp);
    });
    // This node's own overrides of cluster config keys (`ais config node NODE key=value`).
    r.add("PUT", "/v1/daemon/set-config", [this](net::Request& req, net::Response&) -> net::Task<void> {
        std::vector<std::pair<std::string, std::string>> kvs;
        for (const auto& [k, v] : req.query.params())
            if (k != api::qp::kTransient) kvs.emplace_back(k, v);
        if (kvs.empty()) throw ErrBadRequest("set-config: no key=value given");
        const bool transient = req.query.get_bool(api::qp::kTransient);
        co_await net::meta_pool().run([this, &kvs, transient] { env_->meta.set_overrides(kvs, transient); });
        log::info("{}: config override {}", env_->self.name(), kvs.front().first);
    });
    // The primary pushes newer metadata here; older or equal versions are ignored.
    r.add("PUT", "/v1/metasync", [this](net::Request& req, net::Response&) -> net::Task<void> {
        auto body = co_await req.read_all(64u << 20);
        // Persisting fsyncs: off the io thread.
        co_await net::meta_pool().run([this, &body] { apply_cluster_meta(*env_, body, false); });
    });
}

void Node::run_until_signal() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int sig = 0;
    sigwait(&set, &sig);
    log::info("{}: signal {}, shutting down", env_->self.name(), sig);
    stop();
}

void Node::stop() {
    if (server_) {
        server_->stop(std::chrono::milliseconds(5000));
        server_.reset();
    }
    client_.reset();
    log::flush();
}

}  // namespace ais::node
