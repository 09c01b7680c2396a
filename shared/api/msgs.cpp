#include "shared/api/msgs.hpp"

#include "shared/api/json.hpp"
#include "shared/util/strings.hpp"
#include "shared/util/units.hpp"

namespace ais::api {

// ---- ActMsg ----

void to_jv(const ActMsg& m, bj::value& out) {
    bj::object o;
    o["action"] = m.action;
    o["name"] = m.name;
    o["value"] = json::raw(m.value);
    out = std::move(o);
}

void from_jv(const bj::value& v, ActMsg& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "action", out.action);
    json::get(o, "name", out.name);
    out.value = json::get_raw(o, "value");
}

// ---- ListRange and friends ----
// Embedded Go structs flatten their keys into the outer object, hence the put_*/get_* helpers.

namespace {

void put_lr(const ListRange& m, bj::object& o) {
    // One or the other, as the SDKs send it; an empty template selects everything.
    if (m.is_list())
        o["objnames"] = json::str_array(m.objnames);
    else
        o["template"] = m.template_;
}

void get_lr(const bj::object& o, ListRange& m) {
    json::get(o, "objnames", m.objnames);
    json::get(o, "template", m.template_);
}

void put_tcb(const TCBMsg& m, bj::object& o) {
    o["ext"] = json::raw(m.ext);
    if (!m.etl_name.empty()) o["id"] = m.etl_name;
    if (!m.pipeline.empty()) o["pipeline"] = json::str_array(m.pipeline);
    if (m.request_timeout_ns != 0) o["request_timeout"] = duration_str(m.request_timeout_ns);
    o["prepend"] = m.prepend;
    o["prefix"] = m.prefix;
    o["num-workers"] = m.num_workers;
    o["dry_run"] = m.dry_run;
    o["force"] = m.force;
    o["latest-ver"] = m.latest_ver;
    o["synchronize"] = m.sync;
    o["non-recurs"] = m.non_recurs;
    o["coer"] = m.coer;
}

void get_tcb(const bj::object& o, TCBMsg& m) {
    m.ext = json::get_raw(o, "ext");
    json::get(o, "id", m.etl_name);
    json::get(o, "pipeline", m.pipeline);
    if (const auto* t = json::find(o, "request_timeout")) {
        // cos.Duration: a Go duration string; plain nanoseconds accepted too.
        if (t->is_string() && !parse_int(t->get_string()))
            m.request_timeout_ns = parse_duration_ns(t->get_string());
        else
            from_jv(*t, m.request_timeout_ns, "request_timeout");
    }
    json::get(o, "prepend", m.prepend);
    json::get(o, "prefix", m.prefix);
    json::get(o, "num-workers", m.num_workers);
    json::get(o, "dry_run", m.dry_run);
    json::get(o, "force", m.force);
    json::get(o, "latest-ver", m.latest_ver);
    json::get(o, "synchronize", m.sync);
    json::get(o, "non-recurs", m.non_recurs);
    json::get(o, "coer", m.coer);
}

}  // namespace

void to_jv(const ListRange& m, bj::value& out) {
    bj::object o;
    put_lr(m, o);
    out = std::move(o);
}

void from_jv(const bj::value& v, ListRange& out, std::string_view what) {
    get_lr(json::as_object(v, what), out);
}

void to_jv(const EvdMsg& m, bj::value& out) {
    bj::object o;
    put_lr(m, o);
    o["num-workers"] = m.num_workers;
    o["coer"] = m.coer;
    o["non-recurs"] = m.non_recurs;
    out = std::move(o);
}

void from_jv(const bj::value& v, EvdMsg& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    get_lr(o, out);
    json::get(o, "num-workers", out.num_workers);
    json::get(o, "coer", out.coer);
    json::get(o, "non-recurs", out.non_recurs);
}

void to_jv(const TCBMsg& m, bj::value& out) {
    bj::object o;
    put_tcb(m, o);
    out = std::move(o);
}

void from_jv(const bj::value& v, TCBMsg& out, std::string_view what) {
    get_tcb(json::as_object(v, what), out);
}

void to_jv(const TCOMsg& m, bj::value& out) {
    bj::object o;
    to_jv(m.tobck, o["tobck"]);
    put_tcb(m, o);
    put_lr(m, o);
    out = std::move(o);
}

void from_jv(const bj::value& v, TCOMsg& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "tobck", out.tobck);
    get_tcb(o, out);
    get_lr(o, out);
}

