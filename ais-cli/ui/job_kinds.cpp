#include "ais-cli/ui/job_kinds.hpp"

namespace ais::cli {

const std::vector<JobKind>& job_kinds() {
    // Display names and startability as in the Go xaction table (xact/api.go).
    static const std::vector<JobKind> kinds = {
        {"archive", "archive", false, true},
        {"blob-download", "blob-download", true, true},
        {"cleanup-store", "cleanup", true, false},
        {"copy-bck", "copy-bucket", false, true},
        {"copy-listrange", "copy-objects", false, true},
        {"delete-listrange", "delete-objects", false, true},
        {"download", "download", false, false},
        {"dsort", "dsort", false, false},
        {"ec-encode", "ec-bucket", true, true},
        {"ec-get", "ec-get", false, true},
        {"ec-put", "ec-put", false, true},
        {"ec-resp", "ec-resp", false, true},
        {"elect-primary", "elect-primary", false, false},
        {"etl-bck", "etl-bucket", false, true},
        {"etl-inline", "etl-inline", false, true},
        {"etl-listrange", "etl-objects", false, true},
        {"evict-listrange", "evict-objects", false, true},
        {"evict-remote-bck", "evict-remote-bucket", false, true},
        {"get-batch", "get-batch", false, false},
        {"index-shard", "index-shard", true, true},
        {"list", "list", false, true},
        {"load-lom-cache", "warm-up-metadata", true, true},
        {"lru", "lru-eviction", true, false},
        {"make-n-copies", "mirror", true, true},
        {"move-bck", "rename-bucket", false, true},
        {"prefetch-listrange", "prefetch-objects", false, true},
        {"promote", "promote-files", false, true},
        {"put-copies", "put-copies", false, true},
        {"rebalance", "rebalance", true, false},
        {"rechunk", "rechunk", true, true},
        {"resilver", "resilver", true, false},
        {"scrub", "scrub", false, false},  // ours: `ais storage validate` (AIS scrubs in its CLI)
        {"summary-bck", "summary", true, true},
    };
    return kinds;
}

std::string job_kind_of(std::string_view name) {
    if (name == "ls") return "list";
    for (const auto& k : job_kinds())
        if (k.kind == name || k.display == name) return std::string(k.kind);
    return {};
}

std::string job_display_name(std::string_view kind) {
    for (const auto& k : job_kinds())
        if (k.kind == kind) return std::string(k.display);
    return std::string(kind);
}

std::vector<std::string> job_shortcut_kinds(std::string_view word) {
    static constexpr std::string_view kShortcuts[] = {"copy", "delete", "ec", "etl", "evict", "prefetch"};
    bool shortcut = false;
    for (auto s : kShortcuts) shortcut |= s == word;
    std::vector<std::string> out;
    if (!shortcut) return out;
    for (const auto& k : job_kinds())
        if (k.display.starts_with(word) || k.kind.starts_with(word)) out.emplace_back(k.kind);
    return out;
}

std::string job_cname(std::string_view name, std::string_view xid) {
    return std::string(name) + "[" + std::string(xid) + "]";
}

bool parse_job_cname(std::string_view cname, std::string& kind, std::string& xid) {
    const auto open = cname.find('[');
    if (open == std::string_view::npos || open == 0 || cname.back() != ']') return false;
    kind = cname.substr(0, open);
    xid = cname.substr(open + 1, cname.size() - open - 2);
    return !xid.empty();
}

}  // namespace ais::cli
