// `ais object promote PATH BUCKET[/PREFIX]`: files and directories that the targets can read (a
// shared file system, or each target's own with --not-file-share) become objects. The cluster
// does the work (POST /v1/objects/B, action "promote"), synchronously or as a promote job.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "shared/api/client.hpp"

#include <fmt/core.h>

#include <filesystem>

namespace ais::cli {

namespace {

void do_promote(Ctx& ctx) {
    ctx.need_args(2, 2, "FILE|DIRECTORY[/PATTERN] BUCKET[/OBJECT_NAME_or_PREFIX]");
    // the targets resolve the path: make a relative one absolute here, where the user typed it
    std::string src = ctx.args[0];
    if (!src.empty() && src.front() != '/') {
        std::error_code ec;
        const auto abs = std::filesystem::absolute(src, ec);
        if (!ec) src = abs.lexically_normal().string();
    }
    const api::BckUri dst = parse_uri(ctx, ctx.args[1]);
    api::PromoteOpts p;
    p.src = src;
    p.obj = dst.obj;
    p.target_id = node_id_arg(ctx.str("target-id"));
    p.recursive = ctx.on("recursive");
    p.not_fshare = ctx.on("not-file-share");
    p.overwrite = ctx.on("overwrite-dst");
    p.delete_src = ctx.on("delete-src");
    const std::string xid = ctx.env.client().promote(dst.bck, p);
    // the Go CLI's line: `[recursively ]promoted "PATH" => BUCKET[, xaction ID "XID"]`
    fmt::print("{}promoted \"{}\" => {}{}\n", p.recursive ? "recursively " : "", src, dst.bck.cname(),
               xid.empty() ? std::string() : fmt::format(", xaction ID \"{}\"", xid));
}

}  // namespace

Command object_promote_cmd() {
    return Command{
        .name = "promote",
        .usage = "promote target-accessible files and directories to objects",
        .args = "FILE|DIRECTORY[/PATTERN] BUCKET[/OBJECT_NAME_or_PREFIX]",
        .flags = {"delete-src", "not-file-share", "overwrite-dst", "recursive", "target-id", "verbose"},
        .completers = {completion::files(), completion::buckets(completion::BucketMode::kObject)},
        .action = do_promote};
}

}  // namespace ais::cli
