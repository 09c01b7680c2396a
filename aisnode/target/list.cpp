// This target's page of a list-objects (spec §4): walk the bucket's dirs on every mountpath (once
// per list session, cached), pick the page (lso_page.hpp), read metadata for just those entries.
#include "aisnode/target/go_time.hpp"
#include "aisnode/target/impl.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/lso.hpp"
#include "shared/api/msgs.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <cstring>

namespace ais::node {

namespace {

// "[k1:v1 k2:v2]" (spec §4.2).
std::string custom_str(const std::map<std::string, std::string>& m) {
    if (m.empty()) return {};
    std::string s = "[";
    for (const auto& [k, v] : m) {
        if (s.size() > 1) s += ' ';
        s += k;
        s += ':';
        s += v;
    }
    s += ']';
    return s;
}

}  // namespace

Task<void> Target::Impl::list_objects(Request& req, Response& resp, ObjRef& bref, std::string_view body) {
    api::ActMsg act;
    if (!body.empty()) act = api::from_json<api::ActMsg>(body);
    if (act.action != api::act::kList)
        throw ErrNotImplemented(tname() + ": GET " + bref.bck.cname() + ": action \"" + act.action +
                                "\" is not supported by targets");
    api::LsoMsg msg = act.value_as<api::LsoMsg>();
    api::validate_no_nul("prefix", msg.prefix);
    const std::string prefix = msg.clean_prefix();
    const std::string base(prefix_base(prefix));
    const bool norec = msg.has_flag(api::ls::kNoRecursion);

    ListCache::Names names;
    std::string key;
    if (!msg.uuid.empty()) {
        key = bref.bck.uname() + "\n" + msg.uuid + "\n" + (norec ? "N" : "R") + base;
        names = lcache.get(key);
    }
    if (!names) {
        std::vector<NameEnt> v;
        co_await pool.run([&] {
            v = walk(bref.bck, base, !norec);
            sort_unique(v);
        });
        names = std::make_shared<const std::vector<NameEnt>>(std::move(v));
        if (!key.empty()) lcache.put(key, names);
    }

    PageSpec spec;
    spec.prefix = prefix;
    spec.after = std::max(msg.continuation_token, msg.start_after);
    spec.pagesize =
        msg.pagesize > 0 ? static_cast<size_t>(msg.pagesize) : static_cast<size_t>(api::kDefaultPageSizeAIS);
    spec.no_recursion = norec;
    spec.no_dirs = msg.has_flag(api::ls::kNoDirs);
    Page page = select_page(*names, spec);

    const bool name_only = msg.has_flag(api::ls::kNameOnly);
    const bool empty_props = msg.props.empty();
    const bool w_size = !name_only && (empty_props || msg.want_prop(api::ls::kPropSize));
    const bool w_cksum = !name_only && msg.want_prop(api::ls::kPropChecksum);
    const bool w_atime = !name_only && msg.want_prop(api::ls::kPropAtime);
    const bool w_version = !name_only && msg.want_prop(api::ls::kPropVersion);
    const bool w_custom = !name_only && msg.want_prop(api::ls::kPropCustom);
    const bool w_location = !name_only && msg.want_prop(api::ls::kPropLocation);
    const bool w_copies = !name_only && msg.want_prop(api::ls::kPropCopies);
    const bool need_lom = w_cksum || w_atime || w_version || w_custom || w_copies;
    const bool need_stat = w_size || need_lom;

    api::LsoRes res;
    res.uuid = msg.uuid;
    res.continuation_token = page.full && !page.items.empty() ? page.items.back().name : std::string();
    res.entries.reserve(page.items.size());
    for (const auto& item : page.items) {
        api::LsoEnt e;
        e.name = item.name;
        if (item.is_dir()) {
            e.flags = api::ls::kEntIsDir | api::ls::kEntPresent;
            res.entries.push_back(std::move(e));
            continue;
        }
        e.flags = api::ls::kEntPresent;
        const std::string& mp = mpaths.at(item.src->mpath).path;
        if (need_stat) {
            const std::string fqn = fs::obj_path(mp, bref.bck, item.name).fqn;
            struct stat st;
            if (::stat(fqn.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;  // removed since the walk
            e.size = static_cast<int64_t>(st.st_size);
            if (need_lom) {
                LomMd md;
                if (!load_lom(fqn, md)) {
                    md.atime = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
                    md.version = "1";
                }
                if (w_cksum && md.has_cksum()) e.checksum = md.cksum_value;
                if (w_atime && md.atime)
                    e.atime = msg.time_format.empty() ? rfc822(md.atime)
                                                      : format_go_time(md.atime, msg.time_format);
                if (w_version) e.version = md.version;
                if (w_custom) e.custom = custom_str(md.custom);
                if (w_copies) e.copies = 1 + static_cast<int64_t>(md.copies.size());
            }
            if (!w_size) e.size = 0;
        }
        if (w_location) e.location = tname() + ":" + mp;
        res.entries.push_back(std::move(e));
    }

    if (req.headers.get(api::hdr::kAccept).find(api::ct::kMsgpack) != std::string_view::npos)
        resp.set_body(api::to_msgpack(res), api::ct::kMsgpack);
    else
        resp.set_json(api::to_json(res));
    co_return;
}

}  // namespace ais::node
