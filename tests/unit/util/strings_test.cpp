#include "shared/util/strings.hpp"

#include <gtest/gtest.h>

#include "shared/util/errors.hpp"

namespace ais {
namespace {

TEST(ParseBool, AcceptsAisSpellings) {
    for (const char* s : {"1", "t", "T", "true", "True", "TRUE", "y", "Y", "yes", "YES", "on", "On"})
        EXPECT_TRUE(parse_bool(s)) << s;
    for (const char* s : {"", "0", "f", "F", "false", "False", "FALSE", "n", "no", "NO", "off", "Off"})
        EXPECT_FALSE(parse_bool(s)) << s;
}

TEST(ParseBool, RejectsOtherValuesNamingThem) {
    for (const char* s : {"2", "yess", "tru", "enable", " true", "true ", "falsey", "-1"}) {
        try {
            parse_bool(s);
            ADD_FAILURE() << "accepted " << s;
        } catch (const ErrBadRequest& e) {
            EXPECT_EQ(e.status(), 400);
            EXPECT_NE(std::string(e.what()).find(std::string("\"") + s + "\""), std::string::npos)
                << e.what();
        }
    }
}

TEST(Strings, CaseHelpers) {
    EXPECT_TRUE(iequals("Ais-Checksum-Type", "ais-checksum-type"));
    EXPECT_TRUE(iequals("", ""));
    EXPECT_FALSE(iequals("abc", "abd"));
    EXPECT_FALSE(iequals("abc", "abcd"));
    EXPECT_EQ(to_lower("HeLLo-World_42"), "hello-world_42");
    EXPECT_EQ(to_lower("ÄB"),
              "\xC3\x84"
              "b");  // non-ASCII bytes untouched
}

TEST(Strings, SplitHasGoSemantics) {
    using V = std::vector<std::string_view>;
    EXPECT_EQ(split("a,b,c", ','), (V{"a", "b", "c"}));
    EXPECT_EQ(split("a,,b", ','), (V{"a", "", "b"}));
    EXPECT_EQ(split(",a,", ','), (V{"", "a", ""}));
    EXPECT_EQ(split("", ','), (V{""}));
    EXPECT_EQ(split("abc", ','), (V{"abc"}));
}

TEST(JsonQuote, EscapesPerRfc8259) {
    EXPECT_EQ(json_quote(""), "\"\"");
    EXPECT_EQ(json_quote("plain text"), "\"plain text\"");
    EXPECT_EQ(json_quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(json_quote("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
    EXPECT_EQ(json_quote(std::string_view("\x00\x01\x1f", 3)), "\"\\u0000\\u0001\\u001f\"");
    EXPECT_EQ(json_quote("\x7f"), "\"\x7f\"");
    // No HTML escaping, '/' untouched.
    EXPECT_EQ(json_quote("<a href='x'>&</a>/"), "\"<a href='x'>&</a>/\"");
}

TEST(JsonQuote, Utf8PassesThroughInvalidBecomesReplacement) {
    EXPECT_EQ(json_quote("объект-日本語-🙂"), "\"объект-日本語-🙂\"");
    EXPECT_EQ(json_quote("\xE2\x80\xA8|\xE2\x80\xA9"), "\"\\u2028|\\u2029\"");
    EXPECT_EQ(json_quote("a\xFF"
                         "b"),
              "\"a\\ufffdb\"");
    EXPECT_EQ(json_quote("\xC3"), "\"\\ufffd\"");                        // truncated sequence
    EXPECT_EQ(json_quote("\xC0\xAF"), "\"\\ufffd\\ufffd\"");             // overlong '/'
    EXPECT_EQ(json_quote("\xED\xA0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");  // UTF-16 surrogate
}

TEST(Url, EscapePath) {
    EXPECT_EQ(url_escape_path("dir/sub/file-1_2.3~x"), "dir/sub/file-1_2.3~x");
    EXPECT_EQ(url_escape_path("a b+c&d=e?f#g%h"), "a%20b%2Bc%26d%3De%3Ff%23g%25h");
    EXPECT_EQ(url_escape_path("日"), "%E6%97%A5");
    EXPECT_EQ(url_escape_path(""), "");
}

TEST(Url, EscapeQuery) {
    EXPECT_EQ(url_escape_query("ais/@#/dst/obj"), "ais%2F%40%23%2Fdst%2Fobj");
    EXPECT_EQ(url_escape_query("a b+c&d=e"), "a%20b%2Bc%26d%3De");
    EXPECT_EQ(url_escape_query("AZaz09-._~"), "AZaz09-._~");
}

TEST(Url, Unescape) {
    EXPECT_EQ(url_unescape("a%20b%2bc%2Fd"), "a b+c/d");
    EXPECT_EQ(url_unescape("a+b"), "a+b");
    EXPECT_EQ(url_unescape("%E6%97%A5%e6%97%a5"), "日日");
    EXPECT_EQ(url_unescape(""), "");
    for (const char* bad : {"%", "%2", "%zz", "abc%4", "%g0"})
        EXPECT_THROW(url_unescape(bad), ErrBadRequest) << bad;
}

TEST(Url, RoundTripsAllBytes) {
    std::string all;
    for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
    EXPECT_EQ(url_unescape(url_escape_path(all)), all);
    EXPECT_EQ(url_unescape(url_escape_query(all)), all);
}

TEST(Base36, MatchesGoFormatUint) {
    EXPECT_EQ(base36(0), "0");
    EXPECT_EQ(base36(35), "z");
    EXPECT_EQ(base36(36), "10");
    EXPECT_EQ(base36(1767323045123456789ULL), "dfdrqek9phqt");
    EXPECT_EQ(base36(UINT64_MAX), "3w5e11264sgsf");
}

TEST(Base64, KnownValuesAndRoundTrip) {
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64_encode("\xFB\xFF"), "+/8=");
    EXPECT_EQ(base64_decode("Zm9vYmE="), "fooba");
    EXPECT_EQ(base64_decode("Zm9vYmE"), "fooba");  // unpadded accepted
    EXPECT_EQ(base64_decode(""), "");
    std::string all;
    for (int i = 0; i < 1000; ++i) all.push_back(static_cast<char>(i * 37 % 256));
    for (size_t n = 0; n < 8; ++n) EXPECT_EQ(base64_decode(base64_encode(all.substr(n))), all.substr(n));
    for (const char* bad : {"Z", "Zm9v!", "Zg=a", "====", "Zh==", "Zm9vY"})
        EXPECT_THROW(base64_decode(bad), ErrBadRequest) << bad;
}

TEST(ParseInt, WholeStringOnly) {
    EXPECT_EQ(parse_int("0"), 0);
    EXPECT_EQ(parse_int("-42"), -42);
    EXPECT_EQ(parse_int("+42"), 42);
    EXPECT_EQ(parse_int("9223372036854775807"), INT64_MAX);
    EXPECT_EQ(parse_int("-9223372036854775808"), INT64_MIN);
    for (const char* bad : {"", "+", "-", "9223372036854775808", "12a", " 1", "1 ", "0x10", "+-1", "1.0"})
        EXPECT_FALSE(parse_int(bad).has_value()) << bad;

    EXPECT_EQ(parse_uint("18446744073709551615"), UINT64_MAX);
    EXPECT_EQ(parse_uint("007"), 7u);
    for (const char* bad : {"", "-1", "+1", "18446744073709551616", "1e3"})
        EXPECT_FALSE(parse_uint(bad).has_value()) << bad;
}

}  // namespace
}  // namespace ais

TEST(Strings, XmlEscapeRoundTrip) {
    EXPECT_EQ(ais::xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
    EXPECT_EQ(ais::xml_unescape("a&lt;b&gt;&amp;&quot;c&apos;"), "a<b>&\"c'");
    EXPECT_EQ(ais::xml_unescape("&#65;&#x42;&#xe9;&#x540D;"), "AB\xc3\xa9\xe5\x90\x8d");
    for (std::string s : {"", "plain", "dir/obj name+%?#", "ünïcødé 名前 <&>"})
        EXPECT_EQ(ais::xml_unescape(ais::xml_escape(s)), s) << s;
}
