// The pieces of erasure-coded objects that one target keeps on its mountpaths: a slice or a full
// replica of an object whose main replica lives elsewhere, each with its metafile (ec::Meta, JSON),
// and the main target's own metafile that records where the pieces went.
//
//   <mpath>/@<provider>[/<ns>]/<bucket>/%ec/<object name>   the piece's bytes (AIS's "%ec")
//   <mpath>/@<provider>[/<ns>]/<bucket>/%mt/<object name>   its metafile (AIS's "%mt")
//   (%el and %me instead, under the name's xxhash, for names the filesystem cannot hold; see
//   fs::needs_hash)
//
// One metafile per object per target: a target holds at most one piece of an object (the main
// replica, a replica, or one slice). Walks, listings, rebalance and resilver never see these
// directories. A piece is written like an object (work file, fdatasync, rename, directory fsync,
// every result checked, through fs::env()); a newer generation replaces an older one, never the
// other way round. Everything here blocks: call it on the WorkPool or a job's thread.
#pragma once

#include "aisnode/core/core.hpp"
#include "aisnode/ec/codec.hpp"
#include "aisnode/ec/meta.hpp"

#include <string>
#include <string_view>

namespace ais::node::ecsvc {

// Header of intra-cluster EC requests carrying the piece's ec::Meta as JSON (AIS: Ais-Ec-Meta).
inline constexpr char kMetaHdr[] = "Ais-Ec-Meta";
// URL path of the intra-cluster EC endpoint: /v1/ec/<bucket>/<object>?<bucket query>.
inline constexpr char kPath[] = "/v1/ec";

struct PiecePaths {
    std::string piece;  // %ec/...
    std::string meta;   // %mt/...
};
PiecePaths piece_paths(std::string_view mpath, const api::Bck& b, std::string_view obj);

// A piece (or the main's metafile) found on this target.
struct Piece {
    ec::Meta meta;
    std::string mpath;
    PiecePaths paths;
    // The piece's bytes are in %ec (a slice or a replica); false for the main target's metafile,
    // whose object is the regular one in %ob.
    bool has_bytes() const { return meta.is_copy || meta.slice_id > 0; }
};

// The metafile of `ref` on this target, the object's HRW mountpath first, then the other readable
// ones (a resilver moves objects, not pieces); false when there is none or it does not parse.
bool find_piece(const Core& core, const ObjRef& ref, Piece& out);

// Stores a received piece: `wf` holds its bytes, already verified against `m`. Syncs the data (per
// config), writes the metafile beside a work file, and under the object's name lock renames both
// into place unless this target already has a newer generation (then false, and `wf` goes away).
bool commit_piece(Core& core, const ObjRef& ref, WorkFile& wf, const ec::Meta& m);

// The main target's metafile (slice 0, not a copy): where the pieces of its object went. Skipped
// when a newer generation is there already, or the object is gone (checked under the name lock, so
// that a DELETE, which removes the object under it and then every piece, never leaves it behind).
void store_main_meta(Core& core, const ObjRef& ref, const ec::Meta& m);

// Removes the piece and the metafile of `ref` from every readable mountpath, under the name lock;
// `only_gen` > 0: only a piece of that generation. Returns how many metafiles went.
int remove_pieces(Core& core, const ObjRef& ref, int64_t only_gen = 0);

// Objects deleted at this target lately (a DELETE): an encoding that was running meanwhile removes
// the pieces it sent (a lost object file is not a delete: its pieces are what brings it back).
// In memory, per target, entries expire after 10 minutes.
void note_deleted(const Core& core, const std::string& uname);
bool deleted_since(const Core& core, const std::string& uname, int64_t since_ns);

// The codec of D+P (one per pair, made once, shared).
const ec::Codec& codec(int data, int parity);

}  // namespace ais::node::ecsvc
