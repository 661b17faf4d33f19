// A migrated store (SQLite in memory, or PostgreSQL in its own schema via the `pg` fixture) with
// organisations in two départements, people with every role, a CampaignService over a fake profile
// source (two competences) and a fake result source (levels per assessment id, set by the test).
#pragma once

#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "account/audit.hpp"
#include "account/authorizer.hpp"
#include "account/principal.hpp"
#include "campaign/campaign_service.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "support/test_store.hpp"

namespace passeur::campaign::testing {

using passeur::testing::Engine;
using passeur::testing::EngineName;

inline constexpr const char* kPgSchema = "passeur_campaign_test";
inline constexpr const char* kProfile = "mediateur-socle";
inline constexpr const char* kFramework = "competences-numeriques";

class CampaignFixture : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override {
        PASSEUR_OPEN_TEST_STORE(GetParam(), kPgSchema);
        authorizer_ = std::make_unique<account::Authorizer>(*store_);
        audit_ = std::make_unique<account::AuditLog>(*store_, clock_, random_);
        profiles_[kProfile] = {
            kProfile, "Médiateur : socle", {{kFramework, "1.1", 3}, {kFramework, "2.1", 4}}, ""};
        profiles_["aidant"] = {"aidant", "Aidant numérique", {{kFramework, "1.1", 2}}, "helper"};
        service_ = std::make_unique<CampaignService>(
            *store_, *db_, clock_, random_, *authorizer_, *audit_,
            [this](std::string_view id) -> core::Result<ProfileInfo> {
                auto it = profiles_.find(std::string(id));
                if (it == profiles_.end()) return core::Fail(core::Error::NotFound("Profil introuvable."));
                return it->second;
            },
            [this](std::string_view id) -> core::Result<AssessmentLevels> {
                auto it = levels_.find(std::string(id));
                if (it == levels_.end()) return core::Fail(core::Error::NotFound("Test introuvable."));
                return it->second;
            });
        org_ = MakeOrg("EPN de Lille", "59");
        other_org_ = MakeOrg("Association de Rennes", "35");
        hub_ = MakeOrg("Hub du Nord", "59");
        other_hub_ = MakeOrg("Hub de Bretagne", "35");
        admin_ = Person("admin@epn.example", org_, account::kRoleOrgAdmin);
        mediator_ = Person("mediatrice@epn.example", org_, account::kRoleMediator);
        learner_ = Person("apprenant@epn.example", org_, account::kRoleLearner);
        learner2_ = Person("apprenante@epn.example", org_, account::kRoleLearner);
        outsider_ = Person("mediateur@rennes.example", other_org_, account::kRoleMediator);
        coordinator_ = Person("coord@nord.example", hub_, account::kRoleCoordinator);
        other_coordinator_ = Person("coord@bretagne.example", other_hub_, account::kRoleCoordinator);
        root_ = Person("root@passeur.example", "", "", "platform_admin");
    }

    std::string MakeOrg(const std::string& name, const std::string& department) {
        store::Organization org{core::NewUuid(random_), name, "epn", department, clock_.NowMillis()};
        EXPECT_TRUE(store_->Organizations().Create(org));
        return org.id;
    }

    // A session principal of a new user (no password: the service never reads it).
    account::Principal Person(const std::string& email, const std::string& org, std::string_view role,
                              const std::string& platform_role = "") {
        store::User user{
            core::NewUuid(random_), email, email.substr(0, email.find('@')), "x", "fr", platform_role, false,
            clock_.NowMillis(),     0};
        EXPECT_TRUE(store_->Users().Create(user));
        if (!org.empty()) {
            EXPECT_TRUE(store_->Memberships().Upsert({org, user.id, std::string(role), clock_.NowMillis()}));
        }
        account::Principal p;
        p.kind = account::PrincipalKind::kSession;
        p.user = user;
        return p;
    }

