// Bucket props: the exact AIS key set (spec §2.4), string-encoded int64s, BpropsToSet semantics,
// cluster-derived defaults and access permission names.
#include "shared/config/bprops.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>
#include <sstream>

#include "shared/util/errors.hpp"

namespace json = boost::json;
using ais::Access;
using ais::Bprops;
using namespace ais::config;

namespace {

template <class F>
std::string bad_request(F&& f) {
    try {
        f();
    } catch (const ais::ErrBadRequest& e) {
        return e.what();
    }
    return "";
}

std::vector<std::string> keys_of(const json::value& v) {
    std::vector<std::string> out;
    for (const auto& kv : v.as_object()) out.emplace_back(kv.key());
    return out;
}

using Keys = std::vector<std::string>;

}  // namespace

TEST(Bprops, ExactAisKeySet) {
    json::value v = json::parse(to_json(Bprops{}));
    EXPECT_EQ(keys_of(v),
              (Keys{"provider", "backend_bck", "write_policy", "checksum", "rate_limit", "ec", "chunks",
                    "mirror", "lru", "Renamed", "access", "features", "bid", "created", "versioning"}));
    EXPECT_EQ(keys_of(v.at("backend_bck")), (Keys{"name", "provider", "namespace"}));
    EXPECT_EQ(keys_of(v.at("backend_bck").at("namespace")), (Keys{"uuid", "name"}));
    EXPECT_EQ(keys_of(v.at("write_policy")), (Keys{"data", "md"}));
    EXPECT_EQ(keys_of(v.at("checksum")), (Keys{"type", "validate_cold_get", "validate_warm_get",
                                               "validate_obj_move", "enable_read_range"}));
    EXPECT_EQ(keys_of(v.at("rate_limit")), (Keys{"backend", "frontend"}));
    EXPECT_EQ(keys_of(v.at("rate_limit").at("backend")),
              (Keys{"interval", "max_tokens", "enabled", "num_retries"}));
    EXPECT_EQ(keys_of(v.at("rate_limit").at("frontend")),
              (Keys{"interval", "max_tokens", "enabled", "burst_size"}));
    EXPECT_EQ(keys_of(v.at("ec")), (Keys{"compression", "bundle_multiplier", "burst_buffer", "objsize_limit",
                                         "data_slices", "parity_slices", "enabled", "disk_only"}));
    EXPECT_EQ(keys_of(v.at("chunks")),
              (Keys{"objsize_limit", "max_monolithic_size", "chunk_size", "checkpoint_every", "flags"}));
    EXPECT_EQ(keys_of(v.at("mirror")), (Keys{"copies", "burst_buffer", "enabled"}));
    EXPECT_EQ(keys_of(v.at("lru")), (Keys{"dont_evict_time", "capacity_upd_time", "enabled"}));
    EXPECT_EQ(keys_of(v.at("versioning")), (Keys{"enabled", "validate_warm_get", "synchronize"}));
}

TEST(Bprops, StringEncodedIntegers) {
    Bprops p;
    p.bid = 4611686018427387905ull;
    p.created = 1700000000000000000;
    auto v = json::parse(to_json(p));
    EXPECT_EQ(v.at("access"), "18446744073709551615");  // default: full access
    EXPECT_EQ(v.at("features"), "0");
    EXPECT_EQ(v.at("bid"), "4611686018427387905");
    EXPECT_EQ(v.at("created"), "1700000000000000000");
    EXPECT_EQ(v.at("lru").at("dont_evict_time"), "2h0m0s");
    EXPECT_EQ(v.at("chunks").at("objsize_limit"), "0B");
    EXPECT_EQ(v.at("provider"), "ais");
    EXPECT_EQ(from_json<Bprops>(to_json(p)), p);
    EXPECT_EQ(from_json<Bprops>(R"({"access":771,"bid":5,"created":"6"})").access, 771u);
    EXPECT_EQ(from_json<Bprops>(R"({"access":"771"})").access, Access::RO);
    EXPECT_EQ(from_json<Bprops>(R"({"access":"ro"})").access, Access::RO);  // names accepted on input too
}

