// The /api/v1/items routes through the router as the server calls them: platform admin only
// (mediators 403, anonymous 401), CSRF on writes, filters, revisions, retire/restore, score.
#include "item/api.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "account/module.hpp"
#include "http/error_mapping.hpp"
#include "store_fixture.hpp"
#include "support/api_call.hpp"

namespace passeur::item::testing {
namespace {

using nlohmann::json;
constexpr const char* kPassword = "Tournesol-vert-42";

class ItemApiTest : public ::testing::Test {
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
        store::Database& db = *store::DatabaseOf(*store_);
        frameworks_ = std::make_unique<framework::FrameworkService>(db, clock_, accounts_->Authz());
        ASSERT_TRUE(frameworks_->SeedShipped(PASSEUR_ITEM_BANK_DATA_DIR));
        service_ = std::make_unique<ItemService>(db, clock_, accounts_->Authz(), *frameworks_, "");
        RegisterItemApi(router_, *service_, *accounts_);
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
    static http::Request As(http::Request r, const account::LoginResult& login, bool csrf = true) {
        return ::passeur::testing::WithSession(std::move(r), login, csrf);
    }

    using Outcome = ::passeur::testing::ApiOutcome;
    Outcome Call(http::Request request) { return ::passeur::testing::CallRoute(router_, std::move(request)); }

    core::FakeClock clock_;
    core::SeededRandom random_{7};
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<account::AccountModule> accounts_;
    std::unique_ptr<framework::FrameworkService> frameworks_;
    std::unique_ptr<ItemService> service_;
    http::Router router_;
    account::LoginResult admin_, mediator_;
};

TEST_F(ItemApiTest, AdminCreatesReadsEditsRetiresAndScores) {
    auto created = Call(As(Make("POST", "/api/v1/items", SampleItem().dump()), admin_));
    ASSERT_EQ(created.status, 201u) << created.error.message;
    EXPECT_EQ(created.response.Header("Location"), "/api/v1/items/cn-1.1-901");
    EXPECT_EQ(created.body["revision"], 1);
    EXPECT_EQ(created.body["status"], "active");
    EXPECT_EQ(created.body["answer"], "a");  // keys are in the admin API
    EXPECT_EQ(created.body["source"], "page");

    auto list = Call(
        As(Make("GET", "/api/v1/items?framework=competences-numeriques&level=2&type=single_choice"), admin_));
    ASSERT_EQ(list.status, 200u) << list.error.message;
    EXPECT_EQ(list.body["total"], 1);
    EXPECT_EQ(list.body["items"][0]["id"], "cn-1.1-901");
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/items?level=3"), admin_)).body["total"], 0);
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/items?level=9"), admin_)).status, 400u);
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/items?type=essay"), admin_)).status, 400u);
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/items?status=gone"), admin_)).status, 400u);
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/items?limit=0"), admin_)).status, 400u);
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/items?q=touche"), admin_)).body["total"], 1);

    auto one = Call(As(Make("GET", "/api/v1/items/cn-1.1-901"), admin_));
    ASSERT_EQ(one.status, 200u);
    EXPECT_EQ(one.body["feedback"], "La touche **Entrée** valide.");
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/items/absent-1"), admin_)).status, 404u);

    json edited = SampleItem("cn-1.1-901", "Quelle touche valide un formulaire ?");
    auto put = Call(As(Make("PUT", "/api/v1/items/cn-1.1-901?revision=1", edited.dump()), admin_));
    ASSERT_EQ(put.status, 200u) << put.error.message;
    EXPECT_EQ(put.body["revision"], 2);
    EXPECT_EQ(
        Call(As(Make("PUT", "/api/v1/items/cn-1.1-901?revision=1", SampleItem().dump()), admin_)).status,
        409u);
    json invalid = edited;
    invalid["level"] = 12;
    auto refused = Call(As(Make("PUT", "/api/v1/items/cn-1.1-901", invalid.dump()), admin_));
    EXPECT_EQ(refused.status, 400u);
    EXPECT_EQ(refused.error.field, "/level");
    EXPECT_EQ(Call(As(Make("POST", "/api/v1/items", "[1]"), admin_)).status, 400u);

    auto right = Call(As(Make("POST", "/api/v1/items/cn-1.1-901/score", R"({"response":"a"})"), admin_));
    ASSERT_EQ(right.status, 200u) << right.error.message;
    EXPECT_EQ(right.body["credit"], 1.0);
    EXPECT_EQ(right.body["fraction"], 1.0);
    auto malformed = Call(As(Make("POST", "/api/v1/items/cn-1.1-901/score", R"({"response":42})"), admin_));
    EXPECT_EQ(malformed.body["malformed"], true);
    EXPECT_EQ(Call(As(Make("POST", "/api/v1/items/cn-1.1-901/score", R"({})"), admin_)).status, 400u);

    auto retired = Call(As(Make("POST", "/api/v1/items/cn-1.1-901/retire"), admin_));
    ASSERT_EQ(retired.status, 200u);
    EXPECT_EQ(retired.body["status"], "retired");
    EXPECT_EQ(Call(As(Make("GET", "/api/v1/items?status=retired"), admin_)).body["total"], 1);
    auto restored = Call(As(Make("POST", "/api/v1/items/cn-1.1-901/restore"), admin_));
    EXPECT_EQ(restored.body["status"], "active");
    EXPECT_EQ(restored.body["revision"], 4);
}

TEST_F(ItemApiTest, MediatorsAreForbiddenAndAnonymousUnauthenticated) {
    ASSERT_TRUE(service_->Create(SampleItem(), Actor::System()));
    for (auto [method, path] :
         std::vector<std::pair<std::string, std::string>>{{"GET", "/api/v1/items"},
                                                          {"GET", "/api/v1/items/cn-1.1-901"},
                                                          {"POST", "/api/v1/items/cn-1.1-901/retire"},
                                                          {"POST", "/api/v1/items/cn-1.1-901/restore"}}) {
        EXPECT_EQ(Call(As(Make(method, path), mediator_)).status, 403u) << method << " " << path;
        EXPECT_EQ(Call(Make(method, path)).status, 401u) << method << " " << path;
    }
    EXPECT_EQ(Call(As(Make("POST", "/api/v1/items", SampleItem("cn-1.1-902").dump()), mediator_)).status,
              403u);
    EXPECT_EQ(Call(As(Make("PUT", "/api/v1/items/cn-1.1-901", SampleItem().dump()), mediator_)).status, 403u);
    EXPECT_EQ(
        Call(As(Make("POST", "/api/v1/items/cn-1.1-901/score", R"({"response":"a"})"), mediator_)).status,
        403u);
    EXPECT_EQ(Call(Make("POST", "/api/v1/items/cn-1.1-901/score", R"({"response":"a"})")).status, 401u);
    // A cookie session without its CSRF token cannot write.
    EXPECT_EQ(Call(As(Make("POST", "/api/v1/items/cn-1.1-901/retire"), admin_, false)).status, 403u);
    EXPECT_EQ(service_->Get("cn-1.1-901", Actor::System())->item.status, ItemStatus::kActive);
}

}  // namespace
}  // namespace passeur::item::testing
