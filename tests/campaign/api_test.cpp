// The campaign JSON API in-process, with the real account module, shipped frameworks, items and
// adaptive test: a full campaign with several participants (create, join with consent, the test
// through the assessment API, share, results, streamed CSV), consent and sharing rules, leaving,
// strict bodies, and every endpoint refused to another organisation's staff, a member without the
// staff role, API tokens on participant routes and a coordinator of another territory; a person's
// progress over two campaigns. SQLite and PostgreSQL.
#include "assessment/service/api.hpp"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "account/module.hpp"
#include "assessment/service/assessment_service.hpp"
#include "campaign/api.hpp"
#include "campaign/assessment_bridge.hpp"
#include "campaign/campaign_service.hpp"
#include "campaign/profile_source.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "framework/framework_service.hpp"
#include "http/router.hpp"
#include "item/item_service.hpp"
#include "support/api_call.hpp"
#include "support/test_store.hpp"

namespace passeur::campaign::testing {
namespace {

using nlohmann::json;
using passeur::testing::Engine;
using passeur::testing::EngineName;

constexpr const char* kPgSchema = "passeur_campaign_api_test";
constexpr const char* kProfile = "aidant-habilite-aidants-connect";  // 8 competences
constexpr const char* kPassword = "Tournesol-vert-42";
constexpr const char* kBaseUrl = "https://passeur.example";

class CampaignApiTest : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override {
        PASSEUR_OPEN_TEST_STORE(GetParam(), kPgSchema);
        account::AccountConfig config;
        config.argon2_opslimit = account::kArgon2OpsLimitMin;
        config.argon2_memlimit = account::kArgon2MemLimitMin;
        config.public_base_url = kBaseUrl;
        accounts_ = std::make_unique<account::AccountModule>(*store_, clock_, random_, config);
        frameworks_ = std::make_unique<framework::FrameworkService>(*db_, clock_, accounts_->Authz());
        ASSERT_TRUE(frameworks_->SeedShipped(PASSEUR_CAMPAIGN_TEST_DATA_DIR));
        items_ = std::make_unique<item::ItemService>(*db_, clock_, accounts_->Authz(), *frameworks_, "");
        ASSERT_TRUE(items_->SeedShipped(PASSEUR_CAMPAIGN_TEST_DATA_DIR));
        assessments_ = std::make_unique<assessment::AssessmentService>(*db_, clock_, random_, *frameworks_);
        campaigns_ = std::make_unique<CampaignService>(*store_, *db_, clock_, random_, accounts_->Authz(),
                                                       accounts_->Audit(), ProfileSourceFrom(*frameworks_),
                                                       ResultSourceFrom(*assessments_));
        CompleteParticipationsOnTestCompletion(*assessments_, *campaigns_);
        RegisterCampaignApi(router_, *campaigns_, *assessments_, *accounts_);
        assessment::RegisterAssessmentApi(router_, *assessments_, *accounts_);

        org_ = MakeOrg("EPN de Lille", "59");
        other_org_ = MakeOrg("Association de Rennes", "35");
        const std::string hub = MakeOrg("Hub du Nord", "59");
        const std::string other_hub = MakeOrg("Hub de Bretagne", "35");
        admin_ = Login("admin@epn.example", org_, account::kRoleOrgAdmin);
        mediator_ = Login("mediatrice@epn.example", org_, account::kRoleMediator);
        member_ = Login("membre@epn.example", org_, account::kRoleLearner);
        outsider_ = Login("autre@rennes.example", other_org_, account::kRoleMediator);
        coordinator_ = Login("coord@nord.example", hub, account::kRoleCoordinator);
        other_coordinator_ = Login("coord@bretagne.example", other_hub, account::kRoleCoordinator);
        for (int i = 0; i < 3; ++i) {
            people_.push_back(Login("personne" + std::to_string(i) + "@exemple.fr", "", ""));
        }
    }

    std::string MakeOrg(const std::string& name, const std::string& department) {
        store::Organization org{core::NewUuid(random_), name, "epn", department, clock_.NowMillis()};
        EXPECT_TRUE(store_->Organizations().Create(org));
        return org.id;
    }

