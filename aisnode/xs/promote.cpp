// promote: files and directories on a target's machine become objects (AIS apc.PromoteArgs).
// On a file share (the default: every target sees the same files) each target promotes the files
// whose objects it owns, so nothing is done twice; with "notshr" or a target id, a target promotes
// every file it sees and sends each to its owner.
#include "aisnode/xs/jobs.hpp"

#include "aisnode/fs/env.hpp"
#include "shared/api/json.hpp"
#include "shared/net/client.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/errors.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace ais::node::xs {

namespace {

void list_files(const std::string& dir, const std::string& rel, bool recursive, std::vector<std::string>& out) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) fs::throw_errno("opendir", dir);
    std::vector<std::string> subdirs;
    while (dirent* e = ::readdir(d)) {
        const char* n = e->d_name;
        if (std::strcmp(n, ".") == 0 || std::strcmp(n, "..") == 0) continue;
        struct stat st;
        if (::fstatat(::dirfd(d), n, &st, 0) != 0) continue;
        if (S_ISREG(st.st_mode))
            out.push_back(rel + n);
        else if (S_ISDIR(st.st_mode) && recursive)
            subdirs.emplace_back(n);
    }
    ::closedir(d);
    for (const auto& sd : subdirs) list_files(dir + "/" + sd, rel + sd + "/", recursive, out);
}

}  // namespace

PromoteJob::PromoteJob(Core& core, const JobReq& req) : Xact(req.id, req.kind), core_(core) {
    bck = req.bck;
    src_ = req.name;
    if (req.msg != "null" && !req.msg.empty()) {
        auto v = api::json::parse(req.msg);
        const auto& o = api::json::as_object(v, "promote args");
        std::string s;
        if (api::json::get(o, "src", s) && !s.empty()) src_ = s;
        api::json::get(o, "obj", prefix_);
        api::json::get(o, "tid", target_id_);
        api::json::get(o, "rcr", recursive_);
        api::json::get(o, "notshr", not_fshare_);
        api::json::get(o, "ovw", overwrite_);
        api::json::get(o, "dls", delete_src_);
    }
    (void)core_.resolve_bck(bck);
    if (src_.empty() || src_.front() != '/')
        throw ErrBadRequest("promote: source path \"" + src_ + "\" must be an absolute path on the target");
    while (src_.size() > 1 && src_.back() == '/') src_.pop_back();
    if (!target_id_.empty() && target_id_ != core_.env.id()) return;  // another target's job
    struct stat st;
    if (::stat(src_.c_str(), &st) != 0)
        throw ErrNotFound("promote: " + core_.tname() + ": " + src_ + ": " + std::strerror(errno));
    is_dir_ = S_ISDIR(st.st_mode);
    if (!is_dir_ && !S_ISREG(st.st_mode))
        throw ErrBadRequest("promote: " + src_ + " is neither a file nor a directory");
    if (!prefix_.empty() && !is_dir_) api::validate_obj_name(prefix_);
}

void PromoteJob::run() {
    if (!target_id_.empty() && target_id_ != core_.env.id()) return;
    auto files = std::make_shared<std::vector<std::string>>();
    if (is_dir_)
        list_files(src_, "", recursive_, *files);
    else
        files->push_back("");
    auto pos = std::make_shared<size_t>(0);
    for_each(
        [files, pos](std::string& out) {
            if (*pos >= files->size()) return false;
            out = (*files)[(*pos)++];
            return true;
        },
        [this](const std::string& rel) { promote_one(rel); }, true);
}

void PromoteJob::promote_one(const std::string& rel) {
    const std::string path = rel.empty() ? src_ : src_ + "/" + rel;
    std::string name;
    if (rel.empty())
        name = prefix_.empty() ? src_.substr(src_.rfind('/') + 1) : prefix_;
    else
        name = prefix_.empty() ? rel : (prefix_.ends_with('/') ? prefix_ + rel : prefix_ + "/" + rel);
    ObjRef dst = core_.resolve(bck, name);
    auto peer = core_.owner_other(dst);
    const bool everything = not_fshare_ || !target_id_.empty();
    if (peer && !everything) return;  // its owner promotes it
    if (!overwrite_) {
        if (peer) {
            // The owner would overwrite: ask it first.
            Found none;
            net::ClientRequest head = core_.peer_put(*peer, dst, none.md, false);
            head.method = "HEAD";
            auto r = peer_client().call(head);
            if (r.ok()) return;
        } else {
            Found f;
            if (core_.find(dst, f, false)) return;
        }
    }
    fs::Fd in = fs::open_fd(path, O_RDONLY);
    if (!in) fs::throw_errno("open", path);
    struct stat st;
    if (::fstat(in.get(), &st) != 0) fs::throw_errno("stat", path);
    try {
        if (peer) {
            LomMd md;
            core_.send_to_peer(peer_client(), *peer, dst, path, md, false);
            add_out(1, st.st_size);
        } else {
            const CksumType t = parse_cksum_type(dst.props->checksum.type);
            Cksummer ck(t);
            WorkFile wf = core_.create_work(dst, "prm");
            LomMd md;
            md.size = static_cast<int64_t>(
                copy_data(core_.bufs, in.get(), wf.fd.get(), t != CksumType::none ? &ck : nullptr, path, wf.path));
            if (t != CksumType::none) {
                md.cksum_type = std::string(to_string(t));
                md.cksum_value = ck.finalize();
            }
            core_.commit(dst, wf, std::move(md));
        }
    } catch (const fs::FsError& e) {
        core_.throw_fs(e, dst);
    }
    add_loc(1, st.st_size);
    if (delete_src_ && ::unlink(path.c_str()) != 0)
        add_error("promote: removing " + path + ": " + std::strerror(errno));
}

}  // namespace ais::node::xs
