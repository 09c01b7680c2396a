// Formats a time with a Go layout string ("02 Jan 06 15:04 MST", "2006-01-02T15:04:05Z07:00"),
// because list-objects clients pass LsoMsg.time_format as a Go layout. Always UTC. Supports the
// elements of Go's reference time: month (January/Jan/01/1), weekday (Monday/Mon), day (02/2/_2),
// day of year (002/__2), year (2006/06), hour (15/03/3), minute (04/4), second (05/5), AM/PM,
// fractions (.000/.999/,000), and zones (MST, Z07:00, Z0700, Z07, -07:00, -0700, -07, and their
// :00/00 second variants). Anything else is copied literally, as Go does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ais::node {

std::string format_go_time(int64_t unix_ns, std::string_view layout);

}  // namespace ais::node
