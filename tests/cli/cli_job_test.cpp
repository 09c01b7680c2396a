// `ais` jobs: show/start/stop/wait, bucket summary, cp, rmo by list/template, promote, and job
// completion. Two halves:
//  - FakeProxy tests: a scripted HTTP server answers the job API with canned JSON, so the tables
//    and messages are checked cell by cell, and so is what the CLI puts on the wire;
//  - LocalCluster tests: the same commands against real aisnode processes (skipped while the
//    cluster has no job API).
#include "tests/cli/cli_runner.hpp"
#include "tests/integration/local_cluster.hpp"

#include "shared/api/client.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <filesystem>
#include <functional>
#include <mutex>
#include <regex>
#include <thread>

using namespace ais;
using namespace ais::test;
namespace fs = std::filesystem;

namespace {

// ---- helpers ----

std::vector<std::string> cells(const std::string& row) {
    std::vector<std::string> out;
    std::regex sep(" {2,}");
    for (std::sregex_token_iterator it(row.begin(), row.end(), sep, -1), end; it != end; ++it)
        out.push_back(*it);
    while (!out.empty() && out.back().empty()) out.pop_back();
    return out;
}

using Cells = std::vector<std::string>;

bool contains(const std::vector<std::string>& v, const std::string& w) {
    return std::find(v.begin(), v.end(), w) != v.end();
}

void expect_one_error_line(const CliResult& r, const std::string& contains) {
    EXPECT_EQ(r.rc, 1) << r.out << r.err;
    auto ls = lines(r.err);
    ASSERT_EQ(ls.size(), 1u) << r.err;
    EXPECT_EQ(ls[0].rfind("Error: ", 0), 0u) << ls[0];
    EXPECT_NE(ls[0].find(contains), std::string::npos) << ls[0];
}

// hh:mm:ss of a unix time in the local zone: how `ais show job` prints START and END.
std::string local_hms(std::time_t t) {
    std::tm tm{};
    ::localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
    return buf;
}

// ---- FakeProxy: one request per connection, answered by a handler; every request recorded ----

struct Req {
    std::string method, target, body;  // target: path and query
    std::string path() const { return target.substr(0, target.find('?')); }
    std::string query() const {
        auto q = target.find('?');
        return q == std::string::npos ? "" : target.substr(q + 1);
    }
};

struct Resp {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
};

class FakeProxy {
  public:
    using Handler = std::function<Resp(const Req&)>;
    explicit FakeProxy(Handler h) : handler_(std::move(h)) {
        fd_ = ais::test::listen_loopback(64, port_);
        thr_ = std::thread([this] { loop(); });
    }
    ~FakeProxy() {
        stop_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        thr_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<Req> requests() {
        std::lock_guard lk(mu_);
        return reqs_;
    }
    void clear() {
        std::lock_guard lk(mu_);
        reqs_.clear();
    }
    // The recorded requests whose target starts with `prefix` (and method, if given).
    std::vector<Req> find(const std::string& method, const std::string& prefix) {
        std::vector<Req> out;
        for (auto& r : requests())
            if ((method.empty() || r.method == method) && r.target.rfind(prefix, 0) == 0) out.push_back(r);
        return out;
    }

  private:
    void loop() {
        while (!stop_) {
            int c = ::accept(fd_, nullptr, nullptr);
            if (c < 0) return;
            serve(c);
            ::close(c);
        }
    }
    void serve(int c) {
        std::string in;
        char buf[8192];
        size_t hend;
        while ((hend = in.find("\r\n\r\n")) == std::string::npos) {
            ssize_t n = ::read(c, buf, sizeof buf);
            if (n <= 0) return;
            in.append(buf, static_cast<size_t>(n));
        }
        Req r;
        const std::string head = in.substr(0, hend);
        const auto sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
        r.method = head.substr(0, sp1);
        r.target = head.substr(sp1 + 1, sp2 - sp1 - 1);
        size_t clen = 0;
        std::string lower = head;
        std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
        if (auto p = lower.find("\r\ncontent-length:"); p != std::string::npos)
            clen = std::stoul(head.substr(p + 17, head.find("\r\n", p + 2) - p - 17));
        if (lower.find("expect: 100-continue") != std::string::npos) {
            const std::string cont = "HTTP/1.1 100 Continue\r\n\r\n";
            (void)!::write(c, cont.data(), cont.size());
        }
        r.body = in.substr(hend + 4);
        while (r.body.size() < clen) {
            ssize_t n = ::read(c, buf, sizeof buf);
            if (n <= 0) break;
            r.body.append(buf, static_cast<size_t>(n));
        }
        {
            std::lock_guard lk(mu_);
            reqs_.push_back(r);
        }
        Resp resp = handler_(r);
        std::string out =
            "HTTP/1.1 " + std::to_string(resp.status) + " X\r\nContent-Type: " + resp.content_type +
            "\r\nContent-Length: " + std::to_string(r.method == "HEAD" ? 0 : resp.body.size()) + "\r\n";
        for (const auto& [k, v] : resp.headers) out += k + ": " + v + "\r\n";
        out += "Connection: close\r\n\r\n";
        if (r.method != "HEAD") out += resp.body;
        (void)!::write(c, out.data(), out.size());
    }

    Handler handler_;
    int fd_ = -1, port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thr_;
    std::mutex mu_;
    std::vector<Req> reqs_;
};

Resp json(std::string body, int status = 200) {
    return Resp{.status = status, .body = std::move(body)};
}
Resp text(std::string body, int status = 200) {
    return Resp{.status = status, .body = std::move(body), .content_type = "text/plain"};
}
Resp err(int status, const std::string& msg) {
    return json(R"({"message":")" + msg + R"(","status":)" + std::to_string(status) + "}", status);
}

// Canned jobs. Times: kStart (running, started), kEnd (finished).
constexpr std::time_t kStart = 1767322800;  // 2026-01-02T03:00:00Z
constexpr std::time_t kEnd = kStart + 65;

std::string bck_json(const std::string& name) {
    if (name.empty()) return R"({"name":"","provider":"","namespace":{"uuid":"","name":""}})";
    return R"({"name":")" + name + R"(","provider":"ais","namespace":{"uuid":"","name":""}})";
}

std::string snap_json(const std::string& id, const std::string& kind, const std::string& bck,
                      const std::string& src, const std::string& dst, int64_t objs, int64_t bytes, bool ended,
                      bool aborted, const std::string& abort_err = "") {
    auto ts = [](std::time_t t) {
        char b[32];
        std::tm tm{};
        ::gmtime_r(&t, &tm);
        std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
        return std::string(b);
    };
    return R"({"id":")" + id + R"(","kind":")" + kind + R"(","bck":)" + bck_json(bck) + R"(,"src-bck":)" +
           bck_json(src) + R"(,"dst-bck":)" + bck_json(dst) + R"(,"start-time":")" + ts(kStart) +
           R"(","end-time":")" + (ended ? ts(kEnd) : std::string("0001-01-01T00:00:00Z")) +
           R"(","abort-err":")" + abort_err + R"(","err":"","glob.id":"0","stats":{"loc-objs":")" +
           std::to_string(objs) + R"(","loc-bytes":")" + std::to_string(bytes) +
           R"(","out-objs":"0","out-bytes":"0","in-objs":"0","in-bytes":"0"},"aborted":)" +
           (aborted ? "true" : "false") + R"(,"is_idle":false,"ext":null})";
}

