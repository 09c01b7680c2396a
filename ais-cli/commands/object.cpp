// `ais object`: get, put, cat, rm, mv, show, set-custom (and the `get`, `put`, `rmo` aliases).
// Multi-object put and get run on a pool of threads (multiobj.hpp) and end with one summary line,
// or with one error that counts the failures after a line for each.
#include "ais-cli/commands/commands.hpp"
#include "ais-cli/commands/multiobj.hpp"
#include "ais-cli/completion/complete.hpp"
#include "ais-cli/ui/env.hpp"
#include "ais-cli/ui/term.hpp"
#include "shared/api/client.hpp"
#include "shared/api/codec.hpp"
#include "shared/net/client.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/name_template.hpp"
#include "shared/util/strings.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

namespace fs = std::filesystem;

namespace ais::cli {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

bool has_template(std::string_view s) {
    if (s.find('{') == std::string_view::npos) return false;
    try {
        return NameTemplate::parse(s).has_ranges();
    } catch (const std::exception&) {
        return false;
    }
}

std::vector<std::string> expand(const Ctx& ctx, std::string_view tmpl) {
    NameTemplate t = NameTemplate::parse(tmpl);
    if (!t.has_ranges()) return {std::string(tmpl)};
    if (t.count() > 10'000'000) ctx.usage_error("template \"" + std::string(tmpl) + "\" names more than 10M objects");
    std::vector<std::string> out;
    out.reserve(t.count());
    auto it = t.iter();
    std::string n;
    while (it.next(n)) out.push_back(n);
    return out;
}

int num_workers(const Ctx& ctx) {
    const int64_t w = ctx.num("num-workers", ctx.env.cfg.num_workers);
    if (w < 1 || w > 1024) ctx.usage_error("invalid --num-workers " + std::to_string(w) + " (expected 1..1024)");
    return static_cast<int>(w);
}

bool show_progress(const Ctx& ctx) {
    return ctx.on("progress") && ctx.env.stderr_tty();
}

// A file body that reports bytes to a progress bar (and takes them back on a rewind).
class CountingBody : public net::BodySource {
  public:
    CountingBody(const std::string& path, term::Progress& p) : f_(path), p_(p) {}
    uint64_t size() const override { return f_.size(); }
    size_t read(char* buf, size_t n) override {
        const size_t r = f_.read(buf, n);
        counted_ += static_cast<int64_t>(r);
        p_.add_bytes(static_cast<int64_t>(r));
        return r;
    }
    void rewind() override {
        p_.add_bytes(-counted_);
        counted_ = 0;
        f_.rewind();
    }

  private:
    net::FileBody f_;
    term::Progress& p_;
    int64_t counted_ = 0;
};

// ---- PUT ----

// A local file the CLI cannot open (reported apart from the PUT errors, as the Go CLI does).
struct OpenFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct LocalFile {
    std::string path;
    std::string obj;
    int64_t size = 0;
};

std::string join_obj(const std::string& prefix, const std::string& rel) {
    if (prefix.empty()) return rel;
    return prefix.back() == '/' ? prefix + rel : prefix + "/" + rel;
}

void add_file(std::vector<LocalFile>& out, const std::string& path, const std::string& obj) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw Error(404, "\"" + path + "\": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return;
    out.push_back({path, obj, static_cast<int64_t>(st.st_size)});
}

std::vector<LocalFile> collect_files(Ctx& ctx, const std::string& src, const api::BckUri& dst) {
    std::vector<LocalFile> files;
    const std::string& prefix = dst.obj;
    auto dir_prefix = [&](const std::string& dir) {
        if (!ctx.on("include-src-dir")) return prefix;
        return join_obj(prefix, fs::path(dir).lexically_normal().filename().string());
    };
    std::error_code ec;
    if (ctx.has("template") || ctx.has("list")) {
        if (!fs::is_directory(src, ec)) ctx.usage_error("with --template or --list the source must be a directory");
        std::vector<std::string> names =
            ctx.has("list") ? split_list(ctx.str("list")) : expand(ctx, ctx.str("template"));
        for (const auto& n : names) add_file(files, (fs::path(src) / n).string(), join_obj(dir_prefix(src), n));
        return files;
    }
    if (has_template(src)) {
        // "/tmp/d/f{0..9}.txt": names relative to the directory of the template
        const fs::path p(src);
        const std::string dir = p.parent_path().string();
        for (const auto& n : expand(ctx, p.filename().string())) {
            const std::string path = dir.empty() ? n : (p.parent_path() / n).string();
            if (fs::exists(path, ec)) add_file(files, path, join_obj(prefix, n));
        }
        if (files.empty()) throw Error(404, "no files match \"" + src + "\"");
        return files;
    }
    if (src.find_first_of("*?[") != std::string::npos) {
        glob_t g{};
        if (::glob(src.c_str(), 0, nullptr, &g) == 0) {
            for (size_t i = 0; i < g.gl_pathc; ++i) {
                const std::string path = g.gl_pathv[i];
                add_file(files, path, join_obj(prefix, fs::path(path).filename().string()));
            }
        }
        ::globfree(&g);
        if (files.empty()) throw Error(404, "no files match \"" + src + "\"");
        return files;
    }
    if (!fs::exists(src, ec)) throw Error(404, "\"" + src + "\": no such file or directory");
    if (fs::is_directory(src, ec)) {
        const std::string base = dir_prefix(src);
        if (ctx.on("recursive")) {
            for (auto it = fs::recursive_directory_iterator(src, fs::directory_options::skip_permission_denied, ec);
                 it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (ec) break;
                if (!it->is_regular_file(ec)) continue;
                const std::string rel = fs::relative(it->path(), src, ec).generic_string();
                add_file(files, it->path().string(), join_obj(base, rel));
            }
        } else {
            for (const auto& e : fs::directory_iterator(src, ec)) {
                if (!e.is_regular_file(ec)) continue;
                add_file(files, e.path().string(), join_obj(base, e.path().filename().string()));
            }
        }
        std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.obj < b.obj; });
        if (files.empty()) throw Error(404, "no files in \"" + src + "\"" + (ctx.on("recursive") ? "" : " (use -r to recurse)"));
        return files;
    }
    // a single file: BUCKET/NAME names it; BUCKET or BUCKET/DIR/ puts it under its own name
    const std::string base = fs::path(src).filename().string();
    const std::string obj = prefix.empty() ? base : (prefix.back() == '/' ? prefix + base : prefix);
    add_file(files, src, obj);
    if (files.empty()) throw Error(400, "\"" + src + "\" is not a regular file");
    return files;
}

