// Process-wide logging: four levels, glog-like lines as AIS writes them, one line per event:
//   "I 15:04:05.123456 t[NrqUGjLs] message"   (level letter, time, node, message)
// Output is stderr, or a log directory with AIS's two logs per node: <name>.INFO (every line at
// or above the level) and <name>.ERROR (warnings and errors only). Each is a symlink to the
// current file "<name>.<host>.<INFO|ERROR>.<MMDD-HHMMSS>.<pid>", which starts with a line giving
// the date; a file is rotated when it reaches max_size, and the oldest rotated files are removed
// once all of them together exceed max_total. Errors also go to stderr.
// spdlog does the formatting behind write(); this header only pulls in fmt/core.h so that every
// file can log without compiling spdlog. Until init() is called, lines go to stderr.
// All functions are thread-safe. Lines at warn and above are flushed at once, others within a
// second.
#pragma once

#include <fmt/core.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ais::log {

enum class Level { debug, info, warn, error };

struct Options {
    std::string dir;                       // "" = stderr only
    std::string name = "ais";              // file prefix: "aisproxy" -> aisproxy.INFO, aisproxy.ERROR
    std::string node;                      // on every line after the time, e.g. "t[NrqUGjLs]" ("" = none)
    std::string title;                     // appended to the first line of every file (version, role, ...)
    size_t max_size = size_t(4) << 20;     // rotate a file when it reaches this size
    size_t max_total = size_t(128) << 20;  // remove the oldest rotated files beyond this total
    bool to_stderr = false;                // copy every line to stderr as well
};

// (Re)starts logging with these options; may be called again to switch outputs. Creates the
// directory. Throws std::runtime_error if a log file cannot be created.
void init(const Options& o, Level level);

// Runtime changes (the cluster config's log section).
void set_level(Level l);
void set_limits(size_t max_size, size_t max_total);
void set_to_stderr(bool on);

Level level();
bool enabled(Level l);
// "debug", "info", "warn"/"warning", "error" (case-insensitive); also AIS numeric verbosity
// ("0".."5": 4 and above mean debug, otherwise info), optionally followed by module names
// ("4 ec,xs": the modules are ignored). Else ErrBadRequest.
Level parse_level(std::string_view s);
std::string_view to_string(Level l);

// The directory and file prefix given to init() ("" when logging to stderr).
std::string dir();
std::string name();
// The current file that has lines of severity `sev`: the INFO file for debug/info, the ERROR file
// for warn/error; "" when logging to stderr.
std::string current_file(Level sev);
// Every file of that severity in the directory (current and rotated), oldest first.
std::vector<std::string> all_files(Level sev);

void write(Level l, std::string_view msg);
void flush();
// Start new files now (the `rotate-logs` action); a no-op for stderr.
void rotate();

template <class... A>
void debug(fmt::format_string<A...> f, A&&... a) {
    if (enabled(Level::debug)) write(Level::debug, fmt::format(f, std::forward<A>(a)...));
}
template <class... A>
void info(fmt::format_string<A...> f, A&&... a) {
    if (enabled(Level::info)) write(Level::info, fmt::format(f, std::forward<A>(a)...));
}
template <class... A>
void warn(fmt::format_string<A...> f, A&&... a) {
    if (enabled(Level::warn)) write(Level::warn, fmt::format(f, std::forward<A>(a)...));
}
template <class... A>
void error(fmt::format_string<A...> f, A&&... a) {
    if (enabled(Level::error)) write(Level::error, fmt::format(f, std::forward<A>(a)...));
}

}  // namespace ais::log
