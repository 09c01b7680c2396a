// `ais`: the AIStore command-line client. main() builds the command tree (ais-cli/commands),
// parses the command line (ais-cli/ui/app), runs the command, and turns any failure into one
// `Error: <message>` line on stderr and exit status 1. Completion requests
// (`ais --complete ...`, see ais-cli/completion) are answered before anything else and never fail.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "ais-cli/ui/term.hpp"
#include "shared/net/client.hpp"
#include "shared/util/errors.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <string>
#include <vector>

using namespace ais;
using namespace ais::cli;

namespace {

std::string one_line(std::string s) {
    for (auto& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

int fail(const Env& env, const std::string& msg) {
    std::fflush(stdout);
    const std::string head = env.color_stderr() ? term::red("Error:") : "Error:";
    fmt::print(stderr, "{} {}\n", head, one_line(msg));
    return 1;
}

std::string http_error(const Error& e) {
    std::string msg = e.what();
    if (msg.empty()) msg = "request failed with HTTP status " + std::to_string(e.status());
    if (e.status() == 401) {
        msg += " (no valid token: log in to AuthN, or set AIS_AUTHN_TOKEN or AIS_AUTHN_TOKEN_FILE)";
    } else if (e.status() == 403) {
        msg += " (permission denied)";
    } else if (e.status() == 405 || e.status() == 501) {
        msg += " (the cluster does not support this request)";
    }
    return msg;
}

bool mentions_reset(const std::vector<std::string>& args) {
    for (const auto& a : args)
        if (a == "reset") return true;
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    Env env;
    if (completion::is_completion_request(args)) {
        env.set_completing(true);
        env.load_config(true, true);
        const Command root = app(env);
        return completion::run(env, root, args);
    }
    try {
        env.load_config(false, mentions_reset(args));
    } catch (const std::exception& e) {
        return fail(env, e.what());
    }
    const Command root = app(env);
    try {
        Parsed p = parse_args(root, args);
        if (p.version && p.path.size() == 1) {
            fmt::print("ais version {}\n", AIS_VERSION);
            return 0;
        }
        const Command* cmd = p.path.back();
        if (p.help || !cmd->action) {
            if (!p.help && !p.args.empty()) throw UsageError("unknown command \"" + p.args[0] + "\"");
            const std::string text = render_help(p.path, env.color_stdout());
            std::fwrite(text.data(), 1, text.size(), stdout);
            return 0;
        }
        Ctx ctx(env, root);
        ctx.cmd = cmd;
        ctx.path = std::move(p.path);
        ctx.args = std::move(p.args);
        ctx.flags = std::move(p.flags);
        cmd->action(ctx);
        std::fflush(stdout);
        return 0;
    } catch (const UsageError& e) {
        return fail(env, e.what());
    } catch (const net::NetError& e) {
        const std::string what = e.what();
        if (what.find("certificate") != std::string::npos || what.find("TLS") != std::string::npos) {
            return fail(env, fmt::format("TLS failure talking to {} ({}); to trust the cluster's certificate set "
                                         "cluster.client_ca_tls (AIS_CLIENT_CA), or cluster.skip_verify_crt=true "
                                         "(AIS_SKIP_VERIFY_CRT=true) to skip verification",
                                         env.endpoint(), what));
        }
        return fail(env, fmt::format("cannot reach the cluster at {} ({}); is it running? Set AIS_ENDPOINT "
                                     "(or 'ais config cli set cluster.url=URL') to point the CLI to a proxy",
                                     env.endpoint(), what));
    } catch (const Error& e) {
        return fail(env, http_error(e));
    } catch (const std::exception& e) {
        return fail(env, e.what());
    }
}
