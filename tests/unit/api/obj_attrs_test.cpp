// Object properties in headers (spec §3.2).
#include "shared/api/obj_attrs.hpp"

#include "shared/api/apc.hpp"
#include "shared/net/http.hpp"
#include "shared/util/errors.hpp"

#include <gtest/gtest.h>

namespace ais::api {
namespace {

TEST(ObjAttrs, HeaderRoundTripOneLinePerCustomKey) {
    ObjAttrs a;
    a.cksum_type = "xxhash2";
    a.cksum_value = "a1b2c3d4e5f60718";
    a.atime = 1767323045123456789;
    a.version = "1";
    a.custom = {{"source", "s3"}, {"ETag", "\"abc\""}, {"k", "v=with=equals"}};
    a.location = "t[tAbCdEf1]:/data/mp1";
    a.present = true;

    net::Headers h;
    h.add("Content-Length", "1048576");
    a.to_headers(h);
    auto lines = h.get_all(hdr::kCustomMd);
    ASSERT_EQ(lines.size(), 3u);  // never comma-joined
    EXPECT_EQ(lines[0], "ETag=\"abc\"");
    EXPECT_EQ(lines[1], "k=v=with=equals");
    EXPECT_EQ(lines[2], "source=s3");
    EXPECT_EQ(h.get("Ais-Checksum-Type"), "xxhash2");
    EXPECT_EQ(h.get("ais-checksum-value"), "a1b2c3d4e5f60718");  // case-insensitive names
    EXPECT_EQ(h.get(hdr::kAtime), "1767323045123456789");        // decimal ns
    EXPECT_EQ(h.get(hdr::kVersion), "1");
    EXPECT_EQ(h.get(hdr::kETag), "\"abc\"");
    EXPECT_EQ(h.get(hdr::kPresent), "true");

    ObjAttrs b = ObjAttrs::from(h);
    EXPECT_EQ(b.size, 1048576);
    b.size = a.size;
    b.etag.clear();  // came from custom["ETag"]
    EXPECT_EQ(b, a);

    a.to_headers(h);  // replaces, does not duplicate
    EXPECT_EQ(h.get_all(hdr::kCustomMd).size(), 3u);
    EXPECT_EQ(h.get_all(hdr::kChecksumType).size(), 1u);
}

TEST(ObjAttrs, OmitsEmpty) {
    net::Headers h;
    ObjAttrs a;
    a.cksum_type = "none";
    a.cksum_value = "";
    a.to_headers(h);
    EXPECT_TRUE(h.empty());

    ObjAttrs b = ObjAttrs::from(h);
    EXPECT_EQ(b.size, -1);
    EXPECT_FALSE(b.present.has_value());
}

TEST(ObjAttrs, MalformedNumbers) {
    net::Headers h;
    h.add(hdr::kAtime, "12abc");
    EXPECT_THROW(ObjAttrs::from(h), ErrBadRequest);
    net::Headers m;
    m.add(hdr::kMirrorCopies, "2");
    m.add(hdr::kMirrorPaths, "/a,/b");
    m.add(hdr::kCustomMd, "no-equals-sign");  // ignored, as Go does
    auto a = ObjAttrs::from(m);
    EXPECT_EQ(a.mirror_copies, 2);
    EXPECT_EQ(a.mirror_paths, (std::vector<std::string>{"/a", "/b"}));
    EXPECT_TRUE(a.custom.empty());
}

}  // namespace
}  // namespace ais::api
