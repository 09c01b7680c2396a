#include "aisnode/ec/stream.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <system_error>

#include "aisnode/ec/ec.hpp"

namespace ais::ec {

namespace {

[[noreturn]] void io_error(const char* op, int fd, int64_t off, int err) {
    throw std::system_error(err, std::generic_category(),
                            std::string(op) + " fd " + std::to_string(fd) + " at " + std::to_string(off));
}

void pread_full(int fd, int64_t off, uint8_t* buf, size_t n) {
    while (n > 0) {
        ssize_t r = ::pread(fd, buf, n, off);
        if (r < 0) {
            if (errno == EINTR) continue;
            io_error("pread", fd, off, errno);
        }
        if (r == 0) io_error("pread (unexpected end of file)", fd, off, EIO);
        buf += r;
        off += r;
        n -= static_cast<size_t>(r);
    }
}

// One 64-byte-aligned block carved into D+P stripe buffers.
class Buffers {
  public:
    Buffers(int count, size_t stripe) : stripe_((stripe + 63) & ~size_t{63}) {
        size_t bytes = stripe_ * static_cast<size_t>(count);
        mem_ = static_cast<uint8_t*>(::operator new (bytes ? bytes : 64, std::align_val_t{64}));
        for (int i = 0; i < count; ++i) ptrs_[i] = mem_ + stripe_ * static_cast<size_t>(i);
    }
    ~Buffers() { ::operator delete (mem_, std::align_val_t{64}); }
    Buffers(const Buffers&) = delete;
    Buffers& operator=(const Buffers&) = delete;

    uint8_t* const* ptrs() const { return ptrs_; }
    uint8_t* operator[](int i) const { return ptrs_[i]; }

  private:
    size_t stripe_;
    uint8_t* mem_;
    uint8_t* ptrs_[2 * kMaxSlices];
};

size_t clamp_stripe(size_t stripe, int64_t slice) {
    if (stripe == 0) throw std::invalid_argument("ec: stripe must be positive");
    return static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(stripe), std::max<int64_t>(slice, 1)));
}

std::vector<std::string> finalize(const std::vector<Cksummer>& sums, const std::vector<bool>& used) {
    std::vector<std::string> out(sums.size());
    for (size_t i = 0; i < sums.size(); ++i)
        if (used[i] && sums[i].type() != CksumType::none) out[i] = sums[i].finalize();
    return out;
}

}  // namespace

ObjReader pread_object(int fd) {
    return [fd](int64_t off, uint8_t* buf, size_t n) { pread_full(fd, off, buf, n); };
}

SliceReader pread_slices(std::vector<int> fds) {
    return [fds = std::move(fds)](int idx, int64_t off, uint8_t* buf, size_t n) {
        if (idx < 0 || idx >= static_cast<int>(fds.size()) || fds[idx] < 0)
            throw std::invalid_argument("ec: no file for slice " + std::to_string(idx));
        pread_full(fds[idx], off, buf, n);
    };
}

ObjWriter pwrite_object(int fd) {
    return [fd](int64_t off, const uint8_t* data, size_t n) {
        while (n > 0) {
            ssize_t r = ::pwrite(fd, data, n, off);
            if (r < 0) {
                if (errno == EINTR) continue;
                io_error("pwrite", fd, off, errno);
            }
            data += r;
            off += r;
            n -= static_cast<size_t>(r);
        }
    };
}

Encoded encode_object(const Codec& codec, int64_t size, const ObjReader& in, const SliceWriter& out,
                      CksumType cksum_type, size_t stripe) {
    if (size < 0) throw std::invalid_argument("ec: negative object size");
    const int d = codec.data(), total = codec.total();
    Encoded res;
    res.slice_size = slice_size(size, d);
    const int64_t s = res.slice_size;
    stripe = clamp_stripe(stripe, s);
    std::vector<Cksummer> sums(total, Cksummer(cksum_type));
    Buffers buf(total, stripe);

    for (int64_t k = 0; k < s; k += static_cast<int64_t>(stripe)) {
        const size_t n = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(stripe), s - k));
        for (int i = 0; i < d; ++i) {
            const int64_t start = static_cast<int64_t>(i) * s + k;
            const size_t have =
                static_cast<size_t>(std::clamp<int64_t>(size - start, 0, static_cast<int64_t>(n)));
            if (have > 0) in(start, buf[i], have);
            if (have < n) std::memset(buf[i] + have, 0, n - have);  // the last slice's padding
        }
        codec.encode(buf.ptrs(), buf.ptrs() + d, n);
        for (int i = 0; i < total; ++i) {
            sums[i].update(buf[i], n);
            out(i, buf[i], n);
        }
    }
    res.cksums = finalize(sums, std::vector<bool>(total, true));
    return res;
}

Restored restore(const Codec& codec, int64_t size, const std::vector<bool>& present, const SliceReader& in,
                 const RestoreTo& to, CksumType cksum_type, size_t stripe) {
    if (size < 0) throw std::invalid_argument("ec: negative object size");
    const int d = codec.data(), total = codec.total();
    Restored res;
    res.read = codec.sources(present);  // throws ErrTooFewSlices

    // Read exactly the sources; rebuild the data slices not among them when the object is wanted,
    // and every slice not present when missing slices are.
    std::vector<bool> used(total, false), want(total, false), rebuilt(total, false);
    for (int i : res.read) used[i] = true;
    for (int i = 0; i < total; ++i) {
        want[i] = (to.object && i < d) || (to.missing && !present[i]);
        rebuilt[i] = want[i] && !used[i];
    }

    const int64_t s = slice_size(size, d);
    stripe = clamp_stripe(stripe, s);
    std::vector<Cksummer> sums(total, Cksummer(cksum_type));
    Buffers buf(total, stripe);

    for (int64_t k = 0; k < s; k += static_cast<int64_t>(stripe)) {
        const size_t n = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(stripe), s - k));
        for (int i : res.read) in(i, k, buf[i], n);
        codec.reconstruct(buf.ptrs(), used, want, n);
        for (int i = 0; i < total; ++i) {
            if (!used[i] && !rebuilt[i]) continue;
            sums[i].update(buf[i], n);
            if (to.missing && !present[i]) to.missing(i, buf[i], n);
        }
        if (to.object) {
            for (int i = 0; i < d; ++i) {
                const int64_t start = static_cast<int64_t>(i) * s + k;
                const int64_t have = std::clamp<int64_t>(size - start, 0, static_cast<int64_t>(n));
                if (have > 0) to.object(start, buf[i], static_cast<size_t>(have));
            }
        }
    }
    std::vector<bool> touched(total);
    for (int i = 0; i < total; ++i) touched[i] = used[i] || rebuilt[i];
    res.cksums = finalize(sums, touched);
    return res;
}

}  // namespace ais::ec
