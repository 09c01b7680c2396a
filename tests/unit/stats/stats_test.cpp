// The stats module (shared/stats): counters summed over threads, AIS's names and kinds, the
// tracker JSON, and Prometheus text that a strict reader of the format accepts.
#include "shared/stats/node_metrics.hpp"
#include "shared/stats/stats.hpp"
#include "tests/integration/prom_text.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <thread>
#include <vector>

using namespace ais;
using namespace ais::stats;
using ais::test::parse_prom_text;

TEST(Stats, CounterSumsEveryThreadsAdds) {
    Counter c;
    std::vector<std::thread> ts;
    for (int t = 0; t < 8; ++t)
        ts.emplace_back([&] {
            for (int i = 0; i < 100000; ++i) c.add(1);
        });
    for (auto& t : ts) t.join();
    EXPECT_EQ(c.value(), 800000);
    c.set(42);
    EXPECT_EQ(c.value(), 42);
}

TEST(Stats, PrometheusValuesAreFormattedAsGoPrintsThem) {
    EXPECT_EQ(prom_value(0), "0");
    EXPECT_EQ(prom_value(1642), "1642");
    EXPECT_EQ(prom_value(3600.5), "3600.5");
    EXPECT_EQ(prom_value(999999), "999999");
    EXPECT_EQ(prom_value(1000000), "1e+06");
    EXPECT_EQ(prom_value(12582912), "1.2582912e+07");
    EXPECT_EQ(prom_value(1.721761792e10), "1.721761792e+10");
    EXPECT_EQ(prom_value(0.0001), "0.0001");
    EXPECT_EQ(prom_value(0.00001), "1e-05");
    EXPECT_EQ(prom_value(-3), "-3");
}

TEST(Stats, NamesKindsAndTheTrackerAsAisHasThem) {
    NodeMetrics m(true, 1);
    m.get(2'000'000, 4096);
    m.get(1'000'000, 1024);
    m.err_get_n->add();
    m.put(5'000'000, 100);
    auto tr = boost::json::parse(m.tracker.tracker_json()).as_object();
    EXPECT_EQ(tr.at("get.n").as_int64(), 2);
    EXPECT_EQ(tr.at("get.ns").as_int64(), 3'000'000);
    EXPECT_EQ(tr.at("get.ns.total").as_int64(), 3'000'000);
    EXPECT_EQ(tr.at("get.size").as_int64(), 5120);
    EXPECT_EQ(tr.at("get.bps").as_int64(), 5120);
    EXPECT_EQ(tr.at("err.get.n").as_int64(), 1);
    EXPECT_EQ(tr.at("put.size").as_int64(), 100);
    EXPECT_FALSE(tr.contains("del.n"));  // cumulative and zero: omitted
    EXPECT_TRUE(tr.contains("state.flags"));  // gauges always
    EXPECT_GT(tr.at("up.ns.time").as_int64(), 0);

    auto kinds = boost::json::parse(m.tracker.kinds_json()).as_object();
    EXPECT_EQ(kinds.at("get.n").as_string(), "counter");
    EXPECT_EQ(kinds.at("get.size").as_string(), "size");
    EXPECT_EQ(kinds.at("get.ns.total").as_string(), "total");
    EXPECT_EQ(kinds.at("get.ns").as_string(), "latency");
    EXPECT_EQ(kinds.at("get.bps").as_string(), "bw");
    EXPECT_EQ(kinds.at("up.ns.time").as_string(), "special");
    EXPECT_EQ(kinds.at("state.flags").as_string(), "gauge");

    NodeMetrics p(false, 1);
    EXPECT_EQ(p.get_size, nullptr);
    EXPECT_FALSE(boost::json::parse(p.tracker.kinds_json()).as_object().contains("get.size"));
}

