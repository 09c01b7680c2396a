#include "shared/api/err_http.hpp"

#include "shared/api/json.hpp"

#include <cctype>

namespace ais::api {

void to_jv(const ErrHTTP& e, bj::value& out) {
    bj::object o;
    if (!e.tcode.empty()) o["tcode"] = e.tcode;
    o["message"] = e.message;
    o["method"] = e.method;
    o["url_path"] = e.url_path;
    o["remote_addr"] = e.remote_addr;
    o["caller"] = e.caller;
    o["node"] = e.node;
    o["status"] = e.status;
    out = std::move(o);
}

void from_jv(const bj::value& v, ErrHTTP& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "tcode", out.tcode);
    json::get(o, "message", out.message);
    json::get(o, "method", out.method);
    json::get(o, "url_path", out.url_path);
    json::get(o, "remote_addr", out.remote_addr);
    json::get(o, "caller", out.caller);
    json::get(o, "node", out.node);
    json::get(o, "status", out.status);
}

ErrHTTP parse_err_http(int status, std::string_view text) {
    auto trim = [](std::string_view s) {
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
        return s;
    };
    text = trim(text);
    ErrHTTP e;
    if (!text.empty() && text.front() == '{') {
        try {
            bj::value v = json::parse(text);
            from_jv(v, e);
            e.status = status;  // the HTTP status is authoritative
            if (!e.message.empty()) return e;
        } catch (const Error&) {
            // not the AIS error JSON: fall through to plain text
        }
        e = ErrHTTP{};
    }
    e.status = status;
    if (!text.empty())
        e.message = std::string(text);
    else if (status == 503)
        e.message = "service unavailable (starting up?)";
    else
        e.message = "HTTP status " + std::to_string(status);
    return e;
}

}  // namespace ais::api
