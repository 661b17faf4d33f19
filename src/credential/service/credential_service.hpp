// CredentialService: the platform's issuer (passeur::credential service layer). Owns the issuer
// keys (sealed by a KeyVault), the Bitstring status lists and the registry of issued credentials
// (migration 0006_credentials.sql); signs Open Badges credentials (CredentialIssuer) and scripts'
// credentials (`passeur credential sign`), serves the did:web document and the signed status list
// credentials, changes a credential's state, and verifies any credential offline with our own
// keys and lists known.
//
// Choices (docs/credentials.md): the issuer is the platform, identified by did:web of the public
// URL (did:key of the active key on request); organisations appear as the Achievement's creator.
// Status indexes are drawn at random (herd privacy) and never reused; a list is filled to half,
// then a new list starts. Status list credentials are signed on demand and cached per version.
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "credential/ed25519.hpp"
#include "credential/issuer.hpp"
#include "credential/open_badge.hpp"
#include "credential/service/key_vault.hpp"
#include "credential/verifier.hpp"
#include "store/database.hpp"

namespace passeur::credential {

struct CredentialConfig {
    std::string public_base_url;          // e.g. "https://passeur.example.fr" (no trailing '/')
    std::string issuer_name = "passeur";  // the issuer Profile's name
};

struct IssuerKeyInfo {
    std::string id;  // "key-1"
    std::int64_t seq = 0;
    std::string kind;        // "Ed25519" | "RSA"
    std::string public_key;  // Multikey, or the JWK text
    std::string did_key;     // did:key of an Ed25519 key
    std::int64_t created_at = 0;
    std::int64_t retired_at = 0;
};

enum class IssuerMode : std::uint8_t { kDidWeb, kDidKey };
// Data Integrity (eddsa-rdfc-2022, the JSON credential with its proof) or VC-JWT (a compact JWS,
// EdDSA with the same key, "kid" = the verification method; returned as a JSON string).
enum class CredentialFormat : std::uint8_t { kDataIntegrity, kJwt };

class CredentialService final : public CredentialIssuer {
public:
    CredentialService(store::Database& db, core::Clock& clock, core::Random& random, KeyVault vault,
                      CredentialConfig config);

    // Keys. CreateKey adds a key that becomes the active one (rotation: older keys stay in the DID
    // document and keep verifying what they signed; only the newest signs). EnsureKey creates one
    // when there is none.
    core::Result<IssuerKeyInfo> CreateKey();
    core::Result<IssuerKeyInfo> EnsureKey();
    core::Result<std::vector<IssuerKeyInfo>> ListKeys();

    const std::string& IssuerDid() const { return issuer_did_; }
    const CredentialConfig& Config() const { return config_; }
    void SetPublicBaseUrl(std::string url);  // when the port is known only after binding
    // The did:web DID document (every key).
    core::Result<nlohmann::json> DidDocument();

    // Signs an unsigned credential for scripts: sets issuer (its id, keeping a Profile's other
    // fields; name when absent), gives it an "id" (urn:uuid) when it has none, adds revocation
    // and suspension entries unless it has a credentialStatus, records it, signs it (Data
    // Integrity eddsa-rdfc-2022). Errors: InvalidArgument (field named), Conflict (id issued).
    core::Result<nlohmann::json> SignCredential(nlohmann::json unsigned_doc, IssuerMode mode,
                                                CredentialFormat format = CredentialFormat::kDataIntegrity);

    // CredentialIssuer.
    core::Result<IssuedCredential> IssueOpenBadge(const AwardCredentialInput& input) override;
    core::Result<void> SetState(std::string_view credential_id, CredentialState state) override;
    core::Result<CredentialState> GetState(std::string_view credential_id);

    // The signed BitstringStatusListCredential number `list_id`, as JSON text. NotFound.
    core::Result<std::string> StatusListCredential(std::int64_t list_id);
    // "<public url>/credentials/status/<id>".
    std::string StatusListUrl(std::int64_t list_id) const;

    // Offline verification with our DID document and status lists, plus pinned documents (DID
    // documents by their "id", status list credentials by their "id").
    CredentialVerification Verify(std::string_view text, const std::vector<nlohmann::json>& pinned = {});
    VerifierEnvironment Environment(const std::vector<nlohmann::json>& pinned = {});

private:
    struct Signer {
        IssuerKeyInfo info;
        std::optional<Ed25519SecretKey> secret;
    };
    core::Result<Signer> ActiveSigner();
    core::Result<Signer> SignerForDid(std::string_view did);
    core::Result<Signer> Unseal(const store::Row& row);
    // In one transaction: draws the status entries, builds the document with them, records it,
    // signs it. Nothing is stored when building or signing fails.
    core::Result<nlohmann::json> SignAndRecord(
        const std::function<core::Result<nlohmann::json>(const std::vector<StatusEntry>&)>& build,
        const Signer& signer, const std::string& issuer_did, const std::string& credential_id,
        CredentialFormat format);
    core::Result<std::int64_t> ListWithRoom(store::Executor& ex, const std::string& issuer_did,
                                            std::string_view purpose);
    core::Result<std::int64_t> DrawIndex(store::Executor& ex, std::int64_t list_id, std::string_view purpose);

    store::Database& db_;
    core::Clock& clock_;
    core::Random& random_;
    KeyVault vault_;
    CredentialConfig config_;
    std::string issuer_did_;
    std::mutex mutex_;  // guards the caches below and issuer_did_/config_ changes
    std::map<std::int64_t, std::pair<std::int64_t, std::string>> list_cache_;  // id -> (version, text)
};

}  // namespace passeur::credential
