// Bprops: the properties of one bucket, as stored in the BMD and returned in `Ais-Bucket-Props`.
// The JSON key set is exactly AIS's (spec §2.4), except that the optional `extra` (cloud-provider
// settings) is never emitted and is ignored on input. Most sections are the cluster config's own
// structs: a new bucket starts from Bprops::from_cluster_defaults(cluster config), as in AIS.
// BpropsToSet (create-bck, set-bprops) is a partial JSON of Bprops applied with
// config::apply_json(props, json): read-only keys (provider, Renamed, bid, created) and the extra
// `"force"` flag are ignored there; the caller reads `force` itself.
//
// Access permissions are a uint64 bit set (spec §2.4, spec/authn.md §3) with the AIS CLI's names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "shared/config/cluster_config.hpp"

namespace ais {

// Bit values of Bprops::access and of AuthN permissions.
struct Access {
    static constexpr uint64_t GET = 1ull << 0;
    static constexpr uint64_t HEAD_OBJECT = 1ull << 1;
    static constexpr uint64_t PUT = 1ull << 2;
    static constexpr uint64_t APPEND = 1ull << 3;
    static constexpr uint64_t DELETE_OBJECT = 1ull << 4;
    static constexpr uint64_t MOVE_OBJECT = 1ull << 5;
    static constexpr uint64_t PROMOTE = 1ull << 6;
    static constexpr uint64_t UPDATE_OBJECT = 1ull << 7;
    static constexpr uint64_t HEAD_BUCKET = 1ull << 8;
    static constexpr uint64_t LIST_OBJECTS = 1ull << 9;
    static constexpr uint64_t PATCH = 1ull << 10;  // set bucket props
    static constexpr uint64_t SET_BUCKET_ACL = 1ull << 11;
    static constexpr uint64_t LIST_BUCKETS = 1ull << 12;
    static constexpr uint64_t SHOW_CLUSTER = 1ull << 13;
    static constexpr uint64_t CREATE_BUCKET = 1ull << 14;
    static constexpr uint64_t DESTROY_BUCKET = 1ull << 15;
    static constexpr uint64_t MOVE_BUCKET = 1ull << 16;
    static constexpr uint64_t ADMIN = 1ull << 17;

    // Groups, as the AIS CLI and AuthN name them.
    static constexpr uint64_t RO = GET | HEAD_OBJECT | HEAD_BUCKET | LIST_OBJECTS;   // 771
    static constexpr uint64_t RW = RO | PUT | APPEND | DELETE_OBJECT | MOVE_OBJECT;  // 831
    static constexpr uint64_t SU = ~0ull;                                            // all bits
    static constexpr uint64_t BUCKET_ADMIN = PATCH | SET_BUCKET_ACL | UPDATE_OBJECT;
    static constexpr uint64_t CLUSTER_RO = LIST_BUCKETS | SHOW_CLUSTER;  // 12288
    static constexpr uint64_t CLUSTER_RW =
        CLUSTER_RO | CREATE_BUCKET | DESTROY_BUCKET | MOVE_BUCKET;  // 126976
};

struct AccessName {
    std::string_view name;
    uint64_t bits;
};
// The 18 permissions by bit index: GET, HEAD-OBJECT, PUT, APPEND, DELETE-OBJECT, MOVE-OBJECT,
// PROMOTE, UPDATE-OBJECT, HEAD-BUCKET, LIST-OBJECTS, PATCH, SET-BUCKET-ACL, LIST-BUCKETS,
// SHOW-CLUSTER, CREATE-BUCKET, DESTROY-BUCKET, MOVE-BUCKET, ADMIN.
extern const AccessName kAccessPerms[18];
// Group aliases: ro, rw, su, bucket-admin, cluster-ro, cluster-rw.
extern const AccessName kAccessGroups[6];

// Names or aliases separated by ',' or spaces, case-insensitive ("GET,HEAD-OBJECT", "ro PUT"), or a
// decimal number. "" and "none" are 0. Throws ErrBadRequest on an unknown name.
uint64_t parse_access(std::string_view s);
// "su", "rw", "ro" (exact group matches), "none" for 0, else the permission names joined by ','.
std::string access_names(uint64_t bits);

struct BpropsNamespace {
    std::string uuid;
    std::string name;

    static constexpr config::Field fields[] = {
        config::Field("uuid", "cluster UUID or alias of a remote AIS cluster (\"\" = this cluster)"),
        config::Field("name", "namespace name (\"\" = global)"),
    };
    bool operator==(const BpropsNamespace&) const = default;
};
BOOST_DESCRIBE_STRUCT(BpropsNamespace, (), (uuid, name))

struct BackendBck {
    std::string name;
    std::string provider;
    BpropsNamespace namespace_;

    static constexpr config::Field fields[] = {
        config::Field("name", "name of the backend bucket (\"\" = no backend)"),
        config::Field("provider", "provider of the backend bucket").one_of(",ais,aws,gcp,azure,oci"),
        config::Field("namespace_", "namespace of the backend bucket"),
    };
    bool operator==(const BackendBck&) const = default;
};
BOOST_DESCRIBE_STRUCT(BackendBck, (), (name, provider, namespace_))

struct Bprops {
    std::string provider = "ais";
    BackendBck backend_bck;
    config::WritePolicyConf write_policy;
    config::ChecksumConf checksum;
    config::RateLimitConf rate_limit;
    config::EcConf ec;
    config::ChunksConf chunks;
    config::MirrorConf mirror;
    config::LruConf lru;
    std::string Renamed;
    uint64_t access = Access::SU;
    uint64_t features = 0;
    uint64_t bid = 0;
    int64_t created = 0;
    config::VersioningConf versioning;

    static constexpr std::string_view key_noun = "bucket property";
    static constexpr config::Field fields[] = {
        config::Field("provider", "provider of the bucket").one_of("ais,aws,gcp,azure,oci").readonly(),
        config::Field("backend_bck", "remote bucket this ais:// bucket caches (AIS \"backend bucket\")"),
        config::Field("write_policy", "object write policy"),
        config::Field("checksum", "object checksums"),
        config::Field("rate_limit", "rate limiting"),
        config::Field("ec", "erasure coding"),
        config::Field("chunks", "chunked objects"),
        config::Field("mirror", "n-way mirroring"),
        config::Field("lru", "LRU eviction"),
        config::Field("Renamed", "deprecated (AIS: name of the bucket this one was renamed from)").readonly(),
        config::Field("access",
                      "allowed operations, a permission bit set; `ais bucket props set` also takes "
                      "names such as \"ro\" or \"GET,HEAD-OBJECT\"")
            .quoted()
            .parse_with(parse_access),
        config::Field("features", "feature flags, a bit set").quoted(),
        config::Field("bid", "bucket ID, assigned by the primary").quoted().readonly(),
        config::Field("created", "creation time, Unix nanoseconds").quoted().readonly(),
        config::Field("versioning", "object versioning"),
    };

    // Defaults of a new bucket: the cluster's checksum, ec, mirror, lru, versioning, write_policy,
    // rate_limit and chunks sections; provider ais; full access.
    static Bprops from_cluster_defaults(const config::ClusterConfig& c);

    bool operator==(const Bprops&) const = default;
};
BOOST_DESCRIBE_STRUCT(Bprops, (),
                      (provider, backend_bck, write_policy, checksum, rate_limit, ec, chunks, mirror, lru,
                       Renamed, access, features, bid, created, versioning))

}  // namespace ais
