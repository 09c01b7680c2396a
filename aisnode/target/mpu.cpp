// S3 multipart upload, target side. The proxy's S3 gateway relays every request of an upload to
// the HRW target of the final object; that target keeps the upload in a directory of the bucket's
// work dir on the object's mountpath:
//   %wk/mpu.<uploadId>/manifest   "<object name>\n<initiated unix ns>\n<custom k=v>\n..."
//   %wk/mpu.<uploadId>/part.<N>   part data; its MD5 (hex) in the xattr user.ais.md5
// Complete concatenates the listed parts (copy_file_range) into a work file of the object, sets
// the S3 multipart ETag and the part sizes ("s3-part-sizes": "size*count,...", for GET ?partNumber)
// as custom metadata, commits (LOM + rename) and removes the directory. Every part but the last
// must have at least 5 MiB (S3's EntityTooSmall).
// Requests (all internal: they require the proxy's `pid`), on /v1/objects/<bucket>/<object>:
//   POST   ?uploads&uploadId=U                 create (custom metadata as Ais-Custom-Md headers)
//   PUT    ?uploadId=U&partNumber=N            upload a part; answers Ais-Etag (MD5 hex); with the
//                                              header Ais-S3-Copy-Src: <source target URL> (and
//                                              Ais-S3-Copy-Range: bytes=a-b) the part is GET from there
//                                              (UploadPartCopy)
//   GET    ?uploadId=U                         list parts: "<N> <size> <md5> <mtime ns>\n"...
//   POST   ?uploadId=U  body "<N> <md5>\n"...  complete; answers Ais-Etag ("<md5>-<count>")
//   DELETE ?uploadId=U                         abort
// and GET /v1/objects/<bucket>?uploads lists this target's uploads: "<id> <initiated ns> <name>\n".
#include "aisnode/target/impl.hpp"
#include "shared/api/apc.hpp"
#include "shared/net/client.hpp"
#include "shared/util/cksum.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/ids.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ais::node {

namespace {

constexpr char kMd5Xattr[] = "user.ais.md5";
constexpr char kMpuPrefix[] = "mpu.";
constexpr char kCopySrcHdr[] = "Ais-S3-Copy-Src";      // UploadPartCopy: the source object's target URL
constexpr char kCopyRangeHdr[] = "Ais-S3-Copy-Range";  // and the byte range ("bytes=a-b"), optional
constexpr char kPartSizesMd[] = "s3-part-sizes";  // custom md of a completed upload (aisnode/s3 reads it)
constexpr size_t kMaxPartSizesMd = 1024;
constexpr uint64_t kMinPartSize = 5 << 20;

// "size*count,size,...": the run-length encoded part sizes (mostly one run and the last part).
std::string part_sizes_rle(const std::vector<uint64_t>& sizes) {
    std::string out;
    for (size_t i = 0; i < sizes.size();) {
        size_t j = i;
        while (j < sizes.size() && sizes[j] == sizes[i]) ++j;
        if (!out.empty()) out += ',';
        out += std::to_string(sizes[i]);
        if (j - i > 1) out += "*" + std::to_string(j - i);
        i = j;
    }
    return out;
}

// The body of the source GET, written to a part's work file as it arrives.
class PartSink final : public net::BodySink {
  public:
    PartSink(WorkFile& wf, Cksummer& md5) : wf_(wf), md5_(md5) {}
    net::Task<void> head(const net::ClientResponse&) override { co_return; }
    net::Task<void> write(const char* data, size_t n) override {
        md5_.update(data, n);
        while (n > 0) {
            ssize_t k = ::write(wf_.fd.get(), data, n);
            if (k < 0 && errno == EINTR) continue;
            if (k < 0) fs::throw_errno("write", wf_.path);
            data += k;
            n -= static_cast<size_t>(k);
        }
        co_return;
    }