TEST(Bprops, AisFixtureDecodes) {
    std::ifstream in(std::string(AIS_TEST_FIXTURES) + "/config/bprops_ais.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto p = from_json<Bprops>(ss.str());
    EXPECT_EQ(p.bid, 4611686018427387905ull);
    EXPECT_EQ(p.created, 1700000000000000000);
    EXPECT_EQ(p.access, Access::SU);
    EXPECT_EQ(p.rate_limit.backend.per_op_max_tokens, "GET:100");
    EXPECT_FALSE(p.checksum.validate_cold_get);
    // omitempty key appears once set
    EXPECT_EQ(json::parse(to_json(p)).at("rate_limit").at("backend").at("per_op_max_tokens"), "GET:100");
}

TEST(Bprops, FromClusterDefaults) {
    ClusterConfig c;
    c.checksum.type = "md5";
    c.mirror.copies = 3;
    c.mirror.enabled = true;
    c.ec.data_slices = 4;
    c.lru.enabled = true;
    c.versioning.enabled = false;
    c.write_policy.data = "delayed";
    c.rate_limit.frontend.burst_size = 10;
    c.chunks.chunk_size = mib(64);
    auto p = Bprops::from_cluster_defaults(c);
    EXPECT_EQ(p.checksum, c.checksum);
    EXPECT_EQ(p.mirror, c.mirror);
    EXPECT_EQ(p.ec, c.ec);
    EXPECT_EQ(p.lru, c.lru);
    EXPECT_EQ(p.versioning, c.versioning);
    EXPECT_EQ(p.write_policy, c.write_policy);
    EXPECT_EQ(p.rate_limit, c.rate_limit);
    EXPECT_EQ(p.chunks, c.chunks);
    EXPECT_EQ(p.provider, "ais");
    EXPECT_EQ(p.access, Access::SU);
}

TEST(Bprops, BpropsToSet) {
    Bprops p;
    p.bid = 7;
    p.created = 8;
    apply_json(p, R"({"checksum":{"type":"md5"},"mirror":{"enabled":true,"copies":3},"force":true,
                      "bid":"5","created":"9","provider":"aws","Renamed":"x","access":"771"})");
    EXPECT_EQ(p.checksum.type, "md5");
    EXPECT_TRUE(p.checksum.validate_cold_get);  // the rest of the section stays
    EXPECT_TRUE(p.mirror.enabled);
    EXPECT_EQ(p.mirror.copies, 3);
    EXPECT_EQ(p.access, Access::RO);
    EXPECT_EQ(p.bid, 7u);  // system-owned keys are ignored
    EXPECT_EQ(p.created, 8);
    EXPECT_EQ(p.provider, "ais");
    EXPECT_EQ(p.Renamed, "");
    apply_json(p, R"({"backend_bck":{"name":"src","provider":"aws","namespace":{"uuid":"","name":""}}})");
    EXPECT_EQ(p.backend_bck.name, "src");
    EXPECT_EQ(p.backend_bck.provider, "aws");
    EXPECT_EQ(bad_request([&] { apply_json(p, R"({"ec":{"data_slices":0}})"); }),
              R"(invalid value 0 for "ec.data_slices": expected an integer between 1 and 32)");
}

TEST(Bprops, SetKv) {
    Bprops p;
    set_kv(p, "access", "ro");
    EXPECT_EQ(p.access, Access::RO);
    EXPECT_EQ(get_kv(p, "access"), "771");
    set_kv(p, "access", "GET,PUT");
    EXPECT_EQ(p.access, Access::GET | Access::PUT);
    set_kv(p, "backend_bck.namespace.uuid", "@remote");
    EXPECT_EQ(p.backend_bck.namespace_.uuid, "@remote");
    set_kv(p, "lru.dont_evict_time", "1h");
    EXPECT_EQ(get_kv(p, "lru.dont_evict_time"), "1h0m0s");
    EXPECT_EQ(bad_request([&] { set_kv(p, "checksum.typo", "x"); }),
              R"(unknown bucket property "checksum.typo")");
    EXPECT_EQ(bad_request([&] { set_kv(p, "bid", "1"); }), R"(bucket property "bid" is read-only)");
    EXPECT_EQ(
        bad_request([&] { set_kv(p, "access", "GET,FLY"); }),
        R"(invalid value "GET,FLY" for "access": unknown access permission "FLY": expected names such as )"
        R"(GET, PUT, HEAD-OBJECT, LIST-OBJECTS, ADMIN, groups ro, rw, su, or a number)");
    auto keys = list_keys<Bprops>();
    auto has = [&](const char* k) {
        return std::any_of(keys.begin(), keys.end(), [&](const KeyInfo& i) { return i.key == k; });
    };
    EXPECT_TRUE(has("backend_bck.namespace.name"));
    EXPECT_TRUE(has("checksum.type"));
    EXPECT_TRUE(has("rate_limit.frontend.burst_size"));
    EXPECT_TRUE(has("Renamed"));
}

TEST(Access, NamesAndParsing) {
    EXPECT_EQ(Access::RO, 771u);
    EXPECT_EQ(Access::RW, 831u);
    EXPECT_EQ(Access::CLUSTER_RO, 12288u);
    EXPECT_EQ(Access::CLUSTER_RW, 126976u);
    EXPECT_EQ(Access::ADMIN, 131072u);
    EXPECT_EQ(ais::kAccessPerms[9].name, "LIST-OBJECTS");
    EXPECT_EQ(ais::kAccessPerms[9].bits, 512u);
    for (size_t i = 0; i < 18; ++i) EXPECT_EQ(ais::kAccessPerms[i].bits, 1ull << i);

    EXPECT_EQ(ais::parse_access("GET,HEAD-OBJECT"), 3u);
    EXPECT_EQ(ais::parse_access("get, head-object"), 3u);
    EXPECT_EQ(ais::parse_access("ro"), 771u);
    EXPECT_EQ(ais::parse_access("rw"), 831u);
    EXPECT_EQ(ais::parse_access("su"), ~0ull);
    EXPECT_EQ(ais::parse_access("ro PUT"), 771u | 4u);
    EXPECT_EQ(ais::parse_access("4608"), 4608u);
    EXPECT_EQ(ais::parse_access("LIST-OBJECTS,LIST-BUCKETS"), 4608u);
    EXPECT_EQ(ais::parse_access(""), 0u);
    EXPECT_EQ(ais::parse_access("none"), 0u);
    EXPECT_THROW(ais::parse_access("GETT"), ais::ErrBadRequest);

    EXPECT_EQ(ais::access_names(0), "none");
    EXPECT_EQ(ais::access_names(771), "ro");
    EXPECT_EQ(ais::access_names(831), "rw");
    EXPECT_EQ(ais::access_names(~0ull), "su");
    EXPECT_EQ(ais::access_names(3), "GET,HEAD-OBJECT");
    EXPECT_EQ(ais::access_names(Access::PATCH | Access::ADMIN), "PATCH,ADMIN");
    for (uint64_t bits : {1ull, 771ull, 4608ull, 126976ull, ~0ull})
        EXPECT_EQ(ais::parse_access(ais::access_names(bits)), bits);
}
