// `ais start mirror BUCKET --copies N`, `ais bucket props set B mirror.*`, and the copies in
// `ais show object --props copies` and `ais ls --props copies`, against a real cluster (3 mountpaths
// per target): AIS's messages, and one-line errors that change nothing.
#include "tests/cli/cli_runner.hpp"
#include "tests/integration/local_cluster.hpp"

#include "shared/api/client.hpp"
#include "shared/config/bprops.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

using namespace ais;
using namespace ais::test;

namespace {

class CliMirror : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { cl_ = new LocalCluster(LocalCluster::Options{.targets = 2, .mountpaths = 3}); }
    static void TearDownTestSuite() {
        delete cl_;
        cl_ = nullptr;
    }
    static LocalCluster* cl_;
};
LocalCluster* CliMirror::cl_ = nullptr;

}  // namespace

TEST_F(CliMirror, StartMirrorConfiguresTheBucketAndTheObjectsShowTheirCopies) {
    Cli cli(cl_->endpoint());
    const api::Bck b{.name = "cm", .provider = "ais"};
    cl_->client().create_bucket(b);
    for (int i = 0; i < 10; ++i) cl_->client().put_object(b, "o" + std::to_string(i), "data " + std::to_string(i));

    auto r = cli.run({"start", "mirror", "ais://cm", "--copies", "3", "--wait"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(^Configured ais://cm as 3-way mirror\. To monitor the progress, run 'ais show job \S+'\n)")))
        << r.out;
    EXPECT_EQ(cl_->client().head_bucket(b).mirror.copies, 3);

    r = cli.run({"start", "mirror", "ais://cm", "--copies", "3"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "ais://cm is already 3-way mirror, nothing to do\n");

    r = cli.run({"show", "object", "ais://cm/o3", "--props", "copies"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(copies\s+3)"))) << r.out;

    r = cli.run({"ls", "ais://cm", "--props", "name,copies", "-H"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(^o0\s+3\n)"))) << r.out;

    r = cli.run({"start", "mirror", "ais://cm", "--copies", "1", "--wait"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.out.find("Configured ais://cm for single-replica (no redundancy)."), std::string::npos) << r.out;
    r = cli.run({"show", "object", "ais://cm/o3", "--props", "copies"});
    EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(copies\s+1)"))) << r.out;
}

TEST_F(CliMirror, TooManyCopiesIsAOneLineErrorAndChangesNothing) {
    Cli cli(cl_->endpoint());
    const api::Bck b{.name = "cm-bad", .provider = "ais"};
    cl_->client().create_bucket(b);
    auto r = cli.run({"start", "mirror", "ais://cm-bad", "--copies", "4"});
    EXPECT_EQ(r.rc, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("not enough mountpaths (3) to configure ais://cm-bad as 4-way mirror"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;

    r = cli.run({"bucket", "props", "set", "ais://cm-bad", "mirror.enabled=true", "mirror.copies=5"});
    EXPECT_EQ(r.rc, 1) << r.out;
    EXPECT_NE(r.err.find("as 5-way mirror"), std::string::npos) << r.err;
    EXPECT_FALSE(cl_->client().head_bucket(b).mirror.enabled);

    r = cli.run({"start", "mirror", "ais://cm-bad", "--copies", "0"});
    EXPECT_EQ(r.rc, 1);
    EXPECT_NE(r.err.find("[1, 32]"), std::string::npos) << r.err;
}