  private:
    WorkFile& wf_;
    Cksummer& md5_;
};

bool valid_upload_id(std::string_view id) {
    if (id.empty() || id.size() > 128) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '_';
    });
}

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return {};
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::string part_md5(const std::string& path) {
    char buf[64];
    ssize_t n = ::getxattr(path.c_str(), kMd5Xattr, buf, sizeof(buf));
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

struct PartInfo {
    int num = 0;
    uint64_t size = 0;
    std::string md5;
    int64_t mtime_ns = 0;
};

std::vector<PartInfo> list_parts(const std::string& dir) {
    std::vector<PartInfo> parts;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return parts;
    while (dirent* e = ::readdir(d)) {
        std::string_view name = e->d_name;
        if (!name.starts_with("part.")) continue;
        auto n = parse_uint(name.substr(5));
        if (!n || *n < 1 || *n > 10000) continue;
        std::string path = dir + "/" + std::string(name);
        struct stat st;
        if (::stat(path.c_str(), &st) != 0) continue;
        PartInfo p;
        p.num = static_cast<int>(*n);
        p.size = static_cast<uint64_t>(st.st_size);
        p.md5 = part_md5(path);
        p.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
        parts.push_back(std::move(p));
    }
    ::closedir(d);
    std::sort(parts.begin(), parts.end(), [](const PartInfo& a, const PartInfo& b) { return a.num < b.num; });
    return parts;
}

// UploadPartCopy: GETs the source (range) from its target, which must be a target of the Smap.
net::Task<void> pull_part(NodeEnv& env, const std::string& tname, const std::string& src,
                          const std::string& range, WorkFile& wf, Cksummer& md5) {
    bool known = false;
    auto smap = env.meta.smap();
    for (const auto& [id, t] : smap->tmap)
        for (const auto* n : {&t.intra_data_net, &t.public_net})
            if (!n->direct_url.empty() && src.starts_with(n->direct_url + "/v1/objects/")) known = true;
    if (!known) throw Error(400, tname + ": UploadPartCopy: the source is not a target of the cluster map");
    net::ClientRequest gr{.method = "GET", .url = src};
    if (!range.empty()) gr.headers.add("Range", range);
    PartSink sink(wf, md5);
    gr.body_sink = &sink;
    auto r = co_await env.client->co_call(gr);
    if (!r.ok()) {
        if (r.status == 404) throw Error(404, tname + ": UploadPartCopy: the source object does not exist");
        throw Error(r.status, tname + ": UploadPartCopy: source GET failed: " + std::to_string(r.status) +
                                  " " + r.body);
    }
}

}  // namespace

std::string Target::Impl::mpu_dir(const ObjRef& ref, std::string_view upload_id) const {
    if (!valid_upload_id(upload_id))
        throw Error(400, tname() + ": invalid upload id \"" + std::string(upload_id) + "\"",
                    "InvalidArgument");
    return fs::work_dir(ref.mpath, ref.bck) + "/" + kMpuPrefix + std::string(upload_id);
}

