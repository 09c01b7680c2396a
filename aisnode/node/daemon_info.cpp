// What a node tells about itself beyond its metadata (GET /v1/daemon?what=...), as AIS answers:
//   log       this node's current log (?severity=info|warning|error, ?offset=N), or with ?all=true
//             a TAR.GZ of every log file of that severity (current and rotated)
//   sysinfo   memory, CPU and load (AIS apc.MemCPUInfo); a target adds its capacity (TSysInfo)
//   backends  the configured remote backends: [] (ais:// only)
//   remote    attached remote AIS clusters: {"a":[],"ver":0}
// and the node's logging: files named and rotated as AIS names them (shared/util/log.hpp), their
// level and limits following the cluster config's `log` section at runtime.
#include "aisnode/fs/file.hpp"
#include "aisnode/node/node.hpp"

#include "aisnode/target/target.hpp"
#include "shared/api/apc.hpp"
#include "shared/config/cluster_config.hpp"
#include "shared/net/async.hpp"
#include "shared/net/work_pool.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <fmt/core.h>
#include <isa-l/igzip_lib.h>
#include <boost/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>

namespace ais::node {

namespace {

namespace fs = std::filesystem;
namespace bj = boost::json;
using namespace std::chrono_literals;

// ---- sysinfo ----

// AIS apc.MemCPUInfo. Sampled at most every periodic.stats_time (10s), as AIS refreshes it: the
// CPU percentages are deltas over the time between two samples, and a snapshot that stays put
// makes two views taken one after the other agree.
struct MemCpu {
    uint64_t mem_used = 0, mem_avail = 0;
    double pct_mem_used = 0, pct_cpu_used = 0;
    double load[3] = {0, 0, 0};
    int64_t cpu_util = 0;
};

std::string slurp(const char* path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

uint64_t meminfo_kib(const std::string& text, std::string_view key) {
    auto p = text.find(key);
    if (p == std::string::npos) return 0;
    return std::strtoull(text.c_str() + p + key.size(), nullptr, 10);
}

class Sampler {
  public:
    MemCpu get(std::chrono::milliseconds period) {
        std::lock_guard lk(mu_);
        const auto now = std::chrono::steady_clock::now();
        if (have_ && now - at_ < period) return last_;
        MemCpu m;
        const std::string mi = slurp("/proc/meminfo");
        const uint64_t total = meminfo_kib(mi, "MemTotal:") << 10;
        m.mem_avail = meminfo_kib(mi, "MemAvailable:") << 10;
        long rss_pages = 0, size_pages = 0;
        if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
            if (std::fscanf(f, "%ld %ld", &size_pages, &rss_pages) != 2) rss_pages = 0;
            std::fclose(f);
        }
        m.mem_used = static_cast<uint64_t>(rss_pages) * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
        m.pct_mem_used = total ? double(m.mem_used) * 100 / double(total) : 0;
        if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
            if (std::fscanf(f, "%lf %lf %lf", &m.load[0], &m.load[1], &m.load[2]) != 3)
                m.load[0] = m.load[1] = m.load[2] = 0;
            std::fclose(f);
        }
        // System CPU: busy/total jiffies between samples (the first: since boot).
        uint64_t busy = 0, all = 0;
        {
            const std::string st = slurp("/proc/stat");
            std::istringstream is(st.substr(0, st.find('\n')));
            std::string cpu;
            is >> cpu;
            uint64_t v, i = 0;
            while (is >> v) {
                all += v;
                if (i != 3 && i != 4) busy += v;  // idle, iowait
                ++i;
            }
        }
        if (all > all_)
            m.cpu_util = static_cast<int64_t>(double(busy - busy_) * 100 / double(all - all_) + 0.5);
        busy_ = busy, all_ = all;
        // This process: utime+stime between samples over the wall time.
        double proc_secs = 0;
        {
            const std::string st = slurp("/proc/self/stat");
            auto rp = st.rfind(')');
            if (rp != std::string::npos) {
                std::istringstream is(st.substr(rp + 2));
                std::string tok;
                uint64_t ut = 0, stt = 0;
                for (int field = 3; is >> tok; ++field) {
                    if (field == 14) ut = std::strtoull(tok.c_str(), nullptr, 10);
                    if (field == 15) {
                        stt = std::strtoull(tok.c_str(), nullptr, 10);
                        break;
                    }
                }
                proc_secs = double(ut + stt) / double(::sysconf(_SC_CLK_TCK));
            }
        }
        const double wall = have_ ? std::chrono::duration<double>(now - at_).count() : 0;
        if (wall > 0) m.pct_cpu_used = (proc_secs - proc_secs_) * 100 / wall;
        proc_secs_ = proc_secs;
        have_ = true, at_ = now, last_ = m;
        return m;
    }

