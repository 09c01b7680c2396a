// Durability through the fault-injecting filesystem (aisnode/fs/fault_env.hpp): every write point
// of the object writer and the metadata writer failing, running out of space mid-stream, and a
// simulated crash that drops whatever was not synced. No root, tmpfs or kill -9 needed.
#include "aisnode/fs/fault_env.hpp"
#include "aisnode/fs/file.hpp"
#include "tests/unit/target/harness.hpp"

using namespace ais;
using namespace ais::test;
using Op = fs::FaultEnv::Op;

namespace {

class TargetFaults : public TargetHttp {
  protected:
    fs::FaultEnv fenv;
    std::unique_ptr<fs::ScopedEnv> scoped;

    void SetUp() override {
        TargetHttp::SetUp();
        cfg.durability.fsync_data = true;  // the real write path, syncs included
        cfg.durability.fsync_dir = true;
        scoped = std::make_unique<fs::ScopedEnv>(fenv);
    }
    void TearDown() override {
        nodes.clear();
        scoped.reset();
        TargetHttp::TearDown();
    }
    // Object files of bucket "b" (any mountpath), and work files.
    size_t objects() {
        size_t k = 0;
        for (const auto& mp : nodes[0]->mpaths) k += count_files(mp + "/@ais/b/%ob");
        return k;
    }
};

}  // namespace

TEST_F(TargetFaults, OutOfSpaceAtEveryWritePointIs507AndLeavesNothing) {
    start(1, 2);
    const std::string old_data = random_bytes(300 << 10, 1);
    ASSERT_EQ(put("obj", old_data).status, 200);
    const std::string new_data = random_bytes(2 << 20, 2);

    // Each step of the commit failing with ENOSPC, and the disk filling after N bytes.
    struct Point {
        std::string what;
        std::function<void()> arm;
    };
    std::vector<Point> points = {
        {"create work file", [&] { fenv.inject({.op = Op::open, .err = ENOSPC, .path_contains = "%wk"}); }},
        {"first write", [&] { fenv.inject({.op = Op::write, .err = ENOSPC}); }},
        {"a later write", [&] { fenv.inject({.op = Op::write, .err = ENOSPC, .skip = 1}); }},
        {"fdatasync", [&] { fenv.inject({.op = Op::fdatasync, .err = ENOSPC}); }},
        {"metadata xattr", [&] { fenv.inject({.op = Op::setxattr, .err = ENOSPC}); }},
        {"rename", [&] { fenv.inject({.op = Op::rename, .err = ENOSPC}); }},
        {"disk full at 0 bytes", [&] { fenv.limit_space(0); }},
        {"disk full mid-write", [&] { fenv.limit_space(1 << 20); }},
        {"disk full one byte short", [&] { fenv.limit_space((2 << 20) - 1); }},
    };
    for (const auto& p : points) {
        p.arm();
        auto r = put("obj", new_data);
        fenv.clear_faults();
        EXPECT_EQ(r.status, 507) << p.what << ": " << r.body;
        EXPECT_NE(r.body.find("ais://b/obj"), std::string::npos) << p.what << ": " << r.body;
        // Nothing partial: the previous version is whole, no work file is left.
        auto g = get("obj");
        EXPECT_EQ(g.status, 200) << p.what;
        EXPECT_TRUE(g.body == old_data) << p.what << ": the object changed";
        EXPECT_EQ(work_files(*nodes[0]), 0u) << p.what;
        EXPECT_EQ(objects(), 1u) << p.what;
    }
    // A new name that does not fit leaves no object at all.
    fenv.limit_space(4096);
    auto r = put("new-one", new_data);
    fenv.clear_faults();
    EXPECT_EQ(r.status, 507) << r.body;
    EXPECT_EQ(get("new-one").status, 404);
    EXPECT_EQ(work_files(*nodes[0]), 0u);
    // Space is back: PUTs work again.
    EXPECT_EQ(put("new-one", new_data).status, 200);
    EXPECT_TRUE(get("new-one").body == new_data);
}

TEST_F(TargetFaults, FailedFsyncIs5xxAndNoObject) {
    start(1, 2);
    fenv.inject({.op = Op::fdatasync, .err = EIO});
    auto r = put("synced", random_bytes(64 << 10, 3));
    EXPECT_EQ(r.status, 500) << r.body;
    EXPECT_NE(r.body.find("fdatasync"), std::string::npos) << r.body;
    EXPECT_EQ(get("synced").status, 404);
    EXPECT_EQ(work_files(*nodes[0]), 0u);
    EXPECT_EQ(fenv.calls(Op::fdatasync), 1);
    // The next one goes through, and is synced.
    EXPECT_EQ(put("synced", "ok").status, 200);
    EXPECT_EQ(fenv.calls(Op::fdatasync), 2);
}

