// Mountpaths that change at runtime (issue: elastic cluster, item 6): attach, detach, disable and
// enable a target's mountpath through the proxy (/v1/reverse/daemon/mountpaths, as AIS's api
// package does); each change runs a `resilver` job that moves every object to its HRW mountpath,
// while a reader GETs random objects throughout and must see no error. Bad input changes nothing;
// a change survives a restart of the target.
#include "shared/api/apc.hpp"
#include "shared/api/msgs.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/hrw.hpp"
#include "shared/util/strings.hpp"
#include "tests/integration/local_cluster.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace ais::test {
namespace {

using namespace std::chrono_literals;
namespace fsys = std::filesystem;

const api::Bck kBck{.name = "mpaths", .provider = "ais"};
constexpr int kObjects = 3000;

std::string obj_name(int i) {
    return "d" + std::to_string(i % 40) + "/o-" + std::to_string(i);
}
std::string obj_data(int i) {
    return "object " + std::to_string(i) + std::string(i % 211, 'm');
}

void put_objects(const std::string& endpoint, int n) {
    std::atomic<int> next{0}, failed{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < 8; ++t)
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

// GETs random objects (two clients) until stopped; any failure or wrong byte counts.
class Reader {
  public:
    explicit Reader(std::string endpoint) : endpoint_(std::move(endpoint)) {
        for (int k = 0; k < 2; ++k) th_.emplace_back([this, k] { run(k); });
    }
    ~Reader() { stop(); }
    void stop() {
        stop_ = true;
        for (auto& t : th_)
            if (t.joinable()) t.join();
    }
    int reads() const { return reads_; }
    int errors() const { return errors_; }
    std::string first_error() {
        std::lock_guard lk(mu_);
        return first_;
    }

  private:
    void run(int seed) {
        api::Client c(endpoint_);
        std::mt19937 rng(seed + 11);
        while (!stop_) {
            const int i = static_cast<int>(rng() % kObjects);
            try {
                if (rng() % 4 == 0) {
                    c.head_object(kBck, obj_name(i));
                } else if (c.get_object(kBck, obj_name(i)).body != obj_data(i)) {
                    throw std::runtime_error("wrong bytes for " + obj_name(i));
                }
            } catch (const std::exception& e) {
                ++errors_;
                std::lock_guard lk(mu_);
                if (first_.empty()) first_ = e.what();
            }
            ++reads_;
        }
    }
    std::string endpoint_;
    std::atomic<bool> stop_{false};
    std::atomic<int> reads_{0}, errors_{0};
    std::mutex mu_;
    std::string first_;
    std::vector<std::thread> th_;
};

// How many targets have (had) the job.
size_t running_on(const api::MultiSnap& ms) {
    size_t n = 0;
    for (const auto& [t, v] : ms.by_target) n += v.empty() ? 0 : 1;
    return n;
}

struct Mpl {
    std::vector<std::string> available, waiting_dd, disabled;
};

struct Reply {
    int status = 0;
    std::string body;
};

class ElasticMountpath : public ::testing::Test {
  protected:
    void SetUp() override {
        cl_ = std::make_unique<LocalCluster>(LocalCluster::Options{.targets = 2, .mountpaths = 2});
        cl_->client().create_bucket(kBck);
        put_objects(cl_->endpoint(), kObjects);
    }

    api::Client& c() { return cl_->client(); }

    std::string tid(int i) {
        for (const auto& [id, t] : c().get_smap().tmap)
            if (t.public_net.direct_url == cl_->target_url(i)) return id;
        ADD_FAILURE() << "target " << i << " is not in the Smap";
        return {};
    }

    // A mountpath action through the proxy: status and body, never throwing.
    Reply act(const char* method, const std::string& action, const std::string& node, const std::string& path,
              const std::string& query = {}) {
        api::ActMsg msg;
        msg.action = action;
        msg.value = json_quote(path);
        net::Query q;
        if (!query.empty()) q.add(query, "true");
        auto rq = c().request(method, "/v1/reverse/daemon/mountpaths", q);
        rq.headers.add(api::hdr::kNodeId, node);
        rq.headers.add("Content-Type", "application/json");
        rq.body = api::to_json(msg);
        try {
            auto r = c().call(rq);
            return {r.status, r.body};
        } catch (const Error& e) {
            return {e.status(), e.what()};
        }
    }

    Mpl mpl(const std::string& node) {
        net::Query q;
        q.add(api::qp::kWhat, api::what::kMountpaths);
        auto rq = c().request("GET", "/v1/reverse/daemon", q);
        rq.headers.add(api::hdr::kNodeId, node);
        auto v = boost::json::parse(c().call(rq).body);
        Mpl out;
        auto list = [&](const char* key, std::vector<std::string>& to) {
            for (const auto& e : v.at(key).as_array()) to.emplace_back(e.as_string());
        };
        list("available", out.available);
        list("waiting_dd", out.waiting_dd);
        list("disabled", out.disabled);
        return out;
    }

    // Until no resilver runs anywhere (and at least one has run).
    void wait_resilver(std::chrono::seconds timeout = 120s) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (c().running_jobs(api::QueryMsg{.kind = "resilver"}).empty()) {
                ASSERT_FALSE(c().job_status_all(api::QueryMsg{.kind = "resilver"}).empty())
                    << "no resilver ran";
                return;
            }
            std::this_thread::sleep_for(100ms);
        }
        FAIL() << "resilver did not end in " << timeout.count() << " s";
    }

