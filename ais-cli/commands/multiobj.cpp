#include "ais-cli/commands/multiobj.hpp"

#include "ais-cli/ui/env.hpp"
#include "shared/api/client.hpp"
#include "shared/util/errors.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

namespace ais::cli {

std::vector<size_t> run_each(Ctx& ctx, size_t n, int workers,
                             const std::function<void(api::Client&, size_t)>& fn,
                             const MultiObjHooks& hooks) {
    std::atomic<size_t> next{0};
    std::mutex mu;
    std::vector<size_t> failed;
    auto work = [&](api::Client& c) {
        for (;;) {
            const size_t i = next.fetch_add(1);
            if (i >= n) return;
            try {
                fn(c, i);
            } catch (const std::exception& e) {
                std::lock_guard lk(mu);
                failed.push_back(i);
                if (hooks.on_error) hooks.on_error(i, e);
                continue;
            }
            if (hooks.on_done) {
                std::lock_guard lk(mu);
                hooks.on_done(i);
            }
        }
    };
    workers = std::max(1, std::min<int>(workers, static_cast<int>(n)));
    if (workers == 1) {
        work(ctx.env.client());
    } else {
        std::vector<std::thread> thr;
        for (int w = 0; w < workers; ++w) {
            thr.emplace_back([&] {
                auto c = ctx.env.new_client();
                work(*c);
            });
        }
        for (auto& t : thr) t.join();
    }
    std::sort(failed.begin(), failed.end());
    return failed;
}

void print_err_line(bool progress_shown, const std::string& line) {
    std::fflush(stdout);
    fmt::print(stderr, "{}{}\n", progress_shown ? "\r\x1b[K" : "", line);
}

std::string one_line(std::string_view msg) {
    std::string s(msg);
    for (auto& ch : s)
        if (ch == '\n' || ch == '\r') ch = ' ';
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

std::string obj_err_text(const std::exception& e, const std::string& cname) {
    if (const auto* ae = dynamic_cast<const Error*>(&e);
        ae && ae->status() == 404 && ae->tcode() != "ErrBckNotFound")
        return "object \"" + cname + "\" does not exist";
    return one_line(e.what());
}

std::string write_failures_log(const std::string& verb, const std::vector<std::string>& paths) {
    const char* tmp = std::getenv("TMPDIR");
    std::string dir = tmp && *tmp ? tmp : "/tmp";
    if (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    std::string v = verb;
    for (auto& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const std::string path = fmt::format("{}/.ais-{}-failures.{}.log", dir, v, ::getpid());
    std::ofstream f(path, std::ios::trunc);
    if (!f) return {};
    for (const auto& p : paths) f << p << "\n";
    f.close();
    return f ? path : std::string();
}

}  // namespace ais::cli
