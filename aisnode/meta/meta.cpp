#include "aisnode/meta/meta.hpp"

#include "shared/api/codec.hpp"
#include "shared/config/schema.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <boost/json.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "aisnode/fs/file.hpp"

namespace ais::node {

namespace {

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

std::string Rmd::to_json() const {
    boost::json::object o;
    o["version"] = std::to_string(version);
    o["smap_version"] = std::to_string(smap_version);
    o["done"] = done;
    return boost::json::serialize(o);
}

Rmd Rmd::from_json(std::string_view json) {
    Rmd r;
    try {
        auto v = boost::json::parse(json);
        const auto& o = v.as_object();
        auto num = [&](const char* k) -> int64_t {
            const auto* x = o.if_contains(k);
            if (!x) return 0;
            if (x->is_string()) return std::stoll(std::string(x->as_string()));
            return x->to_number<int64_t>();
        };
        r.version = num("version");
        r.smap_version = num("smap_version");
        if (const auto* d = o.if_contains("done")) r.done = d->as_bool();
    } catch (const std::exception& e) {
        throw ErrBadRequest(std::string("malformed RMD: ") + e.what());
    }
    return r;
}

MetaOwner::MetaOwner(std::string dir)
    : dir_(std::move(dir)),
      smap_(std::make_shared<api::Smap>()),
      bmd_(std::make_shared<api::BMD>()),
      config_(std::make_shared<config::ClusterConfig>()),
      cluster_config_(config_) {}

MetaOwner::SmapPtr MetaOwner::smap() const {
    std::lock_guard lk(mu_);
    return smap_;
}
MetaOwner::BmdPtr MetaOwner::bmd() const {
    std::lock_guard lk(mu_);
    return bmd_;
}
MetaOwner::ConfigPtr MetaOwner::config() const {
    std::lock_guard lk(mu_);
    return config_;
}
MetaOwner::ConfigPtr MetaOwner::cluster_config() const {
    std::lock_guard lk(mu_);
    return cluster_config_;
}
Rmd MetaOwner::rmd() const {
    std::lock_guard lk(mu_);
    return rmd_;
}

namespace {

std::vector<std::pair<std::string, std::string>> merged(const std::map<std::string, std::string>& persisted,
                                                        const std::map<std::string, std::string>& transient) {
    std::vector<std::pair<std::string, std::string>> kvs(persisted.begin(), persisted.end());
    kvs.insert(kvs.end(), transient.begin(), transient.end());
    return kvs;
}

}  // namespace

MetaOwner::ConfigPtr MetaOwner::apply_overrides(const ConfigPtr& c) const {
    if (overrides_.empty() && transient_overrides_.empty()) return c;
    auto eff = std::make_shared<config::ClusterConfig>(*c);
    config::set_kvs(*eff, merged(overrides_, transient_overrides_));
    return eff;
}

void MetaOwner::set_overrides(const std::vector<std::pair<std::string, std::string>>& kvs, bool transient) {
    std::lock_guard plk(persist_mu_);
    std::map<std::string, std::string> persisted, temp;
    ConfigPtr base;
    {
        std::lock_guard lk(mu_);
        persisted = overrides_;
        temp = transient_overrides_;
        base = cluster_config_;
    }
    for (const auto& [k, v] : kvs) {
        if (transient) {
            temp[k] = v;
        } else {
            persisted[k] = v;
            temp.erase(k);
        }
    }
    auto eff = std::make_shared<config::ClusterConfig>(*base);
    config::set_kvs(*eff, merged(persisted, temp));  // validates
    if (!transient && !dir_.empty()) {
        std::string json = "{";
        for (const auto& [k, v] : persisted) json += (json.size() > 1 ? "," : "") + json_quote(k) + ":" + json_quote(v);
        fs::atomic_write(dir_ + "/config_override.json", json + "}");
    }
    std::lock_guard lk(mu_);
    overrides_ = std::move(persisted);
    transient_overrides_ = std::move(temp);
    config_ = eff;
}

// Writers take persist_mu_ (one at a time) and write the file before they publish; readers take
// only mu_, briefly, so that no reader waits on a disk write.
bool MetaOwner::put_smap(SmapPtr s, bool force) {
    std::lock_guard plk(persist_mu_);
    if (!force && s->version <= smap()->version) return false;
    if (!dir_.empty()) fs::atomic_write(dir_ + "/smap.json", api::to_json(*s));
    SmapPtr prev;
    {
        std::lock_guard lk(mu_);
        prev = std::exchange(smap_, s);
    }
    for (auto& fn : smap_listeners_) fn(prev.get(), *s);
    return true;
}

bool MetaOwner::put_bmd(BmdPtr b, bool force) {
    std::lock_guard plk(persist_mu_);
    if (!force && b->version <= bmd()->version) return false;
    if (!dir_.empty()) fs::atomic_write(dir_ + "/bmd.json", api::to_json(*b));
    BmdPtr prev;
    {
        std::lock_guard lk(mu_);
        prev = std::exchange(bmd_, b);
    }
    for (auto& fn : bmd_listeners_) fn(prev.get(), *b);
    return true;
}

bool MetaOwner::put_config(ConfigPtr c, bool force) {
    std::lock_guard plk(persist_mu_);
    if (!force && c->config_version <= cluster_config()->config_version) return false;
    if (!dir_.empty()) fs::atomic_write(dir_ + "/config.json", config::to_json(*c));
    std::lock_guard lk(mu_);
    cluster_config_ = c;
    config_ = apply_overrides(c);
    return true;
}

bool MetaOwner::put_rmd(const Rmd& r, bool force) {
    std::lock_guard plk(persist_mu_);
    const Rmd cur = rmd();
    if (!force && (r.version < cur.version || (r.version == cur.version && (cur.done || !r.done)))) return false;
    if (!dir_.empty()) fs::atomic_write(dir_ + "/rmd.json", r.to_json());
    {
        std::lock_guard lk(mu_);
        rmd_ = r;
    }
    for (auto& fn : rmd_listeners_) fn(r);
    return true;
}

void MetaOwner::load() {
    if (dir_.empty()) return;
    std::filesystem::create_directories(dir_);
    std::lock_guard lk(mu_);
    if (auto s = read_file(dir_ + "/smap.json")) smap_ = std::make_shared<api::Smap>(api::from_json<api::Smap>(*s));
    if (auto b = read_file(dir_ + "/bmd.json")) bmd_ = std::make_shared<api::BMD>(api::from_json<api::BMD>(*b));
    if (auto c = read_file(dir_ + "/config.json"))
        cluster_config_ = std::make_shared<config::ClusterConfig>(config::from_json<config::ClusterConfig>(*c));
    if (auto r = read_file(dir_ + "/rmd.json")) rmd_ = Rmd::from_json(*r);
    if (auto o = read_file(dir_ + "/config_override.json")) {
        auto v = boost::json::parse(*o);
        for (const auto& kv : v.as_object()) overrides_[std::string(kv.key())] = std::string(kv.value().as_string());
    }
    config_ = apply_overrides(cluster_config_);
    log::info("loaded metadata from {}: Smap v{}, BMD v{}, config v{}", dir_, smap_->version, bmd_->version,
              config_->config_version);
}

void MetaOwner::on_bmd(std::function<void(const api::BMD*, const api::BMD&)> fn) {
    bmd_listeners_.push_back(std::move(fn));
}

void MetaOwner::on_smap(std::function<void(const api::Smap*, const api::Smap&)> fn) {
    smap_listeners_.push_back(std::move(fn));
}

void MetaOwner::on_rmd(std::function<void(const Rmd&)> fn) { rmd_listeners_.push_back(std::move(fn)); }

}  // namespace ais::node
