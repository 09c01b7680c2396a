// ObjAttrs: an object's properties as GET/HEAD/PUT responses carry them in headers (spec §3.2).
// The target fills one from its object metadata and calls to_headers(); a client calls
// from_headers() on the response. Custom metadata travels as one `Ais-Custom-Md: k=v` line per
// key (never comma-joined: Go parses each line separately).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ais::net {
class Headers;
}

namespace ais::api {

struct ObjAttrs {
    int64_t size = -1;        // Content-Length (-1: unknown); to_headers() does not emit it
    std::string cksum_type;   // "xxhash2", ...; "" or "none" = no checksum headers
    std::string cksum_value;  // lowercase hex
    int64_t atime = 0;        // unix ns ("Ais-Atime", decimal); 0 = not emitted
    std::string version;
    std::map<std::string, std::string> custom;  // key order = header order
    std::string etag;                           // "ETag"; when empty, custom["ETag"] is emitted if present
    std::string location;                       // "Ais-Location": "t[<tid>]:<mountpath>"
    std::optional<bool> present;                // "Ais-Present"
    int mirror_copies = 0;                      // "Ais-Mirror-Copies"; 0 = not emitted
    std::vector<std::string> mirror_paths;      // "Ais-Mirror-Paths", comma-joined

    bool has_cksum() const { return !cksum_type.empty() && cksum_type != "none" && !cksum_value.empty(); }

    // Adds the property headers (replacing any of the same names).
    void to_headers(net::Headers& h) const;
    // Reads what is there; absent headers leave defaults. A malformed number (Ais-Atime,
    // Content-Length, Ais-Mirror-Copies) throws ErrBadRequest.
    void from_headers(const net::Headers& h);
    static ObjAttrs from(const net::Headers& h) {
        ObjAttrs a;
        a.from_headers(h);
        return a;
    }

    bool operator==(const ObjAttrs&) const = default;
};

}  // namespace ais::api
