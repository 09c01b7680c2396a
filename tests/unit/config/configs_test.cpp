// TOML files and the node-local, CLI and AuthN configs; AIS-shaped JSON fixtures decode.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "shared/config/authn_config.hpp"
#include "shared/config/cli_config.hpp"
#include "shared/config/cluster_config.hpp"
#include "shared/config/local_config.hpp"
#include "shared/util/errors.hpp"

namespace fs = std::filesystem;
namespace json = boost::json;
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

std::string fixture(const std::string& name) {
    return std::string(AIS_TEST_FIXTURES) + "/config/" + name;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class TempDir {
  public:
    TempDir() {
        path_ = fs::temp_directory_path() /
                ("ais_config_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    std::vector<std::string> entries() const {
        std::vector<std::string> out;
        for (const auto& e : fs::recursive_directory_iterator(path_))
            out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }

  private:
    static inline int counter_ = 0;
    fs::path path_;
};

ClusterConfig modified_cluster() {
    ClusterConfig c;
    c.mirror.copies = 3;
    c.ec.enabled = true;
    c.log.level = "4 ec,xs";
    c.log.max_total = mib(300);
    c.lru.dont_evict_time = minutes(45);
    c.disk.iostat_time_short = millis(50);
    c.checksum.type = "sha256";
    c.net.http.server_crt = "/etc/ais/\"odd\" name\\crt.pem";
    c.auth.secret = "line1\nline2\ttab";
    c.auth.required_claims.aud = {"c1", "c2"};
    c.write_policy.md = "never";
    c.features = ~0ull;  // beyond TOML's int64
    c.config_version = 12;
    c.uuid = "FtQ5qE9Lb";
    c.lastupdate_time = "2024-01-02 03:04:05";
    return c;
}

}  // namespace

TEST(Toml, ClusterRoundTrip) {
    ClusterConfig c = modified_cluster();
    std::string text = to_toml(c);
    EXPECT_EQ(from_toml<ClusterConfig>(text), c);
    EXPECT_EQ(from_toml<ClusterConfig>(to_toml(ClusterConfig{})), ClusterConfig{});
    // Readable: docs as comments, sections as tables, Go durations and IEC sizes as strings.
    EXPECT_NE(text.find("# checksum algorithm of stored objects (one of: none, xxhash, xxhash2, md5, crc32c, "
                        "sha256, sha512)\ntype = \"sha256\"\n"),
              std::string::npos);
    EXPECT_NE(text.find("\n[lru]\n"), std::string::npos);
    EXPECT_NE(text.find("\n[net.http]\n"), std::string::npos);
    EXPECT_NE(text.find("dont_evict_time = \"45m0s\"\n"), std::string::npos);
    EXPECT_NE(text.find("max_total = \"300MiB\"\n"), std::string::npos);
    EXPECT_NE(text.find("features = \"18446744073709551615\"\n"), std::string::npos);
    EXPECT_NE(text.find("aud = [\"c1\", \"c2\"]\n"), std::string::npos);
    EXPECT_NE(text.find("copies = 3\n"), std::string::npos);
    EXPECT_NE(text.find("config_version = 12\n"), std::string::npos);  // a JSON string, a TOML integer
}

TEST(Toml, OtherConfigsRoundTrip) {
    LocalConfig l;
    l.role = "proxy";
    l.host_net.port = 51080;
    l.fspaths.paths = {"/mnt/a", "/mnt/b"};
    EXPECT_EQ(from_toml<LocalConfig>(to_toml(l)), l);

    CliConfig cli;
    cli.cluster.url = "https://ais.example:8080";
    cli.aliases["my-alias_2"] = "bucket ls --all";
    cli.aliases.erase("get");
    cli.timeout.http_timeout = minutes(5);
    EXPECT_EQ(from_toml<CliConfig>(to_toml(cli)), cli);

    AuthnConfig a;
    a.auth.secret = "x";
    a.net.http.port = 52002;
    EXPECT_EQ(from_toml<AuthnConfig>(to_toml(a)), a);
}

TEST(Toml, StrictAndCaseInsensitive) {
    auto c =
        from_toml<ClusterConfig>("features = 3\n[Checksum]\nTYPE = \"md5\"\n[net.http]\nuse_https = true\n");
    EXPECT_EQ(c.checksum.type, "md5");
    EXPECT_EQ(c.features, 3u);
    EXPECT_TRUE(c.net.http.use_https);
    EXPECT_EQ(bad_request([] { from_toml<ClusterConfig>("[checksum]\ntypo = \"md5\"\n", "c.toml"); }),
              R"(c.toml: unknown config key "checksum.typo")");
    EXPECT_EQ(bad_request([] { from_toml<ClusterConfig>("[mirror]\ncopies = 0\n", "c.toml"); }),
              R"(c.toml: invalid value 0 for "mirror.copies": expected an integer between 1 and 32)");
    EXPECT_EQ(bad_request([] {
                  from_toml<ClusterConfig>("[mirror]\ncopies = \n", "c.toml");
              }).rfind("c.toml:2:", 0),
              0u);
    EXPECT_NE(bad_request([] { from_toml<ClusterConfig>("uuid = 1979-05-27\n", "c.toml"); }).find("line 1"),
              std::string::npos);
    EXPECT_EQ(bad_request([] { from_toml<ClusterConfig>("[lru]\ndont_evict_time = 7200\n", "c.toml"); }),
              R"(c.toml: invalid value 7200 for "lru.dont_evict_time": expected a duration such as "30s", )"
              R"("1m30s" or "2h")");
}

TEST(Toml, SaveAndLoadFiles) {
    TempDir dir;
    std::string path = dir.file("sub/dir/cluster.toml");  // parent directories are created
    ClusterConfig c = modified_cluster();
    save_toml(path, c);
    EXPECT_EQ(load_toml<ClusterConfig>(path), c);
    c.mirror.copies = 4;
    save_toml(path, c);  // overwrite in place
    EXPECT_EQ(load_toml<ClusterConfig>(path), c);
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"cluster.toml", "dir", "sub"}));  // no temp files left
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write)
        << "holds auth.secret";

    std::string jpath = dir.file("cli.json");
    CliConfig cli;
    cli.verbose = true;
    save_json(jpath, cli);
    EXPECT_EQ(load_json<CliConfig>(jpath), cli);
    EXPECT_EQ(slurp(jpath), to_json_pretty(cli) + "\n");

    EXPECT_THROW(load_toml<ClusterConfig>(dir.file("missing.toml")), ais::ErrNotFound);
}

