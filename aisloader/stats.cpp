#include "aisloader/stats.hpp"

#include "shared/util/units.hpp"

#include <fmt/core.h>

#include <ctime>

namespace ais::loader {

void OpStats::merge(const OpStats& o) {
    if (o.cnt > 0) {
        if (cnt == 0 || o.lat_min < lat_min) lat_min = o.lat_min;
        if (o.lat_max > lat_max) lat_max = o.lat_max;
    }
    cnt += o.cnt;
    bytes += o.bytes;
    errs += o.errs;
    lat_sum += o.lat_sum;
    hist.merge(o.hist);
}

int64_t OpStats::throughput(int64_t end_ns) const {
    int64_t d = end_ns - start_ns;
    if (d <= 0 || bytes == 0) return 0;
    return static_cast<int64_t>(static_cast<double>(bytes) * 1e9 / static_cast<double>(d));
}

Stats::Stats(int64_t start_ns) {
    for (int i = 0; i < kNumOps; ++i) interval_[i].start_ns = total_[i].start_ns = start_ns;
}

void Stats::add(Op op, int64_t bytes, int64_t lat_ns) {
    std::lock_guard lk(mu_);
    interval_[static_cast<int>(op)].add(bytes, lat_ns);
}

void Stats::add_err(Op op) {
    std::lock_guard lk(mu_);
    ++interval_[static_cast<int>(op)].errs;
}

Snapshot Stats::snapshot(int64_t now_ns) {
    Snapshot s;
    s.now_ns = now_ns;
    std::lock_guard lk(mu_);
    for (int i = 0; i < kNumOps; ++i) {
        total_[i].merge(interval_[i]);
        s.interval[i] = interval_[i];
        s.total[i] = total_[i];
        interval_[i] = OpStats();
        interval_[i].start_ns = now_ns;
    }
    return s;
}

// ---- formatting ----

std::string pretty_number(int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    int k = 0;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (k && k % 3 == 0) out += ',';
        out += *it;
        ++k;
    }
    if (n < 0) out += '-';
    return {out.rbegin(), out.rend()};
}

std::string pretty_bytes(int64_t n) {
    return n == 0 ? "-" : size_iec(n, 1);
}

std::string pretty_speed(int64_t bps) {
    return bps == 0 ? "-" : size_iec(bps, 2) + "/s";
}

std::string pretty_duration(int64_t ns) {
    if (ns == 0) return "-";
    std::string s = duration_str(ns);
    auto dot = s.find('.');
    if (dot == std::string::npos) return s;
    size_t end = dot + 1;
    while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
    if (end - dot - 1 > 3) s.erase(dot + 4, end - dot - 4);
    return s;
}

