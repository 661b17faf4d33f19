// Encryption at rest of the issuer's secret keys (passeur::credential service).
//
// Contract: a key-encryption key (KEK, 32 random bytes) lives in a file outside the database, as
// 64 hex characters; LoadOrCreateKek creates it (mode 0600, never overwritten) when asked to.
// Seal encrypts a secret with XChaCha20-Poly1305 (libsodium AEAD) under the KEK with the key's id
// as additional data, so a sealed secret moved to another row does not open. A stolen database
// alone reveals no signing key; the KEK file must be backed up with the database and shared by
// every app node.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/random.hpp"
#include "core/result.hpp"

namespace passeur::credential {

class KeyVault {
public:
    // Reads the KEK at `path`; when the file does not exist and `create`, writes a new one (0600)
    // from `random`. Errors (InvalidArgument, field "--key-file") name the path and the problem.
    static core::Result<KeyVault> LoadOrCreate(const std::string& path, bool create, core::Random& random);
    // A vault over a given KEK (tests).
    static KeyVault FromKek(const std::array<std::uint8_t, 32>& kek);

    // First 16 hex characters of SHA-256(KEK): stored beside each sealed secret.
    const std::string& KekId() const { return kek_id_; }
    // base64url(nonce || ciphertext).
    std::string Seal(std::string_view secret, std::string_view key_id, core::Random& random) const;
    // Errors: InvalidArgument when the text is malformed or does not open under this KEK and id.
    core::Result<std::string> Open(std::string_view sealed, std::string_view key_id) const;

private:
    explicit KeyVault(const std::array<std::uint8_t, 32>& kek);
    std::array<std::uint8_t, 32> kek_;
    std::string kek_id_;
};

// The default KEK file of a database URL: "sqlite:PATH" -> "PATH.issuer-key", else
// "passeur-issuer.key" in the working folder.
std::string DefaultKeyFile(std::string_view db_url);

}  // namespace passeur::credential
