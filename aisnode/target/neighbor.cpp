// The target's side of a global rebalance (reb/reb.hpp) in the data path: get-from-neighbor for
// objects that have not arrived yet, and the receiving rule for objects that do.
#include "aisnode/meta/fanout.hpp"
#include "aisnode/target/impl.hpp"
#include "shared/api/apc.hpp"
#include "shared/net/client.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

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

std::string object_url(const api::Snode& t, const ObjRef& ref, const std::string& self_id) {
    net::Query q;
    ref.bck.add_query(q);
    q.add(api::qp::kPid, self_id);
    const std::string& base = t.intra_data_net.direct_url.empty() ? t.public_net.direct_url : t.intra_data_net.direct_url;
    return base + "/v1/objects/" + url_escape_path(ref.bck.name) + "/" + url_escape_path(ref.obj) + "?" + q.encode();
}

}  // namespace

Task<bool> Target::Impl::from_neighbor(Request& req, Response& resp, const ObjRef& ref) {
    auto smap = env.meta.smap();
    // Redirected here by a proxy for an object that our own Smap places elsewhere: the proxy has
    // a newer Smap than we do (its rebalance is on the way), so the object may be with its
    // previous owner. (A client that comes to a non-owner directly gets 404.)
    const api::Snode* owner = smap->hrw_target(ref.uname);
    const bool stale = req.query.has(api::qp::kPid) && (!owner || owner->daemon_id != env.id());
    if (!reb.gfn_active() && !stale) co_return false;
    if (auto caller = req.headers.get(api::hdr::kCallerId); !caller.empty() && smap->get_target(caller))
        co_return false;
    std::vector<NodeCall> calls;
    for (const auto& [id, t] : smap->tmap) {
        if (id == env.id()) continue;
        NodeCall c{.node = t};
        c.req.method = "HEAD";
        c.req.url = object_url(t, ref, env.id());
        c.req.headers.add(api::hdr::kCallerId, env.id());
        c.req.max_retries = 0;
        c.req.timeout = kControlTimeout;
        calls.push_back(std::move(c));
    }
    auto replies = co_await fanout(env, std::move(calls));
    const NodeReply* has = nullptr;
    for (const auto& r : replies)
        if (r.ok()) {
            has = &r;
            break;
        }
    if (!has) co_return false;
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

Task<bool> Target::Impl::reb_keep_own(Request& req, const ObjRef& ref) {
    auto reb_id = req.headers.get(api::hdr::kRebalanceId);
    if (reb_id.empty()) co_return false;
    auto smap = env.meta.smap();
    if (!smap->get_target(req.headers.get(api::hdr::kCallerId)))
        throw ErrBadRequest(tname() + ": " + ref.cname() + ": rebalance PUT from a node that is not a target");
    int64_t atime = 0;
    if (auto a = parse_uint(req.headers.get(api::hdr::kAtime))) atime = static_cast<int64_t>(*a);
    Found f;
    const bool keep = find(ref, f, false) && f.md.atime >= atime;
    if (auto x = reb.job(reb_id)) x->add_in(1, req.content_length ? static_cast<int64_t>(*req.content_length) : 0);
    if (!keep) co_return false;
    char buf[16384];
    while (co_await req.read_some(buf, sizeof buf) > 0) {
    }
    co_return true;
}

}  // namespace ais::node
