#include "shared/api/client.hpp"

#include "shared/api/bmd.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/err_http.hpp"
#include "shared/config/bprops.hpp"
#include "shared/config/cluster_config.hpp"
#include "shared/config/schema.hpp"
#include "shared/util/strings.hpp"

#include <algorithm>
#include <cstring>
#include <thread>

namespace ais::api {

namespace {

// Bodies up to this size are copied into the request (one write with the header); larger ones
// are streamed from the caller's memory.
constexpr size_t kInlineBody = 64 * 1024;

class StringViewBody : public net::BodySource {
  public:
    explicit StringViewBody(std::string_view d) : d_(d) {}
    uint64_t size() const override { return d_.size(); }
    size_t read(char* buf, size_t n) override {
        n = std::min(n, d_.size() - pos_);
        std::memcpy(buf, d_.data() + pos_, n);
        pos_ += n;
        return n;
    }
    void rewind() override { pos_ = 0; }

  private:
    std::string_view d_;
    size_t pos_ = 0;
};

[[noreturn]] void throw_error(const net::ClientResponse& r, bool head) {
    std::string_view text = r.body;
    if (auto h = r.headers.get(hdr::kError); !h.empty() && (head || text.empty())) text = h;
    throw parse_err_http(r.status, text).to_error();
}

// Job ids come back as plain text; tolerate surrounding whitespace and quotes.
std::string trim_text(std::string_view s) {
    while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.front())) || s.front() == '"'))
        s.remove_prefix(1);
    while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == '"'))
        s.remove_suffix(1);
    return std::string(s);
}

void set_json(net::ClientRequest& rq, std::string body) {
    rq.body = std::move(body);
    rq.headers.set(hdr::kContentType, ct::kJson);
}

void set_act(net::ClientRequest& rq, std::string action, std::string name = {}, std::string value = "null") {
    set_json(rq, to_json(ActMsg{std::move(action), std::move(name), std::move(value)}));
}

// "bytes a-b/size" -> size; -1 when absent or "*".
int64_t content_range_total(std::string_view cr) {
    auto slash = cr.rfind('/');
    if (slash == std::string_view::npos) return -1;
    auto n = parse_int(cr.substr(slash + 1));
    return n ? *n : -1;
}

ObjAttrs put_attrs(const net::ClientResponse& r, uint64_t size) {
    ObjAttrs a = ObjAttrs::from(r.headers);
    a.size = static_cast<int64_t>(size);  // the reply's Content-Length is its own (empty) body
    return a;
}

GetResult get_result(net::ClientResponse&& r, uint64_t sunk) {
    GetResult g;
    g.status = r.status;
    g.attrs = ObjAttrs::from(r.headers);
    if (r.status == 206) g.attrs.size = content_range_total(r.headers.get(hdr::kContentRange));
    g.received = r.body.empty() ? sunk : r.body.size();
    g.body = std::move(r.body);
    return g;
}

}  // namespace

// ---- URL building ----

std::string bucket_path(const Bck& b) {
    return "/v1/buckets/" + url_escape_path(b.name);
}

std::string object_path(const Bck& b, std::string_view obj) {
    return "/v1/objects/" + url_escape_path(b.name) + "/" + url_escape_path(obj);
}

std::string object_url(std::string_view endpoint, const Bck& b, std::string_view obj) {
    while (!endpoint.empty() && endpoint.back() == '/') endpoint.remove_suffix(1);
    return std::string(endpoint) + object_path(b, obj) + "?" + b.query().encode();
}

std::string byte_range(int64_t offset, int64_t length) {
    return "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1);
}

// ---- Client ----

Client::Client(std::string endpoint, std::string token, net::ClientOptions opts)
    : endpoint_(std::move(endpoint)),
      token_(std::move(token)),
      http_(std::make_unique<net::Client>(std::move(opts))) {
    while (!endpoint_.empty() && endpoint_.back() == '/') endpoint_.pop_back();
}

Client::Client(boost::asio::io_context& io, std::string endpoint, std::string token, net::ClientOptions opts)
    : endpoint_(std::move(endpoint)),
      token_(std::move(token)),
      http_(std::make_unique<net::Client>(io, std::move(opts))) {
    while (!endpoint_.empty() && endpoint_.back() == '/') endpoint_.pop_back();
}

