// The direct-S3 flavour: path-style requests to an S3-compatible endpoint
// (`<endpoint>/<bucket>/<object>`), unsigned (no AWS SigV4: fine for servers with auth off, such
// as the AIS /s3 API without AuthN). Listing is ListObjectsV2 with its XML reply.
#include "aisloader/backend.hpp"

#include "shared/util/strings.hpp"

#include <cstdlib>

namespace ais::loader {

namespace {

// The text of the first <tag>...</tag> at or after `pos`; advances `pos` past it.
bool xml_next(std::string_view xml, std::string_view tag, size_t& pos, std::string_view& out) {
    std::string open = "<" + std::string(tag) + ">", close = "</" + std::string(tag) + ">";
    auto b = xml.find(open, pos);
    if (b == std::string_view::npos) return false;
    b += open.size();
    auto e = xml.find(close, b);
    if (e == std::string_view::npos) return false;
    out = xml.substr(b, e - b);
    pos = e + close.size();
    return true;
}

class S3DataPath : public DataPath {
  public:
    S3DataPath(boost::asio::io_context& io, const Params& p)
        : http_(io, client_options(p)), prefix_(p.endpoint + "/" + url_escape_path(p.bck.name) + "/") {}

    void init_worker(WorkerCtx& w) override {
        w.put_req.method = "PUT";
        w.get_req.method = "GET";
        w.put_req.headers.set("Content-Type", "application/octet-stream");
        w.put_req.body_source = &w.body;
        WorkerCtx* wp = &w;
        w.get_req.sink = [wp](const char*, size_t n) { wp->got += n; };
    }

    net::Task<void> put(WorkerCtx& w) override {
        w.put_req.url.assign(prefix_);
        w.put_req.url += url_escape_path(w.name);
        auto r = co_await http_.co_call(w.put_req);
        if (!r.ok()) throw_status(r, "PUT " + w.name);
    }

    net::Task<uint64_t> get(WorkerCtx& w, const std::string& name) override {
        w.get_req.url.assign(prefix_);
        w.get_req.url += url_escape_path(name);
        w.got = 0;
        auto r = co_await http_.co_call(w.get_req);
        if (!r.ok()) throw_status(r, "GET " + name);
        co_return w.got;
    }

  private:
    net::Client http_;
    std::string prefix_;
};

class S3Control : public Control {
  public:
    explicit S3Control(const Params& p)
        : p_(p), http_(client_options(p)), bucket_url_(p.endpoint + "/" + url_escape_path(p.bck.name)) {}

    bool bucket_exists() override {
        auto r = call("HEAD", bucket_url_);
        if (r.status == 404) return false;
        if (!r.ok()) throw_status(r, "HEAD bucket " + p_.bck.name);
        return true;
    }

    void create_bucket() override {
        auto r = call("PUT", bucket_url_);
        if (!r.ok()) throw_status(r, "create bucket " + p_.bck.name);
    }

    std::vector<std::string> list(const std::string& prefix) override {
        std::vector<std::string> names;
        std::string token;
        for (;;) {
            std::string url = bucket_url_ + "?list-type=2";
            if (!prefix.empty()) url += "&prefix=" + url_escape_query(prefix);
            if (!token.empty()) url += "&continuation-token=" + url_escape_query(token);
            auto r = call("GET", url);
            if (!r.ok()) throw_status(r, "list " + p_.bck.name);
            std::string_view xml = r.body;
            size_t pos = 0;
            std::string_view contents;
            while (xml_next(xml, "Contents", pos, contents)) {
                size_t k = 0;
                std::string_view key;
                if (xml_next(contents, "Key", k, key)) names.push_back(xml_unescape(key));
            }
            size_t t = 0;
            std::string_view truncated, next;
            bool more = xml_next(xml, "IsTruncated", t, truncated) && truncated == "true";
            t = 0;
            if (!more || !xml_next(xml, "NextContinuationToken", t, next) || next.empty()) break;
            std::string nt = xml_unescape(next);
            if (nt == token) break;
            token = std::move(nt);
        }
        return names;
    }

    void set_props(const std::string&) override {}
    std::string bucket_cksum_type() override { return "none"; }
    std::vector<std::string> proxies() override { return {p_.endpoint}; }
    void destroy_bucket() override {}
    void delete_objects(const std::vector<std::string>&, size_t) override {}

  private:
    net::ClientResponse call(const char* method, const std::string& url) {
        net::ClientRequest rq;
        rq.method = method;
        rq.url = url;
        return http_.call(rq);
    }

    const Params& p_;
    net::Client http_;
    std::string bucket_url_;
};

}  // namespace

std::unique_ptr<Control> make_s3_control(const Params& p) {
    return std::make_unique<S3Control>(p);
}
std::unique_ptr<DataPath> make_s3_data_path(boost::asio::io_context& io, const Params& p) {
    return std::make_unique<S3DataPath>(io, p);
}

}  // namespace ais::loader
