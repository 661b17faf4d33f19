// Verification of a credential as a person sees it (pure): one verdict with its reason, and what
// the credential says (issuer, holder, achievements, dates), for `passeur verify`, GET /verify and
// POST /api/v1/verify alike.
//
// Contract, in this order (the first failure decides the verdict):
//   1. parse: at most kMaxCredentialBytes, nesting at most kMaxCredentialDepth (checked on the text
//      before any JSON value is built), a JSON object with "@context" -> else kMalformed;
//   2. proof (Data Integrity eddsa-rdfc-2022, or legacy Ed25519Signature2020): a missing or
//      ill-formed proof, an unsupported suite, a term no built-in context defines -> kMalformed;
//      a key that cannot be resolved offline (did:web other than ours and not pinned, https keys)
//      -> kUnknownIssuer; a signature that does not match -> kTampered; a key whose DID is not
//      the credential's issuer -> kTampered;
//   3. status: every BitstringStatusListEntry is checked against its status list credential
//      (resolved offline by the environment, itself verified, issued by the same issuer, same
//      purpose): a set bit -> kRevoked / kSuspended; a list that cannot be had -> kStatusUnavailable;
//   4. dates (validFrom/validUntil, or VC 1.1 issuanceDate/expirationDate) against now ->
//      kNotYetValid / kExpired.
// Never throws; hostile input yields a verdict.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "credential/jsonld.hpp"

namespace passeur::credential {

inline constexpr std::size_t kMaxCredentialBytes = 1024 * 1024;
inline constexpr std::size_t kMaxCredentialDepth = 48;

enum class CredentialVerdict : std::uint8_t {
    kValid,
    kTampered,
    kRevoked,
    kSuspended,
    kExpired,
    kNotYetValid,
    kUnknownIssuer,
    kStatusUnavailable,
    kMalformed,
};
// "valid", "tampered", "revoked", "suspended", "expired", "not_yet_valid", "unknown_issuer",
// "status_unavailable", "malformed".
std::string_view CredentialVerdictName(CredentialVerdict verdict);

// Parses JSON text within the bounds above; errors (InvalidArgument) say which bound or where the
// syntax is wrong. Use it for every credential received from outside.
core::Result<nlohmann::json> ParseBoundedJson(std::string_view text,
                                              std::size_t max_bytes = kMaxCredentialBytes,
                                              std::size_t max_depth = kMaxCredentialDepth);

struct VerifierEnvironment {
    std::int64_t now_millis = 0;
    // The DID document of a DID that is not did:key (ours, or a pinned copy); nullopt if unknown.
    std::function<std::optional<nlohmann::json>(std::string_view did)> did_document;
    // The JSON text of the status list credential at `url`; nullopt if it cannot be had offline.
    std::function<std::optional<std::string>(std::string_view url)> status_list;
    JsonLdOptions jsonld;
};

struct AlignmentSummary {
    std::string name, code, url, framework;
};
struct AchievementSummary {
    std::string id, name, description, type, criteria;
    std::vector<AlignmentSummary> alignments;
};
// One entry of the credential's `evidence` (OB 3.0 Evidence): what was observed, or a file with
// its address (`id`), media type and Subresource Integrity digest.
struct EvidenceSummary {
    std::string id, name, narrative, description, genre, media_type, digest_sri;
};
// Evidence entries summarised at most (the rest are counted in `evidence_omitted`).
inline constexpr std::size_t kMaxSummarisedEvidence = 20;
struct StatusSummary {
    std::string purpose;  // revocation | suspension
    std::string list_url;
    std::string index;
    std::string state;  // "clear", "set", "unavailable", "not_checked"
};

struct CredentialVerification {
    CredentialVerdict verdict = CredentialVerdict::kMalformed;
    std::string reason;  // English, says what was found and where
    // What the credential says (empty when it could not be read).
    std::string id, name, issuer_id, issuer_name, issuer_url;
    std::string issuer_method;  // "did:key", "did:web", or the DID method / URL scheme
    std::string holder_id;      // credentialSubject.id, when a DID
    std::string holder_hash;    // the identityHash, when the e-mail is hashed
    std::string holder_salt;
    std::string valid_from, valid_until, awarded_date;
    std::vector<AchievementSummary> achievements;
    std::vector<EvidenceSummary> evidence;
    std::size_t evidence_omitted = 0;
    std::vector<StatusSummary> status;
    std::string proof_type, cryptosuite, verification_method, proof_created;
    bool Ok() const { return verdict == CredentialVerdict::kValid; }
};

CredentialVerification VerifyCredential(std::string_view text, const VerifierEnvironment& env);
CredentialVerification VerifyCredentialJson(const nlohmann::json& credential, const VerifierEnvironment& env);

// True when `email` hashed with the credential's salt matches its identityHash (for "is this the
// person in front of me?").
bool HolderEmailMatches(const CredentialVerification& verification, std::string_view email);

// {"verdict", "reason", "credential": {id, name, issuer {...}, holder {...}, dates, achievements,
// status, proof}} — the JSON of `passeur verify --json` and POST /api/v1/verify.
nlohmann::json VerificationToJson(const CredentialVerification& verification);

// Milliseconds since the Unix epoch of an XMLSchema dateTime with a zone; nullopt when malformed.
std::optional<std::int64_t> ParseDateTimeMillis(std::string_view text);

}  // namespace passeur::credential
