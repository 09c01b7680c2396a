#include "aisnode/s3/s3_util.hpp"

#include "shared/api/apc.hpp"
#include "shared/api/err_http.hpp"
#include "shared/util/strings.hpp"

#include <ctime>
#include <set>

namespace ais::node::s3 {

std::string code_for_status(int status) {
    switch (status) {
        case 400:
            return "InvalidArgument";
        case 403:
            return "AccessDenied";
        case 404:
            return "NoSuchKey";
        case 405:
            return "MethodNotAllowed";
        case 409:
            return "Conflict";
        case 411:
            return "MissingContentLength";
        case 416:
            return "InvalidRange";
        case 501:
            return "NotImplemented";
        case 503:
            return "ServiceUnavailable";
        default:
            return status >= 500 ? "InternalError" : "InvalidRequest";
    }
}

void throw_target(const net::ClientResponse& r, const api::Bck& bck, const std::string& key) {
    auto e = api::parse_err_http(r.status, r.body);
    std::string msg = e.message.empty() ? "status " + std::to_string(r.status) : e.message;
    for (const char* c : {"NoSuchUpload", "InvalidPart", "InvalidPartOrder", "MalformedXML", "EntityTooSmall",
                          "InvalidRange", "InvalidArgument"})
        if (e.tcode == c) throw S3Error(r.status, c, msg);
    if (r.status == 404)
        throw S3Error(404, "NoSuchKey", "The specified key does not exist: " + bck.obj_cname(key));
    if (r.status == 416) throw S3Error(416, "InvalidRange", "The requested range is not satisfiable");
    if (r.status == 400 && (e.tcode == "ErrInvalidCksum" || msg.find("BadDigest") != std::string::npos))
        throw S3Error(400, "BadDigest", "The Content-MD5 you specified did not match what we received");
    throw S3Error(r.status, code_for_status(r.status), msg);
}

std::string quoted(std::string_view etag) {
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') return std::string(etag);
    return "\"" + std::string(etag) + "\"";
}

api::Bck ais_bck(const std::string& name) {
    api::Bck b;
    b.name = name;
    b.provider = api::prov::kAIS;
    return b;
}

std::optional<std::string> custom_md(const net::Headers& in, std::string_view key) {
    for (auto line : in.get_all(api::hdr::kCustomMd)) {
        auto eq = line.find('=');
        if (eq != std::string_view::npos && line.substr(0, eq) == key)
            return std::string(line.substr(eq + 1));
    }
    return std::nullopt;
}

void s3_obj_headers(const net::Headers& in, net::Headers& out, bool checksums) {
    std::string etag, ctype;
    for (auto line : in.get_all(api::hdr::kCustomMd)) {
        auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        auto k = line.substr(0, eq), v = line.substr(eq + 1);
        if (k == kMdETag) {
            etag = v;
        } else if (k == "Content-Type") {
            ctype = v;
        } else if (k.size() > 11 && iequals(k.substr(0, 11), "x-amz-meta-")) {
            out.add(std::string(k), std::string(v));
        } else if (k == kMdTagging && !v.empty()) {
            try {
                out.set("x-amz-tagging-count", std::to_string(parse_tag_query(v).size()));
            } catch (const std::exception&) {
            }
        } else if (checksums && k.starts_with(kMdChecksumPrefix)) {
            out.set(std::string(k), std::string(v));
        }
    }
    if (etag.empty()) etag = in.get(api::hdr::kETag);
    if (etag.empty()) etag = in.get(api::hdr::kChecksumValue);
    if (!etag.empty()) out.set("ETag", quoted(etag));
    if (auto lm = in.get(api::hdr::kLastModified); !lm.empty()) out.set("Last-Modified", std::string(lm));
    out.set("Content-Type", ctype.empty() ? "application/octet-stream" : ctype);
    if (auto v = in.get(api::hdr::kVersion); !v.empty()) out.set("x-amz-version-id", "null");
}

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

void add_custom_md(const net::Request& req, net::Headers& out) {
    for (const auto& [k, v] : req.headers) {
        if (k.size() > 11 && iequals(std::string_view(k).substr(0, 11), "x-amz-meta-"))
            out.add(api::hdr::kCustomMd, to_lower(k) + "=" + v);
        else if (iequals(k, "Content-Type") && !v.empty())
            out.add(api::hdr::kCustomMd, "Content-Type=" + v);
        else if (iequals(k, "x-amz-tagging"))
            out.add(api::hdr::kCustomMd,
                    std::string(kMdTagging) + "=" + encode_tag_query(parse_tag_query(v)));
    }
}

namespace {

size_t utf8_len(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

void check_tags(const TagSet& tags) {
    if (tags.size() > 10) throw S3Error(400, "BadRequest", "Object tags cannot be greater than 10");
    std::set<std::string_view> seen;
    for (const auto& [k, v] : tags) {
        if (k.empty() || utf8_len(k) > 128)
            throw S3Error(400, "InvalidTag", "The TagKey you have provided is invalid: \"" + k + "\"");
        if (utf8_len(v) > 256)
            throw S3Error(400, "InvalidTag",
                          "The TagValue you have provided is too long (over 256 characters)");
        if (k.starts_with("aws:"))
            throw S3Error(400, "InvalidTag", "Your TagKey cannot be prefixed with aws:");
        if (!seen.insert(k).second)
            throw S3Error(400, "InvalidTag", "Cannot provide multiple Tags with the same key: \"" + k + "\"");
    }
}

}  // namespace

TagSet parse_tag_query(std::string_view q) {
    TagSet tags;
    try {
        for (auto kv : split(q, '&')) {
            if (kv.empty()) continue;
            auto eq = kv.find('=');
            std::string k = url_unescape(kv.substr(0, eq)), v;
            if (eq != std::string_view::npos) v = url_unescape(kv.substr(eq + 1));
            tags.emplace_back(std::move(k), std::move(v));
        }
    } catch (const S3Error&) {
        throw;
    } catch (const std::exception&) {
        throw S3Error(400, "InvalidArgument",
                      "The header 'x-amz-tagging' shall be encoded as UTF-8 URL query parameters");
    }
    check_tags(tags);
    return tags;
}

TagSet parse_tagging_xml(std::string_view xml) {
    auto sets = xml_all(xml, "TagSet");
    if (xml_all(xml, "Tagging").size() != 1 || sets.size() != 1)
        throw S3Error(400, "MalformedXML",
                      "The XML you provided was not well-formed: expecting <Tagging><TagSet>");
    TagSet tags;
    for (const auto& t : xml_all(sets.front(), "Tag")) {
        auto ks = xml_all(t, "Key"), vs = xml_all(t, "Value");
        if (ks.size() != 1 || vs.size() != 1)
            throw S3Error(400, "MalformedXML", "Each Tag must have exactly one Key and one Value");
        tags.emplace_back(xml_unescape(ks.front()), xml_unescape(vs.front()));
    }
    check_tags(tags);
    return tags;
}

std::string encode_tag_query(const TagSet& tags) {
    std::string out;
    for (const auto& [k, v] : tags) {
        if (!out.empty()) out += '&';
        out += url_escape_query(k) + "=" + url_escape_query(v);
    }
    return out;
}

void owner(XmlWriter& w, const char* tag) {
    w.open(tag);
    w.elem("ID", "ais");
    w.elem("DisplayName", "ais");
    w.close(tag);
}

void owner_acl(net::Response& resp) {
    XmlWriter w;
    w.open("AccessControlPolicy", true);
    owner(w, "Owner");
    w.open("AccessControlList");
    w.raw(
        "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">"
        "<ID>ais</ID><DisplayName>ais</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant>");
    w.close("AccessControlList");
    w.close("AccessControlPolicy");
    resp.set_body(std::move(w).str(), "application/xml");
}

std::vector<uint64_t> parse_part_sizes(std::string_view rle) {
    std::vector<uint64_t> out;
    for (auto run : split(rle, ',')) {
        if (run.empty()) continue;
        auto star = run.find('*');
        auto size = parse_uint(run.substr(0, star));
        auto count =
            star == std::string_view::npos ? std::optional<uint64_t>(1) : parse_uint(run.substr(star + 1));
        if (!size || !count || out.size() + *count > 10000) return {};
        out.insert(out.end(), *count, *size);
    }
    return out;
}

namespace {

// An HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT") as unix seconds; nullopt when malformed.
std::optional<int64_t> parse_http_date(std::string_view s) {
    struct tm tm {};
    const std::string str(s);
    const char* end = ::strptime(str.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (!end || *end != '\0') return std::nullopt;
    return static_cast<int64_t>(::timegm(&tm));
}

bool etag_matches(std::string_view cond, std::string_view etag) {
    for (auto one : split(cond, ',')) {
        while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
        while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
        if (one == "*" || quoted(one) == quoted(etag)) return true;
    }
    return false;
}

}  // namespace

void check_copy_conditions(const net::Request& req, const net::Headers& src) {
    const auto etag = src.get("ETag");
    const auto lm = parse_http_date(src.get("Last-Modified"));
    auto failed = []() -> void {
        throw S3Error(412, "PreconditionFailed",
                      "At least one of the pre-conditions you specified did not hold");
    };
    auto date = [&](const char* h) { return parse_http_date(req.headers.get(h)); };
    if (auto m = req.headers.get("x-amz-copy-source-if-match"); !m.empty()) {
        if (!etag_matches(m, etag)) failed();
    } else if (auto d = date("x-amz-copy-source-if-unmodified-since"); d && lm && *lm > *d) {
        failed();
    }
    if (auto m = req.headers.get("x-amz-copy-source-if-none-match"); !m.empty()) {
        if (etag_matches(m, etag)) failed();
    } else if (auto d = date("x-amz-copy-source-if-modified-since"); d && lm && *lm <= *d) {
        failed();
    }
}

std::pair<std::string, std::string> parse_copy_source(std::string_view hdr) {
    std::string src;
    try {
        src = url_unescape(hdr);
    } catch (const std::exception&) {
        throw S3Error(400, "InvalidArgument", "invalid x-amz-copy-source \"" + std::string(hdr) + "\"");
    }
    if (auto qm = src.find('?'); qm != std::string::npos) {  // ?versionId=...: only "null" exists
        auto q = std::string_view(src).substr(qm + 1);
        if (q.starts_with("versionId=") && q.substr(10) != "null")
            throw S3Error(404, "NoSuchVersion",
                          "The specified version does not exist: \"" + std::string(q.substr(10)) + "\"");
        src.resize(qm);
    }
    if (!src.empty() && src.front() == '/') src.erase(0, 1);
    auto slash = src.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 >= src.size())
        throw S3Error(400, "InvalidArgument", "invalid x-amz-copy-source \"" + src + "\"");
    return {src.substr(0, slash), src.substr(slash + 1)};
}

}  // namespace ais::node::s3
