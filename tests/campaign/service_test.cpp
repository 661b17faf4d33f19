#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fixture.hpp"

namespace passeur::campaign::testing {
namespace {

using core::ErrorCode;

// The code of a failed result (kInternal when it succeeded, so that EXPECT_EQ fails).
template <typename T>
ErrorCode CodeOf(const core::Result<T>& r) {
    return r ? ErrorCode::kInternal : r.error().code;
}
template <typename T>
std::string FieldOf(const core::Result<T>& r) {
    return r ? "<ok>" : r.error().field;
}

// Draws zeros for the first `zero_codes` 8-byte fills (campaign codes "AAAAAAAA"), else seeded.
class CollidingRandom final : public core::Random {
public:
    explicit CollidingRandom(int zero_codes) : zero_codes_(zero_codes) {}
    void Fill(std::uint8_t* out, std::size_t size) override {
        if (size == kCodeLength && zero_codes_ > 0) {
            --zero_codes_;
            std::fill(out, out + size, std::uint8_t{0});
            return;
        }
        inner_.Fill(out, size);
    }

private:
    int zero_codes_;
    core::SeededRandom inner_{99};
};

class CampaignServiceTest : public CampaignFixture {};

TEST_P(CampaignServiceTest, CreateAndList) {
    CampaignInput in = Input();
    in.settings = {0.3, 40, 5};
    in.closes_at = clock_.NowMillis() + 30 * kDayMillis;
    in.retry_allowed = true;
    in.retry_after_days = 14;
    in.external_id_label = "Numéro France Travail";
    in.external_id_purpose = "Relier vos résultats à votre accompagnement.";
    Campaign c = Create(in);
    EXPECT_EQ(c.organization_id, org_);
    EXPECT_EQ(c.code.size(), kCodeLength);
    EXPECT_EQ(c.created_by, admin_.user.id);
    auto by_mediator = service_->CreateCampaign(mediator_, org_, Input("Deuxième"));
    ASSERT_TRUE(by_mediator) << by_mediator.error().message;

    auto list = service_->ListCampaigns(mediator_, org_);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 2u);
    const Campaign& stored = (*list)[1];  // newest first; same time: by id
    const Campaign& first = stored.id == c.id ? stored : (*list)[0];
    EXPECT_EQ(first.name, "Conseillers numériques 2026");
    EXPECT_EQ(first.settings, (CampaignSettings{0.3, 40, 5}));
    EXPECT_EQ(first.closes_at, in.closes_at);
    EXPECT_TRUE(first.retry_allowed);
    EXPECT_EQ(first.retry_after_days, 14);
    EXPECT_EQ(first.external_id_label, "Numéro France Travail");
    EXPECT_EQ(first.external_id_purpose, in.external_id_purpose);
    EXPECT_EQ(first.code, c.code);
    EXPECT_EQ(
        Count("SELECT COUNT(*) FROM audit_events WHERE event = 'campaign.created' AND org_id = $1", {org_}),
        2);

    CampaignInput bad = Input();
    bad.target_profile_id = "inconnu";
    EXPECT_EQ(FieldOf(service_->CreateCampaign(admin_, org_, bad)), "target_profile_id");
    bad = Input(" ");
    EXPECT_EQ(FieldOf(service_->CreateCampaign(admin_, org_, bad)), "name");
    // At least one question per competence of the profile.
    profiles_["large"] = {"large",
                          "Six compétences",
                          {{kFramework, "1.1", 2},
                           {kFramework, "1.2", 2},
                           {kFramework, "1.3", 2},
                           {kFramework, "2.1", 2},
                           {kFramework, "2.2", 2},
                           {kFramework, "2.3", 2}},
                          ""};
    bad = Input();
    bad.target_profile_id = "large";
    bad.settings.max_length = 5;
    EXPECT_EQ(FieldOf(service_->CreateCampaign(admin_, org_, bad)), "settings.max_length");
    bad.settings.max_length = 6;
    EXPECT_TRUE(service_->CreateCampaign(admin_, org_, bad));
}

TEST_P(CampaignServiceTest, CreateAndListAuthorisation) {
    for (auto* who : {&learner_, &coordinator_}) {
        EXPECT_EQ(CodeOf(service_->CreateCampaign(*who, org_, Input())), ErrorCode::kPermissionDenied);
        EXPECT_EQ(CodeOf(service_->ListCampaigns(*who, org_)), ErrorCode::kPermissionDenied);
    }
    for (auto* who : {&outsider_, &other_coordinator_}) {
        EXPECT_EQ(CodeOf(service_->CreateCampaign(*who, org_, Input())), ErrorCode::kNotFound);
        EXPECT_EQ(CodeOf(service_->ListCampaigns(*who, org_)), ErrorCode::kNotFound);
    }
    EXPECT_EQ(CodeOf(service_->CreateCampaign(Token(other_org_, account::kRoleOrgAdmin), org_, Input())),
              ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(service_->CreateCampaign(Token(org_, account::kRoleLearner), org_, Input())),
              ErrorCode::kPermissionDenied);
    auto by_token = service_->CreateCampaign(Token(org_, account::kRoleMediator), org_, Input());
    ASSERT_TRUE(by_token) << by_token.error().message;
    EXPECT_EQ(by_token->created_by, "");
    EXPECT_TRUE(service_->ListCampaigns(root_, org_));
    EXPECT_EQ(CodeOf(service_->ListCampaigns(root_, "no-such-org")), ErrorCode::kNotFound);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM campaigns"), 1);
}

TEST_P(CampaignServiceTest, CodeCollisionIsRetriedAndCodeIsUnique) {
    CollidingRandom colliding(2);
    CampaignService service(
        *store_, *db_, clock_, colliding, *authorizer_, *audit_,
        [this](std::string_view id) -> core::Result<ProfileInfo> { return profiles_.at(std::string(id)); },
        [](std::string_view) -> core::Result<AssessmentLevels> { return AssessmentLevels{}; });
    auto first = service.CreateCampaign(admin_, org_, Input("Un"));
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->code, "AAAAAAAA");
    auto second = service.CreateCampaign(admin_, org_, Input("Deux"));  // draws AAAAAAAA again, then retries
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_NE(second->code, "AAAAAAAA");
    // The schema refuses a duplicate code whatever the caller.
    Campaign copy = *first;
    copy.id = core::NewUuid(random_);
    auto dup = service.Repository().InsertCampaign(copy);
    EXPECT_EQ(CodeOf(dup), ErrorCode::kConflict);
    EXPECT_EQ(FieldOf(dup), "code");
}

