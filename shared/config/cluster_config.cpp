// Cross-field checks of the cluster config sections, and the instantiated schemas.
#include "shared/config/cluster_config.hpp"

#include <fmt/format.h>

#include "shared/config/schema_impl.hpp"
#include "shared/util/errors.hpp"

namespace ais::config {

void LogConf::validate(const KeyPath& k) const {
    detail::check_log_level(k("level"), level);
}

void SpaceConf::validate(const KeyPath& k) const {
    if (cleanupwm <= lowwm && lowwm < highwm && highwm <= out_of_space) return;
    throw ErrBadRequest(fmt::format(
        "invalid space watermarks: expected {} ({}) <= {} ({}) < {} ({}) <= {} ({})", k("cleanupwm"),
        cleanupwm, k("lowwm"), lowwm, k("highwm"), highwm, k("out_of_space"), out_of_space));
}

void DiskConf::validate(const KeyPath& k) const {
    if (!(disk_util_low_wm < disk_util_high_wm && disk_util_high_wm < disk_util_max_wm))
        throw ErrBadRequest(fmt::format("invalid disk watermarks: expected {} ({}) < {} ({}) < {} ({})",
                                        k("disk_util_low_wm"), disk_util_low_wm, k("disk_util_high_wm"),
                                        disk_util_high_wm, k("disk_util_max_wm"), disk_util_max_wm));
    if (iostat_time_short > iostat_time_long)
        throw ErrBadRequest(fmt::format("invalid disk sampling: expected {} <= {}", k("iostat_time_short"),
                                        k("iostat_time_long")));
}

}  // namespace ais::config

using namespace ais::config;
AIS_CONFIG_SCHEMA(ClusterConfig)
AIS_CONFIG_SCHEMA(BackendConf)
AIS_CONFIG_SCHEMA(MirrorConf)
AIS_CONFIG_SCHEMA(EcConf)
AIS_CONFIG_SCHEMA(LogConf)
AIS_CONFIG_SCHEMA(PeriodicConf)
AIS_CONFIG_SCHEMA(TimeoutConf)
AIS_CONFIG_SCHEMA(ClientConf)
AIS_CONFIG_SCHEMA(SpaceConf)
AIS_CONFIG_SCHEMA(LruConf)
AIS_CONFIG_SCHEMA(DiskConf)
AIS_CONFIG_SCHEMA(RebalanceConf)
AIS_CONFIG_SCHEMA(ResilverConf)
AIS_CONFIG_SCHEMA(ChecksumConf)
AIS_CONFIG_SCHEMA(VersioningConf)
AIS_CONFIG_SCHEMA(NetConf)
AIS_CONFIG_SCHEMA(HttpConf)
AIS_CONFIG_SCHEMA(FshcConf)
AIS_CONFIG_SCHEMA(AuthConf)
AIS_CONFIG_SCHEMA(KeepaliveTrackerConf)
AIS_CONFIG_SCHEMA(DownloaderConf)
AIS_CONFIG_SCHEMA(DsortConf)
AIS_CONFIG_SCHEMA(TcbConf)
AIS_CONFIG_SCHEMA(WritePolicyConf)
AIS_CONFIG_SCHEMA(RateLimitConf)
AIS_CONFIG_SCHEMA(ChunksConf)
AIS_CONFIG_SCHEMA(DurabilityConf)
