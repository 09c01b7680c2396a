#include "aisnode/meta/fanout.hpp"

#include "shared/api/err_http.hpp"
#include "shared/api/apc.hpp"
#include "shared/net/async.hpp"
#include "shared/util/clock.hpp"

#include <algorithm>

namespace ais::node {

namespace {

// A free coroutine (not a capturing lambda: GCC 12 destroys coroutine lambda captures twice).
net::Task<void> call_one(net::Client* client, net::ClientRequest req, NodeReply* out) {
    try {
        out->resp = co_await client->co_call(req);
    } catch (const std::exception& e) {
        out->err = e.what();
    }
}

}  // namespace

std::string NodeReply::what() const {
    if (!err.empty()) return node.name() + ": " + err;
    auto e = api::parse_err_http(resp.status, resp.body);
    return node.name() + ": " + (e.message.empty() ? "status " + std::to_string(resp.status) : e.message);
}

net::Task<std::vector<NodeReply>> fanout(NodeEnv& env, std::vector<NodeCall> calls) {
    std::vector<NodeReply> replies(calls.size());
    std::vector<net::Task<void>> tasks;
    tasks.reserve(calls.size());
    for (size_t i = 0; i < calls.size(); ++i) {
        replies[i].node = calls[i].node;
        tasks.push_back(call_one(env.client, std::move(calls[i].req), &replies[i]));
    }
    co_await net::all(std::move(tasks));
    co_return replies;
}

std::vector<NodeCall> calls_to_nodes(const NodeEnv& env, const api::Smap& smap, bool proxies, bool targets,
                                     const std::vector<std::string>& skip, const char* method,
                                     const std::string& path, const std::string& body, int max_retries) {
    std::vector<NodeCall> calls;
    for (const auto* m : {proxies ? &smap.pmap : nullptr, targets ? &smap.tmap : nullptr}) {
        if (!m) continue;
        for (const auto& [id, n] : *m) {
            if (std::find(skip.begin(), skip.end(), id) != skip.end()) continue;
            NodeCall c{.node = n};
            c.req.method = method;
            c.req.url = n.intra_control_net.direct_url + path;
            c.req.body = body;
            c.req.headers.add("Content-Type", "application/json");
            c.req.headers.add(api::hdr::kCallerId, env.id());
            c.req.max_retries = max_retries;
            c.req.timeout = kControlTimeout;
            calls.push_back(std::move(c));
        }
    }
    return calls;
}

net::Task<std::vector<NodeReply>> fanout_targets(NodeEnv& env, const char* method, const std::string& path_query,
                                                 const std::string& body) {
    auto smap = env.meta.smap();
    std::vector<NodeCall> calls;
    const char sep = path_query.find('?') == std::string::npos ? '?' : '&';
    for (const auto& [id, t] : smap->tmap) {
        if (t.in_maint_or_decomm()) continue;
        NodeCall c{.node = t};
        c.req.method = method;
        c.req.url = t.intra_control_net.direct_url + path_query + sep + "pid=" + env.id();
        c.req.body = body;
        c.req.headers.add("Content-Type", "application/json");
        c.req.max_retries = 0;
        c.req.timeout = kControlTimeout;
        calls.push_back(std::move(c));
    }
    co_return co_await fanout(env, std::move(calls));
}

net::Task<void> probe_health(NodeEnv* env, api::Snode node, int attempts, std::chrono::milliseconds budget,
                             char* alive) {
    const int64_t deadline = now_ns() + budget.count() * 1'000'000;
    for (int i = 0; i < attempts; ++i) {
        const int64_t left_ms = (deadline - now_ns()) / 1'000'000;
        if (left_ms <= 0) break;
        net::ClientRequest r;
        r.method = "GET";
        r.url = node.intra_control_net.direct_url + "/v1/health";
        r.headers.add(api::hdr::kCallerId, env->id());
        r.max_retries = 0;
        // Half of what is left: a stale pooled connection and then a fresh dial both fit in it.
        r.timeout = std::chrono::milliseconds(std::max<int64_t>(1, left_ms / 2));
        try {
            auto resp = co_await env->client->co_call(r);
            if (resp.ok() || resp.status == 503) {
                *alive = 1;
                co_return;
            }
        } catch (const std::exception&) {
        }
        auto pause = std::chrono::milliseconds(std::clamp<int64_t>((deadline - now_ns()) / 1'000'000, 0, 200));
        co_await net::sleep_for(pause);
    }
}

}  // namespace ais::node
