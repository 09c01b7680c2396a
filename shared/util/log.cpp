#include "shared/util/log.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>

#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

namespace ais::log {

namespace {

constexpr const char* kPattern = "%L %H:%M:%S.%f %v";

// One sink whose destination can be swapped under its own lock: init() switches stderr <-> file
// and rotate() starts a new file, while other threads keep logging. (spdlog 1.10's
// rotating_file_sink has no rotate_now(); a fresh sink with rotate_on_open does the same.)
class OutputSink final : public spdlog::sinks::base_sink<std::mutex> {
  public:
    OutputSink() { inner_ = make_stderr(); }

    void to_file(const std::string& path, size_t max_bytes, size_t max_files) {
        auto fresh =
            std::make_unique<spdlog::sinks::rotating_file_sink_st>(path, max_bytes, max_files, false);
        fresh->set_pattern(kPattern);
        std::lock_guard lk(mutex_);
        inner_->flush();
        inner_ = std::move(fresh);
        path_ = path, max_bytes_ = max_bytes, max_files_ = max_files;
    }
    void to_stderr() {
        std::lock_guard lk(mutex_);
        inner_->flush();
        inner_ = make_stderr();
        path_.clear();
    }
    void rotate() {
        std::lock_guard lk(mutex_);
        if (path_.empty()) return;
        inner_->flush();
        inner_.reset();  // close before the rename
        inner_ = std::make_unique<spdlog::sinks::rotating_file_sink_st>(path_, max_bytes_, max_files_, true);
        inner_->set_pattern(kPattern);
    }

  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override { inner_->log(msg); }
    void flush_() override { inner_->flush(); }

  private:
    static std::unique_ptr<spdlog::sinks::sink> make_stderr() {
        auto s = std::make_unique<spdlog::sinks::stderr_sink_st>();
        s->set_pattern(kPattern);
        return s;
    }
    std::unique_ptr<spdlog::sinks::sink> inner_;
    std::string path_;
    size_t max_bytes_ = 0, max_files_ = 0;
};

std::atomic<int> g_level{static_cast<int>(Level::info)};

struct State {
    std::shared_ptr<OutputSink> sink = std::make_shared<OutputSink>();
    std::shared_ptr<spdlog::logger> logger;
    std::once_flag flusher;
    State() {
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

}  // namespace

void init(const std::string& path, Level l, size_t max_bytes, size_t max_files) {
    set_level(l);
    State& st = state();
    if (path.empty()) {
        st.sink->to_stderr();
        return;
    }
    try {
        auto parent = std::filesystem::path(path).parent_path();
        if (!parent.empty()) std::filesystem::create_directories(parent);
        st.sink->to_file(path, max_bytes, max_files);
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot open log file \"" + path + "\": " + e.what());
    }
    // Info/debug lines sit in the stdio buffer at most this long.
    std::call_once(st.flusher, [&] {
        spdlog::register_logger(st.logger);
        spdlog::flush_every(std::chrono::seconds(1));
    });
}

void set_level(Level l) {
    g_level.store(static_cast<int>(l), std::memory_order_relaxed);
}
Level level() {
    return static_cast<Level>(g_level.load(std::memory_order_relaxed));
}
bool enabled(Level l) {
    return static_cast<int>(l) >= g_level.load(std::memory_order_relaxed);
}

Level parse_level(std::string_view s) {
    if (iequals(s, "debug")) return Level::debug;
    if (iequals(s, "info")) return Level::info;
    if (iequals(s, "warn") || iequals(s, "warning")) return Level::warn;
    if (iequals(s, "error")) return Level::error;
    if (s.size() == 1 && s[0] >= '0' && s[0] <= '5') return s[0] >= '4' ? Level::debug : Level::info;
    throw ErrBadRequest("invalid log level " + json_quote(s) +
                        " (expecting one of: debug, info, warn, error)");
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
