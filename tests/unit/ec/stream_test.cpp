// Objects into slices and back, stripe by stripe: the slices are the object's bytes plus zero
// padding and the code of those, and any D of them give back the object and the other slices.
#include "aisnode/ec/stream.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include "aisnode/ec/ec.hpp"

namespace ais::ec {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes random_bytes(size_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    Bytes b(n);
    for (auto& x : b) x = static_cast<uint8_t>(rng());
    return b;
}

ObjReader mem_reader(const Bytes& obj) {
    return [&obj](int64_t off, uint8_t* buf, size_t n) {
        ASSERT_LE(static_cast<size_t>(off) + n, obj.size());
        std::copy_n(obj.data() + off, n, buf);
    };
}

struct MemSlices {
    std::vector<Bytes> s;
    explicit MemSlices(int n) : s(n) {}
    SliceWriter writer() {
        return [this](int idx, const uint8_t* p, size_t n) { s[idx].insert(s[idx].end(), p, p + n); };
    }
    SliceReader reader() {
        return [this](int idx, int64_t off, uint8_t* buf, size_t n) {
            ASSERT_LE(static_cast<size_t>(off) + n, s[idx].size());
            std::copy_n(s[idx].data() + off, n, buf);
        };
    }
};

// The slices of `obj` computed in one go, the reference for the stripe-wise encoder.
std::vector<Bytes> reference_slices(const Codec& c, const Bytes& obj) {
    const size_t sz = slice_size(static_cast<int64_t>(obj.size()), c.data());
    std::vector<Bytes> s(c.total(), Bytes(sz, 0));
    for (int i = 0; i < c.data(); ++i)
        for (size_t k = 0; k < sz && i * sz + k < obj.size(); ++k) s[i][k] = obj[i * sz + k];
    std::vector<const uint8_t*> d;
    std::vector<uint8_t*> p;
    for (int i = 0; i < c.data(); ++i) d.push_back(s[i].data());
    for (int i = c.data(); i < c.total(); ++i) p.push_back(s[i].data());
    c.encode(d.data(), p.data(), sz);
    return s;
}

Bytes restore_object(const Codec& c, MemSlices& slices, size_t size, const std::vector<bool>& present,
                     size_t stripe) {
    Bytes out(size, 0xEE);
    RestoreTo to;
    to.object = [&](int64_t off, const uint8_t* p, size_t n) {
        ASSERT_LE(static_cast<size_t>(off) + n, out.size());
        std::copy_n(p, n, out.data() + off);
    };
    restore(c, static_cast<int64_t>(size), present, slices.reader(), to, CksumType::none, stripe);
    return out;
}

void round_trip(int d, int p, size_t size, size_t stripe) {
    SCOPED_TRACE(std::to_string(d) + "+" + std::to_string(p) + " size " + std::to_string(size) + " stripe " +
                 std::to_string(stripe));
    Codec c(d, p);
    Bytes obj = random_bytes(size, size * 31 + d);
    MemSlices slices(c.total());
    Encoded e = encode_object(c, static_cast<int64_t>(size), mem_reader(obj), slices.writer(),
                              CksumType::xxhash2, stripe);
    ASSERT_EQ(e.slice_size, slice_size(static_cast<int64_t>(size), d));
    ASSERT_EQ(slices.s, reference_slices(c, obj));
    for (int i = 0; i < c.total(); ++i)
        EXPECT_EQ(e.cksums[i], cksum(CksumType::xxhash2, slices.s[i].data(), slices.s[i].size()));

    // Every pattern of exactly D present slices (the hardest), object and missing slices.
    for (uint64_t mask = 0; mask < (uint64_t{1} << c.total()); ++mask) {
        if (std::popcount(mask) != d) continue;
        std::vector<bool> present(c.total());
        for (int i = 0; i < c.total(); ++i) present[i] = mask & (uint64_t{1} << i);
        ASSERT_EQ(restore_object(c, slices, size, present, stripe), obj) << "mask " << mask;

        MemSlices again(c.total());
        RestoreTo to;
        to.missing = again.writer();
        Restored r =
            restore(c, static_cast<int64_t>(size), present, slices.reader(), to, CksumType::xxhash2, stripe);
        for (int i = 0; i < c.total(); ++i) {
            if (present[i]) {
                EXPECT_TRUE(again.s[i].empty());
            } else {
                ASSERT_EQ(again.s[i], slices.s[i]) << "slice " << i << " mask " << mask;
            }
            EXPECT_EQ(r.cksums[i], e.cksums[i]) << "slice " << i;  // all read or rebuilt here
        }
    }
}

TEST(EcStream, SizesAroundSliceAndStripeBoundaries) {
    const size_t stripe = 64 << 10;
    for (auto [d, p] : {std::pair{2, 2}, std::pair{4, 2}}) {
        const size_t row = stripe * d;  // the object bytes of one stripe
        for (size_t size : {size_t{0}, size_t{1}, size_t(d - 1), size_t(d), size_t(d + 1), stripe - 1, stripe,
                            stripe + 1, row - 1, row, row + 1, 3 * row + 17})
            round_trip(d, p, size, stripe);
    }
}

TEST(EcStream, RandomSizesUpTo5MiB) {
    std::mt19937_64 rng(42);
    for (int i = 0; i < 6; ++i) {
        size_t size = rng() % (5 << 20) + 1;
        round_trip(i % 2 ? 4 : 2, 2, size, i < 3 ? kStripe : 256 << 10);
    }
    round_trip(4, 2, 5 << 20, kStripe);
}

TEST(EcStream, TooFewSlices) {
    Codec c(4, 2);
    Bytes obj = random_bytes(1000, 1);
    MemSlices slices(6);
    encode_object(c, 1000, mem_reader(obj), slices.writer());
    RestoreTo to;
    to.object = [](int64_t, const uint8_t*, size_t) {};
    EXPECT_THROW(restore(c, 1000, {true, false, true, false, true, false}, slices.reader(), to),
                 ErrTooFewSlices);
}

TEST(EcStream, ReadsOnlyDSlicesPreferringData) {
    Codec c(4, 2);
    Bytes obj = random_bytes(10000, 2);
    MemSlices slices(6);
    encode_object(c, 10000, mem_reader(obj), slices.writer());
    std::vector<int> touched(6, 0);
    SliceReader counting = [&](int idx, int64_t off, uint8_t* buf, size_t n) {
        ++touched[idx];
        slices.reader()(idx, off, buf, n);
    };
    Bytes out(10000);
    RestoreTo to;
    to.object = [&](int64_t off, const uint8_t* p, size_t n) { std::copy_n(p, n, out.data() + off); };
    Restored r = restore(c, 10000, std::vector<bool>(6, true), counting, to);
    EXPECT_EQ(out, obj);
    EXPECT_EQ(r.read, (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(touched, (std::vector<int>{1, 1, 1, 1, 0, 0}));
}

// The same on real files: a 5 MiB + odd object sliced into D+P files, two files lost (one data,
// one parity), the object and the lost slices rebuilt from the rest through pread/pwrite.
class EcFiles : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/ut_ec_XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string path(const std::string& name) const { return dir_ + "/" + name; }
    int open_file(const std::string& name, int flags) {
        int fd = ::open(path(name).c_str(), flags | O_CLOEXEC, 0644);
        EXPECT_GE(fd, 0) << name;
        fds_.push_back(fd);
        return fd;
    }
    Bytes read_file(const std::string& name) {
        Bytes b(std::filesystem::file_size(path(name)));
        int fd = open_file(name, O_RDONLY);
        EXPECT_EQ(::pread(fd, b.data(), b.size(), 0), static_cast<ssize_t>(b.size()));
        return b;
    }
    ~EcFiles() override {
        for (int fd : fds_) ::close(fd);
    }

    std::string dir_;
    std::vector<int> fds_;
};

TEST_F(EcFiles, StreamingSliceAndRebuildOfAFile) {
    const int d = 4, p = 2;
    const size_t size = (5 << 20) + 12345;
    Codec c(d, p);
    Bytes obj = random_bytes(size, 9);
    int obj_fd = open_file("obj", O_RDWR | O_CREAT);
    ASSERT_EQ(::pwrite(obj_fd, obj.data(), size, 0), static_cast<ssize_t>(size));

    std::vector<int> out(c.total());
    for (int i = 0; i < c.total(); ++i)
        out[i] = open_file("slice" + std::to_string(i), O_WRONLY | O_CREAT | O_APPEND);
    SliceWriter to_files = [&](int idx, const uint8_t* data, size_t n) {
        ASSERT_EQ(::write(out[idx], data, n), static_cast<ssize_t>(n));
    };
    Encoded e =
        encode_object(c, static_cast<int64_t>(size), pread_object(obj_fd), to_files, CksumType::crc32c);
    std::vector<Bytes> orig;
    for (int i = 0; i < c.total(); ++i) {
        orig.push_back(read_file("slice" + std::to_string(i)));
        ASSERT_EQ(orig.back().size(), static_cast<size_t>(e.slice_size));
    }

    // Lose slice 1 (data) and 5 (parity).
    std::vector<bool> present = {true, false, true, true, true, false};
    std::vector<int> in(c.total(), -1);
    for (int i = 0; i < c.total(); ++i)
        if (present[i]) in[i] = open_file("slice" + std::to_string(i), O_RDONLY);

    int restored_fd = open_file("restored", O_RDWR | O_CREAT);
    std::vector<int> rebuilt(c.total(), -1);
    for (int i : {1, 5}) rebuilt[i] = open_file("rebuilt" + std::to_string(i), O_WRONLY | O_CREAT | O_APPEND);
    RestoreTo to;
    to.object = pwrite_object(restored_fd);
    to.missing = [&](int idx, const uint8_t* data, size_t n) {
        ASSERT_EQ(::write(rebuilt[idx], data, n), static_cast<ssize_t>(n));
    };
    Restored r = restore(c, static_cast<int64_t>(size), present, pread_slices(in), to, CksumType::crc32c);

    EXPECT_EQ(read_file("restored"), obj);
    EXPECT_EQ(read_file("rebuilt1"), orig[1]);
    EXPECT_EQ(read_file("rebuilt5"), orig[5]);
    EXPECT_EQ(r.read, (std::vector<int>{0, 2, 3, 4}));
    EXPECT_EQ(r.cksums, e.cksums);  // sources verified and rebuilt slices checksummed alike
}

TEST_F(EcFiles, ShortFileIsAnError) {
    Codec c(2, 2);
    int fd = open_file("short", O_RDWR | O_CREAT);
    Bytes obj = random_bytes(1000, 3);
    ASSERT_EQ(::pwrite(fd, obj.data(), obj.size(), 0), 1000);
    MemSlices slices(4);
    EXPECT_THROW(encode_object(c, 2000, pread_object(fd), slices.writer()), std::system_error);
    EXPECT_THROW(pread_slices({-1, fd})(0, 0, obj.data(), 1), std::invalid_argument);
}

}  // namespace
}  // namespace ais::ec
