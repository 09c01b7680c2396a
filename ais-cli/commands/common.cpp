// Helpers shared by the command files, and the assembly of the tree.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/ui/env.hpp"
#include "ais-cli/ui/term.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/bck.hpp"
#include "shared/util/errors.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdio>

namespace ais::cli {

Command ec_encode_cmd();  // ec.cpp: ais ec-encode (EC, issue 12)

Command app(const Env& env) {
    Command root;
    root.name = "ais";
    root.usage = "AIS CLI: command-line management utility for AIStore";
    Command bucket = bucket_cmd();
    Command job = job_cmd(*bucket.find_sub("cp"), *bucket.find_sub("mv"));
    root.subs = {alias_cmd(),  std::move(bucket), cluster_cmd(), completion_cmd(), config_cmd(), help_cmd(),
                 std::move(job), log_cmd(),       object_cmd(),  performance_cmd(),  search_cmd(),     show_cmd(),   storage_cmd(),
                 version_cmd(), ec_encode_cmd()};
    add_aliases(root, env.cfg.aliases);
    return root;
}

const Command* resolve_words(const Command& root, std::string_view words) {
    const Command* c = &root;
    size_t b = 0;
    bool any = false;
    while (b < words.size()) {
        while (b < words.size() && words[b] == ' ') ++b;
        if (b >= words.size()) break;
        size_t e = words.find(' ', b);
        if (e == std::string_view::npos) e = words.size();
        c = c->find_sub(words.substr(b, e - b));
        if (!c) return nullptr;
        any = true;
        b = e;
    }
    return any ? c : nullptr;
}

void add_aliases(Command& root, const std::map<std::string, std::string>& aliases) {
    std::vector<Command> copies;
    for (const auto& [name, target] : aliases) {
        if (root.find_sub(name)) continue;  // built-in commands win
        const Command* t = resolve_words(root, target);
        if (!t || !t->alias_for.empty()) continue;
        Command c = *t;
        c.name = name;
        c.aliases.clear();
        c.alias_for = target;
        copies.push_back(std::move(c));
    }
    for (auto& c : copies) root.subs.push_back(std::move(c));
}

api::BckUri parse_uri(const Ctx& ctx, std::string_view arg) {
    return api::parse_bck_uri(arg, {.default_provider = ctx.env.cfg.default_provider});
}

api::Bck parse_bucket(const Ctx& ctx, std::string_view arg) {
    api::BckUri u = parse_uri(ctx, arg);
    if (!u.obj.empty()) {
        ctx.usage_error("expected a bucket name, got \"" + std::string(arg) + "\" (an object name follows the bucket)");
    }
    return u.bck;
}

api::BckUri parse_object(const Ctx& ctx, std::string_view arg) {
    api::BckUri u = parse_uri(ctx, arg);
    if (u.obj.empty()) {
        ctx.usage_error("\"" + std::string(arg) + "\": missing object name (expected BUCKET/OBJECT_NAME)");
    }
    return u;
}

Units units(const Ctx& ctx) {
    return parse_units(ctx.str("units"));
}

std::string size_str(const Ctx& ctx, int64_t bytes) {
    return fmt_size(bytes, units(ctx));
}

void print_json(std::string_view compact) {
    print_text(json_pretty(compact));
}

bool confirmed(const Ctx& ctx, const std::string& prompt) {
    if (ctx.on("yes")) return true;
    if (term::confirm(prompt)) return true;
    fmt::print("Operation canceled.\n");
    return false;
}

std::vector<std::pair<std::string, std::string>> parse_kvs(const Ctx& ctx, const std::vector<std::string>& args) {
    std::vector<std::pair<std::string, std::string>> kvs;
    for (size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        if (auto eq = a.find('='); eq != std::string::npos) {
            if (eq == 0) ctx.usage_error("invalid KEY=VALUE \"" + a + "\": empty key");
            kvs.emplace_back(a.substr(0, eq), a.substr(eq + 1));
        } else if (i + 1 < args.size()) {
            kvs.emplace_back(a, args[i + 1]);
            ++i;
        } else {
            ctx.usage_error("missing value for \"" + a + "\" (expected KEY=VALUE)");
        }
    }
    return kvs;
}

std::vector<std::string> split_list(std::string_view s) {
    std::vector<std::string> out;
    size_t b = 0;
    while (b <= s.size()) {
        size_t e = s.find(',', b);
        if (e == std::string_view::npos) e = s.size();
        auto item = s.substr(b, e - b);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        b = e + 1;
    }
    return out;
}

std::string node_id_arg(std::string_view arg) {
    if (arg.size() > 3 && (arg[0] == 'p' || arg[0] == 't') && arg[1] == '[' && arg.back() == ']')
        return std::string(arg.substr(2, arg.size() - 3));
    return std::string(arg);
}

bool provider_only(std::string_view arg, std::string& provider) {
    std::string_view p = arg;
    if (p.ends_with("://")) {
        p.remove_suffix(3);
    } else if (p.ends_with(":")) {
        p.remove_suffix(1);
    } else if (p.find('/') != std::string_view::npos || p.find(':') != std::string_view::npos) {
        return false;
    }
    if (p.empty() || !api::is_known_provider(p)) return false;
    provider = api::normalize_provider(p);
    return true;
}

}  // namespace ais::cli
