// Jobs ("xactions") on the wire (spec §7): how a client starts/stops them (ArgsMsg), asks about
// them (QueryMsg), and what it gets back: nl.Status for `what=status` (JobStatus) and per-target
// snapshots for `what=qryxstats` (JobSnap, grouped by target id in a MultiSnap).
//
// Go's ArgsMsg has untagged fields, so its keys are capitalised ("ID", "Kind", "Bck"); QueryMsg
// has lowercase tags. Decoding is case-insensitive either way, which is how Python's
// {"ID","Kind","Bck"} reaches both.
#pragma once

#include "shared/api/bck.hpp"

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ais::api {

// Value of {"action":"start"|"stop"} on PUT /v1/cluster.
struct ArgsMsg {
    std::string id;         // "ID"
    std::string kind;       // "Kind"
    std::string daemon_id;  // "DaemonID": node that runs it (resilver)
    Bck bck;                // "Bck"
    std::vector<Bck> buckets;
    int64_t timeout_ns = 0;  // "Timeout": Go time.Duration, a number of ns
    uint32_t flags = 0;      // "flags"
    bool force = false;
    bool only_running = false;  // "OnlyRunning"
};

// Body of GET /v1/cluster?what=status|status_all|running_all|qryxstats.
struct QueryMsg {
    std::string id;
    std::string kind;
    std::string node;  // "node" (also accepted as Python's "DaemonID")
    Bck bck;
    std::vector<Bck> buckets;
    std::optional<bool> show_active;  // only running jobs; null = unspecified
};

// nl.Status: the reply of what=status (one) and what=status_all (array).
struct JobStatus {
    std::string uuid;
    std::string kind;
    std::string err;
    int64_t end_time = 0;  // unix ns; 0 while running
    bool aborted = false;
    bool is_idle = false;

    bool finished() const { return end_time != 0 || aborted; }
    bool ok() const { return err.empty() && !aborted; }
};

// One target's snapshot of a job (core.Snap).
struct JobSnap {
    struct Stats {
        int64_t loc_objs = 0, loc_bytes = 0;  // "loc-objs", "loc-bytes"
        int64_t out_objs = 0, out_bytes = 0;
        int64_t in_objs = 0, in_bytes = 0;
        bool operator==(const Stats&) const = default;
    };

    std::string id;
    std::string kind;
    Bck bck;
    Bck src_bck;             // "src-bck"
    Bck dst_bck;             // "dst-bck"
    int64_t start_time = 0;  // unix ns; RFC3339 on the wire
    int64_t end_time = 0;    // 0 = Go zero time "0001-01-01T00:00:00Z" (still running)
    std::string ctlmsg;      // omitted when empty
    std::string abort_err;   // "abort-err"
    std::string err;
    int64_t glob_id = 0;  // "glob.id": packed, see pack_glob()
    Stats stats;
    bool aborted = false;
    bool is_idle = false;
    std::string ext = "null";  // kind-specific raw JSON

    bool running() const { return end_time == 0 && !aborted; }
    bool finished() const { return end_time != 0; }

    // glob.id packing: bits 0-9 joggers, 10-19 workers, 20-63 channel-full count.
    static int64_t pack_glob(int joggers, int workers, int64_t chan_full);
    int joggers() const { return static_cast<int>(glob_id & 0x3ff); }
    int workers() const { return static_cast<int>((glob_id >> 10) & 0x3ff); }
    int64_t chan_full() const { return glob_id >> 20; }
};

// what=qryxstats reply: target id -> its snapshots.
struct MultiSnap {
    std::map<std::string, std::vector<JobSnap>> by_target;

    bool empty() const;        // no snaps at all
    bool any_running() const;  // some snap has no end time and is not aborted
    bool any_aborted() const;
    bool all_finished() const;                 // non-empty and every snap finished or aborted
    bool all_idle_or_done() const;             // every snap idle, aborted or finished (idle kinds, §7.3)
    std::vector<std::string> job_ids() const;  // distinct, sorted
    JobSnap::Stats totals(std::string_view job_id = {}) const;  // over all targets ("" = all jobs)
};

void to_jv(const ArgsMsg& m, boost::json::value& out);
void from_jv(const boost::json::value& v, ArgsMsg& out, std::string_view what = {});
void to_jv(const QueryMsg& m, boost::json::value& out);
void from_jv(const boost::json::value& v, QueryMsg& out, std::string_view what = {});
void to_jv(const JobStatus& s, boost::json::value& out);
void from_jv(const boost::json::value& v, JobStatus& out, std::string_view what = {});
void to_jv(const std::vector<JobStatus>& s, boost::json::value& out);
void from_jv(const boost::json::value& v, std::vector<JobStatus>& out, std::string_view what = {});
void to_jv(const JobSnap& s, boost::json::value& out);
void from_jv(const boost::json::value& v, JobSnap& out, std::string_view what = {});
void to_jv(const MultiSnap& m, boost::json::value& out);
void from_jv(const boost::json::value& v, MultiSnap& out, std::string_view what = {});

// Go's time.Time JSON text (RFC3339 with optional fraction and zone offset) to unix ns;
// the zero time "0001-01-01T00:00:00Z" is 0. Malformed or out-of-range: ErrBadRequest.
int64_t parse_rfc3339_ns(std::string_view s);

}  // namespace ais::api
