// `ais ec-encode BUCKET --data-slices D --parity-slices P [--recover]`: erasure-code a bucket, as Go
// AIS's ecEncodeHandler does (also reachable as `ais start ec-encode BUCKET` for a bucket that has
// EC on): the props are set and every object is encoded (POST /v1/buckets/B "ec-encode", the value
// a JSON string as api.ECEncodeBucket sends it).
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "shared/api/client.hpp"
#include "shared/config/bprops.hpp"
#include "shared/util/strings.hpp"

#include <fmt/core.h>
#include <boost/json.hpp>

#include <chrono>
#include <stdexcept>

namespace ais::cli {

namespace {

constexpr int kMinSlices = 1, kMaxSlices = 32;  // cmn.MinSliceCount, cmn.MaxSliceCount

void do_ec_encode(Ctx& ctx) {
    ctx.need_args(1, 1, "BUCKET");
    const api::Bck bck = parse_bucket(ctx, ctx.args[0]);
    api::Client& c = ctx.env.client();
    const Bprops p = c.head_bucket(bck);
    int64_t d = ctx.num("data-slices", 0), n = ctx.num("parity-slices", 0);
    if (p.ec.enabled) {
        if (d == 0) d = p.ec.data_slices;
        if (n == 0) n = p.ec.parity_slices;
    }
    if (d < kMinSlices || d > kMaxSlices)
        throw UsageError(fmt::format("invalid number {} of data slices (valid range: [{}, {}])", d,
                                     kMinSlices, kMaxSlices));
    if (n < kMinSlices || n > kMaxSlices)
        throw UsageError(fmt::format("invalid number {} of parity slices (valid range: [{}, {}])", n,
                                     kMinSlices, kMaxSlices));
    const bool recover = ctx.on("recover");
    bool warned = false;
    if (p.ec.enabled) {
        if (p.ec.data_slices != d || p.ec.parity_slices != n)
            throw std::runtime_error(
                fmt::format("{} is already (D={}, P={}) erasure-coded - cannot change this existing "
                            "configuration to (D={}, P={})",
                            bck.cname(), p.ec.data_slices, p.ec.parity_slices, d, n));
        if (!recover) {
            fmt::print("Warning: {} is already erasure-coded for (D={}, P={}) - proceeding to run anyway\n",
                       bck.cname(), d, n);
            warned = true;
        }
    }
    const std::string conf = boost::json::serialize(
        boost::json::object{{"data_slices", d}, {"parity_slices", n}, {"enabled", true}});
    boost::json::object act{{"action", "ec-encode"}, {"value", conf}};
    if (recover) act["name"] = "ec-recover";
    auto rq = c.request("POST", "/v1/buckets/" + url_escape_path(bck.name), bck.query());
    rq.headers.set("Content-Type", "application/json");
    rq.body = boost::json::serialize(act);
    std::string xid = c.call(rq).body;
    while (!xid.empty() && (xid.back() == '\n' || xid.back() == ' ')) xid.pop_back();
    if (ctx.on("non-verbose")) {
        fmt::print("{}\n", xid);
    } else {
        const std::string monitor = fmt::format("To monitor the progress, run 'ais show job {}'", xid);
        if (warned)
            fmt::print("{}\n", monitor);
        else
            fmt::print("Erasure-coding {} for (D={}, P={}){}. {}\n", bck.cname(), d, n,
                       recover ? ". Running in recovery mode" : "", monitor);
    }
    if (ctx.on("wait")) {
        auto st = c.wait_job(xid, std::chrono::milliseconds(ctx.duration_ms("timeout", 24 * 3600 * 1000)));
        if (!st.err.empty()) throw std::runtime_error(st.err);
        if (!ctx.on("non-verbose")) fmt::print("Done.\n");
    }
}

}  // namespace

Command ec_encode_cmd() {
    return Command{
        .name = "ec-encode",
        .usage =
            "erasure code entire bucket, e.g.: 'ais ec-encode ais://nnn -d 8 -p 2' (or "
            "'--data-slices 8 --parity-slices 2'); '--recover': check and make sure that every object "
            "is properly erasure-coded",
        .args = "BUCKET",
        .flags = {"data-slices", "parity-slices", "recover", "non-verbose", "wait", "timeout"},
        .completers = {completion::buckets(completion::BucketMode::kBucket)},
        .action = do_ec_encode};
}

}  // namespace ais::cli
