// `ais show dashboard` (= `ais cluster dashboard`) against a real 1-proxy, 2-target cluster: both
// sections with the node counts, mountpaths and capacity the cluster has, --json with the same
// numbers, --refresh/--count repeating the report, the throughput of traffic that runs between the
// two samples (and none without it). Then the `ais show cluster` family (`stats` = `show
// performance`, `smap`/`config` of a node, `--refresh` on the cluster views), one-line errors for
// bad --refresh/--count on every monitoring command, and tables aligned by display width.
#include "tests/cli/cli_runner.hpp"
#include "tests/integration/local_cluster.hpp"

#include "shared/api/bck.hpp"
#include "shared/api/client.hpp"
#include "shared/api/smap.hpp"

#include <gtest/gtest.h>
#include <sys/statvfs.h>
#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <regex>
#include <thread>

using namespace ais;
using namespace ais::test;
using namespace std::chrono_literals;

namespace {

namespace bj = boost::json;

const api::Bck kBck{.name = "dash", .provider = "ais"};

// One report: "Label:" -> value, per section; values start in column 24 (AIS's layout).
struct Report {
    std::map<std::string, std::string> perf, cluster;
    std::vector<std::string> perf_labels, cluster_labels;  // in order
};

std::vector<Report> parse_reports(const std::string& out) {
    std::vector<Report> reps;
    std::string section;
    for (const auto& l : lines(out)) {
        if (l == "Performance and Health:") {
            reps.emplace_back();
            section = "perf";
            continue;
        }
        if (l == "Cluster:") {
            section = "cluster";
            continue;
        }
        if (l.empty() || reps.empty()) {
            if (l.empty() && section == "cluster") section.clear();
            continue;
        }
        if (l.rfind("   ", 0) != 0 || section.empty()) continue;
        const size_t colon = l.find(':');
        if (colon == std::string::npos) continue;
        const std::string label = l.substr(3, colon - 3 + 1);
        const std::string value = l.size() > 24 ? l.substr(24) : "";
        EXPECT_EQ(l.substr(0, 24).find_last_not_of(' '), colon) << "values start in column 24: " << l;
        auto& r = reps.back();
        (section == "perf" ? r.perf : r.cluster)[label] = value;
        (section == "perf" ? r.perf_labels : r.cluster_labels).push_back(label);
    }
    return reps;
}

// "used 12345 (41%), available 6789" (--units raw: bytes)
struct Cap {
    int64_t used = -1, avail = -1, pct = -1;
};
Cap parse_cap(const std::string& v) {
    static const std::regex re("^used (\\d+) \\((\\d+)%\\), available (\\d+)$");
    std::smatch m;
    Cap c;
    EXPECT_TRUE(std::regex_match(v, m, re)) << v;
    if (m.empty()) return c;
    c.used = std::stoll(m[1]);
    c.pct = std::stoll(m[2]);
    c.avail = std::stoll(m[3]);
    return c;
}

// "Read 123B/s, Write 45B/s (1s avg)" (--units raw)
std::pair<int64_t, int64_t> parse_rates(const std::string& v) {
    static const std::regex re("^Read (\\d+)B/s, Write (\\d+)B/s \\((\\d+)s avg\\)$");
    std::smatch m;
    EXPECT_TRUE(std::regex_match(v, m, re)) << v;
    if (m.empty()) return {-1, -1};
    return {std::stoll(m[1]), std::stoll(m[2])};
}

// The filesystem of the cluster's data dir, as statvfs sees it now.
Cap fs_now(const std::string& dir) {
    struct statvfs s {};
    Cap c;
    if (::statvfs(dir.c_str(), &s) != 0) return c;
    const int64_t total = static_cast<int64_t>(s.f_blocks) * s.f_frsize;
    c.avail = static_cast<int64_t>(s.f_bavail) * s.f_frsize;
    c.used = total - static_cast<int64_t>(s.f_bfree) * s.f_frsize;
    return c;
}

// Other processes write to the same filesystem meanwhile: close, not equal.
void expect_near(int64_t got, int64_t want, int64_t total, const char* what) {
    const int64_t slack = std::max<int64_t>(total / 50, 512LL << 20);
    EXPECT_LE(std::llabs(got - want), slack) << what << ": got " << got << ", want about " << want;
}

void expect_one_line_error(const CliResult& r, const std::string& contains, const std::string& cmd) {
    EXPECT_EQ(r.rc, 1) << cmd << "\n" << r.out << r.err;
    EXPECT_EQ(r.out, "") << cmd;
    const auto ls = lines(r.err);
    ASSERT_EQ(ls.size(), 1u) << cmd << "\n" << r.err;
    EXPECT_EQ(ls[0].rfind("Error: ", 0), 0u) << cmd << ": " << ls[0];
    EXPECT_NE(ls[0].find(contains), std::string::npos) << cmd << ": " << ls[0];
    EXPECT_LT(r.secs, 10) << cmd << ": no waiting before the error";
}

// PUTs and GETs of 1 KiB objects from a thread of its own until stopped; counts the bytes.
class Traffic {
  public:
    explicit Traffic(const std::string& endpoint) : thr_([this, endpoint] { run(endpoint); }) {}
    ~Traffic() { stop(); }
    void stop() {
        if (stop_.exchange(true)) return;
        thr_.join();
    }
    int64_t put_bytes() const { return put_.load(); }
    int64_t get_bytes() const { return get_.load(); }