Client::~Client() = default;

net::ClientRequest Client::request(std::string method, std::string_view path, const net::Query& q) const {
    net::ClientRequest rq;
    rq.method = std::move(method);
    rq.url = endpoint_;
    rq.url += path;
    if (!q.empty()) rq.url += "?" + q.encode();
    if (!token_.empty()) rq.headers.set(hdr::kAuthorization, "Bearer " + token_);
    return rq;
}

net::ClientResponse Client::call(net::ClientRequest& req) {
    net::ClientResponse r = http_->call(req);
    if (!r.ok()) throw_error(r, req.method == "HEAD");
    return r;
}

std::string Client::cluster_get(std::string_view what, std::string body) {
    net::Query q;
    q.add(qp::kWhat, std::string(what));
    auto rq = request("GET", "/v1/cluster", q);
    if (!body.empty()) set_json(rq, std::move(body));
    return call(rq).body;
}

// ---- cluster ----

Smap Client::get_smap() {
    net::Query q;
    q.add(qp::kWhat, what::kSmap);
    auto rq = request("GET", "/v1/daemon", q);
    return from_json<Smap>(call(rq).body);
}

BMD Client::get_bmd() {
    net::Query q;
    q.add(qp::kWhat, what::kBMD);
    auto rq = request("GET", "/v1/daemon", q);
    return from_json<BMD>(call(rq).body);
}

std::string Client::get_cluster_config_json() {
    return cluster_get(what::kClusterConfig);
}

config::ClusterConfig Client::get_cluster_config() {
    return config::from_json<config::ClusterConfig>(get_cluster_config_json());
}

void Client::set_cluster_config(const std::vector<std::pair<std::string, std::string>>& kvs, bool transient) {
    net::Query q;
    for (const auto& [k, v] : kvs) q.add(k, v);
    if (transient) q.add(qp::kTransient, "true");
    auto rq = request("PUT", "/v1/cluster/set-config", q);
    call(rq);
}

void Client::reset_cluster_config() {
    auto rq = request("PUT", "/v1/cluster");
    set_act(rq, act::kResetConfig);
    call(rq);
}

bool Client::health(bool readiness) {
    net::Query q;
    if (readiness) q.add(qp::kReadiness, "true");
    auto rq = request("GET", "/v1/health", q);
    rq.max_retries = 0;  // 503 is an answer here, not a reason to retry
    auto r = http_->call(rq);
    if (r.ok()) return true;
    if (r.status == 503) return false;
    throw_error(r, false);
}

// ---- buckets ----

std::vector<Bck> Client::list_buckets(std::string_view provider, std::optional<Presence> presence) {
    net::Query q;
    if (!provider.empty()) q.add(qp::kProvider, normalize_provider(provider));
    if (presence) q.add(qp::kPresence, std::to_string(static_cast<int>(*presence)));
    auto rq = request("GET", "/v1/buckets", q);
    set_act(rq, act::kList);
    auto body = call(rq).body;
    if (trim_text(body).empty()) return {};
    return from_json<std::vector<Bck>>(body);
}

void Client::create_bucket(const Bck& b, std::string_view props_json) {
    auto rq = request("POST", bucket_path(b), b.query());
    set_act(rq, act::kCreateBck, {}, props_json.empty() ? "null" : std::string(props_json));
    call(rq);
}

void Client::destroy_bucket(const Bck& b) {
    auto rq = request("DELETE", bucket_path(b), b.query());
    set_act(rq, act::kDestroyBck);
    call(rq);
}

Bprops Client::head_bucket(const Bck& b) {
    auto rq = request("HEAD", bucket_path(b), b.query());
    auto r = call(rq);
    auto props = r.headers.get(hdr::kBucketProps);
    if (props.empty()) throw Error(502, "HEAD " + b.cname() + ": no " + hdr::kBucketProps + " in the reply");
    return config::from_json<Bprops>(props);
}

bool Client::bucket_exists(const Bck& b) {
    auto rq = request("HEAD", bucket_path(b), b.query());
    auto r = http_->call(rq);
    if (r.ok()) return true;
    if (r.status == 404) return false;
    throw_error(r, true);
}