// ---- bucket summary ----

void to_jv(const BsummCtrlMsg& m, bj::value& out) {
    bj::object o;
    o["uuid"] = m.uuid;
    o["prefix"] = m.prefix;
    o["cached"] = m.cached;
    o["present"] = m.present;
    o["dont_add_remote"] = m.dont_add_remote;
    out = std::move(o);
}

void from_jv(const bj::value& v, BsummCtrlMsg& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "uuid", out.uuid);
    json::get(o, "prefix", out.prefix);
    json::get(o, "cached", out.cached);
    json::get(o, "present", out.present);
    json::get(o, "dont_add_remote", out.dont_add_remote);
}

void to_jv(const BsummResult& m, bj::value& out) {
    bj::object o;
    o["name"] = m.bck.name;
    o["provider"] = m.bck.provider;
    to_jv(m.bck.ns, o["namespace"]);
    o["ObjCount"] = bj::object{{"obj_count_present", json::str_uint(m.obj_count_present)},
                               {"obj_count_remote", json::str_uint(m.obj_count_remote)}};
    o["ObjSize"] = bj::object{
        {"obj_min_size", m.obj_min_size}, {"obj_avg_size", m.obj_avg_size}, {"obj_max_size", m.obj_max_size}};
    o["TotalSize"] = bj::object{{"size_on_disk", json::str_uint(m.size_on_disk)},
                                {"size_all_present_objs", json::str_uint(m.size_all_present_objs)},
                                {"size_all_remote_objs", json::str_uint(m.size_all_remote_objs)},
                                {"total_disks_size", json::str_uint(m.total_disks_size)}};
    o["used_pct"] = m.used_pct;
    o["is_present"] = m.is_present;
    out = std::move(o);
}

void from_jv(const bj::value& v, BsummResult& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    from_jv(v, out.bck, what);
    if (const auto* c = json::find(o, "ObjCount")) {
        const auto& co = json::as_object(*c, "ObjCount");
        json::get(co, "obj_count_present", out.obj_count_present);
        json::get(co, "obj_count_remote", out.obj_count_remote);
    }
    if (const auto* s = json::find(o, "ObjSize")) {
        const auto& so = json::as_object(*s, "ObjSize");
        json::get(so, "obj_min_size", out.obj_min_size);
        json::get(so, "obj_avg_size", out.obj_avg_size);
        json::get(so, "obj_max_size", out.obj_max_size);
    }
    if (const auto* t = json::find(o, "TotalSize")) {
        const auto& to = json::as_object(*t, "TotalSize");
        json::get(to, "size_on_disk", out.size_on_disk);
        json::get(to, "size_all_present_objs", out.size_all_present_objs);
        json::get(to, "size_all_remote_objs", out.size_all_remote_objs);
        json::get(to, "total_disks_size", out.total_disks_size);
    }
    json::get(o, "used_pct", out.used_pct);
    json::get(o, "is_present", out.is_present);
}

void to_jv(const std::vector<BsummResult>& v, bj::value& out) {
    bj::array a;
    for (const auto& r : v) to_jv(r, a.emplace_back(nullptr));
    out = std::move(a);
}

void from_jv(const bj::value& v, std::vector<BsummResult>& out, std::string_view what) {
    out.clear();
    if (v.is_null()) return;
    for (const auto& item : json::as_array(v, what))
        if (!item.is_null()) from_jv(item, out.emplace_back(), what);
}

// ---- ActValRmNode ----

void to_jv(const ActValRmNode& m, bj::value& out) {
    bj::object o;
    o["sid"] = m.sid;
    if (!m.sids.empty()) o["sids"] = json::str_array(m.sids);
    o["skip_rebalance"] = m.skip_rebalance;
    o["rm_user_data"] = m.rm_user_data;
    o["keep_initial_config"] = m.keep_initial_config;
    o["no_shutdown"] = m.no_shutdown;
    out = std::move(o);
}

void from_jv(const bj::value& v, ActValRmNode& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "sid", out.sid);
    json::get(o, "sids", out.sids);
    json::get(o, "skip_rebalance", out.skip_rebalance);
    json::get(o, "rm_user_data", out.rm_user_data);
    json::get(o, "keep_initial_config", out.keep_initial_config);
    json::get(o, "no_shutdown", out.no_shutdown);
}

}  // namespace ais::api
