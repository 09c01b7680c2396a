#include "shared/net/http.hpp"

#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

#include <unistd.h>

namespace ais::net {

void Headers::set(std::string name, std::string value) {
    remove(name);
    add(std::move(name), std::move(value));
}

void Headers::remove(std::string_view name) {
    std::erase_if(fields_, [&](const Field& f) { return iequals(f.first, name); });
}

std::string_view Headers::get(std::string_view name) const {
    for (const auto& f : fields_)
        if (iequals(f.first, name)) return f.second;
    return {};
}

bool Headers::has(std::string_view name) const {
    for (const auto& f : fields_)
        if (iequals(f.first, name)) return true;
    return false;
}

std::vector<std::string_view> Headers::get_all(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& f : fields_)
        if (iequals(f.first, name)) out.emplace_back(f.second);
    return out;
}

Query Query::parse(std::string_view raw) {
    Query q;
    while (!raw.empty()) {
        auto amp = raw.find('&');
        auto pair = raw.substr(0, amp);
        raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        auto key = pair.substr(0, eq);
        auto val = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
        // In a query string '+' means space (as Go's url.ParseQuery decodes it).
        auto decode = [](std::string_view s) {
            std::string t(s);
            for (auto& c : t)
                if (c == '+') c = ' ';
            return url_unescape(t);
        };
        q.params_.emplace_back(decode(key), decode(val));
    }
    return q;
}

std::string_view Query::get(std::string_view key) const {
    for (const auto& [k, v] : params_)
        if (k == key) return v;
    return {};
}

bool Query::has(std::string_view key) const {
    for (const auto& p : params_)
        if (p.first == key) return true;
    return false;
}

std::vector<std::string_view> Query::get_all(std::string_view key) const {
    std::vector<std::string_view> out;
    for (const auto& [k, v] : params_)
        if (k == key) out.emplace_back(v);
    return out;
}

bool Query::get_bool(std::string_view key) const { return has(key) && parse_bool(get(key)); }

std::string Query::encode() const {
    std::string out;
    for (const auto& [k, v] : params_) {
        if (!out.empty()) out += '&';
        out += url_escape_query(k);
        out += '=';
        out += url_escape_query(v);
    }
    return out;
}

Task<size_t> Request::read_some(char* buf, size_t n) {
    if (!body) co_return 0;
    co_return co_await body->read_some(buf, n);
}

Task<std::string> Request::read_all(size_t limit) {
    std::string out;
    if (!body) co_return out;
    if (content_length) {
        if (*content_length > limit)
            throw ErrBadRequest("request body of " + std::to_string(*content_length) + " bytes exceeds the limit of " +
                                std::to_string(limit));
        out.reserve(*content_length);
    }
    char buf[16 * 1024];
    for (;;) {
        size_t n = co_await body->read_some(buf, sizeof(buf));
        if (n == 0) break;
        if (out.size() + n > limit)
            throw ErrBadRequest("request body exceeds the limit of " + std::to_string(limit) + " bytes");
        out.append(buf, n);
    }
    co_return out;
}

Response::~Response() {
    if (file_fd_ >= 0) ::close(file_fd_);
}

void Response::set_body(std::string data, std::string_view content_type) {
    body = std::move(data);
    headers.set("Content-Type", std::string(content_type));
}

void Response::set_file(int fd, uint64_t offset, uint64_t length, std::string_view content_type) {
    if (file_fd_ >= 0) ::close(file_fd_);
    file_fd_ = fd;
    file_off_ = offset;
    file_len_ = length;
    headers.set("Content-Type", std::string(content_type));
}

Task<void> Response::begin_stream(std::optional<uint64_t> length) {
    streamed_ = true;
    co_await writer_->write_head(*this, length);
}

Task<void> Response::write(std::string_view data) { co_await writer_->write_body(data); }

Task<void> Response::end_stream() { co_await writer_->finish(); }

SpliceEnd* Response::splice_end() const { return writer_ ? writer_->splice_end() : nullptr; }

const char* status_text(int s) {
    switch (s) {
        case 100: return "Continue";
        case 200: return "OK";
        case 201: return "Created";
        case 202: return "Accepted";
        case 204: return "No Content";
        case 206: return "Partial Content";
        case 301: return "Moved Permanently";
        case 302: return "Found";
        case 304: return "Not Modified";
        case 307: return "Temporary Redirect";
        case 308: return "Permanent Redirect";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 410: return "Gone";
        case 411: return "Length Required";
        case 412: return "Precondition Failed";
        case 413: return "Payload Too Large";
        case 416: return "Range Not Satisfiable";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        case 507: return "Insufficient Storage";
        default: return "Unknown";
    }
}

std::string error_json(int status, std::string_view message, std::string_view tcode, std::string_view method,
                       std::string_view url_path, std::string_view remote_addr, std::string_view node) {
    std::string out = "{";
    if (!tcode.empty()) out += "\"tcode\":" + json_quote(tcode) + ",";
    out += "\"message\":" + json_quote(message);
    out += ",\"method\":" + json_quote(method);
    out += ",\"url_path\":" + json_quote(url_path);
    out += ",\"remote_addr\":" + json_quote(remote_addr);
    out += ",\"caller\":\"\"";
    out += ",\"node\":" + json_quote(node);
    out += ",\"status\":" + std::to_string(status) + "}";
    return out;
}

}  // namespace ais::net
