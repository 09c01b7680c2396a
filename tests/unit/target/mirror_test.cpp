// N-way mirroring and checksum validation on one target with 3 mountpaths: copies made after the
// PUT, GETs that never serve bad bytes, lost and corrupted replicas that come back, overwrites and
// deletes that take the copies along, make-n-copies up and down.
#include "aisnode/xact/xact.hpp"
#include "tests/unit/target/harness.hpp"

#include <chrono>
#include <thread>

using namespace ais;
using namespace ais::test;

namespace {

class TargetMirror : public TargetHttp {
  protected:
    void SetUp() override {
        TargetHttp::SetUp();
        start(1, 3);
        auto bmd = make_bmd(2);
        Bprops m = *bmd->find(api::Bck{"b", "ais", {}});
        m.bid = 3;
        m.mirror.enabled = true;
        m.mirror.copies = 3;
        m.checksum.validate_warm_get = true;
        bmd->add(api::Bck{"m", "ais", {}}, m);
        Bprops v = *bmd->find(api::Bck{"b", "ais", {}});
        v.bid = 4;
        v.checksum.validate_warm_get = true;
        bmd->add(api::Bck{"v", "ais", {}}, v);
        Bprops mv = *bmd->find(api::Bck{"b", "ais", {}});
        mv.bid = 5;
        mv.checksum.validate_obj_move = true;
        bmd->add(api::Bck{"mv", "ais", {}}, mv);
        nodes[0]->env->meta.put_bmd(bmd);
    }

    Node& n() { return *nodes[0]; }

    // Every replica file of `obj` in bucket `bck`: the main one (%ob) and the copies (%mi).
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
    // Waits until `obj` has `want` replicas holding `data`, its main one among them (10 s at most).
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
    ClientResponse xaction(const std::string& op, const std::string& body, const std::string& query = {}) {
        ClientRequest rq;
        rq.method = "POST";
        rq.url = n().url + "/v1/xactions/" + op + (query.empty() ? "" : "?" + query);
        rq.body = body;
        rq.max_retries = 0;
        return http.call(rq);
    }
    // make-n-copies on this target, as the proxy starts it; the job's begin status.
    int make_n_copies(int copies, std::string* err = nullptr) {
        const std::string id = "mnc" + std::to_string(copies) + gen_uuid();
        node::JobReq jr{.id = id, .kind = "make-n-copies", .bck = api::Bck{"m", "ais", {}}, .msg = std::to_string(copies)};
        auto r = xaction("begin", jr.to_json());
        if (err) *err = r.body;
        if (r.status != 200) return r.status;
        EXPECT_EQ(xaction("commit", "", "id=" + id).status, 200);
        return 200;
    }
};

}  // namespace

