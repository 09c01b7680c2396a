// The AIS flavour of the data path and control plane: native API through a proxy.
#include "aisloader/backend.hpp"

#include "shared/api/apc.hpp"
#include "shared/api/client.hpp"
#include "shared/api/err_http.hpp"
#include "shared/config/bprops.hpp"
#include "shared/util/strings.hpp"

#include <algorithm>

namespace ais::loader {

net::ClientOptions client_options(const Params& p) {
    net::ClientOptions o;
    o.ca_file = p.ca_file;
    o.skip_verify = p.skip_verify;
    o.io_timeout = std::chrono::milliseconds(std::max<int64_t>(p.timeout_ns / 1'000'000, 1));
    o.max_retries = 0;  // a failed request is an error in the stats, not something to hide
    o.max_idle_per_host = static_cast<size_t>(std::max<int64_t>(64, p.numworkers + 8));
    o.user_agent = "aisloader";
    return o;
}

[[noreturn]] void throw_status(const net::ClientResponse& r, std::string_view what) {
    auto e = api::parse_err_http(r.status, r.body);
    std::string msg = std::string(what) + ": " + std::to_string(r.status) + " " + e.message;
    if (msg.size() > 300) msg.resize(300);
    throw OpError(r.status, msg);
}

namespace {

class AisDataPath : public DataPath {
  public:
    AisDataPath(boost::asio::io_context& io, const Params& p, std::vector<std::string> proxies,
                const std::string& bucket_cksum)
        : p_(p), http_(io, client_options(p)), proxies_(std::move(proxies)) {
        // "/v1/objects/<bucket>/" and "?provider=ais[&namespace=...]", computed once.
        prefix_ = api::object_path(p.bck, "");
        query_ = "?" + p.bck.query().encode();
        get_query_ = query_;
        if (p.latest) get_query_ += std::string("&") + api::qp::kLatestVer + "=true";
        if (p.verifyhash) {
            if (bucket_cksum != "none" && !bucket_cksum.empty())
                types_.push_back(parse_cksum_type(bucket_cksum));
            if (p.cksum_type != CksumType::none &&
                std::find(types_.begin(), types_.end(), p.cksum_type) == types_.end())
                types_.push_back(p.cksum_type);
        }
        if (p.ranged) {
            // -readlen unset or 0: from the offset to the end of the object
            range_ = p.readlen > 0 ? api::byte_range(p.readoff, p.readlen)
                                   : "bytes=" + std::to_string(p.readoff) + "-";
        }
    }

    void init_worker(WorkerCtx& w) override {
        w.put_req.method = "PUT";
        w.get_req.method = "GET";
        for (auto* rq : {&w.put_req, &w.get_req})
            if (!p_.token.empty()) rq->headers.set(api::hdr::kAuthorization, "Bearer " + p_.token);
        w.put_req.headers.set(api::hdr::kContentType, api::ct::kOctet);
        w.put_req.body_source = &w.body;
        if (!range_.empty()) w.get_req.headers.set(api::hdr::kRange, range_);
        w.verify = !types_.empty();
        w.ncks = static_cast<int>(types_.size());
        for (int i = 0; i < w.ncks; ++i) w.cks[i] = Cksummer(types_[static_cast<size_t>(i)]);
        WorkerCtx* wp = &w;
        w.get_req.sink = [wp](const char* d, size_t n) {
            wp->got += n;
            for (int i = 0; i < wp->ncks; ++i) wp->cks[i].update(d, n);
        };
    }

    net::Task<void> put(WorkerCtx& w) override {
        set_url(w, w.put_req.url, w.name, query_);
        if (!w.cksum_value.empty()) {
            w.put_req.headers.set(api::hdr::kChecksumType, std::string(to_string(p_.cksum_type)));
            w.put_req.headers.set(api::hdr::kChecksumValue, w.cksum_value);
        }
        auto r = co_await http_.co_call(w.put_req);
        if (!r.ok()) throw_status(r, "PUT " + p_.bck.obj_cname(w.name));
    }

    net::Task<uint64_t> get(WorkerCtx& w, const std::string& name) override {
        set_url(w, w.get_req.url, name, get_query_);
        w.got = 0;
        for (int i = 0; i < w.ncks; ++i) w.cks[i].reset();
        auto r = co_await http_.co_call(w.get_req);
        if (!r.ok()) throw_status(r, "GET " + p_.bck.obj_cname(name));
        if (w.verify) verify(w, r, name);
        co_return w.got;
    }

