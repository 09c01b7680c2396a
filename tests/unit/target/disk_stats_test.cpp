// Disk statistics of a target (aisnode/target/disk_stats.hpp): parsing /proc/diskstats text of old
// and new kernels, the rates AIS computes from two samples, the sampler's window, mapping a
// mountpath to its disks through a fake sysfs and mountinfo, and the JSON the Go CLI decodes.
#include "aisnode/target/disk_stats.hpp"
#include "shared/api/codec.hpp"
#include "shared/api/disk.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace fsys = std::filesystem;
using namespace ais;
using namespace ais::node;

namespace {

constexpr int64_t kSec = 1'000'000'000;

// A 5.x kernel (20 fields: discards and flushes), a 4.x one (14 fields), a partition, junk.
constexpr char kDiskstats[] =
    "   8       0 sda 1000 10 20000 500 2000 20 40000 900 0 1500 1400 0 0 0 0 0 0 0\n"
    "   8       1 sda1 900 10 18000 450 1900 20 38000 850 0 1400 1300 0 0 0 0\n"
    " 259       0 nvme0n1 4 0 8 1 0 0 0 0 0\n"  // too short (12 fields): skipped
    "   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0\n"
    " 254       0 vda 636375 45145 20968474 2534472 14220254 1390134 672563448 5943733 0 1659340 9566846\n"
    "garbage line\n"
    "   8      16 sdb x 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

TEST(DiskStats, ParsesOldAndNewKernelFormatsAndSkipsJunk) {
    const DiskCounters c = parse_diskstats(kDiskstats);
    ASSERT_EQ(c.size(), 4u) << "sda, sda1, loop0, vda";
    const auto& sda = c.at("sda");
    EXPECT_EQ(sda.reads, 1000u);
    EXPECT_EQ(sda.read_sectors, 20000u);
    EXPECT_EQ(sda.writes, 2000u);
    EXPECT_EQ(sda.write_sectors, 40000u);
    EXPECT_EQ(sda.io_ms, 1500u);
    EXPECT_EQ(c.at("vda").write_sectors, 672563448u);
    EXPECT_EQ(c.at("vda").io_ms, 1659340u);
    EXPECT_TRUE(c.count("sda1"));
    EXPECT_TRUE(c.count("loop0"));
    EXPECT_FALSE(c.count("nvme0n1"));
    EXPECT_FALSE(c.count("sdb")) << "non-numeric counters";
    EXPECT_TRUE(parse_diskstats("").empty());
}

TEST(DiskStats, RatesAsAisComputesThem) {
    BlockCounters a{.reads = 100, .read_sectors = 2000, .writes = 10, .write_sectors = 800, .io_ms = 1000};
    // 2 s later: 50 reads of 8 KiB, 20 writes of 64 KiB, busy 500 ms
    BlockCounters b = a;
    b.reads += 50;
    b.read_sectors += 50 * 16;
    b.writes += 20;
    b.write_sectors += 20 * 128;
    b.io_ms += 500;
    const api::DiskStat s = disk_rates(a, b, 2 * kSec);
    EXPECT_EQ(s.rbps, 50 * 8192 / 2);
    EXPECT_EQ(s.ravg, 8192);
    EXPECT_EQ(s.wbps, 20 * 65536 / 2);
    EXPECT_EQ(s.wavg, 65536);
    EXPECT_EQ(s.util, 25);

    // Busier than the interval (queued I/O accounting): capped at 100%.
    b.io_ms = a.io_ms + 5000;
    EXPECT_EQ(disk_rates(a, b, 2 * kSec).util, 100);
    // No requests: zero averages, not a division by zero.
    EXPECT_EQ(disk_rates(a, a, kSec).ravg, 0);
    EXPECT_EQ(disk_rates(a, a, kSec).util, 0);
    // Counters that went backwards (device re-created) count as no traffic.
    const api::DiskStat back = disk_rates(b, a, kSec);
    EXPECT_EQ(back.rbps, 0);
    EXPECT_EQ(back.wbps, 0);
    EXPECT_EQ(back.util, 0);
    // No time passed: nothing to say.
    EXPECT_EQ(disk_rates(a, b, 0).rbps, 0);
}

TEST(DiskStats, SamplerWindowMovesOnlyAfterTheMinimumInterval) {
    DiskSampler s(kSec);
    DiskCounters c0{
        {"sda", BlockCounters{.reads = 0, .read_sectors = 0, .writes = 0, .write_sectors = 0, .io_ms = 0}}};
    auto r = s.update(10 * kSec, c0);
    EXPECT_EQ(r.at("sda").rbps, 0) << "first sample: nothing to compare with";

    // Before a full window exists: rates over the short time that passed.
    DiskCounters c1 = c0;
    c1["sda"].read_sectors = 1024;  // 512 KiB
    c1["sda"].reads = 4;
    r = s.update(10 * kSec + kSec / 2, c1);
    EXPECT_EQ(r.at("sda").rbps, 1024 * 1024) << "512 KiB in 0.5 s";

    // A full window: 1 MiB read over 2 s.
    DiskCounters c2 = c0;
    c2["sda"].read_sectors = 2048;
    c2["sda"].reads = 8;
    c2["sdb"] = BlockCounters{.reads = 5};  // appeared meanwhile
    r = s.update(12 * kSec, c2);
    EXPECT_EQ(r.at("sda").rbps, 512 * 1024);
    EXPECT_EQ(r.at("sda").ravg, 128 * 1024);
    EXPECT_EQ(r.at("sdb").rbps, 0) << "not in the baseline";

    // Asked again right away: the window just measured, not a 10 ms one.
    DiskCounters c3 = c2;
    c3["sda"].read_sectors += 1'000'000;
    r = s.update(12 * kSec + 10'000'000, c3);
    EXPECT_EQ(r.at("sda").rbps, 512 * 1024);

    // Later: the new window is measured from the last baseline (t = 12 s).
    r = s.update(14 * kSec, c3);
    EXPECT_EQ(r.at("sda").rbps, 1'000'000LL * 512 / 2);
}

TEST(DiskStats, SamplerReadsProcFormatFromAFile) {
    char tmpl[] = "/tmp/ut_diskstats_XXXXXX";
    const fsys::path dir = ::mkdtemp(tmpl);
    const std::string f = (dir / "diskstats").string();
    std::ofstream(f) << "   8       0 sda 10 0 80 1 0 0 0 0 0 1 1\n";
    DiskSampler s(kSec);
    std::map<std::string, api::DiskStat> r;
    EXPECT_TRUE(s.refresh(kSec, &r, f));
    std::ofstream(f) << "   8       0 sda 20 0 2128 1 0 0 0 0 0 501 1\n";
    EXPECT_TRUE(s.refresh(2 * kSec, &r, f));
    EXPECT_EQ(r.at("sda").rbps, 2048 * 512);
    EXPECT_EQ(r.at("sda").util, 50);
    EXPECT_FALSE(s.refresh(3 * kSec, &r, (dir / "missing").string()));
    fsys::remove_all(dir);
}

// A fake /sys: sda1 a partition of sda, dm-0 (LVM) over sdb2 and sdc, loop0 a virtual device.
struct FakeSys {
    fsys::path root;
    FakeSys() {
        char tmpl[] = "/tmp/ut_sysfs_XXXXXX";
        root = ::mkdtemp(tmpl);
        dev("pci0/block/sda");
        dev("pci0/block/sda/sda1", true);
        dev("pci0/block/sdb");
        dev("pci0/block/sdb/sdb2", true);
        dev("pci0/block/sdc");
        dev("virtual/block/dm-0");
        dev("virtual/block/loop0");
        fsys::create_directories(root / "devices/virtual/block/dm-0/slaves");
        fsys::create_directory_symlink("../../../../pci0/block/sdb/sdb2",
                                       root / "devices/virtual/block/dm-0/slaves/sdb2");
        fsys::create_directory_symlink("../../../../pci0/block/sdc",
                                       root / "devices/virtual/block/dm-0/slaves/sdc");
    }
    ~FakeSys() { fsys::remove_all(root); }
    void dev(const std::string& rel, bool partition = false) {
        fsys::create_directories(root / "devices" / rel);
        if (partition) std::ofstream(root / "devices" / rel / "partition") << "1\n";
        fsys::create_directories(root / "class/block");
        const std::string name = fsys::path(rel).filename().string();
        fsys::create_directory_symlink("../../devices/" + rel, root / "class/block" / name);
    }
    SysPaths paths(const std::string& mountinfo) const { return SysPaths{root.string(), mountinfo}; }
};

TEST(DiskStats, BlockDevicesMapToTheirDisks) {
    FakeSys sys;
    const SysPaths sp = sys.paths("/nonexistent");
    EXPECT_EQ(disks_of_block("sda1", sp), std::vector<std::string>{"sda"}) << "a partition: its disk";
    EXPECT_EQ(disks_of_block("sda", sp), std::vector<std::string>{"sda"});
    EXPECT_EQ(disks_of_block("dm-0", sp), (std::vector<std::string>{"sdb", "sdc"}))
        << "LVM: the disks under it";
    EXPECT_EQ(disks_of_block("loop0", sp), std::vector<std::string>{"loop0"});
    EXPECT_EQ(disks_of_block("xvdz", sp), std::vector<std::string>{"xvdz"})
        << "unknown to sysfs: the name as is";
}

TEST(DiskStats, MountpathFallsBackToTheMountSource) {
    FakeSys sys;
    char tmpl[] = "/tmp/ut_mnt_XXXXXX";
    const fsys::path dir = ::mkdtemp(tmpl);
    const fsys::path mp = dir / "my mp";
    fsys::create_directories(mp);
    const std::string canon = fsys::canonical(mp).string();
    std::string esc = canon;
    esc.replace(esc.find(' '), 1, "\\040");
    // The fake sysfs has no /sys/dev/block entry for the real st_dev: the source names the device.
    const std::string mi = (dir / "mountinfo").string();
    std::ofstream(mi) << "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
                      << "90 27 0:45 / " << esc << " rw shared:1 - btrfs /dev/sdb2 rw,subvol=/\n"
                      << "91 27 0:46 / " << canon << "x rw - tmpfs tmpfs rw\n";
    MpathDisks md = resolve_disks(mp.string(), sys.paths(mi));
    EXPECT_EQ(md.fs, "/dev/sdb2");
    EXPECT_EQ(md.fs_type, "btrfs");
    EXPECT_EQ(md.disks, std::vector<std::string>{"sdb"});

    // An overlay (a container's root): no disk, and no error.
    std::ofstream(mi) << "1 0 0:30 / / rw - overlay overlay rw,lowerdir=/a\n";
    md = resolve_disks(mp.string(), sys.paths(mi));
    EXPECT_EQ(md.fs, "overlay");
    EXPECT_EQ(md.fs_type, "overlay");
    EXPECT_TRUE(md.disks.empty());

    // A path that does not exist: empty, not a throw.
    md = resolve_disks((dir / "nope").string(), sys.paths("/nonexistent"));
    EXPECT_TRUE(md.disks.empty());
    fsys::remove_all(dir);
}

TEST(DiskStats, RealHostResolvesWithoutThrowing) {
    // Whatever this machine is (VM, container, tmpfs): an answer, never an exception.
    const MpathDisks md = resolve_disks(fsys::temp_directory_path().string());
    for (const auto& d : md.disks) EXPECT_FALSE(d.empty());
}

TEST(DiskStats, JsonIsAisTcdfExt) {
    api::TargetDiskStats st;
    st.disks["sda"] = api::DiskStat{.rbps = 1, .ravg = 2, .wbps = 3, .wavg = 4, .util = 5};
    api::MpathCdf c;
    c.fs = "/dev/sda1";
    c.fs_type = "ext4";
    c.disks = {"sda"};
    c.used = 30;
    c.avail = 70;
    c.pct_used = 30;
    st.mountpaths["/mp1"] = c;
    c.pct_used = 50;
    st.mountpaths["/mp2"] = c;
    st.tally();
    EXPECT_EQ(st.pct_min, 30);
    EXPECT_EQ(st.pct_max, 50);
    EXPECT_EQ(st.pct_avg, 40);
    EXPECT_EQ(st.total_used, 60u);
    EXPECT_EQ(st.total_avail, 140u);

    const auto v = boost::json::parse(api::to_json(st));
    EXPECT_EQ(v.at("AllDiskStats").at("sda").at("RBps").as_int64(), 1);
    EXPECT_EQ(v.at("AllDiskStats").at("sda").at("Util").as_int64(), 5);
    const auto& m = v.at("mountpaths").at("/mp1");
    EXPECT_EQ(m.at("fs").at("Fs").as_string(), "/dev/sda1");
    EXPECT_EQ(m.at("fs").at("FsType").as_string(), "ext4");
    EXPECT_EQ(m.at("disks").at(0).as_string(), "sda");
    EXPECT_EQ(m.at("used").as_string(), "30") << "Go ,string";
    EXPECT_EQ(m.at("pct_used").as_int64(), 30);
    EXPECT_EQ(v.at("total_avail").as_string(), "140");

    const auto back = api::from_json<api::TargetDiskStats>(api::to_json(st));
    EXPECT_EQ(back.disks.at("sda").wavg, 4);
    EXPECT_EQ(back.mountpaths.at("/mp2").pct_used, 50);
    EXPECT_EQ(back.mountpaths.at("/mp2").fs_str(), "/dev/sda1(ext4)");

    // AIS v3.23 and older: the bare disk map.
    const auto old = api::from_json<api::TargetDiskStats>(R"({"nvme0n1":{"RBps":7,"WBps":8,"Util":9}})");
    EXPECT_EQ(old.disks.at("nvme0n1").util, 9);
    EXPECT_TRUE(old.mountpaths.empty());
}

}  // namespace
