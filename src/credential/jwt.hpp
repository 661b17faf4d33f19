// VC-JWT of passeur::credential: an Open Badges 3.0 credential secured as a JWT (JWS Compact
// Serialization, RFC 7515 / RFC 7519), the "JSON Web Token Proof Format" of Open Badges 3.0 §8.2.
//
// Contract (see docs/formats/vc-jwt.md):
// - JOSE header: {"alg", "typ": "JWT", "kid"?, "jwk"?}, nothing else (OB 3.0 §8.2.3: additional
//   JOSE headers are not allowed). At least one of kid / jwk; jwk is a public key (never "d").
// - Payload: the credential's own members at the top level (OB 3.0 for VCDM 2.0: no "vc" claim
//   wrapper) plus the registered claims iss = issuer.id, jti = id, sub = credentialSubject.id
//   (when the subject has one), nbf = validFrom, exp = validUntil (when present), as NumericDate
//   (integer seconds since 1970-01-01T00:00:00Z, fraction of a second dropped).
// - Algorithms: RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RSA keys of 2048 to 8192 bits) and EdDSA
//   (Ed25519), through OpenSSL 3 EVP. "none" and every other alg are refused.
// - VerifyJwt never throws and is strict: exactly three non-empty base64url parts without padding
//   and in canonical form, at most kMaxJwtBytes, header and payload strict JSON objects (no
//   duplicate keys, nesting at most kMaxJwtJsonDepth, parsed with bounded depth), the alg must
//   match the key type, the signature is checked before the payload is parsed, then the claims
//   must agree with the credential. Dates are compared, not judged: whether the credential is
//   valid now (nbf, exp) is for the caller, which owns the clock (JwtVerdict gives both).
// Pure: no I/O; keys are resolved by the caller's JwtKeyResolver.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "credential/ed25519.hpp"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace passeur::credential {

inline constexpr std::size_t kMaxJwtBytes = 256 * 1024;
inline constexpr std::size_t kMaxJwtJsonDepth = 64;
inline constexpr int kMinRsaBits = 2048;
inline constexpr int kMaxRsaBits = 8192;

enum class JwtAlgorithm : std::uint8_t { kRs256, kEdDsa };

// "RS256", "EdDSA".
std::string_view JwtAlgorithmName(JwtAlgorithm algorithm);

// An RSA key (public, or private with its public half) held by OpenSSL. Immutable; copies share
// the key; safe to use from several threads at once. Only keys of kMinRsaBits..kMaxRsaBits bits
// are ever made.
class RsaKey {
public:
    // PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY" PEM, unencrypted. Errors (InvalidArgument):
    // not PEM, encrypted, not RSA (or RSA-PSS only), size out of bounds.
    static core::Result<RsaKey> FromPrivatePem(std::string_view pem);
    // SubjectPublicKeyInfo "PUBLIC KEY" PEM. Same errors.
    static core::Result<RsaKey> FromPublicPem(std::string_view pem);
    // A JWK {"kty": "RSA", "n", "e"} (base64url, minimal big-endian octets). Errors: another kty,
    // a private member ("d", "p", ...), bad base64url, leading zero octets, even or small e,
    // size out of bounds.
    static core::Result<RsaKey> FromPublicJwk(const nlohmann::json& jwk);

    // A private JWK {"kty": "RSA", "n", "e", "d", "p", "q", "dp", "dq", "qi"} (RFC 7518 §6.3.2,
    // two primes), checked for consistency. Errors: a member missing or malformed, "oth" (more
    // primes), an inconsistent key, size out of bounds.
    static core::Result<RsaKey> FromPrivateJwk(const nlohmann::json& jwk);

    bool HasPrivate() const { return has_private_; }
    int Bits() const { return bits_; }
    // SubjectPublicKeyInfo PEM of the public half.
    std::string PublicPem() const;
    // PKCS#8 PEM (unencrypted); InvalidArgument for a public key.
    core::Result<std::string> PrivatePem() const;
    // {"kty": "RSA", "n", "e"} of the public half (for a did:web JsonWebKey or the "jwk" header).
    nlohmann::json PublicJwk() const;
    // The same key without its private half.
    RsaKey PublicOnly() const;

    // For jwt.cpp.
    evp_pkey_st* Handle() const { return key_.get(); }

private:
    RsaKey(std::shared_ptr<evp_pkey_st> key, bool has_private, int bits)
        : key_(std::move(key)), has_private_(has_private), bits_(bits) {}
    std::shared_ptr<evp_pkey_st> key_;
    bool has_private_ = false;
    int bits_ = 0;
};

// A fresh RSA private key of `bits` bits (kMinRsaBits..kMaxRsaBits, multiple of 8) as PKCS#8 PEM,
// from OpenSSL's CSPRNG. For tests and `passeur keys create`; 2048 bits takes ~0.1 s, 4096 ~1 s.
core::Result<std::string> GenerateRsaKeyPem(int bits = 2048);