TEST(LocalConfig, DefaultsAndWire) {
    LocalConfig l;
    EXPECT_EQ(l.host_net.port, 8080);
    EXPECT_EQ(l.io_threads, 0);
    EXPECT_NO_THROW(validate(l));
    auto o = json::parse(to_json(l)).as_object();
    EXPECT_EQ(o.at("host_net").at("port"), "8080");  // AIS emits ports as strings
    EXPECT_EQ(o.at("host_net").at("port_intra_control"), "0");
    EXPECT_TRUE(o.at("fspaths").at("paths").is_array());
    EXPECT_TRUE(o.contains("confdir"));
    EXPECT_TRUE(o.contains("log_dir"));
    EXPECT_TRUE(o.contains("test_fspaths"));
    EXPECT_EQ(from_json<LocalConfig>(R"({"host_net":{"port":"51080"}})").host_net.port, 51080);
    EXPECT_EQ(from_json<LocalConfig>(R"({"host_net":{"port":51080}})").host_net.port, 51080);
}

TEST(LocalConfig, FixtureAndValidation) {
    auto l = load_toml<LocalConfig>(fixture("local_target.toml"));
    EXPECT_EQ(l.role, "target");
    EXPECT_EQ(l.confdir, "/var/lib/ais/t1");
    EXPECT_EQ(l.host_net.port, 8081);
    EXPECT_EQ(l.host_net.port_intra_control, 9081);
    EXPECT_EQ(l.host_net.port_intra_data, 10081);
    EXPECT_EQ(l.fspaths.paths, (std::vector<std::string>{"/data/mp1", "/data/mp2"}));
    EXPECT_EQ(l.primary_url, "http://127.0.0.1:8080");

    EXPECT_EQ(bad_request([&] { set_kv(l, "role", "gateway"); }),
              R"(invalid value "gateway" for "role": expected one of "", proxy, target)");
    EXPECT_EQ(bad_request([&] { set_kv(l, "fspaths.paths", "/a,rel"); }),
              R"(invalid value "rel" for "fspaths.paths": expected an absolute path)");
    EXPECT_EQ(bad_request([&] { set_kv(l, "fspaths.paths", "/a,/a/"); }),
              R"(invalid value "/a/" for "fspaths.paths": duplicate mountpath)");
    EXPECT_EQ(bad_request([&] { set_kv(l, "host_net.port", "70000"); }),
              R"(invalid value "70000" for "host_net.port": expected an integer between 1 and 65535)");
}

