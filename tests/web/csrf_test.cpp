#include "web/csrf.hpp"

#include <gtest/gtest.h>

namespace passeur::web {
namespace {

constexpr std::string_view kToken = "abcdefghijklmnopqrstuvwxyz012345";

TEST(Csrf, SessionTokenMustMatch) {
    http::Request request;
    EXPECT_TRUE(VerifyCsrf(request, {{"_csrf", std::string(kToken)}}, kToken));
    auto wrong = VerifyCsrf(request, {{"_csrf", "abcdefghijklmnopqrstuvwxyz012346"}}, kToken);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_FALSE(VerifyCsrf(request, {}, kToken));
    EXPECT_FALSE(VerifyCsrf(request, {{"_csrf", ""}}, kToken));
}

TEST(Csrf, SessionTokenIgnoresTheCookie) {
    http::Request request;
    request.headers = {{"cookie", "passeur_csrf=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"}};
    EXPECT_FALSE(VerifyCsrf(request, {{"_csrf", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"}}, kToken));
}

TEST(Csrf, AnonymousDoubleSubmit) {
    http::Request request;
    request.headers = {{"cookie", "passeur_csrf=" + std::string(kToken)}};
    EXPECT_TRUE(VerifyCsrf(request, {{"_csrf", std::string(kToken)}}, ""));
    EXPECT_FALSE(VerifyCsrf(request, {{"_csrf", "abcdefghijklmnopqrstuvwxyz012399"}}, ""));
    http::Request no_cookie;
    EXPECT_FALSE(VerifyCsrf(no_cookie, {{"_csrf", std::string(kToken)}}, ""));
    http::Request short_cookie;
    short_cookie.headers = {{"cookie", "passeur_csrf=abc"}};
    EXPECT_FALSE(VerifyCsrf(short_cookie, {{"_csrf", "abc"}}, ""));
}

TEST(Csrf, NewTokenAndCookie) {
    core::SeededRandom random(7);
    std::string token = NewAnonymousCsrfToken(random);
    EXPECT_GE(token.size(), kCsrfTokenMinBytes);
    http::Request request;
    http::Response response;
    SetAnonymousCsrfCookie(response, request, token);
    auto cookie = response.Header("Set-Cookie");
    ASSERT_TRUE(cookie);
    EXPECT_NE(cookie->find("passeur_csrf=" + token), std::string_view::npos);
    EXPECT_NE(cookie->find("HttpOnly"), std::string_view::npos);
    EXPECT_NE(cookie->find("SameSite=Lax"), std::string_view::npos);
}

}  // namespace
}  // namespace passeur::web
