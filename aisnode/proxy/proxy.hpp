// The proxy (gateway): the control plane and the redirects of the data path. It never touches
// object data: object requests are answered with a redirect to the HRW target. Bucket and
// cluster changes are made by the primary, which versions the new BMD/Smap/config, persists it
// and pushes it to every node (metasync) before it answers; a non-primary proxy forwards such
// requests to the primary. List-objects fans out to every target and merges the pages.
#pragma once

#include "aisnode/meta/node_env.hpp"
#include "aisnode/xact/xact.hpp"
#include "shared/api/xact.hpp"
#include "shared/net/router.hpp"

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace ais::api {
struct Bck;
struct LsoMsg;
struct LsoRes;
struct ActMsg;
}  // namespace ais::api

namespace ais {
struct Bprops;
}

namespace ais::node {

// One page of list-objects for an existing bucket: asks every target for its next page (same
// token and page size) and merges them by name. Fills msg.uuid and msg.pagesize when unset.
// Used by the native API and by the S3 gateway.
net::Task<api::LsoRes> list_merge(NodeEnv& env, const api::Bck& bck, api::LsoMsg& msg);

// Every target's snaps of the jobs matching a query.
struct TargetSnaps {
    std::map<std::string, std::vector<api::JobSnap>> by_target;  // target id -> snaps
    std::vector<std::string> errors;                             // targets that did not answer
    size_t count() const;
};

class Proxy {
public:
    explicit Proxy(NodeEnv& env);
    void add_routes(net::Router& r);
    // This proxy starts (or restarts) as the primary: restores or creates the Smap and BMD.
    void become_primary();
    // Starts the background duties of a proxy (on env.io): the keepalive tracker, which acts
    // while this proxy is primary, and the monitor of an unfinished rebalance.
    void start_duties();
    net::Task<void> health_prr(net::Request& req, net::Response& resp);

private:
    bool is_primary() const;
    net::Task<void> buckets(net::Request& req, net::Response& resp);
    net::Task<void> objects(net::Request& req, net::Response& resp);
    net::Task<void> cluster_get(net::Request& req, net::Response& resp);
    // cluster_info.cpp: GET /v1/cluster?what=sysinfo|backends|remote; the 400 for an unknown `what`.
    net::Task<void> cluster_info(net::Request& req, net::Response& resp, std::string what);
    static std::string unknown_cluster_what(std::string_view what);
    net::Task<void> cluster_put(net::Request& req, net::Response& resp);
    net::Task<void> autoreg(net::Request& req, net::Response& resp);

    net::Task<void> list_objects(net::Request& req, net::Response& resp, const std::string& bucket,
                                 const std::string& value_json);
    net::Task<void> create_bucket(net::Request& req, const std::string& bucket, const std::string& value_json);
    net::Task<void> destroy_bucket(net::Request& req, const std::string& bucket);
    // ---- bprops.cpp: bucket props and the jobs they start ----
    // set-bprops / reset-bprops: validated first (400/501, props unchanged); a change of the
    // bucket's mirroring runs make-n-copies (each target checks it can, before the props change).
    // Returns the id of the job it started, or "".
    net::Task<std::string> patch_bucket(net::Request& req, const std::string& bucket, const std::string& action,
                                        const std::string& value_json);
    // AIS's rules on EC props (slices in [1, 32], D+P+1 active targets: 400; ec.compression: 501).
    void check_bprops(const Bprops& p) const;
    // POST /v1/buckets/B {"action":"make-n-copies","value":N}: mirror.copies=N (enabled when N > 1).
    net::Task<void> make_n_copies(net::Request& req, net::Response& resp, const std::string& bucket,
                                  const api::ActMsg& msg);
    // POST /v1/buckets/B {"action":"ec-encode"}: ec.* set, then ec-encode on every target (EC, issue 12).
    net::Task<void> ec_encode(net::Request& req, net::Response& resp, const std::string& bucket, const api::ActMsg& msg);
    net::Task<void> set_config(std::vector<std::pair<std::string, std::string>> kvs, const std::string& json);

    // ---- jobs.cpp: starting, stopping and querying jobs (spec §2.5-2.8, §7) ----
    // Starts a job on every active target in two phases (all prepare, then all commit; any
    // refusal discards it everywhere and is rethrown). Returns the job id.
    // `jr.id` is assigned here. (By value: callers pass std::move of a named JobReq.)
    net::Task<std::string> start_job(JobReq jr);
    // The two phases apart, for a start that changes metadata in between (make-n-copies): begin
    // (assigns jr.id; any refusal discards everywhere and is rethrown), then commit or discard.
    net::Task<void> begin_job(JobReq& jr);
    net::Task<void> commit_job(const JobReq& jr);
    net::Task<void> discard_job(const JobReq& jr);
    // copy-bck, move-bck (POST ?bck_to), copy-listrange (POST), delete/evict-listrange (DELETE).
    net::Task<void> bucket_job(net::Request& req, net::Response& resp, const std::string& bucket,
                               const api::ActMsg& msg);
    // summary-bck (GET /v1/buckets[/B]): 202 + id, then 202 while running, 200 + results.
    net::Task<void> summary(net::Request& req, net::Response& resp, const std::string& bucket,
                            const api::ActMsg& msg);
    // The snaps of a summary job being polled (404 for an unknown id).
    net::Task<TargetSnaps> summary_snaps(std::string id);
    // HEAD /v1/buckets/B?bsumm_remote=...: bucket info, the same job behind headers.
    net::Task<void> bucket_info(net::Request& req, net::Response& resp, const api::Bck& bck);
    // POST /v1/objects/B {"action":"promote"}.
    net::Task<void> promote(net::Request& req, net::Response& resp, const std::string& bucket, const api::ActMsg& msg);
    // PUT /v1/cluster start|stop.
    net::Task<void> job_start_stop(net::Request& req, net::Response& resp, const api::ActMsg& msg);
    // GET /v1/cluster?what=status|status_all|running_all|qryxstats.
    net::Task<void> job_query(net::Request& req, net::Response& resp, std::string_view what, const std::string& body);
    // Every target's snaps matching the query (a move being finalized shows as running).
    net::Task<TargetSnaps> collect_snaps(const api::QueryMsg& q);
    // move-bck: once every target has copied, the source bucket goes; on failure the destination.
    net::Task<void> finish_move(std::string id, api::Bck from, api::Bck to);
    bool finalizing(const std::string& id) const;
    // BMD edits for jobs (blocking: they persist; call on the meta pool).
    void create_like(const api::Bck& src, const api::Bck& to, bool move, bool& created);
    void drop_bucket(const api::Bck& b);

