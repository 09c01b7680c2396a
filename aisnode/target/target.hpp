// Target: the object data path of an aisnode running as a target (spec §3, §4). It owns the
// mountpaths (aisnode/fs) and serves what the proxy redirects here:
//   /v1/objects/B/O   PUT (+append/flush, copy via ?object_to), GET (sendfile, Range), HEAD,
//                     DELETE, PATCH (custom metadata), POST rename-obj
//   /v1/buckets/B     GET: this target's page of a list-objects (the proxy merges the pages);
//                     HEAD: the bucket's props from this node's BMD
// and it keeps bucket directories in step with the BMD (created on create-bck, moved to trash
// and removed in the background on destroy-bck).
//
// Owned by main() for the life of the process, next to the NodeEnv it references. init() once,
// before the HTTP server starts; the routes may then be called from every io thread.
#pragma once

#include "aisnode/meta/node_env.hpp"
#include "shared/net/router.hpp"

#include <memory>
#include <string>

namespace ais::node {

class Target {
  public:
    explicit Target(NodeEnv& env);
    ~Target();
    Target(const Target&) = delete;
    Target& operator=(const Target&) = delete;

    // Prepares the mountpaths (env.local.fspaths.paths, or the generated test_fspaths), creates
    // the dirs of the buckets already in the BMD and registers the BMD listener. Throws
    // std::runtime_error when a mountpath is unusable.
    void init();
    void add_routes(net::Router& r);
    // Once the node has joined: resumes an unfinished rebalance that was persisted.
    void after_join();
    // Decommission with rm_user_data: removes every object and bucket directory. Blocking.
    void remove_user_data();

    // For GET /v1/daemon?what=mountpaths: {"available":[...],"waiting_dd":[],"disabled":[]}.
    std::string mountpaths_json() const;
    // For GET /v1/daemon?what=disk: AIS's TcdfExt (disk rates, mountpath capacity and disks).
    net::Task<std::string> disk_stats_json();
    // For what=node_status: the snap of the newest rebalance job here ("" if none), and whether
    // a rebalance or a resilver is running (AIS's node-state flags).
    std::string last_rebalance_json() const;
    bool rebalancing() const;
    bool resilvering() const;

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace ais::node
