// Process-wide logging: four levels, one output (stderr or a size-rotated file), glog-like lines
// as AIS writes them ("I 15:04:05.123456 message"). spdlog does the work behind write(); this
// header only pulls in fmt/core.h so that every file can log without compiling spdlog.
// Until init() is called, messages at info and above go to stderr. All functions are thread-safe.
// Lines at warn and above are flushed at once; others within a second (file output).
#pragma once

#include <fmt/core.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace ais::log {

enum class Level { debug, info, warn, error };

// path "" = stderr. A file is rotated to path.1 … path.<max_files> (spdlog naming: "ais.log" ->
// "ais.1.log") when it would exceed max_bytes. The parent directory is created. May be called
// again to switch outputs. Throws std::runtime_error if the file cannot be opened.
void init(const std::string& path, Level level, size_t max_bytes = size_t(64) << 20, size_t max_files = 4);

void set_level(Level l);
Level level();
bool enabled(Level l);
// "debug", "info", "warn"/"warning", "error" (case-insensitive); also AIS numeric verbosity
// ("0".."5": 4 and above mean debug, otherwise info). Else ErrBadRequest.
Level parse_level(std::string_view s);
std::string_view to_string(Level l);

void write(Level l, std::string_view msg);
void flush();
// Start a new file now (the `rotate-logs` action); a no-op for stderr.
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
