// The /api/v1 places routes through the router as the server calls them: public search, detail
// and export; import for platform admins; an organisation's places for its members only; white
// zones for the coordinators of the département.
#include "places/api.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "account/module.hpp"
#include "http/error_mapping.hpp"
#include "store_fixture.hpp"
#include "support/api_call.hpp"

namespace passeur::places::testing {
namespace {

using nlohmann::json;
constexpr const char* kPassword = "Tournesol-vert-42";

class PlacesApi : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = store::OpenStore("sqlite::memory:", {.pool_size = 1});
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::move(*opened);
        ASSERT_TRUE(store_->Migrate());
        account::AccountConfig config;
        config.argon2_opslimit = account::kArgon2OpsLimitMin;
        config.argon2_memlimit = account::kArgon2MemLimitMin;
        config.public_base_url = "https://passeur.example";
        accounts_ = std::make_unique<account::AccountModule>(*store_, clock_, random_, config);
        service_ = std::make_unique<PlaceService>(*store_, *store::DatabaseOf(*store_), clock_, random_,
                                                  accounts_->Authz(), SharedTerritory());
        RegisterPlacesApi(router_, *service_, *accounts_);
        ASSERT_TRUE(service_->Import(DemoCsv(), {}, SystemAdmin()));

        for (auto [id, dept] :
             {std::pair{"org-a", "35"}, std::pair{"org-b", "22"}, std::pair{"coord-35", "35"}}) {
            ASSERT_TRUE(store_->Organizations().Create({id, std::string("Structure ") + id, "epn", dept, 0}));
        }
        admin_ = Login("admin@exemple.fr", std::string(account::kPlatformAdmin), "", "");
        mediator_a_ = Login("med.a@exemple.fr", "", "org-a", "mediator");
        learner_a_ = Login("learner.a@exemple.fr", "", "org-a", "learner");
        admin_b_ = Login("admin.b@exemple.fr", "", "org-b", "org_admin");
        coordinator_ = Login("coord@exemple.fr", "", "coord-35", "coordinator");
    }

    account::LoginResult Login(const std::string& email, const std::string& platform_role,
                               const std::string& org, const std::string& role) {
        account::NewUser input;
        input.email = email;
        input.password = kPassword;
        input.display_name = "Camille";
        input.platform_role = platform_role;
        auto user = accounts_->Accounts().CreateUser(input, "", "192.0.2.1");
        EXPECT_TRUE(user) << user.error().message;
        if (!org.empty()) {
            store::Membership m{org, user->id, role, 0};
            EXPECT_TRUE(store_->Memberships().Upsert(m));
        }
        auto login = accounts_->Accounts().Login(email, kPassword, "192.0.2.1");
        EXPECT_TRUE(login) << login.error().message;
        return login ? *login : account::LoginResult{};
    }

    static http::Request Make(std::string method, std::string target, std::string body = "",
                              std::string type = "application/json") {
        return ::passeur::testing::MakeApiRequest(std::move(method), std::move(target), std::move(body),
                                                  std::move(type));
    }
    static http::Request As(http::Request r, const account::LoginResult& login) {
        return ::passeur::testing::WithSession(std::move(r), login);
    }

    using Outcome = ::passeur::testing::ApiOutcome;
    Outcome Call(http::Request request) { return ::passeur::testing::CallRoute(router_, std::move(request)); }

    static std::string NewPlaceBody(const std::string& id) {
        json body = {{"pivot", "12345678901234"},
                     {"nom", "Nouveau lieu"},
                     {"commune", "Rennes"},
                     {"code_postal", "35000"},
                     {"code_insee", "35238"},
                     {"adresse", "1 rue de la Paix"},
                     {"latitude", 48.11},
                     {"longitude", -1.68},
                     {"services", "Aide aux démarches administratives"},
                     {"telephone", "02 99 00 00 00"}};
        if (!id.empty()) body["id"] = id;
        return body.dump();
    }

    core::FakeClock clock_;
    core::SeededRandom random_{7};
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<account::AccountModule> accounts_;
    std::unique_ptr<PlaceService> service_;
    http::Router router_;
    account::LoginResult admin_, mediator_a_, learner_a_, admin_b_, coordinator_;
};

