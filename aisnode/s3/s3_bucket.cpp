#include "aisnode/proxy/proxy.hpp"
#include "aisnode/s3/s3_handlers.hpp"
#include "aisnode/s3/s3_util.hpp"
#include "aisnode/s3/xml.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/bmd.hpp"
#include "shared/api/err_http.hpp"
#include "shared/api/lso.hpp"
#include "shared/api/msgs.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/strings.hpp"

#include <algorithm>

namespace ais::node::s3 {

namespace {

std::string etag_of(const api::LsoEnt& e) {
    // custom is "[k1:v1 k2:v2]"
    auto p = e.custom.find("ETag:");
    if (p != std::string::npos) {
        p += 5;
        auto end = e.custom.find_first_of(" ]", p);
        return e.custom.substr(p, end == std::string::npos ? std::string::npos : end - p);
    }
    return e.checksum;
}

// Greater than every UTF-8 name that starts with `p` (U+10FFFF is the largest code point).
std::string past_prefix(const std::string& p) {
    return p + "\xF4\x8F\xBF\xBF";
}

// Bucket sub-resources S3 clients use that AIS buckets do not have: 501 NotImplemented for any method.
constexpr const char* kUnsupported[] = {"policy",
                                        "cors",
                                        "lifecycle",
                                        "website",
                                        "encryption",
                                        "logging",
                                        "notification",
                                        "replication",
                                        "requestPayment",
                                        "object-lock",
                                        "ownershipControls",
                                        "publicAccessBlock",
                                        "accelerate",
                                        "analytics",
                                        "inventory",
                                        "metrics",
                                        "intelligent-tiering",
                                        "policyStatus",
                                        "versions"};

void empty_body(Response& resp) {
    resp.body.clear();
}

// GetBucketVersioning: AIS versioning on = "Enabled", off = "Suspended" (AIS keeps one version of an
// object and counts its overwrites; it never keeps older versions).
void get_versioning(Ctx& c, Response& resp, const api::Bck& bck) {
    auto bmd = c.env.meta.bmd();
    const auto* props = bmd->find(bck);
    if (!props) throw S3Error(404, "NoSuchBucket", "The specified bucket does not exist: " + bck.name);
    XmlWriter w;
    w.open("VersioningConfiguration", true);
    w.elem("Status", props->versioning.enabled ? "Enabled" : "Suspended");
    w.close("VersioningConfiguration");
    resp.set_body(std::move(w).str(), "application/xml");
}

// PutBucketVersioning: Enabled/Suspended -> the bucket's versioning.enabled (set-bprops via the primary).
Task<void> put_versioning(Ctx& c, Request& req, Response& resp, const api::Bck& bck) {
    auto body = co_await req.read_all(1 << 20);
    if (xml_all(body, "VersioningConfiguration").size() != 1)
        throw S3Error(400, "MalformedXML",
                      "The XML you provided was not well-formed: expecting <VersioningConfiguration>");
    auto mfa = xml_all(body, "MfaDelete");
    if (!mfa.empty() && mfa.front() == "Enabled")
        throw S3Error(501, "NotImplemented", "MFA delete is not supported");
    auto st = xml_all(body, "Status");
    if (st.size() > 1 || (st.size() == 1 && st.front() != "Enabled" && st.front() != "Suspended"))
        throw S3Error(400, "MalformedXML", "Status must be Enabled or Suspended");
    if (st.empty()) co_return;  // no Status: the versioning state does not change (as in S3)
    const bool on = st.front() == "Enabled";
    auto r =
        co_await c.to_primary("PATCH", bck.name, api::act::kSetBprops,
                              std::string("{\"versioning\":{\"enabled\":") + (on ? "true" : "false") + "}}");
    if (!r.ok()) {
        auto e = api::parse_err_http(r.status, r.body);
        throw S3Error(r.status, r.status == 404 ? "NoSuchBucket" : code_for_status(r.status), e.message);
    }
    empty_body(resp);
}

}  // namespace

bool is_bucket_subresource(const Request& req) {
    for (const char* s : {"versioning", "tagging", "acl", "location", "uploads", "delete"})
        if (req.query.has(s)) return true;
    for (const char* s : kUnsupported)
        if (req.query.has(s)) return true;
    return false;
}

Task<bool> bucket_subresource(Ctx& c, Request& req, Response& resp, const api::Bck& bck) {
    const std::string& m = req.method;
    auto only = [&](std::initializer_list<const char*> methods, const char* sub) {
        for (const char* x : methods)
            if (m == x) return;
        throw S3Error(405, "MethodNotAllowed", m + " of bucket ?" + std::string(sub) + " is not allowed");
    };
    if (req.query.has("versioning")) {
        only({"GET", "PUT"}, "versioning");
        if (m == "PUT")
            co_await put_versioning(c, req, resp, bck);
        else
            get_versioning(c, resp, bck);
        co_return true;
    }
    if (req.query.has("tagging")) {  // AIS buckets have no place for tags: none are ever set
        only({"GET", "PUT", "DELETE"}, "tagging");
        co_await req.read_all(1 << 20);
        if (m == "PUT") throw S3Error(501, "NotImplemented", "bucket tagging is not supported");
        if (m == "GET") throw S3Error(404, "NoSuchTagSet", "The TagSet does not exist");
        resp.status = 204;
        co_return true;
    }
    if (req.query.has("acl")) {
        only({"GET", "PUT"}, "acl");
        co_await req.read_all(1 << 20);
        if (m == "PUT") throw S3Error(501, "NotImplemented", "setting ACLs is not supported");
        owner_acl(resp);
        co_return true;
    }
    if (req.query.has("location")) {
        only({"GET"}, "location");
        co_await req.read_all(1 << 20);
        XmlWriter w;
        w.open("LocationConstraint", true);
        w.close("LocationConstraint");
        resp.set_body(std::move(w).str(), "application/xml");
        co_return true;
    }
    if (req.query.has("uploads")) {
        only({"GET"}, "uploads");
        co_await req.read_all(1 << 20);
        co_await mpu_list_uploads(c, req, resp, bck);
        co_return true;
    }
    for (const char* sub : kUnsupported)
        if (req.query.has(sub))
            throw S3Error(501, "NotImplemented", "bucket ?" + std::string(sub) + " is not supported");
    co_return false;
}

// ---- buckets ----

void list_buckets(Ctx& c, net::Response& resp) {
    auto bmd = c.env.meta.bmd();
    XmlWriter w;
    w.open("ListAllMyBucketsResult", true);
    owner(w, "Owner");
    w.open("Buckets");
    for (const auto& b : bmd->buckets(api::prov::kAIS)) {
        if (!b.is_ais()) continue;
        const auto* props = bmd->find(b);
        w.open("Bucket");
        w.elem("Name", b.name);
        w.elem("CreationDate", iso8601_ms(props ? props->created : 0));
        w.close("Bucket");
    }
    w.close("Buckets");
    w.close("ListAllMyBucketsResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

net::Task<void> create_bucket(Ctx& c, net::Request& req, net::Response& resp, const std::string& bucket) {
    co_await req.read_all();  // an optional CreateBucketConfiguration: the region does not matter here
    auto r = co_await c.to_primary("POST", bucket, api::act::kCreateBck);
    if (r.status == 409)
        throw S3Error(409, "BucketAlreadyOwnedByYou",
                      "Your previous request to create the named bucket succeeded and you already own it");
    if (!r.ok()) {
        auto e = api::parse_err_http(r.status, r.body);
        throw S3Error(r.status, r.status == 400 ? "InvalidBucketName" : code_for_status(r.status), e.message);
    }
    resp.headers.set("Location", "/" + bucket);
}

net::Task<void> delete_bucket(Ctx& c, net::Response& resp, const std::string& bucket) {
    auto r = co_await c.to_primary("DELETE", bucket, api::act::kDestroyBck);
    if (r.status == 404) throw S3Error(404, "NoSuchBucket", "The specified bucket does not exist: " + bucket);
    if (!r.ok()) {
        auto e = api::parse_err_http(r.status, r.body);
        throw S3Error(r.status, code_for_status(r.status), e.message);
    }
    resp.status = 204;
}

// ListObjects (v1) and ListObjectsV2 over the merged native listing: keys that share a prefix up
// to the next delimiter are folded into one CommonPrefixes entry, and max-keys counts both. The
// continuation token is the base64 of the last key or common prefix returned.
net::Task<void> list_objects(Ctx& c, net::Request& req, net::Response& resp, const api::Bck& bck) {
    const auto& q = req.query;
    const bool v2 = q.get("list-type") == "2";
    const std::string prefix(q.get("prefix")), delim(q.get("delimiter"));
    const bool url_enc = q.get("encoding-type") == "url";
    int64_t max_keys = 1000;
    if (q.has("max-keys")) {
        auto v = parse_int(q.get("max-keys"));
        if (!v || *v < 0) throw S3Error(400, "InvalidArgument", "invalid max-keys");
        max_keys = std::min<int64_t>(*v, 1000);
    }
    std::string start;  // exclusive
    const std::string token_in(q.get("continuation-token")), start_after(q.get("start-after")),
        marker(q.get("marker"));
    if (v2) {
        if (!token_in.empty()) {
            try {
                start = base64_decode(token_in);
            } catch (const std::exception&) {
                throw S3Error(400, "InvalidArgument", "The continuation token provided is incorrect");
            }
        } else {
            start = start_after;
        }
    } else {
        start = marker;
    }

    api::LsoMsg msg;
    msg.prefix = prefix;
    msg.props = "name,size,checksum,atime,custom";
    msg.time_format = "2006-01-02T15:04:05.000Z";
    msg.pagesize = 1000;
    msg.continuation_token = start;
    // Resuming after a common prefix: skip everything under it.
    if (!delim.empty() && start.starts_with(prefix) && start.size() >= prefix.size() + delim.size() &&
        start.ends_with(delim))
        msg.continuation_token = past_prefix(start);

    std::vector<api::LsoEnt> keys;
    std::vector<std::string> prefixes;
    std::string last_cp, next_marker;
    bool truncated = false, done = false;
    int64_t count = 0;
    while (!done) {
        api::LsoRes page = co_await list_merge(c.env, bck, msg);
        for (auto& e : page.entries) {
            if (!start.empty() && e.name <= start) continue;
            std::string cp;
            if (!delim.empty()) {
                auto p = e.name.find(delim, prefix.size());
                if (p != std::string::npos) cp = e.name.substr(0, p + delim.size());
            }
            if (!cp.empty() && (cp == last_cp || cp == start)) continue;
            if (count >= max_keys) {
                truncated = true;
                done = true;
                break;
            }
            if (!cp.empty()) {
                prefixes.push_back(cp);
                last_cp = cp;
                next_marker = cp;
            } else {
                next_marker = e.name;
                keys.push_back(std::move(e));
            }
            ++count;
        }
        if (done || page.continuation_token.empty()) break;
        msg.continuation_token = page.continuation_token;
        if (!last_cp.empty() && msg.continuation_token.starts_with(last_cp))
            msg.continuation_token = past_prefix(last_cp);
    }

    auto enc = [&](const std::string& s) { return url_enc ? url_escape_path(s) : s; };
    XmlWriter w;
    w.open("ListBucketResult", true);
    w.elem("Name", bck.name);
    w.elem("Prefix", enc(prefix));
    if (v2) {
        w.elem("KeyCount", std::to_string(count));
        if (!token_in.empty()) w.elem("ContinuationToken", token_in);
        if (truncated) w.elem("NextContinuationToken", base64_encode(next_marker));
        if (!start_after.empty()) w.elem("StartAfter", enc(start_after));
    } else {
        w.elem("Marker", enc(marker));
        if (truncated) w.elem("NextMarker", enc(next_marker));
    }
    w.elem("MaxKeys", std::to_string(max_keys));
    if (!delim.empty()) w.elem("Delimiter", enc(delim));
    if (url_enc) w.elem("EncodingType", "url");
    w.elem("IsTruncated", truncated ? "true" : "false");
    const std::string now = iso8601_ms(now_ns());
    for (const auto& e : keys) {
        w.open("Contents");
        w.elem("Key", enc(e.name));
        w.elem("LastModified", e.atime.empty() ? now : e.atime);
        auto etag = etag_of(e);
        if (!etag.empty()) w.elem("ETag", quoted(etag));
        w.elem("Size", std::to_string(e.size));
        w.elem("StorageClass", "STANDARD");
        w.close("Contents");
    }
    for (const auto& p : prefixes) {
        w.open("CommonPrefixes");
        w.elem("Prefix", enc(p));
        w.close("CommonPrefixes");
    }
    w.close("ListBucketResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

net::Task<void> delete_objects(Ctx& c, net::Request& req, net::Response& resp, const api::Bck& bck) {
    auto body = co_await req.read_all();
    auto quiet = xml_all(body, "Quiet");
    const bool is_quiet = !quiet.empty() && iequals(quiet.front(), "true");
    XmlWriter w;
    w.open("DeleteResult", true);
    for (const auto& obj : xml_all(body, "Object")) {
        auto ks = xml_all(obj, "Key");
        if (ks.empty()) continue;
        std::string key = xml_unescape(ks.front());
        std::string code, msg;
        try {
            api::validate_obj_name(key);
            net::ClientRequest tr{.method = "DELETE", .url = c.target_url(bck, key)};
            auto r = co_await c.env.client->co_call(tr);
            if (!r.ok() && r.status != 404) {
                code = code_for_status(r.status);
                msg = api::parse_err_http(r.status, r.body).message;
            }
        } catch (const std::exception& e) {
            code = "InternalError";
            msg = e.what();
        }
        if (code.empty()) {
            if (is_quiet) continue;
            w.open("Deleted");
            w.elem("Key", key);
            w.close("Deleted");
        } else {
            w.open("Error");
            w.elem("Key", key);
            w.elem("Code", code);
            w.elem("Message", msg);
            w.close("Error");
        }
    }
    w.close("DeleteResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

}  // namespace ais::node::s3
