// `ais storage mountpath attach|detach|enable|disable NODE_ID PATH` and `ais show storage
// mountpath [NODE_ID]` (= `ais storage mountpath show`) against a real cluster: what the user sees,
// what the target's mountpaths became (through the API), errors, and completion of node IDs.
// Also the disk and capacity views: `ais show storage [disk|capacity]`, `ais storage disk|show`.
#include "tests/cli/cli_runner.hpp"
#include "tests/integration/local_cluster.hpp"

#include "shared/api/apc.hpp"
#include "shared/api/client.hpp"
#include "shared/util/errors.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
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

std::string fmt_disks(size_t n) {
    return "(" + std::to_string(n) + (n == 1 ? " disk)" : " disks)");
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

// ---- disk and capacity views ----

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> w;
    for (std::string x; in >> x;) w.push_back(x);
    return w;
}

// The target's TcdfExt as the CLI gets it (through the proxy).
boost::json::object disk_json(LocalCluster& c, const std::string& id) {
    net::Query q;
    q.add(api::qp::kWhat, api::what::kDisk);
    auto rq = c.client().request("GET", "/v1/reverse/daemon", q);
    rq.headers.add(api::hdr::kNodeId, id);
    return boost::json::parse(c.client().call(rq).body).as_object();
}

bool is_size(const std::string& s) {
    return std::regex_match(s, std::regex(R"(\d+(\.\d+)?(B|KiB|MiB|GiB|TiB|PiB))"));
}
bool is_rate(const std::string& s) {
    return s.size() > 2 && s.ends_with("/s") && is_size(s.substr(0, s.size() - 2));
}
int pct(const std::string& s) {
    EXPECT_TRUE(std::regex_match(s, std::regex(R"(\d{1,3}%)"))) << s;
    return std::atoi(s.c_str());
}

TEST_F(CliStorage, TargetReportsDisksAndCapacity) {
    const std::string t0 = target_id(*cl_, 0);
    auto v = disk_json(*cl_, t0);
    const auto& mps = v.at("mountpaths").as_object();
    ASSERT_EQ(mps.size(), cl_->target_mountpaths(0).size());
    for (const auto& mp : cl_->target_mountpaths(0)) {
        ASSERT_TRUE(mps.contains(mp)) << mp;
        const auto& c = mps.at(mp).as_object();
        EXPECT_GT(std::stoull(std::string(c.at("avail").as_string())), 0u);
        EXPECT_LE(c.at("pct_used").as_int64(), 100);
        // every disk a mountpath names has stats, with a utilization in 0..100
        for (const auto& d : c.at("disks").as_array()) {
            const auto& st = v.at("AllDiskStats").at(d.as_string()).as_object();
            EXPECT_GE(st.at("Util").as_int64(), 0);
            EXPECT_LE(st.at("Util").as_int64(), 100);
            EXPECT_GE(st.at("RBps").as_int64(), 0);
        }
    }
    EXPECT_EQ(v.at("cs_err").as_string(), "");
    // A proxy has no disks: 400, one line.
    net::Query q;
    q.add(api::qp::kWhat, api::what::kDisk);
    auto rq = cl_->client().request("GET", "/v1/daemon", q);
    try {
        cl_->client().call(rq);
        ADD_FAILURE() << "a proxy answered what=disk";
    } catch (const Error& e) {
        EXPECT_EQ(e.status(), 400);
    }
}

