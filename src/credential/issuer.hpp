// The issuing side of passeur::credential as the badge component sees it: turn an award into a
// signed Open Badges 3.0 credential, and change its status later.
//
// Contract: IssueOpenBadge builds an OpenBadgeCredential (VC 2.0 + OB 3.0.3 contexts) whose
// issuer is the platform's issuer Profile (did:web of the public URL by default), with a
// `credentialStatus` made of two BitstringStatusListEntry (statusPurpose "revocation" and
// "suspension", same index in both lists), signs it with the active issuer key
// (DataIntegrityProof, eddsa-rdfc-2022) and records the status entry under `credential_id`, all
// or nothing. SetStatus flips the bits of `credential_id`; the served status list credentials
// change at once. Implemented by credential::CredentialService (src/credential/service); tests
// of other components may use a fake.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace passeur::credential {

struct AwardCredentialInput {
    // Stable id of the credential: "urn:uuid:<uuid>" (the award's id in the caller's store).
    std::string credential_id;
    // The OB 3.0 Achievement object, complete: "id" (an https URL of the badge), "type"
    // ["Achievement"], "name", "description", "criteria" {"narrative"}, optional "image"
    // {"id", "type": "Image"}, "achievementType", "alignment" [{"type": ["Alignment"],
    // "targetName", "targetUrl", "targetType": "CFItem", "targetCode", "targetFramework"}],
    // "creator" (the organisation's Profile: {"id", "type": ["Profile"], "name"}).
    nlohmann::json achievement;
    // The learner: a DID ("did:...") when they gave one, else their e-mail, which is never put in
    // the credential as such: it becomes an IdentityObject "sha256$" + hex(SHA-256(email + salt)).
    std::string recipient_did;
    std::string recipient_email;
    // RFC 3339 UTC ("2026-11-23T10:00:00Z"): validFrom and awardedDate.
    std::string awarded_at;
    // RFC 3339 UTC validUntil, when the badge expires.
    std::optional<std::string> valid_until;
    // OB 3.0 Evidence objects (array, may be empty): {"id"?, "type": ["Evidence"], "narrative",
    // "name", "description", "genre", "audience"}.
    nlohmann::json evidence = nlohmann::json::array();
};

struct IssuedCredential {
    nlohmann::json credential;  // signed (has "proof")
    std::uint64_t status_index = 0;
};

enum class CredentialState : std::uint8_t { kActive, kRevoked, kSuspended };

class CredentialIssuer {
public:
    virtual ~CredentialIssuer() = default;
    // Errors: InvalidArgument (field named) for a malformed input; Conflict when credential_id
    // was already issued; Unavailable when no issuer key exists.
    virtual core::Result<IssuedCredential> IssueOpenBadge(const AwardCredentialInput& input) = 0;
    // kRevoked is final (a revoked credential cannot be reactivated or suspended: Conflict);
    // kSuspended and kActive set and clear the suspension bit. NotFound for an unknown id.
    virtual core::Result<void> SetState(std::string_view credential_id, CredentialState state) = 0;
};

}  // namespace passeur::credential
