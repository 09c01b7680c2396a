#include "ais-cli/completion/complete.hpp"

#include "ais-cli/ui/env.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <set>

namespace ais::cli::completion {

namespace {

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

void flag_values(Ctx& ctx, const Flag& f, std::string_view cur, std::string_view head, Candidates& out) {
    if (f.comma_list) {
        // "name,si" -> complete the last item, keep the ones before
        const auto comma = cur.rfind(',');
        const std::string done = comma == std::string_view::npos ? "" : std::string(cur.substr(0, comma + 1));
        std::set<std::string> used;
        for (size_t b = 0; b < done.size();) {
            auto e = done.find(',', b);
            used.insert(done.substr(b, e - b));
            b = e + 1;
        }
        for (const auto& c : f.choices)
            if (!used.count(c) && (c != "all" || done.empty())) out.add(std::string(head) + done + c);
        return;
    }
    for (const auto& c : f.choices) out.add(std::string(head) + c);
    if (f.complete) {
        Candidates tmp;
        f.complete(ctx, cur, tmp);
        for (auto& w : tmp.words) out.add(std::string(head) + w);
        out.files = out.files || tmp.files;
    }
}

}  // namespace

Candidates complete(Env& env, const Command& root, const std::vector<std::string>& words) {
    Candidates out;
    const std::string cur = words.empty() ? std::string() : words.back();
    std::vector<std::string> before(words.begin(), words.empty() ? words.end() : words.end() - 1);
    const Parsed p = parse_args(root, before, true);
    const Command* cmd = p.path.back();
    Ctx ctx(env, root);
    ctx.cmd = cmd;
    ctx.path = p.path;
    ctx.args = p.args;
    ctx.flags = p.flags;
    ctx.completing = true;
    const bool after_dd = std::find(before.begin(), before.end(), "--") != before.end();

    if (p.pending) {
        flag_values(ctx, *p.pending, cur, "", out);
    } else if (!after_dd && starts_with(cur, "-")) {
        const auto eq = cur.find('=');
        if (eq != std::string::npos) {
            std::string_view name = std::string_view(cur).substr(0, eq);
            name.remove_prefix(name.size() > 1 && name[1] == '-' ? 2 : 1);
            if (const Flag* f = find_flag(cmd, name); f && f->takes_value)
                flag_values(ctx, *f, cur.substr(eq + 1), cur.substr(0, eq + 1), out);
        } else {
            std::set<std::string> given(p.flag_order.begin(), p.flag_order.end());
            std::vector<const Flag*> flags;
            for (const auto& id : cmd->flags)
                if (const Flag* f = flag_by_id(id); f && !given.count(f->name)) flags.push_back(f);
            std::sort(flags.begin(), flags.end(), [](auto* a, auto* b) { return a->name < b->name; });
            for (const Flag* f : flags) {
                out.add("--" + f->name);
                // short forms only when asked for ("-" + one letter)
                if (cur.size() <= 2 && !starts_with(cur, "--"))
                    for (const auto& a : f->aliases)
                        if (a.size() == 1) out.add("-" + a);
            }
            if (!given.count("help")) out.add("--help");
        }
    } else {
        if (!cmd->subs.empty() && p.args.empty()) {
            std::vector<std::string> subs;
            for (const auto& s : cmd->subs)
                if (!s.hidden) subs.push_back(s.name);
            if (cmd == &root) std::sort(subs.begin(), subs.end());
            for (auto& s : subs) out.add(std::move(s));
        }
        if (cmd->action && !cmd->completers.empty()) {
            const size_t i = p.args.size();
            const bool variadic = cmd->args.find("...") != std::string::npos;
            if (i < cmd->completers.size() || variadic) {
                const Completer& c = cmd->completers[std::min(i, cmd->completers.size() - 1)];
                try {
                    if (c) c(ctx, cur, out);
                } catch (const std::exception&) {
                    // unreachable cluster, bad input: offer what we have
                }
            }
        }
    }
    // Filter by what is typed, keep order, drop duplicates.
    std::vector<std::string> kept;
    std::set<std::string> seen;
    for (auto& w : out.words)
        if (starts_with(w, cur) && seen.insert(w).second) kept.push_back(std::move(w));
    out.words = std::move(kept);
    // A single candidate that something follows ("ais://b/", "checksum.", "key=") takes no space.
    if (out.words.size() == 1) {
        const char last = out.words[0].empty() ? '\0' : out.words[0].back();
        out.nospace = out.nospace || last == '/' || last == '=' || last == '.';
    } else {
        out.nospace = false;
    }
    return out;
}

std::vector<std::string> split_line(std::string_view line) {
    std::vector<std::string> words;
    std::string cur;
    bool in_word = false;
    char quote = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote) {
            if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote == '"' && i + 1 < line.size() &&
                       std::string_view("\"\\$`").find(line[i + 1]) != std::string_view::npos) {
                cur += line[++i];
            } else {
                cur += c;
            }
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word) {
                words.push_back(std::move(cur));
                cur.clear();
                in_word = false;
            }
            continue;
        }
        in_word = true;
        if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '\\' && i + 1 < line.size()) {
            cur += line[++i];
        } else {
            cur += c;
        }
    }
    words.push_back(std::move(cur));  // the word being typed ("" after a blank)
    return words;
}

