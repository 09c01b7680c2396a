// The S3 gateway's request handlers (internal to aisnode/s3), one group per file. Each takes the
// gateway's Ctx: the node, and the ways to its targets and to the primary.
#pragma once

#include "aisnode/meta/node_env.hpp"
#include "shared/api/bck.hpp"
#include "shared/net/client.hpp"
#include "shared/net/http.hpp"

#include <string>

namespace ais::node::s3 {

using net::Request;
using net::Response;
using net::Task;

struct Ctx {
    NodeEnv& env;
    std::string base;  // how the client reached the API: "/s3" or "" (root)

    // "<HRW target>/v1/objects/<b>/<o>?provider=ais&pid=<this proxy>&utm=<now>" (+ extra query).
    std::string target_url(const api::Bck& bck, const std::string& key,
                           const std::string& extra_query = {}) const;
    // A primary-only bucket action (create-bck, destroy-bck, set-bprops) with an optional value.
    Task<net::ClientResponse> to_primary(const std::string& method, const std::string& bucket,
                                         const std::string& action, const std::string& value_json = "null");
    void require_bucket(const api::Bck& bck) const;  // 404 NoSuchBucket
    // The object an x-amz-copy-source header names (CopyObject, UploadPartCopy): its bucket must
    // exist (404 NoSuchBucket) and its name be valid (400 InvalidArgument).
    std::pair<api::Bck, std::string> copy_source(const Request& req) const;
};

// ---- s3_bucket.cpp ----
void list_buckets(Ctx& c, Response& resp);
Task<void> create_bucket(Ctx& c, Request& req, Response& resp, const std::string& bucket);
Task<void> delete_bucket(Ctx& c, Response& resp, const std::string& bucket);
bool is_bucket_subresource(const Request& req);  // ?versioning, ?tagging, ?acl, ...
// PUT/GET/DELETE /bucket?versioning|tagging|acl|location|policy|...; false if `req` has none.
Task<bool> bucket_subresource(Ctx& c, Request& req, Response& resp, const api::Bck& bck);
Task<void> list_objects(Ctx& c, Request& req, Response& resp, const api::Bck& bck);
Task<void> delete_objects(Ctx& c, Request& req, Response& resp, const api::Bck& bck);

// ---- s3_object.cpp ----
Task<void> put_object(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key);
Task<void> copy_object(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key);
// GET and HEAD, whole, by Range or by ?partNumber.
Task<void> get_object(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key);
Task<void> delete_object(Ctx& c, Response& resp, const api::Bck& bck, const std::string& key);
Task<void> object_tagging(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key);
Task<void> object_acl(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key);

// ---- s3_multipart.cpp (the parts live on the HRW target of the object: target/mpu.cpp) ----
Task<void> mpu_create(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key);
Task<void> mpu_part(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key);
Task<void> mpu_complete(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key);
Task<void> mpu_abort(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key);
Task<void> mpu_list_parts(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key);
Task<void> mpu_list_uploads(Ctx& c, Request& req, Response& resp, const api::Bck& bck);

}  // namespace ais::node::s3
