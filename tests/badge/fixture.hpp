// A migrated store (SQLite in memory, or PostgreSQL in its own schema via the `pg` fixture) with the
// shipped frameworks and profiles, accounts, two organisations and their people, a BadgeService
// over a FakeIssuer, and its JSON API on a router.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "account/module.hpp"
#include "badge/api.hpp"
#include "badge/badge_service.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "fake_issuer.hpp"
#include "framework/framework_service.hpp"
#include "http/router.hpp"
#include "support/api_call.hpp"
#include "support/test_store.hpp"

namespace passeur::badge::testing {

using nlohmann::json;
using passeur::testing::Engine;
using passeur::testing::EngineName;

inline constexpr const char* kPgSchema = "passeur_badge_test";
inline constexpr const char* kPassword = "Tournesol-vert-42";
inline constexpr const char* kBaseUrl = "https://passeur.example";
inline constexpr const char* kFramework = "competences-numeriques";

class BadgeFixture : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override {
        PASSEUR_OPEN_TEST_STORE(GetParam(), kPgSchema);
        account::AccountConfig config;
        config.argon2_opslimit = account::kArgon2OpsLimitMin;
        config.argon2_memlimit = account::kArgon2MemLimitMin;
        config.public_base_url = kBaseUrl;
        accounts_ = std::make_unique<account::AccountModule>(*store_, clock_, random_, config);
        frameworks_ = std::make_unique<framework::FrameworkService>(*db_, clock_, accounts_->Authz());
        ASSERT_TRUE(frameworks_->SeedShipped(PASSEUR_BADGE_TEST_DATA_DIR));
        service_ = std::make_unique<BadgeService>(*store_, *db_, clock_, random_, accounts_->Authz(),
                                                  accounts_->Audit(), *frameworks_, issuer_,
                                                  [this] { return accounts_->Config().public_base_url; });
        RegisterBadgeApi(router_, *service_, *accounts_);

        org_ = MakeOrg("EPN de Lille");
        other_org_ = MakeOrg("Association de Rennes");
        admin_ = Login("admin@epn.example", org_, account::kRoleOrgAdmin);
        mediator_ = Login("mediatrice@epn.example", org_, account::kRoleMediator);
        learner_ = Login("apprenant@epn.example", org_, account::kRoleLearner);
        learner2_ = Login("apprenante@epn.example", org_, account::kRoleLearner);
        outsider_ = Login("autre@rennes.example", other_org_, account::kRoleMediator);
        root_ = Login("root@passeur.example", "", "", std::string(account::kPlatformAdmin));
    }

    std::string MakeOrg(const std::string& name) {
        store::Organization org{core::NewUuid(random_), name, "epn", "59", clock_.NowMillis()};
        EXPECT_TRUE(store_->Organizations().Create(org));
        return org.id;
    }

    account::LoginResult Login(const std::string& email, const std::string& org, std::string_view role,
                               const std::string& platform_role = "") {
        account::NewUser input;
        input.email = email;
        input.password = kPassword;
        input.display_name = email.substr(0, email.find('@'));
        input.platform_role = platform_role;
        auto user = accounts_->Accounts().CreateUser(input, "", "192.0.2.1");
        EXPECT_TRUE(user) << user.error().message;
        if (user && !org.empty()) {
            EXPECT_TRUE(store_->Memberships().Upsert({org, user->id, std::string(role), clock_.NowMillis()}));
        }
        auto login = accounts_->Accounts().Login(email, kPassword, "192.0.2.1");
        EXPECT_TRUE(login) << login.error().message;
        return login ? *login : account::LoginResult{};
    }

    account::Principal P(const account::LoginResult& login) {
        auto p = accounts_->Auth().Authenticate(
            passeur::testing::WithSession(passeur::testing::MakeApiRequest("GET", "/"), login));
        EXPECT_TRUE(p) << p.error().message;
        return p ? *p : account::Principal{};
    }

    // An active badge of org_ with the given rule (manual by default).
    BadgeInput Input(const std::string& name, AwardRule rule = {}) {
        BadgeInput in;
        in.name = name;
        in.description = "Sait naviguer sur le web en sécurité.";
        in.criteria = "Observer la personne chercher une information fiable.";
        in.achievement_type = "Competency";
        in.alignments = {{kFramework, "", "1.1"}};
        in.rule = std::move(rule);
        in.status = BadgeStatus::kActive;
        return in;
    }

    Badge Create(const std::string& name, AwardRule rule = {}, int validity_months = 0) {
        BadgeInput in = Input(name, std::move(rule));
        in.validity_months = validity_months;
        auto created = service_->CreateBadge(P(admin_), org_, in);
        EXPECT_TRUE(created) << created.error().message;
        return created ? *created : Badge{};
    }

    ManualAwardInput Manual(const account::LoginResult& learner, std::string reason = "Atelier du mardi") {
        ManualAwardInput in;
        in.learner_id = learner.user.id;
        in.reason = std::move(reason);
        in.narrative = "A trouvé seule trois sources fiables et expliqué pourquoi.";
        in.observed_on = IsoDate(clock_.NowMillis());
        return in;
    }

    // Audit events of org_ named `event`, newest first.
    std::vector<store::AuditEvent> AuditOf(const std::string& event, const std::string& org = "") {
        auto events = store_->Audit().ListByOrg(org.empty() ? org_ : org, 1000);
        EXPECT_TRUE(events);
        std::vector<store::AuditEvent> out;
        if (events) {
            for (const auto& e : *events) {
                if (e.event == event) out.push_back(e);
            }
        }
        return out;
    }

    std::int64_t Count(const std::string& sql, const store::Params& params = {}) {
        auto rows = db_->Query(sql, params);
        EXPECT_TRUE(rows) << (rows ? "" : rows.error().message);
        return rows && !rows->empty() ? store::AsInt((*rows)[0][0]) : -1;
    }

    using Outcome = passeur::testing::ApiOutcome;
    Outcome Call(std::string method, std::string target, const account::LoginResult& login,
                 std::string body = "") {
        return passeur::testing::CallRoute(
            router_, passeur::testing::WithSession(passeur::testing::MakeApiRequest(
                                                       std::move(method), std::move(target), std::move(body)),
                                                   login));
    }
    Outcome Anonymous(std::string method, std::string target) {
        return passeur::testing::CallRoute(
            router_, passeur::testing::MakeApiRequest(std::move(method), std::move(target)));
    }

    core::FakeClock clock_;
    core::SeededRandom random_{5};
    std::unique_ptr<store::Store> store_;
    store::Database* db_ = nullptr;
    std::unique_ptr<account::AccountModule> accounts_;
    std::unique_ptr<framework::FrameworkService> frameworks_;
    FakeIssuer issuer_;
    std::unique_ptr<BadgeService> service_;
    http::Router router_;
    std::string org_, other_org_;
    account::LoginResult admin_, mediator_, learner_, learner2_, outsider_, root_;
};

}  // namespace passeur::badge::testing
