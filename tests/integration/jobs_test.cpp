// Jobs on a real cluster (1 proxy + 3 targets), driven with the requests the AIS Python SDK and
// the Go API send: copy and rename bucket, multi-object delete/copy, summary and info, promote,
// and the job API (start, stop, status, status_all, running_all, qryxstats).
#include "tests/integration/local_cluster.hpp"

#include "shared/api/codec.hpp"
#include "shared/config/bprops.hpp"
#include "shared/util/errors.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

using namespace ais;
using ais::test::LocalCluster;
namespace fsys = std::filesystem;

namespace {

api::Bck bck(std::string name) { return api::Bck{.name = std::move(name), .provider = "ais"}; }

int status_of(const std::function<void()>& fn, std::string* msg = nullptr) {
    try {
        fn();
    } catch (const Error& e) {
        if (msg) *msg = e.what();
        return e.status();
    }
    return 200;
}

std::string bytes(size_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::string s(n, '\0');
    for (size_t i = 0; i < n; i += 8) {
        uint64_t v = rng();
        for (size_t j = 0; j < 8 && i + j < n; ++j) s[i + j] = static_cast<char>(v >> (8 * j));
    }
    return s;
}

// PUTs objects name -> data with `threads` clients.
void put_all(const LocalCluster& c, const api::Bck& b, const std::vector<std::pair<std::string, std::string>>& objs,
             int threads = 6) {
    std::atomic<size_t> next{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
        ts.emplace_back([&] {
            api::Client cl(c.endpoint());
            for (size_t i; (i = next++) < objs.size();) {
                try {
                    cl.put_object(b, objs[i].first, objs[i].second);
                } catch (const std::exception&) {
                    ++failed;
                }
            }
        });
    for (auto& t : ts) t.join();
    ASSERT_EQ(failed.load(), 0);
}

std::map<std::string, api::LsoEnt> listing(api::Client& cl, const api::Bck& b, const std::string& prefix = {}) {
    api::LsoMsg m;
    m.props = "name,size,checksum,version,custom";
    m.prefix = prefix;
    std::map<std::string, api::LsoEnt> out;
    for (auto& e : cl.list_objects(b, m).entries) out[e.name] = e;
    return out;
}

// Work files left under %wk of a target's mountpaths.
size_t work_files(const LocalCluster& c, int target) {
    size_t n = 0;
    for (const auto& mp : c.target_mountpaths(target)) {
        std::error_code ec;
        for (auto it = fsys::recursive_directory_iterator(mp, ec); it != fsys::recursive_directory_iterator();
             it.increment(ec))
            if (it->is_regular_file() && it->path().string().find("/%wk/") != std::string::npos) ++n;
    }
    return n;
}

}  // namespace

TEST(Jobs, CopyBucketKeepsEveryObjectWithChecksumVersionAndCustomMetadata) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("src"));
    api.set_bprops(bck("src"), R"({"versioning":{"enabled":true}})");
    // 10,000 objects of 0-1 MiB: most small, some large (as datasets are).
    std::vector<std::pair<std::string, std::string>> objs;
    std::mt19937_64 rng(42);
    for (int i = 0; i < 10000; ++i) {
        size_t size = (rng() % 10 == 0) ? rng() % (1 << 20) : rng() % (16 << 10);
        objs.emplace_back("d" + std::to_string(i % 17) + "/obj-" + std::to_string(i), bytes(size, static_cast<uint64_t>(i)));
    }
    put_all(c, bck("src"), objs);
    // A second version and custom metadata on a few.
    for (int i = 0; i < 10; ++i) {
        api.put_object(bck("src"), objs[i].first, objs[i].second);
        api.set_custom_md(bck("src"), objs[i].first, {{"label", "v" + std::to_string(i)}});
    }

    std::string xid = api.copy_bucket(bck("src"), bck("dst"));
    auto st = api.wait_job(xid, std::chrono::minutes(5));
    EXPECT_TRUE(st.ok()) << st.err;
    EXPECT_EQ(st.kind, "copy-bck");

    auto src = listing(api, bck("src"));
    auto dst = listing(api, bck("dst"));
    ASSERT_EQ(src.size(), 10000u);
    ASSERT_EQ(dst.size(), src.size());
    for (const auto& [name, e] : src) {
        auto it = dst.find(name);
        ASSERT_NE(it, dst.end()) << name;
        EXPECT_EQ(it->second.size, e.size) << name;
        EXPECT_EQ(it->second.checksum, e.checksum) << name;
        EXPECT_EQ(it->second.version, e.version) << name;
        EXPECT_EQ(it->second.custom, e.custom) << name;
    }
    EXPECT_EQ(dst.at(objs[0].first).version, "2");
    EXPECT_EQ(dst.at(objs[3].first).custom, "[label:v3]");
    for (int i = 0; i < 10000; i += 97) EXPECT_TRUE(api.get_object(bck("dst"), objs[i].first).body == objs[i].second);

    // Counters: every object once, over all targets.
    api::QueryMsg q;
    q.id = xid;
    auto totals = api.job_snaps(q).totals(xid);
    EXPECT_EQ(totals.loc_objs, 10000);

    // Dry run: counts, writes nothing, creates no bucket.
    api::TCBMsg dry;
    dry.dry_run = true;
    std::string dx = api.copy_bucket(bck("src"), bck("dry"), dry);
    EXPECT_TRUE(api.wait_job(dx).ok());
    EXPECT_FALSE(api.bucket_exists(bck("dry")));
    q.id = dx;
    EXPECT_EQ(api.job_snaps(q).totals(dx).loc_objs, 10000);

    // By prefix, into an existing bucket, with a prepended name.
    api::TCBMsg sub;
    sub.prefix = "d3/";
    sub.prepend = "copied/";
    EXPECT_TRUE(api.wait_job(api.copy_bucket(bck("src"), bck("dst"), sub)).ok());
    auto d3 = listing(api, bck("src"), "d3/");
    auto copied = listing(api, bck("dst"), "copied/");
    EXPECT_EQ(copied.size(), d3.size());
    EXPECT_TRUE(copied.count("copied/" + objs[3].first));
}

