#include "core/unicode.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace passeur::core {
namespace {

std::string U8(const char8_t* s) { return std::string(reinterpret_cast<const char*>(s)); }

TEST(Unicode, ComposedAndDecomposedE) {
    const std::string composed = U8(u8"\u00e9");
    const std::string decomposed = U8(u8"e\u0301");
    EXPECT_EQ(ToNfc(decomposed), composed);
    EXPECT_EQ(ToNfc(composed), composed);
    EXPECT_EQ(ToNfd(composed), decomposed);
    EXPECT_EQ(ToNfd(decomposed), decomposed);
    EXPECT_EQ(ToNfc(U8(u8"Cr\u00e9teil et Cre\u0301teil")), U8(u8"Cr\u00e9teil et Cr\u00e9teil"));
}

TEST(Unicode, SingletonsNeverRecompose) {
    // U+212B ANGSTROM SIGN -> U+00C5; U+2126 OHM SIGN -> U+03A9 (singleton decompositions).
    EXPECT_EQ(ToNfc(U8(u8"\u212b")), U8(u8"\u00c5"));
    EXPECT_EQ(ToNfd(U8(u8"\u212b")), U8(u8"A\u030a"));
    EXPECT_EQ(ToNfc(U8(u8"\u2126")), U8(u8"\u03a9"));
    EXPECT_EQ(ToNfd(U8(u8"\u2126")), U8(u8"\u03a9"));
    EXPECT_EQ(ToNfc(U8(u8"A\u030a")), U8(u8"\u00c5"));
}

TEST(Unicode, CompositionExclusionsStayDecomposed) {
    // U+0958 DEVANAGARI QA is excluded from composition; U+0344 is a non-starter decomposition.
    EXPECT_EQ(ToNfc(U8(u8"\u0958")), U8(u8"\u0915\u093c"));
    EXPECT_EQ(ToNfc(U8(u8"\u0344")), U8(u8"\u0308\u0301"));
}

TEST(Unicode, HangulIsAlgorithmic) {
    // U+D4DB = L U+1111, V U+1171, T U+11B6.
    EXPECT_EQ(ToNfd(U8(u8"\ud4db")), U8(u8"\u1111\u1171\u11b6"));
    EXPECT_EQ(ToNfc(U8(u8"\u1111\u1171\u11b6")), U8(u8"\ud4db"));
    EXPECT_EQ(ToNfc(U8(u8"\u1100\u1161")), U8(u8"\uac00"));
    EXPECT_EQ(ToNfc(U8(u8"\uac00\u11a8")), U8(u8"\uac01"));
    EXPECT_EQ(ToNfd(U8(u8"\uac00")), U8(u8"\u1100\u1161"));
}

TEST(Unicode, CombiningMarksAreOrderedByClass) {
    // dot below (220) sorts before circumflex (230) whatever the input order.
    EXPECT_EQ(ToNfd(U8(u8"e\u0302\u0323")), U8(u8"e\u0323\u0302"));
    EXPECT_EQ(ToNfd(U8(u8"e\u0323\u0302")), U8(u8"e\u0323\u0302"));
    EXPECT_EQ(ToNfc(U8(u8"e\u0302\u0323")), U8(u8"\u1ec7"));
    // Same class marks keep their order (and block each other).
    EXPECT_EQ(ToNfc(U8(u8"a\u0301\u0300")), U8(u8"\u00e1\u0300"));
    EXPECT_EQ(ToNfc(U8(u8"a\u0300\u0301")), U8(u8"\u00e0\u0301"));
    EXPECT_EQ(CombiningClass(0x0323), 220);
    EXPECT_EQ(CombiningClass(0x0302), 230);
    EXPECT_EQ(CombiningClass('a'), 0);
}

TEST(Unicode, VietnameseMultipleMarks) {
    const std::string nfc = U8(u8"Ti\u1ebfng Vi\u1ec7t, Nguy\u1ec5n, H\u00e0 N\u1ed9i");
    const std::string nfd =
        U8(u8"Tie\u0302\u0301ng Vie\u0323\u0302t, Nguye\u0302\u0303n, Ha\u0300 No\u0323\u0302i");
    EXPECT_EQ(ToNfd(nfc), nfd);
    EXPECT_EQ(ToNfc(nfd), nfc);
    EXPECT_EQ(StripMarks(nfc), "Tieng Viet, Nguyen, Ha Noi");
    EXPECT_EQ(StripMarks(U8(u8"\u00c9l\u00e8ve \u00e0 l'\u0153uvre, \u00e7a")),
              U8(u8"Eleve a l'\u0153uvre, ca"));
}

TEST(Unicode, SimpleLowercase) {
    EXPECT_EQ(ToLower(U8(u8"\u00c9COLE \u00c0 SAINT-\u00c9TIENNE")),
              U8(u8"\u00e9cole \u00e0 saint-\u00e9tienne"));
    EXPECT_EQ(ToLower(U8(u8"\u03a3\u0391\u03a3")), U8(u8"\u03c3\u03b1\u03c3"));  // no final-sigma rule
    EXPECT_EQ(ToLower(U8(u8"\u0130")), "i");                                     // simple, not full
    EXPECT_EQ(ToLower(U8(u8"\u0414\u0416")), U8(u8"\u0434\u0436"));
    EXPECT_EQ(ToLower(U8(u8"\U00010400")), U8(u8"\U00010428"));  // Deseret, outside the BMP
    EXPECT_EQ(ToLower("ABC xyz 123"), "abc xyz 123");
}

TEST(Unicode, IllFormedInputBecomesReplacementPerMaximalSubpart) {
    const std::string fffd = U8(u8"\ufffd");
    EXPECT_EQ(SanitizeUtf8("\xe0\x80\x80"), fffd + fffd + fffd);
    EXPECT_EQ(SanitizeUtf8("a\xe1\x80"
                           "b"),
              "a" + fffd + "b");
    EXPECT_EQ(SanitizeUtf8("\xf4\x90\x80\x80"), fffd + fffd + fffd + fffd);
    EXPECT_EQ(SanitizeUtf8("\xed\xa0\x80"), fffd + fffd + fffd);  // surrogate
    EXPECT_EQ(SanitizeUtf8("\xc0\xaf"), fffd + fffd);             // overlong
    EXPECT_EQ(SanitizeUtf8("\xf0\x9f\x98"), fffd);                // truncated at the end
    EXPECT_EQ(SanitizeUtf8("\xff"), fffd);
    EXPECT_EQ(ToNfc("caf\xe9"), "caf" + fffd);
    EXPECT_EQ(ToNfd("\xc3"), fffd);
    EXPECT_EQ(ToLower("A\x80"), "a" + fffd);
    EXPECT_EQ(StripMarks("e\xcc"), "e" + fffd);
}

TEST(Unicode, Windows1252) {
    EXPECT_EQ(Windows1252ToUtf8("Cr\xe9teil \x80 \x9c \x92"), U8(u8"Cr\u00e9teil \u20ac \u0153 \u2019"));
    EXPECT_EQ(Windows1252ToUtf8("\x81\x8d"), U8(u8"\u0081\u008d"));
}

TEST(Unicode, DecodeAndAppend) {
    EXPECT_EQ(DecodeUtf8(U8(u8"a\u00e9\u20ac\U0001F600")), U"a\u00e9\u20ac\U0001F600");
    std::string out;
    AppendUtf8(out, 0xD800);
    AppendUtf8(out, 0x110000);
    EXPECT_EQ(out, U8(u8"\ufffd\ufffd"));
    EXPECT_EQ(UnicodeVersion(), "14.0.0");
}

std::string FromHex(const std::string& field) {
    std::string out;
    std::istringstream in(field);
    std::string token;
    while (in >> token) AppendUtf8(out, static_cast<char32_t>(std::strtoul(token.c_str(), nullptr, 16)));
    return out;
}

std::vector<std::string> SplitSemicolons(const std::string& line) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t pos; (pos = line.find(';', start)) != std::string::npos; start = pos + 1) {
        parts.push_back(line.substr(start, pos - start));
    }
    parts.push_back(line.substr(start));
    return parts;
}

