#include "aisnode/meta/meta.hpp"

#include "shared/api/codec.hpp"
#include "shared/config/schema.hpp"
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

namespace ais::node {

namespace {

// Writes `data` to `path` atomically and durably: temp file, fsync, rename, fsync of the dir.
void write_atomic(const std::string& path, const std::string& data) {
    std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("create " + tmp + ": " + std::strerror(errno));
    size_t off = 0;
    while (off < data.size()) {
        ssize_t n = ::write(fd, data.data() + off, data.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int e = errno;
            ::close(fd);
            throw std::runtime_error("write " + tmp + ": " + std::strerror(e));
        }
        off += static_cast<size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0)
        throw std::runtime_error("rename " + tmp + ": " + std::strerror(errno));
    auto dir = std::filesystem::path(path).parent_path().string();
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

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
    std::lock_guard lk(mu_);
    auto persisted = overrides_;
    auto temp = transient_overrides_;
    for (const auto& [k, v] : kvs) {
        if (transient) {
            temp[k] = v;
        } else {
            persisted[k] = v;
            temp.erase(k);
        }
    }
    auto eff = std::make_shared<config::ClusterConfig>(*cluster_config_);
    config::set_kvs(*eff, merged(persisted, temp));  // validates
    if (!transient && !dir_.empty()) {
        std::string json = "{";
        for (const auto& [k, v] : persisted) json += (json.size() > 1 ? "," : "") + json_quote(k) + ":" + json_quote(v);
        write_atomic(dir_ + "/config_override.json", json + "}");
    }
    overrides_ = std::move(persisted);
    transient_overrides_ = std::move(temp);
    config_ = eff;
}

bool MetaOwner::put_smap(SmapPtr s, bool force) {
    SmapPtr prev;
    {
        std::lock_guard lk(mu_);
        if (!force && s->version <= smap_->version) return false;
        if (!dir_.empty()) write_atomic(dir_ + "/smap.json", api::to_json(*s));
        prev = std::exchange(smap_, s);
    }
    for (auto& fn : smap_listeners_) fn(prev.get(), *s);
    return true;
}

bool MetaOwner::put_bmd(BmdPtr b, bool force) {
    BmdPtr prev;
    {
        std::lock_guard lk(mu_);
        if (!force && b->version <= bmd_->version) return false;
        if (!dir_.empty()) write_atomic(dir_ + "/bmd.json", api::to_json(*b));
        prev = std::exchange(bmd_, b);
    }
    for (auto& fn : bmd_listeners_) fn(prev.get(), *b);
    return true;
}

bool MetaOwner::put_config(ConfigPtr c, bool force) {
    std::lock_guard lk(mu_);
    if (!force && c->config_version <= cluster_config_->config_version) return false;
    if (!dir_.empty()) write_atomic(dir_ + "/config.json", config::to_json(*c));
    cluster_config_ = c;
    config_ = apply_overrides(c);
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

}  // namespace ais::node
