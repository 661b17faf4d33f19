// Following people (issue 7): CampaignService::Progress and the repository reads behind it, on
// SQLite and PostgreSQL — a person sharing in two campaigns of the organisation gives two points
// and the change per competence, each point judged against its own campaign's target; left
// participations, other organisations' campaigns and people who never shared are never shown;
// who may read it; the shared-campaign counts of Results.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fixture.hpp"

namespace passeur::campaign::testing {
namespace {

using core::ErrorCode;

template <typename T>
ErrorCode CodeOf(const core::Result<T>& r) {
    return r ? ErrorCode::kInternal : r.error().code;
}

class ProgressTest : public CampaignFixture {
protected:
    const CompetenceProgress* Find(const ParticipantProgress& p, const std::string& code) {
        for (const CompetenceProgress& c : p.competences) {
            if (c.framework == kFramework && c.competence == code) return &c;
        }
        return nullptr;
    }
};

TEST_P(ProgressTest, TwoCampaignsGiveTwoPointsAndTheChange) {
    Campaign first = Create(Input("Printemps"));
    Campaign second = Create(Input("Automne"));
    // MakeAssessment: 1.1 at level l (range l..l+1), 2.1 at level l (range l-1..l).
    Participation p1 = JoinAndShare(learner_, first, 2, 3);
    JoinAndShare(learner2_, first, 5, 5);
    clock_.Advance(90 * kDayMillis);
    Participation p2 = JoinAndShare(learner_, second, 4, 3);

    auto progress = service_->Progress(mediator_, org_, learner_.user.id);
    ASSERT_TRUE(progress) << progress.error().message;
    EXPECT_EQ(progress->user_id, learner_.user.id);
    EXPECT_EQ(progress->organization_id, org_);
    EXPECT_EQ(progress->organization_name, "EPN de Lille");
    EXPECT_EQ(progress->display_name, "apprenant");
    EXPECT_EQ(progress->email, "apprenant@epn.example");
    EXPECT_FALSE(progress->truncated);
    ASSERT_EQ(progress->points.size(), 2u);
    EXPECT_EQ(progress->points[0].participation_id, p1.id);
    EXPECT_EQ(progress->points[0].campaign_id, first.id);
    EXPECT_EQ(progress->points[0].campaign_name, "Printemps");
    EXPECT_EQ(progress->points[0].target_profile_id, kProfile);
    EXPECT_EQ(progress->points[0].profile_name, "Médiateur : socle");
    EXPECT_EQ(progress->points[0].shared_at, p1.shared_at);
    EXPECT_EQ(progress->points[1].participation_id, p2.id);
    EXPECT_EQ(progress->points[1].campaign_name, "Automne");
    EXPECT_LT(progress->points[0].shared_at, progress->points[1].shared_at);
    ASSERT_EQ(progress->points[0].levels.size(), 2u);
    EXPECT_EQ(progress->points[0].levels[0], (CompetenceCell{kFramework, "1.1", 2, 2, 3, 3, "uncertain"}));
    EXPECT_EQ(progress->points[1].levels[0], (CompetenceCell{kFramework, "1.1", 4, 4, 5, 3, "met"}));

    ASSERT_EQ(progress->competences.size(), 2u);
    const CompetenceProgress* c11 = Find(*progress, "1.1");
    const CompetenceProgress* c21 = Find(*progress, "2.1");
    ASSERT_TRUE(c11 && c21);
    EXPECT_EQ(c11->level_change, 2);
    EXPECT_EQ(c21->level_change, 0);
    ASSERT_EQ(c11->series.size(), 2u);
    EXPECT_EQ(c11->series[0].point, 0u);
    EXPECT_EQ(c11->series[1].point, 1u);

    // The other learner shared once: one point, no change yet.
    auto once = service_->Progress(admin_, org_, learner2_.user.id);
    ASSERT_TRUE(once) << once.error().message;
    ASSERT_EQ(once->points.size(), 1u);
    EXPECT_FALSE(once->competences[0].level_change.has_value());

    // Results tell in how many campaigns of the organisation each participant shared.
    auto results = service_->Results(admin_, first.id);
    ASSERT_TRUE(results);
    EXPECT_EQ(results->shared_campaigns.at(learner_.user.id), 2);
    EXPECT_EQ(results->shared_campaigns.at(learner2_.user.id), 1);
}

TEST_P(ProgressTest, EachPointIsJudgedAgainstItsOwnCampaignsTarget) {
    Campaign socle = Create(Input("Socle"));  // 1.1 target 3
    CampaignInput in = Input("Aidants");
    in.target_profile_id = "aidant";  // 1.1 target 2
    Campaign aidant = Create(in);
    JoinAndShare(learner_, socle, 2, 2);
    clock_.Advance(1000);
    JoinAndShare(learner_, aidant, 2, 2);
    auto progress = service_->Progress(admin_, org_, learner_.user.id);
    ASSERT_TRUE(progress) << progress.error().message;
    ASSERT_EQ(progress->points.size(), 2u);
    EXPECT_EQ(progress->points[1].profile_name, "Aidant numérique");
    ASSERT_EQ(progress->points[1].levels.size(), 1u);
    EXPECT_EQ(progress->points[0].levels[0].target_level, 3);
    EXPECT_EQ(progress->points[0].levels[0].verdict, "uncertain");  // 2..3 against 3
    EXPECT_EQ(progress->points[1].levels[0].target_level, 2);
    EXPECT_EQ(progress->points[1].levels[0].verdict, "met");  // 2..3 against 2
    const CompetenceProgress* c11 = Find(*progress, "1.1");
    const CompetenceProgress* c21 = Find(*progress, "2.1");
    ASSERT_TRUE(c11 && c21);
    EXPECT_EQ(c11->level_change, 0);
    EXPECT_EQ(c21->series.size(), 1u);  // the aidant profile does not measure 2.1
    EXPECT_FALSE(c21->level_change.has_value());
}

TEST_P(ProgressTest, LeftParticipationsAndOtherOrganisationsAreNotShown) {
    Campaign first = Create(Input("Un"));
    Campaign second = Create(Input("Deux"));
    auto elsewhere = service_->CreateCampaign(outsider_, other_org_, Input("Ailleurs"));
    ASSERT_TRUE(elsewhere) << elsewhere.error().message;
    JoinAndShare(learner_, first, 2, 2);
    clock_.Advance(1000);
    Participation left = JoinAndShare(learner_, second, 3, 3);
    clock_.Advance(1000);
    JoinAndShare(learner_, *elsewhere, 6, 6);

    auto both = service_->Progress(admin_, org_, learner_.user.id);
    ASSERT_TRUE(both) << both.error().message;
    ASSERT_EQ(both->points.size(), 2u);
    for (const ProgressPoint& p : both->points) EXPECT_NE(p.campaign_id, elsewhere->id);
    // The other organisation sees its own point only.
    auto theirs = service_->Progress(outsider_, other_org_, learner_.user.id);
    ASSERT_TRUE(theirs) << theirs.error().message;
    ASSERT_EQ(theirs->points.size(), 1u);
    EXPECT_EQ(theirs->points[0].campaign_id, elsewhere->id);

    ASSERT_TRUE(service_->Leave(learner_, left.id));
    auto after = service_->Progress(admin_, org_, learner_.user.id);
    ASSERT_TRUE(after);
    ASSERT_EQ(after->points.size(), 1u);
    EXPECT_EQ(after->points[0].campaign_id, first.id);
    auto counts = service_->Repository().SharedCampaignCounts(org_, {learner_.user.id});
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->at(learner_.user.id), 1);
}

TEST_P(ProgressTest, PeopleWhoNeverSharedAreNotFound) {
    Campaign c = Create(Input());
    auto joined = service_->Join(learner2_, c.code, "", true);  // joined, never shared
    ASSERT_TRUE(joined);
    EXPECT_EQ(CodeOf(service_->Progress(admin_, org_, learner2_.user.id)), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(service_->Progress(admin_, org_, mediator_.user.id)), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(service_->Progress(admin_, org_, "no-such-user")), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(service_->Progress(admin_, org_, "")), ErrorCode::kNotFound);
    // Shared, then left: nothing shared any more.
    Participation shared = JoinAndShare(learner_, c);
    ASSERT_TRUE(service_->Progress(admin_, org_, learner_.user.id));
    ASSERT_TRUE(service_->Leave(learner_, shared.id));
    EXPECT_EQ(CodeOf(service_->Progress(admin_, org_, learner_.user.id)), ErrorCode::kNotFound);
}

TEST_P(ProgressTest, OnlyTheOrganisationsStaffMayReadIt) {
    Campaign c = Create(Input());
    JoinAndShare(learner_, c);
    const std::string user = learner_.user.id;
    EXPECT_TRUE(service_->Progress(admin_, org_, user));
    EXPECT_TRUE(service_->Progress(mediator_, org_, user));
    EXPECT_TRUE(service_->Progress(root_, org_, user));
    EXPECT_TRUE(service_->Progress(Token(org_, account::kRoleMediator), org_, user));
    for (auto* who : {&learner_, &learner2_, &coordinator_}) {
        EXPECT_EQ(CodeOf(service_->Progress(*who, org_, user)), ErrorCode::kPermissionDenied)
            << who->user.email;
    }
    EXPECT_EQ(CodeOf(service_->Progress(Token(org_, account::kRoleLearner), org_, user)),
              ErrorCode::kPermissionDenied);
    for (auto* who : {&outsider_, &other_coordinator_}) {
        EXPECT_EQ(CodeOf(service_->Progress(*who, org_, user)), ErrorCode::kNotFound) << who->user.email;
    }
    EXPECT_EQ(CodeOf(service_->Progress(Token(other_org_, account::kRoleOrgAdmin), org_, user)),
              ErrorCode::kNotFound);
    // Another organisation's staff asking about their own organisation: the person shared nothing there.
    EXPECT_EQ(CodeOf(service_->Progress(outsider_, other_org_, user)), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(service_->Progress(root_, "no-such-org", user)), ErrorCode::kNotFound);
}

TEST_P(ProgressTest, ARetrySharedAgainIsAnotherPoint) {
    CampaignInput in = Input("Avec nouvel essai");
    in.retry_allowed = true;
    in.retry_after_days = 7;
    Campaign c = Create(in);
    Participation first = JoinAndShare(learner_, c, 2, 2);
    clock_.Advance(7 * kDayMillis);
    Participation second = JoinAndShare(learner_, c, 5, 4);
    EXPECT_EQ(Count("SELECT live FROM participations WHERE id = $1", {first.id}), 0);
    auto progress = service_->Progress(admin_, org_, learner_.user.id);
    ASSERT_TRUE(progress) << progress.error().message;
    ASSERT_EQ(progress->points.size(), 2u);
    EXPECT_EQ(progress->points[0].participation_id, first.id);
    EXPECT_EQ(progress->points[1].participation_id, second.id);
    EXPECT_EQ(Find(*progress, "1.1")->level_change, 3);
    EXPECT_EQ(Find(*progress, "2.1")->level_change, 2);
    // Still one campaign.
    EXPECT_EQ(service_->Results(admin_, c.id)->shared_campaigns.at(learner_.user.id), 1);
}

TEST_P(ProgressTest, RepositoryReadsAreBounded) {
    Campaign a = Create(Input("A"));
    Campaign b = Create(Input("B"));
    Campaign d = Create(Input("D"));
    std::vector<std::string> ids;
    for (const Campaign* c : {&a, &b, &d}) {
        clock_.Advance(1000);
        ids.push_back(JoinAndShare(learner_, *c).id);
    }
    JoinAndShare(learner2_, a);
    CampaignRepository& repo = service_->Repository();
    // The latest `limit`, oldest first.
    auto latest = repo.SharedProgressPoints(org_, learner_.user.id, 2);
    ASSERT_TRUE(latest) << latest.error().message;
    ASSERT_EQ(latest->size(), 2u);
    EXPECT_EQ((*latest)[0].participation_id, ids[1]);
    EXPECT_EQ((*latest)[1].participation_id, ids[2]);
    EXPECT_EQ((*latest)[1].levels.size(), 2u);
    EXPECT_EQ(CodeOf(repo.SharedProgressPoints(org_, learner_.user.id, 0)), ErrorCode::kInvalidArgument);
    EXPECT_EQ(CodeOf(repo.SharedProgressPoints(org_, learner_.user.id, kMaxProgressPoints + 2)),
              ErrorCode::kInvalidArgument);

    auto all = repo.SharedCampaignCountsInOrganization(org_);
    ASSERT_TRUE(all) << all.error().message;
    EXPECT_EQ(*all, (std::map<std::string, int>{{learner_.user.id, 3}, {learner2_.user.id, 1}}));
    auto some = repo.SharedCampaignCounts(org_, {learner2_.user.id, mediator_.user.id});
    ASSERT_TRUE(some) << some.error().message;
    EXPECT_EQ(*some, (std::map<std::string, int>{{learner2_.user.id, 1}}));
    EXPECT_TRUE(repo.SharedCampaignCounts(org_, {})->empty());
    EXPECT_TRUE(repo.SharedCampaignCountsInOrganization(other_org_)->empty());
    EXPECT_EQ(CodeOf(repo.SharedCampaignCounts(
                  org_, std::vector<std::string>(CampaignRepository::kMaxCountedUsers + 1, "x"))),
              ErrorCode::kInvalidArgument);
    auto many = repo.SharedCampaignCounts(
        org_, std::vector<std::string>(CampaignRepository::kMaxCountedUsers, learner_.user.id));
    ASSERT_TRUE(many) << many.error().message;  // the largest list is one statement on both engines
    EXPECT_EQ(many->at(learner_.user.id), 3);
}

INSTANTIATE_TEST_SUITE_P(Engines, ProgressTest,
                         ::testing::Values(passeur::testing::Engine::kSqlite,
                                           passeur::testing::Engine::kPostgres),
                         EngineName);

}  // namespace
}  // namespace passeur::campaign::testing
