#include "badge/evidence_file.hpp"

#include <utility>

#include "core/encoding.hpp"

namespace passeur::badge {
namespace {

constexpr std::string_view kPdf = "application/pdf";
constexpr std::string_view kPng = "image/png";
constexpr std::string_view kJpeg = "image/jpeg";

// Length of the UTF-8 sequence starting at text[i], or 0 when it is not a valid one.
std::size_t Utf8Length(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = 0;
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0)
        n = 2;
    else if ((c & 0xF0) == 0xE0)
        n = 3;
    else if ((c & 0xF8) == 0xF0)
        n = 4;
    else
        return 0;
    if (i + n > text.size()) return 0;
    return core::IsValidUtf8(text.substr(i, n)) ? n : 0;
}

bool Forbidden(unsigned char c) {
    if (c < 0x20 || c == 0x7F) return true;
    switch (c) {
        case '"':
        case '\'':
        case '<':
        case '>':
        case ':':
        case '/':
        case '\\':
        case '|':
        case '?':
        case '*':
        case ';':
        case '%':
        case '`':
            return true;
        default:
            return false;
    }
}

std::string Lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

void TrimSpacesAndDots(std::string& s) {
    std::size_t begin = 0;
    while (begin < s.size() && (s[begin] == ' ' || s[begin] == '.')) ++begin;
    std::size_t end = s.size();
    while (end > begin && (s[end - 1] == ' ' || s[end - 1] == '.')) --end;
    s = s.substr(begin, end - begin);
}

// At most `max_bytes` bytes of valid UTF-8, cut on a character boundary.
std::string CutUtf8(std::string text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    return text;
}

std::string Base64(std::string_view bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                                (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                                static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
        out.push_back(kAlphabet[(v >> 18) & 63]);
        out.push_back(kAlphabet[(v >> 12) & 63]);
        out.push_back(kAlphabet[(v >> 6) & 63]);
        out.push_back(kAlphabet[v & 63]);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
        if (rest == 2) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        out.push_back(kAlphabet[(v >> 18) & 63]);
        out.push_back(kAlphabet[(v >> 12) & 63]);
        out.push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
        out.push_back('=');
    }
    return out;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string Printable(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size() && out.size() < 60;) {
        const std::size_t n = Utf8Length(name, i);
        if (n == 0) {
            ++i;
            continue;
        }
        if (n == 1 && (static_cast<unsigned char>(name[i]) < 0x20 || name[i] == 0x7F)) {
            out.push_back('_');
        } else {
            out.append(name.substr(i, n));
        }
        i += n;
    }
    return out;
}

}  // namespace

std::optional<std::string_view> SniffEvidenceType(std::string_view bytes) {
    if (bytes.starts_with("%PDF-")) return kPdf;
    if (bytes.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8))) return kPng;
    if (bytes.starts_with(std::string_view("\xFF\xD8\xFF", 3))) return kJpeg;
    return std::nullopt;
}

std::string_view EvidenceExtension(std::string_view media_type) {
    if (media_type == kPdf) return "pdf";
    if (media_type == kPng) return "png";
    if (media_type == kJpeg) return "jpg";
    return "bin";
}