    // Every object of target `t` is stored exactly once, on its HRW mountpath among `avail`, with
    // the right bytes; returns how many objects the target holds per mountpath of `avail`.
    std::vector<int> expect_placed(int t, const std::vector<std::string>& avail,
                                   const std::vector<std::string>& also_check = {}) {
        auto smap = c().get_smap();
        const std::string id = tid(t);
        std::vector<uint64_t> digests;
        for (const auto& m : avail) digests.push_back(hrw_digest(m));
        std::vector<std::string> every = avail;
        every.insert(every.end(), also_check.begin(), also_check.end());
        std::vector<int> per(avail.size(), 0);
        int wrong = 0;
        std::string first;
        for (int i = 0; i < kObjects; ++i) {
            const std::string uname = kBck.obj_uname(obj_name(i));
            if (smap.hrw_target(uname)->daemon_id != id) continue;
            const int want = hrw_select(hrw_digest(uname), digests);
            int copies = 0;
            for (size_t m = 0; m < every.size(); ++m) {
                const std::string fqn = every[m] + "/@ais/" + kBck.name + "/%ob/" + obj_name(i);
                if (!fsys::exists(fqn)) continue;
                ++copies;
                if (static_cast<int>(m) != want) {
                    if (first.empty())
                        first = obj_name(i) + " is on " + every[m] + ", HRW says " + avail[want];
                    ++wrong;
                }
            }
            if (copies != 1) {
                if (first.empty()) first = obj_name(i) + ": " + std::to_string(copies) + " copies";
                ++wrong;
            }
            ++per[want];
        }
        EXPECT_EQ(wrong, 0) << "first: " << first;
        return per;
    }

    void expect_all_readable() {
        int bad = 0;
        for (int i = 0; i < kObjects; i += 7)
            if (c().get_object(kBck, obj_name(i)).body != obj_data(i)) ++bad;
        EXPECT_EQ(bad, 0);
        EXPECT_EQ(c().list_objects(kBck).entries.size(), static_cast<size_t>(kObjects));
    }

    std::unique_ptr<LocalCluster> cl_;
};

TEST_F(ElasticMountpath, AttachUnderLoadResilversEveryObjectToItsHrwMountpath) {
    const std::string t0 = tid(0);
    auto mps = cl_->target_mountpaths(0);
    const std::string added = cl_->target_dir(0) + "/mp-new";
    fsys::create_directories(added);
    expect_placed(0, mps);

    Reader reader(cl_->endpoint());
    std::this_thread::sleep_for(200ms);
    auto r = act("PUT", api::act::kAttachMp, t0, added);
    ASSERT_EQ(r.status, 200) << r.body;
    wait_resilver();
    std::this_thread::sleep_for(200ms);
    reader.stop();
    EXPECT_EQ(reader.errors(), 0) << reader.first_error();
    EXPECT_GT(reader.reads(), 50);

    auto l = mpl(t0);
    EXPECT_EQ(l.available, (std::vector<std::string>{mps[0], mps[1], added}));
    EXPECT_TRUE(l.waiting_dd.empty());
    mps.push_back(added);
    auto per = expect_placed(0, mps);
    EXPECT_GT(per[2], kObjects / 2 / 3 / 2) << "the new mountpath got its share";  // ~1/3 of ~1/2
    // The job is visible in queries: it ran on that target only, and moved what went to mp-new.
    auto snaps = c().job_snaps(api::QueryMsg{.kind = "resilver"});
    EXPECT_EQ(running_on(snaps), 1u) << "a resilver is local to the target that changed";
    ASSERT_FALSE(snaps.by_target[t0].empty());
    int64_t moved = 0;
    for (const auto& s : snaps.by_target[t0]) moved += s.stats.loc_objs;
    EXPECT_EQ(moved, per[2]);
    expect_all_readable();
}

