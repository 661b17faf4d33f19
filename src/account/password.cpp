#include "account/password.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <set>

#include <sodium.h>

#include "account/account_config.hpp"
#include "core/encoding.hpp"

namespace passeur::account {

static_assert(kArgon2OpsLimitInteractive == crypto_pwhash_OPSLIMIT_INTERACTIVE);
static_assert(kArgon2MemLimitInteractive == crypto_pwhash_MEMLIMIT_INTERACTIVE);
static_assert(kArgon2OpsLimitMin == crypto_pwhash_OPSLIMIT_MIN);
static_assert(kArgon2MemLimitMin == crypto_pwhash_MEMLIMIT_MIN);

namespace {

// Common passwords of 12+ bytes (lower-cased): French and international leak lists. Shorter ones
// are already refused by the length rule.
constexpr std::array<std::string_view, 60> kCommonPasswords = {
    "123456789012",   "1234567890123",  "12345678901234",       "123456789123",         "1234567891011",
    "000000000000",   "111111111111",   "123123123123",         "azertyuiop12",         "azertyuiop123",
    "azertyuiopqs",   "azertyuiopqsdf", "azertyuiopqsdfghjklm", "azertyazerty",         "qwertyuiop12",
    "qwertyuiop123",  "qwertyuiopasdf", "qwertyqwerty",         "1qaz2wsx3edc",         "1q2w3e4r5t6y",
    "password1234",   "password12345",  "password123!",         "passwordpassword",     "motdepasse12",
    "motdepasse123",  "motdepasse1234", "motdepasse!123",       "motdepassemotdepasse", "bonjour12345",
    "bonjour123456",  "soleil123456",   "doudou123456",         "chouchou1234",         "marseille1234",
    "marseille13013", "parisparis75",   "jetaime12345",         "jetaimejetaime",       "iloveyou1234",
    "iloveyou12345",  "administrator",  "administrateur",       "admin1234567",         "welcome12345",
    "bienvenue123",   "bienvenue1234",  "changeme1234",         "letmein12345",         "football1234",
    "superman1234",   "baseball1234",   "trustno11234",         "abcdefghijkl",         "abcdef123456",
    "abc123abc123",   "passeur12345",   "passeur123456",        "mediateur123",         "numerique123",
};

bool ContainsCaseInsensitive(std::string_view haystack, std::string_view needle) {
    if (needle.empty() || needle.size() > haystack.size()) return false;
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        bool match = true;
        for (std::size_t j = 0; j < needle.size(); ++j) {
            if (lower(haystack[i + j]) != lower(needle[j])) {
                match = false;
                break;
            }
        }
        if (match) return true;
    }
    return false;
}

std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

void EnsureSodium() {
    if (sodium_init() < 0) std::abort();  // no CSPRNG: nothing secure can run
}

}  // namespace

core::Result<void> CheckPasswordPolicy(std::string_view password, std::string_view email,
                                       std::string_view field) {
    const std::string f(field);
    if (!core::IsValidUtf8(password)) {
        return core::Fail(
            core::Error::InvalidArgument("Le mot de passe contient des caractères invalides.", f));
    }
    if (password.size() < kPasswordMinBytes) {
        return core::Fail(
            core::Error::InvalidArgument("Le mot de passe est trop court : au moins 12 caractères.", f));
    }
    if (password.size() > kPasswordMaxBytes) {
        return core::Fail(
            core::Error::InvalidArgument("Le mot de passe est trop long : au plus 128 octets.", f));
    }
    bool lower = false, upper = false, digit = false, other = false;
    std::set<char> distinct;
    for (char c : password) {
        distinct.insert(c);
        if (c >= 'a' && c <= 'z') {
            lower = true;
        } else if (c >= 'A' && c <= 'Z') {
            upper = true;
        } else if (c >= '0' && c <= '9') {
            digit = true;
        } else {
            other = true;
        }
    }
    if (distinct.size() < 5) {
        return core::Fail(core::Error::InvalidArgument(
            "Le mot de passe répète trop peu de caractères différents (au moins 5 distincts).", f));
    }
    const int kinds = int{lower} + int{upper} + int{digit} + int{other};
    if (kinds < 3 && password.size() < kPassphraseMinBytes) {
        return core::Fail(core::Error::InvalidArgument(
            "Le mot de passe doit mélanger au moins 3 types de caractères (minuscules, majuscules, "
            "chiffres, symboles) ou compter au moins 16 caractères (phrase de passe).",
            f));
    }
    const auto at = email.find('@');
    const std::string_view local = at == std::string_view::npos ? std::string_view{} : email.substr(0, at);
    if (local.size() >= 3 && ContainsCaseInsensitive(password, local)) {
        return core::Fail(core::Error::InvalidArgument(
            "Le mot de passe ne doit pas contenir votre identifiant d'adresse e-mail.", f));
    }
    const std::string lowered = AsciiLower(password);
    if (std::find(kCommonPasswords.begin(), kCommonPasswords.end(), lowered) != kCommonPasswords.end()) {
        return core::Fail(core::Error::InvalidArgument(
            "Ce mot de passe fait partie des mots de passe les plus courants : choisissez-en un autre.", f));
    }
    return core::Ok();
}

PasswordHasher::PasswordHasher(unsigned long long opslimit, std::size_t memlimit)
    : opslimit_(opslimit), memlimit_(memlimit) {
    EnsureSodium();
    std::array<unsigned char, 24> seed{};
    randombytes_buf(seed.data(), seed.size());
    const std::string dummy_password =
        core::HexEncode(std::string_view(reinterpret_cast<const char*>(seed.data()), seed.size()));
    auto hash = Hash(dummy_password);
    if (!hash) std::abort();  // cannot allocate memlimit at start-up: configuration bug
    dummy_hash_ = *hash;
}

core::Result<std::string> PasswordHasher::Hash(std::string_view password) const {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), opslimit_, memlimit_) != 0) {
        return core::Fail(core::Error::Internal("argon2id hashing failed (out of memory?)"));
    }
    return std::string(out);
}

bool PasswordHasher::Verify(std::string_view hash, std::string_view password) const {
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    const std::string h(hash);  // NUL-terminated copy
    return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::NeedsRehash(std::string_view hash) const {
    const std::string h(hash);
    return crypto_pwhash_str_needs_rehash(h.c_str(), opslimit_, memlimit_) != 0;
}

void PasswordHasher::DummyVerify(std::string_view password) const { (void)Verify(dummy_hash_, password); }

}  // namespace passeur::account
