#include "core/unicode.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>

namespace passeur::core {
namespace {

#include "core/unicode_tables.inc"

constexpr char32_t kReplacement = 0xFFFD;

// Hangul syllable constants (Unicode §3.12).
constexpr char32_t kSBase = 0xAC00;
constexpr char32_t kLBase = 0x1100;
constexpr char32_t kVBase = 0x1161;
constexpr char32_t kTBase = 0x11A7;
constexpr char32_t kLCount = 19;
constexpr char32_t kVCount = 21;
constexpr char32_t kTCount = 28;
constexpr char32_t kNCount = kVCount * kTCount;
constexpr char32_t kSCount = kLCount * kNCount;

bool IsAscii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Decodes one code point at `i`, advancing `i`; ill-formed -> U+FFFD over the maximal subpart.
char32_t DecodeOne(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    char32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        cp = b0 & 0x1FU;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        cp = b0 & 0x0FU;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        cp = b0 & 0x07U;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        ++i;
        return kReplacement;
    }
    std::size_t k = 1;
    for (; k < len; ++k) {
        if (i + k >= s.size()) break;
        const auto b = static_cast<unsigned char>(s[i + k]);
        const unsigned char min = k == 1 ? lo : static_cast<unsigned char>(0x80);
        const unsigned char max = k == 1 ? hi : static_cast<unsigned char>(0xBF);
        if (b < min || b > max) break;
        cp = (cp << 6) | (b & 0x3FU);
    }
    i += k;
    return k == len ? cp : kReplacement;
}

std::string Encode(const std::u32string& cps) {
    std::string out;
    out.reserve(cps.size() + cps.size() / 2);
    for (char32_t cp : cps) AppendUtf8(out, cp);
    return out;
}

int Ccc(char32_t cp) {
    if (cp >= 0x110000) return 0;
    const std::uint32_t block = kCccStage1[cp >> kCccBlockShift];
    return kCccStage2[(block << kCccBlockShift) | (cp & ((1U << kCccBlockShift) - 1))];
}

const DecompEntry* FindDecomposition(char32_t cp) {
    const auto* end = std::end(kDecomp);
    const auto* it = std::lower_bound(std::begin(kDecomp), end, cp,
                                      [](const DecompEntry& e, char32_t c) { return e.cp < c; });
    return it != end && it->cp == cp ? it : nullptr;
}

// Appends the full canonical decomposition of `cp`.
void Decompose(char32_t cp, std::u32string& out) {
    if (cp >= kSBase && cp < kSBase + kSCount) {
        const char32_t s = cp - kSBase;
        out.push_back(kLBase + s / kNCount);
        out.push_back(kVBase + (s % kNCount) / kTCount);
        if (s % kTCount != 0) out.push_back(kTBase + s % kTCount);
        return;
    }
    if (cp < 0xC0) {
        out.push_back(cp);
        return;
    }
    if (const DecompEntry* e = FindDecomposition(cp)) {
        out.append(kDecompPool + e->offset, kDecompPool + e->offset + e->length);
    } else {
        out.push_back(cp);
    }
}

// Stable sort of each run of non-starters by combining class (canonical ordering algorithm).
void CanonicalOrder(std::u32string& cps) {
    const std::size_t n = cps.size();
    std::size_t i = 0;
    while (i < n) {
        if (Ccc(cps[i]) == 0) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < n && Ccc(cps[j]) != 0) ++j;
        if (j - i > 1) {
            std::stable_sort(cps.begin() + static_cast<std::ptrdiff_t>(i),
                             cps.begin() + static_cast<std::ptrdiff_t>(j),
                             [](char32_t a, char32_t b) { return Ccc(a) < Ccc(b); });
        }
        i = j;
    }
}

std::u32string DecomposeAll(std::string_view utf8) {
    std::u32string out;
    out.reserve(utf8.size());
    std::size_t i = 0;
    while (i < utf8.size()) Decompose(DecodeOne(utf8, i), out);
    CanonicalOrder(out);
    return out;
}

