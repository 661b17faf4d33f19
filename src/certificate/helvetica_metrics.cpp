#include "certificate/helvetica_metrics.hpp"

#include <array>
#include <cstdint>

namespace passeur::certificate {
namespace {

// Codes 32..255 of WinAnsiEncoding (PDF 1.7 Appendix D.2): ASCII, then the cp1252 0x80..0x9F glyphs
// (Euro quotesinglbase florin quotedblbase ellipsis dagger daggerdbl circumflex perthousand Scaron
// guilsinglleft OE Zcaron quoteleft quoteright quotedblleft quotedblright bullet endash emdash
// tilde trademark scaron guilsinglright oe zcaron Ydieresis; undefined codes = bullet), then
// ISO Latin-1 (0xA0 = space, 0xAD = hyphen).
constexpr std::array<std::uint16_t, 224> kHelvetica = {
    278,  278, 355, 556, 556, 889,  667,  191,  333, 333,  389, 584, 278,  333, 278, 278,  // 0x20
    556,  556, 556, 556, 556, 556,  556,  556,  556, 556,  278, 278, 584,  584, 584, 556,  // 0x30
    1015, 667, 667, 722, 722, 667,  611,  778,  722, 278,  500, 667, 556,  833, 722, 778,  // 0x40
    667,  778, 722, 667, 611, 722,  667,  944,  667, 667,  611, 278, 278,  278, 469, 556,  // 0x50
    333,  556, 556, 500, 556, 556,  278,  556,  556, 222,  222, 500, 222,  833, 556, 556,  // 0x60
    556,  556, 333, 500, 278, 556,  500,  722,  500, 500,  500, 334, 260,  334, 584, 350,  // 0x70
    556,  350, 222, 556, 333, 1000, 556,  556,  333, 1000, 667, 333, 1000, 350, 611, 350,  // 0x80
    350,  222, 222, 333, 333, 350,  556,  1000, 333, 1000, 500, 333, 944,  350, 500, 667,  // 0x90
    278,  333, 556, 556, 556, 556,  260,  556,  333, 737,  370, 556, 584,  333, 737, 333,  // 0xA0
    400,  584, 333, 333, 333, 556,  537,  278,  333, 333,  365, 556, 834,  834, 834, 611,  // 0xB0
    667,  667, 667, 667, 667, 667,  1000, 722,  667, 667,  667, 667, 278,  278, 278, 278,  // 0xC0
    722,  722, 778, 778, 778, 778,  778,  584,  778, 722,  722, 722, 722,  667, 667, 611,  // 0xD0
    556,  556, 556, 556, 556, 556,  889,  500,  556, 556,  556, 556, 278,  278, 278, 278,  // 0xE0
    556,  556, 556, 556, 556, 556,  556,  584,  611, 556,  556, 556, 556,  500, 556, 500,  // 0xF0
};

constexpr std::array<std::uint16_t, 224> kHelveticaBold = {
    278, 333, 474, 556, 556, 889,  722,  238,  333, 333,  389, 584, 278,  333, 278, 278,  // 0x20
    556, 556, 556, 556, 556, 556,  556,  556,  556, 556,  333, 333, 584,  584, 584, 611,  // 0x30
    975, 722, 722, 722, 722, 667,  611,  778,  722, 278,  556, 722, 611,  833, 722, 778,  // 0x40
    667, 778, 722, 667, 611, 722,  667,  944,  667, 667,  611, 333, 278,  333, 584, 556,  // 0x50
    333, 556, 611, 556, 611, 556,  333,  611,  611, 278,  278, 556, 278,  889, 611, 611,  // 0x60
    611, 611, 389, 556, 333, 611,  556,  778,  556, 556,  500, 389, 280,  389, 584, 350,  // 0x70
    556, 350, 278, 556, 500, 1000, 556,  556,  333, 1000, 667, 333, 1000, 350, 611, 350,  // 0x80
    350, 278, 278, 500, 500, 350,  556,  1000, 333, 1000, 556, 333, 944,  350, 500, 667,  // 0x90
    278, 333, 556, 556, 556, 556,  280,  556,  333, 737,  370, 556, 584,  333, 737, 333,  // 0xA0
    400, 584, 333, 333, 333, 611,  556,  278,  333, 333,  365, 556, 834,  834, 834, 611,  // 0xB0
    722, 722, 722, 722, 722, 722,  1000, 722,  667, 667,  667, 667, 278,  278, 278, 278,  // 0xC0
    722, 722, 778, 778, 778, 778,  778,  584,  778, 722,  722, 722, 722,  667, 667, 611,  // 0xD0
    556, 556, 556, 556, 556, 556,  889,  556,  556, 556,  556, 556, 278,  278, 278, 278,  // 0xE0
    611, 611, 611, 611, 611, 611,  611,  584,  611, 611,  611, 611, 611,  556, 611, 556,  // 0xF0
};

}  // namespace

int GlyphWidth(PdfFont font, unsigned char code) {
    if (code < 32) return 0;
    const auto& table = font == PdfFont::kHelveticaBold ? kHelveticaBold : kHelvetica;
    return table[static_cast<std::size_t>(code - 32)];
}

double TextWidth(PdfFont font, std::string_view text, double size) {
    long units = 0;
    for (const char c : text) units += GlyphWidth(font, static_cast<unsigned char>(c));
    return static_cast<double>(units) * size / 1000.0;
}

std::string_view BaseFontName(PdfFont font) {
    return font == PdfFont::kHelveticaBold ? "Helvetica-Bold" : "Helvetica";
}

}  // namespace passeur::certificate