// Two targets run copy-bck tcb-1 (ais://src => ais://dst); t1 also ran summary-bck smm-2 on
// ais://b (finished) and delete-listrange del-3 on ais://b (aborted by the user).
std::string all_snaps(bool running_only) {
    std::string t1 = snap_json("tcb-1", "copy-bck", "", "src", "dst", 6, 6144, false, false);
    std::string t2 = snap_json("tcb-1", "copy-bck", "", "src", "dst", 4, 4096, false, false);
    if (!running_only) {
        t1 += "," + snap_json("smm-2", "summary-bck", "b", "", "", 0, 0, true, false);
        t1 += "," + snap_json("del-3", "delete-listrange", "b", "", "", 3, 0, true, true, "user abort");
    }
    return R"({"T1aaa":[)" + t1 + R"(],"T2bbb":[)" + t2 + "]}";
}

bool has(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

std::string summ_json() {
    return R"({"name":"b","provider":"ais","namespace":{"uuid":"","name":""},)"
           R"("ObjCount":{"obj_count_present":"10","obj_count_remote":"0"},)"
           R"("ObjSize":{"obj_min_size":1024,"obj_avg_size":2048,"obj_max_size":4096},)"
           R"("TotalSize":{"size_on_disk":"30720","size_all_present_objs":"20480",)"
           R"("size_all_remote_objs":"0","total_disks_size":"1000000"},"used_pct":3,"is_present":true})";
}

// The fake cluster's job API. `jobs_running` toggles whether tcb-1 is still running.
struct FakeJobs {
    std::atomic<bool> running{true};
    std::atomic<int> status_polls{0};
    std::atomic<int> summary_polls{0};

    Resp handle(const Req& r) {
        const std::string q = r.query();
        if (r.path() == "/v1/cluster" && r.method == "GET") {
            if (has(q, "what=qryxstats")) {
                const bool only_running = has(r.body, "\"show_active\":true");
                if (has(r.body, "\"id\":\"nosuchjob\"")) return err(404, "xaction nosuchjob not found");
                if (has(r.body, "\"id\":\"smm-2\""))
                    return json(R"({"T1aaa":[)" +
                                snap_json("smm-2", "summary-bck", "b", "", "", 0, 0, true, false) + "]}");
                if (has(r.body, "\"id\":\"tcb-1\"")) {
                    std::string t1 =
                        snap_json("tcb-1", "copy-bck", "", "src", "dst", 6, 6144, !running, false);
                    return json(R"({"T1aaa":[)" + t1 + "]}");
                }
                if (only_running && !running) return err(404, "no running xactions");
                if (has(r.body, "\"kind\":\"summary-bck\"") && only_running) return err(404, "not found");
                return json(all_snaps(only_running));
            }
            if (has(q, "what=status")) {
                if (++status_polls < 3)
                    return json(R"({"uuid":"tcb-1","kind":"copy-bck","err":"","end_time":0})");
                return json(R"({"uuid":"tcb-1","kind":"copy-bck","err":"","end_time":1767322865000000000})");
            }
            if (has(q, "what=running_all")) return json(running ? R"(["copy-bck[tcb-1]"])" : "[]");
            if (has(q, "what=smap")) return err(404, "no smap here");
        }
        if (r.path() == "/v1/daemon") return err(404, "no smap here");
        if (r.path() == "/v1/cluster" && r.method == "PUT") {
            if (has(r.body, "\"action\":\"start\"")) return text("smm-9");
            if (has(r.body, "\"action\":\"stop\"")) return text("");
        }
        if (r.method == "GET" && r.path() == "/v1/buckets") return json(R"([)" + bck_json("b") + "]");
        if (r.method == "HEAD" && r.path() == "/v1/buckets/b" && has(q, "bsumm_remote=false")) {
            Resp info = json("", has(q, "uuid=inf-1") ? 200 : 202);
            info.headers.push_back({"Ais-Bucket-Props", "{}"});
            if (info.status == 202) {
                info.headers.push_back({"Ais-Xaction-Id", "inf-1"});
            } else {
                info.headers.push_back({"Ais-Bucket-Summ", summ_json()});
            }
            return info;
        }
        if (r.method == "HEAD" && r.path().rfind("/v1/buckets/", 0) == 0) {
            if (r.path() == "/v1/buckets/nobck" || r.path() == "/v1/buckets/newdst") {
                Resp e = err(404, "bucket does not exist");
                e.headers.push_back({"Hdr-Error", R"({"message":"bucket \"ais://)" + r.path().substr(12) +
                                                      R"(\" does not exist","status":404})"});
                return e;
            }
            Resp ok = json("");
            ok.headers.push_back({"Ais-Bucket-Props", "{}"});
            return ok;
        }
        if (r.method == "GET" && r.path() == "/v1/buckets/b" && has(r.body, "summary-bck")) {
            if (!has(r.body, "\"uuid\":\"smm-2\"")) return text("smm-2", 202);
            if (++summary_polls < 2) return text("", 202);
            return json("[" + summ_json() + "]");
        }
        if (r.method == "GET" && r.path().rfind("/v1/buckets/", 0) == 0 &&
            has(r.body, "\"action\":\"list\"")) {
            if (r.path() == "/v1/buckets/empty")
                return json(R"({"uuid":"u","continuation_token":"","entries":[],"flags":0})");
            return json(
                R"({"uuid":"u","continuation_token":"","entries":[{"name":"a","size":"1"}],"flags":0})");
        }
        if (r.method == "POST" && r.path() == "/v1/buckets/src")
            return text(has(r.body, "copy-listrange") ? "tco-7" : "tcb-7");
        if (r.method == "DELETE" && r.path() == "/v1/buckets/b") return text("del-8");
        if (r.method == "POST" && r.path() == "/v1/objects/b") return text("prm-5");
        return err(400, "unexpected request " + r.method + " " + r.target);
    }
};

class CliJobFake : public ::testing::Test {
  protected:
    void SetUp() override {
        proxy_ = std::make_unique<FakeProxy>([this](const Req& r) { return jobs_.handle(r); });
        cli_ = std::make_unique<Cli>(proxy_->url());
    }
    CliResult run(const std::vector<std::string>& args, const std::string& in = {}) {
        return cli_->run(args, in);
    }

    FakeJobs jobs_;
    std::unique_ptr<FakeProxy> proxy_;
    std::unique_ptr<Cli> cli_;
};

}  // namespace