TEST_F(PlacesApi, PublicSearchDetailAndExport) {
    auto found = Call(
        Make("GET",
             "/api/v1/places?q=Foug%C3%A8res&service=Aide%20aux%20d%C3%A9marches%20administratives&limit=3"));
    ASSERT_EQ(found.status, 200u) << found.error.message;
    EXPECT_EQ(found.body["origin"]["commune"]["insee"], "35115");
    EXPECT_EQ(found.body["origin"]["commune_centre"], true);
    ASSERT_EQ(found.body["places"].size(), 3u);
    EXPECT_EQ(found.body["places"][0]["id"], "demo-35-009");
    // The CCAS stands about 250 m from the commune's centre (the search origin).
    EXPECT_GT(found.body["places"][0]["distance_km"].get<double>(), 0.1);
    EXPECT_LT(found.body["places"][0]["distance_km"].get<double>(), 0.5);
    EXPECT_EQ(Call(Make("GET", "/api/v1/places?postcode=35600&limit=1")).body["places"][0]["commune"],
              "Redon");
    EXPECT_EQ(Call(Make("GET", "/api/v1/places?lat=48.1&lon=-1.6&open_on=samedi")).status, 200u);
    auto flagged = Call(Make("GET", "/api/v1/places?commune=35093&open_on=sa&limit=1"));
    ASSERT_EQ(flagged.status, 200u);
    EXPECT_EQ(flagged.body["places"][0]["id"], "demo-35-014");
    EXPECT_EQ(flagged.body["places"][0]["hours_note"], "horaires non lus");
    // Specific support: only the places offering it (two demo places in the département teach
    // people who cannot read well), nearest first; an unknown value is refused.
    auto illettrisme = Call(Make("GET", "/api/v1/places?lat=48.1&lon=-1.6&prise=Illettrisme&limit=10"));
    ASSERT_EQ(illettrisme.status, 200u) << illettrisme.error.message;
    ASSERT_EQ(illettrisme.body["places"].size(), 2u);
    EXPECT_EQ(illettrisme.body["places"][0]["id"], "demo-35-027");
    EXPECT_EQ(illettrisme.body["places"][1]["id"], "demo-35-006");
    EXPECT_EQ(Call(Make("GET", "/api/v1/places?lat=48.1&lon=-1.6&prise=Braille")).status, 400u);
    EXPECT_EQ(Call(Make("GET", "/api/v1/places?lat=48.1&lon=-1.6&limit=101")).status, 400u);
    EXPECT_EQ(Call(Make("GET", "/api/v1/places?lat=48.1&lon=-1.6&service=Cuisine")).status, 400u);
    EXPECT_EQ(Call(Make("GET", "/api/v1/places")).status, 400u);

    auto detail = Call(Make("GET", "/api/v1/places/demo-35-001"));
    ASSERT_EQ(detail.status, 200u);
    EXPECT_EQ(detail.body["status"], "published");
    EXPECT_EQ(Call(Make("GET", "/api/v1/places/none")).status, 404u);

    auto csv = Call(Make("GET", "/api/v1/places/export?format=csv&department=35"));
    ASSERT_EQ(csv.status, 200u);
    EXPECT_EQ(csv.response.Header("Content-Type"), "text/csv; charset=utf-8");
    auto back = ImportPlaces(csv.response.body);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->places.size(), 40u);
    EXPECT_EQ(Call(Make("GET", "/api/v1/places/export?format=xml")).status, 400u);
}

TEST_F(PlacesApi, ImportIsForPlatformAdmins) {
    const std::string csv = MiniCsvHeader() + MiniCsvRow("imp-1", "Importé", "48.1", "-1.6") +
                            MiniCsvRow("imp-2", "", "48.1", "-1.6");
    auto denied = Call(As(Make("POST", "/api/v1/places/import", csv, "text/csv"), mediator_a_));
    EXPECT_EQ(denied.status, 403u);
    EXPECT_EQ(Call(Make("POST", "/api/v1/places/import", csv, "text/csv")).status, 401u);
    auto report = Call(As(Make("POST", "/api/v1/places/import", csv, "text/csv; charset=utf-8"), admin_));
    ASSERT_EQ(report.status, 200u) << report.error.message;
    EXPECT_EQ(report.body["created"], 1);
    EXPECT_EQ(report.body["rejected"][0]["line"], 3);
    EXPECT_EQ(report.body["rejected"][0]["field"], "nom");
    EXPECT_EQ(Call(As(Make("POST", "/api/v1/places/import", csv, "text/plain"), admin_)).status, 400u);
}

