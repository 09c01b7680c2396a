// `ais log show|get` and `ais show log` against a real local cluster, and the memory, CPU and
// capacity columns of `ais show cluster`, as a user sees them. One cluster for the suite.
#include "tests/cli/cli_runner.hpp"
#include "tests/integration/local_cluster.hpp"

#include "shared/api/client.hpp"
#include "shared/api/smap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <regex>

using namespace ais;
using namespace ais::test;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> cells(const std::string& row) {
    std::vector<std::string> out;
    std::regex sep(" {2,}");
    for (std::sregex_token_iterator it(row.begin(), row.end(), sep, -1), end; it != end; ++it)
        out.push_back(*it);
    return out;
}

std::string sh(const std::string& cmd, int* rc = nullptr) {
    std::string out;
    if (FILE* p = ::popen((cmd + " 2>&1").c_str(), "r")) {
        char buf[512];
        while (std::fgets(buf, sizeof(buf), p)) out += buf;
        int st = ::pclose(p);
        if (rc) *rc = st;
    }
    return out;
}

class CliLog : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { cluster_ = new LocalCluster(); }
    static void TearDownTestSuite() {
        delete cluster_;
        cluster_ = nullptr;
    }
    void SetUp() override {
        cli_ = std::make_unique<Cli>(cluster_->endpoint());
        tmp_ = make_temp_dir("ais-cli-log");
        smap_ = cluster_->client().get_smap();
        tid_ = smap_.tmap.begin()->first;
        pid_ = smap_.primary.daemon_id;
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(tmp_, ec);
    }
    CliResult run(const std::vector<std::string>& args) { return cli_->run(args); }
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
    std::string tmp_, tid_, pid_;
    api::Smap smap_;
};
LocalCluster* CliLog::cluster_ = nullptr;

TEST_F(CliLog, ShowNodeLog) {
    auto r = run({"log", "show", tid_});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out.rfind("Started up at ", 0), 0u) << r.out.substr(0, 300);
    EXPECT_NE(r.out.find("t[" + tid_ + "] is ready"), std::string::npos);
    EXPECT_TRUE(
        std::regex_search(r.out, std::regex("\nI \\d\\d:\\d\\d:\\d\\d\\.\\d{6} t\\[" + tid_ + "\\] ")));
    // The same through `ais show log`, with the t[ID] spelling.
    auto s = run({"show", "log", "t[" + tid_ + "]"});
    ASSERT_EQ(s.rc, 0) << s.err;
    EXPECT_EQ(s.out.substr(0, 100), r.out.substr(0, 100));
    // The proxy's own log.
    auto p = run({"log", "show", pid_});
    ASSERT_EQ(p.rc, 0) << p.err;
    EXPECT_NE(p.out.find("p[" + pid_ + "] is ready"), std::string::npos);
    // Warnings and errors only.
    auto e = run({"log", "show", tid_, "--severity", "error"});
    ASSERT_EQ(e.rc, 0) << e.err;
    EXPECT_EQ(e.out.find("\nI "), std::string::npos) << e.out;
    EXPECT_EQ(run({"log", "show", tid_, "--severity", "w"}).rc, 0);
}

// --refresh: the log once, then only what the node appends (here: nothing new is repeated).
TEST_F(CliLog, ShowRefreshFollows) {
    auto r = run({"log", "show", pid_, "--refresh", "1s", "--count", "3"});
    ASSERT_EQ(r.rc, 0) << r.err;
    size_t n = 0;
    for (size_t p = r.out.find("Started up at "); p != std::string::npos;
         p = r.out.find("Started up at ", p + 1))
        ++n;
    EXPECT_EQ(n, 1u) << r.out;
    EXPECT_GE(r.secs, 1.9);
}

TEST_F(CliLog, BadInput) {
    expect_error({"log", "show", tid_, "--refresh", "0"}, "--refresh must be a positive duration");
    expect_error({"log", "show", tid_, "--refresh", "soon"}, "invalid duration \"soon\"");
    expect_error({"log", "show", tid_, "--count=-1", "--refresh", "1s"}, "--count");
    expect_error({"log", "show", tid_, "--severity", "verbose"}, "verbose");
    expect_error({"log", "show", "tNoSuchNode"}, "node \"tNoSuchNode\" does not exist");
    expect_error({"log", "show"}, "missing argument NODE_ID");
    expect_error({"log", "get", "tNoSuchNode", tmp_}, "node \"tNoSuchNode\" does not exist");
    expect_error({"log", "get", "cluster", "-"}, "give a directory");
}

