// `ais` against a real local cluster (1 proxy + 3 targets): each daily command with its output
// and exit status, errors included. One cluster per test binary run (tests share it and use
// their own buckets).
#include "tests/cli/cli_runner.hpp"
#include "tests/integration/local_cluster.hpp"

#include "shared/api/client.hpp"
#include "shared/config/bprops.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>

using namespace ais;
using namespace ais::test;
namespace fs = std::filesystem;

namespace {

class CliCluster : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { cluster_ = new LocalCluster(); }
    static void TearDownTestSuite() {
        delete cluster_;
        cluster_ = nullptr;
    }
    void SetUp() override {
        cli_ = std::make_unique<Cli>(cluster_->endpoint());
        tmp_ = make_temp_dir("ais-cli-data");
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(tmp_, ec);
    }

    api::Client& client() { return cluster_->client(); }
    // A bucket of this test's own, created through the API.
    api::Bck bucket(const std::string& name) {
        api::Bck b{.name = name, .provider = "ais"};
        if (!client().bucket_exists(b)) client().create_bucket(b);
        return b;
    }
    CliResult run(const std::vector<std::string>& args, const std::string& in = {}) { return cli_->run(args, in); }
    std::vector<std::string> out_lines(const std::vector<std::string>& args) {
        auto r = run(args);
        EXPECT_EQ(r.rc, 0) << r.err;
        return lines(r.out);
    }
    void expect_error(const std::vector<std::string>& args, const std::string& contains) {
        auto r = run(args);
        EXPECT_EQ(r.rc, 1) << r.out;
        auto ls = lines(r.err);
        ASSERT_EQ(ls.size(), 1u) << r.err;
        EXPECT_EQ(ls[0].rfind("Error: ", 0), 0u) << ls[0];
        EXPECT_NE(ls[0].find(contains), std::string::npos) << ls[0];
    }

    static LocalCluster* cluster_;
    std::unique_ptr<Cli> cli_;
    std::string tmp_;
};

LocalCluster* CliCluster::cluster_ = nullptr;

// Splits a table row on runs of 2+ spaces (cells may contain single spaces).
std::vector<std::string> cells(const std::string& row) {
    std::vector<std::string> out;
    std::regex sep(" {2,}");
    for (std::sregex_token_iterator it(row.begin(), row.end(), sep, -1), end; it != end; ++it) out.push_back(*it);
    return out;
}

bool has_line(const std::vector<std::string>& ls, const std::string& l) {
    return std::find(ls.begin(), ls.end(), l) != ls.end();
}

}  // namespace