  private:
    std::mutex mu_;
    bool have_ = false;
    std::chrono::steady_clock::time_point at_;
    MemCpu last_;
    uint64_t busy_ = 0, all_ = 0;
    double proc_secs_ = 0;
};

Sampler& sampler() {
    static Sampler s;
    return s;
}

bj::object memcpu_json(const MemCpu& m) {
    bj::object o;
    o["mem_used"] = m.mem_used;
    o["mem_avail"] = m.mem_avail;
    o["pct_mem_used"] = m.pct_mem_used;
    o["pct_cpu_used"] = m.pct_cpu_used;
    o["load_avg"] = bj::object{{"One", m.load[0]}, {"Five", m.load[1]}, {"Fifteen", m.load[2]}};
    o["cpu_util"] = m.cpu_util;
    return o;
}

// AIS CapacityInfo over the target's mountpaths, each filesystem counted once.
void add_capacity(bj::object& o, const std::string& mountpaths_json) {
    uint64_t used = 0, total = 0;
    std::set<unsigned long> seen;
    auto v = bj::parse(mountpaths_json);
    if (auto* a = v.as_object().if_contains("available"); a && a->is_array()) {
        for (const auto& p : a->as_array()) {
            if (!p.is_string()) continue;
            struct statvfs sv {};
            if (::statvfs(std::string(p.as_string()).c_str(), &sv) != 0 || !seen.insert(sv.f_fsid).second)
                continue;
            total += uint64_t(sv.f_blocks) * sv.f_frsize;
            used += uint64_t(sv.f_blocks - sv.f_bfree) * sv.f_frsize;
        }
    }
    o["fs_used"] = std::to_string(used);  // AIS: `json:"fs_used,string"`
    o["fs_capacity"] = std::to_string(total);
    o["pct_fs_used"] = total ? double(used) * 100 / double(total) : 0.0;
}

// ---- logs ----

// AIS's severity query: only the first letter counts; info is the default.
log::Level parse_severity(std::string_view sev) {
    if (sev.empty()) return log::Level::info;
    switch (std::tolower(static_cast<unsigned char>(sev[0]))) {
        case 'i':
            return log::Level::info;
        case 'w':
        case 'e':
            return log::Level::error;
        default:
            throw ErrBadRequest("unknown log severity " + json_quote(sev) +
                                " (expecting info, warning or error)");
    }
}

// A TAR.GZ written as it goes: ustar headers by hand, deflate by ISA-L's igzip.
class TgzWriter {
  public:
    explicit TgzWriter(std::FILE* out) : out_(out), lvl_(ISAL_DEF_LVL1_DEFAULT) {
        isal_deflate_init(&zs_);
        zs_.gzip_flag = IGZIP_GZIP;
        zs_.level = 1;
        zs_.level_buf = lvl_.data();
        zs_.level_buf_size = static_cast<uint32_t>(lvl_.size());
    }
    // One regular file; exactly `size` bytes of it (a log may grow while it is read).
    void add(const std::string& path, const std::string& name, uint64_t size, int64_t mtime) {
        char h[512] = {};
        std::snprintf(h, 100, "%s", name.c_str());
        std::snprintf(h + 100, 8, "%07o", 0644);
        std::snprintf(h + 108, 8, "%07o", 0);
        std::snprintf(h + 116, 8, "%07o", 0);
        std::snprintf(h + 124, 12, "%011llo", static_cast<unsigned long long>(size));
        std::snprintf(h + 136, 12, "%011llo", static_cast<unsigned long long>(mtime));
        h[156] = '0';
        std::memcpy(h + 257, "ustar", 6);
        std::memcpy(h + 263, "00", 2);
        std::memset(h + 148, ' ', 8);
        unsigned sum = 0;
        for (unsigned char c : h) sum += c;
        std::snprintf(h + 148, 8, "%06o", sum);
        h[155] = ' ';
        deflate(h, sizeof(h));
        std::FILE* in = std::fopen(path.c_str(), "rb");
        std::vector<char> buf(64 << 10);
        uint64_t left = size;
        while (left > 0) {
            size_t want = static_cast<size_t>(std::min<uint64_t>(left, buf.size()));
            size_t got = in ? std::fread(buf.data(), 1, want, in) : 0;
            if (got < want) std::memset(buf.data() + got, 0, want - got);  // truncated meanwhile
            deflate(buf.data(), want);
            left -= want;
        }
        if (in) std::fclose(in);
        static const char zeros[512] = {};
        if (size % 512) deflate(zeros, 512 - size % 512);
    }
    void finish() {
        static const char zeros[1024] = {};
        deflate(zeros, sizeof(zeros));  // end-of-archive
        zs_.end_of_stream = 1;
        zs_.next_in = nullptr;
        zs_.avail_in = 0;
        do pump();
        while (zs_.internal_state.state != ZSTATE_END);
        if (std::fflush(out_) != 0) throw std::runtime_error("writing the log archive failed");
    }