TEST_F(CliJobFake, ShowRunningJobs) {
    auto r = run({"show", "job"});
    ASSERT_EQ(r.rc, 0) << r.err;
    auto ls = lines(r.out);
    ASSERT_EQ(ls.size(), 5u) << r.out;
    EXPECT_EQ(ls[0], "copy-bucket[tcb-1]");
    EXPECT_EQ(cells(ls[1]), (Cells{"NODE", "ID", "KIND", "SRC BUCKET", "DST BUCKET", "OBJECTS", "BYTES",
                                   "START", "END", "STATE"}));
    const std::string start = local_hms(kStart);
    EXPECT_EQ(cells(ls[2]), (Cells{"T1aaa", "tcb-1", "copy-bck", "ais://src", "ais://dst", "6", "6.00KiB",
                                   start, "-", "Running"}));
    EXPECT_EQ(cells(ls[3]), (Cells{"T2bbb", "tcb-1", "copy-bck", "ais://src", "ais://dst", "4", "4.00KiB",
                                   start, "-", "Running"}));
    EXPECT_EQ(cells(ls[4]), (Cells{"Total:", "-", "-", "-", "-", "10", "10.00KiB", "-", "-", "-"}));

    // on the wire: GET /v1/cluster?what=qryxstats, a QueryMsg body asking for running jobs only
    auto qs = proxy_->find("GET", "/v1/cluster?what=qryxstats");
    ASSERT_EQ(qs.size(), 1u);
    EXPECT_TRUE(has(qs[0].body, "\"show_active\":true")) << qs[0].body;

    // same through `ais job show`, without headers, raw units
    r = run({"job", "show", "-H", "--units", "raw"});
    ls = lines(r.out);
    ASSERT_EQ(ls.size(), 4u) << r.out;
    EXPECT_EQ(ls[0], "copy-bucket[tcb-1]");
    EXPECT_EQ(cells(ls[1])[6], "6144");
}

