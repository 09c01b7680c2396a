// The metadata message the primary sends to every node (metasync) and returns to a joining
// node: {"smap": Smap, "bmd": BMD, "config": ClusterConfig, "rmd": Rmd}, any subset. A receiver installs each
// part only if it is newer than what it has (or unconditionally when joining).
#pragma once

#include "aisnode/meta/node_env.hpp"

#include <string>
#include <string_view>

namespace ais::node {

std::string cluster_meta_json(const MetaOwner& meta, bool smap, bool bmd, bool config, bool rmd = false);
void apply_cluster_meta(NodeEnv& env, std::string_view json, bool force);

}  // namespace ais::node
