// Target-to-target bundles (aisnode/transport/bundle.hpp, aisnode/target/recv.cpp): the frame codec,
// and a real target receiving bundles: per-object results, checksums verified on arrival, the
// rebalance rule (a newer local copy is kept), and broken or foreign bundles refused whole.
#include "tests/unit/target/harness.hpp"
#include "shared/util/errors.hpp"

using namespace ais;
using namespace ais::test;
namespace tr = ais::node::transport;

namespace {

class TargetBundle : public TargetHttp {
  protected:
    // Objects of `bck` on target `n`'s disks (any mountpath).
    size_t objects(Node& n, const std::string& bck = "b") {
        size_t k = 0;
        for (const auto& mp : n.mpaths) k += count_files(mp + "/@ais/" + bck + "/%ob");
        return k;
    }
    ClientResponse get_at(Node& n, const std::string& obj, const std::string& bck = "b") {
        return call(n, "GET", bck, obj, {}, {}, true);
    }
    ClientResponse raw(Node& to, const std::string& path, std::string body, const std::string& caller,
                       std::string method = "PUT") {
        ClientRequest rq;
        rq.method = std::move(method);
        rq.url = to.url + path;
        rq.body = std::move(body);
        if (!caller.empty()) rq.headers.add(api::hdr::kCallerId, caller);
        rq.max_retries = 0;
        rq.follow_redirects = false;
        return http.call(rq);
    }
};

}  // namespace

TEST(BundleCodec, HeaderRoundTripsAndMalformedHeadersAreBadRequests) {
    tr::ObjHdr h;
    h.bck = api::Bck{"b", "ais", {}};
    h.obj = "dir/ünï code/obj";
    h.size = 12345;
    h.cksum_type = "xxhash";
    h.cksum_value = "0123456789abcdef";
    h.version = "7";
    h.atime = 1700000000123456789;
    h.custom = {{"k", "v"}, {"ETag", "\"x\""}};
    const std::string frame = tr::encode_hdr(h);
    ASSERT_GT(frame.size(), 4u);
    const uint32_t n = (uint32_t{static_cast<unsigned char>(frame[0])} << 24) |
                       (uint32_t{static_cast<unsigned char>(frame[1])} << 16) |
                       (uint32_t{static_cast<unsigned char>(frame[2])} << 8) | static_cast<unsigned char>(frame[3]);
    ASSERT_EQ(n, frame.size() - 4);
    tr::ObjHdr back = tr::decode_hdr(std::string_view(frame).substr(4));
    EXPECT_EQ(back.bck, h.bck);
    EXPECT_EQ(back.obj, h.obj);
    EXPECT_EQ(back.size, h.size);
    EXPECT_EQ(back.cksum_type, h.cksum_type);
    EXPECT_EQ(back.cksum_value, h.cksum_value);
    EXPECT_EQ(back.version, h.version);
    EXPECT_EQ(back.atime, h.atime);
    EXPECT_EQ(back.custom, h.custom);

    for (const char* bad : {"", "[]", "{\"size\":1,\"atime\":1}", "{\"uname\":\"ais/@#/b/\",\"size\":1,\"atime\":1}",
                            "{\"uname\":\"ais/@#/b/o\",\"size\":-1,\"atime\":1}",
                            "{\"uname\":\"ais/@#/b/o\",\"size\":\"1\",\"atime\":1}",
                            "{\"uname\":\"ais/@#/b/o\",\"size\":1,\"atime\":1,\"custom\":{\"k\":1}}"}) {
        try {
            tr::decode_hdr(bad);
            ADD_FAILURE() << "accepted: " << bad;
        } catch (const ais::Error& e) {
            EXPECT_EQ(e.status(), 400) << bad;
        }
    }
    std::vector<tr::Result> rs{{200, ""}, {400, "BadDigest: x"}};
    auto back_rs = tr::decode_results(tr::encode_results(rs), 2);
    ASSERT_EQ(back_rs.size(), 2u);
    EXPECT_TRUE(back_rs[0].ok());
    EXPECT_EQ(back_rs[1].status, 400);
    EXPECT_EQ(back_rs[1].error, "BadDigest: x");
    EXPECT_THROW(tr::decode_results(tr::encode_results(rs), 3), std::runtime_error);
}

