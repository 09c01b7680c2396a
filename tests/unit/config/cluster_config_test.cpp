// The schema engine, exercised on the cluster config: defaults, JSON names and decoding rules
// (spec §0), dotted-key get/set with exact error texts, partial apply, validation, key listing.
#include "shared/config/cluster_config.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <set>

#include "shared/util/cksum.hpp"
#include "shared/util/errors.hpp"

namespace json = boost::json;
using namespace ais::config;

namespace {

// The message of the ErrBadRequest that f throws ("" if it throws nothing).
template <class F>
std::string bad_request(F&& f) {
    try {
        f();
    } catch (const ais::ErrBadRequest& e) {
        return e.what();
    }
    return "";
}

json::object parse_obj(const std::string& s) {
    return json::parse(s).as_object();
}

}  // namespace

TEST(ClusterConfig, Defaults) {
    ClusterConfig c;
    EXPECT_EQ(c.mirror.copies, 2);
    EXPECT_EQ(c.mirror.burst_buffer, 128);
    EXPECT_FALSE(c.mirror.enabled);
    EXPECT_EQ(c.ec.objsize_limit, 262144);
    EXPECT_EQ(c.ec.compression, "never");
    EXPECT_EQ(c.log.level, "3");
    EXPECT_EQ(c.log.max_size, mib(4));
    EXPECT_EQ(c.log.max_total, mib(128));
    EXPECT_EQ(c.log.flush_time, minutes(1));
    EXPECT_EQ(c.periodic.stats_time, seconds(10));
    EXPECT_EQ(c.timeout.join_startup_time, minutes(3));
    EXPECT_EQ(c.client.client_long_timeout, minutes(30));
    EXPECT_EQ(c.space.cleanupwm, 65);
    EXPECT_EQ(c.space.out_of_space, 95);
    EXPECT_EQ(c.lru.dont_evict_time, hours(2));
    EXPECT_EQ(c.disk.iostat_time_short, millis(100));
    EXPECT_TRUE(c.rebalance.enabled);
    EXPECT_TRUE(c.resilver.enabled);
    EXPECT_EQ(c.checksum.type, "xxhash2");
    EXPECT_TRUE(c.checksum.validate_cold_get);
    EXPECT_TRUE(c.versioning.enabled);
    EXPECT_EQ(c.net.l4.proto, "tcp");
    EXPECT_EQ(c.net.http.idle_conns_per_host, 32);
    EXPECT_TRUE(c.net.http.chunked_transfer);
    EXPECT_EQ(c.keepalivetracker.proxy.name, "heartbeat");
    EXPECT_EQ(c.keepalivetracker.target.factor, 3);
    EXPECT_EQ(c.keepalivetracker.retry_factor, 5);
    EXPECT_EQ(c.downloader.timeout, hours(1));
    EXPECT_TRUE(c.durability.fsync_data);
    EXPECT_TRUE(c.durability.fsync_dir);
    EXPECT_EQ(c.features, 0u);
    EXPECT_EQ(c.config_version, 0);
    EXPECT_NO_THROW(validate(c));
}

TEST(ClusterConfig, JsonUsesAisNames) {
    ClusterConfig c;
    c.config_version = 42;
    c.uuid = "eTdL4YGHN";
    auto o = parse_obj(to_json(c));
    EXPECT_EQ(o.at("checksum").at("type"), "xxhash2");
    EXPECT_EQ(o.at("checksum").at("validate_warm_get"), false);
    EXPECT_EQ(o.at("lru").at("dont_evict_time"), "2h0m0s");
    EXPECT_EQ(o.at("lru").at("capacity_upd_time"), "10m0s");
    EXPECT_EQ(o.at("log").at("max_size"), "4MiB");
    EXPECT_EQ(o.at("disk").at("iostat_time_short"), "100ms");
    EXPECT_EQ(o.at("space").at("out_of_space"), 95);
    EXPECT_EQ(o.at("net").at("http").at("use_https"), false);
    EXPECT_EQ(o.at("net").at("l4").at("proto"), "tcp");
    EXPECT_EQ(o.at("keepalivetracker").at("proxy").at("interval"), "10s");
    EXPECT_EQ(o.at("distributed_sort").at("call_timeout"), "10m0s");
    EXPECT_EQ(o.at("chunks").at("objsize_limit"), "0B");
    EXPECT_TRUE(o.at("backend").is_object());
    EXPECT_TRUE(o.at("auth").at("required_claims").at("aud").is_array());
    // Go `,string` int64s.
    EXPECT_EQ(o.at("config_version"), "42");
    EXPECT_EQ(o.at("features"), "0");
    EXPECT_EQ(o.at("uuid"), "eTdL4YGHN");
    // omitempty
    EXPECT_FALSE(o.at("rate_limit").at("backend").as_object().contains("per_op_max_tokens"));
    // Declaration order is kept.
    std::vector<std::string> keys;
    for (const auto& kv : o) keys.emplace_back(kv.key());
    EXPECT_EQ(keys.front(), "backend");
    EXPECT_EQ(keys.back(), "config_version");
}

