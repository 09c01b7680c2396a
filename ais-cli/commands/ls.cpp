// `ais ls` (= `ais bucket ls`): buckets, or the objects of one bucket.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/client.hpp"
#include "shared/api/codec.hpp"
#include "shared/config/bprops.hpp"
#include "shared/util/errors.hpp"

#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <regex>

namespace ais::cli {

namespace {

void list_buckets(Ctx& ctx, const std::string& provider) {
    api::Client& c = ctx.env.client();
    std::optional<api::Presence> presence;
    if (!ctx.on("all")) presence = api::Presence::kPresent;
    std::vector<api::Bck> bcks = c.list_buckets(provider, presence);
    if (ctx.on("json")) {
        print_json(api::to_json(bcks));
        return;
    }
    if (bcks.empty()) {
        if (provider.empty()) {
            fmt::print("No buckets in the cluster.\n");
        } else {
            fmt::print("No \"{}://\" buckets in the cluster.\n", api::provider_scheme(provider));
        }
        return;
    }
    if (!ctx.on("summary")) {
        Table t({"NAME", "PRESENT"});
        for (const auto& b : bcks) t.add({b.cname(), "yes"});
        t.print(ctx.on("no-headers"));
        return;
    }
    // --summary: bucket info (an asynchronous HEAD per bucket, spec §2.7), as the Go CLI's
    // `ais ls --summary`: NAME PRESENT OBJECTS SIZE (apparent, objects, remote) USAGE(%)
    const Units u = units(ctx);
    auto sz = [&](uint64_t n) { return fmt_size(static_cast<int64_t>(n), u); };
    Table t({"NAME", "PRESENT", "OBJECTS", "SIZE (apparent, objects, remote)", "USAGE(%)"});
    for (const auto& b : bcks) {
        const api::BsummResult r = c.bucket_info(b, {}, false).second;
        t.add({b.cname(), r.is_present ? "yes" : "no", fmt::format("{} {}", r.obj_count_present, r.obj_count_remote),
               fmt::format("{} {} {}", sz(r.size_on_disk), sz(r.size_all_present_objs), sz(r.size_all_remote_objs)),
               r.is_present ? fmt::format("{}%", r.used_pct) : "-"});
    }
    t.print(ctx.on("no-headers"));
}

struct Column {
    std::string prop, header;
};

std::vector<Column> columns_for(const Ctx& ctx, const api::Bck& b, std::string& props) {
    static const std::vector<Column> kAll = {
        {"name", "NAME"},         {"size", "SIZE"},     {"checksum", "CHECKSUM"}, {"atime", "ATIME"},
        {"version", "VERSION"},   {"cached", "CACHED"}, {"status", "STATUS"},     {"copies", "COPIES"},
        {"custom", "CUSTOM"},     {"location", "LOCATION"},
    };
    std::vector<std::string> want;
    if (ctx.on("name-only")) {
        want = {"name"};
    } else if (ctx.has("props")) {
        want = split_list(ctx.str("props"));
        if (want.size() == 1 && want[0] == "all") {
            want.clear();
            for (const auto& c : kAll) want.push_back(c.prop);
        }
    } else {
        want = {"name", "size"};
        if (b.is_remote()) want.push_back("cached");
    }
    std::vector<Column> cols;
    if (std::find(want.begin(), want.end(), "name") == want.end()) want.insert(want.begin(), "name");
    for (const auto& w : want) {
        auto it = std::find_if(kAll.begin(), kAll.end(), [&](const Column& c) { return c.prop == w; });
        if (it == kAll.end()) {
            ctx.usage_error("invalid --props \"" + w +
                            "\": expected a comma-separated list of name, size, checksum, atime, version, "
                            "cached, status, copies, custom, location (or all)");
        }
        if (std::none_of(cols.begin(), cols.end(), [&](const Column& c) { return c.prop == w; })) cols.push_back(*it);
    }
    props.clear();
    for (const auto& c : cols) props += (props.empty() ? "" : ",") + c.prop;
    return cols;
}

std::string status_str(const api::LsoEnt& e) {
    switch (e.status()) {
        case api::ls::kEntOK:
            return "ok";
        case api::ls::kEntMisplacedNode:
            return "misplaced(cluster)";
        case api::ls::kEntMisplacedMpath:
            return "misplaced(mountpath)";
        case api::ls::kEntIsCopy:
            return "replica";
        case api::ls::kEntCopyMissing:
            return "replica-missing";
        default:
            return "unknown";
    }
}

std::string cell(const Ctx& ctx, const api::LsoEnt& e, const std::string& prop) {
    auto dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
    if (prop == "name") return e.name;
    if (e.is_dir()) return "";
    if (prop == "size") return size_str(ctx, e.size);
    if (prop == "checksum") return dash(e.checksum);
    if (prop == "atime") return dash(e.atime);
    if (prop == "version") return dash(e.version);
    if (prop == "cached") return e.is_present() ? "yes" : "no";
    if (prop == "status") return status_str(e);
    if (prop == "copies") return e.copies ? std::to_string(e.copies) : "-";
    if (prop == "custom") return dash(e.custom);
    if (prop == "location") return dash(e.location);
    return "-";
}

void print_entries(const Ctx& ctx, const std::vector<Column>& cols, const std::vector<const api::LsoEnt*>& ents) {
    const bool no_headers = ctx.on("no-headers");
    if (cols.size() == 1) {  // names only: no need to align
        std::string out;
        if (!no_headers) out += cols[0].header + "\n";
        for (const auto* e : ents) out += e->name + "\n";
        std::fwrite(out.data(), 1, out.size(), stdout);
        return;
    }
    std::vector<std::string> headers;
    for (const auto& c : cols) headers.push_back(c.header);
    Table t(std::move(headers));
    for (const auto* e : ents) {
        std::vector<std::string> row;
        for (const auto& c : cols) row.push_back(cell(ctx, *e, c.prop));
        t.add(std::move(row));
    }
    t.print(no_headers);
}

void list_objects(Ctx& ctx, const api::BckUri& uri) {
    api::Client& c = ctx.env.client();
    const api::Bck& b = uri.bck;
    api::LsoMsg msg;
    if (!uri.obj.empty() && ctx.has("prefix")) {
        ctx.usage_error("prefix given twice: in \"" + uri.bck.obj_cname(uri.obj) + "\" and as --prefix");
    }
    msg.prefix = ctx.has("prefix") ? ctx.str("prefix") : uri.obj;
    msg.start_after = ctx.str("start-after");
    msg.pagesize = ctx.num("page-size", 0);
    std::vector<Column> cols = columns_for(ctx, b, msg.props);
    if (ctx.on("name-only")) msg.set_flag(api::ls::kNameOnly);
    if (ctx.on("non-recursive")) msg.set_flag(api::ls::kNoRecursion);
    if (ctx.on("no-dirs")) msg.set_flag(api::ls::kNoDirs);
    if (ctx.on("cached")) msg.set_flag(api::ls::kCached);
    const int64_t limit = ctx.num("limit", 0);
    const int64_t max_pages = ctx.num("max-pages", 0);
    if (limit < 0) ctx.usage_error("invalid --limit " + std::to_string(limit));
    std::optional<std::regex> re;
    if (ctx.has("regex")) {
        try {
            re.emplace(ctx.str("regex"));
        } catch (const std::regex_error& e) {
            ctx.usage_error("invalid --regex \"" + ctx.str("regex") + "\": " + e.what());
        }
    }
    std::string last_dir;  // a "directory" may come from every target (the proxy should merge them)
    auto keep = [&](const api::LsoEnt& e) {
        if (e.is_dir()) {
            if (ctx.on("no-dirs") || e.name == last_dir) return false;
            last_dir = e.name;
        }
        return !re || std::regex_search(e.name, *re);
    };
    const auto started = std::chrono::steady_clock::now();
    const bool paged = ctx.on("paged"), json = ctx.on("json"), count_only = ctx.on("count-only");

    // Page by page: --paged prints each page; otherwise collect (a table needs every width).
    std::vector<api::LsoEnt> all;
    int64_t listed = 0, pages = 0;
    for (;;) {
        if (limit > 0 && listed >= limit) break;
        if (limit > 0 && (msg.pagesize == 0 || msg.pagesize > limit - listed)) msg.pagesize = limit - listed;
        api::LsoRes page = c.list_objects_page(b, msg);
        ++pages;
        std::vector<api::LsoEnt> kept;
        for (auto& e : page.entries) {
            if (limit > 0 && listed >= limit) break;
            if (!keep(e)) continue;
            ++listed;
            if (!count_only) kept.push_back(std::move(e));
        }
        if (paged && !count_only) {
            if (json) {
                page.entries = std::move(kept);
                print_json(api::to_json(page));
            } else {
                std::vector<const api::LsoEnt*> ptrs;
                for (const auto& e : kept) ptrs.push_back(&e);
                print_entries(ctx, cols, ptrs);
                if (!ctx.on("no-footers")) fmt::print("Page {}: {} names\n", pages, big_num(static_cast<int64_t>(ptrs.size())));
            }
        } else {
            for (auto& e : kept) all.push_back(std::move(e));
        }
        msg.uuid = page.uuid;
        msg.continuation_token = page.continuation_token;
        if (page.continuation_token.empty()) break;
        if (max_pages > 0 && pages >= max_pages) break;
    }
    if (count_only) {
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        fmt::print("Listed {} names in {}\n", big_num(listed), fmt_elapsed(secs));
        return;
    }
    if (paged) return;
    if (json) {
        api::LsoRes res;
        res.uuid = msg.uuid;
        res.entries = std::move(all);
        print_json(api::to_json(res));
        return;
    }
    std::vector<const api::LsoEnt*> ptrs;
    ptrs.reserve(all.size());
    for (const auto& e : all) ptrs.push_back(&e);
    if (ptrs.empty() && !ctx.on("no-headers")) {
        // an empty table says nothing: say it in words
        fmt::print("No objects in {}{}\n", b.cname(), msg.prefix.empty() ? "" : " with prefix \"" + msg.prefix + "\"");
        return;
    }
    print_entries(ctx, cols, ptrs);
    if (ptrs.size() > 10 && !ctx.on("no-footers") && !ctx.on("no-headers")) {
        fmt::print("Listed {} names\n", big_num(static_cast<int64_t>(ptrs.size())));
    }
}

void do_ls(Ctx& ctx) {
    ctx.need_args(0, 2, "[BUCKET[/PREFIX]] [PROVIDER]");
    std::string provider;
    if (ctx.args.empty()) return list_buckets(ctx, "");
    if (provider_only(ctx.args[0], provider)) return list_buckets(ctx, provider);
    if (ctx.args.size() > 1) ctx.usage_error("too many arguments: unexpected \"" + ctx.args[1] + "\"");
    list_objects(ctx, parse_uri(ctx, ctx.args[0]));
}

}  // namespace

Command ls_cmd() {
    Command c;
    c.name = "ls";
    c.usage = "list buckets, or the objects of a bucket";
    c.args = "[BUCKET[/PREFIX]] [PROVIDER]";
    c.flags = {"all",   "cached",    "count-only", "json",       "limit",       "max-pages", "name-only",
               "no-dirs", "no-footers", "no-headers", "non-recursive", "page-size", "paged",     "prefix",
               "props", "regex",     "start-after", "summary", "units"};
    c.completers = {completion::buckets(completion::BucketMode::kBucketOrPrefix),
                    completion::words({"ais://", "s3://", "gs://", "az://", "oc://"})};
    c.action = do_ls;
    c.description =
        "Without arguments: the buckets of the cluster. With a bucket (\"ais://b\", \"s3://b\", \"b\"): its "
        "objects, optionally under a prefix (\"ais://b/dir/\" or --prefix). A provider alone (\"ais\", "
        "\"s3://\") lists that provider's buckets.";
    return c;
}

}  // namespace ais::cli