void append_file(api::Client& c, const api::Bck& b, const std::string& obj, int fd, int64_t chunk,
                 term::Progress& prog, const std::string& first = {}) {
    std::string handle;
    std::string buf = first;
    if (!buf.empty()) {
        handle = c.append_object(b, obj, buf, handle);
        prog.add_bytes(static_cast<int64_t>(buf.size()));
    }
    buf.resize(static_cast<size_t>(chunk));
    for (;;) {
        size_t got = 0;
        while (got < buf.size()) {
            const ssize_t r = ::read(fd, buf.data() + got, buf.size() - got);
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) throw Error(500, std::string("read: ") + std::strerror(errno));
            if (r == 0) break;
            got += static_cast<size_t>(r);
        }
        if (got == 0) break;
        handle = c.append_object(b, obj, std::string_view(buf.data(), got), handle);
        prog.add_bytes(static_cast<int64_t>(got));
        if (got < buf.size()) break;
    }
    c.flush_object(b, obj, handle);
}

void put_stdin(Ctx& ctx, const api::BckUri& dst) {
    if (dst.obj.empty() || dst.obj.back() == '/') {
        ctx.usage_error("object name is required when reading standard input: ais put - BUCKET/OBJECT_NAME");
    }
    const int64_t chunk = ctx.size("chunk-size", 10 * 1024 * 1024);
    if (chunk <= 0) ctx.usage_error("invalid --chunk-size");
    if (ctx.on("dry-run")) {
        fmt::print("[DRY RUN] PUT (standard input) => {}\n", dst.bck.obj_cname(dst.obj));
        return;
    }
    term::Progress prog(show_progress(ctx), "PUT (standard input)", 0, 0);
    api::Client& c = ctx.env.client();
    // Small input: one PUT. Larger than a chunk: append chunk by chunk, then flush.
    std::string first(static_cast<size_t>(chunk), '\0');
    size_t got = 0;
    while (got < first.size()) {
        const ssize_t r = ::read(STDIN_FILENO, first.data() + got, first.size() - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) throw Error(500, std::string("read standard input: ") + std::strerror(errno));
        if (r == 0) break;
        got += static_cast<size_t>(r);
    }
    first.resize(got);
    if (got < static_cast<size_t>(chunk) && !ctx.on("append")) {
        api::PutOpts o;
        o.skip_vc = ctx.on("skip-vc");
        c.put_object(dst.bck, dst.obj, first, o);
        prog.add_bytes(static_cast<int64_t>(got));
    } else {
        append_file(c, dst.bck, dst.obj, STDIN_FILENO, chunk, prog, first);
    }
    prog.finish();
    fmt::print("PUT (standard input) => {}\n", dst.bck.obj_cname(dst.obj));
}

