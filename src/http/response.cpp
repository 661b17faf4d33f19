#include "http/response.hpp"

#include <cassert>
#include <utility>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace passeur::http {

namespace {

// Cookie names and values we emit never need quoting: no separators, controls or spaces.
bool IsSafeCookieText(std::string_view text) {
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f || c == ';' || c == ',' || c == '"' || c == '\\') return false;
    }
    return true;
}

}  // namespace

Response Response::Json(const nlohmann::json& body, unsigned status) {
    Response response;
    response.status = status;
    response.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    // Invalid UTF-8 in a string is replaced rather than thrown: a handler bug must not abort.
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

Response Response::Html(std::string body, unsigned status) {
    return Text(std::move(body), "text/html; charset=utf-8", status);
}

Response Response::Text(std::string body, std::string content_type, unsigned status) {
    Response response;
    response.status = status;
    response.headers.emplace_back("Content-Type", std::move(content_type));
    response.body = std::move(body);
    return response;
}

Response Response::Redirect(std::string location, unsigned status) {
    assert(status >= 300 && status < 400);
    Response response;
    response.status = status;
    response.headers.emplace_back("Location", std::move(location));
    return response;
}

Response Response::NoContent() {
    Response response;
    response.status = 204;
    return response;
}

Response Response::Stream(std::string content_type, ChunkProducer producer, unsigned status) {
    Response response;
    response.status = status;
    response.headers.emplace_back("Content-Type", std::move(content_type));
    response.stream = std::move(producer);
    return response;
}

Response& Response::SetHeader(std::string name, std::string value) {
    std::erase_if(headers, [&](const auto& field) { return EqualsIgnoreCase(field.first, name); });
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

Response& Response::AddHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

Response& Response::SetCookie(std::string_view name, std::string_view value, const CookieOptions& options) {
    const bool safe = !name.empty() && IsSafeCookieText(name) && name.find('=') == std::string_view::npos &&
                      IsSafeCookieText(value) && IsSafeCookieText(options.path) &&
                      IsSafeCookieText(options.same_site);
    // A bug in the caller: caught by the assert in debug builds; in release the cookie is dropped
    // rather than emitted malformed (it could otherwise inject attributes).
    assert(safe && "cookie name/value/attributes must not contain separators, spaces or controls");
    if (!safe) {
        spdlog::error("SetCookie: refused unsafe cookie named {:?}", name);
        return *this;
    }
    std::string cookie;
    cookie.reserve(name.size() + value.size() + 64);
    cookie.append(name).append("=").append(value);
    if (!options.path.empty()) cookie.append("; Path=").append(options.path);
    if (options.max_age_seconds >= 0)
        cookie.append("; Max-Age=").append(std::to_string(options.max_age_seconds));
    if (options.http_only) cookie.append("; HttpOnly");
    if (options.secure) cookie.append("; Secure");
    if (!options.same_site.empty()) cookie.append("; SameSite=").append(options.same_site);
    return AddHeader("Set-Cookie", std::move(cookie));
}

std::optional<std::string_view> Response::Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (EqualsIgnoreCase(key, name)) return std::string_view(value);
    }
    return std::nullopt;
}

}  // namespace passeur::http
