#include "aisnode/s3/s3.hpp"

#include "aisnode/s3/s3_handlers.hpp"
#include "aisnode/s3/s3_util.hpp"
#include "aisnode/s3/xml.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/bmd.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/msgs.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <algorithm>
#include <cctype>

namespace ais::node {

using s3::S3Error;
using s3::XmlWriter;

// ---- Ctx ----

std::string s3::Ctx::target_url(const api::Bck& bck, const std::string& key,
                                const std::string& extra_query) const {
    auto smap = env.meta.smap();
    const api::Snode* t = smap->hrw_target(bck.obj_uname(key));
    if (!t) throw S3Error(503, "ServiceUnavailable", "no targets in the cluster map");
    const std::string& b =
        t->intra_data_net.direct_url.empty() ? t->public_net.direct_url : t->intra_data_net.direct_url;
    return b + "/v1/objects/" + url_escape_path(bck.name) + "/" + url_escape_path(key) + "?" +
           bck.query().encode() + "&" + api::qp::kPid + "=" + env.id() +
           "&utm=" + base36(static_cast<uint64_t>(now_ns())) + extra_query;
}

net::Task<net::ClientResponse> s3::Ctx::to_primary(const std::string& method, const std::string& bucket,
                                                   const std::string& action, const std::string& value_json) {
    auto smap = env.meta.smap();
    api::ActMsg msg{.action = action, .value = value_json};
    net::ClientRequest pr{.method = method,
                          .url = smap->primary.intra_control_net.direct_url + "/v1/buckets/" +
                                 url_escape_path(bucket) + "?provider=ais",
                          .body = api::to_json(msg)};
    pr.headers.add("Content-Type", "application/json");
    auto r = co_await env.client->co_call(pr);
    co_return r;
}

void s3::Ctx::require_bucket(const api::Bck& bck) const {
    if (!env.meta.bmd()->find(bck))
        throw S3Error(404, "NoSuchBucket", "The specified bucket does not exist: " + bck.name);
}

std::pair<api::Bck, std::string> s3::Ctx::copy_source(const Request& req) const {
    auto [sname, skey] = parse_copy_source(req.headers.get("x-amz-copy-source"));
    api::Bck sbck = ais_bck(sname);
    require_bucket(sbck);
    try {
        api::validate_obj_name(skey);
    } catch (const Error& e) {
        throw S3Error(400, "InvalidArgument", e.what());
    }
    return {std::move(sbck), std::move(skey)};
}

// ---- routing ----

namespace {

bool is_ip_literal(std::string_view host) {
    if (host.starts_with('[')) return true;  // IPv6
    return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
    });
}

// Virtual-hosted style: "Host: <bucket>.<endpoint>[:port]" names the bucket when the host is a
// name (not an IP literal) with at least two labels and its first label is an existing bucket, or
// (bucket requests with no key: create, head, delete) a valid bucket name. "" = path style.
std::string virtual_host_bucket(const NodeEnv& env, const net::Request& req) {
    std::string_view host = req.headers.get("Host");
    if (host.empty() || is_ip_literal(host)) return {};
    if (auto colon = host.rfind(':'); colon != std::string_view::npos) host = host.substr(0, colon);
    auto dot = host.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == host.size() || is_ip_literal(host)) return {};
    std::string label = to_lower(host.substr(0, dot));
    try {
        api::validate_bck_name(label);
    } catch (const std::exception&) {
        return {};
    }
    if (env.meta.bmd()->find(s3::ais_bck(label))) return label;
    if (req.rest.empty() && req.method != "GET") return label;
    return {};
}

}  // namespace

S3Gateway::S3Gateway(NodeEnv& env) : env_(env) {}

void S3Gateway::add_routes(net::Router& r) {
    r.add("*", "/s3",
          [this](net::Request& req, net::Response& resp) -> net::Task<void> { co_await serve(req, resp); });
    // The longest prefix wins, so "/" only gets what no other route takes.
    r.add("*", "/", [this](net::Request& req, net::Response& resp) -> net::Task<void> {
        const bool native = req.path == "/v1" || req.path.starts_with("/v1/");
        if (native || !(env_.meta.config()->features & s3::kFeatS3ApiViaRoot))
            throw ErrNotFound("invalid path \"" + req.path + "\"", "");
        co_await serve(req, resp);
    });
}