TEST_F(TargetFaults, CrashAfterAcknowledgedPutLosesNothing) {
    start(1, 2);
    std::map<std::string, std::string> acked;
    for (int i = 0; i < 20; ++i) {
        std::string name = "dir" + std::to_string(i % 3) + "/obj" + std::to_string(i);
        std::string data = random_bytes(static_cast<size_t>(i) * 7000 + 1, static_cast<uint64_t>(i));
        ASSERT_EQ(put(name, data).status, 200);
        acked[name] = data;
    }
    nodes.clear();  // the process dies...
    fenv.crash();   // ...and so does the machine: unsynced data is gone
    start(1, 2);
    for (const auto& [name, data] : acked) {
        auto g = get(name);
        ASSERT_EQ(g.status, 200) << name;
        EXPECT_TRUE(g.body == data) << name;
        auto h = call(owner("b", name), "HEAD", "b", name, {}, {}, false);
        EXPECT_FALSE(h.headers.get(api::hdr::kChecksumValue).empty()) << name << ": metadata lost";
    }
}

// The same crash without syncs loses data: the test above can fail, and the crash model bites.
TEST_F(TargetFaults, CrashWithoutSyncLosesUnsyncedObjects) {
    cfg.durability.fsync_data = false;
    cfg.durability.fsync_dir = false;
    start(1, 2);
    ASSERT_EQ(put("unsynced", random_bytes(10000, 5)).status, 200);
    nodes.clear();
    fenv.crash();
    start(1, 2);
    EXPECT_EQ(get("unsynced").status, 404);
}

// A bundle from a peer (rebalance) is made durable with one syncfs per mountpath before and after
// the renames, not two fsyncs per object; a failed sync fails the objects of its mountpath and
// leaves none of them; what was acknowledged survives a crash.
TEST_F(TargetFaults, BundleIsSyncedOncePerMountpathAndAFailedSyncTakesNothing) {
    start(2, 1);
    Node& to = *nodes[0];
    Node& from = *nodes[1];
    std::vector<BundleObj> objs;
    std::map<std::string, std::string> want;
    for (int i = 0; i < 30; ++i) {
        std::string name = "reb/obj-" + std::to_string(i);
        std::string data = random_bytes(static_cast<size_t>(i) * 1000 + 1, static_cast<uint64_t>(i) + 7);
        objs.push_back(bundle_obj("b", name, data, 10 + i));
        want[name] = data;
    }
    fenv.inject({.op = Op::syncfs, .err = EIO});
    auto res = send_bundle(to, from, objs);
    ASSERT_EQ(res.size(), objs.size());
    for (const auto& r : res) {
        EXPECT_EQ(r.status, 500) << r.error;
        EXPECT_NE(r.error.find("syncfs"), std::string::npos) << r.error;
    }
    EXPECT_EQ(objects(), 0u);
    EXPECT_EQ(work_files(to), 0u);

    const int data_syncs = fenv.calls(Op::fdatasync), syncs = fenv.calls(Op::syncfs);
    res = send_bundle(to, from, objs);  // the sender tries again
    for (const auto& r : res) EXPECT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(fenv.calls(Op::syncfs) - syncs, 2);  // one mountpath: before and after the renames
    EXPECT_EQ(fenv.calls(Op::fdatasync) - data_syncs, 0);
    nodes.clear();
    fenv.crash();
    start(2, 1);
    for (const auto& [name, data] : want) {
        auto g = call(*nodes[0], "GET", "b", name, {}, {}, true);
        ASSERT_EQ(g.status, 200) << name;
        EXPECT_TRUE(g.body == data) << name;
    }
}

TEST_F(TargetFaults, MetadataWriteIsAtomic) {
    const std::string path = root.string() + "/smap.json";
    fs::atomic_write(path, "version 1");
    fenv.inject({.op = Op::fsync, .err = EIO, .path_contains = ".tmp"});
    EXPECT_THROW(fs::atomic_write(path, "version 2"), fs::FsError);
    EXPECT_EQ(read_file(path), "version 1");
    fenv.inject({.op = Op::write, .err = ENOSPC});
    EXPECT_THROW(fs::atomic_write(path, "version 3"), fs::FsError);
    fenv.inject({.op = Op::rename, .err = EIO});
    EXPECT_THROW(fs::atomic_write(path, "version 4"), fs::FsError);
    EXPECT_EQ(read_file(path), "version 1");
    size_t leftovers = 0;
    for (const auto& e : fsys::directory_iterator(root))
        if (e.path().filename().string().find(".tmp") != std::string::npos) ++leftovers;
    EXPECT_EQ(leftovers, 0u);
    fs::atomic_write(path, "version 5");
    fenv.crash();
    EXPECT_EQ(read_file(path), "version 5");  // synced file and directory: survives
}
