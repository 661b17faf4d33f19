// WinAnsi conversion (every cp1252 character round-trips through core's independent cp1252
// decoder), Helvetica metrics (spot values from Adobe's AFM files) and line wrapping.
#include <string>

#include <gtest/gtest.h>

#include "certificate/helvetica_metrics.hpp"
#include "certificate/text_layout.hpp"
#include "certificate/win_ansi.hpp"
#include "core/unicode.hpp"

namespace passeur::certificate {
namespace {

TEST(WinAnsi, MapsFrenchTypography) {
    const WinAnsiText text = Utf8ToWinAnsi("Compétences « œuvre » – l’été — 5 € … ç ô à è Ÿ");
    EXPECT_EQ(
        text.bytes,
        "Comp\xE9tences \xAB \x9Cuvre \xBB \x96 l\x92\xE9t\xE9 \x97 5 \x80 \x85 \xE7 \xF4 \xE0 \xE8 \x9F");
    EXPECT_EQ(text.replaced, 0U);
}

TEST(WinAnsi, EveryCp1252CharacterRoundTrips) {
    int checked = 0;
    for (int byte = 0x20; byte <= 0xFF; ++byte) {
        if (byte == 0x7F || byte == 0x81 || byte == 0x8D || byte == 0x8F || byte == 0x90 || byte == 0x9D)
            continue;
        const std::string original(1, static_cast<char>(byte));
        const WinAnsiText text = Utf8ToWinAnsi(core::Windows1252ToUtf8(original));
        EXPECT_EQ(text.bytes, original) << "byte " << byte;
        EXPECT_EQ(text.replaced, 0U);
        ++checked;
    }
    EXPECT_EQ(checked, 218);
}

TEST(WinAnsi, ComposesDecomposedAccentsFirst) {
    EXPECT_EQ(Utf8ToWinAnsi("e\xCC\x81l\xC3\xA8ve").bytes, "\xE9l\xE8ve");  // e + U+0301
}

TEST(WinAnsi, ReplacesWhatCp1252LacksAndCountsIt) {
    const WinAnsiText text = Utf8ToWinAnsi("Nguyễn Văn An 😀 Łódź");
    EXPECT_EQ(text.bytes,
              "Nguy?n V?n An ? ?\xF3"
              "d?");
    EXPECT_EQ(text.replaced, 5U);
}

TEST(WinAnsi, ControlsAndIllFormedInputNeverReachTheOutput) {
    const WinAnsiText text = Utf8ToWinAnsi(
        "a\tb\nc\rd\x01"
        "e\x7F"
        "f\xFFg\xC2\x85h");
    EXPECT_EQ(text.bytes, "a b c d?e?f?g?h");
    EXPECT_EQ(text.replaced, 4U);
    for (const char c : text.bytes) EXPECT_GE(static_cast<unsigned char>(c), 0x20);
}

TEST(WinAnsi, MapsLookAlikes) {
    EXPECT_EQ(Utf8ToWinAnsi("a\u202F:\u2009b\u2011c\u2212d").bytes, "a\xA0: b-c-d");
    EXPECT_FALSE(ToWinAnsi(U'\u0394').has_value());
    EXPECT_EQ(ToWinAnsi(U'\u20AC'), 0x80);
}

TEST(HelveticaMetrics, MatchTheAdobeAfmFiles) {
    EXPECT_EQ(GlyphWidth(PdfFont::kHelvetica, ' '), 278);
    EXPECT_EQ(GlyphWidth(PdfFont::kHelvetica, 'A'), 667);
    EXPECT_EQ(GlyphWidth(PdfFont::kHelvetica, '@'), 1015);
    EXPECT_EQ(GlyphWidth(PdfFont::kHelvetica, '\''), 191);    // quotesingle
    EXPECT_EQ(GlyphWidth(PdfFont::kHelvetica, '\xE9'), 556);  // eacute
    EXPECT_EQ(GlyphWidth(PdfFont::kHelvetica, '\xB5'), 556);  // mu
    EXPECT_EQ(GlyphWidth(PdfFont::kHelvetica, '\x80'), 556);  // Euro
    EXPECT_EQ(GlyphWidth(PdfFont::kHelvetica, '\x92'), 222);  // quoteright
    EXPECT_EQ(GlyphWidth(PdfFont::kHelvetica, '\x9C'), 944);  // oe
    EXPECT_EQ(GlyphWidth(PdfFont::kHelveticaBold, 'A'), 722);
    EXPECT_EQ(GlyphWidth(PdfFont::kHelveticaBold, '\xB5'), 611);  // mu
    EXPECT_EQ(GlyphWidth(PdfFont::kHelveticaBold, '\x93'), 500);  // quotedblleft
    EXPECT_EQ(GlyphWidth(PdfFont::kHelveticaBold, '\xFE'), 611);  // thorn
    EXPECT_EQ(GlyphWidth(PdfFont::kHelvetica, '\x81'), 350);      // undefined: drawn as a bullet
    EXPECT_EQ(GlyphWidth(PdfFont::kHelvetica, '\n'), 0);
    EXPECT_DOUBLE_EQ(TextWidth(PdfFont::kHelvetica, "AV", 10), (667 + 667) / 100.0);
    EXPECT_EQ(BaseFontName(PdfFont::kHelveticaBold), "Helvetica-Bold");
}

TEST(WrapText, BreaksAtSpacesWithinTheWidth) {
    const std::string text = "Utiliser les services publics en ligne pour ses démarches administratives";
    const WrappedText wrapped = WrapText(text, PdfFont::kHelvetica, 10, 120, 10);
    ASSERT_GE(wrapped.lines.size(), 3U);
    EXPECT_FALSE(wrapped.truncated);
    std::string joined;
    for (const std::string& line : wrapped.lines) {
        EXPECT_LE(TextWidth(PdfFont::kHelvetica, line, 10), 120);
        EXPECT_FALSE(line.empty());
        EXPECT_NE(line.front(), ' ');
        EXPECT_NE(line.back(), ' ');
        joined += (joined.empty() ? "" : " ") + line;
    }
    EXPECT_EQ(joined, text);
    // Each line is as full as it can be: the next word would not have fitted.
    for (std::size_t i = 0; i + 1 < wrapped.lines.size(); ++i) {
        const std::string next_word = wrapped.lines[i + 1].substr(0, wrapped.lines[i + 1].find(' '));
        EXPECT_GT(TextWidth(PdfFont::kHelvetica, wrapped.lines[i] + " " + next_word, 10), 120);
    }
}

TEST(WrapText, BreaksLongWordsBetweenCharacters) {
    const std::string url = "https://passeur.example.fr/verifier/" + std::string(80, 'a');
    const WrappedText wrapped = WrapText(url, PdfFont::kHelvetica, 9, 100, 10);
    ASSERT_GE(wrapped.lines.size(), 2U);
    std::string joined;
    for (const std::string& line : wrapped.lines) {
        EXPECT_LE(TextWidth(PdfFont::kHelvetica, line, 9), 100);
        joined += line;
    }
    EXPECT_EQ(joined, url);
}

TEST(WrapText, TruncatesWithAnEllipsis) {
    const std::string text(400, 'm');
    const WrappedText wrapped = WrapText("Titre " + text, PdfFont::kHelveticaBold, 18, 300, 2);
    ASSERT_EQ(wrapped.lines.size(), 2U);
    EXPECT_TRUE(wrapped.truncated);
    EXPECT_EQ(wrapped.lines.back().back(), '\x85');
    EXPECT_LE(TextWidth(PdfFont::kHelveticaBold, wrapped.lines.back(), 18), 300);
    EXPECT_EQ(FitLine("court", PdfFont::kHelvetica, 10, 300), "court");
    const std::string fitted = FitLine("un deux trois quatre cinq six", PdfFont::kHelvetica, 10, 60);
    EXPECT_EQ(fitted.back(), '\x85');
    EXPECT_LE(TextWidth(PdfFont::kHelvetica, fitted, 10), 60);
}

TEST(WrapText, CollapsesSpacesAndHandlesBlankText) {
    EXPECT_EQ(WrapText("  a   b  ", PdfFont::kHelvetica, 10, 300, 3).lines, std::vector<std::string>{"a b"});
    EXPECT_TRUE(WrapText("    ", PdfFont::kHelvetica, 10, 300, 3).lines.empty());
    EXPECT_TRUE(WrapText("abc", PdfFont::kHelvetica, 10, 300, 0).lines.empty());
    // A no-break space (0xA0) does not break: "bbbb\xA0cccc" moves to the next line as one word.
    EXPECT_EQ(WrapText("aaaa bbbb\xA0"
                       "cccc",
                       PdfFont::kHelvetica, 10, 50, 3)
                  .lines,
              (std::vector<std::string>{"aaaa",
                                        "bbbb\xA0"
                                        "cccc"}));
}

}  // namespace
}  // namespace passeur::certificate
