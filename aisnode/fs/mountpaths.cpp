#include "aisnode/fs/mountpaths.hpp"

#include "aisnode/fs/file.hpp"
#include "aisnode/fs/layout.hpp"
#include "shared/util/hrw.hpp"
#include "shared/util/ids.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace ais::fs {

Capacity Mountpath::capacity() const {
    Capacity c;
    struct statvfs s;
    if (::statvfs(path.c_str(), &s) != 0) return c;
    c.total = static_cast<uint64_t>(s.f_blocks) * s.f_frsize;
    c.avail = static_cast<uint64_t>(s.f_bavail) * s.f_frsize;
    uint64_t free = static_cast<uint64_t>(s.f_bfree) * s.f_frsize;
    c.used = c.total > free ? c.total - free : 0;
    // As df computes it: used / (used + available to unprivileged users).
    if (c.used + c.avail > 0)
        c.pct_used = static_cast<int>((c.used * 100 + c.used + c.avail - 1) / (c.used + c.avail));
    return c;
}

Mountpaths::~Mountpaths() {
    {
        std::lock_guard lk(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    if (worker_.joinable()) worker_.join();
}

namespace {

void probe_xattr(const std::string& mpath) {
    std::string probe = mpath + "/.ais.xattr-probe." + gen_uuid();
    Fd fd = open_fd(probe, O_CREAT | O_EXCL | O_WRONLY, 0600);
    if (!fd)
        throw std::runtime_error("mountpath " + mpath + ": cannot create files: " + std::strerror(errno));
    int rc = ::fsetxattr(fd.get(), "user.ais.probe", "1", 1, 0);
    int err = errno;
    ::unlink(probe.c_str());
    if (rc != 0)
        throw std::runtime_error("mountpath " + mpath +
                                 ": the filesystem does not support user extended attributes (" +
                                 std::strerror(err) + "); object metadata is kept in xattrs");
}

}  // namespace

void Mountpaths::init(const std::vector<std::string>& paths) {
    if (paths.empty()) throw std::runtime_error("target has no mountpaths (fspaths.paths is empty)");
    std::vector<Mountpath> mps;
    for (const auto& p : paths) {
        if (p.empty() || p[0] != '/')
            throw std::runtime_error("mountpath \"" + p + "\" is not an absolute path");
        std::string norm = std::filesystem::path(p).lexically_normal().string();
        while (norm.size() > 1 && norm.back() == '/') norm.pop_back();
        if (std::any_of(mps.begin(), mps.end(), [&](const Mountpath& m) { return m.path == norm; }))
            throw std::runtime_error("duplicate mountpath " + norm);
        try {
            mkdir_all(norm);
            mkdir_all(norm + "/" + kTrashDir);
        } catch (const FsError& e) {
            throw std::runtime_error(std::string("mountpath: ") + e.what());
        }
        probe_xattr(norm);
        mps.push_back(Mountpath{norm, hrw_digest(norm)});
    }
    mpaths_ = std::move(mps);
    digests_.clear();
    for (const auto& m : mpaths_) digests_.push_back(m.digest);

    // Leftovers of buckets destroyed before a restart.
    for (const auto& m : mpaths_) {
        std::string trash = m.path + "/" + kTrashDir;
        if (DIR* d = ::opendir(trash.c_str())) {
            while (dirent* e = ::readdir(d)) {
                if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
                schedule_removal(trash + "/" + e->d_name);
            }
            ::closedir(d);
        }
    }
    if (!worker_.joinable()) worker_ = std::thread([this] { trash_worker(); });
    std::string list;
    for (const auto& m : mpaths_) list += (list.empty() ? "" : ", ") + m.path;
    log::info("mountpaths: {}", list);
}

size_t Mountpaths::hrw_index(std::string_view uname) const {
    if (mpaths_.size() == 1) return 0;
    int i = hrw_select(hrw_digest(uname), digests_);
    return i < 0 ? 0 : static_cast<size_t>(i);
}

void Mountpaths::create_bucket_dirs(const api::Bck& b) const {
    for (const auto& m : mpaths_) {
        for (const auto& d : {obj_dir(m.path, b), work_dir(m.path, b)}) {
            try {
                mkdir_all(d);
            } catch (const FsError& e) {
                log::error("{}: {}", b.cname(), e.what());
            }
        }
    }
}

void Mountpaths::destroy_bucket_dirs(const api::Bck& b) {
    for (const auto& m : mpaths_) {
        std::string dir = bck_dir(m.path, b);
        std::string dst = m.path + "/" + kTrashDir + "/" + gen_uuid();
        if (::rename(dir.c_str(), dst.c_str()) != 0) {
            if (errno != ENOENT)
                log::error("{}: rename {} to trash: {}", b.cname(), dir, std::strerror(errno));
            continue;
        }
        schedule_removal(std::move(dst));
    }
}

void Mountpaths::schedule_removal(std::string dir) {
    {
        std::lock_guard lk(mu_);
        trash_.push_back(std::move(dir));
    }
    cv_.notify_one();
}

void Mountpaths::trash_worker() {
    std::unique_lock lk(mu_);
    for (;;) {
        cv_.wait(lk, [&] { return stop_ || !trash_.empty(); });
        if (stop_) return;
        std::string dir = std::move(trash_.front());
        trash_.pop_front();
        lk.unlock();
        if (size_t failed = remove_all(dir))
            log::warn("trash: {} entries under {} could not be removed", failed, dir);
        lk.lock();
    }
}

std::string Mountpaths::to_json() const {
    std::string s = "{\"available\":[";
    for (size_t i = 0; i < mpaths_.size(); ++i) {
        if (i) s += ',';
        s += json_quote(mpaths_[i].path);
    }
    s += "],\"waiting_dd\":[],\"disabled\":[]}";
    return s;
}

}  // namespace ais::fs
