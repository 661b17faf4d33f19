// Drives the real `passeur` binary: command line, HTTP server, API, shutdown, and (when a
// PostgreSQL test server is available) two app nodes sharing one database.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness.hpp"
#include <signal.h>
#include <sys/stat.h>

namespace passeur::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kFast = {"--argon2-profile", "min", "--no-access-log"};

std::vector<std::string> Args(std::initializer_list<std::string> a, bool fast = true) {
    std::vector<std::string> out(a);
    if (fast) out.insert(out.end(), kFast.begin(), kFast.end());
    return out;
}

std::string SqliteUrl() { return "sqlite:" + TempDir() + "/passeur.db"; }

struct LoggedIn {
    std::string cookie;
    std::string csrf;
};

LoggedIn Login(std::uint16_t port, const std::string& email, const std::string& password) {
    auto r = HttpRequest(port, "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
                         json{{"email", email}, {"password", password}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    LoggedIn out;
    out.cookie = CookieHeader(r);
    auto body = json::parse(r.body, nullptr, false);
    if (body.is_object() && body.contains("csrf_token")) out.csrf = body["csrf_token"].get<std::string>();
    return out;
}

TEST(Cli, VersionAndHelpOnEveryCommand) {
    auto v = RunPasseur({"version"});
    EXPECT_EQ(v.exit_code, 0);
    EXPECT_TRUE(std::regex_search(v.out, std::regex(R"(^passeur \d+\.\d+\.\d+)"))) << v.out;
    for (std::vector<std::string> cmd : std::vector<std::vector<std::string>>{{"--help"},
                                                                              {"serve", "--help"},
                                                                              {"migrate", "--help"},
                                                                              {"demo", "--help"},
                                                                              {"org", "create", "--help"},
                                                                              {"user", "create", "--help"},
                                                                              {"version", "--help"}}) {
        auto r = RunPasseur(cmd);
        EXPECT_EQ(r.exit_code, 0) << cmd[0];
        EXPECT_NE(r.out.find("Usage"), std::string::npos) << cmd[0] << ": " << r.out;
    }
    auto bad = RunPasseur({"frobnicate"});
    EXPECT_NE(bad.exit_code, 0);
}

TEST(Cli, MigrateOrgCreateUserCreateThenLogin) {
    std::string db = SqliteUrl();
    auto m1 = RunPasseur({"migrate", "--db", db});
    ASSERT_EQ(m1.exit_code, 0) << m1.err;
    EXPECT_NE(m1.out.find("applied"), std::string::npos) << m1.out;
    auto m2 = RunPasseur({"migrate", "--db", db});
    ASSERT_EQ(m2.exit_code, 0) << m2.err;
    EXPECT_NE(m2.out.find("(0 migration(s) applied)"), std::string::npos) << m2.out;

    auto org = RunPasseur({"org", "create", "EPN de Rennes", "--department", "35", "--db", db});
    ASSERT_EQ(org.exit_code, 0) << org.err;
    std::string org_id = org.out.substr(0, org.out.find('\n'));
    EXPECT_TRUE(std::regex_match(org_id, std::regex("[0-9a-f-]{36}"))) << org.out;

    auto bad_org = RunPasseur({"org", "create", "X", "--department", "999", "--db", db});
    EXPECT_EQ(bad_org.exit_code, 1);
    EXPECT_NE(bad_org.err.find("department"), std::string::npos) << bad_org.err;

    auto weak = RunPasseur({"user", "create", "--email", "a@b.fr", "--org", org_id, "--role", "mediator",
                            "--argon2-profile", "min", "--db", db},
                           "court\n");
    EXPECT_EQ(weak.exit_code, 1);
    EXPECT_NE(weak.err.find("password"), std::string::npos) << weak.err;

    auto user = RunPasseur({"user", "create", "--email", "Mediatrice@Exemple.fr", "--org", org_id, "--role",
                            "mediator", "--argon2-profile", "min", "--db", db},
                           "une phrase de passe assez longue\n");
    ASSERT_EQ(user.exit_code, 0) << user.err;

    auto dup = RunPasseur({"user", "create", "--email", "mediatrice@exemple.fr", "--org", org_id, "--role",
                           "learner", "--argon2-profile", "min", "--db", db},
                          "une autre phrase de passe longue\n");
    EXPECT_EQ(dup.exit_code, 1);

    ServerProcess server("serve", Args({"--db", db}));
    auto session = Login(server.port(), "mediatrice@exemple.fr", "une phrase de passe assez longue");
    auto me = HttpRequest(server.port(), "GET", "/api/v1/me", {{"Cookie", session.cookie}});
    ASSERT_EQ(me.status, 200) << me.body;
    auto body = json::parse(me.body);
    EXPECT_EQ(body["user"]["email"], "mediatrice@exemple.fr");
    ASSERT_EQ(body["memberships"].size(), 1U);
    EXPECT_EQ(body["memberships"][0]["role"], "mediator");
    EXPECT_EQ(server.Stop(), 0);
}

class Serve : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new ServerProcess("demo", Args({"--db", SqliteUrl()})); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static std::uint16_t port() { return server_->port(); }
    static ServerProcess* server_;
};
ServerProcess* Serve::server_ = nullptr;

TEST_F(Serve, DemoPrintsUrlAndLogins) {
    EXPECT_NE(server_->banner().find("admin@demo.passeur.fr"), std::string::npos) << server_->banner();
    EXPECT_NE(server_->banner().find("mediatrice@demo.passeur.fr"), std::string::npos);
    EXPECT_NE(server_->banner().find("demo-passeur-2026"), std::string::npos);
}

TEST_F(Serve, HealthReadinessMetricsAndOpenApi) {
    auto h = HttpRequest(port(), "GET", "/healthz");
    EXPECT_EQ(h.status, 200);
    EXPECT_EQ(json::parse(h.body)["status"], "ok");
    auto r = HttpRequest(port(), "GET", "/readyz");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(json::parse(r.body)["store"], "sqlite");

    auto m = HttpRequest(port(), "GET", "/metrics");
    EXPECT_EQ(m.status, 200);
    EXPECT_NE(m.Header("content-type").value_or("").find("text/plain"), std::string::npos);
    EXPECT_NE(m.body.find("passeur_http_requests_total{"), std::string::npos) << m.body.substr(0, 2000);
    EXPECT_NE(m.body.find("route=\"/healthz\""), std::string::npos);
    EXPECT_NE(m.body.find("passeur_http_request_duration_seconds_bucket"), std::string::npos);
    EXPECT_NE(m.body.find("passeur_store_query_duration_seconds"), std::string::npos);

    auto o = HttpRequest(port(), "GET", "/api/v1/openapi.json");
    ASSERT_EQ(o.status, 200);
    auto spec = json::parse(o.body);
    EXPECT_EQ(spec["openapi"].get<std::string>().substr(0, 2), "3.");
    for (const char* path :
         {"/api/v1/session", "/api/v1/me", "/api/v1/organizations/{org}/members", "/healthz"}) {
        EXPECT_TRUE(spec["paths"].contains(path)) << path;
    }
}

TEST_F(Serve, EveryResponseHasARequestIdAndErrorsAreJson) {
    auto r = HttpRequest(port(), "GET", "/api/v1/nothing-here", {{"X-Request-Id", "test-123"}});
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.Header("x-request-id").value_or(""), "test-123");
    auto body = json::parse(r.body);
    EXPECT_EQ(body["error"]["code"], "not_found");
    EXPECT_EQ(body["error"]["request_id"], "test-123");
    EXPECT_TRUE(body["error"]["message"].is_string());

    auto u = HttpRequest(port(), "GET", "/api/v1/me");
    EXPECT_EQ(u.status, 401);
    EXPECT_EQ(json::parse(u.body)["error"]["code"], "unauthenticated");
    EXPECT_FALSE(u.Header("x-request-id").value_or("").empty());

    auto big = HttpRequest(port(), "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
                           std::string(3 * 1024 * 1024, 'x'));  // over the 1 MiB default
    EXPECT_EQ(big.status, 413);
}

