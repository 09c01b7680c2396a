#include "aisnode/s3/s3.hpp"

#include "aisnode/proxy/proxy.hpp"
#include "aisnode/s3/xml.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/bck.hpp"
#include "shared/api/bmd.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/err_http.hpp"
#include "shared/api/lso.hpp"
#include "shared/api/msgs.hpp"
#include "shared/net/client.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/ids.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <isa-l/crc.h>
#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <cctype>
#include <memory>
#include <optional>
#include <sstream>
#include <tuple>

namespace ais::node {

namespace {

using s3::XmlWriter;

// An error with its S3 code (the <Code> of the XML error body).
class S3Error : public Error {
public:
    S3Error(int status, std::string code, std::string msg) : Error(status, std::move(msg)), code_(std::move(code)) {}
    const std::string& code() const { return code_; }

private:
    std::string code_;
};

std::string code_for_status(int status) {
    switch (status) {
        case 400: return "InvalidArgument";
        case 403: return "AccessDenied";
        case 404: return "NoSuchKey";
        case 405: return "MethodNotAllowed";
        case 409: return "Conflict";
        case 411: return "MissingContentLength";
        case 416: return "InvalidRange";
        case 501: return "NotImplemented";
        case 503: return "ServiceUnavailable";
        default: return status >= 500 ? "InternalError" : "InvalidRequest";
    }
}

// A non-2xx answer of a target, as the S3 error the client should see.
[[noreturn]] void throw_target(const net::ClientResponse& r, const api::Bck& bck, const std::string& key) {
    auto e = api::parse_err_http(r.status, r.body);
    std::string msg = e.message.empty() ? "status " + std::to_string(r.status) : e.message;
    for (const char* c : {"NoSuchUpload", "InvalidPart", "InvalidPartOrder", "MalformedXML", "EntityTooSmall"})
        if (e.tcode == c) throw S3Error(r.status, c, msg);
    if (r.status == 404) throw S3Error(404, "NoSuchKey", "The specified key does not exist: " + bck.obj_cname(key));
    if (r.status == 416) throw S3Error(416, "InvalidRange", "The requested range is not satisfiable");
    if (r.status == 400 && (e.tcode == "ErrInvalidCksum" || msg.find("BadDigest") != std::string::npos))
        throw S3Error(400, "BadDigest", "The Content-MD5 you specified did not match what we received");
    throw S3Error(r.status, code_for_status(r.status), msg);
}

std::string quoted(std::string_view etag) {
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') return std::string(etag);
    return "\"" + std::string(etag) + "\"";
}

// Object headers of a target's GET/HEAD answer, as S3 shows them: ETag (the MD5 stored at PUT,
// else the AIS checksum), Last-Modified, Content-Type and x-amz-meta-* from the custom metadata.
void s3_obj_headers(const net::Headers& in, net::Headers& out) {
    std::string etag, ctype;
    for (auto line : in.get_all(api::hdr::kCustomMd)) {
        auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        auto k = line.substr(0, eq), v = line.substr(eq + 1);
        if (k == "ETag") etag = v;
        else if (k == "Content-Type") ctype = v;
        else if (k.size() > 11 && iequals(k.substr(0, 11), "x-amz-meta-")) out.add(std::string(k), std::string(v));
    }
    if (etag.empty()) etag = in.get(api::hdr::kETag);
    if (etag.empty()) etag = in.get(api::hdr::kChecksumValue);
    if (!etag.empty()) out.set("ETag", quoted(etag));
    if (auto lm = in.get(api::hdr::kLastModified); !lm.empty()) out.set("Last-Modified", std::string(lm));
    out.set("Content-Type", ctype.empty() ? "application/octet-stream" : ctype);
    if (auto v = in.get(api::hdr::kVersion); !v.empty()) out.set("x-amz-version-id", "null");
}

// The x-amz-checksum-{crc32,crc32c,sha1,sha256} request header (base64 of the big-endian digest),
// computed over the body as it streams through the proxy.
class S3Checksum {
public:
    S3Checksum(const S3Checksum&) = delete;
    S3Checksum& operator=(const S3Checksum&) = delete;
    ~S3Checksum() {
        if (md_) EVP_MD_CTX_free(md_);
    }

    // nullptr when the request carries none; 400 InvalidRequest when malformed or more than one.
    static std::unique_ptr<S3Checksum> from(const net::Request& req) {
        static constexpr std::pair<const char*, size_t> kAlgs[] = {
            {"x-amz-checksum-crc32", 4}, {"x-amz-checksum-crc32c", 4}, {"x-amz-checksum-sha1", 20},
            {"x-amz-checksum-sha256", 32}};
        std::unique_ptr<S3Checksum> out;
        for (int i = 0; i < 4; ++i) {
            if (!req.headers.has(kAlgs[i].first)) continue;
            const std::string hdr = kAlgs[i].first;
            if (out) throw S3Error(400, "InvalidRequest", "Expecting a single x-amz-checksum- header");
            std::string raw;
            try {
                raw = base64_decode(req.headers.get(hdr));
            } catch (const std::exception&) {
            }
            if (raw.size() != kAlgs[i].second)
                throw S3Error(400, "InvalidRequest", "Value for " + hdr + " header is invalid.");
            out.reset(new S3Checksum(static_cast<Alg>(i), hdr, std::move(raw)));
        }
        return out;
    }