  private:
    void set_url(WorkerCtx& w, std::string& url, const std::string& name, const std::string& query) {
        const auto& base = proxies_.size() == 1 ? proxies_[0] : proxies_[w.rng.below(proxies_.size())];
        url.assign(base);
        url += prefix_;
        url += url_escape_path(name);
        url += query;
    }

    static void verify(WorkerCtx& w, const net::ClientResponse& r, const std::string& name) {
        auto type = r.headers.get(api::hdr::kChecksumType);
        auto value = r.headers.get(api::hdr::kChecksumValue);
        if (type.empty() || value.empty() || type == "none") {
            ++w.unverified;
            return;
        }
        for (int i = 0; i < w.ncks; ++i) {
            if (to_string(w.cks[i].type()) != type) continue;
            auto got = w.cks[i].finalize();
            if (!iequals(got, value))
                throw OpError(0, "GET " + name + ": " + std::string(type) + " checksum mismatch: computed " +
                                     got + ", the cluster reports " + std::string(value));
            return;
        }
        ++w.unverified;
    }

    const Params& p_;
    net::Client http_;
    std::vector<std::string> proxies_;
    std::string prefix_, query_, get_query_, range_;
    std::vector<CksumType> types_;
};

class AisControl : public Control {
  public:
    explicit AisControl(const Params& p) : p_(p), api_(p.endpoint, p.token, client_options(p)) {}

    bool bucket_exists() override { return api_.bucket_exists(p_.bck); }
    void create_bucket() override { api_.create_bucket(p_.bck, p_.bprops); }
    void set_props(const std::string& json) override {
        auto xid = api_.set_bprops(p_.bck, json);
        if (!xid.empty()) api_.wait_job(xid);
    }

    std::vector<std::string> list(const std::string& prefix) override {
        api::LsoMsg msg;
        msg.prefix = prefix;
        msg.props = "name,size";
        if (p_.cached) msg.set_flag(api::ls::kCached);
        auto res = api_.list_objects(p_.bck, msg);
        std::vector<std::string> names;
        names.reserve(res.entries.size());
        for (auto& e : res.entries) {
            if (e.is_dir() && !p_.list_dirs) continue;
            names.push_back(std::move(e.name));
        }
        return names;
    }

    std::string bucket_cksum_type() override {
        try {
            return api_.head_bucket(p_.bck).checksum.type;
        } catch (const std::exception&) {
            return "none";
        }
    }

    std::vector<std::string> proxies() override {
        std::vector<std::string> out;
        auto smap = api_.get_smap();
        for (const auto& [id, n] : smap.pmap) {
            if (n.flags & (api::Snode::kMaintenance | api::Snode::kDecommission)) continue;
            std::string url = n.public_net.direct_url;
            while (!url.empty() && url.back() == '/') url.pop_back();
            if (!url.empty()) out.push_back(url);
        }
        if (out.empty()) out.push_back(p_.endpoint);
        return out;
    }

    void destroy_bucket() override { api_.destroy_bucket(p_.bck); }

    void delete_objects(const std::vector<std::string>& names, size_t batch) override {
        for (size_t i = 0; i < names.size(); i += batch) {
            api::EvdMsg msg;
            msg.objnames.assign(
                names.begin() + static_cast<std::ptrdiff_t>(i),
                names.begin() + static_cast<std::ptrdiff_t>(std::min(names.size(), i + batch)));
            msg.coer = true;
            auto xid = api_.delete_objects(p_.bck, msg);
            if (!xid.empty() && xid.find(',') == std::string::npos) api_.wait_job(xid);
        }
    }

  private:
    const Params& p_;
    api::Client api_;
};

}  // namespace

std::unique_ptr<Control> make_control(const Params& p) {
    if (p.s3) return make_s3_control(p);
    return std::make_unique<AisControl>(p);
}

std::unique_ptr<DataPath> make_data_path(boost::asio::io_context& io, const Params& p,
                                         std::vector<std::string> proxies, const std::string& bucket_cksum) {
    if (p.s3) return make_s3_data_path(io, p);
    return std::make_unique<AisDataPath>(io, p, std::move(proxies), bucket_cksum);
}

}  // namespace ais::loader
