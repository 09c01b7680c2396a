// summary-bck: object counts and sizes of one bucket (or all) on this target; the proxy adds up
// the targets' results.
#include "aisnode/xs/jobs.hpp"

#include "shared/api/codec.hpp"

#include <sys/stat.h>

#include <algorithm>

namespace ais::node::xs {

SummaryJob::SummaryJob(Core& core, const JobReq& req) : Xact(req.id, req.kind), core_(core) {
    bck = req.bck;
    if (req.msg != "null" && !req.msg.empty()) msg_ = api::from_json<api::BsummCtrlMsg>(req.msg);
    if (!bck.name.empty()) {
        (void)core_.resolve_bck(bck);
        bcks_.push_back(bck);
    } else {
        for (const auto& b : core_.env.meta.bmd()->buckets())
            if (b.is_ais() && (bck.provider.empty() || b.prov() == bck.prov())) bcks_.push_back(b);
    }
}

void SummaryJob::run() {
    uint64_t disks = 0;
    for (const auto& mp : core_.mpaths.all()) disks += mp.capacity().total;
    for (const auto& b : bcks_) {
        if (aborted()) return;
        api::BsummResult r;
        r.bck = b;
        r.is_present = true;
        r.total_disks_size = disks;
        r.obj_min_size = -1;
        std::vector<NameEnt> names;
        try {
            names = core_.walk(b, prefix_base(msg_.prefix), true);
        } catch (const std::exception& e) {
            add_error(e.what());
            continue;
        }
        for (const auto& e : names) {
            if (e.is_dir || !e.name.starts_with(msg_.prefix)) continue;
            if (aborted()) return;
            const auto& mp = core_.mpaths.at(e.mpath).path;
            fs::ObjPath p = fs::obj_path(mp, b, e.name);
            struct stat st;
            if (::stat(p.fqn.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;  // removed meanwhile
            const auto size = static_cast<int64_t>(st.st_size);
            ++r.obj_count_present;
            r.size_all_present_objs += static_cast<uint64_t>(size);
            r.size_on_disk += static_cast<uint64_t>(st.st_blocks) * 512;
            r.obj_min_size = r.obj_min_size < 0 ? size : std::min(r.obj_min_size, size);
            r.obj_max_size = std::max(r.obj_max_size, size);
            add_loc(1, size);
        }
        if (r.obj_min_size < 0) r.obj_min_size = 0;
        if (r.obj_count_present > 0)
            r.obj_avg_size = static_cast<int64_t>(r.size_all_present_objs / r.obj_count_present);
        if (disks > 0) r.used_pct = r.size_on_disk * 100 / disks;
        std::lock_guard lk(mu_);
        results_.push_back(std::move(r));
    }
}

std::string SummaryJob::ext() const {
    std::lock_guard lk(mu_);
    return api::to_json(results_);
}

}  // namespace ais::node::xs
