#include "shared/stats/node_metrics.hpp"

#include "shared/util/clock.hpp"

namespace ais::stats {

namespace {

// AIS's variable labels, with the values it sends unless detailed metrics are enabled.
const Labels kBck{{"bucket", ""}};
const Labels kBckX{{"bucket", ""}, {"xkind", ""}};

}  // namespace

NodeMetrics::NodeMetrics(bool is_target, int64_t start)
    : tracker(is_target ? "target" : "proxy"), target(is_target), start_ns(start) {
    Tracker& t = tracker;
    auto cnt = [&](const char* name, const char* what, const Labels& l = {}) {
        return &t.reg(name, Kind::counter, std::string("total number of executed ") + what + " requests", l);
    };
    auto err = [&](const char* name, const char* what, const Labels& l = {}) {
        return &t.reg(name, Kind::counter, std::string("total number of ") + what + " errors", l);
    };
    get_n = cnt("get.n", "GET(object)", kBck);
    put_n = cnt("put.n", "PUT(object)", kBckX);
    head_n = cnt("head.n", "HEAD(object)", kBck);
    append_n = cnt("append.n", "APPEND(object)", kBck);
    del_n = cnt("del.n", "DELETE(object)", kBck);
    ren_n = cnt("ren.n", "rename(object)", kBck);
    lst_n = cnt("lst.n", "list-objects", kBck);
    err_get_n = err("err.get.n", "GET(object)", kBck);
    err_put_n = err("err.put.n", "PUT(object)", kBckX);
    err_head_n = err("err.head.n", "HEAD(object)", kBck);
    err_append_n = err("err.append.n", "APPEND(object)", kBck);
    err_del_n = err("err.del.n", "DELETE(object)", kBck);
    err_ren_n = err("err.ren.n", "rename(object)", kBck);
    err_lst_n = err("err.lst.n", "list-objects", kBck);
    err_kalive_n = &t.reg("err.kalive.n", Kind::counter, "total number of keep-alive failures");
    err_http_write_n = &t.reg("err.http.write.n", Kind::counter, "total number of HTTP write-response errors");
    get_ns = &t.reg("get.ns", Kind::latency, "GET: average time (milliseconds) over the last periodic.stats_time interval");
    get_ns_total = &t.reg("get.ns.total", Kind::total, "GET: total cumulative time (nanoseconds)", kBck);
    lst_ns = &t.reg("lst.ns", Kind::latency, "list-objects: average time (milliseconds) over the last periodic.stats_time interval");
    kalive_ns = &t.reg("kalive.ns", Kind::latency, "in-cluster keep-alive (heartbeat): average time (milliseconds) over the last periodic.stats_time interval");
    uptime = &t.reg("up.ns.time", Kind::special, "this node's uptime since its startup (seconds)", {}, "uptime");
    state_flags = &t.reg("state.flags", Kind::gauge,
                         "bitwise 64-bit value that carries enumerated node-state flags, including warnings and alerts; "
                         "see https://github.com/NVIDIA/aistore/blob/main/cmn/cos/node_state.go for details");
    if (target) {
        get_size = &t.reg("get.size", Kind::size, "GET: total cumulative size (bytes)", kBck);
        get_bps = &t.reg("get.bps", Kind::bw, "GET: average throughput (MB/s) over the last periodic.stats_time interval");
        put_size = &t.reg("put.size", Kind::size, "PUT: total cumulative size (bytes)", kBckX);
        put_bps = &t.reg("put.bps", Kind::bw, "PUT: average throughput (MB/s) over the last periodic.stats_time interval");
        put_ns = &t.reg("put.ns", Kind::latency, "PUT: average time (milliseconds) over the last periodic.stats_time interval");
        put_ns_total = &t.reg("put.ns.total", Kind::total, "PUT: total cumulative time (nanoseconds)", kBckX);
        head_ns_total = &t.reg("head.ns.total", Kind::total, "HEAD: total cumulative time (nanoseconds)", kBck);
        append_ns = &t.reg("append.ns", Kind::latency, "APPEND(object): average time (milliseconds) over the last periodic.stats_time interval");
        get_redir_ns = &t.reg("get.redir.ns", Kind::latency, "GET: average gateway-to-target HTTP redirect latency (milliseconds) over the last periodic.stats_time interval");
        put_redir_ns = &t.reg("put.redir.ns", Kind::latency, "PUT: average gateway-to-target HTTP redirect latency (milliseconds) over the last periodic.stats_time interval");
        err_put_cksum_n = &t.reg("err.put.cksum.n", Kind::counter, "PUT: number of checksum errors", kBckX);
        err_cksum_n = &t.reg("err.cksum.n", Kind::counter, "number of checksum errors (bad data found on disk)");
        stream_out_n = &t.reg("stream.out.n", Kind::counter, "intra-cluster streaming communications: number of sent objects");
        stream_out_size = &t.reg("stream.out.size", Kind::size, "intra-cluster streaming communications: sent bytes");
        stream_in_n = &t.reg("stream.in.n", Kind::counter, "intra-cluster streaming communications: number of received objects");
        stream_in_size = &t.reg("stream.in.size", Kind::size, "intra-cluster streaming communications: received bytes");
    }
    if (target) {
        get_hist = &t.reg_hist("get_latency_seconds", "GET(object): latency distribution (seconds; this implementation)");
        put_hist = &t.reg_hist("put_latency_seconds", "PUT(object): latency distribution (seconds; this implementation)");
    }
    conn_n = &t.reg("http.conn.n", Kind::counter, "HTTP: total number of accepted connections (this implementation)");
    conn_active = &t.reg("http.conn.active", Kind::gauge, "HTTP: open connections (this implementation)");
    req_n = &t.reg("http.req.n", Kind::counter, "HTTP: total number of requests of every kind (this implementation)");
    keepalive_n = &t.reg("http.keepalive.n", Kind::counter,
                         "HTTP: total number of requests that reused a kept-alive connection (this implementation)");
    t.on_read([this](Tracker&) { uptime->c.set(now_ns() - start_ns); });
}

void NodeMetrics::get(int64_t ns, int64_t bytes) noexcept {
    get_n->add();
    get_ns->add(ns);
    get_ns_total->add(ns);
    if (get_size) {
        get_size->add(bytes);
        get_bps->add(bytes);
        get_hist->observe(ns);
    }
}

void NodeMetrics::put(int64_t ns, int64_t bytes) noexcept {
    put_n->add();
    if (put_ns) {
        put_ns->add(ns);
        put_ns_total->add(ns);
        put_size->add(bytes);
        put_bps->add(bytes);
        put_hist->observe(ns);
    }
}

}  // namespace ais::stats
