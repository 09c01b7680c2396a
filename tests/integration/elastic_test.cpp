// An elastic cluster (issue: membership at runtime, rebalance): targets join, die, come back, go
// into maintenance, are decommissioned; objects follow HRW and stay readable throughout.
#include "shared/api/err_http.hpp"
#include "shared/util/hrw.hpp"
#include "tests/integration/local_cluster.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace ais::test {
namespace {

using namespace std::chrono_literals;
namespace fsys = std::filesystem;

const api::Bck kBck{.name = "elastic", .provider = "ais"};

std::string obj_name(int i) { return "d" + std::to_string(i % 50) + "/obj-" + std::to_string(i); }
std::string obj_data(int i) { return "payload of object " + std::to_string(i) + std::string(i % 97, 'x'); }

// PUTs objects [0, n) with `threads` clients.
void put_objects(const std::string& endpoint, int n, int threads = 8) {
    std::atomic<int> next{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
        ts.emplace_back([&] {
            api::Client c(endpoint);
            for (int i; (i = next++) < n;) {
                try {
                    c.put_object(kBck, obj_name(i), obj_data(i));
                } catch (const std::exception&) {
                    ++failed;
                }
            }
        });
    for (auto& t : ts) t.join();
    ASSERT_EQ(failed.load(), 0);
}

// Regular files under the targets' %ob directories: every stored object, once per copy.
size_t stored_objects(const std::vector<std::string>& mountpaths) {
    size_t n = 0;
    for (const auto& mp : mountpaths) {
        std::error_code ec;
        for (auto it = fsys::recursive_directory_iterator(mp, ec); !ec && it != fsys::recursive_directory_iterator();
             it.increment(ec))
            if (it->is_regular_file() && it->path().string().find("/%ob/") != std::string::npos) ++n;
    }
    return n;
}

// GETs random objects until stopped, counting failures (wrong bytes included).
class Reader {
  public:
    Reader(std::string endpoint, int n) : endpoint_(std::move(endpoint)), n_(n), th_([this] { run(); }) {}
    ~Reader() { stop(); }
    void stop() {
        stop_ = true;
        if (th_.joinable()) th_.join();
    }
    int reads() const { return reads_; }
    int errors() const { return errors_; }
    std::string first_error() {
        std::lock_guard lk(mu_);
        return first_;
    }

  private:
    void run() {
        api::Client c(endpoint_);
        std::mt19937 rng(7);
        while (!stop_) {
            int i = static_cast<int>(rng() % static_cast<unsigned>(n_));
            try {
                auto r = c.get_object(kBck, obj_name(i));
                if (r.body != obj_data(i)) throw std::runtime_error("wrong bytes for " + obj_name(i));
            } catch (const std::exception& e) {
                ++errors_;
                std::lock_guard lk(mu_);
                if (first_.empty()) first_ = e.what();
            }
            ++reads_;
        }
    }
    std::string endpoint_;
    int n_;
    std::atomic<bool> stop_{false};
    std::atomic<int> reads_{0}, errors_{0};
    std::mutex mu_;
    std::string first_;
    std::thread th_;
};

// Waits until the newest rebalance has ended on every target (and the primary has seen it).
void wait_rebalance(api::Client& c, std::chrono::seconds timeout = 120s) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string last;
    while (std::chrono::steady_clock::now() < deadline) {
        try {
            auto running = c.running_jobs(api::QueryMsg{.kind = "rebalance"});
            if (running.empty()) {
                // Ended everywhere; the primary marks it done on its next look (every 500 ms).
                std::this_thread::sleep_for(1200ms);
                if (c.running_jobs(api::QueryMsg{.kind = "rebalance"}).empty()) return;
            }
            last = running.front();
        } catch (const std::exception& e) {
            last = e.what();
        }
        std::this_thread::sleep_for(200ms);
    }
    FAIL() << "rebalance did not end in " << timeout.count() << " s: " << last;
}

// Every object is where HRW says (HEAD at the owner reports it stored there) with the right bytes.
void expect_placed(LocalCluster& cl, int n, int step = 1) {
    auto smap = cl.client().get_smap();
    net::Client http;
    int misplaced = 0;
    std::string first;
    for (int i = 0; i < n; i += step) {
        const auto* owner = smap.hrw_target(kBck.obj_uname(obj_name(i)));
        ASSERT_NE(owner, nullptr);
        auto r = http.call({.method = "HEAD",
                            .url = owner->public_net.direct_url + "/v1/objects/" + kBck.name + "/" + obj_name(i) +
                                   "?provider=ais"});
        auto loc = r.headers.get("Ais-Location");
        if (r.status != 200 || !loc.starts_with(owner->name() + ":")) {
            if (first.empty()) first = obj_name(i) + ": status " + std::to_string(r.status) + " location " + std::string(loc);
            ++misplaced;
        }
    }
    EXPECT_EQ(misplaced, 0) << "first: " << first;
}

// Objects stored on target `i` that HRW places on another target (by their file names).
size_t misplaced(LocalCluster& cl, int i, const api::Smap& smap) {
    const std::string self = cl.target_url(i);
    size_t n = 0;
    for (const auto& mp : cl.target_mountpaths(i)) {
        const std::string ob = mp + "/@ais/" + kBck.name + "/%ob/";
        std::error_code ec;
        for (auto it = fsys::recursive_directory_iterator(ob, ec); !ec && it != fsys::recursive_directory_iterator();
             it.increment(ec)) {
            if (!it->is_regular_file()) continue;
            const std::string name = it->path().string().substr(ob.size());
            const auto* owner = smap.hrw_target(kBck.obj_uname(name));
            if (owner && owner->public_net.direct_url != self) ++n;
        }
    }
    return n;
}

std::vector<std::string> all_mountpaths(LocalCluster& cl, int targets) {
    std::vector<std::string> out;
    for (int t = 0; t < targets; ++t)
        for (auto& m : cl.target_mountpaths(t)) out.push_back(m);
    return out;
}

TEST(Elastic, JoiningTargetGetsItsShareAndEveryObjectStaysReadable) {
    LocalCluster cl;
    auto& c = cl.client();
    c.create_bucket(kBck);
    constexpr int kObjects = 20000;
    put_objects(cl.endpoint(), kObjects);
    ASSERT_EQ(stored_objects(all_mountpaths(cl, 3)), static_cast<size_t>(kObjects));

    Reader reader(cl.endpoint(), kObjects);
    const int t4 = cl.add_target();
    wait_rebalance(c);
    reader.stop();

    EXPECT_EQ(reader.errors(), 0) << reader.reads() << " reads; first error: " << reader.first_error();
    EXPECT_GT(reader.reads(), 0);
    // Nothing lost, nothing left behind twice, about a quarter moved to the new target.
    EXPECT_EQ(stored_objects(all_mountpaths(cl, 4)), static_cast<size_t>(kObjects));
    const size_t on_new = stored_objects(cl.target_mountpaths(t4));
    EXPECT_GT(on_new, kObjects / 4 * 8 / 10);
    EXPECT_LT(on_new, kObjects / 4 * 12 / 10);
    expect_placed(cl, kObjects, 7);
    EXPECT_EQ(c.list_objects(kBck).entries.size(), static_cast<size_t>(kObjects));
}

// A DELETE during a rebalance reaches the object wherever it is (not arrived yet at its new owner,
// or on its way there) and the object does not come back when the rebalance delivers it.
TEST(Elastic, ObjectsDeletedDuringARebalanceStayDeleted) {
    LocalCluster cl;
    auto& c = cl.client();
    c.create_bucket(kBck);
    constexpr int kObjects = 12000;
    put_objects(cl.endpoint(), kObjects);
    cl.add_target();
    bool overlapped = !c.running_jobs(api::QueryMsg{.kind = "rebalance"}).empty();
    std::atomic<int> next{0}, failed{0};
    std::mutex mu;
    std::string first;
    std::vector<std::thread> ts;
    for (int t = 0; t < 4; ++t)
        ts.emplace_back([&] {
            api::Client dc(cl.endpoint());
            for (int i; (i = next.fetch_add(3)) < kObjects;) {
                try {
                    dc.delete_object(kBck, obj_name(i));
                } catch (const std::exception& e) {
                    ++failed;
                    std::lock_guard lk(mu);
                    if (first.empty()) first = obj_name(i) + ": " + e.what();
                }
            }
        });
    for (auto& t : ts) t.join();
    wait_rebalance(c);
    ASSERT_TRUE(overlapped) << "the rebalance had ended before the deletes began: nothing was tested";
    EXPECT_EQ(failed.load(), 0) << "first: " << first;
    const int deleted = (kObjects + 2) / 3;
    EXPECT_EQ(stored_objects(all_mountpaths(cl, 4)), static_cast<size_t>(kObjects - deleted));
    EXPECT_EQ(c.list_objects(kBck).entries.size(), static_cast<size_t>(kObjects - deleted));
    for (int i = 0; i < kObjects; i += 3 * 37) {
        try {
            c.get_object(kBck, obj_name(i));
            ADD_FAILURE() << obj_name(i) << " is back after its DELETE";
        } catch (const Error& e) {
            EXPECT_EQ(e.status(), 404) << e.what();
        }
    }
}

TEST(Elastic, KilledTargetLeavesTheSmapListingNamesItAndItRejoins) {
    LocalCluster cl;
    auto& c = cl.client();
    c.create_bucket(kBck);
    constexpr int kObjects = 600;
    put_objects(cl.endpoint(), kObjects);
    const auto before = c.get_smap();
    const std::string victim = before.tmap.rbegin()->first;
    int vi = -1;
    for (int i = 0; i < 3; ++i)
        if (cl.target_url(i) == before.tmap.rbegin()->second.public_net.direct_url) vi = i;
    ASSERT_GE(vi, 0);

    cl.kill_target(vi);
    const auto killed = std::chrono::steady_clock::now();
    // Until it is out of the Smap, a listing fails and says which target is missing.
    try {
        c.list_objects(kBck);
        // Only possible if the keepalive already removed it (it cannot have in this short time).
        ADD_FAILURE() << "listing with a dead target in the Smap succeeded";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find(victim), std::string::npos) << e.what();
    }
    // Out of the Smap within the documented bound (keepalive defaults: about 6 s for a killed
    // node, 10 s at most; 2 s of slack for a loaded machine).
    for (;;) {
        if (!c.get_smap().tmap.contains(victim)) break;
        ASSERT_LT(std::chrono::steady_clock::now() - killed, 12s) << "t[" << victim << "] still in the Smap";
        std::this_thread::sleep_for(100ms);
    }
    // The listing works again with what the live targets hold.
    wait_rebalance(c);
    auto ls = c.list_objects(kBck);
    EXPECT_LT(ls.entries.size(), static_cast<size_t>(kObjects));

