// Evidence files of manual awards (issue 5, "evidence ... files allowed"; choices in docs/badges.md):
// what a mediator attaches to an observation — a PDF, PNG or JPEG of at most 2 MiB, at most three
// per award. Pure functions (no I/O): the type is read from the file's first bytes (magic numbers),
// never from its name or the type the browser declared; the name is sanitised and bounded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace passeur::badge {

inline constexpr std::size_t kMaxEvidenceFiles = 3;
inline constexpr std::size_t kMaxEvidenceFileBytes = 2 * 1024 * 1024;
inline constexpr std::size_t kMaxEvidenceFileNameBytes = 100;
// Bounds of a multipart request carrying a manual award with its files (the pages' form and the
// API): a part may exceed the file bound a little so that the service names the file that is too
// large (the other fields of the form are kept); a request body over kMaxAwardUploadBytes is
// refused by the multipart reader. The HTTP server's body limit must be at least this.
inline constexpr std::size_t kMaxEvidencePartBytes = kMaxEvidenceFileBytes + 256 * 1024;
inline constexpr std::size_t kMaxAwardUploadBytes = kMaxEvidenceFiles * kMaxEvidencePartBytes + 64 * 1024;

// One file as sent: its name as the browser or client gave it and its bytes. A declared
// Content-Type is deliberately not kept: only the bytes tell the type.
struct EvidenceUpload {
    std::string name;
    std::string bytes;
};

// A stored evidence file, without its bytes.
struct EvidenceFile {
    std::string id;          // UUIDv4
    std::string award_id;    // the award it belongs to
    int position = 0;        // 0-based order in the award
    std::string name;        // sanitised file name
    std::string media_type;  // "application/pdf" | "image/png" | "image/jpeg"
    std::int64_t size = 0;   // bytes
    std::string sha256;      // lower-case hex of the bytes
    std::int64_t created_at = 0;
    bool operator==(const EvidenceFile&) const = default;
};

// The media type of `bytes` from its magic number: "%PDF-" (PDF), the 8-byte PNG signature,
// FF D8 FF (JPEG); nullopt for anything else.
std::optional<std::string_view> SniffEvidenceType(std::string_view bytes);

// The usual extension of a media type SniffEvidenceType returns ("pdf", "png", "jpg").
std::string_view EvidenceExtension(std::string_view media_type);

// A name safe in a Content-Disposition header, a file system and a page: the last path component
// (after '/' or '\\'), invalid UTF-8 dropped, control characters (C0, DEL, C1), quotes and
// <>:"/\|?*;%` replaced by '_', white space runs collapsed to one space, leading and trailing spaces and dots
// removed, at most kMaxEvidenceFileNameBytes bytes (cut on a character boundary, the extension kept), and
// ending with the extension of `media_type` (added when the name has another one). An empty result becomes
// "preuve-<position + 1>.<ext>".
std::string SanitizeEvidenceName(std::string_view name, std::string_view media_type, std::size_t position);

// A checked upload: sanitised name, sniffed type, size and SHA-256.
struct CheckedEvidence {
    std::string name;
    std::string media_type;
    std::string sha256;  // hex
    std::string bytes;
};

// Checks the uploads of one award: at most kMaxEvidenceFiles, each non-empty, at most
// kMaxEvidenceFileBytes, a PDF, PNG or JPEG by its bytes. kInvalidArgument with field "files"
// (too many) or "files[i]" and a French message naming the file.
core::Result<std::vector<CheckedEvidence>> CheckEvidenceUploads(std::vector<EvidenceUpload> uploads);

// The Subresource Integrity string of a SHA-256 given in hex: "sha256-<base64 of the digest>".
std::string Sha256Sri(std::string_view sha256_hex);

// "<base_url>/preuves/<award>/<file>": where an evidence file is downloaded (the id of its OB
// Evidence entry).
std::string EvidenceFileUrlOn(std::string_view base_url, std::string_view award_id, std::string_view file_id);

// {id, name, media_type, size, sha256} and, when `url` is not empty, url.
nlohmann::json EvidenceFileToJson(const EvidenceFile& file, std::string_view url);

}  // namespace passeur::badge