    void update(const char* p, size_t n) {
        switch (alg_) {
            case Alg::crc32: crc_ = crc32_gzip_refl(crc_, reinterpret_cast<const unsigned char*>(p), n); break;
            case Alg::crc32c: ck_.update(p, n); break;
            default: EVP_DigestUpdate(md_, p, n); break;
        }
    }
    bool matches() const { return digest() == expected_; }
    const std::string& header() const { return header_; }
    std::string value() const { return base64_encode(expected_); }

private:
    enum class Alg { crc32, crc32c, sha1, sha256 };
    S3Checksum(Alg a, std::string header, std::string expected)
        : alg_(a), header_(std::move(header)), expected_(std::move(expected)), ck_(CksumType::crc32c) {
        if (a == Alg::sha1 || a == Alg::sha256) {
            md_ = EVP_MD_CTX_new();
            if (!md_ || EVP_DigestInit_ex(md_, a == Alg::sha1 ? EVP_sha1() : EVP_sha256(), nullptr) != 1)
                throw Error(500, "s3: cannot initialize " + header_);
        }
    }
    std::string digest() const {
        std::string raw;
        uint32_t v = crc_;
        if (alg_ == Alg::crc32c) v = static_cast<uint32_t>(std::stoul(ck_.finalize(), nullptr, 16));
        if (alg_ == Alg::crc32 || alg_ == Alg::crc32c) {
            for (int sh = 24; sh >= 0; sh -= 8) raw += static_cast<char>((v >> sh) & 0xff);
            return raw;
        }
        EVP_MD_CTX* c = EVP_MD_CTX_new();  // finalize a copy: the running state stays usable
        unsigned char buf[EVP_MAX_MD_SIZE];
        unsigned len = 0;
        if (c && EVP_MD_CTX_copy_ex(c, md_) == 1 && EVP_DigestFinal_ex(c, buf, &len) == 1)
            raw.assign(reinterpret_cast<const char*>(buf), len);
        EVP_MD_CTX_free(c);
        return raw;
    }

    Alg alg_;
    std::string header_, expected_;
    uint32_t crc_ = 0;
    Cksummer ck_;
    EVP_MD_CTX* md_ = nullptr;
};

// The request body of the S3 client, relayed to the target as it arrives (never buffered whole).
// It cannot be replayed: a retry after the first byte fails the PUT. With an x-amz-checksum-*
// header, the last chunk is withheld from the target when the digest does not match: the target's
// PUT fails (short body) and nothing is stored.
class RelayBody final : public net::BodySource {
public:
    RelayBody(net::Request& req, uint64_t size, S3Checksum* ck = nullptr) : req_(req), size_(size), ck_(ck) {
        if (ck_ && size_ == 0 && !ck_->matches()) bad_digest_ = true;
    }
    uint64_t size() const override { return size_; }
    size_t read(char*, size_t) override { throw net::NetError("relayed request body: synchronous read"); }
    void rewind() override {
        if (pos_ != 0) throw net::NetError("relayed request body cannot be sent again");
    }
    net::Task<size_t> co_read(char* buf, size_t n) override {
        size_t k = co_await req_.read_some(buf, n);
        pos_ += k;
        if (ck_) {
            ck_->update(buf, k);
            if (pos_ >= size_ && !ck_->matches()) {
                bad_digest_ = true;
                throw S3Error(400, "BadDigest", "The " + ck_->header() + " you specified did not match the calculated checksum");
            }
        }
        co_return k;
    }
    bool bad_digest() const { return bad_digest_; }

private:
    net::Request& req_;
    uint64_t size_, pos_ = 0;
    S3Checksum* ck_;
    bool bad_digest_ = false;
};

// PUTs `body` to the target with `tr`; a body that failed its x-amz-checksum-* is a BadDigest.
net::Task<net::ClientResponse> relay_put(net::Client& client, net::ClientRequest& tr, RelayBody& body) {
    if (body.bad_digest())
        throw S3Error(400, "BadDigest", "The x-amz-checksum you specified did not match the calculated checksum");
    net::ClientResponse r;
    bool failed = false;
    try {
        r = co_await client.co_call(tr);
    } catch (const std::exception&) {
        if (!body.bad_digest()) throw;
        failed = true;
    }
    if (failed || body.bad_digest())
        throw S3Error(400, "BadDigest", "The x-amz-checksum you specified did not match the calculated checksum");
    co_return r;
}

// The target's GET answer, relayed to the S3 client with S3 headers as it arrives.
class RelaySink final : public net::BodySink {
public:
    explicit RelaySink(net::Response& resp) : resp_(resp) {}
    bool started() const { return started_; }
    net::Task<void> head(const net::ClientResponse& r) override {
        resp_.status = r.status;
        s3_obj_headers(r.headers, resp_.headers);
        for (const char* h : {"Content-Range", "Accept-Ranges"})
            if (auto v = r.headers.get(h); !v.empty()) resp_.headers.set(h, std::string(v));
        std::optional<uint64_t> len;
        if (auto cl = parse_uint(r.headers.get("Content-Length"))) len = *cl;
        started_ = true;
        co_await resp_.begin_stream(len);
    }
    net::Task<void> write(const char* data, size_t n) override {
        std::string_view chunk(data, n);
        co_await resp_.write(chunk);
    }

private:
    net::Response& resp_;
    bool started_ = false;
};

// Content-MD5 (base64) as the hex the target compares with; "" when absent.
std::string content_md5_hex(const net::Request& req) {
    auto md5 = req.headers.get("Content-MD5");
    if (md5.empty()) return {};
    std::string raw;
    try {
        raw = base64_decode(md5);
    } catch (const std::exception&) {
    }
    if (raw.size() != 16) throw S3Error(400, "InvalidDigest", "The Content-MD5 you specified is not valid");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char c : raw) {
        hex += kHex[c >> 4];
        hex += kHex[c & 15];
    }
    return hex;
}

// Content-Type and x-amz-meta-* of an S3 request, as AIS custom metadata headers.
void add_custom_md(const net::Request& req, net::Headers& out) {
    for (const auto& [k, v] : req.headers) {
        if (k.size() > 11 && iequals(std::string_view(k).substr(0, 11), "x-amz-meta-"))
            out.add(api::hdr::kCustomMd, to_lower(k) + "=" + v);
        else if (iequals(k, "Content-Type") && !v.empty())
            out.add(api::hdr::kCustomMd, "Content-Type=" + v);
    }
}

void check_streamable(const net::Request& req) {
    if (req.headers.get("Content-Encoding").find("aws-chunked") != std::string_view::npos ||
        req.headers.has("x-amz-decoded-content-length"))
        throw S3Error(501, "NotImplemented", "aws-chunked uploads are not supported yet");
    if (!req.content_length && req.chunked)
        throw S3Error(411, "MissingContentLength", "You must provide the Content-Length HTTP header");
}

api::Bck ais_bck(const std::string& name) {
    api::Bck b;
    b.name = name;
    b.provider = api::prov::kAIS;
    return b;
}

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
std::string past_prefix(const std::string& p) { return p + "\xF4\x8F\xBF\xBF"; }

}  // namespace

