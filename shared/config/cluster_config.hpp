// ClusterConfig: the cluster-wide configuration, one versioned copy owned by the primary proxy and
// pushed to every node (metasync). Field names and JSON shapes are AIS's (cmn.ClusterConfig), so the
// Go CLI and the SDKs read ours; `set-config` sends a partial JSON of it (ConfigToSet, apply_json).
// Several sections (checksum, mirror, ec, lru, versioning, write_policy, rate_limit, chunks) double as
// the defaults of new buckets' props (ais::Bprops reuses these structs, as AIS does).
//
// Each section is a plain struct: members with defaults, then its `fields` table (wire name, doc,
// constraints), then an optional cross-field validate(). See schema.hpp for what the table drives.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shared/config/schema.hpp"

namespace ais::config {

inline constexpr std::string_view kCksumTypes = "none,xxhash,xxhash2,md5,crc32c,sha256,sha512";
inline constexpr std::string_view kCompression = "never,always";
inline constexpr std::string_view kWritePolicies = ",immediate,delayed,never";

// AIS keeps per-provider backend settings here; this implementation has none yet (ais:// only).
struct BackendConf {
    bool operator==(const BackendConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(BackendConf, (), ())

struct MirrorConf {
    int64_t copies = 2;
    int burst_buffer = 128;
    bool enabled = false;

    static constexpr Field fields[] = {
        Field("copies", "number of replicas of each object, the original included").range(1, 32),
        Field("burst_buffer", "how many objects per bucket may wait for their copies, in thousands (x1024); PUTs "
                              "never wait: objects beyond it keep fewer copies until `ais start mirror`, reported as a "
                              "put-copies job error")
            .range(0, 1 << 20),
        Field("enabled", "keep `copies` replicas of every object, on different mountpaths"),
    };
    bool operator==(const MirrorConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(MirrorConf, (), (copies, burst_buffer, enabled))

// Member order is the wire order of AIS bucket props (spec §2.4).
struct EcConf {
    std::string compression = "never";
    int bundle_multiplier = 2;
    int burst_buffer = 0;
    int64_t objsize_limit = 262144;
    int data_slices = 1;
    int parity_slices = 1;
    bool enabled = false;
    bool disk_only = false;

    static constexpr Field fields[] = {
        Field("compression", "compress erasure-coded slices sent between targets").one_of(kCompression),
        Field("bundle_multiplier", "streams per destination target used to send slices").range(1, 64),
        Field("burst_buffer", "queue length of pending encode requests (0 = default)").range(0, 1 << 20),
        Field("objsize_limit", "objects smaller than this many bytes are replicated, larger ones sliced")
            .range(0, std::numeric_limits<int64_t>::max()),
        Field("data_slices", "number of data slices per object").range(1, 32),
        Field("parity_slices", "number of parity slices: how many lost targets an object survives")
            .range(1, 32),
        Field("enabled", "erasure-code new objects"),
        Field("disk_only", "build slices from disk rather than memory"),
    };
    bool operator==(const EcConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(EcConf, (),
                      (compression, bundle_multiplier, burst_buffer, objsize_limit, data_slices,
                       parity_slices, enabled, disk_only))

struct LogConf {
    std::string level = "3";
    bool to_stderr = false;
    SizeIEC max_size = mib(4);
    SizeIEC max_total = mib(128);
    Duration flush_time = minutes(1);
    Duration stats_time = minutes(1);

    static constexpr Field fields[] = {
        Field("level", "verbosity 0..5, optionally followed by module names (\"4 ec,xs\")"),
        Field("to_stderr", "also write log lines to stderr"),
        Field("max_size", "rotate a log file when it reaches this size"),
        Field("max_total", "remove the oldest rotated logs beyond this total size"),
        Field("flush_time", "how often buffered log lines are flushed"),
        Field("stats_time", "how often node statistics are logged"),
    };
    void validate(const KeyPath& k) const;  // level is 0..5 plus optional modules
    bool operator==(const LogConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(LogConf, (), (level, to_stderr, max_size, max_total, flush_time, stats_time))

struct PeriodicConf {
    Duration stats_time = seconds(10);
    Duration notif_time = seconds(30);
    Duration retry_sync_time = seconds(2);

    static constexpr Field fields[] = {
        Field("stats_time", "how often nodes refresh their statistics"),
        Field("notif_time", "how often targets report job progress to the proxy"),
        Field("retry_sync_time", "pause before retrying a failed metadata sync to a node"),
    };
    bool operator==(const PeriodicConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(PeriodicConf, (), (stats_time, notif_time, retry_sync_time))

struct TimeoutConf {
    Duration cplane_operation = seconds(2);
    Duration max_keepalive = seconds(4);
    Duration max_host_busy = seconds(20);
    Duration startup_time = minutes(1);
    Duration join_startup_time = minutes(3);
    Duration send_file_time = minutes(5);

    static constexpr Field fields[] = {
        Field("cplane_operation", "timeout of a short control-plane request between nodes"),
        Field("max_keepalive", "how long the primary keeps probing a silent node before it removes it from the cluster map"),
        Field("max_host_busy", "timeout of intra-cluster requests to a node that said it is busy"),
        Field("startup_time", "how long the primary waits for nodes to register at cluster startup"),
        Field("join_startup_time", "how long a node keeps trying to join the cluster"),
        Field("send_file_time", "timeout of sending one object between targets (rebalance, copy)"),
    };
    bool operator==(const TimeoutConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(TimeoutConf, (),
                      (cplane_operation, max_keepalive, max_host_busy, startup_time, join_startup_time,
                       send_file_time))

struct ClientConf {
    Duration client_timeout = minutes(10);
    Duration client_long_timeout = minutes(30);
    Duration list_timeout = minutes(10);

    static constexpr Field fields[] = {
        Field("client_timeout", "default timeout of API requests made by clients and tools"),
        Field("client_long_timeout", "timeout of long API requests (e.g. waiting for a job)"),
        Field("list_timeout", "timeout of one list-objects page"),
    };
    bool operator==(const ClientConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(ClientConf, (), (client_timeout, client_long_timeout, list_timeout))

struct SpaceConf {
    int64_t cleanupwm = 65;
    int64_t lowwm = 75;
    int64_t highwm = 90;
    int64_t out_of_space = 95;

    static constexpr Field fields[] = {
        Field("cleanupwm", "used-capacity percent above which space cleanup removes old work files")
            .range(0, 100),
        Field("lowwm", "LRU eviction stops when used capacity drops below this percent").range(0, 100),
        Field("highwm", "LRU eviction starts when used capacity exceeds this percent").range(0, 100),
        Field("out_of_space", "PUTs fail when used capacity exceeds this percent").range(0, 100),
    };
    void validate(const KeyPath& k) const;  // cleanupwm <= lowwm < highwm <= out_of_space
    bool operator==(const SpaceConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(SpaceConf, (), (cleanupwm, lowwm, highwm, out_of_space))

struct LruConf {
    Duration dont_evict_time = hours(2);
    Duration capacity_upd_time = minutes(10);
    bool enabled = false;

    static constexpr Field fields[] = {
        Field("dont_evict_time", "objects accessed more recently than this are never evicted"),
        Field("capacity_upd_time", "how often mountpath capacity is re-read"),
        Field("enabled", "evict least-recently-used objects of remote buckets when space runs low"),
    };
    bool operator==(const LruConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(LruConf, (), (dont_evict_time, capacity_upd_time, enabled))

struct DiskConf {
    Duration iostat_time_long = seconds(2);
    Duration iostat_time_short = millis(100);
    int64_t disk_util_low_wm = 20;
    int64_t disk_util_high_wm = 80;
    int64_t disk_util_max_wm = 95;

    static constexpr Field fields[] = {
        Field("iostat_time_long", "disk utilization sampling interval when disks are idle"),
        Field("iostat_time_short", "disk utilization sampling interval when disks are busy"),
        Field("disk_util_low_wm", "utilization percent below which a disk counts as idle").range(0, 100),
        Field("disk_util_high_wm", "utilization percent above which a disk counts as busy").range(0, 100),
        Field("disk_util_max_wm", "utilization percent above which background jobs throttle").range(0, 100),
    };
    void validate(const KeyPath& k) const;  // low < high < max, short <= long
    bool operator==(const DiskConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(DiskConf, (),
                      (iostat_time_long, iostat_time_short, disk_util_low_wm, disk_util_high_wm,
                       disk_util_max_wm))

struct RebalanceConf {
    Duration dest_retry_time = minutes(2);
    std::string compression = "never";
    int bundle_multiplier = 2;
    bool enabled = true;

    static constexpr Field fields[] = {
        Field("dest_retry_time", "how long to keep retrying a destination target that does not respond"),
        Field("compression", "compress objects sent between targets").one_of(kCompression),
        Field("bundle_multiplier", "streams per destination target").range(1, 64),
        Field("enabled", "rebalance automatically when targets join or leave"),
    };
    bool operator==(const RebalanceConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(RebalanceConf, (), (dest_retry_time, compression, bundle_multiplier, enabled))

struct ResilverConf {
    bool enabled = true;

    static constexpr Field fields[] = {
        Field("enabled", "redistribute objects across mountpaths when one is added or removed"),
    };
    bool operator==(const ResilverConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(ResilverConf, (), (enabled))

struct ChecksumConf {
    std::string type = "xxhash2";
    bool validate_cold_get = true;
    bool validate_warm_get = false;
    bool validate_obj_move = false;
    bool enable_read_range = false;

    static constexpr Field fields[] = {
        Field("type", "checksum algorithm of stored objects").one_of(kCksumTypes),
        Field("validate_cold_get", "verify the checksum of objects fetched from a remote backend"),
        Field("validate_warm_get", "verify the checksum of every object read from disk"),
        Field("validate_obj_move", "verify checksums when objects move between targets"),
        Field("enable_read_range", "return the checksum of the requested range rather than the object"),
    };
    bool operator==(const ChecksumConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(ChecksumConf, (),
                      (type, validate_cold_get, validate_warm_get, validate_obj_move, enable_read_range))

struct VersioningConf {
    bool enabled = true;
    bool validate_warm_get = false;
    bool synchronize = false;

    static constexpr Field fields[] = {
        Field("enabled", "keep an object version that increments on each overwrite"),
        Field("validate_warm_get", "on GET, compare the version with the remote backend's"),
        Field("synchronize", "on GET and prefetch, also remove objects deleted in the remote backend"),
    };
    bool operator==(const VersioningConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(VersioningConf, (), (enabled, validate_warm_get, synchronize))

struct L4Conf {
    std::string proto = "tcp";
    int sndrcv_buf_size = 131072;

    static constexpr Field fields[] = {
        Field("proto", "transport protocol").one_of("tcp"),
        Field("sndrcv_buf_size", "SO_SNDBUF/SO_RCVBUF of intra-cluster sockets in bytes (0 = system default)")
            .range(0, 1 << 30),
    };
    bool operator==(const L4Conf&) const = default;
};
BOOST_DESCRIBE_STRUCT(L4Conf, (), (proto, sndrcv_buf_size))

struct HttpConf {
    std::string server_crt;
    std::string server_key;
    std::string domain_tls;
    std::string client_ca_tls;
    int client_auth_tls = 0;
    Duration idle_conn_time = seconds(6);
    int idle_conns_per_host = 32;
    int write_buffer_size = 65536;
    int read_buffer_size = 65536;
    bool use_https = false;
    bool skip_verify = false;
    bool chunked_transfer = true;

    static constexpr Field fields[] = {
        Field("server_crt", "TLS certificate (PEM file) served when use_https is on"),
        Field("server_key", "TLS private key (PEM file) of server_crt"),
        Field("domain_tls", "expected domain name of node certificates (\"\" = not checked)"),
        Field("client_ca_tls", "CA bundle (PEM file) used to verify client certificates"),
        Field("client_auth_tls",
              "client-certificate policy: 0 none, 1 request, 2 require any, "
              "3 verify if given, 4 require and verify")
            .range(0, 4),
        Field("idle_conn_time", "idle keep-alive connections are closed after this long"),
        Field("idle_conns_per_host", "idle keep-alive connections kept per remote host").range(0, 1 << 20),
        Field("write_buffer_size", "socket write buffer of HTTP connections in bytes (0 = default)")
            .range(0, 1 << 30),
        Field("read_buffer_size", "socket read buffer of HTTP connections in bytes (0 = default)")
            .range(0, 1 << 30),
        Field("use_https", "serve HTTPS (server_crt and server_key required) instead of HTTP"),
        Field("skip_verify", "do not verify certificates of other nodes (self-signed test setups)"),
        Field("chunked_transfer", "allow chunked transfer encoding for intra-cluster data"),
    };
    bool operator==(const HttpConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(HttpConf, (),
                      (server_crt, server_key, domain_tls, client_ca_tls, client_auth_tls, idle_conn_time,
                       idle_conns_per_host, write_buffer_size, read_buffer_size, use_https, skip_verify,
                       chunked_transfer))

struct NetConf {
    L4Conf l4;
    HttpConf http;

    static constexpr Field fields[] = {
        Field("l4", "transport layer"),
        Field("http", "HTTP(S) server and client"),
    };
    bool operator==(const NetConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(NetConf, (), (l4, http))

struct FshcConf {
    int test_files = 4;
    int error_limit = 2;
    bool enabled = true;

    static constexpr Field fields[] = {
        Field("test_files", "files read and written by one filesystem health check").range(1, 1024),
        Field("error_limit", "errors after which a mountpath is disabled").range(1, 1024),
        Field("enabled", "run the filesystem health checker after I/O errors"),
    };
    bool operator==(const FshcConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(FshcConf, (), (test_files, error_limit, enabled))

struct AuthSignatureConf {
    std::string method;
    std::string key;

    static constexpr Field fields[] = {
        Field("method", "JWT signing method of AuthN tokens (\"\" = HS256 with auth.secret)")
            .one_of(",HS256,RS256,RS384,RS512"),
        Field("key", "HMAC secret or RSA public key (PEM) that verifies token signatures").secret(),
    };
    bool operator==(const AuthSignatureConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(AuthSignatureConf, (), (method, key))

struct AuthRequiredClaimsConf {
    std::vector<std::string> aud;

    static constexpr Field fields[] = {
        Field("aud", "tokens must name one of these audiences (cluster IDs); empty = not checked"),
    };
    bool operator==(const AuthRequiredClaimsConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(AuthRequiredClaimsConf, (), (aud))

struct AuthConf {
    std::string secret;
    bool enabled = false;
    AuthSignatureConf signature;
    AuthRequiredClaimsConf required_claims;

    static constexpr Field fields[] = {
        Field("secret", "HMAC secret shared with AuthN to verify HS256 tokens").secret(),
        Field("enabled", "require a valid AuthN token on every API request"),
        Field("signature", "token signature verification"),
        Field("required_claims", "claims every token must carry"),
    };
    bool operator==(const AuthConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(AuthConf, (), (secret, enabled, signature, required_claims))

struct KeepaliveConf {
    Duration interval = seconds(10);
    std::string name = "heartbeat";
    int factor = 3;

    static constexpr Field fields[] = {
        Field("interval", "keepalive period: heartbeats every interval/3; a node silent for interval/2 is probed"),
        Field("name", "heartbeat: silent for interval/2; average: silent for factor x its average heartbeat gap").one_of("heartbeat,average"),
        Field("factor", "with name=average: how many average heartbeat gaps of silence make a node suspect").range(1, 100),
    };
    bool operator==(const KeepaliveConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(KeepaliveConf, (), (interval, name, factor))

struct KeepaliveTrackerConf {
    KeepaliveConf proxy;
    KeepaliveConf target;
    int retry_factor = 5;

    static constexpr Field fields[] = {
        Field("proxy", "keepalive of proxies"),
        Field("target", "keepalive of targets"),
        Field("retry_factor", "probes of a silent node (within max_keepalive) before it is removed from the cluster map").range(1, 100),
    };
    bool operator==(const KeepaliveTrackerConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(KeepaliveTrackerConf, (), (proxy, target, retry_factor))

struct DownloaderConf {
    Duration timeout = hours(1);

    static constexpr Field fields[] = {
        Field("timeout", "timeout of downloading one object"),
    };
    bool operator==(const DownloaderConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(DownloaderConf, (), (timeout))

struct DsortConf {
    std::string duplicated_records = "ignore";
    std::string missing_shards = "ignore";
    std::string default_max_mem_usage = "80%";
    Duration call_timeout = minutes(10);
    std::string compression = "never";
    int bundle_multiplier = 4;

    static constexpr Field fields[] = {
        Field("duplicated_records", "what to do about records present in several shards")
            .one_of("ignore,warn,abort"),
        Field("missing_shards", "what to do about input shards that do not exist")
            .one_of("ignore,warn,abort"),
        Field("default_max_mem_usage", "memory a sort job may use, as a percent or a size"),
        Field("call_timeout", "timeout of one request between targets during a sort"),
        Field("compression", "compress records sent between targets").one_of(kCompression),
        Field("bundle_multiplier", "streams per destination target").range(1, 64),
    };
    bool operator==(const DsortConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(DsortConf, (),
                      (duplicated_records, missing_shards, default_max_mem_usage, call_timeout, compression,
                       bundle_multiplier))

struct TcbConf {
    std::string compression = "never";
    int bundle_multiplier = 2;

    static constexpr Field fields[] = {
        Field("compression", "compress objects sent between targets by bucket copy/transform")
            .one_of(kCompression),
        Field("bundle_multiplier", "streams per destination target").range(1, 64),
    };
    bool operator==(const TcbConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(TcbConf, (), (compression, bundle_multiplier))

struct WritePolicyConf {
    std::string data;
    std::string md;

    static constexpr Field fields[] = {
        Field("data", "when object data is written (\"\" = immediate)").one_of(kWritePolicies),
        Field("md", "when object metadata is written (\"\" = immediate)").one_of(kWritePolicies),
    };
    bool operator==(const WritePolicyConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(WritePolicyConf, (), (data, md))

// Rate limiting (AIS cmn.RateLimitConf): token buckets on the backend and frontend sides.
struct RateLimitBackendConf {
    Duration interval = minutes(1);
    int max_tokens = 1000;
    bool enabled = false;
    int num_retries = 3;
    std::string per_op_max_tokens;

    static constexpr Field fields[] = {
        Field("interval", "token refill interval"),
        Field("max_tokens", "requests allowed per interval").range(0, std::numeric_limits<int>::max()),
        Field("enabled", "limit the request rate to the remote backend (adaptive: backs off on 429/503)"),
        Field("num_retries", "retries of a throttled backend request").range(0, 1000),
        Field("per_op_max_tokens", "per-verb overrides, e.g. \"GET:3000,PUT:1000\"").omitempty(),
    };
    bool operator==(const RateLimitBackendConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(RateLimitBackendConf, (),
                      (interval, max_tokens, enabled, num_retries, per_op_max_tokens))

struct RateLimitFrontendConf {
    Duration interval = minutes(1);
    int max_tokens = 1000;
    bool enabled = false;
    int burst_size = 375;
    std::string per_op_max_tokens;

    static constexpr Field fields[] = {
        Field("interval", "token refill interval"),
        Field("max_tokens", "requests allowed per interval").range(0, std::numeric_limits<int>::max()),
        Field("enabled", "limit the client request rate per proxy (bursty: 429 when exceeded)"),
        Field("burst_size", "requests allowed in a burst above the rate")
            .range(0, std::numeric_limits<int>::max()),
        Field("per_op_max_tokens", "per-verb overrides, e.g. \"GET:3000,PUT:1000\"").omitempty(),
    };
    bool operator==(const RateLimitFrontendConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(RateLimitFrontendConf, (),
                      (interval, max_tokens, enabled, burst_size, per_op_max_tokens))

struct RateLimitConf {
    RateLimitBackendConf backend;
    RateLimitFrontendConf frontend;

    static constexpr Field fields[] = {
        Field("backend", "requests to the remote backend"),
        Field("frontend", "requests from clients"),
    };
    bool operator==(const RateLimitConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(RateLimitConf, (), (backend, frontend))

// Chunked (multipart-stored) objects (AIS cmn.ChunksConf).
struct ChunksConf {
    SizeIEC objsize_limit;
    SizeIEC max_monolithic_size = tib(1);
    SizeIEC chunk_size = gib(1);
    int checkpoint_every = 0;
    uint64_t flags = 0;

    static constexpr Field fields[] = {
        Field("objsize_limit", "objects at least this large are stored in chunks (0B = never)"),
        Field("max_monolithic_size", "largest object stored as a single file"),
        Field("chunk_size", "size of one chunk"),
        Field("checkpoint_every", "persist the chunk manifest every N chunks (0 = at the end)")
            .range(0, 1 << 20),
        Field("flags", "reserved bit flags"),
    };
    bool operator==(const ChunksConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(ChunksConf, (),
                      (objsize_limit, max_monolithic_size, chunk_size, checkpoint_every, flags))

// Not in AIS: how hard this implementation works to make a PUT durable before acknowledging it.
struct DurabilityConf {
    bool fsync_data = true;
    bool fsync_dir = true;

    static constexpr Field fields[] = {
        Field("fsync_data",
              "fsync object data before the atomic rename that makes it visible "
              "(specific to this implementation)"),
        Field("fsync_dir", "fsync the parent directory after the rename (specific to this implementation)"),
    };
    bool operator==(const DurabilityConf&) const = default;
};
BOOST_DESCRIBE_STRUCT(DurabilityConf, (), (fsync_data, fsync_dir))

struct ClusterConfig {
    BackendConf backend;
    MirrorConf mirror;
    EcConf ec;
    LogConf log;
    PeriodicConf periodic;
    TimeoutConf timeout;
    ClientConf client;
    SpaceConf space;
    LruConf lru;
    DiskConf disk;
    RebalanceConf rebalance;
    ResilverConf resilver;
    ChecksumConf checksum;
    VersioningConf versioning;
    NetConf net;
    FshcConf fshc;
    AuthConf auth;
    KeepaliveTrackerConf keepalivetracker;
    DownloaderConf downloader;
    DsortConf distributed_sort;
    TcbConf tcb;
    WritePolicyConf write_policy;
    RateLimitConf rate_limit;
    ChunksConf chunks;
    DurabilityConf durability;
    uint64_t features = 0;
    std::string lastupdate_time;
    std::string uuid;
    int64_t config_version = 0;

    static constexpr Field fields[] = {
        Field("backend", "cloud backends"),
        Field("mirror", "n-way mirroring (default for new buckets)"),
        Field("ec", "erasure coding (default for new buckets)"),
        Field("log", "logging"),
        Field("periodic", "periodic housekeeping"),
        Field("timeout", "intra-cluster timeouts"),
        Field("client", "client-side timeouts"),
        Field("space", "capacity watermarks"),
        Field("lru", "LRU eviction (default for new buckets)"),
        Field("disk", "disk utilization"),
        Field("rebalance", "global rebalance"),
        Field("resilver", "local (mountpath) rebalance"),
        Field("checksum", "object checksums (default for new buckets)"),
        Field("versioning", "object versioning (default for new buckets)"),
        Field("net", "networking"),
        Field("fshc", "filesystem health checker"),
        Field("auth", "authentication"),
        Field("keepalivetracker", "node liveness"),
        Field("downloader", "downloader jobs"),
        Field("distributed_sort", "dsort jobs"),
        Field("tcb", "bucket copy and transform"),
        Field("write_policy", "object write policy (default for new buckets)"),
        Field("rate_limit", "rate limiting (default for new buckets)"),
        Field("chunks", "chunked objects (default for new buckets)"),
        Field("durability", "fsync policy of this implementation (not in AIS)"),
        Field("features", "feature flags, a bit set (uint64); bit 3 (8): S3-API-via-Root, S3 at / as well as /s3").quoted(),
        Field("lastupdate_time", "when the primary last changed this config").readonly(),
        Field("uuid", "cluster UUID, set by the primary at first startup").readonly(),
        Field("config_version", "version of this config, incremented by the primary on each change")
            .quoted()
            .readonly(),
    };
    bool operator==(const ClusterConfig&) const = default;
};
BOOST_DESCRIBE_STRUCT(ClusterConfig, (),
                      (backend, mirror, ec, log, periodic, timeout, client, space, lru, disk, rebalance,
                       resilver, checksum, versioning, net, fshc, auth, keepalivetracker, downloader,
                       distributed_sort, tcb, write_policy, rate_limit, chunks, durability, features,
                       lastupdate_time, uuid, config_version))

}  // namespace ais::config
