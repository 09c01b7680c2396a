// `ais storage mountpath attach|detach|enable|disable NODE_ID PATH` and `ais show storage
// mountpath [NODE_ID]` (= `ais storage mountpath show`) against a real cluster: what the user sees,
// what the target's mountpaths became (through the API), errors, and completion of node IDs.
#include "tests/cli/cli_runner.hpp"
#include "tests/integration/local_cluster.hpp"

#include "shared/api/apc.hpp"
#include "shared/api/client.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

using namespace ais;
using namespace ais::test;
using namespace std::chrono_literals;

namespace {

std::string target_id(LocalCluster& c, int i) {
    for (const auto& [id, n] : c.client().get_smap().tmap)
        if (n.public_net.direct_url == c.target_url(i)) return id;
    ADD_FAILURE() << "target " << i << " is not in the Smap";
    return {};
}

// The target's MountpathList (through the proxy, as the CLI asks).
boost::json::object mpl(LocalCluster& c, const std::string& id) {
    net::Query q;
    q.add(api::qp::kWhat, api::what::kMountpaths);
    auto rq = c.client().request("GET", "/v1/reverse/daemon", q);
    rq.headers.add(api::hdr::kNodeId, id);
    return boost::json::parse(c.client().call(rq).body).as_object();
}

std::vector<std::string> strs(const boost::json::value& v) {
    std::vector<std::string> out;
    for (const auto& e : v.as_array()) out.emplace_back(e.as_string());
    return out;
}

void wait_no_resilver(LocalCluster& c) {
    for (int i = 0; i < 600; ++i) {
        if (c.client().running_jobs(api::QueryMsg{.kind = "resilver"}).empty()) return;
        std::this_thread::sleep_for(100ms);
    }
    FAIL() << "resilver still running";
}

void expect_one_line_error(const CliResult& r, const std::string& contains) {
    EXPECT_EQ(r.rc, 1) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    const auto ls = lines(r.err);
    ASSERT_EQ(ls.size(), 1u) << r.err;
    EXPECT_EQ(ls[0].rfind("Error: ", 0), 0u) << ls[0];
    EXPECT_NE(ls[0].find(contains), std::string::npos) << ls[0];
}

class CliStorage : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        cl_ = new LocalCluster(LocalCluster::Options{.targets = 2, .mountpaths = 2});
        const api::Bck b{.name = "st", .provider = "ais"};
        cl_->client().create_bucket(b);
        for (int i = 0; i < 200; ++i)
            cl_->client().put_object(b, "o" + std::to_string(i), "data " + std::to_string(i));
    }
    static void TearDownTestSuite() {
        delete cl_;
        cl_ = nullptr;
    }
    static LocalCluster* cl_;
};
LocalCluster* CliStorage::cl_ = nullptr;

