// copy-bck, move-bck and copy-listrange: each target copies the source objects it stores to the
// destination's owner (itself or a peer), keeping checksum, version and custom metadata.
#include "aisnode/xs/jobs.hpp"

#include "shared/api/apc.hpp"
#include "shared/net/client.hpp"
#include "shared/util/errors.hpp"

namespace ais::node::xs {

CopyJob::CopyJob(Core& core, const JobReq& req) : Xact(req.id, req.kind), core_(core) {
    src_bck = req.bck;
    dst_bck = req.bck_to;
    bck = req.bck;
    if (req.kind == api::act::kCopyObjects) {
        auto m = api::from_json<api::TCOMsg>(req.msg);
        msg_ = m;
        range_ = static_cast<const api::ListRange&>(m);
        selected_ = true;
        if (!m.tobck.name.empty()) dst_bck = m.tobck;
    } else if (req.msg != "null" && !req.msg.empty()) {
        msg_ = api::from_json<api::TCBMsg>(req.msg);
    }
    if (dst_bck.provider.empty()) dst_bck.provider = api::prov::kAIS;
    if (msg_.num_workers > 0) workers = std::min(msg_.num_workers, 16);
    // Phase one checks: both buckets in this target's BMD, a selection that parses.
    (void)core_.resolve_bck(src_bck);
    if (!msg_.dry_run) (void)core_.resolve_bck(dst_bck);
    if (selected_) validate_selection(range_);
}

void CopyJob::run() {
    NameSource names =
        selected_ ? NameSource::select(core_, src_bck, range_) : NameSource::walk(core_, src_bck, msg_.prefix);
    named_ = names.named() && names.is_list();
    for_each([&names](std::string& out) { return names.next(out); },
             [this](const std::string& name) { copy_one(name); }, msg_.coer);
}

void CopyJob::copy_one(const std::string& name) {
    ObjRef src = core_.resolve(src_bck, name);
    Found f;
    if (!core_.find_any(src, f, true)) {  // (on another mountpath until a resilver moves it)
        if (named_) core_.throw_not_found(src);
        return;  // removed since the walk, or a template name with no object
    }
    if (msg_.dry_run) {
        add_loc(1, f.md.size);
        return;
    }
    ObjRef dst = core_.resolve(dst_bck, msg_.prepend + name);
    try {
        if (auto peer = core_.owner_other(dst)) {
            core_.send_to_peer(peer_client(), *peer, dst, src.path.fqn, f.md, true);
            add_out(1, f.md.size);
        } else {
            core_.copy_local(src, f, dst, true);
        }
    } catch (const fs::FsError& e) {
        core_.throw_fs(e, dst);
    }
    add_loc(1, f.md.size);
}

}  // namespace ais::node::xs
