#include "http/router.hpp"

#include <gtest/gtest.h>

namespace passeur::http {
namespace {

Handler Named(std::string name) {
    return [name](Request&) -> core::Result<Response> { return Response::Text(name); };
}

std::string Call(const RouteMatch& match) {
    if (match.handler == nullptr) return "<none>";
    Request request;
    return (*match.handler)(request)->body;
}

TEST(RouterTest, LiteralWinsOverParameterWhichWinsOverRest) {
    Router router;
    router.Add("GET", "/items/{id}", Named("param"));
    router.Add("GET", "/items/new", Named("literal"));
    router.Add("GET", "/items/{path...}", Named("rest"));
    EXPECT_EQ(Call(router.Match("GET", "/items/new")), "literal");
    EXPECT_EQ(Call(router.Match("GET", "/items/42")), "param");
    EXPECT_EQ(Call(router.Match("GET", "/items/42/more")), "rest");
    auto match = router.Match("GET", "/items/42");
    EXPECT_EQ(match.pattern, "/items/{id}");
    ASSERT_EQ(match.params.size(), 1u);
    EXPECT_EQ(match.params[0], (std::pair<std::string, std::string>{"id", "42"}));
}

TEST(RouterTest, BacktracksFromALiteralDeadEnd) {
    Router router;
    router.Add("GET", "/a/b/d", Named("literal"));
    router.Add("GET", "/a/{x}/c", Named("param"));
    EXPECT_EQ(Call(router.Match("GET", "/a/b/c")), "param");
    EXPECT_EQ(Call(router.Match("GET", "/a/b/d")), "literal");
}

TEST(RouterTest, TwoParametersAndRestParameter) {
    Router router;
    router.Add("DELETE", "/api/v1/organizations/{org}/members/{user}", Named("member"));
    router.Add("GET", "/static/{version}/{path...}", Named("static"));
    auto member = router.Match("DELETE", "/api/v1/organizations/o1/members/u2");
    ASSERT_NE(member.handler, nullptr);
    EXPECT_EQ(member.params, (FieldList{{"org", "o1"}, {"user", "u2"}}));
    auto file = router.Match("GET", "/static/abc/dsfr/fonts/a.woff2");
    ASSERT_NE(file.handler, nullptr);
    EXPECT_EQ(file.params, (FieldList{{"version", "abc"}, {"path", "dsfr/fonts/a.woff2"}}));
    // A rest parameter needs at least one non-empty segment.
    EXPECT_EQ(router.Match("GET", "/static/abc").handler, nullptr);
    EXPECT_EQ(router.Match("GET", "/static/abc/a//b").handler, nullptr);
}

TEST(RouterTest, NoRouteGives404Info) {
    Router router;
    router.Add("GET", "/", Named("root"));
    router.Add("GET", "/a", Named("a"));
    EXPECT_EQ(Call(router.Match("GET", "/")), "root");
    for (std::string_view path : {"/b", "/a/", "/a/b", "", "a", "//"}) {
        auto match = router.Match("GET", path);
        EXPECT_EQ(match.handler, nullptr) << path;
        EXPECT_TRUE(match.allowed_methods.empty()) << path;
    }
    auto empty_param = Router();
    empty_param.Add("GET", "/x/{id}", Named("x"));
    EXPECT_EQ(empty_param.Match("GET", "/x/").handler, nullptr);
}

TEST(RouterTest, OtherMethodGives405WithAllowedMethods) {
    Router router;
    router.Add("GET", "/api/items/{id}", Named("get"));
    router.Add("PUT", "/api/items/{id}", Named("put"));
    auto match = router.Match("POST", "/api/items/3");
    EXPECT_EQ(match.handler, nullptr);
    EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"GET", "HEAD", "PUT"}));
}