TEST(ClusterConfig, JsonRoundTrip) {
    ClusterConfig c;
    c.mirror.copies = 3;
    c.mirror.enabled = true;
    c.ec.objsize_limit = 1 << 20;
    c.ec.data_slices = 4;
    c.ec.parity_slices = 2;
    c.log.level = "4 ec,xs";
    c.log.max_size = gib(1);
    c.lru.dont_evict_time = minutes(90);
    c.disk.iostat_time_short = millis(250);
    c.checksum.type = "md5";
    c.net.http.use_https = true;
    c.net.http.server_crt = "/etc/ais/crt.pem";
    c.auth.secret = "s3cr3t";
    c.auth.required_claims.aud = {"a", "b \"quoted\""};
    c.write_policy.data = "delayed";
    c.rate_limit.backend.per_op_max_tokens = "GET:3000";
    c.features = 0xFFFFFFFFFFFFFFFFull;
    c.config_version = 17;
    c.uuid = "uuid-1";
    EXPECT_EQ(from_json<ClusterConfig>(to_json(c)), c);
    EXPECT_EQ(from_json<ClusterConfig>(to_json_pretty(c)), c);
    EXPECT_EQ(from_json_value<ClusterConfig>(to_json_value(c)), c);
    auto o = parse_obj(to_json(c));
    EXPECT_EQ(o.at("features"), "18446744073709551615");
    EXPECT_EQ(o.at("lru").at("dont_evict_time"), "1h30m0s");
    EXPECT_EQ(o.at("rate_limit").at("backend").at("per_op_max_tokens"), "GET:3000");
}

TEST(ClusterConfig, PrettyIsGoMarshalIndent) {
    EXPECT_EQ(to_json_pretty(MirrorConf{}),
              "{\n    \"copies\": 2,\n    \"burst_buffer\": 128,\n    \"enabled\": false\n}");
    EXPECT_EQ(to_json(MirrorConf{}), R"({"copies":2,"burst_buffer":128,"enabled":false})");
    std::string p = to_json_pretty(ClusterConfig{});
    EXPECT_NE(p.find("\n    \"backend\": {},\n"), std::string::npos);
    EXPECT_NE(p.find("\n            \"aud\": []\n"), std::string::npos);
    EXPECT_NE(p.find("\n    \"net\": {\n        \"l4\": {\n            \"proto\": \"tcp\","),
              std::string::npos);
}

TEST(ClusterConfig, DecodeIsCaseInsensitive) {
    auto c = from_json<ClusterConfig>(
        R"({"CHECKSUM":{"Type":"md5"},"Mirror":{"COPIES":3},"LRU":{"Enabled":true}})");
    EXPECT_EQ(c.checksum.type, "md5");
    EXPECT_EQ(c.mirror.copies, 3);
    EXPECT_TRUE(c.lru.enabled);
}

TEST(ClusterConfig, DecodeIgnoresUnknownKeys) {
    auto c = from_json<ClusterConfig>(
        R"({"ext":{"x":1},"transport":{"max_header":4096},"memsys":{},"proxy":{"primary_url":"http://p"},
            "checksum":{"bogus":true,"type":"sha256"},"net":{"http":{"nope":[1,2]}}})");
    EXPECT_EQ(c.checksum.type, "sha256");
    EXPECT_EQ(c.net.http, HttpConf{});
}