TEST(Jobs, BadRequestsChangeNothing) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("a"));
    api.create_bucket(bck("b"));
    api.put_object(bck("a"), "x", "1");
    std::string msg;
    EXPECT_EQ(status_of([&] { api.copy_bucket(bck("a"), bck("a")); }, &msg), 400);
    EXPECT_NE(msg.find("onto itself"), std::string::npos) << msg;
    EXPECT_EQ(status_of([&] { api.rename_bucket(bck("a"), bck("a")); }), 400);
    EXPECT_EQ(status_of([&] { api.rename_bucket(bck("a"), bck("b")); }, &msg), 409);
    EXPECT_NE(msg.find("ais://b"), std::string::npos) << msg;
    EXPECT_EQ(status_of([&] { api.copy_bucket(bck("nope"), bck("b")); }, &msg), 404);
    EXPECT_NE(msg.find("ais://nope"), std::string::npos) << msg;
    api::EvdMsg bad;
    bad.template_ = "x-{01..zz}";
    EXPECT_EQ(status_of([&] { api.delete_objects(bck("a"), bad); }), 400);
    EXPECT_EQ(status_of([&] { api.job_status("no-such-job"); }, &msg), 404);
    EXPECT_NE(msg.find("no-such-job"), std::string::npos) << msg;
    EXPECT_EQ(status_of([&] { api.stop_job(api::ArgsMsg{.id = "no-such-job"}); }), 404);
    EXPECT_EQ(status_of([&] { api.start_job(api::ArgsMsg{.kind = "no-such-kind"}); }), 400);
    EXPECT_EQ(status_of([&] { api.start_job(api::ArgsMsg{.kind = "lru"}); }), 501);
    // Nothing changed.
    EXPECT_EQ(api.list_buckets().size(), 2u);
    EXPECT_EQ(api.get_object(bck("a"), "x").body, "1");
    EXPECT_TRUE(api.list_objects(bck("b")).entries.empty());
}

TEST(Jobs, AbortLeavesOnlyWholeObjects) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("big"));
    std::vector<std::pair<std::string, std::string>> objs;
    for (int i = 0; i < 400; ++i) objs.emplace_back("o" + std::to_string(i), bytes(256 << 10, static_cast<uint64_t>(i)));
    put_all(c, bck("big"), objs);
    api::TCBMsg m;
    m.num_workers = 1;
    std::string xid = api.copy_bucket(bck("big"), bck("half"), m);
    api::QueryMsg q;
    q.id = xid;
    for (int i = 0; i < 500 && api.job_snaps(q).totals(xid).loc_objs < 5; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    api.stop_job(api::ArgsMsg{.id = xid});
    auto st = api.wait_job(xid);
    EXPECT_TRUE(st.aborted);
    auto half = listing(api, bck("half"));
    EXPECT_LT(half.size(), objs.size());
    std::map<std::string, std::string> want(objs.begin(), objs.end());
    for (const auto& [name, e] : half) EXPECT_TRUE(api.get_object(bck("half"), name).body == want.at(name)) << name;
    for (int t = 0; t < c.num_targets(); ++t) EXPECT_EQ(work_files(c, t), 0u) << "target " << t;
}

