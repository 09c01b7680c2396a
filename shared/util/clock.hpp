// Wall-clock time as AIS puts it on the wire: unix nanoseconds (Ais-Atime, xaction start/end)
// and the Go text layouts clients parse. All formatting is in UTC and independent of the
// process time zone and locale.
#pragma once

#include <cstdint>
#include <string>

namespace ais {

// Nanoseconds since the unix epoch (CLOCK_REALTIME).
int64_t now_ns();

// Go time.RFC3339Nano in UTC, fraction trimmed of trailing zeros: "2026-01-02T03:04:05.1234Z".
// 0 means "unset" and renders as Go's zero time "0001-01-01T00:00:00Z" (as Go encodes an empty
// time.Time in JSON).
std::string rfc3339_ns(int64_t ns);

// HTTP date (RFC 1123, Go http.TimeFormat): "Mon, 02 Jan 2006 15:04:05 GMT". For Last-Modified.
std::string http_date(int64_t ns);

// Go time.RFC822 in UTC: "02 Jan 06 15:04 UTC". The CLI prints times this way.
std::string rfc822(int64_t ns);

}  // namespace ais