TEST_F(ElasticMountpath, DetachUnderLoadMovesTheObjectsOffAndNoGetFails) {
    const std::string t1 = tid(1);
    const auto mps = cl_->target_mountpaths(1);
    Reader reader(cl_->endpoint());
    std::this_thread::sleep_for(200ms);
    auto r = act("DELETE", api::act::kDetachMp, t1, mps[1]);
    ASSERT_EQ(r.status, 200) << r.body;
    wait_resilver();
    std::this_thread::sleep_for(200ms);
    reader.stop();
    EXPECT_EQ(reader.errors(), 0) << reader.first_error();
    EXPECT_GT(reader.reads(), 50);

    auto l = mpl(t1);
    EXPECT_EQ(l.available, (std::vector<std::string>{mps[0]}));
    EXPECT_TRUE(l.waiting_dd.empty());
    EXPECT_TRUE(l.disabled.empty());
    expect_placed(1, {mps[0]}, {mps[1]});  // nothing left on the detached one
    EXPECT_TRUE(fsys::is_directory(mps[1])) << "detach forgets the path; the directory stays";
    expect_all_readable();
    // Attaching it again brings it back into HRW.
    r = act("PUT", api::act::kAttachMp, t1, mps[1]);
    ASSERT_EQ(r.status, 200) << r.body;
    wait_resilver();
    auto per = expect_placed(1, mps);
    EXPECT_GT(per[1], 0);
}

TEST_F(ElasticMountpath, DisableThenEnableUnderLoad) {
    const std::string t0 = tid(0);
    const auto mps = cl_->target_mountpaths(0);
    Reader reader(cl_->endpoint());
    auto r = act("POST", api::act::kDisableMp, t0, mps[0]);
    ASSERT_EQ(r.status, 200) << r.body;
    wait_resilver();
    auto l = mpl(t0);
    EXPECT_EQ(l.available, (std::vector<std::string>{mps[1]}));
    EXPECT_EQ(l.disabled, (std::vector<std::string>{mps[0]}));
    expect_placed(0, {mps[1]}, {mps[0]});
    EXPECT_EQ(act("POST", api::act::kDisableMp, t0, mps[0]).status, 204) << "already disabled: nothing to do";

    r = act("POST", api::act::kEnableMp, t0, mps[0]);
    ASSERT_EQ(r.status, 200) << r.body;
    wait_resilver();
    std::this_thread::sleep_for(200ms);
    reader.stop();
    EXPECT_EQ(reader.errors(), 0) << reader.first_error();
    l = mpl(t0);
    EXPECT_EQ(l.available, (std::vector<std::string>{mps[1], mps[0]}));
    EXPECT_TRUE(l.disabled.empty());
    auto per = expect_placed(0, {mps[1], mps[0]});
    EXPECT_GT(per[1], 0) << "objects went back to the re-enabled mountpath";
    expect_all_readable();
}

TEST_F(ElasticMountpath, BadInputIsRefusedAndChangesNothing) {
    const std::string t0 = tid(0), t1 = tid(1);
    const auto mps = cl_->target_mountpaths(0);
    const std::string dir = cl_->target_dir(0);
    std::ofstream(dir + "/a-file") << "x";
    fsys::create_directories(mps[0] + "/sub");
    struct Case {
        const char* method;
        std::string action, node, path;
        int status;
        std::string says;
    };
    const std::vector<Case> cases = {
        {"PUT", api::act::kAttachMp, t0, dir + "/missing", 400, "does not exist"},
        {"PUT", api::act::kAttachMp, t0, dir + "/a-file", 400, "not a directory"},
        {"PUT", api::act::kAttachMp, t0, mps[0] + "/sub", 400, "nested"},
        {"PUT", api::act::kAttachMp, t0, dir, 400, "nested"},
        {"PUT", api::act::kAttachMp, t0, mps[1], 400, "already attached"},
        {"PUT", api::act::kAttachMp, t0, mps[1] + "/", 400, "already attached"},
        {"PUT", api::act::kAttachMp, t0, "relative/dir", 400, "absolute"},
        {"PUT", api::act::kAttachMp, t0, "", 400, "not defined"},
        {"DELETE", api::act::kDetachMp, t0, dir + "/missing", 404, "not attached"},
        {"POST", api::act::kDisableMp, t0, dir + "/missing", 404, "not attached"},
        {"POST", api::act::kEnableMp, t0, dir + "/missing", 404, "not attached"},
        {"POST", "rescan-mpx", t0, mps[0], 400, "invalid mountpath action"},
        {"PUT", api::act::kAttachMp, "t[nosuchnode]", dir + "/x", 404, "does not exist"},
    };
    const auto before = mpl(t0);
    for (const auto& k : cases) {
        auto r = act(k.method, k.action, k.node, k.path);
        EXPECT_EQ(r.status, k.status) << k.action << " " << k.path << ": " << r.body;
        EXPECT_NE(r.body.find(k.says), std::string::npos) << k.action << " " << k.path << ": " << r.body;
    }
    const auto after = mpl(t0);
    EXPECT_EQ(after.available, before.available);
    EXPECT_TRUE(after.disabled.empty());
    EXPECT_TRUE(after.waiting_dd.empty());
    EXPECT_TRUE(c().job_status_all(api::QueryMsg{.kind = "resilver"}).empty()) << "no change, no resilver";
    EXPECT_FALSE(fsys::exists(dir + "/conf/mountpaths.json")) << "nothing was persisted";

    // The last available mountpath can be neither disabled nor detached (dntres: at once).
    const auto mps1 = cl_->target_mountpaths(1);
    ASSERT_EQ(act("POST", api::act::kDisableMp, t1, mps1[1], "dntres").status, 200);
    for (const char* a : {api::act::kDisableMp, api::act::kDetachMp}) {
        auto r = act(a == std::string(api::act::kDetachMp) ? "DELETE" : "POST", a, t1, mps1[0]);
        EXPECT_EQ(r.status, 400) << r.body;
        EXPECT_NE(r.body.find("last available mountpath"), std::string::npos) << r.body;
    }
    auto l1 = mpl(t1);
    EXPECT_EQ(l1.available, (std::vector<std::string>{mps1[0]}));
    EXPECT_EQ(l1.disabled, (std::vector<std::string>{mps1[1]}));
}