std::string Client::set_bprops(const Bck& b, std::string_view partial_json) {
    auto rq = request("PATCH", bucket_path(b), b.query());
    set_act(rq, act::kSetBprops, {}, std::string(partial_json));
    return trim_text(call(rq).body);
}

std::string Client::reset_bprops(const Bck& b) {
    auto rq = request("PATCH", bucket_path(b), b.query());
    set_act(rq, act::kResetBprops);
    return trim_text(call(rq).body);
}

std::string Client::copy_bucket(const Bck& from, const Bck& to, const TCBMsg& msg) {
    net::Query q = from.query();
    q.add(qp::kBckTo, to.uname());
    auto rq = request("POST", bucket_path(from), q);
    set_act(rq, act::kCopyBck, {}, to_json(msg));
    return trim_text(call(rq).body);
}

std::string Client::make_n_copies(const Bck& b, int copies) {
    auto rq = request("POST", bucket_path(b), b.query());
    set_act(rq, act::kMakeNCopies, {}, std::to_string(copies));
    return trim_text(call(rq).body);
}

std::string Client::rename_bucket(const Bck& from, const Bck& to) {
    net::Query q = from.query();
    q.add(qp::kBckTo, to.uname());
    auto rq = request("POST", bucket_path(from), q);
    set_act(rq, act::kMoveBck);
    return trim_text(call(rq).body);
}

std::string Client::copy_objects(const Bck& from, const TCOMsg& msg) {
    auto rq = request("POST", bucket_path(from), from.query());
    set_act(rq, act::kCopyObjects, {}, to_json(msg));
    return trim_text(call(rq).body);
}

std::string Client::delete_objects(const Bck& b, const EvdMsg& msg) {
    auto rq = request("DELETE", bucket_path(b), b.query());
    set_act(rq, act::kDeleteObjects, {}, to_json(msg));
    return trim_text(call(rq).body);
}

std::string Client::evict_objects(const Bck& b, const EvdMsg& msg) {
    auto rq = request("DELETE", bucket_path(b), b.query());
    set_act(rq, act::kEvictObjects, {}, to_json(msg));
    return trim_text(call(rq).body);
}

void Client::evict_remote_bucket(const Bck& b, bool keep_md) {
    net::Query q = b.query();
    q.add(qp::kKeepBckMD, keep_md ? "true" : "false");
    auto rq = request("DELETE", bucket_path(b), q);
    set_act(rq, act::kEvictRemoteBck);
    call(rq);
}

// ---- bucket summary and info ----

BsummStep Client::bucket_summary_step(const Bck& b, const BsummCtrlMsg& msg) {
    net::Query q = b.query();
    if (!msg.uuid.empty()) q.add(qp::kUUID, msg.uuid);
    auto rq = request("GET", bucket_path(b), q);
    set_act(rq, act::kSummaryBck, {}, to_json(msg));
    auto r = call(rq);
    BsummStep st;
    st.status = r.status;
    st.xid = msg.uuid;
    if (r.status == 202 || (r.status != 200 && r.status != 206)) {
        if (st.xid.empty()) st.xid = trim_text(r.body);
        return st;
    }
    const std::string body = trim_text(r.body);
    if (!body.empty() && (body.front() == '[' || body.front() == '{' || body == "null")) {
        if (body.front() == '{') {
            st.results.push_back(from_json<BsummResult>(r.body));
        } else {
            st.results = from_json<std::vector<BsummResult>>(r.body);
        }
    }
    return st;
}

std::vector<BsummResult> Client::bucket_summary(const Bck& b, BsummCtrlMsg msg,
                                                std::chrono::milliseconds timeout,
                                                std::chrono::milliseconds poll, std::string* xid_out) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        BsummStep st = bucket_summary_step(b, msg);
        if (st.status == 200) return std::move(st.results);
        if (msg.uuid.empty()) {
            if (st.xid.empty())
                throw Error(502, "summary-bck " + b.cname() + ": the cluster answered " +
                                     std::to_string(st.status) + " without a job id");
            msg.uuid = st.xid;
            if (xid_out) *xid_out = st.xid;
        }
        if (std::chrono::steady_clock::now() + poll > deadline)
            throw Error(408, "timed out waiting for summary-bck[" + msg.uuid + "] of " + b.cname());
        std::this_thread::sleep_for(poll);
    }
}