TEST_F(Serve, HtmlPagesCarrySecurityHeadersAndStaticAssetsAreCached) {
    auto home = HttpRequest(port(), "GET", "/", {{"Accept-Language", "fr-FR,fr;q=0.9"}});
    ASSERT_EQ(home.status, 200);
    EXPECT_NE(home.Header("content-type").value_or("").find("text/html"), std::string::npos);
    auto csp = home.Header("content-security-policy").value_or("");
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_EQ(home.Header("x-content-type-options").value_or(""), "nosniff");
    EXPECT_FALSE(home.Header("referrer-policy").value_or("").empty());
    EXPECT_NE(home.body.find("lang=\"fr\""), std::string::npos);

    std::smatch m;
    ASSERT_TRUE(std::regex_search(home.body, m, std::regex("href=\"(/static/[^\"]+dsfr\\.min\\.css)\"")))
        << home.body.substr(0, 3000);
    auto css = HttpRequest(port(), "GET", m[1].str());
    ASSERT_EQ(css.status, 200);
    auto etag = css.Header("etag");
    ASSERT_TRUE(etag.has_value());
    EXPECT_NE(css.Header("cache-control").value_or("").find("max-age=31536000"), std::string::npos);
    auto again = HttpRequest(port(), "GET", m[1].str(), {{"If-None-Match", *etag}});
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());

    auto en = HttpRequest(port(), "GET", "/", {{"Accept-Language", "en-GB,en;q=0.9"}});
    EXPECT_NE(en.body.find("lang=\"en\""), std::string::npos);
}

