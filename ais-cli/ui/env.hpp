// Env: where `ais` runs. It finds the cluster (AIS_ENDPOINT, then `cluster.url` in the CLI config,
// then http://127.0.0.1:8080), the auth token (AIS_AUTHN_TOKEN, AIS_AUTHN_TOKEN_FILE,
// ~/.config/ais/cli/auth.token), TLS settings (cluster.skip_verify_crt / client_ca_tls, overridden
// by AIS_SKIP_VERIFY_CRT / AIS_CLIENT_CA), owns the CLI config file (TOML, shared schema) and
// knows whether stdout/stderr are terminals and colors are wanted.
//
// One Env per process, created by main. client() is the main thread's api::Client; worker threads
// of multi-object commands each make their own with new_client() (a Client is not thread-safe).
// In completion mode the clients use short timeouts and no retries, so that TAB never hangs.
#pragma once

#include "shared/config/cli_config.hpp"

#include <memory>
#include <string>

namespace ais::api {
class Client;
}
namespace ais::net {
struct ClientOptions;
}

namespace ais::cli {

class Env {
  public:
    Env();
    ~Env();

    // Reads the config file; creates it with defaults on first use unless `read_only`.
    // A malformed file throws, unless `tolerate` (then defaults are used).
    void load_config(bool read_only, bool tolerate);
    void save_config() const;
    const std::string& config_dir() const { return cfg_dir_; }
    std::string config_path() const;  // .../cli.toml
    std::string token_path() const;   // .../auth.token (or $AIS_AUTHN_TOKEN_FILE)

    config::CliConfig cfg;

    std::string endpoint() const;  // normalised: scheme added, trailing '/' dropped
    std::string token() const;     // "" if none
    bool endpoint_from_env() const;

    // Completion: connect timeout 300ms, no retries.
    void set_completing(bool on) { completing_ = on; }
    bool completing() const { return completing_; }

    api::Client& client();
    std::unique_ptr<api::Client> new_client() const;
    // A client of one node (its public URL from the Smap), same token and TLS settings.
    std::unique_ptr<api::Client> node_client(const std::string& url) const;

    bool stdout_tty() const { return stdout_tty_; }
    bool stderr_tty() const { return stderr_tty_; }
    bool stdin_tty() const { return stdin_tty_; }
    bool color_stdout() const { return stdout_tty_ && !cfg.no_color && !no_color_env_; }
    bool color_stderr() const { return stderr_tty_ && !cfg.no_color && !no_color_env_; }

  private:
    std::string cfg_dir_;
    bool completing_ = false;
    bool stdout_tty_, stderr_tty_, stdin_tty_, no_color_env_;
    std::unique_ptr<api::Client> client_;
};

}  // namespace ais::cli
