// GET /v1/cluster?what=sysinfo|backends|remote on a proxy, as AIS answers them:
//   sysinfo   every node's own sysinfo, asked at once: {"proxy":{id:MemCPUInfo},"target":{id:TSysInfo}}
//             (AIS ClusterSysInfoRaw); a node that does not answer is left out
//   backends  the configured remote backends: [] (ais:// only)
//   remote    attached remote AIS clusters: {"a":[],"ver":0}
#include "aisnode/meta/fanout.hpp"
#include "aisnode/proxy/proxy.hpp"
#include "shared/api/apc.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <fmt/core.h>
#include <boost/json.hpp>

namespace ais::node {

namespace bj = boost::json;

net::Task<void> Proxy::cluster_info(net::Request& req, net::Response& resp, std::string what) {
    (void)req;
    if (what == api::what::kBackends) {
        resp.set_json("[]");
        co_return;
    }
    if (what == api::what::kRemote) {
        resp.set_json(R"({"a":[],"ver":0})");
        co_return;
    }
    auto smap = env_.meta.smap();
    const std::vector<std::string> skip;
    const std::string path = std::string("/v1/daemon?") + api::qp::kWhat + "=" + api::what::kSysInfo;
    auto calls = calls_to_nodes(env_, *smap, true, true, skip, "GET", path, "", 0);
    auto replies = co_await fanout(env_, std::move(calls));
    bj::object proxies, targets;
    for (const auto& r : replies) {
        if (!r.ok()) {
            log::warn("sysinfo: {}", r.what());
            continue;
        }
        try {
            (r.node.is_proxy() ? proxies : targets)[r.node.daemon_id] = bj::parse(r.resp.body);
        } catch (const std::exception& e) {
            log::warn("sysinfo: {}: {}", r.node.name(), e.what());
        }
    }
    bj::object out;
    out["proxy"] = std::move(proxies);
    out["target"] = std::move(targets);
    resp.set_json(bj::serialize(out));
}

std::string Proxy::unknown_cluster_what(std::string_view what) {
    return fmt::format(
        "invalid GET /v1/cluster request: unrecognized what={} (known: smap, bmd, snode, cluster_config, "
        "sysinfo, "
        "backends, remote, target_ips, status, status_all, running_all, qryxstats)",
        json_quote(what));
}

}  // namespace ais::node
