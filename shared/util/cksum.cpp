// The low-level MD5_CTX/SHA*_CTX API is deprecated in OpenSSL 3 but, unlike EVP, its context is a
// plain struct we can embed (no allocation per object) and serialize for append handles. It runs
// the same assembly as EVP.
#define OPENSSL_SUPPRESS_DEPRECATED
#define XXH_STATIC_LINKING_ONLY

#include "shared/util/cksum.hpp"

#include <isa-l/crc.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include <xxhash.h>

#include <climits>
#include <cstring>
#include <new>

#include "shared/util/errors.hpp"
#include "shared/util/strings.hpp"

namespace ais {

namespace {

static_assert(sizeof(SHA512_CTX) <= Cksummer::kStateBytes && alignof(SHA512_CTX) <= 16);
static_assert(sizeof(SHA256_CTX) <= Cksummer::kStateBytes && alignof(SHA256_CTX) <= 16);
static_assert(sizeof(MD5_CTX) <= Cksummer::kStateBytes && alignof(MD5_CTX) <= 16);
static_assert(sizeof(XXH64_state_t) <= Cksummer::kStateBytes && alignof(XXH64_state_t) <= 16);

constexpr std::string_view kNames[] = {"none", "xxhash", "xxhash2", "md5", "crc32c", "sha256", "sha512"};

// Saved-state blob: magic, format version, type, then the raw context bytes.
constexpr unsigned char kMagic = 0xC5;
constexpr unsigned char kFormat = 1;

size_t ctx_size(CksumType t) {
    switch (t) {
        case CksumType::none:
            return 0;
        case CksumType::xxhash:
        case CksumType::xxhash2:
            return sizeof(XXH64_state_t);
        case CksumType::md5:
            return sizeof(MD5_CTX);
        case CksumType::crc32c:
            return sizeof(uint32_t);
        case CksumType::sha256:
            return sizeof(SHA256_CTX);
        case CksumType::sha512:
            return sizeof(SHA512_CTX);
    }
    return 0;
}

template <class T>
T* as(unsigned char* p) {
    return std::launder(reinterpret_cast<T*>(p));
}
template <class T>
const T* as(const unsigned char* p) {
    return std::launder(reinterpret_cast<const T*>(p));
}

void to_hex(const unsigned char* d, size_t n, std::string& out) {
    static constexpr char hex[] = "0123456789abcdef";
    out.resize(n * 2);
    for (size_t i = 0; i < n; ++i) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
}

void be_hex(uint64_t v, size_t nbytes, std::string& out) {
    unsigned char b[8];
    for (size_t i = 0; i < nbytes; ++i) b[i] = static_cast<unsigned char>(v >> (8 * (nbytes - 1 - i)));
    to_hex(b, nbytes, out);
}

}  // namespace

CksumType parse_cksum_type(std::string_view name) {
    for (size_t i = 0; i < std::size(kNames); ++i)
        if (iequals(name, kNames[i])) return static_cast<CksumType>(i);
    throw ErrBadRequest("invalid checksum type " + json_quote(name) +
                        " (expecting one of: none, xxhash, xxhash2, md5, crc32c, sha256, sha512)");
}

std::string_view to_string(CksumType t) {
    auto i = static_cast<size_t>(t);
    return i < std::size(kNames) ? kNames[i] : std::string_view("unknown");
}

Cksummer::Cksummer(CksumType t) : type_(t) {
    reset();
}

Cksummer::Cksummer(const Cksummer& o) : type_(o.type_) {
    std::memcpy(state_, o.state_, kStateBytes);
}

Cksummer& Cksummer::operator=(const Cksummer& o) {
    type_ = o.type_;
    std::memmove(state_, o.state_, kStateBytes);
    return *this;
}

void Cksummer::reset() {
    std::memset(state_, 0, kStateBytes);
    switch (type_) {
        case CksumType::none:
            break;
        case CksumType::xxhash:
        case CksumType::xxhash2:
            XXH64_reset(new (state_) XXH64_state_t, 0);
            break;
        case CksumType::md5:
            MD5_Init(new (state_) MD5_CTX);
            break;
        case CksumType::crc32c:
            *new (state_) uint32_t = 0xFFFFFFFFu;
            break;
        case CksumType::sha256:
            SHA256_Init(new (state_) SHA256_CTX);
            break;
        case CksumType::sha512:
            SHA512_Init(new (state_) SHA512_CTX);
            break;
    }
}

void Cksummer::update(const void* data, size_t n) {
    switch (type_) {
        case CksumType::none:
            break;
        case CksumType::xxhash:
        case CksumType::xxhash2:
            XXH64_update(as<XXH64_state_t>(state_), data, n);
            break;
        case CksumType::md5:
            MD5_Update(as<MD5_CTX>(state_), data, n);
            break;
        case CksumType::crc32c: {
            // ISA-L takes an int length; the raw (non-inverted) register is the running state.
            auto* crc = as<uint32_t>(state_);
            auto* p = static_cast<unsigned char*>(const_cast<void*>(data));
            while (n > 0) {
                int chunk = n > static_cast<size_t>(INT_MAX) ? INT_MAX : static_cast<int>(n);
                *crc = crc32_iscsi(p, chunk, *crc);
                p += chunk;
                n -= static_cast<size_t>(chunk);
            }
            break;
        }
        case CksumType::sha256:
            SHA256_Update(as<SHA256_CTX>(state_), data, n);
            break;
        case CksumType::sha512:
            SHA512_Update(as<SHA512_CTX>(state_), data, n);
            break;
    }
}

std::string Cksummer::finalize() const {
    std::string out;
    unsigned char d[SHA512_DIGEST_LENGTH];
    switch (type_) {
        case CksumType::none:
            break;
        case CksumType::xxhash:
        case CksumType::xxhash2:
            be_hex(XXH64_digest(as<XXH64_state_t>(state_)), 8, out);
            break;
        case CksumType::crc32c:
            be_hex(~*as<uint32_t>(state_), 4, out);
            break;
        case CksumType::md5: {
            MD5_CTX c = *as<MD5_CTX>(state_);
            MD5_Final(d, &c);
            to_hex(d, MD5_DIGEST_LENGTH, out);
            break;
        }
        case CksumType::sha256: {
            SHA256_CTX c = *as<SHA256_CTX>(state_);
            SHA256_Final(d, &c);
            to_hex(d, SHA256_DIGEST_LENGTH, out);
            break;
        }
        case CksumType::sha512: {
            SHA512_CTX c = *as<SHA512_CTX>(state_);
            SHA512_Final(d, &c);
            to_hex(d, SHA512_DIGEST_LENGTH, out);
            break;
        }
    }
    return out;
}

std::string Cksummer::save_state() const {
    std::string blob;
    size_t n = ctx_size(type_);
    blob.reserve(3 + n);
    blob.push_back(static_cast<char>(kMagic));
    blob.push_back(static_cast<char>(kFormat));
    blob.push_back(static_cast<char>(type_));
    blob.append(reinterpret_cast<const char*>(state_), n);
    return blob;
}

Cksummer Cksummer::restore(CksumType t, std::string_view state) {
    size_t n = ctx_size(t);
    if (state.size() != 3 + n || static_cast<unsigned char>(state[0]) != kMagic ||
        static_cast<unsigned char>(state[1]) != kFormat ||
        static_cast<unsigned char>(state[2]) != static_cast<unsigned char>(t)) {
        throw ErrBadRequest("invalid saved " + std::string(to_string(t)) + " checksum state (" +
                            std::to_string(state.size()) + " bytes)");
    }
    Cksummer c(t);
    std::memcpy(c.state_, state.data() + 3, n);
    return c;
}

std::string cksum(CksumType t, const void* data, size_t n) {
    Cksummer c(t);
    c.update(data, n);
    return c.finalize();
}

}  // namespace ais
