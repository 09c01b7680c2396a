// The command tree of `ais`: one builder per top-level command (one .cpp each), the helpers they
// share, and app() which assembles the tree, including the user's aliases from the CLI config.
// Some subcommands appear under several namespaces (`ais show bucket` = `ais bucket props show`);
// their builders are exported here so that the copies share flags, completion and action.
#pragma once

#include "ais-cli/ui/app.hpp"
#include "ais-cli/ui/format.hpp"
#include "shared/api/bck.hpp"
#include "shared/api/xact.hpp"

#include <string>
#include <string_view>

namespace ais::api {
class Client;
}

namespace ais::cli {

// ---- the tree ----
Command app(const Env& env);  // root with every command and alias
Command bucket_cmd();
Command object_cmd();
Command show_cmd();
Command config_cmd();
Command cluster_cmd();
Command alias_cmd();
Command search_cmd();
Command help_cmd();
Command version_cmd();
Command completion_cmd();
Command storage_cmd();
Command log_cmd();  // log show|get (log.cpp)
Command performance_cmd();  // performance = show performance (performance.cpp)
Command dashboard_cmd();    // show dashboard = cluster dashboard (dashboard.cpp)
// `job` gets copies of `bucket cp` and `bucket mv` as its copy-bucket and rename-bucket starters.
Command job_cmd(const Command& bucket_cp, const Command& bucket_mv);

// Shared subcommands.
Command ls_cmd();                 // bucket ls
Command bucket_props_show_cmd();  // bucket props show / show bucket
Command object_show_cmd();        // object show / show object
Command object_promote_cmd();     // object promote
Command show_cluster_cmd();       // show cluster / cluster show
Command show_config_cmd();        // show config / config show
Command show_job_cmd();           // show job / job show
Command bucket_summary_cmd();     // bucket summary / storage summary
Command storage_validate_cmd();   // storage validate / scrub (scrub.cpp)
Command show_rebalance_cmd();     // show rebalance / cluster rebalance show
Command show_storage_cmd();       // show storage mountpath / storage mountpath show
Command show_log_cmd();           // show log / log show
// `ais show cluster [NODE_ID | proxy | target]`: the nodes with memory, CPU and capacity (cluster.cpp)
void show_cluster(Ctx& ctx);
// cluster: membership (membership.cpp) and rebalance control (rebalance.cpp)
Command membership_cmd();  // cluster add-remove-nodes
Command set_primary_cmd();
Command cluster_shutdown_cmd();
Command cluster_decommission_cmd();
Command cluster_rebalance_cmd();
// Adds top-level copies of commands for each alias ("ls" -> "bucket ls"); invalid ones are skipped.
void add_aliases(Command& root, const std::map<std::string, std::string>& aliases);
// Resolves "bucket ls" to the command in the tree (nullptr if unknown).
const Command* resolve_words(const Command& root, std::string_view words);

// ---- helpers ----

// "ais://b/obj", "s3://b", "b" (the configured default provider), "b/prefix".
api::BckUri parse_uri(const Ctx& ctx, std::string_view arg);
// A bucket argument: an object part other than "" is an error.
api::Bck parse_bucket(const Ctx& ctx, std::string_view arg);
// BUCKET/OBJECT with a non-empty object name.
api::BckUri parse_object(const Ctx& ctx, std::string_view arg);

Units units(const Ctx& ctx);
std::string size_str(const Ctx& ctx, int64_t bytes);
// Prints compact JSON indented like Go's MarshalIndent.
void print_json(std::string_view compact);
// Unless -y: ask on the terminal; "no" prints "Operation canceled." and returns false.
bool confirmed(const Ctx& ctx, const std::string& prompt);
// "KEY=VALUE" args (also "KEY VALUE" pairs); UsageError on a dangling key.
std::vector<std::pair<std::string, std::string>> parse_kvs(const Ctx& ctx, const std::vector<std::string>& args);
// Splits "a,b,c" (empty items dropped).
std::vector<std::string> split_list(std::string_view s);
// "ais", "s3:", "gs://", "ais://" (a provider alone, no bucket): true, with the normalized provider.
bool provider_only(std::string_view arg, std::string& provider);
// Finds a node by "ID", "p[ID]" or "t[ID]"; empty if the Smap has no such node.
std::string node_id_arg(std::string_view arg);

// ---- jobs (job.cpp) ----
// Waits until the job ends (--timeout, --progress); throws if it was aborted, failed or timed
// out. `announce`: print "Waiting for <name>[<xid>] ..." before and "Done." after.
void wait_job_done(Ctx& ctx, const std::string& kind, const std::string& xid, bool announce);
// "To monitor the progress, run 'ais show job <xid>'"
std::string monitor_hint(std::string_view xid);
// A job's STATE cell (Go's FmtXactRunFinAbrt) and its START/END cells (hh:mm:ss, --date-time).
std::string job_state_str(const api::JobSnap& s);
std::string job_time_str(const Ctx& ctx, int64_t unix_ns);

// ---- rebalance (rebalance.cpp) ----
// `ais show rebalance [REB_ID] [NODE_ID]` (ctx.args are those two).
void show_rebalance(Ctx& ctx);
// Stops rebalance `xid` ("" = the running one; error if none): "Stopped rebalance[g3]".
void stop_rebalance(Ctx& ctx, std::string xid);

}  // namespace ais::cli
