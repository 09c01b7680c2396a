// Bucket props: access permission names, cluster-derived defaults, and the instantiated schema.
#include "shared/config/bprops.hpp"

#include <fmt/format.h>

#include "shared/config/schema_impl.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

namespace ais {

const AccessName kAccessPerms[18] = {
    {"GET", Access::GET},
    {"HEAD-OBJECT", Access::HEAD_OBJECT},
    {"PUT", Access::PUT},
    {"APPEND", Access::APPEND},
    {"DELETE-OBJECT", Access::DELETE_OBJECT},
    {"MOVE-OBJECT", Access::MOVE_OBJECT},
    {"PROMOTE", Access::PROMOTE},
    {"UPDATE-OBJECT", Access::UPDATE_OBJECT},
    {"HEAD-BUCKET", Access::HEAD_BUCKET},
    {"LIST-OBJECTS", Access::LIST_OBJECTS},
    {"PATCH", Access::PATCH},
    {"SET-BUCKET-ACL", Access::SET_BUCKET_ACL},
    {"LIST-BUCKETS", Access::LIST_BUCKETS},
    {"SHOW-CLUSTER", Access::SHOW_CLUSTER},
    {"CREATE-BUCKET", Access::CREATE_BUCKET},
    {"DESTROY-BUCKET", Access::DESTROY_BUCKET},
    {"MOVE-BUCKET", Access::MOVE_BUCKET},
    {"ADMIN", Access::ADMIN},
};

const AccessName kAccessGroups[6] = {
    {"ro", Access::RO},
    {"rw", Access::RW},
    {"su", Access::SU},
    {"bucket-admin", Access::BUCKET_ADMIN},
    {"cluster-ro", Access::CLUSTER_RO},
    {"cluster-rw", Access::CLUSTER_RW},
};

uint64_t parse_access(std::string_view s) {
    if (auto n = parse_uint(s)) return *n;
    uint64_t bits = 0;
    size_t i = 0;
    while (i < s.size()) {
        size_t j = s.find_first_of(", \t", i);
        if (j == std::string_view::npos) j = s.size();
        std::string_view word = s.substr(i, j - i);
        i = j + 1;
        if (word.empty() || iequals(word, "none")) continue;
        bool found = false;
        for (const auto& a : kAccessPerms) found = found || (iequals(word, a.name) && (bits |= a.bits, true));
        for (const auto& a : kAccessGroups)
            found = found || (iequals(word, a.name) && (bits |= a.bits, true));
        if (!found)
            throw ErrBadRequest(
                fmt::format("unknown access permission {}: expected names such as GET, PUT, "
                            "HEAD-OBJECT, LIST-OBJECTS, ADMIN, groups ro, rw, su, or a number",
                            json_quote(word)));
    }
    return bits;
}

std::string access_names(uint64_t bits) {
    if (bits == 0) return "none";
    for (const auto& g : kAccessGroups)
        if (g.bits == bits && (g.name == "ro" || g.name == "rw" || g.name == "su"))
            return std::string(g.name);
    std::string out;
    for (const auto& a : kAccessPerms) {
        if ((bits & a.bits) == 0) continue;
        if (!out.empty()) out += ',';
        out += a.name;
    }
    return out;
}

Bprops Bprops::from_cluster_defaults(const config::ClusterConfig& c) {
    Bprops p;
    p.write_policy = c.write_policy;
    p.checksum = c.checksum;
    p.rate_limit = c.rate_limit;
    p.ec = c.ec;
    p.chunks = c.chunks;
    p.mirror = c.mirror;
    p.lru = c.lru;
    p.versioning = c.versioning;
    return p;
}

}  // namespace ais

AIS_CONFIG_SCHEMA(ais::Bprops)
AIS_CONFIG_SCHEMA(ais::BackendBck)
