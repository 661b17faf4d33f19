// Who is calling: a logged-in user (session cookie) or an API token (bearer). Produced by
// Authenticator, consumed by Authorizer and the services. Plain value, copyable.
#pragma once

#include <string>
#include <string_view>

#include "store/entities.hpp"

namespace passeur::account {

// Names shared by the JSON API and the HTML pages.
inline constexpr std::string_view kSessionCookieName = "passeur_session";
inline constexpr std::string_view kCsrfHeaderName = "X-CSRF-Token";
inline constexpr std::string_view kApiTokenPrefix = "pst_";  // "pst_<token id>.<secret>"

// Organisation roles (Membership::role) and the platform role (User::platform_role).
inline constexpr std::string_view kRoleLearner = "learner";
inline constexpr std::string_view kRoleMediator = "mediator";
inline constexpr std::string_view kRoleOrgAdmin = "org_admin";
inline constexpr std::string_view kRoleCoordinator = "coordinator";
inline constexpr std::string_view kPlatformAdmin = "platform_admin";

bool IsOrgRole(std::string_view role);    // learner | mediator | org_admin | coordinator
bool IsTokenRole(std::string_view role);  // learner | mediator | org_admin

enum class PrincipalKind { kSession, kApiToken };

struct Principal {
    PrincipalKind kind = PrincipalKind::kSession;
    // kSession: the logged-in user (password_hash cleared). kApiToken: empty (a token is no user).
    store::User user;
    // kSession only.
    std::string session_id_hash;
    std::string csrf_token;
    // kApiToken only: the token acts inside token_org_id with token_role and nowhere else.
    std::string token_id;
    std::string token_org_id;
    std::string token_role;

    bool IsSession() const { return kind == PrincipalKind::kSession; }
    bool IsApiToken() const { return kind == PrincipalKind::kApiToken; }
    bool IsPlatformAdmin() const { return IsSession() && user.platform_role == kPlatformAdmin; }
    // User id for audit "actor": the user for sessions, "" for tokens (the token id goes in details).
    const std::string& ActorId() const { return user.id; }
};

}  // namespace passeur::account
