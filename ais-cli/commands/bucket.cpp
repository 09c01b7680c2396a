// `ais bucket`: create, rm, ls, props (show, set, reset), cp, mv.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "shared/api/client.hpp"
#include "shared/config/bprops.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/name_template.hpp"
#include "shared/util/strings.hpp"

#include <boost/json.hpp>
#include <fmt/core.h>

#include <set>

namespace ais::cli {

namespace {
namespace bj = boost::json;

// The partial Bprops JSON (BpropsToSet) that sets `kvs`: the keys are applied to `base` through
// the schema (which validates them and gives good messages), then only their paths are copied out.
std::string bprops_to_set(const Bprops& base, const std::vector<std::pair<std::string, std::string>>& kvs) {
    Bprops tmp = base;
    config::set_kvs(tmp, kvs);
    const bj::value full = config::to_json_value(tmp);
    bj::object partial;
    for (const auto& [key, v] : kvs) {
        const bj::value* src = &full;
        bj::object* dst = &partial;
        size_t b = 0;
        for (;;) {
            const size_t e = key.find('.', b);
            const std::string part = key.substr(b, e == std::string::npos ? std::string::npos : e - b);
            if (!src->is_object()) break;
            const bj::value* next = nullptr;
            for (const auto& kv : src->get_object())
                if (iequals(kv.key(), part)) next = &kv.value();
            if (!next) break;
            if (e == std::string::npos || !next->is_object()) {
                (*dst)[part] = *next;
                break;
            }
            bj::value& sub = (*dst)[part];
            if (!sub.is_object()) sub = bj::object();
            dst = &sub.get_object();
            src = next;
            b = e + 1;
        }
    }
    return bj::serialize(partial);
}

std::vector<std::pair<std::string, std::string>> kvs_from_text(const Ctx& ctx, std::string_view text) {
    std::vector<std::string> words;
    std::string w;
    for (char ch : text) {
        if (ch == ' ' || ch == '\t' || ch == '\n') {
            if (!w.empty()) words.push_back(std::move(w));
            w.clear();
        } else {
            w += ch;
        }
    }
    if (!w.empty()) words.push_back(std::move(w));
    return parse_kvs(ctx, words);
}

bool looks_like_json(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    return !s.empty() && s.front() == '{';
}

void do_create(Ctx& ctx) {
    ctx.need_args(1, -1, "BUCKET");
    std::string props;
    if (ctx.has("props")) {
        const std::string p = ctx.str("props");
        if (looks_like_json(p)) {
            Bprops check;
            config::apply_json(check, p);  // validate locally for a clear message
            props = p;
        } else {
            props = bprops_to_set(Bprops{}, kvs_from_text(ctx, p));
        }
    }
    api::Client& c = ctx.env.client();
    for (const auto& arg : ctx.args) {
        const api::Bck b = parse_bucket(ctx, arg);
        try {
            c.create_bucket(b, props);
            fmt::print("\"{}\" created\n", b.cname());
        } catch (const Error& e) {
            if (e.status() == 409 && ctx.on("ignore-error")) {
                fmt::print("Bucket \"{}\" already exists\n", b.cname());
                continue;
            }
            throw;
        }
    }
}

void do_rm(Ctx& ctx) {
    api::Client& c = ctx.env.client();
    std::vector<api::Bck> bcks;
    if (ctx.on("all")) {
        if (!ctx.args.empty()) ctx.usage_error("--all and bucket names are mutually exclusive");
        bcks = c.list_buckets("ais");
        if (bcks.empty()) {
            fmt::print("No buckets in the cluster.\n");
            return;
        }
        if (!confirmed(ctx, fmt::format("Destroy all {} ais:// buckets and every object in them?", bcks.size())))
            return;
    } else {
        ctx.need_args(1, -1, "BUCKET");
        for (const auto& arg : ctx.args) bcks.push_back(parse_bucket(ctx, arg));
    }
    for (const auto& b : bcks) {
        if (!b.is_ais()) {
            throw Error(400, "cannot destroy remote bucket \"" + b.cname() + "\" (use 'ais bucket evict')");
        }
        try {
            c.destroy_bucket(b);
            fmt::print("\"{}\" destroyed\n", b.cname());
        } catch (const Error& e) {
            if (e.status() == 404 && ctx.on("ignore-error")) {
                fmt::print("Bucket \"{}\" does not exist\n", b.cname());
                continue;
            }
            throw;
        }
    }
}

std::string prop_value(const std::string& key, const std::string& v) {
    if (key == "created") {
        if (auto ns = parse_int(v); ns && *ns > 0) return fmt_time_ns(*ns);
    }
    if (key == "access") {
        if (auto bits = parse_uint(v)) return access_names(*bits);
    }
    return v.empty() ? "-" : v;
}

void do_props_show(Ctx& ctx) {
    ctx.need_args(1, 2, "BUCKET");
    const api::Bck b = parse_bucket(ctx, ctx.args[0]);
    const Bprops props = ctx.env.client().head_bucket(b);
    const std::string section = ctx.args.size() > 1 ? ctx.args[1] : "";
    if (ctx.on("json")) {
        if (section.empty()) {
            print_text(config::to_json_pretty(props));
        } else {
            print_json(config::get_kv(props, section));
        }
        return;
    }
    auto rows = config::flatten(props);
    Table t({"PROPERTY", "VALUE"});
    if (ctx.on("compact")) {
        // one line per section: "checksum  type=xxhash2 validate_cold_get=false ..."
        std::vector<std::pair<std::string, std::string>> sections;
        for (const auto& [k, v] : rows) {
            const auto dot = k.find('.');
            const std::string sec = k.substr(0, dot);
            const std::string item = dot == std::string::npos ? prop_value(k, v) : k.substr(dot + 1) + "=" + v;
            if (sections.empty() || sections.back().first != sec) {
                sections.emplace_back(sec, item);
            } else {
                sections.back().second += " " + item;
            }
        }
        for (auto& [k, v] : sections)
            if (section.empty() || k.starts_with(section)) t.add({k, v});
    } else {
        for (const auto& [k, v] : rows)
            if (section.empty() || k.starts_with(section)) t.add({k, prop_value(k, v)});
    }
    if (t.empty()) throw Error(404, "no bucket property matches \"" + section + "\"");
    t.print(ctx.on("no-headers"));
}

void do_props_set(Ctx& ctx) {
    ctx.need_args(2, -1, "BUCKET KEY=VALUE");
    const api::Bck b = parse_bucket(ctx, ctx.args[0]);
    api::Client& c = ctx.env.client();
    const Bprops before = c.head_bucket(b);
    std::string partial;
    std::vector<std::string> keys;
    if (ctx.args.size() == 2 && looks_like_json(ctx.args[1])) {
        Bprops check = before;
        config::apply_json(check, ctx.args[1]);
        partial = ctx.args[1];
    } else {
        const auto kvs = parse_kvs(ctx, {ctx.args.begin() + 1, ctx.args.end()});
        partial = bprops_to_set(before, kvs);
        for (const auto& kv : kvs) keys.push_back(kv.first);
    }
    c.set_bprops(b, partial);
    const Bprops after = c.head_bucket(b);
    if (after == before) {
        fmt::print("Bucket props have not changed.\n");
        return;
    }
    fmt::print("\"{}\" bucket props successfully updated.\n", b.cname());
    const auto old_rows = config::flatten(before);
    Table t({"PROPERTY", "VALUE"});
    for (const auto& [k, v] : config::flatten(after)) {
        auto it = std::find_if(old_rows.begin(), old_rows.end(), [&](const auto& r) { return r.first == k; });
        if (it == old_rows.end() || it->second != v) t.add({k, prop_value(k, v)});
    }
    if (!t.empty()) t.print(ctx.on("no-headers"));
}

void do_props_reset(Ctx& ctx) {
    ctx.need_args(1, 1, "BUCKET");
    const api::Bck b = parse_bucket(ctx, ctx.args[0]);
    ctx.env.client().reset_bprops(b);
    fmt::print("\"{}\" bucket props successfully reset to cluster defaults.\n", b.cname());
}

bool has_range(std::string_view s) {
    if (s.find('{') == std::string_view::npos) return false;
    try {
        return NameTemplate::parse(s).has_ranges();
    } catch (const std::exception&) {
        return false;
    }
}

void note(std::string_view msg) {
    std::fflush(stdout);
    fmt::print(stderr, "Note: {}\n", msg);
}

void warn(std::string_view msg) {
    std::fflush(stdout);
    fmt::print(stderr, "Warning: {}\n", msg);
}

// "Copying ais://a => ais://b" (or just the source when copying onto itself, e.g. --sync)
std::string tcb_caption(std::string_view action, const api::Bck& from, const api::Bck& to) {
    if (from == to) return fmt::format("{} {}", action, from.cname());
    return fmt::format("{} {} => {}", action, from.cname(), to.cname());
}

// Prints what was started and, with --wait, waits for it (every id of a comma-joined list).
void started_or_wait(Ctx& ctx, const std::string& kind, const std::string& xids, const std::string& text) {
    if (!ctx.on("wait") && !ctx.on("progress")) {
        if (ctx.on("non-verbose")) {
            fmt::print("{}\n", xids);
        } else {
            fmt::print("{}. {}\n", text, monitor_hint(xids));
        }
        return;
    }
    fmt::print("{} ...", text);
    std::fflush(stdout);
    try {
        for (const auto& xid : split_list(xids)) wait_job_done(ctx, kind, xid, false);
    } catch (...) {
        fmt::print("\n");
        throw;
    }
    fmt::print("Done.\n");
}

// `ais cp SRC[/OBJECT_NAME_or_TEMPLATE] DST`: the whole bucket (copy-bck), or selected objects
// (copy-listrange) by --list, --template or a name/template/"dir/" embedded in SRC.
void do_cp(Ctx& ctx) {
    ctx.need_args(1, 2, "SRC_BUCKET[/OBJECT_NAME_or_TEMPLATE] DST_BUCKET");
    const api::BckUri src = parse_uri(ctx, ctx.args[0]);
    api::Bck dst;
    if (ctx.args.size() > 1) {
        dst = parse_bucket(ctx, ctx.args[1]);
    } else if (ctx.on("sync") || ctx.on("latest")) {
        dst = src.bck;  // refresh the in-cluster copy of a remote bucket
    } else {
        ctx.usage_error("missing destination bucket");
    }
    if (ctx.has("list") && ctx.has("template")) ctx.usage_error("--list and --template are mutually exclusive");
    std::string list = ctx.str("list"), tmpl = ctx.str("template");
    if (!src.obj.empty()) {
        if (ctx.has("list") || ctx.has("template"))
            ctx.usage_error("\"" + ctx.args[0] + "\": object name or template given twice (embedded and as --list/--template)");
        if (has_range(src.obj) || src.obj.back() == '/') {
            tmpl = src.obj;
        } else {
            list = src.obj;
        }
    }
    const bool multi = !list.empty() || ctx.has("template") || !tmpl.empty();
    api::Client& c = ctx.env.client();
    c.head_bucket(src.bck);  // "does not exist" before anything else
    {
        api::LsoMsg lm;
        lm.props = "name";
        lm.pagesize = 1;
        lm.set_flag(api::ls::kNameOnly);
        if (c.list_objects_page(src.bck, lm).entries.empty()) {
            note("source " + src.bck.cname() + " is empty, nothing to do");
            return;
        }
    }
    if (!c.bucket_exists(dst)) {
        warn(fmt::format("destination {} doesn't exist and will be created with configuration copied from the "
                         "source ({})",
                         dst.cname(), src.bck.cname()));
    }
    api::TCBMsg msg;
    msg.prefix = ctx.str("prefix");
    msg.prepend = ctx.str("prepend");
    msg.dry_run = ctx.on("dry-run");
    msg.force = ctx.on("force");
    msg.latest_ver = ctx.on("latest");
    msg.sync = ctx.on("sync");
    msg.non_recurs = ctx.on("non-recursive");
    msg.coer = ctx.on("cont-on-err");
    if (ctx.has("num-workers")) msg.num_workers = static_cast<int>(ctx.num("num-workers", 0));
    if (msg.sync && !msg.prepend.empty())
        ctx.usage_error("--prepend is incompatible with --sync (the latter requires identical source/destination naming)");
    if (!multi) {
        if (src.bck == dst && src.bck.is_ais()) ctx.usage_error("cannot copy bucket " + dst.cname() + " onto itself");
        if (msg.dry_run) fmt::print("[DRY RUN] with no modifications to the cluster\nCopying the entire bucket\n");
        const std::string xid = c.copy_bucket(src.bck, dst, msg);
        return started_or_wait(ctx, api::act::kCopyBck, xid, tcb_caption("Copying", src.bck, dst));
    }
    if (msg.dry_run) {
        fmt::print("[DRY RUN] with no modifications to the cluster\n");
        if (!list.empty()) {
            fmt::print("Copying \"{}\" ...\n", list);
        } else {
            fmt::print("Copying objects that match the pattern \"{}\" ...\n", tmpl);
        }
    }
    api::TCOMsg m;
    static_cast<api::TCBMsg&>(m) = msg;
    m.tobck = dst;
    m.objnames = split_list(list);
    m.template_ = tmpl;
    const std::string xid = c.copy_objects(src.bck, m);
    started_or_wait(ctx, api::act::kCopyObjects, xid, tcb_caption("Copying objects", src.bck, dst));
}

void do_mv(Ctx& ctx) {
    ctx.need_args(2, 2, "BUCKET NEW_BUCKET");
    const api::Bck from = parse_bucket(ctx, ctx.args[0]);
    const api::Bck to = parse_bucket(ctx, ctx.args[1]);
    if (from == to) ctx.usage_error("cannot rename bucket " + from.cname() + " as itself");
    const std::string xid = ctx.env.client().rename_bucket(from, to);
    started_or_wait(ctx, api::act::kMoveBck, xid, tcb_caption("Renaming", from, to));
}

}  // namespace

Command bucket_props_show_cmd() {
    Command c;
    c.name = "show";
    c.usage = "show bucket properties";
    c.args = "BUCKET [PROP_PREFIX]";
    c.flags = {"compact", "json", "no-headers"};
    c.completers.push_back(completion::buckets(completion::BucketMode::kBucket));
    c.completers.push_back([](Ctx&, std::string_view cur, Candidates& out) {
        std::set<std::string> s;
        for (const auto& k : config::list_keys<Bprops>()) s.insert(k.key.substr(0, k.key.find('.')));
        for (const auto& x : s)
            if (x.starts_with(cur)) out.add(x);
    });
    c.action = do_props_show;
    return c;
}

Command bucket_cmd() {
    using completion::BucketMode;
    Command create{.name = "create",
                   .usage = "create ais:// bucket(s)",
                   .args = "BUCKET [BUCKET...]",
                   .flags = {"force", "ignore-error", "props-bck", "skip-lookup"},
                   .completers = {completion::none()},
                   .action = do_create};
    Command rm{.name = "rm",
               .usage = "destroy bucket(s) and every object in them",
               .args = "BUCKET [BUCKET...] | --all",
               .flags = {"all", "ignore-error", "yes"},
               .completers = {completion::buckets(BucketMode::kBucket)},
               .action = do_rm};
    Command props_set{.name = "set",
                      .usage = "update bucket properties (KEY=VALUE pairs or JSON)",
                      .args = "BUCKET JSON-formatted-KEY-VALUE | KEY=VALUE [KEY=VALUE...]",
                      .flags = {"force", "no-headers"},
                      .completers = {completion::buckets(BucketMode::kBucket), completion::bprops_keys()},
                      .action = do_props_set};
    Command props_reset{.name = "reset",
                        .usage = "reset bucket properties to the cluster defaults",
                        .args = "BUCKET",
                        .completers = {completion::buckets(BucketMode::kBucket)},
                        .action = do_props_reset};
    Command props_show = bucket_props_show_cmd();
    Command props{.name = "props",
                  .usage = "show, update or reset bucket properties",
                  .args = "BUCKET [PROP_PREFIX]",
                  .flags = props_show.flags,
                  .completers = props_show.completers,
                  .action = do_props_show,
                  .subs = {props_set, props_reset, props_show}};
    Command cp{.name = "cp",
               .usage = "copy a bucket, or selected objects, to another bucket (a job)",
               .args = "SRC_BUCKET[/OBJECT_NAME_or_TEMPLATE] DST_BUCKET",
               .flags = {"cont-on-err", "dry-run", "force", "latest", "list", "non-recursive", "non-verbose",
                         "num-workers", "prefix", "prepend", "progress", "sync", "template", "timeout", "wait"},
               .completers = {completion::buckets(BucketMode::kBucket)},
               .action = do_cp};
    Command mv{.name = "mv",
               .usage = "rename an ais:// bucket (a job)",
               .args = "BUCKET NEW_BUCKET",
               .flags = {"non-verbose", "timeout", "wait"},
               .completers = {completion::buckets(BucketMode::kBucket), completion::none()},
               .action = do_mv};
    Command show = bucket_props_show_cmd();
    show.usage = "show bucket properties (same as 'ais bucket props show')";
    Command b{.name = "bucket",
              .usage = "create, destroy, list, copy and rename buckets; show and set their properties",
              .subs = {ls_cmd(), create, rm, props, show, cp, mv, bucket_summary_cmd()}};
    return b;
}

}  // namespace ais::cli
