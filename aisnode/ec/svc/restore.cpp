#include "aisnode/ec/svc/restore.hpp"

#include "aisnode/ec/stream.hpp"
#include "aisnode/ec/svc/encode.hpp"
#include "aisnode/ec/svc/store.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/errors.hpp"

#include <fcntl.h>
#include <sys/stat.h>

namespace ais::node::ecsvc {

namespace {

bool commit_work(Core& core, const ObjRef& ref, WorkFile& wf, const ec::Meta& m) {
    LomMd md;
    md.size = m.size;
    if (m.cksum_type != CksumType::none && !m.obj_cksum.empty()) {
        md.cksum_type = std::string(to_string(m.cksum_type));
        md.cksum_value = m.obj_cksum;
    }
    md.version = m.obj_version;
    md.custom = m.custom;
    md.full_name = ref.path.hashed ? ref.obj : std::string();
    const std::string fqn = ref.path.fqn;
    Manager::Quiet quiet;
    core.commit(ref, wf, std::move(md), [&fqn] {
        struct stat st;
        return ::stat(fqn.c_str(), &st) != 0;  // nobody stored the object meanwhile
    });
    return wf.keep;
}

}  // namespace

bool commit_replica(Core& core, const ObjRef& ref, WorkFile& wf, const ec::Meta& m) {
    return commit_work(core, ref, wf, m);
}

bool rebuild(Core& core, const ObjRef& ref, const ec::Meta& m, const std::vector<int>& fds) {
    const int total = m.data + m.parity;
    std::vector<bool> present(static_cast<size_t>(total), false);
    for (int i = 0; i < total && i < static_cast<int>(fds.size()); ++i)
        present[static_cast<size_t>(i)] = fds[static_cast<size_t>(i)] >= 0;
    std::vector<int> all(static_cast<size_t>(total), -1);
    for (size_t i = 0; i < all.size() && i < fds.size(); ++i) all[i] = fds[i];

    WorkFile wf = core.create_work(ref, "ecr");
    ec::RestoreTo to;
    to.object = ec::pwrite_object(wf.fd.get());
    ec::restore(codec(m.data, m.parity), m.size, present, ec::pread_slices(all), to);

    if (m.cksum_type != CksumType::none && !m.obj_cksum.empty()) {
        Cksummer ck(m.cksum_type);
        auto buf = core.bufs.get(static_cast<uint64_t>(m.size));
        fs::Fd rd = fs::open_fd(wf.path, O_RDONLY);  // (work files are opened write-only)
        if (!rd) fs::throw_errno("open", wf.path);
        for (uint64_t off = 0;;) {
            size_t n = fs::pread_full(rd.get(), buf.data(), buf.size(), off, wf.path);
            if (n == 0) break;
            ck.update(buf.data(), n);
            off += n;
        }
        std::string got = ck.finalize();
        if (got != m.obj_cksum)
            throw Error(500,
                        core.tname() + ": " + ref.cname() +
                            ": the object rebuilt from its slices does not match its " +
                            std::string(to_string(m.cksum_type)) + " checksum (" + got +
                            " != " + m.obj_cksum + ")",
                        "ErrBadCksum");
    }
    return commit_work(core, ref, wf, m);
}

}  // namespace ais::node::ecsvc
