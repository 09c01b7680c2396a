#include "shared/util/errors.hpp"

#include <gtest/gtest.h>

TEST(Errors, CarryStatusAndTcode) {
    try {
        throw ais::ErrNotFound("bucket \"ais://b\" does not exist", "ErrBckNotFound");
    } catch (const ais::Error& e) {
        EXPECT_EQ(e.status(), 404);
        EXPECT_EQ(e.tcode(), "ErrBckNotFound");
        EXPECT_STREQ(e.what(), "bucket \"ais://b\" does not exist");
    }
}
