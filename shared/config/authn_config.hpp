// AuthnConfig: the AuthN server's config (AIS cmd/authn/config: authn.json, spec/authn.md §6).
// `GET /v1/daemon` returns it with secrets hidden; `PUT /v1/daemon` applies a partial JSON of it
// (apply_json); `ais auth set config auth.expiration_time 4h` goes through set_kv on the server.
#pragma once

#include <string>

#include "shared/config/schema.hpp"

namespace ais::config {

struct AuthnSigningKeyConf {
    int bits = 2048;
    std::string mode;

    static constexpr Field fields[] = {
        Field("bits", "size of a generated RSA signing key").range(2048, 16384),
        Field("mode", "\"\" = generate the RSA key if missing; \"external\" = never generate one")
            .one_of(",external"),
    };
    bool operator==(const AuthnSigningKeyConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(AuthnSigningKeyConf, (), (bits, mode))

struct AuthnDbConf {
    std::string type = "BuntDB";
    std::string filepath;

    static constexpr Field fields[] = {
        Field("type", "kind of the user database"),
        Field("filepath", "database file (\"\" = authn.db in the config directory)"),
    };
    bool operator==(const AuthnDbConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(AuthnDbConf, (), (type, filepath))

struct AuthnAuthConf {
    std::string secret;
    Duration expiration_time = hours(24);
    Duration max_token_age = hours(2160);
    AuthnSigningKeyConf signing_key;
    AuthnDbConf db;

    static constexpr Field fields[] = {
        Field("secret",
              "HMAC secret: sign tokens with HS256 (\"\" = RS256 with the RSA key; "
              "env AIS_AUTHN_SECRET_KEY)")
            .secret(),
        Field("expiration_time",
              "lifetime of a token when the login does not ask for one (env AIS_AUTHN_TTL)"),
        Field("max_token_age", "longest lifetime a login may ask for"),
        Field("signing_key", "RSA signing key"),
        Field("db", "user database"),
    };
    void validate(const KeyPath& k) const;  // 0 < expiration_time <= max_token_age
    bool operator==(const AuthnAuthConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(AuthnAuthConf, (), (secret, expiration_time, max_token_age, signing_key, db))

struct AuthnLogConf {
    std::string dir;
    std::string level = "3";
    SizeIEC max_size = mib(4);
    SizeIEC max_total = mib(64);
    Duration flush_interval = seconds(30);

    static constexpr Field fields[] = {
        Field("dir", "directory of log files (\"\" = <config dir>/logs; env AIS_AUTHN_LOG_DIR)"),
        Field("level", "verbosity 0..5 (env AIS_AUTHN_LOG_LEVEL)"),
        Field("max_size", "rotate a log file when it reaches this size"),
        Field("max_total", "remove the oldest rotated logs beyond this total size"),
        Field("flush_interval", "how often buffered log lines are flushed"),
    };
    void validate(const KeyPath& k) const;
    bool operator==(const AuthnLogConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(AuthnLogConf, (), (dir, level, max_size, max_total, flush_interval))

struct AuthnHttpConf {
    int port = 52001;
    bool use_https = false;
    std::string server_crt;
    std::string server_key;

    static constexpr Field fields[] = {
        Field("port", "listening port (env AIS_AUTHN_PORT)").range(1, 65535),
        Field("use_https", "serve HTTPS (env AIS_AUTHN_USE_HTTPS)"),
        Field("server_crt", "TLS certificate, PEM file (env AIS_SERVER_CRT)"),
        Field("server_key", "TLS private key, PEM file (env AIS_SERVER_KEY)"),
    };
    bool operator==(const AuthnHttpConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(AuthnHttpConf, (), (port, use_https, server_crt, server_key))

struct AuthnNetConf {
    std::string external_url;
    AuthnHttpConf http;

    static constexpr Field fields[] = {
        Field("external_url",
              "URL clients use to reach AuthN, the tokens' issuer "
              "(\"\" = http[s]://localhost:<port>; env AIS_AUTHN_EXTERNAL_URL)"),
        Field("http", "HTTP(S) server"),
    };
    bool operator==(const AuthnNetConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(AuthnNetConf, (), (external_url, http))

struct AuthnTimeoutConf {
    Duration default_timeout = seconds(30);

    static constexpr Field fields[] = {
        Field("default_timeout", "timeout of AuthN's requests to clusters"),
    };
    bool operator==(const AuthnTimeoutConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(AuthnTimeoutConf, (), (default_timeout))

struct AuthnConfig {
    AuthnAuthConf auth;
    AuthnLogConf log;
    AuthnNetConf net;
    AuthnTimeoutConf timeout;

    static constexpr Field fields[] = {
        Field("auth", "tokens and signing"),
        Field("log", "logging"),
        Field("net", "networking"),
        Field("timeout", "timeouts"),
    };
    bool operator==(const AuthnConfig&) const = default;
};
BOOST_DESCRIBE_STRUCT(AuthnConfig, (), (auth, log, net, timeout))

}  // namespace ais::config
