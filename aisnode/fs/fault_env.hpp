// A filesystem Env for tests (LevelDB's FaultInjectionTestEnv): passes every call to POSIX, but
// can fail chosen calls with an errno (EIO, ENOSPC...), run out of space after N more bytes
// (cutting the write that crosses the limit short), and simulate a crash that drops whatever was
// not made durable. No root, tmpfs or kill -9 needed.
//
// Crash model: a file's data is durable up to its size at its last fdatasync/fsync; its directory
// entry (created, or renamed into place) is durable once its parent directory was fsynced after
// that; a syncfs makes every file under the synced directory durable, data and entry. crash() cuts every file this Env wrote back to its durable size and removes files whose
// entry is not durable. Thread-safe.
#pragma once

#include "aisnode/fs/env.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace ais::fs {

class FaultEnv final : public Env {
  public:
    enum class Op { open, write, fdatasync, fsync, rename, setxattr, copy, syncfs };

    struct Fault {
        Op op;
        int err = 5;                // EIO
        std::string path_contains;  // "" = any path
        int skip = 0;               // let this many matching calls pass first
        int times = 1;              // then fail this many (-1: every one after)
    };

    void inject(Fault f);
    // Writes succeed for `bytes` more bytes; the write that reaches the limit is cut short there
    // and later ones fail with `err` (ENOSPC by default).
    void limit_space(uint64_t bytes, int err = 28);
    void clear_faults();
    int calls(Op op) const;  // calls made (failed or not) since construction
    void crash();

    int open(const std::string& path, int flags, unsigned mode) override;
    ssize_t write(int fd, const void* data, size_t n) override;
    int fdatasync(int fd) override;
    int fsync(int fd) override;
    int rename(const std::string& from, const std::string& to) override;
    int fsetxattr(int fd, const char* name, const void* value, size_t n) override;
    ssize_t copy_file_range(int in, loff_t* in_off, int out, size_t n) override;
    int syncfs(int fd) override;

  private:
    struct FileState {
        uint64_t synced = 0;
        bool entry_durable = false;
    };
    // Counts the call; true (errno set) if it must fail.
    bool should_fail(Op op, const std::string& path);
    std::string path_of(int fd) const;
    void synced(int fd);
    // Bytes a write of `n` may do under the space limit; 0 with errno set when none.
    size_t allow(size_t n);

    mutable std::mutex mu_;
    std::vector<Fault> faults_;
    std::map<Op, int> calls_;
    std::map<int, std::string> fds_;
    std::map<std::string, FileState> files_;
    bool limited_ = false;
    uint64_t space_left_ = 0;
    int space_err_ = 28;
};

}  // namespace ais::fs