TEST(RouterTest, HeadFallsBackToGetUnlessHeadIsRegistered) {
    Router router;
    router.Add("GET", "/a", Named("get-a"));
    router.Add("GET", "/b", Named("get-b"));
    router.Add("HEAD", "/b", Named("head-b"));
    EXPECT_EQ(Call(router.Match("HEAD", "/a")), "get-a");
    EXPECT_EQ(Call(router.Match("HEAD", "/b")), "head-b");
}

TEST(RouterTest, SegmentsArePercentDecodedOneByOne) {
    Router router;
    router.Add("GET", "/files/{name}", Named("file"));
    router.Add("GET", "/caf\xC3\xA9", Named("accent"));
    auto match = router.Match("GET", "/files/a%2Fb%20c");
    ASSERT_NE(match.handler, nullptr);
    EXPECT_EQ(match.params, (FieldList{{"name", "a/b c"}}));
    EXPECT_EQ(Call(router.Match("GET", "/caf%C3%A9")), "accent");
    EXPECT_EQ(router.Match("GET", "/files/%zz").handler, nullptr);
}

TEST(RouterTest, KindAndRoutesInRegistrationOrder) {
    Router router;
    router.Add("GET", "/page", Named("page"), RouteKind::kHtml);
    router.Add("POST", "/api/x", Named("x"));
    EXPECT_EQ(router.Match("GET", "/page").kind, RouteKind::kHtml);
    ASSERT_EQ(router.Routes().size(), 2u);
    EXPECT_EQ(router.Routes()[0].pattern, "/page");
    EXPECT_EQ(router.Routes()[1].method, "POST");
    EXPECT_EQ(router.Routes()[1].kind, RouteKind::kJson);
}

TEST(RouterDeathTest, DuplicateOrMalformedPatternAborts) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(
        {
            Router router;
            router.Add("GET", "/a/{id}", Named("1"));
            router.Add("GET", "/a/{id}", Named("2"));
        },
        "duplicate route");
    EXPECT_DEATH(
        {
            Router router;
            router.Add("GET", "/a/{rest...}/b", Named("1"));
        },
        "rest parameter");
    EXPECT_DEATH(
        {
            Router router;
            router.Add("GET", "no-slash", Named("1"));
        },
        "must start");
}

}  // namespace
}  // namespace passeur::http

namespace passeur::http {
namespace {

TEST(RouterBodyLimit, SetOnAnExistingRouteAndReturnedByMatch) {
    Router router;
    auto ok = [](Request&) -> core::Result<Response> { return Response::NoContent(); };
    router.Add("POST", "/a/{id}/b", ok);
    router.Add("GET", "/a/{id}/b", ok);
    router.Add("POST", "/files/{path...}", ok);
    EXPECT_EQ(router.MaxRouteBodyBytes(), 0u);
    router.SetMaxBodyBytes("POST", "/a/{id}/b", 4096);
    router.SetMaxBodyBytes("POST", "/files/{path...}", 100);
    EXPECT_EQ(router.MaxRouteBodyBytes(), 4096u);
    EXPECT_EQ(router.Match("POST", "/a/7/b").max_body_bytes, 4096u);
    EXPECT_EQ(router.Match("GET", "/a/7/b").max_body_bytes, 0u);
    EXPECT_EQ(router.Match("POST", "/files/x/y").max_body_bytes, 100u);
}

TEST(RouterBodyLimitDeathTest, UnknownRouteAborts) {
    Router router;
    router.Add("POST", "/a/{id}/b", [](Request&) -> core::Result<Response> { return Response::NoContent(); });
    EXPECT_DEATH(router.SetMaxBodyBytes("POST", "/a/{other}/b", 10), "no such route");
    EXPECT_DEATH(router.SetMaxBodyBytes("PUT", "/a/{id}/b", 10), "no such route");
    EXPECT_DEATH(router.SetMaxBodyBytes("POST", "/a/{id}", 10), "no such route");
    EXPECT_DEATH(router.SetMaxBodyBytes("POST", "/a/{id}/b", 0), "positive");
}

}  // namespace
}  // namespace passeur::http