TEST_F(TargetMirror, PutIsReadableAtOnceAndGetsItsCopiesAfterwards) {
    const std::string data = random_bytes(100'000, 1);
    ASSERT_EQ(put("a/obj", data, "m").status, 200);
    EXPECT_EQ(get("a/obj", "m").body, data);  // the first replica serves at once
    ASSERT_TRUE(settles("a/obj", 3, data)) << replicas("a/obj").size() << " replicas";
    // The copies are on the other two mountpaths, and HEAD says where.
    auto h = call(n(), "HEAD", "m", "a/obj", {}, "props=copies,location", true);
    ASSERT_EQ(h.status, 200);
    EXPECT_EQ(h.headers.get(api::hdr::kMirrorCopies), "3");
    std::set<std::string> mps;
    for (auto p : split(h.headers.get(api::hdr::kMirrorPaths), ',')) mps.insert(std::string(p));
    EXPECT_EQ(mps, std::set<std::string>(n().mpaths.begin(), n().mpaths.end()));
    // Copies are not objects: a listing shows the object once.
    api::LsoMsg msg;
    auto res = list(n(), msg, true, "m");
    ASSERT_EQ(res.entries.size(), 1u);
    EXPECT_EQ(res.entries[0].name, "a/obj");
}

TEST_F(TargetMirror, GetsGoRoundTheCopies) {
    const std::string data = random_bytes(4096, 2);
    ASSERT_EQ(put("spread", data, "m").status, 200);
    ASSERT_TRUE(settles("spread", 3, data));
    // Mark each replica's bytes (same size, no validation: this bucket's props are changed to
    // skip it) to see which one each GET reads.
    auto bmd = std::make_shared<api::BMD>(*n().env->meta.bmd());
    bmd->find(api::Bck{"m", "ais", {}})->checksum.validate_warm_get = false;
    bmd->version++;
    n().env->meta.put_bmd(bmd);
    auto reps = replicas("spread");
    ASSERT_EQ(reps.size(), 3u);
    for (size_t i = 0; i < reps.size(); ++i) {
        std::string marked = data;
        marked[0] = static_cast<char>('A' + i);
        std::ofstream(reps[i], std::ios::binary | std::ios::in | std::ios::out).write(marked.data(), 1);
    }
    std::set<char> seen;
    for (int i = 0; i < 9; ++i) seen.insert(get("spread", "m").body.at(0));
    EXPECT_EQ(seen.size(), 3u) << "GETs should spread over the 3 replicas";
}

TEST_F(TargetMirror, LostAndCorruptedReplicasAreNeverServedAndComeBack) {
    const std::string a = random_bytes(300'000, 3), b = random_bytes(70'000, 4), c = random_bytes(5'000, 5);
    for (auto [name, data] : {std::pair{"lost", &a}, std::pair{"badmain", &b}, std::pair{"badcopy", &c}})
        ASSERT_EQ(put(name, *data, "m").status, 200);
    ASSERT_TRUE(settles("lost", 3, a));
    ASSERT_TRUE(settles("badmain", 3, b));
    ASSERT_TRUE(settles("badcopy", 3, c));

    // Two of three replicas of "lost" deleted, the main one among them.
    fsys::remove(main_of("lost"));
    fsys::remove(copies_of("lost").at(0));
    // A byte flipped in the main replica of "badmain" and in a copy of "badcopy".
    flip_byte(main_of("badmain"), 1000);
    flip_byte(copies_of("badcopy").at(0), 10);

    for (int i = 0; i < 6; ++i) {
        auto r = get("lost", "m");
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.body, a);
        r = get("badmain", "m");
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.body, b);
        r = get("badcopy", "m");
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.body, c);
    }
    EXPECT_TRUE(settles("lost", 3, a)) << replicas("lost").size();
    EXPECT_TRUE(settles("badmain", 3, b));
    EXPECT_TRUE(settles("badcopy", 3, c));
    EXPECT_FALSE(main_of("lost").empty());
}