TEST_F(CliStorage, AttachDisableEnableDetachAndShow) {
    Cli cli(cl_->endpoint());
    const std::string t0 = target_id(*cl_, 0), t1 = target_id(*cl_, 1);
    const auto mps = cl_->target_mountpaths(0);
    const std::string added = cl_->target_dir(0) + "/mp-cli";
    std::filesystem::create_directories(added);

    auto r = cli.run({"storage", "mountpath", "attach", t0, added});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Node \"" + t0 + "\" attached mountpath \"" + added + "\"\n");
    wait_no_resilver(*cl_);
    EXPECT_EQ(strs(mpl(*cl_, t0).at("available")), (std::vector<std::string>{mps[0], mps[1], added}));

    // NODE_ID=PATH works too (AIS's form), and t[ID].
    r = cli.run({"storage", "mountpath", "disable", "t[" + t0 + "]=" + mps[0]});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Node \"" + t0 + "\" disabled mountpath \"" + mps[0] + "\"\n");
    wait_no_resilver(*cl_);

    r = cli.run({"show", "storage", "mountpath", t0});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, t0 + "\n\tAvailable:\n\t\t" + mps[1] + "\n\t\t" + added + "\n\tDisabled:\n\t\t" +
                         mps[0] + "\n");
    // The same through `ais storage mountpath show`; every target without an argument.
    auto same = cli.run({"storage", "mountpath", "show", t0});
    EXPECT_EQ(same.out, r.out);
    auto all = cli.run({"show", "storage", "mountpath"});
    ASSERT_EQ(all.rc, 0) << all.err;
    EXPECT_NE(all.out.find(r.out), std::string::npos) << all.out;
    EXPECT_NE(all.out.find(t1 + "\n\tAvailable:\n"), std::string::npos) << all.out;
    auto js = cli.run({"show", "storage", "mountpath", t0, "--json"});
    ASSERT_EQ(js.rc, 0) << js.err;
    auto jv = boost::json::parse(js.out);
    EXPECT_EQ(jv.at(0).at("daemon_id").as_string(), t0);
    EXPECT_EQ(strs(jv.at(0).at("mpl").at("disabled")), std::vector<std::string>{mps[0]});

    r = cli.run({"storage", "mountpath", "enable", t0, mps[0]});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Node \"" + t0 + "\" enabled mountpath \"" + mps[0] + "\"\n");
    wait_no_resilver(*cl_);
    r = cli.run({"storage", "mountpath", "detach", t0, added});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Node \"" + t0 + "\" detached mountpath \"" + added + "\"\n");
    wait_no_resilver(*cl_);
    auto l = mpl(*cl_, t0);
    EXPECT_EQ(strs(l.at("available")), (std::vector<std::string>{mps[1], mps[0]}));
    EXPECT_TRUE(l.at("disabled").as_array().empty());
    // Every object is still there.
    EXPECT_EQ(cl_->client().list_objects(api::Bck{.name = "st", .provider = "ais"}).entries.size(), 200u);
}

TEST_F(CliStorage, ErrorsAreOneLineAndChangeNothing) {
    Cli cli(cl_->endpoint());
    const std::string t1 = target_id(*cl_, 1);
    const auto before = mpl(*cl_, t1);
    const std::string dir = cl_->target_dir(1);

    expect_one_line_error(cli.run({"storage", "mountpath", "attach", t1, dir + "/nope"}), "does not exist");
    expect_one_line_error(
        cli.run({"storage", "mountpath", "attach", t1, cl_->target_mountpaths(1)[0] + "/x/.."}),
        "already attached");
    expect_one_line_error(cli.run({"storage", "mountpath", "attach", t1, dir}), "nested");
    expect_one_line_error(cli.run({"storage", "mountpath", "detach", t1, dir + "/nope"}), "not attached");
    expect_one_line_error(cli.run({"storage", "mountpath", "attach", t1}), "missing mountpath to attach-mp");
    expect_one_line_error(cli.run({"storage", "mountpath", "attach", "nosuch", "/tmp"}), "does not exist");
    const std::string proxy = cl_->client().get_smap().pmap.begin()->first;
    expect_one_line_error(cli.run({"storage", "mountpath", "attach", proxy, "/tmp"}), "is a proxy");
    auto r = cli.run({"storage", "mountpath", "attach"});
    EXPECT_NE(r.rc, 0);
    EXPECT_EQ(mpl(*cl_, t1), before);
}

TEST_F(CliStorage, CompletesTargetIdsThenMountpaths) {
    Cli cli(cl_->endpoint());
    const std::string t0 = target_id(*cl_, 0), t1 = target_id(*cl_, 1);
    auto ids = cli.complete({"storage", "mountpath", "detach", ""});
    std::sort(ids.begin(), ids.end());
    std::vector<std::string> want{t0, t1};
    std::sort(want.begin(), want.end());
    EXPECT_EQ(ids, want) << "targets only, no proxy";
    EXPECT_EQ(cli.complete({"show", "storage", "mountpath", ""}).size(), 2u);
    auto mps = cli.complete({"storage", "mountpath", "disable", t1, ""});
    std::sort(mps.begin(), mps.end());
    EXPECT_EQ(mps, cl_->target_mountpaths(1));
    EXPECT_TRUE(cli.complete({"storage", "mountpath", "enable", t1, ""}).empty()) << "none disabled";
}

}  // namespace
