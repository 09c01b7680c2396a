// Control-plane request bodies (spec §1.2, §2.5-2.8, §5.3): the ActMsg envelope and the values
// it carries for bucket and multi-object actions, plus the bucket summary result.
// Plain structs; JSON keys are exactly Go's (see each struct). Decoding is lenient per spec §0.
#pragma once

#include "shared/api/bck.hpp"
#include "shared/api/codec.hpp"

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ais::api {

// {"action": string, "name": string, "value": any}. `value` is kept as raw JSON text because its
// shape depends on the action; "null" (or "") means no value. All three keys are always emitted.
struct ActMsg {
    std::string action;
    std::string name;
    std::string value = "null";

    bool has_value() const { return !value.empty() && value != "null"; }
    // Decodes `value` as T (from_json rules); no value gives T{}. Malformed: ErrBadRequest.
    template <class T>
    T value_as() const {
        return has_value() ? from_json<T>(value) : T{};
    }
    template <class T>
    void set_value(const T& v) {
        value = to_json(v);
    }
};

// Objects selected by name list or by template (spec §2.6):
// {"objnames":[...]} or {"template":"pre-{0001..0100}.tar"}; empty template = all objects.
struct ListRange {
    std::vector<std::string> objnames;
    std::string template_;  // key "template"

    bool is_list() const { return !objnames.empty(); }
};

// delete-listrange / evict-listrange.
struct EvdMsg : ListRange {
    int num_workers = 0;      // "num-workers"
    bool coer = false;        // continue on error
    bool non_recurs = false;  // "non-recurs"
};

// copy-bck / etl-bck value, and the copy part of TCOMsg.
struct TCBMsg {
    std::string prefix;
    std::string prepend;
    std::string ext = "null";  // raw JSON map (extension rename rules), "null" if none
    std::string etl_name;      // "id" (ETL only)
    std::vector<std::string> pipeline;
    int64_t request_timeout_ns = 0;  // "request_timeout": Go duration string on the wire
    int num_workers = 0;             // "num-workers"
    bool dry_run = false;            // "dry_run"
    bool force = false;
    bool latest_ver = false;  // "latest-ver"
    bool sync = false;        // "synchronize"
    bool non_recurs = false;  // "non-recurs"
    bool coer = false;
};

// copy-listrange / etl-listrange value: TCBMsg + ListRange + destination bucket.
struct TCOMsg : TCBMsg, ListRange {
    Bck tobck;
};

// summary-bck value (spec §2.8).
struct BsummCtrlMsg {
    std::string uuid;
    std::string prefix;
    bool cached = false;   // only objects present in the cluster
    bool present = false;  // only buckets present in the cluster
    bool dont_add_remote = false;
};

// One bucket's summary (spec §2.7): the Ais-Bucket-Summ header and the summary-bck result array.
struct BsummResult {
    Bck bck;  // flattened into "name","provider","namespace"
    uint64_t obj_count_present = 0;
    uint64_t obj_count_remote = 0;
    int64_t obj_min_size = 0;
    int64_t obj_avg_size = 0;
    int64_t obj_max_size = 0;
    uint64_t size_on_disk = 0;
    uint64_t size_all_present_objs = 0;
    uint64_t size_all_remote_objs = 0;
    uint64_t total_disks_size = 0;
    uint64_t used_pct = 0;
    bool is_present = false;
};

// Value of the membership actions (start-maintenance, decommission-node, ...; spec §5.3).
struct ActValRmNode {
    std::string sid;
    std::vector<std::string> sids;
    bool skip_rebalance = false;
    bool rm_user_data = false;
    bool keep_initial_config = false;
    bool no_shutdown = false;
};

void to_jv(const ActMsg& m, boost::json::value& out);
void from_jv(const boost::json::value& v, ActMsg& out, std::string_view what = {});
void to_jv(const ListRange& m, boost::json::value& out);
void from_jv(const boost::json::value& v, ListRange& out, std::string_view what = {});
void to_jv(const EvdMsg& m, boost::json::value& out);
void from_jv(const boost::json::value& v, EvdMsg& out, std::string_view what = {});
void to_jv(const TCBMsg& m, boost::json::value& out);
void from_jv(const boost::json::value& v, TCBMsg& out, std::string_view what = {});
void to_jv(const TCOMsg& m, boost::json::value& out);
void from_jv(const boost::json::value& v, TCOMsg& out, std::string_view what = {});
void to_jv(const BsummCtrlMsg& m, boost::json::value& out);
void from_jv(const boost::json::value& v, BsummCtrlMsg& out, std::string_view what = {});
void to_jv(const BsummResult& m, boost::json::value& out);
void from_jv(const boost::json::value& v, BsummResult& out, std::string_view what = {});
void to_jv(const std::vector<BsummResult>& m, boost::json::value& out);
void from_jv(const boost::json::value& v, std::vector<BsummResult>& out, std::string_view what = {});
void to_jv(const ActValRmNode& m, boost::json::value& out);
void from_jv(const boost::json::value& v, ActValRmNode& out, std::string_view what = {});

}  // namespace ais::api