bool is_completion_request(const std::vector<std::string>& argv) {
    if (argv.empty()) return false;
    return argv[0] == "--complete" || argv[0] == "--complete-bash" || argv.back() == "--generate-bash-completion";
}

namespace {

// Bash inserts COMPREPLY words literally: escape what the shell would otherwise split or expand.
std::string bash_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (std::string_view(" \t\n\"'\\$`&*?;|<>()[]{}!#~").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

void print_lines(const Candidates& c, bool directives) {
    std::string out;
    if (c.files && c.words.empty()) {
        out = ":files\n";
    } else {
        if (directives && c.nospace) out += ":nospace\n";
        for (const auto& w : c.words) out += w + "\n";
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace

int run(Env& env, const Command& root, const std::vector<std::string>& argv) {
    env.set_completing(true);
    try {
        env.load_config(true, true);
        if (argv[0] == "--complete") {
            std::vector<std::string> words(argv.begin() + 1, argv.end());
            if (!words.empty() && words[0] == "--") words.erase(words.begin());
            if (words.empty()) words.push_back("");
            print_lines(complete(env, root, words), true);
        } else if (argv[0] == "--complete-bash") {
            const std::string line = argv.size() > 1 ? argv[1] : "";
            const std::string bash_cur = argv.size() > 2 ? argv[2] : "";
            std::vector<std::string> words = split_line(line);
            if (!words.empty()) words.erase(words.begin());  // the program name
            if (words.empty()) words.push_back("");
            Candidates c = complete(env, root, words);
            // bash replaces only its own current word, which stops at ':' and '=': drop the part
            // of each candidate that bash does not consider part of the word.
            const std::string& full = words.back();
            size_t strip = 0;
            if (full.size() >= bash_cur.size() && full.compare(full.size() - bash_cur.size(), bash_cur.size(), bash_cur) == 0)
                strip = full.size() - bash_cur.size();
            for (auto& w : c.words) w = bash_escape(w.substr(std::min(strip, w.size())));
            print_lines(c, true);
        } else {  // urfave: WORDS... [CUR] --generate-bash-completion
            std::vector<std::string> words(argv.begin(), argv.end() - 1);
            if (words.empty() || words.back().empty() || words.back()[0] != '-') words.push_back("");
            print_lines(complete(env, root, words), false);
        }
    } catch (const std::exception&) {
        // never an error on TAB
    }
    std::fflush(stdout);
    return 0;
}

}  // namespace ais::cli::completion
