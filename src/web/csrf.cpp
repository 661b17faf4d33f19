#include "web/csrf.hpp"

#include "core/encoding.hpp"

namespace passeur::web {
namespace {

bool WellFormed(std::string_view token) {
    if (token.size() < kCsrfTokenMinBytes || token.size() > kCsrfTokenMaxBytes) return false;
    for (char c : token) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                  c == '_';
        if (!ok) return false;
    }
    return true;
}

core::Error Denied() {
    return core::Error::PermissionDenied(
        "Le formulaire a expiré ou ne vient pas de passeur. Rechargez la page et recommencez.");
}

}  // namespace

core::Result<void> VerifyCsrf(const http::Request& request, const http::FieldList& form,
                              std::string_view session_csrf) {
    std::optional<std::string_view> submitted = http::Find(form, kCsrfField);
    if (!submitted || !WellFormed(*submitted)) return core::Fail(Denied());
    if (!session_csrf.empty()) {
        if (!core::ConstantTimeEquals(*submitted, session_csrf)) return core::Fail(Denied());
        return core::Ok();
    }
    std::optional<std::string> cookie = AnonymousCsrfToken(request);
    if (!cookie || !core::ConstantTimeEquals(*submitted, *cookie)) return core::Fail(Denied());
    return core::Ok();
}

std::optional<std::string> AnonymousCsrfToken(const http::Request& request) {
    std::optional<std::string> cookie = request.Cookie(kCsrfCookie);
    if (!cookie || !WellFormed(*cookie)) return std::nullopt;
    return cookie;
}

std::string NewAnonymousCsrfToken(core::Random& random) { return core::RandomToken(random, 32); }

void SetAnonymousCsrfCookie(http::Response& response, const http::Request& request, std::string_view token) {
    http::CookieOptions options;
    options.http_only = true;
    options.secure = request.secure;
    options.same_site = "Lax";
    options.path = "/";
    options.max_age_seconds = -1;
    response.SetCookie(kCsrfCookie, token, options);
}

}  // namespace passeur::web