  private:
    void run(const std::string& endpoint) {
        api::Client c(endpoint);
        const std::string data(1024, 'x');
        for (int i = 0; !stop_; ++i) {
            const std::string name = "load-" + std::to_string(i % 50);
            c.put_object(kBck, name, data);
            put_ += 1024;
            get_ += static_cast<int64_t>(c.get_object(kBck, name).received);
        }
    }
    std::atomic<bool> stop_{false};
    std::atomic<int64_t> put_{0}, get_{0};
    std::thread thr_;
};

// Until no job runs (the rebalance of targets joining at startup), so that State and Rebalance
// hold still between two runs of a test.
void wait_no_jobs(LocalCluster& cl) {
    for (int i = 0; i < 600 && !cl.client().running_jobs().empty(); ++i) std::this_thread::sleep_for(100ms);
}

class CliDashboard : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        cl_ = new LocalCluster(LocalCluster::Options{.proxies = 1, .targets = 2, .mountpaths = 2});
        cl_->client().create_bucket(kBck);
        wait_no_jobs(*cl_);
    }
    static void TearDownTestSuite() {
        delete cl_;
        cl_ = nullptr;
    }
    static LocalCluster* cl_;
};
LocalCluster* CliDashboard::cl_ = nullptr;

TEST_F(CliDashboard, ShowsBothSections) {
    Cli cli(cl_->endpoint());
    const api::Smap smap = cl_->client().get_smap();
    auto r = cli.run({"show", "dashboard", "--units", "raw"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(
        r.err,
        "Note: for more accurate performance results, use '--refresh' option and run several iterations\n");
    const auto reps = parse_reports(r.out);
    ASSERT_EQ(reps.size(), 1u) << r.out;
    const Report& d = reps[0];
    EXPECT_EQ(d.perf_labels.front(), "State:") << r.out;
    for (const char* l : {"State:", "I/O Errors:", "Load Avg:", "Disk Usage:", "Network:", "Storage:",
                          "Filesystems:", "Running Jobs:"})
        EXPECT_TRUE(d.perf.count(l)) << l << "\n" << r.out;
    EXPECT_FALSE(d.perf.count("Throughput:")) << "nothing moved between the samples\n" << r.out;
    EXPECT_EQ(d.perf.at("I/O Errors:"), "0");
    EXPECT_EQ(d.perf.at("Network:"), "cluster is idle") << "no GET or PUT yet";
    EXPECT_EQ(d.perf.at("Storage:"), "4 mountpaths (all healthy)") << r.out;
    EXPECT_TRUE(std::regex_match(d.perf.at("Filesystems:"), std::regex("^[^()]+\\(4\\)$"))) << r.out;
    EXPECT_TRUE(std::regex_match(d.perf.at("Load Avg:"),
                                 std::regex("^avg \\d+\\.\\d, min \\d+\\.\\d, max \\d+\\.\\d \\(1m\\)$")))
        << r.out;
    EXPECT_TRUE(std::regex_match(d.perf.at("Disk Usage:"),
                                 std::regex("^avg \\d+\\.\\d%, min \\d+\\.\\d%, max \\d+\\.\\d%$")))
        << r.out;

    const std::vector<std::string> want = {
        "Endpoint:",   "Proxies:", "Targets:",   "Capacity:",       "Cluster Map:", "Software:", "Backend:",
        "Deployment:", "Status:",  "Rebalance:", "Authentication:", "Version:",     "Build:"};
    EXPECT_EQ(d.cluster_labels, want) << r.out;
    EXPECT_EQ(d.cluster.at("Endpoint:"), cl_->endpoint());
    EXPECT_EQ(d.cluster.at("Proxies:"), "1");
    EXPECT_TRUE(d.cluster.at("Targets:") == "2" || d.cluster.at("Targets:").rfind("2 (", 0) == 0)
        << d.cluster.at("Targets:");
    EXPECT_EQ(d.cluster.at("Cluster Map:"), "version " + std::to_string(smap.version) + ", UUID " +
                                                smap.uuid + ", primary p[" + smap.primary.daemon_id + "]");
    EXPECT_EQ(d.cluster.at("Status:"), "3 online");
    EXPECT_EQ(d.cluster.at("Backend:"), "None");
    EXPECT_EQ(d.cluster.at("Deployment:"), "dev");
    EXPECT_EQ(d.cluster.at("Authentication:"), "disabled");
    EXPECT_EQ(d.cluster.at("Software:"),
              d.cluster.at("Version:") + " (build: " + d.cluster.at("Build:") + ")");
    EXPECT_NE(d.cluster.at("Version:"), "-");
    // Every mountpath lives on the one filesystem of the data dir: counted once.
    const Cap cap = parse_cap(d.cluster.at("Capacity:"));
    const Cap fs = fs_now(cl_->dir());
    ASSERT_GT(fs.avail + fs.used, 0);
    expect_near(cap.used, fs.used, fs.used + fs.avail, "used");
    expect_near(cap.avail, fs.avail, fs.used + fs.avail, "available");
    EXPECT_EQ(cap.pct, cap.used * 100 / (cap.used + cap.avail)) << d.cluster.at("Capacity:");

    // -H: the same lines without the section titles; --verbose: the health details.
    r = cli.run({"show", "dashboard", "-H"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out.find("Performance and Health:"), std::string::npos);
    EXPECT_EQ(r.out.find("Cluster:\n"), std::string::npos);
    EXPECT_NE(r.out.find("   Cluster Map:"), std::string::npos);
    r = cli.run({"show", "dashboard", "--verbose"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(r.out.find("All nodes operational\n") != std::string::npos ||
                r.out.find("CLUSTER HEALTH DETAILS:\n") != std::string::npos)
        << r.out;
}

TEST_F(CliDashboard, JsonHasTheSameNumbers) {
    Cli cli(cl_->endpoint());
    auto t = cli.run({"show", "dashboard", "--units", "raw"});
    auto j = cli.run({"show", "dashboard", "--json"});
    ASSERT_EQ(t.rc, 0) << t.err;
    ASSERT_EQ(j.rc, 0) << j.err;
    const auto reps = parse_reports(t.out);
    ASSERT_EQ(reps.size(), 1u) << t.out;
    const Report& d = reps[0];
    bj::value v;
    ASSERT_NO_THROW(v = bj::parse(j.out)) << j.out;
    const auto& ph = v.at("performance_and_health").as_object();
    const auto& cl = v.at("cluster").as_object();
    EXPECT_EQ(ph.at("state").as_string(), d.perf.at("State:"));
    EXPECT_EQ(ph.at("io_errors").to_number<int64_t>(), 0);
    EXPECT_EQ(ph.at("network").as_string(), d.perf.at("Network:"));
    EXPECT_EQ(ph.at("storage").at("mountpaths").to_number<int64_t>(), 4);
    EXPECT_EQ(ph.at("storage").at("healthy").to_number<int64_t>(), 4);
    int64_t fs_n = 0;
    for (const auto& [type, n] : ph.at("filesystems").as_object()) fs_n += n.to_number<int64_t>();
    EXPECT_EQ(fs_n, 4);
    EXPECT_EQ(ph.at("throughput").at("read_bps").to_number<int64_t>(), 0);
    EXPECT_EQ(ph.at("throughput").at("write_bps").to_number<int64_t>(), 0);
    EXPECT_EQ(ph.at("throughput").at("interval_ms").to_number<int64_t>(), 1000);
    EXPECT_TRUE(ph.at("load_avg_1m").is_object());
    EXPECT_TRUE(ph.at("running_jobs").is_array());

    EXPECT_EQ(cl.at("endpoint").as_string(), d.cluster.at("Endpoint:"));
    EXPECT_EQ(cl.at("proxies").at("count").to_number<int64_t>(), 1);
    EXPECT_EQ(cl.at("targets").at("count").to_number<int64_t>(), 2);
    EXPECT_EQ(cl.at("targets").at("active").to_number<int64_t>(), 2);
    const api::Smap smap = cl_->client().get_smap();
    EXPECT_EQ(cl.at("smap").at("version").to_number<int64_t>(), smap.version);
    EXPECT_EQ(cl.at("smap").at("uuid").as_string(), smap.uuid);
    EXPECT_EQ(cl.at("smap").at("primary").as_string(), "p[" + smap.primary.daemon_id + "]");
    EXPECT_EQ(cl.at("status").at("online").to_number<int64_t>(), 3);
    EXPECT_EQ(cl.at("deployment").as_string(), d.cluster.at("Deployment:"));
    EXPECT_EQ(cl.at("backend").as_string(), d.cluster.at("Backend:"));
    EXPECT_EQ(cl.at("rebalance").as_string(), d.cluster.at("Rebalance:"));
    EXPECT_EQ(cl.at("authentication").as_string(), d.cluster.at("Authentication:"));
    ASSERT_EQ(cl.at("versions").as_array().size(), 1u);
    EXPECT_EQ(cl.at("versions").as_array()[0].as_string(), d.cluster.at("Version:"));
    // The capacity of the two runs (a second apart, other writers on the disk): close.
    const Cap cap = parse_cap(d.cluster.at("Capacity:"));
    const auto& jc = cl.at("capacity");
    const int64_t used = jc.at("used").to_number<int64_t>(), avail = jc.at("avail").to_number<int64_t>();
    expect_near(used, cap.used, used + avail, "used");
    expect_near(avail, cap.avail, used + avail, "available");
    EXPECT_EQ(jc.at("pct_used").to_number<int64_t>(), used * 100 / (used + avail));
}

TEST_F(CliDashboard, RefreshAndCountRepeat) {
    Cli cli(cl_->endpoint());
    auto r = cli.run({"show", "dashboard", "--refresh", "1", "--count", "2"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.err, "") << "no note with --refresh";
    EXPECT_EQ(parse_reports(r.out).size(), 2u) << r.out;
    EXPECT_GE(r.secs, 2.0) << "two intervals of 1s";
    // --json: one document per report.
    r = cli.run({"show", "dashboard", "--json", "--count", "2"});
    ASSERT_EQ(r.rc, 0) << r.err;
    size_t docs = 0;
    bj::stream_parser p;
    std::string_view rest = r.out;
    while (!rest.empty()) {
        while (!rest.empty() && (rest.front() == '\n' || rest.front() == ' ')) rest.remove_prefix(1);
        if (rest.empty()) break;
        p.reset();
        boost::system::error_code ec;
        const size_t n = p.write_some(rest.data(), rest.size(), ec);
        ASSERT_FALSE(ec) << ec.message() << "\n" << r.out;
        ASSERT_TRUE(p.done()) << r.out;
        EXPECT_TRUE(p.release().as_object().contains("cluster"));
        rest.remove_prefix(n);
        ++docs;
    }
    EXPECT_EQ(docs, 2u) << r.out;
}

TEST_F(CliDashboard, ThroughputMovesWithTraffic) {
    // Data written before the samples must not count: one 32 MiB object first.
    cl_->client().put_object(kBck, "big", std::string(32 << 20, 'b'));
    Cli cli(cl_->endpoint());
    CliResult r;
    int64_t put = 0, got = 0;
    {
        Traffic load(cl_->endpoint());
        std::this_thread::sleep_for(300ms);
        r = cli.run({"show", "dashboard", "--refresh", "1s", "--count", "2", "--units", "raw"});
        load.stop();
        put = load.put_bytes();
        got = load.get_bytes();
    }
    ASSERT_EQ(r.rc, 0) << r.err;
    const auto reps = parse_reports(r.out);
    ASSERT_EQ(reps.size(), 2u) << r.out;
    for (const Report& d : reps) {
        ASSERT_TRUE(d.perf.count("Throughput:")) << r.out;
        const auto [rd, wr] = parse_rates(d.perf.at("Throughput:"));
        EXPECT_GT(rd, 0) << r.out;
        EXPECT_GT(wr, 0) << r.out;
        // Per second over ~1s: at most what the traffic moved in the whole run (not the 32 MiB
        // written before, nor anything cumulative).
        EXPECT_LE(wr, put + (64 << 10)) << r.out;
        EXPECT_LE(rd, got + (64 << 10)) << r.out;
        EXPECT_EQ(d.perf.at("Network:"), "healthy");
    }
    // The traffic stopped: nothing moves, no Throughput line, zeros in JSON.
    r = cli.run({"show", "dashboard"});
    ASSERT_EQ(r.rc, 0) << r.err;
    const auto idle = parse_reports(r.out);
    ASSERT_EQ(idle.size(), 1u) << r.out;
    EXPECT_FALSE(idle[0].perf.count("Throughput:")) << r.out;
    auto j = cli.run({"show", "dashboard", "--json"});
    ASSERT_EQ(j.rc, 0) << j.err;
    const bj::value v = bj::parse(j.out);
    EXPECT_EQ(v.at("performance_and_health").at("throughput").at("write_bps").to_number<int64_t>(), 0);
}

TEST_F(CliDashboard, ClusterDashboardIsTheSameCommand) {
    Cli cli(cl_->endpoint());
    auto a = cli.run({"show", "dashboard", "--units", "raw"});
    auto b = cli.run({"cluster", "dashboard", "--units", "raw"});
    ASSERT_EQ(a.rc, 0) << a.err;
    ASSERT_EQ(b.rc, 0) << b.err;
    EXPECT_EQ(a.err, b.err);
    const auto ra = parse_reports(a.out), rb = parse_reports(b.out);
    ASSERT_EQ(ra.size(), 1u);
    ASSERT_EQ(rb.size(), 1u);
    EXPECT_EQ(ra[0].perf_labels, rb[0].perf_labels);
    EXPECT_EQ(ra[0].cluster_labels, rb[0].cluster_labels);
    // Measurements (load, disk usage, capacity) may move between the runs; the rest may not.
    for (const char* l : {"State:", "I/O Errors:", "Network:", "Storage:", "Filesystems:"})
        EXPECT_EQ(ra[0].perf.at(l), rb[0].perf.at(l)) << l;
    for (const char* l : {"Endpoint:", "Proxies:", "Targets:", "Cluster Map:", "Software:", "Backend:",
                          "Deployment:", "Status:", "Authentication:", "Version:", "Build:"})
        EXPECT_EQ(ra[0].cluster.at(l), rb[0].cluster.at(l)) << l;
    // With a node: that node's `ais show cluster` row.
    const std::string tid = cl_->client().get_smap().tmap.begin()->first;
    auto one = cli.run({"show", "dashboard", tid});
    ASSERT_EQ(one.rc, 0) << one.err;
    const auto ls = lines(one.out);
    ASSERT_EQ(ls.size(), 2u) << one.out;
    EXPECT_EQ(ls[1].rfind("t[" + tid + "]", 0), 0u) << one.out;
    auto help = cli.run({"cluster", "dashboard", "--help"});
    EXPECT_NE(help.out.find("--refresh"), std::string::npos);
    auto c = cli.complete({"show", ""});
    EXPECT_NE(std::find(c.begin(), c.end(), "dashboard"), c.end());
}

// ---- the `ais show cluster` family, --refresh/--count checks, tables ----

class CliShowCluster : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        cl_ = new LocalCluster(LocalCluster::Options{.targets = 2, .mountpaths = 1});
    }
    static void TearDownTestSuite() {
        delete cl_;
        cl_ = nullptr;
    }
    static LocalCluster* cl_;
};
LocalCluster* CliShowCluster::cl_ = nullptr;

TEST_F(CliShowCluster, StatsIsShowPerformance) {
    Cli cli(cl_->endpoint());
    for (const char* view : {"counters", "throughput", "latency", "capacity", "disk"}) {
        auto c = cli.complete({"show", "cluster", "stats", ""});
        EXPECT_NE(std::find(c.begin(), c.end(), view), c.end()) << view;
    }
    const std::vector<std::string> args = {"counters", "--regex", "^get\\.n$|^put\\.n$"};
    auto want = cli.run([&] {
        std::vector<std::string> v = {"show", "performance"};
        v.insert(v.end(), args.begin(), args.end());
        return v;
    }());
    auto got = cli.run([&] {
        std::vector<std::string> v = {"show", "cluster", "stats"};
        v.insert(v.end(), args.begin(), args.end());
        return v;
    }());
    ASSERT_EQ(want.rc, 0) << want.err;
    ASSERT_EQ(got.rc, 0) << got.err;
    EXPECT_EQ(got.out, want.out);
    EXPECT_EQ(lines(got.out).size(), 3u) << "header and two targets\n" << got.out;
    EXPECT_NE(got.out.find("GET(n)"), std::string::npos) << got.out;
    auto cap = cli.run({"show", "cluster", "stats", "capacity"});
    ASSERT_EQ(cap.rc, 0) << cap.err;
    EXPECT_EQ(lines(cap.out).size(), lines(cli.run({"show", "performance", "capacity"}).out).size());
    auto help = cli.run({"show", "cluster", "stats", "--help"});
    EXPECT_NE(help.out.find("alias for \"show performance\""), std::string::npos) << help.out;
    // The same flags: --refresh/--count of a sampled view.
    auto r = cli.run({"show", "cluster", "stats", "throughput", "--refresh", "1s", "--count", "1"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.out.find("throughput "), std::string::npos) << r.out;
}

TEST_F(CliShowCluster, NodesMapsAndConfig) {
    Cli cli(cl_->endpoint());
    const api::Smap smap = cl_->client().get_smap();
    const std::string tid = smap.tmap.begin()->first, pid = smap.primary.daemon_id;
    auto r = cli.run({"show", "cluster", "target", tid});
    ASSERT_EQ(r.rc, 0) << r.err;
    ASSERT_EQ(lines(r.out).size(), 2u) << r.out;
    EXPECT_EQ(lines(r.out)[1].rfind("t[" + tid + "]", 0), 0u);
    r = cli.run({"show", "cluster", "proxy"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(lines(r.out)[0].rfind("PROXY", 0), 0u) << r.out;
    EXPECT_EQ(r.out.find("TARGET"), std::string::npos);
    // A node's copy of the Smap, twice with --refresh/--count.
    r = cli.run({"show", "cluster", "smap", "t[" + tid + "]", "--refresh", "1", "--count", "2"});
    ASSERT_EQ(r.rc, 0) << r.err;
    const auto ls = lines(r.out);
    EXPECT_EQ(
        std::count_if(ls.begin(), ls.end(), [](const std::string& l) { return l.rfind("NODE ", 0) == 0; }), 2)
        << r.out;
    EXPECT_GE(r.secs, 1.0);
    // `show cluster` itself repeats too.
    r = cli.run({"show", "cluster", "--refresh", "1", "--count", "2"});
    ASSERT_EQ(r.rc, 0) << r.err;
    size_t summaries = 0;
    for (const auto& l : lines(r.out)) summaries += l == "Summary:";
    EXPECT_EQ(summaries, 2u) << r.out;
    // `show cluster config NODE_ID`: that node's config (its local sections too).
    r = cli.run({"show", "cluster", "config", pid, "local"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.out.find("\nrole "), std::string::npos) << r.out;
    r = cli.run({"show", "cluster", "config", "checksum"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.out.find("checksum.type"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("\nrole "), std::string::npos) << r.out;
}

TEST_F(CliShowCluster, BadRefreshOrCountIsAnError) {
    Cli cli(cl_->endpoint());
    const std::string tid = cl_->client().get_smap().tmap.begin()->first;
    const std::vector<std::vector<std::string>> cmds = {
        {"show", "dashboard"},
        {"cluster", "dashboard"},
        {"show", "cluster"},
        {"show", "cluster", "smap"},
        {"show", "cluster", "bmd"},
        {"show", "cluster", "stats", "counters"},
        {"show", "performance", "counters"},
        {"show", "performance", "throughput"},
        {"show", "storage", "disk"},
        {"show", "storage", "capacity"},
        {"log", "show", tid},
    };
    const std::vector<std::pair<std::vector<std::string>, std::string>> bad = {
        {{"--refresh", "0"}, "--refresh"},   {{"--refresh", "-1s"}, "--refresh"},
        {{"--refresh", "soon"}, "\"soon\""}, {{"--refresh", "99999999999999999"}, "--refresh"},
        {{"--count", "-1"}, "--count"},      {{"--count", "0"}, "--count"},
        {{"--count", "many"}, "--count"},
    };
    for (const auto& c : cmds)
        for (const auto& [flags, msg] : bad) {
            std::vector<std::string> argv = c;
            argv.insert(argv.end(), flags.begin(), flags.end());
            std::string line;
            for (const auto& a : argv) line += a + " ";
            expect_one_line_error(cli.run(argv), msg, line);
        }
}

// Tables pad cells by display width (UTF-8 code points, as Go counts runes): the columns after a
// "µ" or "é" line up with the others.
TEST_F(CliShowCluster, TablesAlignByDisplayWidth) {
    const api::Bck b{.name = "utf8", .provider = "ais"};
    cl_->client().create_bucket(b);
    cl_->client().put_object(b, "µs-é-日本", "12345");
    cl_->client().put_object(b, "plain-name", "1234567890");
    Cli cli(cl_->endpoint());
    auto r = cli.run({"ls", "ais://utf8", "--props", "name,size,version"});
    ASSERT_EQ(r.rc, 0) << r.err;
    const auto ls = lines(r.out);
    ASSERT_GE(ls.size(), 3u) << r.out;
    // The code-point column where each line's second cell starts.
    auto second_col = [](const std::string& l) {
        size_t cp = 0, i = 0;
        auto next = [&] {  // one code point
            ++i;
            while (i < l.size() && (static_cast<unsigned char>(l[i]) & 0xc0) == 0x80) ++i;
            ++cp;
        };
        while (i < l.size() && l[i] != ' ') next();
        while (i < l.size() && l[i] == ' ') next();
        return cp;
    };
    const size_t want = second_col(ls[0]);
    for (size_t k = 1; k < 3; ++k) EXPECT_EQ(second_col(ls[k]), want) << r.out;
    // The widest name sets the width: "plain-name" (10), not "µs-é-日本" (7 code points, 13 bytes).
    EXPECT_EQ(want, std::string("plain-name").size() + 2) << r.out;
}

}  // namespace
