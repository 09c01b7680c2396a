// LOM (local object metadata): what a target knows about one stored object besides its bytes.
// It lives in the object file's extended attribute `user.ais.lom`, so that HEAD is one getxattr
// plus one stat, a rename moves data and metadata together, and the object stays a plain file.
//
// Encoding (compact, versioned, self-checking):
//   "AL" | format u8 (=1) | records... | xxh64 of everything before, 8 bytes little-endian
//   record = tag u8 | varint length | bytes; unknown tags are skipped, so newer writers stay
//   readable by older readers of the same format.
// A file without the attribute (e.g. copied in by hand) is still an object: the target makes up
// metadata from stat (see Lom::from_stat).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ais::node {

inline constexpr char kLomXattr[] = "user.ais.lom";
// XATTR_SIZE_MAX. Filesystems may hold less (ext4 keeps all xattrs of a file in one block, so
// about 4 KiB): store_lom reports that as a client error too, since only huge custom metadata or
// object names of several KiB get there.
inline constexpr size_t kMaxLomBytes = 65536;

inline constexpr size_t kInlineNameMax = 1024;
inline constexpr char kNameSidecarSuffix[] = ".name";

struct LomMd {
    int64_t size = 0;
    std::string cksum_type;   // "" or "none": no checksum
    std::string cksum_value;  // lowercase hex
    std::string version;
    int64_t atime = 0;  // unix ns
    std::map<std::string, std::string> custom;
    std::string full_name;  // set only when the object is stored under a hashed name
    // A full name over kInlineNameMax lives in the sidecar file "<fqn>.name" (ext4 keeps all of
    // a file's xattrs in one 4 KiB block, too small for names of several KiB).
    bool name_in_sidecar = false;
    // Mirroring (aisnode/mirror): the mountpaths that hold a copy of this object besides the one
    // the object itself is on, as the main replica's LOM records them.
    std::vector<std::string> copies;

    bool has_cksum() const { return !cksum_type.empty() && cksum_type != "none" && !cksum_value.empty(); }
    bool operator==(const LomMd&) const = default;
};

std::string encode_lom(const LomMd& md);
// false on anything malformed (bad magic, unknown format, checksum mismatch, truncation).
bool decode_lom(std::string_view data, LomMd& out);

// Reads the LOM of an open file (false: no or unreadable LOM). I/O errors throw fs::FsError.
bool load_lom(int fd, LomMd& out);
bool load_lom(const std::string& path, LomMd& out);
// Writes it; ErrBadRequest (naming `cname`) when it is too large, fs::FsError on I/O errors.
// A full name over kInlineNameMax is not written here: see store_name_sidecar.
void store_lom(int fd, const LomMd& md, std::string_view path, std::string_view cname);

// The long-name sidecar of the hashed object file `fqn`: written (atomically) before the object
// is renamed into place, read back by load_lom(path) / load_name_sidecar.
void store_name_sidecar(const std::string& fqn, std::string_view full_name);
void load_name_sidecar(const std::string& fqn, LomMd& md);  // fills md.full_name if md.name_in_sidecar
void remove_name_sidecar(const std::string& fqn);

}  // namespace ais::node
