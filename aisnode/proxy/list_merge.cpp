// list_merge: one page of a bucket listing from the pages of every target (spec §4.3).
//
// Each target returns its names in order after a token. A page of P merged names takes about P/T
// names from each of T targets, so asking every target for P names per page would make each list
// (stat, encode, send) T times what is used. Instead a listing session (the client's uuid) keeps,
// per target, what was fetched but not yet returned and where that target stands; a page is a
// k-way merge that refills a target only when its buffer runs dry. The session is kept while the
// client continues exactly where the last page ended; anything else starts afresh, so results
// never depend on the cache.
#include "aisnode/meta/fanout.hpp"
#include "aisnode/proxy/proxy.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/err_http.hpp"
#include "shared/api/lso.hpp"
#include "shared/api/msgs.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/ids.hpp"
#include "shared/util/strings.hpp"

#include <deque>
#include <list>
#include <mutex>

namespace ais::node {

namespace {

constexpr int64_t kDefaultPageSize = 10000;
constexpr size_t kMaxSessions = 64;
constexpr int64_t kSessionTtlNs = 60'000'000'000;

struct Source {
    std::deque<api::LsoEnt> buf;
    std::string after;  // this target's next page starts after this name
    bool done = false;  // it returned its last page
};

struct Session {
    std::string key;    // uuid + everything that shapes the pages
    std::string token;  // the continuation token the next page must come with
    std::string last;   // the last name returned (virtual dirs repeat across targets)
    int64_t smap_version = 0;
    std::map<std::string, Source> targets;
    int64_t used_ns = 0;
};

class Sessions {
  public:
    // Takes the session out (one request uses it at a time); nullptr when none fits.
    std::unique_ptr<Session> take(const std::string& key, const std::string& token, int64_t smap_version) {
        std::lock_guard lk(mu_);
        const int64_t now = now_ns();
        std::unique_ptr<Session> found;
        for (auto it = all_.begin(); it != all_.end();) {
            if (now - (*it)->used_ns > kSessionTtlNs) {
                it = all_.erase(it);
            } else if ((*it)->key == key) {
                if ((*it)->token == token && (*it)->smap_version == smap_version) found = std::move(*it);
                it = all_.erase(it);
            } else {
                ++it;
            }
        }
        return found;
    }
    void put(std::unique_ptr<Session> s) {
        std::lock_guard lk(mu_);
        s->used_ns = now_ns();
        all_.push_front(std::move(s));
        while (all_.size() > kMaxSessions) all_.pop_back();
    }

  private:
    std::mutex mu_;
    std::list<std::unique_ptr<Session>> all_;  // most recent first
};

Sessions& sessions() {
    static Sessions s;
    return s;
}

// Everything in the request that changes what a target returns, except the token.
std::string session_key(const api::Bck& bck, const api::LsoMsg& msg) {
    return msg.uuid + '\n' + bck.uname() + '\n' + msg.prefix + '\n' + msg.props + '\n' + msg.time_format + '\n' +
           std::to_string(msg.flags) + '\n' + std::to_string(msg.pagesize) + '\n' + msg.target;
}

}  // namespace

net::Task<api::LsoRes> list_merge(NodeEnv& env, const api::Bck& bck, api::LsoMsg& msg) {
    api::validate_no_nul("prefix", msg.prefix);
    api::validate_no_nul("start_after", msg.start_after);
    if (msg.uuid.empty()) msg.uuid = gen_uuid();
    if (msg.pagesize <= 0) msg.pagesize = kDefaultPageSize;
    const size_t pagesize = static_cast<size_t>(msg.pagesize);
    auto smap = env.meta.smap();
    const std::string key = session_key(bck, msg);
    std::unique_ptr<Session> sess = sessions().take(key, msg.continuation_token, smap->version);
    if (!sess) {
        sess = std::make_unique<Session>();
        sess->key = key;
        sess->smap_version = smap->version;
        const std::string start = std::max(msg.continuation_token, msg.start_after);
        sess->last = start;
        for (const auto& [id, t] : smap->tmap) {
            if (t.in_maint_or_decomm()) continue;
            if (!msg.target.empty() && msg.target != id) continue;
            sess->targets[id].after = start;
        }
    }
    const std::string query = bck.query().encode();

    api::LsoRes res;
    res.uuid = msg.uuid;
    while (res.entries.size() < pagesize) {
        // Refill every target whose buffer ran dry, all at once.
        std::vector<NodeCall> calls;
        for (auto& [id, src] : sess->targets) {
            if (!src.buf.empty() || src.done) continue;
            api::LsoMsg tm = msg;
            tm.continuation_token = src.after;
            tm.start_after.clear();
            api::ActMsg fwd{.action = api::act::kList};
            fwd.set_value(tm);
            NodeCall c{.node = smap->tmap.at(id)};
            c.req.method = "GET";
            c.req.url = c.node.intra_data_net.direct_url + "/v1/buckets/" + url_escape_path(bck.name) + "?" + query;
            c.req.body = api::to_json(fwd);
            c.req.headers.add("Accept", "application/msgpack");
            c.req.headers.add("Content-Type", "application/json");
            c.req.timeout = std::chrono::minutes(2);  // a walk of a large bucket takes a while
            calls.push_back(std::move(c));
        }
        if (!calls.empty()) {
            auto replies = co_await fanout(env, std::move(calls));
            for (auto& r : replies) {
                if (!r.err.empty()) throw ErrUnavailable("list-objects " + bck.cname() + ": target " + r.what());
                if (!r.resp.ok()) {
                    auto e = api::parse_err_http(r.resp.status, r.resp.body);
                    throw Error(r.resp.status, e.message, e.tcode);
                }
                auto page = api::lso_res_from_msgpack(r.resp.body);
                auto& src = sess->targets[r.node.daemon_id];
                if (!page.entries.empty()) src.after = page.entries.back().name;
                src.done = page.continuation_token.empty();
                for (auto& e : page.entries) src.buf.push_back(std::move(e));
            }
        }
        // Merge while every target that may still have names has some buffered.
        for (;;) {
            Source* min = nullptr;
            bool dry = false;
            for (auto& [id, src] : sess->targets) {
                if (src.buf.empty()) {
                    if (!src.done) dry = true;
                    continue;
                }
                if (!min || src.buf.front().name < min->buf.front().name) min = &src;
            }
            if (dry || !min || res.entries.size() >= pagesize) break;
            api::LsoEnt e = std::move(min->buf.front());
            min->buf.pop_front();
            if (!sess->last.empty() && e.name <= sess->last) continue;  // a virtual dir seen on two targets
            sess->last = e.name;
            res.entries.push_back(std::move(e));
        }
        bool more = false;
        for (const auto& [id, src] : sess->targets) more |= !src.buf.empty() || !src.done;
        if (!more) break;
    }
    bool more = false;
    for (const auto& [id, src] : sess->targets) more |= !src.buf.empty() || !src.done;
    if (res.entries.size() >= pagesize && more) {
        res.continuation_token = res.entries.back().name;
        sess->token = res.continuation_token;
        sessions().put(std::move(sess));
    } else if (res.entries.size() >= pagesize) {
        // Exactly full and nothing left: the client asks once more and gets an empty page (§4.3).
        res.continuation_token = res.entries.back().name;
    }
    co_return res;
}

}  // namespace ais::node
