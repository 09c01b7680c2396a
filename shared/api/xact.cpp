#include "shared/api/xact.hpp"

#include "shared/api/json.hpp"
#include "shared/util/clock.hpp"

#include <set>

namespace ais::api {

// ---- time ----

namespace {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {  // H. Hinnant's algorithm
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

int64_t parse_rfc3339_ns(std::string_view s) {
    auto bad = [&]() -> int64_t { throw ErrBadRequest("invalid RFC3339 time \"" + std::string(s) + "\""); };
    auto num = [&](size_t pos, size_t n) {
        if (pos + n > s.size()) bad();
        int v = 0;
        for (size_t k = pos; k < pos + n; ++k) {
            if (s[k] < '0' || s[k] > '9') bad();
            v = v * 10 + (s[k] - '0');
        }
        return v;
    };
    auto expect = [&](size_t pos, char c) {
        if (pos >= s.size() || s[pos] != c) bad();
    };
    int y = num(0, 4);
    expect(4, '-');
    int mo = num(5, 2);
    expect(7, '-');
    int d = num(8, 2);
    if (s.size() <= 10 || (s[10] != 'T' && s[10] != 't')) bad();
    int h = num(11, 2);
    expect(13, ':');
    int mi = num(14, 2);
    expect(16, ':');
    int sec = num(17, 2);
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) bad();

    size_t pos = 19;
    int64_t frac = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (digits < 9) frac = frac * 10 + (s[pos] - '0'), ++digits;
            ++pos;
        }
        if (digits == 0) bad();
        while (digits++ < 9) frac *= 10;
    }
    int64_t offset = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int sign = s[pos] == '-' ? -1 : 1;
        int oh = num(pos + 1, 2);
        expect(pos + 3, ':');
        int om = num(pos + 4, 2);
        offset = sign * (oh * 3600 + om * 60);
        pos += 6;
    } else {
        bad();
    }
    if (pos != s.size()) bad();

    if (y == 1 && mo == 1 && d == 1 && h == 0 && mi == 0 && sec == 0 && frac == 0 && offset == 0) return 0;
    int64_t secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                   h * 3600 + mi * 60 + sec - offset;
    if (secs < -9'223'372'035 || secs > 9'223'372'035) bad();  // outside int64 nanoseconds
    return secs * 1'000'000'000 + frac;
}

// ---- ArgsMsg / QueryMsg ----

void to_jv(const ArgsMsg& m, bj::value& out) {
    bj::object o;
    o["ID"] = m.id;
    o["Kind"] = m.kind;
    o["DaemonID"] = m.daemon_id;
    to_jv(m.bck, o["Bck"]);
    if (m.buckets.empty())
        o["Buckets"] = nullptr;
    else
        to_jv(m.buckets, o["Buckets"]);
    o["Timeout"] = m.timeout_ns;
    if (m.flags != 0) o["flags"] = m.flags;
    o["Force"] = m.force;
    o["OnlyRunning"] = m.only_running;
    out = std::move(o);
}

void from_jv(const bj::value& v, ArgsMsg& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "ID", out.id);
    json::get(o, "Kind", out.kind);
    json::get(o, "DaemonID", out.daemon_id);
    json::get(o, "Bck", out.bck);
    json::get(o, "Buckets", out.buckets);
    json::get(o, "Timeout", out.timeout_ns);
    json::get(o, "flags", out.flags);
    json::get(o, "Force", out.force);
    json::get(o, "OnlyRunning", out.only_running);
}

void to_jv(const QueryMsg& m, bj::value& out) {
    bj::object o;
    if (m.show_active)
        o["show_active"] = *m.show_active;
    else
        o["show_active"] = nullptr;
    to_jv(m.bck, o["bck"]);
    o["id"] = m.id;
    o["kind"] = m.kind;
    if (!m.node.empty()) o["node"] = m.node;
    if (!m.buckets.empty()) to_jv(m.buckets, o["buckets"]);
    out = std::move(o);
}

void from_jv(const bj::value& v, QueryMsg& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "show_active", out.show_active);
    json::get(o, "bck", out.bck);
    json::get(o, "id", out.id);
    json::get(o, "kind", out.kind);
    json::get_any(o, {"node", "DaemonID"}, out.node);
    json::get(o, "buckets", out.buckets);
}

// ---- JobStatus ----

void to_jv(const JobStatus& s, bj::value& out) {
    bj::object o;
    o["uuid"] = s.uuid;
    o["err"] = s.err;
    o["kind"] = s.kind;
    o["end_time"] = s.end_time;
    o["aborted"] = s.aborted;
    if (s.is_idle) o["is_idle"] = true;
    out = std::move(o);
}

void from_jv(const bj::value& v, JobStatus& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "uuid", out.uuid);
    json::get(o, "err", out.err);
    json::get(o, "kind", out.kind);
    json::get(o, "end_time", out.end_time);
    json::get(o, "aborted", out.aborted);
    json::get(o, "is_idle", out.is_idle);
}

void to_jv(const std::vector<JobStatus>& v, bj::value& out) {
    bj::array a;
    for (const auto& s : v) to_jv(s, a.emplace_back(nullptr));
    out = std::move(a);
}