    // Back: it registers again, a rebalance runs, every object is readable and in place.
    cl.start_target(vi);
    EXPECT_TRUE(c.get_smap().tmap.contains(victim));
    wait_rebalance(c);
    EXPECT_EQ(c.list_objects(kBck).entries.size(), static_cast<size_t>(kObjects));
    for (int i = 0; i < kObjects; i += 13) EXPECT_EQ(c.get_object(kBck, obj_name(i)).body, obj_data(i));
    expect_placed(cl, kObjects);
}

TEST(Elastic, RebalanceInterruptedByATargetRestartResumes) {
    LocalCluster cl;
    auto& c = cl.client();
    c.create_bucket(kBck);
    constexpr int kObjects = 10000;
    put_objects(cl.endpoint(), kObjects);
    const int t4 = cl.add_target();  // the rebalance starts
    // One of the senders dies in the middle and comes back (before keepalive would notice).
    cl.kill_target(0);
    const auto smap = c.get_smap();
    ASSERT_GT(misplaced(cl, 0, smap), 0u) << "the rebalance ended before the kill: nothing to resume";
    cl.start_target(0);
    wait_rebalance(c);
    // It resumed: nothing lost, nothing twice, everything where HRW says.
    EXPECT_EQ(misplaced(cl, 0, smap), 0u);
    EXPECT_EQ(stored_objects(all_mountpaths(cl, 4)), static_cast<size_t>(kObjects));
    EXPECT_GT(stored_objects(cl.target_mountpaths(t4)), 0u);
    expect_placed(cl, kObjects, 3);
}