TEST_P(CampaignServiceTest, JoinByCodeIsCaseAndDashInsensitive) {
    Campaign c = Create(Input());
    std::string typed = FormatCampaignCode(c.code);
    for (char& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto preview = service_->Preview(" " + typed + " ");
    ASSERT_TRUE(preview) << preview.error().message;
    EXPECT_EQ(preview->campaign.id, c.id);
    EXPECT_EQ(preview->organization_name, "EPN de Lille");
    EXPECT_EQ(preview->profile_name, "Médiateur : socle");
    EXPECT_TRUE(preview->joinable);

    auto joined = service_->Join(learner_, typed, "", true);
    ASSERT_TRUE(joined) << joined.error().message;
    EXPECT_TRUE(joined->created);
    EXPECT_EQ(joined->participation.status, ParticipationStatus::kStarted);
    EXPECT_EQ(joined->participation.consent_at, clock_.NowMillis());
    EXPECT_EQ(joined->campaign.id, c.id);
    // Joining again returns the same participation.
    auto again = service_->Join(learner_, c.code, "", true);
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->created);
    EXPECT_EQ(again->participation.id, joined->participation.id);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM participations"), 1);

    EXPECT_EQ(CodeOf(service_->Join(learner2_, "ZZZZ-ZZZZ", "", true)), ErrorCode::kNotFound);
    EXPECT_EQ(FieldOf(service_->Join(learner2_, "ZZZZ-ZZZ0", "", true)), "code");
    EXPECT_EQ(FieldOf(service_->Join(learner2_, c.code, "", false)), "consent");
    EXPECT_EQ(CodeOf(service_->Join(Token(org_, account::kRoleOrgAdmin), c.code, "", true)),
              ErrorCode::kPermissionDenied);
}

TEST_P(CampaignServiceTest, JoinRefusedOutsideDatesAndWhenArchived) {
    CampaignInput in = Input();
    in.opens_at = clock_.NowMillis() + kDayMillis;
    in.closes_at = clock_.NowMillis() + 3 * kDayMillis;
    Campaign c = Create(in);
    auto early = service_->Join(learner_, c.code, "", true);
    EXPECT_EQ(CodeOf(early), ErrorCode::kConflict);
    EXPECT_NE(early.error().message.find("pas encore ouverte"), std::string::npos);
    EXPECT_FALSE(service_->Preview(c.code)->joinable);
    clock_.Advance(kDayMillis);
    EXPECT_TRUE(service_->Join(learner_, c.code, "", true));
    clock_.Advance(2 * kDayMillis);
    auto late = service_->Join(learner2_, c.code, "", true);
    EXPECT_EQ(CodeOf(late), ErrorCode::kConflict);
    EXPECT_NE(late.error().message.find("close"), std::string::npos);

    Campaign open = Create(Input("Ouverte"));
    EXPECT_EQ(CodeOf(service_->ArchiveCampaign(outsider_, open.id)), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(service_->ArchiveCampaign(learner_, open.id)), ErrorCode::kPermissionDenied);
    auto archived = service_->ArchiveCampaign(mediator_, open.id);
    ASSERT_TRUE(archived);
    EXPECT_EQ(archived->archived_at, clock_.NowMillis());
    auto refused = service_->Join(learner2_, open.code, "", true);
    EXPECT_EQ(CodeOf(refused), ErrorCode::kConflict);
    EXPECT_NE(refused.error().message.find("archivée"), std::string::npos);
}