std::string pretty_time(int64_t unix_ns) {
    time_t t = static_cast<time_t>(unix_ns / 1'000'000'000);
    struct tm tm;
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
    return buf;
}

std::string go_time_json(int64_t unix_ns) {
    time_t t = static_cast<time_t>(unix_ns / 1'000'000'000);
    int64_t frac = unix_ns % 1'000'000'000;
    struct tm tm;
    localtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
    std::string out = buf;
    if (frac) {
        std::string f = fmt::format("{:09d}", frac);
        while (!f.empty() && f.back() == '0') f.pop_back();
        out += "." + f;
    }
    long off = tm.tm_gmtoff;
    if (off == 0) {
        out += 'Z';
    } else {
        char sign = off < 0 ? '-' : '+';
        if (off < 0) off = -off;
        out += fmt::format("{}{:02d}:{:02d}", sign, off / 3600, (off % 3600) / 60);
    }
    return out;
}

namespace {

// Go: "%-10s%-6s%-22s\t%-22s\t%-36s\t%-22s\t%-10s\n"
void table_line(FILE* out, const std::string& time, const std::string& op, const std::string& count,
                const std::string& size, const std::string& lat, const std::string& thr,
                const std::string& errs) {
    std::string line = fmt::format("{:<10}{:<6}{:<22}\t{:<22}\t{:<36}\t{:<22}\t{:<10}\n", time, op, count,
                                   size, lat, thr, errs);
    std::fputs(line.c_str(), out);
}

std::string latency3(const OpStats& s) {
    return fmt::format("{:<11}{:<11}{:<11}", pretty_duration(s.lat_min), pretty_duration(s.avg_latency()),
                       pretty_duration(s.lat_max));
}

constexpr double kPercentiles[] = {50, 90, 99, 99.9};
constexpr const char* kPctKeys[] = {"p50_latency", "p90_latency", "p99_latency", "p999_latency"};

}  // namespace

void StatsWriter::header() {
    if (json_) {
        std::fputs("[\n", out_);
    } else {
        std::fputs("\n", out_);
        table_line(out_, "Time", "OP", "Count", "Size (Total)", "Latency (min, avg, max)", "Throughput (Avg)",
                   "Errors (Total)");
    }
    std::fflush(out_);
}

void StatsWriter::periodic(const Snapshot& s, int64_t pending) {
    if (json_) {
        json_element(s.interval, s.now_ns);
        std::fflush(out_);
        return;
    }
    const std::string t = pretty_time(s.now_ns);
    for (int i = 0; i < kNumOps; ++i) {
        const auto& iv = s.interval[i];
        const auto& tot = s.total[i];
        if (iv.cnt == 0 && iv.errs == 0) continue;
        std::string count = fmt::format("{} ({} {} {})", pretty_number(iv.cnt), pretty_number(tot.cnt),
                                        pretty_number(pending), 0);
        std::string size = fmt::format("{} ({})", pretty_bytes(iv.bytes), pretty_bytes(tot.bytes));
        std::string thr = fmt::format("{} ({})", pretty_speed(iv.throughput(s.now_ns)),
                                      pretty_speed(tot.throughput(s.now_ns)));
        std::string errs =
            tot.errs == 0 ? "-" : fmt::format("{} ({})", pretty_number(iv.errs), pretty_number(tot.errs));
        table_line(out_, t, op_name(static_cast<Op>(i)), count, size, latency3(iv), thr, errs);
    }
    std::fflush(out_);
}

void StatsWriter::final(const Snapshot& s, bool have[kNumOps]) {
    if (json_) {
        json_element(s.total, s.now_ns);
        std::fputs("\n]\n", out_);
        std::fflush(out_);
        return;
    }
    std::fputs("\n", out_);
    table_line(out_, "Time", "OP", "Count", "Size (Total)", "Latency (min, avg, max)", "Throughput (Avg)",
               "Errors (Total)");
    const std::string t = pretty_time(s.now_ns);
    for (int i = 0; i < kNumOps; ++i) {
        if (!have[i]) continue;
        const auto& tot = s.total[i];
        table_line(out_, t, op_name(static_cast<Op>(i)), pretty_number(tot.cnt), pretty_bytes(tot.bytes),
                   latency3(tot), pretty_speed(tot.throughput(s.now_ns)), pretty_number(tot.errs));
    }
    // Beyond AIS: latency percentiles of the whole run.
    std::fputs(
        fmt::format("\n{:<10}{:<6}{:<11}{:<11}{:<11}{:<11}\n", "Time", "OP", "p50", "p90", "p99", "p99.9")
            .c_str(),
        out_);
    for (int i = 0; i < kNumOps; ++i) {
        if (!have[i]) continue;
        const auto& h = s.total[i].hist;
        std::fputs(fmt::format("{:<10}{:<6}{:<11}{:<11}{:<11}{:<11}\n", t, op_name(static_cast<Op>(i)),
                               pretty_duration(h.percentile(50)), pretty_duration(h.percentile(90)),
                               pretty_duration(h.percentile(99)), pretty_duration(h.percentile(99.9)))
                       .c_str(),
                   out_);
    }
    std::fflush(out_);
}

void StatsWriter::json_element(const OpStats* st, int64_t now_ns) {
    auto one = [now_ns](const OpStats& s) {
        std::string o = fmt::format(
            "{{\"start_time\":\"{}\",\"count\":\"{}\",\"bytes\":\"{}\",\"errors\":{},\"latency\":{},"
            "\"duration\":{},\"min_latency\":{},\"max_latency\":{},\"throughput\":\"{}\"",
            go_time_json(s.start_ns), s.cnt, s.bytes, s.errs, s.avg_latency(), now_ns - s.start_ns, s.lat_min,
            s.lat_max, s.throughput(now_ns));
        for (size_t k = 0; k < std::size(kPercentiles); ++k)
            o += fmt::format(",\"{}\":{}", kPctKeys[k], s.hist.percentile(kPercentiles[k]));
        o += '}';
        return o;
    };
    OpStats batch;  // GetBatch is not implemented: always zero, kept for the format
    batch.start_ns = st[0].start_ns;
    std::string e =
        fmt::format("{}{{\"get\":{},\"put\":{},\"get_batch\":{}}}", first_elem_ ? "" : ",\n",
                    one(st[static_cast<int>(Op::get)]), one(st[static_cast<int>(Op::put)]), one(batch));
    first_elem_ = false;
    std::fputs(e.c_str(), out_);
}

}  // namespace ais::loader