TEST_F(CliStorage, ShowStorageDisk) {
    Cli cli(cl_->endpoint());
    std::map<std::string, std::set<std::string>> disks;  // target -> its disks, per the API
    for (int i = 0; i < 2; ++i) {
        const std::string id = target_id(*cl_, i);
        const auto v = disk_json(*cl_, id);  // (a temporary would die before the loop body)
        for (const auto& kv : v.at("AllDiskStats").as_object()) disks[id].insert(kv.key());
    }
    size_t want_rows = 0;
    for (const auto& [id, d] : disks) want_rows += d.size();

    auto r = cli.run({"show", "storage", "disk"});
    ASSERT_EQ(r.rc, 0) << r.err;
    if (want_rows == 0) {  // mountpaths on tmpfs/overlay (some containers): no block devices
        EXPECT_NE(r.err.find("Warning:"), std::string::npos) << r.err;
        GTEST_SKIP() << "no block devices under the mountpaths here";
    }
    auto ls = lines(r.out);
    ASSERT_FALSE(ls.empty());
    EXPECT_EQ(words(ls[0]),
              (std::vector<std::string>{"TARGET", "DISK", "READ", "READ(avg", "size)", "WRITE", "WRITE(avg",
                                        "size)", "UTIL(%)", "CAP", "USED(%)", "CAP", "AVAIL"}))
        << ls[0];
    size_t rows = 0;
    bool total = false;
    for (size_t i = 1; i < ls.size(); ++i) {
        auto w = words(ls[i]);
        if (w.size() >= 2 && w[0] == "---" && w[1] == "Cluster:") {
            total = true;
            EXPECT_TRUE(is_rate(w[2])) << ls[i];
            continue;
        }
        ASSERT_EQ(w.size(), 9u) << ls[i];
        const std::string id = w[0].substr(2, w[0].size() - 3);
        ASSERT_TRUE(disks.count(id)) << ls[i];
        EXPECT_TRUE(disks[id].count(w[1])) << ls[i];
        EXPECT_TRUE(is_rate(w[2])) << ls[i];
        EXPECT_TRUE(is_size(w[3])) << ls[i];
        EXPECT_TRUE(is_rate(w[4])) << ls[i];
        EXPECT_TRUE(is_size(w[5])) << ls[i];
        EXPECT_LE(pct(w[6]), 100);
        EXPECT_LE(pct(w[7]), 100);
        EXPECT_TRUE(is_size(w[8])) << ls[i];
        ++rows;
    }
    EXPECT_EQ(rows, want_rows) << r.out;
    EXPECT_EQ(total, want_rows > 1) << r.out;

    // One target, no headers, only the matching columns; `ais storage disk` is the same command.
    const std::string t1 = target_id(*cl_, 1);
    r = cli.run({"storage", "disk", "t[" + t1 + "]", "-H", "--regex", "util"});
    ASSERT_EQ(r.rc, 0) << r.err;
    ls = lines(r.out);
    EXPECT_EQ(ls.size(), disks[t1].size() + (disks[t1].size() > 1 ? 1 : 0)) << r.out;
    for (const auto& l : ls) {
        auto w = words(l);
        if (w[0] == "-------") continue;  // "------- Sum:"
        ASSERT_EQ(w.size(), 3u) << l;
        EXPECT_EQ(w[0], "t[" + t1 + "]");
        pct(w[2]);
    }

    // --summary: one row per target, "(N disk[s])", and the cluster total.
    r = cli.run({"storage", "disk", "--summary", "--units", "raw"});
    ASSERT_EQ(r.rc, 0) << r.err;
    ls = lines(r.out);
    ASSERT_EQ(ls.size(), 1 + 2 + 1u) << r.out;
    for (int i = 0; i < 2; ++i) {
        auto w = words(ls[1 + i]);
        const std::string id = w[0].substr(2, w[0].size() - 3);
        EXPECT_EQ(w[1] + " " + w[2], fmt_disks(disks[id].size())) << ls[1 + i];
        EXPECT_TRUE(std::regex_match(w[3], std::regex(R"(\d+)"))) << "--units raw: " << ls[1 + i];
    }
    EXPECT_EQ(ls[3].rfind("--- Cluster:", 0), 0u) << ls[3];

    // --refresh/--count: two reports, an empty line between them.
    r = cli.run({"show", "storage", "disk", t1, "--refresh", "1s", "--count", "2"});
    ASSERT_EQ(r.rc, 0) << r.err;
    size_t headers = 0, blanks = 0;
    for (const auto& l : lines(r.out)) {
        headers += l.rfind("TARGET", 0) == 0;
        blanks += l.empty();
    }
    EXPECT_EQ(headers, 2u) << r.out;
    EXPECT_EQ(blanks, 1u) << r.out;
}

TEST_F(CliStorage, ShowStorageCapacity) {
    Cli cli(cl_->endpoint());
    const std::string t0 = target_id(*cl_, 0), t1 = target_id(*cl_, 1);
    auto r = cli.run({"show", "storage", "capacity"});
    ASSERT_EQ(r.rc, 0) << r.err;
    auto ls = lines(r.out);
    ASSERT_EQ(ls.size(), 3u) << r.out;
    EXPECT_EQ(ls[0].rfind("TARGET", 0), 0u);
    for (const char* h : {"MOUNTPATHS", "USED(min%, avg%, max%)", "CAP AVAIL", "File System", "CAP STATUS"})
        EXPECT_NE(ls[0].find(h), std::string::npos) << h;
    std::set<std::string> seen;
    for (size_t i = 1; i < ls.size(); ++i) {
        auto w = words(ls[i]);
        ASSERT_GE(w.size(), 7u) << ls[i];
        seen.insert(w[0]);
        EXPECT_EQ(w[1], "2") << "mountpaths";
        const int mn = pct(w[2]), avg = pct(w[3]), mx = pct(w[4]);
        EXPECT_LE(mn, avg);
        EXPECT_LE(avg, mx);
        EXPECT_TRUE(is_size(w[5])) << ls[i];
        EXPECT_EQ(w.back(), "good");
    }
    EXPECT_EQ(seen, (std::set<std::string>{"t[" + t0 + "]", "t[" + t1 + "]"}));

    // --mountpath: one row per mountpath, the target named on its first.
    r = cli.run({"show", "storage", "capacity", t0, "--mountpath"});
    ASSERT_EQ(r.rc, 0) << r.err;
    ls = lines(r.out);
    const auto mps = cl_->target_mountpaths(0);
    ASSERT_EQ(ls.size(), 1 + mps.size()) << r.out;
    EXPECT_EQ(words(ls[0])[1], "MOUNTPATH");
    auto w = words(ls[1]);
    EXPECT_EQ(w[0], "t[" + t0 + "]");
    EXPECT_EQ(w[1], mps[0]);
    pct(w[2]);
    EXPECT_TRUE(is_size(w[3])) << ls[1];
    EXPECT_EQ(w.back(), "good");
    w = words(ls[2]);
    EXPECT_EQ(w[0], mps[1]) << "the target is named once";
    pct(w[1]);
}

