// Name-based UUIDs (version 5, SHA-1, RFC 4122 §4.3) for the CASE identifiers of frameworks that
// passeur derives: the same framework gets the same identifiers on every install.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace passeur::framework {

// The passeur namespace of every derived identifier (docs/formats/frameworks.md). Never change it:
// it would change every published competence URI.
inline constexpr std::string_view kPasseurNamespace = "5d5776f7-7365-4d2b-8529-0019c5895e4f";
// RFC 4122 appendix C name space for DNS names (for the published test vector).
inline constexpr std::string_view kDnsNamespace = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

// UUIDv5 of `name` (UTF-8 bytes) in `namespace_uuid` (canonical form), lower-case canonical.
// nullopt when namespace_uuid is not a UUID.
std::optional<std::string> UuidV5(std::string_view namespace_uuid, std::string_view name);
// UuidV5(kPasseurNamespace, name).
std::string DerivedUuid(std::string_view name);

// True for the canonical 8-4-4-4-12 hex form (either case).
bool IsUuid(std::string_view text);
// Lower-cased copy of a UUID (no other change).
std::string LowerUuid(std::string_view text);

}  // namespace passeur::framework
