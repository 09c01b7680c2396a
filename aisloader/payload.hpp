// PUT payloads without per-request allocation: one random buffer generated at start and shared
// (read-only) by every worker; an object's content is the buffer read circularly from a random
// offset. A worker owns one RandBody and re-points it for each PUT; the body streams straight
// from the shared buffer, and its checksum is computed over the same bytes without a copy.
#pragma once

#include "shared/net/client.hpp"
#include "shared/util/cksum.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace ais::loader {

class Payload {
  public:
    static constexpr size_t kDefaultSize = 8u << 20;
    explicit Payload(uint64_t seed, size_t size = kDefaultSize);
    const char* data() const { return buf_.get(); }
    size_t size() const { return size_; }

  private:
    std::unique_ptr<char[]> buf_;
    size_t size_;
};

class RandBody : public net::BodySource {
  public:
    explicit RandBody(const Payload& p) : p_(&p) {}
    // The next object: `size` bytes starting at `offset` (mod the buffer size).
    void reset(uint64_t offset, uint64_t size) {
        off_ = offset % p_->size();
        size_ = size;
        pos_ = 0;
    }
    uint64_t size() const override { return size_; }
    size_t read(char* buf, size_t n) override;
    void rewind() override { pos_ = 0; }
    // Checksum of the whole object (hex; "" for none). Does not move the read position.
    std::string cksum(CksumType t) const;

  private:
    const Payload* p_;
    uint64_t off_ = 0, size_ = 0, pos_ = 0;
};

}  // namespace ais::loader