TEST_F(CliLog, GetNodeLog) {
    auto r = run({"log", "get", tid_, tmp_});
    ASSERT_EQ(r.rc, 0) << r.err;
    const std::string f = tmp_ + "/aistarget-" + tid_ + ".log";
    ASSERT_TRUE(fs::exists(f)) << r.out;
    EXPECT_NE(r.out.find("t[" + tid_ + "]: saved " + f), std::string::npos) << r.out;
    EXPECT_NE(read_file(f).find("t[" + tid_ + "] is ready"), std::string::npos);
    // To stdout.
    auto o = run({"log", "get", tid_, "-"});
    ASSERT_EQ(o.rc, 0) << o.err;
    EXPECT_EQ(o.out.rfind("Started up at ", 0), 0u);
    // --all: the node's TAR.GZ, to a file of the user's naming.
    const std::string tgz = tmp_ + "/t.tgz";
    auto a = run({"log", "get", tid_, tgz, "--all"});
    ASSERT_EQ(a.rc, 0) << a.err;
    int rc = -1;
    const std::string listing = sh("tar -tzf " + tgz, &rc);
    EXPECT_EQ(rc, 0) << listing;
    EXPECT_NE(listing.find("aistarget."), std::string::npos) << listing;
}

// `ais log get cluster DIR`: one valid TAR.GZ per node, each with that node's log.
TEST_F(CliLog, GetClusterLogs) {
    const std::string dir = tmp_ + "/all";
    auto r = run({"log", "get", "cluster", dir});
    ASSERT_EQ(r.rc, 0) << r.err;
    const size_t nodes = smap_.pmap.size() + smap_.tmap.size();
    EXPECT_NE(r.out.find("Saved the logs of " + std::to_string(nodes) + " nodes in " + dir),
              std::string::npos)
        << r.out;
    size_t archives = 0;
    for (const auto& [id, n] : smap_.pmap) archives += fs::exists(dir + "/aisproxy-" + id + ".tar.gz");
    for (const auto& [id, n] : smap_.tmap) archives += fs::exists(dir + "/aistarget-" + id + ".tar.gz");
    EXPECT_EQ(archives, nodes);
    for (const auto& de : fs::directory_iterator(dir)) {
        const std::string name = de.path().filename().string();
        const std::string role = name.substr(0, name.find('-'));  // aisproxy | aistarget
        const std::string id = name.substr(name.find('-') + 1, name.find(".tar.gz") - name.find('-') - 1);
        const std::string x = tmp_ + "/x-" + id;
        fs::create_directories(x);
        int rc = -1;
        std::string out = sh("tar -xzf " + de.path().string() + " -C " + x, &rc);
        ASSERT_EQ(rc, 0) << name << ": " << out;
        bool own = false;
        for (const auto& f : fs::directory_iterator(x)) {
            EXPECT_EQ(f.path().filename().string().rfind(role + ".", 0), 0u) << f.path();
            own |= read_file(f.path().string()).find("[" + id + "] is ready") != std::string::npos;
        }
        EXPECT_TRUE(own) << name;
    }
}

// AIS's columns: memory and CPU for every node, capacity for targets; LOAD AVERAGE with -v.
TEST_F(CliLog, ShowClusterColumns) {
    auto r = run({"show", "cluster"});
    ASSERT_EQ(r.rc, 0) << r.err;
    auto ls = lines(r.out);
    ASSERT_FALSE(ls.empty());
    EXPECT_EQ(cells(ls[0]),
              (std::vector<std::string>{"PROXY", "MEM USED(%)", "MEM AVAIL", "SYS CPU(%)", "UPTIME"}))
        << r.out;
    auto th = std::find_if(ls.begin(), ls.end(), [](const auto& l) { return l.rfind("TARGET", 0) == 0; });
    ASSERT_NE(th, ls.end()) << r.out;
    EXPECT_EQ(cells(*th), (std::vector<std::string>{"TARGET", "MEM USED(%)", "MEM AVAIL", "CAP USED(%)",
                                                    "CAP AVAIL", "SYS CPU(%)", "UPTIME"}))
        << r.out;
    int rows = 0;
    for (const auto& l : ls) {
        if (l.rfind("t[", 0) != 0) continue;
        auto c = cells(l);
        ASSERT_EQ(c.size(), 7u) << l;
        EXPECT_TRUE(std::regex_match(c[1], std::regex(R"(\d+\.\d\d%)"))) << l;
        EXPECT_TRUE(std::regex_match(c[2], std::regex(R"(\d+(\.\d+)?[KMGT]iB)"))) << l;
        EXPECT_TRUE(std::regex_match(c[3], std::regex(R"(\d+%)"))) << l;
        EXPECT_TRUE(std::regex_match(c[4], std::regex(R"(\d+(\.\d+)?[KMGTP]iB)"))) << l;
        EXPECT_TRUE(std::regex_match(c[5], std::regex(R"(\d+%)"))) << l;
        ++rows;
    }
    EXPECT_EQ(rows, 3);
    EXPECT_NE(r.out.find("   Capacity:"), std::string::npos) << r.out;
    auto v = run({"show", "cluster", "target", "-v"});
    ASSERT_EQ(v.rc, 0) << v.err;
    auto vl = lines(v.out);
    auto c = cells(vl[0]);
    ASSERT_NE(std::find(c.begin(), c.end(), "LOAD AVERAGE"), c.end()) << v.out;
    EXPECT_TRUE(std::regex_search(vl[1], std::regex(R"(\[\d+\.\d \d+\.\d \d+\.\d\])"))) << vl[1];
}

}  // namespace