BsummStep Client::bucket_info_step(const Bck& b, std::string_view prefix, bool count_remote,
                                   std::string_view xid) {
    net::Query q = b.query();
    q.add(qp::kBsummRemote, count_remote ? "true" : "false");
    if (!xid.empty()) q.add(qp::kUUID, std::string(xid));
    std::string path = bucket_path(b);
    if (!prefix.empty()) path += "/" + url_escape_path(prefix);
    auto rq = request("HEAD", path, q);
    auto r = call(rq);
    BsummStep st;
    st.status = r.status;
    st.xid = xid.empty() ? std::string(r.headers.get(hdr::kXactionId)) : std::string(xid);
    st.props_json = std::string(r.headers.get(hdr::kBucketProps));
    if (auto summ = r.headers.get(hdr::kBucketSumm); !summ.empty())
        st.results.push_back(from_json<BsummResult>(summ));
    return st;
}

std::pair<Bprops, BsummResult> Client::bucket_info(const Bck& b, std::string_view prefix, bool count_remote,
                                                   std::chrono::milliseconds timeout,
                                                   std::chrono::milliseconds poll) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string xid, props;
    for (;;) {
        BsummStep st = bucket_info_step(b, prefix, count_remote, xid);
        if (!st.props_json.empty()) props = st.props_json;
        if (st.status == 200 && !st.results.empty()) {
            if (props.empty())
                throw Error(502, "HEAD " + b.cname() + ": no " + hdr::kBucketProps + " in the reply");
            return {config::from_json<Bprops>(props), std::move(st.results.front())};
        }
        if (xid.empty()) {
            if (st.xid.empty())
                throw Error(502, "HEAD " + b.cname() + ": the cluster answered " + std::to_string(st.status) +
                                     " without " + hdr::kXactionId);
            xid = st.xid;
        }
        if (std::chrono::steady_clock::now() + poll > deadline)
            throw Error(408, "timed out waiting for the info of " + b.cname());
        std::this_thread::sleep_for(poll);
    }
}

// ---- list objects ----

LsoRes Client::list_objects_page(const Bck& b, const LsoMsg& msg) {
    auto rq = request("GET", bucket_path(b), b.query());
    set_act(rq, act::kList, {}, to_json(msg));
    rq.headers.set(hdr::kAccept, ct::kMsgpack);
    auto r = call(rq);
    if (r.headers.get(hdr::kContentType).starts_with(ct::kMsgpack)) return lso_res_from_msgpack(r.body);
    return from_json<LsoRes>(r.body);
}

LsoRes Client::list_objects(const Bck& b, LsoMsg msg, size_t limit) {
    msg.uuid.clear();
    msg.continuation_token.clear();
    if (limit > 0 && (msg.pagesize <= 0 || static_cast<size_t>(msg.pagesize) > limit))
        msg.pagesize = static_cast<int64_t>(limit);
    LsoRes all;
    for (;;) {
        LsoRes page = list_objects_page(b, msg);
        all.uuid = page.uuid;
        all.flags |= page.flags;
        all.continuation_token = page.continuation_token;
        for (auto& e : page.entries) all.entries.push_back(std::move(e));
        if (limit > 0 && all.entries.size() >= limit) {
            if (all.entries.size() > limit) {
                all.entries.resize(limit);
                all.continuation_token = all.entries.back().name;
            }
            break;
        }
        if (page.continuation_token.empty()) break;
        if (page.continuation_token == msg.continuation_token)  // a server bug must not loop forever
            throw Error(502, "list-objects " + b.cname() + ": continuation token \"" +
                                 page.continuation_token + "\" did not advance");
        msg.uuid = page.uuid;
        msg.continuation_token = page.continuation_token;
    }
    return all;
}

// ---- objects ----

