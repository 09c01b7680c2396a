// Erasure coding an object at its main target (AIS's putjogger) and the jobs that do it:
//
//   encode()    the object (opened once) goes out as P full replicas (smaller than ec.objsize_limit)
//               or as D data + P parity slices (1 MiB stripes, parity in work files here) to the
//               next targets in HRW order after this one (ec::hrw_list over the Smap's active
//               targets), each a PUT /v1/ec/<bucket>/<object> with its ec::Meta (header
//               Ais-Ec-Meta) that the receiver stores (store.hpp); then the main's own metafile.
//               Only the main target encodes (the first in HRW order); fewer targets than
//               required fail it with AIS's "not enough target nodes" message. Blocking: it reads
//               the object, writes parity and sends with the calling thread's peer client.
//   Manager     the target's queue of objects to encode after their PUT was acknowledged (AIS's
//               ec-put): one `ec-put` job per bucket, made on demand, ending when idle; enqueue()
//               never blocks (io threads call it). Also takes repairs: re-sending the pieces of
//               an object that a restore found missing, with the generation they had.
//   EncodeJob   `ec-encode`: every object of a bucket that this target is main for and that has
//               no metafile of its current version yet (or every one, with name "ec-recover").
#pragma once

#include "aisnode/core/core.hpp"
#include "aisnode/ec/meta.hpp"
#include "aisnode/xact/xact.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace ais::node::ecsvc {

struct EncodeOpts {
    int64_t generation = 0;  // 0: the object's (its file's mtime, ns)
    // A repair: the pieces of `generation` already in place (target id -> slice id) are not sent
    // again, and too few targets is not an error (nothing is sent then).
    bool repair = false;
    std::map<std::string, int> have;
    // The calling job's abort flag: while the pieces are on their way, the caller stops waiting
    // for them when it says so (the node is stopping and its event loops may be gone).
    std::function<bool()> aborted;
};

struct Encoded {
    int sent = 0;         // pieces sent
    int64_t bytes = 0;    // their bytes
    std::string skipped;  // why nothing was done ("" when encoded)
};

Encoded encode(Core& core, const ObjRef& ref, const EncodeOpts& o = {});

// Asks target `t` to remove its piece of `ref` (of generation `gen`, or any when 0). Blocking.
void delete_piece_at(Core& core, const api::Snode& t, const ObjRef& ref, int64_t gen);

class EcPut;

class Manager {
  public:
    Manager(Core& core, XactRegistry& xacts) : core_(core), xacts_(xacts) {}
    // Schedules encode() of a stored object; ignored on a thread inside a Quiet scope.
    void enqueue(const ObjRef& ref);
    // Schedules a repair (EncodeOpts::repair) of a restored object.
    void enqueue_repair(const ObjRef& ref, int64_t generation, std::map<std::string, int> have);

    // While one lives on a thread, enqueue() there does nothing: a restore commits an object whose
    // pieces exist already (it queues the repair of the missing ones itself).
    class Quiet {
      public:
        Quiet();
        ~Quiet();
        Quiet(const Quiet&) = delete;
        Quiet& operator=(const Quiet&) = delete;
    };

  private:
    friend class EcPut;
    struct Item {
        std::string obj;
        EncodeOpts opts;
    };
    void push(const ObjRef& ref, Item it);

    Core& core_;
    XactRegistry& xacts_;
    std::mutex mu_;
    std::map<std::string, std::shared_ptr<EcPut>> jobs_;  // by bucket uname + bid
};

// ec-encode (JobReq: bck; name "ec-recover" re-encodes objects that have a metafile too).
std::shared_ptr<Xact> make_encode_job(Core& core, const JobReq& req);

}  // namespace ais::node::ecsvc
