// Multi-object put, get and rm when some objects fail, as the Go CLI reports them: a line for each
// failure (PUT: "Failed to PUT <file> => <object>: <error>" on stderr; GET: "Warning: object ... does
// not exist"), every other object still done, then exit status 1 and one "Error: failed to PUT|GET N
// files|objects" line; `--verbose` adds a line per object done. `ais rmo A B C` stops at the first
// name that does not exist. The cluster has one target with one mountpath, so that an object "x"
// makes a PUT of "x/y" fail on the target (a leading part of its name is an object) for sure.
#include "tests/cli/cli_runner.hpp"
#include "tests/integration/local_cluster.hpp"

#include "shared/api/client.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>

using namespace ais;
using namespace ais::test;
namespace fs = std::filesystem;

namespace {

class CliMultiObj : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        cluster_ = new LocalCluster(LocalCluster::Options{.targets = 1, .mountpaths = 1});
    }
    static void TearDownTestSuite() {
        delete cluster_;
        cluster_ = nullptr;
    }
    void SetUp() override {
        cli_ = std::make_unique<Cli>(cluster_->endpoint());
        tmp_ = make_temp_dir("ais-cli-multi");
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(tmp_, ec);
    }
    api::Client& client() { return cluster_->client(); }
    api::Bck bucket(const std::string& name) {
        api::Bck b{.name = name, .provider = "ais"};
        if (!client().bucket_exists(b)) client().create_bucket(b);
        return b;
    }
    // The CLI's temp files (the PUT failures log) go to this test's directory.
    CliResult run(const std::vector<std::string>& args) { return cli_->run(args, {}, {{"TMPDIR", tmp_}}); }

    static LocalCluster* cluster_;
    std::unique_ptr<Cli> cli_;
    std::string tmp_;
};

LocalCluster* CliMultiObj::cluster_ = nullptr;

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

// The lines before the last, sorted (workers finish in any order), and the last line.
std::pair<std::vector<std::string>, std::string> split_last(const std::string& text) {
    auto ls = lines(text);
    if (ls.empty()) return {};
    std::string last = ls.back();
    ls.pop_back();
    return {sorted(ls), last};
}

}  // namespace

TEST_F(CliMultiObj, PutReportsEachFailedFileGoesOnAndCountsThem) {
    auto b = bucket("mo-put");
    client().put_object(b, "x", "an object named x");
    const std::string src = tmp_ + "/src";
    write_file(src + "/a.txt", "aaa");
    write_file(src + "/x/y", "under x");
    write_file(src + "/x/z", "under x too");
    write_file(src + "/z.txt", "zzz");

    // One worker: the files go in name order (a.txt, x/y, x/z, z.txt), so z.txt comes after both
    // failures and must still be stored.
    auto r = run({"put", src, "ais://mo-put", "-r", "--num-workers", "1"});
    EXPECT_EQ(r.rc, 1) << r.out << r.err;
    EXPECT_EQ(r.out, "");  // no summary line when files failed
    auto [failures, last] = split_last(r.err);
    ASSERT_EQ(failures.size(), 2u) << r.err;
    const std::string why = "a leading part of its name is an object";
    EXPECT_EQ(failures[0].rfind("Failed to PUT " + src + "/x/y => ais://mo-put/x/y: ", 0), 0u) << failures[0];
    EXPECT_NE(failures[0].find(why), std::string::npos) << failures[0];
    EXPECT_EQ(failures[1].rfind("Failed to PUT " + src + "/x/z => ais://mo-put/x/z: ", 0), 0u) << failures[1];
    EXPECT_NE(failures[1].find(why), std::string::npos) << failures[1];
    std::smatch m;
    ASSERT_TRUE(std::regex_match(last, m, std::regex(R"re(Error: failed to PUT 2 files \("(.+)"\))re")))
        << last;
    // the log names the failed files, one per line
    EXPECT_EQ(fs::path(m[1].str()).parent_path(), fs::path(tmp_)) << m[1];
    EXPECT_EQ(sorted(lines(read_file(m[1]))), (std::vector<std::string>{src + "/x/y", src + "/x/z"}));
    EXPECT_EQ(client().get_object(b, "a.txt").body, "aaa");
    EXPECT_EQ(client().get_object(b, "z.txt").body, "zzz");
    EXPECT_FALSE(client().object_exists(b, "x/y"));
    EXPECT_EQ(client().get_object(b, "x").body, "an object named x");

    // --verbose: a line per file stored (on stdout); the failures and the error as before
    r = run({"put", src, "ais://mo-put/v/", "-r", "--verbose"});
    EXPECT_EQ(r.rc, 0) << r.err;  // under v/ nothing is in the way
    auto [done, summary] = split_last(r.out);
    EXPECT_EQ(done, (std::vector<std::string>{src + "/a.txt -> v/a.txt", src + "/x/y -> v/x/y",
                                              src + "/x/z -> v/x/z", src + "/z.txt -> v/z.txt"}))
        << r.out;
    EXPECT_EQ(summary.rfind("PUT 4 files (", 0), 0u) << summary;
    r = run({"put", src, "ais://mo-put", "-r", "--verbose", "--num-workers", "3"});
    EXPECT_EQ(r.rc, 1);
    auto out = sorted(lines(r.out));
    EXPECT_EQ(out, (std::vector<std::string>{src + "/a.txt -> a.txt", src + "/z.txt -> z.txt"})) << r.out;
    std::tie(failures, last) = split_last(r.err);
    EXPECT_EQ(failures.size(), 2u) << r.err;
    EXPECT_TRUE(std::regex_match(last, std::regex(R"re(Error: failed to PUT 2 files \(".+"\))re"))) << last;

    // every file fails (no such bucket): each says why, the count is all of them
    r = run({"put", src, "ais://mo-nonesuch", "-r"});
    EXPECT_EQ(r.rc, 1);
    std::tie(failures, last) = split_last(r.err);
    ASSERT_EQ(failures.size(), 4u) << r.err;
    for (const auto& f : failures)
        EXPECT_NE(f.find("bucket \"ais://mo-nonesuch\" does not exist"), std::string::npos) << f;
    EXPECT_TRUE(std::regex_match(last, std::regex(R"re(Error: failed to PUT 4 files \(".+"\))re"))) << last;
}

