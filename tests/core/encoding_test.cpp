#include "core/encoding.hpp"

#include <gtest/gtest.h>

namespace passeur::core {
namespace {

TEST(Encoding, HexAndSha256MatchPublishedVectors) {
    EXPECT_EQ(HexEncode(std::string("\x00\xff\x10", 3)), "00ff10");
    // FIPS 180-2 examples.
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Encoding, Base64UrlRoundTripsRfc4648Vectors) {
    EXPECT_EQ(Base64UrlEncode(""), "");
    EXPECT_EQ(Base64UrlEncode("f"), "Zg");
    EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
    EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
    EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
    for (std::string s : {"", "a", "ab", "abc", "abcd", "\xfb\xff\xfe"}) {
        auto back = Base64UrlDecode(Base64UrlEncode(s));
        ASSERT_TRUE(back.has_value());
        EXPECT_EQ(*back, s);
    }
    EXPECT_FALSE(Base64UrlDecode("Zm9v!").has_value());
    EXPECT_FALSE(Base64UrlDecode("Z").has_value());
}

TEST(Encoding, PercentDecoding) {
    EXPECT_EQ(PercentDecode("a%20b+c", true).value(), "a b c");
    EXPECT_EQ(PercentDecode("a%20b+c", false).value(), "a b+c");
    EXPECT_EQ(PercentDecode("%C3%A9", false).value(), "\xc3\xa9");
    EXPECT_FALSE(PercentDecode("%", false).has_value());
    EXPECT_FALSE(PercentDecode("%2", false).has_value());
    EXPECT_FALSE(PercentDecode("%zz", false).has_value());
    EXPECT_EQ(PercentEncode("é a/b"), "%C3%A9%20a%2Fb");
}

TEST(Encoding, Utf8Validation) {
    EXPECT_TRUE(IsValidUtf8("plain ascii"));
    EXPECT_TRUE(IsValidUtf8("d\xc3\xa9j\xc3\xa0 \xe2\x82\xac \xf0\x9f\x98\x80"));
    EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong '/'
    EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
    EXPECT_FALSE(IsValidUtf8("\xe2\x82"));      // truncated
    EXPECT_FALSE(IsValidUtf8("\xff"));
}

TEST(Encoding, ConstantTimeEquals) {
    EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
    EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
    EXPECT_FALSE(ConstantTimeEquals("secret", "secret1"));
    EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(Encoding, EscapeXmlEscapesEveryMarkupCharacter) {
    EXPECT_EQ(EscapeXml(R"(<a href="x" title='y'>&</a>)"),
              "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    EXPECT_EQ(EscapeXml("Élodie à 10 km"), "Élodie à 10 km");
    EXPECT_EQ(EscapeXml(""), "");
}

}  // namespace
}  // namespace passeur::core