net::ClientRequest Client::put_request(const Bck& b, std::string_view obj, const PutOpts& o) const {
    net::Query q = b.query();
    if (o.skip_vc) q.add(qp::kSkipVC, "true");
    auto rq = request("PUT", object_path(b, obj), q);
    if (!o.cksum_type.empty() && !o.cksum_value.empty()) {
        rq.headers.set(hdr::kChecksumType, o.cksum_type);
        rq.headers.set(hdr::kChecksumValue, o.cksum_value);
    }
    rq.headers.set(hdr::kContentType, ct::kOctet);
    return rq;
}

net::ClientRequest Client::get_request(const Bck& b, std::string_view obj, const GetOpts& o) const {
    net::Query q = b.query();
    if (o.latest) q.add(qp::kLatestVer, "true");
    if (o.validate_cksum) q.add(qp::kValidateCksum, "true");
    if (!o.archpath.empty()) q.add(qp::kArchpath, o.archpath);
    auto rq = request("GET", object_path(b, obj), q);
    if (!o.range.empty()) rq.headers.set(hdr::kRange, o.range);
    return rq;
}

ObjAttrs Client::put_object(const Bck& b, std::string_view obj, std::string_view data, const PutOpts& o) {
    auto rq = put_request(b, obj, o);
    StringViewBody src(data);
    if (data.size() <= kInlineBody)
        rq.body.assign(data);
    else
        rq.body_source = &src;
    return put_attrs(call(rq), data.size());
}

ObjAttrs Client::put_object(const Bck& b, std::string_view obj, net::BodySource& body, const PutOpts& o) {
    auto rq = put_request(b, obj, o);
    rq.body_source = &body;
    return put_attrs(call(rq), body.size());
}

GetResult Client::get_object(const Bck& b, std::string_view obj, const GetOpts& o) {
    auto rq = get_request(b, obj, o);
    return get_result(call(rq), 0);
}

GetResult Client::get_object(const Bck& b, std::string_view obj, Sink sink, const GetOpts& o) {
    auto rq = get_request(b, obj, o);
    uint64_t n = 0;
    if (sink) {
        rq.sink = [&n, &sink](const char* p, size_t k) {
            n += k;
            sink(p, k);
        };
    }
    auto r = call(rq);  // before reading n: argument evaluation order is unspecified
    return get_result(std::move(r), n);
}

ObjAttrs Client::head_object(const Bck& b, std::string_view obj) {
    auto rq = request("HEAD", object_path(b, obj), b.query());
    return ObjAttrs::from(call(rq).headers);
}

bool Client::object_exists(const Bck& b, std::string_view obj) {
    auto rq = request("HEAD", object_path(b, obj), b.query());
    auto r = http_->call(rq);
    if (r.ok()) return true;
    if (r.status == 404) return false;
    throw_error(r, true);
}

void Client::delete_object(const Bck& b, std::string_view obj) {
    auto rq = request("DELETE", object_path(b, obj), b.query());
    call(rq);
}

std::string Client::append_object(const Bck& b, std::string_view obj, std::string_view data,
                                  std::string_view handle) {
    net::Query q = b.query();
    q.add(qp::kAppendType, append::kAppend);
    q.add(qp::kAppendHandle, std::string(handle));
    auto rq = request("PUT", object_path(b, obj), q);
    rq.headers.set(hdr::kContentType, ct::kOctet);
    rq.body.assign(data);
    return std::string(call(rq).headers.get(hdr::kAppendHandle));
}

ObjAttrs Client::flush_object(const Bck& b, std::string_view obj, std::string_view handle, const PutOpts& o) {
    net::Query q = b.query();
    q.add(qp::kAppendType, append::kFlush);
    q.add(qp::kAppendHandle, std::string(handle));
    auto rq = request("PUT", object_path(b, obj), q);
    if (!o.cksum_type.empty() && !o.cksum_value.empty()) {
        rq.headers.set(hdr::kChecksumType, o.cksum_type);
        rq.headers.set(hdr::kChecksumValue, o.cksum_value);
    }
    return ObjAttrs::from(call(rq).headers);
}

void Client::rename_object(const Bck& b, std::string_view obj, std::string_view new_name) {
    auto rq = request("POST", object_path(b, obj), b.query());
    set_act(rq, act::kRenameObject, std::string(new_name));
    call(rq);
}

