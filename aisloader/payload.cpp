#include "aisloader/payload.hpp"

#include <algorithm>
#include <cstring>

namespace ais::loader {

namespace {

uint64_t splitmix64(uint64_t& s) {
    uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

}  // namespace

Payload::Payload(uint64_t seed, size_t size) : buf_(new char[size]), size_(size) {
    uint64_t s = seed;
    for (size_t i = 0; i + 8 <= size; i += 8) {
        uint64_t v = splitmix64(s);
        std::memcpy(buf_.get() + i, &v, 8);
    }
    for (size_t i = size & ~size_t(7); i < size; ++i) buf_[i] = static_cast<char>(splitmix64(s));
}

size_t RandBody::read(char* buf, size_t n) {
    size_t done = 0;
    while (done < n && pos_ < size_) {
        uint64_t at = (off_ + pos_) % p_->size();
        size_t k = static_cast<size_t>(std::min<uint64_t>({n - done, size_ - pos_, p_->size() - at}));
        std::memcpy(buf + done, p_->data() + at, k);
        done += k;
        pos_ += k;
    }
    return done;
}

std::string RandBody::cksum(CksumType t) const {
    if (t == CksumType::none) return {};
    Cksummer ck(t);
    uint64_t pos = 0;
    while (pos < size_) {
        uint64_t at = (off_ + pos) % p_->size();
        size_t k = static_cast<size_t>(std::min<uint64_t>(size_ - pos, p_->size() - at));
        ck.update(p_->data() + at, k);
        pos += k;
    }
    return ck.finalize();
}

}  // namespace ais::loader