TEST_F(CliJobFake, ShowAllJobs) {
    auto r = run({"show", "job", "--all"});
    ASSERT_EQ(r.rc, 0) << r.err;
    auto ls = lines(r.out);
    // kinds sorted: copy-bck, delete-listrange, summary-bck
    auto cap = std::find(ls.begin(), ls.end(), "delete-objects[del-3]");
    ASSERT_NE(cap, ls.end()) << r.out;
    EXPECT_EQ(cells(*(cap + 1)),
              (Cells{"NODE", "ID", "KIND", "BUCKET", "OBJECTS", "BYTES", "START", "END", "STATE"}));
    EXPECT_EQ(cells(*(cap + 2)), (Cells{"T1aaa", "del-3", "delete-listrange", "ais://b", "3", "-",
                                        local_hms(kStart), local_hms(kEnd), "Aborted by user"}));
    cap = std::find(ls.begin(), ls.end(), "summary[smm-2]");
    ASSERT_NE(cap, ls.end()) << r.out;
    EXPECT_EQ(cells(*(cap + 2)), (Cells{"T1aaa", "smm-2", "summary-bck", "ais://b", "-", "-",
                                        local_hms(kStart), local_hms(kEnd), "Finished"}));
    EXPECT_LT(std::find(ls.begin(), ls.end(), "copy-bucket[tcb-1]"), cap);
    EXPECT_FALSE(has(proxy_->find("GET", "/v1/cluster?what=qryxstats")[0].body, "\"show_active\":true"));

    // one job by its id (finished jobs included), by name, by a shortcut, by bucket
    ls = lines(run({"show", "job", "smm-2"}).out);
    ASSERT_EQ(ls.size(), 3u);
    EXPECT_EQ(ls[0], "summary[smm-2]");
    ls = lines(run({"show", "job", "delete-objects", "--all"}).out);
    ASSERT_EQ(ls.size(), 3u);
    EXPECT_EQ(ls[0], "delete-objects[del-3]");
    ls = lines(run({"show", "job", "copy"}).out);
    EXPECT_EQ(ls[0], "copy-bucket[tcb-1]");
    ls = lines(run({"show", "job", "ais://b", "--all"}).out);
    EXPECT_FALSE(contains(ls, "copy-bucket[tcb-1]"));
    EXPECT_TRUE(contains(ls, "summary[smm-2]"));

    // --verbose: per-target properties
    r = run({"show", "job", "smm-2", "-v"});
    EXPECT_TRUE(has(r.out, "t[T1aaa]: summary[smm-2] stats")) << r.out;
    auto vl = lines(r.out);
    EXPECT_TRUE(std::any_of(vl.begin(), vl.end(), [](const std::string& l) {
        return cells(l) == Cells{".kind", "summary-bck"};
    })) << r.out;

    // --json: the (filtered) API object
    r = run({"show", "job", "smm-2", "--json"});
    EXPECT_EQ(r.rc, 0);
    EXPECT_TRUE(has(r.out, "\"T1aaa\": [")) << r.out;
    EXPECT_TRUE(has(r.out, "\"kind\": \"summary-bck\"")) << r.out;
}

