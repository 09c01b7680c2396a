// make-n-copies: every object of the bucket stored on this target gets exactly N replicas on
// different mountpaths (mirror::ensure), up or down.
#include "aisnode/mirror/mirror.hpp"
#include "aisnode/xs/jobs.hpp"

#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

#include <boost/json.hpp>

namespace ais::node::xs {

namespace {

// The ActMsg value: a number, or a string holding one (the CLI sends either).
int parse_copies(const std::string& raw, const std::string& tname) {
    boost::json::error_code ec;
    auto v = boost::json::parse(raw, ec);
    std::optional<int64_t> n;
    if (!ec) {
        if (v.is_int64()) n = v.as_int64();
        else if (v.is_uint64()) n = static_cast<int64_t>(v.as_uint64());
        else if (v.is_double() && v.as_double() == static_cast<double>(static_cast<int64_t>(v.as_double())))
            n = static_cast<int64_t>(v.as_double());
        else if (v.is_string())
            if (auto u = parse_uint(std::string(v.as_string()))) n = static_cast<int64_t>(*u);
    }
    if (!n) throw ErrBadRequest(tname + ": invalid number of copies " + raw + " (expecting an integer)");
    return static_cast<int>(std::clamp<int64_t>(*n, -1, 1 << 20));
}

}  // namespace

MncJob::MncJob(Core& core, const JobReq& req) : Xact(req.id, req.kind), core_(core) {
    bck = req.bck;
    (void)core_.resolve_bck(bck);
    copies_ = parse_copies(req.msg, core_.tname());
    check_copies(core_, bck, copies_);
}

void check_copies(const Core& core, const api::Bck& bck, int64_t copies) {
    if (copies < 1 || copies > kMaxCopies)
        throw ErrBadRequest(core.tname() + ": invalid number of copies " + std::to_string(copies) + ", must be in [1, " +
                            std::to_string(kMaxCopies) + "] range");
    const size_t mps = core.mpaths.size();
    if (static_cast<size_t>(copies) > mps)
        throw ErrBadRequest(core.tname() + ": not enough mountpaths (" + std::to_string(mps) + ") to configure " +
                            bck.cname() + " as " + std::to_string(copies) + "-way mirror");
}

void MncJob::run() {
    NameSource names = NameSource::walk(core_, bck, "");
    for_each([&names](std::string& out) { return names.next(out); },
             [this](const std::string& name) {
                 ObjRef ref = core_.resolve(bck, name);
                 mirror::Fixed fx = mirror::ensure(core_, ref, copies_, false);
                 if (fx.added > 0) add_loc(fx.added, fx.bytes);
             },
             true);
}

}  // namespace ais::node::xs
