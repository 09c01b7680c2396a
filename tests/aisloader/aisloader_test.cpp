// aisloader as users run it: the real binary against a real LocalCluster (1 proxy + 3 targets),
// briefly and with small objects. What it reports (its -json stats) must match what the cluster
// stores (listing counts and sizes); -cleanup must remove what it wrote; flag errors exit 2.
// The direct-S3 mode runs against a tiny in-process fake S3 server (path-style PUT/GET/HEAD and
// ListObjectsV2), so it is tested for the wire format, not against a real S3.
#include "aisloader/histogram.hpp"
#include "tests/integration/local_cluster.hpp"

#include "shared/api/client.hpp"
#include "shared/net/server.hpp"
#include "shared/util/strings.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

using namespace ais;
using ais::test::LocalCluster;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// ---- running the binary ----

struct Result {
    int code = -1;
    std::string out, err;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class TempDir {
  public:
    TempDir() {
        char tmpl[] = "/tmp/aisloader-test-XXXXXX";
        path_ = ::mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path_); }
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

pid_t spawn_loader(const std::vector<std::string>& args, const std::string& out, const std::string& err,
                   const std::map<std::string, std::string>& env = {}) {
    std::string bin = std::string(AIS_BIN_DIR) + "/aisloader";
    pid_t pid = ::fork();
    if (pid == 0) {
        int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(o, 1);
        ::dup2(e, 2);
        for (const char* v : {"AIS_ENDPOINT", "S3_ENDPOINT", "AIS_AUTHN_TOKEN", "AIS_AUTHN_TOKEN_FILE"})
            ::unsetenv(v);
        for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
        std::vector<char*> argv;
        argv.push_back(bin.data());
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(bin.c_str(), argv.data());
        ::_exit(127);
    }
    return pid;
}

int wait_exit(pid_t pid) {
    int st = 0;
    ::waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

Result run_loader(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
    TempDir t;
    Result r;
    r.code = wait_exit(spawn_loader(args, t.file("out"), t.file("err"), env));
    r.out = slurp(t.file("out"));
    r.err = slurp(t.file("err"));
    return r;
}

// ---- the -json stats ----

struct OpTotals {
    int64_t count = 0, bytes = 0, errors = 0;
    int64_t min = 0, avg = 0, max = 0, p50 = 0, p90 = 0, p99 = 0, p999 = 0;
};

int64_t num(const json::value& v) {
    if (v.is_string()) return std::stoll(std::string(v.as_string()));
    return v.to_number<int64_t>();
}

OpTotals op_totals(const json::value& elem, const char* op) {
    const auto& o = elem.at(op).as_object();
    OpTotals t;
    t.count = num(o.at("count"));
    t.bytes = num(o.at("bytes"));
    t.errors = num(o.at("errors"));
    t.min = num(o.at("min_latency"));
    t.avg = num(o.at("latency"));
    t.max = num(o.at("max_latency"));
    t.p50 = num(o.at("p50_latency"));
    t.p90 = num(o.at("p90_latency"));
    t.p99 = num(o.at("p99_latency"));
    t.p999 = num(o.at("p999_latency"));
    return t;
}

struct Report {
    Result run;
    json::array elems;  // periodic elements, then the final totals
    OpTotals put, get;
};

// Cluster-wide fixture: one LocalCluster for every test of the suite (starting one takes seconds).
class Loader : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { cluster_ = new LocalCluster(); }
    static void TearDownTestSuite() {
        delete cluster_;
        cluster_ = nullptr;
    }

    static api::Bck bck(const std::string& name) { return api::Bck{.name = name, .provider = "ais"}; }

    std::vector<std::string> base_args() const {
        auto ep = cluster_->endpoint();  // http://127.0.0.1:PORT
        auto colon = ep.rfind(':');
        return {"-ip=127.0.0.1", "-port=" + ep.substr(colon + 1), "-quiet"};
    }

    // Runs aisloader with -json stats into a file and parses them.
    Report run_json(std::vector<std::string> args) {
        TempDir t;
        auto all = base_args();
        all.push_back("-json");
        all.push_back("-stats-output=" + t.file("stats.json"));
        all.insert(all.end(), args.begin(), args.end());
        Report r;
        r.run = run_loader(all);
        EXPECT_EQ(r.run.code, 0) << r.run.out << r.run.err;
        std::string text = slurp(t.file("stats.json"));
        boost::system::error_code ec;
        auto jv = json::parse(text, ec);
        EXPECT_FALSE(ec) << "stats are not JSON: " << text;
        if (ec || !jv.is_array() || jv.as_array().empty()) {
            ADD_FAILURE() << "no stats: " << text << r.run.out << r.run.err;
            return r;
        }
        r.elems = jv.as_array();
        r.put = op_totals(r.elems.back(), "put");
        r.get = op_totals(r.elems.back(), "get");
        return r;
    }

    struct Stored {
        int64_t count = 0, bytes = 0;
        std::vector<std::string> names;
    };
    Stored stored(const std::string& bucket) {
        api::LsoMsg msg;
        msg.props = "name,size";
        auto res = cluster_->client().list_objects(bck(bucket), msg);
        Stored s;
        for (const auto& e : res.entries) {
            ++s.count;
            s.bytes += e.size;
            s.names.push_back(e.name);
        }
        return s;
    }

    // Writes `n` objects of `size` bytes with aisloader itself.
    void populate(const std::string& bucket, int n, const std::string& size) {
        auto r = run_json({"-bucket=ais://" + bucket, "-pctput=100", "-maxputs=" + std::to_string(n),
                           "-minsize=" + size, "-maxsize=" + size, "-numworkers=8", "-cleanup=false"});
        ASSERT_EQ(r.put.count, n);
        ASSERT_EQ(r.put.errors, 0);
    }

    static LocalCluster* cluster_;
};

LocalCluster* Loader::cluster_ = nullptr;

void expect_sane_latencies(const OpTotals& t) {
    ASSERT_GT(t.count, 0);
    EXPECT_GT(t.min, 0);
    EXPECT_LE(t.min, t.avg);
    EXPECT_LE(t.avg, t.max);
    EXPECT_LE(t.min, t.p50);
    EXPECT_LE(t.p50, t.p90);
    EXPECT_LE(t.p90, t.p99);
    EXPECT_LE(t.p99, t.p999);
    EXPECT_LE(t.p999, t.max);
}

}  // namespace

