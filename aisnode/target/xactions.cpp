// /v1/xactions: how the proxy runs jobs on this target (internal; spec §1.1).
//   POST   /v1/xactions/begin     JobReq        prepare (validate; nothing visible yet)
//   POST   /v1/xactions/commit?id=X             start the prepared job
//   POST   /v1/xactions/discard?id=X            drop it (another target refused)
//   PUT    /v1/xactions/stop      ArgsMsg       abort matching jobs
//   GET    /v1/xactions           QueryMsg      this target's snaps, JSON array
//   DELETE /v1/xactions           QueryMsg      remove finished jobs from the history
#include "aisnode/target/impl.hpp"
#include "aisnode/xs/xs.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/json.hpp"
#include "shared/util/errors.hpp"

namespace ais::node {

Task<void> Target::Impl::xactions(Request& req, Response& resp) {
    std::string body = co_await req.read_all(16u << 20);
    const std::string& m = req.method;
    const std::string& op = req.rest;
    if (m == "POST" && op == "begin") {
        JobReq jr = JobReq::from_json(body);
        std::shared_ptr<Xact> x;
        // Validation may stat the disks: not on an io thread.
        co_await pool.run([&] { x = xs::make_job(*this, jr); });
        xacts.begin(std::move(x));
        co_return;
    }
    const std::string id(req.query.get("id"));
    if (m == "POST" && op == "commit") {
        xacts.commit(id);
        co_return;
    }
    if (m == "POST" && op == "discard") {
        xacts.discard(id);
        co_return;
    }
    if (m == "PUT" && op == "stop") {
        auto args = body.empty() ? api::ArgsMsg{} : api::from_json<api::ArgsMsg>(body);
        int n = xacts.abort(args, "stopped by the user");
        resp.set_text(std::to_string(n));
        co_return;
    }
    auto q = body.empty() ? api::QueryMsg{} : api::from_json<api::QueryMsg>(body);
    if (m == "GET" && op.empty()) {
        boost::json::array arr;
        for (const auto& s : xacts.query(q)) {
            boost::json::value v;
            api::to_jv(s, v);
            arr.push_back(std::move(v));
        }
        resp.set_json(api::json::serialize(arr));
        co_return;
    }
    if (m == "DELETE" && op.empty()) {
        resp.set_text(std::to_string(xacts.remove_finished(q)));
        co_return;
    }
    throw ErrBadRequest(tname() + ": invalid request " + m + " /v1/xactions/" + op);
}

}  // namespace ais::node
