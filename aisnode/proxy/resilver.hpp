// Starting a resilver by hand: PUT /v1/cluster {"action":"start","value":{"kind":"resilver",
// "DaemonID":ID}} (the node is optional: every active target when absent). Resilver is local to a
// target (reb/resilver.hpp): the proxy only tells the target(s) to run one under a common job id
// (POST /v1/xactions/resilver?id=X) and returns that id; queries then aggregate it as any job.
#pragma once

#include "aisnode/meta/node_env.hpp"
#include "shared/net/http.hpp"

#include <string>

namespace ais::node {

// 404 for an unknown node, 400 for a proxy; the first target's failure otherwise.
net::Task<std::string> start_resilver(NodeEnv& env, const std::string& node);

}  // namespace ais::node
