#include "aisnode/xs/xs.hpp"

#include "aisnode/ec/svc/encode.hpp"
#include "aisnode/xs/jobs.hpp"
#include "shared/api/apc.hpp"
#include "shared/util/errors.hpp"

namespace ais::node::xs {

std::shared_ptr<Xact> make_job(Core& core, const JobReq& req) {
    const std::string& k = req.kind;
    if (k == api::act::kCopyBck || k == api::act::kMoveBck || k == api::act::kCopyObjects)
        return std::make_shared<CopyJob>(core, req);
    if (k == api::act::kDeleteObjects || k == api::act::kEvictObjects) return std::make_shared<DeleteJob>(core, req);
    if (k == api::act::kSummaryBck) return std::make_shared<SummaryJob>(core, req);
    if (k == api::act::kPromote) return std::make_shared<PromoteJob>(core, req);
    if (k == api::act::kMakeNCopies) return std::make_shared<MncJob>(core, req);
    if (k == api::kind::kScrub) return std::make_shared<ScrubJob>(core, req);
    if (k == api::act::kECEncode) return ecsvc::make_encode_job(core, req);  // EC (issue 12)
    throw ErrNotImplemented(core.tname() + ": job kind \"" + k + "\" is not supported");
}

}  // namespace ais::node::xs
