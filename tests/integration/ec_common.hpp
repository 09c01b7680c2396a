// Helpers of the EC integration tests (ec_test.cpp, ec_kill_test.cpp): what the targets keep on
// disk (metafiles, pieces), waiting for every object to have its pieces, bulk PUT/GET.
#pragma once

#include "tests/integration/local_cluster.hpp"

#include "shared/api/codec.hpp"
#include "shared/config/bprops.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/hrw.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

namespace ais::test::ec {

using namespace std::chrono_literals;
namespace fsys = std::filesystem;

inline api::Bck bck(std::string name) {
    return api::Bck{.name = std::move(name), .provider = "ais"};
}

inline int status_of(const std::function<void()>& fn, std::string* msg = nullptr) {
    try {
        fn();
    } catch (const Error& e) {
        if (msg) *msg = e.what();
        return e.status();
    }
    return 200;
}

inline std::string bytes(size_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::string s(n, '\0');
    for (size_t i = 0; i < n; i += 8) {
        uint64_t v = rng();
        for (size_t j = 0; j < 8 && i + j < n; ++j) s[i + j] = static_cast<char>(v >> (8 * j));
    }
    return s;
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

struct MetaFile {
    int target = -1;
    int64_t generation = 0;
    int slice_id = 0;
    bool is_copy = false;
    std::string piece;  // %ec file
};

// Every EC metafile of bucket `b` on the targets' disks, by object name.
inline std::map<std::string, std::vector<MetaFile>> metafiles(const LocalCluster& cl, const std::string& b) {
    std::map<std::string, std::vector<MetaFile>> out;
    for (int t = 0; t < cl.num_targets(); ++t)
        for (const auto& mp : cl.target_mountpaths(t)) {
            const std::string dir = mp + "/@ais/" + b + "/%mt";
            if (!fsys::exists(dir)) continue;
            for (const auto& e : fsys::recursive_directory_iterator(dir)) {
                if (!e.is_regular_file()) continue;
                const std::string path = e.path().string();
                if (path.find(".tmp.") != std::string::npos) continue;
                boost::json::error_code jec;
                auto v = boost::json::parse(slurp(path), jec);
                if (jec || !v.is_object()) continue;
                const auto& o = v.as_object();
                MetaFile m;
                m.target = t;
                m.generation = o.at("generation").to_number<int64_t>();
                m.slice_id = static_cast<int>(o.at("slice_id").to_number<int64_t>());
                m.is_copy = o.at("is_copy").as_bool();
                const std::string name = path.substr(dir.size() + 1);
                m.piece = mp + "/@ais/" + b + "/%ec/" + name;
                out[name].push_back(m);
            }
        }
    return out;
}

// Objects (of `want`) that lack a piece: for the newest generation, every slice id 1..D+P (or P
// replicas) must be on disk. Returns "" when all are complete, else the first incomplete one.
inline std::string incomplete(const LocalCluster& cl, const std::string& b,
                              const std::map<std::string, size_t>& want, int d, int p, int64_t limit) {
    auto all = metafiles(cl, b);
    for (const auto& [name, size] : want) {
        auto it = all.find(name);
        if (it == all.end()) return name + ": no metafile";
        int64_t g = 0;
        for (const auto& m : it->second) g = std::max(g, m.generation);
        std::set<int> ids;
        int replicas = 0;
        for (const auto& m : it->second) {
            if (m.generation != g || !fsys::exists(m.piece)) continue;
            if (m.is_copy)
                ++replicas;
            else if (m.slice_id > 0)
                ids.insert(m.slice_id);
        }
        const bool repl = static_cast<int64_t>(size) < limit;
        if (repl ? replicas < p : static_cast<int>(ids.size()) < d + p)
            return name + ": " + std::to_string(repl ? replicas : static_cast<int>(ids.size())) + " pieces";
    }
    return {};
}

inline bool wait_complete(const LocalCluster& cl, const std::string& b,
                          const std::map<std::string, size_t>& want, int d, int p, int64_t limit,
                          std::chrono::seconds timeout, std::string* last) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        *last = incomplete(cl, b, want, d, p, limit);
        if (last->empty()) return true;
        std::this_thread::sleep_for(250ms);
    }
    return false;
}

inline void wait_rebalance(api::Client& c, std::chrono::seconds timeout = 120s) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        try {
            if (c.running_jobs(api::QueryMsg{.kind = "rebalance"}).empty()) {
                std::this_thread::sleep_for(1200ms);
                if (c.running_jobs(api::QueryMsg{.kind = "rebalance"}).empty()) return;
            }
        } catch (const std::exception&) {
        }
        std::this_thread::sleep_for(200ms);
    }
    FAIL() << "rebalance did not end in " << timeout.count() << " s";
}

// The file of `obj` at the target that HRW picks (on whichever mountpath); "" if none.
inline std::string main_file(const LocalCluster& cl, const api::Smap& smap, const std::string& b,
                             const std::string& obj) {
    const auto* t = smap.hrw_target(bck(b).obj_uname(obj));
    for (int i = 0; i < cl.num_targets(); ++i) {
        if (cl.target_url(i) != t->public_net.direct_url) continue;
        for (const auto& mp : cl.target_mountpaths(i)) {
            std::string p = mp + "/@ais/" + b + "/%ob/" + obj;
            if (fsys::is_regular_file(p)) return p;
        }
    }
    return {};
}

inline void put_all(const LocalCluster& c, const api::Bck& b, const std::map<std::string, std::string>& objs,
                    int threads = 6) {
    std::vector<std::pair<std::string, const std::string*>> v;
    for (const auto& [k, d] : objs) v.emplace_back(k, &d);
    std::atomic<size_t> next{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
        ts.emplace_back([&] {
            api::Client cl(c.endpoint());
            for (size_t i; (i = next++) < v.size();) {
                try {
                    cl.put_object(b, v[i].first, *v[i].second);
                } catch (const std::exception&) {
                    ++failed;
                }
            }
        });
    for (auto& t : ts) t.join();
    ASSERT_EQ(failed.load(), 0);
}

// GETs every object with `threads` clients; returns the names that failed or differ.
inline std::vector<std::string> read_all(const LocalCluster& c, const api::Bck& b,
                                         const std::map<std::string, std::string>& objs, int threads = 4) {
    std::vector<std::pair<std::string, const std::string*>> v;
    for (const auto& [k, d] : objs) v.emplace_back(k, &d);
    std::atomic<size_t> next{0};
    std::mutex mu;
    std::vector<std::string> bad;
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
        ts.emplace_back([&] {
            api::Client cl(c.endpoint());
            for (size_t i; (i = next++) < v.size();) {
                std::string why;
                try {
                    auto r = cl.get_object(b, v[i].first);
                    if (r.body != *v[i].second) why = "different bytes";
                } catch (const std::exception& e) {
                    why = e.what();
                }
                if (!why.empty()) {
                    std::lock_guard lk(mu);
                    bad.push_back(v[i].first + ": " + why);
                }
            }
        });
    for (auto& t : ts) t.join();
    return bad;
}

}  // namespace ais::test::ec
