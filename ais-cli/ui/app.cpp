#include "ais-cli/ui/app.hpp"

#include "ais-cli/ui/term.hpp"
#include "shared/util/strings.hpp"
#include "shared/util/units.hpp"

#include <algorithm>
#include <cstdint>
#include <set>

namespace ais::cli {

const Command* Command::find_sub(std::string_view word) const {
    for (const auto& s : subs) {
        if (s.name == word) return &s;
        for (const auto& a : s.aliases)
            if (a == word) return &s;
    }
    return nullptr;
}

bool Command::accepts_flag(std::string_view canonical) const {
    for (const auto& id : flags)
        if (const Flag* f = flag_by_id(id); f && f->name == canonical) return true;
    return false;
}

bool Flag::matches(std::string_view n) const {
    if (n == name) return true;
    for (const auto& a : aliases)
        if (a == n) return true;
    return false;
}

const Flag* find_flag(const Command* cmd, std::string_view name) {
    if (cmd) {
        for (const auto& id : cmd->flags)
            if (const Flag* f = flag_by_id(id); f && f->matches(name)) return f;
    }
    for (const auto& f : all_flags())
        if (f.matches(name)) return &f;
    return nullptr;
}

namespace {

// "-x", "--x", "--x=v" -> name and optional value. Not a flag: returns false.
bool split_flag(std::string_view tok, std::string_view& name, std::string_view& value, bool& has_value) {
    if (tok.size() < 2 || tok[0] != '-') return false;
    name = tok.substr(tok[1] == '-' ? 2 : 1);
    if (name.empty()) return false;
    has_value = false;
    if (auto eq = name.find('='); eq != std::string_view::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        has_value = true;
    }
    return !name.empty();
}

}  // namespace

Parsed parse_args(const Command& root, const std::vector<std::string>& argv, bool lenient) {
    Parsed p;
    p.path.push_back(&root);
    const Command* cmd = &root;
    bool descending = true, after_dd = false;
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& tok = argv[i];
        std::string_view name, value;
        bool has_value = false;
        if (!after_dd && tok == "--") {
            after_dd = true;
            continue;
        }
        if (!after_dd && split_flag(tok, name, value, has_value)) {
            if (name == "h" || name == "help") {
                p.help = true;
                continue;
            }
            if (cmd == &root && (name == "v" || name == "version")) {
                p.version = true;
                continue;
            }
            const Flag* f = find_flag(cmd, name);
            if (!f) {
                if (lenient) continue;
                throw UsageError("flag provided but not defined: " + tok.substr(0, tok.find('=')));
            }
            std::string v;
            if (f->takes_value) {
                if (has_value) {
                    v = value;
                } else if (i + 1 < argv.size()) {
                    v = argv[++i];
                } else {
                    if (lenient) {
                        p.pending = f;
                        continue;
                    }
                    throw UsageError("flag needs an argument: " + tok);
                }
                if (!lenient && !f->choices.empty() && !f->comma_list &&
                    std::find(f->choices.begin(), f->choices.end(), v) == f->choices.end()) {
                    std::string c;
                    for (const auto& x : f->choices) c += (c.empty() ? "" : ", ") + x;
                    throw UsageError("invalid --" + f->name + " \"" + v + "\": expected one of " + c);
                }
            } else if (has_value) {
                try {
                    v = parse_bool(value) ? "true" : "false";
                } catch (const std::exception&) {
                    if (lenient) continue;
                    throw UsageError("invalid boolean value \"" + std::string(value) + "\" for flag " +
                                     std::string(tok.substr(0, tok.find('='))));
                }
            } else {
                v = "true";
            }
            p.flags[f->name] = v;
            p.flag_order.push_back(f->name);
            continue;
        }
        if (descending && !cmd->subs.empty()) {
            if (const Command* sub = cmd->find_sub(tok)) {
                cmd = sub;
                p.path.push_back(sub);
                continue;
            }
            if (!cmd->action) {
                if (lenient) {
                    descending = false;
                    p.args.push_back(tok);
                    continue;
                }
                std::string msg = "unknown command \"" + tok + "\"";
                if (cmd != &root) {
                    std::string full = "ais";
                    for (size_t k = 1; k < p.path.size(); ++k) full += " " + p.path[k]->name;
                    msg = "unknown subcommand \"" + tok + "\" of \"" + full + "\"";
                }
                if (auto s = did_you_mean(*cmd, tok); !s.empty()) msg += " (did you mean \"" + s + "\"?)";
                throw UsageError(msg);
            }
        }
        descending = false;
        p.args.push_back(tok);
    }
    if (!lenient && !p.help && !p.version) {
        for (const auto& [name, v] : p.flags) {
            if (!cmd->accepts_flag(name)) {
                std::string path;
                for (size_t i = 1; i < p.path.size(); ++i) path += " " + p.path[i]->name;
                throw UsageError("flag provided but not defined: --" + name + " (see 'ais" + path + " --help')");
            }
        }
    }
    return p;
}

