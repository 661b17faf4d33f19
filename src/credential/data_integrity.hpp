// Data Integrity proofs of passeur::credential: the W3C eddsa-rdfc-2022 cryptosuite (Data
// Integrity EdDSA Cryptosuites v1.0) for signing and verifying, and the legacy
// Ed25519Signature2020 suite for verifying.
//
// Contract (both suites):
//   canonical document = RDFC-1.0 of ToRdf(document without "proof");
//   canonical proof config = RDFC-1.0 of ToRdf(proof without "proofValue", with the document's
//     "@context" — or the proof's own "@context", which the document's must start with);
//   signed data = SHA-256(canonical proof config) || SHA-256(canonical document) (64 bytes);
//   proofValue = multibase base58btc ('z') of the 64-byte Ed25519 signature.
// Pure: no I/O; the caller passes `created` (e.g. core::FormatRfc3339(clock.NowMillis())) and
// resolves keys (KeyResolver). JSON-LD runs in safe mode over the ContextSet of JsonLdOptions, so
// a term no context defines makes signing fail and verification report canonicalization_failed.
// Verify never throws: every failure is a Verdict.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "credential/ed25519.hpp"
#include "credential/jsonld.hpp"

namespace passeur::credential {

inline constexpr std::string_view kDataIntegrityProofType = "DataIntegrityProof";
inline constexpr std::string_view kEddsaRdfc2022 = "eddsa-rdfc-2022";
inline constexpr std::string_view kEd25519Signature2020Type = "Ed25519Signature2020";

struct ProofOptions {
    // URL of the key, e.g. DidKeyVerificationMethod(public_key) or "https://host/issuer#key-1".
    std::string verification_method;
    std::string proof_purpose = "assertionMethod";
    // XMLSchema dateTimeStamp with a time zone, e.g. "2023-02-24T23:36:38Z".
    std::string created;
};

// What is hashed and signed, exposed for tests and diagnostics.
struct SigningInput {
    std::string canonical_document;      // canonical N-Quads of the document without proof
    std::string canonical_proof_config;  // canonical N-Quads of the proof configuration
    std::string proof_config_hash;       // SHA-256 of canonical_proof_config, 32 bytes
    std::string document_hash;           // SHA-256 of canonical_document, 32 bytes
    // proof_config_hash || document_hash, the 64 bytes that are signed.
    std::string Data() const { return proof_config_hash + document_hash; }
};

// Canonicalizes and hashes `document` (its "proof" entry, if any, is ignored) and
// `proof_config` (used as given: it must carry its "@context"). Errors (InvalidArgument) come
// from ToRdf / Canonicalize and say whether the document or the proof configuration failed.
core::Result<SigningInput> PrepareSigningInput(const nlohmann::json& document,
                                               const nlohmann::json& proof_config,
                                               const JsonLdOptions& jsonld = {});

// Signs `unsigned_doc` (a JSON object with "@context" and no "proof") with eddsa-rdfc-2022 and
// returns it with "proof" {type, cryptosuite, created, verificationMethod, proofPurpose,
// proofValue}. Errors (InvalidArgument, field named): not an object, no @context, a proof already
// there, verification_method not an absolute URL, empty purpose, created not a dateTimeStamp,
// a JSON-LD error of the document.
core::Result<nlohmann::json> Sign(const nlohmann::json& unsigned_doc, const ProofOptions& options,
                                  const Ed25519SecretKey& secret_key, const JsonLdOptions& jsonld = {});

// Resolves a verificationMethod URL to an Ed25519 public key. Errors become key_unresolved.
using KeyResolver = std::function<core::Result<Ed25519PublicKey>(std::string_view verification_method)>;

// Resolves did:key verification methods (ParseDidKey); anything else is an error. A caller with
// other keys (did:web, an issuer's https key) wraps it.
KeyResolver DidKeyResolver();

enum class VerifyReason : std::uint8_t {
    kOk,
    kMalformedDocument,       // not a JSON object, or no @context
    kProofMissing,            // no "proof" entry
    kMalformedProof,          // proof not an object, missing / ill-typed fields, bad proofValue
    kUnsupportedCryptosuite,  // another proof type or cryptosuite
    kProofPurposeMismatch,    // proofPurpose is not the expected one
    kCanonicalizationFailed,  // JSON-LD / RDFC-1.0 failed on the document or proof configuration
    kKeyUnresolved,           // the resolver failed
    kSignatureInvalid,        // the signature does not match
};

// "ok", "malformed_document", "proof_missing", "malformed_proof", "unsupported_cryptosuite",
// "proof_purpose_mismatch", "canonicalization_failed", "key_unresolved", "signature_invalid".
std::string_view VerifyReasonName(VerifyReason reason);

struct Verdict {
    bool ok = false;
    VerifyReason reason = VerifyReason::kMalformedDocument;
    std::string message;  // English, says what failed and where ("proof.created: ...")
};

struct VerifyOptions {
    std::string expected_proof_purpose = "assertionMethod";
    JsonLdOptions jsonld;
};

// Verifies every proof of `signed_doc` (one object, or an array of independent proofs — a proof
// set; chains with previousProof are reported malformed_proof). ok only when all verify.
Verdict Verify(const nlohmann::json& signed_doc, const KeyResolver& resolve_key,
               const VerifyOptions& options = {});

// True when `text` is an XMLSchema dateTime ("2023-02-24T23:36:38Z", optional fraction,
// "Z" or "+hh:mm" zone), with a zone when `require_zone` (dateTimeStamp).
bool IsXmlDateTime(std::string_view text, bool require_zone);

}  // namespace passeur::credential
