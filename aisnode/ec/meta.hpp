// EC metadata: what a target keeps next to every slice and replica of an object (AIS's metafile,
// ec.Metadata in ec/metafile.go), enough to find the other pieces and rebuild the object from them.
//
// Fields and JSON names follow AIS. The main target's copy (slice_id 0, is_copy false) lists in
// `nodes` where every piece went; a replica has slice_id 0 and is_copy true; slice i of D+P has
// slice_id i (1..D data, D+1..D+P parity) and the checksum of its own bytes in slice_cksum, of the
// same type as the object's checksum. `generation` orders encodings of the same name: a receiver
// keeps the newer one. Current Go AIS packs this struct in a binary format of its own (md_version
// first, an xxhash last); earlier versions stored JSON, as we do, under these same names.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "shared/util/cksum.hpp"

namespace ais::ec {

inline constexpr uint32_t kMetaVersion = 1;  // MDVersionLast

struct Meta {
    int64_t size = 0;                        // obj_size: the object's size (its slices are padded)
    int64_t generation = 0;                  // generation: when it was encoded, ns since the epoch
    std::string obj_cksum;                   // obj_cksum: the object's checksum value
    std::string obj_version;                 // obj_version
    CksumType cksum_type = CksumType::none;  // cksum_type: of obj_cksum and slice_cksum
    std::string slice_cksum;                 // slice_cksum: this slice's checksum (slices only)
    std::string replica_node;                // replica_node: id of the main target (the full object)
    std::map<std::string, int> nodes;        // nodes: target id -> slice id, every piece of the object
    int data = 0;                            // data_slices
    int parity = 0;                          // parity_slices
    int slice_id = 0;                        // slice_id: 0 = full object or replica, 1..D+P = slice
    uint32_t md_version = kMetaVersion;      // md_version
    bool is_copy = false;                    // is_copy: replicated (true) or erasure coded
    // custom: the object's custom metadata, so that a restored object gets it back (AIS keeps it in
    // the LOM of the main replica only; we add it here, written only when not empty).
    std::map<std::string, std::string> custom;

    int64_t slice_size() const;  // of every slice of this object (0 when replicated)
    bool operator==(const Meta&) const = default;
};

std::string to_json(const Meta& m);

// Parses and validates: D and P in [1, 32], slice ids in [0, D+P], a replica has slice id 0,
// known checksum type and metadata version, non-negative size and generation. Unknown keys are
// ignored (newer writers). Anything else throws ErrBadRequest naming the field.
Meta meta_from_json(std::string_view text);

}  // namespace ais::ec
