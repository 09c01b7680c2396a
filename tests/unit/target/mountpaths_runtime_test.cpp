// fs::Mountpaths at runtime: attach/disable/enable/detach state transitions, bad input, the
// drained step a resilver ends with, stable ids, snapshots that stay valid, and persistence.
#include "aisnode/fs/mountpaths.hpp"
#include "shared/util/errors.hpp"
#include "shared/util/hrw.hpp"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace fsys = std::filesystem;
using ais::fs::Mountpaths;

namespace {

struct TempDir {
    fsys::path path;
    TempDir() {
        char tmpl[] = "/tmp/ut_mpaths_XXXXXX";
        path = ::mkdtemp(tmpl);
    }
    ~TempDir() { fsys::remove_all(path); }
    std::string operator/(const std::string& s) const { return (path / s).string(); }
};

std::vector<std::string> paths(const std::vector<const ais::fs::Mountpath*>& v) {
    std::vector<std::string> out;
    for (auto* m : v) out.push_back(m->path);
    return out;
}

int status_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const ais::Error& e) {
        return e.status();
    }
    return 0;
}

}  // namespace

TEST(MountpathsRuntime, AttachDisableEnableDetach) {
    TempDir t;
    const std::string a = t / "a", b = t / "b", c = t / "c";
    fsys::create_directories(c);
    Mountpaths m;
    m.init({a, b}, t / "state.json");
    EXPECT_FALSE(fsys::exists(t / "state.json")) << "nothing persisted until something changes";
    const ais::fs::MpathSet& v1 = m.snap();
    const uint32_t id_b = m.at(1).id;

    EXPECT_TRUE(m.attach(c));
    EXPECT_EQ(paths(m.snap().avail), (std::vector<std::string>{a, b, c}));
    EXPECT_EQ(m.to_json(), "{\"available\":[\"" + a + "\",\"" + b + "\",\"" + c +
                               "\"],\"waiting_dd\":[],\"disabled\":[]}");
    EXPECT_EQ(paths(v1.avail), (std::vector<std::string>{a, b}))
        << "an old snapshot stays valid and unchanged";

    // Disable: no longer an HRW candidate but still readable until drained.
    EXPECT_TRUE(m.disable(b));
    EXPECT_FALSE(m.disable(b)) << "already being disabled";
    const int64_t v = m.snap().version;
    EXPECT_EQ(paths(m.snap().avail), (std::vector<std::string>{a, c}));
    EXPECT_EQ(paths(m.snap().readable()), (std::vector<std::string>{a, c, b}));
    for (int i = 0; i < 500; ++i) EXPECT_NE(m.hrw_index("ais/@#/x/o" + std::to_string(i)), id_b);
    EXPECT_TRUE(m.drained(v));
    EXPECT_EQ(paths(m.snap().disabled), std::vector<std::string>{b});
    EXPECT_TRUE(m.snap().waiting.empty());
    EXPECT_FALSE(m.drained(v)) << "once";

    EXPECT_TRUE(m.enable(b));
    EXPECT_FALSE(m.enable(b));
    EXPECT_EQ(m.at(id_b).path, b) << "ids are stable";
    EXPECT_TRUE(m.snap().is_avail(id_b));

    // Detach: waiting, then forgotten; the directory stays.
    EXPECT_TRUE(m.detach(c));
    EXPECT_EQ(m.snap().waiting.size(), 1u);
    EXPECT_TRUE(m.snap().waiting[0].detach);
    EXPECT_TRUE(m.drained(m.snap().version));
    EXPECT_EQ(paths(m.snap().readable()), (std::vector<std::string>{a, b}));
    EXPECT_TRUE(fsys::is_directory(c));
    // Re-attach gets the same id back.
    const uint32_t id_c = 2;
    EXPECT_EQ(m.at(id_c).path, c);
    EXPECT_TRUE(m.attach(c));
    EXPECT_TRUE(m.snap().is_avail(id_c));

    // A newer change before the resilver ends: the old version's drain does nothing for c.
    EXPECT_TRUE(m.disable(c));
    const int64_t old = m.snap().version;
    EXPECT_TRUE(m.enable(c));
    EXPECT_FALSE(m.drained(old));
    EXPECT_TRUE(m.snap().is_avail(id_c));
}

