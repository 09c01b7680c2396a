// Request statistics and their two renderings (spec/aisloader.md §4): the periodic/final table
// with Go's column layout, and the JSON array. Each op type (PUT, GET) keeps its count, bytes,
// errors, latency sum/min/max and a fixed-size latency histogram for percentiles (p50, p90, p99,
// p99.9: a C++ aisloader addition to the final table and the JSON).
//
// Stats is shared by every worker; a mutex guards it (a worker records once per request, the
// reporter snapshots once per interval, so contention is negligible).
#pragma once

#include "aisloader/histogram.hpp"

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

namespace ais::loader {

enum class Op { put = 0, get = 1 };
inline constexpr int kNumOps = 2;
inline const char* op_name(Op op) {
    return op == Op::put ? "PUT" : "GET";
}

// One op type over one period (an interval, or the whole run): Go's stats.HTTPReq.
struct OpStats {
    int64_t start_ns = 0;  // wall clock (unix ns) at the start of the period
    int64_t cnt = 0, bytes = 0, errs = 0;
    int64_t lat_sum = 0, lat_min = 0, lat_max = 0;
    Histogram hist;

    void add(int64_t nbytes, int64_t lat_ns) {
        if (cnt == 0 || lat_ns < lat_min) lat_min = lat_ns;
        if (lat_ns > lat_max) lat_max = lat_ns;
        ++cnt;
        bytes += nbytes;
        lat_sum += lat_ns;
        hist.record(lat_ns);
    }
    void merge(const OpStats& o);
    int64_t avg_latency() const { return cnt ? lat_sum / cnt : 0; }
    // Bytes per second over [start_ns, end_ns].
    int64_t throughput(int64_t end_ns) const;
};

struct Snapshot {
    OpStats interval[kNumOps];  // since the previous snapshot
    OpStats total[kNumOps];     // since the start
    int64_t now_ns = 0;
};

class Stats {
  public:
    explicit Stats(int64_t start_ns);
    void add(Op op, int64_t bytes, int64_t lat_ns);
    void add_err(Op op);
    // Returns the interval and totals and starts a new interval.
    Snapshot snapshot(int64_t now_ns);

  private:
    std::mutex mu_;
    OpStats interval_[kNumOps];
    OpStats total_[kNumOps];
};

// ---- formatting (Go aisloader's print.go) ----

std::string pretty_number(int64_t n);       // 12,345
std::string pretty_bytes(int64_t n);        // "54.3GiB", "-" for 0
std::string pretty_speed(int64_t bps);      // "5.43GiB/s", "-" for 0
std::string pretty_duration(int64_t ns);    // Go duration, fraction cut to 3 digits; "-" for 0
std::string pretty_time(int64_t unix_ns);   // local "HH:MM:SS"
std::string go_time_json(int64_t unix_ns);  // Go time.Time JSON (RFC 3339, local offset)

// Writes table or JSON stats to one output (stdout or -stats-output).
class StatsWriter {
  public:
    StatsWriter(FILE* out, bool json) : out_(out), json_(json) {}
    void header();  // table: the column header; JSON: "["
    // A periodic report: one table line per op with activity in the interval (count shows
    // "interval (cumulative pending queued)"), or one JSON element of interval stats.
    void periodic(const Snapshot& s, int64_t pending);
    // The final summary: table header again + one line of totals per op + percentiles; or the
    // last JSON element (totals) and "]".
    void final(const Snapshot& s, bool have[kNumOps]);

  private:
    void json_element(const OpStats* st, int64_t now_ns);
    FILE* out_;
    bool json_;
    bool first_elem_ = true;
};

}  // namespace ais::loader
