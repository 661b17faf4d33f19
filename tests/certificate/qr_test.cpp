// QR codes: symbol sizes against the byte-mode capacities of ISO/IEC 18004 (level M), finder,
// separator and timing patterns, the format information (it must say level M and pass its BCH
// check), determinism, refused inputs, and the SVG (parsed as XML, one path run per dark run).
#include "certificate/qr.hpp"

#include <algorithm>
#include <array>
#include <sstream>
#include <string>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <gtest/gtest.h>

namespace passeur::certificate {
namespace {

// Byte-mode capacity at error correction level M of versions 1..26 (ISO/IEC 18004:2015 Table 7).
constexpr std::array<int, 26> kByteCapacityM = {14,  26,  42,  62,  84,  106, 122, 152, 180,
                                                213, 251, 287, 331, 362, 412, 450, 504, 560,
                                                624, 666, 711, 779, 857, 911, 997, 1059};

int ExpectedVersion(std::size_t bytes) {
    for (std::size_t v = 0; v < kByteCapacityM.size(); ++v) {
        if (static_cast<std::size_t>(kByteCapacityM[v]) >= bytes) return static_cast<int>(v) + 1;
    }
    return -1;
}

// True when the 7x7 square with its top-left corner at (x0, y0) is a finder pattern: dark ring,
// light ring, dark 3x3 centre.
bool IsFinder(const QrMatrix& qr, int x0, int y0) {
    for (int y = 0; y < 7; ++y) {
        for (int x = 0; x < 7; ++x) {
            const bool ring = x == 0 || x == 6 || y == 0 || y == 6;
            const bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
            if (qr.At(x0 + x, y0 + y) != (ring || centre)) return false;
        }
    }
    return true;
}

// The 15 format bits around the top-left finder, bit 14 first (ISO/IEC 18004 §7.9.1, Figure 25):
// bits 0..5 at (8, 0..5), 6 at (8, 7), 7 at (8, 8), 8 at (7, 8), 9..14 at (5..0, 8).
unsigned ReadFormatTopLeft(const QrMatrix& qr) {
    unsigned word = 0;
    const auto bit = [&](int index, int x, int y) {
        if (qr.At(x, y)) word |= 1U << static_cast<unsigned>(index);
    };
    for (int i = 0; i < 6; ++i) bit(i, 8, i);
    bit(6, 8, 7);
    bit(7, 8, 8);
    bit(8, 7, 8);
    for (int i = 9; i < 15; ++i) bit(i, 14 - i, 8);
    return word;
}

// The second copy: bits 0..7 at (size-1-i, 8), bits 8..14 at (8, size-7+(i-8)).
unsigned ReadFormatSecondCopy(const QrMatrix& qr) {
    unsigned word = 0;
    for (int i = 0; i < 8; ++i) {
        if (qr.At(qr.size - 1 - i, 8)) word |= 1U << static_cast<unsigned>(i);
    }
    for (int i = 8; i < 15; ++i) {
        if (qr.At(8, qr.size - 15 + i)) word |= 1U << static_cast<unsigned>(i);
    }
    return word;
}

// Format codeword of 5 data bits: BCH(15,5) with generator x^10+x^8+x^5+x^4+x^2+x+1, masked.
unsigned FormatCodeword(unsigned data) {
    unsigned value = data << 10;
    for (int shift = 4; shift >= 0; --shift) {
        if (value & (1U << static_cast<unsigned>(shift + 10)))
            value ^= 0x537U << static_cast<unsigned>(shift);
    }
    return ((data << 10) | value) ^ 0x5412U;
}

TEST(Qr, SizesFollowTheVersionTableAtLevelM) {
    const std::string url = "https://passeur.example.fr/verifier/6f1c2a8e-4b7d-4e0a-9c3f-2d5b8e1a7c40";
    ASSERT_EQ(url.size(), 72U);
    const auto qr = EncodeQr(url);
    ASSERT_TRUE(qr) << qr.error().message;
    EXPECT_EQ(qr->size, 37);  // 72 bytes: over 62 (version 4), within 84 -> version 5
    EXPECT_EQ(qr->Version(), 5);
    EXPECT_EQ(qr->modules.size(), 37U * 37U);
    for (const std::size_t length :
         {1, 14, 15, 26, 27, 42, 43, 62, 63, 84, 85, 180, 181, 213, 214, 500, 997, 998, 1000}) {
        const auto code = EncodeQr(std::string(length, 'a'));
        ASSERT_TRUE(code) << length;
        const int version = ExpectedVersion(length);
        EXPECT_EQ(code->size, 17 + 4 * version) << length << " bytes";
    }
}

TEST(Qr, HasFinderPatternsAtThreeCornersAndTimingPatterns) {
    for (const std::string& text :
         {std::string("https://a.fr/v/1"), std::string(300, 'x'), std::string(1000, '/')}) {
        const auto qr = EncodeQr(text);
        ASSERT_TRUE(qr);
        const int n = qr->size;
        EXPECT_TRUE(IsFinder(*qr, 0, 0));
        EXPECT_TRUE(IsFinder(*qr, n - 7, 0));
        EXPECT_TRUE(IsFinder(*qr, 0, n - 7));
        EXPECT_FALSE(IsFinder(*qr, n - 7, n - 7));
        // Light separators around the finders.
        for (int i = 0; i < 8; ++i) {
            EXPECT_FALSE(qr->At(7, i));
            EXPECT_FALSE(qr->At(i, 7));
            EXPECT_FALSE(qr->At(n - 8, i));
            EXPECT_FALSE(qr->At(7, n - 1 - i));
        }
        // Timing patterns: row 6 and column 6 alternate between the finders, dark on even indexes.
        for (int i = 8; i < n - 8; ++i) {
            EXPECT_EQ(qr->At(i, 6), i % 2 == 0) << "row 6, column " << i;
            EXPECT_EQ(qr->At(6, i), i % 2 == 0) << "column 6, row " << i;
        }
        // The dark module next to the bottom-left finder.
        EXPECT_TRUE(qr->At(8, n - 8));
    }
}

TEST(Qr, FormatInformationSaysLevelM) {
    const auto qr = EncodeQr("https://passeur.example.fr/verifier/abc");
    ASSERT_TRUE(qr);
    const unsigned word = ReadFormatTopLeft(*qr);
    EXPECT_EQ(word, ReadFormatSecondCopy(*qr));
    int matches = 0;
    for (unsigned level_bits = 0; level_bits < 4; ++level_bits) {
        for (unsigned mask = 0; mask < 8; ++mask) {
            if (FormatCodeword((level_bits << 3) | mask) != word) continue;
            ++matches;
            EXPECT_EQ(level_bits, 0U) << "error correction bits: 01 = L, 00 = M, 11 = Q, 10 = H";
        }
    }
    EXPECT_EQ(matches, 1) << "format word " << word << " is no valid codeword";
}

TEST(Qr, IsDeterministicAndDependsOnTheText) {
    const auto a = EncodeQr("https://passeur.example.fr/verifier/1");
    const auto b = EncodeQr("https://passeur.example.fr/verifier/1");
    const auto c = EncodeQr("https://passeur.example.fr/verifier/2");
    ASSERT_TRUE(a && b && c);
    EXPECT_EQ(a->modules, b->modules);
    EXPECT_EQ(a->size, c->size);
    EXPECT_NE(a->modules, c->modules);
}

TEST(Qr, EncodesArbitraryBytesIncludingNul) {
    const std::string bytes("a\0b\xff\xfe", 5);
    const auto qr = EncodeQr(bytes);
    ASSERT_TRUE(qr);
    EXPECT_EQ(qr->size, 21);
}

TEST(Qr, RefusesEmptyAndTooLongText) {
    const auto empty = EncodeQr("");
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(empty.error().field, "text");
    const auto too_long = EncodeQr(std::string(kMaxQrTextBytes + 1, 'a'));
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(too_long.error().field, "text");
    EXPECT_NE(too_long.error().message.find("1001 bytes"), std::string::npos) << too_long.error().message;
    EXPECT_TRUE(EncodeQr(std::string(kMaxQrTextBytes, 'a')));
}

int CountRuns(const QrMatrix& qr) {
    int runs = 0;
    for (int y = 0; y < qr.size; ++y) {
        for (int x = 0; x < qr.size; ++x) {
            if (qr.At(x, y) && (x == 0 || !qr.At(x - 1, y))) ++runs;
        }
    }
    return runs;
}

TEST(QrSvg, IsWellFormedAccessibleAndHasOneSubpathPerRun) {
    const auto qr = EncodeQr("https://passeur.example.fr/verifier/xyz");
    ASSERT_TRUE(qr);
    const std::string svg = QrSvg(*qr, "Code QR <vérification> & \"lien\"\x01");
    std::istringstream in(svg);
    boost::property_tree::ptree tree;
    ASSERT_NO_THROW(boost::property_tree::read_xml(in, tree)) << svg.substr(0, 300);
    const auto& root = tree.get_child("svg");
    const int n = qr->size + 8;
    EXPECT_EQ(root.get<std::string>("<xmlattr>.role"), "img");
    EXPECT_EQ(root.get<std::string>("<xmlattr>.viewBox"),
              "0 0 " + std::to_string(n) + " " + std::to_string(n));
    EXPECT_EQ(root.get<std::string>("<xmlattr>.shape-rendering"), "crispEdges");
    EXPECT_EQ(root.get<std::string>("title"), "Code QR <vérification> & \"lien\" ");
    EXPECT_EQ(root.front().first, "<xmlattr>");
    EXPECT_EQ(std::next(root.begin())->first, "title");  // the accessible name comes first
    EXPECT_EQ(root.get<std::string>("rect.<xmlattr>.fill"), "#fff");
    EXPECT_EQ(root.get<std::string>("path.<xmlattr>.fill"), "#000");
    EXPECT_EQ(root.count("path"), 1U);
    const std::string d = root.get<std::string>("path.<xmlattr>.d");
    const auto moves = std::count(d.begin(), d.end(), 'M');
    EXPECT_GT(moves, 0);
    EXPECT_EQ(moves, CountRuns(*qr));
    EXPECT_EQ(svg.find("style"), std::string::npos);
    // The first run is the top row of the top-left finder: 7 modules from (4, 4).
    EXPECT_EQ(d.substr(0, 12), "M4 4h7v1h-7z");
}

TEST(QrSvg, EmptyMatrixGivesNothing) { EXPECT_EQ(QrSvg(QrMatrix{}, "x"), ""); }

}  // namespace
}  // namespace passeur::certificate
