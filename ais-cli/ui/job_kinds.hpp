// Job (xaction) kinds as users see them. The wire carries kinds ("copy-bck", "summary-bck"); the
// Go CLI shows and accepts display names ("copy-bucket", "summary") from its xaction table, plus a
// few shortcuts ("copy", "evict", ...) that select several kinds at once. This table is that view:
// it knows nothing of the cluster, which is free to run kinds not listed here (they are shown as is).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ais::cli {

struct JobKind {
    std::string_view kind;      // on the wire: "copy-bck"
    std::string_view display;   // what the Go CLI shows: "copy-bucket" (== kind when it has none)
    bool startable = false;     // `ais job start NAME` (the generic start API)
    bool bucket_scope = false;  // the job runs on one bucket (start takes BUCKET)
};

const std::vector<JobKind>& job_kinds();
// The kind for a kind or display name ("copy-bucket" -> "copy-bck", "ls" -> "list"); "" if unknown.
std::string job_kind_of(std::string_view name);
// The display name of a kind (the kind itself if it has none).
std::string job_display_name(std::string_view kind);
// "copy", "evict", "prefetch", "delete", "ec", "etl": prefixes of several display names, each
// standing for all of them. Returns the matching kinds (empty if `word` is not such a shortcut).
std::vector<std::string> job_shortcut_kinds(std::string_view word);
// Go's xact.Cname: "kind[xid]".
std::string job_cname(std::string_view name, std::string_view xid);
// Splits "kind[xid]" (what=running_all); false if malformed.
bool parse_job_cname(std::string_view cname, std::string& kind, std::string& xid);

}  // namespace ais::cli
