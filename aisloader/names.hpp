// Object names: how new ones are made for PUT (spec §3: `[subdir/][%05x-vdir/]<32 random chars |
// hex(counter<<idbits | loaderid)>`) and how GETs pick existing ones (the "name-getters"):
//   random       mixed read/write: any known name, uniformly; PUTs add their names
//   permutation  read-only: every object once per epoch, in a new random order each epoch
//                (Fisher-Yates up to -perm-shuffle-max names, else an O(1)-memory affine
//                permutation i -> (a*i + b) mod n with gcd(a, n) = 1)
// Names live in a deque, so a reference handed out stays valid while PUTs append more. The
// getter is shared by all workers and locks internally.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace ais::loader {

// xoshiro256** seeded through splitmix64; one per worker.
class Rng {
  public:
    explicit Rng(uint64_t seed = 1);
    uint64_t next();
    uint64_t below(uint64_t n) { return n ? next() % n : 0; }  // [0, n)
    int64_t range(int64_t lo, int64_t hi) {                    // [lo, hi]
        return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
    }

  private:
    uint64_t s_[4];
};

struct NameGenOpts {
    std::string subdir;  // without trailing '/'
    int64_t num_subdirs = 0;
    bool random = true;
    uint64_t loader_id = 0;
    int loader_id_bits = 0;
};

// Makes PUT names into a caller's buffer (no allocation once the buffer has grown).
class NameGen {
  public:
    explicit NameGen(NameGenOpts o) : o_(std::move(o)) {}
    void next(Rng& rng, std::string& out);

  private:
    NameGenOpts o_;
    std::atomic<uint64_t> counter_{0};
};

class NameGetter {
  public:
    enum class Mode { random, permutation };
    // epochs: 0 = unlimited. In random mode the bound is epochs * (initial name count) picks.
    NameGetter(Mode mode, std::vector<std::string> names, int64_t epochs, int64_t shuffle_max, uint64_t seed);

    Mode mode() const { return mode_; }
    size_t size() const;
    void add(const std::string& name);  // random mode only
    // The next name to read, or nullptr when the epochs are done (or there are no names).
    const std::string* next(Rng& rng);
    const char* name() const;  // for the runtime configuration
    std::vector<std::string> all() const;

  private:
    void new_epoch();
    uint64_t perm_index(uint64_t i) const;

    Mode mode_;
    mutable std::mutex mu_;
    std::deque<std::string> names_;
    int64_t epochs_;
    uint64_t picks_ = 0, max_picks_ = 0;
    // permutation state
    bool affine_ = false;
    std::vector<uint32_t> perm_;
    uint64_t a_ = 1, b_ = 0, pos_ = 0;
    int64_t epoch_ = 0;
    Rng rng_;
};

}  // namespace ais::loader
