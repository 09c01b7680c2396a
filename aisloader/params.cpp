#include "aisloader/params.hpp"

#include "shared/util/hrw.hpp"
#include "shared/util/strings.hpp"
#include "shared/util/units.hpp"

#include <boost/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ais::loader {

namespace {

constexpr int64_t kSecond = 1'000'000'000;

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

int64_t size_flag(const char* name, const std::string& text) {
    if (text.empty()) return 0;
    try {
        return parse_size(text);
    } catch (const std::exception&) {
        throw FlagError("invalid value \"" + text + "\" for flag -" + name +
                        ": not a size (e.g. 1MiB, 8k, 1024)");
    }
}

void check_pct(const char* name, int64_t v) {
    if (v < 0 || v > 100)
        throw FlagError("invalid -" + std::string(name) + "=" + std::to_string(v) +
                        ": must be between 0 and 100");
}

// A token file is either the CLI's JSON ({"token": "..."}) or the bare token.
std::string read_token_file(const std::string& path, bool must_exist) {
    std::ifstream in(path);
    if (!in) {
        if (must_exist) throw FlagError("cannot read token file " + path);
        return {};
    }
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    boost::system::error_code ec;
    auto jv = boost::json::parse(text, ec);
    if (!ec && jv.is_object()) {
        if (auto* t = jv.as_object().if_contains("token"); t && t->is_string())
            return std::string(t->as_string());
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
    return text;
}

std::string strip_slash(std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

}  // namespace

void register_flags(Params& p) {
    auto& f = p.flags;
    // cluster and bucket
    f.add_string("ip", &p.ip, "localhost", "AIS proxy/gateway IP address or hostname");
    f.add_string("port", &p.port, "8080", "AIS proxy/gateway port");
    f.add_string("bucket", &p.bucket_arg, "",
                 "bucket name or bucket URI (e.g. ais://abc, s3://xyz); when empty, a new ais bucket with a\n"
                 "random 8-char name is created and the workload must be 100% PUT");
    f.add_string("provider", &p.provider, "ais",
                 "ais, aws, gcp, azure, oci (redundant when -bucket is a URI; must not contradict it)");
    f.add_string(
        "bprops", &p.bprops, "",
        "JSON bucket properties applied to a new ais bucket, e.g. '{\"mirror\": {\"enabled\": true}}'");
    f.add_bool("randomproxy", &p.randomproxy, false,
               "send each request to a random proxy of the cluster map");
    f.add_duration("timeout", &p.timeout_ns, 10 * 60 * kSecond,
                   "HTTP client timeout (no progress for this long)");
    f.add_string("tokenfile", &p.tokenfile, "",
                 "authentication token file (default: AIS_AUTHN_TOKEN, AIS_AUTHN_TOKEN_FILE,\n"
                 "~/.config/ais/cli/auth.token)");
    // workload
    f.add_duration(
        "duration", &p.duration_ns, 60 * kSecond,
        "how long to run; 0 = no time limit (needs -totalputsize, -maxputs, -epochs or -stoppable).\n"
        "When not given and -totalputsize, -maxputs or -epochs is, there is no time limit");
    f.add_int("numworkers", &p.numworkers, 10,
              "number of concurrent workers (each runs one request at a time)");
    f.add_int("pctput", &p.pctput, 0, "percentage of PUTs in the workload (the rest are GETs)");
    f.add_int("pctupdate", &p.pctupdate, 0,
              "percentage of GETs immediately followed by a PUT of the same object (a new version)");
    f.add_string("minsize", &p.minsize_s, "1MiB", "minimum size of objects to PUT (IEC units: 8k, 1M, 1GiB)");
    f.add_string("maxsize", &p.maxsize_s, "1GiB", "maximum size of objects to PUT");
    f.add_string("totalputsize", &p.totalputsize_s, "0",
                 "stop after this many bytes have been PUT (0: no limit)");
    f.add_int("maxputs", &p.maxputs, 0, "stop after this many objects have been PUT (0: no limit)");
    f.add_int("epochs", &p.epochs, 0,
              "stop after reading the listed objects this many times (0: no limit); read-only workloads\n"
              "read each object once per epoch");
    f.add_int("perm-shuffle-max", &p.perm_shuffle_max, 100000,
              "above this many objects, read-only permutations use O(1) memory (affine prime) instead of\n"
              "a Fisher-Yates shuffle");
    f.add_int("seed", &p.seed, 0, "random seed (0: current time)");
    f.add_string("readertype", &p.readertype, "sg",
                 "PUT payload source: sg or rand (both: an in-memory random buffer); file is not supported");
    f.add_string("tmpdir", &p.tmpdir, "/tmp/ais", "directory for the 'file' reader type (unused)");
    f.add_string("cksum-type", &p.cksum_type_s, "xxhash",
                 "checksum computed over each PUT payload and sent with it: xxhash, xxhash2, md5, crc32c,\n"
                 "sha256, sha512, none");
    f.add_bool("verifyhash", &p.verifyhash, false,
               "recompute each GET's checksum and compare it with the one the cluster returns");
    f.add_string("readoff", &p.readoff_s, "", "read range offset (ranged GET); IEC units allowed");
    f.add_string("readlen", &p.readlen_s, "", "read range length (ranged GET); IEC units allowed");
    f.add_bool("latest", &p.latest, false, "GET with 'check the latest version' (remote buckets)");
    f.add_bool("cached", &p.cached, false, "list only the in-cluster objects of a remote bucket");
    f.add_bool("list-dirs", &p.list_dirs, false, "include virtual directories when listing a remote bucket");
    f.add_bool("nbi", &p.nbi, false, "list via native bucket inventory (not supported)");
    f.add_string("filelist", &p.filelist, "", "local file with object names, one per line (skips listing)");
    f.add_bool("skiplist", &p.skiplist, false, "100% PUT: do not list the bucket at start");
    f.add_string("subdir", &p.subdir, "",
                 "GET: read only objects with this name prefix; PUT: virtual directory for new objects");
    f.add_int("num-subdirs", &p.num_subdirs, 0,
              "spread PUTs over this many virtual directories (%05x), < 100000");
    f.add_bool("randomname", &p.randomname, true,
               "PUT object names of 32 random characters; when false, hex counters (with the loader id)");
    f.add_string(
        "loaderid", &p.loaderid_s, "0",
        "identity of this loader among -loadernum loaders (a number, or a string with -loaderidhashlen)");
    f.add_int("loadernum", &p.loadernum, 0, "total number of concurrent loaders (sizes the loader-id bits)");
    f.add_int("loaderidhashlen", &p.loaderidhashlen, 0, "bits of the hashed string -loaderid (1..63)");
    f.add_bool("getloaderid", &p.getloaderid, false, "print the loader id as 0x<hex> and exit");
    // AIS features aisloader does not implement yet (accepted so scripts fail with a clear message)
    f.add_int("multipart-chunks", &p.multipart_chunks, 0,
              "number of parts per multipart PUT (not supported)");
    f.add_int("pctmultipart", &p.pctmultipart, 0, "percentage of multipart PUTs (not supported)");
    f.add_int("pctmpdstream", &p.pctmpdstream, 0,
              "percentage of parallel range-download GETs (not supported)");
    f.add_int("mpdstream-workers", &p.mpdstream_workers, 0, "parallel download workers (not supported)");
    f.add_int("mpdstream-chunk-size", &p.mpdstream_chunk_size, 0,
              "parallel download chunk size (not supported)");
    f.add_int("get-batchsize", &p.get_batchsize, 0, "GetBatch size, 1..1000 (not supported)");
    f.add_bool("cont-on-err", &p.cont_on_err, false, "GetBatch: continue on error (not supported)");
    f.add_int("arch.pct", &p.arch_pct, 0, "percentage of PUTs that create shards (not supported)");
    f.add_string("arch.format", &p.arch_format, ".tar", "shard format (not supported)");
    f.add_int("arch.num-files", &p.arch_num_files, 0, "files per shard (not supported)");
    f.add_string("arch.minsize", &p.arch_minsize, "", "minimum archived file size (not supported)");
    f.add_string("arch.maxsize", &p.arch_maxsize, "", "maximum archived file size (not supported)");
    f.add_string("arch.prefix", &p.arch_prefix, "", "prefix inside shards (not supported)");
    f.add_bool("arch.list", &p.arch_list, false, "list and read files inside shards (not supported)");
    f.add_string("etl", &p.etl, "", "built-in ETL applied on GET (not supported)");
    f.add_string("etl-spec", &p.etl_spec, "", "custom ETL spec (not supported)");
    // cleanup and stats
    f.add_int("evict-batchsize", &p.evict_batchsize, 1000,
              "batch size of the deletes that clean up a remote bucket");
    f.add_bool("cleanup", &p.cleanup, false,
               "REQUIRED with -bucket: true destroys the ais bucket (remote bucket: deletes the objects\n"
               "listed or written) at the end; false keeps everything");
    f.add_int("statsinterval", &p.statsinterval, 10,
              "seconds between periodic stats lines (0: final stats only)");
    f.add_string("stats-output", &p.stats_output, "", "file for the stats (default: stdout)");
    f.add_bool("json", &p.json, false, "write stats as a JSON array instead of a table");
    f.add_string("statsdip", &p.statsdip, "localhost",
                 "StatsD IP address or hostname (StatsD is not emitted)");
    f.add_int("statsdport", &p.statsdport, 8125, "StatsD UDP port (StatsD is not emitted)");
    f.add_bool("statsdprobe", &p.statsdprobe, false, "probe StatsD (no-op)");
    f.add_bool("stoppable", &p.stoppable, false,
               "Ctrl-C / SIGTERM end the run gracefully (final stats, cleanup)");
    f.add_bool("trace-http", &p.trace_http, false, "trace HTTP latencies (not supported)");
    f.add_bool("dry-run", &p.dry_run, false, "print the runtime configuration and exit");
    f.add_bool("quiet", &p.quiet, false, "do not print the command-line arguments at start");
    // S3
    f.add_string(
        "s3endpoint", &p.s3endpoint, "",
        "talk to this S3-compatible endpoint directly (path-style, unsigned requests), with an s3://\n"
        "bucket; e.g. http://localhost:8080/s3 for the AIS S3 API (default: $S3_ENDPOINT)");
    f.add_string("s3profile", &p.s3profile, "", "AWS profile (ignored: requests are unsigned)");
    f.add_bool("s3-use-path-style", &p.s3_use_path_style, false,
               "path-style S3 addressing (always used; virtual-hosted style is not supported)");
    // C++ extension
    f.add_int("numthreads", &p.numthreads, 1,
              "io threads; each runs its own event loop and HTTP client and a share of the workers");
}

void parse_params(Params& p, int argc, char** argv) {
    auto rest = p.flags.parse(argc, argv);
    if (!rest.empty())
        throw FlagError("unexpected argument \"" + rest.front() +
                        "\" (flags come first; a boolean takes its value as -flag=false)");
    const auto& f = p.flags;

    // ---- loader identity ----
    if (p.loaderidhashlen < 0 || p.loaderidhashlen > 63)
        throw FlagError("invalid -loaderidhashlen=" + std::to_string(p.loaderidhashlen) + ": must be 0..63");
    if (p.loadernum < 0) throw FlagError("invalid -loadernum: must not be negative");
    if (p.loaderidhashlen > 0) {
        p.loader_id = hrw_digest(p.loaderid_s) & ((uint64_t(1) << p.loaderidhashlen) - 1);
        p.loader_id_bits = static_cast<int>(p.loaderidhashlen);
    } else {
        int64_t id;
        if (!go_parse_int(p.loaderid_s, &id) || id < 0)
            throw FlagError("invalid -loaderid=\"" + p.loaderid_s +
                            "\": must be a non-negative number (or a string with -loaderidhashlen)");
        p.loader_id = static_cast<uint64_t>(id);
        if (p.loadernum > 1) {
            if (id >= p.loadernum)
                throw FlagError("-loaderid=" + p.loaderid_s +
                                " must be less than -loadernum=" + std::to_string(p.loadernum));
            while ((int64_t(1) << p.loader_id_bits) < p.loadernum) ++p.loader_id_bits;
        }
    }
    if (p.getloaderid) return;

    // ---- simple ranges ----
    if (p.numworkers < 1)
        throw FlagError("invalid -numworkers=" + std::to_string(p.numworkers) + ": must be > 0");
    if (p.numthreads < 1 || p.numthreads > 64)
        throw FlagError("invalid -numthreads=" + std::to_string(p.numthreads) + ": must be 1..64");
    check_pct("pctput", p.pctput);
    check_pct("pctupdate", p.pctupdate);
    if (p.maxputs < 0) throw FlagError("invalid -maxputs: must not be negative");
    if (p.epochs < 0) throw FlagError("invalid -epochs: must not be negative");
    if (p.statsinterval < 0) throw FlagError("invalid -statsinterval: must not be negative");
    if (p.duration_ns < 0) throw FlagError("invalid -duration: must not be negative");
    if (p.num_subdirs < 0 || p.num_subdirs >= 100000)
        throw FlagError("invalid -num-subdirs=" + std::to_string(p.num_subdirs) + ": must be 0..99999");
    if (p.evict_batchsize < 1) throw FlagError("invalid -evict-batchsize: must be > 0");
    if (p.perm_shuffle_max < 0) throw FlagError("invalid -perm-shuffle-max: must not be negative");

    // ---- sizes ----
    p.minsize = size_flag("minsize", p.minsize_s);
    p.maxsize = size_flag("maxsize", p.maxsize_s);
    if (p.minsize > p.maxsize) {
        if (!f.is_set("maxsize"))
            p.maxsize = p.minsize;
        else if (!f.is_set("minsize"))
            p.minsize = p.maxsize;
        else
            throw FlagError("invalid -minsize=" + p.minsize_s + " -maxsize=" + p.maxsize_s +
                            ": minimum size exceeds maximum size");
    }
    p.totalputsize = size_flag("totalputsize", p.totalputsize_s);
    p.readoff = size_flag("readoff", p.readoff_s);
    p.readlen = size_flag("readlen", p.readlen_s);
    p.ranged = !p.readoff_s.empty() || !p.readlen_s.empty();

    try {
        p.cksum_type = parse_cksum_type(p.cksum_type_s);
    } catch (const std::exception&) {
        throw FlagError("invalid -cksum-type=\"" + p.cksum_type_s +
                        "\": expected one of none, xxhash, xxhash2, md5, crc32c, sha256, sha512");
    }

    // ---- features not implemented ----
    struct Unsupported {
        const char* name;
        bool on;
    };
    const Unsupported unsupported[] = {
        {"multipart-chunks", p.multipart_chunks != 0},
        {"pctmultipart", p.pctmultipart != 0},
        {"pctmpdstream", p.pctmpdstream != 0},
        {"get-batchsize", p.get_batchsize != 0},
        {"arch.pct", p.arch_pct != 0},
        {"arch.list", p.arch_list},
        {"etl", !p.etl.empty()},
        {"etl-spec", !p.etl_spec.empty()},
        {"nbi", p.nbi},
        {"trace-http", p.trace_http},
    };
    for (const auto& u : unsupported)
        if (u.on) throw FlagError("-" + std::string(u.name) + " is not supported by this aisloader");
    if (p.readertype != "sg" && p.readertype != "rand") {
        if (p.readertype == "file")
            throw FlagError("-readertype=file is not supported by this aisloader (use sg)");
        throw FlagError("invalid -readertype=\"" + p.readertype + "\": expected sg, file or rand");
    }
    if (f.is_set("statsdip") || f.is_set("statsdport") || f.is_set("statsdprobe"))
        p.warnings.push_back("StatsD is not emitted by this aisloader: -statsdip/-statsdport ignored");
    if (p.s3profile.size()) p.warnings.push_back("-s3profile ignored: S3 requests are sent unsigned");

    // ---- workload consistency ----
    if (p.skiplist && p.pctput != 100)
        throw FlagError("-skiplist requires a 100% PUT workload (-pctput=100)");
    if (p.skiplist && !p.filelist.empty()) throw FlagError("-skiplist and -filelist are mutually exclusive");
    if (p.ranged && p.pctput == 100) throw FlagError("-readoff/-readlen need GETs (-pctput < 100)");
    if (p.ranged && p.verifyhash)
        p.warnings.push_back(
            "-verifyhash with a ranged read: only responses that carry a range checksum "
            "are verified");

    // ---- duration and bounds ----
    const bool other_bound = p.totalputsize > 0 || p.maxputs > 0 || p.epochs > 0;
    if (!f.is_set("duration") && other_bound) {
        p.time_limited = false;
    } else if (p.duration_ns == 0) {
        p.time_limited = false;
        p.noop_run = !other_bound && !p.stoppable;
    }

    // ---- S3 or AIS ----
    if (p.s3endpoint.empty()) p.s3endpoint = env("S3_ENDPOINT");
    p.s3 = !p.s3endpoint.empty();
    if (p.s3) {
        const std::pair<const char*, bool> incompatible[] = {
            {"ip", f.is_set("ip")},
            {"port", f.is_set("port")},
            {"randomproxy", p.randomproxy},
            {"cleanup=true", p.cleanup},
            {"verifyhash", p.verifyhash},
            {"readoff", !p.readoff_s.empty()},
            {"readlen", !p.readlen_s.empty()},
            {"bprops", !p.bprops.empty()},
        };
        for (const auto& [name, on] : incompatible)
            if (on)
                throw FlagError("-s3endpoint: -" + std::string(name) + " cannot be used in direct-S3 mode");
        if (p.bucket_arg.empty()) throw FlagError("-s3endpoint requires -bucket (an s3:// bucket)");
        api::BckUri u;
        try {
            u = api::parse_bck_uri(p.bucket_arg, {.default_provider = "aws"});
        } catch (const std::exception& e) {
            throw FlagError("invalid -bucket=\"" + p.bucket_arg + "\": " + e.what());
        }
        if (u.bck.prov() != "aws" || (f.is_set("provider") && p.provider != "aws" && p.provider != "s3"))
            throw FlagError("-s3endpoint requires an s3:// bucket (got " + u.bck.cname() + ")");
        if (!u.obj.empty()) throw FlagError("-bucket must name a bucket, not an object: " + p.bucket_arg);
        p.bck = u.bck;
        p.endpoint = strip_slash(p.s3endpoint);
        if (!p.endpoint.starts_with("http://") && !p.endpoint.starts_with("https://"))
            p.endpoint = "http://" + p.endpoint;
    } else {
        // endpoint
        std::string ep = env("AIS_ENDPOINT");
        if (!ep.empty()) {
            if (f.is_set("ip") && p.ip != "localhost")
                throw FlagError("-ip=" + p.ip + " conflicts with AIS_ENDPOINT=" + ep);
            p.endpoint = strip_slash(ep);
        } else {
            std::string host = p.ip;
            std::string scheme = "http://";
            if (host.starts_with("https://")) {
                scheme = "https://";
                host = host.substr(8);
            } else if (host.starts_with("http://")) {
                host = host.substr(7);
            }
            host = strip_slash(host);
            p.endpoint = scheme + host + ":" + p.port;
        }
        if (!p.endpoint.starts_with("http://") && !p.endpoint.starts_with("https://"))
            p.endpoint = "http://" + p.endpoint;
        // bucket
        if (p.bucket_arg.empty()) {
            p.random_bucket = true;
            p.bck.provider = p.provider;
        } else {
            api::BckUri u;
            try {
                u = api::parse_bck_uri(p.bucket_arg, {.default_provider = ""});
            } catch (const std::exception& e) {
                throw FlagError("invalid -bucket=\"" + p.bucket_arg + "\": " + e.what());
            }
            if (!u.obj.empty()) throw FlagError("-bucket must name a bucket, not an object: " + p.bucket_arg);
            api::Bck prov_bck;
            try {
                prov_bck = api::parse_bck_uri(p.provider + "://x").bck;
            } catch (const std::exception&) {
                throw FlagError("invalid -provider=\"" + p.provider +
                                "\": expected ais, aws, gcp, azure or oci");
            }
            if (u.bck.provider.empty()) {
                u.bck.provider = prov_bck.provider;
            } else if (f.is_set("provider") && u.bck.provider != prov_bck.provider) {
                throw FlagError("-provider=" + p.provider + " contradicts -bucket=" + p.bucket_arg);
            }
            p.bck = u.bck;
            try {
                p.bck.validate();
            } catch (const std::exception& e) {
                throw FlagError("invalid -bucket=\"" + p.bucket_arg + "\": " + e.what());
            }
        }
        if (p.random_bucket && p.pctput != 100 && !p.noop_run)
            throw FlagError(
                "without -bucket a new bucket is created, so the workload must be 100% PUT (-pctput=100)");
        // TLS and token
        if (auto sv = env("AIS_SKIP_VERIFY_CRT"); !sv.empty()) {
            try {
                p.skip_verify = parse_bool(sv);
            } catch (const std::exception&) {
                throw FlagError("invalid AIS_SKIP_VERIFY_CRT=\"" + sv + "\": expected true or false");
            }
        }
        p.ca_file = env("AIS_CLIENT_CA");
        if (!env("AIS_CRT").empty() || !env("AIS_CRT_KEY").empty())
            p.warnings.push_back(
                "AIS_CRT/AIS_CRT_KEY (client certificates) are not supported and were ignored");
        if (!p.tokenfile.empty()) {
            p.token = read_token_file(p.tokenfile, true);
        } else if (auto t = env("AIS_AUTHN_TOKEN"); !t.empty()) {
            p.token = t;
        } else if (auto tf = env("AIS_AUTHN_TOKEN_FILE"); !tf.empty()) {
            p.token = read_token_file(tf, true);
        } else if (auto home = env("HOME"); !home.empty()) {
            p.token = read_token_file(home + "/.config/ais/cli/auth.token", false);
        }
        // -cleanup: mandatory with -bucket
        if (!p.random_bucket && !f.is_set("cleanup"))
            throw CleanupNotSet(
                "Note: -cleanup is a required option. Beware! When -cleanup=true the bucket will be "
                "destroyed upon completion of the benchmark.\n      The option must be specified in the "
                "command line, e.g.: `--cleanup=false`");
        if (p.random_bucket && !f.is_set("cleanup")) p.cleanup = true;  // never leave random buckets behind
    }
}

std::string usage_text(const Params& p) {
    std::string u;
    u += "\nAbout\n=====\n";
    u += "AIS loader (aisloader) is a tool to measure storage performance. It is a load generator that\n"
         "has been developed to benchmark and stress-test AIStore but can be easily extended to benchmark\n"
         "any S3-compatible backend. aisloader generates synthetic workloads that mimic training and\n"
         "inference workloads: a mix of PUTs and GETs of objects of given sizes, run by a number of\n"
         "concurrent workers, with periodic and final statistics (throughput, latency min/avg/max and\n"
         "percentiles, errors).\n\n";
    u += "Command-line options\n====================\n";
    u += p.flags.defaults_text();
    u += "\nExamples\n========\n";
    u += "1. Destroy an existing bucket and the objects in it (cleanup-only run):\n"
         "   aisloader -bucket=ais://abc -duration 0s -totalputsize=0 -cleanup=true\n\n"
         "2. Time-based 100% PUT into an ais bucket; the bucket is created if it does not exist:\n"
         "   aisloader -bucket=ais://abc -duration 10s -numworkers=3 -minsize=1K -maxsize=1K -pctput=100 "
         "-cleanup=false\n\n"
         "3. Timed (for 1h) 100% GET from an ais bucket, no cleanup:\n"
         "   aisloader -bucket=ais://abc -duration 1h -numworkers=30 -pctput=0 -cleanup=false\n\n"
         "4. Mixed 30% PUT / 70% GET for 1 minute, sizes 1..8 MiB, keep the bucket:\n"
         "   aisloader -bucket=ais://abc -duration 1m -numworkers=16 -pctput=30 -minsize=1M -maxsize=8M "
         "-cleanup=false\n\n"
         "5. PUT 1 GiB of 256 KiB objects with 8 workers (no time limit), then destroy the bucket:\n"
         "   aisloader -bucket=ais://abc -totalputsize=1G -numworkers=8 -pctput=100 -minsize=256K "
         "-maxsize=256K -cleanup=true\n\n"
         "6. PUT exactly 1000 objects named with hex counters under a virtual directory:\n"
         "   aisloader -bucket=ais://abc -maxputs=1000 -pctput=100 -minsize=4K -maxsize=4K -randomname=false "
         "-subdir=dir1 -cleanup=false\n\n"
         "7. Read every object of the bucket exactly twice (epochs), verifying checksums:\n"
         "   aisloader -bucket=ais://abc -epochs=2 -pctput=0 -numworkers=8 -verifyhash -cleanup=false\n\n"
         "8. Ranged reads: 4 KiB at offset 1 MiB of each object:\n"
         "   aisloader -bucket=ais://abc -duration 30s -pctput=0 -readoff=1M -readlen=4K -cleanup=false\n\n"
         "9. Read only the objects listed in a local file, with stats every 2s in JSON to a file:\n"
         "   aisloader -bucket=ais://abc -filelist=names.txt -pctput=0 -duration 1m -statsinterval=2 -json "
         "-stats-output=/tmp/stats.json -cleanup=false\n\n"
         "10. 100% PUT without listing the bucket first, random sizes 1..64 KiB, 64 workers:\n"
         "   aisloader -bucket=ais://abc -skiplist -pctput=100 -minsize=1K -maxsize=64K -numworkers=64 "
         "-duration 30s -cleanup=false\n\n"
         "11. Run until Ctrl-C, then print the final stats and destroy the bucket:\n"
         "   aisloader -bucket=ais://abc -duration 0 -stoppable -pctput=50 -minsize=1M -maxsize=1M "
         "-cleanup=true\n\n"
         "12. Talk to an S3-compatible server directly (no AIStore), path-style:\n"
         "   aisloader -s3endpoint=http://localhost:9000 -bucket=s3://abc -pctput=100 -minsize=1M "
         "-maxsize=1M -duration 30s\n\n"
         "13. Cluster over HTTPS with a self-signed certificate and a token:\n"
         "   AIS_ENDPOINT=https://10.0.0.1:8080 AIS_SKIP_VERIFY_CRT=true aisloader -bucket=ais://abc "
         "-tokenfile=$HOME/.config/ais/cli/auth.token -pctput=0 -duration 1m -cleanup=false\n\n"
         "14. Print the runtime configuration only:\n"
         "   aisloader -bucket=ais://abc -pctput=0 -cleanup=false -dry-run\n";
    return u;
}

std::string args_dump(const Params& p) {
    std::string defs, custom;
    for (const auto* e : p.flags.sorted()) {
        std::string line = e->name + ":";
        line.append(line.size() < 24 ? 24 - line.size() : 1, ' ');
        line += e->value();
        line += '\n';
        (e->set ? custom : defs) += line;
    }
    std::string out = "==== COMMAND LINE ARGUMENTS ====\n=========== DEFAULTS ===========\n" + defs;
    out += "============ CUSTOM ============\n" + custom;
    return out;
}

}  // namespace ais::loader
