// The target's side of a global rebalance (reb/reb.hpp) in the data path: get-from-neighbor for
// objects that have not arrived yet, and the receiving rule for objects that do (the bundles
// themselves arrive in recv.cpp).
#include "aisnode/meta/fanout.hpp"
#include "aisnode/target/impl.hpp"
#include "shared/api/apc.hpp"
#include "shared/net/client.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <algorithm>
#include <optional>

namespace ais::node {

namespace {

// Relays a peer's GET answer (status, object headers, bytes) to our client as it arrives.
class NeighborSink final : public net::BodySink {
  public:
    explicit NeighborSink(Response& out) : out_(out) {}
    net::Task<void> head(const net::ClientResponse& r) override {
        out_.status = r.status;
        for (const auto& [k, v] : r.headers)
            if (!iequals(k, "Content-Length") && !iequals(k, "Transfer-Encoding") && !iequals(k, "Connection") &&
                !iequals(k, "Date") && !iequals(k, "Server"))
                out_.headers.add(k, v);
        std::optional<uint64_t> len;
        if (auto cl = parse_uint(r.headers.get("Content-Length"))) len = *cl;
        started_ = true;
        co_await out_.begin_stream(len);
    }
    net::Task<void> write(const char* data, size_t n) override {
        std::string_view chunk(data, n);
        co_await out_.write(chunk);
    }
    bool started() const { return started_; }

