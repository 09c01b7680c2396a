#include "aisnode/s3/s3_body.hpp"

#include "shared/util/strings.hpp"

#include <isa-l/crc.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

namespace ais::node::s3 {

// ---- S3Checksum ----

namespace {

struct AlgInfo {
    const char* header;
    size_t len;
};
constexpr AlgInfo kAlgs[] = {{"x-amz-checksum-crc32", 4},
                             {"x-amz-checksum-crc32c", 4},
                             {"x-amz-checksum-sha1", 20},
                             {"x-amz-checksum-sha256", 32}};
constexpr char kCrc64Nvme[] = "x-amz-checksum-crc64nvme";

}  // namespace

S3Checksum::S3Checksum(Alg a, std::string header)
    : alg_(a), header_(std::move(header)), ck_(CksumType::crc32c) {
    if (a == Alg::sha1 || a == Alg::sha256) {
        md_ = EVP_MD_CTX_new();
        if (!md_ || EVP_DigestInit_ex(md_, a == Alg::sha1 ? EVP_sha1() : EVP_sha256(), nullptr) != 1)
            throw Error(500, "s3: cannot initialize " + header_);
    }
}

S3Checksum::~S3Checksum() {
    if (md_) EVP_MD_CTX_free(md_);
}

std::unique_ptr<S3Checksum> S3Checksum::from_header(const net::Request& req) {
    if (req.headers.has(kCrc64Nvme))
        throw S3Error(501, "NotImplemented", "x-amz-checksum-crc64nvme is not supported");
    std::unique_ptr<S3Checksum> out;
    for (int i = 0; i < 4; ++i) {
        if (!req.headers.has(kAlgs[i].header)) continue;
        if (out) throw S3Error(400, "InvalidRequest", "Expecting a single x-amz-checksum- header");
        out.reset(new S3Checksum(static_cast<Alg>(i), kAlgs[i].header));
        out->set_expected(req.headers.get(kAlgs[i].header));
    }
    return out;
}

std::unique_ptr<S3Checksum> S3Checksum::for_trailer(std::string_view name) {
    for (int i = 0; i < 4; ++i)
        if (iequals(name, kAlgs[i].header))
            return std::unique_ptr<S3Checksum>(new S3Checksum(static_cast<Alg>(i), kAlgs[i].header));
    if (iequals(name, kCrc64Nvme))
        throw S3Error(501, "NotImplemented", "x-amz-checksum-crc64nvme is not supported");
    throw S3Error(
        400, "InvalidRequest",
        "The value specified in the x-amz-trailer header is not supported: \"" + std::string(name) + "\"");
}

void S3Checksum::set_expected(std::string_view b64) {
    std::string raw;
    try {
        raw = base64_decode(b64);
    } catch (const std::exception&) {
    }
    if (raw.size() != kAlgs[static_cast<int>(alg_)].len)
        throw S3Error(400, "InvalidRequest", "Value for " + header_ + " header is invalid.");
    expected_ = std::move(raw);
}

std::string S3Checksum::value() const {
    return base64_encode(expected_);
}

void S3Checksum::update(const char* p, size_t n) {
    switch (alg_) {
        case Alg::crc32:
            crc_ = crc32_gzip_refl(crc_, reinterpret_cast<const unsigned char*>(p), n);
            break;
        case Alg::crc32c:
            ck_.update(p, n);
            break;
        default:
            EVP_DigestUpdate(md_, p, n);
            break;
    }
}

std::string S3Checksum::digest() const {
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

// ---- AwsChunked ----
//
// The body (AWS "SigV4 streaming" / "aws-chunked"):
//   <hex size>;chunk-signature=<sig>\r\n<data>\r\n ... 0;chunk-signature=<sig>\r\n\r\n   (signed)
//   <hex size>\r\n<data>\r\n ... 0\r\n<trailer>:<value>\r\n\r\n                         (unsigned, trailer)
// A signed body with trailers ends
// "0;chunk-signature=<sig>\r\n<trailer>:<v>\r\nx-amz-trailer-signature:<sig>\r\n\r\n".

namespace {

constexpr size_t kMaxLine = 4096;
constexpr int kMaxTrailers = 16;

[[noreturn]] void bad_framing(const std::string& what) {
    throw S3Error(400, "InvalidRequest", "Malformed aws-chunked body: " + what);
}

[[noreturn]] void incomplete() {
    throw S3Error(400, "IncompleteBody",
                  "You did not provide the number of bytes specified by the "
                  "x-amz-decoded-content-length HTTP header");
}

bool all_hex(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::unique_ptr<AwsChunked> AwsChunked::from(net::Request& req) {
    const auto sha = req.headers.get("x-amz-content-sha256");
    bool aws_chunked = false;
    for (auto enc : split(req.headers.get("Content-Encoding"), ','))
        if (iequals(trim(enc), "aws-chunked")) aws_chunked = true;
    const bool streaming = sha.starts_with("STREAMING-");
    if (!aws_chunked && !streaming) return nullptr;
    bool sig = false, trailers = false;
    if (sha == "STREAMING-UNSIGNED-PAYLOAD-TRAILER") {
        trailers = true;
    } else if (sha == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" ||
               sha == "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD") {
        sig = true;
    } else if (sha == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" ||
               sha == "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER") {
        sig = trailers = true;
    } else if (streaming) {
        throw S3Error(400, "InvalidArgument",
                      "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a SHA256 hex or one of "
                      "the STREAMING-* values, not \"" +
                          std::string(sha) + "\"");
    } else {
        // Content-Encoding: aws-chunked with a plain payload hash: the framing of the unsigned variant.
        trailers = req.headers.has("x-amz-trailer");
    }
    auto dl = req.headers.get("x-amz-decoded-content-length");
    if (dl.empty())
        throw S3Error(411, "MissingContentLength",
                      "You must provide the x-amz-decoded-content-length HTTP header");
    auto len = parse_uint(dl);
    if (!len)
        throw S3Error(400, "InvalidArgument",
                      "Invalid x-amz-decoded-content-length \"" + std::string(dl) + "\"");
    std::string trailer = to_lower(trim(req.headers.get("x-amz-trailer")));
    if (!trailer.empty() && !trailers)
        throw S3Error(400, "InvalidRequest",
                      "x-amz-trailer requires a STREAMING-*-TRAILER x-amz-content-sha256");
    if (trailer.find(',') != std::string::npos)
        throw S3Error(400, "InvalidRequest", "Expecting a single x-amz-trailer");
    return std::unique_ptr<AwsChunked>(new AwsChunked(req, sig, trailers, *len, std::move(trailer)));
}

AwsChunked::AwsChunked(net::Request& req, bool sig, bool trailers, uint64_t decoded_len,
                       std::string trailer_name)
    : req_(req),
      signed_(sig),
      trailers_(trailers),
      decoded_len_(decoded_len),
      trailer_name_(std::move(trailer_name)) {}

net::Task<bool> AwsChunked::fill() {
    if (pos_ > 0) {
        buf_.erase(0, pos_);
        pos_ = 0;
    }
    char tmp[4096];
    size_t k = co_await req_.read_some(tmp, sizeof(tmp));
    if (k == 0) co_return false;
    buf_.append(tmp, k);
    co_return true;
}

net::Task<std::string> AwsChunked::line() {
    for (;;) {
        auto eol = buf_.find("\r\n", pos_);
        if (eol != std::string::npos) {
            std::string l = buf_.substr(pos_, eol - pos_);
            pos_ = eol + 2;
            co_return l;
        }
        if (buf_.size() - pos_ > kMaxLine) bad_framing("a chunk header or trailer longer than 4 KiB");
        const bool more = co_await fill();
        if (!more) incomplete();
    }
}

net::Task<void> AwsChunked::crlf() {
    while (buf_.size() - pos_ < 2) {
        const bool more = co_await fill();
        if (!more) incomplete();
    }
    if (buf_.compare(pos_, 2, "\r\n") != 0) bad_framing("chunk data not followed by CRLF");
    pos_ += 2;
}

net::Task<void> AwsChunked::chunk_header() {
    std::string l = co_await line();
    std::string_view v = l, ext;
    if (auto semi = v.find(';'); semi != std::string_view::npos) {
        ext = v.substr(semi);
        v = v.substr(0, semi);
    }
    if (!all_hex(v) || v.size() > 16) bad_framing("invalid chunk size \"" + std::string(v) + "\"");
    const uint64_t size = std::stoull(std::string(v), nullptr, 16);
    if (signed_) {
        constexpr std::string_view kSig = ";chunk-signature=";
        if (!ext.starts_with(kSig)) bad_framing("chunk without ;chunk-signature=");
        auto sig = ext.substr(kSig.size());
        if (!all_hex(sig) || sig.size() > 144 || (signed_ && sig.size() < 64))
            bad_framing("invalid chunk-signature \"" + std::string(sig) + "\"");
    } else if (!ext.empty()) {
        bad_framing("unexpected chunk extension \"" + std::string(ext) + "\" in an unsigned body");
    }
    if (size > decoded_len_ - total_)
        throw S3Error(400, "IncompleteBody",
                      "The chunks carry more than x-amz-decoded-content-length (" +
                          std::to_string(decoded_len_) + ") bytes");
    remaining_ = size;
    in_chunk_ = size > 0;
    final_ = size == 0;
}

net::Task<void> AwsChunked::tail() {
    if (in_chunk_) {
        co_await crlf();
        in_chunk_ = false;
    }
    if (!final_) co_await chunk_header();
    if (!final_) incomplete();  // a non-empty chunk after x-amz-decoded-content-length bytes
    bool got_trailer = false, got_sig = false;
    for (int i = 0;; ++i) {
        std::string l = co_await line();
        if (l.empty()) break;
        if (!trailers_ || i >= kMaxTrailers) bad_framing("unexpected trailer \"" + l.substr(0, 64) + "\"");
        auto colon = l.find(':');
        if (colon == std::string::npos) bad_framing("trailer without ':'");
        std::string name = to_lower(trim(std::string_view(l).substr(0, colon)));
        auto value = trim(std::string_view(l).substr(colon + 1));
        if (name == "x-amz-trailer-signature" && signed_) {
            if (!all_hex(value)) bad_framing("invalid x-amz-trailer-signature");
            got_sig = true;
        } else if (name == trailer_name_ && !got_trailer) {
            got_trailer = true;
            if (trailer_ck_) trailer_ck_->set_expected(value);
        } else {
            bad_framing("trailer \"" + name + "\" was not declared in x-amz-trailer");
        }
    }
    if (!trailer_name_.empty() && !got_trailer) bad_framing("missing trailer " + trailer_name_);
    if (signed_ && trailers_ && !got_sig) bad_framing("missing x-amz-trailer-signature");
    if (pos_ < buf_.size()) bad_framing("data after the final chunk");
    const bool extra = co_await fill();
    if (extra) bad_framing("data after the final chunk");
    if (total_ != decoded_len_) incomplete();
    done_ = true;
}

net::Task<size_t> AwsChunked::read(char* out, size_t n) {
    if (done_ || n == 0) co_return 0;
    while (remaining_ == 0) {
        if (total_ == decoded_len_) {
            co_await tail();
            co_return 0;
        }
        if (in_chunk_) {
            co_await crlf();
            in_chunk_ = false;
        }
        co_await chunk_header();
        if (final_) incomplete();  // the final chunk before x-amz-decoded-content-length bytes
    }
    size_t want = static_cast<size_t>(std::min<uint64_t>(n, remaining_)), k;
    if (pos_ < buf_.size()) {
        k = std::min(want, buf_.size() - pos_);
        std::memcpy(out, buf_.data() + pos_, k);
        pos_ += k;
    } else {
        k = co_await req_.read_some(out, want);
        if (k == 0) incomplete();
    }
    remaining_ -= k;
    total_ += k;
    if (total_ == decoded_len_) co_await tail();  // validate everything before the last bytes go out
    co_return k;
}

net::Task<void> AwsChunked::finish() {
    char b[1];
    while (!done_) co_await read(b, sizeof(b));
}

// ---- RelayBody ----

RelayBody::RelayBody(net::Request& req, uint64_t size, S3Checksum* ck, AwsChunked* chunked)
    : req_(req), size_(size), ck_(ck), chunked_(chunked) {
    if (ck_ && size_ == 0 && !ck_->matches())
        failure_.emplace(400, "BadDigest",
                         "The " + ck_->header() + " you specified did not match the calculated checksum");
}

size_t RelayBody::read(char*, size_t) {
    throw net::NetError("relayed request body: synchronous read");
}

void RelayBody::rewind() {
    if (pos_ != 0) throw net::NetError("relayed request body cannot be sent again");
}

net::Task<size_t> RelayBody::co_read(char* buf, size_t n) {
    size_t k = 0;
    try {
        if (chunked_)
            k = co_await chunked_->read(buf, n);
        else
            k = co_await req_.read_some(buf, n);
    } catch (const S3Error& e) {
        failure_ = e;
        throw;
    }
    pos_ += k;
    if (ck_) {
        ck_->update(buf, k);
        if (pos_ >= size_ && !ck_->matches()) {
            failure_.emplace(400, "BadDigest",
                             "The " + ck_->header() + " you specified did not match the calculated checksum");
            throw S3Error(*failure_);
        }
    }
    co_return k;
}

net::Request* RelayBody::splice_request() {
    if (chunked_ || ck_ || pos_ != 0 || req_.chunked || !req_.content_length || *req_.content_length != size_)
        return nullptr;
    if (!req_.body || !req_.body->splice_end()) return nullptr;
    pos_ = size_;  // spent: a retry cannot send it again (rewind() refuses)
    return &req_;
}

net::Task<net::ClientResponse> relay_put(net::Client& client, net::ClientRequest& tr, RelayBody& body) {
    if (body.failure()) throw S3Error(*body.failure());
    net::ClientResponse r;
    try {
        r = co_await client.co_call(tr);
    } catch (const std::exception&) {
        if (!body.failure()) throw;
    }
    if (body.failure()) throw S3Error(*body.failure());
    co_return r;
}

// ---- RelaySink ----

net::Task<void> RelaySink::head(const net::ClientResponse& r) {
    resp_.status = r.status;
    s3_obj_headers(r.headers, resp_.headers, checksums_ && r.status == 200);
    for (const char* h : {"Content-Range", "Accept-Ranges"})
        if (auto v = r.headers.get(h); !v.empty()) resp_.headers.set(h, std::string(v));
    std::optional<uint64_t> len;
    if (auto cl = parse_uint(r.headers.get("Content-Length"))) len = *cl;
    started_ = true;
    co_await resp_.begin_stream(len);
}

net::Task<void> RelaySink::write(const char* data, size_t n) {
    std::string_view chunk(data, n);
    co_await resp_.write(chunk);
}

}  // namespace ais::node::s3