TEST_F(CliStorage, ShowStorageOverview) {
    Cli cli(cl_->endpoint());
    const std::string t0 = target_id(*cl_, 0), t1 = target_id(*cl_, 1);
    auto r = cli.run({"show", "storage"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out.rfind("TARGET", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("UTIL(%)"), std::string::npos);
    EXPECT_NE(r.out.find("\nTARGET  "), std::string::npos) << "the capacity table follows";
    for (int i = 0; i < 2; ++i)
        for (const auto& mp : cl_->target_mountpaths(i)) EXPECT_NE(r.out.find(mp), std::string::npos) << mp;
    // `ais storage show` is the same view.
    auto same = cli.run({"storage", "show", t0});
    ASSERT_EQ(same.rc, 0) << same.err;
    EXPECT_NE(same.out.find(cl_->target_mountpaths(0)[0]), std::string::npos);
    EXPECT_EQ(same.out.find(cl_->target_mountpaths(1)[0]), std::string::npos) << "only " << t0;

    r = cli.run({"show", "storage", "--json"});
    ASSERT_EQ(r.rc, 0) << r.err;
    auto v = boost::json::parse(r.out).as_object();
    EXPECT_EQ(v.size(), 2u);
    for (const auto& id : {t0, t1}) {
        ASSERT_TRUE(v.contains(id)) << r.out;
        EXPECT_EQ(v.at(id).at("mountpaths").as_object().size(), 2u);
        EXPECT_TRUE(v.at(id).as_object().contains("AllDiskStats"));
    }
}

TEST_F(CliStorage, ShowStorageBadTargetIsOneLineError) {
    Cli cli(cl_->endpoint());
    expect_one_line_error(cli.run({"show", "storage", "disk", "nosuch"}), "node \"nosuch\" does not exist");
    expect_one_line_error(cli.run({"show", "storage", "capacity", "t[nosuch]"}), "does not exist");
    expect_one_line_error(cli.run({"show", "storage", "nosuch"}), "does not exist");
    expect_one_line_error(cli.run({"storage", "disk", "nosuch", "--summary"}), "does not exist");
    const std::string proxy = cl_->client().get_smap().pmap.begin()->first;
    expect_one_line_error(cli.run({"show", "storage", "disk", proxy}), "is a 'proxy'");
    auto r = cli.run({"show", "storage", "disk", "--regex", "("});
    EXPECT_NE(r.rc, 0);
    EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
}

TEST_F(CliStorage, CompletesStorageSubcommandsAndTargets) {
    Cli cli(cl_->endpoint());
    auto c = cli.complete({"show", "storage", ""});
    for (const char* w : {"disk", "capacity", "mountpath"})
        EXPECT_NE(std::find(c.begin(), c.end(), w), c.end()) << w;
    c = cli.complete({"storage", ""});
    for (const char* w : {"show", "disk", "mountpath", "summary"})
        EXPECT_NE(std::find(c.begin(), c.end(), w), c.end()) << w;
    EXPECT_EQ(cli.complete({"show", "storage", "disk", ""}).size(), 2u) << "the targets";
    c = cli.complete({"storage", "disk", "--"});
    for (const char* w : {"--summary", "--refresh", "--count", "--regex", "--units", "--no-headers"})
        EXPECT_NE(std::find(c.begin(), c.end(), w), c.end()) << w;
}

}  // namespace

TEST_F(CliStorage, ResilverOneTargetOrAllWaitsAndReportsTheJob) {
    Cli cli(cl_->endpoint());
    const std::string t0 = target_id(*cl_, 0);
    auto r = cli.run({"storage", "resilver", t0, "--wait"});
    ASSERT_EQ(r.rc, 0) << r.out << r.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(Started resilver\[([^\]]+)\]\. To monitor the progress, run 'ais show job ([^']+)')")))
        << r.out;
    EXPECT_EQ(m[1].str(), m[2].str());
    const std::string xid = m[1].str();
    // The job ran on that target only, and has ended.
    auto snaps = cl_->client().job_snaps(api::QueryMsg{.id = xid});
    size_t on = 0;
    for (const auto& [tid, list] : snaps.by_target)
        for (const auto& s : list) {
            EXPECT_EQ(tid, t0);
            EXPECT_NE(s.end_time, 0) << tid;
            ++on;
        }
    EXPECT_EQ(on, 1u);

    r = cli.run({"storage", "resilver", "--non-verbose"});  // every target
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(lines(r.out).size(), 1u) << r.out;
    wait_no_resilver(*cl_);

    expect_one_line_error(cli.run({"storage", "resilver", "nosuch"}), "does not exist");
    const std::string proxy = cl_->client().get_smap().pmap.begin()->first;
    expect_one_line_error(cli.run({"storage", "resilver", proxy}), "is a proxy");
}
