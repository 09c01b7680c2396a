#include "shared/util/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <mutex>

#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

namespace ais::log {

namespace {

namespace fs = std::filesystem;

constexpr const char* kTags[2] = {"INFO", "ERROR"};
constexpr size_t kStdioBuf = 64 << 10;

std::string pattern_for(const std::string& node) {
    std::string p = "%L %H:%M:%S.%f ";
    for (char c : node) {
        if (c == '%') p += '%';  // spdlog's escape
        p += c;
    }
    if (!node.empty()) p += ' ';
    return p + "%v";
}

std::string short_host() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof(buf) - 1) != 0) return "unknown";
    std::string h(buf);
    if (auto dot = h.find('.'); dot != std::string::npos) h.resize(dot);
    return h.empty() ? "unknown" : h;
}

// The node's log directory: the INFO and ERROR files, their symlinks, rotation and the max_total
// cleanup. Everything runs under the sink's mutex (base_sink), so lines never interleave.
class NodeSink final : public spdlog::sinks::base_sink<std::mutex> {
  public:
    ~NodeSink() override { close_all(); }

    void open(const Options& o) {
        std::lock_guard lk(mutex_);
        close_all();
        opts_ = o;
        if (opts_.max_size == 0) opts_.max_size = size_t(4) << 20;
        if (opts_.dir.empty()) return;
        std::error_code ec;
        fs::create_directories(opts_.dir, ec);
        if (ec)
            throw std::runtime_error("cannot create log directory \"" + opts_.dir + "\": " + ec.message());
        for (int i = 0; i < 2; ++i) open_file(i, false);
    }
    void set_limits(size_t max_size, size_t max_total) {
        std::lock_guard lk(mutex_);
        if (max_size) opts_.max_size = max_size;
        opts_.max_total = max_total;
    }
    void set_to_stderr(bool on) {
        std::lock_guard lk(mutex_);
        opts_.to_stderr = on;
    }
    void rotate() {
        std::lock_guard lk(mutex_);
        if (opts_.dir.empty()) return;
        for (int i = 0; i < 2; ++i) open_file(i, true);
        cleanup();
    }
    std::string dir() {
        std::lock_guard lk(mutex_);
        return opts_.dir;
    }
    std::string name() {
        std::lock_guard lk(mutex_);
        return opts_.dir.empty() ? std::string() : opts_.name;
    }
    std::string current(int i) {
        std::lock_guard lk(mutex_);
        return files_[i].path;
    }
    std::vector<std::string> all(int i) {
        std::lock_guard lk(mutex_);
        std::vector<std::string> out;
        for (const auto& f : list_files(i)) out.push_back(f.path);
        return out;
    }

  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t buf;
        formatter_->format(msg, buf);
        const bool warn = msg.level >= spdlog::level::warn;
        if (files_[0].f == nullptr) {
            std::fwrite(buf.data(), 1, buf.size(), stderr);
            return;
        }
        put(0, buf);
        if (warn) put(1, buf);
        if (opts_.to_stderr || msg.level >= spdlog::level::err)
            std::fwrite(buf.data(), 1, buf.size(), stderr);
    }
    void flush_() override {
        for (auto& f : files_)
            if (f.f) std::fflush(f.f);
        std::fflush(stderr);
    }

  private:
    struct File {
        std::FILE* f = nullptr;
        std::string path;
        size_t written = 0;
    };
    struct Entry {
        std::string path;
        fs::file_time_type mtime;
        uintmax_t size;
    };

    void put(int i, const spdlog::memory_buf_t& buf) {
        File& f = files_[i];
        std::fwrite(buf.data(), 1, buf.size(), f.f);
        f.written += buf.size();
        if (f.written >= opts_.max_size) {
            open_file(i, true);
            cleanup();
        }
    }

    void close_all() {
        for (auto& f : files_) {
            if (f.f) std::fclose(f.f);
            f = File{};
        }
    }

    // A new file for tag i (the first at startup, or the next one on rotation), its header line,
    // and the <name>.<TAG> symlink pointing at it.
    void open_file(int i, bool rotated) {
        File& cur = files_[i];
        const auto now = std::chrono::system_clock::now();
        const std::time_t t = std::chrono::system_clock::to_time_t(now);
        std::tm tm{};
        ::localtime_r(&t, &tm);
        char stamp[32], date[32];
        std::strftime(stamp, sizeof(stamp), "%m%d-%H%M%S", &tm);
        std::strftime(date, sizeof(date), "%Y/%m/%d %H:%M:%S", &tm);
        const std::string base =
            opts_.name + "." + host_ + "." + kTags[i] + "." + stamp + "." + std::to_string(::getpid());
        std::string file = base;
        std::error_code ec;
        // Rotations within one second: the same name plus a sequence number.
        for (int seq = 1;
             (fs::exists(opts_.dir + "/" + file, ec) || opts_.dir + "/" + file == cur.path) && seq < 10000;
             ++seq)
            file = base + "-" + std::to_string(seq);
        const std::string path = opts_.dir + "/" + file;
        std::FILE* f = std::fopen(path.c_str(), "w");
        if (!f) {
            if (!rotated) throw std::runtime_error("cannot create log file \"" + path + "\"");
            // Keep writing to the old file rather than lose lines.
            std::fprintf(stderr, "E cannot rotate the log to %s\n", path.c_str());
            cur.written = 0;
            return;
        }
        std::setvbuf(f, nullptr, _IOFBF, kStdioBuf);
        if (cur.f) std::fclose(cur.f);
        cur.f = f;
        cur.path = path;
        std::string header = std::string(rotated ? "Rotated at " : "Started up at ") + date + ", host " +
                             host_ + ", pid " + std::to_string(::getpid());
        if (!opts_.title.empty()) header += ", " + opts_.title;
        header += '\n';
        std::fwrite(header.data(), 1, header.size(), f);
        cur.written = header.size();
        const std::string link = opts_.dir + "/" + opts_.name + "." + kTags[i];
        fs::remove(link, ec);
        fs::create_symlink(file, link, ec);
    }

    // This node's files of tag i (not the symlinks), oldest first.
    std::vector<Entry> list_files(int i) const {
        std::vector<Entry> out;
        if (opts_.dir.empty()) return out;
        const std::string prefix = opts_.name + ".";
        const std::string tag = std::string(".") + kTags[i] + ".";
        std::error_code ec;
        for (const auto& de : fs::directory_iterator(opts_.dir, ec)) {
            std::error_code e2;
            if (!de.is_regular_file(e2) || de.is_symlink(e2)) continue;
            const std::string fname = de.path().filename().string();
            if (!fname.starts_with(prefix) || fname.find(tag) == std::string::npos) continue;
            out.push_back({de.path().string(), de.last_write_time(e2), de.file_size(e2)});
        }
        std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
            return a.mtime != b.mtime ? a.mtime < b.mtime : a.path < b.path;
        });
        return out;
    }

    // Removes the oldest rotated files (never the current ones) while all of them together
    // exceed max_total.
    void cleanup() {
        if (opts_.max_total == 0) return;
        std::vector<Entry> all;
        for (int i = 0; i < 2; ++i) {
            auto v = list_files(i);
            all.insert(all.end(), v.begin(), v.end());
        }
        std::sort(all.begin(), all.end(), [](const Entry& a, const Entry& b) { return a.mtime < b.mtime; });
        uintmax_t total = 0;
        for (const auto& e : all) total += e.size;
        for (const auto& e : all) {
            if (total <= opts_.max_total) break;
            if (e.path == files_[0].path || e.path == files_[1].path) continue;
            std::error_code ec;
            if (fs::remove(e.path, ec)) total -= e.size;
        }
    }

    Options opts_;
    std::string host_ = short_host();
    File files_[2];
};

