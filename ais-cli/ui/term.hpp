// The terminal: whether a stream is a TTY, ANSI colors, [Y/N] confirmations and live progress
// bars. Everything decorative is opt-in by the caller, who knows whether the stream is a terminal
// and whether the user said `no_color`: output to pipes and files stays plain text.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace ais::cli::term {

bool is_tty(int fd);

// ANSI SGR wrappers (unconditional: check Env::color*() first).
std::string red(std::string_view s);
std::string cyan(std::string_view s);
std::string blue(std::string_view s);
std::string green(std::string_view s);
std::string bold(std::string_view s);

// Prints "<prompt> [Y/N]: " to stderr and reads answers from stdin until one is valid
// (y, yes, true / n, no, false; case-insensitive). EOF counts as "no".
bool confirm(std::string_view prompt);

// A one-line progress bar on stderr, redrawn by its own thread a few times per second:
//   [=========>          ]  45/100 objects  12.34MiB/20.00MiB  3.21MiB/s  ETA 3s
// Totals may be unknown (0): then only counts and rate are shown. Disabled bars do nothing, so
// callers update them unconditionally. finish() (or the destructor) erases the line.
class Progress {
  public:
    Progress(bool enabled, std::string label, int64_t total_objs, int64_t total_bytes);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void add_bytes(int64_t n) { bytes_.fetch_add(n, std::memory_order_relaxed); }
    void add_obj() { objs_.fetch_add(1, std::memory_order_relaxed); }
    void finish();
    bool enabled() const { return enabled_; }

  private:
    void loop();
    void draw(bool final);

    bool enabled_;
    std::string label_;
    int64_t total_objs_, total_bytes_;
    std::atomic<int64_t> objs_{0}, bytes_{0};
    std::chrono::steady_clock::time_point start_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thr_;
};

}  // namespace ais::cli::term
