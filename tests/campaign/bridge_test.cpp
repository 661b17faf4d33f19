// A campaign with the real adaptive test (campaign/assessment_bridge): the participant starts the
// campaign's test (its SE target, maximum length and allowed adaptations apply), answers it to the
// end through AssessmentService, the completion listener completes the participation, and once
// shared the organisation sees the same levels as the learner's own result page. Shipped
// frameworks, profiles and items; SQLite and PostgreSQL.
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "account/audit.hpp"
#include "account/authorizer.hpp"
#include "assessment/bank.hpp"
#include "assessment/service/assessment_service.hpp"
#include "campaign/assessment_bridge.hpp"
#include "campaign/campaign_service.hpp"
#include "campaign/profile_source.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "framework/framework_service.hpp"
#include "item/item_service.hpp"
#include "item/scoring.hpp"
#include "support/test_store.hpp"

namespace passeur::campaign::testing {
namespace {

using passeur::testing::Engine;
using passeur::testing::EngineName;

constexpr const char* kPgSchema = "passeur_campaign_bridge_test";
constexpr const char* kProfile = "aidant-habilite-aidants-connect";  // 8 competences

class CampaignBridgeTest : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override {
        PASSEUR_OPEN_TEST_STORE(GetParam(), kPgSchema);
        authorizer_ = std::make_unique<account::Authorizer>(*store_);
        audit_ = std::make_unique<account::AuditLog>(*store_, clock_, random_);
        frameworks_ = std::make_unique<framework::FrameworkService>(*db_, clock_, *authorizer_);
        ASSERT_TRUE(frameworks_->SeedShipped(PASSEUR_CAMPAIGN_TEST_DATA_DIR));
        items_ = std::make_unique<item::ItemService>(*db_, clock_, *authorizer_, *frameworks_, "");
        auto seeded = items_->SeedShipped(PASSEUR_CAMPAIGN_TEST_DATA_DIR);
        ASSERT_TRUE(seeded) << seeded.error().message;
        assessments_ = std::make_unique<assessment::AssessmentService>(*db_, clock_, random_, *frameworks_);
        campaigns_ = std::make_unique<CampaignService>(*store_, *db_, clock_, random_, *authorizer_, *audit_,
                                                       ProfileSourceFrom(*frameworks_),
                                                       ResultSourceFrom(*assessments_));
        CompleteParticipationsOnTestCompletion(*assessments_, *campaigns_);
        store::Organization org{core::NewUuid(random_), "EPN de Lille", "epn", "59", clock_.NowMillis()};
        ASSERT_TRUE(store_->Organizations().Create(org));
        org_ = org.id;
        admin_ = Person("admin@epn.example", account::kRoleOrgAdmin);
        learner_ = Person("apprenant@epn.example", account::kRoleLearner);
    }

    account::Principal Person(const std::string& email, std::string_view role) {
        store::User user{core::NewUuid(random_), email, "Camille", "x", "fr", "", false,
                         clock_.NowMillis(),     0};
        EXPECT_TRUE(store_->Users().Create(user));
        EXPECT_TRUE(store_->Memberships().Upsert({org_, user.id, std::string(role), clock_.NowMillis()}));
        account::Principal p;
        p.kind = account::PrincipalKind::kSession;
        p.user = user;
        return p;
    }

    // Answers every item (right on even positions) until the test stops; returns the count.
    int RunToEnd(const std::string& assessment_id) {
        for (int answered = 0; answered < 300; ++answered) {
            auto step = assessments_->Next(learner_, assessment_id);
            EXPECT_TRUE(step) << step.error().message;
            if (!step || step->done) return answered;
            auto found = items_->Get(step->item->id, item::Actor::System());
            EXPECT_TRUE(found);
            if (!found) return -1;
            const nlohmann::json response = step->position % 2 == 0 ? item::KeyResponse(found->item)
                                                                    : nlohmann::json("réponse-fausse-zz");
            auto outcome = assessments_->Answer(learner_, assessment_id, found->item.id, response);
            EXPECT_TRUE(outcome) << outcome.error().message;
            if (!outcome) return -1;
        }
        ADD_FAILURE() << "the test never stopped";
        return -1;
    }