// Golden file: every decomposable code point, every lowercase mapping, Hangul and random mark
// sequences, with the results of Python's unicodedata (scripts/gen_unicode_tables.py).
TEST(Unicode, MatchesPythonUnicodedata) {
    std::ifstream in(PASSEUR_UNICODE_CASES_FILE);
    ASSERT_TRUE(in) << PASSEUR_UNICODE_CASES_FILE;
    std::string line;
    int cases = 0;
    int failures = 0;
    int line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        if (line.empty() || line[0] == '#') continue;
        const auto parts = SplitSemicolons(line);
        ASSERT_EQ(parts.size(), 5U) << "line " << line_number;
        const std::string input = FromHex(parts[0]);
        const bool ok = ToNfc(input) == FromHex(parts[1]) && ToNfd(input) == FromHex(parts[2]) &&
                        ToLower(input) == FromHex(parts[3]) && StripMarks(input) == FromHex(parts[4]);
        if (!ok && ++failures <= 10) ADD_FAILURE() << "unicode_cases.txt:" << line_number << ": " << parts[0];
        ++cases;
    }
    EXPECT_GT(cases, 6500);
    EXPECT_EQ(failures, 0);
}

TEST(Unicode, IsFastEnoughOnLongText) {
    std::string text;
    for (int i = 0; i < 20000; ++i) text += U8(u8"Tie\u0302\u0301ng Vi\u1ec7t \u00e9cole ");
    const auto start = std::chrono::steady_clock::now();
    const std::string nfc = ToNfc(text);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(ToNfc(nfc), nfc);
    // ~560 KB of decomposed text: ~10 ms in Release, ~0.3 s in Debug; the bound catches quadratic behaviour.
    EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 5000);
}

}  // namespace
}  // namespace passeur::core
