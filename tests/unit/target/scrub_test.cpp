// The scrub job (`ais storage validate`, aisnode/xs/scrub.cpp) on real targets: exact counts of
// objects, missing copies, corrupted replicas (only when asked to read), objects misplaced across
// mountpaths and targets, small ones; --fix repairs what has a good replica, after which a second
// scrub finds nothing and GETs return the original bytes; an unprotected corrupted object is
// reported and left alone.
#include "shared/api/scrub.hpp"
#include "aisnode/xact/xact.hpp"
#include "shared/api/json.hpp"
#include "tests/unit/target/harness.hpp"

#include <chrono>
#include <map>
#include <thread>

using namespace ais;
using namespace ais::test;

namespace {

class TargetScrub : public TargetHttp {
  protected:
    // Bucket "m": 3-way mirror (1 target, 3 mountpaths); "b": plain.
    void start_mirrored(int ntargets = 1) {
        start(ntargets, 3);
        auto bmd = make_bmd(2);
        Bprops m = *bmd->find(api::Bck{"b", "ais", {}});
        m.bid = 3;
        m.mirror.enabled = true;
        m.mirror.copies = 3;
        bmd->add(api::Bck{"m", "ais", {}}, m);
        for (auto& n : nodes) n->env->meta.put_bmd(bmd);
    }

    Node& n() { return *nodes[0]; }

