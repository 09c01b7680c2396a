// Erasure coding when targets die (it_heavy): 5 targets, EC 2+2, objects of 0-4 MiB; two targets
// killed -9 -> every object reads back byte-identical through the proxy; restarted -> every object
// has all its D+P pieces again; a main replica deleted on disk -> GET restores it in place.
#include "tests/integration/ec_common.hpp"

#include <iostream>

using namespace ais;
using namespace ais::test::ec;
using ais::test::LocalCluster;

namespace {

// The number of objects of EcKill (the issue asks 2,000: AIS_EC_OBJECTS=2000 runs that many).
constexpr int kKillObjects = 240;

}  // namespace

TEST(EcKill, TwoTargetsKilledEveryObjectReadsBackAndComesBackWhole) {
    int n = kKillObjects;
    if (const char* e = std::getenv("AIS_EC_OBJECTS")) n = std::atoi(e);
    LocalCluster cl(
        {.targets = 5, .mountpaths = 2, .cluster_toml = "[keepalivetracker.target]\ninterval = \"1s\"\n"});
    auto& c = cl.client();
    c.create_bucket(bck("ec"));
    c.set_bprops(bck("ec"), R"({"ec":{"enabled":true,"data_slices":2,"parity_slices":2}})");
    const int64_t limit = c.head_bucket(bck("ec")).ec.objsize_limit;

    std::map<std::string, std::string> objs;
    std::map<std::string, size_t> sizes;
    std::mt19937_64 rng(42);
    for (int i = 0; i < n; ++i) {
        const std::string name = "obj/" + std::to_string(i);
        const size_t size = i == 0 ? 0 : static_cast<size_t>(rng() % (4 * 1024 * 1024 + 1));
        objs[name] = bytes(size, static_cast<uint64_t>(i) + 1);
        sizes[name] = size;
    }
    const auto t0 = std::chrono::steady_clock::now();
    put_all(cl, bck("ec"), objs);
    std::string last;
    ASSERT_TRUE(wait_complete(cl, "ec", sizes, 2, 2, limit, 300s, &last)) << last;
    const auto t1 = std::chrono::steady_clock::now();
    std::cout << "[ EC ] " << n << " objects PUT and encoded in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count() << " ms" << std::endl;

    // Two targets killed -9; once the cluster has dropped them, every object reads back.
    auto before = c.get_smap();
    cl.kill_target(0);
    cl.kill_target(1);
    for (auto deadline = std::chrono::steady_clock::now() + 30s;;) {
        auto s = c.get_smap();
        if (s.tmap.size() == 3) break;
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the killed targets are still in the Smap";
        std::this_thread::sleep_for(200ms);
    }
    auto bad = read_all(cl, bck("ec"), objs);
    EXPECT_TRUE(bad.empty()) << bad.size() << " objects not read back, e.g. " << bad.front();
    const auto t2 = std::chrono::steady_clock::now();
    std::cout << "[ EC ] every object read with 2 of 5 targets down in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(t2 - t1).count() << " ms" << std::endl;

    // Back: every object has all its pieces again, and still reads back.
    // (start_target waits until the whole cluster is up: both at once)
    std::string err;
    std::thread other([&] {
        try {
            cl.start_target(0);
        } catch (const std::exception& e) {
            err = e.what();
        }
    });
    cl.start_target(1);
    other.join();
    ASSERT_EQ(err, "");
    wait_rebalance(c);
    EXPECT_TRUE(wait_complete(cl, "ec", sizes, 2, 2, limit, 120s, &last)) << last;
    bad = read_all(cl, bck("ec"), objs);
    EXPECT_TRUE(bad.empty()) << bad.size() << " objects not read back, e.g. " << bad.front();

    // A main replica removed on disk: GET restores it in place.
    auto smap = c.get_smap();
    int restored = 0;
    for (const auto& [name, data] : objs) {
        if (restored == 10) break;
        if (data.size() < 100'000) continue;
        const std::string f = main_file(cl, smap, "ec", name);
        ASSERT_FALSE(f.empty()) << name;
        fsys::remove(f);
        EXPECT_EQ(c.get_object(bck("ec"), name).body, data);
        EXPECT_EQ(slurp(main_file(cl, smap, "ec", name)), data);
        ++restored;
    }
    EXPECT_EQ(restored, 10);
}