std::string SanitizeEvidenceName(std::string_view name, std::string_view media_type, std::size_t position) {
    const auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name = name.substr(slash + 1);
    std::string clean;
    bool space = false;
    for (std::size_t i = 0; i < name.size() && clean.size() < 4 * kMaxEvidenceFileNameBytes;) {
        const std::size_t n = Utf8Length(name, i);
        if (n == 0) {  // invalid UTF-8: dropped
            ++i;
            continue;
        }
        const auto c = static_cast<unsigned char>(name[i]);
        if (n == 1 && (c == ' ' || c == '\t')) {
            space = true;
        } else {
            if (space && !clean.empty()) clean.push_back(' ');
            space = false;
            if (n == 1 && Forbidden(c)) {
                clean.push_back('_');
            } else if (n == 2 && c == 0xC2 && static_cast<unsigned char>(name[i + 1]) < 0xA0) {
                clean.push_back('_');  // C1 controls and the no-break space
            } else {
                clean.append(name.substr(i, n));
            }
        }
        i += n;
    }
    TrimSpacesAndDots(clean);
    const std::string ext(EvidenceExtension(media_type));
    std::string stem = clean;
    const auto dot = clean.rfind('.');
    if (dot != std::string::npos && dot > 0) {
        const std::string given = Lower(clean.substr(dot + 1));
        const bool same = given == ext || (ext == "jpg" && given == "jpeg");
        if (same) stem = clean.substr(0, dot);
    }
    TrimSpacesAndDots(stem);
    if (stem.empty()) return "preuve-" + std::to_string(position + 1) + "." + ext;
    stem = CutUtf8(std::move(stem), kMaxEvidenceFileNameBytes - ext.size() - 1);
    TrimSpacesAndDots(stem);
    if (stem.empty()) return "preuve-" + std::to_string(position + 1) + "." + ext;
    return stem + "." + ext;
}

core::Result<std::vector<CheckedEvidence>> CheckEvidenceUploads(std::vector<EvidenceUpload> uploads) {
    if (uploads.size() > kMaxEvidenceFiles) {
        return core::Fail(core::Error::InvalidArgument("Au plus " + std::to_string(kMaxEvidenceFiles) +
                                                           " fichiers par attribution (" +
                                                           std::to_string(uploads.size()) + " envoyés).",
                                                       "files"));
    }
    std::vector<CheckedEvidence> out;
    for (std::size_t i = 0; i < uploads.size(); ++i) {
        EvidenceUpload& u = uploads[i];
        const std::string field = "files[" + std::to_string(i) + "]";
        const std::string label =
            "Le fichier " + std::to_string(i + 1) + (u.name.empty() ? "" : " « " + Printable(u.name) + " »");
        if (u.bytes.empty()) return core::Fail(core::Error::InvalidArgument(label + " est vide.", field));
        if (u.bytes.size() > kMaxEvidenceFileBytes) {
            return core::Fail(core::Error::InvalidArgument(
                label + " dépasse 2 Mio (" + std::to_string(u.bytes.size() / 1024) + " Kio).", field));
        }
        auto type = SniffEvidenceType(u.bytes);
        if (!type) {
            return core::Fail(core::Error::InvalidArgument(
                label + " n'est ni un PDF, ni une image PNG ou JPEG (d'après son contenu).", field));
        }
        CheckedEvidence c;
        c.media_type = std::string(*type);
        c.name = SanitizeEvidenceName(u.name, c.media_type, i);
        c.sha256 = core::Sha256Hex(u.bytes);
        c.bytes = std::move(u.bytes);
        out.push_back(std::move(c));
    }
    return out;
}

std::string Sha256Sri(std::string_view sha256_hex) {
    std::string digest;
    for (std::size_t i = 0; i + 1 < sha256_hex.size(); i += 2) {
        const int hi = HexValue(sha256_hex[i]);
        const int lo = HexValue(sha256_hex[i + 1]);
        if (hi < 0 || lo < 0) return {};
        digest.push_back(static_cast<char>(hi * 16 + lo));
    }
    return "sha256-" + Base64(digest);
}

std::string EvidenceFileUrlOn(std::string_view base_url, std::string_view award_id,
                              std::string_view file_id) {
    return std::string(base_url) + "/preuves/" + core::PercentEncode(award_id) + "/" +
           core::PercentEncode(file_id);
}

nlohmann::json EvidenceFileToJson(const EvidenceFile& file, std::string_view url) {
    nlohmann::json out = {{"id", file.id},
                          {"name", file.name},
                          {"media_type", file.media_type},
                          {"size", file.size},
                          {"sha256", file.sha256}};
    if (!url.empty()) out["url"] = std::string(url);
    return out;
}

}  // namespace passeur::badge
