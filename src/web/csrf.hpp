// CSRF protection for HTML forms. Every POST form carries a hidden field `_csrf`:
//  - with a session, it must equal the session's csrf token (synchroniser token);
//  - without one (login, invitation acceptance, language switch while anonymous), it must equal
//    the double-submit cookie `passeur_csrf` (HttpOnly, SameSite=Lax) set when the form was shown.
// Comparisons are constant-time. Stateless and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/random.hpp"
#include "core/result.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace passeur::web {

inline constexpr std::string_view kCsrfField = "_csrf";
inline constexpr std::string_view kCsrfCookie = "passeur_csrf";
inline constexpr std::size_t kCsrfTokenMinBytes = 16;  // a token shorter than this is refused
inline constexpr std::size_t kCsrfTokenMaxBytes = 128;

// Ok when `form` carries a `_csrf` equal to `session_csrf` (when non-empty) or, when
// `session_csrf` is empty, to the `passeur_csrf` cookie of `request`. Otherwise kPermissionDenied.
core::Result<void> VerifyCsrf(const http::Request& request, const http::FieldList& form,
                              std::string_view session_csrf);

// The anonymous double-submit token of this request's cookie, when well-formed.
std::optional<std::string> AnonymousCsrfToken(const http::Request& request);

// A fresh anonymous token, and the cookie to carry it (Secure when the request is over TLS).
std::string NewAnonymousCsrfToken(core::Random& random);
void SetAnonymousCsrfCookie(http::Response& response, const http::Request& request, std::string_view token);

}  // namespace passeur::web
