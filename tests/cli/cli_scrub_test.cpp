// `ais scrub` = `ais storage validate` against a real cluster (2 targets x 3 mountpaths): AIS's
// table ("COUNT (SIZE)" cells, "-" for none, zero misplaced/missing-copies columns hidden unless
// --all-columns), the detailed logs, the footer, prefixes and limits; a mirrored bucket with a lost
// copy and a bit flip that --checksum sees and --fix repairs, after which a second run is clean.
#include "tests/cli/cli_runner.hpp"
#include "tests/integration/local_cluster.hpp"

#include "shared/api/client.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

using namespace ais;
using namespace ais::test;

namespace {

namespace fsys = std::filesystem;

class CliScrub : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        cl_ = new LocalCluster(LocalCluster::Options{.targets = 2, .mountpaths = 3});
        tmp_ = make_temp_dir("cli_scrub");
    }
    static void TearDownTestSuite() {
        delete cl_;
        cl_ = nullptr;
        fsys::remove_all(tmp_);
    }
    // The detailed logs go to $TMPDIR: the test's own.
    static CliResult run(const Cli& cli, const std::vector<std::string>& args) {
        return cli.run(args, {}, {{"TMPDIR", tmp_}});
    }
    // Every file of `obj` under `sub` ("%ob" or "%mi") of bucket `bck`, on every target.
    static std::vector<std::string> files(const std::string& bck, const std::string& sub,
                                          const std::string& obj) {
        std::vector<std::string> out;
        for (int t = 0; t < cl_->num_targets(); ++t)
            for (const auto& mp : cl_->target_mountpaths(t)) {
                const std::string p = mp + "/@ais/" + bck + "/" + sub + "/" + obj;
                if (fsys::is_regular_file(p)) out.push_back(p);
            }
        return out;
    }
    static void flip_byte(const std::string& path, size_t at) {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(static_cast<std::streamoff>(at));
        char c = 0;
        f.read(&c, 1);
        c = static_cast<char>(c ^ 0x20);
        f.seekp(static_cast<std::streamoff>(at));
        f.write(&c, 1);
    }
    static bool has(const std::string& s, const std::string& re) {
        return std::regex_search(s, std::regex(re));
    }
    static LocalCluster* cl_;
    static std::string tmp_;
};
LocalCluster* CliScrub::cl_ = nullptr;
std::string CliScrub::tmp_;

}  // namespace

