// What the S3 gateway's files share (internal to aisnode/s3): the S3 error type, the mapping of a
// target's answer to S3 headers and errors, request-header helpers, and credential parsing.
// Object bodies (relay, checksums, aws-chunked) are in s3_body.hpp.
#pragma once

#include "aisnode/s3/xml.hpp"
#include "shared/api/bck.hpp"
#include "shared/net/client.hpp"
#include "shared/net/http.hpp"
#include "shared/util/errors.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ais::node::s3 {

// An error with its S3 code (the <Code> of the XML error body).
class S3Error : public Error {
  public:
    S3Error(int status, std::string code, std::string msg)
        : Error(status, std::move(msg)), code_(std::move(code)) {}
    const std::string& code() const { return code_; }

  private:
    std::string code_;
};

// Custom metadata keys the gateway keeps on objects (besides Content-Type and x-amz-meta-*).
inline constexpr char kMdETag[] = "ETag";
inline constexpr char kMdTagging[] = "x-amz-tagging";           // "k1=v1&k2=v2" (URL-encoded), "" = none
inline constexpr char kMdPartSizes[] = "s3-part-sizes";         // multipart: "size*count,size..." in order
inline constexpr char kMdChecksumPrefix[] = "x-amz-checksum-";  // x-amz-checksum-<alg>=<base64>

// The S3 feature bit of the cluster config's `features` (AIS: cmn/feat "S3-API-via-Root", 1 << 3).
inline constexpr uint64_t kFeatS3ApiViaRoot = uint64_t{1} << 3;

std::string code_for_status(int status);
// A non-2xx answer of a target, as the S3 error the client should see.
[[noreturn]] void throw_target(const net::ClientResponse& r, const api::Bck& bck, const std::string& key);

std::string quoted(std::string_view etag);
api::Bck ais_bck(const std::string& name);

// Object headers of a target's GET/HEAD answer, as S3 shows them: ETag (the MD5 stored at PUT, else
// the AIS checksum), Last-Modified, Content-Type, x-amz-meta-*, x-amz-tagging-count, and (with
// `checksums`, i.e. x-amz-checksum-mode: ENABLED) the stored x-amz-checksum-*.
void s3_obj_headers(const net::Headers& in, net::Headers& out, bool checksums = false);
// The value of custom metadata `key` in a target's answer; nullopt when absent.
std::optional<std::string> custom_md(const net::Headers& in, std::string_view key);

// Content-MD5 (base64) as the hex the target compares with; "" when absent. 400 InvalidDigest.
std::string content_md5_hex(const net::Request& req);
// Content-Type, x-amz-meta-* and x-amz-tagging of an S3 request, as AIS custom metadata headers.
void add_custom_md(const net::Request& req, net::Headers& out);

// Tags: parsed from "k1=v1&k2=v2" (the x-amz-tagging header and our stored form) or from a
// <Tagging><TagSet> document; validated as S3 does (400 InvalidTag / MalformedXML).
using TagSet = std::vector<std::pair<std::string, std::string>>;
TagSet parse_tag_query(std::string_view q);
TagSet parse_tagging_xml(std::string_view xml);
std::string encode_tag_query(const TagSet& tags);

// While authentication is off every bucket and object has one owner, "ais".
void owner(XmlWriter& w, const char* tag);
void owner_acl(net::Response& resp);  // GetBucketAcl/GetObjectAcl: the owner has FULL_CONTROL

// SigV4 (header or presigned query) and SigV2 credentials are parsed so that a malformed one is
// refused as S3 refuses it; the signature itself is checked once authentication (AuthN) is on.
struct SigInfo {
    std::string scheme;      // "AWS4-HMAC-SHA256", "AWS" (SigV2) or "" (anonymous)
    std::string access_key;  // from Credential / the SigV2 "AKID:signature"
    std::string region;
};
SigInfo parse_signature(const net::Request& req);  // s3_auth.cpp

// The part sizes of a multipart object, run-length encoded ("8388608*12,4194304"): what
// GET/HEAD ?partNumber=N needs (written by target/mpu.cpp at complete). Malformed or more than 10,000 parts:
// empty.
std::vector<uint64_t> parse_part_sizes(std::string_view rle);

// x-amz-copy-source-if-{match,none-match,unmodified-since,modified-since} against the source's
// S3 headers (as s3_obj_headers makes them): 412 PreconditionFailed, with S3's precedence.
void check_copy_conditions(const net::Request& req, const net::Headers& src);

// "bucket/key" of an x-amz-copy-source header ("/b/k", "b/k?versionId=..", URL-encoded).
std::pair<std::string, std::string> parse_copy_source(std::string_view hdr);

}  // namespace ais::node::s3