void do_put(Ctx& ctx) {
    ctx.need_args(2, 2, "SRC BUCKET[/OBJECT_NAME_or_PREFIX]");
    const std::string src = ctx.args[0];
    const api::BckUri dst = parse_uri(ctx, ctx.args[1]);
    if (src == "-") return put_stdin(ctx, dst);
    std::vector<LocalFile> files = collect_files(ctx, src, dst);
    for (const auto& f : files) api::validate_obj_name(f.obj);
    int64_t total = 0;
    for (const auto& f : files) total += f.size;
    const bool append = ctx.on("append");
    const char* verb = append ? "APPEND" : "PUT";
    if (ctx.on("dry-run")) {
        for (const auto& f : files) fmt::print("[DRY RUN] {} \"{}\" => {}\n", verb, f.path, dst.bck.obj_cname(f.obj));
        fmt::print("[DRY RUN] {} files ({}) => {}\n", files.size(), size_str(ctx, total), dst.bck.cname());
        return;
    }
    const auto started = Clock::now();
    const bool single = files.size() == 1;
    term::Progress prog(show_progress(ctx), single ? std::string(verb) + " " + files[0].obj : verb,
                        static_cast<int64_t>(files.size()), total);
    api::PutOpts opts;
    opts.skip_vc = ctx.on("skip-vc");
    const int64_t chunk = ctx.size("chunk-size", 8 * 1024 * 1024);
    if (chunk <= 0) ctx.usage_error("invalid --chunk-size");
    const bool verbose = ctx.on("verbose");
    std::exception_ptr only_err;  // a single file's error is the command's error, as is
    auto failed =
        run_each(ctx, files.size(), num_workers(ctx),
                 [&](api::Client& c, size_t i) {
                     const LocalFile& f = files[i];
                     if (append) {
                         const int fd = ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC);
                         if (fd < 0) throw OpenFailed("open " + f.path + ": " + std::strerror(errno));
                         try {
                             append_file(c, dst.bck, f.obj, fd, chunk, prog);
                         } catch (...) {
                             ::close(fd);
                             throw;
                         }
                         ::close(fd);
                     } else {
                         std::unique_ptr<CountingBody> body;
                         try {
                             body = std::make_unique<CountingBody>(f.path, prog);
                         } catch (const std::exception& e) {
                             throw OpenFailed(e.what());
                         }
                         c.put_object(dst.bck, f.obj, *body, opts);
                     }
                     prog.add_obj();
                 },
                 {.on_error =
                      [&](size_t i, const std::exception& e) {
                          if (single) {
                              only_err = std::current_exception();
                              return;
                          }
                          // The Go CLI's lines (a file it cannot open goes to stdout, as there).
                          if (dynamic_cast<const OpenFailed*>(&e)) {
                              fmt::print("Failed to open \"{}\": {}\n", files[i].path, one_line(e.what()));
                              return;
                          }
                          print_err_line(prog.enabled(),
                                         fmt::format("Failed to {} {} => {}: {}", verb, files[i].path,
                                                     dst.bck.obj_cname(files[i].obj), one_line(e.what())));
                      },
                  .on_done =
                      [&](size_t i) {
                          if (verbose && !prog.enabled())
                              fmt::print("{} -> {}\n", files[i].path, files[i].obj);
                      }});
    prog.finish();
    if (only_err) std::rethrow_exception(only_err);
    if (!failed.empty()) {
        std::vector<std::string> paths;
        for (size_t i : failed) paths.push_back(files[i].path);
        const std::string log = write_failures_log(verb, paths);
        throw Error(500, fmt::format("failed to {} {} file{}{}", verb, failed.size(),
                                     failed.size() == 1 ? "" : "s", log.empty() ? "" : " (\"" + log + "\")"));
    }
    if (single) {
        fmt::print("{} \"{}\" => {}\n", verb, files[0].path, dst.bck.obj_cname(files[0].obj));
    } else {
        fmt::print("{} {} files ({}) => {} in {}\n", verb, big_num(static_cast<int64_t>(files.size())),
                   size_str(ctx, total), dst.obj.empty() ? dst.bck.cname() : dst.bck.obj_cname(dst.obj),
                   fmt_elapsed(since(started)));
    }
}

// ---- GET ----

std::string range_of(const Ctx& ctx) {
    if (!ctx.has("offset") && !ctx.has("length")) return {};
    const int64_t off = ctx.size("offset", 0);
    const int64_t len = ctx.size("length", 0);
    if (off < 0 || len < 0) ctx.usage_error("invalid --offset/--length");
    if (!ctx.has("length")) return "bytes=" + std::to_string(off) + "-";
    if (len == 0) ctx.usage_error("--length must be positive");
    return api::byte_range(off, len);
}

api::GetOpts get_opts(const Ctx& ctx) {
    api::GetOpts o;
    o.range = range_of(ctx);
    o.validate_cksum = ctx.on("checksum");
    o.latest = ctx.on("latest");
    return o;
}