TEST_P(CampaignServiceTest, ExternalIdRequiredWhenAsked) {
    CampaignInput in = Input();
    in.external_id_label = "Numéro France Travail";
    in.external_id_purpose = "Relier vos résultats à votre accompagnement.";
    Campaign c = Create(in);
    EXPECT_EQ(FieldOf(service_->Join(learner_, c.code, " ", true)), "external_id");
    auto joined = service_->Join(learner_, c.code, " 1234567A ", true);
    ASSERT_TRUE(joined);
    EXPECT_EQ(joined->participation.external_id, "1234567A");
    Campaign plain = Create(Input("Sans identifiant"));
    EXPECT_EQ(FieldOf(service_->Join(learner_, plain.code, "123", true)), "external_id");
}

TEST_P(CampaignServiceTest, RetryRules) {
    Campaign once = Create(Input("Une fois"));
    JoinAndShare(learner_, once);
    EXPECT_EQ(CodeOf(service_->Join(learner_, once.code, "", true)), ErrorCode::kConflict);

    CampaignInput in = Input("Avec nouvel essai");
    in.retry_allowed = true;
    in.retry_after_days = 7;
    Campaign retry = Create(in);
    Participation first = JoinAndShare(learner_, retry, 2, 2);
    clock_.Advance(7 * kDayMillis - 1);
    auto soon = service_->Join(learner_, retry.code, "", true);
    EXPECT_EQ(CodeOf(soon), ErrorCode::kConflict);
    clock_.Advance(1);
    Participation second = JoinAndShare(learner_, retry, 4, 5);
    EXPECT_NE(second.id, first.id);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM participations WHERE campaign_id = $1 AND live = 1", {retry.id}),
              1);
    EXPECT_EQ(Count("SELECT live FROM participations WHERE id = $1", {first.id}), 0);
    // The organisation sees the latest shared participation of each person.
    auto results = service_->Results(admin_, retry.id);
    ASSERT_TRUE(results);
    ASSERT_EQ(results->participants.size(), 1u);
    EXPECT_EQ(results->participants[0].participation_id, second.id);
    EXPECT_EQ(results->participants[0].competences[0].level, 4);
}

TEST_P(CampaignServiceTest, AttachAssessmentRules) {
    Campaign c = Create(Input());
    const std::string before = MakeAssessment(learner_, false);  // started before joining
    clock_.Advance(1000);
    auto joined = service_->Join(learner_, c.code, "", true);
    ASSERT_TRUE(joined);
    const std::string id = joined->participation.id;
    EXPECT_EQ(FieldOf(service_->AttachAssessment(learner_, id, before)), "assessment_id");
    EXPECT_EQ(FieldOf(service_->AttachAssessment(learner_, id, "no-such-test")), "assessment_id");
    EXPECT_EQ(FieldOf(service_->AttachAssessment(learner_, id, MakeAssessment(learner2_, false))),
              "assessment_id");
    EXPECT_EQ(
        FieldOf(service_->AttachAssessment(learner_, id, MakeAssessment(learner_, false, 3, 2, "aidant"))),
        "assessment_id");
    const std::string test = MakeAssessment(learner_, false);
    EXPECT_EQ(CodeOf(service_->AttachAssessment(learner2_, id, test)), ErrorCode::kNotFound);
    auto attached = service_->AttachAssessment(learner_, id, test);
    ASSERT_TRUE(attached) << attached.error().message;
    EXPECT_EQ(attached->assessment_id, test);
    EXPECT_EQ(attached->status, ParticipationStatus::kStarted);
    EXPECT_EQ(FieldOf(service_->AttachAssessment(learner_, id, MakeAssessment(learner_, false))), "status");
    // Sharing before the test ends is refused; completion by another user's id changes nothing.
    EXPECT_EQ(FieldOf(service_->Share(learner_, id)), "status");
    EXPECT_EQ(*service_->MarkCompleted(learner2_.user.id, test), 0);
    CompleteAssessment(test);
    EXPECT_EQ(*service_->MarkCompleted(learner_.user.id, test), 1);
    EXPECT_EQ(*service_->MarkCompleted(learner_.user.id, test), 0);  // idempotent
    EXPECT_EQ(service_->GetParticipation(learner_, id)->status, ParticipationStatus::kCompleted);
}