std::atomic<int> g_level{static_cast<int>(Level::info)};

struct State {
    std::shared_ptr<NodeSink> sink = std::make_shared<NodeSink>();
    std::shared_ptr<spdlog::logger> logger;
    std::once_flag flusher;
    State() {
        sink->set_pattern(pattern_for(""));
        logger = std::make_shared<spdlog::logger>("ais", sink);
        logger->set_level(spdlog::level::trace);  // filtering happens in enabled()
        logger->flush_on(spdlog::level::warn);
    }
};

State& state() {
    static State s;
    return s;
}

spdlog::level::level_enum to_spd(Level l) {
    switch (l) {
        case Level::debug:
            return spdlog::level::debug;
        case Level::info:
            return spdlog::level::info;
        case Level::warn:
            return spdlog::level::warn;
        case Level::error:
            return spdlog::level::err;
    }
    return spdlog::level::info;
}

int tag_of(Level sev) {
    return sev >= Level::warn ? 1 : 0;
}

}  // namespace

void init(const Options& o, Level l) {
    set_level(l);
    State& st = state();
    st.logger->flush();
    st.sink->set_pattern(pattern_for(o.node));
    st.sink->open(o);
    if (o.dir.empty()) return;
    // Info/debug lines sit in the stdio buffer at most this long.
    std::call_once(st.flusher, [&] {
        spdlog::register_logger(st.logger);
        spdlog::flush_every(std::chrono::seconds(1));
    });
}

void set_level(Level l) {
    g_level.store(static_cast<int>(l), std::memory_order_relaxed);
}
void set_limits(size_t max_size, size_t max_total) {
    state().sink->set_limits(max_size, max_total);
}
void set_to_stderr(bool on) {
    state().sink->set_to_stderr(on);
}
Level level() {
    return static_cast<Level>(g_level.load(std::memory_order_relaxed));
}
bool enabled(Level l) {
    return static_cast<int>(l) >= g_level.load(std::memory_order_relaxed);
}

Level parse_level(std::string_view s) {
    const std::string_view in = s;
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    if (auto sp = s.find(' '); sp != std::string_view::npos) s = s.substr(0, sp);  // "4 ec,xs"
    if (iequals(s, "debug")) return Level::debug;
    if (iequals(s, "info")) return Level::info;
    if (iequals(s, "warn") || iequals(s, "warning")) return Level::warn;
    if (iequals(s, "error")) return Level::error;
    if (s.size() == 1 && s[0] >= '0' && s[0] <= '5') return s[0] >= '4' ? Level::debug : Level::info;
    throw ErrBadRequest("invalid log level " + json_quote(in) +
                        " (expecting 0..5 or one of: debug, info, warn, error)");
}

std::string_view to_string(Level l) {
    switch (l) {
        case Level::debug:
            return "debug";
        case Level::info:
            return "info";
        case Level::warn:
            return "warn";
        case Level::error:
            return "error";
    }
    return "info";
}

std::string dir() {
    return state().sink->dir();
}
std::string name() {
    return state().sink->name();
}
std::string current_file(Level sev) {
    return state().sink->current(tag_of(sev));
}
std::vector<std::string> all_files(Level sev) {
    return state().sink->all(tag_of(sev));
}

void write(Level l, std::string_view msg) {
    state().logger->log(to_spd(l), msg);
}

void flush() {
    state().logger->flush();
}

void rotate() {
    state().sink->rotate();
}

}  // namespace ais::log
