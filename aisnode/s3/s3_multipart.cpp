// Multipart upload through the S3 gateway. The parts live on the HRW target of the final object
// (target/mpu.cpp); the gateway relays each request there, part bodies streamed (plain or
// aws-chunked) and checksummed on the way; UploadPartCopy is done by that target.
#include "aisnode/s3/s3_body.hpp"
#include "aisnode/s3/s3_handlers.hpp"
#include "aisnode/s3/s3_util.hpp"
#include "aisnode/s3/xml.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/bmd.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/ids.hpp"
#include "shared/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <tuple>

namespace ais::node::s3 {

namespace {

std::string upload_query(const std::string& id) {
    return "&" + std::string(api::qp::kUploadId) + "=" + url_escape_query(id);
}

void check_upload_id(const std::string& id) {
    if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
        }))
        throw S3Error(404, "NoSuchUpload", "The specified upload does not exist: \"" + id + "\"");
}

uint64_t part_number(const Request& req) {
    auto n = parse_uint(req.query.get("partNumber"));
    if (!n || *n < 1 || *n > 10000)
        throw S3Error(400, "InvalidArgument",
                      "Part number must be an integer between 1 and 10000, inclusive");
    return *n;
}

// UploadPartCopy: the destination's target pulls the (range of the) source object from the
// source's target itself (the internal headers Ais-S3-Copy-Src/-Range: target/mpu.cpp).
Task<void> mpu_part_copy(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key) {
    co_await req.read_all(1 << 20);
    const std::string id(req.query.get("uploadId"));
    check_upload_id(id);
    const uint64_t n = part_number(req);
    auto [sbck, skey] = c.copy_source(req);
    net::ClientRequest hr{.method = "HEAD",
                          .url = c.target_url(sbck, skey, "&props=size,checksum,custom,last-modified")};
    auto h = co_await c.env.client->co_call(hr);
    if (!h.ok()) throw_target(h, sbck, skey);
    net::Headers src;
    s3_obj_headers(h.headers, src);
    check_copy_conditions(req, src);
    const uint64_t size = parse_uint(h.headers.get("Content-Length")).value_or(0);
    std::string range;
    if (auto rg = req.headers.get("x-amz-copy-source-range"); !rg.empty()) {
        // "bytes=first-last", both inclusive and within the source (S3 accepts no other form here)
        std::optional<uint64_t> first, last;
        if (rg.starts_with("bytes=")) {
            auto v = rg.substr(6);
            auto dash = v.find('-');
            if (dash != std::string_view::npos) {
                first = parse_uint(v.substr(0, dash));
                last = parse_uint(v.substr(dash + 1));
            }
        }
        if (!first || !last || *first > *last)
            throw S3Error(
                400, "InvalidArgument",
                "The x-amz-copy-source-range value must be of the form bytes=first-last "
                "where first and last are the zero-based offsets of the first and last bytes to copy");
        if (*last >= size)
            throw S3Error(400, "InvalidRange",
                          "Range specified is not valid for source object of size: " + std::to_string(size));
        range = "bytes=" + std::to_string(*first) + "-" + std::to_string(*last);
    }
    net::ClientRequest tr{
        .method = "PUT",
        .url = c.target_url(bck, key, upload_query(id) + "&partNumber=" + std::to_string(n))};
    tr.headers.add(api::hdr::kCallerId, c.env.id());
    tr.headers.add("Ais-S3-Copy-Src", c.target_url(sbck, skey));
    if (!range.empty()) tr.headers.add("Ais-S3-Copy-Range", range);
    auto r = co_await c.env.client->co_call(tr);
    if (!r.ok()) throw_target(r, bck, key);
    XmlWriter w;
    w.open("CopyPartResult", true);
    w.elem("LastModified", iso8601_ms(now_ns()));
    w.elem("ETag", quoted(r.headers.get(api::hdr::kETag)));
    w.close("CopyPartResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

}  // namespace

Task<void> mpu_create(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key) {
    co_await req.read_all();
    const std::string id = gen_uuid() + base36(fast_rand());
    net::ClientRequest tr{.method = "POST", .url = c.target_url(bck, key, "&uploads=" + upload_query(id))};
    tr.headers.add(api::hdr::kCallerId, c.env.id());
    add_custom_md(req, tr.headers);
    auto r = co_await c.env.client->co_call(tr);
    if (!r.ok()) throw_target(r, bck, key);
    XmlWriter w;
    w.open("InitiateMultipartUploadResult", true);
    w.elem("Bucket", bck.name);
    w.elem("Key", key);
    w.elem("UploadId", id);
    w.close("InitiateMultipartUploadResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

Task<void> mpu_part(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key) {
    if (req.headers.has("x-amz-copy-source")) co_return co_await mpu_part_copy(c, req, resp, bck, key);
    const std::string id(req.query.get("uploadId"));
    check_upload_id(id);
    const uint64_t n = part_number(req);
    auto chunked = AwsChunked::from(req);
    if (!chunked && !req.content_length && req.chunked)
        throw S3Error(411, "MissingContentLength", "You must provide the Content-Length HTTP header");
    const uint64_t len = chunked ? chunked->decoded_length() : req.content_length.value_or(0);
    net::ClientRequest tr{
        .method = "PUT",
        .url = c.target_url(bck, key, upload_query(id) + "&partNumber=" + std::to_string(n)),
        .max_retries = 0};
    tr.headers.add(api::hdr::kCallerId, c.env.id());
    if (auto hex = content_md5_hex(req); !hex.empty()) {
        tr.headers.add(api::hdr::kChecksumType, "md5");
        tr.headers.add(api::hdr::kChecksumValue, hex);
    }
    auto xck = S3Checksum::from_header(req);
    std::unique_ptr<S3Checksum> tck;
    if (chunked && !chunked->trailer().empty()) {
        if (xck) throw S3Error(400, "InvalidRequest", "Expecting a single x-amz-checksum- header or trailer");
        tck = S3Checksum::for_trailer(chunked->trailer());
        chunked->set_trailer_checksum(tck.get());
    }
    if (chunked && len == 0) co_await chunked->finish();
    S3Checksum* ck = xck ? xck.get() : tck.get();
    RelayBody body(req, len, ck, chunked.get());
    tr.body_source = &body;
    auto r = co_await relay_put(*c.env.client, tr, body);
    if (!r.ok()) throw_target(r, bck, key);
    if (ck) resp.headers.set(ck->header(), ck->value());
    resp.headers.set("ETag", quoted(r.headers.get(api::hdr::kETag)));
}

Task<void> mpu_complete(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key) {
    const std::string id(req.query.get("uploadId"));
    auto xml = co_await req.read_all(4 << 20);
    check_upload_id(id);
    std::string list;
    long prev = 0;
    for (const auto& part : xml_all(xml, "Part")) {
        auto nums = xml_all(part, "PartNumber");
        auto etags = xml_all(part, "ETag");
        if (nums.empty() || etags.empty())
            throw S3Error(400, "MalformedXML", "Each Part must have a PartNumber and an ETag");
        auto n = parse_uint(nums.front());
        if (!n || *n < 1 || *n > 10000)
            throw S3Error(400, "InvalidPart", "invalid PartNumber " + nums.front());
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
    net::ClientRequest tr{.method = "POST", .url = c.target_url(bck, key, upload_query(id)), .body = list};
    tr.headers.add(api::hdr::kCallerId, c.env.id());
    tr.headers.add("Content-Type", "text/plain");
    auto r = co_await c.env.client->co_call(tr);
    if (!r.ok()) throw_target(r, bck, key);
    XmlWriter w;
    w.open("CompleteMultipartUploadResult", true);
    w.elem("Location", c.base + "/" + bck.name + "/" + key);
    w.elem("Bucket", bck.name);
    w.elem("Key", key);
    w.elem("ETag", quoted(r.headers.get(api::hdr::kETag)));
    w.close("CompleteMultipartUploadResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

Task<void> mpu_abort(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key) {
    co_await req.read_all(1 << 20);
    const std::string upload_id(req.query.get("uploadId"));
    check_upload_id(upload_id);
    net::ClientRequest tr{.method = "DELETE", .url = c.target_url(bck, key, upload_query(upload_id))};
    auto r = co_await c.env.client->co_call(tr);
    if (!r.ok()) throw_target(r, bck, key);
    resp.status = 204;
}

Task<void> mpu_list_parts(Ctx& c, Request& req, Response& resp, const api::Bck& bck, const std::string& key) {
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
    net::ClientRequest tr{.method = "GET", .url = c.target_url(bck, key, upload_query(id))};
    auto r = co_await c.env.client->co_call(tr);
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
        w.elem("LastModified", iso8601_ms(x.mtime));
        w.elem("ETag", quoted(x.md5));
        w.elem("Size", std::to_string(x.size));
        w.close("Part");
    }
    w.close("ListPartsResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

// The open uploads of all targets, sorted by key and upload id.
Task<void> mpu_list_uploads(Ctx& c, Request& req, Response& resp, const api::Bck& bck) {
    struct Up {
        std::string key, id;
        int64_t initiated = 0;
    };
    std::vector<Up> ups;
    auto smap = c.env.meta.smap();
    for (const auto& [tid, t] : smap->tmap) {
        const std::string& base =
            t.intra_data_net.direct_url.empty() ? t.public_net.direct_url : t.intra_data_net.direct_url;
        net::ClientRequest tr{.method = "GET",
                              .url = base + "/v1/objects/" + url_escape_path(bck.name) + "?" +
                                     bck.query().encode() + "&uploads=&" + api::qp::kPid + "=" + c.env.id()};
        auto r = co_await c.env.client->co_call(tr);
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
    std::sort(ups.begin(), ups.end(),
              [](const Up& a, const Up& b) { return std::tie(a.key, a.id) < std::tie(b.key, b.id); });
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
        w.elem("Initiated", iso8601_ms(u->initiated));
        w.close("Upload");
    }
    w.close("ListMultipartUploadsResult");
    resp.set_body(std::move(w).str(), "application/xml");
}

}  // namespace ais::node::s3
