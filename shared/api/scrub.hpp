// Scrub (`ais storage validate` = `ais scrub`) on the wire. AIS's scrub is a CLI-side listing;
// here a `scrub` job on every target walks the bucket(s) and classifies each object it stores, so
// that it can also read every replica (--checksum) and repair what it finds (--fix).
//
//   ScrubMsg     the job's options: ActMsg.name of `PUT /v1/cluster {"action":"start",
//                "value":{"kind":"scrub","bck":...},"name":"<ScrubMsg JSON>"}` (AIS's "extra"
//                string of api.StartXaction)
//   ScrubResult  one bucket as one target saw it: counts and sizes per category, what it repaired
//                and (once the job has ended) a bounded sample of the names in each category, for
//                the CLI's detailed logs. Each target's snap carries a JSON array of them in "ext";
//                the CLI adds the targets up (ScrubResult::merge).
#pragma once

#include "shared/api/bck.hpp"

#include <boost/json/fwd.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ais::api {

struct ScrubMsg {
    std::string prefix;
    std::string last;                // only names up to this one (inclusive): the CLI's --limit; "" = all
    int64_t small_size = 0;          // objects of at most this size are "small" (0: empty ones)
    int64_t large_size = 5LL << 30;  // objects of at least this size are "large"
    bool non_recurs = false;         // only the names directly under the prefix's "directory"
    bool checksum = false;           // read every replica and check it against its checksum
    bool fix = false;                // repair: move, re-mirror, replace corrupted replicas
    int64_t max_names = 10'000;      // names kept per category per target (detailed logs)
};

// The categories in AIS's column order (teb.ScrCols), our `corrupted` after missing copies.
enum ScrubStat : int {
    kScrObjects = 0,
    kScrMisplacedNode,   // MISPLACED(cluster): the Smap puts the object on another target
    kScrMisplacedMpath,  // MISPLACED(mountpath): not on the mountpath HRW names on this target
    kScrMissingCp,       // MISSING-COPIES: fewer replicas than mirror.copies
    kScrCorrupted,       // CORRUPTED: a replica's bytes fail its checksum (--checksum only)
    kScrSmall,           // SMALL: size <= --small-size (default 0: empty objects)
    kScrLarge,           // LARGE: size >= --large-size (default 5GiB)
    kScrNum
};
// The column headers ("OBJECTS", "MISPLACED(cluster)", ...) and log tags (lower case).
std::string_view scrub_col(int stat);
std::string scrub_tag(int stat);

struct ScrubEnt {  // one name of a category, as AIS's scrub logs it
    std::string name;
    int64_t size = 0;
    int64_t atime = 0;     // unix ns
    int copies = 0;        // replicas found (missing copies)
    std::string location;  // "t[ID]:/mountpath" (misplaced)
};

struct ScrubResult {
    struct CntSiz {
        int64_t cnt = 0, size = 0;
        void add(int64_t sz) {
            ++cnt;
            size += sz;
        }
    };
    Bck bck;
    std::string prefix;
    std::array<CntSiz, kScrNum> stats{};
    std::array<int64_t, kScrNum> fixed{};              // repaired (--fix), per category
    std::array<std::vector<ScrubEnt>, kScrNum> names;  // the sample (up to ScrubMsg::max_names each)
    std::array<int64_t, kScrNum> dropped{};            // names beyond the sample

    // Adds another target's result for the same bucket.
    void merge(const ScrubResult& o);
};

void to_jv(const ScrubMsg& m, boost::json::value& out);
void from_jv(const boost::json::value& v, ScrubMsg& out, std::string_view what = {});
void to_jv(const ScrubEnt& m, boost::json::value& out);
void from_jv(const boost::json::value& v, ScrubEnt& out, std::string_view what = {});
void to_jv(const ScrubResult& m, boost::json::value& out);
void from_jv(const boost::json::value& v, ScrubResult& out, std::string_view what = {});
void to_jv(const std::vector<ScrubResult>& m, boost::json::value& out);
void from_jv(const boost::json::value& v, std::vector<ScrubResult>& out, std::string_view what = {});

}  // namespace ais::api
