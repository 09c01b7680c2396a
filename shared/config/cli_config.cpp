// Cross-field checks of the CLI config, and its instantiated schema.
#include "shared/config/cli_config.hpp"

#include <cctype>

#include "shared/config/schema_impl.hpp"

namespace ais::config {

// AIS CLI alias names: ^[a-zA-Z][a-zA-Z0-9_-]*$, and an alias must expand to something.
void CliConfig::validate(const KeyPath& k) const {
    for (const auto& [name, cmd] : aliases) {
        bool ok = !name.empty() && std::isalpha(static_cast<unsigned char>(name[0]));
        for (char c : name) ok &= std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
        if (!ok)
            detail::invalid_value(
                k("aliases"), name,
                "expected an alias name of a letter followed by letters, digits, '_' or '-'");
        if (cmd.find_first_not_of(' ') == std::string::npos)
            detail::invalid_value(k("aliases." + name), cmd, "expected the command the alias stands for");
    }
}

}  // namespace ais::config

using namespace ais::config;
AIS_CONFIG_SCHEMA(CliConfig)