    account::LoginResult Login(const std::string& email, const std::string& org, std::string_view role) {
        account::NewUser input;
        input.email = email;
        input.password = kPassword;
        input.display_name = email.substr(0, email.find('@'));
        auto user = accounts_->Accounts().CreateUser(input, "", "192.0.2.1");
        EXPECT_TRUE(user) << user.error().message;
        if (user && !org.empty()) {
            EXPECT_TRUE(store_->Memberships().Upsert({org, user->id, std::string(role), clock_.NowMillis()}));
        }
        auto login = accounts_->Accounts().Login(email, kPassword, "192.0.2.1");
        EXPECT_TRUE(login) << login.error().message;
        return login ? *login : account::LoginResult{};
    }

    std::int64_t Count(const std::string& sql) {
        auto rows = db_->Query(sql, {});
        EXPECT_TRUE(rows) << (rows ? "" : rows.error().message);
        return rows && !rows->empty() ? store::AsInt((*rows)[0][0]) : -1;
    }

    using Outcome = passeur::testing::ApiOutcome;
    Outcome Call(std::string method, std::string target, const account::LoginResult& login,
                 std::string body = "", bool csrf = true) {
        return passeur::testing::CallRoute(
            router_, passeur::testing::WithSession(passeur::testing::MakeApiRequest(
                                                       std::move(method), std::move(target), std::move(body)),
                                                   login, csrf));
    }
    Outcome WithToken(std::string method, std::string target, const std::string& token,
                      std::string body = "") {
        auto r = passeur::testing::MakeApiRequest(std::move(method), std::move(target), std::move(body));
        r.headers.emplace_back("authorization", "Bearer " + token);
        return passeur::testing::CallRoute(router_, std::move(r));
    }

    // The whole body of a (streamed) response.
    static std::string Body(const Outcome& out) {
        if (!out.response.stream) return out.response.body;
        std::string all, part;
        for (int calls = 0; calls < 10'000; ++calls) {
            part.clear();
            auto more = out.response.stream(part);
            EXPECT_TRUE(more) << more.error().message;
            all += part;
            if (!more || !*more) break;
        }
        return all;
    }

    std::string CampaignBody(const std::string& name = "Aidants de Lille") {
        return json{
            {"name", name},
            {"target_profile_id", kProfile},
            {"type", "assessment"},
            {"audience", "job_seeker"},
            {"settings", {{"se_target", 0.5}, {"max_length", 10}, {"allowed_needs", {"no_timer"}}}},
            {"external_id", {{"label", "N° demandeur d'emploi"}, {"purpose", "Suivi France Travail."}}}}
            .dump();
    }

    json CreateCampaign() {
        auto out = Call("POST", "/api/v1/organizations/" + org_ + "/campaigns", mediator_, CampaignBody());
        EXPECT_EQ(out.status, 201u) << out.error.message;
        return out.body;
    }

    std::string Join(const account::LoginResult& who, const std::string& code, const std::string& external) {
        auto out = Call("POST", "/api/v1/campaigns/join", who,
                        json{{"code", code}, {"consent", true}, {"external_id", external}}.dump());
        EXPECT_EQ(out.status, 201u) << out.error.message;
        return out.body.value("participation_id", "");
    }

    // Starts the campaign's test and answers "je ne sais pas" until it stops; the test id.
    std::string TakeTest(const account::LoginResult& who, const std::string& participation) {
        auto started = Call("POST", "/api/v1/participations/" + participation + "/assessment", who, "{}");
        EXPECT_EQ(started.status, 201u) << started.error.message;
        const std::string test = started.body.value("assessment_id", "");
        for (int i = 0; i < 50; ++i) {
            auto next = Call("GET", "/api/v1/assessments/" + test + "/next", who);
            EXPECT_EQ(next.status, 200u) << next.error.message;
            if (next.status != 200u || next.body.value("done", false)) break;
            auto answer = Call("POST", "/api/v1/assessments/" + test + "/answers", who,
                               json{{"item_id", next.body["item"]["id"]}, {"response", nullptr}}.dump());
            EXPECT_EQ(answer.status, 200u) << answer.error.message;
        }
        return test;
    }

