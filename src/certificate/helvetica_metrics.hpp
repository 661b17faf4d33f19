// Advance widths of the standard 14 fonts Helvetica and Helvetica-Bold for WinAnsiEncoding, from
// Adobe's Core14 AFM files (version 002.000, 1997; the "at" sign is 1015 in Helvetica), so that
// text can be measured and wrapped without embedding a font.
#pragma once

#include <string_view>

namespace passeur::certificate {

enum class PdfFont { kHelvetica, kHelveticaBold };

// Width of cp1252 byte `code` in 1/1000 em. Codes below 32 are not drawn (0); codes cp1252 leaves
// undefined and 127 are drawn as a bullet by PDF viewers (WinAnsiEncoding), so they measure as one.
int GlyphWidth(PdfFont font, unsigned char code);

// Width of the cp1252 string `text` at `size` points, in points (no kerning: the PDF does not
// apply kerning either).
double TextWidth(PdfFont font, std::string_view text, double size);

// The PDF /BaseFont name ("Helvetica", "Helvetica-Bold").
std::string_view BaseFontName(PdfFont font);

}  // namespace passeur::certificate