  private:
    Response& out_;
    bool started_ = false;
};

// Marks the requests of get-from-neighbor itself (HEAD, GET, DELETE to the other targets): the peer
// answers with what it has and never asks its own neighbors. The caller id alone is not enough: a
// peer whose Smap is behind does not know a target that joined a moment ago, and its relayed
// "yes" would send the asker to a node that then has nothing.
constexpr char kGfnHdr[] = "Ais-Get-From-Neighbor";

std::string object_url(const api::Snode& t, const ObjRef& ref, const std::string& self_id) {
    net::Query q;
    ref.bck.add_query(q);
    q.add(api::qp::kPid, self_id);
    const std::string& base = t.intra_data_net.direct_url.empty() ? t.public_net.direct_url : t.intra_data_net.direct_url;
    return base + "/v1/objects/" + url_escape_path(ref.bck.name) + "/" + url_escape_path(ref.obj) + "?" + q.encode();
}

// A request about `ref` from this target to peer `t` (intra-cluster: caller id, pid, no recursion).
NodeCall peer_call(const char* method, const api::Snode& t, const ObjRef& ref, const std::string& self_id,
                   int retries) {
    NodeCall c{.node = t};
    c.req.method = method;
    c.req.url = object_url(t, ref, self_id);
    c.req.headers.add(api::hdr::kCallerId, self_id);
    c.req.headers.add(kGfnHdr, "true");
    c.req.max_retries = retries;
    c.req.timeout = kControlTimeout;
    return c;
}

}  // namespace

bool Target::Impl::gfn_window(const Request& req, const ObjRef& ref) const {
    auto smap = env.meta.smap();
    // Redirected here by a proxy for an object that our own Smap places elsewhere: the proxy has
    // a newer Smap than we do (its rebalance is on the way), so the object may be with its
    // previous owner. (A client that comes to a non-owner directly gets 404.)
    const api::Snode* owner = smap->hrw_target(ref.uname);
    const bool stale = req.query.has(api::qp::kPid) && (!owner || owner->daemon_id != env.id());
    if (!reb.gfn_active() && !stale) return false;
    if (req.headers.has(kGfnHdr)) return false;  // a neighbor asking: no recursion
    auto caller = req.headers.get(api::hdr::kCallerId);
    return caller.empty() || !smap->get_target(caller);
}

Task<bool> Target::Impl::delete_at_neighbors(const ObjRef& ref) {
    auto smap = env.meta.smap();
    std::vector<NodeCall> calls;
    for (const auto& [id, t] : smap->tmap)
        if (id != env.id()) calls.push_back(peer_call("DELETE", t, ref, env.id(), 1));
    auto replies = co_await fanout(env, std::move(calls));
    bool removed = false;
    for (const auto& r : replies) {
        if (r.ok()) removed = true;
        else if (r.resp.status != 404)
            throw Error(r.resp.status >= 400 && r.resp.status < 500 ? r.resp.status : 503,
                        tname() + ": deleting " + ref.cname() + " during a rebalance: " + r.what());
    }
    co_return removed;
}

Task<bool> Target::Impl::from_neighbor(Request& req, Response& resp, const ObjRef& ref) {
    if (!gfn_window(req, ref)) co_return false;
    auto smap = env.meta.smap();
    auto head = [&](const api::Snode& t) { return peer_call("HEAD", t, ref, env.id(), 0); };
    std::vector<NodeCall> calls;
    for (const auto& [id, t] : smap->tmap)
        if (id != env.id()) calls.push_back(head(t));
    auto replies = co_await fanout(env, std::move(calls));
    // A peer that did not answer (a refused or timed-out connection on a loaded machine) is asked
    // once more: "nobody has it" must come from the peers themselves.
    std::vector<NodeCall> again;
    for (const auto& r : replies)
        if (!r.err.empty() || r.resp.status >= 500) again.push_back(head(r.node));
    if (!again.empty() && std::none_of(replies.begin(), replies.end(), [](const NodeReply& r) { return r.ok(); })) {
        auto more = co_await fanout(env, std::move(again));
        for (auto& r : more) replies.push_back(std::move(r));
    }
    const NodeReply* has = nullptr;
    for (const auto& r : replies)
        if (r.ok()) {
            has = &r;
            break;
        }
    if (!has) {
        // Rare (a rebalance is on, and nobody has the object): say what everyone answered.
        std::string why;
        for (const auto& r : replies) why += " " + r.node.name() + ":" + (r.err.empty() ? std::to_string(r.resp.status) : r.err);
        const Rmd rmd = env.meta.rmd();
        log::warn("{}: {} is not here and no other target has it (RMD v{}{}, Smap v{}):{}", tname(), ref.cname(),
                  rmd.version, rmd.done ? " done" : "", smap->version, why);
        co_return false;
    }
    if (req.method == "HEAD") {
        for (const auto& [k, v] : has->resp.headers)
            if (k.starts_with("Ais-") || iequals(k, "Last-Modified") || iequals(k, "ETag")) resp.headers.add(k, v);
        if (auto cl = parse_uint(has->resp.headers.get("Content-Length"))) resp.set_head_length(*cl);
        co_return true;
    }
    net::ClientRequest g;
    g.method = "GET";
    g.url = object_url(has->node, ref, env.id());
    g.headers.add(api::hdr::kCallerId, env.id());
    g.headers.add(kGfnHdr, "true");
    if (auto range = req.headers.get(api::hdr::kRange); !range.empty()) g.headers.add(api::hdr::kRange, std::string(range));
    g.follow_redirects = false;
    g.max_retries = 0;
    NeighborSink sink(resp);
    g.body_sink = &sink;
    auto r = co_await env.client->co_call(g);
    if (sink.started()) {
        co_await resp.end_stream();
        co_return true;
    }
    if (r.status == 404) co_return false;  // moved on meanwhile
    resp.status = r.status;
    for (const auto& [k, v] : r.headers)
        if (iequals(k, "Content-Type")) resp.headers.set(k, v);
    resp.body = std::move(r.body);
    co_return true;
}

bool Target::Impl::reb_has_newer(const ObjRef& ref, int64_t atime) const {
    if (reb.tombstoned(ref.uname)) return true;  // deleted here since the rebalance began
    Found f;
    return find(ref, f, false) && f.md.atime >= atime;
}

}  // namespace ais::node