TEST(CliConfig, DefaultsAliasesAndKeys) {
    CliConfig c;
    EXPECT_EQ(c.cluster.url, "http://127.0.0.1:8080");
    EXPECT_EQ(c.timeout.tcp_timeout, seconds(60));
    EXPECT_EQ(c.timeout.http_timeout, Duration{});
    EXPECT_EQ(c.auth.url, "http://127.0.0.1:52001");
    EXPECT_EQ(c.default_provider, "ais");
    EXPECT_TRUE(c.no_more);
    EXPECT_EQ(c.num_workers, 10);
    EXPECT_EQ(c.aliases.at("ls"), "bucket ls");
    EXPECT_EQ(c.aliases.at("scrub"), "storage validate");
    EXPECT_EQ(c.aliases.size(), 18u);
    EXPECT_NO_THROW(validate(c));

    auto o = json::parse(to_json(c)).as_object();
    EXPECT_EQ(o.at("timeout").at("tcp_timeout"), "1m0s");
    EXPECT_EQ(o.at("timeout").at("http_timeout"), "0s");
    EXPECT_EQ(o.at("aliases").at("get"), "object get");

    set_kv(c, "cluster.url", "http://10.0.0.1:51080");
    set_kv(c, "no_more", "false");
    set_kv(c, "aliases.lsa", "bucket ls --all");  // add a map entry
    EXPECT_EQ(get_kv(c, "aliases.lsa"), "bucket ls --all");
    set_kv(c, "aliases.get", "");  // remove one
    EXPECT_FALSE(c.aliases.count("get"));
    EXPECT_EQ(bad_request([&] { set_kv(c, "aliases.9x", "bucket ls"); }),
              R"(invalid value "9x" for "aliases": expected an alias name of a letter followed by letters, )"
              R"(digits, '_' or '-')");
    EXPECT_EQ(bad_request([&] { get_kv(c, "aliases.nosuch"); }), R"(unknown config key "aliases.nosuch")");
    set_kv(c, "aliases", R"({"x":"object get"})");  // replace the whole map
    EXPECT_EQ(c.aliases, (std::map<std::string, std::string>{{"x", "object get"}}));
    EXPECT_EQ(get_kv(c, "aliases"), R"({"x":"object get"})");

    // A file that lists its own aliases gets exactly those.
    auto d = from_json<CliConfig>(R"({"aliases":{"g":"object get"}})");
    EXPECT_EQ(d.aliases.size(), 1u);

    auto keys = list_keys<CliConfig>();
    auto has = [&](const char* k) {
        return std::any_of(keys.begin(), keys.end(), [&](const KeyInfo& i) { return i.key == k; });
    };
    EXPECT_TRUE(has("cluster.url"));
    EXPECT_TRUE(has("timeout.tcp_timeout"));
    EXPECT_TRUE(has("aliases"));
    EXPECT_TRUE(has("no_more"));
}

TEST(AuthnConfig, SpecShapeAndFixture) {
    AuthnConfig a;
    EXPECT_EQ(a.net.http.port, 52001);
    EXPECT_EQ(a.auth.expiration_time, hours(24));
    EXPECT_EQ(a.timeout.default_timeout, seconds(30));
    EXPECT_NO_THROW(validate(a));
    auto o = json::parse(to_json(a)).as_object();
    EXPECT_EQ(o.at("auth").at("expiration_time"), "24h0m0s");
    EXPECT_EQ(o.at("auth").at("max_token_age"), "2160h0m0s");
    EXPECT_EQ(o.at("auth").at("signing_key").at("bits"), 2048);
    EXPECT_EQ(o.at("auth").at("db").at("type"), "BuntDB");
    EXPECT_EQ(o.at("log").at("max_total"), "64MiB");
    EXPECT_EQ(o.at("log").at("flush_interval"), "30s");
    EXPECT_EQ(o.at("net").at("http").at("port"), 52001);  // a number here, unlike aisnode's host_net
    EXPECT_EQ(o.at("timeout").at("default_timeout"), "30s");

    auto f = load_json<AuthnConfig>(fixture("authn.json"));
    EXPECT_EQ(f.log.dir, "/var/log/authn");
    EXPECT_EQ(f.auth.max_token_age, hours(2160));

    // PUT /v1/daemon body.
    apply_json(a, R"({"auth":{"secret":"new","expiration_time":"4h"},"log":{"level":"4"}})");
    EXPECT_EQ(a.auth.secret, "new");
    EXPECT_EQ(a.auth.expiration_time, hours(4));
    EXPECT_EQ(a.log.level, "4");
    EXPECT_EQ(json::parse(to_json(a, true)).at("auth").at("secret"), "**********");
    EXPECT_EQ(bad_request([&] { set_kv(a, "auth.expiration_time", "3000h"); }),
              "invalid token lifetime: expected auth.expiration_time (3000h0m0s) <= auth.max_token_age "
              "(2160h0m0s)");
    EXPECT_EQ(bad_request([&] { set_kv(a, "auth.expiration_time", "0s"); }),
              R"(invalid value "0s" for "auth.expiration_time": expected a positive duration)");
    EXPECT_EQ(
        bad_request([&] { set_kv(a, "auth.signing_key.bits", "1024"); }),
        R"(invalid value "1024" for "auth.signing_key.bits": expected an integer between 2048 and 16384)");
}

TEST(ClusterConfig, AisJsonFixture) {
    auto c = from_json<ClusterConfig>(slurp(fixture("cluster_ais.json")));
    EXPECT_EQ(c.ec.data_slices, 2);
    EXPECT_TRUE(c.ec.enabled);
    EXPECT_TRUE(c.lru.enabled);
    EXPECT_EQ(c.lru.dont_evict_time, hours(2));  // "120m"
    EXPECT_EQ(c.net.http.server_crt, "server.crt");
    EXPECT_EQ(c.auth.secret, "aBitLongSecretKey");
    EXPECT_EQ(c.config_version, 3);
    EXPECT_EQ(c.uuid, "FtQ5qE9Lb");
    EXPECT_EQ(c.distributed_sort.bundle_multiplier, 4);
    // Re-encoding gives our canonical form, which decodes to the same value.
    EXPECT_EQ(from_json<ClusterConfig>(to_json(c)), c);
}
