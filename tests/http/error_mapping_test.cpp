#include "http/error_mapping.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/security_headers.hpp"

namespace passeur::http {
namespace {

struct Case {
    core::Error error;
    unsigned status;
    std::string code;
};

TEST(ErrorMappingTest, EveryCodeHasItsStatusAndBodyShape) {
    const std::vector<Case> cases = {
        {core::Error::InvalidArgument("adresse invalide", "email"), 400, "invalid_argument"},
        {core::Error::Unauthenticated("connexion requise"), 401, "unauthenticated"},
        {core::Error::PermissionDenied("interdit"), 403, "permission_denied"},
        {core::Error::NotFound("introuvable"), 404, "not_found"},
        {core::Error::Conflict("existe déjà", "slug"), 409, "conflict"},
        {core::Error{core::ErrorCode::kPayloadTooLarge, "trop grand", {}}, 413, "payload_too_large"},
        {core::Error::RateLimited("trop d'essais"), 429, "rate_limited"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(StatusFor(c.error.code), c.status) << c.code;
        Response response = JsonError(c.error, "rid-1");
        EXPECT_EQ(response.status, c.status);
        EXPECT_EQ(response.Header("content-type"), "application/json; charset=utf-8");
        auto body = nlohmann::json::parse(response.body);
        ASSERT_TRUE(body.contains("error")) << response.body;
        const auto& error = body["error"];
        EXPECT_EQ(error["code"], c.code);
        EXPECT_EQ(error["message"], c.error.message);
        EXPECT_EQ(error["request_id"], "rid-1");
        if (c.error.field.empty()) {
            EXPECT_FALSE(error.contains("field")) << response.body;
        } else {
            EXPECT_EQ(error["field"], c.error.field);
        }
        EXPECT_EQ(body.size(), 1u);
    }
}

TEST(ErrorMappingTest, InternalDetailNeverReachesTheClient) {
    EXPECT_EQ(StatusFor(core::ErrorCode::kInternal), 500u);
    Response response = JsonError(core::Error::Internal("sqlite: disk I/O error at /var/lib/x.db"), "rid-2");
    EXPECT_EQ(response.status, 500u);
    auto error = nlohmann::json::parse(response.body)["error"];
    EXPECT_EQ(error["code"], "internal");
    EXPECT_EQ(error["message"], "erreur interne");
    EXPECT_EQ(response.body.find("sqlite"), std::string::npos);
}

TEST(ErrorMappingTest, UnavailableDetailNeverReachesTheClient) {
    EXPECT_EQ(StatusFor(core::ErrorCode::kUnavailable), 503u);
    Response response =
        JsonError(core::Error::Unavailable("could not connect to server at 10.0.0.7:5432"), "rid-4");
    EXPECT_EQ(response.status, 503u);
    auto error = nlohmann::json::parse(response.body)["error"];
    EXPECT_EQ(error["code"], "unavailable");
    EXPECT_EQ(response.body.find("10.0.0.7"), std::string::npos) << response.body;
    EXPECT_FALSE(error["message"].get<std::string>().empty());
}

TEST(ErrorMappingTest, ServerDetectedErrors) {
    Response response = JsonError(405, "method_not_allowed", "méthode non autorisée", "rid-3");
    EXPECT_EQ(response.status, 405u);
    auto error = nlohmann::json::parse(response.body)["error"];
    EXPECT_EQ(error["code"], "method_not_allowed");
    EXPECT_EQ(error["request_id"], "rid-3");
}

TEST(SecurityHeadersTest, HtmlGetsTheFullSetJsonOnlyNosniff) {
    Response html = Response::Html("<p>x</p>");
    ApplySecurityHeaders(html);
    EXPECT_EQ(html.Header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(html.Header("Content-Security-Policy"), kContentSecurityPolicy);
    EXPECT_EQ(html.Header("Referrer-Policy"), "same-origin");
    EXPECT_EQ(html.Header("X-Frame-Options"), "DENY");
    EXPECT_EQ(html.Header("Permissions-Policy"), "camera=(), microphone=(), geolocation=()");
    EXPECT_EQ(html.Header("Cache-Control"), "no-store");

    Response json = Response::Json({{"a", 1}});
    ApplySecurityHeaders(json);
    EXPECT_EQ(json.Header("X-Content-Type-Options"), "nosniff");
    EXPECT_FALSE(json.Header("Content-Security-Policy"));
    EXPECT_FALSE(json.Header("X-Frame-Options"));
    EXPECT_EQ(json.Header("Cache-Control"), "no-store");
}

TEST(SecurityHeadersTest, HandlerCacheControlIsKept) {
    Response response = Response::Text("x");
    response.SetHeader("Cache-Control", "public, max-age=60");
    ApplySecurityHeaders(response);
    EXPECT_EQ(response.Header("cache-control"), "public, max-age=60");
    int count = 0;
    for (const auto& [name, value] : response.headers)
        count += EqualsIgnoreCase(name, "cache-control") ? 1 : 0;
    EXPECT_EQ(count, 1);
}

}  // namespace
}  // namespace passeur::http