TEST_F(TargetBundle, EachObjectIsStoredOrRefusedWithItsReason) {
    start(2, 2);
    Node& to = *nodes[0];
    Node& from = *nodes[1];
    std::vector<BundleObj> objs;
    std::map<std::string, std::string> good;
    for (int i = 0; i < 40; ++i) {
        std::string name = "d" + std::to_string(i % 4) + "/obj-" + std::to_string(i);
        std::string data = random_bytes(static_cast<size_t>(i) * 3001, static_cast<uint64_t>(i) + 1);
        objs.push_back(bundle_obj("b", name, data, 1000 + i));
        good[name] = data;
    }
    objs[3].hdr.version = "5";
    objs[3].hdr.custom = {{"color", "blue"}};
    auto corrupt = bundle_obj("b", "corrupt", random_bytes(5000, 99));
    corrupt.data[100] ^= 1;  // the header's checksum is of the original bytes
    objs.push_back(corrupt);
    objs.push_back(bundle_obj("nobucket", "x", "data"));
    auto md5 = bundle_obj("b2", "md5-bucket", "bytes for a bucket whose checksum type is md5");
    objs.push_back(md5);

    auto res = send_bundle(to, from, objs);
    ASSERT_EQ(res.size(), objs.size());
    for (int i = 0; i < 40; ++i) EXPECT_TRUE(res[static_cast<size_t>(i)].ok()) << i << ": " << res[static_cast<size_t>(i)].error;
    EXPECT_EQ(res[40].status, 400) << res[40].error;
    EXPECT_NE(res[40].error.find("BadDigest"), std::string::npos) << res[40].error;
    EXPECT_EQ(res[41].status, 404) << res[41].error;
    EXPECT_TRUE(res[42].ok()) << res[42].error;

    for (const auto& [name, data] : good) {
        auto g = get_at(to, name);
        ASSERT_EQ(g.status, 200) << name;
        EXPECT_TRUE(g.body == data) << name;
    }
    EXPECT_EQ(get_at(to, "corrupt").status, 404);
    EXPECT_EQ(objects(to), good.size());
    EXPECT_EQ(work_files(to), 0u);
    // Metadata came along: version, atime, custom; the md5 bucket got an md5 checksum of its own.
    auto h = call(to, "HEAD", "b", objs[3].hdr.obj, {}, {}, true);
    EXPECT_EQ(h.headers.get(api::hdr::kVersion), "5");
    EXPECT_EQ(h.headers.get(api::hdr::kAtime), "1003");
    EXPECT_NE(h.headers.get(api::hdr::kCustomMd).find("color=blue"), std::string::npos) << h.headers.get(api::hdr::kCustomMd);
    auto hm = call(to, "HEAD", "b2", "md5-bucket", {}, {}, true);
    EXPECT_EQ(hm.headers.get(api::hdr::kChecksumType), "md5");
    Cksummer m(CksumType::md5);
    m.update(md5.data.data(), md5.data.size());
    EXPECT_EQ(hm.headers.get(api::hdr::kChecksumValue), m.finalize());
}

TEST_F(TargetBundle, ANewerLocalCopyIsKeptAnOlderOneReplaced) {
    start(2, 1);
    Node& to = *nodes[0];
    Node& from = *nodes[1];
    ASSERT_EQ(call(to, "PUT", "b", "written-by-client", "client's bytes").status, 200);
    ASSERT_EQ(call(to, "PUT", "b", "stale", "old bytes").status, 200);
    const int64_t later = std::numeric_limits<int64_t>::max() / 2;
    auto res = send_bundle(to, from, {bundle_obj("b", "written-by-client", "rebalanced older bytes", 1),
                                      bundle_obj("b", "stale", "rebalanced newer bytes", later)});
    ASSERT_EQ(res.size(), 2u);
    EXPECT_TRUE(res[0].ok()) << res[0].error;  // taken: the target has it (as new or newer)
    EXPECT_TRUE(res[1].ok()) << res[1].error;
    EXPECT_EQ(get_at(to, "written-by-client").body, "client's bytes");
    EXPECT_EQ(get_at(to, "stale").body, "rebalanced newer bytes");
}

TEST_F(TargetBundle, BrokenOrForeignBundlesAreRefusedWholeAndStoreNothing) {
    start(2, 1);
    Node& to = *nodes[0];
    Node& from = *nodes[1];
    // The body ends in the middle of the second object: nothing of the bundle is stored.
    auto first = bundle_obj("b", "first", "complete");
    first.hdr.size = 8;
    auto second = bundle_obj("b", "second", std::string(1000, 'x'));
    second.hdr.size = 1000;
    const std::string body = tr::encode_hdr(first.hdr) + "complete" + tr::encode_hdr(second.hdr) + std::string(10, 'x');
    auto r = raw(to, "/v1/transport/reb", body, from.env->id());
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("ended in the middle"), std::string::npos) << r.body;
    EXPECT_EQ(objects(to), 0u);
    EXPECT_EQ(work_files(to), 0u);
    // A header length that cannot be.
    r = raw(to, "/v1/transport/reb", std::string("\xff\xff\xff\xff{}", 6), from.env->id());
    EXPECT_EQ(r.status, 400) << r.body;
    // Not from a target of the cluster; an unknown transport; a GET.
    r = raw(to, "/v1/transport/reb", body, "stranger");
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_NE(r.body.find("stranger"), std::string::npos) << r.body;
    r = raw(to, "/v1/transport/nope", body, from.env->id());
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("unknown transport"), std::string::npos) << r.body;
    r = raw(to, "/v1/transport/reb", "", from.env->id(), "GET");
    EXPECT_EQ(r.status, 405) << r.body;
    EXPECT_EQ(objects(to), 0u);
    // An empty bundle is fine: no objects, no results.
    auto res = send_bundle(to, from, {});
    EXPECT_TRUE(res.empty());
}
