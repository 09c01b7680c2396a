// The filesystem interface of the write path, in the spirit of LevelDB's Env: the few calls whose
// failure decides whether data is durable (open, write, fdatasync/fsync, rename, set-xattr, copy)
// go through one object, so that tests can fail any of them or simulate a crash (FaultEnv).
//
// The calls mirror POSIX: they return -1 (or an empty Fd) and set errno; the checked wrappers in
// file.hpp throw FsError. Reads, stats and directory walks call POSIX directly: they change nothing.
//
// One Env serves the process: env() is POSIX unless a test installs another with ScopedEnv.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>

namespace ais::fs {

class Env {
  public:
    virtual ~Env() = default;
    virtual int open(const std::string& path, int flags, unsigned mode) = 0;  // fd or -1
    virtual ssize_t write(int fd, const void* data, size_t n) = 0;
    virtual int fdatasync(int fd) = 0;
    virtual int fsync(int fd) = 0;
    virtual int rename(const std::string& from, const std::string& to) = 0;
    virtual int fsetxattr(int fd, const char* name, const void* value, size_t n) = 0;
    // copy_file_range(2) from `in` (at *in_off) to the current offset of `out`.
    virtual ssize_t copy_file_range(int in, loff_t* in_off, int out, size_t n) = 0;
    // syncfs(2): everything written to the filesystem that holds `fd` (data, names, xattrs) made
    // durable at once; a batch of objects committed with one call instead of two per object.
    virtual int syncfs(int fd) = 0;
};

Env& posix_env();
Env& env();

// Installs `e` for the life of the object (tests); the previous Env comes back on destruction.
class ScopedEnv {
  public:
    explicit ScopedEnv(Env& e);
    ~ScopedEnv();
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    Env* prev_;
};

}  // namespace ais::fs
