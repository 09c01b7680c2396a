// Wire constants that carry logic: provider aliases and job kind names.
#include "shared/api/apc.hpp"

#include "shared/util/errors.hpp"

#include <gtest/gtest.h>

namespace ais::api {
namespace {

TEST(Apc, Providers) {
    EXPECT_EQ(normalize_provider(""), "ais");
    EXPECT_EQ(normalize_provider("s3"), "aws");
    EXPECT_EQ(normalize_provider("GS"), "gcp");
    EXPECT_EQ(normalize_provider("az"), "azure");
    EXPECT_EQ(normalize_provider("oc"), "oci");
    EXPECT_EQ(normalize_provider("oci"), "oci");
    EXPECT_THROW(normalize_provider("ht"), ErrBadRequest);  // removed from AIS
    EXPECT_TRUE(is_known_provider(""));
    EXPECT_FALSE(is_known_provider("hdfs"));
    EXPECT_TRUE(is_remote_provider("aws"));
    EXPECT_FALSE(is_remote_provider("ais"));
    EXPECT_EQ(provider_scheme("aws"), "s3");
    EXPECT_EQ(provider_scheme("gcp"), "gs");
    EXPECT_EQ(provider_scheme("ais"), "ais");
}

TEST(Apc, JobKinds) {
    EXPECT_EQ(normalize_job_kind("copy-bucket"), "copy-bck");
    EXPECT_EQ(normalize_job_kind("rename-bucket"), "move-bck");
    EXPECT_EQ(normalize_job_kind("mirror"), "make-n-copies");
    EXPECT_EQ(normalize_job_kind("summary"), "summary-bck");
    EXPECT_EQ(normalize_job_kind("cleanup"), "cleanup-store");
    EXPECT_EQ(normalize_job_kind("lru-eviction"), "lru");
    EXPECT_EQ(normalize_job_kind("copy-bck"), "copy-bck");  // kinds pass through
    EXPECT_TRUE(is_idle_job_kind("put-copies"));
    EXPECT_TRUE(is_idle_job_kind("copy-listrange"));
    EXPECT_FALSE(is_idle_job_kind("copy-bck"));
    EXPECT_STREQ(hdr::kChecksumType, "Ais-Checksum-Type");
    EXPECT_STREQ(ct::kMsgpack, "application/msgpack");
}

}  // namespace
}  // namespace ais::api