net::Task<void> S3Gateway::serve(net::Request& req, net::Response& resp) {
    int status = 0;
    std::string code, msg;
    try {
        s3::parse_signature(req);  // any well-formed credentials are accepted while authentication is off
        std::string bucket = virtual_host_bucket(env_, req), key;
        if (!bucket.empty()) {
            key = req.rest;
        } else {
            auto slash = req.rest.find('/');
            bucket = req.rest.substr(0, slash);
            key = slash == std::string::npos ? std::string() : req.rest.substr(slash + 1);
        }
        co_await dispatch(req, resp, bucket, key);
        co_return;
    } catch (const S3Error& e) {
        status = e.status();
        code = e.code();
        msg = e.what();
    } catch (const Error& e) {
        status = e.status();
        code = s3::code_for_status(status);
        msg = e.what();
    } catch (const std::exception& e) {
        status = 500;
        code = "InternalError";
        msg = e.what();
    }
    if (resp.streamed()) throw Error(500, "s3: " + msg);  // too late for an error body: drop the connection
    log::debug("s3 {} {}: {} {}", req.method, req.raw_path, status, msg);
    resp.headers = net::Headers{};
    resp.status = status;
    if (req.method == "HEAD") {
        resp.body.clear();
        co_return;
    }
    XmlWriter w;
    w.open("Error");
    w.elem("Code", code);
    w.elem("Message", msg);
    w.elem("Resource", req.raw_path);
    w.elem("RequestId", env_.id());
    w.close("Error");
    resp.set_body(std::move(w).str(), "application/xml");
}

net::Task<void> S3Gateway::dispatch(net::Request& req, net::Response& resp, const std::string& bucket,
                                    const std::string& key) {
    s3::Ctx c{.env = env_, .base = req.path.starts_with("/s3") ? "/s3" : ""};
    const std::string& m = req.method;
    if (bucket.empty()) {
        if (m != "GET")
            throw S3Error(405, "MethodNotAllowed", m + " of the service (no bucket) is not allowed");
        co_await req.read_all();
        s3::list_buckets(c, resp);
        co_return;
    }
    try {
        api::validate_bck_name(bucket);
    } catch (const Error& e) {
        throw S3Error(400, "InvalidBucketName", e.what());
    }
    auto bck = s3::ais_bck(bucket);
    if (key.empty()) {
        if (m == "PUT" && !s3::is_bucket_subresource(req))
            co_return co_await s3::create_bucket(c, req, resp, bucket);
        c.require_bucket(bck);
        // DELETE /bucket?delete is a multi-object delete (as AIS reads it), never the bucket itself.
        if ((m == "POST" || m == "DELETE") && req.query.has("delete"))
            co_return co_await s3::delete_objects(c, req, resp, bck);
        const bool done = co_await s3::bucket_subresource(c, req, resp, bck);
        if (done) co_return;
        if (m == "DELETE") co_return co_await s3::delete_bucket(c, resp, bucket);
        if (m == "HEAD") {
            resp.headers.set("x-amz-bucket-region", "us-east-1");
            co_return;
        }
        if (m != "GET") throw S3Error(405, "MethodNotAllowed", m + " of a bucket is not supported");
        co_await req.read_all();
        co_return co_await s3::list_objects(c, req, resp, bck);
    }
    c.require_bucket(bck);
    try {
        api::validate_obj_name(key);
    } catch (const Error& e) {
        throw S3Error(400, "InvalidArgument", e.what());
    }
    // Objects have one version here, "null" (x-amz-version-id); any other is not there.
    if (auto v = req.query.get("versionId"); req.query.has("versionId") && v != "null")
        throw S3Error(404, "NoSuchVersion",
                      "The specified version does not exist: \"" + std::string(v) + "\"");
    if (m == "PUT" || m == "POST") {  // what would change how an object is stored: refused, never ignored
        for (const auto& [k, v] : req.headers)
            if (iequals(std::string_view(k).substr(0, std::min<size_t>(k.size(), 28)),
                        "x-amz-server-side-encryption") ||
                iequals(std::string_view(k).substr(0, std::min<size_t>(k.size(), 17)), "x-amz-object-lock"))
                throw S3Error(501, "NotImplemented", "header " + k + " is not supported");
    }
    if (m == "POST" && req.query.has("uploads")) co_return co_await s3::mpu_create(c, req, resp, bck, key);
    if (req.query.has("uploadId")) {
        if (m == "PUT") co_return co_await s3::mpu_part(c, req, resp, bck, key);
        if (m == "POST") co_return co_await s3::mpu_complete(c, req, resp, bck, key);
        if (m == "GET") co_return co_await s3::mpu_list_parts(c, req, resp, bck, key);
        if (m == "DELETE") co_return co_await s3::mpu_abort(c, req, resp, bck, key);
        throw S3Error(405, "MethodNotAllowed", m + " of a multipart upload is not supported");
    }
    if (req.query.has("tagging")) co_return co_await s3::object_tagging(c, req, resp, bck, key);
    if (req.query.has("acl")) co_return co_await s3::object_acl(c, req, resp, bck, key);
    for (const char* sub : {"retention", "legal-hold", "torrent", "attributes", "restore", "select"})
        if (req.query.has(sub))
            throw S3Error(501, "NotImplemented", "object ?" + std::string(sub) + " is not supported");
    if (m == "PUT") {
        if (req.headers.has("x-amz-copy-source")) co_return co_await s3::copy_object(c, req, resp, bck, key);
        co_return co_await s3::put_object(c, req, resp, bck, key);
    }
    if (m == "GET" || m == "HEAD") co_return co_await s3::get_object(c, req, resp, bck, key);
    if (m == "DELETE") co_return co_await s3::delete_object(c, resp, bck, key);
    throw S3Error(405, "MethodNotAllowed", m + " of an object is not supported");
}

}  // namespace ais::node