// ---- flags (no cluster needed) ----

TEST(LoaderFlags, UnknownFlagExits2WithGoMessageAndUsagePointer) {
    auto r = run_loader({"-bucket=ais://x", "-nosuchflag=1"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("flag provided but not defined: -nosuchflag"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("aisloader usage"), std::string::npos) << r.err;
}

TEST(LoaderFlags, BadValuesExit2) {
    const std::vector<std::vector<std::string>> bad = {
        {"-bucket=ais://x", "-cleanup=false", "-numworkers=abc"},
        {"-bucket=ais://x", "-cleanup=false", "-numworkers=0"},
        {"-bucket=ais://x", "-cleanup=false", "-pctput=101"},
        {"-bucket=ais://x", "-cleanup=false", "-minsize=2M", "-maxsize=1M"},
        {"-bucket=ais://x", "-cleanup=false", "-minsize=12QB"},
        {"-bucket=ais://x", "-cleanup=maybe"},
        {"-bucket=ais://x", "-cleanup=false", "-duration=5 minutes"},
        {"-bucket=ais://x", "-cleanup=false", "-cksum-type=crc64"},
        {"-bucket=ais://x", "-cleanup", "false"},  // Go booleans take -x=false, never "-x false"
        {"-bucket=ais://x", "-cleanup=false", "-numworkers"},
        {"-bucket=ais://x", "-cleanup=false", "-provider=aws"},
        {"-bucket=ais://x", "-cleanup=false", "-get-batchsize=10"},
        {"-s3endpoint=http://127.0.0.1:1", "-bucket=s3://x", "-verifyhash"},
    };
    for (const auto& args : bad) {
        auto r = run_loader(args);
        std::string cmd;
        for (const auto& a : args) cmd += a + " ";
        EXPECT_EQ(r.code, 2) << cmd << "\n" << r.out << r.err;
        EXPECT_NE(r.err.find("aisloader usage"), std::string::npos) << cmd << "\n" << r.err;
    }
}

TEST(LoaderFlags, CleanupIsMandatoryWithBucket) {
    auto r = run_loader({"-bucket=ais://x", "-pctput=100"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("-cleanup is a required option"), std::string::npos) << r.err;
}

TEST(LoaderFlags, UsageVersionAndGoSyntax) {
    auto r = run_loader({});
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("  -numworkers int"), std::string::npos);
    EXPECT_NE(r.out.find("(default 10)"), std::string::npos);
    EXPECT_NE(r.out.find("Examples"), std::string::npos);
    r = run_loader({"usage"});
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("-cleanup"), std::string::npos);
    r = run_loader({"-bucket=ais://x", "-h"});  // Go: -h/-help print the usage and exit 0
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("Command-line options"), std::string::npos);
    r = run_loader({"version"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out.rfind("version ", 0), 0u) << r.out;

    // -name=value, -name value, --name=value, bare boolean; -dry-run touches no cluster.
    r = run_loader({"--bucket=ais://abc", "-numworkers", "7", "-pctput=25", "--cleanup", "-minsize=4k",
                    "-maxsize", "1M", "-dry-run"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("\"bucket\": \"ais://abc\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"# workers\": 7"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"% PUT\": 25"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"cleanup\": true"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"minimum object size (bytes)\": 4096"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"maximum object size (bytes)\": 1048576"), std::string::npos) << r.out;
    // the argument dump lists custom flags
    EXPECT_NE(r.out.find("==== COMMAND LINE ARGUMENTS ===="), std::string::npos);

    // AIS_ENDPOINT is the cluster URL
    r = run_loader({"-bucket=ais://abc", "-cleanup=false", "-pctput=0", "-dry-run", "-quiet"},
                   {{"AIS_ENDPOINT", "https://127.0.0.9:51080"}});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("\"proxy\": \"https://127.0.0.9:51080\""), std::string::npos) << r.out;
}

TEST(LoaderFlags, GetLoaderId) {
    auto r = run_loader({"-loaderid=5", "-loadernum=8", "-getloaderid"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "0x5\n");
}

TEST(LoaderHistogram, BucketsAndPercentiles) {
    using loader::Histogram;
    // every value maps into a bucket whose bounds contain it, within 1/64 relative width
    for (uint64_t v : {0ull, 1ull, 127ull, 128ull, 129ull, 1000ull, 65'535ull, 1'000'000ull, 123'456'789ull,
                       (1ull << 43) + 12345}) {
        size_t i = Histogram::index(v);
        ASSERT_LT(i, Histogram::kBuckets);
        EXPECT_LE(Histogram::lower(i), v);
        EXPECT_GE(Histogram::upper(i), v);
        if (v >= 128) {
            EXPECT_LE(Histogram::upper(i) - Histogram::lower(i) + 1, v / 64 + 1) << v;
        }
    }
    Histogram h;
    for (int64_t v = 1; v <= 100'000; ++v) h.record(v * 1000);  // 1µs .. 100ms uniformly
    EXPECT_EQ(h.count(), 100'000u);
    auto near = [](int64_t got, double want) {
        return std::abs(static_cast<double>(got) - want) <= want * 0.02;
    };
    EXPECT_TRUE(near(h.percentile(50), 50e6)) << h.percentile(50);
    EXPECT_TRUE(near(h.percentile(90), 90e6)) << h.percentile(90);
    EXPECT_TRUE(near(h.percentile(99), 99e6)) << h.percentile(99);
    EXPECT_TRUE(near(h.percentile(99.9), 99.9e6)) << h.percentile(99.9);
    EXPECT_EQ(h.percentile(100), 100'000'000);  // clamped to the exact max
}

// ---- against a cluster ----

TEST_F(Loader, PutOnlyMaxputsMatchesWhatTheClusterStores) {
    auto r = run_json({"-bucket=ais://ld-put", "-pctput=100", "-maxputs=120", "-minsize=1K", "-maxsize=48K",
                       "-numworkers=8", "-statsinterval=1", "-cleanup=false"});
    EXPECT_EQ(r.put.count, 120);
    EXPECT_EQ(r.put.errors, 0);
    EXPECT_EQ(r.get.count, 0);
    expect_sane_latencies(r.put);
    auto s = stored("ld-put");
    EXPECT_EQ(s.count, 120);
    EXPECT_EQ(s.bytes, r.put.bytes);
    EXPECT_GE(r.put.bytes, 120 * 1024);
    EXPECT_LE(r.put.bytes, 120 * 48 * 1024);
    for (const auto& n : s.names) EXPECT_EQ(n.size(), 32u) << n;  // -randomname: 32 random chars
}

TEST_F(Loader, PutTableOutputAndTotalPutSizeWithSubdirCounters) {
    auto args = base_args();
    for (std::string a :
         {"-bucket=ais://ld-table", "-pctput=100", "-totalputsize=100K", "-minsize=10K", "-maxsize=10K",
          "-numworkers=4", "-randomname=false", "-subdir=dir1", "-cleanup=false"})
        args.push_back(a);
    auto r = run_loader(args);
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    // header and final line in the spec's layout: Time, OP, Count, Size, latencies, throughput, errors
    EXPECT_NE(
        r.out.find("Time      OP    Count                 \tSize (Total)          \tLatency (min, avg, max)"),
        std::string::npos)
        << r.out;
    auto s = stored("ld-table");
    // stops at the first PUT that reaches 100 KiB: exactly ten 10 KiB objects
    EXPECT_EQ(s.count, 10);
    EXPECT_EQ(s.bytes, 10 * 10240);
    // the final summary: the PUT line after the last table header
    auto hdr = r.out.rfind("Time      OP    Count");
    ASSERT_NE(hdr, std::string::npos);
    std::istringstream lines(r.out.substr(hdr));
    std::string line, final_put;
    while (std::getline(lines, line))
        if (final_put.empty() && line.find("  PUT   ") == 8) final_put = line;
    std::istringstream f(final_put);
    std::string t, op, count, size;
    f >> t >> op >> count >> size;
    EXPECT_EQ(op, "PUT");
    EXPECT_EQ(count, "10");
    EXPECT_EQ(size, "100.0KiB");
    EXPECT_NE(r.out.find("p99.9"), std::string::npos);  // percentiles block
    for (const auto& n : s.names) {
        EXPECT_EQ(n.rfind("dir1/", 0), 0u) << n;
        EXPECT_LE(n.size(), 5u + 2u) << n;  // hex counters 0..9 (and a few reserved beyond)
    }
}

TEST_F(Loader, GetOnlyReadsWhatIsThere) {
    populate("ld-get", 40, "8K");
    auto r = run_json({"-bucket=ais://ld-get", "-pctput=0", "-duration=2s", "-numworkers=6",
                       "-statsinterval=1", "-cleanup=false"});
    EXPECT_EQ(r.put.count, 0);
    EXPECT_EQ(r.get.errors, 0);
    EXPECT_GT(r.get.count, 40);
    EXPECT_EQ(r.get.bytes, r.get.count * 8192);
    expect_sane_latencies(r.get);
    // periodic elements (interval stats) came before the final totals
    ASSERT_GE(r.elems.size(), 2u);
    int64_t periodic = 0;
    for (size_t i = 0; i + 1 < r.elems.size(); ++i) periodic += op_totals(r.elems[i], "get").count;
    EXPECT_GT(periodic, 0);
    EXPECT_LE(periodic, r.get.count);
    auto s = stored("ld-get");
    EXPECT_EQ(s.count, 40);  // reading changed nothing
}

TEST_F(Loader, EpochsReadEachObjectExactlyOncePerEpoch) {
    populate("ld-epochs", 30, "2K");
    auto r =
        run_json({"-bucket=ais://ld-epochs", "-pctput=0", "-epochs=3", "-numworkers=5", "-cleanup=false"});
    EXPECT_EQ(r.get.count, 90);
    EXPECT_EQ(r.get.bytes, 90 * 2048);
    EXPECT_EQ(r.get.errors, 0);
}

TEST_F(Loader, MixedPutGetAddsExactlyWhatItReports) {
    populate("ld-mixed", 20, "4K");
    auto before = stored("ld-mixed");
    // two io threads: workers on both record into the same stats and name-getter
    auto r = run_json({"-bucket=ais://ld-mixed", "-pctput=40", "-duration=3s", "-minsize=1K", "-maxsize=16K",
                       "-numworkers=8", "-numthreads=2", "-statsinterval=1", "-cleanup=false"});
    EXPECT_GT(r.put.count, 0);
    EXPECT_GT(r.get.count, 0);
    EXPECT_EQ(r.put.errors, 0);
    EXPECT_EQ(r.get.errors, 0);
    auto after = stored("ld-mixed");
    EXPECT_EQ(after.count, before.count + r.put.count);
    EXPECT_EQ(after.bytes, before.bytes + r.put.bytes);
    EXPECT_GE(r.get.bytes, r.get.count * 1024);
    EXPECT_LE(r.get.bytes, r.get.count * 16 * 1024);
}

TEST_F(Loader, RangedReads) {
    populate("ld-range", 20, "8K");
    auto r = run_json({"-bucket=ais://ld-range", "-pctput=0", "-epochs=2", "-readoff=1K", "-readlen=2K",
                       "-numworkers=4", "-cleanup=false"});
    EXPECT_EQ(r.get.count, 40);
    EXPECT_EQ(r.get.errors, 0);
    EXPECT_EQ(r.get.bytes, 40 * 2048);
    // offset only: to the end of each object
    r = run_json({"-bucket=ais://ld-range", "-pctput=0", "-epochs=1", "-readoff=7K", "-numworkers=4",
                  "-cleanup=false"});
    EXPECT_EQ(r.get.count, 20);
    EXPECT_EQ(r.get.bytes, 20 * 1024);
}

TEST_F(Loader, VerifyHashPassesAndCatchesCorruption) {
    populate("ld-verify", 25, "16K");
    auto r = run_json({"-bucket=ais://ld-verify", "-pctput=0", "-epochs=1", "-verifyhash", "-numworkers=4",
                       "-cleanup=false"});
    EXPECT_EQ(r.get.count, 25);
    EXPECT_EQ(r.get.errors, 0);
    EXPECT_EQ(r.run.err.find("no checksum"), std::string::npos) << r.run.err;  // everything was verified

    // Flip a byte of one object on disk (same size, metadata untouched): -verifyhash must notice.
    auto s = stored("ld-verify");
    const std::string victim = s.names.front();
    bool flipped = false;
    for (int t = 0; t < cluster_->num_targets() && !flipped; ++t) {
        for (const auto& mp : cluster_->target_mountpaths(t)) {
            fs::path p = fs::path(mp) / "@ais" / "ld-verify" / "%ob" / victim;
            if (!fs::exists(p)) continue;
            std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
            char c;
            f.seekg(100);
            f.get(c);
            f.seekp(100);
            f.put(static_cast<char>(c ^ 0x5a));
            flipped = true;
            break;
        }
    }
    ASSERT_TRUE(flipped) << "object file of " << victim << " not found";
    r = run_json({"-bucket=ais://ld-verify", "-pctput=0", "-epochs=1", "-verifyhash", "-numworkers=4",
                  "-cleanup=false"});
    EXPECT_EQ(r.get.errors, 1);
    EXPECT_EQ(r.get.count, 24);
    EXPECT_NE(r.run.err.find("checksum mismatch"), std::string::npos) << r.run.err;
    EXPECT_NE(r.run.err.find(victim), std::string::npos) << r.run.err;
    // without -verifyhash the corruption goes unnoticed (the cluster does not validate warm GETs)
    r = run_json({"-bucket=ais://ld-verify", "-pctput=0", "-epochs=1", "-numworkers=4", "-cleanup=false"});
    EXPECT_EQ(r.get.errors, 0);
}

TEST_F(Loader, CleanupDestroysTheBucket) {
    auto r = run_json({"-bucket=ais://ld-clean", "-pctput=100", "-maxputs=15", "-minsize=1K", "-maxsize=4K",
                       "-cleanup=true"});
    EXPECT_EQ(r.put.count, 15);
    EXPECT_NE(r.run.out.find("Cleaning up..."), std::string::npos);
    EXPECT_FALSE(cluster_->client().bucket_exists(bck("ld-clean")));

    // cleanup-only run on an existing bucket: -duration 0 and nothing else to do
    populate("ld-clean2", 5, "1K");
    auto args = base_args();
    for (std::string a : {"-bucket=ais://ld-clean2", "-duration=0", "-totalputsize=0", "-cleanup=true"})
        args.push_back(a);
    auto res = run_loader(args);
    EXPECT_EQ(res.code, 0) << res.out << res.err;
    EXPECT_NE(res.out.find("Done"), std::string::npos) << res.out;
    EXPECT_FALSE(cluster_->client().bucket_exists(bck("ld-clean2")));
}

TEST_F(Loader, NoBucketCreatesARandomOneAndRemovesIt) {
    auto before = cluster_->client().list_buckets("ais");
    auto r = run_json({"-pctput=100", "-maxputs=10", "-minsize=1K", "-maxsize=1K"});
    EXPECT_EQ(r.put.count, 10);
    EXPECT_NE(r.run.out.find("New bucket name"), std::string::npos) << r.run.out;
    EXPECT_EQ(cluster_->client().list_buckets("ais").size(), before.size());
}

TEST_F(Loader, GetFromEmptyOrMissingBucketFails) {
    auto args = base_args();
    args.push_back("-bucket=ais://ld-missing");
    args.push_back("-pctput=0");
    args.push_back("-cleanup=false");
    auto r = run_loader(args);
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
}

TEST_F(Loader, FilelistAndStoppable) {
    populate("ld-flist", 10, "1K");
    auto s = stored("ld-flist");
    TempDir t;
    {
        std::ofstream f(t.file("names.txt"));
        f << s.names[0] << "\n" << s.names[1] << "\n";
    }
    auto r = run_json({"-bucket=ais://ld-flist", "-pctput=0", "-epochs=5", "-filelist=" + t.file("names.txt"),
                       "-numworkers=2", "-cleanup=false"});
    EXPECT_EQ(r.get.count, 10);
    EXPECT_EQ(r.get.bytes, 10 * 1024);

    // -stoppable: SIGINT ends an unbounded run with final stats
    auto args = base_args();
    for (std::string a : {"-bucket=ais://ld-flist", "-pctput=0", "-duration=0", "-stoppable", "-json",
                          "-numworkers=2", "-cleanup=false", "-statsinterval=1"})
        args.push_back(a);
    args.push_back("-stats-output=" + t.file("stats.json"));
    pid_t pid = spawn_loader(args, t.file("out"), t.file("err"));
    // Interrupt once it has run a while: the first periodic stats element (after a second of GETs;
    // SIGINT is handled from before the stats header on).
    for (int i = 0; i < 1000 && slurp(t.file("stats.json")).find("\"get\":{") == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ::kill(pid, SIGINT);
    EXPECT_EQ(wait_exit(pid), 0) << slurp(t.file("err"));
    auto jv = json::parse(slurp(t.file("stats.json")));
    EXPECT_GT(op_totals(jv.as_array().back(), "get").count, 0);
}

TEST_F(Loader, S3EndpointOfTheCluster) {
    // The cluster's own S3 API (/s3): aisloader in direct-S3 mode must write and read what the
    // native API then lists.
    const std::string ep = cluster_->endpoint() + "/s3";
    TempDir t;
    auto r = run_loader({"-s3endpoint=" + ep, "-bucket=s3://ld-s3", "-pctput=100", "-maxputs=30",
                         "-minsize=2K", "-maxsize=20K", "-quiet", "-json",
                         "-stats-output=" + t.file("put.json"), "-numworkers=4"});
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    auto put = op_totals(json::parse(slurp(t.file("put.json"))).as_array().back(), "put");
    EXPECT_EQ(put.count, 30);
    EXPECT_EQ(put.errors, 0);
    auto s = stored("ld-s3");
    EXPECT_EQ(s.count, 30);
    EXPECT_EQ(s.bytes, put.bytes);
    r = run_loader({"-s3endpoint=" + ep, "-bucket=s3://ld-s3", "-pctput=0", "-epochs=2", "-quiet", "-json",
                    "-stats-output=" + t.file("get.json"), "-numworkers=4"});
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    auto get = op_totals(json::parse(slurp(t.file("get.json"))).as_array().back(), "get");
    EXPECT_EQ(get.count, 60);
    EXPECT_EQ(get.errors, 0);
    EXPECT_EQ(get.bytes, 2 * s.bytes);
}

// ---- direct S3 against a fake ----

namespace {

// A minimal path-style S3 server: buckets and objects in memory, ListObjectsV2 (with pages of
// 7 keys to exercise continuation tokens).
struct FakeS3 {
    std::mutex mu;
    std::map<std::string, std::map<std::string, std::string>> buckets;
    int puts = 0, gets = 0;
};
FakeS3* g_s3 = nullptr;

std::string xml_escape(std::string_view s) {
    std::string o;
    for (char c : s) {
        if (c == '&')
            o += "&amp;";
        else if (c == '<')
            o += "&lt;";
        else if (c == '>')
            o += "&gt;";
        else
            o += c;
    }
    return o;
}

net::Task<void> s3_handler(net::Request& req, net::Response& resp) {
    std::string path = req.path.substr(1);  // "bucket" or "bucket/object"
    auto slash = path.find('/');
    std::string bucket = path.substr(0, slash);
    std::string obj = slash == std::string::npos ? "" : path.substr(slash + 1);
    if (obj.empty()) {
        std::lock_guard lk(g_s3->mu);
        if (req.method == "PUT") {
            g_s3->buckets[bucket];
            co_return;
        }
        auto it = g_s3->buckets.find(bucket);
        if (it == g_s3->buckets.end()) {
            resp.status = 404;
            resp.set_body("<Error><Code>NoSuchBucket</Code></Error>", "application/xml");
            co_return;
        }
        if (req.method == "HEAD") co_return;
        // ListObjectsV2
        std::string prefix(req.query.get("prefix"));
        std::string after(req.query.get("continuation-token"));
        std::string x =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><Name>" + bucket + "</Name>";
        int n = 0;
        std::string last;
        bool truncated = false;
        for (auto o = it->second.upper_bound(after); o != it->second.end(); ++o) {
            if (!o->first.starts_with(prefix)) continue;
            if (n == 7) {
                truncated = true;
                break;
            }
            x += "<Contents><Key>" + xml_escape(o->first) + "</Key><Size>" +
                 std::to_string(o->second.size()) + "</Size></Contents>";
            last = o->first;
            ++n;
        }
        x += std::string("<IsTruncated>") + (truncated ? "true" : "false") + "</IsTruncated>";
        if (truncated) x += "<NextContinuationToken>" + xml_escape(last) + "</NextContinuationToken>";
        x += "</ListBucketResult>";
        resp.set_body(std::move(x), "application/xml");
        co_return;
    }
    if (req.method == "PUT") {
        std::string data = co_await req.read_all(64u << 20);
        std::lock_guard lk(g_s3->mu);
        g_s3->buckets[bucket][obj] = std::move(data);
        ++g_s3->puts;
        resp.headers.set("ETag", "\"x\"");
        co_return;
    }
    std::lock_guard lk(g_s3->mu);
    const std::string* data = nullptr;
    if (auto b = g_s3->buckets.find(bucket); b != g_s3->buckets.end())
        if (auto o = b->second.find(obj); o != b->second.end()) data = &o->second;
    if (!data) {
        resp.status = 404;
        resp.set_body("<Error><Code>NoSuchKey</Code></Error>", "application/xml");
        co_return;
    }
    ++g_s3->gets;
    resp.set_body(*data, "application/octet-stream");
}

}  // namespace

TEST(LoaderS3, PathStylePutListGetAgainstAFakeS3) {
    FakeS3 s3;
    g_s3 = &s3;
    net::Router router;
    router.add("*", "/", s3_handler);
    net::Server server(net::ServerOptions{.threads = 2}, std::move(router));
    server.start();
    const std::string ep = "http://127.0.0.1:" + std::to_string(server.port());

    auto r = run_loader({"-s3endpoint=" + ep, "-bucket=s3://fake", "-pctput=100", "-maxputs=25",
                         "-minsize=3K", "-maxsize=9K", "-quiet", "-json", "-numworkers=4"});
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    int64_t stored_bytes = 0;
    {
        std::lock_guard lk(s3.mu);
        ASSERT_EQ(s3.buckets.count("fake"), 1u);  // created with PUT /fake
        EXPECT_EQ(s3.buckets["fake"].size(), 25u);
        for (const auto& [k, v] : s3.buckets["fake"]) stored_bytes += static_cast<int64_t>(v.size());
    }
    // stdout carries the JSON array after the runtime configuration
    auto lb = r.out.rfind("\n[\n");
    ASSERT_NE(lb, std::string::npos) << r.out;
    auto rb = r.out.find("\n]\n", lb);
    auto jv = json::parse(r.out.substr(lb + 1, rb - lb + 2));
    auto put = op_totals(jv.as_array().back(), "put");
    EXPECT_EQ(put.count, 25);
    EXPECT_EQ(put.bytes, stored_bytes);

    // S3 mode needs no -cleanup; GETs come from a ListObjectsV2 listing (4 pages)
    TempDir t;
    r = run_loader({"-s3endpoint=" + ep, "-bucket=s3://fake", "-pctput=0", "-epochs=2", "-quiet", "-json",
                    "-stats-output=" + t.file("s.json"), "-numworkers=3"});
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("Found 25 existing objects"), std::string::npos) << r.out;
    auto get = op_totals(json::parse(slurp(t.file("s.json"))).as_array().back(), "get");
    EXPECT_EQ(get.count, 50);
    EXPECT_EQ(get.errors, 0);
    EXPECT_EQ(get.bytes, 2 * stored_bytes);
    EXPECT_EQ(s3.gets, 50);
    server.stop(std::chrono::milliseconds(100));
    g_s3 = nullptr;
}