TEST_F(CliScrub, TheTableTheLogsAndTheFooterAsAis) {
    Cli cli(cl_->endpoint());
    const api::Bck b{.name = "cs-plain", .provider = "ais"};
    cl_->client().create_bucket(b);
    for (int i = 0; i < 10; ++i)
        cl_->client().put_object(b, "obj-0" + std::to_string(i), std::string(100, 'x'));
    cl_->client().put_object(b, "empty", "");

    auto r = run(cli, {"scrub", "ais://cs-plain"});
    ASSERT_EQ(r.rc, 0) << r.err;
    auto ls = lines(r.out);
    ASSERT_GE(ls.size(), 2u) << r.out;
    EXPECT_TRUE(has(ls[0], R"(^BUCKET\s+OBJECTS\s+SMALL\s+LARGE$)")) << r.out;
    EXPECT_TRUE(has(ls[1], R"(^ais://cs-plain\s+11 \(1000B\)\s+1 \(0B\)\s+-$)")) << r.out;
    EXPECT_TRUE(has(r.out,
                    "\n\nDetailed Logs\n-------------\n\\* small objects: "
                    "\t(\\S+/\\.ais-scrub-small\\.[0-9a-f]+\\.log) \\(1 record\\)\n---\nElapsed: \\S+\n$"))
        << r.out;
    std::smatch mt;
    ASSERT_TRUE(std::regex_search(r.out, mt, std::regex(R"(\t(\S+\.log) )")));
    EXPECT_TRUE(mt[1].str().starts_with(tmp_ + "/.ais-scrub-small.")) << mt[1];
    EXPECT_EQ(read_file(mt[1]), "Name,Size\n=========\n\"ais://cs-plain/empty\",\"0\"\n");

    // The other name of the command; no header and no footer.
    r = run(cli, {"storage", "validate", "ais://cs-plain", "-H", "--no-footers", "--small-size", "1k"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(has(r.out, R"(^ais://cs-plain\s+11 \(1000B\)\s+11 \(1000B\)\s+-\n\nDetailed Logs)")) << r.out;
    EXPECT_EQ(r.out.find("\n---\n"), std::string::npos) << r.out;

    // Every column, the zero ones too.
    r = run(cli, {"scrub", "ais://cs-plain", "--all-columns", "--no-footers"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(has(
        lines(r.out)[0],
        R"(^BUCKET\s+OBJECTS\s+MISPLACED\(cluster\)\s+MISPLACED\(mountpath\)\s+MISSING-COPIES\s+SMALL\s+LARGE$)"))
        << r.out;
    EXPECT_TRUE(has(lines(r.out)[1], R"(^ais://cs-plain\s+11 \(1000B\)\s+-\s+-\s+-\s+1 \(0B\)\s+-$)"))
        << r.out;

    // A prefix (in the URI or --prefix) and a limit.
    r = run(cli, {"scrub", "ais://cs-plain/obj-0", "--no-footers", "--large-size", "100"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(has(
        r.out,
        R"(^BUCKET/PREFIX\s+OBJECTS\s+SMALL\s+LARGE\nais://cs-plain/obj-0\s+10 \(1000B\)\s+-\s+10 \(1000B\)\n)"))
        << r.out;
    r = run(cli, {"scrub", "ais://cs-plain", "--prefix", "obj-", "--limit", "4", "-H", "--no-footers"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(has(r.out, R"(^ais://cs-plain/obj-\s+4 \(400B\)\s+-\s+-\n$)")) << r.out;

    // One-line errors, nothing started.
    r = run(cli, {"scrub", "ais://cs-plain", "--small-size", "10", "--large-size", "5"});
    EXPECT_EQ(r.rc, 1);
    EXPECT_NE(r.err.find("'--large-size' (5B) must be greater than '--small-size' (10B)"), std::string::npos)
        << r.err;
    r = run(cli, {"scrub", "ais://cs-nope"});
    EXPECT_EQ(r.rc, 1);
    EXPECT_NE(r.err.find("cs-nope"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
}

TEST_F(CliScrub, MissingCopyAndBitFlipAreFoundThenFixed) {
    Cli cli(cl_->endpoint());
    const api::Bck b{.name = "cs-m", .provider = "ais"};
    cl_->client().create_bucket(b);
    std::vector<std::string> data;
    for (int i = 0; i < 6; ++i) {
        data.push_back(std::string(1000, static_cast<char>('a' + i)));
        cl_->client().put_object(b, "o" + std::to_string(i), data.back());
    }
    auto r = run(cli, {"start", "mirror", "ais://cs-m", "--copies", "3", "--wait"});
    ASSERT_EQ(r.rc, 0) << r.err;
    auto copies = files("cs-m", "%mi", "o0");
    ASSERT_EQ(copies.size(), 2u);
    fsys::remove(copies[0]);
    auto mains = files("cs-m", "%ob", "o1");
    ASSERT_EQ(mains.size(), 1u);
    flip_byte(mains[0], 500);

    r = run(cli, {"storage", "validate", "ais://cs-m", "--no-footers"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(has(
        r.out,
        R"(^BUCKET\s+OBJECTS\s+MISSING-COPIES\s+SMALL\s+LARGE\nais://cs-m\s+6 \(5\.9KiB\)\s+1 \(1000B\)\s+-\s+-\n)"))
        << r.out;
    EXPECT_TRUE(has(r.out, R"(\* missing-copies objects: \t(\S+) \(1 record\))")) << r.out;

    r = run(cli, {"scrub", "ais://cs-m", "--checksum", "--no-footers"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(has(
        r.out,
        R"(^BUCKET\s+OBJECTS\s+MISSING-COPIES\s+CORRUPTED\s+SMALL\s+LARGE\nais://cs-m\s+6 \(5\.9KiB\)\s+1 \(1000B\)\s+1 \(1000B\)\s+-\s+-\n)"))
        << r.out;
    EXPECT_TRUE(has(r.out, R"(\* corrupted objects: \t\S+ \(1 record\))")) << r.out;

    r = run(cli, {"scrub", "ais://cs-m", "--checksum", "--fix", "--no-footers"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.out.find("\nFixed\n-----\n* missing-copies objects: 1 (copies restored)\n"
                         "* corrupted objects: 1 (replaced from a good replica)\n"),
              std::string::npos)
        << r.out;

    // All clean now: the zero columns go, CORRUPTED (asked for) stays.
    r = run(cli, {"scrub", "ais://cs-m", "--checksum"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(has(
        r.out,
        R"(^BUCKET\s+OBJECTS\s+CORRUPTED\s+SMALL\s+LARGE\nais://cs-m\s+6 \(5\.9KiB\)\s+-\s+-\s+-\n---\nElapsed: \S+\n$)"))
        << r.out;
    EXPECT_EQ(files("cs-m", "%mi", "o0").size(), 2u);
    for (int i = 0; i < 6; ++i)
        EXPECT_EQ(cl_->client().get_object(b, "o" + std::to_string(i)).body, data[i]) << i;
}

TEST_F(CliScrub, EveryBucketWhenNoneIsNamed) {
    Cli cli(cl_->endpoint());
    for (const char* n : {"cs-all-1", "cs-all-2"}) {
        const api::Bck b{.name = n, .provider = "ais"};
        cl_->client().create_bucket(b);
        cl_->client().put_object(b, "x", "12345");
    }
    auto r = run(cli, {"scrub"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(has(r.out, R"(\nais://cs-all-1\s+1 \(5B\)\s+-\s+-\nais://cs-all-2\s+1 \(5B\)\s+-\s+-\n)"))
        << r.out;
    EXPECT_TRUE(has(r.out, R"(\n---\nTotal: \d+ names in \S+\n$)")) << r.out;
    // The jobs behind it, as any other job.
    r = run(cli, {"show", "job", "scrub", "--all"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(has(r.out, R"(\bscrub\b)")) << r.out;
    r = run(cli, {"storage", "validate", "ais", "-H", "--no-footers"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(has(r.out, R"(\nais://cs-all-2\s+1 \(5B\)\s+-\s+-\n)")) << r.out;
}