TEST_F(Serve, SessionCsrfExportAndLogout) {
    auto bad =
        HttpRequest(port(), "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
                    json{{"email", "admin@demo.passeur.fr"}, {"password", "mauvais mot de passe"}}.dump());
    EXPECT_EQ(bad.status, 401);

    auto s = Login(port(), "admin@demo.passeur.fr", "demo-passeur-2026");
    ASSERT_FALSE(s.cookie.empty());
    ASSERT_FALSE(s.csrf.empty());

    auto orgs = HttpRequest(port(), "GET", "/api/v1/organizations", {{"Cookie", s.cookie}});
    ASSERT_EQ(orgs.status, 200) << orgs.body;

    // An unsafe request with the session cookie but without the CSRF header is refused.
    auto no_csrf = HttpRequest(port(), "POST", "/api/v1/organizations",
                               {{"Cookie", s.cookie}, {"Content-Type", "application/json"}},
                               json{{"name", "Sans jeton"}, {"kind", "epn"}}.dump());
    EXPECT_EQ(no_csrf.status, 403) << no_csrf.body;
    auto with_csrf = HttpRequest(
        port(), "POST", "/api/v1/organizations",
        {{"Cookie", s.cookie}, {"Content-Type", "application/json"}, {"X-CSRF-Token", s.csrf}},
        json{{"name", "France Services de Vitré"}, {"kind", "france_services"}, {"department", "35"}}.dump());
    EXPECT_EQ(with_csrf.status, 201) << with_csrf.body;

    auto exported = HttpRequest(port(), "GET", "/api/v1/me/export", {{"Cookie", s.cookie}});
    ASSERT_EQ(exported.status, 200);
    EXPECT_EQ(exported.body.find("argon2"), std::string::npos);  // never the password hash
    EXPECT_NE(exported.body.find("admin@demo.passeur.fr"), std::string::npos);

    auto out =
        HttpRequest(port(), "DELETE", "/api/v1/session", {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}});
    EXPECT_EQ(out.status / 100, 2) << out.body;
    auto after = HttpRequest(port(), "GET", "/api/v1/me", {{"Cookie", s.cookie}});
    EXPECT_EQ(after.status, 401);
}

