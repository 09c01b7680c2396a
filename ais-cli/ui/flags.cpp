// The flag registry: every flag `ais` knows, once. Names, short forms and meanings follow the Go
// CLI (spec/cli.md §4); commands list the ids they accept.
#include "ais-cli/ui/app.hpp"

namespace ais::cli {

namespace {

Flag B(std::string name, std::vector<std::string> aliases, std::string usage) {
    Flag f;
    f.id = f.name = std::move(name);
    f.aliases = std::move(aliases);
    f.usage = std::move(usage);
    return f;
}

Flag V(std::string name, std::vector<std::string> aliases, std::string placeholder, std::string usage,
       std::vector<std::string> choices = {}) {
    Flag f = B(std::move(name), std::move(aliases), std::move(usage));
    f.takes_value = true;
    f.placeholder = std::move(placeholder);
    f.choices = std::move(choices);
    return f;
}

Flag with_id(Flag f, std::string id) {
    f.id = std::move(id);
    return f;
}

Flag list_of(Flag f) {
    f.comma_list = true;
    return f;
}

std::vector<Flag> make_flags() {
    std::vector<Flag> v = {
        // output
        B("json", {"j"}, "JSON output (the API structure, indented)"),
        B("no-headers", {"H"}, "do not print table headers"),
        B("no-footers", {"F"}, "do not print table footers"),
        V("units", {}, "UNITS", "show sizes in IEC (KiB, MiB, ...), SI (KB, MB, ...) or raw bytes",
          {"iec", "si", "raw"}),
        B("verbose", {"v"}, "verbose output"),
        B("compact", {"c"}, "compact view: one line per property section"),
        B("silent", {}, "no output on success"),
        B("non-verbose", {"nv"}, "print only the job ID (or nothing) on success"),
        // list objects
        list_of(V("props", {}, "PROPS",
                  "object properties to show, comma-separated (or \"all\")",
                  {"name", "size", "checksum", "atime", "version", "cached", "status", "copies", "custom",
                   "location", "all"})),
        V("prefix", {}, "PREFIX", "only objects whose names start with PREFIX"),
        V("limit", {}, "N", "list at most N objects (0: no limit)"),
        V("copies", {}, "N", "number of object replicas (default: 1)"),
        // erasure coding (ais ec-encode: commands/ec.cpp)
        V("data-slices", {"d"}, "N", "number of data slices (erasure coding)"),
        V("parity-slices", {"p"}, "N", "number of parity slices: how many lost targets an object survives"),
        B("recover", {}, "check and make sure that every object is properly erasure-coded"),
        B("paged", {}, "list and print one page at a time"),
        V("page-size", {}, "N", "objects per page (0: cluster default)"),
        V("max-pages", {}, "N", "stop after N pages (0: no limit)"),
        B("name-only", {}, "list object names only (faster)"),
        B("no-dirs", {}, "do not list virtual directories (with --nr)"),
        B("non-recursive", {"nr"}, "list only the immediate contents of the prefix (one \"directory\" level)"),
        V("start-after", {}, "NAME", "list objects after this name (exclusive)"),
        V("regex", {}, "REGEX", "only names that match the regular expression"),
        B("count-only", {}, "print only the number of listed objects and the time it took"),
        B("summary", {}, "with the buckets: their object counts, sizes and capacity usage (runs a job per bucket)"),
        B("all", {}, "all buckets or objects, depending on the command"),
        B("cached", {}, "only objects present in the cluster"),
        with_id(B("all", {}, "include all jobs: running, finished, and aborted"), "all-jobs"),
        with_id(B("all", {}, "all running jobs"), "all-running-jobs"),
        // buckets
        with_id(V("props", {}, "\"KEY=VALUE ...\"|JSON", "bucket properties to set when creating"), "props-bck"),
        B("ignore-error", {}, "ignore \"already exists\" / \"does not exist\" errors"),
        B("force", {"f"}, "force the operation"),
        B("skip-lookup", {}, "do not look the bucket up first"),
        // multi-object selection and transfer
        V("template", {}, "TEMPLATE", "bash-style brace template of names: \"shard-{0000..0999}.tar\""),
        V("list", {}, "NAMES", "comma-separated list of names"),
        V("num-workers", {}, "N", "number of parallel workers"),
        B("progress", {}, "show progress (on a terminal)"),
        B("dry-run", {}, "show what would be done, do nothing"),
        B("yes", {"y"}, "assume 'yes' to every confirmation"),
        B("recursive", {"r"}, "recurse into subdirectories"),
        B("append", {}, "append to the object (concatenate) instead of replacing it"),
        V("chunk-size", {}, "SIZE", "chunk size of stdin uploads and appends (e.g. 8MiB)"),
        B("include-src-dir", {}, "prefix object names with the source directory's name"),
        B("skip-vc", {}, "skip loading existing object metadata (version, checksum)"),
        B("cont-on-err", {}, "keep going after an error"),
        V("offset", {}, "OFFSET", "read from this byte offset (e.g. 1024, 4KiB)"),
        V("length", {}, "LENGTH", "read this many bytes (e.g. 1024, 1MiB)"),
        B("checksum", {}, "validate the checksum of what is read"),
        B("latest", {}, "check and get the latest version from the remote backend"),
        B("sync", {}, "synchronize with the remote backend: copy new and changed, drop deleted objects"),
        V("prepend", {}, "PREFIX", "prefix to add to every destination object name"),
        B("wait", {}, "wait for the job to finish"),
        V("timeout", {}, "DURATION", "maximum time to wait (e.g. 30s, 5m)"),
        B("dont-wait", {}, "start the job and print its ID; run the command again with the ID for the result"),
        // jobs
        B("date-time", {}, "show dates as well as times (default: hh:mm:ss)"),
        // promote
        V("target-id", {}, "TARGET_ID", "only this target has the files to promote"),
        B("overwrite-dst", {"o"}, "overwrite existing objects"),
        B("delete-src", {}, "delete the source files once promoted"),
        B("not-file-share", {}, "each target promotes its own local files (the source is not a shared file system)"),
        B("set-new-custom", {}, "replace the object's custom metadata rather than merge into it"),
        // cluster membership
        B("no-rebalance", {},
          "do _not_ run global rebalance after putting node in maintenance (caution: advanced usage only!)"),
        B("rm-user-data", {}, "remove all user data when decommissioning node from the cluster"),
        B("no-shutdown", {}, "do not shutdown node upon decommissioning it from the cluster"),
        B("keep-initial-config", {},
          "keep the original plain-text configuration the node was deployed with (the option can be used to "
          "restart aisnode from scratch)"),
        // monitoring (`ais show storage ...`)
        V("refresh", {}, "DURATION",
          "repeat the report at this interval (e.g. 5s, 1m; a bare number is seconds), until --count or Ctrl-C"),
        V("count", {}, "N", "with --refresh: the number of reports (default: until interrupted)"),
        V("severity", {}, "SEVERITY",
          "log severity: info (default: every line), or warning/error (warnings and errors only); also i, w, e",
          {"info", "warning", "error", "i", "w", "e"}),
        with_id(B("summary", {}, "one row per target: its disks summed up (throughput) and averaged (sizes, util)"),
                "summary-disk"),
        with_id(V("regex", {}, "REGEX", "show only the table columns that match (case-insensitive), e.g. \"read|util\""),
                "regex-cols"),
        B("mountpath", {}, "one row per mountpath"),
        B("average-size", {}, "show average GET, PUT, etc. request size"),
        // scrub (`ais storage validate`, `ais scrub`: commands/scrub.cpp)
        B("all-columns", {}, "show all columns, including those with only zero values"),
        V("small-size", {}, "SIZE",
          "count and report all objects that are smaller or equal in size (e.g.: 4, 4b, 1k, 128kib; default: 0)"),
        V("large-size", {}, "SIZE",
          "count and report all objects that are larger or equal in size (e.g.: 4mb, 1MiB, 1048576, 128k; "
          "default: 5 GiB)"),
        with_id(B("checksum", {}, "also read every replica and validate its checksum (slow: reads all the data)"),
                "checksum-scrub"),
        B("fix", {},
          "repair what is found: move misplaced objects to their mountpaths, restore missing copies, replace "
          "corrupted replicas that have a good one (never removes an object)"),
        // config
        B("transient", {}, "change the running cluster only; do not persist"),
        B("path", {}, "print the CLI config file's path"),
    };
    return v;
}

}  // namespace

const std::vector<Flag>& all_flags() {
    static const std::vector<Flag> flags = make_flags();
    return flags;
}

const Flag* flag_by_id(std::string_view id) {
    for (const auto& f : all_flags())
        if (f.id == id) return &f;
    return nullptr;
}

}  // namespace ais::cli
