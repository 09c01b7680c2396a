#include "shared/util/name_template.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shared/util/errors.hpp"

namespace ais {
namespace {

std::vector<std::string> all(const NameTemplate& t) {
    std::vector<std::string> out;
    std::string name;
    auto it = t.iter();
    while (it.next(name)) out.push_back(name);
    return out;
}

using V = std::vector<std::string>;

TEST(NameTemplate, SingleRangeWithPadding) {
    auto t = NameTemplate::parse("shard-{0001..9999}.tar");
    EXPECT_TRUE(t.has_ranges());
    EXPECT_EQ(t.count(), 9999u);
    EXPECT_EQ(t.prefix(), "shard-");
    auto names = all(t);
    ASSERT_EQ(names.size(), 9999u);
    EXPECT_EQ(names.front(), "shard-0001.tar");
    EXPECT_EQ(names[8], "shard-0009.tar");
    EXPECT_EQ(names.back(), "shard-9999.tar");
}

TEST(NameTemplate, PaddingComesFromStartLiteral) {
    EXPECT_EQ(all(NameTemplate::parse("o{8..11}")), (V{"o8", "o9", "o10", "o11"}));
    EXPECT_EQ(all(NameTemplate::parse("o{08..11}")), (V{"o08", "o09", "o10", "o11"}));
    EXPECT_EQ(all(NameTemplate::parse("o{098..101}")), (V{"o098", "o099", "o100", "o101"}));
    EXPECT_EQ(all(NameTemplate::parse("o{0..100..50}")), (V{"o0", "o50", "o100"}));
    EXPECT_EQ(all(NameTemplate::parse("{5..5}")), (V{"5"}));
}

TEST(NameTemplate, Steps) {
    auto t = NameTemplate::parse("x-{00..10..3}");
    EXPECT_EQ(t.count(), 4u);
    EXPECT_EQ(all(t), (V{"x-00", "x-03", "x-06", "x-09"}));
    EXPECT_EQ(NameTemplate::parse("{0..99..5}").count(), 20u);
    EXPECT_EQ(NameTemplate::parse("{1..1000..1000}").count(), 1u);
}

TEST(NameTemplate, MultipleRangesLastFastest) {
    auto t = NameTemplate::parse("a-{0..3}-b-{00..99..5}.bin");
    EXPECT_EQ(t.count(), 4u * 20u);
    auto names = all(t);
    ASSERT_EQ(names.size(), 80u);
    EXPECT_EQ(names[0], "a-0-b-00.bin");
    EXPECT_EQ(names[1], "a-0-b-05.bin");
    EXPECT_EQ(names[19], "a-0-b-95.bin");
    EXPECT_EQ(names[20], "a-1-b-00.bin");
    EXPECT_EQ(names[79], "a-3-b-95.bin");
    for (uint64_t i = 0; i < names.size(); ++i) EXPECT_EQ(t.at(i), names[i]);
    EXPECT_EQ(all(NameTemplate::parse("{0..1}{0..1}")), (V{"00", "01", "10", "11"}));
}

TEST(NameTemplate, LazyForHugeTemplates) {
    auto t = NameTemplate::parse("obj-{0..999999999}");
    EXPECT_EQ(t.count(), 1'000'000'000u);
    EXPECT_EQ(t.at(123'456'789), "obj-123456789");
    EXPECT_EQ(t.at(999'999'999), "obj-999999999");
    auto it = t.iter();
    std::string name;
    ASSERT_TRUE(it.next(name));
    EXPECT_EQ(name, "obj-0");
    ASSERT_TRUE(it.next(name));
    EXPECT_EQ(name, "obj-1");

    auto huge = NameTemplate::parse("{0..999999999}-{0..999999999}");
    EXPECT_EQ(huge.count(), 1'000'000'000'000'000'000u);
    EXPECT_EQ(huge.at(huge.count() - 1), "999999999-999999999");
    EXPECT_THROW(huge.at(huge.count()), ErrBadRequest);
}

TEST(NameTemplate, NoBracesIsAPrefix) {
    for (const char* p : {"", "shard-", "dir/sub/", "a}b"}) {
        auto t = NameTemplate::parse(p);
        EXPECT_FALSE(t.has_ranges()) << p;
        EXPECT_EQ(t.prefix(), p);
        EXPECT_EQ(t.text(), p);
        EXPECT_EQ(t.count(), 0u);
        EXPECT_TRUE(all(t).empty());
    }
}

TEST(NameTemplate, ErrorsQuoteTheTemplate) {
    for (const char* bad : {"a-{0..}", "a-{..5}", "a-{5..1}", "a-{0..10..0}", "a-{0...5}", "a-{1..2..3..4}",
                            "a-{1}", "a-{x..y}", "a-{-1..5}", "a-{0..5", "a-{0..5}}", "a-{{0..5}}",
                            "a-{0..1}b}", "{0..18446744073709551616}", "{0..4294967296}{0..4294967296}"}) {
        try {
            NameTemplate::parse(bad);
            ADD_FAILURE() << "accepted " << bad;
        } catch (const ErrBadRequest& e) {
            EXPECT_NE(std::string(e.what()).find(std::string("\"") + bad + "\""), std::string::npos)
                << e.what();
        }
    }
}

TEST(NameTemplate, FullUint64Range) {
    auto t = NameTemplate::parse("{18446744073709551614..18446744073709551615}");
    EXPECT_EQ(all(t), (V{"18446744073709551614", "18446744073709551615"}));
}

}  // namespace
}  // namespace ais
