// What a handler returns. The server adds X-Request-Id, Date, Content-Length, and, for HTML,
// the security headers (see security_headers.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "http/request.hpp"

namespace passeur::http {

struct CookieOptions {
    std::int64_t max_age_seconds = -1;  // -1: session cookie; 0: delete
    bool http_only = true;
    bool secure = false;
    std::string same_site = "Lax";
    std::string path = "/";
};

struct Response {
    unsigned status = 200;
    FieldList headers;  // names as sent; Content-Type always set by the factories
    std::string body;

    static Response Json(const nlohmann::json& body, unsigned status = 200);
    static Response Html(std::string body, unsigned status = 200);
    static Response Text(std::string body, std::string content_type = "text/plain; charset=utf-8",
                         unsigned status = 200);
    static Response Redirect(std::string location, unsigned status = 303);
    static Response NoContent();

    Response& SetHeader(std::string name, std::string value);  // replaces a header of that name
    Response& AddHeader(std::string name, std::string value);  // adds one more (Set-Cookie)
    Response& SetCookie(std::string_view name, std::string_view value, const CookieOptions& options);
    std::optional<std::string_view> Header(std::string_view name) const;
};

}  // namespace passeur::http
