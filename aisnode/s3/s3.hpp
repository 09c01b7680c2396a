// The S3-compatible API of a proxy, served under /s3 with path-style addressing
// (http://proxy/s3/<bucket>/<key>). Unlike the native API, object data is not redirected: the
// proxy relays it to and from the HRW target itself (streaming, bounded memory), because common
// S3 clients (AWS CLI, boto3) do not follow 307 redirects. Bucket changes go through the primary
// (native create-bck/destroy-bck); listings reuse the proxy's merge of per-target pages.
// Errors are S3 XML (<Error><Code>NoSuchKey</Code>...). Any credentials are accepted (auth off),
// presigned-URL query parameters included. x-amz-checksum-* of PutObject/UploadPart are verified
// while the body streams through the proxy (BadDigest, nothing stored).
#pragma once

#include "aisnode/meta/node_env.hpp"
#include "shared/net/client.hpp"
#include "shared/net/router.hpp"

#include <string>

namespace ais::api {
struct Bck;
}

namespace ais::node {

class S3Gateway {
public:
    explicit S3Gateway(NodeEnv& env);
    void add_routes(net::Router& r);

private:
    net::Task<void> serve(net::Request& req, net::Response& resp);
    net::Task<void> dispatch(net::Request& req, net::Response& resp, const std::string& bucket,
                             const std::string& key);

    void list_buckets(net::Response& resp);
    net::Task<void> create_bucket(net::Request& req, net::Response& resp, const std::string& bucket);
    net::Task<void> delete_bucket(net::Response& resp, const std::string& bucket);
    net::Task<void> list_objects(net::Request& req, net::Response& resp, const api::Bck& bck);
    net::Task<void> delete_objects(net::Request& req, net::Response& resp, const api::Bck& bck);

    net::Task<void> put_object(net::Request& req, net::Response& resp, const api::Bck& bck, const std::string& key);
    net::Task<void> copy_object(net::Request& req, net::Response& resp, const api::Bck& bck, const std::string& key);
    net::Task<void> get_object(net::Request& req, net::Response& resp, const api::Bck& bck, const std::string& key);
    net::Task<void> head_object(net::Response& resp, const api::Bck& bck, const std::string& key);
    net::Task<void> delete_object(net::Response& resp, const api::Bck& bck, const std::string& key);

    // Multipart upload (the parts live on the HRW target of the object: see target/mpu.cpp).
    net::Task<void> mpu_create(net::Request& req, net::Response& resp, const api::Bck& bck, const std::string& key);
    net::Task<void> mpu_part(net::Request& req, net::Response& resp, const api::Bck& bck, const std::string& key);
    net::Task<void> mpu_complete(net::Request& req, net::Response& resp, const api::Bck& bck,
                                 const std::string& key);
    net::Task<void> mpu_abort(net::Response& resp, const api::Bck& bck, const std::string& key,
                              const std::string& upload_id);
    net::Task<void> mpu_list_parts(net::Request& req, net::Response& resp, const api::Bck& bck,
                                   const std::string& key);
    net::Task<void> mpu_list_uploads(net::Request& req, net::Response& resp, const api::Bck& bck);

    // "<HRW target>/v1/objects/<b>/<o>?provider=ais&pid=<this proxy>&utm=<now>" (+ extra query).
    std::string target_url(const api::Bck& bck, const std::string& key, const std::string& extra_query = {}) const;
    // Sends a primary-only bucket action (create-bck, destroy-bck) to the primary.
    net::Task<net::ClientResponse> to_primary(const std::string& method, const std::string& bucket,
                                              const std::string& action);

    NodeEnv& env_;
};

}  // namespace ais::node
