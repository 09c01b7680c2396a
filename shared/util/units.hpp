// Human units as AIS users write and read them: sizes ("10MiB", "1.5GiB") and Go durations
// ("1m30s", "10ms"). Parsers throw ErrBadRequest quoting the offending text; formatters produce
// exactly what the Go AIS tools print, because scripts and tests compare these strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ais {

inline constexpr int64_t KiB = 1024;
inline constexpr int64_t MiB = 1024 * KiB;
inline constexpr int64_t GiB = 1024 * MiB;
inline constexpr int64_t TiB = 1024 * GiB;

// Plain bytes ("1024") or a number with a unit suffix, case-insensitive, surrounding spaces
// ignored. Units are IEC multiples of 1024 as with AIS cos.ParseSize(…, UnitsIEC):
// B; K, KB, KiB; M, MB, MiB; G, GB, GiB; T, TB, TiB. A fraction is allowed with a unit larger
// than a byte ("1.5MiB", truncated to whole bytes). Negative, overflowing or malformed values
// throw ErrBadRequest.
int64_t parse_size(std::string_view s);

// cos.ToSizeIEC: "0B", "512B", "16.00KiB", "1.50MiB", "2.00GiB" (largest unit <= value, `digits`
// decimals, TiB is the largest unit). Negative values get a leading '-'.
std::string size_iec(int64_t bytes, int digits = 2);

// For config values: the largest unit that divides exactly ("1GiB", "256KiB"), else plain bytes
// ("1000B"); 0 -> "0B". Always parseable by parse_size.
std::string size_iec_compact(int64_t bytes);

// Go time.ParseDuration: a signed sequence of decimal numbers with optional fraction and a unit
// (ns, us, µs, μs, ms, s, m, h), e.g. "300ms", "-1.5h", "2h45m"; "0" alone needs no unit.
int64_t parse_duration_ns(std::string_view s);

// Go Duration.String(): "2h0m0s", "1m30s", "1.5s", "10ms", "1µs", "500ns", "0s".
std::string duration_str(int64_t ns);

}  // namespace ais