TEST_F(Serve, ApiTokenIsScopedToItsOrganisation) {
    auto s = Login(port(), "admin@demo.passeur.fr", "demo-passeur-2026");
    auto orgs = json::parse(HttpRequest(port(), "GET", "/api/v1/organizations", {{"Cookie", s.cookie}}).body);
    std::string demo_org;
    for (const auto& o : orgs["items"]) {
        if (o["name"] == "Médiathèque Simone-Veil (démo)") demo_org = o["id"];
    }
    ASSERT_FALSE(demo_org.empty()) << orgs.dump();
    auto other = HttpRequest(
        port(), "POST", "/api/v1/organizations",
        {{"Cookie", s.cookie}, {"Content-Type", "application/json"}, {"X-CSRF-Token", s.csrf}},
        json{{"name", "Association Tremplin"}, {"kind", "association"}, {"department", "22"}}.dump());
    ASSERT_EQ(other.status, 201) << other.body;
    std::string other_org = json::parse(other.body)["id"];

    auto tok =
        HttpRequest(port(), "POST", "/api/v1/organizations/" + demo_org + "/tokens",
                    {{"Cookie", s.cookie}, {"Content-Type", "application/json"}, {"X-CSRF-Token", s.csrf}},
                    json{{"name", "tableau de bord"}, {"role", "mediator"}}.dump());
    ASSERT_EQ(tok.status, 201) << tok.body;
    std::string bearer = "Bearer " + json::parse(tok.body)["token"].get<std::string>();

    auto own = HttpRequest(port(), "GET", "/api/v1/organizations/" + demo_org + "/members",
                           {{"Authorization", bearer}});
    EXPECT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(json::parse(own.body)["items"].size(), 5U);  // the 5 demo users
    auto foreign = HttpRequest(port(), "GET", "/api/v1/organizations/" + other_org + "/members",
                               {{"Authorization", bearer}});
    EXPECT_EQ(foreign.status, 404) << foreign.body;
    auto forged = HttpRequest(port(), "GET", "/api/v1/organizations/" + demo_org + "/members",
                              {{"Authorization", bearer + "x"}});
    EXPECT_EQ(forged.status, 401);

    // A learner of the demo organisation does not see the other organisation either.
    auto learner = Login(port(), "apprenant1@demo.passeur.fr", "demo-passeur-2026");
    auto peek =
        HttpRequest(port(), "GET", "/api/v1/organizations/" + other_org, {{"Cookie", learner.cookie}});
    EXPECT_EQ(peek.status, 404);
    auto members = HttpRequest(port(), "GET", "/api/v1/organizations/" + demo_org + "/members",
                               {{"Cookie", learner.cookie}});
    EXPECT_EQ(members.status, 403);
}

TEST_F(Serve, InvitationLinksUseTheBoundPort) {
    auto s = Login(port(), "admin@demo.passeur.fr", "demo-passeur-2026");
    auto orgs = json::parse(HttpRequest(port(), "GET", "/api/v1/organizations", {{"Cookie", s.cookie}}).body);
    std::string demo_org;
    for (const auto& o : orgs["items"]) {
        if (o["name"] == "Médiathèque Simone-Veil (démo)") demo_org = o["id"];
    }
    auto inv =
        HttpRequest(port(), "POST", "/api/v1/organizations/" + demo_org + "/invitations",
                    {{"Cookie", s.cookie}, {"Content-Type", "application/json"}, {"X-CSRF-Token", s.csrf}},
                    json{{"email", "nouvelle@exemple.fr"}, {"role", "learner"}}.dump());
    ASSERT_EQ(inv.status, 201) << inv.body;
    std::string url = json::parse(inv.body)["url"];
    std::string prefix = "http://127.0.0.1:" + std::to_string(port()) + "/invitations/";
    EXPECT_EQ(url.substr(0, prefix.size()), prefix) << url;
    // The link opens the acceptance page.
    auto page = HttpRequest(port(), "GET", url.substr(url.find("/invitations/")));
    EXPECT_EQ(page.status, 200);
}

