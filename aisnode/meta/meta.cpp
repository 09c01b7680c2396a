#include "aisnode/meta/meta.hpp"

#include "shared/api/codec.hpp"
#include "shared/config/schema.hpp"
#include "shared/util/log.hpp"

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
      config_(std::make_shared<config::ClusterConfig>()) {}

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
    if (!force && c->config_version <= config_->config_version) return false;
    if (!dir_.empty()) write_atomic(dir_ + "/config.json", config::to_json(*c));
    config_ = c;
    return true;
}

void MetaOwner::load() {
    if (dir_.empty()) return;
    std::filesystem::create_directories(dir_);
    std::lock_guard lk(mu_);
    if (auto s = read_file(dir_ + "/smap.json")) smap_ = std::make_shared<api::Smap>(api::from_json<api::Smap>(*s));
    if (auto b = read_file(dir_ + "/bmd.json")) bmd_ = std::make_shared<api::BMD>(api::from_json<api::BMD>(*b));
    if (auto c = read_file(dir_ + "/config.json"))
        config_ = std::make_shared<config::ClusterConfig>(config::from_json<config::ClusterConfig>(*c));
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
