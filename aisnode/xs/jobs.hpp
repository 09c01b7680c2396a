// The job classes behind xs::make_job (xs.hpp). Internal to aisnode/xs.
#pragma once

#include "aisnode/xs/names.hpp"
#include "aisnode/xs/xs.hpp"
#include "shared/api/msgs.hpp"
#include "shared/api/scrub.hpp"

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

namespace ais::net {
class Client;
}

namespace ais::node::xs {

// copy-bck, move-bck, copy-listrange.
class CopyJob : public Xact {
  public:
    CopyJob(Core& core, const JobReq& req);
    void run() override;

  private:
    void copy_one(const std::string& name);

    Core& core_;
    api::TCBMsg msg_;
    api::ListRange range_;
    bool selected_ = false;  // copy-listrange: names from range_, not a walk
    bool named_ = false;     // explicit list: a missing object is an error
};

// delete-listrange, evict-listrange.
class DeleteJob : public Xact {
  public:
    DeleteJob(Core& core, const JobReq& req);
    void run() override;

  private:
    Core& core_;
    api::EvdMsg msg_;
};

// summary-bck: one result per bucket, in the snap's ext.
class SummaryJob : public Xact {
  public:
    SummaryJob(Core& core, const JobReq& req);
    void run() override;
    std::string ext() const override;

  private:
    Core& core_;
    api::BsummCtrlMsg msg_;
    std::vector<api::Bck> bcks_;
    mutable std::mutex mu_;
    std::vector<api::BsummResult> results_;
};

// promote: files under a local path become objects.
class PromoteJob : public Xact {
  public:
    PromoteJob(Core& core, const JobReq& req);
    void run() override;

  private:
    void promote_one(const std::string& rel);

    Core& core_;
    std::string src_;     // file or directory
    std::string prefix_;  // destination object name (file) or prefix (directory)
    std::string target_id_;
    bool recursive_ = false, not_fshare_ = false, overwrite_ = false, delete_src_ = false;
    bool is_dir_ = false;
};

// make-n-copies (ActMsg value: the number of replicas, the original included).
class MncJob : public Xact {
  public:
    MncJob(Core& core, const JobReq& req);
    void run() override;

  private:
    Core& core_;
    int copies_ = 1;
};

// scrub (`ais storage validate`): every object of one bucket (or all) on this target classified
// (misplaced, missing copies, corrupted, small, large) and, with ScrubMsg::fix, repaired; one
// api::ScrubResult per bucket in the snap's ext.
class ScrubJob : public Xact {
  public:
    ScrubJob(Core& core, const JobReq& req);
    void run() override;
    std::string ext() const override;

  private:
    struct Where;  // the mountpaths a walk found a name on
    void scrub_bucket(const api::Bck& b);
    void scrub_one(const api::Bck& b, int copies, const std::string& name, const Where& w, size_t res);

    Core& core_;
    api::ScrubMsg msg_;
    std::vector<api::Bck> bcks_;
    mutable std::mutex mu_;
    std::vector<api::ScrubResult> results_;
    std::atomic<bool> done_{false};  // run() returned: ext() carries the names too
};

}  // namespace ais::node::xs
