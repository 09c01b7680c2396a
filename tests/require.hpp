// Preconditions of a test (a tool that deploy/deps.sh installs: aws, s3cmd, tmux, openssl...).
// On a developer's machine a missing tool skips the test with the reason; under CI (CI=true, as
// .ci/run runs) everything was installed, so a missing tool is a failure, never a silent skip.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>

#define AIS_REQUIRE(cond, why)                                                                \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            if (std::getenv("CI") != nullptr && *std::getenv("CI") != '\0')                   \
                FAIL() << (why) << " (required under CI: deploy/deps.sh installs it)";        \
            else                                                                              \
                GTEST_SKIP() << (why);                                                        \
        }                                                                                     \
    } while (0)
