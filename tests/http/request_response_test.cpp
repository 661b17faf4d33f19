#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/json_body.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace passeur::http {
namespace {

TEST(RequestTest, HeaderLookupIgnoresCase) {
    Request request;
    request.headers = {{"content-type", "application/json; charset=utf-8"}, {"x-a", "1"}, {"x-a", "2"}};
    EXPECT_EQ(request.Header("X-A"), "1");
    EXPECT_EQ(request.Header("Content-Type"), "application/json; charset=utf-8");
    EXPECT_FALSE(request.Header("x-b"));
    EXPECT_TRUE(request.IsJson());
    request.headers = {{"content-type", "Application/JSON"}};
    EXPECT_TRUE(request.IsJson());
    request.headers = {{"content-type", "application/jsonx"}};
    EXPECT_FALSE(request.IsJson());
    request.headers = {};
    EXPECT_FALSE(request.IsJson());
}

TEST(RequestTest, JsonObjectBodyNamesWhatIsWrong) {
    Request request;
    request.headers = {{"content-type", "application/json; charset=utf-8"}};
    request.body = R"({"a": 1})";
    auto ok = JsonObjectBody(request, 1024);
    ASSERT_TRUE(ok);
    EXPECT_EQ((*ok)["a"], 1);

    request.body = std::string(2049, ' ');
    auto large = JsonObjectBody(request, 2048);
    ASSERT_FALSE(large);
    EXPECT_EQ(large.error().code, core::ErrorCode::kPayloadTooLarge);
    EXPECT_NE(large.error().message.find("2 Kio"), std::string::npos);

    for (const char* body : {"[1, 2]", "{\"a\":", "", "\"text\""}) {
        request.body = body;
        auto bad = JsonObjectBody(request, 1024);
        ASSERT_FALSE(bad) << body;
        EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument) << body;
        EXPECT_EQ(bad.error().field, "body") << body;
    }
    request.headers = {{"content-type", "text/plain"}};
    request.body = "{}";
    auto wrong_type = JsonObjectBody(request, 1024);
    ASSERT_FALSE(wrong_type);
    EXPECT_EQ(wrong_type.error().field, "Content-Type");
}

TEST(RequestTest, Cookies) {
    Request request;
    request.headers = {{"cookie", "a=1; session=abc-DEF_0;  quoted=\"v\" ;novalue; e="},
                       {"cookie", "late=z"}};
    EXPECT_EQ(request.Cookie("a"), "1");
    EXPECT_EQ(request.Cookie("session"), "abc-DEF_0");
    EXPECT_EQ(request.Cookie("quoted"), "v");
    EXPECT_EQ(request.Cookie("e"), "");
    EXPECT_EQ(request.Cookie("late"), "z");
    EXPECT_FALSE(request.Cookie("novalue"));
    EXPECT_FALSE(request.Cookie("sess"));
}

TEST(RequestTest, FormAndQueryDecoding) {
    Request request;
    request.body = "email=a%40b.fr&name=Jean+Dupont&empty=&flag&&caf%C3%A9=%C3%A9t%C3%A9";
    auto form = request.Form();
    ASSERT_TRUE(form);
    EXPECT_EQ(*form, (FieldList{{"email", "a@b.fr"},
                                {"name", "Jean Dupont"},
                                {"empty", ""},
                                {"flag", ""},
                                {"caf\xC3\xA9", "\xC3\xA9t\xC3\xA9"}}));
    for (std::string_view bad : {"a=%zz", "a=%4", "a=%00", "a=%C3%28", "%ff=1"}) {
        request.body = bad;
        EXPECT_FALSE(request.Form()) << bad;
    }
    request.query = *ParseUrlEncoded("q=1&q=2&page=3");
    EXPECT_EQ(request.Query("q"), "1");
    EXPECT_EQ(request.Query("page"), "3");
    EXPECT_FALSE(request.Query("x"));
    request.path_params = {{"org", "o-1"}};
    EXPECT_EQ(request.PathParam("org"), "o-1");
    EXPECT_FALSE(request.PathParam("user"));
}

