// Smap: the cluster map (spec §5.1): every proxy and target with its networks, the primary, a
// cluster UUID and a version. The primary proxy owns it and pushes new versions to every node;
// clients fetch it (`GET /v1/daemon?what=smap`) to find targets for direct reads, which is why
// id_digest and hrw_target() must agree bit for bit with the SDKs (spec §3.1).
//
// JSON: {"tmap":{id:Snode},"pmap":{id:Snode},"proxy_si":Snode,"uuid","creation_time",
// "version":"17"}; tmap/pmap are never null; version is a string; id_digest a full uint64 number.
#pragma once

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ais::api {

struct NetInfo {
    std::string node_ip_addr;
    std::string daemon_port;  // a string on the wire
    std::string direct_url;   // "http://10.0.0.1:51080": what clients and redirects use

    bool operator==(const NetInfo&) const = default;
};

struct Snode {
    // Snode.flags bits.
    static constexpr uint64_t kNonElectable = 1;
    static constexpr uint64_t kIC = 2;
    static constexpr uint64_t kMaintenance = 4;
    static constexpr uint64_t kDecommission = 8;
    static constexpr uint64_t kMaintPostReb = 16;

    static constexpr char kProxy[] = "proxy";
    static constexpr char kTarget[] = "target";

    std::string daemon_id;
    std::string daemon_type;  // kProxy or kTarget
    NetInfo public_net;
    NetInfo intra_control_net;
    NetInfo intra_data_net;
    uint64_t flags = 0;
    uint64_t id_digest = 0;  // hrw_digest(daemon_id): set_id() keeps them in step
    std::vector<NetInfo> pub_extra;
    std::string verifying_key;

    bool is_proxy() const { return daemon_type == kProxy; }
    bool is_target() const { return daemon_type == kTarget; }
    bool in_maint_or_decomm() const { return (flags & (kMaintenance | kDecommission)) != 0; }
    // Sets daemon_id and its HRW digest.
    void set_id(std::string id);
    // "p[id]" / "t[id]", as AIS logs and error messages name nodes.
    std::string name() const;

    bool operator==(const Snode&) const = default;
};

struct Smap {
    std::map<std::string, Snode> tmap;  // targets by id
    std::map<std::string, Snode> pmap;  // proxies by id
    Snode primary;                      // "proxy_si"
    std::string uuid;
    std::string creation_time;
    int64_t version = 0;

    const Snode* get_node(std::string_view id) const;  // proxy or target; nullptr if unknown
    const Snode* get_target(std::string_view id) const;
    const Snode* get_proxy(std::string_view id) const;
    bool is_primary(std::string_view id) const { return !id.empty() && primary.daemon_id == id; }
    // Targets not in maintenance or being decommissioned.
    size_t count_active_targets() const;
    // The HRW owner of `uname` (Bck::obj_uname) among active targets; nullptr if there is none.
    const Snode* hrw_target(std::string_view uname) const;
    // The next primary when `skip_id` (the current one) is gone, as AIS picks it: the electable
    // proxy (not in maintenance) with the largest id_digest; nullptr if none.
    const Snode* hrw_proxy(std::string_view skip_id) const;

    bool operator==(const Smap&) const = default;
};

void to_jv(const NetInfo& n, boost::json::value& out);
void from_jv(const boost::json::value& v, NetInfo& out, std::string_view what = {});
void to_jv(const Snode& n, boost::json::value& out);
void from_jv(const boost::json::value& v, Snode& out, std::string_view what = {});
void to_jv(const Smap& m, boost::json::value& out);
void from_jv(const boost::json::value& v, Smap& out, std::string_view what = {});

}  // namespace ais::api