TEST_P(CampaignServiceTest, ProfileCollectionGathersExistingResult) {
    CampaignInput in = Input("Recueil");
    in.type = CampaignType::kProfileCollection;
    Campaign c = Create(in);
    const std::string done = MakeAssessment(learner_, true);
    auto joined = service_->Join(learner_, c.code, "", true);
    ASSERT_TRUE(joined);
    EXPECT_EQ(joined->participation.status, ParticipationStatus::kCompleted);
    EXPECT_EQ(joined->participation.assessment_id, done);
    EXPECT_TRUE(service_->Share(learner_, joined->participation.id));
    // Without an earlier test the participation waits for one, which must be completed.
    auto waiting = service_->Join(learner2_, c.code, "", true);
    ASSERT_TRUE(waiting);
    EXPECT_EQ(waiting->participation.status, ParticipationStatus::kStarted);
    EXPECT_EQ(FieldOf(service_->AttachAssessment(learner2_, waiting->participation.id,
                                                 MakeAssessment(learner2_, false))),
              "assessment_id");
    auto attached =
        service_->AttachAssessment(learner2_, waiting->participation.id, MakeAssessment(learner2_, true));
    ASSERT_TRUE(attached);
    EXPECT_EQ(attached->status, ParticipationStatus::kCompleted);
}