void from_jv(const bj::value& v, std::vector<JobStatus>& out, std::string_view what) {
    out.clear();
    if (v.is_null()) return;
    for (const auto& item : json::as_array(v, what))
        if (!item.is_null()) from_jv(item, out.emplace_back(), what);
}

// ---- JobSnap ----

int64_t JobSnap::pack_glob(int joggers, int workers, int64_t chan_full) {
    return (static_cast<int64_t>(joggers) & 0x3ff) | ((static_cast<int64_t>(workers) & 0x3ff) << 10) |
           (chan_full << 20);
}

void to_jv(const JobSnap& s, bj::value& out) {
    bj::object o;
    o["id"] = s.id;
    o["kind"] = s.kind;
    to_jv(s.bck, o["bck"]);
    to_jv(s.src_bck, o["src-bck"]);
    to_jv(s.dst_bck, o["dst-bck"]);
    o["start-time"] = rfc3339_ns(s.start_time);
    o["end-time"] = rfc3339_ns(s.end_time);
    if (!s.ctlmsg.empty()) o["ctlmsg"] = s.ctlmsg;
    o["abort-err"] = s.abort_err;
    o["err"] = s.err;
    o["glob.id"] = json::str_int(s.glob_id);
    o["stats"] = bj::object{
        {"loc-objs", json::str_int(s.stats.loc_objs)}, {"loc-bytes", json::str_int(s.stats.loc_bytes)},
        {"out-objs", json::str_int(s.stats.out_objs)}, {"out-bytes", json::str_int(s.stats.out_bytes)},
        {"in-objs", json::str_int(s.stats.in_objs)},   {"in-bytes", json::str_int(s.stats.in_bytes)},
    };
    o["aborted"] = s.aborted;
    o["is_idle"] = s.is_idle;
    o["ext"] = json::raw(s.ext);
    out = std::move(o);
}

void from_jv(const bj::value& v, JobSnap& out, std::string_view what) {
    const auto& o = json::as_object(v, what);
    json::get(o, "id", out.id);
    json::get(o, "kind", out.kind);
    json::get(o, "bck", out.bck);
    json::get(o, "src-bck", out.src_bck);
    json::get(o, "dst-bck", out.dst_bck);
    std::string t;
    if (json::get(o, "start-time", t)) out.start_time = parse_rfc3339_ns(t);
    if (json::get(o, "end-time", t)) out.end_time = parse_rfc3339_ns(t);
    json::get(o, "ctlmsg", out.ctlmsg);
    json::get(o, "abort-err", out.abort_err);
    json::get(o, "err", out.err);
    json::get(o, "glob.id", out.glob_id);
    if (const auto* st = json::find(o, "stats")) {
        const auto& so = json::as_object(*st, "stats");
        json::get(so, "loc-objs", out.stats.loc_objs);
        json::get(so, "loc-bytes", out.stats.loc_bytes);
        json::get(so, "out-objs", out.stats.out_objs);
        json::get(so, "out-bytes", out.stats.out_bytes);
        json::get(so, "in-objs", out.stats.in_objs);
        json::get(so, "in-bytes", out.stats.in_bytes);
    }
    json::get(o, "aborted", out.aborted);
    json::get(o, "is_idle", out.is_idle);
    out.ext = json::get_raw(o, "ext");
}

// ---- MultiSnap ----

bool MultiSnap::empty() const {
    for (const auto& [tid, snaps] : by_target)
        if (!snaps.empty()) return false;
    return true;
}

bool MultiSnap::any_running() const {
    for (const auto& [tid, snaps] : by_target)
        for (const auto& s : snaps)
            if (s.running()) return true;
    return false;
}

bool MultiSnap::any_aborted() const {
    for (const auto& [tid, snaps] : by_target)
        for (const auto& s : snaps)
            if (s.aborted) return true;
    return false;
}

bool MultiSnap::all_finished() const {
    return !empty() && !any_running();
}

bool MultiSnap::all_idle_or_done() const {
    for (const auto& [tid, snaps] : by_target)
        for (const auto& s : snaps)
            if (!(s.is_idle || s.aborted || s.finished())) return false;
    return true;
}

std::vector<std::string> MultiSnap::job_ids() const {
    std::set<std::string> ids;
    for (const auto& [tid, snaps] : by_target)
        for (const auto& s : snaps) ids.insert(s.id);
    return {ids.begin(), ids.end()};
}

JobSnap::Stats MultiSnap::totals(std::string_view job_id) const {
    JobSnap::Stats t;
    for (const auto& [tid, snaps] : by_target) {
        for (const auto& s : snaps) {
            if (!job_id.empty() && s.id != job_id) continue;
            t.loc_objs += s.stats.loc_objs, t.loc_bytes += s.stats.loc_bytes;
            t.out_objs += s.stats.out_objs, t.out_bytes += s.stats.out_bytes;
            t.in_objs += s.stats.in_objs, t.in_bytes += s.stats.in_bytes;
        }
    }
    return t;
}

void to_jv(const MultiSnap& m, bj::value& out) {
    bj::object o;
    for (const auto& [tid, snaps] : m.by_target) {
        bj::array a;
        for (const auto& s : snaps) to_jv(s, a.emplace_back(nullptr));
        o[tid] = std::move(a);
    }
    out = std::move(o);
}

void from_jv(const bj::value& v, MultiSnap& out, std::string_view what) {
    from_jv(v, out.by_target, what);
}

}  // namespace ais::api
