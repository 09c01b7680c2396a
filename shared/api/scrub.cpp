#include "shared/api/scrub.hpp"

#include "shared/api/json.hpp"

#include <algorithm>
#include <cctype>

namespace ais::api {

namespace {

// JSON keys of the categories (ext), in ScrubStat order.
constexpr std::array<std::string_view, kScrNum> kKeys{
    "objects", "misplaced_node", "misplaced_mpath", "missing_copies", "corrupted", "small", "large",
};
// AIS's column headers (teb), in ScrubStat order; CORRUPTED is ours.
constexpr std::array<std::string_view, kScrNum> kCols{
    "OBJECTS", "MISPLACED(cluster)", "MISPLACED(mountpath)", "MISSING-COPIES", "CORRUPTED", "SMALL", "LARGE",
};

}  // namespace

std::string_view scrub_col(int stat) {
    return kCols.at(static_cast<size_t>(stat));
}

std::string scrub_tag(int stat) {
    std::string s(scrub_col(stat));
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

void ScrubResult::merge(const ScrubResult& o) {
    for (size_t i = 0; i < kScrNum; ++i) {
        stats[i].cnt += o.stats[i].cnt;
        stats[i].size += o.stats[i].size;
        fixed[i] += o.fixed[i];
        dropped[i] += o.dropped[i];
        names[i].insert(names[i].end(), o.names[i].begin(), o.names[i].end());
    }
}

// ---- ScrubMsg ----

void to_jv(const ScrubMsg& m, bj::value& out) {
    bj::object o;
    o["prefix"] = m.prefix;
    if (!m.last.empty()) o["last"] = m.last;
    o["small_size"] = m.small_size;
    o["large_size"] = m.large_size;
    o["non_recurs"] = m.non_recurs;
    o["checksum"] = m.checksum;
    o["fix"] = m.fix;
    o["max_names"] = m.max_names;
    out = std::move(o);
}

void from_jv(const bj::value& v, ScrubMsg& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "prefix", out.prefix);
    json::get(o, "last", out.last);
    json::get(o, "small_size", out.small_size);
    json::get(o, "large_size", out.large_size);
    json::get(o, "non_recurs", out.non_recurs);
    json::get(o, "checksum", out.checksum);
    json::get(o, "fix", out.fix);
    json::get(o, "max_names", out.max_names);
}

// ---- ScrubEnt ----

void to_jv(const ScrubEnt& m, bj::value& out) {
    bj::object o;
    o["name"] = m.name;
    o["size"] = m.size;
    if (m.atime != 0) o["atime"] = m.atime;
    if (m.copies != 0) o["copies"] = m.copies;
    if (!m.location.empty()) o["location"] = m.location;
    out = std::move(o);
}

void from_jv(const bj::value& v, ScrubEnt& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "name", out.name);
    json::get(o, "size", out.size);
    json::get(o, "atime", out.atime);
    json::get(o, "copies", out.copies);
    json::get(o, "location", out.location);
}

// ---- ScrubResult ----

void to_jv(const ScrubResult& m, bj::value& out) {
    bj::object o;
    to_jv(m.bck, o["bck"]);
    o["prefix"] = m.prefix;
    bj::object stats, fixed, names, dropped;
    for (size_t i = 0; i < kScrNum; ++i) {
        const std::string_view k = kKeys[i];
        stats[k] = bj::object{{"cnt", m.stats[i].cnt}, {"size", m.stats[i].size}};
        if (m.fixed[i] != 0) fixed[k] = m.fixed[i];
        if (m.dropped[i] != 0) dropped[k] = m.dropped[i];
        if (!m.names[i].empty()) {
            bj::array a;
            for (const auto& e : m.names[i]) to_jv(e, a.emplace_back(nullptr));
            names[k] = std::move(a);
        }
    }
    o["stats"] = std::move(stats);
    o["fixed"] = std::move(fixed);
    o["names"] = std::move(names);
    o["dropped"] = std::move(dropped);
    out = std::move(o);
}

void from_jv(const bj::value& v, ScrubResult& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "bck", out.bck);
    json::get(o, "prefix", out.prefix);
    const bj::value* stats = json::find(o, "stats");
    const bj::value* fixed = json::find(o, "fixed");
    const bj::value* names = json::find(o, "names");
    const bj::value* dropped = json::find(o, "dropped");
    for (size_t i = 0; i < kScrNum; ++i) {
        const std::string_view k = kKeys[i];
        if (stats) {
            if (const bj::value* s = json::find(json::as_object(*stats, "stats"), k)) {
                const auto& so = json::as_object(*s, k);
                json::get(so, "cnt", out.stats[i].cnt);
                json::get(so, "size", out.stats[i].size);
            }
        }
        if (fixed) json::get(json::as_object(*fixed, "fixed"), k, out.fixed[i]);
        if (dropped) json::get(json::as_object(*dropped, "dropped"), k, out.dropped[i]);
        if (names) json::get(json::as_object(*names, "names"), k, out.names[i]);
    }
}

void to_jv(const std::vector<ScrubResult>& v, bj::value& out) {
    bj::array a;
    for (const auto& r : v) to_jv(r, a.emplace_back(nullptr));
    out = std::move(a);
}

void from_jv(const bj::value& v, std::vector<ScrubResult>& out, std::string_view what) {
    out.clear();
    if (v.is_null()) return;
    for (const auto& item : json::as_array(v, what))
        if (!item.is_null()) from_jv(item, out.emplace_back(), what);
}

}  // namespace ais::api