namespace {

// While authentication is off every bucket and object has one owner, "ais".
void owner(XmlWriter& w, const char* tag) {
    w.open(tag);
    w.elem("ID", "ais");
    w.elem("DisplayName", "ais");
    w.close(tag);
}

// GetBucketAcl/GetObjectAcl while authentication is off: a single owner with FULL_CONTROL.
void owner_acl(net::Response& resp) {
    XmlWriter w;
    w.open("AccessControlPolicy", true);
    owner(w, "Owner");
    w.open("AccessControlList");
    w.raw("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">"
          "<ID>ais</ID><DisplayName>ais</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant>");
    w.close("AccessControlList");
    w.close("AccessControlPolicy");
    resp.set_body(std::move(w).str(), "application/xml");
}

}  // namespace

// SigV4 (header or presigned query) and SigV2 credentials are parsed so that a malformed one is
// refused as S3 refuses it; the signature itself is checked once authentication (AuthN) is on.
struct SigInfo {
    std::string scheme;      // "AWS4-HMAC-SHA256", "AWS" (SigV2) or "" (anonymous)
    std::string access_key;  // from Credential / the SigV2 "AKID:signature"
    std::string region;
};

static SigInfo parse_signature(const net::Request& req) {
    SigInfo si;
    auto auth = std::string(req.headers.get("Authorization"));
    if (auth.rfind("AWS4-HMAC-SHA256 ", 0) == 0) {
        si.scheme = "AWS4-HMAC-SHA256";
        std::map<std::string, std::string> kv;
        for (auto part : split(std::string_view(auth).substr(17), ',')) {
            while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
            auto eq = part.find('=');
            if (eq != std::string_view::npos) kv[std::string(part.substr(0, eq))] = std::string(part.substr(eq + 1));
        }
        auto cred = split(kv["Credential"], '/');
        if (cred.size() != 5 || cred[4] != "aws4_request" || kv["SignedHeaders"].empty() || kv["Signature"].empty())
            throw S3Error(400, "AuthorizationHeaderMalformed",
                          "The authorization header is malformed: expecting Credential=AKID/date/region/s3/"
                          "aws4_request, SignedHeaders=..., Signature=...");
        si.access_key = std::string(cred[0]);
        si.region = std::string(cred[2]);
    } else if (auth.rfind("AWS ", 0) == 0) {
        si.scheme = "AWS";
        auto colon = auth.find(':');
        if (colon == std::string::npos || colon == 4 || colon + 1 == auth.size())
            throw S3Error(400, "InvalidArgument", "Authorization header is invalid: expecting \"AWS AKID:signature\"");
        si.access_key = auth.substr(4, colon - 4);
    } else if (req.query.get("X-Amz-Algorithm") == "AWS4-HMAC-SHA256") {
        si.scheme = "AWS4-HMAC-SHA256";
        auto cred = split(req.query.get("X-Amz-Credential"), '/');
        if (cred.size() != 5 || req.query.get("X-Amz-Signature").empty() || req.query.get("X-Amz-Date").empty() ||
            req.query.get("X-Amz-SignedHeaders").empty())
            throw S3Error(400, "AuthorizationQueryParametersError",
                          "X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders and X-Amz-Signature are required "
                          "with X-Amz-Algorithm");
        si.access_key = std::string(cred[0]);
        si.region = std::string(cred[2]);
    }
    return si;
}

