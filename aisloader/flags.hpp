// A command-line flag set with the semantics of Go's `flag` package, because aisloader users and
// scripts write flags the Go way: `-name=value`, `-name value`, `--name=value`, booleans as `-x`
// or `-x=false` (never `-x false`). Parsing stops at the first non-flag argument or after `--`.
// Error messages are Go's ("flag provided but not defined: -x", "invalid value ...").
//
// The set does not own the variables: each flag writes into a caller's field, which also holds
// the default. The set remembers which flags were given so that callers can tell "unset" from
// "set to the default" (aisloader's -cleanup has no default at all).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ais::loader {

// A malformed command line; main() prints the message and a usage pointer and exits 2.
class FlagError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// -h or -help when no such flag is defined: print the usage and exit 0, as Go does.
class FlagHelp : public std::runtime_error {
  public:
    FlagHelp() : std::runtime_error("help requested") {}
};

class FlagSet {
  public:
    enum class Kind { boolean, string, integer, duration };

    void add_bool(std::string name, bool* dst, bool def, std::string usage);
    void add_string(std::string name, std::string* dst, std::string def, std::string usage);
    void add_int(std::string name, int64_t* dst, int64_t def, std::string usage);
    // Go time.Duration flags ("1m30s", "0"), stored in nanoseconds.
    void add_duration(std::string name, int64_t* dst_ns, int64_t def_ns, std::string usage);

    // Parses argv[start..argc); returns the arguments that follow the flags. Throws FlagError.
    std::vector<std::string> parse(int argc, char** argv, int start = 1);
    // Same for a vector (tests, re-parsing).
    std::vector<std::string> parse(const std::vector<std::string>& args);

    bool is_set(std::string_view name) const;
    bool has(std::string_view name) const;

    // Go's flag.PrintDefaults() text, flags sorted by name.
    std::string defaults_text() const;

    struct Entry {
        std::string name, usage, def;  // def: default value as text
        Kind kind;
        bool set = false;
        void* dst = nullptr;
        std::string value() const;  // current value as text
    };
    // Flags sorted by name.
    std::vector<const Entry*> sorted() const;

  private:
    Entry* find(std::string_view name);
    const Entry* find(std::string_view name) const;
    void set_value(Entry& e, std::string_view text);

    std::vector<Entry> entries_;
};

// Go strconv.ParseBool: 1 t T TRUE true True 0 f F FALSE false False.
bool go_parse_bool(std::string_view s, bool* out);
// Go strconv.ParseInt(s, 0, 64): decimal, 0x/0o/0b/leading-0 octal, '_' separators, sign.
bool go_parse_int(std::string_view s, int64_t* out);

}  // namespace ais::loader