Task<void> Target::Impl::mpu(Request& req, Response& resp, ObjRef& ref) {
    const std::string upload_id(req.query.get(api::qp::kUploadId));
    const std::string dir = mpu_dir(ref, upload_id);
    const std::string manifest = dir + "/manifest";
    const std::string& m = req.method;
    auto no_such = [&]() {
        throw Error(404, tname() + ": " + ref.cname() + ": no such upload \"" + upload_id + "\"",
                    "NoSuchUpload");
    };

    if (m == "POST" && req.query.has("uploads")) {  // create
        co_await req.read_all(1 << 20);
        fs::mkdir_all(fs::work_dir(ref.mpath, ref.bck));
        if (::mkdir(dir.c_str(), 0755) != 0) {
            if (errno == EEXIST) throw ErrConflict(tname() + ": upload \"" + upload_id + "\" exists");
            fs::throw_errno("mkdir", dir);
        }
        std::map<std::string, std::string> custom;
        add_custom_md_headers(req.headers, custom);
        std::string text = ref.obj + "\n" + std::to_string(now_ns()) + "\n";
        for (const auto& [k, v] : custom) text += k + "=" + v + "\n";
        const std::string mf = manifest;
        co_await pool.run([&mf, &text] { fs::atomic_write(mf, text); });
        co_return;
    }

    struct stat st;
    if (::stat(manifest.c_str(), &st) != 0) {
        if (m != "GET" && m != "HEAD") {  // drain (bounded memory), so the connection can be reused
            auto buf = bufs.get(64 << 10);
            while (co_await req.read_some(buf.data(), buf.size()) > 0) {
            }
        }
        no_such();
    }

    if (m == "PUT") {  // upload part
        auto n = parse_uint(req.query.get(api::qp::kPartNumber));
        if (!n || *n < 1 || *n > 10000)
            throw Error(400, tname() + ": part number must be an integer between 1 and 10000",
                        "InvalidArgument");
        WorkFile wf;
        wf.path = dir + "/tmp." + std::to_string(*n) + "." + base36(fast_rand());
        wf.fd = fs::open_fd(wf.path, O_CREAT | O_EXCL | O_WRONLY, 0644);
        if (!wf.fd) {
            if (errno == ENOENT) no_such();
            fs::throw_errno("create", wf.path);
        }
        Cksummer md5(CksumType::md5);
        if (auto src = req.headers.get(kCopySrcHdr); !src.empty()) {  // UploadPartCopy
            co_await req.read_all(1 << 20);
            co_await pull_part(env, tname(), std::string(src), std::string(req.headers.get(kCopyRangeHdr)),
                               wf, md5);
        } else {
            co_await recv_body(req, wf, &md5, nullptr);
        }
        const std::string got = md5.finalize();
        auto t = req.headers.get(api::hdr::kChecksumType);
        auto v = req.headers.get(api::hdr::kChecksumValue);
        if (iequals(t, "md5") && !v.empty() && to_lower(v) != got)
            throw Error(400,
                        "BadDigest: " + tname() + ": " + ref.cname() + " part " + std::to_string(*n) +
                            ": md5 mismatch: the client sent " + std::string(v) + ", the data has " + got,
                        "ErrInvalidCksum");
        fs::set_xattr(wf.fd.get(), kMd5Xattr, got, wf.path);
        // An acknowledged part survives a crash like an object does: data, then the name.
        co_await pool.run([&wf] { fs::fdatasync(wf.fd.get(), wf.path); });
        const std::string part = dir + "/part." + std::to_string(*n);
        if (int err = fs::rename(wf.path, part)) {
            if (err == ENOENT) no_such();  // aborted meanwhile
            fs::throw_errno("rename", part, err);
        }
        wf.keep = true;
        co_await pool.run([&dir] { fs::fsync_dir(dir); });
        resp.headers.set(api::hdr::kETag, got);
        co_return;
    }

    if (m == "GET") {  // list parts
        std::string out;
        for (const auto& p : list_parts(dir))
            out += std::to_string(p.num) + " " + std::to_string(p.size) + " " + p.md5 + " " +
                   std::to_string(p.mtime_ns) + "\n";
        resp.set_text(std::move(out));
        co_return;
    }

    if (m == "DELETE") {  // abort
        co_await req.read_all(1 << 20);
        // Claim it first (a rename is atomic), then remove at leisure.
        const std::string gone = dir + ".abort." + base36(fast_rand());
        if (::rename(dir.c_str(), gone.c_str()) != 0) no_such();
        co_await pool.run([&gone] {
            std::error_code ec;
            std::filesystem::remove_all(gone, ec);
        });
        resp.status = 204;
        co_return;
    }

    if (m != "POST") throw Error(405, tname() + ": " + m + " of a multipart upload is not supported");

    // ---- complete ----
    std::string body = co_await req.read_all(4 << 20);
    std::vector<std::pair<int, std::string>> want;
    {
        std::istringstream is(body);
        int num;
        std::string md5;
        while (is >> num >> md5) want.emplace_back(num, to_lower(md5));
    }
    if (want.empty())
        throw Error(400, tname() + ": " + ref.cname() + ": the list of parts is empty", "MalformedXML");
    for (size_t i = 1; i < want.size(); ++i)
        if (want[i].first <= want[i - 1].first)
            throw Error(400, tname() + ": the list of parts was not in ascending order", "InvalidPartOrder");
    // Claim the upload: a concurrent complete or abort then finds nothing.
    const std::string claimed = dir + ".done." + base36(fast_rand());
    if (::rename(dir.c_str(), claimed.c_str()) != 0) no_such();
    bool release = true;  // on a client error the upload stays open, as in S3
    struct Release {
        const std::string& from;
        const std::string& to;
        bool& on;
        ~Release() {
            if (on && ::rename(from.c_str(), to.c_str()) != 0) log::warn("mpu: cannot reopen {}", to);
        }
    } rel{claimed, dir, release};

    std::string etag_raw;
    std::vector<std::string> paths;
    for (const auto& [num, md5] : want) {
        std::string path = claimed + "/part." + std::to_string(num);
        std::string have = part_md5(path);
        if (have.empty() || have != md5)
            throw Error(400,
                        tname() + ": " + ref.cname() + ": part " + std::to_string(num) +
                            (have.empty() ? " was not uploaded" : " has ETag " + have + ", not " + md5),
                        "InvalidPart");
        for (size_t i = 0; i + 1 < have.size(); i += 2)
            etag_raw += static_cast<char>(std::stoi(have.substr(i, 2), nullptr, 16));
        paths.push_back(std::move(path));
    }
    // S3: every part but the last is at least 5 MiB.
    std::vector<uint64_t> sizes;
    for (size_t i = 0; i < paths.size(); ++i) {
        struct stat pst;
        if (::stat(paths[i].c_str(), &pst) != 0) fs::throw_errno("stat", paths[i]);
        sizes.push_back(static_cast<uint64_t>(pst.st_size));
        if (i + 1 < paths.size() && sizes.back() < kMinPartSize)
            throw Error(400,
                        tname() + ": " + ref.cname() + ": part " + std::to_string(want[i].first) + " has " +
                            std::to_string(sizes.back()) + " bytes, less than the minimum allowed (5 MiB)",
                        "EntityTooSmall");
    }
    const std::string etag = cksum(CksumType::md5, etag_raw) + "-" + std::to_string(want.size());

    // Custom metadata from the manifest.
    LomMd md;
    {
        std::istringstream is(read_file(claimed + "/manifest"));
        std::string line;
        for (int i = 0; std::getline(is, line); ++i) {
            if (i < 2) continue;
            auto eq = line.find('=');
            if (eq != std::string::npos && eq > 0) md.custom[line.substr(0, eq)] = line.substr(eq + 1);
        }
    }
    md.custom["ETag"] = etag;
    // The part boundaries, for GET/HEAD ?partNumber=N (bounded: a LOM lives in one xattr).
    if (std::string rle = part_sizes_rle(sizes); rle.size() <= kMaxPartSizesMd)
        md.custom[kPartSizesMd] = std::move(rle);
    else
        log::warn("mpu: {}: {} part sizes do not fit the object's metadata", ref.cname(), sizes.size());

    release = false;  // from here on, failures are ours: the upload is gone

    // Joining the parts (gigabytes, maybe), the commit and removing the parts' directory: on the
    // pool, not on an io thread.
    co_await pool.run([&] {
        struct Cleanup {
            const std::string& d;
            ~Cleanup() {
                std::error_code ec;
                std::filesystem::remove_all(d, ec);
            }
        } cleanup{claimed};
        const CksumType bt = parse_cksum_type(ref.props->checksum.type);
        Cksummer ck(bt);
        WorkFile wf = create_work(ref, "mpu");
        uint64_t total = 0;
        for (const auto& p : paths) {
            fs::Fd in = fs::open_fd(p, O_RDONLY);
            if (!in) fs::throw_errno("open", p);
            total += copy_data(bufs, in.get(), wf.fd.get(), bt != CksumType::none ? &ck : nullptr, p, wf.path);
        }
        md.size = static_cast<int64_t>(total);
        if (bt != CksumType::none) {
            md.cksum_type = std::string(to_string(bt));
            md.cksum_value = ck.finalize();
        }
        md = commit(ref, wf, std::move(md));
    });
    fill_attrs(ref, md, resp.headers, false);
    resp.headers.set(api::hdr::kETag, etag);
}

// This target's open uploads in the bucket (all mountpaths).
void Target::Impl::mpu_list(Response& resp, const ObjRef& bref) {
    std::string out;
    for (const auto& mp : mpaths.all()) {
        const std::string wd = fs::work_dir(mp.path, bref.bck);
        DIR* d = ::opendir(wd.c_str());
        if (!d) continue;
        while (dirent* e = ::readdir(d)) {
            std::string_view name = e->d_name;
            if (!name.starts_with(kMpuPrefix)) continue;
            std::string_view id = name.substr(sizeof(kMpuPrefix) - 1);
            if (!valid_upload_id(id)) continue;  // claimed (".done.", ".abort.")
            std::istringstream is(read_file(wd + "/" + std::string(name) + "/manifest"));
            std::string obj, when;
            if (!std::getline(is, obj) || !std::getline(is, when)) continue;
            out += std::string(id) + " " + when + " " + obj + "\n";
        }
        ::closedir(d);
    }
    resp.set_text(std::move(out));
}

}  // namespace ais::node