// ---- Ctx ----

bool Ctx::has(std::string_view flag) const {
    return flags.find(std::string(flag)) != flags.end();
}

bool Ctx::on(std::string_view flag) const {
    auto it = flags.find(std::string(flag));
    return it != flags.end() && it->second == "true";
}

std::string Ctx::str(std::string_view flag, std::string def) const {
    auto it = flags.find(std::string(flag));
    return it == flags.end() ? def : it->second;
}

int64_t Ctx::num(std::string_view flag, int64_t def) const {
    auto it = flags.find(std::string(flag));
    if (it == flags.end()) return def;
    auto v = parse_int(it->second);
    if (!v) usage_error("invalid value \"" + it->second + "\" for flag --" + std::string(flag) + ": expected an integer");
    return *v;
}

int64_t Ctx::size(std::string_view flag, int64_t def) const {
    auto it = flags.find(std::string(flag));
    if (it == flags.end()) return def;
    try {
        return parse_size(it->second);
    } catch (const std::exception&) {
        usage_error("invalid size \"" + it->second + "\" for flag --" + std::string(flag));
    }
}

int64_t Ctx::duration_ms(std::string_view flag, int64_t def) const {
    auto it = flags.find(std::string(flag));
    if (it == flags.end()) return def;
    if (auto secs = parse_int(it->second)) {
        if (*secs > INT64_MAX / 1000 || *secs < INT64_MIN / 1000)
            usage_error("invalid duration \"" + it->second + "\" for flag --" + std::string(flag) +
                        ": out of range");
        return *secs * 1000;
    }
    try {
        return parse_duration_ns(it->second) / 1'000'000;
    } catch (const std::exception&) {
        usage_error("invalid duration \"" + it->second + "\" for flag --" + std::string(flag));
    }
}

std::string Ctx::cmd_path() const {
    std::string s = "ais";
    for (size_t i = 1; i < path.size(); ++i) s += " " + path[i]->name;
    return s;
}

void Ctx::need_args(size_t min, int max, std::string_view what) const {
    if (args.size() < min) {
        usage_error("missing argument " + std::string(what) + " (see '" + cmd_path() + " --help')");
    }
    if (max >= 0 && args.size() > static_cast<size_t>(max)) {
        usage_error("too many arguments: unexpected \"" + args[max] + "\" (see '" + cmd_path() + " --help')");
    }
}

void Ctx::usage_error(const std::string& msg) const {
    throw UsageError(msg);
}

// ---- help ----

namespace {

std::string flag_title(const Flag& f) {
    std::string s = "--" + f.name;
    if (f.takes_value) s += " " + (f.placeholder.empty() ? std::string("value") : f.placeholder);
    for (const auto& a : f.aliases) s += (a.size() == 1 ? ", -" : ", --") + a;
    return s;
}

void add_rows(std::string& out, const std::vector<std::pair<std::string, std::string>>& rows) {
    size_t w = 0;
    for (const auto& r : rows) w = std::max(w, r.first.size());
    for (const auto& [a, b] : rows) {
        out += "   " + a;
        if (!b.empty()) out += std::string(w - a.size() + 3, ' ') + b;
        out += "\n";
    }
}

std::string sub_title(const Command& c) {
    std::string s = c.name;
    for (const auto& a : c.aliases) s += ", " + a;
    return s;
}

}  // namespace