TEST_F(CliMultiObj, GetWarnsForEachMissingObjectGetsTheRestAndCountsThem) {
    auto b = bucket("mo-get");
    for (const char* n : {"o1", "o2", "o3"}) client().put_object(b, n, std::string("data-") + n);

    // a list: the missing names are warnings, the others are written
    const std::string out1 = tmp_ + "/list";
    auto r = run({"get", "ais://mo-get", out1, "--list", "nope1,o1,nope2,o2", "--num-workers", "1"});
    EXPECT_EQ(r.rc, 1) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    auto [warnings, last] = split_last(r.err);
    EXPECT_EQ(warnings, (std::vector<std::string>{"Warning: object \"ais://mo-get/nope1\" does not exist",
                                                  "Warning: object \"ais://mo-get/nope2\" does not exist"}))
        << r.err;
    EXPECT_EQ(last, "Error: failed to GET 2 objects");
    EXPECT_EQ(read_file(out1 + "/o1"), "data-o1");
    EXPECT_EQ(read_file(out1 + "/o2"), "data-o2");
    EXPECT_FALSE(fs::exists(out1 + "/nope1"));  // no empty file for a failed GET

    // a template with one missing object; --verbose: a line per object written
    const std::string out2 = tmp_ + "/tmpl";
    r = run({"get", "ais://mo-get/o{2..4}", out2, "--verbose"});
    EXPECT_EQ(r.rc, 1);
    EXPECT_EQ(sorted(lines(r.out)),
              (std::vector<std::string>{"GET o2 from ais://mo-get as \"" + out2 + "/o2\" (7B)",
                                        "GET o3 from ais://mo-get as \"" + out2 + "/o3\" (7B)"}))
        << r.out;
    EXPECT_EQ(r.err, "Warning: object \"ais://mo-get/o4\" does not exist\nError: failed to GET 1 object\n");

    // all there: no warnings, the summary line, exit 0
    r = run({"get", "ais://mo-get/o{1..3}", tmp_ + "/all"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out.rfind("GET 3 objects from ais://mo-get to \"" + tmp_ + "/all\" (21B) in ", 0), 0u)
        << r.out;

    // one object: its own error, in the Go CLI's words
    r = run({"get", "ais://mo-get/nope", tmp_ + "/one"});
    EXPECT_EQ(r.rc, 1);
    EXPECT_EQ(r.err, "Error: object \"ais://mo-get/nope\" does not exist\n");
}

TEST_F(CliMultiObj, RmOfSeveralNamesStopsAtTheFirstThatDoesNotExist) {
    auto b = bucket("mo-rm");
    for (const char* n : {"a", "c"}) client().put_object(b, n, "x");

    auto r = run({"rmo", "ais://mo-rm/a", "ais://mo-rm/nope", "ais://mo-rm/c"});
    EXPECT_EQ(r.rc, 1);
    EXPECT_EQ(r.out, "deleted \"a\" from ais://mo-rm\n");
    EXPECT_EQ(r.err, "Error: \"ais://mo-rm/nope\" does not exist (hint: missing double or single quotes?)\n");
    EXPECT_FALSE(client().object_exists(b, "a"));
    EXPECT_TRUE(client().object_exists(b, "c"));  // after the failure: not tried

    // --non-verbose: nothing on success
    r = run({"rmo", "ais://mo-rm/c", "--non-verbose"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_FALSE(client().object_exists(b, "c"));
    // one name: no hint
    r = run({"rmo", "ais://mo-rm/c"});
    EXPECT_EQ(r.rc, 1);
    EXPECT_EQ(r.err, "Error: \"ais://mo-rm/c\" does not exist\n");
    // a missing bucket is the bucket's error
    r = run({"rmo", "ais://mo-nonesuch/a", "ais://mo-nonesuch/b"});
    EXPECT_EQ(r.rc, 1);
    EXPECT_EQ(r.err, "Error: bucket \"ais://mo-nonesuch\" does not exist\n");

    r = run({"rmo", "ais://mo-rm/a", "--verbose", "--non-verbose"});
    EXPECT_EQ(r.rc, 1);
    ASSERT_EQ(lines(r.err).size(), 1u) << r.err;
    EXPECT_NE(r.err.find("flags '--verbose' and '--non-verbose' are mutually exclusive"), std::string::npos)
        << r.err;
}
