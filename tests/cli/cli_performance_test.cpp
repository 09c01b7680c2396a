// `ais performance [counters|throughput|latency|capacity|disk] [TARGET_ID]` (= `ais show
// performance ...`) against a real two-target cluster: the GET/PUT/error counts each target shows
// after known traffic (which target got what follows from HRW), the throughput and latency tables
// sampled while traffic runs (their captions, headers, values and the cluster row), the idle
// cluster, one-line errors, and completion.
#include "tests/cli/cli_runner.hpp"
#include "tests/integration/local_cluster.hpp"

#include "shared/api/bck.hpp"
#include "shared/api/client.hpp"
#include "shared/api/smap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

using namespace ais;
using namespace ais::test;
using namespace std::chrono_literals;

namespace {

const api::Bck kBck{.name = "perf", .provider = "ais"};

// A table split at its header's column starts (columns are left-aligned, two spaces apart; a
// header such as "GET(total/avg size)" has single spaces inside).
struct Tab {
    std::vector<std::string> hdr;
    std::vector<std::vector<std::string>> rows;

    int col(const std::string& name) const {
        const auto it = std::find(hdr.begin(), hdr.end(), name);
        return it == hdr.end() ? -1 : static_cast<int>(it - hdr.begin());
    }
    // The cell of `name` in the row whose first cell is `first` ("" if none).
    std::string cell(const std::string& first, const std::string& name) const {
        const int c = col(name);
        for (const auto& r : rows)
            if (!r.empty() && r[0] == first && c >= 0 && c < static_cast<int>(r.size())) return r[c];
        return {};
    }
};

std::string trim(std::string s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    size_t b = 0;
    while (b < s.size() && s[b] == ' ') ++b;
    return s.substr(b);
}

// Columns are aligned by display width (one per UTF-8 code point: "µs"), so rows are cut at
// code-point offsets, not byte offsets.
std::string cp_substr(const std::string& s, size_t b, size_t e) {
    std::vector<size_t> at;  // byte offset of each code point
    for (size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80) at.push_back(i);
    if (b >= at.size()) return {};
    const size_t from = at[b], to = e < at.size() ? at[e] : s.size();
    return s.substr(from, to - from);
}

Tab parse_tab(const std::vector<std::string>& ls) {
    Tab t;
    if (ls.empty()) return t;
    const std::string& h = ls[0];
    std::vector<size_t> starts = {0};
    for (size_t i = 2; i < h.size(); ++i)
        if (h[i] != ' ' && h[i - 1] == ' ' && h[i - 2] == ' ') starts.push_back(i);
    for (size_t c = 0; c < starts.size(); ++c) {
        const size_t e = c + 1 < starts.size() ? starts[c + 1] : std::string::npos;
        t.hdr.push_back(trim(cp_substr(h, starts[c], e)));
    }
    for (size_t i = 1; i < ls.size(); ++i) {
        std::vector<std::string> r;
        for (size_t c = 0; c < starts.size(); ++c) {
            const size_t e = c + 1 < starts.size() ? starts[c + 1] : std::string::npos;
            r.push_back(trim(cp_substr(ls[i], starts[c], e)));
        }
        t.rows.push_back(std::move(r));
    }
    return t;
}

// The tables of a refreshed view: each starts with its caption "<tag> ----- HH:MM:SS.micro".
std::vector<Tab> captioned(const std::string& out, const std::string& tag) {
    const std::regex cap("^" + tag + " -+ \\d\\d:\\d\\d:\\d\\d\\.\\d{6}$");
    std::vector<Tab> tabs;
    const auto ls = lines(out);
    for (size_t i = 0; i < ls.size(); ++i) {
        if (!std::regex_match(ls[i], cap)) continue;
        std::vector<std::string> body;
        for (size_t j = i + 1; j < ls.size() && !ls[j].empty() && ls[j].find(" ---") == std::string::npos;
             ++j)
            body.push_back(ls[j]);
        tabs.push_back(parse_tab(body));
    }
    return tabs;
}

int64_t num(const std::string& cell) {
    if (cell == "-" || cell.empty()) return 0;
    return std::stoll(cell);
}

// "12345B/s" (--units raw) -> 12345; "0" -> 0
int64_t raw_rate(const std::string& cell) {
    static const std::regex re("^(\\d+)B/s$");
    std::smatch m;
    if (cell == "0") return 0;
    EXPECT_TRUE(std::regex_match(cell, m, re)) << cell;
    return m.empty() ? -1 : std::stoll(m[1]);
}

bool ends_with_ns(const std::string& s) {
    return s.size() > 2 && s.compare(s.size() - 2, 2, "ns") == 0;
}

void expect_one_line_error(const CliResult& r, const std::string& contains) {
    EXPECT_EQ(r.rc, 1) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    const auto ls = lines(r.err);
    ASSERT_EQ(ls.size(), 1u) << r.err;
    EXPECT_EQ(ls[0].rfind("Error: ", 0), 0u) << ls[0];
    EXPECT_NE(ls[0].find(contains), std::string::npos) << ls[0];
}

// GETs and PUTs of 1 KiB objects from a thread of its own until stopped.
class Traffic {
  public:
    explicit Traffic(const std::string& endpoint) : thr_([this, endpoint] { run(endpoint); }) {}
    ~Traffic() {
        stop_ = true;
        thr_.join();
    }