TEST(ResponseTest, Factories) {
    auto json = Response::Json({{"k", "v"}}, 201);
    EXPECT_EQ(json.status, 201u);
    EXPECT_EQ(json.Header("content-type"), "application/json; charset=utf-8");
    EXPECT_EQ(json.body, R"({"k":"v"})");
    auto html = Response::Html("<p>");
    EXPECT_EQ(html.Header("Content-Type"), "text/html; charset=utf-8");
    auto redirect = Response::Redirect("/login");
    EXPECT_EQ(redirect.status, 303u);
    EXPECT_EQ(redirect.Header("location"), "/login");
    EXPECT_EQ(Response::NoContent().status, 204u);
    // A handler bug producing invalid UTF-8 must not throw.
    auto replaced = Response::Json({{"k", std::string("\xff")}});
    EXPECT_NE(replaced.body.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(ResponseTest, StreamFactorySetsTheProducerAndLeavesTheBodyEmpty) {
    int calls = 0;
    auto streamed =
        Response::Stream("text/csv; charset=utf-8", [&calls](std::string& out) -> core::Result<bool> {
            ++calls;
            out += "a;b\n";
            return false;
        });
    EXPECT_EQ(streamed.status, 200u);
    EXPECT_EQ(streamed.Header("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_TRUE(streamed.body.empty());
    ASSERT_TRUE(streamed.stream);
    EXPECT_EQ(calls, 0);  // the factory only stores it: the server calls it
    std::string piece;
    auto more = streamed.stream(piece);
    ASSERT_TRUE(more);
    EXPECT_FALSE(*more);
    EXPECT_EQ(piece, "a;b\n");
    EXPECT_EQ(Response::Stream("text/csv", nullptr, 202).status, 202u);
    EXPECT_FALSE(Response::Json({}).stream);
}

TEST(ResponseTest, SetHeaderReplacesAddHeaderAppends) {
    Response response = Response::Text("x");
    response.SetHeader("X-A", "1").SetHeader("x-a", "2").AddHeader("X-B", "1").AddHeader("X-B", "2");
    int a = 0;
    int b = 0;
    for (const auto& [name, value] : response.headers) {
        a += EqualsIgnoreCase(name, "x-a") ? 1 : 0;
        b += EqualsIgnoreCase(name, "x-b") ? 1 : 0;
    }
    EXPECT_EQ(a, 1);
    EXPECT_EQ(b, 2);
    EXPECT_EQ(response.Header("X-A"), "2");
}

TEST(ResponseTest, SetCookieFormatsAttributes) {
    Response response;
    CookieOptions options;
    options.max_age_seconds = 3600;
    options.secure = true;
    options.same_site = "Strict";
    response.SetCookie("sid", "abc", options);
    response.SetCookie("old", "", CookieOptions{.max_age_seconds = 0, .http_only = false});
    response.SetCookie("s", "v", CookieOptions{});
    std::vector<std::string> cookies;
    for (const auto& [name, value] : response.headers) {
        if (name == "Set-Cookie") cookies.push_back(value);
    }
    ASSERT_EQ(cookies.size(), 3u);
    EXPECT_EQ(cookies[0], "sid=abc; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Strict");
    EXPECT_EQ(cookies[1], "old=; Path=/; Max-Age=0; SameSite=Lax");
    EXPECT_EQ(cookies[2], "s=v; Path=/; HttpOnly; SameSite=Lax");
}

}  // namespace
}  // namespace passeur::http

namespace passeur::http {
namespace {

TEST(RequestLimits, FormsWithTooManyFieldsAreRefused) {
    std::string body;
    for (std::size_t i = 0; i < kMaxFormFields; ++i) body += "f" + std::to_string(i) + "=1&";
    EXPECT_TRUE(ParseUrlEncoded(body).has_value());
    body += "one=more";
    EXPECT_FALSE(ParseUrlEncoded(body).has_value());
}

}  // namespace
}  // namespace passeur::http
