// The badge JSON API in-process: badges of an organisation (create, list, read, patch), manual
// awards, the learner's awards and credential, the public flag and state changes; strict bodies,
// statuses of refusals, CSRF and API tokens.
#include <cctype>
#include <fstream>

#include "fixture.hpp"

namespace passeur::badge::testing {
namespace {

class BadgeApiTest : public BadgeFixture {
protected:
    std::string BadgeBody(const std::string& name, const std::string& status = "active") {
        return json{
            {"name", name},
            {"description", "Sait naviguer sur le web."},
            {"criteria", "Observer une recherche d'information."},
            {"achievement_type", "Competency"},
            {"alignments", {{{"framework", kFramework}, {"competence", "1.1"}}}},
            {"validity_months", 24},
            {"rule",
             {{"kind", "competence_level"}, {"framework", kFramework}, {"competence", "1.1"}, {"level", 3}}},
            {"status", status}}
            .dump();
    }

    std::string CreateViaApi(const std::string& name, const std::string& status = "active") {
        auto out = Call("POST", "/api/v1/organizations/" + org_ + "/badges", admin_, BadgeBody(name, status));
        EXPECT_EQ(out.status, 201u) << out.error.message;
        return out.body.value("id", "");
    }

    std::string AwardBody(const account::LoginResult& learner) {
        return json{{"learner_id", learner.user.id},
                    {"reason", "Atelier"},
                    {"narrative", "A retrouvé une démarche en ligne seule."},
                    {"observed_on", IsoDate(clock_.NowMillis())}}
            .dump();
    }
};

TEST_P(BadgeApiTest, CreateListReadPatch) {
    auto created = Call("POST", "/api/v1/organizations/" + org_ + "/badges", admin_, BadgeBody("Naviguer"));
    ASSERT_EQ(created.status, 201u) << created.error.message;
    const std::string id = created.body["id"];
    EXPECT_EQ(*created.response.Header("Location"), "/api/v1/badges/" + id);
    EXPECT_EQ(created.body["name"], "Naviguer");
    EXPECT_EQ(created.body["rule"]["kind"], "competence_level");
    EXPECT_EQ(created.body["rule"]["level"], 3);
    EXPECT_EQ(created.body["rule"]["framework_version"], "1.0");
    EXPECT_EQ(created.body["alignments"][0]["framework_version"], "1.0");
    EXPECT_EQ(created.body["validity_months"], 24);
    EXPECT_EQ(created.body["url"], std::string(kBaseUrl) + "/badges/" + id);
    EXPECT_EQ(created.body["image_url"], std::string(kBaseUrl) + "/badges/" + id + "/image.svg");
    EXPECT_FALSE(created.body["has_image"].get<bool>());
    const std::string draft = CreateViaApi("Brouillon", "draft");

    auto staff = Call("GET", "/api/v1/organizations/" + org_ + "/badges", mediator_);
    ASSERT_EQ(staff.status, 200u);
    EXPECT_EQ(staff.body["badges"].size(), 2u);
    auto members = Call("GET", "/api/v1/organizations/" + org_ + "/badges", learner_);
    ASSERT_EQ(members.status, 200u);
    EXPECT_EQ(members.body["badges"].size(), 1u);
    EXPECT_EQ(Call("GET", "/api/v1/organizations/" + org_ + "/badges", outsider_).status, 404u);

    EXPECT_EQ(Anonymous("GET", "/api/v1/badges/" + id).status, 200u);
    EXPECT_EQ(Anonymous("GET", "/api/v1/badges/" + draft).status, 404u);
    EXPECT_EQ(Call("GET", "/api/v1/badges/" + draft, mediator_).status, 200u);

    auto patched =
        Call("PATCH", "/api/v1/badges/" + id, admin_, json{{"name", "Naviguer (v2)"}, {"version", 1}}.dump());
    ASSERT_EQ(patched.status, 200u) << patched.error.message;
    EXPECT_EQ(patched.body["name"], "Naviguer (v2)");
    EXPECT_EQ(patched.body["version"], 2);
    auto stale = Call("PATCH", "/api/v1/badges/" + id, admin_, json{{"name", "x"}, {"version", 1}}.dump());
    EXPECT_EQ(stale.status, 409u);
    auto archived = Call("PATCH", "/api/v1/badges/" + id, admin_, json{{"status", "archived"}}.dump());
    ASSERT_EQ(archived.status, 200u);
    EXPECT_EQ(archived.body["status"], "archived");
    EXPECT_EQ(Call("PATCH", "/api/v1/badges/" + id, mediator_, json{{"name", "x"}}.dump()).status, 403u);
}

TEST_P(BadgeApiTest, BodiesAreStrict) {
    const std::string target = "/api/v1/organizations/" + org_ + "/badges";
    struct Case {
        json body;
        const char* field;
    };
    json base = json::parse(BadgeBody("X"));
    auto with = [&](const char* key, json value) {
        json b = base;
        b[key] = std::move(value);
        return b;
    };
    auto without = [&](const char* key) {
        json b = base;
        b.erase(key);
        return b;
    };
    const std::vector<Case> cases = {
        {with("couleur", "bleu"), "couleur"},
        {without("name"), "name"},
        {with("name", 3), "name"},
        {with("validity_months", 121), "validity_months"},
        {with("validity_months", "12"), "validity_months"},
        {with("status", "published"), "status"},
        {with("alignments", "1.1"), "alignments"},
        {with("alignments", json::array({{{"framework", kFramework}}})), "alignments[0].competence"},
        {with("alignments", json::array({{{"framework", kFramework}, {"competence", "1.1"}, {"x", 1}}})),
         "alignments[0].x"},
        {with("rule", {{"kind", "auto"}}), "rule.kind"},
        {with("rule",
              {{"kind", "competence_level"}, {"framework", kFramework}, {"competence", "1.1"}, {"level", 0}}),
         "rule.level"},
        {with("rule", {{"kind", "target_profile"}}), "rule.target_profile_id"},
        {with("rule", {{"kind", "manual"}, {"level", 2}}), "rule.level"},
        {with("image_svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\"/>"), "image_svg"},
        {with("version", 1), "version"},
    };
    for (const Case& c : cases) {
        auto out = Call("POST", target, admin_, c.body.dump());
        EXPECT_EQ(out.status, 400u) << c.field << " " << out.error.message;
        EXPECT_EQ(out.error.field, c.field) << out.error.message;
    }
    EXPECT_EQ(Count("SELECT COUNT(*) FROM badges"), 0);
    // Session rules: no CSRF header, no session, wrong role.
    auto no_csrf = passeur::testing::CallRoute(
        router_, passeur::testing::WithSession(
                     passeur::testing::MakeApiRequest("POST", target, BadgeBody("X")), admin_, false));
    EXPECT_EQ(no_csrf.status, 403u);
    EXPECT_EQ(Anonymous("POST", target).status, 401u);
    EXPECT_EQ(Call("POST", target, mediator_, BadgeBody("X")).status, 403u);
    EXPECT_EQ(Call("POST", target, admin_, "{").status, 400u);
    EXPECT_EQ(Call("POST", target, admin_, std::string(kMaxBadgeBodyBytes + 1, ' ')).status, 413u);
}

TEST_P(BadgeApiTest, AwardReadPublishRevoke) {
    const std::string badge = CreateViaApi("Naviguer");
    auto awarded = Call("POST", "/api/v1/badges/" + badge + "/awards", mediator_, AwardBody(learner_));
    ASSERT_EQ(awarded.status, 201u) << awarded.error.message;
    const std::string id = awarded.body["id"];
    EXPECT_EQ(awarded.body["credential_id"], "urn:uuid:" + id);
    EXPECT_EQ(awarded.body["credential"]["id"], "urn:uuid:" + id);
    EXPECT_EQ(awarded.body["learner"]["id"], learner_.user.id);
    EXPECT_EQ(awarded.body["awarded_by"]["id"], mediator_.user.id);
    EXPECT_EQ(awarded.body["evidence"][0]["observer"], "mediatrice");
    EXPECT_FALSE(awarded.body["expires_at"].is_null());
    EXPECT_EQ(awarded.body["state"], "active");
    EXPECT_EQ(awarded.body["public"], false);
    EXPECT_EQ(Call("POST", "/api/v1/badges/" + badge + "/awards", mediator_, AwardBody(learner_)).status,
              409u);
    EXPECT_EQ(Call("POST", "/api/v1/badges/" + badge + "/awards", learner_, AwardBody(learner2_)).status,
              403u);
    auto unknown_member = json::parse(AwardBody(learner2_));
    unknown_member["note"] = "x";
    EXPECT_EQ(
        Call("POST", "/api/v1/badges/" + badge + "/awards", mediator_, unknown_member.dump()).error.field,
        "note");

    auto mine = Call("GET", "/api/v1/me/awards", learner_);
    ASSERT_EQ(mine.status, 200u);
    ASSERT_EQ(mine.body["awards"].size(), 1u);
    EXPECT_FALSE(mine.body["awards"][0].contains("credential"));
    EXPECT_EQ(mine.body["awards"][0]["verify_url"], std::string(kBaseUrl) + "/verify?award=" + id);
    EXPECT_TRUE(Call("GET", "/api/v1/me/awards", learner2_).body["awards"].empty());
    auto listed = Call("GET", "/api/v1/badges/" + badge + "/awards", admin_);
    ASSERT_EQ(listed.status, 200u);
    EXPECT_EQ(listed.body["awards"].size(), 1u);

    auto credential = Call("GET", "/api/v1/awards/" + id, learner_);
    ASSERT_EQ(credential.status, 200u);
    EXPECT_EQ(credential.body, awarded.body["credential"]);
    EXPECT_EQ(*credential.response.Header("Cache-Control"), "no-store");
    EXPECT_EQ(Call("GET", "/api/v1/awards/" + id, mediator_).status, 200u);
    EXPECT_EQ(Call("GET", "/api/v1/awards/" + id, learner2_).status, 404u);
    EXPECT_EQ(Call("GET", "/api/v1/awards/" + id, outsider_).status, 404u);

    EXPECT_EQ(Call("PATCH", "/api/v1/awards/" + id, learner_, json{{"public", "oui"}}.dump()).status, 400u);
    EXPECT_EQ(Call("PATCH", "/api/v1/awards/" + id, mediator_, json{{"public", true}}.dump()).status, 404u);
    auto shown = Call("PATCH", "/api/v1/awards/" + id, learner_, json{{"public", true}}.dump());
    ASSERT_EQ(shown.status, 200u);
    EXPECT_EQ(shown.body["public"], true);

    EXPECT_EQ(Call("POST", "/api/v1/awards/" + id + "/suspend", mediator_, "{}").error.field, "reason");
    auto suspended =
        Call("POST", "/api/v1/awards/" + id + "/suspend", mediator_, json{{"reason", "Vérif"}}.dump());
    ASSERT_EQ(suspended.status, 200u) << suspended.error.message;
    EXPECT_EQ(suspended.body["state"], "suspended");
    EXPECT_EQ(suspended.body["state_reason"], "Vérif");
    auto reinstated =
        Call("POST", "/api/v1/awards/" + id + "/reinstate", admin_, json{{"reason", "Vérifié"}}.dump());
    ASSERT_EQ(reinstated.status, 200u);
    EXPECT_EQ(reinstated.body["state"], "active");
    auto revoked =
        Call("POST", "/api/v1/awards/" + id + "/revoke", admin_, json{{"reason", "Erreur"}}.dump());
    ASSERT_EQ(revoked.status, 200u);
    EXPECT_EQ(revoked.body["state"], "revoked");
    EXPECT_EQ(Call("POST", "/api/v1/awards/" + id + "/suspend", admin_, json{{"reason", "x"}}.dump()).status,
              409u);
    EXPECT_EQ(Call("POST", "/api/v1/awards/" + id + "/revoke", learner_, json{{"reason", "x"}}.dump()).status,
              403u);
}

TEST_P(BadgeApiTest, TokensReadButNeverAward) {
    const std::string badge = CreateViaApi("Naviguer");
    auto token = accounts_->Organizations().CreateToken(P(admin_), org_, "outil", "org_admin", "192.0.2.1");
    ASSERT_TRUE(token);
    auto bearer = [&](std::string method, std::string target, std::string body = "") {
        auto r = passeur::testing::MakeApiRequest(std::move(method), std::move(target), std::move(body));
        r.headers.emplace_back("authorization", "Bearer " + token->secret);
        return passeur::testing::CallRoute(router_, std::move(r));
    };
    EXPECT_EQ(bearer("GET", "/api/v1/organizations/" + org_ + "/badges").status, 200u);
    EXPECT_EQ(bearer("POST", "/api/v1/organizations/" + org_ + "/badges", BadgeBody("Par jeton")).status,
              201u);
    EXPECT_EQ(bearer("POST", "/api/v1/badges/" + badge + "/awards", AwardBody(learner_)).status, 403u);
    EXPECT_EQ(bearer("GET", "/api/v1/me/awards").status, 403u);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM badge_awards"), 0);
}

// Every route of RegisterBadgeApi is described, with its method, in docs/api/openapi.badge.json.
TEST_P(BadgeApiTest, EveryRouteIsInTheOpenApiFragment) {
    std::ifstream in(PASSEUR_BADGE_OPENAPI);
    ASSERT_TRUE(in) << PASSEUR_BADGE_OPENAPI;
    const json spec = json::parse(in, nullptr, false);
    ASSERT_TRUE(spec.is_object());
    int routes = 0;
    for (const auto& route : router_.Routes()) {
        ++routes;
        std::string method = route.method;
        for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_TRUE(spec["paths"].contains(route.pattern) && spec["paths"][route.pattern].contains(method))
            << route.method << " " << route.pattern;
    }
    EXPECT_EQ(routes, 13);
    for (const auto& [path, operations] : spec["paths"].items()) {
        for (const auto& [method, operation] : operations.items()) {
            EXPECT_TRUE(operation.contains("responses")) << method << " " << path;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Engines, BadgeApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

}  // namespace
}  // namespace passeur::badge::testing
