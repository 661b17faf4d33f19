// Open Badges 3.0 documents passeur builds (pure): the OpenBadgeCredential of an award, the
// salted identity hash of a recipient, the credentialStatus entries and the
// BitstringStatusListCredential of a status list.
//
// Contract: outputs are unsigned JSON-LD documents whose every term is defined by the built-in
// contexts (VC 2.0, OB 3.0.3), so Sign never fails on them for a term. Inputs are validated:
// errors are InvalidArgument naming the field of AwardCredentialInput.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "credential/issuer.hpp"

namespace passeur::credential {

inline constexpr std::string_view kVcV2Context = "https://www.w3.org/ns/credentials/v2";
inline constexpr std::string_view kOb303Context =
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

// Longest text field accepted in an Achievement / evidence (name, description, narrative...).
inline constexpr std::size_t kMaxBadgeTextBytes = 16 * 1024;
// Most alignments, evidence entries.
inline constexpr std::size_t kMaxBadgeListEntries = 64;

struct IssuerProfile {
    std::string id;    // the issuer DID (did:web:... or did:key:...)
    std::string name;  // e.g. "passeur — Ville de Rennes"
    std::string url;   // the public home page
};

struct StatusEntry {
    std::string purpose;   // "revocation" | "suspension"
    std::string list_url;  // the BitstringStatusListCredential's id
    std::uint64_t index = 0;
};

// "sha256$" + lower-case hex of SHA-256(normalised email + salt), the OB 3.0 IdentityObject
// identityHash (the e-mail is trimmed and lower-cased first, as it is when a verifier checks it).
std::string EmailIdentityHash(std::string_view email, std::string_view salt);

// The BitstringStatusListEntry object of `entry` ("id" = list_url#index, statusListIndex a string).
nlohmann::json StatusEntryJson(const StatusEntry& entry);

// The unsigned OpenBadgeCredential of `input`: @context [VC 2.0, OB 3.0.3], id, type
// [VerifiableCredential, OpenBadgeCredential], issuer (Profile), name (the achievement's), validFrom
// and awardedDate (awarded_at), validUntil (if any), credentialSubject (AchievementSubject with
// the learner's DID as id, or a hashed e-mail IdentityObject with `salt`), evidence (if any),
// credentialStatus (the entries, if any).
core::Result<nlohmann::json> BuildOpenBadgeCredential(const AwardCredentialInput& input,
                                                      const IssuerProfile& issuer, std::string_view salt,
                                                      const std::vector<StatusEntry>& status);

// The unsigned BitstringStatusListCredential at `list_url`, issued by `issuer_did`, whose subject
// ("list_url#list") carries `purpose` and `encoded_list`. validFrom = `valid_from` (RFC 3339).
nlohmann::json BuildStatusListCredential(std::string_view list_url, std::string_view issuer_did,
                                         std::string_view purpose, std::string_view encoded_list,
                                         std::string_view valid_from);

}  // namespace passeur::credential
