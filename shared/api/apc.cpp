#include "shared/api/apc.hpp"

#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

#include <array>
#include <utility>

namespace ais::api {

namespace {

struct Alias {
    std::string_view name, canonical;
};
constexpr std::array kProviders{
    Alias{"ais", prov::kAIS},  Alias{"aws", prov::kAWS}, Alias{"s3", prov::kAWS},
    Alias{"gcp", prov::kGCP},  Alias{"gs", prov::kGCP},  Alias{"azure", prov::kAzure},
    Alias{"az", prov::kAzure}, Alias{"oci", prov::kOCI}, Alias{"oc", prov::kOCI},
};

const std::string_view* find_provider(std::string_view p) {
    for (const auto& a : kProviders)
        if (iequals(a.name, p)) return &a.canonical;
    return nullptr;
}

}  // namespace

std::string normalize_provider(std::string_view p) {
    if (p.empty()) return prov::kAIS;
    if (const auto* c = find_provider(p)) return std::string(*c);
    throw ErrBadRequest("invalid bucket provider \"" + std::string(p) +
                        "\" (expecting one of: ais, aws (s3), gcp (gs), azure (az), oci (oc))");
}

bool is_known_provider(std::string_view p) {
    return p.empty() || find_provider(p) != nullptr;
}

bool is_remote_provider(std::string_view p) {
    return p == prov::kAWS || p == prov::kGCP || p == prov::kAzure || p == prov::kOCI;
}

std::string_view provider_scheme(std::string_view p) {
    if (p == prov::kAWS) return prov::kS3Scheme;
    if (p == prov::kGCP) return prov::kGSScheme;
    if (p == prov::kAzure) return prov::kAZScheme;
    if (p == prov::kOCI) return prov::kOCScheme;
    if (p.empty()) return prov::kAIS;
    return p;
}

std::string_view normalize_job_kind(std::string_view k) {
    // Go xact.Table display names -> kinds (spec §1.2 "Job kinds are also accepted as display names").
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kDisplay{{
        {"cleanup", kind::kCleanupStore},
        {"lru-eviction", kind::kLRU},
        {"mirror", act::kMakeNCopies},
        {"ec-bucket", act::kECEncode},
        {"copy-bucket", act::kCopyBck},
        {"rename-bucket", act::kMoveBck},
        {"etl-bucket", act::kETLBck},
        {"copy-objects", act::kCopyObjects},
        {"etl-objects", act::kETLObjects},
        {"delete-objects", act::kDeleteObjects},
        {"evict-objects", act::kEvictObjects},
        {"prefetch-objects", act::kPrefetchObjects},
        {"summary", act::kSummaryBck},
        {"promote-files", act::kPromote},
    }};
    for (const auto& [display, kind] : kDisplay)
        if (display == k) return kind;
    return k;
}

bool is_idle_job_kind(std::string_view k) {
    static constexpr std::array<std::string_view, 8> kIdle{
        kind::kECGet,  kind::kECPut,      kind::kECResp,    kind::kPutCopies,
        act::kArchive, act::kCopyObjects, act::kETLObjects, kind::kDownload,
    };
    for (auto x : kIdle)
        if (x == k) return true;
    return false;
}

}  // namespace ais::api
