#include "ais-cli/ui/term.hpp"

#include "shared/util/units.hpp"

#include <fmt/core.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace ais::cli::term {

bool is_tty(int fd) {
    return ::isatty(fd) == 1;
}

std::string red(std::string_view s) {
    return "\x1b[31m" + std::string(s) + "\x1b[0m";
}
std::string cyan(std::string_view s) {
    return "\x1b[36m" + std::string(s) + "\x1b[0m";
}
std::string blue(std::string_view s) {
    return "\x1b[34m" + std::string(s) + "\x1b[0m";
}
std::string green(std::string_view s) {
    return "\x1b[32m" + std::string(s) + "\x1b[0m";
}
std::string bold(std::string_view s) {
    return "\x1b[1m" + std::string(s) + "\x1b[0m";
}

bool confirm(std::string_view prompt) {
    for (;;) {
        fmt::print(stderr, "{} [Y/N]: ", prompt);
        std::fflush(stderr);
        std::string line;
        if (!std::getline(std::cin, line)) {
            fmt::print(stderr, "\n");
            return false;
        }
        std::string a;
        for (char c : line)
            if (!std::isspace(static_cast<unsigned char>(c))) a += static_cast<char>(std::tolower(c));
        if (a == "y" || a == "yes" || a == "true") return true;
        if (a == "n" || a == "no" || a == "false") return false;
        fmt::print(stderr, "Invalid input! Choose 'Y' for 'Yes' or 'N' for 'No'\n");
    }
}

Progress::Progress(bool enabled, std::string label, int64_t total_objs, int64_t total_bytes)
    : enabled_(enabled),
      label_(std::move(label)),
      total_objs_(total_objs),
      total_bytes_(total_bytes),
      start_(std::chrono::steady_clock::now()) {
    if (enabled_) thr_ = std::thread([this] { loop(); });
}

Progress::~Progress() {
    finish();
}

void Progress::finish() {
    if (!thr_.joinable()) return;
    {
        std::lock_guard lk(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    thr_.join();
    draw(true);
}

void Progress::loop() {
    std::unique_lock lk(mu_);
    while (!stop_) {
        draw(false);
        cv_.wait_for(lk, std::chrono::milliseconds(200));
    }
}

void Progress::draw(bool final) {
    const int64_t objs = objs_.load(), bytes = bytes_.load();
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::string line = label_;
    double frac = -1;
    if (total_bytes_ > 0) {
        frac = static_cast<double>(bytes) / static_cast<double>(total_bytes_);
    } else if (total_objs_ > 0) {
        frac = static_cast<double>(objs) / static_cast<double>(total_objs_);
    }
    if (frac >= 0) {
        frac = std::min(1.0, frac);
        const int width = 30, fill = static_cast<int>(frac * width);
        std::string bar(fill, '=');
        if (fill < width) bar += '>' + std::string(width - fill - 1, ' ');
        line += " [" + bar + "] " + fmt::format("{:3d}%", static_cast<int>(frac * 100));
    }
    if (total_objs_ > 1) line += fmt::format("  {}/{} objects", objs, total_objs_);
    line += "  " + size_iec(bytes);
    if (total_bytes_ > 0) line += "/" + size_iec(total_bytes_);
    if (secs > 0.05) {
        const double rate = static_cast<double>(bytes) / secs;
        line += "  " + size_iec(static_cast<int64_t>(rate)) + "/s";
        if (frac > 0 && frac < 1 && total_bytes_ > 0 && rate > 0) {
            const double eta = static_cast<double>(total_bytes_ - bytes) / rate;
            line += fmt::format("  ETA {}s", static_cast<int64_t>(eta + 0.5));
        }
    }
    struct winsize ws{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10 && line.size() >= ws.ws_col)
        line.resize(ws.ws_col - 1);
    // \r + erase line; the final draw leaves the completed bar on its own line.
    fmt::print(stderr, "\r\x1b[K{}{}", line, final ? "\n" : "");
    std::fflush(stderr);
}

}  // namespace ais::cli::term