TEST_F(TargetMirror, ABitFlipInAnUnprotectedObjectIsAnErrorNotBadBytes) {
    const int kObjs = 10;
    std::vector<std::string> data;
    for (int i = 0; i < kObjs; ++i) {
        data.push_back(random_bytes(20'000 + static_cast<size_t>(i), 10 + static_cast<uint64_t>(i)));
        ASSERT_EQ(put("o" + std::to_string(i), data.back(), "v").status, 200);
    }
    for (int i = 0; i < kObjs; ++i) flip_byte(on_disk(n(), "o" + std::to_string(i), "v"), 123 + static_cast<size_t>(i));
    int errors = 0;
    for (int i = 0; i < kObjs; ++i) {
        auto r = get("o" + std::to_string(i), "v");
        EXPECT_EQ(r.body.find(data[static_cast<size_t>(i)].substr(0, 64)), std::string::npos) << "bad bytes were served";
        EXPECT_EQ(r.status, 500);
        if (r.status == 500 && r.body.find("BAD DATA CHECKSUM: " + cfg.checksum.type + "(") != std::string::npos) ++errors;
    }
    EXPECT_EQ(errors, kObjs);
    // As AIS: a corrupted object without redundancy is removed.
    EXPECT_EQ(get("o0", "v").status, 404);
    // An intact object of the same bucket is validated and served.
    ASSERT_EQ(put("fine", "fine bytes", "v").status, 200);
    EXPECT_EQ(get("fine", "v").body, "fine bytes");
}

TEST_F(TargetMirror, AnOverwriteNeverServesTheOldCopiesAndADeleteTakesThemAll) {
    const std::string v1 = random_bytes(50'000, 6), v2 = random_bytes(60'000, 7);
    ASSERT_EQ(put("ow", v1, "m").status, 200);
    ASSERT_TRUE(settles("ow", 3, v1));
    ASSERT_EQ(put("ow", v2, "m").status, 200);
    for (int i = 0; i < 6; ++i) EXPECT_EQ(get("ow", "m").body, v2);
    EXPECT_TRUE(settles("ow", 3, v2));

    auto r = call(n(), "DELETE", "m", "ow");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(replicas("ow").empty());
    EXPECT_EQ(get("ow", "m").status, 404);
}

TEST_F(TargetMirror, MakeNCopiesGoesDownAndUpWithinTheMountpaths) {
    for (int i = 0; i < 20; ++i) ASSERT_EQ(put("n" + std::to_string(i), "data " + std::to_string(i), "m").status, 200);
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(settles("n" + std::to_string(i), 3, "data " + std::to_string(i)));

    std::string err;
    EXPECT_EQ(make_n_copies(4, &err), 400);
    EXPECT_NE(err.find("not enough mountpaths (3) to configure ais://m as 4-way mirror"), std::string::npos) << err;
    EXPECT_EQ(make_n_copies(0, &err), 400);

    ASSERT_EQ(make_n_copies(1), 200);
    for (int i = 0; i < 20; ++i) EXPECT_TRUE(settles("n" + std::to_string(i), 1, "data " + std::to_string(i)));
    ASSERT_EQ(make_n_copies(2), 200);
    for (int i = 0; i < 20; ++i) EXPECT_TRUE(settles("n" + std::to_string(i), 2, "data " + std::to_string(i)));
    auto h = call(n(), "HEAD", "m", "n7", {}, "props=copies", true);
    EXPECT_EQ(h.headers.get(api::hdr::kMirrorCopies), "2");
}

TEST_F(TargetMirror, ReplicasLostWithAMountpathComeBackOnTheOthers) {
    const int kObjs = 30;
    for (int i = 0; i < kObjs; ++i) ASSERT_EQ(put("l" + std::to_string(i), "lost " + std::to_string(i), "m").status, 200);
    for (int i = 0; i < kObjs; ++i) ASSERT_TRUE(settles("l" + std::to_string(i), 3, "lost " + std::to_string(i)));
    // The disk of mp0 dies: everything on it is gone; then the mountpath is detached (a resilver).
    const std::string dead = n().mpaths[0];
    fsys::remove_all(dead + "/@ais/m");
    ClientRequest rq;
    rq.method = "DELETE";
    rq.url = n().url + "/v1/daemon/mountpaths";
    rq.body = R"({"action":"detach-mp","value":")" + dead + R"("})";
    auto r = http.call(rq);
    ASSERT_EQ(r.status, 200) << r.body;
    // Two mountpaths are left: every object has a main replica and one copy there.
    for (int i = 0; i < kObjs; ++i) {
        const std::string name = "l" + std::to_string(i), data = "lost " + std::to_string(i);
        EXPECT_TRUE(settles(name, 2, data)) << name << ": " << replicas(name).size() << " replicas";
        EXPECT_FALSE(main_of(name).empty()) << name;
        EXPECT_EQ(get(name, "m").body, data);
    }
}

TEST_F(TargetMirror, ACopyIntoABucketThatValidatesMovesRefusesCorruptedBytes) {
    const std::string data = random_bytes(10'000, 42);
    ASSERT_EQ(put("src", data, "b").status, 200);
    ASSERT_EQ(put("src2", data, "b").status, 200);
    flip_byte(on_disk(n(), "src", "b"), 77);
    auto r = call(n(), "PUT", "b", "src", {}, "object_to=" + url_escape_query("ais/@#/mv/dst"));
    EXPECT_EQ(r.status, 500) << r.body;
    EXPECT_NE(r.body.find("BAD DATA CHECKSUM"), std::string::npos) << r.body;
    EXPECT_EQ(get("dst", "mv").status, 404);
    // An intact one is copied.
    r = call(n(), "PUT", "b", "src2", {}, "object_to=" + url_escape_query("ais/@#/mv/dst2"));
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(get("dst2", "mv").body, data);
}
