// Completers: what can follow a command, from fixed lists, the config schemas and the live cluster.
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "ais-cli/ui/job_kinds.hpp"
#include "shared/api/bck.hpp"
#include "shared/api/client.hpp"
#include "shared/config/bprops.hpp"
#include "shared/config/cluster_config.hpp"
#include "shared/util/errors.hpp"

#include <algorithm>
#include <set>

namespace ais::cli::completion {

namespace {

bool has_prefix(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

// Object names under `prefix`, one "directory" level deep: "a/1", "a/2", "b" -> "a/", "b".
std::vector<std::string> list_level(api::Client& c, const api::Bck& b, const std::string& prefix) {
    api::LsoMsg msg;
    msg.prefix = prefix;
    msg.props = "name";
    msg.set_flag(api::ls::kNameOnly);
    msg.set_flag(api::ls::kNoRecursion);
    msg.pagesize = 1000;
    api::LsoRes res = c.list_objects_page(b, msg);
    std::set<std::string> out;
    for (const auto& e : res.entries) {
        if (!has_prefix(e.name, prefix)) continue;
        const auto slash = e.name.find('/', prefix.size());
        out.insert(slash == std::string::npos ? e.name : e.name.substr(0, slash + 1));
    }
    return {out.begin(), out.end()};
}

void complete_buckets(Ctx& ctx, std::string_view cur, Candidates& out, BucketMode mode) {
    // Once "provider://bucket/" is typed: object names (or prefixes).
    const auto scheme = cur.find("://");
    const size_t name_start = scheme == std::string_view::npos ? 0 : scheme + 3;
    const auto slash = cur.find('/', name_start);
    if (mode != BucketMode::kBucket && slash != std::string_view::npos) {
        api::BckUri u = api::parse_bck_uri(cur, {.default_provider = ctx.env.cfg.default_provider});
        const std::string head(cur.substr(0, slash + 1));  // as typed: "ais://b/" or "b/"
        for (auto& n : list_level(ctx.env.client(), u.bck, u.obj)) out.add(head + n);
        if (out.words.size() == 1 && out.words[0].back() == '/') out.nospace = true;
        return;
    }
    const std::string suffix = mode == BucketMode::kObject ? "/" : "";
    std::set<std::string> seen(ctx.args.begin(), ctx.args.end());
    for (const auto& b : ctx.env.client().list_buckets()) {
        const std::string cname = b.cname();
        if (seen.count(cname)) continue;
        if (has_prefix(cname, cur)) {
            out.add(cname + suffix);
        } else if (!cur.empty() && scheme == std::string_view::npos && b.is_ais() && has_prefix(b.name, cur)) {
            out.add(b.name + suffix);  // typed without a provider: keep it that way
        }
    }
    if (mode == BucketMode::kObject && out.words.size() == 1) out.nospace = true;
}

template <class T>
void complete_keys(std::string_view cur, Candidates& out, bool with_values) {
    const auto keys = config::list_keys<T>();
    if (const auto eq = cur.find('='); eq != std::string_view::npos) {
        if (!with_values) return;
        const std::string_view key = cur.substr(0, eq);
        for (const auto& k : keys) {
            if (k.key != key) continue;
            std::vector<std::string> vals = k.choices;
            if (k.type == "bool") vals = {"true", "false"};
            for (const auto& v : vals)
                if (!v.empty() || k.choices.size() > 1) out.add(std::string(key) + "=" + v);
        }
        return;
    }
    // One level at a time, like directories: "checksum." then "checksum.type=".
    const auto dot = cur.rfind('.');
    const std::string level = dot == std::string_view::npos ? std::string() : std::string(cur.substr(0, dot + 1));
    std::set<std::string> seen;
    for (const auto& k : keys) {
        if (k.readonly || !has_prefix(k.key, level)) continue;
        const auto next = k.key.find('.', level.size());
        std::string cand = next == std::string::npos ? k.key + (with_values ? "=" : "") : k.key.substr(0, next + 1);
        if (seen.insert(cand).second) out.add(cand);
    }
    if (seen.size() == 1) out.nospace = !out.words.empty() && (out.words[0].back() == '.' || out.words[0].back() == '=');
}

}  // namespace

Completer buckets(BucketMode mode) {
    return [mode](Ctx& ctx, std::string_view cur, Candidates& out) { complete_buckets(ctx, cur, out, mode); };
}

Completer nodes() {
    return [](Ctx& ctx, std::string_view, Candidates& out) {
        const api::Smap smap = ctx.env.client().get_smap();
        for (const auto& [id, n] : smap.pmap) out.add(id);
        for (const auto& [id, n] : smap.tmap) out.add(id);
    };
}

Completer nodes_of(NodeSel sel) {
    return [sel](Ctx& ctx, std::string_view, Candidates& out) {
        std::set<std::string> given;
        for (const auto& a : ctx.args) {
            size_t b = 0;
            while (b <= a.size()) {
                size_t e = a.find(',', b);
                if (e == std::string::npos) e = a.size();
                std::string id = a.substr(b, e - b);
                if (id.size() > 3 && (id[0] == 'p' || id[0] == 't') && id[1] == '[' && id.back() == ']')
                    id = id.substr(2, id.size() - 3);
                given.insert(id);
                b = e + 1;
            }
        }
        const api::Smap smap = ctx.env.client().get_smap();
        auto add = [&](const std::map<std::string, api::Snode>& m) {
            for (const auto& [id, n] : m) {
                if (given.count(id)) continue;
                if (sel == NodeSel::kInMaint && !n.in_maint_or_decomm()) continue;
                out.add(id);
            }
        };
        if (sel != NodeSel::kTargets) add(smap.pmap);
        if (sel != NodeSel::kProxies) add(smap.tmap);
    };
}

Completer words(std::vector<std::string> list) {
    return [list = std::move(list)](Ctx&, std::string_view, Candidates& out) {
        for (const auto& w : list) out.add(w);
    };
}

Completer files() {
    return [](Ctx&, std::string_view, Candidates& out) { out.files = true; };
}

Completer none() {
    return [](Ctx&, std::string_view, Candidates&) {};
}

Completer job_kinds(bool startable) {
    return [startable](Ctx&, std::string_view, Candidates& out) {
        std::set<std::string> names;
        for (const auto& k : cli::job_kinds())
            if (!startable || k.startable) names.insert(std::string(k.display));
        for (const auto& n : names) out.add(n);
    };
}

Completer jobs(bool running_only) {
    return [running_only](Ctx& ctx, std::string_view, Candidates& out) {
        const bool all = !running_only && ctx.on("all");
        api::QueryMsg q;
        if (!all) q.show_active = true;
        api::MultiSnap ms;
        try {
            ms = ctx.env.client().job_snaps(q);
        } catch (const Error& e) {
            if (e.status() != 404) throw;  // 404: no jobs
        }
        std::set<std::string> names, targets;
        std::vector<std::pair<std::string, std::string>> ids;  // (kind, id), by start time
        std::vector<std::pair<int64_t, std::pair<std::string, std::string>>> timed;
        std::set<std::string> seen;
        for (const auto& [tid, snaps] : ms.by_target) {
            for (const auto& s : snaps) {
                if (!all && !s.running()) continue;
                names.insert(job_display_name(s.kind));
                targets.insert(tid);
                if (!s.id.empty() && seen.insert(s.id).second) timed.push_back({s.start_time, {s.kind, s.id}});
            }
        }
        std::sort(timed.begin(), timed.end());
        for (auto& t : timed) ids.push_back(std::move(t.second));
        std::string name_kind;
        bool have_id = false;
        for (const auto& a : ctx.args) {
            if (std::string k = job_kind_of(a); !k.empty()) {
                name_kind = k;
            } else if (std::any_of(ids.begin(), ids.end(), [&](const auto& p) { return p.second == a; })) {
                have_id = true;
            }
        }
        if (ctx.args.empty()) {
            for (const auto& n : names) out.add(n);
            for (const auto& [k, id] : ids) out.add(id);
            return;
        }
        if (!have_id) {
            for (const auto& [k, id] : ids)
                if (name_kind.empty() || k == name_kind) out.add(id);
            if (!out.words.empty()) return;
        }
        for (const auto& t : targets) out.add(t);
    };
}

Completer cluster_config_keys(bool with_values) {
    return [with_values](Ctx&, std::string_view cur, Candidates& out) {
        complete_keys<config::ClusterConfig>(cur, out, with_values);
    };
}

Completer cluster_config_sections() {
    return [](Ctx&, std::string_view, Candidates& out) {
        std::set<std::string> s;
        for (const auto& k : config::list_keys<config::ClusterConfig>()) s.insert(k.key.substr(0, k.key.find('.')));
        for (const auto& x : s) out.add(x);
    };
}

Completer bprops_keys() {
    return [](Ctx&, std::string_view cur, Candidates& out) { complete_keys<Bprops>(cur, out, true); };
}

Completer cli_config_keys(bool with_values) {
    return [with_values](Ctx&, std::string_view cur, Candidates& out) {
        complete_keys<config::CliConfig>(cur, out, with_values);
    };
}

Completer alias_names() {
    return [](Ctx& ctx, std::string_view, Candidates& out) {
        for (const auto& [name, cmd] : ctx.env.cfg.aliases) out.add(name);
    };
}

Completer search_keywords() {
    return [](Ctx& ctx, std::string_view, Candidates& out) {
        std::set<std::string> s;
        walk_commands(ctx.root, [&](const std::vector<const Command*>& path) { s.insert(path.back()->name); });
        for (const auto& w : s) out.add(w);
    };
}

Completer first_of(std::vector<Completer> list) {
    return [list = std::move(list)](Ctx& ctx, std::string_view cur, Candidates& out) {
        for (const auto& c : list) {
            c(ctx, cur, out);
            if (!out.words.empty() || out.files) return;
        }
    };
}

Completer merge(std::vector<Completer> list) {
    return [list = std::move(list)](Ctx& ctx, std::string_view cur, Candidates& out) {
        for (const auto& c : list) {
            try {
                c(ctx, cur, out);
            } catch (const std::exception&) {
            }
        }
    };
}

}  // namespace ais::cli::completion
