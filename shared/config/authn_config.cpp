// Cross-field checks of the AuthN server config, and its instantiated schema.
#include "shared/config/authn_config.hpp"

#include <fmt/format.h>

#include "shared/config/schema_impl.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/units.hpp"

namespace ais::config {

void AuthnAuthConf::validate(const KeyPath& k) const {
    if (expiration_time.ns <= 0)
        detail::invalid_value(k("expiration_time"), duration_str(expiration_time.ns),
                              "expected a positive duration");
    if (expiration_time > max_token_age)
        throw ErrBadRequest(fmt::format("invalid token lifetime: expected {} ({}) <= {} ({})",
                                        k("expiration_time"), duration_str(expiration_time.ns),
                                        k("max_token_age"), duration_str(max_token_age.ns)));
}

void AuthnLogConf::validate(const KeyPath& k) const {
    detail::check_log_level(k("level"), level);
}

}  // namespace ais::config

using namespace ais::config;
AIS_CONFIG_SCHEMA(AuthnConfig)