TEST(Jobs, KillingATargetDuringCopyEndsTheJobWithAnErrorNamingIt) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("s"));
    std::vector<std::pair<std::string, std::string>> objs;
    for (int i = 0; i < 1500; ++i) objs.emplace_back("o" + std::to_string(i), bytes(64 << 10, static_cast<uint64_t>(i)));
    put_all(c, bck("s"), objs);
    const std::string victim = api.get_smap().tmap.rbegin()->first;
    int victim_idx = -1;
    for (int t = 0; t < c.num_targets(); ++t)
        if (c.target_url(t) == api.get_smap().tmap.at(victim).public_net.direct_url) victim_idx = t;
    ASSERT_GE(victim_idx, 0);
    api::TCBMsg m;
    m.num_workers = 1;
    std::string xid = api.copy_bucket(bck("s"), bck("d"), m);
    api::QueryMsg q;
    q.id = xid;
    for (int i = 0; i < 500 && api.job_snaps(q).totals(xid).loc_objs < 20; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    c.kill_target(victim_idx);
    auto st = api.wait_job(xid, std::chrono::minutes(2));
    EXPECT_FALSE(st.err.empty());
    EXPECT_NE(st.err.find(victim), std::string::npos) << st.err;
    // No partial object on the live targets: every readable copy is whole.
    std::map<std::string, std::string> want(objs.begin(), objs.end());
    for (int t = 0; t < c.num_targets(); ++t)
        if (t != victim_idx) EXPECT_EQ(work_files(c, t), 0u) << "target " << t;
    api::LsoMsg lm;
    for (const auto& [tid, node] : api.get_smap().tmap) {
        if (tid == victim) continue;
        lm.target = tid;
        api::LsoRes page;
        try {
            page = api.list_objects_page(bck("d"), lm);
        } catch (const Error&) {
            continue;
        }
        for (const auto& e : page.entries) EXPECT_EQ(e.size, static_cast<int64_t>(want.at(e.name).size())) << e.name;
    }
}

TEST(Jobs, RenameBucketUnderConcurrentGets) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("old"));
    std::vector<std::pair<std::string, std::string>> objs;
    for (int i = 0; i < 600; ++i) objs.emplace_back("f/" + std::to_string(i), bytes(4096 + i, static_cast<uint64_t>(i)));
    put_all(c, bck("old"), objs);

    // Readers of the old name: every GET returns the right bytes; once the old name is gone (404),
    // the same object is already readable under the new name (no gap in between).
    std::atomic<bool> stop{false};
    std::atomic<int> ok{0}, switched{0}, wrong{0}, gap{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 3; ++t)
        readers.emplace_back([&, t] {
            api::Client cl(c.endpoint());
            std::mt19937 rng(t);
            while (!stop) {
                const auto& [name, data] = objs[rng() % objs.size()];
                try {
                    if (cl.get_object(bck("old"), name).body == data)
                        ++ok;
                    else
                        ++wrong;
                    continue;
                } catch (const Error& e) {
                    if (e.status() != 404) {
                        ++gap;
                        continue;
                    }
                }
                try {
                    if (cl.get_object(bck("new"), name).body == data)
                        ++switched;
                    else
                        ++wrong;
                } catch (const Error&) {
                    ++gap;
                }
            }
        });
    std::string xid = api.rename_bucket(bck("old"), bck("new"));
    // Writes into the source during the rename would be lost with it: refused.
    int put_status = status_of([&] { api.put_object(bck("old"), "late", "write"); });
    EXPECT_TRUE(put_status == 409 || put_status == 404) << put_status;
    auto st = api.wait_job(xid);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stop = true;
    for (auto& t : readers) t.join();
    EXPECT_TRUE(st.ok()) << st.err;
    EXPECT_GT(ok.load(), 0);
    EXPECT_GT(switched.load(), 0);
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_EQ(gap.load(), 0);
    EXPECT_FALSE(api.bucket_exists(bck("old")));
    auto now = listing(api, bck("new"));
    ASSERT_EQ(now.size(), objs.size());
    for (size_t i = 0; i < objs.size(); i += 37)
        EXPECT_TRUE(api.get_object(bck("new"), objs[i].first).body == objs[i].second);
    EXPECT_EQ(status_of([&] { api.get_object(bck("old"), objs[0].first); }), 404);
}

