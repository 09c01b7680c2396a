#include "aisnode/fs/env.hpp"

#include <fcntl.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

namespace ais::fs {

namespace {

class PosixEnv final : public Env {
  public:
    int open(const std::string& path, int flags, unsigned mode) override {
        int fd;
        do {
            fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
        } while (fd < 0 && errno == EINTR);
        return fd;
    }
    ssize_t write(int fd, const void* data, size_t n) override { return ::write(fd, data, n); }
    int fdatasync(int fd) override { return ::fdatasync(fd); }
    int fsync(int fd) override { return ::fsync(fd); }
    int rename(const std::string& from, const std::string& to) override {
        return ::rename(from.c_str(), to.c_str());
    }
    int fsetxattr(int fd, const char* name, const void* value, size_t n) override {
        return ::fsetxattr(fd, name, value, n, 0);
    }
    ssize_t copy_file_range(int in, loff_t* in_off, int out, size_t n) override {
        return ::copy_file_range(in, in_off, out, nullptr, n, 0);
    }
    int syncfs(int fd) override { return ::syncfs(fd); }
};

std::atomic<Env*> g_env{nullptr};

}  // namespace

Env& posix_env() {
    static PosixEnv e;
    return e;
}

Env& env() {
    Env* e = g_env.load(std::memory_order_acquire);
    return e ? *e : posix_env();
}

ScopedEnv::ScopedEnv(Env& e) : prev_(g_env.exchange(&e)) {}
ScopedEnv::~ScopedEnv() { g_env.store(prev_); }

}  // namespace ais::fs
