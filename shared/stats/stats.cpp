#include "shared/stats/stats.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

namespace ais::stats {

std::string_view kind_name(Kind k) {
    switch (k) {
        case Kind::counter: return "counter";
        case Kind::size: return "size";
        case Kind::total: return "total";
        case Kind::latency: return "latency";
        case Kind::bw: return "bw";
        case Kind::gauge: return "gauge";
        case Kind::special: return "special";
        case Kind::compbw: return "compbw";
    }
    return "counter";
}

// ---- Counter ----

size_t Counter::cell() noexcept {
    static std::atomic<size_t> next{0};
    thread_local size_t mine = next.fetch_add(1, std::memory_order_relaxed) % kCells;
    return mine;
}

void Counter::set(int64_t v) noexcept {
    cells_[0].v.store(v, std::memory_order_relaxed);
    for (size_t i = 1; i < kCells; ++i) cells_[i].v.store(0, std::memory_order_relaxed);
}

int64_t Counter::value() const noexcept {
    int64_t s = 0;
    for (const auto& c : cells_) s += c.v.load(std::memory_order_relaxed);
    return s;
}

// ---- Tracker ----

namespace {

// AIS's derivation of an exported name (stats/common_prom.go): ".n" -> "_count", ".size" ->
// "_bytes", then dots to underscores; latencies and throughputs are not exported.
std::string prom_name(const std::string& name, Kind k) {
    if (k == Kind::latency || k == Kind::bw) return {};
    std::string n = name;
    if (k == Kind::counter && n.ends_with(".n")) n = n.substr(0, n.size() - 2) + ".count";
    if (k == Kind::size && n.ends_with(".size")) n = n.substr(0, n.size() - 5) + ".bytes";
    std::replace(n.begin(), n.end(), '.', '_');
    return n;
}

bool exported_as_counter(Kind k) { return k == Kind::counter || k == Kind::size || k == Kind::total; }

void json_string(std::string& out, std::string_view s) {
    out += '"';
    for (char ch : s) {
        if (ch == '"' || ch == '\\') out += '\\';
        out += ch;
    }
    out += '"';
}

std::string escape_help(std::string_view s) {
    std::string out;
    for (char ch : s) {
        if (ch == '\\') out += "\\\\";
        else if (ch == '\n') out += "\\n";
        else out += ch;
    }
    return out;
}

std::string escape_label(std::string_view s) {
    std::string out;
    for (char ch : s) {
        if (ch == '\\') out += "\\\\";
        else if (ch == '"') out += "\\\"";
        else if (ch == '\n') out += "\\n";
        else out += ch;
    }
    return out;
}

}  // namespace

Metric& Tracker::reg(const std::string& name, Kind k, std::string help, Labels labels, std::string prom) {
    std::lock_guard lk(mu_);
    for (auto& m : metrics_)
        if (m.name == name) return m;
    Metric& m = metrics_.emplace_back();
    m.name = name;
    m.kind = k;
    m.help = std::move(help);
    m.labels = std::move(labels);
    m.prom = prom == "-" ? std::string() : prom.empty() ? prom_name(name, k) : std::move(prom);
    return m;
}

Metric* Tracker::find(std::string_view name) {
    std::lock_guard lk(mu_);
    for (auto& m : metrics_)
        if (m.name == name) return &m;
    return nullptr;
}

Histogram& Tracker::reg_hist(const std::string& prom, std::string help) {
    std::lock_guard lk(mu_);
    for (auto& h : hists_)
        if (h.prom == prom) return h.h;
    Hist& h = hists_.emplace_back();
    h.prom = prom;
    h.help = std::move(help);
    return h.h;
}

void Tracker::on_read(std::function<void(Tracker&)> fn) {
    std::lock_guard lk(mu_);
    on_read_.push_back(std::move(fn));
}

void Tracker::refresh() {
    std::vector<std::function<void(Tracker&)>> fns;
    {
        std::lock_guard lk(mu_);
        fns = on_read_;
    }
    for (auto& f : fns) f(*this);
}

std::string Tracker::tracker_json() {
    refresh();
    std::lock_guard lk(mu_);
    std::string out = "{";
    for (const auto& m : metrics_) {
        const int64_t v = m.c.value();
        const bool cumulative = m.kind == Kind::counter || m.kind == Kind::size || m.kind == Kind::total ||
                                m.kind == Kind::latency || m.kind == Kind::bw;
        if (cumulative && v == 0) continue;
        if (out.size() > 1) out += ',';
        json_string(out, m.name);
        out += ':';
        out += std::to_string(v);
    }
    out += '}';
    return out;
}

std::string Tracker::kinds_json() {
    std::lock_guard lk(mu_);
    std::string out = "{";
    for (const auto& m : metrics_) {
        if (out.size() > 1) out += ',';
        json_string(out, m.name);
        out += ':';
        json_string(out, kind_name(m.kind));
    }
    out += '}';
    return out;
}

std::string Tracker::prometheus(std::string_view node_id) {
    refresh();
    std::string nid(node_id);
    std::replace(nid.begin(), nid.end(), '.', '_');
    struct Series {
        std::string labels;
        std::string value;
    };
    struct Family {
        std::string help;
        bool counter = true;
        std::vector<Series> series;
    };
    std::map<std::string, Family> fams;  // sorted by name, as AIS's client prints them
    {
        std::lock_guard lk(mu_);
        for (const auto& m : metrics_) {
            if (m.prom.empty()) continue;
            Labels ls = m.labels;
            ls.emplace_back("node_id", nid);
            std::sort(ls.begin(), ls.end());
            std::string lab = "{";
            for (size_t i = 0; i < ls.size(); ++i) {
                if (i) lab += ',';
                lab += ls[i].first + "=\"" + escape_label(ls[i].second) + "\"";
            }
            lab += '}';
            double v = static_cast<double>(m.c.value());
            if (m.kind == Kind::special) v /= 1e9;  // uptime: ns -> seconds
            Family& f = fams["ais_" + role_ + "_" + m.prom];
            f.help = m.help;
            f.counter = exported_as_counter(m.kind);
            f.series.push_back({std::move(lab), prom_value(v)});
        }
    }
    std::string hist_text;
    {
        std::lock_guard lk(mu_);
        for (const auto& h : hists_) {
            const std::string name = "ais_" + role_ + "_" + h.prom;
            hist_text += "# HELP " + name + " " + escape_help(h.help) + "\n# TYPE " + name + " histogram\n";
            int64_t cum = 0;
            for (size_t i = 0; i <= Histogram::kBoundsNs.size(); ++i) {
                cum += h.h.bucket(i);
                const std::string le =
                    i < Histogram::kBoundsNs.size() ? prom_value(static_cast<double>(Histogram::kBoundsNs[i]) / 1e9) : "+Inf";
                hist_text += name + "_bucket{le=\"" + le + "\",node_id=\"" + escape_label(nid) + "\"} " + std::to_string(cum) + "\n";
            }
            hist_text += name + "_sum{node_id=\"" + escape_label(nid) + "\"} " + prom_value(static_cast<double>(h.h.sum_ns()) / 1e9) + "\n";
            hist_text += name + "_count{node_id=\"" + escape_label(nid) + "\"} " + std::to_string(cum) + "\n";
        }
    }
    std::string out;
    for (auto& [name, f] : fams) {
        std::sort(f.series.begin(), f.series.end(), [](const Series& a, const Series& b) { return a.labels < b.labels; });
        out += "# HELP " + name + " " + escape_help(f.help) + "\n";
        out += "# TYPE " + name + (f.counter ? " counter\n" : " gauge\n");
        for (const auto& s : f.series) out += name + s.labels + " " + s.value + "\n";
    }
    return out + hist_text;
}

std::string prom_value(double v) {
    if (v == 0) return "0";
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    // The shortest digits that round-trip; Go's 'g' with shortest precision switches to the
    // exponent form when the decimal exponent is < -4 or >= 6.
    char sci[64];
    auto r = std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific);
    std::string s(sci, r.ptr);
    const auto epos = s.find('e');
    const int exp = std::stoi(s.substr(epos + 1));
    const std::string mant = s.substr(0, epos);
    if (exp < -4 || exp >= 6) {
        // Go: mantissa, 'e', sign, at least two exponent digits.
        char buf[16];
        std::snprintf(buf, sizeof buf, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
        return mant + buf;
    }
    char fix[64];
    auto f = std::to_chars(fix, fix + sizeof fix, v, std::chars_format::fixed);
    return std::string(fix, f.ptr);
}

}  // namespace ais::stats