// What signs a JWT: RS256 with an RSA private key, EdDSA with an Ed25519 seed.
using JwtSigningKey = std::variant<RsaKey, Ed25519SecretKey>;
// What verifies one: an RSA (public) key or an Ed25519 public key.
using JwtPublicKey = std::variant<RsaKey, Ed25519PublicKey>;

// The algorithm a key signs with.
JwtAlgorithm AlgorithmOf(const JwtSigningKey& key);
JwtAlgorithm AlgorithmOf(const JwtPublicKey& key);
// The public half of a signing key.
JwtPublicKey PublicKeyOf(const JwtSigningKey& key);

// Public JWK: {"kty": "RSA", "n", "e"} or {"kty": "OKP", "crv": "Ed25519", "x"}.
nlohmann::json PublicJwk(const JwtPublicKey& key);
// Parses a public JWK of either kind. Errors (InvalidArgument) name the member: another kty or
// crv, a private member ("d"), bad base64url, wrong key length; RSA as RsaKey::FromPublicJwk.
// Members "kid", "alg", "use", "key_ops" are allowed and ignored.
core::Result<JwtPublicKey> ParsePublicJwk(const nlohmann::json& jwk);
// RFC 7638 JWK thumbprint: base64url(SHA-256 of the required members in lexicographic order).
std::string JwkThumbprint(const JwtPublicKey& key);

// JWS building blocks, exposed for the published vectors: the raw signature of `signing_input`
// (ASCII "header.payload") with the key's algorithm (RS256: PKCS#1 v1.5; EdDSA: Ed25519, 64
// bytes); and its check. Errors: a public-only RSA key, an OpenSSL failure (Internal).
core::Result<std::string> SignJws(std::string_view signing_input, const JwtSigningKey& key);
bool VerifyJwsSignature(std::string_view signing_input, std::string_view signature, const JwtPublicKey& key);

// Signs `credential` (a JSON object: an OB 3.0 / VCDM 2.0 credential with "id", "issuer" (a URL
// or an object with "id"), "validFrom" (dateTimeStamp), optional "validUntil") as a VC-JWT.
// Header: alg of the key, typ "JWT", "kid" when `kid` is not empty (an absolute URL, e.g. a DID
// URL or "https://host/keys#1"), else "jwk" with the public key. An embedded "proof" is kept (OB
// 3.0: Data Integrity proofs come first). Errors (InvalidArgument, field named): not an object,
// a required member missing or ill-typed, a date that is not a dateTimeStamp within years
// 0001..9999, a member named like a claim (iss, sub, aud, exp, nbf, iat, jti) already there,
// a bad kid, a payload over kMaxJwtBytes, invalid UTF-8, a public-only RSA key.
core::Result<std::string> SignJwt(const nlohmann::json& credential, const JwtSigningKey& key,
                                  std::string_view kid);

// Resolves the verification key of a JWT from its "kid" ("" when the header has none) and its
// parsed header (which may carry a "jwk": whether to trust an embedded key is the resolver's
// policy; ParsePublicJwk reads it). Errors and exceptions become key_unresolved.
using JwtKeyResolver =
    std::function<core::Result<JwtPublicKey>(std::string_view kid, const nlohmann::json& header)>;

// Resolves did:key kids (ParseDidKey, Ed25519 only); anything else is an error.
JwtKeyResolver JwtDidKeyResolver();

enum class JwtReason : std::uint8_t {
    kOk,
    kMalformed,         // not a well-formed compact JWS of JSON objects, or a forbidden header
    kUnsupportedAlg,    // alg is "none" or another algorithm than RS256 / EdDSA
    kKeyUnresolved,     // the resolver failed, or its key does not fit alg (type, RSA size) or jwk
    kSignatureInvalid,  // the signature does not match
    kClaimsMismatch,    // iss / jti / sub / nbf / exp missing or disagreeing with the credential
};

// "ok", "malformed", "unsupported_alg", "key_unresolved", "signature_invalid", "claims_mismatch".
std::string_view JwtReasonName(JwtReason reason);

struct JwtVerdict {
    bool ok = false;
    JwtReason reason = JwtReason::kMalformed;
    std::string message;  // English, says what failed and where ("header.alg: ...")
    // Filled as far as verification went: the header's alg and kid; after a valid signature the
    // payload's nbf / exp; when ok, the credential (the payload without the registered claims
    // iss, sub, aud, exp, nbf, iat, jti).
    std::string alg;
    std::string kid;
    std::optional<std::int64_t> not_before;
    std::optional<std::int64_t> expires;
    nlohmann::json credential;
};

// Verifies a VC-JWT (see the contract above). Surrounding ASCII whitespace is not accepted.
JwtVerdict VerifyJwt(std::string_view compact, const JwtKeyResolver& resolve);

// Seconds since the epoch of an XMLSchema dateTimeStamp ("2026-11-23T10:00:00Z", offsets and
// fractions allowed; the fraction is dropped), as JWT NumericDate. InvalidArgument for anything
// else, or a year outside 0001..9999.
core::Result<std::int64_t> NumericDateFromDateTime(std::string_view date_time);

}  // namespace passeur::credential
