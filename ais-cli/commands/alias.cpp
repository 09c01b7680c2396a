// `ais alias`: user-defined top-level commands ("ls" => "bucket ls"), kept in the CLI config.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "shared/util/errors.hpp"

#include <fmt/core.h>

namespace ais::cli {

namespace {

void do_show(Ctx& ctx) {
    ctx.need_args(0, 0, "");
    if (ctx.on("json")) {
        print_json(config::get_kv(ctx.env.cfg, "aliases"));
        return;
    }
    Table t({"ALIAS", "COMMAND"});
    for (const auto& [name, cmd] : ctx.env.cfg.aliases) t.add({name, cmd});
    if (t.empty()) {
        fmt::print("No aliases.\n");
        return;
    }
    t.print(ctx.on("no-headers"));
}

void do_set(Ctx& ctx) {
    ctx.need_args(2, -1, "NAME \"COMMAND\"");
    const std::string& name = ctx.args[0];
    std::string target;
    for (size_t i = 1; i < ctx.args.size(); ++i) target += (target.empty() ? "" : " ") + ctx.args[i];
    if (const Command* c = ctx.root.find_sub(name); c && c->alias_for.empty()) {
        throw Error(400, "\"" + name + "\" is a built-in command and cannot be an alias");
    }
    const Command* t = resolve_words(ctx.root, target);
    if (!t || !t->alias_for.empty()) throw Error(400, "\"" + target + "\" is not a command (see 'ais help')");
    config::CliConfig cfg = ctx.env.cfg;
    const bool existed = cfg.aliases.count(name) > 0;
    cfg.aliases[name] = target;
    config::validate(cfg);  // the alias name's syntax
    ctx.env.cfg = cfg;
    ctx.env.save_config();
    fmt::print("Alias \"{}\" {}: \"{}\"\n", name, existed ? "updated" : "added", target);
}

void do_rm(Ctx& ctx) {
    ctx.need_args(1, -1, "NAME");
    for (const auto& name : ctx.args) {
        if (!ctx.env.cfg.aliases.erase(name)) throw Error(404, "alias \"" + name + "\" does not exist");
    }
    ctx.env.save_config();
    for (const auto& name : ctx.args) fmt::print("Alias \"{}\" removed\n", name);
}

void do_reset(Ctx& ctx) {
    ctx.need_args(0, 0, "");
    ctx.env.cfg.aliases = config::CliConfig{}.aliases;
    ctx.env.save_config();
    fmt::print("Aliases reset to defaults\n");
}

}  // namespace

Command alias_cmd() {
    Command show{.name = "show",
                 .usage = "show aliases",
                 .flags = {"json", "no-headers"},
                 .action = do_show};
    Command set{.name = "set",
                .usage = "add or change an alias: ais alias set NAME \"COMMAND WORDS\"",
                .args = "NAME \"COMMAND\"",
                .completers = {completion::alias_names(), completion::search_keywords()},
                .action = do_set};
    Command rm{.name = "rm",
               .usage = "remove alias(es)",
               .args = "NAME [NAME...]",
               .completers = {completion::alias_names()},
               .action = do_rm};
    Command reset{.name = "reset", .usage = "restore the default aliases", .action = do_reset};
    return Command{.name = "alias",
                   .usage = "manage top-level aliases of commands (e.g. ls => 'bucket ls')",
                   .flags = show.flags,
                   .action = do_show,
                   .subs = {show, set, rm, reset}};
}

}  // namespace ais::cli
