// Object bodies through the S3 gateway, never held whole in memory:
//  - S3Checksum: an x-amz-checksum-{crc32,crc32c,sha1,sha256} computed while the body streams,
//    compared with the request header or with the aws-chunked trailer of that name;
//  - AwsChunked: decodes an `aws-chunked` body (streaming SigV4, signed or unsigned, with or
//    without trailers) chunk by chunk, validating the framing; the payload is all that is stored;
//  - RelayBody: the (decoded) request body as the source of the PUT to the target. The last
//    payload bytes go to the target only after the framing and checksums have been validated, so
//    a bad request fails the target's PUT (short body) and nothing is stored;
//  - RelaySink: the target's GET answer relayed to the S3 client with S3 headers.
// On plain TCP a sized body that needs no inspection (GET; PUT without aws-chunked or
// x-amz-checksum-*) is spliced between the two sockets by the net client (shared/net/splice.hpp)
// instead of passing through these classes' buffers.
#pragma once

#include "aisnode/s3/s3_util.hpp"
#include "shared/net/client.hpp"
#include "shared/net/http.hpp"
#include "shared/util/cksum.hpp"

#include <memory>
#include <optional>
#include <string>

struct evp_md_ctx_st;

namespace ais::node::s3 {

class S3Checksum {
  public:
    S3Checksum(const S3Checksum&) = delete;
    S3Checksum& operator=(const S3Checksum&) = delete;
    ~S3Checksum();

    // From an x-amz-checksum-<alg> request header: nullptr when none; 400 InvalidRequest when
    // malformed or more than one.
    static std::unique_ptr<S3Checksum> from_header(const net::Request& req);
    // For a trailer named `name` ("x-amz-checksum-crc32", ...): the value arrives at the end of the
    // body (set_expected). 400 InvalidRequest for an unknown algorithm.
    static std::unique_ptr<S3Checksum> for_trailer(std::string_view name);

    void update(const char* p, size_t n);
    void set_expected(std::string_view b64);  // 400 InvalidRequest when malformed
    bool has_expected() const { return !expected_.empty(); }
    bool matches() const { return digest() == expected_; }
    const std::string& header() const { return header_; }  // "x-amz-checksum-<alg>"
    std::string value() const;                             // base64 of the expected digest

  private:
    enum class Alg { crc32, crc32c, sha1, sha256 };
    S3Checksum(Alg a, std::string header);
    std::string digest() const;

    Alg alg_;
    std::string header_, expected_;
    uint32_t crc_ = 0;
    Cksummer ck_;
    evp_md_ctx_st* md_ = nullptr;
};

class AwsChunked {
  public:
    // nullptr unless the request is aws-chunked (Content-Encoding: aws-chunked or an
    // x-amz-content-sha256 of STREAMING-*). 411 without x-amz-decoded-content-length.
    static std::unique_ptr<AwsChunked> from(net::Request& req);

    uint64_t decoded_length() const { return decoded_len_; }
    // The x-amz-trailer named by the request ("" if none) and the checksum its value feeds.
    const std::string& trailer() const { return trailer_name_; }
    void set_trailer_checksum(S3Checksum* ck) { trailer_ck_ = ck; }

    // Up to n payload bytes (0 at the end). The read that completes the payload first consumes and
    // validates the rest of the body (final chunk, trailers, end). 400 on malformed framing.
    net::Task<size_t> read(char* out, size_t n);
    // For an empty payload: consumes and validates the whole body.
    net::Task<void> finish();

  private:
    AwsChunked(net::Request& req, bool sig, bool trailers, uint64_t decoded_len, std::string trailer_name);
    net::Task<bool> fill();  // more raw bytes into buf_; false at the end of the body
    net::Task<std::string> line();
    net::Task<void> crlf();
    net::Task<void> chunk_header();  // the next "<hex>[;chunk-signature=<sig>]" line
    net::Task<void> tail();          // after the last payload byte

    net::Request& req_;
    bool signed_, trailers_;
    uint64_t decoded_len_, total_ = 0, remaining_ = 0;
    bool in_chunk_ = false, final_ = false, done_ = false;
    std::string trailer_name_;
    S3Checksum* trailer_ck_ = nullptr;
    std::string buf_;
    size_t pos_ = 0;
};

class RelayBody final : public net::BodySource {
  public:
    RelayBody(net::Request& req, uint64_t size, S3Checksum* ck = nullptr, AwsChunked* chunked = nullptr);
    uint64_t size() const override { return size_; }
    size_t read(char*, size_t) override;
    void rewind() override;
    net::Task<size_t> co_read(char* buf, size_t n) override;
    // The request itself when its body goes to the target unchanged (no aws-chunked decoding, no
    // x-amz-checksum to compute, plain TCP): the client then splices it socket to socket.
    net::Request* splice_request() override;
    // The error that made this body fail the target's PUT (bad digest, malformed aws-chunked).
    const std::optional<S3Error>& failure() const { return failure_; }

  private:
    net::Request& req_;
    uint64_t size_, pos_ = 0;
    S3Checksum* ck_;
    AwsChunked* chunked_;
    std::optional<S3Error> failure_;
};

// PUTs `body` to the target with `tr`; a body that failed gets its S3 error (e.g. BadDigest).
net::Task<net::ClientResponse> relay_put(net::Client& client, net::ClientRequest& tr, RelayBody& body);

class RelaySink final : public net::BodySink {
  public:
    RelaySink(net::Response& resp, bool checksums) : resp_(resp), checksums_(checksums) {}
    bool started() const { return started_; }
    net::Task<void> head(const net::ClientResponse& r) override;
    net::Task<void> write(const char* data, size_t n) override;
    net::Response* splice_to() override { return &resp_; }

  private:
    net::Response& resp_;
    bool checksums_, started_ = false;
};

}  // namespace ais::node::s3