// The issuer as a script and a visitor use it: a key, a signed credential, the server that
// publishes the same DID document and status lists, revocation seen at once.
TEST(Credentials, SignServeVerifyRevoke) {
    const std::string dir = TempDir();
    const std::string db = "sqlite:" + dir + "/issuer.db";
    auto key = RunPasseur({"keys", "create", "--db", db});
    ASSERT_EQ(key.exit_code, 0) << key.err;
    EXPECT_EQ(json::parse(key.out)["id"], "key-1");
    struct stat st {};
    ASSERT_EQ(::stat((dir + "/issuer.db.issuer-key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);

    ServerProcess server("serve", Args({"--db", db}));
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port());
    {
        std::ofstream out(dir + "/unsigned.json");
        out << R"({"@context": ["https://www.w3.org/ns/credentials/v2",
                   "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
          "type": ["VerifiableCredential", "OpenBadgeCredential"], "name": "Atelier",
          "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:learner",
            "achievement": {"id": "https://passeur.example.fr/badges/x", "type": ["Achievement"],
              "name": "Atelier", "description": "Atelier suivi.", "criteria": {"narrative": "Présence."}}}})";
    }
    auto signed_run =
        RunPasseur({"credential", "sign", dir + "/unsigned.json", "--db", db, "--public-url", url});
    ASSERT_EQ(signed_run.exit_code, 0) << signed_run.err;
    const json credential = json::parse(signed_run.out);
    { std::ofstream(dir + "/signed.json") << signed_run.out; }

    // The server publishes the key that signed it and says valid.
    auto did = HttpRequest(server.port(), "GET", "/.well-known/did.json");
    ASSERT_EQ(did.status, 200);
    EXPECT_EQ(json::parse(did.body)["id"], credential["issuer"]["id"]);
    auto verdict = [&](const std::string& body) {
        auto r = HttpRequest(server.port(), "POST", "/api/v1/verify", {{"Content-Type", "application/json"}},
                             body);
        EXPECT_EQ(r.status, 200) << r.body;
        return json::parse(r.body, nullptr, false).value("verdict", std::string("?"));
    };
    EXPECT_EQ(verdict(signed_run.out), "valid");
    json tampered = credential;
    tampered["name"] = "Autre";
    EXPECT_EQ(verdict(tampered.dump()), "tampered");
    auto verify = RunPasseur({"verify", dir + "/signed.json", "--json", "--db", db, "--public-url", url});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    EXPECT_EQ(json::parse(verify.out)["verdict"], "valid");

    // The same credential as a VC-JWT (EdDSA) verifies through the same checks.
    auto jwt = RunPasseur(
        {"credential", "sign", dir + "/unsigned.json", "--format", "jwt", "--db", db, "--public-url", url});
    ASSERT_EQ(jwt.exit_code, 0) << jwt.err;
    EXPECT_EQ(jwt.out.rfind("eyJ", 0), 0U) << jwt.out;
    EXPECT_EQ(verdict(json(jwt.out.substr(0, jwt.out.find('\n'))).dump()), "valid");

    auto revoke = RunPasseur({"credential", "revoke", credential["id"], "--db", db, "--public-url", url});
    ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
    EXPECT_EQ(verdict(signed_run.out), "revoked") << "the served list changed at once";
    const std::string list_url = credential["credentialStatus"][0]["statusListCredential"];
    auto list = HttpRequest(server.port(), "GET", list_url.substr(url.size()));
    EXPECT_EQ(list.status, 200);
    EXPECT_EQ(json::parse(list.body)["credentialSubject"]["statusPurpose"], "revocation");
    auto after = RunPasseur({"verify", dir + "/signed.json", "--db", db, "--public-url", url});
    EXPECT_EQ(after.exit_code, 1);
    EXPECT_NE(after.out.find("revoked"), std::string::npos) << after.out;

    // Without the key file nothing can be signed, and the error says which file.
    auto no_key =
        RunPasseur({"credential", "sign", dir + "/unsigned.json", "--db", db, "--key-file", dir + "/none"});
    EXPECT_EQ(no_key.exit_code, 1);
    EXPECT_NE(no_key.err.find(dir + "/none"), std::string::npos) << no_key.err;
    EXPECT_EQ(server.Stop(), 0);
}

