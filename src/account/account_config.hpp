// Configuration of the account component (see module.hpp). Times in milliseconds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <sodium.h>  // crypto_pwhash_* limits for callers choosing a profile (header only, /usr/include)

namespace passeur::account {

// libsodium's crypto_pwhash_{OPS,MEM}LIMIT_{INTERACTIVE,MIN} (checked by static_assert in password.cpp).
inline constexpr unsigned long long kArgon2OpsLimitInteractive = 2;
inline constexpr std::size_t kArgon2MemLimitInteractive = 67108864;  // 64 MiB
inline constexpr unsigned long long kArgon2OpsLimitMin = 1;
inline constexpr std::size_t kArgon2MemLimitMin = 8192;  // bytes, for tests

struct AccountConfig {
    unsigned long long argon2_opslimit = kArgon2OpsLimitInteractive;
    std::size_t argon2_memlimit = kArgon2MemLimitInteractive;  // tests use the _MIN values
    std::int64_t session_idle_ms = 2LL * 3600 * 1000;
    std::int64_t session_absolute_ms = 12LL * 3600 * 1000;
    bool secure_cookies = false;                            // true behind TLS
    std::string public_base_url = "http://127.0.0.1:8080";  // for invitation links, no trailing '/'
    int login_failures_per_account = 5;
    int login_attempts_per_ip = 30;
    // Accounts people create for themselves (a campaign's consent screen), per IP and window. A
    // mediation place's workshop shares one public IP, hence as many as its login attempts.
    int self_signups_per_ip = 30;
    std::int64_t rate_window_ms = 15LL * 60 * 1000;
    std::int64_t invitation_ttl_ms = 7LL * 24 * 3600 * 1000;
};

}  // namespace passeur::account
