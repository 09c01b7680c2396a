#include "shared/api/obj_attrs.hpp"

#include "shared/api/apc.hpp"
#include "shared/net/http.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

namespace ais::api {

namespace {

int64_t header_int(std::string_view name, std::string_view v) {
    auto x = parse_int(v);
    if (!x) throw ErrBadRequest("invalid " + std::string(name) + " header \"" + std::string(v) + "\"");
    return *x;
}

}  // namespace

void ObjAttrs::to_headers(net::Headers& h) const {
    for (const char* name :
         {hdr::kChecksumType, hdr::kChecksumValue, hdr::kAtime, hdr::kVersion, hdr::kCustomMd, hdr::kETag,
          hdr::kObjLocation, hdr::kPresent, hdr::kMirrorCopies, hdr::kMirrorPaths})
        h.remove(name);
    if (has_cksum()) {
        h.add(hdr::kChecksumType, cksum_type);
        h.add(hdr::kChecksumValue, cksum_value);
    }
    if (atime != 0) h.add(hdr::kAtime, std::to_string(atime));
    if (!version.empty()) h.add(hdr::kVersion, version);
    for (const auto& [k, v] : custom) h.add(hdr::kCustomMd, k + "=" + v);
    if (!etag.empty()) {
        h.add(hdr::kETag, etag);
    } else if (auto it = custom.find("ETag"); it != custom.end() && !it->second.empty()) {
        h.add(hdr::kETag, it->second);
    }
    if (!location.empty()) h.add(hdr::kObjLocation, location);
    if (present) h.add(hdr::kPresent, *present ? "true" : "false");
    if (mirror_copies > 0) h.add(hdr::kMirrorCopies, std::to_string(mirror_copies));
    if (!mirror_paths.empty()) {
        std::string joined;
        for (const auto& p : mirror_paths) joined += (joined.empty() ? "" : ",") + p;
        h.add(hdr::kMirrorPaths, std::move(joined));
    }
}

void ObjAttrs::from_headers(const net::Headers& h) {
    if (auto v = h.get(hdr::kContentLength); !v.empty()) size = header_int(hdr::kContentLength, v);
    cksum_type = h.get(hdr::kChecksumType);
    cksum_value = h.get(hdr::kChecksumValue);
    if (auto v = h.get(hdr::kAtime); !v.empty()) atime = header_int(hdr::kAtime, v);
    version = h.get(hdr::kVersion);
    for (auto line : h.get_all(hdr::kCustomMd)) {
        auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;  // not k=v: ignore, as Go does
        custom[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
    }
    etag = h.get(hdr::kETag);
    location = h.get(hdr::kObjLocation);
    if (h.has(hdr::kPresent)) present = parse_bool(h.get(hdr::kPresent));
    if (auto v = h.get(hdr::kMirrorCopies); !v.empty())
        mirror_copies = static_cast<int>(header_int(hdr::kMirrorCopies, v));
    if (auto v = h.get(hdr::kMirrorPaths); !v.empty()) {
        for (auto p : split(v, ','))
            if (!p.empty()) mirror_paths.emplace_back(p);
    }
}

}  // namespace ais::api