void Client::copy_object(const Bck& b, std::string_view obj, const Bck& dst, std::string_view dst_obj) {
    net::Query q = b.query();
    q.add(qp::kObjTo, dst.obj_uname(dst_obj));
    auto rq = request("PUT", object_path(b, obj), q);
    call(rq);
}

void Client::set_custom_md(const Bck& b, std::string_view obj, const std::map<std::string, std::string>& md,
                           bool replace) {
    net::Query q = b.query();
    if (replace) q.add(qp::kSetNewCustom, "true");
    auto rq = request("PATCH", object_path(b, obj), q);
    std::string value = "{";
    for (const auto& [k, v] : md) {
        if (value.size() > 1) value += ',';
        value += json_quote(k) + ":" + json_quote(v);
    }
    value += "}";
    set_act(rq, act::kSetCustom, {}, std::move(value));
    call(rq);
}

std::string promote_json(const PromoteOpts& p) {
    std::string v = "{";
    auto add = [&v](const char* k, const std::string& val) {
        if (v.size() > 1) v += ',';
        v += json_quote(k) + ":" + val;
    };
    if (!p.target_id.empty()) add("tid", json_quote(p.target_id));
    if (!p.src.empty()) add("src", json_quote(p.src));
    if (!p.obj.empty()) add("obj", json_quote(p.obj));
    if (p.recursive) add("rcr", "true");
    if (p.not_fshare) add("notshr", "true");
    if (p.overwrite) add("ovw", "true");
    if (p.delete_src) add("dls", "true");
    return v + "}";
}

std::string Client::promote(const Bck& b, const PromoteOpts& p) {
    auto rq = request("POST", "/v1/objects/" + url_escape_path(b.name), b.query());
    set_act(rq, act::kPromote, p.src, promote_json(p));
    return trim_text(call(rq).body);
}

// ---- jobs ----

std::string Client::node_action(std::string_view action, const ActValRmNode& v) {
    auto rq = request("PUT", "/v1/cluster");
    set_act(rq, std::string(action), {}, to_json(v));
    return trim_text(call(rq).body);
}

void Client::set_primary(std::string_view proxy_id, bool force) {
    net::Query q;
    if (force) q.add(qp::kForce, "true");
    auto rq = request("PUT", "/v1/cluster/proxy/" + url_escape_path(proxy_id), q);
    call(rq);
}

void Client::shutdown_cluster() {
    auto rq = request("PUT", "/v1/cluster");
    set_act(rq, act::kShutdownCluster);
    call(rq);
}

void Client::decommission_cluster(bool rm_user_data) {
    ActValRmNode v;
    v.rm_user_data = rm_user_data;
    auto rq = request("PUT", "/v1/cluster");
    set_act(rq, act::kDecommissionCluster, {}, to_json(v));
    call(rq);
}

std::string Client::start_job(const ArgsMsg& args) {
    auto rq = request("PUT", "/v1/cluster");
    set_act(rq, act::kXactStart, {}, to_json(args));
    return trim_text(call(rq).body);
}

void Client::stop_job(const ArgsMsg& args) {
    auto rq = request("PUT", "/v1/cluster");
    set_act(rq, act::kXactStop, {}, to_json(args));
    call(rq);
}

JobStatus Client::job_status(const QueryMsg& q) {
    return from_json<JobStatus>(cluster_get(what::kStatus, to_json(q)));
}

JobStatus Client::job_status(std::string_view xid) {
    QueryMsg q;
    q.id = xid;
    return job_status(q);
}

// An empty reply body means "nothing" for the job listings.
std::vector<JobStatus> Client::job_status_all(const QueryMsg& q) {
    const std::string body = cluster_get(what::kStatusAll, to_json(q));
    if (trim_text(body).empty()) return {};
    return from_json<std::vector<JobStatus>>(body);
}

std::vector<std::string> Client::running_jobs(const QueryMsg& q) {
    const std::string body = cluster_get(what::kRunningAll, to_json(q));
    if (trim_text(body).empty()) return {};
    return from_json<std::vector<std::string>>(body);
}

