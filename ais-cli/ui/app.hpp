// The `ais` command line as data: a tree of Commands, each naming its flags (from one global
// registry), its positional arguments and how to complete them, and an action. One parser walks
// this tree for both running a command and completing a partial command line, so the two cannot
// disagree. Semantics are urfave/cli's (what the Go `ais` uses): nested commands with short
// aliases, `--flag value` and `--flag=value`, one or two dashes for any flag name, bool flags take
// no separate value, and flags may appear anywhere after the command, interspersed with arguments;
// `--` ends the flags.
//
// A flag name means the same thing (and takes a value or not) everywhere; a Command only lists
// which flags it accepts. Ctx is what an action gets: the resolved command, its positional
// arguments and flag values, and the Env (config, cluster client, terminal).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ais::cli {

class Env;
struct Ctx;
struct Command;

// A usage error (bad flag, missing argument, unknown command): printed as one `Error:` line.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// What completion offers for one word: full words (the shell glue trims them to its own idea of
// the current word), and whether to fall back to local file names.
struct Candidates {
    std::vector<std::string> words;
    bool files = false;    // complete local file names instead
    bool nospace = false;  // do not append a space after a single candidate (more follows)
    void add(std::string w) { words.push_back(std::move(w)); }
};
// Fills `out` with candidates for the word being typed (`cur`, possibly empty). Live completers
// talk to the cluster; they must not print and may throw (the engine swallows errors).
using Completer = std::function<void(Ctx& ctx, std::string_view cur, Candidates& out)>;

struct Flag {
    std::string id;                    // registry key; usually == name (variants: "props-bck")
    std::string name;                  // canonical, without dashes: "no-headers"
    std::vector<std::string> aliases;  // "H"; any name works with one or two dashes
    bool takes_value = false;
    std::string usage;
    std::string placeholder;           // value name in help ("PREFIX"); "" = "value"
    std::vector<std::string> choices;  // enumerable values (completion, help)
    bool comma_list = false;           // the value is a comma-separated list of choices
    Completer complete;                // live value completion, when not enumerable

    bool matches(std::string_view n) const;  // name or alias
};

// The flag registry (ui/flags.cpp). A flag name means one thing everywhere, except for a few
// variants with their own id (same name and arity, different help and values).
const Flag* flag_by_id(std::string_view id);
// The flag that `name` (any name or alias, without dashes) means for `cmd`: its own list first,
// then the registry (for flags given before the subcommand that accepts them).
const Flag* find_flag(const Command* cmd, std::string_view name);
const std::vector<Flag>& all_flags();

using Action = std::function<void(Ctx&)>;

struct Command {
    std::string name;
    std::vector<std::string> aliases;    // short names ("mpu")
    std::string usage;                   // one line
    std::string args;                    // ArgsUsage as shown in help: "BUCKET[/PREFIX] [PROVIDER]"
    std::vector<std::string> flags;      // flag ids in the registry
    std::vector<Completer> completers;   // per positional argument; the last one repeats
    Action action;                       // empty: a namespace (prints its help)
    std::vector<Command> subs;
    bool hidden = false;
    std::string alias_for;               // set on top-level alias copies: "bucket ls"
    std::string description;             // optional paragraph for --help

    const Command* find_sub(std::string_view word) const;  // by name or alias, hidden included
    bool accepts_flag(std::string_view canonical) const;
};

// The result of parsing argv (without the program name) against the tree.
struct Parsed {
    std::vector<const Command*> path;  // root first; back() is the command to run
    std::vector<std::string> args;
    std::map<std::string, std::string> flags;  // canonical name -> value ("true" for bools)
    std::vector<std::string> flag_order;       // canonical names as given (completion de-dup)
    bool help = false;
    bool version = false;  // root-level --version / -v
    // Completion only: the last token was a value flag still waiting for its value.
    const Flag* pending = nullptr;
};

// `lenient` (completion): unknown flags and words are skipped instead of throwing UsageError.
Parsed parse_args(const Command& root, const std::vector<std::string>& argv, bool lenient = false);

struct Ctx {
    Env& env;
    const Command& root;
    const Command* cmd = nullptr;
    std::vector<const Command*> path;
    std::vector<std::string> args;
    std::map<std::string, std::string> flags;
    bool completing = false;

    Ctx(Env& e, const Command& r) : env(e), root(r) {}

    bool has(std::string_view flag) const;            // given on the command line
    bool on(std::string_view flag) const;             // a bool flag that is set (and not =false)
    std::string str(std::string_view flag, std::string def = {}) const;
    int64_t num(std::string_view flag, int64_t def) const;     // integer; UsageError if malformed
    int64_t size(std::string_view flag, int64_t def) const;    // "4MiB", "1k", bytes
    int64_t duration_ms(std::string_view flag, int64_t def) const;  // Go duration or seconds

    std::string cmd_path() const;  // "ais bucket ls"
    // UsageError unless min <= args.size() <= max (max < 0: no limit); `what` names the missing
    // argument(s) the way help does ("BUCKET").
    void need_args(size_t min, int max, std::string_view what) const;
    [[noreturn]] void usage_error(const std::string& msg) const;
};

// Help text: `ais`, `ais CMD --help`, `ais help CMD`. `path` from root to the command.
std::string render_help(const std::vector<const Command*>& path, bool color);
// Every visible command as its full word path ("bucket ls"), depth first, for `ais search`.
void walk_commands(const Command& root,
                   const std::function<void(const std::vector<const Command*>&)>& fn);
// Suggestion for a mistyped command ("" if nothing close).
std::string did_you_mean(const Command& parent, std::string_view word);

}  // namespace ais::cli
