// delete-listrange / evict-listrange: each target removes the selected objects it owns.
#include "aisnode/xs/jobs.hpp"

#include "shared/util/errors.hpp"

namespace ais::node::xs {

DeleteJob::DeleteJob(Core& core, const JobReq& req) : Xact(req.id, req.kind), core_(core) {
    bck = req.bck;
    if (req.msg != "null" && !req.msg.empty()) msg_ = api::from_json<api::EvdMsg>(req.msg);
    if (msg_.num_workers > 0) workers = std::min(msg_.num_workers, 16);
    (void)core_.resolve_bck(bck);
    validate_selection(msg_);
}

void DeleteJob::run() {
    NameSource names = NameSource::select(core_, bck, msg_);
    const bool list = names.is_list();
    for_each([&names](std::string& out) { return names.next(out); },
             [this, list](const std::string& name) {
                 ObjRef ref = core_.resolve(bck, name);
                 Found f;
                 bool removed;
                 {
                     std::lock_guard lk(core_.locks.of(ref.uname));
                     ObjRef at = ref;  // the HRW place: remove_local takes copies elsewhere too
                     removed = core_.find_any(at, f, false) && core_.remove_local(ref);
                 }
                 if (removed)
                     add_loc(1, f.md.size);
                 else if (list)  // a name the user gave that is not there
                     core_.throw_not_found(ref);
             },
             true);  // one missing object does not stop the others
}

}  // namespace ais::node::xs
