// CliConfig: the `ais` CLI's own settings (AIS cmd/cli/config: cli.json), kept by our CLI in
// ~/.config/ais/cli/cli.toml. `ais config cli set KEY=VALUE` edits it through set_kv; the env
// overrides (AIS_ENDPOINT, AIS_AUTHN_URL, AIS_CRT, ...) are applied by the CLI on top of it.
#pragma once

#include <map>
#include <string>

#include "shared/config/schema.hpp"

namespace ais::config {

struct CliClusterConf {
    std::string url = "http://127.0.0.1:8080";
    std::string default_ais_host;
    std::string default_docker_host;
    bool skip_verify_crt = false;
    std::string client_ca_tls;
    std::string client_crt;
    std::string client_crt_key;

    static constexpr Field fields[] = {
        Field("url", "cluster endpoint: any proxy's URL (env AIS_ENDPOINT overrides)"),
        Field("default_ais_host", "endpoint tried when url is empty"),
        Field("default_docker_host", "endpoint of a local Docker development cluster"),
        Field("skip_verify_crt", "do not verify the cluster's TLS certificate (env AIS_SKIP_VERIFY_CRT)"),
        Field("client_ca_tls",
              "CA bundle (PEM file) that verifies the cluster's certificate (env AIS_CLIENT_CA)"),
        Field("client_crt", "client certificate (PEM file) for mutual TLS (env AIS_CRT)"),
        Field("client_crt_key", "private key of client_crt (env AIS_CRT_KEY)"),
    };
    bool operator==(const CliClusterConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(CliClusterConf, (),
                      (url, default_ais_host, default_docker_host, skip_verify_crt, client_ca_tls, client_crt,
                       client_crt_key))

struct CliTimeoutConf {
    Duration tcp_timeout = seconds(60);
    Duration http_timeout;

    static constexpr Field fields[] = {
        Field("tcp_timeout", "timeout of establishing a connection"),
        Field("http_timeout", "timeout of a whole request (0s = none)"),
    };
    bool operator==(const CliTimeoutConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(CliTimeoutConf, (), (tcp_timeout, http_timeout))

struct CliAuthConf {
    std::string url = "http://127.0.0.1:52001";

    static constexpr Field fields[] = {
        Field("url", "AuthN server URL (env AIS_AUTHN_URL overrides)"),
    };
    bool operator==(const CliAuthConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(CliAuthConf, (), (url))

struct CliConfig {
    CliClusterConf cluster;
    CliTimeoutConf timeout;
    CliAuthConf auth;
    std::map<std::string, std::string> aliases = {
        {"get", "object get"},
        {"put", "object put"},
        {"rmo", "object rm"},
        {"prefetch", "object prefetch"},
        {"mpu", "object multipart-upload"},
        {"ls", "bucket ls"},
        {"create", "bucket create"},
        {"cp", "bucket cp"},
        {"rmb", "bucket rm"},
        {"evict", "bucket evict"},
        {"start", "job start"},
        {"stop", "job stop"},
        {"wait", "job wait"},
        {"dsort", "job start dsort"},
        {"download", "job start download"},
        {"blob-download", "job start blob-download"},
        {"space-cleanup", "storage cleanup"},
        {"scrub", "storage validate"},
    };
    std::string default_provider = "ais";
    bool no_color = false;
    bool no_more = true;
    bool verbose = false;
    int num_workers = 10;

    static constexpr Field fields[] = {
        Field("cluster", "how to reach the cluster"),
        Field("timeout", "client timeouts"),
        Field("auth", "how to reach AuthN"),
        Field("aliases", "top-level command aliases: name -> command words (`ais alias`)"),
        Field("default_provider", "provider of a bucket named without one").one_of("ais,aws,gcp,azure,oci"),
        Field("no_color", "never color the output"),
        Field("no_more", "print long output at once rather than page by page"),
        Field("verbose", "print full error details"),
        Field("num_workers", "default concurrency of multi-object commands").range(1, 1024),
    };
    void validate(const KeyPath& k) const;  // alias names: ^[a-zA-Z][a-zA-Z0-9_-]*$
    bool operator==(const CliConfig&) const = default;
};
BOOST_DESCRIBE_STRUCT(CliConfig, (),
                      (cluster, timeout, auth, aliases, default_provider, no_color, no_more, verbose,
                       num_workers))

}  // namespace ais::config