    account::Principal Token(const std::string& org, std::string_view role) {
        account::Principal p;
        p.kind = account::PrincipalKind::kApiToken;
        p.token_id = core::NewUuid(random_);
        p.token_org_id = org;
        p.token_role = std::string(role);
        return p;
    }

    CampaignInput Input(const std::string& name = "Conseillers numériques 2026") {
        CampaignInput in;
        in.name = name;
        in.target_profile_id = kProfile;
        return in;
    }

    Campaign Create(CampaignInput in, const std::string& org = "") {
        auto created = service_->CreateCampaign(admin_, org.empty() ? org_ : org, in);
        EXPECT_TRUE(created) << created.error().message;
        return created ? *created : Campaign{};
    }

    // A stored test row of `user` on `profile` (the assessment service's table), completed or not,
    // with its levels in the fake result source: (level, low, high) of 1.1 and 2.1.
    std::string MakeAssessment(const account::Principal& user, bool completed, int level11 = 3,
                               int level21 = 2, const std::string& profile = kProfile) {
        const std::string id = core::NewUuid(random_);
        const std::int64_t now = clock_.NowMillis();
        EXPECT_TRUE(
            db_->Exec("INSERT INTO assessments (id, user_id, target_profile_id, status, seed, config, "
                      "created_at, updated_at, "
                      "completed_at) VALUES ($1, $2, $3, $4, 1, '{}', $5, $5, $6)",
                      {id, user.user.id, profile, std::string(completed ? "completed" : "in_progress"), now,
                       completed ? now : std::int64_t{0}}));
        levels_[id] = {completed,
                       {{kFramework, "1.1", level11, level11, level11 + 1},
                        {kFramework, "2.1", level21, level21 - 1 > 0 ? level21 - 1 : 1, level21}}};
        return id;
    }

    void CompleteAssessment(const std::string& id) {
        EXPECT_TRUE(db_->Exec("UPDATE assessments SET status = 'completed', completed_at = $2 WHERE id = $1",
                              {id, clock_.NowMillis()}));
        levels_[id].completed = true;
    }

    // Joins, takes a test, completes and shares: the participation shared.
    Participation JoinAndShare(const account::Principal& who, const Campaign& c, int level11 = 3,
                               int level21 = 2, const std::string& external_id = "") {
        auto joined = service_->Join(who, c.code, external_id, true);
        EXPECT_TRUE(joined) << joined.error().message;
        if (!joined) return {};
        const std::string test = MakeAssessment(who, false, level11, level21, c.target_profile_id);
        EXPECT_TRUE(service_->AttachAssessment(who, joined->participation.id, test));
        CompleteAssessment(test);
        auto completed = service_->MarkCompleted(who.user.id, test);
        EXPECT_TRUE(completed && *completed == 1);
        auto shared = service_->Share(who, joined->participation.id);
        EXPECT_TRUE(shared) << shared.error().message;
        return shared ? *shared : Participation{};
    }

    std::int64_t Count(const std::string& sql, const store::Params& params = {}) {
        auto rows = db_->Query(sql, params);
        EXPECT_TRUE(rows) << (rows ? "" : rows.error().message);
        return rows && !rows->empty() ? store::AsInt((*rows)[0][0]) : -1;
    }

    core::FakeClock clock_;
    core::SeededRandom random_{7};
    std::unique_ptr<store::Store> store_;
    store::Database* db_ = nullptr;
    std::unique_ptr<account::Authorizer> authorizer_;
    std::unique_ptr<account::AuditLog> audit_;
    std::map<std::string, ProfileInfo> profiles_;
    std::map<std::string, AssessmentLevels> levels_;
    std::unique_ptr<CampaignService> service_;
    std::string org_, other_org_, hub_, other_hub_;
    account::Principal admin_, mediator_, learner_, learner2_, outsider_, coordinator_, other_coordinator_,
        root_;
};

}  // namespace passeur::campaign::testing
