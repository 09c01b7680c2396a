// Erasure coding across 5 in-process targets (EC 2+2, objects under 1 KiB replicated): where the
// slices and replicas go after a PUT, restoring a lost object from them on GET/HEAD (version and
// custom metadata kept, missing pieces re-created), the 404 when too few are left, deletes and
// overwrites, the intra-cluster endpoint's rules, and the ec-encode job under an injected EIO.
#include "aisnode/ec/ec.hpp"
#include "aisnode/ec/meta.hpp"
#include "aisnode/fs/fault_env.hpp"
#include "aisnode/xact/xact.hpp"
#include "shared/api/json.hpp"
#include "tests/unit/target/harness.hpp"

#include <chrono>
#include <functional>
#include <thread>

using namespace ais;
using namespace ais::test;

namespace {

constexpr int kD = 2, kP = 2;
constexpr int64_t kLimit = 1024;

class TargetEc : public TargetHttp {
  protected:
    void SetUp() override {
        TargetHttp::SetUp();
        start(5, 2);
        auto bmd = make_bmd(2);
        Bprops e = *bmd->find(api::Bck{"b", "ais", {}});
        e.bid = 7;
        e.ec.enabled = true;
        e.ec.data_slices = kD;
        e.ec.parity_slices = kP;
        e.ec.objsize_limit = kLimit;
        bmd->add(api::Bck{"e", "ais", {}}, e);
        for (auto& n : nodes) n->env->meta.put_bmd(bmd);
    }