// Writes into a file created on the first byte (or at the end, for an empty object); a failed
// GET leaves no file behind.
class FileSink {
  public:
    explicit FileSink(std::string path) : path_(std::move(path)) {}
    ~FileSink() {
        if (fd_ >= 0) ::close(fd_);
    }
    void write(const char* p, size_t n) {
        if (fd_ < 0) open();
        while (n > 0) {
            const ssize_t w = ::write(fd_, p, n);
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) throw Error(500, "write \"" + path_ + "\": " + std::strerror(errno));
            p += w;
            n -= static_cast<size_t>(w);
        }
    }
    void commit() {
        if (fd_ < 0) open();
        if (::close(fd_) != 0) {
            fd_ = -1;
            throw Error(500, "close \"" + path_ + "\": " + std::strerror(errno));
        }
        fd_ = -1;
    }
    void discard() {
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
            ::unlink(path_.c_str());
        }
    }

  private:
    void open() {
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd_ < 0) throw Error(500, "create \"" + path_ + "\": " + std::strerror(errno));
    }
    std::string path_;
    int fd_ = -1;
};

int64_t get_to_file(api::Client& c, const api::Bck& b, const std::string& obj, const std::string& path,
                    const api::GetOpts& o, term::Progress& prog) {
    FileSink sink(path);
    try {
        auto res = c.get_object(
            b, obj,
            [&](const char* p, size_t n) {
                sink.write(p, n);
                prog.add_bytes(static_cast<int64_t>(n));
            },
            o);
        sink.commit();
        return static_cast<int64_t>(res.received);
    } catch (...) {
        sink.discard();
        throw;
    }
}

// A single object's GET: a 404 about the object reads as in the Go CLI,
// `object "ais://b/o" does not exist`.
int64_t get_one(const api::Bck& b, const std::string& obj, const std::function<int64_t()>& get) {
    try {
        return get();
    } catch (const Error& e) {
        if (e.status() != 404 || e.tcode() == "ErrBckNotFound") throw;
        throw Error(404, obj_err_text(e, b.obj_cname(obj)), e.tcode());
    }
}

int64_t get_to_stdout(api::Client& c, const api::Bck& b, const std::string& obj, const api::GetOpts& o) {
    auto res = c.get_object(
        b, obj,
        [](const char* p, size_t n) {
            if (std::fwrite(p, 1, n, stdout) != n) throw Error(500, "write to standard output failed");
        },
        o);
    std::fflush(stdout);
    return static_cast<int64_t>(res.received);
}

std::vector<std::string> list_names(Ctx& ctx, const api::Bck& b, const std::string& prefix) {
    api::LsoMsg msg;
    msg.prefix = prefix;
    msg.props = "name,size";
    const int64_t limit = ctx.num("limit", 0);
    api::LsoRes res = ctx.env.client().list_objects(b, msg, limit > 0 ? static_cast<size_t>(limit) : 0);
    std::vector<std::string> names;
    for (const auto& e : res.entries)
        if (!e.is_dir()) names.push_back(e.name);
    return names;
}