TEST(MountpathsRuntime, BadInputThrowsAndChangesNothing) {
    TempDir t;
    const std::string a = t / "a", b = t / "b";
    Mountpaths m;
    m.init({a, b}, t / "state.json");
    std::ofstream(t / "file") << "x";
    fsys::create_directories(a + "/sub");
    const std::string before = m.to_json();
    const int64_t v = m.snap().version;
    EXPECT_EQ(status_of([&] { m.attach(t / "missing"); }), 400);
    EXPECT_EQ(status_of([&] { m.attach(t / "file"); }), 400);
    EXPECT_EQ(status_of([&] { m.attach(a + "/sub"); }), 400);       // inside a
    EXPECT_EQ(status_of([&] { m.attach(t.path.string()); }), 400);  // contains a and b
    EXPECT_EQ(status_of([&] { m.attach(a); }), 400);
    EXPECT_EQ(status_of([&] { m.attach(a + "/sub/.."); }), 400);  // = a
    EXPECT_EQ(status_of([&] { m.attach("rel"); }), 400);
    EXPECT_EQ(status_of([&] { m.attach("/"); }), 400);
    EXPECT_EQ(status_of([&] { m.detach(t / "missing"); }), 404);
    EXPECT_EQ(status_of([&] { m.disable(t / "missing"); }), 404);
    EXPECT_EQ(status_of([&] { m.enable(t / "missing"); }), 404);
    EXPECT_EQ(m.to_json(), before);
    EXPECT_EQ(m.snap().version, v);
    EXPECT_FALSE(fsys::exists(t / "state.json"));

    // The last available one stays.
    EXPECT_TRUE(m.disable(b));
    EXPECT_EQ(status_of([&] { m.disable(a); }), 400);
    EXPECT_EQ(status_of([&] { m.detach(a); }), 400);
    EXPECT_EQ(paths(m.snap().avail), std::vector<std::string>{a});
    // A disabled one cannot be attached again (enable it).
    EXPECT_EQ(status_of([&] { m.attach(b); }), 400);
}

TEST(MountpathsRuntime, PersistedSetOverridesTheConfigAndResumesWaiting) {
    TempDir t;
    const std::string a = t / "a", b = t / "b", c = t / "c";
    fsys::create_directories(c);
    {
        Mountpaths m;
        m.init({a, b}, t / "state.json");
        m.attach(c);
        m.disable(a);
        m.drained(m.snap().version);
        m.detach(b);  // waiting: a restart must still read it and resilver
    }
    ASSERT_TRUE(fsys::exists(t / "state.json"));
    Mountpaths m;
    m.init({a, b}, t / "state.json");  // the config's list is overridden
    EXPECT_EQ(paths(m.snap().avail), std::vector<std::string>{c});
    EXPECT_EQ(paths(m.snap().disabled), std::vector<std::string>{a});
    ASSERT_EQ(m.snap().waiting.size(), 1u);
    EXPECT_EQ(m.snap().waiting[0].mp->path, b);
    EXPECT_TRUE(m.snap().waiting[0].detach);

    std::ofstream(t / "bad.json") << "{not json";
    Mountpaths bad;
    EXPECT_THROW(bad.init({a}, t / "bad.json"), std::runtime_error);
}

TEST(MountpathsRuntime, ReadersNeverSeeATornSet) {
    TempDir t;
    const std::string a = t / "a", b = t / "b";
    Mountpaths m;
    m.init({a, b});
    std::atomic<bool> stop{false};
    std::atomic<int> bad{0};
    std::thread reader([&] {
        for (int i = 0; !stop; ++i) {
            const auto& s = m.snap();
            if (s.avail.empty() || s.avail.size() != s.digests.size()) ++bad;
            const auto& mp = m.at(m.hrw_index("ais/@#/b/o" + std::to_string(i)));
            if (mp.path != a && mp.path != b) ++bad;
        }
    });
    for (int i = 0; i < 300; ++i) {
        m.disable(b);
        m.enable(b);
    }
    stop = true;
    reader.join();
    EXPECT_EQ(bad.load(), 0);
}