// The target index of a node ID.
int index_of(LocalCluster& cl, const api::Smap& smap, const std::string& id) {
    for (int i = 0; i < cl.num_targets(); ++i)
        if (cl.target_url(i) == smap.tmap.at(id).public_net.direct_url) return i;
    return -1;
}

TEST(Elastic, MaintenanceKeepsTheNodesObjectsAndSendsNoNewData) {
    LocalCluster cl;
    auto& c = cl.client();
    c.create_bucket(kBck);
    constexpr int kObjects = 600;
    put_objects(cl.endpoint(), kObjects);
    auto smap = c.get_smap();
    const std::string id = smap.tmap.begin()->first;
    const int ti = index_of(cl, smap, id);
    const size_t had = stored_objects(cl.target_mountpaths(ti));
    ASSERT_GT(had, 0u);

    const std::string reb = c.node_action(api::act::kStartMaintenance, {.sid = id});
    EXPECT_TRUE(reb.starts_with("g")) << reb;
    wait_rebalance(c);
    smap = c.get_smap();
    ASSERT_TRUE(smap.tmap.contains(id));
    EXPECT_TRUE(smap.tmap.at(id).flags & api::Snode::kMaintenance);
    EXPECT_EQ(stored_objects(cl.target_mountpaths(ti)), had);  // keeps its objects
    // Readable without it, and new objects go elsewhere.
    for (int i = 0; i < kObjects; i += 7) EXPECT_EQ(c.get_object(kBck, obj_name(i)).body, obj_data(i));
    for (int i = 0; i < 50; ++i) c.put_object(kBck, "new-" + std::to_string(i), "new");
    EXPECT_EQ(stored_objects(cl.target_mountpaths(ti)), had);

    // Bad input leaves the cluster as it is.
    try {
        c.node_action(api::act::kStartMaintenance, {.sid = id});
        ADD_FAILURE() << "maintenance twice accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.status(), 400);
        EXPECT_NE(std::string(e.what()).find("already in maintenance"), std::string::npos) << e.what();
    }
    EXPECT_EQ(c.get_smap().version, smap.version);

    c.node_action(api::act::kStopMaintenance, {.sid = id});
    wait_rebalance(c);
    EXPECT_FALSE(c.get_smap().tmap.at(id).flags & api::Snode::kMaintenance);
    for (int i = 0; i < 50; ++i) EXPECT_EQ(c.get_object(kBck, "new-" + std::to_string(i)).body, "new");
    expect_placed(cl, kObjects);
}

