#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fixture.hpp"

namespace passeur::account::testing {
namespace {

using nlohmann::json;

class ApiTest : public AccountTest {
protected:
    void SetUp() override {
        AccountTest::SetUp();
        admin_a_ = MakeUser("admin@a.fr");
        admin_b_ = MakeUser("admin@b.fr");
        member_b_ = MakeUser("membre@b.fr");
        org_a_ = MakeOrg("Org A", "59");
        org_b_ = MakeOrg("Org B", "59");
        Join(org_a_, admin_a_, kRoleOrgAdmin);
        Join(org_b_, admin_b_, kRoleOrgAdmin);
        Join(org_b_, member_b_, kRoleMediator);
        login_a_ = Login("admin@a.fr");
        login_b_ = Login("admin@b.fr");
    }

    static std::string SetCookieValue(const http::Response& response) {
        for (const auto& [name, value] : response.headers) {
            if (name == "Set-Cookie" && value.rfind(std::string(kSessionCookieName) + "=", 0) == 0)
                return value;
        }
        return "";
    }

    store::User admin_a_, admin_b_, member_b_;
    store::Organization org_a_, org_b_;
    LoginResult login_a_, login_b_;
};

TEST_F(ApiTest, LoginSetsCookieAndReturnsCsrfToken) {
    auto out =
        Call(Make("POST", "/api/v1/session", R"({"email":"admin@a.fr","password":"Tournesol-vert-42"})"));
    ASSERT_EQ(out.status, 200u) << out.error.message;
    auto body = json::parse(out.response.body);
    EXPECT_EQ(body["user"]["email"], "admin@a.fr");
    EXPECT_FALSE(body["user"].contains("password_hash"));
    EXPECT_TRUE(body["csrf_token"].is_string());
    const std::string cookie = SetCookieValue(out.response);
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
    EXPECT_EQ(cookie.find("Secure"), std::string::npos) << cookie;

    auto wrong =
        Call(Make("POST", "/api/v1/session", R"({"email":"admin@a.fr","password":"Mauvais-mdp-00"})"));
    EXPECT_EQ(wrong.status, 401u);
    auto unknown =
        Call(Make("POST", "/api/v1/session", R"({"email":"nobody@a.fr","password":"Mauvais-mdp-00"})"));
    EXPECT_EQ(unknown.status, 401u);
    EXPECT_EQ(wrong.error.message, unknown.error.message);
}

TEST_F(ApiTest, JsonBodiesAreStrict) {
    http::Request no_type = Make("POST", "/api/v1/session", R"({"email":"admin@a.fr","password":"x"})");
    no_type.headers.clear();
    auto r1 = Call(no_type);
    EXPECT_EQ(r1.status, 400u);
    EXPECT_EQ(r1.error.field, "Content-Type");
    auto r2 = Call(Make("POST", "/api/v1/session", R"({"email":"admin@a.fr","password":"x","admin":"1"})"));
    EXPECT_EQ(r2.status, 400u);
    EXPECT_EQ(r2.error.field, "admin");
    auto r3 = Call(Make("POST", "/api/v1/session", R"({"email":"admin@a.fr","password":12})"));
    EXPECT_EQ(r3.status, 400u);
    EXPECT_EQ(r3.error.field, "password");
    auto r4 = Call(Make("POST", "/api/v1/session", R"({"email":)"));
    EXPECT_EQ(r4.status, 400u);
    auto r5 = Call(Make("POST", "/api/v1/session", "[1]"));
    EXPECT_EQ(r5.status, 400u);
    const std::string long_email = std::string(250, 'a') + "@a.fr";
    auto r6 = Call(Make("POST", "/api/v1/session", json{{"email", long_email}, {"password", "x"}}.dump()));
    EXPECT_EQ(r6.status, 400u);
    EXPECT_EQ(r6.error.field, "email");
    auto r7 = Call(Make("POST", "/api/v1/session", R"({"email":"admin@a.fr"})"));
    EXPECT_EQ(r7.status, 400u);
    EXPECT_EQ(r7.error.field, "password");
}

TEST_F(ApiTest, CsrfIsRequiredOnUnsafeCookieRequests) {
    http::Request missing = Make("PATCH", "/api/v1/me", R"({"display_name":"Alix"})");
    WithSession(missing, login_a_, false);
    EXPECT_EQ(Call(missing).status, 403u);
    http::Request wrong = Make("PATCH", "/api/v1/me", R"({"display_name":"Alix"})");
    WithSession(wrong, login_a_, false);
    wrong.headers.emplace_back("x-csrf-token", login_b_.session.csrf_token);
    EXPECT_EQ(Call(wrong).status, 403u);
    http::Request logout = Make("DELETE", "/api/v1/session", "");
    WithSession(logout, login_a_, false);
    EXPECT_EQ(Call(logout).status, 403u);
    http::Request good = Make("PATCH", "/api/v1/me", R"({"display_name":"Alix"})");
    WithSession(good, login_a_);
    auto ok = Call(good);
    ASSERT_EQ(ok.status, 200u) << ok.error.message;
    EXPECT_EQ(json::parse(ok.response.body)["user"]["display_name"], "Alix");
    // GET needs no CSRF token.
    http::Request get = Get("/api/v1/me");
    WithSession(get, login_a_, false);
    auto me = Call(get);
    ASSERT_EQ(me.status, 200u);
    auto body = json::parse(me.response.body);
    EXPECT_EQ(body["csrf_token"], login_a_.session.csrf_token);
    ASSERT_EQ(body["memberships"].size(), 1u);
    EXPECT_EQ(body["memberships"][0]["org_name"], "Org A");
}

TEST_F(ApiTest, BearerTokensNeedNoCsrfButCannotChangeTheAccount) {
    auto token =
        module_->Organizations().CreateToken(SessionPrincipal(login_a_), org_a_.id, "ci", "org_admin", kIp);
    ASSERT_TRUE(token);
    http::Request invite = Make("POST", "/api/v1/organizations/" + org_a_.id + "/invitations",
                                R"({"email":"new@a.fr","role":"learner"})");
    WithBearer(invite, token->secret);
    auto created = Call(invite);
    ASSERT_EQ(created.status, 201u) << created.error.message;
    auto body = json::parse(created.response.body);
    EXPECT_EQ(body["delivery"], "manual");
    EXPECT_EQ(body["url"].get<std::string>().rfind("https://passeur.example/invitations/", 0), 0u);

    http::Request pw =
        Make("POST", "/api/v1/me/password",
             R"({"current_password":"Tournesol-vert-42","new_password":"Nouveau-mot-2-passe"})");
    WithBearer(pw, token->secret);
    EXPECT_EQ(Call(pw).status, 403u);
    http::Request del = Make("DELETE", "/api/v1/me", R"({"password":"Tournesol-vert-42"})");
    WithBearer(del, token->secret);
    EXPECT_EQ(Call(del).status, 403u);
}

TEST_F(ApiTest, PasswordChangeSetsANewCookieAndLogoutEndsTheSession) {
    http::Request pw =
        Make("POST", "/api/v1/me/password",
             R"({"current_password":"Tournesol-vert-42","new_password":"Nouveau-mot-2-passe"})");
    WithSession(pw, login_a_);
    auto changed = Call(pw);
    ASSERT_EQ(changed.status, 200u) << changed.error.message;
    EXPECT_FALSE(SetCookieValue(changed.response).empty());
    http::Request old = Get("/api/v1/me");
    WithSession(old, login_a_);
    EXPECT_EQ(Call(old).status, 401u);

    http::Request logout = Make("DELETE", "/api/v1/session", "");
    WithSession(logout, login_b_);
    auto out = Call(logout);
    EXPECT_EQ(out.status, 204u);
    EXPECT_NE(SetCookieValue(out.response).find("Max-Age=0"), std::string::npos);
    EXPECT_FALSE(store_->Sessions().Get(login_b_.session.id_hash));
}

TEST_F(ApiTest, InvitationAcceptanceThroughTheApi) {
    http::Request invite = Make("POST", "/api/v1/organizations/" + org_a_.id + "/invitations",
                                R"({"email":"new@a.fr","role":"mediator"})");
    WithSession(invite, login_a_);
    auto created = Call(invite);
    ASSERT_EQ(created.status, 201u) << created.error.message;
    const std::string url = json::parse(created.response.body)["url"];
    const std::string token = url.substr(url.rfind('/') + 1);
    auto accepted =
        Call(Make("POST", "/api/v1/invitations/" + token + "/accept", R"({"password":"Tournesol-vert-42"})"));
    ASSERT_EQ(accepted.status, 200u) << accepted.error.message;
    EXPECT_FALSE(SetCookieValue(accepted.response).empty());
    EXPECT_EQ(json::parse(accepted.response.body)["role"], "mediator");
    auto again =
        Call(Make("POST", "/api/v1/invitations/" + token + "/accept", R"({"password":"Tournesol-vert-42"})"));
    EXPECT_EQ(again.status, 409u);
}

// Every route: anonymous callers get 401, except login and invitation acceptance.
TEST_F(ApiTest, EveryRouteButLoginAndAcceptRequiresAuthentication) {
    int checked = 0;
    for (const auto& route : router_.Routes()) {
        if ((route.method == "POST" && route.pattern == "/api/v1/session") ||
            route.pattern == "/api/v1/invitations/{token}/accept") {
            continue;
        }
        std::string path = route.pattern;
        for (std::string_view param : {"{org}", "{user}", "{invitation}", "{token}"}) {
            if (auto at = path.find(param); at != std::string::npos)
                path.replace(at, param.size(), org_b_.id);
        }
        auto out = Call(Make(route.method, path, "{}"));
        EXPECT_EQ(out.status, 401u) << route.method << " " << route.pattern;
        ++checked;
    }
    EXPECT_EQ(checked, 21);
}

// Every {org} route, every method: a user and a token of org A calling with org B's id (and B's
// real sub-resource ids and valid bodies) never get a 2xx, only 404 or 403.
TEST_F(ApiTest, NoRouteCrossesOrganisations) {
    auto pb = SessionPrincipal(login_b_);
    auto b_token = module_->Organizations().CreateToken(pb, org_b_.id, "b", "mediator", kIp);
    ASSERT_TRUE(b_token);
    auto b_invitation =
        module_->Organizations().CreateInvitation(pb, org_b_.id, "invite@b.fr", "learner", kIp);
    ASSERT_TRUE(b_invitation);
    auto a_token =
        module_->Organizations().CreateToken(SessionPrincipal(login_a_), org_a_.id, "a", "org_admin", kIp);
    ASSERT_TRUE(a_token);

    const std::map<std::string, std::string> bodies = {
        {"PATCH /api/v1/organizations/{org}", R"({"name":"Pris"})"},
        {"POST /api/v1/organizations/{org}/members", R"({"email":"admin@a.fr","role":"org_admin"})"},
        {"PATCH /api/v1/organizations/{org}/members/{user}", R"({"role":"org_admin"})"},
        {"POST /api/v1/organizations/{org}/invitations", R"({"email":"x@a.fr","role":"org_admin"})"},
        {"POST /api/v1/organizations/{org}/tokens", R"({"name":"vol","role":"org_admin"})"},
    };
    int checked = 0;
    for (const auto& route : router_.Routes()) {
        if (route.pattern.find("{org}") == std::string::npos) continue;
        std::string path = route.pattern;
        const std::pair<std::string, std::string> params[] = {{"{org}", org_b_.id},
                                                              {"{user}", member_b_.id},
                                                              {"{invitation}", b_invitation->invitation.id},
                                                              {"{token}", b_token->token.id}};
        for (const auto& [param, value] : params) {
            if (auto at = path.find(param); at != std::string::npos) path.replace(at, param.size(), value);
        }
        auto it = bodies.find(route.method + " " + route.pattern);
        const std::string body = it == bodies.end() ? "{}" : it->second;

        http::Request as_user = Make(route.method, path, body);
        WithSession(as_user, login_a_);
        auto u = Call(as_user);
        EXPECT_TRUE(u.status == 404u || u.status == 403u)
            << "user: " << route.method << " " << path << " → " << u.status;

        http::Request as_token = Make(route.method, path, body);
        WithBearer(as_token, a_token->secret);
        auto t = Call(as_token);
        EXPECT_TRUE(t.status == 404u || t.status == 403u)
            << "token: " << route.method << " " << path << " → " << t.status;
        ++checked;
    }
    EXPECT_EQ(checked, 13);
    // B is untouched.
    EXPECT_EQ(store_->Organizations().Get(org_b_.id)->name, "Org B");
    EXPECT_EQ(store_->Memberships().Get(org_b_.id, member_b_.id)->role, "mediator");
    EXPECT_FALSE(store_->Memberships().Get(org_b_.id, admin_a_.id));
    EXPECT_EQ(store_->ApiTokens().Get(b_token->token.id)->revoked_at, 0);

    // Sanity: the same calls on A's own org succeed for A's admin (the walk can detect a 2xx).
    http::Request own = Get("/api/v1/organizations/" + org_a_.id + "/members");
    WithSession(own, login_a_);
    EXPECT_EQ(Call(own).status, 200u);
}

TEST_F(ApiTest, ExportAndDeleteThroughTheApi) {
    http::Request exp = Get("/api/v1/me/export");
    WithSession(exp, login_b_);
    auto exported = Call(exp);
    ASSERT_EQ(exported.status, 200u);
    EXPECT_EQ(json::parse(exported.response.body)["user"]["email"], "admin@b.fr");

    http::Request del = Make("DELETE", "/api/v1/me", R"({"password":"Tournesol-vert-42"})");
    WithSession(del, login_b_);
    auto last_admin = Call(del);
    EXPECT_EQ(last_admin.status, 409u);
    EXPECT_NE(last_admin.error.message.find("Org B"), std::string::npos);

    http::Request promote = Make("PATCH", "/api/v1/organizations/" + org_b_.id + "/members/" + member_b_.id,
                                 R"({"role":"org_admin"})");
    WithSession(promote, login_b_);
    ASSERT_EQ(Call(promote).status, 200u);
    http::Request del2 = Make("DELETE", "/api/v1/me", R"({"password":"Tournesol-vert-42"})");
    WithSession(del2, login_b_);
    EXPECT_EQ(Call(del2).status, 204u);
    EXPECT_FALSE(store_->Users().Get(admin_b_.id));
}

}  // namespace
}  // namespace passeur::account::testing
