#include "aisnode/fs/mountpaths.hpp"

#include "aisnode/fs/file.hpp"
#include "aisnode/fs/layout.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/hrw.hpp"
#include "shared/util/ids.hpp"
#include "shared/util/log.hpp"
#include "shared/util/strings.hpp"

#include <boost/json.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace ais::fs {

Capacity Mountpath::capacity() const {
    Capacity c;
    struct statvfs s;
    if (::statvfs(path.c_str(), &s) != 0) return c;
    c.total = static_cast<uint64_t>(s.f_blocks) * s.f_frsize;
    c.avail = static_cast<uint64_t>(s.f_bavail) * s.f_frsize;
    uint64_t free = static_cast<uint64_t>(s.f_bfree) * s.f_frsize;
    c.used = c.total > free ? c.total - free : 0;
    // As df computes it: used / (used + available to unprivileged users).
    if (c.used + c.avail > 0)
        c.pct_used = static_cast<int>((c.used * 100 + c.used + c.avail - 1) / (c.used + c.avail));
    return c;
}

// ---- MpathSet ----

uint32_t MpathSet::hrw_id(std::string_view uname) const {
    if (avail.size() == 1) return avail[0]->id;
    int i = hrw_select(hrw_digest(uname), digests);
    return avail[i < 0 ? 0 : static_cast<size_t>(i)]->id;
}

std::vector<const Mountpath*> MpathSet::readable() const {
    std::vector<const Mountpath*> out = avail;
    for (const auto& w : waiting) out.push_back(w.mp);
    return out;
}

bool MpathSet::is_avail(uint32_t id) const {
    return std::any_of(avail.begin(), avail.end(), [id](const Mountpath* m) { return m->id == id; });
}

// ---- Mountpaths ----