TEST(Elastic, DecommissionMovesTheDataOffThenRemovesTheNodeAndItsData) {
    LocalCluster cl;
    auto& c = cl.client();
    c.create_bucket(kBck);
    constexpr int kObjects = 600;
    put_objects(cl.endpoint(), kObjects);
    auto smap = c.get_smap();
    const std::string id = smap.tmap.begin()->first;
    const int ti = index_of(cl, smap, id);

    c.node_action(api::act::kDecommissionNode, {.sid = id, .rm_user_data = true});
    ASSERT_TRUE(cl.wait_target_exit(ti, 60s, true)) << "the decommissioned target did not exit";
    smap = c.get_smap();
    EXPECT_FALSE(smap.tmap.contains(id));
    EXPECT_EQ(smap.tmap.size(), 2u);
    EXPECT_EQ(stored_objects(cl.target_mountpaths(ti)), 0u);  // its data removed
    EXPECT_EQ(c.list_objects(kBck).entries.size(), static_cast<size_t>(kObjects));
    for (int i = 0; i < kObjects; i += 5) EXPECT_EQ(c.get_object(kBck, obj_name(i)).body, obj_data(i));
}

// The primary dies while a decommission waits for its rebalance: the restarted primary finds the
// flagged node in its Smap and completes the decommission.
TEST(Elastic, DecommissionSurvivesARestartOfThePrimary) {
    LocalCluster cl;
    auto& c = cl.client();
    c.create_bucket(kBck);
    constexpr int kObjects = 15000;
    put_objects(cl.endpoint(), kObjects);
    auto smap = c.get_smap();
    const std::string id = smap.tmap.begin()->first;
    const int ti = index_of(cl, smap, id);
    c.node_action(api::act::kDecommissionNode, {.sid = id});
    cl.kill_proxy(0);
    cl.start_proxy(0);
    smap = c.get_smap();
    ASSERT_TRUE(smap.tmap.contains(id) && (smap.tmap.at(id).flags & api::Snode::kDecommission))
        << "the decommission finished before the primary was killed: nothing was tested";
    ASSERT_TRUE(cl.wait_target_exit(ti, 90s, true)) << "the decommissioned target did not exit";
    EXPECT_FALSE(c.get_smap().tmap.contains(id));
    wait_rebalance(c);
    EXPECT_EQ(c.list_objects(kBck).entries.size(), static_cast<size_t>(kObjects));
    for (int i = 0; i < kObjects; i += 31) EXPECT_EQ(c.get_object(kBck, obj_name(i)).body, obj_data(i));
}

