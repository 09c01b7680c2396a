// Tab completion, computed by `ais` itself (the shell scripts in completions/ only call it).
//
// Hidden modes (first argument):
//   ais --complete [--] WORD... CUR     candidates for CUR, one per line (zsh, tests)
//   ais --complete-bash LINE BASHCUR    LINE = the command line up to the cursor; BASHCUR = bash's
//                                       own current word (split at COMP_WORDBREAKS such as ':' and
//                                       '='): candidates are trimmed to it and shell-escaped
//   ais WORD... [CUR] --generate-bash-completion    the urfave/cli protocol the Go scripts use
// A line ":files" alone means "complete local file names". Nothing is printed (and the exit status
// is 0) when the cluster is unreachable or anything else fails: TAB must never print errors.
//
// Live completers (buckets, objects, nodes, config keys, ...) are Completer factories below, used
// by the command table.
#pragma once

#include "ais-cli/ui/app.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ais::cli::completion {

// Candidates for the last of `words` (the words after "ais"; the last one may be "").
Candidates complete(Env& env, const Command& root, const std::vector<std::string>& words);

// Splits a command line the way a POSIX shell would (quotes, backslashes); a trailing unquoted
// blank yields a final empty word (the word being typed is then "").
std::vector<std::string> split_line(std::string_view line);

// True if argv (after the program name) asks for completion; runs it and returns the exit status.
bool is_completion_request(const std::vector<std::string>& argv);
int run(Env& env, const Command& root, const std::vector<std::string>& argv);

// The shell glue (`ais completion bash|zsh`; identical to completions/ais.{bash,zsh}).
const char* bash_script();
const char* zsh_script();

// ---- completers for the command table ----

enum class BucketMode {
    kBucket,          // "ais://b"
    kBucketOrPrefix,  // "ais://b", and object/"directory" names once "ais://b/" is typed (ls)
    kObject,          // "ais://b/" then object names (get, cat, rm, show object, ...)
};
Completer buckets(BucketMode mode);
Completer nodes();                               // node IDs from the Smap
enum class NodeSel { kAll, kProxies, kTargets, kInMaint };
// Node IDs of one kind (kInMaint: in maintenance or being decommissioned), minus those already on
// the command line (also as "t[ID]" or in a comma-separated list).
Completer nodes_of(NodeSel sel);
Completer words(std::vector<std::string> list);  // fixed words
Completer files();                               // local files (the shell completes them)
Completer cluster_config_keys(bool with_values);  // "checksum.type=" ... and values after '='
Completer cluster_config_sections();               // "checksum", "space", ...
Completer bprops_keys();                           // bucket property keys and values
Completer cli_config_keys(bool with_values);
Completer alias_names();
Completer search_keywords();
Completer none();
// Job kinds by display name ("copy-bucket", "summary", ...); only those `job start` takes if `startable`.
Completer job_kinds(bool startable);
// Live jobs (what=qryxstats): first their names, then the job IDs (of the name already typed), then
// the IDs of the targets that run them. Running jobs only, unless !running_only and --all is given.
Completer jobs(bool running_only);
// The first completer whose list is not empty.
Completer first_of(std::vector<Completer> list);
// Every completer's candidates (a failing one contributes nothing).
Completer merge(std::vector<Completer> list);

}  // namespace ais::cli::completion