    // Sends the request (body already read) to `url` and copies the answer back verbatim.
    net::Task<void> relay(net::Request& req, net::Response& resp, const std::string& url, const std::string& body);
    // /v1/reverse/daemon[/...] to the node named by the Ais-Node-Id header.
    net::Task<void> reverse(net::Request& req, net::Response& resp);
    // Relays a request (with the body already read) to the primary and copies its answer.
    net::Task<void> forward_to_primary(net::Request& req, net::Response& resp, const std::string& body);
    // Pushes the named metadata to every other node; logs the ones that failed.
    net::Task<void> metasync(bool smap, bool bmd, bool config, bool rmd = false);

    // ---- keepalive.cpp: failure detection (primary) ----
    // POST /v1/cluster/keepalive: a node's heartbeat (its Snode). 404 when it is not in the Smap:
    // it then registers again.
    net::Task<void> keepalive(net::Request& req, net::Response& resp);
    // The primary's tracker: probes nodes it has not heard from and removes the dead ones.
    net::Task<void> keepalive_loop();
    void heard(const std::string& id);
    // Removes nodes from the Smap (dead, decommissioned, rm-unsafe) and metasyncs; when targets
    // left and rebalance is enabled, starts a rebalance.
    net::Task<void> remove_nodes(std::vector<std::string> ids, std::string why, bool rebalance);

    // ---- election.cpp ----
  public:
    // Runs an election with this proxy as the candidate (meta/vote.hpp); becomes primary with a
    // majority. At most one at a time.
    net::Task<void> start_election();

  private:
    // PUT /v1/vote/init: asked to run an election (409 when not next in line).
    net::Task<void> vote_init(net::Request& req, net::Response& resp);
    // PUT /v1/cluster/proxy/ID.
    net::Task<void> set_primary(std::string id);

    // ---- membership.cpp: joining, leaving, rebalance control ----
    // Adds or updates a node in the Smap (autoreg); true if changed. Call under the update mutex.
    bool add_node(const api::Snode& node);
    // start-maintenance, stop-maintenance, shutdown-node, decommission-node, rm-unsafe;
    // shutdown and decommission of the whole cluster.
    net::Task<void> membership(net::Request& req, net::Response& resp, const api::ActMsg& msg);
    net::Task<void> cluster_down(bool decommission, bool rm_user_data);
    // A new RMD for the current Smap, metasynced with it; returns the rebalance id "g<N>".
    net::Task<std::string> start_rebalance();
    // The next RMD for the current Smap, persisted (call under the update mutex, on the meta
    // pool), so that a Smap change and its rebalance are published in one metasync.
    Rmd next_rmd();
    // Rebalance is enabled and there are ais:// buckets whose objects may have to move.
    bool want_rebalance() const;
    void ensure_reb_monitor();
    // Polls the targets until every one has finished the current rebalance, then marks the RMD
    // done (metasync) and completes the leaves that waited for it.
    net::Task<void> reb_monitor();
    net::Task<void> complete_leaves();
    // Decommissions that a previous primary started and did not finish (it restarted, or another
    // proxy was elected): the Smap still flags those nodes. Completed after the rebalance.
    net::Task<void> resume_leaves();
    // Tells a node to shut down (or to remove its data and exit: decommission).
    net::Task<void> tell_node(api::Snode node, std::string action, bool rm_user_data, bool no_shutdown);

    NodeEnv& env_;
    // keepalive: when each node was last heard from (heartbeat or probe), and the average gap
    // between its heartbeats ("average" keepalive).
    struct Heard {
        int64_t last_ns = 0;
        double avg_gap_ns = 0;
    };
    std::mutex ka_mu_;
    std::map<std::string, Heard> heard_;
    bool ka_running_ = false;
    bool electing_ = false;
    // Leaves waiting for the current rebalance to finish (decommission, shutdown of a node).
    struct Leave {
        std::string sid, action;
        bool rm_user_data = false, no_shutdown = false;
    };
    std::mutex reb_mu_;
    bool reb_monitoring_ = false;
    static constexpr int kMaxRebRetries = 3;
    int reb_retries_ = 0;  // consecutive failed rounds (the monitor's own)
    std::vector<Leave> leaves_;
    mutable std::mutex jobs_mu_;
    std::set<std::string> finalizing_;  // move-bck jobs whose source is not yet removed
};

}  // namespace ais::node