TEST_F(CliCluster, BucketCreateListDestroy) {
    auto r = run({"create", "ais://cli-b1", "cli-b2"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "\"ais://cli-b1\" created\n\"ais://cli-b2\" created\n");
    auto ls = out_lines({"ls"});
    ASSERT_FALSE(ls.empty());
    EXPECT_EQ(cells(ls[0]), (std::vector<std::string>{"NAME", "PRESENT"}));
    EXPECT_TRUE(has_line(ls, "ais://cli-b1  yes")) << r.out;
    EXPECT_EQ(out_lines({"bucket", "ls", "ais://"}), ls);  // provider form
    EXPECT_EQ(out_lines({"ls", "ais"}), ls);
    auto noh = out_lines({"ls", "-H"});
    EXPECT_EQ(noh.size(), ls.size() - 1);
    r = run({"ls", "--json"});
    EXPECT_NE(r.out.find("        \"name\": \"cli-b1\",\n        \"provider\": \"ais\""), std::string::npos) << r.out;

    expect_error({"create", "ais://cli-b1"}, "bucket \"ais://cli-b1\" already exists");
    r = run({"create", "ais://cli-b1", "--ignore-error"});
    EXPECT_EQ(r.rc, 0);
    EXPECT_EQ(r.out, "Bucket \"ais://cli-b1\" already exists\n");
    r = run({"create", "ais://cli-b3", "--props", "checksum.type=sha256 mirror.copies=3"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(client().head_bucket({.name = "cli-b3"}).checksum.type, "sha256");
    expect_error({"create", "ais://cli-b4", "--props", "checksum.type=nope"}, "checksum.type");

    r = run({"rmb", "ais://cli-b1", "ais://cli-b2", "ais://cli-b3"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "\"ais://cli-b1\" destroyed\n\"ais://cli-b2\" destroyed\n\"ais://cli-b3\" destroyed\n");
    expect_error({"rmb", "ais://cli-b1"}, "bucket \"ais://cli-b1\" does not exist");
    r = run({"bucket", "rm", "ais://cli-b1", "--ignore-error"});
    EXPECT_EQ(r.rc, 0);
    expect_error({"ls", "ais://cli-b1"}, "bucket \"ais://cli-b1\" does not exist");
}

TEST_F(CliCluster, ListObjects) {
    auto b = bucket("cli-ls");
    for (int i = 0; i < 12; ++i) client().put_object(b, "obj-" + std::string(i < 10 ? "0" : "") + std::to_string(i), "0123456789");
    client().put_object(b, "dir/a", "x");
    client().put_object(b, "dir/b", "yy");

    auto ls = out_lines({"ls", "ais://cli-ls"});
    ASSERT_EQ(ls.size(), 1u + 14 + 1);
    EXPECT_EQ(cells(ls[0]), (std::vector<std::string>{"NAME", "SIZE"}));
    EXPECT_EQ(cells(ls[1]), (std::vector<std::string>{"dir/a", "1B"}));
    EXPECT_EQ(cells(ls[3]), (std::vector<std::string>{"obj-00", "10B"}));
    EXPECT_EQ(ls.back(), "Listed 14 names");

    EXPECT_EQ(out_lines({"ls", "ais://cli-ls/dir/", "-H", "--name-only"}), (std::vector<std::string>{"dir/a", "dir/b"}));
    EXPECT_EQ(out_lines({"ls", "cli-ls", "--prefix", "dir/", "--name-only", "-H"}),
              (std::vector<std::string>{"dir/a", "dir/b"}));
    EXPECT_EQ(out_lines({"ls", "ais://cli-ls", "-H", "--name-only", "--limit", "3"}),
              (std::vector<std::string>{"dir/a", "dir/b", "obj-00"}));
    EXPECT_EQ(out_lines({"ls", "ais://cli-ls", "-H", "--name-only", "--start-after", "obj-09"}),
              (std::vector<std::string>{"obj-10", "obj-11"}));
    EXPECT_EQ(out_lines({"ls", "ais://cli-ls", "-H", "--name-only", "--regex", "1$"}),
              (std::vector<std::string>{"obj-01", "obj-11"}));
    auto nr = out_lines({"ls", "ais://cli-ls", "--nr", "-H"});
    EXPECT_EQ(cells(nr[0]), (std::vector<std::string>{"dir/"}));
    EXPECT_EQ(nr.size(), 13u);
    EXPECT_EQ(out_lines({"ls", "ais://cli-ls", "--nr", "--no-dirs", "-H"}).size(), 12u);
    auto raw = out_lines({"ls", "ais://cli-ls/obj-00", "--units", "raw", "-H"});
    EXPECT_EQ(cells(raw[0]), (std::vector<std::string>{"obj-00", "10"}));

    auto props = out_lines({"ls", "ais://cli-ls/dir/b", "--props", "size,checksum,version,cached"});
    EXPECT_EQ(cells(props[0]), (std::vector<std::string>{"NAME", "SIZE", "CHECKSUM", "VERSION", "CACHED"}));
    auto row = cells(props[1]);
    ASSERT_EQ(row.size(), 5u);
    EXPECT_EQ(row[2].size(), 16u) << props[1];  // xxhash2
    EXPECT_EQ(row[3], "1");
    EXPECT_EQ(row[4], "yes");
    auto all = out_lines({"ls", "ais://cli-ls/dir/b", "--props", "all"});
    EXPECT_NE(all[0].find("LOCATION"), std::string::npos);

    auto paged = out_lines({"ls", "ais://cli-ls", "--paged", "--page-size", "5", "-H", "--name-only"});
    EXPECT_EQ(paged.size(), 14u + 3);
    EXPECT_TRUE(has_line(paged, "Page 1: 5 names"));
    EXPECT_TRUE(has_line(paged, "Page 3: 4 names"));
    auto count = out_lines({"ls", "ais://cli-ls", "--count-only"});
    ASSERT_EQ(count.size(), 1u);
    EXPECT_EQ(count[0].rfind("Listed 14 names in ", 0), 0u) << count[0];

    auto r = run({"ls", "ais://cli-ls/dir/", "--json"});
    EXPECT_EQ(r.rc, 0);
    EXPECT_NE(r.out.find("    \"entries\": [\n        {\n            \"name\": \"dir/a\","), std::string::npos) << r.out;

    expect_error({"ls", "ais://cli-nope"}, "bucket \"ais://cli-nope\" does not exist");
    expect_error({"ls", "ais://cli-ls", "--props", "bogus"}, "invalid --props \"bogus\"");
    r = run({"ls", "ais://cli-ls/zzz"});
    EXPECT_EQ(r.rc, 0);
    EXPECT_EQ(r.out, "No objects in ais://cli-ls with prefix \"zzz\"\n");
}

TEST_F(CliCluster, Put) {
    auto b = bucket("cli-put");
    const std::string src = tmp_ + "/src";
    for (int i = 0; i < 20; ++i) write_file(src + "/f" + std::to_string(i) + ".txt", "file " + std::to_string(i));
    write_file(src + "/sub/deep.txt", "deep");
    write_file(tmp_ + "/one.txt", "one");

    auto r = run({"put", tmp_ + "/one.txt", "ais://cli-put"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "PUT \"" + tmp_ + "/one.txt\" => ais://cli-put/one.txt\n");
    EXPECT_EQ(client().get_object(b, "one.txt").body, "one");
    EXPECT_EQ(run({"put", tmp_ + "/one.txt", "ais://cli-put/renamed"}).rc, 0);
    EXPECT_EQ(client().get_object(b, "renamed").body, "one");
    EXPECT_EQ(run({"put", tmp_ + "/one.txt", "ais://cli-put/d1/"}).rc, 0);
    EXPECT_EQ(client().get_object(b, "d1/one.txt").body, "one");

    r = run({"put", "-", "ais://cli-put/from-stdin"}, "standard input data");
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "PUT (standard input) => ais://cli-put/from-stdin\n");
    EXPECT_EQ(client().get_object(b, "from-stdin").body, "standard input data");
    // larger than a chunk: appended chunk by chunk, then flushed
    std::string big(300'000, 'x');
    for (size_t i = 0; i < big.size(); i += 7) big[i] = static_cast<char>('a' + i % 26);
    r = run({"put", "-", "ais://cli-put/big-stdin", "--chunk-size", "64KiB"}, big);
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(client().get_object(b, "big-stdin").body, big);

    r = run({"put", src, "ais://cli-put/flat", "--num-workers", "4"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out.rfind("PUT 20 files (", 0), 0u) << r.out;
    EXPECT_NE(r.out.find(") => ais://cli-put/flat in "), std::string::npos) << r.out;
    r = run({"put", src, "ais://cli-put/rec/", "-r"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(client().get_object(b, "rec/sub/deep.txt").body, "deep");
    EXPECT_EQ(client().get_object(b, "rec/f7.txt").body, "file 7");

    r = run({"put", src + "/f{1..3}.txt", "ais://cli-put/tpl/"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(client().get_object(b, "tpl/f3.txt").body, "file 3");
    r = run({"put", src, "ais://cli-put/tf", "--template", "f{10..11}.txt"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(client().get_object(b, "tf/f11.txt").body, "file 11");
    r = run({"put", src, "ais://cli-put/lst", "--list", "f4.txt,f5.txt"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(client().get_object(b, "lst/f5.txt").body, "file 5");

    r = run({"put", src, "ais://cli-put/dry", "-r", "--dry-run"});
    EXPECT_EQ(r.rc, 0);
    EXPECT_NE(r.out.find("[DRY RUN] PUT \"" + src + "/sub/deep.txt\" => ais://cli-put/dry/sub/deep.txt"), std::string::npos)
        << r.out;
    EXPECT_FALSE(client().object_exists(b, "dry/f1.txt"));

    write_file(tmp_ + "/a1", "AAA");
    write_file(tmp_ + "/a2", "BBB");
    EXPECT_EQ(run({"put", tmp_ + "/a1", "ais://cli-put/appended", "--append"}).rc, 0);
    r = run({"put", tmp_ + "/a2", "ais://cli-put/appended", "--append"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "APPEND \"" + tmp_ + "/a2\" => ais://cli-put/appended\n");
    EXPECT_EQ(client().get_object(b, "appended").body, "AAABBB");

    expect_error({"put", tmp_ + "/missing", "ais://cli-put"}, "no such file or directory");
    expect_error({"put", tmp_ + "/one.txt", "ais://cli-nope"}, "ais://cli-nope");
    expect_error({"put", "-", "ais://cli-put"}, "object name is required");
}

TEST_F(CliCluster, Get) {
    auto b = bucket("cli-get");
    client().put_object(b, "hello.txt", "hello world");
    for (int i = 0; i < 5; ++i) client().put_object(b, "dir/o" + std::to_string(i), "object " + std::to_string(i));

    auto r = run({"get", "ais://cli-get/hello.txt", tmp_ + "/out.txt"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "GET hello.txt from ais://cli-get as \"" + tmp_ + "/out.txt\" (11B)\n");
    EXPECT_EQ(read_file(tmp_ + "/out.txt"), "hello world");
    r = run({"get", "ais://cli-get/hello.txt", tmp_ + "/newdir/"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(read_file(tmp_ + "/newdir/hello.txt"), "hello world");
    r = run({"get", "ais://cli-get/hello.txt", "-"});
    EXPECT_EQ(r.rc, 0);
    EXPECT_EQ(r.out, "hello world");
    r = run({"get", "ais://cli-get/hello.txt", "-", "--offset", "6", "--length", "3"});
    EXPECT_EQ(r.out, "wor");
    r = run({"object", "cat", "ais://cli-get/hello.txt", "--offset", "6"});
    EXPECT_EQ(r.out, "world");

    r = run({"get", "ais://cli-get", tmp_ + "/all", "--prefix", "dir/"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out.rfind("GET 5 objects from ais://cli-get to \"" + tmp_ + "/all\" (40B) in ", 0), 0u) << r.out;
    EXPECT_EQ(read_file(tmp_ + "/all/dir/o3"), "object 3");
    r = run({"get", "ais://cli-get/dir/", tmp_ + "/embedded"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(read_file(tmp_ + "/embedded/dir/o0"), "object 0");
    r = run({"get", "ais://cli-get/dir/o{1..2}", tmp_ + "/tpl"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(read_file(tmp_ + "/tpl/dir/o2"), "object 2");
    EXPECT_FALSE(fs::exists(tmp_ + "/tpl/dir/o3"));

    expect_error({"get", "ais://cli-get/nope", tmp_ + "/nope"}, "ais://cli-get/nope");
    EXPECT_FALSE(fs::exists(tmp_ + "/nope"));  // no empty file left behind
    expect_error({"get", "ais://cli-nope/x", tmp_ + "/x"}, "ais://cli-nope");
    expect_error({"object", "cat", "ais://cli-get/nope"}, "does not exist");
}

TEST_F(CliCluster, ObjectCommands) {
    auto b = bucket("cli-obj");
    client().put_object(b, "o1", "data-1");

    auto show = out_lines({"object", "show", "ais://cli-obj/o1"});
    EXPECT_EQ(cells(show[0]), (std::vector<std::string>{"PROPERTY", "VALUE"}));
    EXPECT_TRUE(has_line(show, "name      ais://cli-obj/o1") || has_line(show, "name  ais://cli-obj/o1"))
        << testing::PrintToString(show);
    auto find = [](const std::vector<std::string>& ls, const std::string& key) {
        for (const auto& l : ls) {
            auto c = cells(l);
            if (c.size() == 2 && c[0] == key) return c[1];
        }
        return std::string("<none>");
    };
    EXPECT_EQ(find(show, "size"), "6B");
    EXPECT_EQ(find(show, "version"), "1");
    EXPECT_EQ(find(show, "checksum").rfind("xxhash2 ", 0), 0u);
    auto r = run({"show", "object", "ais://cli-obj/o1", "--json"});
    EXPECT_NE(r.out.find("    \"size\": 6,"), std::string::npos) << r.out;

    r = run({"object", "set-custom", "ais://cli-obj/o1", "color=red", "k2=v2"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(client().head_object(b, "o1").custom.at("color"), "red");
    EXPECT_EQ(find(out_lines({"show", "object", "ais://cli-obj/o1", "--props", "custom"}), "custom"), "color=red, k2=v2");

    r = run({"object", "mv", "ais://cli-obj/o1", "o2"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "\"ais://cli-obj/o1\" renamed to \"ais://cli-obj/o2\"\n");
    EXPECT_FALSE(client().object_exists(b, "o1"));
    EXPECT_EQ(client().get_object(b, "o2").body, "data-1");

    r = run({"rmo", "ais://cli-obj/o2"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "deleted \"o2\" from ais://cli-obj\n");
    EXPECT_FALSE(client().object_exists(b, "o2"));
    expect_error({"rmo", "ais://cli-obj/o2"}, "ais://cli-obj/o2");
    expect_error({"object", "show", "ais://cli-obj/o2"}, "");
    expect_error({"rmo", "ais://cli-obj"}, "missing object name");

    for (int i = 0; i < 6; ++i) client().put_object(b, "t" + std::to_string(i), "x");
    r = run({"object", "rm", "ais://cli-obj", "--template", "t{0..3}", "--wait"}, "n\n");
    EXPECT_EQ(r.rc, 0);
    EXPECT_NE(r.out.find("Operation canceled."), std::string::npos);
    EXPECT_TRUE(client().object_exists(b, "t0"));
    r = run({"object", "rm", "ais://cli-obj", "--template", "t{0..3}", "-y", "--wait"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_FALSE(client().object_exists(b, "t0"));
    EXPECT_FALSE(client().object_exists(b, "t3"));
    EXPECT_TRUE(client().object_exists(b, "t4"));
    r = run({"rmo", "ais://cli-obj", "--prefix", "t", "-y", "--wait"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_FALSE(client().object_exists(b, "t5"));
}

TEST_F(CliCluster, ShowCluster) {
    auto ls = out_lines({"show", "cluster"});
    ASSERT_GE(ls.size(), 7u);
    EXPECT_EQ(cells(ls[0])[0], "PROXY");
    EXPECT_NE(ls[1].find("[P]"), std::string::npos);
    auto it = std::find_if(ls.begin(), ls.end(), [](const auto& l) { return l.rfind("TARGET", 0) == 0; });
    ASSERT_NE(it, ls.end());
    EXPECT_EQ(std::count_if(ls.begin(), ls.end(), [](const auto& l) { return l.rfind("t[", 0) == 0; }), 3);
    EXPECT_TRUE(has_line(ls, "Summary:"));
    // `ais cluster` prints the same tables: the same headers and nodes (the first cell of each line;
    // uptime, memory and CPU are measurements that may move between the two runs).
    auto first_cells = [](const std::vector<std::string>& lines) {
        std::vector<std::string> out;
        for (const auto& l : lines) {
            auto c = cells(l);
            out.push_back(c.empty() ? std::string() : c[0]);
        }
        return out;
    };
    EXPECT_EQ(first_cells(out_lines({"cluster"})), first_cells(ls));
    const api::Smap smap = client().get_smap();
    const std::string tid = smap.tmap.begin()->first;
    auto one = out_lines({"show", "cluster", tid});
    ASSERT_EQ(one.size(), 2u);
    EXPECT_EQ(cells(one[1])[0], "t[" + tid + "]");
    EXPECT_EQ(out_lines({"show", "cluster", "t[" + tid + "]"}).size(), 2u);

    auto sm = out_lines({"show", "cluster", "smap"});
    EXPECT_EQ(cells(sm[0]), (std::vector<std::string>{"NODE", "TYPE", "PUBLIC URL"}));
    auto r = run({"show", "cluster", "smap", "--json"});
    EXPECT_NE(r.out.find("    \"tmap\": {\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"" + tid + "\""), std::string::npos);

    bucket("cli-show");
    auto bmd = out_lines({"show", "cluster", "bmd"});
    EXPECT_EQ(cells(bmd[0])[0], "PROVIDER");
    EXPECT_TRUE(std::any_of(bmd.begin(), bmd.end(), [](const auto& l) { return l.find("cli-show") != std::string::npos; }));
    auto cfg = out_lines({"show", "cluster", "config", "checksum"});
    EXPECT_EQ(cells(cfg[0]), (std::vector<std::string>{"PROPERTY", "VALUE"}));
    EXPECT_EQ(cells(cfg[1]), (std::vector<std::string>{"checksum.type", "xxhash2"}));
    expect_error({"show", "cluster", "tNoSuchNode"}, "node \"tNoSuchNode\" does not exist");
}

TEST_F(CliCluster, Config) {
    auto r = run({"config", "cluster", "lru.dont_evict_time=3h"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Config has been updated successfully.\n");
    EXPECT_EQ(cells(out_lines({"config", "cluster", "lru.dont_evict_time"})[1]),
              (std::vector<std::string>{"lru.dont_evict_time", "3h0m0s"}));
    EXPECT_EQ(run({"config", "cluster", "set", "lru.dont_evict_time=2h"}).rc, 0);
    EXPECT_EQ(cells(out_lines({"config", "cluster", "show", "lru.dont_evict_time"})[1])[1], "2h0m0s");
    EXPECT_EQ(cells(out_lines({"show", "config", "cluster", "lru.dont_evict_time"})[1])[1], "2h0m0s");
    r = run({"config", "cluster", "--json"});
    EXPECT_NE(r.out.find("    \"lru\": {"), std::string::npos);
    expect_error({"config", "cluster", "lru.no_such=1"}, "unknown config key \"lru.no_such\"");
    expect_error({"config", "cluster", "checksum.type=md55"}, "invalid value \"md55\" for \"checksum.type\"");

    const std::string tid = client().get_smap().tmap.begin()->first;
    auto local = out_lines({"config", "node", tid, "local"});
    EXPECT_TRUE(std::any_of(local.begin(), local.end(), [](const auto& l) { return cells(l)[0] == "role"; }));
    EXPECT_FALSE(std::any_of(local.begin(), local.end(), [](const auto& l) { return cells(l)[0] == "checksum.type"; }));
    auto inh = out_lines({"config", "node", "show", tid, "inherited", "checksum"});
    EXPECT_EQ(cells(inh[1])[0], "checksum.type");
    expect_error({"config", "node", "tNoSuchNode"}, "does not exist");
}

TEST_F(CliCluster, BucketProps) {
    bucket("cli-props");
    auto show = out_lines({"bucket", "props", "show", "ais://cli-props", "checksum"});
    EXPECT_EQ(cells(show[0]), (std::vector<std::string>{"PROPERTY", "VALUE"}));
    EXPECT_EQ(cells(show[1]), (std::vector<std::string>{"checksum.type", "xxhash2"}));
    EXPECT_EQ(out_lines({"show", "bucket", "ais://cli-props", "checksum"}), show);
    EXPECT_EQ(out_lines({"bucket", "props", "ais://cli-props", "checksum"}), show);

    auto r = run({"bucket", "props", "set", "ais://cli-props", "checksum.type=md5", "access=ro"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(lines(r.out)[0], "\"ais://cli-props\" bucket props successfully updated.");
    EXPECT_EQ(client().head_bucket({.name = "cli-props"}).checksum.type, "md5");
    EXPECT_EQ(cells(out_lines({"show", "bucket", "ais://cli-props", "access", "-H"})[0])[1], "ro");
    r = run({"bucket", "props", "set", "ais://cli-props", R"({"mirror":{"enabled":true,"copies":2}})"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(client().head_bucket({.name = "cli-props"}).mirror.enabled);
    r = run({"bucket", "props", "show", "ais://cli-props", "--json"});
    EXPECT_NE(r.out.find("    \"checksum\": {\n        \"type\": \"md5\","), std::string::npos) << r.out;

    expect_error({"bucket", "props", "set", "ais://cli-props", "checksum.type=md55"},
                 "invalid value \"md55\" for \"checksum.type\"");
    expect_error({"bucket", "props", "set", "ais://cli-props", "no.such=1"}, "no.such");
    r = run({"bucket", "props", "reset", "ais://cli-props"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(client().head_bucket({.name = "cli-props"}).checksum.type, "xxhash2");
    expect_error({"bucket", "props", "show", "ais://cli-nope"}, "ais://cli-nope");
}

// A target that stopped answering shows as offline, and the summary counts it.
TEST(CliClusterDown, ShowClusterMarksADeadNodeOffline) {
    LocalCluster c;
    const api::Smap smap = c.client().get_smap();
    std::string dead;
    for (const auto& [id, t] : smap.tmap)
        if (t.public_net.direct_url == c.target_url(1)) dead = id;
    ASSERT_FALSE(dead.empty());
    c.kill_target(1);
    Cli cli(c.endpoint());
    auto r = cli.run({"show", "cluster"});
    ASSERT_EQ(r.rc, 0) << r.err;
    std::vector<std::string> lines;
    for (size_t s = 0, e; s < r.out.size(); s = e + 1) {
        e = r.out.find('\n', s);
        if (e == std::string::npos) e = r.out.size();
        lines.push_back(r.out.substr(s, e - s));
    }
    auto header = std::find_if(lines.begin(), lines.end(), [](const auto& l) { return l.rfind("TARGET", 0) == 0; });
    ASSERT_NE(header, lines.end()) << r.out;
    auto cols = cells(*header);
    auto st = std::find(cols.begin(), cols.end(), "STATUS");
    ASSERT_NE(st, cols.end()) << *header;  // shown because not every node is online
    const size_t k = static_cast<size_t>(st - cols.begin());
    int offline = 0, online = 0;
    for (const auto& l : lines) {
        if (l.rfind("t[", 0) != 0) continue;
        auto row = cells(l);
        ASSERT_GT(row.size(), k) << l;
        if (row[k] == "offline") {
            ++offline;
            EXPECT_EQ(row[0], "t[" + dead + "]");
        } else {
            EXPECT_EQ(row[k], "online") << l;
            ++online;
        }
    }
    EXPECT_EQ(offline, 1);
    EXPECT_EQ(online, 2);
    EXPECT_NE(r.out.find("3 online, 1 offline"), std::string::npos) << r.out;
}