  private:
    void deflate(const char* p, size_t n) {
        zs_.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(p));
        zs_.avail_in = static_cast<uint32_t>(n);
        while (zs_.avail_in > 0) pump();
    }
    void pump() {
        uint8_t out[64 << 10];
        zs_.next_out = out;
        zs_.avail_out = sizeof(out);
        if (isal_deflate(&zs_) != COMP_OK) throw std::runtime_error("gzip of the log archive failed");
        const size_t n = sizeof(out) - zs_.avail_out;
        if (n && std::fwrite(out, 1, n, out_) != n)
            throw std::runtime_error("writing the log archive failed");
    }
    std::FILE* out_;
    std::vector<uint8_t> lvl_;
    isal_zstream zs_{};
};

// Every log file of the severity in one TAR.GZ, in an unlinked temp file; returns its fd.
int make_archive(log::Level sev, const std::string& node_id, uint64_t& size) {
    auto files = log::all_files(sev);
    if (files.empty()) throw ErrNotFound(node_id + ": no log files (logging to stderr)");
    std::string tmpl = (fs::temp_directory_path() / ("aislogs-" + node_id + "-XXXXXX")).string();
    int fd = ::mkstemp(tmpl.data());
    if (fd < 0)
        throw std::runtime_error("cannot create a temp file for the log archive: " +
                                 std::string(std::strerror(errno)));
    ::unlink(tmpl.c_str());  // the fd keeps it until the response is sent
    const int wfd = ::dup(fd);
    std::FILE* out = wfd < 0 ? nullptr : ::fdopen(wfd, "wb");
    if (!out) {
        const int err = errno;
        if (wfd >= 0) ::close(wfd);
        ::close(fd);  // unlinked: nothing of it stays
        throw std::runtime_error("cannot open the log archive for writing: " + std::string(std::strerror(err)));
    }
    try {
        TgzWriter w(out);
        for (const auto& f : files) {
            struct stat st {};
            if (::stat(f.c_str(), &st) != 0) continue;  // removed by rotation meanwhile
            w.add(f, fs::path(f).filename().string(), static_cast<uint64_t>(st.st_size), st.st_mtime);
        }
        w.finish();
    } catch (...) {
        std::fclose(out);
        // Unlinked: closing discards the partial archive, so a failed close loses nothing.
        ::close(fd);
        throw;
    }
    if (std::fclose(out) != 0) {
        ::close(fd);
        throw std::runtime_error("writing the log archive failed: " + std::string(std::strerror(errno)));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        throw std::runtime_error("cannot stat the log archive: " + std::string(std::strerror(err)));
    }
    size = static_cast<uint64_t>(st.st_size);
    return fd;
}

void apply_log_config(const config::LogConf& c) {
    try {
        log::set_level(log::parse_level(c.level));
    } catch (const std::exception& e) {
        log::warn("log.level: {}", e.what());
    }
    log::set_limits(static_cast<size_t>(std::max<int64_t>(c.max_size.bytes, 0)),
                    static_cast<size_t>(std::max<int64_t>(c.max_total.bytes, 0)));
    log::set_to_stderr(c.to_stderr);
}

}  // namespace