TEST(Lifecycle, SigtermFinishesAndExitsCleanly) {
    ServerProcess server("serve", Args({"--db", SqliteUrl()}));
    // A burst of requests, then SIGTERM while the server is idle: it must exit 0 promptly.
    for (int i = 0; i < 20; ++i) EXPECT_EQ(HttpRequest(server.port(), "GET", "/healthz").status, 200);
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(server.Stop(), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(Lifecycle, BadDatabaseUrlIsAClearError) {
    auto r = RunPasseur({"serve", "--db", "mysql://nope", "--port", "0"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("sqlite:"), std::string::npos) << r.err;
}

// Two app nodes on one PostgreSQL: what one writes the other serves, sessions included.
TEST(TwoNodes, ShareOnePostgresql) {
    const char* url_file = std::getenv("PASSEUR_TEST_PG_URL_FILE");
    std::string url;
    if (url_file != nullptr) {
        std::ifstream in(url_file);
        std::getline(in, url);
    }
    if (url.empty()) {
        const char* ci = std::getenv("CI");
        if (ci != nullptr && std::string(ci) == "true") FAIL() << "CI needs the PostgreSQL test server";
        GTEST_SKIP() << "no PostgreSQL test server (PASSEUR_TEST_PG_URL_FILE unset or empty)";
    }
    // A fresh database per run keeps this test independent of the contract suite.
    ServerProcess a("demo", Args({"--db", url}));
    ServerProcess b("serve", Args({"--db", url}));
    ASSERT_NE(a.port(), b.port());

    auto s = Login(a.port(), "admin@demo.passeur.fr", "demo-passeur-2026");
    auto created =
        HttpRequest(a.port(), "POST", "/api/v1/organizations",
                    {{"Cookie", s.cookie}, {"Content-Type", "application/json"}, {"X-CSRF-Token", s.csrf}},
                    json{{"name", "Hub du Grand Ouest " + std::to_string(::getpid())},
                         {"kind", "hub"},
                         {"department", "44"}}
                        .dump());
    ASSERT_EQ(created.status, 201) << created.body;
    std::string org_id = json::parse(created.body)["id"];

    // The session opened on node A is valid on node B, and B sees A's write at once.
    auto seen = HttpRequest(b.port(), "GET", "/api/v1/organizations/" + org_id, {{"Cookie", s.cookie}});
    ASSERT_EQ(seen.status, 200) << seen.body;
    EXPECT_EQ(json::parse(seen.body)["department"], "44");

    auto renamed =
        HttpRequest(b.port(), "PATCH", "/api/v1/organizations/" + org_id,
                    {{"Cookie", s.cookie}, {"Content-Type", "application/json"}, {"X-CSRF-Token", s.csrf}},
                    json{{"name", "Hub Ouest renommé " + std::to_string(::getpid())}}.dump());
    ASSERT_EQ(renamed.status, 200) << renamed.body;
    auto back = HttpRequest(a.port(), "GET", "/api/v1/organizations/" + org_id, {{"Cookie", s.cookie}});
    EXPECT_NE(json::parse(back.body)["name"].get<std::string>().find("renommé"), std::string::npos);

    // Logging out on B ends the session on A too.
    HttpRequest(b.port(), "DELETE", "/api/v1/session", {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}});
    EXPECT_EQ(HttpRequest(a.port(), "GET", "/api/v1/me", {{"Cookie", s.cookie}}).status, 401);
    EXPECT_EQ(a.Stop(), 0);
    EXPECT_EQ(b.Stop(), 0);
}

}  // namespace
}  // namespace passeur::testing
