// Headers the server adds to every response it sends (handlers need not set them).
#pragma once

#include <string_view>

#include "http/response.hpp"

namespace passeur::http {

// The Content-Security-Policy of every HTML page: same-origin only, no inline script or style.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

// Adds X-Content-Type-Options: nosniff to every response; for text/html responses also
// Content-Security-Policy, Referrer-Policy, X-Frame-Options and Permissions-Policy; and
// Cache-Control: no-store unless the handler already set a Cache-Control (static files do).
// Headers the handler already set are kept.
void ApplySecurityHeaders(Response& response);

}  // namespace passeur::http