// Primary composite of (a, b), or 0.
char32_t ComposePair(char32_t a, char32_t b) {
    if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount) {
        return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
    }
    if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase &&
        b < kTBase + kTCount) {
        return a + (b - kTBase);
    }
    const std::uint64_t key = (static_cast<std::uint64_t>(a) << 21) | b;
    const auto* end = std::end(kComp);
    const auto* it = std::lower_bound(std::begin(kComp), end, key,
                                      [](const CompEntry& e, std::uint64_t k) { return e.pair < k; });
    return it != end && it->pair == key ? it->composite : 0;
}

// Canonical composition algorithm (Unicode §3.11, D117) over a canonically ordered sequence.
void Compose(std::u32string& cps) {
    std::size_t out = 0;
    std::size_t starter = std::u32string::npos;
    int last_ccc = 0;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const char32_t cp = cps[i];
        const int ccc = Ccc(cp);
        if (starter != std::u32string::npos) {
            const bool adjacent = out == starter + 1;
            if (adjacent || (last_ccc != 0 && last_ccc < ccc)) {
                if (const char32_t composite = ComposePair(cps[starter], cp)) {
                    cps[starter] = composite;
                    continue;
                }
            }
        }
        if (ccc == 0) starter = out;
        last_ccc = ccc;
        cps[out++] = cp;
    }
    cps.resize(out);
}

bool IsNonspacingMark(char32_t cp) {
    const auto* end = std::end(kNonspacingMarks);
    const auto* it = std::upper_bound(std::begin(kNonspacingMarks), end, cp,
                                      [](char32_t c, const RangeEntry& r) { return c < r.first; });
    if (it == std::begin(kNonspacingMarks)) return false;
    --it;
    return cp >= it->first && cp <= it->last;
}

char32_t SimpleLower(char32_t cp) {
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    const auto* end = std::end(kLower);
    const auto* it = std::lower_bound(std::begin(kLower), end, cp,
                                      [](const CaseEntry& e, char32_t c) { return e.cp < c; });
    return it != end && it->cp == cp ? it->mapped : cp;
}

// Quick check: well-formed and made only of NFC-stable BMP code points (most French text).
bool IsAlreadyNfc(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t before = i;
        const char32_t cp = DecodeOne(s, i);
        if (cp >= 0x10000 || ((kNfcStableBmp[cp >> 5] >> (cp & 31)) & 1U) == 0) return false;
        if (cp == kReplacement && !(i - before == 3 && s.substr(before, 3) == "\xEF\xBF\xBD")) return false;
    }
    return true;
}

}  // namespace

void AppendUtf8(std::string& out, char32_t cp) {
    if (cp >= 0x110000 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::u32string DecodeUtf8(std::string_view bytes) {
    std::u32string out;
    out.reserve(bytes.size());
    std::size_t i = 0;
    while (i < bytes.size()) out.push_back(DecodeOne(bytes, i));
    return out;
}

std::string SanitizeUtf8(std::string_view bytes) {
    if (IsAscii(bytes)) return std::string(bytes);
    return Encode(DecodeUtf8(bytes));
}

std::string ToNfd(std::string_view utf8) {
    if (IsAscii(utf8)) return std::string(utf8);
    return Encode(DecomposeAll(utf8));
}

std::string ToNfc(std::string_view utf8) {
    if (IsAlreadyNfc(utf8)) return std::string(utf8);
    std::u32string cps = DecomposeAll(utf8);
    Compose(cps);
    return Encode(cps);
}

std::string StripMarks(std::string_view utf8) {
    if (IsAscii(utf8)) return std::string(utf8);
    std::u32string cps = DecomposeAll(utf8);
    std::erase_if(cps, IsNonspacingMark);
    Compose(cps);
    return Encode(cps);
}

std::string ToLower(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    std::size_t i = 0;
    while (i < utf8.size()) AppendUtf8(out, SimpleLower(DecodeOne(utf8, i)));
    return out;
}

std::string Windows1252ToUtf8(std::string_view bytes) {
    static constexpr char16_t kHigh[32] = {
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    };
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 4);
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x80 && b < 0xA0) {
            AppendUtf8(out, kHigh[b - 0x80]);
        } else {
            AppendUtf8(out, b);
        }
    }
    return out;
}

int CombiningClass(char32_t cp) { return Ccc(cp); }

std::string_view UnicodeVersion() { return kUnicodeVersion; }

}  // namespace passeur::core
