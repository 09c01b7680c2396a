// Output formatting shared by every command: aligned tables with upper-case headers, sizes in the
// units the user asked for (`--units iec|si|raw`), counts with thousands separators, times, and
// JSON indented the way Go's json.MarshalIndent(v, "", "    ") does (what the Go `ais --json`
// prints, so scripts written against it keep working).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ais::cli {

enum class Units { kIEC, kSI, kRaw };

// "iec" (default), "si", "raw"; anything else throws UsageError.
Units parse_units(std::string_view s);
// IEC: "16.00KiB" (as AIS); SI: "16.38KB"; raw: "16384". Zero is "0B" (raw "0"). `digits` after
// the decimal point (AIS's teb.FmtSize takes the same).
std::string fmt_size(int64_t bytes, Units u, int digits = 2);
// 1234567 -> "1,234,567"
std::string big_num(int64_t n);
// Unix ns -> "2024-01-02T15:04:05Z" style local-free UTC time; 0 -> "-".
std::string fmt_time_ns(int64_t unix_ns);
// Unix ns -> Go's RFC822 in UTC, as AIS shows atimes: "02 Jan 06 15:04 UTC"; 0 -> "-".
std::string fmt_time_rfc822(int64_t unix_ns);
// Elapsed seconds rounded to milliseconds, Go style ("1.234s", "56ms").
std::string fmt_elapsed(double secs);

// The width of `s` on a terminal as Go's tabwriter counts it: one column per UTF-8 code point
// ("µs" is 2, not 3), ANSI color sequences none.
size_t display_width(std::string_view s);

// Columns are separated by at least two spaces and padded to the widest cell (by display width);
// the last column is not padded. Users and scripts read tables whitespace-insensitively; headers
// are upper case.
class Table {
  public:
    explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    size_t size() const { return rows_.size(); }
    bool empty() const { return rows_.empty(); }
    // Drops columns whose every cell is empty or equal to `blank` (e.g. all "-").
    void hide_uniform_column(size_t col, std::string_view blank);
    std::string render(bool no_headers = false) const;
    void print(bool no_headers = false) const;  // to stdout

  private:
    std::vector<std::string> headers_;
    std::vector<std::vector<std::string>> rows_;
    std::vector<bool> hidden_;
};

// Re-indents compact JSON text Go-style (4 spaces, "key": value, empty {} and []). Malformed input
// is returned unchanged.
std::string json_pretty(std::string_view compact);
// Writes text to stdout with a trailing newline if it lacks one.
void print_text(std::string_view s);

}  // namespace ais::cli
