// HTTP Range for object GET (spec §3.3): one byte range per request, as AIS serves them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ais::node {

struct ByteRange {
    uint64_t off = 0;
    uint64_t len = 0;
    bool operator==(const ByteRange&) const = default;
};

enum class RangeStatus {
    none,           // no Range header: the whole object (200)
    ok,             // one satisfiable range (206)
    unsatisfiable,  // malformed, out of bounds, or several ranges (416, Content-Range: bytes */size)
};

struct RangeResult {
    RangeStatus status = RangeStatus::none;
    ByteRange range;
};

// `bytes=a-b` (b clamped to size-1), `bytes=a-`, `bytes=-n` (the last n bytes, all if n > size).
// An empty object has no satisfiable range.
RangeResult parse_range(std::string_view header, uint64_t size);

}  // namespace ais::node
