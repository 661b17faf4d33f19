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
#include "credential/jwt.hpp"
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
// EdDSA with the Ed25519 key or RS256 with the RSA key, "kid" = the verification method;
// returned as a JSON string).
enum class CredentialFormat : std::uint8_t { kDataIntegrity, kJwt };
// The kind of an issuer key: Ed25519 (Data Integrity, JWT EdDSA, status lists, did:key) or RSA
// (JWT RS256 only, published on did:web as a JsonWebKey2020).
enum class IssuerKeyKind : std::uint8_t { kEd25519, kRsa };
// Size of the RSA issuer keys CreateKey makes.
inline constexpr int kIssuerRsaBits = 3072;

class CredentialService final : public CredentialIssuer {
public:
    CredentialService(store::Database& db, core::Clock& clock, core::Random& random, KeyVault vault,
                      CredentialConfig config);

    // Keys. CreateKey adds a key that becomes the active one of its kind (rotation: older keys
    // stay in the DID document and keep verifying what they signed; only the newest of a kind
    // signs). RSA keys are kIssuerRsaBits bits, sealed as PKCS#8 PEM. EnsureKey creates an Ed25519
    // key when there is no active one.
    core::Result<IssuerKeyInfo> CreateKey(IssuerKeyKind kind = IssuerKeyKind::kEd25519);
    core::Result<IssuerKeyInfo> EnsureKey();
    core::Result<std::vector<IssuerKeyInfo>> ListKeys();

    const std::string& IssuerDid() const { return issuer_did_; }
    const CredentialConfig& Config() const { return config_; }
    void SetPublicBaseUrl(std::string url);  // when the port is known only after binding
    // The did:web DID document (every key: Ed25519 as Multikey, RSA as JsonWebKey2020 whose
    // publicKeyJwk {kty, n, e, kid} has kid = the verification method id).
    core::Result<nlohmann::json> DidDocument();

    // Signs an unsigned credential for scripts: sets issuer (its id, keeping a Profile's other
    // fields; name when absent), gives it an "id" (urn:uuid) when it has none, adds revocation
    // and suspension entries unless it has a credentialStatus, records it, signs it (Data
    // Integrity eddsa-rdfc-2022, or a VC-JWT). `alg` (JWT only; Data Integrity is Ed25519 only):
    // RS256 signs with the newest RSA key (did:web only: did:key is Ed25519 here); by default
    // EdDSA, or RS256 when the issuer has an RSA key and no Ed25519 key. The status lists are
    // always signed with the Ed25519 key, so RS256 with status entries needs one too.
    // Errors: InvalidArgument (field named: "--alg", "--issuer"...), Conflict (id issued),
    // Unavailable (no key of the needed kind, saying which command creates it).
    core::Result<nlohmann::json> SignCredential(nlohmann::json unsigned_doc, IssuerMode mode,
                                                CredentialFormat format = CredentialFormat::kDataIntegrity,
                                                std::optional<JwtAlgorithm> alg = std::nullopt);

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
        std::optional<Ed25519SecretKey> secret;  // an Ed25519 key
        std::optional<RsaKey> rsa;               // an RSA key (with its private half)
    };
    core::Result<Signer> ActiveSigner(IssuerKeyKind kind = IssuerKeyKind::kEd25519);
    core::Result<bool> HasActiveKey(IssuerKeyKind kind);
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
