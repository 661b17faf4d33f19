// did:key for Ed25519 (W3C CCG did:key method): "did:key:" + publicKeyMultibase, whose single
// verification method is "did:key:<mb>#<mb>". Resolution is local and pure.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "credential/ed25519.hpp"

namespace passeur::credential {

// Longest DID URL ParseDidKey accepts.
inline constexpr std::size_t kMaxDidUrlChars = 2048;

// "did:key:z6Mk..." of `public_key`.
std::string DidKeyFromPublicKey(const Ed25519PublicKey& public_key);
// Its verification method URL "did:key:z6Mk...#z6Mk..." (for proof.verificationMethod).
std::string DidKeyVerificationMethod(const Ed25519PublicKey& public_key);

// The Ed25519 public key of a did:key DID or of its verification method URL. Errors
// (InvalidArgument) name what is wrong: not a "did:key:" URL, a path or query, a fragment other
// than the key's own, the multibase / multicodec / key length (e.g. a P-256 "zDn..." key).
core::Result<Ed25519PublicKey> ParseDidKey(std::string_view did_url);

}  // namespace passeur::credential
