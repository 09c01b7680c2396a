// DELETE, PATCH (custom metadata) and POST rename-obj of an object (spec §3.3).
#include "aisnode/target/impl.hpp"
#include "shared/api/apc.hpp"
#include "shared/api/json.hpp"
#include "shared/api/msgs.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ais::node {

namespace {

api::ActMsg parse_act(const std::string& body, const std::string& what) {
    if (body.empty()) throw ErrBadRequest(what + ": missing request body (ActMsg)");
    return api::from_json<api::ActMsg>(body);
}

bool same_file(const std::string& path, dev_t dev, ino_t ino) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && st.st_dev == dev && st.st_ino == ino;
}

}  // namespace

Task<void> Target::Impl::delete_obj(Request& req, Response& resp, ObjRef& ref) {
    (void)resp;
    const bool gfn = gfn_window(req, ref);
    bool removed;
    {
        std::lock_guard lk(locks.at(locks.index(ref.uname)));
        removed = remove_local(ref);
        // During a rebalance the object may not have arrived yet: a copy on its way is dropped
        // when it comes, and the copy it comes from is deleted where it is.
        if (!removed && gfn) reb.tombstone(ref.uname);
    }
    if (ref.props->ec.enabled && co_await ec_delete(req, ref)) removed = true;  // EC (issue 12): every piece
    if (removed) co_return;
    if (gfn && co_await delete_at_neighbors(ref)) co_return;
    throw_not_found(ref);
}

Task<void> Target::Impl::patch_obj(Request& req, Response& resp, ObjRef& ref) {
    (void)resp;
    std::string body = co_await req.read_all(1 << 20);
    api::ActMsg msg = parse_act(body, tname() + ": PATCH " + ref.cname());
    std::map<std::string, std::string> kv;
    if (msg.has_value()) {
        api::JsonDoc doc = api::JsonDoc::parse(msg.value);
        const auto& obj = api::json::as_object(doc.value(), "value");
        for (const auto& e : obj) {
            const auto& v = e.value();
            if (v.is_null()) continue;
            kv[std::string(e.key())] = v.is_string() ? std::string(v.as_string()) : api::json::serialize(v);
        }
    }
    const bool replace = req.query.get_bool(api::qp::kSetNewCustom);

    std::lock_guard lk(locks.at(locks.index(ref.uname)));
    Found f;
    if (!find_any(ref, f, true)) throw_not_found(ref);  // (on another mountpath until a resilver moves it)
    LomMd md = f.md;  // for a plain file without LOM, its made-up metadata becomes real
    if (replace) md.custom.clear();
    for (auto& [k, v] : kv) md.custom[k] = std::move(v);
    md.full_name = ref.path.hashed ? ref.obj : std::string();
    store_lom(f.fd.get(), md, ref.path.fqn, ref.cname());
}

Task<void> Target::Impl::post_obj(Request& req, Response& resp, ObjRef& ref) {
    (void)resp;
    std::string body = co_await req.read_all(1 << 20);
    api::ActMsg msg = parse_act(body, tname() + ": POST " + ref.cname());
    if (msg.action != api::act::kRenameObject)
        throw ErrNotImplemented(tname() + ": " + ref.cname() + ": action \"" + msg.action +
                                "\" is not supported");
    if (!ref.bck.is_ais())
        throw ErrNotImplemented(tname() + ": renaming objects is supported only in ais:// buckets, not " +
                                ref.bck.cname());

    ObjRef dst = ref;
    resolve_obj(dst, msg.name);  // validates the new name
    Found f;
    if (!find_any(ref, f, true)) throw_not_found(ref);  // `ref` becomes where it is
    if (dst.uname == ref.uname) co_return;
    struct stat st;
    if (::fstat(f.fd.get(), &st) != 0) fs::throw_errno("stat", ref.path.fqn);

    if (auto peer = owner_other(dst)) {
        co_await send_to_peer(*peer, dst, ref.path.fqn, f.md);
        std::lock_guard lk(locks.at(locks.index(ref.uname)));
        // Unless it was overwritten meanwhile (then the newer object stays).
        if (same_file(ref.path.fqn, st.st_dev, st.st_ino)) remove_local(ref);
        co_return;
    }

    auto cfg = env.meta.config();
    const bool sync_dir = cfg ? cfg->durability.fsync_dir : true;
    if (dst.mpi == ref.mpi) {
        // Same filesystem: one rename moves data and metadata.
        TwoLocks lk(locks, ref.uname, dst.uname);
        if (!same_file(ref.path.fqn, st.st_dev, st.st_ino)) {
            // Overwritten between find() and the lock: take the current one.
            f = Found{};
            if (!find(ref, f, true)) throw_not_found(ref);
        }
        LomMd md = f.md;
        LomMd orig = md;
        md.full_name = dst.path.hashed ? dst.obj : std::string();
        if (md.full_name.size() > kInlineNameMax) store_name_sidecar(dst.path.fqn, md.full_name);
        store_lom(f.fd.get(), md, ref.path.fqn, dst.cname());
        try {
            rename_into_place(dst, ref.path.fqn);
        } catch (...) {
            try {
                store_lom(f.fd.get(), orig, ref.path.fqn, ref.cname());
            } catch (const std::exception& e) {
                log::error("{}: restoring metadata of {}: {}", tname(), ref.cname(), e.what());
            }
            throw;
        }
        if (!ref.path.hashed)
            fs::remove_empty_dirs(std::string(fs::parent_dir(ref.path.fqn)), fs::obj_dir(ref.mpath, ref.bck));
        if (sync_dir) {
            const std::string dir(fs::parent_dir(dst.path.fqn));
            co_await pool.run([&dir] { fs::fsync_dir(dir); });
        }
        co_return;
    }

    // Another mountpath: copy with the metadata as is (version, checksum, atime), then remove.
    co_await pool.run([&] {
        WorkFile wf = create_work(dst, "mv");
        copy_data(bufs, f.fd.get(), wf.fd.get(), nullptr, ref.path.fqn, wf.path);
        LomMd md = f.md;
        if (md.version.empty()) md.version = "1";
        commit(dst, wf, std::move(md));
    });
    std::lock_guard lk(locks.at(locks.index(ref.uname)));
    if (same_file(ref.path.fqn, st.st_dev, st.st_ino)) remove_local(ref);
}

}  // namespace ais::node
