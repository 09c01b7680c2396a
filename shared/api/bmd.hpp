// BMD: bucket metadata, the versioned map of every bucket the cluster knows and its properties
// (spec §5.2). The primary proxy owns it; nodes hold immutable copies; clients read it with
// `GET /v1/daemon?what=bmd`.
// JSON: {"providers":{"ais":{"@#":{"<bucket>":Bprops}}},"uuid":"..","version":"N"}; the
// Bprops JSON is the config module's (shared/config/bprops.hpp), not redefined here.
#pragma once

#include "shared/api/bck.hpp"
#include "shared/config/bprops.hpp"

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ais::api {

struct BMD {
    using Buckets = std::map<std::string, Bprops>;      // bucket name -> props
    using Namespaces = std::map<std::string, Buckets>;  // ns uname ("@#") -> buckets
    std::map<std::string, Namespaces> providers;        // canonical provider -> namespaces
    std::string uuid;
    int64_t version = 0;

    const Bprops* find(const Bck& b) const;
    Bprops* find(const Bck& b);
    // Adds a bucket; false (and no change) if it already exists.
    bool add(const Bck& b, Bprops props);
    // Removes a bucket (and empty parent maps); false if it was not there.
    bool del(const Bck& b);
    // Every bucket, ordered by provider, namespace, name; `provider` ("" = all) filters.
    std::vector<Bck> buckets(std::string_view provider = {}) const;
    size_t num_buckets() const;

    bool operator==(const BMD&) const = default;
};

// Bprops through the config module's schema: decoding fills defaults for absent keys and
// validates (ErrBadRequest on bad values). Bprops lives in namespace ais, so api::to_json/from_json
// cannot find these by ADL: for Bprops text use config::to_json / config::from_json<Bprops>.
void to_jv(const Bprops& p, boost::json::value& out);
void from_jv(const boost::json::value& v, Bprops& out, std::string_view what = {});
void to_jv(const BMD& m, boost::json::value& out);
void from_jv(const boost::json::value& v, BMD& out, std::string_view what = {});

}  // namespace ais::api
