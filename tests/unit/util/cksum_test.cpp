// Checksum values must equal what Go AIS computes; the vectors come from python3 hashlib,
// python3-xxhash and a pure-Python CRC-32C (tests/fixtures/util/gen_vectors.py).
#include "shared/util/cksum.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

namespace ais {
namespace {

constexpr CksumType kAll[] = {CksumType::none,   CksumType::xxhash, CksumType::xxhash2, CksumType::md5,
                              CksumType::crc32c, CksumType::sha256, CksumType::sha512};

// Same formula as gen_vectors.py's pattern().
std::string pattern(size_t n) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 7 + (i >> 9)) & 0xFF);
    return s;
}

std::string input(std::string_view spec) {
    if (spec.starts_with("pattern:")) return pattern(std::stoul(std::string(spec.substr(8))));
    EXPECT_TRUE(spec.starts_with("hex:")) << spec;
    std::string out;
    for (size_t i = 4; i + 1 < spec.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(std::string(spec.substr(i, 2)), nullptr, 16)));
    return out;
}

struct Vec {
    CksumType type;
    std::string data, expected;
};

std::vector<Vec> load() {
    std::ifstream in(AIS_TEST_FIXTURES "/util/cksum_vectors.txt");
    EXPECT_TRUE(in.good());
    std::vector<Vec> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        auto f = split(line, '\t');
        EXPECT_EQ(f.size(), 3u) << line;
        if (f.size() != 3) continue;
        out.push_back({parse_cksum_type(f[0]), input(f[1]), std::string(f[2])});
    }
    return out;
}

TEST(Cksum, OneShotMatchesVectors) {
    auto vs = load();
    ASSERT_EQ(vs.size(), 7u * 7u);
    for (const auto& v : vs)
        EXPECT_EQ(cksum(v.type, v.data), v.expected)
            << to_string(v.type) << " of " << v.data.size() << " bytes";
}

TEST(Cksum, WellKnownValues) {
    EXPECT_EQ(cksum(CksumType::crc32c, "123456789"), "e3069283");
    EXPECT_EQ(cksum(CksumType::xxhash, ""), "ef46db3751d8e999");
    EXPECT_EQ(cksum(CksumType::md5, ""), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(cksum(CksumType::sha256, "abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(cksum(CksumType::none, "abc"), "");
}

TEST(Cksum, ValueLengths) {
    std::string d = pattern(100);
    EXPECT_EQ(cksum(CksumType::xxhash, d).size(), 16u);
    EXPECT_EQ(cksum(CksumType::xxhash2, d).size(), 16u);
    EXPECT_EQ(cksum(CksumType::crc32c, d).size(), 8u);
    EXPECT_EQ(cksum(CksumType::md5, d).size(), 32u);
    EXPECT_EQ(cksum(CksumType::sha256, d).size(), 64u);
    EXPECT_EQ(cksum(CksumType::sha512, d).size(), 128u);
}

TEST(Cksum, OddChunksGiveTheSameValue) {
    for (const auto& v : load()) {
        Cksummer c(v.type);
        size_t off = 0, step = 1;
        while (off < v.data.size()) {
            size_t n = std::min(step, v.data.size() - off);
            c.update(v.data.data() + off, n);
            off += n;
            step = step * 3 + 1;  // 1, 4, 13, 40, ... odd and unaligned
            if (step > 70000) step = 7;
        }
        c.update(nullptr, 0);
        EXPECT_EQ(c.finalize(), v.expected) << to_string(v.type) << " " << v.data.size();
    }
}

TEST(Cksum, FinalizeDoesNotConsume) {
    for (CksumType t : kAll) {
        Cksummer c(t);
        c.update("hello, ");
        EXPECT_EQ(c.finalize(), cksum(t, "hello, "));
        EXPECT_EQ(c.finalize(), cksum(t, "hello, "));
        c.update("world");
        EXPECT_EQ(c.finalize(), cksum(t, "hello, world")) << to_string(t);
        c.reset();
        c.update("x");
        EXPECT_EQ(c.finalize(), cksum(t, "x"));
    }
}

TEST(Cksum, SaveRestoreMidStream) {
    for (const auto& v : load()) {
        for (size_t cut : {size_t(0), size_t(1), size_t(3), size_t(31), size_t(64), size_t(65),
                           v.data.size() / 2, v.data.size()}) {
            if (cut > v.data.size()) continue;
            Cksummer a(v.type);
            a.update(v.data.data(), cut);
            std::string blob = a.save_state();
            // Travels through base64 in the append handle.
            Cksummer b = Cksummer::restore(v.type, base64_decode(base64_encode(blob)));
            EXPECT_EQ(b.type(), v.type);
            b.update(v.data.data() + cut, v.data.size() - cut);
            EXPECT_EQ(b.finalize(), v.expected) << to_string(v.type) << " cut at " << cut;
        }
    }
}

TEST(Cksum, RestoreRejectsForeignState) {
    Cksummer a(CksumType::sha256);
    a.update("abc");
    std::string blob = a.save_state();
    EXPECT_THROW(Cksummer::restore(CksumType::sha512, blob), ErrBadRequest);
    EXPECT_THROW(Cksummer::restore(CksumType::sha256, blob.substr(1)), ErrBadRequest);
    EXPECT_THROW(Cksummer::restore(CksumType::sha256, ""), ErrBadRequest);
    EXPECT_THROW(Cksummer::restore(CksumType::crc32c, "garbage"), ErrBadRequest);
}

TEST(Cksum, CopiesAreIndependent) {
    Cksummer a(CksumType::md5);
    a.update("abc");
    Cksummer b = a;
    b.update("def");
    EXPECT_EQ(a.finalize(), cksum(CksumType::md5, "abc"));
    EXPECT_EQ(b.finalize(), cksum(CksumType::md5, "abcdef"));
    a = b;
    EXPECT_EQ(a.finalize(), cksum(CksumType::md5, "abcdef"));
}

TEST(Cksum, TypeNames) {
    for (CksumType t : kAll) EXPECT_EQ(parse_cksum_type(to_string(t)), t);
    EXPECT_EQ(parse_cksum_type("XXHash2"), CksumType::xxhash2);
    EXPECT_EQ(to_string(CksumType::crc32c), "crc32c");
    try {
        parse_cksum_type("sha1");
        FAIL();
    } catch (const ErrBadRequest& e) {
        std::string m = e.what();
        EXPECT_NE(m.find("\"sha1\""), std::string::npos) << m;
        for (const char* n : {"none", "xxhash", "xxhash2", "md5", "crc32c", "sha256", "sha512"})
            EXPECT_NE(m.find(n), std::string::npos) << m;
    }
    EXPECT_THROW(parse_cksum_type(""), ErrBadRequest);
}

}  // namespace
}  // namespace ais
