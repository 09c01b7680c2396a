#include "aisnode/meta/fanout.hpp"

#include "shared/api/err_http.hpp"
#include "shared/net/async.hpp"

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

}  // namespace ais::node
