#include "aisnode/core/lom.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "aisnode/fs/file.hpp"
#include "aisnode/fs/layout.hpp"
#include "shared/util/errors.hpp"

#include <xxhash.h>

#include <cstring>

namespace ais::node {

namespace {

constexpr unsigned char kMagic0 = 'A', kMagic1 = 'L', kFormat = 1;

enum Tag : unsigned char {
    kSize = 1,
    kCksumType = 2,
    kCksumValue = 3,
    kVersion = 4,
    kAtime = 5,
    kCustom = 6,  // varint key length | key | value
    kFullName = 7,
    kNameInSidecar = 8,  // the full name is in "<fqn>.name"
    kCopy = 9,           // one per mirrored copy: the mountpath that holds it
};

void put_varint(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

bool get_varint(std::string_view& in, uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (in.empty()) return false;
        auto b = static_cast<unsigned char>(in.front());
        in.remove_prefix(1);
        v |= static_cast<uint64_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) return true;
    }
    return false;
}

void put_rec(std::string& out, Tag t, std::string_view bytes) {
    out.push_back(static_cast<char>(t));
    put_varint(out, bytes.size());
    out.append(bytes);
}

void put_rec_uint(std::string& out, Tag t, uint64_t v) {
    std::string tmp;
    put_varint(tmp, v);
    put_rec(out, t, tmp);
}

}  // namespace

std::string encode_lom(const LomMd& md) {
    std::string out;
    out.reserve(64 + md.cksum_value.size() + md.full_name.size());
    out.push_back(static_cast<char>(kMagic0));
    out.push_back(static_cast<char>(kMagic1));
    out.push_back(static_cast<char>(kFormat));
    put_rec_uint(out, kSize, static_cast<uint64_t>(md.size));
    if (!md.cksum_type.empty()) put_rec(out, kCksumType, md.cksum_type);
    if (!md.cksum_value.empty()) put_rec(out, kCksumValue, md.cksum_value);
    if (!md.version.empty()) put_rec(out, kVersion, md.version);
    put_rec_uint(out, kAtime, static_cast<uint64_t>(md.atime));
    for (const auto& [k, v] : md.custom) {
        std::string kv;
        put_varint(kv, k.size());
        kv += k;
        kv += v;
        put_rec(out, kCustom, kv);
    }
    if (md.full_name.size() > kInlineNameMax)
        put_rec(out, kNameInSidecar, "");
    else if (!md.full_name.empty())
        put_rec(out, kFullName, md.full_name);
    for (const auto& c : md.copies) put_rec(out, kCopy, c);
    uint64_t h = XXH64(out.data(), out.size(), 0);
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((h >> (8 * i)) & 0xff));
    return out;
}

bool decode_lom(std::string_view data, LomMd& out) {
    if (data.size() < 3 + 8) return false;
    if (static_cast<unsigned char>(data[0]) != kMagic0 || static_cast<unsigned char>(data[1]) != kMagic1 ||
        static_cast<unsigned char>(data[2]) != kFormat)
        return false;
    std::string_view body = data.substr(0, data.size() - 8);
    uint64_t want = 0;
    for (int i = 0; i < 8; ++i)
        want |= static_cast<uint64_t>(static_cast<unsigned char>(data[data.size() - 8 + i])) << (8 * i);
    if (XXH64(body.data(), body.size(), 0) != want) return false;

    LomMd md;
    std::string_view in = body.substr(3);
    while (!in.empty()) {
        auto tag = static_cast<unsigned char>(in.front());
        in.remove_prefix(1);
        uint64_t len = 0;
        if (!get_varint(in, len) || len > in.size()) return false;
        std::string_view val = in.substr(0, len);
        in.remove_prefix(len);
        uint64_t u = 0;
        switch (tag) {
            case kSize:
                if (!get_varint(val, u)) return false;
                md.size = static_cast<int64_t>(u);
                break;
            case kAtime:
                if (!get_varint(val, u)) return false;
                md.atime = static_cast<int64_t>(u);
                break;
            case kCksumType:
                md.cksum_type = val;
                break;
            case kCksumValue:
                md.cksum_value = val;
                break;
            case kVersion:
                md.version = val;
                break;
            case kFullName:
                md.full_name = val;
                break;
            case kNameInSidecar:
                md.name_in_sidecar = true;
                break;
            case kCopy:
                md.copies.emplace_back(val);
                break;
            case kCustom: {
                uint64_t klen = 0;
                if (!get_varint(val, klen) || klen > val.size()) return false;
                md.custom[std::string(val.substr(0, klen))] = std::string(val.substr(klen));
                break;
            }
            default:
                break;  // a newer writer's field
        }
    }
    out = std::move(md);
    return true;
}

bool load_lom(int fd, LomMd& out) {
    std::string raw;
    if (!fs::get_xattr(fd, kLomXattr, raw)) return false;
    return decode_lom(raw, out);
}

bool load_lom(const std::string& path, LomMd& out) {
    std::string raw;
    if (!fs::get_xattr(path, kLomXattr, raw) || !decode_lom(raw, out)) return false;
    load_name_sidecar(path, out);
    return true;
}

void store_name_sidecar(const std::string& fqn, std::string_view full_name) {
    fs::mkdir_all(std::string(fs::parent_dir(fqn)));  // %ln is made on first use
    // Not synced on its own: the object's commit syncs the directory after the rename.
    fs::atomic_write(fqn + kNameSidecarSuffix, full_name, false);
}

void load_name_sidecar(const std::string& fqn, LomMd& md) {
    if (!md.name_in_sidecar) return;
    std::string path = fqn + kNameSidecarSuffix;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;  // lost: the object then matches no name (and is not listed)
    char buf[8192];
    ssize_t n;
    md.full_name.clear();
    while ((n = ::read(fd, buf, sizeof(buf))) > 0) md.full_name.append(buf, static_cast<size_t>(n));
    ::close(fd);
}

void remove_name_sidecar(const std::string& fqn) { ::unlink((fqn + kNameSidecarSuffix).c_str()); }

void store_lom(int fd, const LomMd& md, std::string_view path, std::string_view cname) {
    std::string raw = encode_lom(md);
    if (raw.size() > kMaxLomBytes)
        throw ErrBadRequest("metadata of " + std::string(cname) + " is too large (" +
                            std::to_string(raw.size()) + " bytes, at most " + std::to_string(kMaxLomBytes) +
                            "): too much custom metadata");
    try {
        fs::set_xattr(fd, kLomXattr, raw, path);
    } catch (const fs::FsError& e) {
        // ext4 says ENOSPC when the xattr block is full: not a full disk if the value is big.
        if (e.err() == E2BIG || (e.err() == ENOSPC && raw.size() > 1024))
            throw ErrBadRequest(
                "metadata of " + std::string(cname) + " (" + std::to_string(raw.size()) +
                " bytes: name and custom metadata) does not fit the filesystem's extended attributes");
        throw;
    }
}

}  // namespace ais::node