S3Gateway::S3Gateway(NodeEnv& env) : env_(env) {}

void S3Gateway::add_routes(net::Router& r) {
    r.add("*", "/s3", [this](net::Request& req, net::Response& resp) -> net::Task<void> {
        co_await serve(req, resp);
    });
}

net::Task<void> S3Gateway::serve(net::Request& req, net::Response& resp) {
    int status = 0;
    std::string code, msg;
    try {
        parse_signature(req);  // any well-formed credentials are accepted while authentication is off
        const std::string& rest = req.rest;
        auto slash = rest.find('/');
        std::string bucket = rest.substr(0, slash);
        std::string key = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
        co_await dispatch(req, resp, bucket, key);
        co_return;
    } catch (const S3Error& e) {
        status = e.status();
        code = e.code();
        msg = e.what();
    } catch (const Error& e) {
        status = e.status();
        code = code_for_status(status);
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
    const std::string& m = req.method;
    if (bucket.empty()) {
        if (m != "GET") throw S3Error(405, "MethodNotAllowed", m + " /s3 is not allowed");
        co_await req.read_all();
        list_buckets(resp);
        co_return;
    }
    try {
        api::validate_bck_name(bucket);
    } catch (const Error& e) {
        throw S3Error(400, "InvalidBucketName", e.what());
    }
    if (key.empty()) {
        if (m == "PUT") co_return co_await create_bucket(req, resp, bucket);
        auto bck = ais_bck(bucket);
        if (!env_.meta.bmd()->find(bck))
            throw S3Error(404, "NoSuchBucket", "The specified bucket does not exist: " + bucket);
        if (m == "DELETE") co_return co_await delete_bucket(resp, bucket);
        if (m == "HEAD") {
            resp.headers.set("x-amz-bucket-region", "us-east-1");
            co_return;
        }
        if (m == "POST" && req.query.has("delete")) co_return co_await delete_objects(req, resp, bck);
        if (m != "GET") throw S3Error(405, "MethodNotAllowed", m + " of a bucket is not supported");
        co_await req.read_all();
        if (req.query.has("location")) {
            XmlWriter w;
            w.open("LocationConstraint", true);
            w.close("LocationConstraint");
            resp.set_body(std::move(w).str(), "application/xml");
            co_return;
        }
        if (req.query.has("versioning")) {
            XmlWriter w;
            w.open("VersioningConfiguration", true);
            w.close("VersioningConfiguration");
            resp.set_body(std::move(w).str(), "application/xml");
            co_return;
        }
        if (req.query.has("uploads")) co_return co_await mpu_list_uploads(req, resp, bck);
        if (req.query.has("acl")) {
            owner_acl(resp);
            co_return;
        }
        for (const char* sub : { "policy", "cors", "lifecycle", "tagging", "website", "encryption"})
            if (req.query.has(sub))
                throw S3Error(501, "NotImplemented", "bucket ?" + std::string(sub) + " is not supported yet");
        co_return co_await list_objects(req, resp, bck);
    }
    auto bck = ais_bck(bucket);
    if (!env_.meta.bmd()->find(bck))
        throw S3Error(404, "NoSuchBucket", "The specified bucket does not exist: " + bucket);
    try {
        api::validate_obj_name(key);
    } catch (const Error& e) {
        throw S3Error(400, "InvalidArgument", e.what());
    }
    if (m == "POST" && req.query.has("uploads")) co_return co_await mpu_create(req, resp, bck, key);
    if (req.query.has("uploadId")) {
        if (m == "PUT") co_return co_await mpu_part(req, resp, bck, key);
        if (m == "POST") co_return co_await mpu_complete(req, resp, bck, key);
        if (m == "GET") co_return co_await mpu_list_parts(req, resp, bck, key);
        if (m == "DELETE") {
            const std::string id(req.query.get("uploadId"));
            co_return co_await mpu_abort(resp, bck, key, id);
        }
        throw S3Error(405, "MethodNotAllowed", m + " of a multipart upload is not supported");
    }
    if (req.query.has("partNumber"))
        throw S3Error(501, "NotImplemented", "GET/HEAD of a part of an object is not supported yet");
    if (m == "GET" && req.query.has("acl")) {  // s3cmd reads it (e.g. before cp): the owner has full control
        co_await req.read_all();
        net::ClientRequest hr{.method = "HEAD", .url = target_url(bck, key)};
        auto h = co_await env_.client->co_call(hr);
        if (!h.ok()) throw_target(h, bck, key);
        owner_acl(resp);
        co_return;
    }
    for (const char* sub : {"acl", "tagging", "retention", "legal-hold", "torrent", "attributes", "restore"})
        if (req.query.has(sub))
            throw S3Error(501, "NotImplemented", "object ?" + std::string(sub) + " is not supported yet");
    if (m == "PUT") {
        if (req.headers.has("x-amz-copy-source")) co_return co_await copy_object(req, resp, bck, key);
        co_return co_await put_object(req, resp, bck, key);
    }
    if (m == "GET") co_return co_await get_object(req, resp, bck, key);
    if (m == "HEAD") co_return co_await head_object(resp, bck, key);
    if (m == "DELETE") co_return co_await delete_object(resp, bck, key);
    throw S3Error(405, "MethodNotAllowed", m + " of an object is not supported");
}

std::string S3Gateway::target_url(const api::Bck& bck, const std::string& key, const std::string& extra_query) const {
    auto smap = env_.meta.smap();
    const api::Snode* t = smap->hrw_target(bck.obj_uname(key));
    if (!t) throw S3Error(503, "ServiceUnavailable", "no targets in the cluster map");
    const std::string& base = t->intra_data_net.direct_url.empty() ? t->public_net.direct_url
                                                                   : t->intra_data_net.direct_url;
    return base + "/v1/objects/" + url_escape_path(bck.name) + "/" + url_escape_path(key) + "?" +
           bck.query().encode() + "&" + api::qp::kPid + "=" + env_.id() +
           "&utm=" + base36(static_cast<uint64_t>(now_ns())) + extra_query;
}

net::Task<net::ClientResponse> S3Gateway::to_primary(const std::string& method, const std::string& bucket,
                                                     const std::string& action) {
    auto smap = env_.meta.smap();
    api::ActMsg msg{.action = action};
    net::ClientRequest pr{.method = method,
                          .url = smap->primary.intra_control_net.direct_url + "/v1/buckets/" +
                                 url_escape_path(bucket) + "?provider=ais",
                          .body = api::to_json(msg)};
    pr.headers.add("Content-Type", "application/json");
    auto r = co_await env_.client->co_call(pr);
    co_return r;
}

// ---- buckets ----

void S3Gateway::list_buckets(net::Response& resp) {
    auto bmd = env_.meta.bmd();
    XmlWriter w;
    w.open("ListAllMyBucketsResult", true);
    owner(w, "Owner");
    w.open("Buckets");
    for (const auto& b : bmd->buckets(api::prov::kAIS)) {
        if (!b.is_ais()) continue;
        const auto* props = bmd->find(b);
        w.open("Bucket");
        w.elem("Name", b.name);
        w.elem("CreationDate", s3::iso8601_ms(props ? props->created : 0));
        w.close("Bucket");
    }
    w.close("Buckets");
    w.close("ListAllMyBucketsResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

net::Task<void> S3Gateway::create_bucket(net::Request& req, net::Response& resp, const std::string& bucket) {
    co_await req.read_all();  // an optional CreateBucketConfiguration: the region does not matter here
    auto r = co_await to_primary("POST", bucket, api::act::kCreateBck);
    if (r.status == 409)
        throw S3Error(409, "BucketAlreadyOwnedByYou",
                      "Your previous request to create the named bucket succeeded and you already own it");
    if (!r.ok()) {
        auto e = api::parse_err_http(r.status, r.body);
        throw S3Error(r.status, r.status == 400 ? "InvalidBucketName" : code_for_status(r.status), e.message);
    }
    resp.headers.set("Location", "/" + bucket);
}

net::Task<void> S3Gateway::delete_bucket(net::Response& resp, const std::string& bucket) {
    auto r = co_await to_primary("DELETE", bucket, api::act::kDestroyBck);
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
net::Task<void> S3Gateway::list_objects(net::Request& req, net::Response& resp, const api::Bck& bck) {
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
        api::LsoRes page = co_await list_merge(env_, bck, msg);
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
    const std::string now = s3::iso8601_ms(now_ns());
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

net::Task<void> S3Gateway::delete_objects(net::Request& req, net::Response& resp, const api::Bck& bck) {
    auto body = co_await req.read_all();
    auto quiet = s3::xml_all(body, "Quiet");
    const bool is_quiet = !quiet.empty() && iequals(quiet.front(), "true");
    XmlWriter w;
    w.open("DeleteResult", true);
    for (const auto& obj : s3::xml_all(body, "Object")) {
        auto ks = s3::xml_all(obj, "Key");
        if (ks.empty()) continue;
        std::string key = xml_unescape(ks.front());
        std::string code, msg;
        try {
            api::validate_obj_name(key);
            net::ClientRequest tr{.method = "DELETE", .url = target_url(bck, key)};
            auto r = co_await env_.client->co_call(tr);
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

// ---- objects ----

net::Task<void> S3Gateway::put_object(net::Request& req, net::Response& resp, const api::Bck& bck,
                                      const std::string& key) {
    check_streamable(req);
    const uint64_t len = req.content_length.value_or(0);

    net::ClientRequest tr{.method = "PUT", .url = target_url(bck, key), .max_retries = 0};
    tr.headers.add(api::hdr::kCallerId, env_.id());
    tr.headers.add(api::hdr::kEtagMd5, "true");
    if (auto hex = content_md5_hex(req); !hex.empty()) {
        tr.headers.add(api::hdr::kChecksumType, "md5");
        tr.headers.add(api::hdr::kChecksumValue, hex);
    }
    add_custom_md(req, tr.headers);
    auto xck = S3Checksum::from(req);
    RelayBody body(req, len, xck.get());
    tr.body_source = &body;
    auto r = co_await relay_put(*env_.client, tr, body);
    if (!r.ok()) throw_target(r, bck, key);
    if (xck) resp.headers.set(xck->header(), xck->value());
    net::Headers h;
    s3_obj_headers(r.headers, h);
    if (auto etag = h.get("ETag"); !etag.empty()) resp.headers.set("ETag", std::string(etag));
}

net::Task<void> S3Gateway::copy_object(net::Request& req, net::Response& resp, const api::Bck& bck,
                                       const std::string& key) {
    co_await req.read_all();
    std::string src = url_unescape(req.headers.get("x-amz-copy-source"));
    if (auto qm = src.find('?'); qm != std::string::npos) src.resize(qm);  // ?versionId=...
    if (!src.empty() && src.front() == '/') src.erase(0, 1);
    auto slash = src.find('/');
    if (slash == std::string::npos || slash + 1 >= src.size())
        throw S3Error(400, "InvalidArgument", "invalid x-amz-copy-source \"" + src + "\"");
    auto sbck = ais_bck(src.substr(0, slash));
    std::string skey = src.substr(slash + 1);
    if (!env_.meta.bmd()->find(sbck))
        throw S3Error(404, "NoSuchBucket", "The specified bucket does not exist: " + sbck.name);
    try {
        api::validate_obj_name(skey);
    } catch (const Error& e) {
        throw S3Error(400, "InvalidArgument", e.what());
    }
    // The source's target copies it (custom metadata, ETag included) to the destination's target.
    net::ClientRequest cr{.method = "PUT",
                          .url = target_url(sbck, skey, "&" + std::string(api::qp::kObjTo) + "=" +
                                                            url_escape_query(bck.obj_uname(key)))};
    auto r = co_await env_.client->co_call(cr);
    if (!r.ok()) throw_target(r, sbck, skey);
    net::ClientRequest hr{.method = "HEAD", .url = target_url(bck, key, "&props=custom,checksum,last-modified")};
    auto h = co_await env_.client->co_call(hr);
    if (!h.ok()) throw_target(h, bck, key);
    net::Headers oh;
    s3_obj_headers(h.headers, oh);
    XmlWriter w;
    w.open("CopyObjectResult", true);
    w.elem("LastModified", s3::iso8601_ms(now_ns()));
    w.elem("ETag", oh.get("ETag"));
    w.close("CopyObjectResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

net::Task<void> S3Gateway::get_object(net::Request& req, net::Response& resp, const api::Bck& bck,
                                      const std::string& key) {
    co_await req.read_all();
    net::ClientRequest tr{.method = "GET", .url = target_url(bck, key)};
    if (auto rg = req.headers.get("Range"); !rg.empty()) tr.headers.add("Range", std::string(rg));
    RelaySink sink(resp);
    tr.body_sink = &sink;
    auto r = co_await env_.client->co_call(tr);
    if (!sink.started()) throw_target(r, bck, key);
    co_await resp.end_stream();
}

net::Task<void> S3Gateway::head_object(net::Response& resp, const api::Bck& bck, const std::string& key) {
    net::ClientRequest tr{.method = "HEAD",
                          .url = target_url(bck, key, "&props=size,checksum,version,custom,last-modified,etag")};
    auto r = co_await env_.client->co_call(tr);
    if (!r.ok()) throw_target(r, bck, key);
    s3_obj_headers(r.headers, resp.headers);
    resp.headers.set("Accept-Ranges", "bytes");
    if (auto cl = parse_uint(r.headers.get("Content-Length"))) resp.set_head_length(*cl);
}

net::Task<void> S3Gateway::delete_object(net::Response& resp, const api::Bck& bck, const std::string& key) {
    net::ClientRequest tr{.method = "DELETE", .url = target_url(bck, key)};
    auto r = co_await env_.client->co_call(tr);
    if (!r.ok() && r.status != 404) throw_target(r, bck, key);
    resp.status = 204;
}

// ---- multipart upload ----

namespace {

std::string upload_query(const std::string& id) { return "&" + std::string(api::qp::kUploadId) + "=" + url_escape_query(id); }

void check_upload_id(const std::string& id) {
    if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }))
        throw S3Error(404, "NoSuchUpload", "The specified upload does not exist: \"" + id + "\"");
}

}  // namespace

net::Task<void> S3Gateway::mpu_create(net::Request& req, net::Response& resp, const api::Bck& bck,
                                      const std::string& key) {
    co_await req.read_all();
    const std::string id = gen_uuid() + base36(fast_rand());
    net::ClientRequest tr{.method = "POST", .url = target_url(bck, key, "&uploads=" + upload_query(id))};
    tr.headers.add(api::hdr::kCallerId, env_.id());
    add_custom_md(req, tr.headers);
    auto r = co_await env_.client->co_call(tr);
    if (!r.ok()) throw_target(r, bck, key);
    XmlWriter w;
    w.open("InitiateMultipartUploadResult", true);
    w.elem("Bucket", bck.name);
    w.elem("Key", key);
    w.elem("UploadId", id);
    w.close("InitiateMultipartUploadResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

net::Task<void> S3Gateway::mpu_part(net::Request& req, net::Response& resp, const api::Bck& bck,
                                    const std::string& key) {
    if (req.headers.has("x-amz-copy-source"))
        throw S3Error(501, "NotImplemented", "UploadPartCopy is not supported yet");
    check_streamable(req);
    const std::string id(req.query.get("uploadId"));
    check_upload_id(id);
    auto n = parse_uint(req.query.get("partNumber"));
    if (!n || *n < 1 || *n > 10000)
        throw S3Error(400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
    const uint64_t len = req.content_length.value_or(0);
    net::ClientRequest tr{.method = "PUT",
                          .url = target_url(bck, key, upload_query(id) + "&partNumber=" + std::to_string(*n)),
                          .max_retries = 0};
    tr.headers.add(api::hdr::kCallerId, env_.id());
    if (auto hex = content_md5_hex(req); !hex.empty()) {
        tr.headers.add(api::hdr::kChecksumType, "md5");
        tr.headers.add(api::hdr::kChecksumValue, hex);
    }
    auto xck = S3Checksum::from(req);
    RelayBody body(req, len, xck.get());
    tr.body_source = &body;
    auto r = co_await relay_put(*env_.client, tr, body);
    if (!r.ok()) throw_target(r, bck, key);
    if (xck) resp.headers.set(xck->header(), xck->value());
    resp.headers.set("ETag", quoted(r.headers.get(api::hdr::kETag)));
}

net::Task<void> S3Gateway::mpu_complete(net::Request& req, net::Response& resp, const api::Bck& bck,
                                        const std::string& key) {
    const std::string id(req.query.get("uploadId"));
    auto xml = co_await req.read_all(4 << 20);
    check_upload_id(id);
    std::string list;
    long prev = 0;
    for (const auto& part : s3::xml_all(xml, "Part")) {
        auto nums = s3::xml_all(part, "PartNumber");
        auto etags = s3::xml_all(part, "ETag");
        if (nums.empty() || etags.empty())
            throw S3Error(400, "MalformedXML", "Each Part must have a PartNumber and an ETag");
        auto n = parse_uint(nums.front());
        if (!n || *n < 1 || *n > 10000) throw S3Error(400, "InvalidPart", "invalid PartNumber " + nums.front());
        if (static_cast<long>(*n) <= prev)
            throw S3Error(400, "InvalidPartOrder", "The list of parts was not in ascending order");
        prev = static_cast<long>(*n);
        std::string etag = xml_unescape(etags.front());
        std::erase(etag, '"');
        if (etag.empty() || etag.find_first_of(" \n") != std::string::npos)
            throw S3Error(400, "InvalidPart", "invalid ETag of part " + nums.front());
        list += std::to_string(*n) + " " + etag + "\n";
    }
    if (list.empty()) throw S3Error(400, "MalformedXML", "The XML you provided did not list any parts");
    net::ClientRequest tr{.method = "POST", .url = target_url(bck, key, upload_query(id)), .body = list};
    tr.headers.add(api::hdr::kCallerId, env_.id());
    tr.headers.add("Content-Type", "text/plain");
    auto r = co_await env_.client->co_call(tr);
    if (!r.ok()) throw_target(r, bck, key);
    XmlWriter w;
    w.open("CompleteMultipartUploadResult", true);
    w.elem("Location", "/s3/" + bck.name + "/" + key);
    w.elem("Bucket", bck.name);
    w.elem("Key", key);
    w.elem("ETag", quoted(r.headers.get(api::hdr::kETag)));
    w.close("CompleteMultipartUploadResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

net::Task<void> S3Gateway::mpu_abort(net::Response& resp, const api::Bck& bck, const std::string& key,
                                     const std::string& upload_id) {
    check_upload_id(upload_id);
    net::ClientRequest tr{.method = "DELETE", .url = target_url(bck, key, upload_query(upload_id))};
    auto r = co_await env_.client->co_call(tr);
    if (!r.ok()) throw_target(r, bck, key);
    resp.status = 204;
}

net::Task<void> S3Gateway::mpu_list_parts(net::Request& req, net::Response& resp, const api::Bck& bck,
                                          const std::string& key) {
    co_await req.read_all();
    const std::string id(req.query.get("uploadId"));
    check_upload_id(id);
    int64_t max_parts = 1000, marker = 0;
    if (req.query.has("max-parts")) {
        auto v = parse_int(req.query.get("max-parts"));
        if (!v || *v < 0) throw S3Error(400, "InvalidArgument", "invalid max-parts");
        max_parts = std::min<int64_t>(*v, 1000);
    }
    if (req.query.has("part-number-marker")) {
        auto v = parse_int(req.query.get("part-number-marker"));
        if (!v || *v < 0) throw S3Error(400, "InvalidArgument", "invalid part-number-marker");
        marker = *v;
    }
    net::ClientRequest tr{.method = "GET", .url = target_url(bck, key, upload_query(id))};
    auto r = co_await env_.client->co_call(tr);
    if (!r.ok()) throw_target(r, bck, key);
    XmlWriter w;
    w.open("ListPartsResult", true);
    w.elem("Bucket", bck.name);
    w.elem("Key", key);
    w.elem("UploadId", id);
    w.elem("PartNumberMarker", std::to_string(marker));
    struct Part {
        int64_t num = 0, mtime = 0;
        uint64_t size = 0;
        std::string md5;
    };
    std::vector<Part> parts;
    bool truncated = false;
    std::istringstream is(r.body);
    Part p;
    while (is >> p.num >> p.size >> p.md5 >> p.mtime) {
        if (p.num <= marker) continue;
        if (static_cast<int64_t>(parts.size()) >= max_parts) {
            truncated = true;
            break;
        }
        parts.push_back(p);
    }
    if (truncated && !parts.empty()) w.elem("NextPartNumberMarker", std::to_string(parts.back().num));
    w.elem("MaxParts", std::to_string(max_parts));
    w.elem("IsTruncated", truncated ? "true" : "false");
    w.elem("StorageClass", "STANDARD");
    for (const auto& x : parts) {
        w.open("Part");
        w.elem("PartNumber", std::to_string(x.num));
        w.elem("LastModified", s3::iso8601_ms(x.mtime));
        w.elem("ETag", quoted(x.md5));
        w.elem("Size", std::to_string(x.size));
        w.close("Part");
    }
    w.close("ListPartsResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

// The open uploads of all targets, sorted by key and upload id.
net::Task<void> S3Gateway::mpu_list_uploads(net::Request& req, net::Response& resp, const api::Bck& bck) {
    struct Up {
        std::string key, id;
        int64_t initiated = 0;
    };
    std::vector<Up> ups;
    auto smap = env_.meta.smap();
    for (const auto& [tid, t] : smap->tmap) {
        const std::string& base = t.intra_data_net.direct_url.empty() ? t.public_net.direct_url
                                                                       : t.intra_data_net.direct_url;
        net::ClientRequest tr{.method = "GET",
                              .url = base + "/v1/objects/" + url_escape_path(bck.name) + "?" + bck.query().encode() +
                                     "&uploads=&" + api::qp::kPid + "=" + env_.id()};
        auto r = co_await env_.client->co_call(tr);
        if (!r.ok()) throw_target(r, bck, "");
        std::istringstream is(r.body);
        std::string line;
        while (std::getline(is, line)) {
            auto s1 = line.find(' ');
            auto s2 = s1 == std::string::npos ? s1 : line.find(' ', s1 + 1);
            if (s2 == std::string::npos) continue;
            Up u;
            u.id = line.substr(0, s1);
            u.initiated = parse_int(std::string_view(line).substr(s1 + 1, s2 - s1 - 1)).value_or(0);
            u.key = line.substr(s2 + 1);
            ups.push_back(std::move(u));
        }
    }
    std::sort(ups.begin(), ups.end(), [](const Up& a, const Up& b) { return std::tie(a.key, a.id) < std::tie(b.key, b.id); });
    const std::string prefix(req.query.get("prefix")), key_marker(req.query.get("key-marker")),
        id_marker(req.query.get("upload-id-marker"));
    int64_t max_uploads = 1000;
    if (req.query.has("max-uploads")) {
        auto v = parse_int(req.query.get("max-uploads"));
        if (!v || *v < 0) throw S3Error(400, "InvalidArgument", "invalid max-uploads");
        max_uploads = std::min<int64_t>(*v, 1000);
    }
    XmlWriter w;
    w.open("ListMultipartUploadsResult", true);
    w.elem("Bucket", bck.name);
    w.elem("KeyMarker", key_marker);
    w.elem("UploadIdMarker", id_marker);
    w.elem("Prefix", prefix);
    w.elem("MaxUploads", std::to_string(max_uploads));
    std::vector<const Up*> sel;
    bool truncated = false;
    for (const auto& u : ups) {
        if (!u.key.starts_with(prefix)) continue;
        if (!key_marker.empty() &&
            (u.key < key_marker || (u.key == key_marker && (id_marker.empty() || u.id <= id_marker))))
            continue;
        if (static_cast<int64_t>(sel.size()) >= max_uploads) {
            truncated = true;
            break;
        }
        sel.push_back(&u);
    }
    if (truncated && !sel.empty()) {
        w.elem("NextKeyMarker", sel.back()->key);
        w.elem("NextUploadIdMarker", sel.back()->id);
    }
    w.elem("IsTruncated", truncated ? "true" : "false");
    for (const Up* u : sel) {
        w.open("Upload");
        w.elem("Key", u->key);
        w.elem("UploadId", u->id);
        owner(w, "Initiator");
        owner(w, "Owner");
        w.elem("StorageClass", "STANDARD");
        w.elem("Initiated", s3::iso8601_ms(u->initiated));
        w.close("Upload");
    }
    w.close("ListMultipartUploadsResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

}  // namespace ais::node