MultiSnap Client::job_snaps(const QueryMsg& q) {
    const std::string body = cluster_get(what::kQueryXactStats, to_json(q));
    if (trim_text(body).empty()) return {};
    return from_json<MultiSnap>(body);
}

JobStatus Client::wait_job(std::string_view xid, std::chrono::milliseconds timeout,
                           std::chrono::milliseconds poll) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        JobStatus s = job_status(xid);
        if (s.finished()) return s;
        if (std::chrono::steady_clock::now() + poll > deadline)
            throw Error(408, "timed out waiting for job " + std::string(xid) + " to finish");
        std::this_thread::sleep_for(poll);
    }
}

MultiSnap Client::wait_job_idle(const QueryMsg& q, std::chrono::milliseconds timeout,
                                std::chrono::milliseconds poll) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    int idle_in_a_row = 0;
    for (;;) {
        MultiSnap ms = job_snaps(q);
        idle_in_a_row = ms.all_idle_or_done() ? idle_in_a_row + 1 : 0;
        if (idle_in_a_row >= 2) return ms;
        if (std::chrono::steady_clock::now() + poll > deadline)
            throw Error(408,
                        "timed out waiting for job " + (q.id.empty() ? q.kind : q.id) + " to become idle");
        std::this_thread::sleep_for(poll);
    }
}

// ---- coroutines ----
// The public co_* functions are plain functions: they build the request (copying what they need
// from the arguments) and hand it to a coroutine that owns it.

net::Task<ObjAttrs> Client::co_put_object(const Bck& b, std::string_view obj, std::string_view data) {
    return co_put_object(b, obj, data, PutOpts{});
}

net::Task<ObjAttrs> Client::co_put_object(const Bck& b, std::string_view obj, net::BodySource& body) {
    return co_put_object(b, obj, body, PutOpts{});
}

net::Task<GetResult> Client::co_get_object(const Bck& b, std::string_view obj) {
    return co_get_object(b, obj, Sink{}, GetOpts{});
}

net::Task<GetResult> Client::co_get_object(const Bck& b, std::string_view obj, Sink sink) {
    return co_get_object(b, obj, std::move(sink), GetOpts{});
}

net::Task<ObjAttrs> Client::co_put_object(const Bck& b, std::string_view obj, std::string_view data,
                                          const PutOpts& o) {
    auto rq = put_request(b, obj, o);
    const uint64_t size = data.size();
    if (size <= kInlineBody) {
        rq.body.assign(data);
        data = {};
    }
    return co_put(std::move(rq), data, size);
}

net::Task<ObjAttrs> Client::co_put_object(const Bck& b, std::string_view obj, net::BodySource& body,
                                          const PutOpts& o) {
    auto rq = put_request(b, obj, o);
    rq.body_source = &body;
    return co_put(std::move(rq), {}, body.size());
}

net::Task<ObjAttrs> Client::co_put(net::ClientRequest req, std::string_view data, uint64_t size) {
    StringViewBody src(data);
    if (!data.empty()) req.body_source = &src;
    auto r = co_await http_->co_call(req);
    if (!r.ok()) throw_error(r, false);
    co_return put_attrs(r, size);
}

net::Task<GetResult> Client::co_get_object(const Bck& b, std::string_view obj, Sink sink, const GetOpts& o) {
    auto rq = get_request(b, obj, o);
    rq.sink = std::move(sink);
    return co_get(std::move(rq));
}

net::Task<GetResult> Client::co_get(net::ClientRequest req) {
    uint64_t n = 0;
    if (req.sink) {
        req.sink = [&n, inner = std::move(req.sink)](const char* p, size_t k) {
            n += k;
            inner(p, k);
        };
    }
    auto r = co_await http_->co_call(req);
    if (!r.ok()) throw_error(r, false);
    co_return get_result(std::move(r), n);
}

net::Task<ObjAttrs> Client::co_head_object(const Bck& b, std::string_view obj) {
    return co_head(request("HEAD", object_path(b, obj), b.query()));
}

net::Task<ObjAttrs> Client::co_head(net::ClientRequest req) {
    auto r = co_await http_->co_call(req);
    if (!r.ok()) throw_error(r, true);
    co_return ObjAttrs::from(r.headers);
}

}  // namespace ais::api