TEST(ClusterConfig, DecodeAcceptsInt64AsStringOrNumber) {
    EXPECT_EQ(from_json<ClusterConfig>(R"({"config_version":"5"})").config_version, 5);
    EXPECT_EQ(from_json<ClusterConfig>(R"({"config_version":5})").config_version, 5);
    EXPECT_EQ(from_json<ClusterConfig>(R"({"features":"12"})").features, 12u);
    EXPECT_EQ(from_json<ClusterConfig>(R"({"features":12})").features, 12u);
    EXPECT_EQ(from_json<ClusterConfig>(R"({"features":"18446744073709551615"})").features, ~0ull);
    EXPECT_EQ(from_json<ClusterConfig>(R"({"mirror":{"copies":"3"}})").mirror.copies, 3);
    EXPECT_EQ(from_json<ClusterConfig>(R"({"ec":{"objsize_limit":1e6}})").ec.objsize_limit, 1000000);
    EXPECT_EQ(from_json<ClusterConfig>(R"({"log":{"max_size":1024}})").log.max_size, kib(1));
    // As with AIS cos.Duration, a JSON number is nanoseconds.
    EXPECT_EQ(from_json<ClusterConfig>(R"({"lru":{"dont_evict_time":7200000000000}})").lru.dont_evict_time,
              hours(2));
}

TEST(ClusterConfig, NullIsAbsent) {
    auto c =
        from_json<ClusterConfig>(R"({"checksum":null,"mirror":{"copies":null,"enabled":true},"uuid":null})");
    EXPECT_EQ(c.checksum, ChecksumConf{});
    EXPECT_EQ(c.mirror.copies, 2);
    EXPECT_TRUE(c.mirror.enabled);
    ClusterConfig d;
    d.checksum.type = "md5";
    apply_json(d, R"({"checksum":{"type":null}})");
    EXPECT_EQ(d.checksum.type, "md5");
}

TEST(ClusterConfig, DecodeErrors) {
    EXPECT_EQ(bad_request([] { from_json<ClusterConfig>(R"({"checksum":{"type":5}})"); }),
              R"(invalid value 5 for "checksum.type": expected a string)");
    EXPECT_EQ(
        bad_request([] { from_json<ClusterConfig>(R"({"checksum":{"type":"md55"}})"); }),
        R"(invalid value "md55" for "checksum.type": expected one of none, xxhash, xxhash2, md5, crc32c, )"
        R"(sha256, sha512)");
    EXPECT_EQ(bad_request([] { from_json<ClusterConfig>(R"({"mirror":{"copies":1.5}})"); }),
              R"(invalid value 1.5 for "mirror.copies": expected an integer between 1 and 32)");
    EXPECT_EQ(bad_request([] { from_json<ClusterConfig>(R"({"mirror":{"enabled":"maybe"}})"); }),
              R"(invalid value "maybe" for "mirror.enabled": expected true or false)");
    EXPECT_EQ(
        bad_request([] { from_json<ClusterConfig>(R"({"lru":{"dont_evict_time":true}})"); }),
        R"(invalid value true for "lru.dont_evict_time": expected a duration such as "30s", "1m30s" or "2h")");
    EXPECT_EQ(bad_request([] { from_json<ClusterConfig>(R"({"mirror":[]})"); }),
              R"(invalid value [] for "mirror": expected an object)");
    EXPECT_EQ(bad_request([] { from_json<ClusterConfig>(R"({"auth":{"required_claims":{"aud":"x"}}})"); }),
              R"(invalid value "x" for "auth.required_claims.aud": expected an array of strings)");
    EXPECT_EQ(bad_request([] { from_json<ClusterConfig>("[1]"); }),
              "invalid JSON: expected an object, got [1]");
    EXPECT_EQ(bad_request([] { from_json<ClusterConfig>("{nope"); }).rfind("invalid JSON: ", 0), 0u);
    EXPECT_EQ(
        bad_request(
            [] { from_json<ClusterConfig>(R"({"net":{"http":{"idle_conns_per_host":99999999999}}})"); }),
        R"(invalid value 99999999999 for "net.http.idle_conns_per_host": expected an integer between 0 and )"
        R"(1048576)");
}

