// List objects (spec §4): the request (LsoMsg, the `value` of {"action":"list"}) and the page it
// returns (LsoRes of LsoEnt). A page travels as msgpack when the client sends
// `Accept: application/msgpack` (both SDKs do; the Python SDK cannot read anything else) and as
// JSON otherwise. The two encodings use different key names; both are fixed here:
//   msgpack: {"UUID","ContinuationToken","Entries":[{"n","cs","a","v","t","m","s","c","f"}],"Flags"}
//   JSON:    {"uuid","continuation_token","entries":[{"name",...,"size":"<string>"}],"flags"}
// Entry fields other than the name are omitted when zero/empty in both.
#pragma once

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ais::api {

struct LsoMsg {
    std::string uuid;         // "" on the first page; echoed back on the following ones
    std::string props;        // comma list (ls::kProp*); "" = defaults
    std::string time_format;  // Go layout for atime; "" = RFC822
    std::string prefix;
    std::string start_after;
    std::string continuation_token;                       // "" on the first page
    std::string target;                                   // pin to one target (node id)
    uint64_t flags = 0;                                   // ls::k* bits; a string on the wire
    int64_t pagesize = 0;                                 // 0 = server default
    std::map<std::string, std::vector<std::string>> hdr;  // forwarded to the backend

    bool has_flag(uint64_t f) const { return (flags & f) != 0; }
    void set_flag(uint64_t f) { flags |= f; }
    // Whether `prop` is in `props` (exact match of a comma-separated item).
    bool want_prop(std::string_view prop) const;
    void add_prop(std::string_view prop);  // no-op if already there
    // The effective prefix: a trailing '*' is trimmed (spec §4.1).
    std::string clean_prefix() const;
};

struct LsoEnt {
    std::string name;
    std::string checksum;  // value only
    std::string atime;     // formatted per LsoMsg.time_format
    std::string version;
    std::string location;  // "t[<tid>]:<mountpath>"
    std::string custom;    // "[k1:v1 k2:v2]"
    int64_t size = 0;
    int16_t copies = 0;
    uint16_t flags = 0;  // ls::kEnt*

    uint16_t status() const { return flags & 0x1f; }
    bool is_present() const { return (flags & (1u << 6)) != 0; }
    bool is_dir() const { return (flags & (1u << 8)) != 0; }

    bool operator==(const LsoEnt&) const = default;
};

struct LsoRes {
    std::string uuid;
    std::string continuation_token;  // "" on the last page
    std::vector<LsoEnt> entries;
    uint32_t flags = 0;

    bool operator==(const LsoRes&) const = default;
};

// JSON.
void to_jv(const LsoMsg& m, boost::json::value& out);
void from_jv(const boost::json::value& v, LsoMsg& out, std::string_view what = {});
void to_jv(const LsoEnt& e, boost::json::value& out);
void from_jv(const boost::json::value& v, LsoEnt& out, std::string_view what = {});
void to_jv(const LsoRes& r, boost::json::value& out);
void from_jv(const boost::json::value& v, LsoRes& out, std::string_view what = {});

// Msgpack (spec §4.2). Decoding accepts any key order and integer width, ignores unknown keys,
// and throws ErrBadRequest on malformed input.
void to_msgpack(const LsoRes& r, std::string& out);  // appends
std::string to_msgpack(const LsoRes& r);
void from_msgpack(std::string_view data, LsoRes& out);
LsoRes lso_res_from_msgpack(std::string_view data);

}  // namespace ais::api
