// The proxy (gateway): the control plane and the redirects of the data path. It never touches
// object data: object requests are answered with a redirect to the HRW target. Bucket and
// cluster changes are made by the primary, which versions the new BMD/Smap/config, persists it
// and pushes it to every node (metasync) before it answers; a non-primary proxy forwards such
// requests to the primary. List-objects fans out to every target and merges the pages.
#pragma once

#include "aisnode/meta/node_env.hpp"
#include "shared/net/router.hpp"

namespace ais::api {
struct Bck;
struct LsoMsg;
struct LsoRes;
}  // namespace ais::api

namespace ais::node {

// One page of list-objects for an existing bucket: asks every target for its next page (same
// token and page size) and merges them by name. Fills msg.uuid and msg.pagesize when unset.
// Used by the native API and by the S3 gateway.
net::Task<api::LsoRes> list_merge(NodeEnv& env, const api::Bck& bck, api::LsoMsg& msg);

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

    // Relays a request (with the body already read) to the primary and copies its answer.
    net::Task<void> forward_to_primary(net::Request& req, net::Response& resp, const std::string& body);
    // Pushes the named metadata to every other node; logs the ones that failed.
    net::Task<void> metasync(bool smap, bool bmd, bool config);

    NodeEnv& env_;
};

}  // namespace ais::node
