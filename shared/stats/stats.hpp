// One stats module per node: named metrics that the data path, the HTTP core and jobs report into,
// read the ways AIS exposes them:
//   tracker_json()    the "tracker" of GET /v1/daemon?what=node_status: {"get.n": 12, ...}, bare
//                     cumulative values by AIS name (counters, sizes and totals only when non-zero;
//                     gauges always); clients compute rates and averages from two samples
//   kinds_json()      GET /v1/daemon?what=metrics: {"get.n": "counter", ...} (AIS's kind strings)
//   prometheus()      GET /metrics: text exposition, AIS's names (ais_<target|proxy>_<name>, with
//                     .n -> _count and .size -> _bytes) and a node_id label on every series;
//                     latencies and throughputs are not exported (they are derived), as in AIS
//
// Cheap enough to leave on: a Counter is a set of cache-line-sized cells, one picked per thread, so
// an add is one relaxed atomic increment on a line no other core writes; reading sums the cells.
// Metrics are registered at startup (and disks when first seen); a Metric never moves.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ais::stats {

// AIS's kinds (stats/api.go), their strings in what=metrics.
enum class Kind : uint8_t {
    counter,  // "counter": a count of events (name ".n")
    size,     // "size": cumulative bytes (".size")
    total,    // "total": cumulative nanoseconds (".ns.total")
    latency,  // "latency": cumulative nanoseconds, averaged per event by clients (".ns")
    bw,       // "bw": cumulative bytes, a throughput to clients (".bps")
    gauge,    // "gauge": a current value
    special,  // "special": uptime
    compbw,   // "compbw": a computed throughput/utilization (disks)
};
std::string_view kind_name(Kind k);

class Counter {
  public:
    static constexpr size_t kCells = 16;
#ifndef AIS_STATS_OFF
    void add(int64_t v = 1) noexcept { cells_[cell()].v.fetch_add(v, std::memory_order_relaxed); }
#else
    void add(int64_t = 1) noexcept {}  // compiled out (cmake -DAIS_STATS=OFF), to measure the cost
#endif
    // Gauges: one value (kept in the first cell).
    void set(int64_t v) noexcept;
    int64_t value() const noexcept;

  private:
    static size_t cell() noexcept;
    struct alignas(64) Cell {
        std::atomic<int64_t> v{0};
    };
    std::array<Cell, kCells> cells_;
};

using Labels = std::vector<std::pair<std::string, std::string>>;

// A latency histogram (Prometheus type histogram, in seconds): fixed bucket bounds, one Counter per
// bucket, so an observation is two relaxed adds and a short scan of the bounds.
class Histogram {
  public:
    static constexpr std::array<int64_t, 14> kBoundsNs{500'000,      1'000'000,     2'500'000,     5'000'000,
                                                       10'000'000,   25'000'000,    50'000'000,    100'000'000,
                                                       250'000'000,  500'000'000,   1'000'000'000, 2'500'000'000,
                                                       5'000'000'000, 10'000'000'000};
    void observe(int64_t ns) noexcept {
        size_t i = 0;
        while (i < kBoundsNs.size() && ns > kBoundsNs[i]) ++i;
        buckets_[i].add();
        sum_ns_.add(ns);
    }
    int64_t bucket(size_t i) const noexcept { return buckets_[i].value(); }  // i == size: +Inf
    int64_t sum_ns() const noexcept { return sum_ns_.value(); }

  private:
    std::array<Counter, kBoundsNs.size() + 1> buckets_;
    Counter sum_ns_;
};

struct Metric {
    std::string name;  // AIS's, e.g. "get.n"
    Kind kind = Kind::counter;
    std::string help;
    std::string prom;  // exported name after "ais_<role>_" ("" = not exported)
    Labels labels;     // besides node_id; AIS's bucket labels are "" unless detailed metrics are on
    Counter c;

    void add(int64_t v = 1) noexcept { c.add(v); }
};

class Tracker {
  public:
    explicit Tracker(std::string role) : role_(std::move(role)) {}
    Tracker(const Tracker&) = delete;
    Tracker& operator=(const Tracker&) = delete;

    // Registers (or returns the registered) metric. The Prometheus name is derived from `name`
    // and `kind` unless `prom` is given; `prom` "-" = not exported.
    Metric& reg(const std::string& name, Kind k, std::string help, Labels labels = {}, std::string prom = {});
    Metric* find(std::string_view name);
    // A latency histogram exported to Prometheus only, as ais_<role>_<prom> (in seconds).
    Histogram& reg_hist(const std::string& prom, std::string help);
    const std::string& role() const { return role_; }

    // Called before each rendering: sets gauges that are computed on read (uptime, disks).
    void on_read(std::function<void(Tracker&)> fn);

    std::string tracker_json();
    std::string kinds_json();
    std::string prometheus(std::string_view node_id);

  private:
    void refresh();
    std::string role_;
    std::mutex mu_;  // registration and reading; never taken on the data path
    std::deque<Metric> metrics_;
    struct Hist {
        std::string prom, help;
        Histogram h;
    };
    std::deque<Hist> hists_;
    std::vector<std::function<void(Tracker&)>> on_read_;
};

// The exposition value: Go's strconv.FormatFloat(v, 'g', -1, 64), as AIS's Prometheus client
// prints it (1642, 3600.5, 1.2582912e+07).
std::string prom_value(double v);

}  // namespace ais::stats
