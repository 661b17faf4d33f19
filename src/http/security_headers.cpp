#include "http/security_headers.hpp"

#include <string>

namespace passeur::http {

namespace {

void SetIfAbsent(Response& response, std::string_view name, std::string_view value) {
    if (!response.Header(name)) response.AddHeader(std::string(name), std::string(value));
}

bool IsHtml(const Response& response) {
    auto type = response.Header("Content-Type");
    if (!type) return false;
    std::string_view media = type->substr(0, type->find(';'));
    while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
    return EqualsIgnoreCase(media, "text/html");
}

}  // namespace

void ApplySecurityHeaders(Response& response) {
    SetIfAbsent(response, "X-Content-Type-Options", "nosniff");
    if (IsHtml(response)) {
        SetIfAbsent(response, "Content-Security-Policy", kContentSecurityPolicy);
        SetIfAbsent(response, "Referrer-Policy", "same-origin");
        SetIfAbsent(response, "X-Frame-Options", "DENY");
        SetIfAbsent(response, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }
    SetIfAbsent(response, "Cache-Control", "no-store");
}

}  // namespace passeur::http
