#include "account/authenticator.hpp"

#include <algorithm>

#include "core/encoding.hpp"

namespace passeur::account {
namespace {

constexpr std::int64_t kTouchIntervalMs = 60'000;  // last_seen_at / last_used_at write granularity
constexpr std::size_t kMaxCredentialBytes = 256;

core::Error NoCredentials() {
    return core::Error::Unauthenticated(
        "Authentification requise : connectez-vous ou fournissez un jeton d'API.");
}
core::Error BadSession() {
    return core::Error::Unauthenticated("Session expirée ou invalide : reconnectez-vous.");
}
core::Error BadToken() { return core::Error::Unauthenticated("Jeton d'API invalide ou révoqué."); }

bool IsUnsafeMethod(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

}  // namespace

Authenticator::Authenticator(store::Store& store, core::Clock& clock, const AccountConfig& config)
    : store_(store), clock_(clock), config_(config) {}

core::Result<Principal> Authenticator::Authenticate(const http::Request& request) {
    if (auto authorization = request.Header("authorization")) {
        if (!StartsWithNoCase(*authorization, "bearer ")) {
            return core::Fail(core::Error::Unauthenticated(
                "Schéma d'authentification non pris en charge : utilisez « Bearer pst_… »."));
        }
        return FromBearer(authorization->substr(7));
    }
    if (auto cookie = request.Cookie(kSessionCookieName)) return FromSession(*cookie);
    return core::Fail(NoCredentials());
}

core::Result<std::optional<Principal>> Authenticator::AuthenticateOptional(const http::Request& request) {
    auto principal = Authenticate(request);
    if (principal) return std::optional<Principal>(std::move(*principal));
    if (principal.error().code == core::ErrorCode::kUnauthenticated) return std::optional<Principal>();
    return core::Fail(principal.error());
}

core::Result<Principal> Authenticator::FromSession(std::string_view secret) {
    if (secret.empty() || secret.size() > kMaxCredentialBytes) return core::Fail(BadSession());
    const std::string id_hash = core::Sha256Hex(secret);
    auto session = store_.Sessions().Get(id_hash);
    if (!session) {
        if (session.error().code == core::ErrorCode::kNotFound) return core::Fail(BadSession());
        return core::Fail(session.error());
    }
    const std::int64_t now = clock_.NowMillis();
    const std::int64_t absolute_end = session->created_at + config_.session_absolute_ms;
    if (now >= session->expires_at || now >= absolute_end) {
        PASSEUR_TRY(store_.Sessions().Delete(id_hash));
        return core::Fail(BadSession());
    }
    auto user = store_.Users().Get(session->user_id);
    if (!user) {
        if (user.error().code == core::ErrorCode::kNotFound) return core::Fail(BadSession());
        return core::Fail(user.error());
    }
    if (user->disabled) return core::Fail(BadSession());
    // Sliding idle expiry, written at most once per minute (so the idle limit is exact to a minute).
    if (now - session->last_seen_at >= kTouchIntervalMs) {
        const std::int64_t expires_at = std::min(now + config_.session_idle_ms, absolute_end);
        PASSEUR_TRY(store_.Sessions().Touch(id_hash, now, expires_at));
        session->last_seen_at = now;
        session->expires_at = expires_at;
    }
    Principal p;
    p.kind = PrincipalKind::kSession;
    p.user = std::move(*user);
    p.user.password_hash.clear();
    p.session_id_hash = id_hash;
    p.csrf_token = session->csrf_token;
    return p;
}

core::Result<Principal> Authenticator::FromBearer(std::string_view value) {
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (value.size() > kMaxCredentialBytes || value.substr(0, kApiTokenPrefix.size()) != kApiTokenPrefix) {
        return core::Fail(BadToken());
    }
    value.remove_prefix(kApiTokenPrefix.size());
    const auto dot = value.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 >= value.size()) return core::Fail(BadToken());
    const std::string_view id = value.substr(0, dot);
    const std::string_view secret = value.substr(dot + 1);
    auto token = store_.ApiTokens().Get(id);
    if (!token) {
        if (token.error().code == core::ErrorCode::kNotFound) return core::Fail(BadToken());
        return core::Fail(token.error());
    }
    if (!core::ConstantTimeEquals(core::Sha256Hex(secret), token->secret_hash)) return core::Fail(BadToken());
    if (token->revoked_at != 0 || !IsTokenRole(token->role)) return core::Fail(BadToken());
    const std::int64_t now = clock_.NowMillis();
    if (now - token->last_used_at >= kTouchIntervalMs)
        PASSEUR_TRY(store_.ApiTokens().TouchUsed(token->id, now));
    Principal p;
    p.kind = PrincipalKind::kApiToken;
    p.token_id = token->id;
    p.token_org_id = token->org_id;
    p.token_role = token->role;
    return p;
}

core::Result<void> Authenticator::CheckCsrf(const http::Request& request, const Principal& principal) const {
    if (!principal.IsSession() || !IsUnsafeMethod(request.method)) return core::Ok();
    auto header = request.Header(kCsrfHeaderName);
    if (!header || header->empty()) {
        return core::Fail(
            core::Error::PermissionDenied("Jeton CSRF manquant : en-tête X-CSRF-Token requis."));
    }
    if (!CsrfMatches(principal, *header))
        return core::Fail(core::Error::PermissionDenied("Jeton CSRF invalide."));
    return core::Ok();
}

bool Authenticator::CsrfMatches(const Principal& principal, std::string_view submitted) const {
    if (!principal.IsSession() || principal.csrf_token.empty()) return false;
    return core::ConstantTimeEquals(submitted, principal.csrf_token);
}

void Authenticator::SetSessionCookie(http::Response& response, std::string_view secret) const {
    http::CookieOptions options;
    options.max_age_seconds = config_.session_absolute_ms / 1000;
    options.http_only = true;
    options.secure = config_.secure_cookies;
    options.same_site = "Lax";
    options.path = "/";
    response.SetCookie(kSessionCookieName, secret, options);
}

void Authenticator::ClearSessionCookie(http::Response& response) const {
    http::CookieOptions options;
    options.max_age_seconds = 0;
    options.secure = config_.secure_cookies;
    response.SetCookie(kSessionCookieName, "", options);
}

}  // namespace passeur::account