TEST(Jobs, DeleteAndCopyByTemplateAndList) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("t"));
    std::vector<std::pair<std::string, std::string>> objs;
    for (int i = 0; i < 1200; ++i) {
        char name[32];
        std::snprintf(name, sizeof(name), "shard-%04d.tar", i);
        objs.emplace_back(name, "x" + std::to_string(i));
    }
    put_all(c, bck("t"), objs);
    // Copy a list and a template into another bucket.
    api::TCOMsg cm;
    cm.tobck = bck("sel");
    cm.template_ = "shard-{0100..0199}.tar";
    EXPECT_TRUE(api.wait_job(api.copy_objects(bck("t"), cm)).ok());
    api::TCOMsg lm;
    lm.tobck = bck("sel");
    lm.objnames = {"shard-0001.tar", "shard-0002.tar"};
    EXPECT_TRUE(api.wait_job(api.copy_objects(bck("t"), lm)).ok());
    auto sel = listing(api, bck("sel"));
    EXPECT_EQ(sel.size(), 102u);
    EXPECT_EQ(api.get_object(bck("sel"), "shard-0150.tar").body, "x150");

    // Delete 1,000 by template.
    api::EvdMsg dm;
    dm.template_ = "shard-{0000..0999}.tar";
    auto st = api.wait_job(api.delete_objects(bck("t"), dm));
    EXPECT_TRUE(st.ok()) << st.err;
    auto left = listing(api, bck("t"));
    ASSERT_EQ(left.size(), 200u);
    EXPECT_EQ(left.begin()->first, "shard-1000.tar");
    EXPECT_EQ(left.rbegin()->first, "shard-1199.tar");
    // By list: a missing name is reported, the others go.
    api::EvdMsg byname;
    byname.objnames = {"shard-1000.tar", "shard-1001.tar", "never-was"};
    st = api.wait_job(api.delete_objects(bck("t"), byname));
    EXPECT_NE(st.err.find("never-was"), std::string::npos) << st.err;
    EXPECT_EQ(listing(api, bck("t")).size(), 198u);
    // A prefix template: everything under it.
    api::EvdMsg pre;
    pre.template_ = "shard-11";
    EXPECT_TRUE(api.wait_job(api.delete_objects(bck("t"), pre)).ok());
    EXPECT_EQ(listing(api, bck("t")).size(), 98u);
}

TEST(Jobs, SummaryAndInfoEqualTheListing) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("s"));
    api.create_bucket(bck("empty"));
    std::vector<std::pair<std::string, std::string>> objs;
    int64_t total = 0, mn = INT64_MAX, mx = 0;
    for (int i = 0; i < 300; ++i) {
        size_t n = 100 + static_cast<size_t>(i) * 37;
        objs.emplace_back("p/" + std::to_string(i), bytes(n, static_cast<uint64_t>(i)));
        total += static_cast<int64_t>(n);
        mn = std::min<int64_t>(mn, static_cast<int64_t>(n));
        mx = std::max<int64_t>(mx, static_cast<int64_t>(n));
    }
    put_all(c, bck("s"), objs);
    auto res = api.bucket_summary(bck("s"), {});
    ASSERT_EQ(res.size(), 1u);
    EXPECT_EQ(res[0].bck.name, "s");
    EXPECT_EQ(res[0].obj_count_present, listing(api, bck("s")).size());
    EXPECT_EQ(static_cast<int64_t>(res[0].size_all_present_objs), total);
    EXPECT_EQ(res[0].obj_min_size, mn);
    EXPECT_EQ(res[0].obj_max_size, mx);
    EXPECT_GE(res[0].size_on_disk, res[0].size_all_present_objs);
    // All buckets at once.
    auto all = api.bucket_summary(api::Bck{.provider = "ais"}, {});
    ASSERT_EQ(all.size(), 2u);
    // Info (HEAD + poll): the same numbers, and props.
    auto [props, info] = api.bucket_info(bck("s"));
    EXPECT_EQ(info.obj_count_present, 300u);
    EXPECT_EQ(static_cast<int64_t>(info.size_all_present_objs), total);
    auto [eprops, einfo] = api.bucket_info(bck("empty"));
    EXPECT_EQ(einfo.obj_count_present, 0u);
}

