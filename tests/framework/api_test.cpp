// The /api/v1 framework routes and the public CASE routes, called through the router as the
// server does (errors mapped by http::StatusFor).
#include "framework/api.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "account/module.hpp"
#include "core/random.hpp"
#include "framework/uuid.hpp"
#include "http/error_mapping.hpp"
#include "store/sql_store.hpp"
#include "support/api_call.hpp"
#include "test_support.hpp"

namespace passeur::framework::testing {
namespace {

using nlohmann::json;
constexpr const char* kPassword = "Tournesol-vert-42";

class FrameworkApiTest : public ::testing::Test {
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
        service_ =
            std::make_unique<FrameworkService>(*store::DatabaseOf(*store_), clock_, accounts_->Authz());
        ASSERT_TRUE(service_->SeedShipped(PASSEUR_FRAMEWORK_TEST_DATA_DIR));
        RegisterFrameworkApi(router_, *service_, *accounts_);
        admin_ = Login("admin@passeur.example", std::string(account::kPlatformAdmin));
        mediator_ = Login("mediatrice@passeur.example", "");
    }

    account::LoginResult Login(const std::string& email, const std::string& platform_role) {
        account::NewUser input;
        input.email = email;
        input.password = kPassword;
        input.display_name = "Camille";
        input.platform_role = platform_role;
        EXPECT_TRUE(accounts_->Accounts().CreateUser(input, "", "192.0.2.1"));
        auto login = accounts_->Accounts().Login(email, kPassword, "192.0.2.1");
        EXPECT_TRUE(login) << login.error().message;
        return login ? *login : account::LoginResult{};
    }

    static http::Request Make(std::string method, std::string target, std::string body = "") {
        return ::passeur::testing::MakeApiRequest(std::move(method), std::move(target), std::move(body));
    }

    static void WithSession(http::Request& r, const account::LoginResult& login, bool csrf = true) {
        r = ::passeur::testing::WithSession(std::move(r), login, csrf);
    }

    using Outcome = ::passeur::testing::ApiOutcome;
    Outcome Call(http::Request request) { return ::passeur::testing::CallRoute(router_, std::move(request)); }