void Node::init_logging() {
    const auto& l = env_->local;
    auto cfg = env_->meta.config();
    log::Options o;
    o.dir = l.log_dir;
    o.name = "ais" + l.role;  // AIS: aisproxy.INFO, aistarget.ERROR, ...
    o.node = env_->self.name();
    o.title = fmt::format("aisnode {} {}", AIS_VERSION, env_->self.name());
    o.max_size = static_cast<size_t>(std::max<int64_t>(cfg->log.max_size.bytes, 0));
    o.max_total = static_cast<size_t>(std::max<int64_t>(cfg->log.max_total.bytes, 0));
    o.to_stderr = cfg->log.to_stderr;
    log::Level lvl = log::Level::info;
    try {
        lvl = log::parse_level(cfg->log.level);
    } catch (const std::exception&) {
    }
    log::init(o, lvl);
}

// The cluster config reaches a node by metasync (or a node override); its log section takes
// effect here within a second, as `ais config cluster log.level=4` does in AIS.
net::Task<void> Node::log_config_loop() {
    auto applied = env_->meta.config()->log;
    for (;;) {
        co_await net::sleep_for(1s);
        if (leaving_) co_return;
        auto cfg = env_->meta.config();
        if (cfg->log == applied) continue;
        const bool level_changed = cfg->log.level != applied.level;
        applied = cfg->log;
        apply_log_config(applied);
        if (level_changed)
            log::info("{}: log level {} ({})", env_->self.name(), applied.level,
                      log::to_string(log::level()));
    }
}

static std::chrono::milliseconds sample_period(const NodeEnv& env) {
    return std::chrono::milliseconds(
        std::clamp<int64_t>(env.meta.config()->periodic.stats_time.ms(), 1000, 60'000));
}

std::string Node::sys_info_json() const {
    return bj::serialize(memcpu_json(sampler().get(sample_period(*env_))));
}

net::Task<bool> Node::daemon_info(net::Request& req, net::Response& resp) {
    const std::string what(req.query.get(api::qp::kWhat));
    // Control-plane queries at debug (log.level 4/5) only; not the log reads, which would log
    // themselves into what `ais log show --refresh` follows.
    if (what != api::what::kLog && log::enabled(log::Level::debug))
        log::debug("GET /v1/daemon?{} from {}", req.raw_query, req.remote_addr);
    if (what == api::what::kSysInfo) {
        bj::object o = memcpu_json(sampler().get(sample_period(*env_)));
        if (target_) add_capacity(o, target_->mountpaths_json());
        resp.set_json(bj::serialize(o));
        co_return true;
    }
    if (what == api::what::kBackends) {
        resp.set_json("[]");  // no remote backends configured (ais:// only)
        co_return true;
    }
    if (what == api::what::kRemote) {
        resp.set_json(R"({"a":[],"ver":0})");  // no remote AIS clusters attached
        co_return true;
    }
    if (what != api::what::kLog) co_return false;

    const log::Level sev = parse_severity(req.query.get("severity"));
    if (req.query.get_bool("all")) {
        int fd = -1;
        uint64_t size = 0;
        const std::string id = env_->id();
        log::flush();
        co_await net::meta_pool().run([&] { fd = make_archive(sev, id, size); });
        resp.set_file(fd, 0, size, "application/gzip");
        co_return true;
    }
    log::flush();
    const std::string path = log::current_file(sev);
    if (path.empty()) throw ErrNotFound(env_->self.name() + ": no log file (logging to stderr)");
    ais::fs::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) throw ErrNotFound(env_->self.name() + ": cannot open the log " + path + ": " + std::strerror(errno));
    struct stat st {};
    ::fstat(fd.get(), &st);
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    uint64_t off = 0;
    if (auto so = req.query.get("offset"); !so.empty()) {
        auto v = parse_int(so);
        if (!v || *v < 0) {
            throw ErrBadRequest("invalid offset " + json_quote(so) + " (expecting a non-negative integer)");
        }
        if (static_cast<uint64_t>(*v) > size) {
            throw ErrBadRequest(fmt::format("log likely rotated (offset {}, size {})", *v, size));
        }
        off = static_cast<uint64_t>(*v);
    }
    resp.set_file(fd.release(), off, size - off, "text/plain; charset=utf-8");
    co_return true;
}

std::string Node::unknown_what(std::string_view what) const {
    std::string known =
        "smap, bmd, snode, config, log, sysinfo, backends, remote, software_version, node_status, "
        "node_stats, metrics";
    if (target_) known += ", mountpaths, disk";
    return fmt::format("invalid GET /v1/daemon request: unrecognized what={} ({} knows: {})",
                       json_quote(what), env_->self.name(), known);
}

}  // namespace ais::node
