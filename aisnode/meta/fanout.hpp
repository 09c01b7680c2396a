// Calling many nodes at once (metasync, list-objects merge, job control): every request runs
// concurrently on the node's io threads and the caller resumes when all have answered, failed or
// timed out. Each reply says which node it is from; nothing throws for one node's failure.
#pragma once

#include "aisnode/meta/node_env.hpp"
#include "shared/net/client.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace ais::node {

struct NodeCall {
    api::Snode node;
    net::ClientRequest req;
};

struct NodeReply {
    api::Snode node;
    net::ClientResponse resp;  // status 0 when the call failed
    std::string err;           // transport error (connection refused, timeout, ...)

    bool ok() const { return err.empty() && resp.ok(); }
    // "t[ID]: <why>" for messages: the transport error, or the node's own error message.
    std::string what() const;
};

// The same control request (method, path, JSON body, caller id, control timeout) to every node of
// `smap` — proxies and/or targets — except `skip` (this node, a dead primary, ...).
std::vector<NodeCall> calls_to_nodes(const NodeEnv& env, const api::Smap& smap, bool proxies, bool targets,
                                     const std::vector<std::string>& skip, const char* method,
                                     const std::string& path, const std::string& body, int max_retries = 0);

// Control-plane default: a node that does not answer in this long is reported, not waited for.
inline constexpr std::chrono::milliseconds kControlTimeout{10'000};

net::Task<std::vector<NodeReply>> fanout(NodeEnv& env, std::vector<NodeCall> calls);

// The same request (method, path + query, body) to every active target (not in maintenance),
// at its intra-control URL, with pid and the control timeout.
// GCC 12: pass named std::string locals, never temporaries, into a co_await expression.
net::Task<std::vector<NodeReply>> fanout_targets(NodeEnv& env, const char* method, const std::string& path_query,
                                                 const std::string& body);

// Probes a node's health (GET /v1/health; 503 = starting up counts as alive) up to `attempts`
// times within `budget`; sets *alive (a char, so that a vector of results can be filled at once).
net::Task<void> probe_health(NodeEnv* env, api::Snode node, int attempts, std::chrono::milliseconds budget, char* alive);

}  // namespace ais::node