TEST_P(CampaignServiceTest, SharingIsExplicitAndLeavingUnshares) {
    Campaign c = Create(Input());
    auto joined = service_->Join(learner_, c.code, "", true);
    ASSERT_TRUE(joined);
    const std::string id = joined->participation.id;
    const std::string test = MakeAssessment(learner_, false, 3, 2);
    ASSERT_TRUE(service_->AttachAssessment(learner_, id, test));
    CompleteAssessment(test);
    ASSERT_EQ(*service_->MarkCompleted(learner_.user.id, test), 1);

    auto before = service_->Results(admin_, c.id);
    ASSERT_TRUE(before);
    EXPECT_TRUE(before->participants.empty());  // completed but not shared: invisible
    EXPECT_EQ(before->counts["completed"], 1);

    EXPECT_EQ(CodeOf(service_->Share(learner2_, id)), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(service_->Share(Token(org_, account::kRoleOrgAdmin), id)), ErrorCode::kPermissionDenied);
    clock_.Advance(5000);
    auto shared = service_->Share(learner_, id);
    ASSERT_TRUE(shared) << shared.error().message;
    EXPECT_EQ(shared->status, ParticipationStatus::kShared);
    EXPECT_EQ(shared->shared_at, clock_.NowMillis());

    auto after = service_->Results(mediator_, c.id);
    ASSERT_TRUE(after);
    ASSERT_EQ(after->participants.size(), 1u);
    const ParticipantResult& r = after->participants[0];
    EXPECT_EQ(r.user_id, learner_.user.id);
    EXPECT_EQ(r.email, "apprenant@epn.example");
    EXPECT_EQ(r.display_name, "apprenant");
    EXPECT_EQ(r.assessment_id, test);
    ASSERT_EQ(r.competences.size(), 2u);
    EXPECT_EQ(r.competences[0], (CompetenceCell{kFramework, "1.1", 3, 3, 4, 3, "met"}));
    EXPECT_EQ(r.competences[1], (CompetenceCell{kFramework, "2.1", 2, 1, 2, 4, "gap"}));
    EXPECT_EQ(after->profile.competences.size(), 2u);
    EXPECT_EQ(after->counts["shared"], 1);

    EXPECT_EQ(CodeOf(service_->Leave(learner2_, id)), ErrorCode::kNotFound);
    ASSERT_TRUE(service_->Leave(learner_, id));
    auto gone = service_->Results(admin_, c.id);
    ASSERT_TRUE(gone);
    EXPECT_TRUE(gone->participants.empty());
    EXPECT_EQ(gone->counts["left"], 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM participation_competences"), 0);
    EXPECT_EQ(FieldOf(service_->Share(learner_, id)), "status");  // nothing can be shared again
    EXPECT_EQ(FieldOf(service_->Leave(learner_, id)), "status");
    // Joining again starts afresh.
    auto rejoined = service_->Join(learner_, c.code, "", true);
    ASSERT_TRUE(rejoined);
    EXPECT_TRUE(rejoined->created);
    EXPECT_NE(rejoined->participation.id, id);
}

TEST_P(CampaignServiceTest, LeavingUnsharesEveryParticipationOfTheCampaign) {
    CampaignInput in = Input();
    in.retry_allowed = true;
    Campaign c = Create(in);
    JoinAndShare(learner_, c);
    clock_.Advance(1000);
    Participation second = JoinAndShare(learner_, c);
    ASSERT_TRUE(service_->Leave(learner_, second.id));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM participations WHERE status <> 'left'"), 0);
    EXPECT_TRUE(service_->Results(admin_, c.id)->participants.empty());
}

TEST_P(CampaignServiceTest, ResultsAuthorisation) {
    Campaign c = Create(Input());
    JoinAndShare(learner_, c);
    EXPECT_EQ(service_->Results(root_, c.id)->participants.size(), 1u);
    EXPECT_EQ(service_->Results(Token(org_, account::kRoleMediator), c.id)->participants.size(), 1u);
    auto sink = [](std::string_view) -> core::Result<void> { return core::Ok(); };
    for (auto* who : {&learner_, &learner2_, &coordinator_}) {
        EXPECT_EQ(CodeOf(service_->Results(*who, c.id)), ErrorCode::kPermissionDenied);
        EXPECT_EQ(CodeOf(service_->ExportResultsCsv(*who, c.id, "fr", sink)), ErrorCode::kPermissionDenied);
    }
    for (auto* who : {&outsider_, &other_coordinator_}) {
        auto r = service_->Results(*who, c.id);
        EXPECT_EQ(CodeOf(r), ErrorCode::kNotFound);
        EXPECT_EQ(r.error().message, "Campagne introuvable.");
        EXPECT_EQ(CodeOf(service_->ExportResultsCsv(*who, c.id, "fr", sink)), ErrorCode::kNotFound);
    }
    EXPECT_EQ(CodeOf(service_->Results(Token(other_org_, account::kRoleOrgAdmin), c.id)),
              ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(service_->Results(admin_, "no-such-campaign")), ErrorCode::kNotFound);
}

TEST_P(CampaignServiceTest, CsvExportThroughTheService) {
    CampaignInput in = Input();
    in.external_id_label = "Numéro";
    in.external_id_purpose = "Suivi.";
    Campaign c = Create(in);
    JoinAndShare(learner_, c, 3, 2, "N-1");
    std::string csv;
    int calls = 0;
    ASSERT_TRUE(
        service_->ExportResultsCsv(admin_, c.id, "fr", [&](std::string_view chunk) -> core::Result<void> {
            csv.append(chunk);
            ++calls;
            return core::Ok();
        }));
    EXPECT_EQ(csv,
              "\xEF\xBB\xBF"
              "participant,e-mail,Numéro,partagé le,1.1 niveau,1.1 fourchette,1.1 cible atteinte,2.1 niveau,"
              "2.1 fourchette,2.1 cible atteinte\r\n"
              "apprenant,apprenant@epn.example,N-1,2026-01-01,3,3 à 4,oui,2,1 à 2,non\r\n");
    EXPECT_EQ(calls, 2);
}

TEST_P(CampaignServiceTest, CsvExportPagesThroughManyParticipants) {
    Campaign c = Create(Input());
    const int n = CampaignService::kExportPageSize + 3;
    for (int i = 0; i < n; ++i) {
        JoinAndShare(Person("p" + std::to_string(i) + "@example.fr", org_, account::kRoleLearner), c);
        clock_.Advance(i % 2);  // some share at the same millisecond: the keyset breaks ties by id
    }
    int calls = 0;
    std::string csv;
    ASSERT_TRUE(
        service_->ExportResultsCsv(admin_, c.id, "en", [&](std::string_view chunk) -> core::Result<void> {
            ++calls;
            csv.append(chunk);
            return core::Ok();
        }));
    // The header, then one part per page of kExportPageSize participants read from the store.
    EXPECT_EQ(calls, 3);
    int rows = 0;
    for (std::size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) ++rows;
    EXPECT_EQ(rows, n + 1);
    for (int i = 0; i < n; ++i) {
        EXPECT_NE(csv.find("\r\np" + std::to_string(i) + ",p" + std::to_string(i) + "@example.fr,"),
                  std::string::npos)
            << i;
    }
    EXPECT_EQ(service_->Results(admin_, c.id)->participants.size(), static_cast<std::size_t>(n));
}

TEST_P(CampaignServiceTest, TerritorySuppressesGroupsBelowTen) {
    Campaign c = Create(Input());
    std::vector<account::Principal> people;
    for (int i = 0; i < 10; ++i)
        people.push_back(Person("t" + std::to_string(i) + "@example.fr", org_, "learner"));
    // 9 people shared in the Nord: nothing is shown.
    for (int i = 0; i < 9; ++i) JoinAndShare(people[static_cast<std::size_t>(i)], c, i < 6 ? 3 : 1, 2);
    // Unshared and other-territory participations never count.
    ASSERT_TRUE(service_->Join(learner_, c.code, "", true));
    auto nine = service_->Territory(coordinator_, "59");
    ASSERT_TRUE(nine) << nine.error().message;
    EXPECT_FALSE(nine->people.has_value());
    EXPECT_TRUE(nine->profiles.empty());
    EXPECT_TRUE(nine->competences.empty());
    EXPECT_EQ(nine->min_group_size, 10);

    Participation tenth = JoinAndShare(people[9], c, 3, 5);
    auto ten = service_->Territory(coordinator_, "59");
    ASSERT_TRUE(ten);
    ASSERT_TRUE(ten->people.has_value());
    EXPECT_EQ(*ten->people, 10);
    ASSERT_EQ(ten->profiles.size(), 1u);
    EXPECT_EQ(ten->profiles[0].profile_id, kProfile);
    EXPECT_EQ(ten->profiles[0].profile_name, "Médiateur : socle");
    EXPECT_EQ(ten->profiles[0].people, 10);
    // 1.1 (target 3): levels 3 (range 3..4) met for 6 + person 9, level 1 (1..2) a gap for 3.
    // 2.1 (target 4): level 2 (range 1..2) a gap for 9; person 9 level 5 (4..5) met.
    EXPECT_EQ(ten->profiles[0].met_all, 1);
    ASSERT_EQ(ten->competences.size(), 2u);
    EXPECT_EQ(ten->competences[0].competence, "2.1");  // the most frequent gap first
    EXPECT_EQ(ten->competences[0].gap, 9);
    EXPECT_EQ(ten->competences[0].met, 1);
    EXPECT_EQ(ten->competences[1].competence, "1.1");
    EXPECT_EQ(ten->competences[1].met, 7);
    EXPECT_EQ(ten->competences[1].gap, 3);

    // Leaving takes a person out of the aggregates: back to 9, nothing shown.
    ASSERT_TRUE(service_->Leave(people[9], tenth.id));
    EXPECT_FALSE(service_->Territory(coordinator_, "59")->people.has_value());
}

// The organisation overview: counts per campaign and training needs in two queries, latest shared
// participation per person, other organisations never counted, access as ListCampaigns.
TEST_P(CampaignServiceTest, OverviewCountsAndRanksNeeds) {
    CampaignInput retry = Input("Avec nouvel essai");
    retry.retry_allowed = true;
    const Campaign first = Create(retry);
    const Campaign second = Create(Input("Deuxième"));
    const Campaign empty = Create(Input("Vide"));
    // 1.1 (target 3): learner met then, on a retry, a gap (only the latest counts); learner2 met.
    // 2.1 (target 4): both gaps (level 2, range 1..2).
    JoinAndShare(learner_, first, 3, 2);
    clock_.Advance(kDayMillis);
    JoinAndShare(learner_, first, 1, 2);
    JoinAndShare(learner2_, first, 3, 2);
    JoinAndShare(learner_, second, 3, 5);                           // 2.1 met here
    ASSERT_TRUE(service_->Join(mediator_, second.code, "", true));  // started, not shared
    // Another organisation's campaign never counts.
    const Campaign rennes = Create(Input("Rennes"));
    ASSERT_TRUE(
        db_->Exec("UPDATE campaigns SET organization_id = $1 WHERE id = $2", {other_org_, rennes.id}));
    JoinAndShare(outsider_, rennes, 1, 1);

    auto overview = service_->Overview(mediator_, org_);
    ASSERT_TRUE(overview) << overview.error().message;
    ASSERT_EQ(overview->campaigns.size(), 3u);
    std::map<std::string, std::map<std::string, int>> counts;
    for (const auto& item : overview->campaigns) counts[item.campaign.name] = item.counts;
    EXPECT_EQ(counts["Avec nouvel essai"], (std::map<std::string, int>{{"shared", 3}}));
    EXPECT_EQ(counts["Deuxième"], (std::map<std::string, int>{{"shared", 1}, {"started", 1}}));
    EXPECT_TRUE(counts["Vide"].empty());
    ASSERT_EQ(overview->needs.size(), 2u);
    EXPECT_EQ(overview->needs[0].competence, "2.1");  // 2 gaps of 3 before 1 of 3
    EXPECT_EQ(overview->needs[0].people, 3);
    EXPECT_EQ(overview->needs[0].gap, 2);
    EXPECT_EQ(overview->needs[1].competence, "1.1");
    EXPECT_EQ(overview->needs[1].people, 3);
    EXPECT_EQ(overview->needs[1].gap, 1);
    (void)empty;

    EXPECT_EQ(CodeOf(service_->Overview(learner_, org_)), ErrorCode::kPermissionDenied);
    EXPECT_EQ(CodeOf(service_->Overview(outsider_, org_)), ErrorCode::kNotFound);
}

// By job, badges and quarters: each group is shown only from 10 distinct people.
TEST_P(CampaignServiceTest, TerritoryByJobBadgesAndQuarters) {
    profiles_[kProfile].audience = "mediator";  // the default audience of a campaign on the profile
    Campaign mediators = Create(Input("Médiateurs"));
    EXPECT_EQ(mediators.audience, "mediator");
    CampaignInput social = Input("Travailleurs sociaux");
    social.audience = "social_worker";
    Campaign social_workers = Create(social);
    EXPECT_EQ(social_workers.audience, "social_worker");
    EXPECT_EQ(service_->Repository().GetCampaign(social_workers.id)->audience, "social_worker");
    CampaignInput bad = Input();
    bad.audience = "astronaut";
    EXPECT_EQ(FieldOf(service_->CreateCampaign(admin_, org_, bad)), "audience");

    std::vector<account::Principal> people;
    for (int i = 0; i < 12; ++i)
        people.push_back(Person("j" + std::to_string(i) + "@example.fr", org_, "learner"));
    // First quarter of 2026 (the clock starts on 1 January): 10 mediators share, 2 of them meet
    // every requirement (1.1 at 3, 2.1 at 5).
    for (int i = 0; i < 10; ++i) {
        JoinAndShare(people[static_cast<std::size_t>(i)], mediators, 3, i < 2 ? 5 : 2);
    }
    // Second quarter: 9 social workers (too few to show), then 12 in all.
    clock_.Advance(100 * kDayMillis);
    for (int i = 3; i < 12; ++i) JoinAndShare(people[static_cast<std::size_t>(i)], social_workers, 3, 5);
    auto nine = service_->Territory(coordinator_, "59");
    ASSERT_TRUE(nine) << nine.error().message;
    ASSERT_EQ(nine->jobs.size(), 1u);
    EXPECT_EQ(nine->jobs[0].audience, "mediator");
    EXPECT_EQ(nine->jobs[0].people, 10);
    EXPECT_EQ(nine->jobs[0].met_all, 2);
    ASSERT_EQ(nine->periods.size(), 1u);
    EXPECT_EQ(nine->periods[0].quarter, "2026-Q1");
    EXPECT_EQ(nine->periods[0].people_assessed, 10);
    EXPECT_FALSE(nine->periods[0].people_awarded.has_value());
    ASSERT_EQ(nine->profile_periods.size(), 1u);
    EXPECT_EQ(nine->profile_periods[0].met_all, 2);
    EXPECT_EQ(nine->profile_periods[0].profile_name, "Médiateur : socle");

    JoinAndShare(people[0], social_workers, 3, 5);
    auto ten = service_->Territory(coordinator_, "59");
    ASSERT_TRUE(ten);
    ASSERT_EQ(ten->jobs.size(), 2u);  // in the order of kAudiences
    EXPECT_EQ(ten->jobs[0].audience, "mediator");
    EXPECT_EQ(ten->jobs[1].audience, "social_worker");
    EXPECT_EQ(ten->jobs[1].people, 10);
    EXPECT_EQ(ten->jobs[1].met_all, 10);
    EXPECT_EQ(ten->people, 12);
    ASSERT_EQ(ten->periods.size(), 2u);
    EXPECT_EQ(ten->periods[1].quarter, "2026-Q2");
    EXPECT_EQ(ten->periods[1].people_assessed, 10);
    ASSERT_EQ(ten->profile_periods.size(), 2u);
    EXPECT_EQ(ten->profile_periods[1].quarter, "2026-Q2");
    EXPECT_EQ(ten->profile_periods[1].met_all, 10);

    // Campaigns stored before the audience existed are "not stated", listed last.
    ASSERT_TRUE(db_->Exec("UPDATE campaigns SET audience = '' WHERE id = $1", {social_workers.id}));
    auto unstated = service_->Territory(coordinator_, "59");
    ASSERT_EQ(unstated->jobs.size(), 2u);
    EXPECT_EQ(unstated->jobs[1].audience, "");

    // Badges of the territory's organisations: 10 recipients of one badge are shown, a badge whose
    // tenth award was revoked is not; another département's badges never count.
    const auto badge = [&](const std::string& org, const std::string& name) {
        const std::string id = core::NewUuid(random_);
        EXPECT_TRUE(db_->Exec(
            "INSERT INTO badges (id, org_id, name, description, criteria, achievement_type, status, "
            "rule_kind, "
            "created_at, updated_at) VALUES ($1, $2, $3, 'd', 'c', 'Badge', 'active', 'manual', 0, 0)",
            {id, org, name}));
        return id;
    };
    const auto award = [&](const std::string& badge_id, const account::Principal& who, const char* state) {
        EXPECT_TRUE(db_->Exec(
            "INSERT INTO badge_awards (id, badge_id, user_id, source, reason, awarded_at, state, credential) "
            "VALUES ($1, $2, $3, 'manual', 'r', $4, $5, '{}')",
            {core::NewUuid(random_), badge_id, who.user.id, clock_.NowMillis(), std::string(state)}));
    };
    const std::string shown = badge(org_, "Accueillir en France Services");
    const std::string hidden = badge(hub_, "Aidants Connect");
    const std::string elsewhere = badge(other_org_, "Rennes");
    for (int i = 0; i < 10; ++i) {
        award(shown, people[static_cast<std::size_t>(i)], i == 9 ? "suspended" : "active");
        award(hidden, people[static_cast<std::size_t>(i)], i == 9 ? "revoked" : "active");
        award(elsewhere, people[static_cast<std::size_t>(i)], "active");
    }
    auto badges = service_->Territory(coordinator_, "59");
    ASSERT_TRUE(badges);
    ASSERT_EQ(badges->badges.size(), 1u);
    EXPECT_EQ(badges->badges[0].badge_name, "Accueillir en France Services");
    EXPECT_EQ(badges->badges[0].organization_name, "EPN de Lille");
    EXPECT_EQ(badges->badges[0].people, 10);
    EXPECT_EQ(badges->badge_holders, 10);
    ASSERT_EQ(badges->periods.size(), 2u);
    EXPECT_EQ(badges->periods[1].people_awarded, 10);
    EXPECT_FALSE(badges->periods[0].people_awarded.has_value());
    EXPECT_EQ(service_->Territory(other_coordinator_, "35")->badges.size(), 1u);
}

TEST_P(CampaignServiceTest, TerritoryAuthorisation) {
    EXPECT_TRUE(service_->Territory(coordinator_, "59"));
    EXPECT_TRUE(service_->Territory(root_, "35"));
    EXPECT_TRUE(service_->Territory(other_coordinator_, "35"));
    for (auto* who : {&other_coordinator_, &admin_, &mediator_, &learner_, &outsider_}) {
        auto r = service_->Territory(*who, "59");
        EXPECT_EQ(CodeOf(r), ErrorCode::kNotFound);
    }
    EXPECT_EQ(CodeOf(service_->Territory(Token(hub_, account::kRoleOrgAdmin), "59")), ErrorCode::kNotFound);
    EXPECT_EQ(FieldOf(service_->Territory(coordinator_, "")), "department");
    EXPECT_EQ(FieldOf(service_->Territory(coordinator_, "99")), "department");
}

TEST_P(CampaignServiceTest, OtherTerritoryDataNeverCounts) {
    Campaign rennes = Create(Input("Rennes"));
    // Move the campaign to the Rennes organisation (département 35).
    ASSERT_TRUE(
        db_->Exec("UPDATE campaigns SET organization_id = $1 WHERE id = $2", {other_org_, rennes.id}));
    for (int i = 0; i < 10; ++i) {
        JoinAndShare(Person("r" + std::to_string(i) + "@example.fr", other_org_, "learner"), rennes);
    }
    EXPECT_FALSE(service_->Territory(coordinator_, "59")->people.has_value());
    EXPECT_EQ(service_->Territory(other_coordinator_, "35")->people.value_or(0), 10);
}

// GDPR: the person's export lists every participation with what it shares; after leaving, the
// shared levels are gone from it too; another person's export does not show them; tokens refused.
TEST_P(CampaignServiceTest, ExportListsOwnParticipations) {
    CampaignInput in = Input();
    in.external_id_label = "Numéro France Travail";
    in.external_id_purpose = "Relier vos résultats à votre accompagnement.";
    const Campaign c = Create(in);
    const Participation shared = JoinAndShare(learner_, c, 3, 2, "FT-1234");
    auto exported = service_->ExportFor(learner_);
    ASSERT_TRUE(exported) << exported.error().message;
    ASSERT_EQ(exported->size(), 1u);
    const auto& entry = (*exported)[0];
    EXPECT_EQ(entry["id"], shared.id);
    EXPECT_EQ(entry["campaign"]["name"], "Conseillers numériques 2026");
    EXPECT_EQ(entry["campaign"]["code"], FormatCampaignCode(c.code));
    EXPECT_EQ(entry["campaign"]["organization_id"], org_);
    EXPECT_EQ(entry["external_id"], "FT-1234");
    EXPECT_EQ(entry["status"], "shared");
    EXPECT_EQ(entry["assessment_id"], shared.assessment_id);
    ASSERT_EQ(entry["shared_levels"].size(), 2u);
    EXPECT_EQ(entry["shared_levels"][0]["competence"], "1.1");
    EXPECT_EQ(entry["shared_levels"][0]["level"], 3);
    EXPECT_EQ(entry["shared_levels"][1]["target_level"], 4);

    EXPECT_TRUE(service_->ExportFor(learner2_)->empty());
    EXPECT_EQ(service_->ExportFor(Token(org_, account::kRoleOrgAdmin)).error().code,
              core::ErrorCode::kPermissionDenied);

    ASSERT_TRUE(service_->Leave(learner_, shared.id));
    auto after = service_->ExportFor(learner_);
    ASSERT_TRUE(after);
    ASSERT_EQ(after->size(), 1u);
    EXPECT_EQ((*after)[0]["status"], "left");
    EXPECT_TRUE((*after)[0]["shared_levels"].empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, CampaignServiceTest,
                         ::testing::Values(passeur::testing::Engine::kSqlite,
                                           passeur::testing::Engine::kPostgres),
                         EngineName);

}  // namespace
}  // namespace passeur::campaign::testing
