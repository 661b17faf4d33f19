// did:web (W3C CCG did:web method) for the platform's issuer, pure: the DID of a public base URL,
// its DID document listing every published key, and key lookup in a DID document (ours or a pinned
// copy of another issuer's). Resolution over HTTPS is never done: verification stays offline.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "credential/ed25519.hpp"

namespace passeur::credential {

// "https://passeur.example.fr" -> "did:web:passeur.example.fr"; a port is percent-encoded
// ("http://127.0.0.1:8080" -> "did:web:127.0.0.1%3A8080"); path segments become ":"-separated
// ("https://x.fr/passeur" -> "did:web:x.fr:passeur"). Errors: not http(s), no host, a query or
// fragment, characters a DID cannot carry.
core::Result<std::string> DidWebFromUrl(std::string_view base_url);

// The path at which the DID document of `base_url` is served: "/.well-known/did.json" without a
// path, else "<path>/did.json" (relative to the host).
std::string DidDocumentPath(std::string_view base_url);

struct PublishedKey {
    std::string fragment;          // "key-1"
    std::string public_multibase;  // Ed25519 keys: Multikey
    nlohmann::json public_jwk;     // RSA keys: JsonWebKey (kty RSA, n, e); null for Ed25519
};

// The DID document: @context [DID v1, Multikey v1 (+ JWS 2020 when an RSA key is listed)], id,
// verificationMethod (Multikey / JsonWebKey2020 per key, controller = did), assertionMethod and
// authentication listing them all (rotation: old keys stay so what they signed verifies).
nlohmann::json BuildDidDocument(std::string_view did, const std::vector<PublishedKey>& keys);

// The verification method object of `verification_method` ("did:web:...#key-1") in `did_document`:
// the method whose id matches (absolute, or "#fragment" relative to the document id), controlled
// by the document's DID and listed under assertionMethod; its key type is not checked. Errors
// (InvalidArgument) say which of these failed.
core::Result<nlohmann::json> AssertionMethodFromDidDocument(const nlohmann::json& did_document,
                                                            std::string_view verification_method);

// The Ed25519 key of `verification_method` ("did:web:...#key-1") in `did_document`: the method
// whose id matches (absolute, or "#fragment" relative to the document id), of type Multikey
// (publicKeyMultibase) or Ed25519VerificationKey2020, controlled by the document's DID and
// listed under assertionMethod. Errors (InvalidArgument) say which of these failed.
core::Result<Ed25519PublicKey> Ed25519KeyFromDidDocument(const nlohmann::json& did_document,
                                                         std::string_view verification_method);

// The DID part of a DID URL ("did:web:x#key-1" -> "did:web:x").
std::string_view DidOfUrl(std::string_view did_url);

}  // namespace passeur::credential
