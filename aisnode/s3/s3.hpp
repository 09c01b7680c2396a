// The S3-compatible API of a proxy. Served under /s3 (http://proxy/s3/<bucket>/<key>) and, with the
// cluster feature "S3-API-via-Root" (features bit 3, as in AIS), at the root as well
// (http://proxy/<bucket>/<key>); virtual-hosted-style requests (Host: <bucket>.<host>) are
// understood on both. Unlike the native API, object data is not redirected: the proxy relays it to
// and from the HRW target itself (streaming, bounded memory), because common S3 clients (AWS CLI,
// boto3) do not follow 307 redirects. Bucket changes go through the primary (native create-bck,
// destroy-bck, set-bprops); listings reuse the proxy's merge of per-target pages.
// Errors are S3 XML (<Error><Code>NoSuchKey</Code>...). Any credentials are accepted (auth off),
// presigned-URL query parameters included.
//
// Files: s3.cpp (routing, addressing styles, dispatch, the error boundary), s3_bucket.cpp (bucket
// requests and listings), s3_object.cpp (object requests, tagging, GET by part), s3_multipart.cpp,
// s3_body.cpp (relayed bodies, x-amz-checksum-*, aws-chunked), s3_util.cpp, s3_auth.cpp, xml.cpp.
#pragma once

#include "aisnode/meta/node_env.hpp"
#include "shared/net/router.hpp"

#include <string>

namespace ais::node {

class S3Gateway {
  public:
    explicit S3Gateway(NodeEnv& env);
    // "/s3" (always) and "/" (the fallback of every path no other route takes: served as S3 when
    // the feature S3-API-via-Root is on, else the usual 404).
    void add_routes(net::Router& r);

  private:
    net::Task<void> serve(net::Request& req, net::Response& resp);
    net::Task<void> dispatch(net::Request& req, net::Response& resp, const std::string& bucket,
                             const std::string& key);

    NodeEnv& env_;
};

}  // namespace ais::node
