// aisloader's run parameters: the command-line surface of spec/aisloader.md §2 (Go flag names and
// defaults), the environment (AIS_ENDPOINT, TLS and token variables, S3_ENDPOINT), and the
// validation that turns them into one immutable Params for the run.
//
// parse_params() throws FlagError for anything the user must fix on the command line (main()
// prints it with a usage pointer and exits 2) and CleanupNotSet when -cleanup is missing
// (exit 1, as in AIS).
#pragma once

#include "aisloader/flags.hpp"
#include "shared/api/bck.hpp"
#include "shared/util/cksum.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ais::loader {

struct CleanupNotSet : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Params {
    Params() = default;
    Params(const Params&) = delete;  // the flag set points into this object
    Params& operator=(const Params&) = delete;

    // ---- as given on the command line (flag variables) ----
    std::string ip, port, bucket_arg, provider, bprops;
    int64_t duration_ns = 0, numworkers = 0, pctput = 0, pctupdate = 0;
    std::string minsize_s, maxsize_s, totalputsize_s, readoff_s, readlen_s;
    int64_t maxputs = 0, epochs = 0, perm_shuffle_max = 0, seed = 0;
    std::string readertype, tmpdir, cksum_type_s;
    bool verifyhash = false, latest = false, cached = false, list_dirs = false, nbi = false;
    std::string filelist;
    bool skiplist = false;
    std::string subdir;
    int64_t num_subdirs = 0;
    bool randomname = true;
    std::string loaderid_s;
    int64_t loadernum = 0, loaderidhashlen = 0;
    bool getloaderid = false, randomproxy = false;
    int64_t timeout_ns = 0;
    int64_t multipart_chunks = 0, pctmultipart = 0, pctmpdstream = 0, mpdstream_workers = 0,
            mpdstream_chunk_size = 0, get_batchsize = 0;
    bool cont_on_err = false;
    int64_t arch_pct = 0, arch_num_files = 0;
    std::string arch_format, arch_minsize, arch_maxsize, arch_prefix;
    bool arch_list = false;
    std::string etl, etl_spec;
    int64_t evict_batchsize = 0, statsinterval = 0;
    std::string stats_output;
    bool json = false;
    std::string statsdip;
    int64_t statsdport = 0;
    bool statsdprobe = false;
    bool cleanup = false, stoppable = false, trace_http = false, dry_run = false, quiet = false;
    std::string tokenfile, s3endpoint, s3profile;
    bool s3_use_path_style = false;
    int64_t numthreads = 0;  // C++ extension: io threads (one io_context + HTTP client each)

    // ---- derived ----
    bool s3 = false;             // direct-S3 mode
    std::string endpoint;        // "http[s]://host:port" of the proxy (AIS) or the S3 endpoint
    api::Bck bck;                // resolved bucket (name may be empty: a random one is created)
    bool random_bucket = false;  // -bucket not given
    int64_t minsize = 0, maxsize = 0, totalputsize = 0, readoff = 0, readlen = 0;
    bool ranged = false;
    CksumType cksum_type = CksumType::none;
    bool time_limited = true;  // false: run until another bound (or a signal)
    bool noop_run = false;     // -duration 0 with nothing else to stop it: cleanup only
    uint64_t loader_id = 0;
    int loader_id_bits = 0;
    std::string token;
    bool skip_verify = false;
    std::string ca_file;
    std::vector<std::string> warnings;  // printed at start (ignored or unsupported settings)

    FlagSet flags;  // kept for the argument dump and is_set()
};

// Registers every flag of spec §2 (plus the C++ extensions) into p.flags, with defaults.
void register_flags(Params& p);

// Parses argv and the environment and validates. Throws FlagError / CleanupNotSet.
void parse_params(Params& p, int argc, char** argv);

// The full usage text: about, flags with defaults, examples.
std::string usage_text(const Params& p);

// "==== COMMAND LINE ARGUMENTS ====" block (DEFAULTS vs CUSTOM).
std::string args_dump(const Params& p);

}  // namespace ais::loader
