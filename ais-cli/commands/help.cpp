// `ais help [COMMAND...]`, `ais version`, and `ais completion bash|zsh`.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"

#include <fmt/core.h>

#include <cstdio>

namespace ais::cli {

namespace {

void do_help(Ctx& ctx) {
    std::vector<const Command*> path{&ctx.root};
    for (const auto& w : ctx.args) {
        const Command* c = path.back()->find_sub(w);
        if (!c) {
            std::string msg = "no help for \"" + w + "\": unknown command";
            if (auto s = did_you_mean(*path.back(), w); !s.empty()) msg += " (did you mean \"" + s + "\"?)";
            throw UsageError(msg);
        }
        path.push_back(c);
    }
    const std::string text = render_help(path, ctx.env.color_stdout());
    std::fwrite(text.data(), 1, text.size(), stdout);
}

void do_version(Ctx& ctx) {
    ctx.need_args(0, 0, "");
    fmt::print("version {}\n", AIS_VERSION);
}

void do_completion(Ctx& ctx) {
    ctx.need_args(1, 1, "bash|zsh");
    const std::string& sh = ctx.args[0];
    if (sh == "bash") {
        std::fputs(completion::bash_script(), stdout);
    } else if (sh == "zsh") {
        std::fputs(completion::zsh_script(), stdout);
    } else {
        ctx.usage_error("unsupported shell \"" + sh + "\" (expected bash or zsh)");
    }
}

}  // namespace

Command help_cmd() {
    return Command{.name = "help",
                   .usage = "show the list of commands, or help for one command",
                   .args = "[COMMAND...]",
                   .completers = {[](Ctx& ctx, std::string_view, Candidates& out) {
                       const Command* c = &ctx.root;
                       for (const auto& w : ctx.args)
                           if (!(c = c->find_sub(w))) return;
                       for (const auto& s : c->subs)
                           if (!s.hidden) out.add(s.name);
                   }},
                   .action = do_help};
}

Command version_cmd() {
    return Command{.name = "version", .usage = "print the version of the CLI", .action = do_version};
}

Command completion_cmd() {
    return Command{.name = "completion",
                   .usage = "print the shell completion script: source <(ais completion bash)",
                   .args = "bash|zsh",
                   .completers = {completion::words({"bash", "zsh"})},
                   .action = do_completion};
}

}  // namespace ais::cli