Mountpaths::~Mountpaths() {
    {
        std::lock_guard lk(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    if (worker_.joinable()) worker_.join();
}

namespace {

const char* state_name(int s) {
    static const char* names[] = {"available", "disabled", "waiting_disable", "waiting_detach"};
    return names[s];
}

// "" when usable; otherwise why not.
std::string probe_xattr(const std::string& mpath) {
    std::string probe = mpath + "/.ais.xattr-probe." + gen_uuid();
    Fd fd = open_fd(probe, O_CREAT | O_EXCL | O_WRONLY, 0600);
    if (!fd) return std::string("cannot create files: ") + std::strerror(errno);
    int rc = ::fsetxattr(fd.get(), "user.ais.probe", "1", 1, 0);
    int err = errno;
    ::unlink(probe.c_str());
    if (rc != 0)
        return std::string("the filesystem does not support user extended attributes (") +
               std::strerror(err) + "); object metadata is kept in xattrs";
    return {};
}

std::string normalize(const std::string& p) {
    if (p.empty() || p[0] != '/') throw ErrBadRequest("mountpath \"" + p + "\" is not an absolute path");
    std::string norm = std::filesystem::path(p).lexically_normal().string();
    while (norm.size() > 1 && norm.back() == '/') norm.pop_back();
    if (norm == "/") throw ErrBadRequest("mountpath \"/\" is not allowed (the root of the filesystem)");
    return norm;
}

bool nested(std::string_view a, std::string_view b) {  // a inside b, or b inside a
    auto under = [](std::string_view x, std::string_view y) {
        return x.size() > y.size() && x.starts_with(y) && x[y.size()] == '/';
    };
    return under(a, b) || under(b, a);
}

std::optional<std::string> read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

const Mountpath* Mountpaths::slot_for(const std::string& norm) {
    for (size_t i = 0; i < nslots_; ++i)
        if (slots_[i]->path == norm) return slots_[i].get();
    if (nslots_ >= kMaxIds) throw ErrBadRequest("too many mountpaths attached over the life of this target");
    slots_[nslots_] =
        std::make_unique<const Mountpath>(Mountpath{norm, hrw_digest(norm), static_cast<uint32_t>(nslots_)});
    return slots_[nslots_++].get();
}

std::vector<Mountpaths::Entry> Mountpaths::entries() const {
    std::vector<Entry> es;
    const MpathSet* s = cur_.load(std::memory_order_acquire);
    if (!s) return es;
    for (auto* m : s->avail) es.push_back({m, State::available});
    for (const auto& w : s->waiting)
        es.push_back({w.mp, w.detach ? State::waiting_detach : State::waiting_disable});
    for (auto* m : s->disabled) es.push_back({m, State::disabled});
    return es;
}

std::string Mountpaths::state_json(const std::vector<Entry>& es) const {
    std::string s = "{\"mountpaths\":[";
    for (size_t i = 0; i < es.size(); ++i) {
        if (i) s += ',';
        s += "{\"path\":" + json_quote(es[i].mp->path) + ",\"state\":\"" +
             state_name(static_cast<int>(es[i].state)) + "\"}";
    }
    return s + "]}\n";
}

void Mountpaths::install(std::vector<Entry> next) {
    auto set = std::make_unique<MpathSet>();
    const MpathSet* prev = cur_.load(std::memory_order_acquire);
    set->version = prev ? prev->version + 1 : 1;
    for (const auto& e : next) {
        switch (e.state) {
            case State::available:
                set->avail.push_back(e.mp);
                set->digests.push_back(e.mp->digest);
                break;
            case State::disabled:
                set->disabled.push_back(e.mp);
                break;
            case State::waiting_disable:
                set->waiting.push_back({e.mp, false});
                break;
            case State::waiting_detach:
                set->waiting.push_back({e.mp, true});
                break;
        }
    }
    if (set->avail.empty()) throw ErrBadRequest("a target needs at least one available mountpath");
    if (!state_file_.empty()) {
        try {
            atomic_write(state_file_, state_json(next));
        } catch (const std::exception& e) {
            throw Error(500, std::string("persisting the mountpaths: ") + e.what());
        }
    }
    cur_.store(set.get(), std::memory_order_release);
    sets_.push_back(std::move(set));
}

void Mountpaths::init(const std::vector<std::string>& paths, std::string state_file) {
    std::lock_guard wl(wmu_);
    state_file_ = std::move(state_file);
    std::vector<std::pair<std::string, State>> want;
    bool from_file = false;
    if (!state_file_.empty()) {
        if (auto text = read_text(state_file_)) {
            try {
                auto v = boost::json::parse(*text);
                for (const auto& e : v.at("mountpaths").as_array()) {
                    std::string p(e.at("path").as_string());
                    std::string st(e.at("state").as_string());
                    State s = st == "available"         ? State::available
                              : st == "disabled"        ? State::disabled
                              : st == "waiting_disable" ? State::waiting_disable
                              : st == "waiting_detach"
                                  ? State::waiting_detach
                                  : throw std::runtime_error("unknown state \"" + st + "\"");
                    want.emplace_back(p, s);
                }
                from_file = true;
            } catch (const std::exception& e) {
                throw std::runtime_error("mountpaths: invalid " + state_file_ + ": " + e.what() +
                                         " (remove it to use fspaths.paths of the local config)");
            }
        }
    }
    if (!from_file) {
        if (paths.empty()) throw std::runtime_error("target has no mountpaths (fspaths.paths is empty)");
        for (const auto& p : paths) want.emplace_back(p, State::available);
    }
    std::vector<Entry> es;
    for (const auto& [p, st] : want) {
        std::string norm;
        try {
            norm = normalize(p);
        } catch (const Error& e) {
            throw std::runtime_error(e.what());
        }
        if (std::any_of(es.begin(), es.end(), [&](const Entry& e) { return e.mp->path == norm; }))
            throw std::runtime_error("duplicate mountpath " + norm);
        if (st != State::disabled) {
            try {
                mkdir_all(norm);
                mkdir_all(norm + "/" + kTrashDir);
            } catch (const FsError& e) {
                throw std::runtime_error(std::string("mountpath: ") + e.what());
            }
            if (auto why = probe_xattr(norm); !why.empty())
                throw std::runtime_error("mountpath " + norm + ": " + why);
        }
        es.push_back({slot_for(norm), st});
    }
    try {
        // Persisted only once something changes at runtime: until then the config rules.
        std::string keep = std::exchange(state_file_, from_file ? state_file_ : std::string());
        install(es);
        state_file_ = keep;
    } catch (const Error& e) {
        throw std::runtime_error(std::string("mountpaths: ") + e.what());
    }

    // Leftovers of buckets destroyed before a restart.
    for (const auto* m : snap().readable()) {
        std::string trash = m->path + "/" + kTrashDir;
        if (DIR* d = ::opendir(trash.c_str())) {
            while (dirent* e = ::readdir(d)) {
                if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
                schedule_removal(trash + "/" + e->d_name);
            }
            ::closedir(d);
        }
    }
    if (!worker_.joinable()) worker_ = std::thread([this] { trash_worker(); });
    log::info("mountpaths{}: {}", from_file ? " (from " + state_file_ + ")" : std::string(), to_json());
}

std::vector<Mountpath> Mountpaths::all() const {
    std::vector<Mountpath> out;
    for (const auto* m : snap().avail) out.push_back(*m);
    return out;
}

std::vector<Mountpath> Mountpaths::readable() const {
    std::vector<Mountpath> out;
    for (const auto* m : snap().readable()) out.push_back(*m);
    return out;
}

std::vector<Mountpath> Mountpaths::known() const {
    std::vector<Mountpath> out = readable();
    for (const auto* m : snap().disabled) out.push_back(*m);
    return out;
}

// ---- runtime changes ----

bool Mountpaths::attach(const std::string& path) {
    const std::string norm = normalize(path);
    struct stat st;
    if (::stat(norm.c_str(), &st) != 0)
        throw ErrBadRequest("mountpath " + norm + " does not exist (" + std::strerror(errno) + ")");
    if (!S_ISDIR(st.st_mode)) throw ErrBadRequest("mountpath " + norm + " is not a directory");
    std::lock_guard wl(wmu_);
    auto es = entries();
    for (auto& e : es) {
        if (e.mp->path == norm) {
            if (e.state == State::available)
                throw ErrBadRequest("mountpath " + norm + " is already attached");
            if (e.state == State::disabled)
                throw ErrBadRequest("mountpath " + norm +
                                    " is already attached (disabled): enable it instead");
            if (e.state == State::waiting_disable)
                throw ErrBadRequest("mountpath " + norm +
                                    " is already attached (being disabled): enable it instead");
        }
    }
    for (auto& e : es)
        if (e.mp->path != norm && nested(norm, e.mp->path))
            throw ErrBadRequest("mountpath " + norm + " is nested with the mountpath " + e.mp->path +
                                " (one inside the other)");
    if (auto why = probe_xattr(norm); !why.empty()) throw ErrBadRequest("mountpath " + norm + ": " + why);
    try {
        mkdir_all(norm + "/" + kTrashDir);
    } catch (const FsError& e) {
        throw ErrBadRequest(std::string("mountpath: ") + e.what());
    }
    // Re-attaching one that is still being detached: it simply stays.
    auto it = std::find_if(es.begin(), es.end(), [&](const Entry& e) { return e.mp->path == norm; });
    if (it != es.end()) {
        it->state = State::available;
    } else {
        es.push_back({slot_for(norm), State::available});
    }
    install(std::move(es));
    log::info("mountpath {} attached: {}", norm, to_json());
    return true;
}

std::vector<Mountpaths::Entry>::iterator Mountpaths::attached(std::vector<Entry>& es, const std::string& norm) {
    auto it = std::find_if(es.begin(), es.end(), [&](const Entry& e) { return e.mp->path == norm; });
    if (it == es.end() || it->state == State::waiting_detach)
        throw ErrNotFound("mountpath " + norm + " is not attached to this target");
    return it;
}

bool Mountpaths::enable(const std::string& path) {
    const std::string norm = normalize(path);
    std::lock_guard wl(wmu_);
    auto es = entries();
    auto it = attached(es, norm);
    if (it->state == State::available) return false;
    if (auto why = probe_xattr(norm); !why.empty()) throw ErrBadRequest("mountpath " + norm + ": " + why);
    it->state = State::available;
    install(std::move(es));
    log::info("mountpath {} enabled: {}", norm, to_json());
    return true;
}

bool Mountpaths::disable(const std::string& path) {
    const std::string norm = normalize(path);
    std::lock_guard wl(wmu_);
    auto es = entries();
    auto it = attached(es, norm);
    if (it->state != State::available) return false;  // disabled already (or being disabled)
    if (snap().avail.size() == 1)
        throw ErrBadRequest("cannot disable " + norm + ": it is the last available mountpath of this target");
    it->state = State::waiting_disable;
    install(std::move(es));
    log::info("mountpath {} disabled (resilver pending): {}", norm, to_json());
    return true;
}

bool Mountpaths::detach(const std::string& path) {
    const std::string norm = normalize(path);
    std::lock_guard wl(wmu_);
    auto es = entries();
    auto it = attached(es, norm);
    if (it->state == State::available && snap().avail.size() == 1)
        throw ErrBadRequest("cannot detach " + norm + ": it is the last available mountpath of this target");
    if (it->state == State::disabled) {
        es.erase(it);  // nothing to move off a disabled one
    } else {
        it->state = State::waiting_detach;
    }
    install(std::move(es));
    log::info("mountpath {} detached: {}", norm, to_json());
    return true;
}

bool Mountpaths::drained(int64_t version) {
    std::lock_guard wl(wmu_);
    const MpathSet* then = nullptr;
    for (const auto& s : sets_)
        if (s->version == version) then = s.get();
    if (!then || then->waiting.empty()) return false;
    auto es = entries();
    bool changed = false;
    for (const auto& w : then->waiting) {
        for (auto it = es.begin(); it != es.end(); ++it) {
            if (it->mp != w.mp) continue;
            if (it->state == State::waiting_disable) {
                it->state = State::disabled;
                changed = true;
            } else if (it->state == State::waiting_detach) {
                es.erase(it);
                changed = true;
            }
            break;
        }
    }
    if (!changed) return false;
    install(std::move(es));
    log::info("mountpaths resilvered: {}", to_json());
    return true;
}

// ---- bucket directories ----

void Mountpaths::create_bucket_dirs(const api::Bck& b, const Mountpath& m) const {
    for (const auto& d : {obj_dir(m.path, b), work_dir(m.path, b)}) {
        try {
            mkdir_all(d);
        } catch (const FsError& e) {
            log::error("{}: {}", b.cname(), e.what());
        }
    }
}

void Mountpaths::create_bucket_dirs(const api::Bck& b) const {
    for (const auto* m : snap().avail) create_bucket_dirs(b, *m);
}

void Mountpaths::destroy_bucket_dirs(const api::Bck& b) {
    for (const auto& m : known()) {
        std::string dir = bck_dir(m.path, b);
        std::string dst = m.path + "/" + kTrashDir + "/" + gen_uuid();
        if (::rename(dir.c_str(), dst.c_str()) != 0) {
            if (errno != ENOENT)
                log::error("{}: rename {} to trash: {}", b.cname(), dir, std::strerror(errno));
            continue;
        }
        schedule_removal(std::move(dst));
    }
}

void Mountpaths::schedule_removal(std::string dir) {
    {
        std::lock_guard lk(mu_);
        trash_.push_back(std::move(dir));
    }
    cv_.notify_one();
}

void Mountpaths::trash_worker() {
    std::unique_lock lk(mu_);
    for (;;) {
        cv_.wait(lk, [&] { return stop_ || !trash_.empty(); });
        if (stop_) return;
        std::string dir = std::move(trash_.front());
        trash_.pop_front();
        lk.unlock();
        if (size_t failed = remove_all(dir))
            log::warn("trash: {} entries under {} could not be removed", failed, dir);
        lk.lock();
    }
}

std::string Mountpaths::to_json() const {
    const MpathSet& s = snap();
    auto list = [](const std::vector<const Mountpath*>& v) {
        std::string out = "[";
        for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + json_quote(v[i]->path);
        return out + "]";
    };
    std::vector<const Mountpath*> waiting;
    for (const auto& w : s.waiting) waiting.push_back(w.mp);
    return "{\"available\":" + list(s.avail) + ",\"waiting_dd\":" + list(waiting) +
           ",\"disabled\":" + list(s.disabled) + "}";
}

}  // namespace ais::fs
