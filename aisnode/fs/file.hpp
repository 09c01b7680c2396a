// Small POSIX file helpers for the data path: an owning fd, whole writes, extended attributes,
// directory creation/removal and fsync. Failures throw FsError carrying errno, so that callers can
// map ENOSPC/EDQUOT to 507 and ENOENT to 404 in one place (see core/); these helpers know nothing
// of HTTP. Every call that changes data goes through fs::env() (env.hpp), so tests can fail it.
#pragma once

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ais::fs {

class FsError : public std::runtime_error {
  public:
    FsError(int err, const std::string& what);
    int err() const { return err_; }
    bool no_space() const { return err_ == ENOSPC || err_ == EDQUOT; }
    bool not_found() const { return err_ == ENOENT || err_ == ENOTDIR; }

  private:
    int err_;
};

// "open /a/b: No such file or directory": the message FsError carries.
[[noreturn]] void throw_errno(std::string_view op, std::string_view path, int err = errno);

class Fd {
  public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(Fd&& o) noexcept : fd_(o.release()) {}
    Fd& operator=(Fd&& o) noexcept {
        if (this != &o) {
            reset();
            fd_ = o.release();
        }
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    int release() {
        int f = fd_;
        fd_ = -1;
        return f;
    }
    void reset();

  private:
    int fd_ = -1;
};

// open(2) with O_CLOEXEC; returns an empty Fd and sets errno on failure.
Fd open_fd(const std::string& path, int flags, unsigned mode = 0644);

// Writes all of [data, data+n) at the current offset; throws FsError (path for the message).
void write_all(int fd, const char* data, size_t n, std::string_view path);
// Reads up to n bytes at `off` (retrying EINTR and short reads until n or EOF); throws FsError.
size_t pread_full(int fd, char* buf, size_t n, uint64_t off, std::string_view path);

// Extended attributes. get: false when the attribute (or the file) is absent; other errors throw.
bool get_xattr(int fd, const char* name, std::string& out);
bool get_xattr(const std::string& path, const char* name, std::string& out);
void set_xattr(int fd, const char* name, std::string_view value, std::string_view path);

// mkdir -p; existing directories are fine. Throws FsError (ENOTDIR/EEXIST when a file is in the way).
void mkdir_all(const std::string& path, unsigned mode = 0755);
// Opens and fsyncs a directory; throws FsError.
void fsync_dir(const std::string& path);
void fdatasync(int fd, std::string_view path);  // throws FsError
// syncfs(2) of the filesystem that holds directory `dir` (a mountpath); throws FsError.
void syncfs_dir(const std::string& dir);
// rename(2); returns 0 or the errno (callers decide which errors they can handle).
int rename(const std::string& from, const std::string& to);

// THE way to write a metadata file (Smap, BMD, config, sidecars, manifests): a temp file beside
// it, written whole, fsynced, renamed over `path`, and (with `sync`) the directory fsynced, every
// result checked. Readers see the old content or the new, never a mix. Throws FsError.
void atomic_write(const std::string& path, std::string_view data, bool sync = true);
// rmdir `dir` and then its parents while they are empty, stopping at (and never removing) `stop`.
void remove_empty_dirs(std::string dir, std::string_view stop);
// rm -rf; best effort, returns the number of entries that could not be removed.
size_t remove_all(const std::string& path);

}  // namespace ais::fs