void do_get(Ctx& ctx) {
    ctx.need_args(1, 2, "BUCKET[/OBJECT_NAME]");
    const api::BckUri src = parse_uri(ctx, ctx.args[0]);
    const std::string out = ctx.args.size() > 1 ? ctx.args[1] : "";
    const bool multi = ctx.has("prefix") || ctx.has("template") || ctx.has("list") || src.obj.empty() ||
                       src.obj.back() == '/' || has_template(src.obj);
    api::Client& c = ctx.env.client();
    if (!multi) {
        const api::GetOpts o = get_opts(ctx);
        if (out == "-") {
            get_one(src.bck, src.obj, [&] { return get_to_stdout(c, src.bck, src.obj, o); });
            return;
        }
        const std::string base = fs::path(src.obj).filename().string();
        std::error_code ec;
        std::string path = out.empty() ? base : out;
        if (!out.empty() && out.back() == '/') fs::create_directories(out, ec);
        if (!out.empty() && (out.back() == '/' || fs::is_directory(out, ec))) path = (fs::path(out) / base).string();
        int64_t total = -1;
        if (show_progress(ctx)) {
            try {
                total = c.head_object(src.bck, src.obj).size;
            } catch (const std::exception&) {
            }
        }
        term::Progress prog(show_progress(ctx), "GET " + src.obj, 1, total > 0 ? total : 0);
        const int64_t n =
            get_one(src.bck, src.obj, [&] { return get_to_file(c, src.bck, src.obj, path, o, prog); });
        prog.finish();
        if (!ctx.on("silent")) {
            fmt::print("GET {} from {} as \"{}\" ({})\n", src.obj, src.bck.cname(), path, size_str(ctx, n));
        }
        return;
    }
    if (ctx.has("offset") || ctx.has("length")) ctx.usage_error("--offset and --length apply to a single object");
    if (out == "-") ctx.usage_error("cannot write multiple objects to standard output");
    // Which objects: a list, a template (flag or embedded), or a prefix (flag, "dir/", or all).
    std::vector<std::string> names;
    if (ctx.has("list")) {
        for (const auto& n : split_list(ctx.str("list"))) names.push_back(join_obj(src.obj, n));
    } else if (ctx.has("template")) {
        for (const auto& n : expand(ctx, ctx.str("template"))) names.push_back(join_obj(src.obj, n));
    } else if (has_template(src.obj)) {
        names = expand(ctx, src.obj);
    } else {
        if (ctx.has("prefix") && !src.obj.empty()) ctx.usage_error("prefix given twice: embedded and as --prefix");
        names = list_names(ctx, src.bck, ctx.has("prefix") ? ctx.str("prefix") : src.obj);
        if (names.empty()) {
            fmt::print("No objects in {} to GET.\n", src.bck.cname());
            return;
        }
    }
    const std::string dir = out.empty() ? "." : out;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::is_directory(dir, ec)) throw Error(400, "\"" + dir + "\" is not a directory");
    const api::GetOpts o = get_opts(ctx);
    const auto started = Clock::now();
    std::atomic<int64_t> bytes{0};
    term::Progress prog(show_progress(ctx), "GET", static_cast<int64_t>(names.size()), 0);
    std::vector<int64_t> sizes(names.size(), 0);
    auto path_of = [&](size_t i) { return (fs::path(dir) / names[i]).string(); };
    const bool verbose = ctx.on("verbose");
    // Every object is tried; each failure is a warning and the count is the error (the Go CLI's
    // multi-object GET). --verbose: a line per object, as a single GET prints.
    auto failed = run_each(
        ctx, names.size(), num_workers(ctx),
        [&](api::Client& cl, size_t i) {
            const fs::path path = path_of(i);
            std::error_code e;
            if (path.has_parent_path()) fs::create_directories(path.parent_path(), e);
            sizes[i] = get_to_file(cl, src.bck, names[i], path.string(), o, prog);
            bytes += sizes[i];
            prog.add_obj();
        },
        {.on_error =
             [&](size_t i, const std::exception& e) {
                 print_err_line(prog.enabled(), "Warning: " + obj_err_text(e, src.bck.obj_cname(names[i])));
             },
         .on_done =
             [&](size_t i) {
                 if (verbose && !prog.enabled()) {
                     fmt::print("GET {} from {} as \"{}\" ({})\n", names[i], src.bck.cname(), path_of(i),
                                size_str(ctx, sizes[i]));
                 }
             }});
    prog.finish();
    if (!failed.empty()) {
        throw Error(500,
                    fmt::format("failed to GET {} object{}", failed.size(), failed.size() == 1 ? "" : "s"));
    }
    if (!ctx.on("silent")) {
        fmt::print("GET {} objects from {} to \"{}\" ({}) in {}\n", big_num(static_cast<int64_t>(names.size())),
                   src.bck.cname(), dir, size_str(ctx, bytes.load()), fmt_elapsed(since(started)));
    }
}

void do_cat(Ctx& ctx) {
    ctx.need_args(1, 1, "BUCKET/OBJECT_NAME");
    const api::BckUri src = parse_object(ctx, ctx.args[0]);
    const api::GetOpts o = get_opts(ctx);
    get_one(src.bck, src.obj, [&] { return get_to_stdout(ctx.env.client(), src.bck, src.obj, o); });
}

// ---- rm ----

// Deletes the selection one object at a time, in parallel: for clusters without the
// delete-listrange job.
void rm_each(Ctx& ctx, const api::Bck& b, const api::EvdMsg& msg, const std::string& what) {
    std::vector<std::string> names = msg.objnames;
    if (names.empty()) {
        NameTemplate t = NameTemplate::parse(msg.template_);
        if (t.has_ranges()) {
            names = expand(ctx, msg.template_);
        } else {
            api::LsoMsg lm;
            lm.prefix = msg.template_;
            lm.props = "name";
            lm.set_flag(api::ls::kNameOnly);
            if (msg.non_recurs) lm.set_flag(api::ls::kNoRecursion);
            for (const auto& e : ctx.env.client().list_objects(b, lm).entries)
                if (!e.is_dir()) names.push_back(e.name);
        }
    }
    std::atomic<int64_t> missing{0};
    auto failed = run_each(ctx, names.size(), num_workers(ctx),
                           [&](api::Client& c, size_t i) {
                               try {
                                   c.delete_object(b, names[i]);
                               } catch (const Error& e) {
                                   if (e.status() != 404 || e.tcode() == "ErrBckNotFound") throw;
                                   ++missing;  // a list or template may name objects that do not exist
                               }
                           },
                           {.on_error = [&](size_t i, const std::exception& e) {
                               print_err_line(false, fmt::format("Failed to delete {}: {}",
                                                                 b.obj_cname(names[i]), one_line(e.what())));
                           }});
    if (!failed.empty()) {
        throw Error(
            500, fmt::format("failed to delete {} object{}", failed.size(), failed.size() == 1 ? "" : "s"));
    }
    fmt::print("Deleted {} from {} ({} object{})\n", what, b.cname(), names.size() - missing.load(),
               names.size() - missing.load() == 1 ? "" : "s");
}