std::string render_help(const std::vector<const Command*>& path, bool color) {
    const Command& cmd = *path.back();
    const bool is_root = path.size() == 1;
    std::string full = "ais";
    for (size_t i = 1; i < path.size(); ++i) full += " " + path[i]->name;
    auto hdr = [&](std::string_view s) { return color ? term::bold(s) : std::string(s); };

    std::string out;
    out += hdr("NAME:") + "\n   " + full + " - " + cmd.usage + "\n\n";
    out += hdr("USAGE:") + "\n   ";
    if (is_root) {
        out += "ais [global options] command [command options] [arguments...]\n\n";
        out += hdr("VERSION:") + "\n   " + AIS_VERSION + "\n\n";
    } else {
        out += full;
        if (!cmd.subs.empty()) out += " command";
        if (!cmd.flags.empty()) out += " [command options]";
        if (!cmd.args.empty()) out += " " + cmd.args;
        out += "\n\n";
    }
    if (!cmd.alias_for.empty()) out += "   (alias for \"" + cmd.alias_for + "\")\n\n";
    if (!cmd.description.empty()) out += hdr("DESCRIPTION:") + "\n   " + cmd.description + "\n\n";
    if (!cmd.subs.empty()) {
        out += hdr("COMMANDS:") + "\n";
        std::vector<std::pair<std::string, std::string>> rows;
        std::vector<const Command*> subs;
        for (const auto& s : cmd.subs)
            if (!s.hidden && (!is_root || s.alias_for.empty())) subs.push_back(&s);
        if (is_root) {
            std::sort(subs.begin(), subs.end(), [](auto* a, auto* b) { return a->name < b->name; });
        }
        for (auto* s : subs) rows.emplace_back(sub_title(*s), s->usage);
        add_rows(out, rows);
        out += "\n";
    }
    std::vector<std::pair<std::string, std::string>> rows;
    std::vector<const Flag*> flags;
    for (const auto& id : cmd.flags)
        if (const Flag* f = flag_by_id(id)) flags.push_back(f);
    std::sort(flags.begin(), flags.end(), [](auto* a, auto* b) { return a->name < b->name; });
    for (auto* f : flags) {
        std::string u = f->usage;
        if (!f->choices.empty()) {
            std::string c;
            for (const auto& v : f->choices) c += (c.empty() ? "" : ", ") + v;
            u += " (" + c + ")";
        }
        rows.emplace_back(flag_title(*f), u);
    }
    if (is_root) {
        rows.emplace_back("--help, -h", "show help");
        rows.emplace_back("--version, -v", "print the version");
        out += hdr("GLOBAL OPTIONS:") + "\n";
    } else {
        rows.emplace_back("--help, -h", "show help");
        out += hdr("OPTIONS:") + "\n";
    }
    add_rows(out, rows);
    if (is_root) {
        std::string aliases;
        std::vector<const Command*> al;
        for (const auto& s : cmd.subs)
            if (!s.alias_for.empty() && !s.hidden) al.push_back(&s);
        std::sort(al.begin(), al.end(), [](auto* a, auto* b) { return a->name < b->name; });
        for (auto* a : al) aliases += (aliases.empty() ? "" : "; ") + a->name + " => '" + a->alias_for + "'";
        if (!aliases.empty()) out += "\n" + hdr("ALIASES:") + "\n   " + aliases + "\n";
    }
    return out;
}

void walk_commands(const Command& root,
                   const std::function<void(const std::vector<const Command*>&)>& fn) {
    std::vector<const Command*> path{&root};
    std::function<void(const Command&)> rec = [&](const Command& c) {
        for (const auto& s : c.subs) {
            if (s.hidden) continue;
            path.push_back(&s);
            fn(path);
            rec(s);
            path.pop_back();
        }
    };
    rec(root);
}

namespace {
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}
}  // namespace

std::string did_you_mean(const Command& parent, std::string_view word) {
    std::string best;
    size_t best_d = 3;
    for (const auto& s : parent.subs) {
        if (s.hidden) continue;
        size_t d = edit_distance(word, s.name);
        if (s.name.starts_with(word) && word.size() >= 2) d = 1;
        if (d < best_d) {
            best_d = d;
            best = s.name;
        }
    }
    return best;
}

}  // namespace ais::cli