TEST_F(PlacesApi, OrganisationMembersManageOnlyTheirOwnPlaces) {
    auto created =
        Call(As(Make("POST", "/api/v1/organizations/org-a/places", NewPlaceBody("a-1")), mediator_a_));
    ASSERT_EQ(created.status, 201u) << created.error.message;
    EXPECT_EQ(created.body["status"], "draft");
    EXPECT_EQ(created.body["telephone"], "+33299000000");
    EXPECT_EQ(created.response.Header("Location"), "/api/v1/organizations/org-a/places/a-1");
    auto generated =
        Call(As(Make("POST", "/api/v1/organizations/org-a/places", NewPlaceBody("")), mediator_a_));
    ASSERT_EQ(generated.status, 201u) << generated.error.message;
    EXPECT_EQ(generated.body["id"].get<std::string>().size(), 36u);

    // Learners may read but not write; org B's members can do neither on A.
    EXPECT_EQ(
        Call(As(Make("POST", "/api/v1/organizations/org-a/places", NewPlaceBody("a-2")), learner_a_)).status,
        403u);
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/organizations/org-a/places"), learner_a_)).body["places"].size(),
              2u);
    for (auto [method, path] : std::vector<std::pair<std::string, std::string>>{
             {"GET", "/api/v1/organizations/org-a/places"},
             {"POST", "/api/v1/organizations/org-a/places"},
             {"GET", "/api/v1/organizations/org-a/places/a-1"},
             {"PUT", "/api/v1/organizations/org-a/places/a-1"},
             {"DELETE", "/api/v1/organizations/org-a/places/a-1"},
             {"POST", "/api/v1/organizations/org-a/places/a-1/publish"}}) {
        auto outcome = Call(As(Make(method, path, NewPlaceBody("a-1")), admin_b_));
        EXPECT_EQ(outcome.status, 404u) << method << " " << path;
    }
    // A's member cannot reach B through B's URL either.
    EXPECT_EQ(
        Call(As(Make("POST", "/api/v1/organizations/org-b/places", NewPlaceBody("b-1")), mediator_a_)).status,
        404u);
    // A place of A addressed through A's mediator but B's URL: not found.
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/organizations/org-b/places/a-1"), admin_b_)).status, 404u);

    EXPECT_EQ(Call(Make("GET", "/api/v1/places/a-1")).status, 404u);  // a draft is not public
    auto published = Call(As(Make("POST", "/api/v1/organizations/org-a/places/a-1/publish"), mediator_a_));
    ASSERT_EQ(published.status, 200u);
    EXPECT_EQ(published.body["status"], "published");
    EXPECT_EQ(Call(Make("GET", "/api/v1/places/a-1")).status, 200u);

    json edit = json::parse(NewPlaceBody("a-1"));
    edit["nom"] = "Lieu renommé";
    auto put = Call(As(Make("PUT", "/api/v1/organizations/org-a/places/a-1", edit.dump()), mediator_a_));
    ASSERT_EQ(put.status, 200u) << put.error.message;
    EXPECT_EQ(put.body["nom"], "Lieu renommé");
    EXPECT_EQ(put.body["status"], "published");
    edit["code_postal"] = "12";
    auto bad = Call(As(Make("PUT", "/api/v1/organizations/org-a/places/a-1", edit.dump()), mediator_a_));
    EXPECT_EQ(bad.status, 400u);
    EXPECT_EQ(bad.error.field, "code_postal");
    edit["id"] = "other";
    EXPECT_EQ(
        Call(As(Make("PUT", "/api/v1/organizations/org-a/places/a-1", edit.dump()), mediator_a_)).status,
        400u);
    EXPECT_EQ(Call(As(Make("DELETE", "/api/v1/organizations/org-a/places/a-1"), mediator_a_)).status, 204u);
    EXPECT_EQ(Call(Make("GET", "/api/v1/places/a-1")).status, 404u);
}

TEST_F(PlacesApi, WhiteZonesForCoordinatorsOfTheDepartment) {
    auto zones = Call(As(Make("GET", "/api/v1/territories/35/white-zones?km=10"), coordinator_));
    ASSERT_EQ(zones.status, 200u) << zones.error.message;
    EXPECT_EQ(zones.body["department"], "35");
    EXPECT_TRUE(zones.body.contains("share_beyond"));
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/territories/22/white-zones"), coordinator_)).status, 403u);
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/territories/35/white-zones"), mediator_a_)).status, 403u);
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/territories/99/white-zones"), coordinator_)).status, 404u);
    EXPECT_EQ(Call(Make("GET", "/api/v1/territories/35/white-zones")).status, 401u);
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/territories/22/white-zones?service=Cuisine"), admin_)).status,
              400u);
    auto admin = Call(As(
        Make(
            "GET",
            "/api/v1/territories/22/white-zones?km=15&service=Aide%20aux%20d%C3%A9marches%20administratives"),
        admin_));
    ASSERT_EQ(admin.status, 200u) << admin.error.message;
    EXPECT_EQ(admin.body["km"], 15.0);
    auto places = Call(As(Make("GET", "/api/v1/territories/35/places"), coordinator_));
    ASSERT_EQ(places.status, 200u);
    EXPECT_EQ(places.body["places"].size(), 40u);
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/territories/22/places"), coordinator_)).status, 403u);
}

}  // namespace
}  // namespace passeur::places::testing
