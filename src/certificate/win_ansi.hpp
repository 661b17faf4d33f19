// UTF-8 to WinAnsiEncoding (Windows code page 1252), the encoding of the PDF certificate's text
// drawn with the standard 14 Helvetica fonts.
//
// Contract: the input is normalised to NFC first (so "e" + U+0301 becomes "é"). Every code point
// of cp1252 maps to its byte (U+00A0..U+00FF to the same value, € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” •
// – — ˜ ™ š › œ ž Ÿ to 0x80..0x9F). A few look-alikes map to their nearest cp1252 character
// (narrow and figure no-break spaces to 0xA0, other Unicode spaces to ' ', Unicode hyphens and
// the minus sign to '-', the prime to '\''). Tab, line feed and carriage return become a space;
// every other control character, every ill-formed sequence and every code point outside cp1252
// becomes '?', counted in `replaced`. The output never holds a byte below 0x20, 0x7F or a byte
// cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D). Pure, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace passeur::certificate {

struct WinAnsiText {
    std::string bytes;         // cp1252 bytes
    std::size_t replaced = 0;  // code points replaced by '?'
};

// The cp1252 byte of `cp`, including the look-alike mappings above; nullopt when there is none
// (controls included).
std::optional<unsigned char> ToWinAnsi(char32_t cp);

WinAnsiText Utf8ToWinAnsi(std::string_view utf8);

}  // namespace passeur::certificate
