// Password hashing (argon2id, libsodium crypto_pwhash_str) and the password policy.
// Policy (CNIL-inspired, docs/formats/accounts.md): 12..128 bytes of valid UTF-8; must not contain
// the local part of the e-mail (case-insensitive, when it is 3+ chars); not in the embedded list of
// common passwords; at least 3 distinct character kinds (lower, upper, digit, other) OR length ≥ 16.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace passeur::account {

inline constexpr std::size_t kPasswordMinBytes = 12;
inline constexpr std::size_t kPasswordMaxBytes = 128;
inline constexpr std::size_t kPassphraseMinBytes = 16;

// kInvalidArgument(field `field`) with a French message saying what is wrong.
core::Result<void> CheckPasswordPolicy(std::string_view password, std::string_view email,
                                       std::string_view field = "password");

// Thread-safe (libsodium is initialised in the constructor).
class PasswordHasher {
public:
    PasswordHasher(unsigned long long opslimit, std::size_t memlimit);

    core::Result<std::string> Hash(std::string_view password) const;  // kInternal on OOM
    bool Verify(std::string_view hash, std::string_view password) const;
    bool NeedsRehash(std::string_view hash) const;
    // Same cost as a Verify on a real hash: used for unknown e-mails so timing reveals nothing.
    void DummyVerify(std::string_view password) const;

private:
    unsigned long long opslimit_;
    std::size_t memlimit_;
    std::string dummy_hash_;
};

}  // namespace passeur::account
