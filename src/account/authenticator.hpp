// Turns a request into a Principal: session cookie `passeur_session` or
// `Authorization: Bearer pst_<token id>.<secret>`. Also owns CSRF checking and the session cookie
// format. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "account/account_config.hpp"
#include "account/principal.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "store/store.hpp"

namespace passeur::account {

class Authenticator {
public:
    Authenticator(store::Store& store, core::Clock& clock, const AccountConfig& config);

    // kUnauthenticated when no credentials, unknown/expired session, bad/revoked token, disabled user.
    // Slides the session's idle expiry (bounded by the absolute expiry); updates a token's
    // last_used_at at most once per minute. A bearer header wins over a cookie.
    core::Result<Principal> Authenticate(const http::Request& request);
    // nullopt when anonymous or the credentials are invalid (for pages that also serve visitors);
    // errors only for store failures.
    core::Result<std::optional<Principal>> AuthenticateOptional(const http::Request& request);

    // For unsafe methods (POST/PUT/PATCH/DELETE) of cookie-authenticated requests: the X-CSRF-Token
    // header must equal the session's token (constant time) → else kPermissionDenied. Ok for
    // safe methods and bearer tokens.
    core::Result<void> CheckCsrf(const http::Request& request, const Principal& principal) const;
    // Constant-time comparison of a submitted token (header or form field) with the session's.
    bool CsrfMatches(const Principal& principal, std::string_view submitted) const;

    // Set-Cookie for a new session (HttpOnly, SameSite=Lax, Path=/, Secure when configured or
    // request.secure), and the deleting cookie for logout.
    void SetSessionCookie(http::Response& response, std::string_view secret) const;
    void ClearSessionCookie(http::Response& response) const;

private:
    core::Result<Principal> FromSession(std::string_view secret);
    core::Result<Principal> FromBearer(std::string_view value);

    store::Store& store_;
    core::Clock& clock_;
    const AccountConfig& config_;
};

}  // namespace passeur::account
