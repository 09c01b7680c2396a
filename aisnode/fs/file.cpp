#include "aisnode/fs/file.hpp"

#include "aisnode/fs/env.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <vector>

namespace ais::fs {

FsError::FsError(int err, const std::string& what) : std::runtime_error(what), err_(err) {}

void throw_errno(std::string_view op, std::string_view path, int err) {
    std::string msg(op);
    msg += ' ';
    msg.append(path);
    msg += ": ";
    msg += std::strerror(err);
    throw FsError(err, msg);
}

void Fd::reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

Fd open_fd(const std::string& path, int flags, unsigned mode) {
    return Fd(env().open(path, flags | O_CLOEXEC, mode));
}

void write_all(int fd, const char* data, size_t n, std::string_view path) {
    while (n > 0) {
        ssize_t w = env().write(fd, data, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            throw_errno("write", path);
        }
        data += w;
        n -= static_cast<size_t>(w);
    }
}

size_t pread_full(int fd, char* buf, size_t n, uint64_t off, std::string_view path) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = ::pread(fd, buf + got, n - got, static_cast<off_t>(off + got));
        if (r < 0) {
            if (errno == EINTR) continue;
            throw_errno("read", path);
        }
        if (r == 0) break;
        got += static_cast<size_t>(r);
    }
    return got;
}

namespace {

template <class Get>
bool get_xattr_impl(Get get, std::string& out, std::string_view what) {
    char small[512];
    ssize_t n = get(small, sizeof(small));
    if (n >= 0) {
        out.assign(small, static_cast<size_t>(n));
        return true;
    }
    for (;;) {
        if (errno == ENODATA || errno == ENOENT || errno == ENOTDIR) return false;
        if (errno != ERANGE) throw_errno("getxattr", what);
        ssize_t need = get(nullptr, 0);
        if (need < 0) continue;  // re-examine errno
        out.resize(static_cast<size_t>(need));
        n = get(out.data(), out.size());
        if (n >= 0) {
            out.resize(static_cast<size_t>(n));
            return true;
        }
    }
}

}  // namespace

bool get_xattr(int fd, const char* name, std::string& out) {
    return get_xattr_impl([&](char* b, size_t n) { return ::fgetxattr(fd, name, b, n); }, out, name);
}

bool get_xattr(const std::string& path, const char* name, std::string& out) {
    return get_xattr_impl([&](char* b, size_t n) { return ::getxattr(path.c_str(), name, b, n); }, out, path);
}

void set_xattr(int fd, const char* name, std::string_view value, std::string_view path) {
    if (env().fsetxattr(fd, name, value.data(), value.size()) != 0) throw_errno("setxattr", path);
}

void mkdir_all(const std::string& path, unsigned mode) {
    if (::mkdir(path.c_str(), mode) == 0) return;
    int err = errno;
    if (err == EEXIST) {
        struct stat st;
        if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return;
        throw_errno("mkdir", path, ENOTDIR);
    }
    if (err != ENOENT) throw_errno("mkdir", path, err);
    auto pos = path.rfind('/');
    if (pos == std::string::npos || pos == 0) throw_errno("mkdir", path, err);
    mkdir_all(path.substr(0, pos), mode);
    if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) throw_errno("mkdir", path);
}

void fsync_dir(const std::string& path) {
    Fd d = open_fd(path, O_RDONLY | O_DIRECTORY);
    if (!d) throw_errno("open", path);
    if (env().fsync(d.get()) != 0) throw_errno("fsync", path);
}

void fdatasync(int fd, std::string_view path) {
    if (env().fdatasync(fd) != 0) throw_errno("fdatasync", path);
}

void syncfs_dir(const std::string& dir) {
    Fd d = open_fd(dir, O_RDONLY | O_DIRECTORY);
    if (!d) throw_errno("open", dir);
    if (env().syncfs(d.get()) != 0) throw_errno("syncfs", dir);
}

int rename(const std::string& from, const std::string& to) {
    return env().rename(from, to) == 0 ? 0 : errno;
}

void atomic_write(const std::string& path, std::string_view data, bool sync) {
    static std::atomic<uint64_t> seq{0};
    const std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(++seq);
    {
        Fd fd = open_fd(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (!fd) throw_errno("create", tmp);
        try {
            write_all(fd.get(), data.data(), data.size(), tmp);
            if (sync && env().fsync(fd.get()) != 0) throw_errno("fsync", tmp);
        } catch (...) {
            ::unlink(tmp.c_str());
            throw;
        }
    }
    if (int err = rename(tmp, path)) {
        ::unlink(tmp.c_str());
        throw_errno("rename", path, err);
    }
    if (!sync) return;
    auto slash = path.rfind('/');
    fsync_dir(slash == std::string::npos ? std::string(".") : slash == 0 ? std::string("/") : path.substr(0, slash));
}

void remove_empty_dirs(std::string dir, std::string_view stop) {
    while (dir.size() > stop.size() && dir.compare(0, stop.size(), stop) == 0) {
        if (::rmdir(dir.c_str()) != 0) return;  // not empty (or gone): done
        auto pos = dir.rfind('/');
        if (pos == std::string::npos) return;
        dir.resize(pos);
    }
}

size_t remove_all(const std::string& path) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return errno == ENOENT ? 0 : 1;
    if (!S_ISDIR(st.st_mode)) return ::unlink(path.c_str()) == 0 || errno == ENOENT ? 0 : 1;
    size_t failed = 0;
    if (DIR* d = ::opendir(path.c_str())) {
        std::vector<std::string> names;
        while (dirent* e = ::readdir(d)) {
            if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
            names.emplace_back(e->d_name);
        }
        ::closedir(d);
        for (const auto& n : names) failed += remove_all(path + "/" + n);
    } else {
        ++failed;
    }
    if (::rmdir(path.c_str()) != 0 && errno != ENOENT) ++failed;
    return failed;
}

}  // namespace ais::fs
