// The cluster metadata a node holds: Smap (nodes), BMD (buckets) and the cluster config, each an
// immutable versioned snapshot behind a shared_ptr that is swapped atomically. Readers take a
// snapshot and keep it for the duration of a request; writers (the primary, or metasync on every
// other node) install a newer version, which is persisted to the node's confdir first.
// Listeners run after a new version is installed (a target creates/destroys bucket dirs there).
#pragma once

#include "shared/api/bmd.hpp"
#include "shared/api/smap.hpp"
#include "shared/config/cluster_config.hpp"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ais::node {

// RMD (rebalance metadata): the primary's record of the cluster rebalance it wants. Every change
// of the target set makes a new version, whose rebalance is "g<version>"; the primary metasyncs it
// with the Smap it was made for, and every target runs that rebalance when it installs it (a newer
// one aborts an older one). `done` turns true once every target has finished it: until then a
// target that misses an object asks its peers (get-from-neighbor).
struct Rmd {
    int64_t version = 0;
    int64_t smap_version = 0;  // the Smap the rebalance moves objects for
    bool done = true;
    std::string reb_id() const { return "g" + std::to_string(version); }

    std::string to_json() const;
    static Rmd from_json(std::string_view json);  // ErrBadRequest when malformed
    bool operator==(const Rmd&) const = default;
};

class MetaOwner {
public:
    using SmapPtr = std::shared_ptr<const api::Smap>;
    using BmdPtr = std::shared_ptr<const api::BMD>;
    using ConfigPtr = std::shared_ptr<const config::ClusterConfig>;

    // `dir` is where smap.json, bmd.json and config.json live ("" = not persisted).
    explicit MetaOwner(std::string dir);

    SmapPtr smap() const;
    BmdPtr bmd() const;
    // This node's effective config: the cluster config with this node's overrides applied.
    ConfigPtr config() const;
    // The cluster-wide config as the primary distributes it (no node overrides).
    ConfigPtr cluster_config() const;
    Rmd rmd() const;

    // Install a snapshot if it is newer than the current one (or `force`); persists it first.
    // Returns false (and changes nothing) when it is not newer.
    bool put_smap(SmapPtr s, bool force = false);
    bool put_bmd(BmdPtr b, bool force = false);
    bool put_config(ConfigPtr c, bool force = false);
    // A newer RMD (or the same version turning done). Listeners see it after it is persisted.
    bool put_rmd(const Rmd& r, bool force = false);
    // Node-local overrides of cluster config keys (`ais config node NODE key=value`): validated
    // against the schema, applied on top of every cluster config version, persisted in
    // config_override.json unless `transient`. Throws ErrBadRequest on a bad key or value.
    void set_overrides(const std::vector<std::pair<std::string, std::string>>& kvs, bool transient);

    // Loads whatever was persisted; missing files leave the defaults (version 0).
    void load();

    void on_bmd(std::function<void(const api::BMD* prev, const api::BMD& now)> fn);
    void on_smap(std::function<void(const api::Smap* prev, const api::Smap& now)> fn);
    void on_rmd(std::function<void(const Rmd& now)> fn);

    // Serializes read-modify-write cycles on the primary (clone, modify, put).
    std::mutex& update_mutex() { return update_mu_; }

private:
    std::string dir_;
    mutable std::mutex mu_;      // readers: held only to copy a pointer
    std::mutex persist_mu_;      // writers: held across the disk write
    std::mutex update_mu_;
    SmapPtr smap_;
    BmdPtr bmd_;
    ConfigPtr config_;          // effective
    ConfigPtr cluster_config_;  // as distributed
    Rmd rmd_;
    std::map<std::string, std::string> overrides_, transient_overrides_;
    ConfigPtr apply_overrides(const ConfigPtr& c) const;
    std::vector<std::function<void(const api::BMD*, const api::BMD&)>> bmd_listeners_;
    std::vector<std::function<void(const api::Smap*, const api::Smap&)>> smap_listeners_;
    std::vector<std::function<void(const Rmd&)>> rmd_listeners_;
};

}  // namespace ais::node