// The Go CLI's line for a started multi-object job:
//   delete-objects[XID]: [a b c] rm from ais://b       (a list; "[a b c d]..." past four names)
//   delete-objects[XID]: rm "pre-{0..9}" from ais://b   (a template or prefix)
//   delete-objects[XID]: rm entire bucket ais://b
std::string lr_text(const std::string& xid, const api::Bck& b, const api::EvdMsg& msg) {
    const std::string head = "delete-objects[" + xid + "]: ";
    if (!msg.objnames.empty()) {
        std::string names;
        for (size_t i = 0; i < msg.objnames.size() && i < 4; ++i) names += (i ? " " : "") + msg.objnames[i];
        return head + "[" + names + "]" + (msg.objnames.size() > 4 ? "..." : "") + " rm from " + b.cname();
    }
    if (msg.template_.empty()) return head + "rm entire bucket " + b.cname();
    return head + "rm \"" + msg.template_ + "\" from " + b.cname();
}

void rm_multi(Ctx& ctx, const api::Bck& b, api::EvdMsg msg, const std::string& what) {
    if (!confirmed(ctx, "Delete " + what + " from " + b.cname() + "?")) return;
    msg.non_recurs = ctx.on("non-recursive");
    msg.coer = true;
    std::string xid;
    try {
        xid = ctx.env.client().delete_objects(b, msg);
    } catch (const Error& e) {
        const std::string m = e.what();
        if (e.status() != 501 && m.find("not supported") == std::string::npos) throw;
        return rm_each(ctx, b, msg, what);
    }
    const std::string text = lr_text(xid, b, msg);
    if (!ctx.on("wait")) {
        fmt::print("{}. {}\n", text, monitor_hint(xid));
        return;
    }
    fmt::print("{} ...\n", text);
    std::fflush(stdout);
    wait_job_done(ctx, api::act::kDeleteObjects, xid, false);
    fmt::print("Done.\n");
}

void do_rm(Ctx& ctx) {
    ctx.need_args(1, -1, "BUCKET[/OBJECT_NAME_or_TEMPLATE]");
    if (ctx.on("verbose") && ctx.on("non-verbose")) {
        ctx.usage_error("flags '--verbose' and '--non-verbose' are mutually exclusive");
    }
    api::Client& c = ctx.env.client();
    const int selectors = ctx.has("list") + ctx.has("template") + ctx.has("prefix") + ctx.on("all");
    if (selectors > 1) ctx.usage_error("--list, --template, --prefix and --all are mutually exclusive");
    if (selectors == 1) {
        if (ctx.args.size() != 1) ctx.usage_error("with --list, --template, --prefix or --all give exactly one BUCKET");
        const api::BckUri u = parse_uri(ctx, ctx.args[0]);
        api::EvdMsg msg;
        if (ctx.has("list")) {
            for (const auto& n : split_list(ctx.str("list"))) msg.objnames.push_back(join_obj(u.obj, n));
            if (msg.objnames.empty()) ctx.usage_error("--list is empty");
            return rm_multi(ctx, u.bck, msg, fmt::format("{} object(s)", msg.objnames.size()));
        }
        if (ctx.has("template")) {
            msg.template_ = join_obj(u.obj, ctx.str("template"));
            return rm_multi(ctx, u.bck, msg, "objects matching \"" + msg.template_ + "\"");
        }
        if (ctx.has("prefix")) {
            if (!u.obj.empty()) ctx.usage_error("prefix given twice: embedded and as --prefix");
            msg.template_ = ctx.str("prefix");
            if (msg.template_.empty()) ctx.usage_error("empty --prefix (use --all to delete every object)");
            return rm_multi(ctx, u.bck, msg, "objects with prefix \"" + msg.template_ + "\"");
        }
        if (!u.obj.empty()) ctx.usage_error("--all takes a bucket, not \"" + ctx.args[0] + "\"");
        return rm_multi(ctx, u.bck, msg, "all objects");
    }
    for (const auto& arg : ctx.args) {
        const api::BckUri u = parse_uri(ctx, arg);
        if (u.obj.empty()) {
            ctx.usage_error("\"" + arg + "\": missing object name (to delete objects by prefix or template use "
                            "--prefix or --template, to delete all --all; to destroy the bucket 'ais bucket rm')");
        }
        if (has_template(u.obj)) {
            api::EvdMsg msg;
            msg.template_ = u.obj;
            rm_multi(ctx, u.bck, msg, "objects matching \"" + u.obj + "\"");
            continue;
        }
        if (u.obj.back() == '/') {
            api::EvdMsg msg;
            msg.template_ = u.obj;
            rm_multi(ctx, u.bck, msg, "objects with prefix \"" + u.obj + "\"");
            continue;
        }
        // As in the Go CLI, the first failure ends the command: the names after it are not tried.
        try {
            c.delete_object(u.bck, u.obj);
        } catch (const Error& e) {
            if (e.status() != 404 || e.tcode() == "ErrBckNotFound") throw;
            throw Error(404,
                        "\"" + u.bck.obj_cname(u.obj) + "\" does not exist" +
                            (ctx.args.size() > 1 ? " (hint: missing double or single quotes?)" : ""),
                        e.tcode());
        }
        if (!ctx.on("non-verbose") && !ctx.on("silent"))
            fmt::print("deleted \"{}\" from {}\n", u.obj, u.bck.cname());
    }
}