    core::FakeClock clock_;
    core::SeededRandom random_{23};
    std::unique_ptr<store::Store> store_;
    store::Database* db_ = nullptr;
    std::unique_ptr<account::Authorizer> authorizer_;
    std::unique_ptr<account::AuditLog> audit_;
    std::unique_ptr<framework::FrameworkService> frameworks_;
    std::unique_ptr<item::ItemService> items_;
    std::unique_ptr<assessment::AssessmentService> assessments_;
    std::unique_ptr<CampaignService> campaigns_;
    std::string org_;
    account::Principal admin_, learner_;
};

TEST_P(CampaignBridgeTest, CampaignTestFromJoinToSharedResult) {
    CampaignInput input;
    input.name = "Aidants du Nord";
    input.target_profile_id = kProfile;
    input.settings = {0.30, 12, assessment::kScreenReader | assessment::kNoTimer};
    auto campaign = campaigns_->CreateCampaign(admin_, org_, input);
    ASSERT_TRUE(campaign) << campaign.error().message;
    input.settings.max_length = 7;  // 8 competences
    EXPECT_EQ(campaigns_->CreateCampaign(admin_, org_, input).error().field, "settings.max_length");

    auto joined = campaigns_->Join(learner_, campaign->code, "", true);
    ASSERT_TRUE(joined) << joined.error().message;
    const std::string pid = joined->participation.id;

    // An adaptation the campaign does not offer is refused, nothing is started.
    auto refused = StartCampaignTest(*campaigns_, *assessments_, learner_, pid, assessment::kNoColour);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "needs");
    EXPECT_TRUE(assessments_->ListMine(learner_)->empty());
    // Somebody else's participation: not found.
    EXPECT_EQ(StartCampaignTest(*campaigns_, *assessments_, admin_, pid, 0).error().code,
              core::ErrorCode::kNotFound);

    auto started = StartCampaignTest(*campaigns_, *assessments_, learner_, pid, assessment::kNoTimer);
    ASSERT_TRUE(started) << started.error().message;
    ASSERT_FALSE(started->assessment_id.empty());
    EXPECT_EQ(started->status, ParticipationStatus::kStarted);
    EXPECT_EQ(StartCampaignTest(*campaigns_, *assessments_, learner_, pid, 0).error().field, "status");

    // The campaign's settings apply to the test.
    auto summary = assessments_->Get(learner_, started->assessment_id);
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->target_profile_id, kProfile);
    EXPECT_EQ(summary->needs, assessment::kNoTimer);
    EXPECT_EQ(RunToEnd(started->assessment_id), 12);

    // The completion listener completed the participation; nothing is shared yet.
    auto after = campaigns_->GetParticipation(learner_, pid);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, ParticipationStatus::kCompleted);
    auto hidden = campaigns_->Results(admin_, campaign->id);
    ASSERT_TRUE(hidden) << hidden.error().message;
    EXPECT_TRUE(hidden->participants.empty());

    ASSERT_TRUE(campaigns_->Share(learner_, pid));
    auto results = campaigns_->Results(admin_, campaign->id);
    ASSERT_TRUE(results) << results.error().message;
    ASSERT_EQ(results->participants.size(), 1u);
    auto own = assessments_->Result(learner_, started->assessment_id);
    ASSERT_TRUE(own);
    const auto& cells = results->participants[0].competences;
    ASSERT_EQ(cells.size(), own->competences.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const assessment::CompetenceResult& c = own->competences[i];
        EXPECT_EQ(cells[i].framework, c.framework);
        EXPECT_EQ(cells[i].competence, c.competence);
        EXPECT_EQ(cells[i].level, c.range.level) << c.competence;
        EXPECT_EQ(cells[i].low, c.range.low) << c.competence;
        EXPECT_EQ(cells[i].high, c.range.high) << c.competence;
        EXPECT_EQ(cells[i].target_level, c.target_level) << c.competence;
        EXPECT_EQ(cells[i].verdict, c.verdict) << c.competence;
    }
}

TEST_P(CampaignBridgeTest, ResultForSystemReadsAnyStoredTest) {
    auto started = assessments_->Start(learner_, {kProfile, 0});
    ASSERT_TRUE(started);
    auto read = ResultSourceFrom(*assessments_)(started->id);
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_FALSE(read->completed);
    EXPECT_EQ(read->competences.size(), 8u);
    EXPECT_EQ(ResultSourceFrom(*assessments_)("pas-un-test").error().code, core::ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, CampaignBridgeTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

}  // namespace
}  // namespace passeur::campaign::testing