TEST(Elastic, DecommissionWithoutShutdownLeavesTheNodeRunningAndOutOfTheCluster) {
    // Heartbeats every 1/3 s: a node that kept heartbeating would register again within a second.
    LocalCluster cl({.cluster_toml = "[keepalivetracker.target]\ninterval = \"1s\"\n"});
    auto& c = cl.client();
    c.create_bucket(kBck);
    put_objects(cl.endpoint(), 100);
    auto smap = c.get_smap();
    const std::string id = smap.tmap.begin()->first;
    const int ti = index_of(cl, smap, id);
    c.node_action(api::act::kDecommissionNode, {.sid = id, .no_shutdown = true});
    for (auto deadline = std::chrono::steady_clock::now() + 30s; c.get_smap().tmap.contains(id);) {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "not removed";
        std::this_thread::sleep_for(50ms);
    }
    // Six heartbeat periods later: still out, and still running.
    std::this_thread::sleep_for(2s);
    EXPECT_FALSE(c.get_smap().tmap.contains(id));
    EXPECT_FALSE(cl.wait_target_exit(ti, 0ms, true)) << "the node exited despite no_shutdown";
    for (int i = 0; i < 100; i += 7) EXPECT_EQ(c.get_object(kBck, obj_name(i)).body, obj_data(i));
}

TEST(Elastic, ShutdownNodeStaysInTheSmapInMaintenance) {
    LocalCluster cl;
    auto& c = cl.client();
    c.create_bucket(kBck);
    put_objects(cl.endpoint(), 300);
    auto smap = c.get_smap();
    const std::string id = smap.tmap.rbegin()->first;
    const int ti = index_of(cl, smap, id);
    c.node_action(api::act::kShutdownNode, {.sid = id});
    ASSERT_TRUE(cl.wait_target_exit(ti, 60s, false));
    smap = c.get_smap();
    ASSERT_TRUE(smap.tmap.contains(id));
    EXPECT_TRUE(smap.tmap.at(id).flags & api::Snode::kMaintenance);
    for (int i = 0; i < 300; i += 3) EXPECT_EQ(c.get_object(kBck, obj_name(i)).body, obj_data(i));
    // Started again, it stays in maintenance until told otherwise.
    cl.start_target(ti);
    EXPECT_TRUE(c.get_smap().tmap.at(id).flags & api::Snode::kMaintenance);
}

TEST(Elastic, MembershipBadInputIsRefusedAndChangesNothing) {
    LocalCluster cl({.targets = 1});
    auto& c = cl.client();
    const auto smap = c.get_smap();
    const std::string target = smap.tmap.begin()->first;
    const std::string primary = smap.primary.daemon_id;
    struct Case {
        const char* action;
        std::string sid;
        int status;
        const char* says;
    } cases[] = {
        {api::act::kDecommissionNode, target, 400, "last active target"},
        {api::act::kStartMaintenance, target, 400, "last active target"},
        {api::act::kDecommissionNode, primary, 400, "primary"},
        {api::act::kShutdownNode, primary, 400, "primary"},
        {api::act::kStartMaintenance, "nosuchnode", 404, "does not exist"},
        {api::act::kStopMaintenance, target, 400, "not in maintenance"},
        {api::act::kDecommissionNode, "", 400, "node ID is required"},
    };
    for (const auto& k : cases) {
        try {
            c.node_action(k.action, {.sid = k.sid});
            ADD_FAILURE() << k.action << " " << k.sid << " accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.status(), k.status) << k.action << ": " << e.what();
            EXPECT_NE(std::string(e.what()).find(k.says), std::string::npos) << k.action << ": " << e.what();
        }
    }
    EXPECT_EQ(c.get_smap(), smap);
}

}  // namespace
}  // namespace ais::test

