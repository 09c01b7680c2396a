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
    net::Task<void> health_prr(net::Request& req, net::Response& resp);

private:
    bool is_primary() const;
    net::Task<void> buckets(net::Request& req, net::Response& resp);
    net::Task<void> objects(net::Request& req, net::Response& resp);
    net::Task<void> cluster_get(net::Request& req, net::Response& resp);
    net::Task<void> cluster_put(net::Request& req, net::Response& resp);
    net::Task<void> autoreg(net::Request& req, net::Response& resp);

    net::Task<void> list_objects(net::Request& req, net::Response& resp, const std::string& bucket,
                                 const std::string& value_json);
    net::Task<void> create_bucket(net::Request& req, const std::string& bucket, const std::string& value_json);
    net::Task<void> destroy_bucket(net::Request& req, const std::string& bucket);
    net::Task<void> patch_bucket(net::Request& req, const std::string& bucket, const std::string& action,
                                 const std::string& value_json);
    net::Task<void> set_config(std::vector<std::pair<std::string, std::string>> kvs, const std::string& json);

    // ---- jobs.cpp: starting, stopping and querying jobs (spec §2.5-2.8, §7) ----
    // Starts a job on every active target in two phases (all prepare, then all commit; any
    // refusal discards it everywhere and is rethrown). Returns the job id.
    // `jr.id` is assigned here. (By value: callers pass std::move of a named JobReq.)
    net::Task<std::string> start_job(JobReq jr);
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
    net::Task<void> metasync(bool smap, bool bmd, bool config);

    NodeEnv& env_;
    mutable std::mutex jobs_mu_;
    std::set<std::string> finalizing_;  // move-bck jobs whose source is not yet removed
};

}  // namespace ais::node
