// The demo badges: three badges (one per rule kind) created once in the demo organisation, and the
// automatic awards earned by tests completed before the badges existed — with a learner answering
// like the demo's scripted examinee (src/app/demo.cpp: θ = −0.8 six weeks ago, then θ = 0.4).
#include "badge/demo.hpp"

#include "assessment/irt.hpp"
#include "fixture.hpp"
#include "item/item_service.hpp"
#include "item/scoring.hpp"

namespace passeur::badge::testing {
namespace {

class DemoBadgesTest : public BadgeFixture {
protected:
    // A completed socle-emploi test of `principal` answering right with probability P(θ; a, b).
    void ScriptedTest(assessment::AssessmentService& assessments, item::ItemService& items,
                      const account::Principal& principal, double theta, std::uint64_t seed) {
        auto started = assessments.Start(principal, {"socle-emploi", 0});
        ASSERT_TRUE(started) << started.error().message;
        core::SeededRandom examinee(seed);
        for (int guard = 0; guard < 500; ++guard) {
            auto step = assessments.Next(principal, started->id);
            ASSERT_TRUE(step) << step.error().message;
            if (step->done) return;
            auto record = items.Get(step->item->id, item::Actor::System());
            ASSERT_TRUE(record);
            const item::Irt irt = record->item.EffectiveIrt();
            const double draw = static_cast<double>(examinee.NextU64() >> 11) * 0x1.0p-53;
            const bool right = draw < assessment::Probability(theta, irt.a, irt.b);
            auto answered = assessments.Answer(principal, started->id, record->item.id,
                                               right ? item::KeyResponse(record->item) : json("?"));
            ASSERT_TRUE(answered) << answered.error().message;
        }
        FAIL() << "the test never stopped";
    }
};

TEST_P(DemoBadgesTest, ThreeBadgesAndTheAwardsOfPastTests) {
    item::ItemService items(*db_, clock_, accounts_->Authz(), *frameworks_, "");
    auto seeded = items.SeedShipped(PASSEUR_BADGE_TEST_DATA_DIR);
    ASSERT_TRUE(seeded) << seeded.error().message;
    const account::Principal learner = P(learner_);
    // The demo's assessment randomness is not fixed: the rule must hold for any draw of the service.
    for (std::uint64_t service_seed : {1u, 7u, 2026u}) {
        SCOPED_TRACE(service_seed);
        ASSERT_TRUE(db_->Exec("DELETE FROM badge_awards"));
        ASSERT_TRUE(db_->Exec("DELETE FROM assessments"));
        core::SeededRandom service_random(service_seed);
        assessment::AssessmentService assessments(*db_, clock_, service_random, *frameworks_);
        ScriptedTest(assessments, items, learner, -0.8, 1);
        ScriptedTest(assessments, items, learner, 0.4, 2);

        auto report = SeedDemoBadges(*service_, assessments, *store_, org_);
        ASSERT_TRUE(report) << report.error().message;
        EXPECT_EQ(report->badges_created, service_seed == 1u ? 3 : 0);
        auto badges = service_->ListBadges(P(admin_), org_);
        ASSERT_TRUE(badges);
        ASSERT_EQ(badges->size(), 3u);
        for (const Badge& b : *badges) {
            EXPECT_EQ(b.status, BadgeStatus::kActive) << b.name;
            EXPECT_FALSE(b.alignments.empty()) << b.name;
            EXPECT_TRUE(service_->Achievement(b)) << b.name;
        }
        auto mine = service_->ListMyAwards(learner);
        ASSERT_TRUE(mine);
        bool level_badge = false;
        for (const AwardView& v : *mine) {
            level_badge |= v.badge.name == kDemoLevelBadge;
            EXPECT_TRUE(v.award.automatic);
            EXPECT_NE(v.badge.name, kDemoManualBadge);
        }
        EXPECT_TRUE(level_badge) << "apprenant1's recent test meets the competence-level badge";
        EXPECT_EQ(report->awards, static_cast<int>(mine->size()));
        // A second run creates and awards nothing.
        auto again = SeedDemoBadges(*service_, assessments, *store_, org_);
        ASSERT_TRUE(again);
        EXPECT_EQ(again->badges_created, 0);
        EXPECT_EQ(again->awards, 0);
    }
}

INSTANTIATE_TEST_SUITE_P(Engines, DemoBadgesTest, ::testing::Values(Engine::kSqlite), EngineName);

}  // namespace
}  // namespace passeur::badge::testing