TEST(Jobs, JobApiAsTheSdkCallsIt) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("j"));
    api.put_object(bck("j"), "o", "data");
    // Generic start (Python: Client.job().start(job_kind="summary", bucket=...)).
    std::string xid = api.start_job(api::ArgsMsg{.kind = "summary", .bck = bck("j")});
    ASSERT_FALSE(xid.empty());
    auto st = api.wait_job(xid);
    EXPECT_TRUE(st.ok());
    EXPECT_EQ(st.kind, "summary-bck");
    EXPECT_GT(st.end_time, 0);
    // Python's Job.status() sends {"ID": ..., "Kind": ..., "Bck": ...} (capitalised keys).
    net::Client http;
    auto r = http.call({.method = "GET",
                        .url = c.endpoint() + "/v1/cluster?what=status",
                        .body = R"({"ID":")" + xid + R"(","Kind":"","DaemonID":"","Bck":null,"Buckets":null})"});
    ASSERT_EQ(r.status, 200) << r.body;
    auto js = api::from_json<api::JobStatus>(r.body);
    EXPECT_EQ(js.uuid, xid);
    EXPECT_NE(r.body.find("\"end_time\":"), std::string::npos);
    // Finished jobs stay queryable; nothing runs now.
    auto all = api.job_status_all();
    bool found = false;
    for (const auto& s : all) found |= s.uuid == xid;
    EXPECT_TRUE(found);
    EXPECT_TRUE(api.running_jobs().empty());
    api::QueryMsg q;
    q.id = xid;
    auto snaps = api.job_snaps(q);
    EXPECT_EQ(snaps.by_target.size(), 3u);
    EXPECT_TRUE(snaps.all_finished());
    // Status by kind: the latest job of that kind.
    api::QueryMsg bykind;
    bykind.kind = "summary-bck";
    EXPECT_EQ(api.job_status(bykind).uuid, xid);
    // A running job shows in running_all as kind[id] and stops on request.
    std::vector<std::pair<std::string, std::string>> objs;
    for (int i = 0; i < 300; ++i) objs.emplace_back("r" + std::to_string(i), bytes(128 << 10, static_cast<uint64_t>(i)));
    put_all(c, bck("j"), objs);
    api::TCBMsg slow;
    slow.num_workers = 1;
    std::string cx = api.copy_bucket(bck("j"), bck("j2"), slow);
    auto running = api.running_jobs();
    bool listed = false;
    for (const auto& s : running) listed |= s == "copy-bck[" + cx + "]";
    auto cst = api.job_status(cx);
    if (cst.end_time == 0) EXPECT_TRUE(listed) << "running job not in running_all";
    api.stop_job(api::ArgsMsg{.id = cx});
    auto stopped = api.wait_job(cx);
    EXPECT_TRUE(stopped.aborted || stopped.ok());
}

TEST(Jobs, PromoteMakesObjectsOfLocalFiles) {
    LocalCluster c;
    auto& api = c.client();
    api.create_bucket(bck("p"));
    const std::string dir = c.dir() + "/to-promote";
    fsys::create_directories(dir + "/sub");
    std::map<std::string, std::string> files = {{"a.txt", "alpha"}, {"b.bin", bytes(70000, 1)}, {"sub/c", "gamma"}};
    for (const auto& [rel, data] : files) std::ofstream(dir + "/" + rel, std::ios::binary) << data;
    api::PromoteOpts po;
    po.src = dir;
    po.obj = "imported";
    po.recursive = true;
    auto xid = api.promote(bck("p"), po);
    if (!xid.empty()) EXPECT_TRUE(api.wait_job(xid).ok());
    auto got = listing(api, bck("p"));
    ASSERT_EQ(got.size(), 3u);
    for (const auto& [rel, data] : files) EXPECT_TRUE(api.get_object(bck("p"), "imported/" + rel).body == data) << rel;
    // Not recursive, no overwrite, and delete the sources.
    std::ofstream(dir + "/a.txt") << "changed";
    po.recursive = false;
    po.delete_src = true;
    xid = api.promote(bck("p"), po);
    if (!xid.empty()) api.wait_job(xid);
    EXPECT_EQ(api.get_object(bck("p"), "imported/a.txt").body, "alpha");  // not overwritten
    EXPECT_TRUE(fsys::exists(dir + "/sub/c"));                            // not recursive
    EXPECT_EQ(status_of([&] {
                  api::PromoteOpts bad;
                  bad.src = "relative/path";
                  api.promote(bck("p"), bad);
              }),
              400);
}