    struct Found {
        int node = -1;
        std::string meta_path, piece_path;
        ec::Meta meta;
    };
    // Every metafile of `obj` on every target (the main's included).
    std::vector<Found> pieces(const std::string& obj) {
        std::vector<Found> out;
        for (size_t i = 0; i < nodes.size(); ++i)
            for (const auto& mp : nodes[i]->mpaths) {
                Found f;
                f.node = static_cast<int>(i);
                f.meta_path = mp + "/@ais/e/%mt/" + obj;
                f.piece_path = mp + "/@ais/e/%ec/" + obj;
                if (!fsys::is_regular_file(f.meta_path)) continue;
                f.meta = ec::meta_from_json(read_file(f.meta_path));
                out.push_back(f);
            }
        return out;
    }
    // Pieces with bytes (slices, replicas) of the newest generation, by slice id.
    std::map<int, std::vector<Found>> by_slice(const std::string& obj) {
        auto all = pieces(obj);
        int64_t g = 0;
        for (const auto& f : all) g = std::max(g, f.meta.generation);
        std::map<int, std::vector<Found>> out;
        for (auto& f : all)
            if (f.meta.generation == g && (f.meta.is_copy || f.meta.slice_id > 0))
                out[f.meta.slice_id].push_back(f);
        return out;
    }
    // Waits (10 s at most) until `obj` has all its pieces: D+P slices, or P replicas.
    bool encoded(const std::string& obj, bool replicated) {
        for (int i = 0; i < 200; ++i) {
            auto s = by_slice(obj);
            if (replicated ? (s.size() == 1 && s.begin()->first == 0 && s[0].size() == kP)
                           : static_cast<int>(s.size()) == kD + kP && !s.count(0))
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    // Targets of `obj` in HRW order (ec::hrw_list): [0] the main one.
    std::vector<int> order(const std::string& obj) {
        std::vector<uint64_t> d;
        auto smap = nodes[0]->env->meta.smap();
        std::vector<std::string> ids;
        for (const auto& [id, t] : smap->tmap) {
            ids.push_back(id);
            d.push_back(t.id_digest);
        }
        std::vector<int> out;
        for (int i : ec::hrw_list(hrw_digest(api::Bck{"e", "ais", {}}.obj_uname(obj)), d, 5))
            for (size_t k = 0; k < nodes.size(); ++k)
                if (nodes[k]->env->id() == ids[static_cast<size_t>(i)]) out.push_back(static_cast<int>(k));
        return out;
    }
    std::string main_file(const std::string& obj) { return on_disk(owner("e", obj), obj, "e"); }
    ClientResponse ec_call(Node& n, const std::string& method, const std::string& obj, std::string body,
                           net::Headers h, const std::string& query = {}) {
        ClientRequest rq;
        rq.method = method;
        rq.url =
            n.url + "/v1/ec/e/" + url_escape_path(obj) + "?provider=ais" + (query.empty() ? "" : "&" + query);
        rq.body = std::move(body);
        rq.headers = std::move(h);
        rq.follow_redirects = false;
        rq.max_retries = 0;
        return http.call(rq);
    }
    ClientResponse xaction(Node& n, const std::string& op, const std::string& body,
                           const std::string& query = {}) {
        ClientRequest rq;
        rq.method = "POST";
        rq.url = n.url + "/v1/xactions/" + op + (query.empty() ? "" : "?" + query);
        rq.body = body;
        rq.max_retries = 0;
        return http.call(rq);
    }
    // ec-encode on every target, as the proxy starts it; waits for its end; the errors they report.
    std::string ec_encode() {
        const std::string id = "ece" + gen_uuid();
        node::JobReq jr{.id = id, .kind = "ec-encode", .bck = api::Bck{"e", "ais", {}}};
        for (auto& n : nodes) EXPECT_EQ(xaction(*n, "begin", jr.to_json()).status, 200);
        for (auto& n : nodes) EXPECT_EQ(xaction(*n, "commit", "", "id=" + id).status, 200);
        std::string errs;
        for (auto& n : nodes) {
            for (int i = 0; i < 400; ++i) {
                ClientRequest rq;
                rq.url = n->url + "/v1/xactions";
                api::QueryMsg q;
                q.id = id;
                rq.body = api::to_json(q);
                auto r = http.call(rq);
                auto snaps = api::from_json<std::vector<api::JobSnap>>(r.body);
                if (!snaps.empty() && snaps[0].end_time != 0) {
                    errs += snaps[0].err;
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        return errs;
    }
};

}  // namespace

TEST_F(TargetEc, SlicesGoToTheNextTargetsInHrwOrder) {
    const std::string data = random_bytes(1'000'001, 1);
    ASSERT_EQ(put("big/obj", data, "e").status, 200);
    EXPECT_EQ(get("big/obj", "e").body, data);  // readable at once
    ASSERT_TRUE(encoded("big/obj", false));
    const auto ord = order("big/obj");
    ASSERT_EQ(&owner("e", "big/obj"), nodes[static_cast<size_t>(ord[0])].get())
        << "main = first in HRW order";
    auto s = by_slice("big/obj");
    const int64_t S = ec::slice_size(1'000'001, kD);
    std::string joined;
    for (int id = 1; id <= kD + kP; ++id) {
        ASSERT_EQ(s[id].size(), 1u) << "slice " << id;
        EXPECT_EQ(s[id][0].node, ord[static_cast<size_t>(id)]) << "slice " << id << " on the wrong target";
        EXPECT_EQ(static_cast<int64_t>(fsys::file_size(s[id][0].piece_path)), S);
        if (id <= kD) joined += read_file(s[id][0].piece_path);
    }
    EXPECT_EQ(joined.substr(0, data.size()), data);  // data slices are the object, zero-padded
    EXPECT_EQ(joined.back(), '\0');
    // The main target's metafile lists every piece.
    bool main_meta = false;
    for (const auto& f : pieces("big/obj"))
        if (f.node == ord[0]) {
            main_meta = true;
            EXPECT_EQ(f.meta.slice_id, 0);
            EXPECT_EQ(f.meta.nodes.size(), 5u);
        }
    EXPECT_TRUE(main_meta);
}

TEST_F(TargetEc, SmallObjectsAreReplicated) {
    const std::string data = random_bytes(1000, 2);
    ASSERT_EQ(put("small", data, "e").status, 200);
    ASSERT_TRUE(encoded("small", true));
    const auto ord = order("small");
    auto s = by_slice("small");
    std::set<int> at;
    for (const auto& f : s[0]) {
        at.insert(f.node);
        EXPECT_TRUE(f.meta.is_copy);
        EXPECT_EQ(read_file(f.piece_path), data);
    }
    EXPECT_EQ(at, (std::set<int>{ord[1], ord[2]}));
}

TEST_F(TargetEc, GetAndHeadRestoreALostObjectWithItsVersionAndCustomMetadata) {
    const std::string data = random_bytes(3 * 1024 * 1024 + 17, 3);
    net::Headers h;  // custom metadata on a PUT: as a target copying an object sends it
    h.add(api::hdr::kCallerId, nodes[0]->env->id());
    h.add(api::hdr::kCustomMd, "color=blue");
    ASSERT_EQ(put("lost", data, "e").status, 200);
    ASSERT_EQ(call(owner("e", "lost"), "PUT", "e", "lost", data, {}, true, h).status, 200);  // version 2
    auto head0 = call(owner("e", "lost"), "HEAD", "e", "lost", {}, {}, false);
    ASSERT_EQ(head0.status, 200);
    // Both versions get encoded in turn: wait for the second.
    for (int i = 0; i < 200; ++i) {
        auto s = by_slice("lost");
        if (encoded("lost", false) && s[1].size() == 1 &&
            s[1][0].meta.obj_version == head0.headers.get(api::hdr::kVersion) &&
            s[1][0].meta.custom.count("color"))
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(by_slice("lost")[1].size(), 1u);
    ASSERT_EQ(by_slice("lost")[1][0].meta.obj_version, head0.headers.get(api::hdr::kVersion));

    // Lost on disk, and two of the four slices with it: any D of D+P do.
    ASSERT_TRUE(fsys::remove(main_file("lost")));
    auto s = by_slice("lost");
    for (int id : {1, 3}) {
        fsys::remove(s[id][0].piece_path);
        fsys::remove(s[id][0].meta_path);
    }
    auto r = get("lost", "e");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, data);
    EXPECT_FALSE(main_file("lost").empty()) << "restored in place";
    auto head = call(owner("e", "lost"), "HEAD", "e", "lost", {}, {}, false);
    EXPECT_EQ(head.headers.get(api::hdr::kVersion), head0.headers.get(api::hdr::kVersion));
    EXPECT_EQ(head.headers.get(api::hdr::kChecksumValue), head0.headers.get(api::hdr::kChecksumValue));
    std::set<std::string> custom;
    for (auto v : head.headers.get_all(api::hdr::kCustomMd)) custom.insert(std::string(v));
    EXPECT_TRUE(custom.count("color=blue")) << custom.size();
    // The two lost slices come back, of the same generation.
    ASSERT_TRUE(encoded("lost", false));

    // HEAD restores too.
    ASSERT_TRUE(fsys::remove(main_file("lost")));
    head = call(owner("e", "lost"), "HEAD", "e", "lost", {}, {}, false);
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.headers.get(api::hdr::kVersion), head0.headers.get(api::hdr::kVersion));
    EXPECT_EQ(read_file(main_file("lost")), data);
}

TEST_F(TargetEc, ACorruptedSliceIsNotUsed) {
    const std::string data = random_bytes(200'000, 4);
    ASSERT_EQ(put("rot", data, "e").status, 200);
    ASSERT_TRUE(encoded("rot", false));
    ASSERT_TRUE(fsys::remove(main_file("rot")));
    auto s = by_slice("rot");
    {
        std::fstream f(s[1][0].piece_path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(100);
        f.put('!');
    }
    auto r = get("rot", "e");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, data);
}

TEST_F(TargetEc, TooFewSlicesIs404WithTheReason) {
    const std::string data = random_bytes(100'000, 5);
    ASSERT_EQ(put("gone", data, "e").status, 200);
    ASSERT_TRUE(encoded("gone", false));
    ASSERT_TRUE(fsys::remove(main_file("gone")));
    auto s = by_slice("gone");
    for (int id : {1, 2, 4}) {
        fsys::remove(s[id][0].piece_path);
        fsys::remove(s[id][0].meta_path);
    }
    auto r = get("gone", "e");
    EXPECT_EQ(r.status, 404);
    EXPECT_NE(r.body.find("found 1 of the 2 slices needed"), std::string::npos) << r.body;
}

TEST_F(TargetEc, ReplicaRestoresASmallObject) {
    const std::string data = random_bytes(300, 6);
    ASSERT_EQ(put("tiny", data, "e").status, 200);
    ASSERT_TRUE(encoded("tiny", true));
    ASSERT_TRUE(fsys::remove(main_file("tiny")));
    auto s = by_slice("tiny");
    fsys::remove(s[0][0].piece_path);  // one of the two replicas too
    fsys::remove(s[0][0].meta_path);
    auto r = get("tiny", "e");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, data);
    EXPECT_TRUE(encoded("tiny", true)) << "the lost replica comes back";
}

TEST_F(TargetEc, DeleteRemovesEveryPieceAndOverwriteReencodes) {
    const std::string v1 = random_bytes(500'000, 7), v2 = random_bytes(400'000, 8);
    ASSERT_EQ(put("ow", v1, "e").status, 200);
    ASSERT_TRUE(encoded("ow", false));
    const int64_t g1 = by_slice("ow")[1][0].meta.generation;
    ASSERT_EQ(put("ow", v2, "e").status, 200);
    auto s = by_slice("ow");
    for (int i = 0; i < 200; ++i, s = by_slice("ow")) {
        if (encoded("ow", false) && (s = by_slice("ow"))[1].size() == 1 && s[1][0].meta.generation != g1)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(s[1].size(), 1u);
    EXPECT_GT(s[1][0].meta.generation, g1);
    EXPECT_EQ(s[1][0].meta.size, 400'000);
    // Restoring gives the new bytes.
    ASSERT_TRUE(fsys::remove(main_file("ow")));
    EXPECT_EQ(get("ow", "e").body, v2);

    // An older generation sent late is not taken.
    auto old = s[1][0];
    ec::Meta m = old.meta;
    m.generation = g1;
    net::Headers h;
    h.add(api::hdr::kCallerId, nodes[0]->env->id());
    h.add("Ais-Ec-Meta", ec::to_json(m));
    auto r = ec_call(*nodes[static_cast<size_t>(old.node)], "PUT", "ow", read_file(old.piece_path), h);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers.get("Ais-Ec-Kept"), "newer");
    EXPECT_EQ(ec::meta_from_json(read_file(old.meta_path)).generation, s[1][0].meta.generation);

    ASSERT_EQ(call(owner("e", "ow"), "DELETE", "e", "ow").status, 200);
    EXPECT_TRUE(pieces("ow").empty()) << pieces("ow").size() << " metafiles left";
    EXPECT_EQ(get("ow", "e").status, 404);
    // A DELETE of an object lost on disk removes its pieces (and succeeds).
    ASSERT_EQ(put("ow2", v1, "e").status, 200);
    ASSERT_TRUE(encoded("ow2", false));
    ASSERT_TRUE(fsys::remove(main_file("ow2")));
    EXPECT_EQ(call(owner("e", "ow2"), "DELETE", "e", "ow2").status, 200);
    EXPECT_TRUE(pieces("ow2").empty());
}

TEST_F(TargetEc, TheEcEndpointIsForTargetsOnly) {
    auto r = ec_call(*nodes[1], "GET", "x", {}, {}, "what=meta");
    EXPECT_EQ(r.status, 403) << r.body;
    net::Headers h;
    h.add(api::hdr::kCallerId, "someone");
    EXPECT_EQ(ec_call(*nodes[1], "GET", "x", {}, h, "what=meta").status, 409);
    net::Headers t;
    t.add(api::hdr::kCallerId, nodes[0]->env->id());
    EXPECT_EQ(ec_call(*nodes[1], "GET", "x", {}, t, "what=meta").status, 404);
    // A piece whose bytes do not match its metadata is refused.
    ec::Meta m;
    m.size = 10;
    m.data = kD;
    m.parity = kP;
    m.is_copy = true;
    m.cksum_type = CksumType::xxhash;
    m.obj_cksum = "0000000000000000";
    m.generation = 1;
    t.add("Ais-Ec-Meta", ec::to_json(m));
    r = ec_call(*nodes[1], "PUT", "x", "0123456789", t);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("BadDigest"), std::string::npos) << r.body;
    EXPECT_TRUE(pieces("x").empty());
}

TEST_F(TargetEc, EcEncodeJobEncodesExistingObjectsAndReportsAnEio) {
    // Objects written before EC was on.
    auto bmd = std::make_shared<api::BMD>(*nodes[0]->env->meta.bmd());
    bmd->find(api::Bck{"e", "ais", {}})->ec.enabled = false;
    bmd->version++;
    for (auto& n : nodes) n->env->meta.put_bmd(bmd);
    std::map<std::string, std::string> objs;
    for (int i = 0; i < 12; ++i) {
        objs["pre" + std::to_string(i)] = random_bytes(i % 2 ? 70'000 : 500, 100 + static_cast<uint64_t>(i));
        ASSERT_EQ(put("pre" + std::to_string(i), objs["pre" + std::to_string(i)], "e").status, 200);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    for (const auto& [name, data] : objs) EXPECT_TRUE(pieces(name).empty());
    bmd = std::make_shared<api::BMD>(*bmd);
    bmd->find(api::Bck{"e", "ais", {}})->ec.enabled = true;
    bmd->version++;
    for (auto& n : nodes) n->env->meta.put_bmd(bmd);

    // Every write on one target's mountpaths fails with EIO (its PUTs as well: none are made now).
    fs::FaultEnv fenv;
    fs::ScopedEnv scoped(fenv);
    const std::string bad = (root / "t2").string() + "/";
    fenv.inject({.op = fs::FaultEnv::Op::write, .err = EIO, .path_contains = bad, .times = -1});
    std::string errs = ec_encode();
    bool hit = false;  // some object has a piece to put on that target
    for (const auto& [name, data] : objs) {
        auto ord = order(name);
        const int need = data.size() < kLimit ? kP + 1 : kD + kP + 1;
        for (int i = 1; i < need; ++i) hit = hit || ord[static_cast<size_t>(i)] == 2;
    }
    ASSERT_TRUE(hit);
    EXPECT_NE(errs.find("erasure coding"), std::string::npos) << errs;
    EXPECT_NE(errs.find("Input/output error"), std::string::npos) << errs;
    // Nothing lost: every object reads back, and the ones not touching that mountpath are encoded.
    for (const auto& [name, data] : objs) {
        auto r = get(name, "e");
        ASSERT_EQ(r.status, 200) << name << ": " << r.body;
        EXPECT_EQ(r.body, data);
    }
    fenv.clear_faults();
    errs = ec_encode();  // again, without the fault: everything gets its pieces
    EXPECT_EQ(errs, "");
    for (const auto& [name, data] : objs) EXPECT_TRUE(encoded(name, data.size() < kLimit)) << name;
}

TEST_F(TargetEc, ACorruptedObjectIsRebuiltFromItsSlicesWhenGetsValidate) {
    auto bmd = std::make_shared<api::BMD>(*nodes[0]->env->meta.bmd());
    bmd->find(api::Bck{"e", "ais", {}})->checksum.validate_warm_get = true;
    bmd->version++;
    for (auto& n : nodes) n->env->meta.put_bmd(bmd);
    const std::string data = random_bytes(700'000, 9);
    ASSERT_EQ(put("flip", data, "e").status, 200);
    ASSERT_TRUE(encoded("flip", false));
    {
        std::fstream f(main_file("flip"), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(12345);
        f.put(static_cast<char>(data[12345] ^ 0x40));
    }
    auto r = get("flip", "e");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, data);
    EXPECT_EQ(read_file(main_file("flip")), data) << "rebuilt in place";
}