    core::FakeClock clock_;
    core::SeededRandom random_{11};
    std::unique_ptr<store::Store> store_;
    store::Database* db_ = nullptr;
    std::unique_ptr<account::AccountModule> accounts_;
    std::unique_ptr<framework::FrameworkService> frameworks_;
    std::unique_ptr<item::ItemService> items_;
    std::unique_ptr<assessment::AssessmentService> assessments_;
    std::unique_ptr<CampaignService> campaigns_;
    http::Router router_;
    std::string org_, other_org_;
    account::LoginResult admin_, mediator_, member_, outsider_, coordinator_, other_coordinator_;
    std::vector<account::LoginResult> people_;
};

TEST_P(CampaignApiTest, FullCampaignWithSeveralParticipants) {
    const json campaign = CreateCampaign();
    const std::string id = campaign["id"];
    const std::string code = campaign["code"];
    ASSERT_EQ(code.size(), 9u);  // ABCD-EFGH
    EXPECT_EQ(campaign["url"],
              std::string(kBaseUrl) + "/campagnes/rejoindre?code=" + code.substr(0, 4) + code.substr(5));
    EXPECT_EQ(campaign["settings"]["max_length"], 10);
    EXPECT_EQ(campaign["settings"]["allowed_needs"], json::array({"no_timer"}));
    EXPECT_EQ(campaign["audience"], "job_seeker");

    auto list = Call("GET", "/api/v1/organizations/" + org_ + "/campaigns", admin_);
    ASSERT_EQ(list.status, 200u);
    ASSERT_EQ(list.body["campaigns"].size(), 1u);

    auto preview = Call("GET", "/api/v1/campaigns/preview?code=" + code, people_[0]);
    ASSERT_EQ(preview.status, 200u) << preview.error.message;
    EXPECT_EQ(preview.body["organization"]["name"], "EPN de Lille");
    EXPECT_EQ(preview.body["external_id"]["purpose"], "Suivi France Travail.");
    EXPECT_TRUE(preview.body["joinable"].get<bool>());

    std::vector<std::string> participations;
    for (std::size_t i = 0; i < people_.size(); ++i) {
        participations.push_back(Join(people_[i], code, "DE-00" + std::to_string(i)));
        TakeTest(people_[i], participations.back());
        auto p = Call("GET", "/api/v1/participations/" + participations.back(), people_[i]);
        ASSERT_EQ(p.status, 200u);
        EXPECT_EQ(p.body["status"], "completed");
    }
    // Only the first two share.
    for (int i = 0; i < 2; ++i) {
        clock_.Advance(1000);  // results are in sharing order
        auto shared = Call("POST", "/api/v1/participations/" + participations[i] + "/share", people_[i]);
        ASSERT_EQ(shared.status, 200u) << shared.error.message;
        EXPECT_EQ(shared.body["status"], "shared");
    }

    auto results = Call("GET", "/api/v1/campaigns/" + id + "/results", mediator_);
    ASSERT_EQ(results.status, 200u) << results.error.message;
    EXPECT_EQ(results.body["counts"]["shared"], 2);
    EXPECT_EQ(results.body["counts"]["completed"], 1);
    EXPECT_EQ(results.body["competences"].size(), 8u);
    ASSERT_EQ(results.body["participants"].size(), 2u);
    EXPECT_EQ(results.body["participants"][0]["email"], "personne0@exemple.fr");
    EXPECT_EQ(results.body["participants"][1]["external_id"], "DE-001");
    EXPECT_EQ(results.body["participants"][0]["competences"].size(), 8u);
    for (const json& p : results.body["participants"]) EXPECT_NE(p["email"], "personne2@exemple.fr");

    auto csv = Call("GET", "/api/v1/campaigns/" + id + "/results.csv", admin_);
    ASSERT_EQ(csv.status, 200u) << csv.error.message;
    EXPECT_TRUE(csv.response.stream) << "the export is streamed";
    EXPECT_EQ(*csv.response.Header("Content-Type"), "text/csv; charset=utf-8");
    const std::string text = Body(csv);
    ASSERT_EQ(text.rfind("\xEF\xBB\xBF", 0), 0u);
    int lines = 0;
    for (std::size_t at = text.find("\r\n"); at != std::string::npos; at = text.find("\r\n", at + 2)) ++lines;
    EXPECT_EQ(lines, 3);  // header + 2 shared participants
    EXPECT_NE(text.find("N° demandeur d'emploi"), std::string::npos);
    EXPECT_NE(text.find("DE-000"), std::string::npos);
    EXPECT_EQ(text.find("personne2@exemple.fr"), std::string::npos);
    auto english = Call("GET", "/api/v1/campaigns/" + id + "/results.csv?lang=en", admin_);
    ASSERT_EQ(english.status, 200u);
    EXPECT_NE(Body(english).find("target met"), std::string::npos);
    EXPECT_EQ(Call("GET", "/api/v1/campaigns/" + id + "/results.csv?lang=de", admin_).status, 400u);

    auto archived = Call("POST", "/api/v1/campaigns/" + id + "/archive", admin_);
    ASSERT_EQ(archived.status, 200u);
    EXPECT_FALSE(archived.body["archived_at"].is_null());
    auto late = Login("tard@exemple.fr", "", "");
    auto refused = Call("POST", "/api/v1/campaigns/join", late,
                        json{{"code", code}, {"consent", true}, {"external_id", "X"}}.dump());
    EXPECT_EQ(refused.status, 409u);
    EXPECT_EQ(refused.error.field, "code");
}

TEST_P(CampaignApiTest, ConsentIsRequiredAndNothingIsSeenBeforeSharing) {
    const json campaign = CreateCampaign();
    const std::string id = campaign["id"];
    auto no_consent = Call("POST", "/api/v1/campaigns/join", people_[0],
                           json{{"code", campaign["code"]}, {"external_id", "A1"}}.dump());
    EXPECT_EQ(no_consent.status, 400u);
    EXPECT_EQ(no_consent.error.field, "consent");
    auto refused = Call("POST", "/api/v1/campaigns/join", people_[0],
                        json{{"code", campaign["code"]}, {"consent", false}, {"external_id", "A1"}}.dump());
    EXPECT_EQ(refused.status, 400u);
    auto no_external = Call("POST", "/api/v1/campaigns/join", people_[0],
                            json{{"code", campaign["code"]}, {"consent", true}}.dump());
    EXPECT_EQ(no_external.status, 400u);
    EXPECT_EQ(no_external.error.field, "external_id");
    auto no_csrf =
        Call("POST", "/api/v1/campaigns/join", people_[0],
             json{{"code", campaign["code"]}, {"consent", true}, {"external_id", "A1"}}.dump(), false);
    EXPECT_EQ(no_csrf.status, 403u);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM participations"), 0);

    const std::string participation = Join(people_[0], campaign["code"], "A1");
    // Joining again returns the same participation.
    auto again = Call("POST", "/api/v1/campaigns/join", people_[0],
                      json{{"code", campaign["code"]}, {"consent", true}, {"external_id", "A1"}}.dump());
    EXPECT_EQ(again.status, 200u);
    EXPECT_EQ(again.body["participation_id"], participation);
    // Sharing before the test is completed is refused.
    auto early = Call("POST", "/api/v1/participations/" + participation + "/share", people_[0]);
    EXPECT_EQ(early.status, 409u);
    TakeTest(people_[0], participation);
    auto before = Call("GET", "/api/v1/campaigns/" + id + "/results", admin_);
    ASSERT_EQ(before.status, 200u);
    EXPECT_TRUE(before.body["participants"].empty());
    EXPECT_EQ(before.body["counts"]["completed"], 1);
    ASSERT_EQ(Call("POST", "/api/v1/participations/" + participation + "/share", people_[0]).status, 200u);
    auto after = Call("GET", "/api/v1/campaigns/" + id + "/results", admin_);
    EXPECT_EQ(after.body["participants"].size(), 1u);
}

TEST_P(CampaignApiTest, LeavingStopsSharing) {
    const json campaign = CreateCampaign();
    const std::string id = campaign["id"];
    const std::string participation = Join(people_[0], campaign["code"], "A1");
    TakeTest(people_[0], participation);
    ASSERT_EQ(Call("POST", "/api/v1/participations/" + participation + "/share", people_[0]).status, 200u);
    ASSERT_EQ(Call("GET", "/api/v1/campaigns/" + id + "/results", admin_).body["participants"].size(), 1u);

    auto left = Call("DELETE", "/api/v1/participations/" + participation, people_[0]);
    ASSERT_EQ(left.status, 204u) << left.error.message;
    auto results = Call("GET", "/api/v1/campaigns/" + id + "/results", admin_);
    EXPECT_TRUE(results.body["participants"].empty());
    EXPECT_EQ(results.body["counts"]["left"], 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM participation_competences"), 0);
    const std::string csv = Body(Call("GET", "/api/v1/campaigns/" + id + "/results.csv", admin_));
    EXPECT_EQ(csv.find("personne0"), std::string::npos);
    auto p = Call("GET", "/api/v1/participations/" + participation, people_[0]);
    EXPECT_EQ(p.body["status"], "left");
    EXPECT_EQ(Call("POST", "/api/v1/participations/" + participation + "/share", people_[0]).status, 409u);
    EXPECT_EQ(Call("DELETE", "/api/v1/participations/" + participation, people_[0]).status, 409u);
}

TEST_P(CampaignApiTest, StrictBodiesNameTheMember) {
    const std::string path = "/api/v1/organizations/" + org_ + "/campaigns";
    struct Case {
        json body;
        std::string field;
    };
    const std::vector<Case> cases = {
        {json{{"name", "A"}}, "target_profile_id"},
        {json{{"name", "A"}, {"target_profile_id", kProfile}, {"colour", "red"}}, "colour"},
        {json{{"name", "A"}, {"target_profile_id", kProfile}, {"type", "quiz"}}, "type"},
        {json{{"name", "A"}, {"target_profile_id", kProfile}, {"audience", "astronaut"}}, "audience"},
        {json{{"name", "A"}, {"target_profile_id", kProfile}, {"audience", 3}}, "audience"},
        {json{{"name", "A"}, {"target_profile_id", kProfile}, {"settings", {{"se_target", 0.05}}}},
         "settings.se_target"},
        {json{{"name", "A"}, {"target_profile_id", kProfile}, {"settings", {{"max_length", 3}}}},
         "settings.max_length"},
        {json{{"name", "A"}, {"target_profile_id", kProfile}, {"settings", {{"allowed_needs", {"x"}}}}},
         "settings.allowed_needs"},
        {json{{"name", "A"}, {"target_profile_id", kProfile}, {"closes_at", "demain"}}, "closes_at"},
        {json{{"name", "A"}, {"target_profile_id", kProfile}, {"external_id", {{"label", "N°"}}}},
         "external_id.purpose"},
        {json{{"name", "A"}, {"target_profile_id", "inconnu"}}, "target_profile_id"},
        {json{{"name", ""}, {"target_profile_id", kProfile}}, "name"},
    };
    for (const Case& c : cases) {
        auto out = Call("POST", path, admin_, c.body.dump());
        EXPECT_EQ(out.status, 400u) << c.body.dump();
        EXPECT_EQ(out.error.field, c.field) << c.body.dump() << ": " << out.error.message;
    }
    EXPECT_EQ(Call("POST", path, admin_, "[1]").status, 400u);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM campaigns"), 0);
}

TEST_P(CampaignApiTest, EveryEndpointRefusesThoseWhoMayNotSeeIt) {
    const json campaign = CreateCampaign();
    const std::string id = campaign["id"];
    const std::string participation = Join(people_[0], campaign["code"], "A1");
    const std::string create = "/api/v1/organizations/" + org_ + "/campaigns";
    const std::vector<std::pair<std::string, std::string>> staff_routes = {
        {"GET", create},
        {"POST", create},
        {"GET", "/api/v1/campaigns/" + id},
        {"POST", "/api/v1/campaigns/" + id + "/archive"},
        {"GET", "/api/v1/campaigns/" + id + "/results"},
        {"GET", "/api/v1/campaigns/" + id + "/results.csv"},
        {"GET", "/api/v1/organizations/" + org_ + "/participants/" + people_[0].user.id + "/progress"},
    };
    for (const auto& [method, path] : staff_routes) {
        const std::string body = method == "POST" && path == create ? CampaignBody("Autre") : "";
        EXPECT_EQ(Call(method, path, outsider_, body).status, 404u) << method << " " << path << " (outsider)";
        EXPECT_EQ(Call(method, path, other_coordinator_, body).status, 404u) << method << " " << path;
        EXPECT_EQ(Call(method, path, member_, body).status, 403u) << method << " " << path << " (learner)";
        EXPECT_EQ(Call(method, path, coordinator_, body).status, 403u) << method << " " << path << " (coord)";
    }
    // Somebody else's participation does not exist for them, staff included.
    const std::vector<std::pair<std::string, std::string>> participant_routes = {
        {"GET", "/api/v1/participations/" + participation},
        {"POST", "/api/v1/participations/" + participation + "/assessment"},
        {"POST", "/api/v1/participations/" + participation + "/share"},
        {"DELETE", "/api/v1/participations/" + participation},
    };
    for (const auto& [method, path] : participant_routes) {
        for (const auto* who : {&people_[1], &admin_, &outsider_, &coordinator_}) {
            EXPECT_EQ(Call(method, path, *who).status, 404u)
                << method << " " << path << " " << who->user.email;
        }
    }
    // An API token of the organisation manages campaigns, but never acts as a participant.
    auto admin = accounts_->Auth().Authenticate(
        passeur::testing::WithSession(passeur::testing::MakeApiRequest("GET", "/"), admin_));
    ASSERT_TRUE(admin);
    auto token = accounts_->Organizations().CreateToken(*admin, org_, "outil", "mediator", "192.0.2.1");
    ASSERT_TRUE(token) << token.error().message;
    EXPECT_EQ(WithToken("GET", "/api/v1/campaigns/" + id + "/results", token->secret).status, 200u);
    EXPECT_EQ(WithToken("POST", "/api/v1/campaigns/join", token->secret,
                        json{{"code", campaign["code"]}, {"consent", true}, {"external_id", "T"}}.dump())
                  .status,
              403u);
    EXPECT_EQ(WithToken("GET", "/api/v1/participations/" + participation, token->secret).status, 403u);

    // The territory: coordinators of the département (and nobody else) see its aggregates.
    auto summary = Call("GET", "/api/v1/territories/59/summary", coordinator_);
    ASSERT_EQ(summary.status, 200u) << summary.error.message;
    EXPECT_EQ(summary.body["department"], "59");
    EXPECT_EQ(summary.body["min_group_size"], 10);
    EXPECT_TRUE(summary.body["people"].is_null());  // fewer than 10 people
    EXPECT_EQ(summary.body["jobs"], json::array());
    EXPECT_EQ(summary.body["periods"], json::array());
    EXPECT_EQ(summary.body["badges"], json::array());
    EXPECT_TRUE(summary.body["badge_holders"].is_null());
    EXPECT_EQ(Call("GET", "/api/v1/territories/59/summary", other_coordinator_).status, 404u);
    EXPECT_EQ(Call("GET", "/api/v1/territories/59/summary", mediator_).status, 404u);
    EXPECT_EQ(Call("GET", "/api/v1/territories/59/summary", people_[0]).status, 404u);
    EXPECT_EQ(Call("GET", "/api/v1/territories/zz/summary", coordinator_).status, 400u);
    // Anonymous callers are asked to sign in.
    auto anonymous = passeur::testing::CallRoute(router_, passeur::testing::MakeApiRequest("GET", create));
    EXPECT_EQ(anonymous.status, 401u);
}

TEST_P(CampaignApiTest, ProgressOfAPersonOverTwoCampaigns) {
    const json spring = CreateCampaign();
    auto created = Call("POST", "/api/v1/organizations/" + org_ + "/campaigns", mediator_,
                        CampaignBody("Aidants de Lille — automne"));
    ASSERT_EQ(created.status, 201u) << created.error.message;
    const json autumn = created.body;
    const auto share = [&](const account::LoginResult& who, const json& campaign) {
        const std::string participation = Join(who, campaign["code"], "DE-1");
        TakeTest(who, participation);
        clock_.Advance(1000);
        auto shared = Call("POST", "/api/v1/participations/" + participation + "/share", who);
        EXPECT_EQ(shared.status, 200u) << shared.error.message;
    };
    share(people_[0], spring);
    share(people_[1], spring);
    clock_.Advance(3600 * 1000);  // sessions stay valid
    share(people_[0], autumn);

    auto results = Call("GET", "/api/v1/campaigns/" + spring["id"].get<std::string>() + "/results", admin_);
    ASSERT_EQ(results.status, 200u) << results.error.message;
    ASSERT_EQ(results.body["participants"].size(), 2u);
    EXPECT_EQ(results.body["participants"][0]["user_id"], people_[0].user.id);
    EXPECT_EQ(results.body["participants"][0]["shared_campaigns"], 2);
    EXPECT_EQ(results.body["participants"][1]["shared_campaigns"], 1);

    const std::string base = "/api/v1/organizations/" + org_ + "/participants/";
    auto progress = Call("GET", base + people_[0].user.id + "/progress", mediator_);
    ASSERT_EQ(progress.status, 200u) << progress.error.message;
    const json& body = progress.body;
    EXPECT_EQ(body["user_id"], people_[0].user.id);
    EXPECT_EQ(body["email"], "personne0@exemple.fr");
    EXPECT_EQ(body["organization_name"], "EPN de Lille");
    EXPECT_EQ(body["display_name"], "personne0");
    EXPECT_EQ(body["truncated"], false);
    ASSERT_EQ(body["points"].size(), 2u);
    EXPECT_EQ(body["points"][0]["campaign"]["id"], spring["id"]);
    EXPECT_EQ(body["points"][1]["campaign"]["name"], "Aidants de Lille — automne");
    EXPECT_EQ(body["points"][0]["target_profile"]["id"], kProfile);
    EXPECT_FALSE(body["points"][0]["target_profile"]["name"].get<std::string>().empty());
    EXPECT_LT(body["points"][0]["shared_at"].get<std::string>(),
              body["points"][1]["shared_at"].get<std::string>());
    EXPECT_EQ(body["points"][0]["competences"].size(), 8u);
    ASSERT_EQ(body["competences"].size(), 8u);
    for (const json& c : body["competences"]) {
        ASSERT_EQ(c["series"].size(), 2u) << c.dump();
        EXPECT_EQ(c["series"][0]["point"], 0);
        EXPECT_EQ(c["series"][1]["point"], 1);
        EXPECT_EQ(c["level_change"].get<int>(),
                  c["series"][1]["level"].get<int>() - c["series"][0]["level"].get<int>());
        EXPECT_TRUE(c["series"][0].contains("verdict"));
    }
    auto once = Call("GET", base + people_[1].user.id + "/progress", admin_);
    ASSERT_EQ(once.status, 200u) << once.error.message;
    ASSERT_EQ(once.body["points"].size(), 1u);
    EXPECT_TRUE(once.body["competences"][0]["level_change"].is_null());

    // Nobody learns anything about a person who never shared with the organisation.
    EXPECT_EQ(Call("GET", base + people_[2].user.id + "/progress", admin_).status, 404u);
    EXPECT_EQ(Call("GET", base + "no-such-user/progress", admin_).status, 404u);
    // Access as the results: other organisations and territories 404, other members 403.
    const std::string path = base + people_[0].user.id + "/progress";
    EXPECT_EQ(Call("GET", path, outsider_).status, 404u);
    EXPECT_EQ(Call("GET", path, other_coordinator_).status, 404u);
    EXPECT_EQ(Call("GET", path, people_[0]).status, 404u);  // the person is no member
    EXPECT_EQ(Call("GET", path, member_).status, 403u);
    EXPECT_EQ(Call("GET", path, coordinator_).status, 403u);
    EXPECT_EQ(
        Call("GET",
             "/api/v1/organizations/" + other_org_ + "/participants/" + people_[0].user.id + "/progress",
             outsider_)
            .status,
        404u);
    auto admin = accounts_->Auth().Authenticate(
        passeur::testing::WithSession(passeur::testing::MakeApiRequest("GET", "/"), admin_));
    ASSERT_TRUE(admin);
    auto token = accounts_->Organizations().CreateToken(*admin, org_, "outil", "mediator", "192.0.2.1");
    ASSERT_TRUE(token) << token.error().message;
    auto by_token = WithToken("GET", path, token->secret);
    EXPECT_EQ(by_token.status, 200u) << by_token.error.message;
    EXPECT_EQ(by_token.body["points"].size(), 2u);
    EXPECT_EQ(passeur::testing::CallRoute(router_, passeur::testing::MakeApiRequest("GET", path)).status,
              401u);
}

INSTANTIATE_TEST_SUITE_P(Engines, CampaignApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

}  // namespace
}  // namespace passeur::campaign::testing
