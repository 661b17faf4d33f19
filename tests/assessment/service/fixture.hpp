// A migrated store (SQLite in memory, or PostgreSQL in its own schema via the `pg` fixture) with
// the shipped frameworks, profiles and items seeded, accounts, an AssessmentService and its JSON
// API on a router; plus a scripted examinee that answers from the item's key (read server-side).
#pragma once

#include <cmath>
#include <memory>
#include <string>
#include <variant>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "account/module.hpp"
#include "assessment/irt.hpp"
#include "assessment/service/api.hpp"
#include "assessment/service/assessment_service.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "framework/framework_service.hpp"
#include "http/router.hpp"
#include "item/item_repository.hpp"
#include "item/item_service.hpp"
#include "item/scoring.hpp"
#include "support/api_call.hpp"
#include "support/test_store.hpp"

namespace passeur::assessment::testing {

using nlohmann::json;
using passeur::testing::Engine;
using passeur::testing::EngineName;

inline constexpr const char* kPgSchema = "passeur_assessment_service_test";
inline constexpr const char* kPassword = "Tournesol-vert-42";
inline constexpr const char* kProfile = "aidant-habilite-aidants-connect";  // 8 competences

// A response to `item` that is right (`correct`) or wrong (scores 0).
inline json ResponseFor(const item::Item& item, bool correct) {
    // A wrong answer: malformed or wrong for every type, credit 0.
    return correct ? item::KeyResponse(item) : json("réponse-fausse-zz");
}

class ServiceFixture : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override {
        PASSEUR_OPEN_TEST_STORE(GetParam(), kPgSchema);
        account::AccountConfig config;
        config.argon2_opslimit = account::kArgon2OpsLimitMin;
        config.argon2_memlimit = account::kArgon2MemLimitMin;
        config.public_base_url = "https://passeur.example";
        accounts_ = std::make_unique<account::AccountModule>(*store_, clock_, random_, config);
        frameworks_ = std::make_unique<framework::FrameworkService>(*db_, clock_, accounts_->Authz());
        ASSERT_TRUE(frameworks_->SeedShipped(PASSEUR_ASSESSMENT_BANK_DATA_DIR));
        items_ = std::make_unique<item::ItemService>(*db_, clock_, accounts_->Authz(), *frameworks_, "");
        auto seeded = items_->SeedShipped(PASSEUR_ASSESSMENT_BANK_DATA_DIR);
        ASSERT_TRUE(seeded) << seeded.error().message;
        ASSERT_TRUE(seeded->ok());
        service_ = std::make_unique<AssessmentService>(*db_, clock_, random_, *frameworks_);
        RegisterAssessmentApi(router_, *service_, *accounts_);
        learner_ = Login("apprenante@passeur.example", "");
        other_ = Login("autre@passeur.example", "");
        admin_ = Login("admin@passeur.example", std::string(account::kPlatformAdmin));
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

    account::Principal PrincipalOf(const account::LoginResult& login) {
        auto p = accounts_->Auth().Authenticate(
            passeur::testing::WithSession(passeur::testing::MakeApiRequest("GET", "/"), login));
        EXPECT_TRUE(p) << p.error().message;
        return p ? *p : account::Principal{};
    }

    item::Item ItemOf(const std::string& id) {
        auto found = items_->Get(id, item::Actor::System());
        EXPECT_TRUE(found) << found.error().message;
        return found ? found->item : item::Item{};
    }

    using Outcome = passeur::testing::ApiOutcome;
    Outcome Call(std::string method, std::string target, const account::LoginResult& login,
                 std::string body = "") {
        return passeur::testing::CallRoute(
            router_, passeur::testing::WithSession(passeur::testing::MakeApiRequest(
                                                       std::move(method), std::move(target), std::move(body)),
                                                   login));
    }

    core::FakeClock clock_;
    core::SeededRandom random_{11};
    std::unique_ptr<store::Store> store_;
    store::Database* db_ = nullptr;
    std::unique_ptr<account::AccountModule> accounts_;
    std::unique_ptr<framework::FrameworkService> frameworks_;
    std::unique_ptr<item::ItemService> items_;
    std::unique_ptr<AssessmentService> service_;
    http::Router router_;
    account::LoginResult learner_, other_, admin_;
};

}  // namespace passeur::assessment::testing