  private:
    void run(const std::string& endpoint) {
        api::Client c(endpoint);
        const std::string data(1024, 'x');
        for (int i = 0; !stop_; ++i) {
            const std::string name = "load-" + std::to_string(i % 50);
            c.put_object(kBck, name, data);
            c.get_object(kBck, name);
        }
    }
    std::atomic<bool> stop_{false};
    std::thread thr_;
};

class CliPerformance : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        cl_ = new LocalCluster(LocalCluster::Options{.targets = 2, .mountpaths = 1});
        cl_->client().create_bucket(kBck);
    }
    static void TearDownTestSuite() {
        delete cl_;
        cl_ = nullptr;
    }
    static std::map<std::string, std::string> target_names() {  // id -> "t[id]"
        std::map<std::string, std::string> out;
        for (const auto& [id, n] : cl_->client().get_smap().tmap) out[id] = n.name();
        return out;
    }
    static LocalCluster* cl_;
};
LocalCluster* CliPerformance::cl_ = nullptr;

// First, before any object traffic (tests run in this order within one cluster; CTest gives each
// its own).
TEST_F(CliPerformance, IdleClusterSaysSo) {
    Cli cli(cl_->endpoint());
    auto r = cli.run({"performance", "counters"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "TARGET\n") << "no counter has moved: no columns";
    EXPECT_EQ(r.err, "Note: the cluster is completely idle: all collected counters have zero values\n");
    // --regex asks for columns even when they are zero; no note then.
    r = cli.run({"performance", "counters", "--regex", "^get\\.n$"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const Tab t = parse_tab(lines(r.out));
    EXPECT_EQ(t.hdr, (std::vector<std::string>{"TARGET", "GET(n)"}));
    EXPECT_EQ(t.rows.size(), 2u);
}

TEST_F(CliPerformance, CountersShowEachTargetsRequests) {
    // 20 PUTs of 1000 bytes, 10 GETs, 3 GETs of missing objects; each lands on its HRW target.
    const api::Smap smap = cl_->client().get_smap();
    std::map<std::string, int> puts, gets, errs;
    const std::string data(1000, 'd');
    for (int i = 0; i < 20; ++i) {
        const std::string o = "o" + std::to_string(i);
        cl_->client().put_object(kBck, o, data);
        ++puts[smap.hrw_target(kBck.obj_uname(o))->daemon_id];
    }
    for (int i = 0; i < 10; ++i) {
        const std::string o = "o" + std::to_string(i);
        cl_->client().get_object(kBck, o);
        ++gets[smap.hrw_target(kBck.obj_uname(o))->daemon_id];
    }
    for (int i = 0; i < 3; ++i) {
        const std::string o = "missing" + std::to_string(i);
        EXPECT_THROW(cl_->client().get_object(kBck, o), std::exception);
        ++errs[smap.hrw_target(kBck.obj_uname(o))->daemon_id];
    }

    Cli cli(cl_->endpoint());
    auto r = cli.run({"performance", "counters", "--units", "raw"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const Tab t = parse_tab(lines(r.out));
    EXPECT_EQ(t.hdr, (std::vector<std::string>{"TARGET", "GET(n)", "GET(size)", "PUT(n)", "PUT(size)",
                                               "ERR-GET(n)"}))
        << r.out;
    ASSERT_EQ(t.rows.size(), 2u) << r.out;
    int sum_get = 0, sum_put = 0, sum_err = 0;
    for (const auto& [id, name] : target_names()) {
        const auto dash_or = [](int n) { return n ? std::to_string(n) : std::string("-"); };
        EXPECT_EQ(t.cell(name, "GET(n)"), dash_or(gets[id])) << r.out;
        EXPECT_EQ(t.cell(name, "PUT(n)"), dash_or(puts[id])) << r.out;
        EXPECT_EQ(t.cell(name, "PUT(size)"), puts[id] ? std::to_string(puts[id] * 1000) + "B" : "-") << r.out;
        // A row with errors ends with AIS's "<<<".
        EXPECT_EQ(t.cell(name, "ERR-GET(n)"), errs[id] ? std::to_string(errs[id]) + " <<<" : "-") << r.out;
        sum_get += num(t.cell(name, "GET(n)"));
        sum_put += num(t.cell(name, "PUT(n)"));
        sum_err += num(t.cell(name, "ERR-GET(n)"));
    }
    EXPECT_EQ(sum_get, 10);
    EXPECT_EQ(sum_put, 20);
    EXPECT_EQ(sum_err, 3);

    // --average-size: the size and, two spaces on, the size per request.
    r = cli.run({"performance", "counters", "--units", "raw", "--average-size", "-H"});
    ASSERT_EQ(r.rc, 0) << r.err;
    const auto ls = lines(r.out);
    ASSERT_EQ(ls.size(), 2u) << "no header";
    for (const auto& l : ls) EXPECT_NE(l.find("000B  1000B"), std::string::npos) << l;
    // --regex keeps the matching columns (metric or column names), zeros included; one target.
    const std::string t0 = target_names().begin()->first;
    r = cli.run({"performance", "counters", t0, "--regex", "^put\\.|err\\.get"});
    ASSERT_EQ(r.rc, 0) << r.err;
    const Tab one = parse_tab(lines(r.out));
    EXPECT_EQ(one.hdr, (std::vector<std::string>{"TARGET", "PUT(n)", "PUT(size)", "ERR-GET(n)"})) << r.out;
    ASSERT_EQ(one.rows.size(), 1u);
    EXPECT_EQ(one.rows[0][0], "t[" + t0 + "]");
}

// `ais show performance ...` is the same command.
TEST_F(CliPerformance, ShowPerformanceIsTheSameCommand) {
    Cli cli(cl_->endpoint());
    auto s = cli.run({"show", "performance", "counters", "--regex", "^get\\.n$"});
    ASSERT_EQ(s.rc, 0) << s.err;
    EXPECT_EQ(s.out, cli.run({"performance", "counters", "--regex", "^get\\.n$"}).out);
    auto c = cli.complete({"show", "performance", ""});
    for (const char* w : {"counters", "throughput", "latency", "capacity", "disk"})
        EXPECT_NE(std::find(c.begin(), c.end(), w), c.end()) << w;
}

TEST_F(CliPerformance, ThroughputWhileTrafficRuns) {
    Cli cli(cl_->endpoint());
    CliResult r;
    {
        Traffic load(cl_->endpoint());
        std::this_thread::sleep_for(300ms);
        r = cli.run({"performance", "throughput", "--refresh", "1s", "--count", "2", "--units", "raw"});
    }
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.err, "") << "no warning with --refresh";
    const auto tabs = captioned(r.out, "throughput");
    ASSERT_EQ(tabs.size(), 2u) << r.out;
    for (const Tab& t : tabs) {
        for (const char* h :
             {"GET(bw)", "PUT(bw)", "GET(n)", "GET(total/avg size)", "PUT(n)", "PUT(total/avg size)"})
            EXPECT_GE(t.col(h), 0) << h << "\n" << r.out;
        ASSERT_EQ(t.rows.size(), 3u) << "two targets and the cluster\n" << r.out;
        EXPECT_EQ(t.rows[2][0], "--- Cluster:");
        int64_t sum = 0;
        for (const auto& [id, name] : target_names()) sum += raw_rate(t.cell(name, "GET(bw)"));
        EXPECT_GT(sum, 0) << r.out;
        EXPECT_EQ(raw_rate(t.cell("--- Cluster:", "GET(bw)")), sum) << r.out;
        EXPECT_EQ(t.cell("--- Cluster:", "GET(n)"), "") << "only throughput is summed";
    }

    // Nothing moves: the cluster row says so. Without --refresh: AIS's warning, 5s default.
    r = cli.run({"performance", "throughput", "--refresh", "1s", "--count", "1"});
    ASSERT_EQ(r.rc, 0) << r.err;
    auto tabs2 = captioned(r.out, "throughput");
    ASSERT_EQ(tabs2.size(), 1u) << r.out;
    EXPECT_EQ(tabs2[0].col("GET(bw)"), -1) << "zero columns are dropped\n" << r.out;
    EXPECT_EQ(tabs2[0].rows.back()[0], "--- Cluster:") << r.out;
    EXPECT_EQ(tabs2[0].rows.back()[1], "idle") << r.out;
    r = cli.run({"performance", "throughput", "--count", "1"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.err, "Warning: for better results, use '--refresh' option and/or run several iterations\n");
    EXPECT_GE(r.secs, 4.5) << "sampled 5s apart";
}

TEST_F(CliPerformance, LatencyWhileTrafficRuns) {
    Cli cli(cl_->endpoint());
    CliResult r, all;
    {
        Traffic load(cl_->endpoint());
        std::this_thread::sleep_for(300ms);
        r = cli.run({"performance", "latency", "--refresh", "1s", "--count", "1"});
        all = cli.run({"performance", "--refresh", "1s", "--count", "1", "--units", "raw"});
    }
    ASSERT_EQ(r.rc, 0) << r.err;
    const auto tabs = captioned(r.out, "latency");
    ASSERT_EQ(tabs.size(), 1u) << r.out;
    const Tab& t = tabs[0];
    for (const char* h : {"GET(t)", "GET-REDIR(t)", "GET(n)", "GET(total/avg size)", "PUT(t)", "PUT(n)"})
        EXPECT_GE(t.col(h), 0) << h << "\n" << r.out;
    ASSERT_EQ(t.rows.size(), 2u) << "two targets, no sum of latencies\n" << r.out;
    // Go durations ("1.234ms", "850.5µs"), whatever their columns.
    const std::regex dur("^([0-9.]+(ns|µs|ms|s|m|h))+$");
    int durations = 0;
    for (const auto& l : lines(r.out)) {
        std::istringstream in(l);
        for (std::string w; in >> w;) durations += std::regex_match(w, dur);
    }
    EXPECT_GE(durations, 2 * 4) << "GET(t) twice and GET-REDIR(t) per target, at least\n" << r.out;
    // Cut at the header's columns, every cell is whole: "µs" takes one column, as on a terminal.
    for (const auto& row : t.rows) {
        for (const char* h : {"GET(t)", "GET-REDIR(t)", "PUT(t)", "PUT-REDIR(t)"}) {
            const int c = t.col(h);
            if (c < 0 || row[c] == "-" || row[c] == "0") continue;
            EXPECT_TRUE(std::regex_match(row[c], dur)) << h << ": \"" << row[c] << "\"\n" << r.out;
        }
    }

    // All views at once: counters, then throughput and latency over one interval.
    ASSERT_EQ(all.rc, 0) << all.err;
    const auto pos = [&](const std::string& tag) {
        const std::regex cap("(^|\n)" + tag + " -+ \\d\\d:");
        std::smatch m;
        return std::regex_search(all.out, m, cap) ? m.position(0) : -1;
    };
    EXPECT_GE(pos("counters"), 0) << all.out;
    EXPECT_GT(pos("throughput"), pos("counters")) << all.out;
    EXPECT_GT(pos("latency"), pos("throughput")) << all.out;
    const auto lat = captioned(all.out, "latency");
    ASSERT_EQ(lat.size(), 1u) << all.out;
    int64_t worked = 0;  // --units raw: "12345ns"
    for (const auto& row : lat[0].rows)
        if (const int c = lat[0].col("GET(t)"); c >= 0 && ends_with_ns(row[c])) worked += std::stoll(row[c]);
    EXPECT_GT(worked, 0) << all.out;
}

TEST_F(CliPerformance, ErrorsAreOneLine) {
    Cli cli(cl_->endpoint());
    expect_one_line_error(cli.run({"performance", "throughput", "--refresh", "0"}), "'--refresh'");
    expect_one_line_error(cli.run({"performance", "latency", "--refresh", "2m"}), "expecting [1s - 1m]");
    expect_one_line_error(cli.run({"performance", "counters", "nosuchnode"}),
                          "node \"nosuchnode\" does not exist");
    const std::string pid = cl_->client().get_smap().primary.daemon_id;
    expect_one_line_error(cli.run({"performance", "latency", pid}), "is a proxy");
    expect_one_line_error(cli.run({"performance", "counters", "--regex", "("}), "invalid --regex");
    expect_one_line_error(cli.run({"performance", "counters", "a", "b"}), "too many arguments");
}

TEST_F(CliPerformance, CapacityAndDiskAreTheStorageViews) {
    Cli cli(cl_->endpoint());
    auto cap = cli.run({"performance", "capacity"});
    ASSERT_EQ(cap.rc, 0) << cap.err;
    auto want = cli.run({"show", "storage", "capacity"});
    ASSERT_FALSE(lines(cap.out).empty());
    EXPECT_EQ(lines(cap.out)[0], lines(want.out)[0]);
    EXPECT_EQ(lines(cap.out).size(), lines(want.out).size());
    auto disk = cli.run({"performance", "disk", "--summary"});
    auto wd = cli.run({"show", "storage", "disk", "--summary"});
    EXPECT_EQ(disk.rc, wd.rc) << disk.err;
    EXPECT_EQ(lines(disk.out).size(), lines(wd.out).size()) << disk.out << wd.out;
}

TEST_F(CliPerformance, CompletesViewsAndTargets) {
    Cli cli(cl_->endpoint());
    auto c = cli.complete({"performance", ""});
    for (const char* w : {"counters", "throughput", "latency", "capacity", "disk"})
        EXPECT_NE(std::find(c.begin(), c.end(), w), c.end()) << w;
    c = cli.complete({"performance", "latency", ""});
    std::vector<std::string> ids;
    for (const auto& [id, name] : target_names()) ids.push_back(id);
    std::sort(c.begin(), c.end());
    EXPECT_EQ(c, ids) << "targets only";
    c = cli.complete({"performance", "counters", "--"});
    for (const char* w :
         {"--average-size", "--refresh", "--count", "--regex", "--units", "--no-headers", "--verbose"})
        EXPECT_NE(std::find(c.begin(), c.end(), w), c.end()) << w;
}

}  // namespace
