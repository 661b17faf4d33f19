// Ed25519 keys of passeur::credential (libsodium) and their Multikey text forms.
//
// Contract: a secret key is the 32-byte RFC 8032 seed (what Multikey's ed25519-priv carries);
// signing is deterministic. Multikey texts are multibase base58btc ('z') of the multicodec
// varint prefix (ed25519-pub 0xed -> bytes ed 01, ed25519-priv 0x1300 -> bytes 80 26) followed by
// the key bytes. Key generation is the only use of randomness (libsodium's CSPRNG).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace passeur::credential {

using Ed25519PublicKey = std::array<std::uint8_t, 32>;
using Ed25519Signature = std::array<std::uint8_t, 64>;

// The seed; zeroed when destroyed.
class Ed25519SecretKey {
public:
    explicit Ed25519SecretKey(const std::array<std::uint8_t, 32>& seed) : seed_(seed) {}
    Ed25519SecretKey(const Ed25519SecretKey&) = default;
    Ed25519SecretKey& operator=(const Ed25519SecretKey&) = default;
    ~Ed25519SecretKey();

    const std::array<std::uint8_t, 32>& Seed() const { return seed_; }
    // The public key of this seed.
    Ed25519PublicKey PublicKey() const;
    // The Ed25519 signature of `message`.
    Ed25519Signature Sign(std::string_view message) const;

private:
    std::array<std::uint8_t, 32> seed_;
};

// A fresh key from libsodium's CSPRNG.
Ed25519SecretKey GenerateEd25519SecretKey();

// True when `signature` is a valid Ed25519 signature of `message` by `public_key` (libsodium's
// strict verification: canonical S, no small-order keys).
bool VerifyEd25519(const Ed25519PublicKey& public_key, std::string_view message,
                   const Ed25519Signature& signature);

// Multikey publicKeyMultibase ("z6Mk...") of an Ed25519 public key.
std::string Ed25519PublicKeyMultibase(const Ed25519PublicKey& public_key);
// Parses publicKeyMultibase. Errors name what is wrong: the multibase prefix, base58 characters,
// another multicodec (e.g. "multicodec 0x1200 (p256-pub)"), the key length.
core::Result<Ed25519PublicKey> ParseEd25519PublicKeyMultibase(std::string_view text);

// Multikey secretKeyMultibase ("z3u2...") of a seed.
std::string Ed25519SecretKeyMultibase(const Ed25519SecretKey& secret_key);
// Parses secretKeyMultibase: ed25519-priv with a 32-byte seed, or the 64-byte seed || public key
// form some libraries write (its public half must match the seed).
core::Result<Ed25519SecretKey> ParseEd25519SecretKeyMultibase(std::string_view text);

}  // namespace passeur::credential
