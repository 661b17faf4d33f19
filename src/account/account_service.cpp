#include "account/account_service.hpp"

#include <algorithm>

#include "account/authorizer.hpp"
#include "account/json_views.hpp"
#include "core/encoding.hpp"

namespace passeur::account {
namespace {

// The GDPR export includes the user's most recent audit events up to the repository's maximum page.
constexpr int kExportAuditLimit = 1000;
constexpr std::string_view kWrongCredentials = "Adresse e-mail ou mot de passe incorrect.";
constexpr std::string_view kRateLimitedMessage =
    "Trop de tentatives de connexion. Réessayez dans quelques minutes.";

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
    while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
    return s;
}

bool HasControlChar(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

std::string AccountRateKey(std::string_view email) { return "login:account:" + core::Sha256Hex(email); }
std::string IpRateKey(std::string_view ip) { return "login:ip:" + std::string(ip); }
std::string SignUpRateKey(std::string_view ip) { return "signup:ip:" + std::string(ip); }

core::Result<void> ValidateDisplayName(std::string_view name) {
    if (name.size() > kDisplayNameMaxBytes) {
        return core::Fail(core::Error::InvalidArgument("Le nom affiché est trop long : au plus 100 octets.",
                                                       "display_name"));
    }
    if (!core::IsValidUtf8(name) || HasControlChar(name)) {
        return core::Fail(core::Error::InvalidArgument("Le nom affiché contient des caractères invalides.",
                                                       "display_name"));
    }
    return core::Ok();
}

core::Result<void> ValidateLocale(std::string_view locale) {
    if (locale != "fr" && locale != "en") {
        return core::Fail(core::Error::InvalidArgument("La langue doit être « fr » ou « en ».", "locale"));
    }
    return core::Ok();
}

std::int64_t WindowStart(const AccountConfig& config, std::int64_t now) {
    const std::int64_t window = config.rate_window_ms > 0 ? config.rate_window_ms : 1;
    return now - now % window;
}

// Password re-checks (password change, account deletion) share the login's per-account attempt
// counter, so a stolen session cannot be used to guess the password faster than the login allows.
// The attempt is counted before its result is looked at (concurrent attempts cannot all slip under
// the limit); a right password resets the counter, like a successful login.
core::Result<void> CheckReauthentication(store::Store& store, const AccountConfig& config, std::int64_t now,
                                         std::string_view email, bool password_ok, std::string_view field,
                                         std::string_view message) {
    const std::string key = AccountRateKey(email);
    auto attempts = store.RateLimits().Hit(key, WindowStart(config, now));
    if (!attempts) return core::Fail(attempts.error());
    if (*attempts > config.login_failures_per_account) {
        return core::Fail(core::Error::RateLimited(std::string(kRateLimitedMessage)));
    }
    if (!password_ok) {
        return core::Fail(core::Error::InvalidArgument(std::string(message), std::string(field)));
    }
    return store.RateLimits().Reset(key);
}

store::User Public(store::User user) {
    user.password_hash.clear();
    return user;
}

}  // namespace

core::Result<std::string> NormalizeEmail(std::string_view email, std::string_view field) {
    const std::string f(field);
    const std::string_view trimmed = Trim(email);
    if (trimmed.empty()) return core::Fail(core::Error::InvalidArgument("L'adresse e-mail est requise.", f));
    if (trimmed.size() > kEmailMaxBytes) {
        return core::Fail(
            core::Error::InvalidArgument("L'adresse e-mail est trop longue : au plus 254 caractères.", f));
    }
    if (!core::IsValidUtf8(trimmed) || HasControlChar(trimmed)) {
        return core::Fail(
            core::Error::InvalidArgument("L'adresse e-mail contient des caractères invalides.", f));
    }
    const auto at = trimmed.rfind('@');
    const bool malformed = at == std::string_view::npos || at == 0 || at > 64 || at + 1 >= trimmed.size() ||
                           trimmed.find('@') != at || trimmed.find(' ') != std::string_view::npos ||
                           trimmed.substr(at + 1).find('.') == std::string_view::npos ||
                           trimmed.back() == '.';
    if (malformed) {
        return core::Fail(
            core::Error::InvalidArgument("L'adresse e-mail n'est pas valide (attendu : nom@domaine.fr).", f));
    }
    std::string out(trimmed);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

AccountService::AccountService(store::Store& store, core::Clock& clock, core::Random& random,
                               const AccountConfig& config, const PasswordHasher& hasher, AuditLog& audit)
    : store_(store), clock_(clock), random_(random), config_(config), hasher_(hasher), audit_(audit) {}

core::Result<store::User> AccountService::CreateUser(const NewUser& input, std::string_view actor_user_id,
                                                     std::string_view ip) {
    auto email = NormalizeEmail(input.email);
    if (!email) return core::Fail(email.error());
    PASSEUR_TRY(ValidateDisplayName(input.display_name));
    PASSEUR_TRY(ValidateLocale(input.locale));
    if (!input.platform_role.empty() && input.platform_role != kPlatformAdmin) {
        return core::Fail(core::Error::InvalidArgument("Rôle de plateforme inconnu.", "platform_role"));
    }
    PASSEUR_TRY(CheckPasswordPolicy(input.password, *email));
    auto hash = hasher_.Hash(input.password);
    if (!hash) return core::Fail(hash.error());

    store::User user;
    user.id = core::NewUuid(random_);
    user.email = *email;
    user.display_name = std::string(Trim(input.display_name));
    user.password_hash = *hash;
    user.locale = input.locale;
    user.platform_role = input.platform_role;
    user.created_at = clock_.NowMillis();
    user.password_changed_at = user.created_at;
    if (auto created = store_.Users().Create(user); !created) {
        if (created.error().code == core::ErrorCode::kConflict) {
            return core::Fail(
                core::Error::Conflict("Un compte existe déjà avec cette adresse e-mail.", "email"));
        }
        return core::Fail(created.error());
    }
    PASSEUR_TRY(audit_.Record(AuditEntry("user.created")
                                  .Actor(std::string(actor_user_id))
                                  .Subject(user.id)
                                  .Ip(std::string(ip))
                                  .Details(nlohmann::json{{"email", HashEmail(user.email)},
                                                          {"platform_role", user.platform_role}})));
    return Public(std::move(user));
}

core::Result<LoginResult> AccountService::OpenSession(const store::User& user,
                                                      std::string_view verified_password_hash) {
    auto current = store_.Users().Get(user.id);
    if (!current && current.error().code != core::ErrorCode::kNotFound) return core::Fail(current.error());
    if (!current || current->disabled || verified_password_hash.empty() ||
        !core::ConstantTimeEquals(current->password_hash, verified_password_hash)) {
        return core::Fail(core::Error::Unauthenticated(std::string(kWrongCredentials)));
    }
    const std::int64_t now = clock_.NowMillis();
    LoginResult result;
    result.user = Public(std::move(*current));
    result.secret = core::RandomToken(random_, 32);
    result.session.id_hash = core::Sha256Hex(result.secret);
    result.session.user_id = user.id;
    result.session.csrf_token = core::RandomToken(random_, 32);
    result.session.created_at = now;
    result.session.last_seen_at = now;
    result.session.expires_at = now + std::min(config_.session_idle_ms, config_.session_absolute_ms);
    PASSEUR_TRY(store_.Sessions().Create(result.session));
    return result;
}

core::Result<void> AccountService::CountSelfSignUp(std::string_view ip) {
    auto hits = store_.RateLimits().Hit(SignUpRateKey(ip), WindowStart(config_, clock_.NowMillis()));
    if (!hits) return core::Fail(hits.error());
    if (*hits <= config_.self_signups_per_ip) return core::Ok();
    PASSEUR_TRY(audit_.Record(AuditEntry("auth.signup_rate_limited").Ip(std::string(ip))));
    return core::Fail(core::Error::RateLimited(
        "Trop de comptes créés depuis ce réseau ces dernières minutes. Réessayez dans un quart d'heure."));
}

core::Result<LoginResult> AccountService::Login(std::string_view email_input, std::string_view password,
                                                std::string_view ip) {
    auto email = NormalizeEmail(email_input);
    if (!email) return core::Fail(email.error());
    if (password.size() > kPasswordMaxBytes) {
        return core::Fail(core::Error::InvalidArgument("Le mot de passe dépasse 128 octets.", "password"));
    }
    const std::int64_t now = clock_.NowMillis();
    const std::int64_t window_start = WindowStart(config_, now);
    const std::string account_key = AccountRateKey(*email);
    auto rate_limited = [&](std::string_view scope) -> core::Result<LoginResult> {
        PASSEUR_TRY(
            audit_.Record(AuditEntry("auth.login_rate_limited")
                              .Ip(std::string(ip))
                              .Details(nlohmann::json{{"email", HashEmail(*email)}, {"scope", scope}})));
        return core::Fail(core::Error::RateLimited(std::string(kRateLimitedMessage)));
    };

    // Both counters are incremented before the password is checked, so concurrent attempts cannot
    // all pass a check made before any of them is counted; a success resets the account counter.
    auto ip_hits = store_.RateLimits().Hit(IpRateKey(ip), window_start);
    if (!ip_hits) return core::Fail(ip_hits.error());
    if (*ip_hits > config_.login_attempts_per_ip) return rate_limited("ip");
    auto account_hits = store_.RateLimits().Hit(account_key, window_start);
    if (!account_hits) return core::Fail(account_hits.error());
    if (*account_hits > config_.login_failures_per_account) return rate_limited("account");

    auto fail = [&](std::string_view subject, std::string_view reason) -> core::Result<LoginResult> {
        PASSEUR_TRY(
            audit_.Record(AuditEntry("auth.login_failed")
                              .Subject(std::string(subject))
                              .Ip(std::string(ip))
                              .Details(nlohmann::json{{"email", HashEmail(*email)}, {"reason", reason}})));
        return core::Fail(core::Error::Unauthenticated(std::string(kWrongCredentials)));
    };

    auto user = store_.Users().FindByEmail(*email);
    if (!user) {
        if (user.error().code != core::ErrorCode::kNotFound) return core::Fail(user.error());
        hasher_.DummyVerify(password);
        return fail("", "unknown_email");
    }
    if (!hasher_.Verify(user->password_hash, password)) return fail(user->id, "wrong_password");
    if (user->disabled) return fail(user->id, "disabled");

    PASSEUR_TRY(store_.RateLimits().Reset(account_key));
    std::string verified_hash = user->password_hash;
    if (hasher_.NeedsRehash(verified_hash)) {
        auto rehashed = hasher_.Hash(password);
        // Rewrites the row only if it still holds the hash just verified; a password changed in the
        // meantime is left alone and OpenSession below refuses the session.
        auto current = store_.Users().Get(user->id);
        if (!current && current.error().code != core::ErrorCode::kNotFound)
            return core::Fail(current.error());
        if (rehashed && current && current->password_hash == verified_hash) {
            current->password_hash = *rehashed;
            PASSEUR_TRY(store_.Users().Update(*current));
            verified_hash = *rehashed;
        }
    }
    auto session = OpenSession(*user, verified_hash);
    if (!session) {
        if (session.error().code == core::ErrorCode::kUnauthenticated)
            return fail(user->id, "password_changed");
        return core::Fail(session.error());
    }
    PASSEUR_TRY(
        audit_.Record(AuditEntry("auth.login").Actor(user->id).Subject(user->id).Ip(std::string(ip))));
    return session;
}

core::Result<void> AccountService::Logout(const Principal& principal, std::string_view ip) {
    if (!principal.IsSession()) {
        return core::Fail(core::Error::InvalidArgument(
            "Un jeton d'API n'ouvre pas de session : il n'y a rien à fermer.", "Authorization"));
    }
    PASSEUR_TRY(store_.Sessions().Delete(principal.session_id_hash));
    return audit_.Record(
        AuditEntry("auth.logout").Actor(principal.user.id).Subject(principal.user.id).Ip(std::string(ip)));
}

core::Result<store::User> AccountService::GetUser(std::string_view user_id) {
    auto user = store_.Users().Get(user_id);
    if (!user) return core::Fail(user.error());
    return Public(std::move(*user));
}

core::Result<std::vector<MembershipView>> AccountService::Memberships(std::string_view user_id) {
    auto memberships = store_.Memberships().ListByUser(user_id);
    if (!memberships) return core::Fail(memberships.error());
    std::vector<MembershipView> out;
    out.reserve(memberships->size());
    for (auto& m : *memberships) {
        auto org = store_.Organizations().Get(m.org_id);
        if (!org) {
            if (org.error().code == core::ErrorCode::kNotFound) continue;
            return core::Fail(org.error());
        }
        out.push_back({std::move(m), org->name});
    }
    return out;
}

core::Result<store::User> AccountService::UpdateProfile(const Principal& principal, const ProfilePatch& patch,
                                                        std::string_view ip) {
    Authorizer authorizer(store_);
    PASSEUR_TRY(authorizer.Authorize(principal, Action::kChangeOwnAccount));
    auto user = store_.Users().Get(principal.user.id);
    if (!user) return core::Fail(user.error());
    // Only these two columns are written (UserRepository::UpdateProfile): a password changed since
    // the read above must not be overwritten by the hash this read returned.
    nlohmann::json changed = nlohmann::json::array();
    if (patch.display_name) {
        PASSEUR_TRY(ValidateDisplayName(*patch.display_name));
        user->display_name = std::string(Trim(*patch.display_name));
        changed.push_back("display_name");
    }
    if (patch.locale) {
        PASSEUR_TRY(ValidateLocale(*patch.locale));
        user->locale = *patch.locale;
        changed.push_back("locale");
    }
    if (!changed.empty()) {
        PASSEUR_TRY(store_.Users().UpdateProfile(user->id, user->display_name, user->locale));
        PASSEUR_TRY(audit_.Record(AuditEntry("user.profile_updated")
                                      .Actor(user->id)
                                      .Subject(user->id)
                                      .Ip(std::string(ip))
                                      .Details(nlohmann::json{{"fields", changed}})));
    }
    return Public(std::move(*user));
}

core::Result<LoginResult> AccountService::ChangePassword(const Principal& principal,
                                                         std::string_view current_password,
                                                         std::string_view new_password, std::string_view ip) {
    Authorizer authorizer(store_);
    PASSEUR_TRY(authorizer.Authorize(principal, Action::kChangeOwnAccount));
    auto user = store_.Users().Get(principal.user.id);
    if (!user) return core::Fail(user.error());
    const bool current_ok =
        current_password.size() <= kPasswordMaxBytes && hasher_.Verify(user->password_hash, current_password);
    if (!current_ok) {
        PASSEUR_TRY(audit_.Record(
            AuditEntry("auth.password_change_failed").Actor(user->id).Subject(user->id).Ip(std::string(ip))));
    }
    PASSEUR_TRY(CheckReauthentication(store_, config_, clock_.NowMillis(), user->email, current_ok,
                                      "current_password", "Le mot de passe actuel est incorrect."));
    PASSEUR_TRY(CheckPasswordPolicy(new_password, user->email, "new_password"));
    if (new_password == current_password) {
        return core::Fail(core::Error::InvalidArgument(
            "Le nouveau mot de passe doit être différent de l'actuel.", "new_password"));
    }
    auto hash = hasher_.Hash(new_password);
    if (!hash) return core::Fail(hash.error());
    user->password_hash = *hash;
    user->password_changed_at = clock_.NowMillis();
    PASSEUR_TRY(store_.Users().Update(*user));
    PASSEUR_TRY(store_.Sessions().DeleteForUser(user->id));
    auto session = OpenSession(*user, user->password_hash);
    if (!session) return core::Fail(session.error());
    PASSEUR_TRY(audit_.Record(
        AuditEntry("auth.password_changed").Actor(user->id).Subject(user->id).Ip(std::string(ip))));
    return session;
}

core::Result<void> AccountService::DeleteAccount(const Principal& principal, std::string_view password,
                                                 std::string_view ip) {
    Authorizer authorizer(store_);
    PASSEUR_TRY(authorizer.Authorize(principal, Action::kChangeOwnAccount));
    auto user = store_.Users().Get(principal.user.id);
    if (!user) return core::Fail(user.error());
    const bool password_ok =
        password.size() <= kPasswordMaxBytes && hasher_.Verify(user->password_hash, password);
    PASSEUR_TRY(CheckReauthentication(store_, config_, clock_.NowMillis(), user->email, password_ok,
                                      "password", "Le mot de passe est incorrect."));
    auto memberships = Memberships(user->id);
    if (!memberships) return core::Fail(memberships.error());
    std::string last_admin_of;
    for (const auto& m : *memberships) {
        if (m.membership.role != kRoleOrgAdmin) continue;
        auto admins = store_.Memberships().CountByRole(m.membership.org_id, kRoleOrgAdmin);
        if (!admins) return core::Fail(admins.error());
        if (*admins <= 1) {
            if (!last_admin_of.empty()) last_admin_of += ", ";
            last_admin_of += "« " + m.org_name + " »";
        }
    }
    if (!last_admin_of.empty()) {
        return core::Fail(
            core::Error::Conflict("Vous êtes le dernier administrateur de : " + last_admin_of +
                                  ". Nommez un autre administrateur avant de supprimer votre compte."));
    }
    PASSEUR_TRY(store_.Users().Delete(user->id));
    // Audited without the e-mail: the subject is the (now dangling) opaque user id.
    return audit_.Record(AuditEntry("user.deleted").Subject(user->id).Ip(std::string(ip)));
}

core::Result<nlohmann::json> AccountService::Export(const Principal& principal) {
    Authorizer authorizer(store_);
    PASSEUR_TRY(authorizer.Authorize(principal, Action::kChangeOwnAccount));
    auto user = GetUser(principal.user.id);
    if (!user) return core::Fail(user.error());
    auto memberships = Memberships(user->id);
    if (!memberships) return core::Fail(memberships.error());
    auto sessions = store_.Sessions().ListForUser(user->id);
    if (!sessions) return core::Fail(sessions.error());
    auto events = store_.Audit().ListByActor(user->id, kExportAuditLimit);
    if (!events) return core::Fail(events.error());

    nlohmann::json out;
    out["format"] = "passeur.account-export/1";
    out["exported_at"] = TimeJson(clock_.NowMillis());
    out["user"] = UserJson(*user);
    out["memberships"] = nlohmann::json::array();
    out["api_tokens_created"] = nlohmann::json::array();
    out["invitations_created"] = nlohmann::json::array();
    for (const auto& m : *memberships) {
        out["memberships"].push_back(MembershipJson(m));
        auto tokens = store_.ApiTokens().ListByOrg(m.membership.org_id);
        if (!tokens) return core::Fail(tokens.error());
        for (const auto& t : *tokens) {
            if (t.created_by == user->id) out["api_tokens_created"].push_back(ApiTokenJson(t));
        }
        // Pending invitations (expired ones included: now = 0); accepted ones are in the audit trail.
        auto invitations = store_.Invitations().ListPendingByOrg(m.membership.org_id, 0);
        if (!invitations) return core::Fail(invitations.error());
        for (const auto& inv : *invitations) {
            if (inv.created_by == user->id) out["invitations_created"].push_back(InvitationJson(inv));
        }
    }
    out["sessions"] = nlohmann::json::array();
    for (const auto& s : *sessions) {
        out["sessions"].push_back(SessionJson(s, s.id_hash == principal.session_id_hash));
    }
    out["audit_events"] = nlohmann::json::array();
    for (const auto& e : *events) out["audit_events"].push_back(AuditEventJson(e));
    for (const auto& [name, section] : export_sections_) {
        auto data = section(principal);
        if (!data) return core::Fail(data.error());
        out[name] = std::move(*data);
    }
    return out;
}

void AccountService::AddExportSection(std::string name, ExportSection section) {
    export_sections_.emplace_back(std::move(name), std::move(section));
}

}  // namespace passeur::account