TEST_F(CliJobFake, NoJobsAndUnknownJob) {
    jobs_.running = false;
    auto r = run({"show", "job"});
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(
        r.out,
        "No running jobs. Use '--all' to show all, '--all' <TAB-TAB> to select, '--help' for details.\n");
    r = run({"show", "job", "summary"});
    EXPECT_EQ(r.out,
              "No running 'summary' jobs. Use '--all' to show all, '--all' <TAB-TAB> to select, '--help' for "
              "details.\n");
    EXPECT_TRUE(
        has(proxy_->find("GET", "/v1/cluster?what=qryxstats").back().body, "\"kind\":\"summary-bck\""));

    expect_one_error_line(run({"show", "job", "nosuchjob"}), "job \"nosuchjob\" not found");
    expect_one_error_line(run({"job", "stop", "nosuchjob"}), "job \"nosuchjob\" not found");
    expect_one_error_line(run({"wait", "nosuchjob"}), "job \"nosuchjob\" not found");
    expect_one_error_line(run({"job", "stop"}), "missing arguments");
    expect_one_error_line(run({"job", "rm"}), "cannot be removed");
}

TEST_F(CliJobFake, StartStopWait) {
    auto r = run({"start", "summary", "ais://b"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Started summary[smm-9]. To monitor the progress, run 'ais show job smm-9'\n");
    auto puts = proxy_->find("PUT", "/v1/cluster");
    ASSERT_EQ(puts.size(), 1u);
    EXPECT_TRUE(has(puts[0].body, "\"action\":\"start\"")) << puts[0].body;
    EXPECT_TRUE(has(puts[0].body, "\"Kind\":\"summary-bck\"")) << puts[0].body;
    EXPECT_TRUE(has(puts[0].body, "\"name\":\"b\"")) << puts[0].body;
    expect_one_error_line(run({"job", "start", "summary", "ais://nobck"}), "ais://nobck");
    EXPECT_EQ(run({"job", "start", "lru", "--nv"}).out, "smm-9\n");

    proxy_->clear();
    r = run({"stop", "tcb-1"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Stopped copy-bucket[tcb-1]\n");
    puts = proxy_->find("PUT", "/v1/cluster");
    ASSERT_EQ(puts.size(), 1u);
    EXPECT_TRUE(has(puts[0].body, "\"action\":\"stop\"")) << puts[0].body;
    EXPECT_TRUE(has(puts[0].body, "\"ID\":\"tcb-1\"")) << puts[0].body;
    EXPECT_TRUE(has(puts[0].body, "\"Kind\":\"copy-bck\"")) << puts[0].body;

    EXPECT_EQ(run({"stop", "smm-2"}).out, "summary[smm-2] already finished, nothing to do\n");
    EXPECT_EQ(run({"job", "stop", "--all"}).out, "Stopped copy-bck[tcb-1]\n");
    r = run({"stop", "copy-bucket"}, "n\n");
    EXPECT_TRUE(has(r.out, "Operation canceled.")) << r.out;
    EXPECT_EQ(run({"stop", "copy-bucket", "-y"}).out, "Stopped copy-bck[tcb-1]\n");

    r = run({"wait", "tcb-1"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Waiting for copy-bucket[tcb-1] ...\nDone.\n");
    EXPECT_GE(jobs_.status_polls.load(), 3);
    auto st = proxy_->find("GET", "/v1/cluster?what=status");
    ASSERT_FALSE(st.empty());
    EXPECT_TRUE(has(st[0].body, "\"id\":\"tcb-1\"")) << st[0].body;

    jobs_.running = false;
    EXPECT_EQ(run({"job", "stop", "--all"}).out, "No running jobs, nothing to do\n");
}

TEST_F(CliJobFake, BucketSummary) {
    auto r = run({"bucket", "summary", "ais://b"});
    ASSERT_EQ(r.rc, 0) << r.err;
    auto ls = lines(r.out);
    ASSERT_EQ(ls.size(), 2u) << r.out;
    EXPECT_EQ(cells(ls[0]), (Cells{"NAME", "OBJECTS (cached, remote)", "OBJECT SIZES (min, avg, max)",
                                   "TOTAL OBJECT SIZE (cached, remote)", "USAGE(%)"}));
    EXPECT_EQ(cells(ls[1]), (Cells{"ais://b", "10 0", "1.00KiB 2.00KiB 4.00KiB", "20.00KiB 0B", "3%"}));
    auto gets = proxy_->find("GET", "/v1/buckets/b");
    ASSERT_GE(gets.size(), 3u);
    EXPECT_TRUE(has(gets[0].body, R"("action":"summary-bck")")) << gets[0].body;
    EXPECT_TRUE(has(gets[0].body, R"("uuid":"")")) << gets[0].body;
    EXPECT_TRUE(has(gets[1].body, R"("uuid":"smm-2")")) << gets[1].body;
    EXPECT_TRUE(has(gets[1].target, "uuid=smm-2")) << gets[1].target;

    r = run({"storage", "summary", "ais://b", "--dont-wait"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(
        r.out,
        "Job summary[smm-2] has started. To monitor, run 'ais storage summary ais://b smm-2 --dont-wait' "
        "or 'ais show job smm-2';\nsee '--help' for more options\n");
    r = run({"storage", "summary", "ais://b", "smm-2", "--dont-wait", "-H"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(cells(lines(r.out).at(0)).at(0), "ais://b");
    expect_one_error_line(run({"bucket", "summary", "ais://b/x", "--prefix", "y"}),
                          "two different prefix values");
    // every bucket: one job for all (GET /v1/buckets/?provider=ais); this fake cluster refuses
    // that, so the CLI falls back to one job per bucket
    r = run({"bucket", "summary"});
    ASSERT_EQ(r.rc, 0) << r.err;
    ASSERT_EQ(lines(r.out).size(), 2u) << r.out;
    EXPECT_EQ(cells(lines(r.out)[1])[0], "ais://b");
    EXPECT_FALSE(proxy_->find("GET", "/v1/buckets/?").empty());
}

TEST_F(CliJobFake, ListBucketsWithSummary) {
    auto r = run({"ls", "--summary"});
    ASSERT_EQ(r.rc, 0) << r.err;
    auto ls = lines(r.out);
    ASSERT_EQ(ls.size(), 2u) << r.out;
    EXPECT_EQ(cells(ls[0]),
              (Cells{"NAME", "PRESENT", "OBJECTS", "SIZE (apparent, objects, remote)", "USAGE(%)"}));
    EXPECT_EQ(cells(ls[1]), (Cells{"ais://b", "yes", "10 0", "30.00KiB 20.00KiB 0B", "3%"}));
    // bucket info: HEAD ?bsumm_remote=false (202 + job id), then polled with ?uuid= until 200
    auto heads = proxy_->find("HEAD", "/v1/buckets/b");
    ASSERT_EQ(heads.size(), 2u);
    EXPECT_FALSE(has(heads[0].query(), "uuid=")) << heads[0].target;
    EXPECT_TRUE(has(heads[1].query(), "uuid=inf-1")) << heads[1].target;
}

TEST_F(CliJobFake, CopyRmPromote) {
    auto r = run({"cp", "ais://src", "ais://dst"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Copying ais://src => ais://dst. To monitor the progress, run 'ais show job tcb-7'\n");
    auto posts = proxy_->find("POST", "/v1/buckets/src");
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_TRUE(has(posts[0].target, "bck_to=ais%2F%40%23%2Fdst%2F") ||
                has(posts[0].target, "bck_to=ais/@#/dst/"))
        << posts[0].target;
    EXPECT_TRUE(has(posts[0].body, R"("action":"copy-bck")")) << posts[0].body;

    r = run({"cp", "ais://src", "ais://newdst", "--template", "a-{0..9}"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(
        r.out,
        "Copying objects ais://src => ais://newdst. To monitor the progress, run 'ais show job tco-7'\n");
    EXPECT_TRUE(has(r.err, "Warning: destination ais://newdst doesn't exist")) << r.err;
    posts = proxy_->find("POST", "/v1/buckets/src");
    EXPECT_TRUE(has(posts.back().body, R"("template":"a-{0..9}")")) << posts.back().body;
    EXPECT_TRUE(has(posts.back().body, R"("tobck":{"name":"newdst")")) << posts.back().body;

    r = run({"cp", "ais://src/a", "ais://dst", "--dry-run"});
    EXPECT_TRUE(has(r.out, "[DRY RUN] with no modifications to the cluster")) << r.out;
    EXPECT_TRUE(has(proxy_->find("POST", "/v1/buckets/src").back().body, R"("objnames":["a"])"));
    EXPECT_TRUE(has(proxy_->find("POST", "/v1/buckets/src").back().body, R"("dry_run":true)"));

    r = run({"cp", "ais://empty", "ais://dst"});
    EXPECT_EQ(r.rc, 0);
    EXPECT_EQ(r.err, "Note: source ais://empty is empty, nothing to do\n");
    expect_one_error_line(run({"cp", "ais://src", "ais://src"}), "onto itself");
    expect_one_error_line(run({"cp", "ais://src"}), "missing destination bucket");

    r = run({"rmo", "ais://b", "--list", "o1,o2", "-y"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out,
              "delete-objects[del-8]: [o1 o2] rm from ais://b. To monitor the progress, run 'ais show job "
              "del-8'\n");
    auto dels = proxy_->find("DELETE", "/v1/buckets/b");
    EXPECT_TRUE(has(dels.back().body, R"("action":"delete-listrange")")) << dels.back().body;
    EXPECT_TRUE(has(dels.back().body, R"("objnames":["o1","o2"])")) << dels.back().body;
    r = run({"rmo", "ais://b", "--template", "o-{1..3}", "-y"});
    EXPECT_EQ(
        r.out,
        "delete-objects[del-8]: rm \"o-{1..3}\" from ais://b. To monitor the progress, run 'ais show job "
        "del-8'\n");

    r = run({"object", "promote", "/tmp/data", "ais://b/pre/", "-r", "--overwrite-dst", "--target-id",
             "t[T1aaa]"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "recursively promoted \"/tmp/data\" => ais://b, xaction ID \"prm-5\"\n");
    auto pr = proxy_->find("POST", "/v1/objects/b");
    ASSERT_EQ(pr.size(), 1u);
    EXPECT_TRUE(has(pr[0].body, R"("action":"promote")")) << pr[0].body;
    EXPECT_TRUE(has(pr[0].body, R"("name":"/tmp/data")")) << pr[0].body;
    EXPECT_TRUE(has(pr[0].body, R"("tid":"T1aaa","src":"/tmp/data","obj":"pre/","rcr":true,"ovw":true)"))
        << pr[0].body;
}

TEST_F(CliJobFake, CompletesJobNamesAndIds) {
    auto words = cli_->complete({"show", "job", ""});
    EXPECT_TRUE(contains(words, "copy-bucket")) << testing::PrintToString(words);
    EXPECT_TRUE(contains(words, "tcb-1")) << testing::PrintToString(words);
    EXPECT_FALSE(contains(words, "smm-2"));  // finished: only with --all
    words = cli_->complete({"show", "job", "--all", ""});
    EXPECT_TRUE(contains(words, "smm-2")) << testing::PrintToString(words);
    EXPECT_TRUE(contains(words, "summary")) << testing::PrintToString(words);
    EXPECT_EQ(cli_->complete({"stop", "copy-bucket", ""}), std::vector<std::string>{"tcb-1"});
    EXPECT_EQ(cli_->complete({"wait", "tc"}), std::vector<std::string>{"tcb-1"});
    words = cli_->complete({"job", "start", ""});
    EXPECT_TRUE(contains(words, "summary")) << testing::PrintToString(words);
    EXPECT_TRUE(contains(words, "copy-bucket"));
    EXPECT_FALSE(contains(words, "delete-objects"));  // not startable
}

// ---- the real cluster ----

namespace {

class CliJobCluster : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { cluster_ = new LocalCluster(); }
    static void TearDownTestSuite() {
        delete cluster_;
        cluster_ = nullptr;
    }
    void SetUp() override { cli_ = std::make_unique<Cli>(cluster_->endpoint()); }
    api::Client& client() { return cluster_->client(); }
    api::Bck bucket(const std::string& name, int objects) {
        api::Bck b{.name = name, .provider = "ais"};
        if (!client().bucket_exists(b)) client().create_bucket(b);
        for (int i = 0; i < objects; ++i)
            client().put_object(b, "o" + std::to_string(i), std::string(1024, 'x'));
        return b;
    }
    CliResult run(const std::vector<std::string>& args, const std::string& in = {}) {
        return cli_->run(args, in);
    }

    static LocalCluster* cluster_;
    std::unique_ptr<Cli> cli_;
};

LocalCluster* CliJobCluster::cluster_ = nullptr;

std::string xid_of(const std::string& out) {  // "... run 'ais show job XID'"
    std::smatch m;
    if (std::regex_search(out, m, std::regex("ais show job ([A-Za-z0-9_-]+)'"))) return m[1];
    return {};
}

}  // namespace

TEST_F(CliJobCluster, CopyWaitShowStop) {
    const api::Bck src = bucket("job-src", 20);
    auto r = run({"cp", "ais://job-src", "ais://job-dst", "--wait"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Copying ais://job-src => ais://job-dst ...Done.\n");
    EXPECT_EQ(client().list_objects(api::Bck{.name = "job-dst", .provider = "ais"}).entries.size(), 20u);

    r = run({"cp", "ais://job-src", "ais://job-dst2"});
    ASSERT_EQ(r.rc, 0) << r.err;
    const std::string xid = xid_of(r.out);
    ASSERT_FALSE(xid.empty()) << r.out;
    r = run({"wait", xid});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Waiting for copy-bucket[" + xid + "] ...\nDone.\n");

    // finished: shown by id, and with --all; not among the running ones
    r = run({"show", "job", xid});
    ASSERT_EQ(r.rc, 0) << r.err;
    auto ls = lines(r.out);
    ASSERT_GE(ls.size(), 3u) << r.out;
    EXPECT_EQ(ls[0], "copy-bucket[" + xid + "]");
    EXPECT_EQ(cells(ls[1]), (Cells{"NODE", "ID", "KIND", "SRC BUCKET", "DST BUCKET", "OBJECTS", "BYTES",
                                   "START", "END", "STATE"}));
    int64_t objs = 0;
    for (size_t i = 2; i < ls.size(); ++i) {
        auto c = cells(ls[i]);
        ASSERT_EQ(c.size(), 10u) << ls[i];
        if (c[0] == "Total:") {
            EXPECT_EQ(c[5], "20");
            continue;
        }
        EXPECT_EQ(c[1], xid);
        EXPECT_EQ(c[2], "copy-bck");
        EXPECT_EQ(c[3], "ais://job-src");
        EXPECT_EQ(c[4], "ais://job-dst2");
        EXPECT_EQ(c[9], "Finished");
        if (c[5] != "-") objs += std::stoll(c[5]);
    }
    EXPECT_EQ(objs, 20);
    EXPECT_TRUE(has(run({"show", "job", "--all"}).out, "copy-bucket[" + xid + "]"));
    EXPECT_FALSE(has(run({"show", "job"}).out, xid));
    EXPECT_EQ(run({"stop", xid}).out, "copy-bucket[" + xid + "] already finished, nothing to do\n");
    expect_one_error_line(run({"show", "job", "nosuchjob1"}), "nosuchjob1");
    (void)src;
}

TEST_F(CliJobCluster, SummaryRmoAndTemplateCopy) {
    bucket("job-summ", 10);
    auto r = run({"bucket", "summary", "ais://job-summ"});
    ASSERT_EQ(r.rc, 0) << r.err;
    auto ls = lines(r.out);
    ASSERT_EQ(ls.size(), 2u) << r.out;
    EXPECT_EQ(cells(ls[0])[0], "NAME");
    EXPECT_EQ(cells(ls[1]),
              (Cells{"ais://job-summ", "10 0", cells(ls[1])[2], "10.00KiB 0B", cells(ls[1])[4]}));

    // all buckets, one row each
    ls = lines(run({"storage", "summary"}).out);
    EXPECT_TRUE(std::any_of(ls.begin(), ls.end(), [](const std::string& l) {
        return cells(l).at(0) == "ais://job-summ";
    })) << testing::PrintToString(ls);

    r = run({"cp", "ais://job-summ", "ais://job-summ2", "--template", "o{0..4}", "--wait"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "Copying objects ais://job-summ => ais://job-summ2 ...Done.\n");
    EXPECT_EQ(client().list_objects(api::Bck{.name = "job-summ2", .provider = "ais"}).entries.size(), 5u);

    r = run({"rmo", "ais://job-summ", "--list", "o1,o2", "-y", "--wait"});
    ASSERT_EQ(r.rc, 0) << r.err;
    ls = lines(r.out);
    ASSERT_EQ(ls.size(), 2u) << r.out;
    EXPECT_TRUE(std::regex_match(
        ls[0], std::regex(R"(delete-objects\[[A-Za-z0-9_-]+\]: \[o1 o2\] rm from ais://job-summ \.\.\.)")))
        << ls[0];
    EXPECT_EQ(ls[1], "Done.");
    EXPECT_EQ(client().list_objects(api::Bck{.name = "job-summ", .provider = "ais"}).entries.size(), 8u);
}

TEST_F(CliJobCluster, PromoteFiles) {
    // every target sees the same local directory (one machine): promote it as a file share
    const std::string dir = make_temp_dir("ais-promote");
    for (int i = 0; i < 5; ++i) write_file(dir + "/f" + std::to_string(i), "promoted-" + std::to_string(i));
    bucket("job-prm", 0);
    auto r = run({"object", "promote", dir, "ais://job-prm/p/", "-r"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out.rfind("recursively promoted \"" + dir + "\" => ais://job-prm", 0), 0u) << r.out;
    std::smatch m;
    if (std::regex_search(r.out, m, std::regex("xaction ID \"([^\"]+)\""))) {
        EXPECT_EQ(run({"wait", m[1]}).rc, 0);
    }
    const api::Bck b{.name = "job-prm", .provider = "ais"};
    for (int i = 0; i < 50 && client().list_objects(b).entries.size() < 5; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(client().get_object(b, "p/f3").body, "promoted-3");
    std::error_code ec;
    fs::remove_all(dir, ec);
}
