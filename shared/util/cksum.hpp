// Streaming object checksums with AIS semantics (the values clients see in Ais-Checksum-Value).
// A Cksummer is fed bytes as they stream in (PUT hot path) and yields lowercase hex:
//   xxhash, xxhash2: XXH64 seed 0, 16 hex digits of the uint64 ("%016x")
//   crc32c:          Castagnoli CRC-32C, 8 hex digits of the uint32 ("%08x")
//   md5/sha256/sha512: hex of the digest bytes (sha256 is plain SHA-256)
//   none:            "" (no checksum)
// The hashing state lives inside the object (no heap, no per-update allocation), so a Cksummer is
// cheap to create, copy and move. It is not thread-safe; one stream owns one Cksummer.
//
// save_state()/restore() serialize the running state for append handles: every type supports it.
// The blob is opaque, versioned and only meaningful to the same build (it contains the raw
// XXH64/OpenSSL context); restore() throws ErrBadRequest on a blob it does not recognise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ais {

enum class CksumType : uint8_t { none, xxhash, xxhash2, md5, crc32c, sha256, sha512 };

// Exact AIS names ("none", "xxhash", "xxhash2", "md5", "crc32c", "sha256", "sha512"),
// case-insensitive. Anything else (including "") throws ErrBadRequest listing the valid names.
CksumType parse_cksum_type(std::string_view name);
std::string_view to_string(CksumType t);

class Cksummer {
  public:
    explicit Cksummer(CksumType t = CksumType::none);
    Cksummer(const Cksummer& o);
    Cksummer& operator=(const Cksummer& o);

    CksumType type() const { return type_; }

    void update(const void* data, size_t n);
    void update(std::string_view s) { update(s.data(), s.size()); }

    // Hex value of everything fed so far. Does not consume the state: more updates may follow
    // and finalize() may be called again (e.g. for an interim value).
    std::string finalize() const;

    // Back to the state of a freshly constructed Cksummer of the same type.
    void reset();

    std::string save_state() const;
    static Cksummer restore(CksumType t, std::string_view state);

    // Big enough for the largest context (SHA512_CTX, 216 bytes); checked in cksum.cpp.
    static constexpr size_t kStateBytes = 224;

  private:
    CksumType type_;
    alignas(16) unsigned char state_[kStateBytes];
};

// One-shot convenience.
std::string cksum(CksumType t, const void* data, size_t n);
inline std::string cksum(CksumType t, std::string_view s) {
    return cksum(t, s.data(), s.size());
}

}  // namespace ais
