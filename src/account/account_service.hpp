// Accounts, login/logout, sessions, profile, password change, GDPR export and deletion.
// Thread-safe (state lives in the store). All user-facing messages are French.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/account_config.hpp"
#include "account/audit.hpp"
#include "account/password.hpp"
#include "account/principal.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace passeur::account {

inline constexpr std::size_t kEmailMaxBytes = 254;
inline constexpr std::size_t kDisplayNameMaxBytes = 100;

// Lower-cased, trimmed e-mail, or kInvalidArgument(field) when it is not a plausible address.
core::Result<std::string> NormalizeEmail(std::string_view email, std::string_view field = "email");

// A freshly opened session: `secret` goes in the cookie (never stored), `session` is what is stored.
struct LoginResult {
    store::User user;  // password_hash cleared
    std::string secret;
    store::Session session;
};

struct MembershipView {
    store::Membership membership;
    std::string org_name;
};

struct NewUser {
    std::string email;
    std::string password;
    std::string display_name;
    std::string locale = "fr";
    std::string platform_role;  // "" or "platform_admin"
};

struct ProfilePatch {
    std::optional<std::string> display_name;
    std::optional<std::string> locale;  // "fr" | "en"
};

class AccountService {
public:
    AccountService(store::Store& store, core::Clock& clock, core::Random& random, const AccountConfig& config,
                   const PasswordHasher& hasher, AuditLog& audit);

    // Validates (email, policy, bounds) and stores a new user; kConflict(field "email") when taken.
    // Audited as "user.created". Used by invitations and by the app to bootstrap a platform admin.
    core::Result<store::User> CreateUser(const NewUser& input, std::string_view actor_user_id,
                                         std::string_view ip);

    // Counts one self-service account creation from `ip` (a visitor creating their own account, not
    // an admin or an invitation) and refuses it with kRateLimited beyond
    // AccountConfig::self_signups_per_ip in the rate window, audited as "auth.signup_rate_limited".
    // Call it after the form's own checks and before CreateUser: the count limits how fast one IP
    // can create accounts or learn which e-mail addresses have one.
    core::Result<void> CountSelfSignUp(std::string_view ip);

    // Rate-limited (kRateLimited): every attempt is counted before the password is checked, per IP
    // and per account, and refused beyond the configured number per window; a success resets the
    // account counter. kUnauthenticated with one message for any wrong credentials, and when the
    // password changed while this attempt was being checked. Rehashes the password when parameters
    // changed.
    core::Result<LoginResult> Login(std::string_view email, std::string_view password, std::string_view ip);
    // Opens a session for `user` once its password was checked against `verified_password_hash`
    // (or just set to it). Re-reads the user first and fails with kUnauthenticated (the login's
    // wrong-credentials message) when the stored hash differs (a password change happened since the
    // check), the user is disabled or gone, so a session is never made from a superseded password.
    core::Result<LoginResult> OpenSession(const store::User& user, std::string_view verified_password_hash);
    core::Result<void> Logout(const Principal& principal, std::string_view ip);

    core::Result<store::User> GetUser(std::string_view user_id);  // password_hash cleared
    core::Result<std::vector<MembershipView>> Memberships(std::string_view user_id);

    // Writes display_name and locale only (never the password hash or roles, whatever was read).
    core::Result<store::User> UpdateProfile(const Principal& principal, const ProfilePatch& patch,
                                            std::string_view ip);
    // Checks the current password and the policy, stores the new hash, deletes every session of the
    // user and opens a fresh one (returned: the caller sets the new cookie).
    core::Result<LoginResult> ChangePassword(const Principal& principal, std::string_view current_password,
                                             std::string_view new_password, std::string_view ip);
    // GDPR erasure. kConflict naming the organisation(s) where the user is the last org_admin.
    core::Result<void> DeleteAccount(const Principal& principal, std::string_view password,
                                     std::string_view ip);
    // GDPR export: everything stored about the user (no password hash, no token secrets), plus one
    // member per registered export section (the data other components keep about the user).
    core::Result<nlohmann::json> Export(const Principal& principal);

    // What another component stores about the principal's user, as JSON (e.g. assessments). Sections
    // are registered while the application is built, before any request (not thread-safe); `name` is
    // a new top-level member of the export (not one of the account's own).
    using ExportSection = std::function<core::Result<nlohmann::json>(const Principal&)>;
    void AddExportSection(std::string name, ExportSection section);

private:
    store::Store& store_;
    core::Clock& clock_;
    core::Random& random_;
    const AccountConfig& config_;
    const PasswordHasher& hasher_;
    AuditLog& audit_;
    std::vector<std::pair<std::string, ExportSection>> export_sections_;
};

}  // namespace passeur::account
