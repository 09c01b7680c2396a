// Mountpaths at runtime (AIS's /v1/daemon/mountpaths; the CLI reaches it through a proxy at
// /v1/reverse/daemon/mountpaths with the Ais-Node-Id header):
//   PUT    /v1/daemon/mountpaths  {"action":"attach-mp","value":"/path"}
//   POST   /v1/daemon/mountpaths  {"action":"enable-mp"|"disable-mp","value":"/path"}  [?dntres=true]
//   DELETE /v1/daemon/mountpaths  {"action":"detach-mp","value":"/path"}              [?dntres=true]
// and the resilver the primary starts by hand (PUT /v1/cluster {"action":"start", kind resilver}):
//   POST   /v1/xactions/resilver?id=X
// Each change that alters the set starts a resilver (reb/resilver.hpp) unless dntres is given, in
// which case a disabled/detached mountpath is dropped at once, objects and all. Validation stats
// and probes the disk and the new set is persisted: all on the WorkPool, never on an io thread.
#include "aisnode/target/impl.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/msgs.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

#include <boost/json.hpp>

namespace ais::node {

namespace {
constexpr char kDontResilver[] = "dntres";  // AIS's apc.QparamDontResilver
}  // namespace

bool Target::Impl::change_mountpath(const std::string& action, const std::string& path, bool dont_resilver) {
    bool changed = false;
    if (action == api::act::kAttachMp) {
        changed = mpaths.attach(path);
    } else if (action == api::act::kEnableMp) {
        changed = mpaths.enable(path);
    } else if (action == api::act::kDisableMp) {
        changed = mpaths.disable(path);
    } else if (action == api::act::kDetachMp) {
        changed = mpaths.detach(path);
    } else {
        throw ErrBadRequest(tname() + ": invalid mountpath action \"" + action +
                            "\" (expecting attach-mp, enable-mp, disable-mp or detach-mp)");
    }
    if (!changed) return false;
    if (action == api::act::kAttachMp || action == api::act::kEnableMp) {
        // The new one gets the buckets' dirs now, as at startup (mkdir of existing ones is a no-op).
        for (const auto& b : env.meta.bmd()->buckets())
            if (b.is_ais()) mpaths.create_bucket_dirs(b);
    }
    lcache.drop_prefix("");  // listings cached with the old mountpath ids
    const bool drop = dont_resilver && (action == api::act::kDisableMp || action == api::act::kDetachMp);
    if (drop) {
        mpaths.drained(mpaths.snap().version);
        log::warn("{}: {} {} without resilver: its objects are no longer served", tname(), action, path);
        return true;
    }
    try {
        resilver.start("", action + " " + path);
    } catch (const std::exception& e) {
        log::error("{}: cannot start resilver after {} {}: {}", tname(), action, path, e.what());
    }
    return true;
}

Task<void> Target::Impl::mountpath_req(Request& req, Response& resp) {
    std::string body = co_await req.read_all(1 << 20);
    if (!req.rest.empty())
        throw ErrBadRequest(tname() + ": invalid path \"" + req.path +
                            "\" (expecting /v1/daemon/mountpaths)");
    if (body.empty()) throw ErrBadRequest(tname() + ": mountpath request: missing body (ActMsg)");
    auto msg = api::from_json<api::ActMsg>(body);
    std::string path;
    try {
        auto v = boost::json::parse(msg.value);
        if (v.is_string()) path = std::string(v.as_string());
    } catch (const std::exception&) {
    }
    if (path.empty())
        throw ErrBadRequest(tname() + ": " + msg.action + ": mountpath is not defined (\"value\")");
    const bool dont_resilver = req.query.get_bool(kDontResilver);
    bool changed = false;
    co_await pool.run([&] { changed = change_mountpath(msg.action, path, dont_resilver); });
    if (!changed) resp.status = 204;  // already so (AIS answers the same)
}

Task<void> Target::Impl::resilver_req(Request& req, Response& resp) {
    (void)co_await req.read_all(1 << 20);
    std::string id(req.query.get("id"));
    std::string started;
    co_await pool.run([&] { started = resilver.start(id, "started by the user"); });
    resp.set_text(started);
}

}  // namespace ais::node
