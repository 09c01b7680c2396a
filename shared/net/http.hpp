// The HTTP vocabulary shared by the server and the client: headers, query strings, requests and
// responses as small non-template types, so that code outside shared/net compiles without Beast.
//
// A server-side Request owns nothing of the connection: its body is pulled through a BodyReader
// that the connection provides, which lets a handler stream the body to disk, parse it, or leave
// it unread (a redirect) while the connection stays usable. A Response is either a buffered body,
// a file region (sent with sendfile(2) on plain TCP), or a stream the handler writes itself.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ais::net {

template <class T>
using Task = boost::asio::awaitable<T>;

class SpliceEnd;  // a plain-TCP connection end a body can be spliced to or from (splice.hpp, internal)

// Ordered header fields with case-insensitive names; repeated names are kept (Ais-Custom-Md).
class Headers {
public:
    using Field = std::pair<std::string, std::string>;

    void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }
    void set(std::string name, std::string value);  // replaces every field of that name
    void remove(std::string_view name);
    std::string_view get(std::string_view name) const;  // first value or ""
    bool has(std::string_view name) const;
    std::vector<std::string_view> get_all(std::string_view name) const;

    std::vector<Field>::const_iterator begin() const { return fields_.begin(); }
    std::vector<Field>::const_iterator end() const { return fields_.end(); }
    size_t size() const { return fields_.size(); }
    bool empty() const { return fields_.empty(); }

private:
    std::vector<Field> fields_;
};

// A parsed query string; keys and values are percent-decoded, repeated keys kept in order.
class Query {
public:
    static Query parse(std::string_view raw);  // throws ErrBadRequest on malformed escapes

    std::string_view get(std::string_view key) const;  // first value or ""
    bool has(std::string_view key) const;
    std::vector<std::string_view> get_all(std::string_view key) const;
    bool get_bool(std::string_view key) const;  // lenient AIS booleans; absent = false
    void add(std::string key, std::string value) { params_.emplace_back(std::move(key), std::move(value)); }
    std::string encode() const;  // "a=1&b=x%20y", in insertion order
    const std::vector<std::pair<std::string, std::string>>& params() const { return params_; }
    bool empty() const { return params_.empty(); }

private:
    std::vector<std::pair<std::string, std::string>> params_;
};

// Pulls request body bytes from the connection (chunked decoding and Content-Length handled).
class BodyReader {
public:
    virtual ~BodyReader() = default;
    virtual Task<size_t> read_some(char* buf, size_t n) = 0;  // 0 = end of body
    virtual bool done() const = 0;
    // The connection, when the body may be moved socket to socket (plain TCP); else nullptr.
    virtual SpliceEnd* splice_end() { return nullptr; }
};

struct Request {
    std::string method;     // "GET", "PUT", ...
    std::string target;     // request-target as received: escaped path + "?" + query
    std::string raw_path;   // escaped path, without the query
    std::string raw_query;  // without the "?"
    std::string path;       // percent-decoded path
    std::string rest;       // decoded remainder of `path` after the matched route prefix, no leading '/'
    Query query;
    Headers headers;
    std::optional<uint64_t> content_length;  // absent for chunked or no body
    bool chunked = false;
    bool tls = false;
    std::string remote_addr;  // "ip:port"
    BodyReader* body = nullptr;

    bool has_body() const { return chunked || (content_length && *content_length > 0); }
    Task<size_t> read_some(char* buf, size_t n);  // 0 = end of body
    // Reads the whole body; throws ErrBadRequest (413-style message) beyond `limit` bytes.
    Task<std::string> read_all(size_t limit = 16u << 20);
};

// What a handler answers. Unless the handler streams (begin_stream), the server writes the
// response after the handler returns: `body`, or the file region if `file_fd` is set.
class ResponseWriter;
class Response {
public:
    int status = 200;
    Headers headers;
    std::string body;

    void set_json(std::string json) { set_body(std::move(json), "application/json; charset=utf-8"); }
    void set_text(std::string text) { set_body(std::move(text), "text/plain; charset=utf-8"); }
    void set_body(std::string data, std::string_view content_type);
    // Sends [offset, offset+length) of an open file; the server closes `fd` when done.
    void set_file(int fd, uint64_t offset, uint64_t length, std::string_view content_type = "application/octet-stream");
    // When set, Content-Length is announced but no body bytes are sent (HEAD).
    void set_head_length(uint64_t length) { head_length_ = length; }

    // Streaming: write the header now (with Content-Length if known, else chunked), then the body.
    Task<void> begin_stream(std::optional<uint64_t> length);
    Task<void> write(std::string_view data);
    Task<void> end_stream();
    // The client's connection, when a streamed body may be spliced into it (plain TCP, not HEAD).
    SpliceEnd* splice_end() const;

    // -- used by the server --
    int file_fd() const { return file_fd_; }
    uint64_t file_offset() const { return file_off_; }
    uint64_t file_length() const { return file_len_; }
    std::optional<uint64_t> head_length() const { return head_length_; }
    bool streamed() const { return streamed_; }
    void bind(ResponseWriter* w) { writer_ = w; }
    int release_file() { int fd = file_fd_; file_fd_ = -1; return fd; }
    ~Response();

private:
    int file_fd_ = -1;
    uint64_t file_off_ = 0, file_len_ = 0;
    std::optional<uint64_t> head_length_;
    bool streamed_ = false;
    ResponseWriter* writer_ = nullptr;
};

class ResponseWriter {
public:
    virtual ~ResponseWriter() = default;
    virtual Task<void> write_head(Response& r, std::optional<uint64_t> length) = 0;
    virtual Task<void> write_body(std::string_view data) = 0;
    virtual Task<void> finish() = 0;
    virtual SpliceEnd* splice_end() { return nullptr; }
};

const char* status_text(int status);

// The AIS error JSON (spec §8.1) for `status`/`message`, as the server and tests format it.
std::string error_json(int status, std::string_view message, std::string_view tcode, std::string_view method,
                       std::string_view url_path, std::string_view remote_addr, std::string_view node);

}  // namespace ais::net