TEST(ClusterConfig, SetKvEveryType) {
    ClusterConfig c;
    set_kv(c, "mirror.enabled", "true");  // bool
    EXPECT_TRUE(c.mirror.enabled);
    set_kv(c, "mirror.enabled", "no");
    EXPECT_FALSE(c.mirror.enabled);
    set_kv(c, "ec.data_slices", "4");  // int
    EXPECT_EQ(c.ec.data_slices, 4);
    set_kv(c, "ec.objsize_limit", "1048576");  // int64
    EXPECT_EQ(c.ec.objsize_limit, 1048576);
    set_kv(c, "features", "18446744073709551615");  // uint64
    EXPECT_EQ(c.features, ~0ull);
    set_kv(c, "checksum.type", "sha512");  // string with choices
    EXPECT_EQ(c.checksum.type, "sha512");
    set_kv(c, "net.http.server_crt", "/a b/crt.pem");  // free string
    EXPECT_EQ(c.net.http.server_crt, "/a b/crt.pem");
    set_kv(c, "lru.dont_evict_time", "90m");  // duration
    EXPECT_EQ(c.lru.dont_evict_time, minutes(90));
    EXPECT_EQ(get_kv(c, "lru.dont_evict_time"), "1h30m0s");
    set_kv(c, "log.max_size", "1GiB");  // size
    EXPECT_EQ(c.log.max_size, gib(1));
    set_kv(c, "log.max_size", "10MB");
    EXPECT_EQ(get_kv(c, "log.max_size"), "10MiB");
    set_kv(c, "auth.required_claims.aud", "a, b");  // list
    EXPECT_EQ(c.auth.required_claims.aud, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(get_kv(c, "auth.required_claims.aud"), "a,b");
    set_kv(c, "auth.required_claims.aud", R"(["x,y","z"])");
    EXPECT_EQ(c.auth.required_claims.aud, (std::vector<std::string>{"x,y", "z"}));
    set_kv(c, "auth.required_claims.aud", "none");
    EXPECT_TRUE(c.auth.required_claims.aud.empty());
    set_kv(c, "write_policy.md", "");  // "" is one of the write policies
    EXPECT_EQ(c.write_policy.md, "");
    set_kv(c, "Checksum.TYPE", "md5");  // keys are case-insensitive
    EXPECT_EQ(c.checksum.type, "md5");
    set_kv(c, "checksum", R"({"type":"crc32c","validate_warm_get":true})");  // a section takes JSON
    EXPECT_EQ(c.checksum.type, "crc32c");
    EXPECT_TRUE(c.checksum.validate_warm_get);
    EXPECT_TRUE(c.checksum.validate_cold_get);
}

TEST(ClusterConfig, SetKvErrors) {
    ClusterConfig c;
    const ClusterConfig before = c;
    auto set = [&](const char* k, const char* v) { return bad_request([&] { set_kv(c, k, v); }); };
    EXPECT_EQ(
        set("checksum.type", "md55"),
        R"(invalid value "md55" for "checksum.type": expected one of none, xxhash, xxhash2, md5, crc32c, )"
        R"(sha256, sha512)");
    EXPECT_EQ(set("checksum.typo", "md5"), R"(unknown config key "checksum.typo")");
    EXPECT_EQ(set("checksum.type.x", "md5"), R"(unknown config key "checksum.type.x")");
    EXPECT_EQ(set("nosuch", "1"), R"(unknown config key "nosuch")");
    EXPECT_EQ(set("", "1"), R"(unknown config key "")");
    EXPECT_EQ(set("mirror.enabled", "maybe"),
              R"(invalid value "maybe" for "mirror.enabled": expected true or false)");
    EXPECT_EQ(set("mirror.copies", "abc"),
              R"(invalid value "abc" for "mirror.copies": expected an integer between 1 and 32)");
    EXPECT_EQ(set("mirror.copies", "0"),
              R"(invalid value "0" for "mirror.copies": expected an integer between 1 and 32)");
    EXPECT_EQ(set("mirror.copies", "33"),
              R"(invalid value "33" for "mirror.copies": expected an integer between 1 and 32)");
    EXPECT_EQ(set("features", "-1"), R"(invalid value "-1" for "features": expected a non-negative integer)");
    EXPECT_EQ(
        set("lru.dont_evict_time", "10"),
        R"(invalid value "10" for "lru.dont_evict_time": expected a duration such as "30s", "1m30s" or "2h")");
    EXPECT_EQ(set("lru.dont_evict_time", "-1s"),
              R"(invalid value "-1s" for "lru.dont_evict_time": expected a non-negative duration)");
    EXPECT_EQ(
        set("log.max_size", "4XB"),
        R"(invalid value "4XB" for "log.max_size": expected a size such as "512KiB", "4MiB" or "1GiB")");
    EXPECT_EQ(
        set("write_policy.data", "sometimes"),
        R"(invalid value "sometimes" for "write_policy.data": expected one of "", immediate, delayed, never)");
    EXPECT_EQ(set("uuid", "x"), R"(config key "uuid" is read-only)");
    EXPECT_EQ(set("config_version", "3"), R"(config key "config_version" is read-only)");
    EXPECT_EQ(set("checksum", "md5"),
              R"(invalid value "md5" for "checksum": expected a JSON object (or set one of its keys, )"
              R"(e.g. "checksum.type"))");
    EXPECT_EQ(set("log.level", "9"),
              R"(invalid value "9" for "log.level": expected 0..5, optionally followed by module names )"
              R"((e.g. "4 ec,xs"))");
    EXPECT_EQ(c, before);  // nothing changed by any failed call
}

TEST(ClusterConfig, GetKv) {
    ClusterConfig c;
    EXPECT_EQ(get_kv(c, "checksum.type"), "xxhash2");
    EXPECT_EQ(get_kv(c, "mirror.enabled"), "false");
    EXPECT_EQ(get_kv(c, "space.highwm"), "90");
    EXPECT_EQ(get_kv(c, "features"), "0");
    EXPECT_EQ(get_kv(c, "write_policy.data"), "");
    EXPECT_EQ(get_kv(c, "mirror"), R"({"copies":2,"burst_buffer":128,"enabled":false})");
    EXPECT_EQ(bad_request([&] { get_kv(c, "mirror.nope"); }), R"(unknown config key "mirror.nope")");
}

TEST(ClusterConfig, ApplyJsonIsPartial) {
    ClusterConfig c;
    c.mirror.copies = 3;
    c.uuid = "keep-me";
    c.config_version = 7;
    apply_json(c, R"({"checksum":{"type":"md5"},"lru":{"enabled":true},"uuid":"x","config_version":"9"})");
    EXPECT_EQ(c.checksum.type, "md5");
    EXPECT_TRUE(c.checksum.validate_cold_get);  // untouched key in a touched section
    EXPECT_TRUE(c.lru.enabled);
    EXPECT_EQ(c.lru.dont_evict_time, hours(2));
    EXPECT_EQ(c.mirror.copies, 3);  // untouched section
    EXPECT_EQ(c.uuid, "keep-me");   // read-only keys are not applied
    EXPECT_EQ(c.config_version, 7);

    const ClusterConfig before = c;
    EXPECT_EQ(
        bad_request([&] { apply_json(c, R"({"mirror":{"copies":2},"checksum":{"type":"bad"}})"); }),
        R"(invalid value "bad" for "checksum.type": expected one of none, xxhash, xxhash2, md5, crc32c, )"
        R"(sha256, sha512)");
    EXPECT_EQ(c, before);  // all or nothing
}

TEST(ClusterConfig, CrossFieldValidation) {
    ClusterConfig c;
    EXPECT_EQ(
        bad_request([&] { set_kv(c, "space.lowwm", "95"); }),
        "invalid space watermarks: expected space.cleanupwm (65) <= space.lowwm (95) < space.highwm (90) "
        "<= space.out_of_space (95)");
    EXPECT_EQ(c.space.lowwm, 75);
    // Moving both watermarks at once is fine even though each alone would be rejected.
    set_kvs(c, {{"space.highwm", "96"}, {"space.out_of_space", "97"}, {"space.lowwm", "95"}});
    EXPECT_EQ(c.space.lowwm, 95);
    EXPECT_EQ(c.space.highwm, 96);
    EXPECT_EQ(bad_request([&] { apply_json(c, R"({"disk":{"disk_util_low_wm":90}})"); }),
              "invalid disk watermarks: expected disk.disk_util_low_wm (90) < disk.disk_util_high_wm (80) < "
              "disk.disk_util_max_wm (95)");
    EXPECT_EQ(bad_request([&] { apply_json(c, R"({"disk":{"iostat_time_short":"3s"}})"); }),
              "invalid disk sampling: expected disk.iostat_time_short <= disk.iostat_time_long");
    EXPECT_EQ(bad_request([&] { from_json<ClusterConfig>(R"({"ec":{"parity_slices":33}})"); }),
              R"(invalid value 33 for "ec.parity_slices": expected an integer between 1 and 32)");
    // validate() also catches what was assigned directly.
    ClusterConfig d;
    d.mirror.copies = 0;
    EXPECT_EQ(bad_request([&] { validate(d); }),
              R"(invalid value "0" for "mirror.copies": expected an integer between 1 and 32)");
    // Sections validate on their own too, naming keys relative to themselves.
    SpaceConf s;
    s.lowwm = 99;
    EXPECT_EQ(
        bad_request([&] { validate(s); }),
        "invalid space watermarks: expected cleanupwm (65) <= lowwm (99) < highwm (90) <= out_of_space (95)");
}

TEST(ClusterConfig, SecretsHiddenForClients) {
    ClusterConfig c;
    EXPECT_EQ(parse_obj(to_json(c, true)).at("auth").at("secret"), "");
    c.auth.secret = "s3cr3t";
    c.auth.signature.key = "k";
    EXPECT_EQ(parse_obj(to_json(c, true)).at("auth").at("secret"), "**********");
    EXPECT_EQ(parse_obj(to_json(c, true)).at("auth").at("signature").at("key"), "**********");
    EXPECT_EQ(parse_obj(to_json(c)).at("auth").at("secret"), "s3cr3t");
    EXPECT_EQ(to_json_pretty(c, true).find("s3cr3t"), std::string::npos);
    auto rows = flatten(c);
    auto it = std::find_if(rows.begin(), rows.end(), [](const auto& r) { return r.first == "auth.secret"; });
    ASSERT_NE(it, rows.end());
    EXPECT_EQ(it->second, "**********");
    EXPECT_EQ(get_kv(c, "auth.secret"), "s3cr3t");
}

TEST(ClusterConfig, ListKeys) {
    auto keys = list_keys<ClusterConfig>();
    std::map<std::string, KeyInfo> by;
    for (const auto& k : keys) {
        EXPECT_TRUE(by.emplace(k.key, k).second) << "duplicate " << k.key;
        EXPECT_FALSE(k.doc.empty()) << k.key;
    }
    ASSERT_TRUE(by.count("checksum.type"));
    EXPECT_EQ(by["checksum.type"].type, "string");
    EXPECT_EQ(by["checksum.type"].def, "xxhash2");
    EXPECT_EQ(by["checksum.type"].choices,
              (std::vector<std::string>{"none", "xxhash", "xxhash2", "md5", "crc32c", "sha256", "sha512"}));
    ASSERT_TRUE(by.count("ec.data_slices"));
    EXPECT_EQ(by["ec.data_slices"].type, "int");
    EXPECT_TRUE(by["ec.data_slices"].ranged);
    EXPECT_EQ(by["ec.data_slices"].hi, 32);
    ASSERT_TRUE(by.count("net.http.use_https"));
    EXPECT_EQ(by["net.http.use_https"].type, "bool");
    EXPECT_EQ(by["net.http.use_https"].def, "false");
    EXPECT_EQ(by["lru.dont_evict_time"].type, "duration");
    EXPECT_EQ(by["lru.dont_evict_time"].def, "2h0m0s");
    EXPECT_EQ(by["log.max_total"].type, "size");
    EXPECT_EQ(by["log.max_total"].def, "128MiB");
    EXPECT_EQ(by["features"].type, "uint64");
    EXPECT_TRUE(by["auth.secret"].secret);
    EXPECT_TRUE(by["uuid"].readonly);
    EXPECT_TRUE(by.count("durability.fsync_data"));
    EXPECT_TRUE(by.count("keepalivetracker.target.interval"));
    EXPECT_FALSE(by.count("checksum"));  // sections are not leaves
    EXPECT_FALSE(by.count("net.http"));
    EXPECT_EQ(keys.front().key, "mirror.copies");  // declaration order
    // Every listed key can be read back, and its default is what get_kv prints on a default config.
    ClusterConfig c;
    for (const auto& k : keys) EXPECT_EQ(get_kv(c, k.key), k.def) << k.key;
    // flatten() yields the same keys in the same order.
    auto rows = flatten(c, false);
    ASSERT_EQ(rows.size(), keys.size());
    for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].first, keys[i].key);
}

TEST(ClusterConfig, SectionSchemasStandAlone) {
    ChecksumConf ck;
    set_kv(ck, "type", "md5");
    EXPECT_EQ(ck.type, "md5");
    EXPECT_EQ(to_json(ck), R"({"type":"md5","validate_cold_get":true,"validate_warm_get":false,)"
                           R"("validate_obj_move":false,"enable_read_range":false})");
    EXPECT_EQ(bad_request([&] { set_kv(ck, "typo", "x"); }), R"(unknown config key "typo")");
}

TEST(ClusterConfig, ChecksumChoicesMatchUtil) {
    // The schema's list of checksum types is the one the data path implements.
    for (const auto& k : list_keys<ClusterConfig>()) {
        if (k.key != "checksum.type") continue;
        ASSERT_EQ(k.choices.size(), 7u);
        for (const auto& c : k.choices) EXPECT_EQ(ais::to_string(ais::parse_cksum_type(c)), c);
    }
}
