// AIS's metrics of a node (stats/common.go: every node; stats/target_stats.go: targets), registered
// with AIS's names, kinds, help texts and bucket labels, plus the HTTP core's connection counters
// of this implementation. The members are handles for the code that counts: a relaxed add each.
#pragma once

#include "shared/stats/stats.hpp"

namespace ais::stats {

struct NodeMetrics {
    NodeMetrics(bool target, int64_t start_ns);

    Tracker tracker;
    const bool target;
    const int64_t start_ns;

    // ---- every node ----
    Metric *get_n, *put_n, *head_n, *append_n, *del_n, *ren_n, *lst_n;
    Metric *err_get_n, *err_put_n, *err_head_n, *err_append_n, *err_del_n, *err_ren_n, *err_lst_n;
    Metric *err_kalive_n, *err_http_write_n;
    Metric *get_ns, *get_ns_total, *lst_ns, *kalive_ns;
    Metric *uptime, *state_flags;
    // ---- targets only (nullptr on proxies) ----
    Metric *get_size = nullptr, *get_bps = nullptr, *put_size = nullptr, *put_bps = nullptr;
    Metric *put_ns = nullptr, *put_ns_total = nullptr, *head_ns_total = nullptr, *append_ns = nullptr;
    Metric *get_redir_ns = nullptr, *put_redir_ns = nullptr;
    Metric *err_put_cksum_n = nullptr, *err_cksum_n = nullptr;
    Metric *stream_in_n = nullptr, *stream_in_size = nullptr, *stream_out_n = nullptr, *stream_out_size = nullptr;
    // ---- the HTTP core (not in AIS) ----
    Metric *conn_n, *conn_active, *req_n, *keepalive_n;
    // Latency histograms of object GET and PUT (targets; not in AIS): ais_target_{get,put}_latency_seconds.
    Histogram *get_hist = nullptr, *put_hist = nullptr;

    // A GET/PUT/... of an object that took `ns` (and moved `bytes`); errors counted separately.
    void get(int64_t ns, int64_t bytes) noexcept;
    void put(int64_t ns, int64_t bytes) noexcept;
};

}  // namespace ais::stats