    std::vector<std::string> replicas(const std::string& obj, const std::string& bck = "m") {
        std::vector<std::string> out;
        for (const auto& mp : n().mpaths)
            for (const char* d : {"/%ob/", "/%mi/"}) {
                std::string p = mp + "/@ais/" + bck + d + obj;
                if (fsys::is_regular_file(p)) out.push_back(p);
            }
        return out;
    }
    std::string main_of(const std::string& obj) {
        for (const auto& p : replicas(obj))
            if (p.find("/%ob/") != std::string::npos) return p;
        return {};
    }
    std::vector<std::string> copies_of(const std::string& obj) {
        std::vector<std::string> out;
        for (const auto& p : replicas(obj))
            if (p.find("/%mi/") != std::string::npos) out.push_back(p);
        return out;
    }
    bool settles(const std::string& obj, size_t want, const std::string& data) {
        for (int i = 0; i < 200; ++i) {
            auto r = replicas(obj);
            bool all = r.size() == want && !main_of(obj).empty();
            for (const auto& p : r) all = all && read_file(p) == data;
            if (all) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    static void flip_byte(const std::string& path, size_t at) {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(static_cast<std::streamoff>(at));
        char c = 0;
        f.read(&c, 1);
        c = static_cast<char>(c ^ 0x20);
        f.seekp(static_cast<std::streamoff>(at));
        f.write(&c, 1);
    }
    // PUTs `obj` into "b" and moves its file (xattr included) to another mountpath of its target.
    void put_elsewhere(const std::string& obj, const std::string& data) {
        ASSERT_EQ(put(obj, data).status, 200);
        Node& t = owner("b", obj);
        const std::string at = on_disk(t, obj);
        ASSERT_FALSE(at.empty());
        for (const auto& mp : t.mpaths) {
            if (at.starts_with(mp + "/")) continue;
            const std::string to = mp + "/@ais/b/%ob/" + obj;
            fsys::create_directories(fsys::path(to).parent_path());
            fsys::rename(at, to);
            return;
        }
        FAIL() << "no other mountpath";
    }

    ClientResponse xaction(Node& t, const std::string& op, const std::string& body,
                           const std::string& query = {}) {
        ClientRequest rq;
        rq.method = "POST";
        rq.url = t.url + "/v1/xactions/" + op + (query.empty() ? "" : "?" + query);
        rq.body = body;
        rq.max_retries = 0;
        return http.call(rq);
    }

    // A scrub of `bck` ("" = every bucket) on every target, as the proxy starts it; waits for its
    // end and adds the targets' results up per bucket (by name).
    std::map<std::string, api::ScrubResult> scrub(const std::string& bck, const api::ScrubMsg& msg,
                                                  std::string* errs = nullptr) {
        const std::string id = "scr" + gen_uuid();
        node::JobReq jr{.id = id, .kind = "scrub", .bck = api::Bck{bck, "ais", {}}, .msg = api::to_json(msg)};
        for (auto& t : nodes) {
            auto r = xaction(*t, "begin", jr.to_json());
            EXPECT_EQ(r.status, 200) << r.body;
        }
        for (auto& t : nodes) EXPECT_EQ(xaction(*t, "commit", "", "id=" + id).status, 200);
        std::map<std::string, api::ScrubResult> out;
        for (auto& t : nodes) {
            bool done = false;
            for (int i = 0; i < 600 && !done; ++i) {
                ClientRequest rq;
                rq.url = t->url + "/v1/xactions";
                api::QueryMsg q;
                q.id = id;
                rq.body = api::to_json(q);
                auto snaps = api::from_json<std::vector<api::JobSnap>>(http.call(rq).body);
                if (snaps.empty() || snaps[0].end_time == 0) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                    continue;
                }
                done = true;
                if (errs) *errs += snaps[0].err;
                EXPECT_FALSE(snaps[0].aborted);
                for (const auto& r : api::from_json<std::vector<api::ScrubResult>>(snaps[0].ext)) {
                    auto [it, fresh] = out.try_emplace(r.bck.name, r);
                    if (!fresh) it->second.merge(r);
                }
            }
            EXPECT_TRUE(done) << "scrub " << id << " did not end";
        }
        return out;
    }

    static std::vector<int64_t> counts(const api::ScrubResult& r) {
        std::vector<int64_t> v;
        for (const auto& s : r.stats) v.push_back(s.cnt);
        return v;
    }
    static std::vector<int64_t> fixed(const api::ScrubResult& r) { return {r.fixed.begin(), r.fixed.end()}; }
    static std::set<std::string> names(const api::ScrubResult& r, int stat) {
        std::set<std::string> s;
        for (const auto& e : r.names[static_cast<size_t>(stat)]) s.insert(e.name);
        return s;
    }
};

// Order of the counts: objects, misplaced(cluster), misplaced(mountpath), missing copies,
// corrupted, small, large (api::ScrubStat).
using V = std::vector<int64_t>;

}  // namespace

TEST_F(TargetScrub, CountsExactlyThenRepairsAndASecondRunIsClean) {
    start_mirrored();
    std::map<std::string, std::string> m, b;  // name -> data
    for (int i = 0; i < 5; ++i) m["good/" + std::to_string(i)] = random_bytes(1000 + 100 * i, 10 + i);
    for (int i = 0; i < 3; ++i) m["nocopy/" + std::to_string(i)] = random_bytes(3000, 20 + i);
    for (int i = 0; i < 2; ++i) m["flip/" + std::to_string(i)] = random_bytes(5000, 30 + i);
    for (const auto& [k, v] : m) {
        ASSERT_EQ(put(k, v, "m").status, 200);
        ASSERT_TRUE(settles(k, 3, v)) << k;
    }
    for (int i = 0; i < 3; ++i) {  // K = 3: one copy file gone
        auto cs = copies_of("nocopy/" + std::to_string(i));
        ASSERT_EQ(cs.size(), 2u);
        fsys::remove(cs[0]);
    }
    flip_byte(main_of("flip/0"), 100);        // J = 2: the main replica's bytes ...
    flip_byte(copies_of("flip/1")[1], 4000);  // ... and a copy's
    for (int i = 0; i < 4; ++i) b["plain/" + std::to_string(i)] = random_bytes(2000, 40 + i);
    for (const auto& [k, v] : b) ASSERT_EQ(put(k, v).status, 200);
    b["empty"] = "";
    ASSERT_EQ(put("empty", "").status, 200);
    for (int i = 0; i < 2; ++i) {  // M = 2: on a mountpath HRW does not name
        const std::string k = "moved/" + std::to_string(i);
        b[k] = random_bytes(700, 50 + i);
        put_elsewhere(k, b[k]);
    }

    // Without --checksum nothing is read: no corruption to see.
    api::ScrubMsg msg;
    auto r = scrub("", msg);
    ASSERT_EQ(r.size(), 3u);  // b, b2 (empty), m
    EXPECT_EQ(counts(r["m"]), (V{10, 0, 0, 3, 0, 0, 0}));
    EXPECT_EQ(counts(r["b"]), (V{7, 0, 2, 0, 0, 1, 0}));
    EXPECT_EQ(counts(r["b2"]), (V{0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(names(r["m"], api::kScrMissingCp), (std::set<std::string>{"nocopy/0", "nocopy/1", "nocopy/2"}));
    EXPECT_EQ(names(r["b"], api::kScrMisplacedMpath), (std::set<std::string>{"moved/0", "moved/1"}));
    EXPECT_EQ(names(r["b"], api::kScrSmall), (std::set<std::string>{"empty"}));
    EXPECT_EQ(r["m"].names[api::kScrMissingCp][0].copies, 2);
    EXPECT_EQ(r["b"].stats[api::kScrMisplacedMpath].size, 1400);
    EXPECT_EQ(r["m"].stats[api::kScrObjects].size, 6000 + 9000 + 10000);

    // --checksum: the two bit flips too; sizes at most 1000 are "small", from 5000 "large".
    msg.checksum = true;
    msg.small_size = 1000;
    msg.large_size = 5000;
    r = scrub("m", msg);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(counts(r["m"]), (V{10, 0, 0, 3, 2, 1, 2}));
    EXPECT_EQ(names(r["m"], api::kScrCorrupted), (std::set<std::string>{"flip/0", "flip/1"}));
    EXPECT_EQ(fixed(r["m"]), (V{0, 0, 0, 0, 0, 0, 0}));  // nothing repaired without --fix

    // --fix: every finding has a good replica (or is only misplaced): all repaired.
    msg = api::ScrubMsg{};
    msg.checksum = true;
    msg.fix = true;
    std::string errs;
    r = scrub("", msg, &errs);
    EXPECT_EQ(errs, "");
    EXPECT_EQ(counts(r["m"]), (V{10, 0, 0, 3, 2, 0, 0}));
    EXPECT_EQ(fixed(r["m"]), (V{0, 0, 0, 3, 2, 0, 0}));
    EXPECT_EQ(counts(r["b"]), (V{7, 0, 2, 0, 0, 1, 0}));
    EXPECT_EQ(fixed(r["b"]), (V{0, 0, 2, 0, 0, 0, 0}));

    // A second run finds nothing (the empty object stays small: a fact, not a fault).
    msg.fix = false;
    r = scrub("", msg);
    EXPECT_EQ(counts(r["m"]), (V{10, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(counts(r["b"]), (V{7, 0, 0, 0, 0, 1, 0}));
    for (const auto& [k, v] : m) {
        EXPECT_EQ(replicas(k).size(), 3u) << k;
        for (const auto& p : replicas(k)) EXPECT_EQ(read_file(p), v) << p;
        EXPECT_EQ(get(k, "m").body, v) << k;
    }
    for (const auto& [k, v] : b) {
        auto g = get(k);
        EXPECT_EQ(g.status, 200) << k;
        EXPECT_EQ(g.body, v) << k;
        EXPECT_NE(on_disk(n(), k), "") << k;  // exactly one file, at its HRW mountpath
    }
}

TEST_F(TargetScrub, AnUnprotectedCorruptedObjectIsReportedAndLeftAlone) {
    start_mirrored();
    const std::string data = random_bytes(4000, 7);
    ASSERT_EQ(put("lonely", data).status, 200);
    ASSERT_EQ(put("fine", "fine").status, 200);
    const std::string at = on_disk(n(), "lonely");
    flip_byte(at, 10);
    const std::string flipped = read_file(at);
    api::ScrubMsg msg;
    msg.checksum = true;
    msg.fix = true;
    auto r = scrub("b", msg);
    EXPECT_EQ(counts(r["b"]), (V{2, 0, 0, 0, 1, 0, 0}));
    EXPECT_EQ(fixed(r["b"]), (V{0, 0, 0, 0, 0, 0, 0}));
    ASSERT_EQ(r["b"].names[api::kScrCorrupted].size(), 1u);
    EXPECT_EQ(r["b"].names[api::kScrCorrupted][0].name, "lonely");
    EXPECT_EQ(r["b"].names[api::kScrCorrupted][0].location,
              n().env->self.name() + ":" + at.substr(0, at.find("/@ais/")));
    EXPECT_EQ(read_file(at), flipped);  // still there, as it was
    r = scrub("b", msg);
    EXPECT_EQ(counts(r["b"]), (V{2, 0, 0, 0, 1, 0, 0}));
}

TEST_F(TargetScrub, PrefixLastNameAndNonRecursiveSelectTheNames) {
    start_mirrored();
    for (const char* k : {"a/1", "a/2", "a/3", "a/4", "a/x/5", "b/1"}) ASSERT_EQ(put(k, k).status, 200);
    api::ScrubMsg msg;
    msg.prefix = "a/";
    EXPECT_EQ(counts(scrub("b", msg)["b"])[0], 5);
    msg.last = "a/3";
    EXPECT_EQ(counts(scrub("b", msg)["b"])[0], 3);
    msg.last.clear();
    msg.non_recurs = true;
    EXPECT_EQ(counts(scrub("b", msg)["b"])[0], 4);
    msg = api::ScrubMsg{};
    msg.max_names = 2;
    msg.small_size = 100;  // all six are small: two names kept, four counted as dropped
    auto r = scrub("b", msg)["b"];
    EXPECT_EQ(r.stats[api::kScrSmall].cnt, 6);
    EXPECT_EQ(r.names[api::kScrSmall].size(), 2u);
    EXPECT_EQ(r.dropped[api::kScrSmall], 4);
}

TEST_F(TargetScrub, AnObjectOnTheWrongTargetIsMisplacedInTheCluster) {
    start_mirrored(2);
    ASSERT_EQ(put("stray", "stray bytes").status, 200);
    ASSERT_EQ(put("home", "home bytes").status, 200);
    Node& own = owner("b", "stray");
    Node& other = &own == nodes[0].get() ? *nodes[1] : *nodes[0];
    const std::string at = on_disk(own, "stray");
    ASSERT_FALSE(at.empty());
    const std::string to = other.mpaths[0] + "/@ais/b/%ob/stray";
    fsys::create_directories(fsys::path(to).parent_path());
    fsys::copy_file(at, to);
    // xattrs do not come along with copy_file: the LOM goes with it by hand.
    std::string lom;
    ASSERT_TRUE(fs::get_xattr(at, node::kLomXattr, lom));
    fs::Fd fd = fs::open_fd(to, O_RDONLY);
    fs::set_xattr(fd.get(), node::kLomXattr, lom, to);
    api::ScrubMsg msg;
    msg.fix = true;
    auto r = scrub("b", msg);
    EXPECT_EQ(counts(r["b"]),
              (V{3, 1, 0, 0, 0, 0, 0}));  // 2 objects + the stray copy, seen on its wrong target
    EXPECT_EQ(names(r["b"], api::kScrMisplacedNode), (std::set<std::string>{"stray"}));
    EXPECT_EQ(fixed(r["b"]), (V{0, 0, 0, 0, 0, 0, 0}));  // left to the global rebalance
    EXPECT_TRUE(fsys::exists(to));
}
