// Object requests of the S3 gateway: PutObject (plain or aws-chunked), CopyObject, GetObject and
// HeadObject (whole, by Range, by ?partNumber, with x-amz-checksum-mode), DeleteObject, object
// tagging and ACL.
#include "aisnode/s3/s3_body.hpp"
#include "aisnode/s3/s3_handlers.hpp"
#include "aisnode/s3/s3_util.hpp"
#include "aisnode/s3/xml.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/bmd.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/strings.hpp"

namespace ais::node::s3 {

namespace {

constexpr char kHeadProps[] = "&props=size,checksum,version,custom,last-modified,etag";

using Md = std::vector<std::pair<std::string, std::string>>;

// Merges custom metadata into an existing object (native PATCH on its target); with `replace`, the
// object's custom metadata becomes exactly `kv`.
Task<void> patch_custom(Ctx& c, const api::Bck& bck, const std::string& key, const Md& kv,
                        bool replace = false) {
    std::string value = "{";
    for (const auto& [k, v] : kv) {
        if (value.size() > 1) value += ',';
        value += json_quote(k) + ":" + json_quote(v);
    }
    value += "}";
    std::string extra;
    if (replace) extra = "&" + std::string(api::qp::kSetNewCustom) + "=true";
    net::ClientRequest tr{.method = "PATCH",
                          .url = c.target_url(bck, key, extra),
                          .body = "{\"action\":\"\",\"value\":" + value + "}"};
    tr.headers.add("Content-Type", "application/json");
    auto r = co_await c.env.client->co_call(tr);
    if (!r.ok()) throw_target(r, bck, key);
}

bool replace_directive(const Request& req, const char* hdr) {
    auto v = req.headers.get(hdr);
    if (v.empty() || v == "COPY") return false;
    if (v == "REPLACE") return true;
    throw S3Error(400, "InvalidArgument",
                  "Unknown " + std::string(hdr) + " value \"" + std::string(v) + "\"");
}

Task<net::ClientResponse> head_target(Ctx& c, const api::Bck& bck, const std::string& key) {
    net::ClientRequest tr{.method = "HEAD", .url = c.target_url(bck, key, kHeadProps)};
    auto r = co_await c.env.client->co_call(tr);
    if (!r.ok()) throw_target(r, bck, key);
    co_return r;
}

}  // namespace

Task<void> put_object(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key) {
    auto chunked = AwsChunked::from(req);
    if (!chunked && !req.content_length && req.chunked)
        throw S3Error(411, "MissingContentLength", "You must provide the Content-Length HTTP header");
    const uint64_t len = chunked ? chunked->decoded_length() : req.content_length.value_or(0);

    net::ClientRequest tr{.method = "PUT", .url = c.target_url(bck, key), .max_retries = 0};
    tr.headers.add(api::hdr::kCallerId, c.env.id());
    tr.headers.add(api::hdr::kEtagMd5, "true");
    if (auto hex = content_md5_hex(req); !hex.empty()) {
        tr.headers.add(api::hdr::kChecksumType, "md5");
        tr.headers.add(api::hdr::kChecksumValue, hex);
    }
    add_custom_md(req, tr.headers);
    auto xck = S3Checksum::from_header(req);
    std::unique_ptr<S3Checksum> tck;  // the checksum of an aws-chunked trailer
    if (chunked && !chunked->trailer().empty()) {
        if (xck) throw S3Error(400, "InvalidRequest", "Expecting a single x-amz-checksum- header or trailer");
        tck = S3Checksum::for_trailer(chunked->trailer());
        chunked->set_trailer_checksum(tck.get());
    }
    // Stored as custom metadata (returned on GET/HEAD with x-amz-checksum-mode: ENABLED). A header's
    // value goes with the PUT (a mismatch stores nothing); a trailer's is known only at the end.
    if (xck) tr.headers.add(api::hdr::kCustomMd, xck->header() + "=" + xck->value());
    if (chunked && len == 0) co_await chunked->finish();
    S3Checksum* ck = xck ? xck.get() : tck.get();
    RelayBody body(req, len, ck, chunked.get());
    tr.body_source = &body;
    auto r = co_await relay_put(*c.env.client, tr, body);
    if (!r.ok()) throw_target(r, bck, key);
    if (tck) {
        Md md;
        md.emplace_back(tck->header(), tck->value());
        co_await patch_custom(c, bck, key, md);
    }
    if (ck) resp.headers.set(ck->header(), ck->value());
    net::Headers h;
    s3_obj_headers(r.headers, h);
    if (auto etag = h.get("ETag"); !etag.empty()) resp.headers.set("ETag", std::string(etag));
}

Task<void> copy_object(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key) {
    co_await req.read_all(1 << 20);
    auto [sbck, skey] = c.copy_source(req);
    bool conditional = false;
    for (const char* h : {"x-amz-copy-source-if-match", "x-amz-copy-source-if-none-match",
                          "x-amz-copy-source-if-modified-since", "x-amz-copy-source-if-unmodified-since"})
        conditional = conditional || req.headers.has(h);
    if (conditional) {
        auto sh = co_await head_target(c, sbck, skey);
        net::Headers src;
        s3_obj_headers(sh.headers, src);
        check_copy_conditions(req, src);
    }
    const bool new_md = replace_directive(req, "x-amz-metadata-directive");
    const bool new_tags = replace_directive(req, "x-amz-tagging-directive");
    const bool self = sbck.name == bck.name && skey == key;
    if (self && !new_md)
        throw S3Error(400, "InvalidRequest",
                      "This copy request is illegal because it is trying to copy an object to "
                      "itself without changing the object's metadata");
    if (!self) {
        // The source's target copies it (custom metadata, ETag included) to the destination's target.
        net::ClientRequest cr{
            .method = "PUT",
            .url = c.target_url(
                sbck, skey, "&" + std::string(api::qp::kObjTo) + "=" + url_escape_query(bck.obj_uname(key)))};
        auto r = co_await c.env.client->co_call(cr);
        if (!r.ok()) throw_target(r, sbck, skey);
    }
    auto h = co_await head_target(c, bck, key);
    if (new_md ||
        new_tags) {  // the copy's custom metadata: kept (ETag, checksums, part sizes) + the request's
        Md md;
        for (auto line : h.headers.get_all(api::hdr::kCustomMd)) {
            auto eq = line.find('=');
            if (eq == std::string_view::npos) continue;
            std::string k(line.substr(0, eq));
            const bool user_md =
                k == "Content-Type" || (k.size() > 11 && iequals(k.substr(0, 11), "x-amz-meta-"));
            if ((new_md && user_md) || (new_tags && k == kMdTagging)) continue;
            md.emplace_back(std::move(k), std::string(line.substr(eq + 1)));
        }
        net::Headers reqmd;
        add_custom_md(req, reqmd);
        for (auto line : reqmd.get_all(api::hdr::kCustomMd)) {
            auto eq = line.find('=');
            std::string k(line.substr(0, eq));
            if (k == kMdTagging ? new_tags : new_md)
                md.emplace_back(std::move(k), std::string(line.substr(eq + 1)));
        }
        co_await patch_custom(c, bck, key, md, true);
        h = co_await head_target(c, bck, key);
    }
    net::Headers oh;
    s3_obj_headers(h.headers, oh);
    XmlWriter w;
    w.open("CopyObjectResult", true);
    w.elem("LastModified", iso8601_ms(now_ns()));
    w.elem("ETag", oh.get("ETag"));
    w.close("CopyObjectResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

Task<void> get_object(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key) {
    const bool head = req.method == "HEAD";
    if (!head) co_await req.read_all(1 << 20);
    const bool cks_mode = iequals(req.headers.get("x-amz-checksum-mode"), "ENABLED");
    std::string range(req.headers.get("Range"));

    // ?partNumber=N: the bytes of part N of a multipart object (a plain object is one part).
    std::optional<uint64_t> part;
    uint64_t part_off = 0, part_len = 0, total = 0;
    size_t part_count = 0;
    bool multipart = false;
    if (req.query.has("partNumber")) {
        if (!range.empty())
            throw S3Error(400, "InvalidRequest",
                          "Cannot specify both Range header and partNumber query parameter");
        part = parse_uint(req.query.get("partNumber"));
        if (!part || *part < 1 || *part > 10000)
            throw S3Error(400, "InvalidArgument",
                          "Part number must be an integer between 1 and 10000, inclusive");
        auto h = co_await head_target(c, bck, key);
        total = parse_uint(h.headers.get("Content-Length")).value_or(0);
        if (auto sizes_md = custom_md(h.headers, kMdPartSizes)) {
            auto sizes = parse_part_sizes(*sizes_md);
            multipart = true;
            part_count = sizes.size();
            if (*part > part_count)
                throw S3Error(416, "InvalidPartNumber", "The requested partnumber is not satisfiable");
            for (size_t i = 0; i + 1 < *part; ++i) part_off += sizes[i];
            part_len = sizes[*part - 1];
            if (part_off + part_len > total)
                throw S3Error(500, "InternalError",
                              "the part sizes of " + bck.obj_cname(key) + " exceed its size");
        } else {
            if (*part != 1)
                throw S3Error(416, "InvalidPartNumber", "The requested partnumber is not satisfiable");
            part_count = 1;
            part_len = total;
        }
        if (multipart && part_len > 0)
            range = "bytes=" + std::to_string(part_off) + "-" + std::to_string(part_off + part_len - 1);
    }
    const bool whole = range.empty() && (!part || !multipart);
    auto part_headers = [&](net::Headers& h) {
        if (!part || !multipart) return;
        h.set("x-amz-mp-parts-count", std::to_string(part_count));
        if (part_len > 0)
            h.set("Content-Range", "bytes " + std::to_string(part_off) + "-" +
                                       std::to_string(part_off + part_len - 1) + "/" + std::to_string(total));
    };

    if (head || (part && part_len == 0)) {
        auto r = co_await head_target(c, bck, key);
        s3_obj_headers(r.headers, resp.headers, cks_mode && whole);
        resp.headers.set("Accept-Ranges", "bytes");
        part_headers(resp.headers);
        if (part && multipart) {
            resp.status = part_len > 0 ? 206 : 200;
            if (head) resp.set_head_length(part_len);
        } else if (auto cl = parse_uint(r.headers.get("Content-Length")); cl && head) {
            resp.set_head_length(*cl);
        }
        co_return;
    }
    net::ClientRequest tr{.method = "GET", .url = c.target_url(bck, key)};
    if (!range.empty()) tr.headers.add("Range", range);
    RelaySink sink(resp, cks_mode && whole);
    tr.body_sink = &sink;
    part_headers(resp.headers);
    auto r = co_await c.env.client->co_call(tr);
    if (!sink.started()) throw_target(r, bck, key);
    co_await resp.end_stream();
}

Task<void> delete_object(Ctx& c, Response& resp, const api::Bck& bck, const std::string& key) {
    net::ClientRequest tr{.method = "DELETE", .url = c.target_url(bck, key)};
    auto r = co_await c.env.client->co_call(tr);
    if (!r.ok() && r.status != 404) throw_target(r, bck, key);
    resp.status = 204;
}

// Object tags live in the custom metadata kMdTagging ("k1=v1&k2=v2"; "" once deleted).
Task<void> object_tagging(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key) {
    const std::string& m = req.method;
    auto body = co_await req.read_all(1 << 20);
    if (m == "PUT") {
        Md md;
        md.emplace_back(kMdTagging, encode_tag_query(parse_tagging_xml(body)));
        co_await patch_custom(c, bck, key, md);
        co_return;
    }
    if (m == "DELETE") {
        Md md;
        md.emplace_back(kMdTagging, std::string());
        co_await patch_custom(c, bck, key, md);
        resp.status = 204;
        co_return;
    }
    if (m != "GET") throw S3Error(405, "MethodNotAllowed", m + " of object ?tagging is not allowed");
    auto h = co_await head_target(c, bck, key);
    TagSet tags;
    if (auto q = custom_md(h.headers, kMdTagging)) tags = parse_tag_query(*q);
    XmlWriter w;
    w.open("Tagging", true);
    w.open("TagSet");
    for (const auto& [k, v] : tags) {
        w.open("Tag");
        w.elem("Key", k);
        w.elem("Value", v);
        w.close("Tag");
    }
    w.close("TagSet");
    w.close("Tagging");
    resp.set_body(std::move(w).str(), "application/xml");
}

// s3cmd reads the ACL (e.g. before cp): while auth is off the owner has full control.
Task<void> object_acl(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key) {
    co_await req.read_all(1 << 20);
    if (req.method == "PUT") throw S3Error(501, "NotImplemented", "setting ACLs is not supported");
    if (req.method != "GET")
        throw S3Error(405, "MethodNotAllowed", req.method + " of object ?acl is not allowed");
    co_await head_target(c, bck, key);
    owner_acl(resp);
}

}  // namespace ais::node::s3