TEST_F(ElasticMountpath, ChangesSurviveARestartOfTheTarget) {
    const std::string t0 = tid(0);
    const auto mps = cl_->target_mountpaths(0);
    const std::string added = cl_->target_dir(0) + "/mp-new";
    fsys::create_directories(added);
    ASSERT_EQ(act("PUT", api::act::kAttachMp, t0, added).status, 200);
    ASSERT_EQ(act("POST", api::act::kDisableMp, t0, mps[0]).status, 200);
    wait_resilver();
    EXPECT_TRUE(fsys::exists(cl_->target_dir(0) + "/conf/mountpaths.json"));

    cl_->kill_target(0, 15);
    cl_->start_target(0);
    cl_->wait_ready();
    auto l = mpl(t0);
    EXPECT_EQ(l.available, (std::vector<std::string>{mps[1], added}));
    EXPECT_EQ(l.disabled, (std::vector<std::string>{mps[0]}));
    expect_placed(0, {mps[1], added}, {mps[0]});
    expect_all_readable();
}

// A misplaced object (put on the wrong mountpath by hand) is still served, and a resilver started
// by hand through the proxy (PUT /v1/cluster {"action":"start","value":{"kind":"resilver"}})
// moves it to its HRW mountpath.
TEST_F(ElasticMountpath, ResilverStartedByHandFixesMisplacedObjects) {
    const std::string t0 = tid(0);
    const auto mps = cl_->target_mountpaths(0);
    auto smap = c().get_smap();
    std::vector<uint64_t> digests{hrw_digest(mps[0]), hrw_digest(mps[1])};
    int moved = 0;
    for (int i = 0; i < kObjects && moved < 50; ++i) {
        const std::string uname = kBck.obj_uname(obj_name(i));
        if (smap.hrw_target(uname)->daemon_id != t0) continue;
        const int want = hrw_select(hrw_digest(uname), digests);
        const std::string from = mps[want] + "/@ais/" + kBck.name + "/%ob/" + obj_name(i);
        const std::string to = mps[1 - want] + "/@ais/" + kBck.name + "/%ob/" + obj_name(i);
        fsys::create_directories(fsys::path(to).parent_path());
        fsys::rename(from, to);
        ++moved;
    }
    ASSERT_EQ(moved, 50);
    expect_all_readable();  // found on the other mountpath

    api::ArgsMsg args;
    args.kind = "resilver";
    args.daemon_id = t0;
    const std::string xid = c().start_job(args);
    ASSERT_FALSE(xid.empty());
    auto st = c().wait_job(xid, 60s);
    EXPECT_TRUE(st.ok()) << st.err;
    expect_placed(0, mps);
    auto snaps = c().job_snaps(api::QueryMsg{.id = xid});
    EXPECT_EQ(running_on(snaps), 1u) << "only the named target runs it";
    ASSERT_EQ(snaps.by_target[t0].size(), 1u);
    EXPECT_EQ(snaps.by_target[t0].at(0).stats.loc_objs, 50);

    // Every target when none is named; a proxy or an unknown node is refused.
    args.daemon_id.clear();
    const std::string all = c().start_job(args);
    EXPECT_TRUE(c().wait_job(all, 60s).ok());
    EXPECT_EQ(running_on(c().job_snaps(api::QueryMsg{.id = all})), 2u);
    args.daemon_id = "nosuchnode";
    try {
        c().start_job(args);
        ADD_FAILURE() << "an unknown node was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.status(), 404) << e.what();
    }
}

}  // namespace
}  // namespace ais::test
