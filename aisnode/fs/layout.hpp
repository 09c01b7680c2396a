// The on-disk layout of a target, as AIS lays it out, so that an object is a plain file under a
// predictable path that users can cp/tar/rsync:
//
//   <mpath>/@<provider>[/<ns>]/<bucket>/%ob/<object name>    objects ("%ob" = AIS content type)
//   <mpath>/@<provider>[/<ns>]/<bucket>/%wk/<work file>      PUT/append work files (same fs as %ob)
//   <mpath>/@<provider>[/<ns>]/<bucket>/%ln/<xxh64 hex>      objects whose name is too long for
//                                                           the filesystem (full name in the LOM)
//   <mpath>/@<provider>[/<ns>]/<bucket>/%mi/<object name>    a mirrored copy of an object whose main
//                                                           replica is on another mountpath
//   <mpath>/@<provider>[/<ns>]/<bucket>/%ml/<xxh64 hex>      the same for hashed (long) names
//   <mpath>/.trash/<uuid>                                   destroyed buckets awaiting removal
//
// <ns> is the namespace as cnames print it ("#name", "@uuid#name"); the global namespace adds no
// level. Long names live in their own sibling directory rather than inside %ob so that no user
// object name can ever collide with a hashed one. All functions are pure string operations.
#pragma once

#include "shared/api/bck.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace ais::fs {

inline constexpr char kObjDir[] = "%ob";
inline constexpr char kWorkDir[] = "%wk";
inline constexpr char kLongDir[] = "%ln";
inline constexpr char kMirrorDir[] = "%mi";
inline constexpr char kMirrorLongDir[] = "%ml";
inline constexpr char kEcDir[] = "%ec", kEcLongDir[] = "%el";          // EC slices and replicas (aisnode/ec/svc)
inline constexpr char kEcMetaDir[] = "%mt", kEcMetaLongDir[] = "%me";  // EC metafiles (aisnode/ec/svc)
inline constexpr char kTrashDir[] = ".trash";

// Limits beyond which a name is stored hashed: a path component longer than NAME_MAX, or a full
// path close to PATH_MAX (4096, minus room for the work file suffixes).
inline constexpr size_t kMaxComponent = 255;
inline constexpr size_t kMaxPath = 4000;

// "<mpath>/@ais/b", "<mpath>/@ais/#ns/b"
std::string bck_dir(std::string_view mpath, const api::Bck& b);
// "<mpath>/@<provider>": the parent of every bucket dir of the provider (global namespace).
std::string provider_dir(std::string_view mpath, const api::Bck& b);
std::string obj_dir(std::string_view mpath, const api::Bck& b);
std::string work_dir(std::string_view mpath, const api::Bck& b);
std::string long_dir(std::string_view mpath, const api::Bck& b);

// Whether `obj` must be stored under a hashed name when its object dir is `objdir`: a component
// over NAME_MAX, a path near PATH_MAX, or an empty component ("/a", "a//b"), which the filesystem
// would resolve to another object's path.
bool needs_hash(std::string_view objdir, std::string_view obj);
// The file name of a hashed object: 16 lowercase hex digits of XXH64(obj, HRW seed).
std::string long_name(std::string_view obj);

// Where an object lives on a mountpath.
struct ObjPath {
    std::string fqn;      // fully qualified file name
    bool hashed = false;  // stored under %ln; the LOM carries the full name
};
ObjPath obj_path(std::string_view mpath, const api::Bck& b, std::string_view obj);
// Where a mirrored copy of an object lives on a mountpath (%mi, or %ml for hashed names): apart
// from objects, so that walks, listings, rebalance and resilver never take a copy for an object.
ObjPath copy_path(std::string_view mpath, const api::Bck& b, std::string_view obj);
std::string mirror_dir(std::string_view mpath, const api::Bck& b);

// A fresh work file name for `obj`: "<work dir>/<xxh64 hex>.<tag>.<unique>". `tag` is "put",
// "app" (append), "cp" (copy), ...; unique per process and call.
std::string work_fqn(std::string_view mpath, const api::Bck& b, std::string_view obj, std::string_view tag);

// Directory part of a path ("a/b/c" -> "a/b"; "c" -> "").
std::string_view parent_dir(std::string_view path);

}  // namespace ais::fs
