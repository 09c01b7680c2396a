// `ais search KEYWORD`: which commands do something (by name, alias or description).
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "shared/util/strings.hpp"

#include <fmt/core.h>

#include <regex>
#include <set>

namespace ais::cli {

namespace {

void do_search(Ctx& ctx) {
    if (!ctx.has("regex")) ctx.need_args(1, -1, "KEYWORD");
    std::optional<std::regex> re;
    if (ctx.has("regex")) {
        try {
            re.emplace(ctx.str("regex"), std::regex::icase);
        } catch (const std::regex_error& e) {
            ctx.usage_error("invalid --regex \"" + ctx.str("regex") + "\": " + e.what());
        }
    }
    std::vector<std::string> words;
    for (const auto& a : ctx.args) words.push_back(to_lower(a));
    std::set<std::string> found;
    walk_commands(ctx.root, [&](const std::vector<const Command*>& path) {
        const Command& c = *path.back();
        if (!c.action && !c.subs.empty()) return;  // namespaces: their subcommands are listed
        std::string full = "ais";
        for (size_t i = 1; i < path.size(); ++i) full += " " + path[i]->name;
        if (re) {
            if (std::regex_search(full, *re)) found.insert(full);
            return;
        }
        std::string text = to_lower(full + " " + c.usage + " " + c.alias_for);
        for (const auto& a : c.aliases) text += " " + a;
        for (const auto& w : words)
            if (text.find(w) == std::string::npos) return;
        found.insert(full);
    });
    if (found.empty()) {
        fmt::print("No commands match.\n");
        return;
    }
    for (const auto& f : found) fmt::print("{}\n", f);
}

}  // namespace

Command search_cmd() {
    return Command{.name = "search",
                   .usage = "search commands by keyword",
                   .args = "KEYWORD [KEYWORD...]",
                   .flags = {"regex"},
                   .completers = {completion::search_keywords()},
                   .action = do_search};
}

}  // namespace ais::cli