TEST(Stats, PrometheusTextHasAisNamesLabelsAndParses) {
    NodeMetrics m(true, 1);
    m.get(2'000'000, 12582912);
    m.tracker.reg("disk.sda.util", Kind::compbw, "disk utilization (%%)", {{"disk", "sda"}}, "disk_util").c.set(7);
    const std::string text = m.tracker.prometheus("t.1");
    auto p = parse_prom_text(text);
    EXPECT_EQ(p.types.at("ais_target_get_count"), "counter");
    EXPECT_EQ(p.types.at("ais_target_get_bytes"), "counter");
    EXPECT_EQ(p.types.at("ais_target_uptime"), "gauge");
    EXPECT_EQ(p.helps.at("ais_target_get_count"), "total number of executed GET(object) requests");
    EXPECT_EQ(p.value("ais_target_get_count", {{"node_id", "t_1"}, {"bucket", ""}}), 1);
    EXPECT_EQ(p.value("ais_target_get_bytes"), 12582912);
    EXPECT_NE(text.find("ais_target_get_bytes{bucket=\"\",node_id=\"t_1\"} 1.2582912e+07\n"), std::string::npos) << text;
    EXPECT_EQ(p.value("ais_target_put_count", {{"xkind", ""}}), 0);
    EXPECT_EQ(p.value("ais_target_disk_util", {{"disk", "sda"}}), 7);
    // Latencies and throughputs are derived, not exported.
    EXPECT_EQ(p.types.count("ais_target_get_ns"), 0u);
    EXPECT_EQ(p.types.count("ais_target_get_bps"), 0u);
    // Families come sorted by name.
    std::string prev;
    for (const auto& [name, type] : p.types) {
        EXPECT_LT(prev, name);
        prev = name;
    }
}

TEST(Stats, TheExpositionReaderRefusesWhatIsNotTheFormat) {
    EXPECT_NO_THROW(parse_prom_text("# HELP a_b x\n# TYPE a_b counter\na_b{l=\"v\\\"q\"} 1e+07\nc NaN\n"));
    for (const char* bad : {"a b\n", "9a 1\n", "a{l=v} 1\n", "a{l=\"v} 1\n", "a 1x\n", "a 1",
                            "# TYPE a counter\n# TYPE a gauge\n", "a 1\n# TYPE a counter\n", "# TYPE a nope\n",
                            "a{l=\"1\",l=\"2\"} 1\n"}) {
        EXPECT_THROW(parse_prom_text(bad), std::runtime_error) << bad;
    }
}

TEST(Stats, LatencyHistogramsAreCumulativePrometheusHistograms) {
    NodeMetrics m(true, 1);
    m.get(300'000, 1);        // 0.3 ms: the first bucket (<= 0.5 ms)
    m.get(3'000'000, 1);      // 3 ms: <= 5 ms
    m.get(20'000'000'000, 1);  // 20 s: only +Inf
    auto p = parse_prom_text(m.tracker.prometheus("t1"));
    EXPECT_EQ(p.types.at("ais_target_get_latency_seconds"), "histogram");
    EXPECT_EQ(p.value("ais_target_get_latency_seconds_bucket", {{"le", "0.0005"}}), 1);
    EXPECT_EQ(p.value("ais_target_get_latency_seconds_bucket", {{"le", "0.0025"}}), 1);
    EXPECT_EQ(p.value("ais_target_get_latency_seconds_bucket", {{"le", "0.005"}}), 2);
    EXPECT_EQ(p.value("ais_target_get_latency_seconds_bucket", {{"le", "10"}}), 2);
    EXPECT_EQ(p.value("ais_target_get_latency_seconds_bucket", {{"le", "+Inf"}}), 3);
    EXPECT_EQ(p.value("ais_target_get_latency_seconds_count"), 3);
    EXPECT_NEAR(p.value("ais_target_get_latency_seconds_sum"), 20.0033, 1e-9);
    EXPECT_EQ(p.value("ais_target_put_latency_seconds_count"), 0);
}
