// Cross-field checks of the node-local config, and its instantiated schema.
#include "shared/config/local_config.hpp"

#include <fmt/format.h>

#include <set>

#include "shared/config/schema_impl.hpp"
#include "shared/util/errors.hpp"

namespace ais::config {

void FspathsConf::validate(const KeyPath& k) const {
    std::set<std::string> seen;
    for (const auto& p : paths) {
        if (p.empty() || p.front() != '/') detail::invalid_value(k("paths"), p, "expected an absolute path");
        std::string norm = p;
        while (norm.size() > 1 && norm.back() == '/') norm.pop_back();
        if (!seen.insert(norm).second) detail::invalid_value(k("paths"), p, "duplicate mountpath");
    }
}

}  // namespace ais::config

using namespace ais::config;
AIS_CONFIG_SCHEMA(LocalConfig)
AIS_CONFIG_SCHEMA(LocalNetConf)
AIS_CONFIG_SCHEMA(FspathsConf)
