#include "certificate/win_ansi.hpp"

#include <array>
#include <string>
#include <utility>

#include "core/unicode.hpp"

namespace passeur::certificate {
namespace {

// cp1252 bytes 0x80..0x9F and the code points they stand for (the five undefined bytes omitted).
constexpr std::array<std::pair<char32_t, unsigned char>, 27> kHighTable = {{
    {U'\u20AC', 0x80}, {U'\u201A', 0x82}, {U'\u0192', 0x83}, {U'\u201E', 0x84}, {U'\u2026', 0x85},
    {U'\u2020', 0x86}, {U'\u2021', 0x87}, {U'\u02C6', 0x88}, {U'\u2030', 0x89}, {U'\u0160', 0x8A},
    {U'\u2039', 0x8B}, {U'\u0152', 0x8C}, {U'\u017D', 0x8E}, {U'\u2018', 0x91}, {U'\u2019', 0x92},
    {U'\u201C', 0x93}, {U'\u201D', 0x94}, {U'\u2022', 0x95}, {U'\u2013', 0x96}, {U'\u2014', 0x97},
    {U'\u02DC', 0x98}, {U'\u2122', 0x99}, {U'\u0161', 0x9A}, {U'\u203A', 0x9B}, {U'\u0153', 0x9C},
    {U'\u017E', 0x9E}, {U'\u0178', 0x9F},
}};

// Characters outside cp1252 with an unambiguous look-alike inside it.
std::optional<unsigned char> LookAlike(char32_t cp) {
    switch (cp) {
        case U'\u202F':  // narrow no-break space (French typography before : ; ! ?)
        case U'\u2007':  // figure space
        case U'\u2060':  // word joiner
            return 0xA0;
        case U'\u2000':
        case U'\u2001':
        case U'\u2002':
        case U'\u2003':
        case U'\u2004':
        case U'\u2005':
        case U'\u2006':
        case U'\u2008':
        case U'\u2009':
        case U'\u200A':
        case U'\u205F':
        case U'\u3000':
            return ' ';
        case U'\u2010':
        case U'\u2011':
        case U'\u2012':
        case U'\u2043':
        case U'\u2212':
            return '-';
        case U'\u2032':
            return '\'';
        case U'\u2033':
            return '"';
        default:
            return std::nullopt;
    }
}

}  // namespace

std::optional<unsigned char> ToWinAnsi(char32_t cp) {
    if (cp >= 0x20 && cp < 0x7F) return static_cast<unsigned char>(cp);
    if (cp >= 0xA0 && cp <= 0xFF) return static_cast<unsigned char>(cp);
    for (const auto& [code_point, byte] : kHighTable) {
        if (code_point == cp) return byte;
    }
    return LookAlike(cp);
}

WinAnsiText Utf8ToWinAnsi(std::string_view utf8) {
    WinAnsiText out;
    // ToNfc replaces ill-formed sequences by U+FFFD, which has no cp1252 byte and becomes '?'.
    const std::u32string code_points = core::DecodeUtf8(core::ToNfc(utf8));
    out.bytes.reserve(code_points.size());
    for (const char32_t cp : code_points) {
        if (cp == U'\t' || cp == U'\n' || cp == U'\r') {
            out.bytes.push_back(' ');
            continue;
        }
        if (const auto byte = ToWinAnsi(cp)) {
            out.bytes.push_back(static_cast<char>(*byte));
        } else {
            out.bytes.push_back('?');
            ++out.replaced;
        }
    }
    return out;
}

}  // namespace passeur::certificate