namespace ais::test {
namespace {

// The primary every proxy reports (empty when one does not answer or they disagree).
std::string agreed_primary(LocalCluster& cl, const std::vector<int>& proxies) {
    std::string p;
    for (int i : proxies) {
        try {
            api::Client c(cl.proxy_url(i));
            auto s = c.get_smap();
            if (!p.empty() && s.primary.daemon_id != p) return {};
            p = s.primary.daemon_id;
        } catch (const std::exception&) {
            return {};
        }
    }
    return p;
}

TEST(Elastic, KilledPrimaryIsReplacedByElectionAndEveryProxyKeepsWorking) {
    LocalCluster cl({.proxies = 3});
    auto& c = cl.client();
    c.create_bucket(kBck);
    put_objects(cl.endpoint(), 200);
    const auto smap = c.get_smap();
    const std::string old = smap.primary.daemon_id;
    const api::Snode* next = smap.hrw_proxy(old);
    ASSERT_NE(next, nullptr);
    const std::string want = next->daemon_id;

    cl.kill_proxy(0);
    const auto killed = std::chrono::steady_clock::now();
    std::string now;
    for (;;) {
        now = agreed_primary(cl, {1, 2});
        if (!now.empty() && now != old) break;
        // Documented bound: heartbeat period (interval/3) + probing + the vote, well under 10 s.
        ASSERT_LT(std::chrono::steady_clock::now() - killed, 10s) << "no new primary yet";
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_EQ(now, want) << "the candidate is the electable proxy with the largest id_digest";
    // Both surviving proxies serve control and data; no acknowledged write is lost.
    for (int i : {1, 2}) {
        api::Client p(cl.proxy_url(i));
        const api::Bck b{.name = "after-" + std::to_string(i), .provider = "ais"};
        p.create_bucket(b);
        p.put_object(b, "o", "written after the election");
        EXPECT_EQ(p.get_object(b, "o").body, "written after the election");
        auto s = p.get_smap();
        EXPECT_FALSE(s.pmap.contains(old));
        EXPECT_EQ(s.tmap.size(), 3u);
    }
    api::Client p1(cl.proxy_url(1));
    EXPECT_EQ(p1.list_buckets().size(), 3u);
    for (int i = 0; i < 200; i += 9) EXPECT_EQ(p1.get_object(kBck, obj_name(i)).body, obj_data(i));

    // The old primary comes back (configured as primary): it joins the elected one, no split.
    cl.start_proxy(0);
    EXPECT_EQ(agreed_primary(cl, {0, 1, 2}), want);
    EXPECT_TRUE(p1.get_smap().pmap.contains(old));

    // And the role can be handed back on request (`ais cluster set-primary`).
    net::Client http;
    auto r = http.call({.method = "PUT", .url = cl.proxy_url(1) + "/v1/cluster/proxy/" + old});
    ASSERT_TRUE(r.ok()) << r.status << " " << r.body;
    for (auto deadline = std::chrono::steady_clock::now() + 10s; agreed_primary(cl, {0, 1, 2}) != old;) {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "set-primary did not reach every proxy";
        std::this_thread::sleep_for(50ms);
    }
    api::Client p0(cl.proxy_url(0));
    const api::Bck last{.name = "after-handover", .provider = "ais"};
    p0.create_bucket(last);
    EXPECT_TRUE(p1.bucket_exists(last));
}

TEST(Elastic, VotesAndSetPrimaryFromOutsideTheClusterAreRefused) {
    LocalCluster cl({.proxies = 2, .targets = 1});
    const auto smap = cl.client().get_smap();
    std::string other;
    for (const auto& [id, p] : smap.pmap)
        if (id != smap.primary.daemon_id) other = id;
    net::Client http;
    const std::string record = R"({"candidate":")" + other + R"(","primary":")" + smap.primary.daemon_id +
                               R"(","smap":null,"initiator":"pStranger"})";
    // A vote request from a node that is not in the Smap.
    net::ClientRequest vote{.method = "GET", .url = cl.proxy_url(1) + "/v1/vote/proxy"};
    vote.headers.add("Ais-Caller-Id", "pStranger");
    vote.body = R"({"vote_record":)" + record + "}";
    auto r = http.call(vote);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("not in the cluster map"), std::string::npos) << r.body;
    // An election started by a stranger.
    r = http.call({.method = "PUT", .url = cl.proxy_url(1) + "/v1/vote/init",
                   .body = R"({"vote_initiation":)" + record + "}"});
    EXPECT_EQ(r.status, 400) << r.body;
    // set-primary of a node that does not exist, or of a target.
    r = http.call({.method = "PUT", .url = cl.endpoint() + "/v1/cluster/proxy/pNoSuch"});
    EXPECT_EQ(r.status, 404) << r.body;
    r = http.call({.method = "PUT", .url = cl.endpoint() + "/v1/cluster/proxy/" + smap.tmap.begin()->first});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(cl.client().get_smap(), smap);
}

}  // namespace
}  // namespace ais::test
