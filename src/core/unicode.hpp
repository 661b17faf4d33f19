// Unicode text helpers: normalisation (NFC/NFD), mark stripping, simple lowercase, UTF-8 decoding.
//
// Contracts shared by every function here:
// - Input is UTF-8 bytes; ill-formed sequences are replaced by U+FFFD, one per maximal subpart of
//   an ill-formed subsequence (Unicode §3.9, the practice of Python, WHATWG and ICU). The output is
//   always valid UTF-8.
// - Data is the Unicode Character Database of scripts/gen_unicode_tables.py (UnicodeVersion()),
//   covering all planes; Hangul syllables are (de)composed algorithmically.
// - Pure functions, thread-safe, no allocation beyond the result and a scratch buffer of
//   O(input) code points. ASCII-only input is returned unchanged without decoding.
#pragma once

#include <string>
#include <string_view>

namespace passeur::core {

// Unicode Normalization Form C (canonical decomposition, then canonical composition).
std::string ToNfc(std::string_view utf8);

// Unicode Normalization Form D (canonical decomposition, canonical ordering of combining marks).
std::string ToNfd(std::string_view utf8);

// NFD, then every nonspacing mark (general category Mn) removed, then NFC:
// "Élève à Hà Nội" -> "Eleve a Ha Noi". Spacing marks (Mc) are kept (they carry vowels in Indic
// scripts). Use for accent-insensitive search keys, never for display.
std::string StripMarks(std::string_view utf8);

// Unicode simple lowercase mapping (one code point to one code point, UnicodeData.txt field 13),
// context-free: no final-sigma rule, U+0130 -> U+0069. Does not normalise.
std::string ToLower(std::string_view utf8);

// The input with every ill-formed sequence replaced by U+FFFD (see above); nothing else changes.
std::string SanitizeUtf8(std::string_view bytes);

// Code points of `bytes` (ill-formed sequences -> U+FFFD).
std::u32string DecodeUtf8(std::string_view bytes);

// Appends the UTF-8 encoding of `cp`; surrogates and values above U+10FFFF append U+FFFD.
void AppendUtf8(std::string& out, char32_t cp);

// Decodes Windows-1252 bytes (the usual encoding of French CSV files saved by spreadsheet
// programs) to UTF-8. The five bytes the code page leaves undefined (0x81 0x8D 0x8F 0x90 0x9D)
// map to the C1 controls of the same value, as WHATWG's decoder does.
std::string Windows1252ToUtf8(std::string_view bytes);

// Canonical combining class of `cp` (0 for starters and for values outside Unicode).
int CombiningClass(char32_t cp);

// Version of the Unicode Character Database the tables were generated from ("14.0.0").
std::string_view UnicodeVersion();

}  // namespace passeur::core