    core::FakeClock clock_;
    core::SeededRandom random_{7};
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<account::AccountModule> accounts_;
    std::unique_ptr<FrameworkService> service_;
    http::Router router_;
    account::LoginResult admin_, mediator_;
};

TEST_F(FrameworkApiTest, ListAndGetArePublic) {
    auto list = Call(Make("GET", "/api/v1/frameworks"));
    ASSERT_EQ(list.status, 200u) << list.error.message;
    ASSERT_EQ(list.body["items"].size(), 2u);
    EXPECT_EQ(list.body["items"][0]["id"], "competences-numeriques");
    EXPECT_EQ(list.body["items"][0]["competence_count"], 16);
    EXPECT_EQ(list.body["items"][0]["name"]["en"], LoadShipped("competences-numeriques").name.en);
    EXPECT_EQ(list.body["items"][0]["case_uri"],
              "https://passeur.example/ims/case/v1p0/CFDocuments/" + DerivedUuid("competences-numeriques"));
    EXPECT_EQ(Call(Make("GET", "/api/v1/frameworks?all_versions=true")).body["items"].size(), 2u);
    EXPECT_EQ(Call(Make("GET", "/api/v1/frameworks?all_versions=oui")).status, 400u);

    auto one = Call(Make("GET", "/api/v1/frameworks/mediation-numerique"));
    ASSERT_EQ(one.status, 200u) << one.error.message;
    EXPECT_EQ(one.body["framework"]["format"], "passeur-framework/1");
    EXPECT_EQ(one.body["framework"]["areas"].size(), 3u);
    EXPECT_EQ(one.body["versions"].size(), 1u);
    EXPECT_EQ(Call(Make("GET", "/api/v1/frameworks/mediation-numerique?version=1.0")).status, 200u);
    EXPECT_EQ(Call(Make("GET", "/api/v1/frameworks/mediation-numerique?version=2.0")).status, 404u);
    EXPECT_EQ(Call(Make("GET", "/api/v1/frameworks/mediation-numerique?version=deux")).status, 400u);
    EXPECT_EQ(Call(Make("GET", "/api/v1/frameworks/inconnu")).status, 404u);

    auto profiles = Call(Make("GET", "/api/v1/target-profiles"));
    ASSERT_EQ(profiles.status, 200u);
    EXPECT_EQ(profiles.body["items"].size(), 5u);
    auto profile = Call(Make("GET", "/api/v1/target-profiles/socle-emploi"));
    ASSERT_EQ(profile.status, 200u);
    EXPECT_EQ(profile.body["audience"], "learner");
    EXPECT_EQ(Call(Make("GET", "/api/v1/target-profiles/inconnu")).status, 404u);
}

TEST_F(FrameworkApiTest, CaseRoutesServeStableUris) {
    auto package = Call(Make("GET", "/api/v1/frameworks/competences-numeriques/case"));
    ASSERT_EQ(package.status, 200u) << package.error.message;
    const std::string doc_id = package.body["CFDocument"]["identifier"];
    auto docs = Call(Make("GET", "/ims/case/v1p0/CFDocuments"));
    ASSERT_EQ(docs.status, 200u);
    EXPECT_EQ(docs.body["CFDocuments"].size(), 2u);
    auto doc = Call(Make("GET", "/ims/case/v1p0/CFDocuments/" + doc_id));
    ASSERT_EQ(doc.status, 200u);
    EXPECT_EQ(doc.body["title"], LoadShipped("competences-numeriques").name.fr);
    auto same = Call(Make("GET", "/ims/case/v1p0/CFPackages/" + doc_id));
    ASSERT_EQ(same.status, 200u);
    EXPECT_EQ(same.body, package.body);
    // Every item's uri is served by the CFItems route.
    for (const auto& item : package.body["CFItems"]) {
        const std::string uri = item["uri"];
        const std::string prefix = "https://passeur.example";
        ASSERT_TRUE(uri.starts_with(prefix + "/ims/case/v1p0/CFItems/")) << uri;
        auto got = Call(Make("GET", uri.substr(prefix.size())));
        ASSERT_EQ(got.status, 200u) << uri;
        EXPECT_EQ(got.body["fullStatement"], item["fullStatement"]);
        EXPECT_EQ(got.body["CFDocumentURI"]["identifier"], doc_id);
    }
    EXPECT_EQ(Call(Make("GET", "/ims/case/v1p0/CFItems/" + DerivedUuid("x"))).status, 404u);
    EXPECT_EQ(Call(Make("GET", "/ims/case/v1p0/CFItems/pas-un-uuid")).status, 400u);
    EXPECT_EQ(Call(Make("GET", "/ims/case/v1p0/CFDocuments/" + DerivedUuid("x"))).status, 404u);
}

TEST_F(FrameworkApiTest, ImportIsForPlatformAdmins) {
    const std::string body = ReadFile(FixturePath("riverton_cs_standards.case.json"));
    EXPECT_EQ(Call(Make("POST", "/api/v1/frameworks", body)).status, 401u);
    auto no_csrf = Make("POST", "/api/v1/frameworks", body);
    WithSession(no_csrf, admin_, false);
    EXPECT_EQ(Call(no_csrf).status, 403u);
    auto mediator = Make("POST", "/api/v1/frameworks", body);
    WithSession(mediator, mediator_);
    EXPECT_EQ(Call(mediator).status, 403u);

    auto malformed = Make("POST", "/api/v1/frameworks", R"({"CFDocument": {"identifier": "x"}})");
    WithSession(malformed, admin_);
    auto bad = Call(malformed);
    EXPECT_EQ(bad.status, 400u);
    EXPECT_EQ(bad.error.field, "/CFDocument/identifier");
    auto neither = Make("POST", "/api/v1/frameworks", R"({"hello": 1})");
    WithSession(neither, admin_);
    EXPECT_EQ(Call(neither).status, 400u);
    auto syntax = Make("POST", "/api/v1/frameworks", R"({"CFDocument": )");
    WithSession(syntax, admin_);
    EXPECT_EQ(Call(syntax).status, 400u);

    auto ok = Make("POST", "/api/v1/frameworks", body);
    WithSession(ok, admin_);
    auto created = Call(ok);
    ASSERT_EQ(created.status, 201u) << created.error.message;
    EXPECT_EQ(created.body["id"], "riverton-k-12-computer-science-standards");
    EXPECT_EQ(created.response.Header("Location"),
              "/api/v1/frameworks/riverton-k-12-computer-science-standards?version=2019");
    auto again = Make("POST", "/api/v1/frameworks", body);
    WithSession(again, admin_);
    EXPECT_EQ(Call(again).status, 409u);

    // The native format is accepted too.
    json native = FrameworkToJson(SmallFramework());
    auto native_request = Make("POST", "/api/v1/frameworks", native.dump());
    WithSession(native_request, admin_);
    EXPECT_EQ(Call(native_request).status, 201u);
    EXPECT_EQ(Call(Make("GET", "/api/v1/frameworks")).body["items"].size(), 4u);
}

TEST_F(FrameworkApiTest, AdminsEditAFrameworkAsANewVersion) {
    json edited = Call(Make("GET", "/api/v1/frameworks/mediation-numerique")).body["framework"];
    edited["version"] = "1.1";
    edited["areas"][0]["competences"][0]["name"]["fr"] = "Nouveau nom";
    const std::string path = "/api/v1/frameworks/mediation-numerique/versions";
    auto mediator = Make("POST", path, edited.dump());
    WithSession(mediator, mediator_);
    EXPECT_EQ(Call(mediator).status, 403u);

    json wrong_id = edited;
    wrong_id["id"] = "autre";
    auto mismatch = Make("POST", path, wrong_id.dump());
    WithSession(mismatch, admin_);
    auto refused = Call(mismatch);
    EXPECT_EQ(refused.status, 400u);
    EXPECT_EQ(refused.error.field, "/id");

    json bad_level = edited;
    bad_level["areas"][0]["competences"][0]["levels"]["12"] = "x";
    auto invalid = Make("POST", path, bad_level.dump(2));
    WithSession(invalid, admin_);
    auto rejected = Call(invalid);
    EXPECT_EQ(rejected.status, 400u);
    EXPECT_EQ(rejected.error.field, "/areas/0/competences/0/levels/12");
    EXPECT_TRUE(rejected.error.message.starts_with("body:")) << rejected.error.message;

    auto ok = Make("POST", path, edited.dump());
    WithSession(ok, admin_);
    auto created = Call(ok);
    ASSERT_EQ(created.status, 201u) << created.error.message;
    EXPECT_EQ(created.body["version"], "1.1");
    EXPECT_EQ(created.body["source"], "edit");
    auto now = Call(Make("GET", "/api/v1/frameworks/mediation-numerique"));
    EXPECT_EQ(now.body["framework"]["areas"][0]["competences"][0]["name"]["fr"], "Nouveau nom");
    EXPECT_EQ(now.body["versions"].size(), 2u);
    auto old = Call(Make("GET", "/api/v1/frameworks/mediation-numerique?version=1.0"));
    EXPECT_NE(old.body["framework"]["areas"][0]["competences"][0]["name"]["fr"], "Nouveau nom");
    auto same_again = Make("POST", path, edited.dump());
    WithSession(same_again, admin_);
    EXPECT_EQ(Call(same_again).status, 400u);
}

TEST_F(FrameworkApiTest, AdminsImportTargetProfiles) {
    json doc = {{"format", "passeur-target-profiles/1"},
                {"profiles",
                 {{{"id", "conseiller-numerique"},
                   {"name", {{"fr", "Conseiller numérique"}, {"en", "Digital adviser"}}},
                   {"audience", "mediator"},
                   {"requirements",
                    {{{"framework", "competences-numeriques"}, {"competence", "1.1"}, {"level", 5}}}}}}}};
    auto mediator = Make("POST", "/api/v1/target-profiles", doc.dump());
    WithSession(mediator, mediator_);
    EXPECT_EQ(Call(mediator).status, 403u);
    auto ok = Make("POST", "/api/v1/target-profiles", doc.dump());
    WithSession(ok, admin_);
    auto imported = Call(ok);
    ASSERT_EQ(imported.status, 200u) << imported.error.message;
    EXPECT_EQ(imported.body["items"][0]["requirements"][0]["framework_version"], "1.0");
    EXPECT_EQ(Call(Make("GET", "/api/v1/target-profiles")).body["items"].size(), 6u);
}

}  // namespace
}  // namespace passeur::framework::testing
