#include "ais-cli/ui/env.hpp"

#include "shared/api/client.hpp"
#include "shared/api/codec.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

#include <boost/json.hpp>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ais::cli {

namespace {

std::string getenv_str(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

std::string default_config_dir() {
    if (auto d = getenv_str("AIS_CLI_CONFIG_DIR"); !d.empty()) return d;
    if (auto x = getenv_str("XDG_CONFIG_HOME"); !x.empty()) return x + "/ais/cli";
    auto home = getenv_str("HOME");
    if (home.empty()) home = ".";
    return home + "/.config/ais/cli";
}

std::string read_whole(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return {};
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace

Env::Env()
    : cfg_dir_(default_config_dir()),
      stdout_tty_(::isatty(STDOUT_FILENO) == 1),
      stderr_tty_(::isatty(STDERR_FILENO) == 1),
      stdin_tty_(::isatty(STDIN_FILENO) == 1),
      no_color_env_(!getenv_str("NO_COLOR").empty()) {}

Env::~Env() = default;

std::string Env::config_path() const {
    return cfg_dir_ + "/cli.toml";
}

std::string Env::token_path() const {
    if (auto f = getenv_str("AIS_AUTHN_TOKEN_FILE"); !f.empty()) return f;
    return cfg_dir_ + "/auth.token";
}

void Env::load_config(bool read_only, bool tolerate) {
    const std::string path = config_path();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        cfg = config::CliConfig{};
        if (!read_only) {
            try {
                config::save_toml(path, cfg);
            } catch (const std::exception&) {
                // a read-only HOME is not a reason to fail a command
            }
        }
        return;
    }
    try {
        cfg = config::load_toml<config::CliConfig>(path);
    } catch (const std::exception& e) {
        if (!tolerate) {
            throw Error(400, std::string(e.what()) + " (fix the file or run 'ais config cli reset')");
        }
        cfg = config::CliConfig{};
    }
}

void Env::save_config() const {
    config::save_toml(config_path(), cfg);
}

bool Env::endpoint_from_env() const {
    return !getenv_str("AIS_ENDPOINT").empty();
}

std::string Env::endpoint() const {
    std::string ep = getenv_str("AIS_ENDPOINT");
    if (ep.empty()) ep = cfg.cluster.url;
    if (ep.empty()) ep = cfg.cluster.default_ais_host;
    if (ep.empty()) ep = "http://127.0.0.1:8080";
    if (ep.find("://") == std::string::npos) {
        const bool https = iequals(getenv_str("AIS_USE_HTTPS"), "true");
        ep = (https ? "https://" : "http://") + ep;
    }
    while (!ep.empty() && ep.back() == '/') ep.pop_back();
    return ep;
}

std::string Env::token() const {
    if (auto t = getenv_str("AIS_AUTHN_TOKEN"); !t.empty()) return t;
    std::string text = read_whole(token_path());
    // The Go CLI writes {"token":"<jwt>"}; a file holding the bare token is accepted too.
    size_t b = text.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    text = text.substr(b, text.find_last_not_of(" \t\r\n") - b + 1);
    if (text.front() == '{') {
        boost::system::error_code ec;
        auto v = boost::json::parse(text, ec);
        if (ec || !v.is_object()) return {};
        for (const auto& kv : v.get_object())
            if (iequals(kv.key(), "token") && kv.value().is_string()) return std::string(kv.value().get_string());
        return {};
    }
    return text;
}

std::unique_ptr<api::Client> Env::new_client() const {
    return node_client(endpoint());
}

std::unique_ptr<api::Client> Env::node_client(const std::string& url) const {
    net::ClientOptions o;
    o.user_agent = "ais/cli";
    o.ca_file = getenv_str("AIS_CLIENT_CA");
    if (o.ca_file.empty()) o.ca_file = cfg.cluster.client_ca_tls;
    o.skip_verify = cfg.cluster.skip_verify_crt;
    if (auto s = getenv_str("AIS_SKIP_VERIFY_CRT"); !s.empty()) {
        try {
            o.skip_verify = parse_bool(s);
        } catch (const std::exception&) {
        }
    }
    if (cfg.timeout.tcp_timeout.ns > 0) o.connect_timeout = std::chrono::milliseconds(cfg.timeout.tcp_timeout.ms());
    if (cfg.timeout.http_timeout.ns > 0) o.io_timeout = std::chrono::milliseconds(cfg.timeout.http_timeout.ms());
    if (completing_) {
        o.connect_timeout = std::chrono::milliseconds(300);
        o.io_timeout = std::chrono::milliseconds(1500);
        o.max_retries = 0;
    } else {
        o.max_retries = 2;
    }
    return std::make_unique<api::Client>(url, token(), std::move(o));
}

api::Client& Env::client() {
    if (!client_) client_ = new_client();
    return *client_;
}

}  // namespace ais::cli
