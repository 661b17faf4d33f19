// The whole path of an automatic award: the real AssessmentService (shipped frameworks and items)
// with the badge CompletionListener; the learner's last answer completes the test and the badge of
// their organisation whose rule the result meets is awarded, once.
#include "assessment/service/assessment_service.hpp"
#include "fixture.hpp"
#include "item/item_service.hpp"
#include "item/scoring.hpp"

namespace passeur::badge::testing {
namespace {

class AutomaticAwardTest : public BadgeFixture {};

TEST_P(AutomaticAwardTest, CompletingATestAwardsTheBadge) {
    item::ItemService items(*db_, clock_, accounts_->Authz(), *frameworks_, "");
    auto seeded = items.SeedShipped(PASSEUR_BADGE_TEST_DATA_DIR);
    ASSERT_TRUE(seeded) << seeded.error().message;
    assessment::AssessmentService assessments(*db_, clock_, random_, *frameworks_);
    assessments.AddCompletionListener(CompletionListener(*service_));

    AwardRule rule;
    rule.kind = RuleKind::kCompetenceLevel;
    rule.competence = {kFramework, "", "1.2"};
    rule.level = 2;
    const Badge badge = Create("Protéger ses données", rule);
    BadgeInput never_input = Input("Jamais (règle manuelle)");
    ASSERT_TRUE(service_->CreateBadge(P(admin_), org_, never_input));

    const account::Principal learner = P(learner_);
    auto started = assessments.Start(learner, {"aidant-habilite-aidants-connect", 0});
    ASSERT_TRUE(started) << started.error().message;
    bool done = false;
    for (int guard = 0; guard < 200 && !done; ++guard) {
        auto step = assessments.Next(learner, started->id);
        ASSERT_TRUE(step) << step.error().message;
        ASSERT_FALSE(step->done);
        EXPECT_EQ(issuer_.issue_calls, 0);  // nothing before completion
        auto found = items.Get(step->item->id, item::Actor::System());
        ASSERT_TRUE(found);
        auto outcome =
            assessments.Answer(learner, started->id, step->item->id, item::KeyResponse(found->item));
        ASSERT_TRUE(outcome) << outcome.error().message;
        done = outcome->done;
    }
    ASSERT_TRUE(done);
    auto result = assessments.Result(learner, started->id);
    ASSERT_TRUE(result);
    auto mine = service_->ListMyAwards(learner);
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->size(), 1u) << "the result of 1.2: level " << result->competences[0].range.level;
    const Award& award = (*mine)[0].award;
    EXPECT_EQ(award.badge_id, badge.id);
    EXPECT_TRUE(award.automatic);
    EXPECT_EQ(award.assessment_id, started->id);
    EXPECT_EQ(issuer_.issue_calls, 1);
    // A second completed test meeting the rule awards nothing more.
    auto again = assessments.Start(learner, {"aidant-habilite-aidants-connect", 0});
    ASSERT_TRUE(again);
    for (int guard = 0; guard < 200; ++guard) {
        auto step = assessments.Next(learner, again->id);
        ASSERT_TRUE(step);
        if (step->done) break;
        auto found = items.Get(step->item->id, item::Actor::System());
        ASSERT_TRUE(found);
        auto outcome = assessments.Answer(learner, again->id, step->item->id, item::KeyResponse(found->item));
        ASSERT_TRUE(outcome);
        if (outcome->done) break;
    }
    EXPECT_EQ(service_->ListMyAwards(learner)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, AutomaticAwardTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

}  // namespace
}  // namespace passeur::badge::testing
