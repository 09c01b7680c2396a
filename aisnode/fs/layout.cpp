#include "aisnode/fs/layout.hpp"

#include "shared/util/hrw.hpp"
#include "shared/util/ids.hpp"

#include <fmt/core.h>

#include <atomic>

namespace ais::fs {

std::string provider_dir(std::string_view mpath, const api::Bck& b) {
    std::string s;
    s.reserve(mpath.size() + 8);
    s.append(mpath);
    s += "/@";
    s.append(b.prov());
    return s;
}

std::string bck_dir(std::string_view mpath, const api::Bck& b) {
    std::string s = provider_dir(mpath, b);
    if (!b.ns.is_global()) {
        s += '/';
        s += b.ns.str();
    }
    s += '/';
    s += b.name;
    return s;
}

std::string obj_dir(std::string_view mpath, const api::Bck& b) {
    return bck_dir(mpath, b) + "/" + kObjDir;
}

std::string work_dir(std::string_view mpath, const api::Bck& b) {
    return bck_dir(mpath, b) + "/" + kWorkDir;
}

std::string long_dir(std::string_view mpath, const api::Bck& b) {
    return bck_dir(mpath, b) + "/" + kLongDir;
}

bool needs_hash(std::string_view objdir, std::string_view obj) {
    if (objdir.size() + 1 + obj.size() > kMaxPath) return true;
    // Empty components: the filesystem reads "a//b" and "/a" as "a/b" and "a", other objects.
    if (obj.starts_with('/') || obj.find("//") != std::string_view::npos) return true;
    size_t start = 0;
    while (start <= obj.size()) {
        size_t end = obj.find('/', start);
        if (end == std::string_view::npos) end = obj.size();
        if (end - start > kMaxComponent) return true;
        start = end + 1;
    }
    return false;
}

std::string long_name(std::string_view obj) {
    return fmt::format("{:016x}", hrw_digest(obj));
}

ObjPath obj_path(std::string_view mpath, const api::Bck& b, std::string_view obj) {
    ObjPath p;
    std::string od = obj_dir(mpath, b);
    if (needs_hash(od, obj)) {
        p.fqn = long_dir(mpath, b) + "/" + long_name(obj);
        p.hashed = true;
    } else {
        od += '/';
        od.append(obj);
        p.fqn = std::move(od);
    }
    return p;
}

std::string mirror_dir(std::string_view mpath, const api::Bck& b) {
    return bck_dir(mpath, b) + "/" + kMirrorDir;
}

ObjPath copy_path(std::string_view mpath, const api::Bck& b, std::string_view obj) {
    ObjPath p;
    std::string md = mirror_dir(mpath, b);  // as long as the object dir: the same names are hashed
    if (needs_hash(md, obj)) {
        p.fqn = bck_dir(mpath, b) + "/" + kMirrorLongDir + "/" + long_name(obj);
        p.hashed = true;
    } else {
        md += '/';
        md.append(obj);
        p.fqn = std::move(md);
    }
    return p;
}

std::string work_fqn(std::string_view mpath, const api::Bck& b, std::string_view obj, std::string_view tag) {
    static std::atomic<uint64_t> seq{0};
    return fmt::format("{}/{:016x}.{}.{:x}{}", work_dir(mpath, b), hrw_digest(obj), tag, ++seq, gen_uuid());
}

std::string_view parent_dir(std::string_view path) {
    auto pos = path.rfind('/');
    return pos == std::string_view::npos ? std::string_view() : path.substr(0, pos);
}

}  // namespace ais::fs
