// Bck: a bucket as the wire names it (provider + namespace + name), and the three ways AIS spells
// it (spec §2.1-2.3):
//   JSON   {"name":"b","provider":"ais","namespace":{"uuid":"","name":""}}
//   uname  "ais/@#/b/" (+ object name): unique key, HRW input, bck_to/object_to parameters
//   cname  "ais://b", "s3://b/obj", "ais://@uuid#ns/b": what users type and what error messages
//          must contain (the Python SDK parses errors for it)
// A Bck is a plain value; `provider` holds the canonical name ("" is treated as "ais").
#pragma once

#include <boost/json/fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ais::net {
class Query;
}

namespace ais::api {

// A bucket namespace: `uuid` names a remote AIS cluster (uuid or alias), `name` a namespace
// inside a cluster. Both empty = the global namespace of this cluster.
struct Namespace {
    std::string uuid;
    std::string name;

    bool is_global() const { return uuid.empty() && name.empty(); }
    bool is_remote() const { return !uuid.empty(); }
    std::string uname() const;  // "@uuid#name"; "@#" for global
    std::string str() const;    // as in cnames: "" for global, "@uuid", "#name", "@uuid#name"
    // From either form above ("@uuid#name", "#name", "@uuid", "" or "@#" = global).
    // Invalid characters throw ErrBadRequest.
    static Namespace parse(std::string_view s);

    bool operator==(const Namespace&) const = default;
};

struct Bck {
    std::string name;
    std::string provider;  // canonical: ais, aws, gcp, azure, oci ("" = ais)
    Namespace ns;

    std::string_view prov() const { return provider.empty() ? std::string_view("ais") : provider; }
    bool is_ais() const { return prov() == "ais" && !ns.is_remote(); }
    bool is_remote_ais() const { return prov() == "ais" && ns.is_remote(); }
    bool is_cloud() const;  // aws, gcp, azure, oci
    bool is_remote() const { return is_cloud() || is_remote_ais(); }

    std::string uname() const;                          // "ais/@#/b/"
    std::string obj_uname(std::string_view obj) const;  // "ais/@#/b/o"
    std::string cname() const;                          // "ais://b"
    std::string obj_cname(std::string_view obj) const;  // "ais://b/o"

    // Throws ErrBadRequest on an invalid name (spec §0) or unknown provider.
    // `allow_system` admits names starting with '.' (reserved for system buckets).
    void validate(bool allow_system = false) const;

    // Bucket query parameters: `provider` always (as the Python SDK sends it), `namespace`
    // (uname) unless global. add_query appends to an existing query.
    net::Query query() const;
    void add_query(net::Query& q) const;

    bool operator==(const Bck&) const = default;
};

// Name rules (spec §0); violations throw ErrBadRequest.
void validate_bck_name(std::string_view name, bool allow_system = false);
void validate_obj_name(std::string_view name);
// Prefixes, archive paths and other names that become paths or C strings: a NUL byte would cut
// them short and address something else. ErrBadRequest naming `what` ("prefix", "archpath").
void validate_no_nul(std::string_view what, std::string_view value);

// A parsed user form: bucket plus whatever followed it (object name or prefix).
struct BckUri {
    Bck bck;
    std::string obj;       // "" if none
    bool has_obj = false;  // "ais://b/" has an (empty) object part; "ais://b" has none
};

struct ParseUriOpts {
    std::string default_provider = "ais";  // for "b" without a scheme; "" leaves it empty
    bool allow_empty_bucket = false;       // "ais://" (list buckets of a provider)
};

// "ais://b", "s3://b", "b", "ais://b/prefix/x", "ais://@uuid#ns/b", "gs://b/o". Providers and
// scheme aliases are normalised (s3 -> aws, gs -> gcp, az -> azure, oc -> oci). A bad provider,
// bucket name or namespace throws ErrBadRequest.
BckUri parse_bck_uri(std::string_view uri, const ParseUriOpts& opts = {});

// Inverse of Bck::obj_uname: "ais/@#/b/o" -> bucket and (into *obj, if given) object name.
// A string without the three separators throws ErrBadRequest.
Bck parse_uname(std::string_view uname, std::string* obj = nullptr);

// Server side: the bucket named in a URL path, with ?provider= (alias-normalised) and
// ?namespace= (uname) from the query. Validates name and provider.
Bck bck_from_query(std::string_view name, const net::Query& q);

// JSON (codec.hpp gives to_json/from_json on top of these).
void to_jv(const Namespace& ns, boost::json::value& out);
void from_jv(const boost::json::value& v, Namespace& out, std::string_view what = {});
void to_jv(const Bck& b, boost::json::value& out);
void from_jv(const boost::json::value& v, Bck& out, std::string_view what = {});
void to_jv(const std::vector<Bck>& v, boost::json::value& out);  // list-buckets reply: [] not null
void from_jv(const boost::json::value& v, std::vector<Bck>& out, std::string_view what = {});

}  // namespace ais::api