// ---- mv, show, set-custom ----

void do_mv(Ctx& ctx) {
    ctx.need_args(2, 2, "BUCKET/OBJECT_NAME NEW_OBJECT_NAME");
    const api::BckUri src = parse_object(ctx, ctx.args[0]);
    std::string to = ctx.args[1];
    if (to.find("://") != std::string::npos) {
        const api::BckUri dst = parse_object(ctx, to);
        if (!(dst.bck == src.bck)) {
            ctx.usage_error("cannot move an object to another bucket (" + src.bck.cname() + " => " + dst.bck.cname() +
                            "): use 'ais cp'");
        }
        to = dst.obj;
    }
    api::validate_obj_name(to);
    ctx.env.client().rename_object(src.bck, src.obj, to);
    fmt::print("\"{}\" renamed to \"{}\"\n", src.bck.obj_cname(src.obj), src.bck.obj_cname(to));
}

struct PropRow {
    std::string name, value;
};

std::vector<PropRow> object_rows(const Ctx& ctx, const api::BckUri& u, const api::ObjAttrs& a) {
    std::string custom;
    for (const auto& [k, v] : a.custom) custom += (custom.empty() ? "" : ", ") + k + "=" + v;
    std::vector<PropRow> rows = {
        {"atime", fmt_time_rfc822(a.atime)},
        {"cached", a.present.has_value() ? (*a.present ? "yes" : "no") : "yes"},
        {"checksum", a.has_cksum() ? a.cksum_type + " " + a.cksum_value : "-"},
        {"copies", a.mirror_copies ? std::to_string(a.mirror_copies) : "1"},
        {"custom", custom.empty() ? "-" : custom},
        {"location", a.location.empty() ? "-" : a.location},
        {"name", u.bck.obj_cname(u.obj)},
        {"size", a.size >= 0 ? size_str(ctx, a.size) : "-"},
        {"version", a.version.empty() ? "-" : a.version},
    };
    if (ctx.on("all")) return rows;
    std::vector<std::string> want = {"name", "size", "version", "atime", "checksum", "copies", "custom", "location"};
    if (ctx.has("props")) want = split_list(ctx.str("props"));
    if (want.size() == 1 && want[0] == "all") return rows;
    std::vector<PropRow> out;
    for (const auto& w : want) {
        auto it = std::find_if(rows.begin(), rows.end(), [&](const PropRow& r) { return r.name == w; });
        if (it == rows.end()) {
            ctx.usage_error("invalid --props \"" + w +
                            "\": expected name, size, version, atime, checksum, copies, custom, location, cached or all");
        }
        out.push_back(*it);
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

void do_show(Ctx& ctx) {
    ctx.need_args(1, 1, "BUCKET/OBJECT_NAME");
    const api::BckUri u = parse_object(ctx, ctx.args[0]);
    const api::ObjAttrs a = ctx.env.client().head_object(u.bck, u.obj);
    if (ctx.on("json")) {
        namespace bj = boost::json;
        bj::object o;
        o["name"] = u.obj;
        bj::value bck;
        api::to_jv(u.bck, bck);
        o["bucket"] = bck;
        o["size"] = a.size;
        o["version"] = a.version;
        o["atime"] = a.atime;
        o["checksum"] = bj::object{{"type", a.cksum_type}, {"value", a.cksum_value}};
        o["location"] = a.location;
        bj::object custom;
        for (const auto& [k, v] : a.custom) custom[k] = v;
        o["custom-md"] = custom;
        o["mirror"] = bj::object{{"copies", a.mirror_copies ? a.mirror_copies : 1}};
        o["present"] = a.present.value_or(true);
        print_json(bj::serialize(o));
        return;
    }
    if (ctx.on("silent")) return;
    Table t({"PROPERTY", "VALUE"});
    for (auto& r : object_rows(ctx, u, a)) t.add({r.name, r.value});
    t.print(ctx.on("no-headers"));
}

void do_set_custom(Ctx& ctx) {
    ctx.need_args(2, -1, "BUCKET/OBJECT_NAME KEY=VALUE");
    const api::BckUri u = parse_object(ctx, ctx.args[0]);
    std::map<std::string, std::string> md;
    const std::string& first = ctx.args[1];
    if (ctx.args.size() == 2 && !first.empty() && first.front() == '{') {
        boost::system::error_code ec;
        auto v = boost::json::parse(first, ec);
        if (ec || !v.is_object()) ctx.usage_error("invalid JSON \"" + first + "\": expected {\"key\": \"value\", ...}");
        for (const auto& kv : v.get_object()) {
            if (kv.value().is_string()) {
                md[std::string(kv.key())] = std::string(kv.value().get_string());
            } else {
                md[std::string(kv.key())] = boost::json::serialize(kv.value());
            }
        }
    } else {
        for (auto& [k, v] : parse_kvs(ctx, {ctx.args.begin() + 1, ctx.args.end()})) md[k] = v;
    }
    ctx.env.client().set_custom_md(u.bck, u.obj, md, ctx.on("set-new-custom"));
    fmt::print("Custom props of \"{}\" successfully updated.\n", u.bck.obj_cname(u.obj));
}

}  // namespace

Command object_show_cmd() {
    Command c;
    c.name = "show";
    c.usage = "show object properties";
    c.args = "BUCKET/OBJECT_NAME";
    c.flags = {"all", "json", "no-headers", "props", "silent", "units"};
    c.completers = {completion::buckets(completion::BucketMode::kObject)};
    c.action = do_show;
    return c;
}

Command object_cmd() {
    using completion::BucketMode;
    const auto obj = completion::buckets(BucketMode::kObject);
    Command get{.name = "get",
                .usage = "get an object, a byte range of it, or many objects (prefix, template, list)",
                .args = "BUCKET[/OBJECT_NAME] [OUT_FILE|OUT_DIR|-]",
                .flags = {"checksum", "cont-on-err", "latest", "length", "limit", "list", "num-workers", "offset",
                          "prefix", "progress", "silent", "template", "units", "verbose", "yes"},
                .completers = {obj, completion::files()},
                .action = do_get};
    Command put{.name = "put",
                .usage = "put a file, standard input, a directory, or many files (pattern, template, list)",
                .args = "[-|FILE|DIRECTORY[/PATTERN]] BUCKET[/OBJECT_NAME_or_PREFIX]",
                .flags = {"append", "chunk-size", "cont-on-err", "dry-run", "include-src-dir", "list", "num-workers",
                          "progress", "recursive", "skip-vc", "template", "units", "verbose", "yes"},
                .completers = {completion::files(), completion::buckets(BucketMode::kObject)},
                .action = do_put};
    Command cat{.name = "cat",
                .usage = "print an object (or a byte range of it) to standard output",
                .args = "BUCKET/OBJECT_NAME",
                .flags = {"checksum", "latest", "length", "offset"},
                .completers = {obj},
                .action = do_cat};
    Command rm{.name = "rm",
               .usage = "delete object(s): by name, list, template or prefix",
               .args = "BUCKET[/OBJECT_NAME_or_TEMPLATE] [BUCKET[/OBJECT_NAME_or_TEMPLATE] ...]",
               .flags = {"all", "list", "non-recursive", "non-verbose", "num-workers", "prefix", "silent",
                         "template", "timeout", "verbose", "wait", "yes"},
               .completers = {obj},
               .action = do_rm};
    Command mv{.name = "mv",
               .usage = "rename an object within its bucket",
               .args = "BUCKET/OBJECT_NAME NEW_OBJECT_NAME",
               .completers = {obj, completion::none()},
               .action = do_mv};
    Command set_custom{.name = "set-custom",
                       .usage = "set custom (user) metadata of an object",
                       .args = "BUCKET/OBJECT_NAME KEY=VALUE [KEY=VALUE...] | JSON",
                       .flags = {"set-new-custom"},
                       .completers = {obj, completion::none()},
                       .action = do_set_custom};
    return Command{.name = "object",
                   .usage = "put, get, list, delete, rename, promote objects; show and set their properties",
                   .subs = {get, ls_cmd(), put, object_promote_cmd(), set_custom, rm, object_show_cmd(), mv, cat}};
}

}  // namespace ais::cli
