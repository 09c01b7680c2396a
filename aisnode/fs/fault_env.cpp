#include "aisnode/fs/fault_env.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace ais::fs {

namespace {

std::string parent_of(const std::string& p) {
    auto pos = p.rfind('/');
    return pos == std::string::npos ? std::string() : p.substr(0, pos);
}

}  // namespace

void FaultEnv::inject(Fault f) {
    std::lock_guard lk(mu_);
    faults_.push_back(std::move(f));
}

void FaultEnv::limit_space(uint64_t bytes, int err) {
    std::lock_guard lk(mu_);
    limited_ = true;
    space_left_ = bytes;
    space_err_ = err;
}

void FaultEnv::clear_faults() {
    std::lock_guard lk(mu_);
    faults_.clear();
    limited_ = false;
}

int FaultEnv::calls(Op op) const {
    std::lock_guard lk(mu_);
    auto it = calls_.find(op);
    return it == calls_.end() ? 0 : it->second;
}

bool FaultEnv::should_fail(Op op, const std::string& path) {
    std::lock_guard lk(mu_);
    ++calls_[op];
    for (auto& f : faults_) {
        if (f.op != op || f.times == 0) continue;
        if (!f.path_contains.empty() && path.find(f.path_contains) == std::string::npos) continue;
        if (f.skip > 0) {
            --f.skip;
            continue;
        }
        if (f.times > 0) --f.times;
        errno = f.err;
        return true;
    }
    return false;
}

std::string FaultEnv::path_of(int fd) const {
    std::lock_guard lk(mu_);
    auto it = fds_.find(fd);
    return it == fds_.end() ? std::string() : it->second;
}

size_t FaultEnv::allow(size_t n) {
    std::lock_guard lk(mu_);
    if (!limited_) return n;
    if (space_left_ == 0) {
        errno = space_err_;
        return 0;
    }
    size_t k = n < space_left_ ? n : static_cast<size_t>(space_left_);
    space_left_ -= k;
    return k;
}

int FaultEnv::open(const std::string& path, int flags, unsigned mode) {
    if (should_fail(Op::open, path)) return -1;
    struct stat st;
    const bool existed = ::stat(path.c_str(), &st) == 0;
    int fd = posix_env().open(path, flags, mode);
    if (fd < 0) return fd;
    std::lock_guard lk(mu_);
    fds_[fd] = path;
    if ((flags & O_ACCMODE) != O_RDONLY && !files_.count(path)) {
        FileState s;
        s.entry_durable = existed;
        s.synced = existed ? static_cast<uint64_t>(st.st_size) : 0;
        files_[path] = s;
    }
    return fd;
}

ssize_t FaultEnv::write(int fd, const void* data, size_t n) {
    if (should_fail(Op::write, path_of(fd))) return -1;
    size_t k = allow(n);
    if (k == 0 && n > 0) return -1;
    return posix_env().write(fd, data, k);
}

void FaultEnv::synced(int fd) {
    std::string path = path_of(fd);
    struct stat st;
    if (path.empty() || ::fstat(fd, &st) != 0) return;
    std::lock_guard lk(mu_);
    if (S_ISDIR(st.st_mode)) {
        for (auto& [p, s] : files_)
            if (parent_of(p) == path) s.entry_durable = true;
        return;
    }
    auto it = files_.find(path);
    if (it != files_.end()) it->second.synced = static_cast<uint64_t>(st.st_size);
}

int FaultEnv::fdatasync(int fd) {
    if (should_fail(Op::fdatasync, path_of(fd))) return -1;
    int rc = posix_env().fdatasync(fd);
    if (rc == 0) synced(fd);
    return rc;
}

int FaultEnv::fsync(int fd) {
    if (should_fail(Op::fsync, path_of(fd))) return -1;
    int rc = posix_env().fsync(fd);
    if (rc == 0) synced(fd);
    return rc;
}

int FaultEnv::rename(const std::string& from, const std::string& to) {
    if (should_fail(Op::rename, to)) return -1;
    int rc = posix_env().rename(from, to);
    if (rc != 0) return rc;
    std::lock_guard lk(mu_);
    FileState s;
    if (auto it = files_.find(from); it != files_.end()) {
        s = it->second;
        files_.erase(it);
    } else {
        struct stat st;
        if (::stat(to.c_str(), &st) != 0 || S_ISDIR(st.st_mode)) return rc;
        s.synced = static_cast<uint64_t>(st.st_size);  // written elsewhere: data assumed durable
    }
    s.entry_durable = false;
    files_[to] = s;
    for (auto& [fd, p] : fds_)
        if (p == from) p = to;
    return rc;
}

int FaultEnv::fsetxattr(int fd, const char* name, const void* value, size_t n) {
    if (should_fail(Op::setxattr, path_of(fd))) return -1;
    return posix_env().fsetxattr(fd, name, value, n);
}

ssize_t FaultEnv::copy_file_range(int in, loff_t* in_off, int out, size_t n) {
    if (should_fail(Op::copy, path_of(out))) return -1;
    size_t k = allow(n);
    if (k == 0 && n > 0) return -1;
    return posix_env().copy_file_range(in, in_off, out, k);
}

int FaultEnv::syncfs(int fd) {
    const std::string dir = path_of(fd);
    if (should_fail(Op::syncfs, dir)) return -1;
    int rc = posix_env().syncfs(fd);
    if (rc != 0 || dir.empty()) return rc;
    // The model's "filesystem" is the synced directory's tree (a mountpath).
    std::lock_guard lk(mu_);
    for (auto& [p, s] : files_) {
        struct stat st;
        if (!p.starts_with(dir + "/") || ::stat(p.c_str(), &st) != 0) continue;
        s.synced = static_cast<uint64_t>(st.st_size);
        s.entry_durable = true;
    }
    return rc;
}

void FaultEnv::crash() {
    std::lock_guard lk(mu_);
    for (const auto& [path, s] : files_) {
        if (!s.entry_durable) {
            ::unlink(path.c_str());
            continue;
        }
        if (::truncate(path.c_str(), static_cast<off_t>(s.synced)) != 0 && errno != ENOENT) {
            // The file is gone or unwritable: nothing left to drop.
        }
    }
    files_.clear();
    fds_.clear();
}

}  // namespace ais::fs
