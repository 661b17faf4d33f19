// BadgeService over the store on SQLite and PostgreSQL: badges (validation, versions resolved,
// permissions, status changes, the OB Achievement with CASE alignments), manual awards (who may
// award whom, evidence, consistency with the issuer when signing or storing fails, expiry and
// renewal), states (suspend, reinstate, revoke, audit), the public flag, automatic awards from
// assessment results (idempotent, lower bound of the range, revoked never re-awarded), the GDPR
// export and the account deletion.
#include <algorithm>

#include "badge/badge_repository.hpp"
#include "badge/json_views.hpp"
#include "badge/svg.hpp"
#include "credential/jsonld.hpp"
#include "credential/open_badge.hpp"
#include "fixture.hpp"
#include "framework/case_format.hpp"

namespace passeur::badge::testing {
namespace {

class BadgeServiceTest : public BadgeFixture {
protected:
    // A completed result measuring each (framework, competence) at (level, low, high).
    struct Measure {
        std::string framework;
        std::string competence;
        int level;
        int low;
        int high;
    };
    assessment::AssessmentResult Result(const std::vector<Measure>& measures,
                                        const std::string& id = "test-1") {
        assessment::AssessmentResult r;
        r.summary.id = id;
        r.summary.status = assessment::AssessmentStatus::kCompleted;
        r.summary.profile_name = {"Socle", "Core"};
        r.summary.completed_at = clock_.NowMillis();
        r.in_progress = false;
        for (const Measure& m : measures) {
            assessment::CompetenceResult c;
            c.framework = m.framework;
            c.framework_version = "1.0";
            c.competence = m.competence;
            c.name = {"Nom " + m.competence, "Name"};
            c.range.level = m.level;
            c.range.low = m.low;
            c.range.high = m.high;
            c.verdict = "met";
            r.competences.push_back(c);
        }
        return r;
    }

    AwardRule LevelRule(const std::string& competence, int level) {
        AwardRule rule;
        rule.kind = RuleKind::kCompetenceLevel;
        rule.competence = {kFramework, "", competence};
        rule.level = level;
        return rule;
    }

    std::int64_t Awards() { return Count("SELECT COUNT(*) FROM badge_awards"); }
};

TEST_P(BadgeServiceTest, CreateValidatesResolvesAndAudits) {
    auto badge = service_->CreateBadge(P(admin_), org_, Input("  Naviguer  ", LevelRule("1.2", 3)));
    ASSERT_TRUE(badge) << badge.error().message;
    EXPECT_EQ(badge->name, "Naviguer");
    EXPECT_EQ(badge->org_id, org_);
    EXPECT_EQ(badge->status, BadgeStatus::kActive);
    EXPECT_EQ(badge->created_by, admin_.user.id);
    // Versions resolved to the current one; the rule's competence joins the alignments (first).
    ASSERT_EQ(badge->alignments.size(), 2u);
    EXPECT_EQ(badge->alignments[0], (CompetenceRef{kFramework, "1.0", "1.2"}));
    EXPECT_EQ(badge->alignments[1], (CompetenceRef{kFramework, "1.0", "1.1"}));
    EXPECT_EQ(badge->rule.competence.framework_version, "1.0");
    auto stored = service_->GetBadge(nullptr, badge->id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->alignments, badge->alignments);
    EXPECT_EQ(stored->rule, badge->rule);
    EXPECT_EQ(AuditOf("badge.created").size(), 1u);
    EXPECT_EQ(AuditOf("badge.created")[0].actor_user_id, admin_.user.id);

    struct Case {
        std::function<void(BadgeInput&)> change;
        const char* field;
    };
    const std::vector<Case> cases = {
        {[](BadgeInput& in) { in.name = " "; }, "name"},
        {[](BadgeInput& in) { in.name = std::string(kMaxNameBytes + 1, 'a'); }, "name"},
        {[](BadgeInput& in) { in.description = ""; }, "description"},
        {[](BadgeInput& in) { in.criteria = ""; }, "criteria"},
        {[](BadgeInput& in) { in.achievement_type = "Médaille"; }, "achievement_type"},
        {[](BadgeInput& in) {
             in.alignments = {{"inconnu", "", "1.1"}};
         },
         "alignments[0].framework"},
        {[](BadgeInput& in) {
             in.alignments = {{kFramework, "9.9", "1.1"}};
         },
         "alignments[0].framework"},
        {[](BadgeInput& in) {
             in.alignments = {{kFramework, "", "1.1"}, {kFramework, "", "9.9"}};
         },
         "alignments[1].competence"},
        {[](BadgeInput& in) {
             in.alignments = {{kFramework, "", "1.1"}, {kFramework, "1.0", "1.1"}};
         },
         "alignments[1]"},
        {[](BadgeInput& in) { in.validity_months = 121; }, "validity_months"},
        {[](BadgeInput& in) { in.validity_months = -1; }, "validity_months"},
        {[](BadgeInput& in) { in.image_svg = "<svg><script/></svg>"; }, "image_svg"},
        {[&](BadgeInput& in) { in.rule = LevelRule("1.1", 9); }, "rule.level"},
        {[&](BadgeInput& in) { in.rule = LevelRule("7.7", 2); }, "rule.competence"},
        {[](BadgeInput& in) {
             in.rule.kind = RuleKind::kTargetProfile;
             in.rule.target_profile_id = "profil-inconnu";
         },
         "rule.target_profile_id"},
        {[](BadgeInput& in) { in.status = BadgeStatus::kArchived; }, "status"},
    };
    for (const Case& c : cases) {
        BadgeInput in = Input("Badge");
        c.change(in);
        auto refused = service_->CreateBadge(P(admin_), org_, in);
        ASSERT_FALSE(refused) << c.field;
        EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalidArgument) << c.field;
        EXPECT_EQ(refused.error().field, c.field) << refused.error().message;
    }
    EXPECT_EQ(Count("SELECT COUNT(*) FROM badges"), 1);
    // The SVG is kept as given; "" means no image.
    BadgeInput with_image = Input("Avec image");
    with_image.image_svg = DefaultBadgeSvg("x", "y");
    auto imaged = service_->CreateBadge(P(admin_), org_, with_image);
    ASSERT_TRUE(imaged);
    EXPECT_EQ(service_->Image(*imaged), *with_image.image_svg);
    BadgeInput empty_image = Input("Sans image");
    empty_image.image_svg = "";
    auto plain = service_->CreateBadge(P(admin_), org_, empty_image);
    ASSERT_TRUE(plain);
    EXPECT_FALSE(plain->image_svg);
    EXPECT_EQ(service_->Image(*plain), DefaultBadgeSvg("Sans image", plain->id));
}

TEST_P(BadgeServiceTest, WhoManagesAndWhoSeesBadges) {
    auto denied = service_->CreateBadge(P(mediator_), org_, Input("X"));
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, core::ErrorCode::kPermissionDenied);
    auto hidden = service_->CreateBadge(P(outsider_), org_, Input("X"));
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
    EXPECT_TRUE(service_->CreateBadge(P(root_), org_, Input("Par l'exploitation")));

    BadgeInput draft_input = Input("Brouillon");
    draft_input.status = BadgeStatus::kDraft;
    auto draft = service_->CreateBadge(P(admin_), org_, draft_input);
    ASSERT_TRUE(draft);
    // A draft is seen by staff only.
    EXPECT_TRUE(service_->GetBadge(nullptr, draft->id).error().code == core::ErrorCode::kNotFound);
    const account::Principal learner = P(learner_);
    EXPECT_FALSE(service_->GetBadge(&learner, draft->id));
    const account::Principal mediator = P(mediator_);
    EXPECT_TRUE(service_->GetBadge(&mediator, draft->id));
    auto staff_list = service_->ListBadges(P(mediator_), org_);
    ASSERT_TRUE(staff_list);
    EXPECT_EQ(staff_list->size(), 2u);
    auto learner_list = service_->ListBadges(P(learner_), org_);
    ASSERT_TRUE(learner_list);
    ASSERT_EQ(learner_list->size(), 1u);
    EXPECT_EQ((*learner_list)[0].status, BadgeStatus::kActive);
    auto outsider_list = service_->ListBadges(P(outsider_), org_);
    ASSERT_FALSE(outsider_list);
    EXPECT_EQ(outsider_list.error().code, core::ErrorCode::kNotFound);
    // Staff badges over the person's organisations.
    auto staff = service_->ListStaffBadges(P(mediator_));
    ASSERT_TRUE(staff);
    ASSERT_EQ(staff->size(), 1u);
    EXPECT_EQ((*staff)[0].org_name, "EPN de Lille");
    EXPECT_FALSE((*staff)[0].can_manage);
    EXPECT_EQ((*staff)[0].badges.size(), 2u);
    EXPECT_TRUE((*service_->ListStaffBadges(P(admin_)))[0].can_manage);
    EXPECT_TRUE(service_->ListStaffBadges(P(learner_))->empty());
}

TEST_P(BadgeServiceTest, UpdateFollowsStatusRulesAndVersions) {
    BadgeInput in = Input("Brouillon");
    in.status = BadgeStatus::kDraft;
    auto badge = service_->CreateBadge(P(admin_), org_, in);
    ASSERT_TRUE(badge);
    BadgePatch rename;
    rename.name = "Chercher une information";
    rename.expected_version = badge->version;
    rename.image_svg = std::optional<std::string>(DefaultBadgeSvg("a", "b"));
    auto renamed = service_->UpdateBadge(P(admin_), badge->id, rename);
    ASSERT_TRUE(renamed) << renamed.error().message;
    EXPECT_EQ(renamed->name, "Chercher une information");
    EXPECT_EQ(renamed->version, badge->version + 1);
    EXPECT_TRUE(renamed->image_svg);
    auto stale = service_->UpdateBadge(P(admin_), badge->id, rename);  // expected_version is old now
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, core::ErrorCode::kConflict);
    BadgePatch remove_image;
    remove_image.image_svg = std::optional<std::string>();
    EXPECT_FALSE(service_->UpdateBadge(P(admin_), badge->id, remove_image)->image_svg);

    BadgePatch activate;
    activate.status = BadgeStatus::kActive;
    EXPECT_EQ(service_->UpdateBadge(P(admin_), badge->id, activate)->status, BadgeStatus::kActive);
    BadgePatch back_to_draft;
    back_to_draft.status = BadgeStatus::kDraft;
    auto refused = service_->UpdateBadge(P(admin_), badge->id, back_to_draft);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(refused.error().field, "status");
    auto by_mediator = service_->ArchiveBadge(P(mediator_), badge->id);
    ASSERT_FALSE(by_mediator);
    EXPECT_EQ(by_mediator.error().code, core::ErrorCode::kPermissionDenied);
    auto archived = service_->ArchiveBadge(P(admin_), badge->id);
    ASSERT_TRUE(archived);
    EXPECT_EQ(archived->status, BadgeStatus::kArchived);
    EXPECT_EQ(AuditOf("badge.archived").size(), 1u);
    EXPECT_EQ(AuditOf("badge.updated").size(), 3u);
    // An archived badge stays public (credentials point at it) and may be reactivated.
    EXPECT_TRUE(service_->GetBadge(nullptr, badge->id));
    EXPECT_EQ(service_->UpdateBadge(P(admin_), badge->id, activate)->status, BadgeStatus::kActive);
    BadgePatch bad;
    bad.achievement_type = "nope";
    EXPECT_EQ(service_->UpdateBadge(P(admin_), badge->id, bad).error().field, "achievement_type");
    EXPECT_EQ(service_->UpdateBadge(P(admin_), "inconnu", bad).error().code, core::ErrorCode::kNotFound);
}

TEST_P(BadgeServiceTest, AchievementAlignsToTheCaseUrisOfCompetences) {
    const Badge badge = Create("Naviguer");
    auto achievement = service_->Achievement(badge);
    ASSERT_TRUE(achievement) << achievement.error().message;
    const json& a = *achievement;
    EXPECT_EQ(a["id"], std::string(kBaseUrl) + "/badges/" + badge.id);
    EXPECT_EQ(a["type"], json::array({"Achievement"}));
    EXPECT_EQ(a["name"], "Naviguer");
    EXPECT_EQ(a["criteria"]["narrative"], badge.criteria);
    EXPECT_EQ(a["achievementType"], "Competency");
    EXPECT_EQ(a["image"]["id"], std::string(kBaseUrl) + "/badges/" + badge.id + "/image.svg");
    EXPECT_EQ(a["image"]["type"], "Image");
    EXPECT_EQ(a["creator"]["id"], std::string(kBaseUrl) + "/organisations/" + org_);
    EXPECT_EQ(a["creator"]["name"], "EPN de Lille");
    ASSERT_EQ(a["alignment"].size(), 1u);
    const json& al = a["alignment"][0];
    auto fw = frameworks_->Get(kFramework);
    ASSERT_TRUE(fw);
    const framework::Competence* c = fw->framework.FindCompetence("1.1");
    ASSERT_NE(c, nullptr);
    // The same URI as the CASE export of that competence.
    auto item = framework::ExportCaseItem(fw->framework, c->identifier, {kBaseUrl, 0});
    ASSERT_TRUE(item);
    EXPECT_EQ(al["targetUrl"], (*item)["uri"]);
    EXPECT_EQ(al["targetType"], "CFItem");
    EXPECT_EQ(al["targetCode"], "1.1");
    EXPECT_EQ(al["targetName"], c->name.fr);
    EXPECT_EQ(al["targetFramework"], fw->framework.name.fr);
    EXPECT_EQ(al["type"], json::array({"Alignment"}));
}

TEST_P(BadgeServiceTest, ManualAwardIsSignedStoredAndAudited) {
    const Badge badge = Create("Naviguer", {}, 12);
    auto awarded = service_->AwardManually(P(mediator_), badge.id, Manual(learner_));
    ASSERT_TRUE(awarded) << awarded.error().message;
    const Award& a = awarded->award;
    EXPECT_EQ(a.user_id, learner_.user.id);
    EXPECT_EQ(a.awarded_by, mediator_.user.id);
    EXPECT_FALSE(a.automatic);
    EXPECT_EQ(a.state, AwardState::kActive);
    EXPECT_FALSE(a.is_public);
    EXPECT_EQ(IsoDate(a.expires_at), IsoDate(AddMonths(clock_.NowMillis(), 12)));
    ASSERT_EQ(a.evidence.size(), 1u);
    EXPECT_EQ(a.evidence[0].observer, "mediatrice");  // the awarding person by default
    EXPECT_EQ(awarded->awarded_by_name, "mediatrice");
    EXPECT_EQ(awarded->learner_name, "apprenant");
    // What was signed.
    ASSERT_EQ(issuer_.inputs.size(), 1u);
    const credential::AwardCredentialInput& in = issuer_.inputs[0];
    EXPECT_EQ(in.credential_id, "urn:uuid:" + a.id);
    EXPECT_EQ(in.recipient_email, "apprenant@epn.example");
    EXPECT_TRUE(in.recipient_did.empty());
    EXPECT_EQ(in.awarded_at, core::FormatRfc3339(clock_.NowMillis()));
    ASSERT_TRUE(in.valid_until);
    EXPECT_EQ(*in.valid_until, core::FormatRfc3339(a.expires_at));
    EXPECT_EQ(in.achievement, *service_->Achievement(badge));
    ASSERT_EQ(in.evidence.size(), 1u);
    EXPECT_EQ(in.evidence[0]["narrative"], a.evidence[0].narrative);
    EXPECT_EQ(in.evidence[0]["genre"], "Observation");
    EXPECT_NE(in.evidence[0]["description"].get<std::string>().find("mediatrice"), std::string::npos);
    // Stored as issued.
    auto stored = BadgeRepository::FindAward(*db_, a.id);
    ASSERT_TRUE(stored && *stored);
    EXPECT_EQ((*stored)->credential, a.credential);
    EXPECT_EQ((*stored)->credential["id"], "urn:uuid:" + a.id);
    EXPECT_EQ((*stored)->reason, "Atelier du mardi");
    const auto events = AuditOf("badge.awarded");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].actor_user_id, mediator_.user.id);
    EXPECT_EQ(events[0].subject, a.id);
    EXPECT_NE(events[0].details_json.find("Atelier du mardi"), std::string::npos);
    // Once held, not twice.
    auto again = service_->AwardManually(P(admin_), badge.id, Manual(learner_));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(issuer_.issue_calls, 1);  // refused before signing
    // An explicit observer is kept.
    ManualAwardInput other = Manual(learner2_);
    other.observer = "Camille Dupont (formatrice)";
    auto second = service_->AwardManually(P(admin_), badge.id, other);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->award.evidence[0].observer, "Camille Dupont (formatrice)");
}

TEST_P(BadgeServiceTest, WhoMayAwardWhomAndWhat) {
    const Badge badge = Create("Naviguer");
    auto expect = [&](const account::Principal& p, ManualAwardInput in, core::ErrorCode code,
                      const char* field, const char* what) {
        auto r = service_->AwardManually(p, badge.id, in);
        ASSERT_FALSE(r) << what;
        EXPECT_EQ(r.error().code, code) << what << ": " << r.error().message;
        EXPECT_EQ(r.error().field, field) << what;
    };
    expect(P(learner_), Manual(learner2_), core::ErrorCode::kPermissionDenied, "", "a learner");
    expect(P(outsider_), Manual(learner_), core::ErrorCode::kNotFound, "", "another organisation's mediator");
    ManualAwardInput to_mediator = Manual(learner_);
    to_mediator.learner_id = mediator_.user.id;
    expect(P(admin_), to_mediator, core::ErrorCode::kInvalidArgument, "learner_id", "to a mediator");
    ManualAwardInput to_outsider = Manual(learner_);
    to_outsider.learner_id = outsider_.user.id;
    expect(P(mediator_), to_outsider, core::ErrorCode::kInvalidArgument, "learner_id", "to a non-member");
    ManualAwardInput no_reason = Manual(learner_, " ");
    expect(P(mediator_), no_reason, core::ErrorCode::kInvalidArgument, "reason", "without reason");
    ManualAwardInput no_narrative = Manual(learner_);
    no_narrative.narrative = "";
    expect(P(mediator_), no_narrative, core::ErrorCode::kInvalidArgument, "narrative", "without narrative");
    ManualAwardInput future = Manual(learner_);
    future.observed_on = IsoDate(clock_.NowMillis() + 2 * 86'400'000LL);
    expect(P(mediator_), future, core::ErrorCode::kInvalidArgument, "observed_on", "observed in the future");
    ManualAwardInput bad_date = Manual(learner_);
    bad_date.observed_on = "31/12/2025";
    expect(P(mediator_), bad_date, core::ErrorCode::kInvalidArgument, "observed_on", "bad date");
    // API tokens never award, even an org_admin's.
    auto token = accounts_->Organizations().CreateToken(P(admin_), org_, "outil", "org_admin", "192.0.2.1");
    ASSERT_TRUE(token);
    http::Request bearer = passeur::testing::MakeApiRequest("GET", "/");
    bearer.headers.emplace_back("authorization", "Bearer " + token->secret);
    auto token_principal = accounts_->Auth().Authenticate(bearer);
    ASSERT_TRUE(token_principal);
    expect(*token_principal, Manual(learner_), core::ErrorCode::kPermissionDenied, "", "an API token");
    // Drafts and archived badges are not awarded.
    BadgeInput draft_input = Input("Brouillon");
    draft_input.status = BadgeStatus::kDraft;
    auto draft = service_->CreateBadge(P(admin_), org_, draft_input);
    ASSERT_TRUE(draft);
    auto on_draft = service_->AwardManually(P(mediator_), draft->id, Manual(learner_));
    ASSERT_FALSE(on_draft);
    EXPECT_EQ(on_draft.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(issuer_.issue_calls, 0);
    EXPECT_EQ(Awards(), 0);
    // The platform admin may.
    EXPECT_TRUE(service_->AwardManually(P(root_), badge.id, Manual(learner_)));
}

TEST_P(BadgeServiceTest, SigningFailureStoresNothing) {
    const Badge badge = Create("Naviguer");
    issuer_.fail_issue = core::Error::Unavailable("aucune clé d'émetteur");
    auto refused = service_->AwardManually(P(mediator_), badge.id, Manual(learner_));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kUnavailable);
    EXPECT_EQ(Awards(), 0);
    EXPECT_TRUE(AuditOf("badge.awarded").empty());
    issuer_.fail_issue.reset();
    EXPECT_TRUE(service_->AwardManually(P(mediator_), badge.id, Manual(learner_)));
}

TEST_P(BadgeServiceTest, StoringFailureAfterSigningReturnsNothingAndRevokesTheOrphan) {
    const Badge badge = Create("Naviguer");
    // Another request awards the same badge while this one is being signed.
    std::string concurrent_id;
    issuer_.after_issue = [&](const credential::AwardCredentialInput&) {
        Award other;
        other.id = core::NewUuid(random_);
        other.badge_id = badge.id;
        other.user_id = learner_.user.id;
        other.reason = "concurrent";
        other.awarded_at = clock_.NowMillis();
        other.credential = json{{"id", "urn:uuid:" + other.id}};
        concurrent_id = other.id;
        ASSERT_TRUE(BadgeRepository::InsertAward(*db_, other));
    };
    auto refused = service_->AwardManually(P(mediator_), badge.id, Manual(learner_));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kConflict);
    ASSERT_EQ(issuer_.inputs.size(), 1u);
    const std::string orphan = issuer_.inputs[0].credential_id;
    EXPECT_EQ(issuer_.StateOf(orphan), credential::CredentialState::kRevoked);
    EXPECT_EQ(Awards(), 1);  // the concurrent one only
    EXPECT_EQ(Count("SELECT COUNT(*) FROM badge_awards WHERE id = $1", {orphan.substr(9)}), 0);
    EXPECT_TRUE(AuditOf("badge.awarded").empty());
}

TEST_P(BadgeServiceTest, ExpiredAwardsAreRenewed) {
    const Badge badge = Create("Naviguer", {}, 12);
    // Principals taken now: sessions do not last the months this test skips.
    const account::Principal mediator = P(mediator_);
    const account::Principal learner = P(learner_);
    auto first = service_->AwardManually(mediator, badge.id, Manual(learner_));
    ASSERT_TRUE(first);
    clock_.Advance(200LL * 86'400'000);
    EXPECT_EQ(service_->AwardManually(mediator, badge.id, Manual(learner_)).error().code,
              core::ErrorCode::kConflict);
    clock_.Advance(200LL * 86'400'000);  // past 12 months
    auto mine = service_->ListMyAwards(learner);
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_TRUE((*mine)[0].expired);
    auto renewed = service_->AwardManually(mediator, badge.id, Manual(learner_));
    ASSERT_TRUE(renewed) << renewed.error().message;
    EXPECT_FALSE(renewed->expired);
    mine = service_->ListMyAwards(learner);
    ASSERT_EQ(mine->size(), 2u);
    EXPECT_EQ((*mine)[0].award.id, renewed->award.id);  // newest first
    EXPECT_EQ(Count("SELECT COUNT(*) FROM badge_awards WHERE live = 1"), 1);
}

TEST_P(BadgeServiceTest, SuspendReinstateRevoke) {
    const Badge badge = Create("Naviguer");
    auto awarded = service_->AwardManually(P(mediator_), badge.id, Manual(learner_));
    ASSERT_TRUE(awarded);
    const std::string id = awarded->award.id;
    const std::string credential_id = "urn:uuid:" + id;

    EXPECT_EQ(service_->Suspend(P(mediator_), id, "").error().field, "reason");
    auto by_learner = service_->Revoke(P(learner_), id, "moi");
    ASSERT_FALSE(by_learner);
    EXPECT_EQ(by_learner.error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_->Revoke(P(learner2_), id, "x").error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->Revoke(P(outsider_), id, "x").error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->Reinstate(P(mediator_), id, "x").error().code, core::ErrorCode::kConflict);

    auto suspended = service_->Suspend(P(mediator_), id, "Vérification en cours");
    ASSERT_TRUE(suspended) << suspended.error().message;
    EXPECT_EQ(suspended->award.state, AwardState::kSuspended);
    EXPECT_EQ(suspended->award.state_reason, "Vérification en cours");
    EXPECT_EQ(suspended->award.state_by, mediator_.user.id);
    EXPECT_EQ(issuer_.StateOf(credential_id), credential::CredentialState::kSuspended);
    // A suspended award is still held.
    EXPECT_EQ(service_->AwardManually(P(mediator_), badge.id, Manual(learner_)).error().code,
              core::ErrorCode::kConflict);
    auto reinstated = service_->Reinstate(P(admin_), id, "Vérifié");
    ASSERT_TRUE(reinstated);
    EXPECT_EQ(reinstated->award.state, AwardState::kActive);
    EXPECT_EQ(issuer_.StateOf(credential_id), credential::CredentialState::kActive);
    auto revoked = service_->Revoke(P(admin_), id, "Erreur de personne");
    ASSERT_TRUE(revoked);
    EXPECT_EQ(revoked->award.state, AwardState::kRevoked);
    EXPECT_EQ(issuer_.StateOf(credential_id), credential::CredentialState::kRevoked);
    EXPECT_EQ(service_->Revoke(P(admin_), id, "encore").error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(service_->Suspend(P(admin_), id, "encore").error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(AuditOf("badge.suspended").size(), 1u);
    EXPECT_EQ(AuditOf("badge.reinstated").size(), 1u);
    const auto revocations = AuditOf("badge.revoked");
    ASSERT_EQ(revocations.size(), 1u);
    EXPECT_EQ(revocations[0].actor_user_id, admin_.user.id);
    EXPECT_NE(revocations[0].details_json.find("Erreur de personne"), std::string::npos);
    // After a revocation a person may award the badge again.
    EXPECT_TRUE(service_->AwardManually(P(mediator_), badge.id, Manual(learner_)));
}

TEST_P(BadgeServiceTest, IssuerFailureLeavesTheStateUnchanged) {
    const Badge badge = Create("Naviguer");
    auto awarded = service_->AwardManually(P(mediator_), badge.id, Manual(learner_));
    ASSERT_TRUE(awarded);
    issuer_.fail_state = core::Error::Unavailable("liste de statut indisponible");
    EXPECT_EQ(service_->Revoke(P(mediator_), awarded->award.id, "x").error().code,
              core::ErrorCode::kUnavailable);
    EXPECT_EQ(service_->GetAward(P(learner_), awarded->award.id)->award.state, AwardState::kActive);
    EXPECT_TRUE(AuditOf("badge.revoked").empty());
    // A revocation already done at the issuer (e.g. the row update failed last time) completes.
    issuer_.fail_state.reset();
    issuer_.states["urn:uuid:" + awarded->award.id] = credential::CredentialState::kRevoked;
    auto revoked = service_->Revoke(P(mediator_), awarded->award.id, "Erreur");
    ASSERT_TRUE(revoked) << revoked.error().message;
    EXPECT_EQ(revoked->award.state, AwardState::kRevoked);
}

TEST_P(BadgeServiceTest, PublicFlagIsTheLearnersChoice) {
    const Badge badge = Create("Naviguer");
    auto awarded = service_->AwardManually(P(mediator_), badge.id, Manual(learner_));
    ASSERT_TRUE(awarded);
    const std::string id = awarded->award.id;
    auto hidden = service_->PublicCredential(id);
    ASSERT_FALSE(hidden);
    auto unknown = service_->PublicCredential("00000000-0000-4000-8000-000000000000");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(hidden.error().message, unknown.error().message);  // nothing revealed
    EXPECT_EQ(service_->SetPublic(P(mediator_), id, true).error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->SetPublic(P(learner2_), id, true).error().code, core::ErrorCode::kNotFound);
    auto shown = service_->SetPublic(P(learner_), id, true);
    ASSERT_TRUE(shown);
    EXPECT_TRUE(shown->award.is_public);
    auto credential = service_->PublicCredential(id);
    ASSERT_TRUE(credential);
    EXPECT_EQ(*credential, awarded->award.credential);
    EXPECT_EQ(service_->PublicAward(id)->learner_name, "apprenant");
    ASSERT_TRUE(service_->SetPublic(P(learner_), id, false));
    EXPECT_FALSE(service_->PublicCredential(id));
}

TEST_P(BadgeServiceTest, ReadingAnAward) {
    const Badge badge = Create("Naviguer");
    auto awarded = service_->AwardManually(P(mediator_), badge.id, Manual(learner_));
    ASSERT_TRUE(awarded);
    const std::string id = awarded->award.id;
    EXPECT_TRUE(service_->GetAward(P(learner_), id));
    EXPECT_TRUE(service_->GetAward(P(mediator_), id));
    EXPECT_TRUE(service_->GetAward(P(admin_), id));
    EXPECT_TRUE(service_->GetAward(P(root_), id));
    EXPECT_EQ(service_->GetAward(P(learner2_), id).error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->GetAward(P(outsider_), id).error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->GetAward(P(learner_), "x").error().code, core::ErrorCode::kNotFound);
    auto list = service_->ListBadgeAwards(P(mediator_), badge.id);
    ASSERT_TRUE(list);
    EXPECT_EQ(list->size(), 1u);
    EXPECT_EQ(service_->ListBadgeAwards(P(learner_), badge.id).error().code,
              core::ErrorCode::kPermissionDenied);
    EXPECT_TRUE(service_->ListMyAwards(P(learner2_))->empty());
    const json j = AwardToJson(*awarded, kBaseUrl, false);
    EXPECT_EQ(j["verify_url"], std::string(kBaseUrl) + "/verify?award=" + id);
    EXPECT_EQ(j["source"], "manual");
    EXPECT_FALSE(j.contains("credential"));
    EXPECT_TRUE(AwardToJson(*awarded, kBaseUrl, true).contains("credential"));
}

TEST_P(BadgeServiceTest, AutomaticAwardsFollowTheRules) {
    const Badge level3 = Create("Niveau 3 en 1.1", LevelRule("1.1", 3));
    const Badge manual = Create("Manuel");
    AwardRule profile_rule;
    profile_rule.kind = RuleKind::kTargetProfile;
    profile_rule.target_profile_id = "socle-emploi";
    const Badge profile_badge = Create("Socle", profile_rule);
    auto profile = frameworks_->GetProfile("socle-emploi");
    ASSERT_TRUE(profile);

    // In progress: nothing.
    auto partial = Result({{kFramework, "1.1", 5, 4, 6}});
    partial.in_progress = true;
    EXPECT_TRUE(service_->OnAssessmentCompleted(learner_.user.id, partial)->empty());
    // Point level 4 but the range reaches down to 2: not yet.
    EXPECT_TRUE(
        service_->OnAssessmentCompleted(learner_.user.id, Result({{kFramework, "1.1", 4, 2, 5}}))->empty());
    // Low bound 3: awarded, once.
    auto awarded =
        service_->OnAssessmentCompleted(learner_.user.id, Result({{kFramework, "1.1", 4, 3, 5}}, "t-2"));
    ASSERT_TRUE(awarded) << awarded.error().message;
    ASSERT_EQ(awarded->size(), 1u);
    const Award& a = (*awarded)[0];
    EXPECT_EQ(a.badge_id, level3.id);
    EXPECT_TRUE(a.automatic);
    EXPECT_TRUE(a.awarded_by.empty());
    EXPECT_EQ(a.assessment_id, "t-2");
    EXPECT_NE(a.evidence[0].narrative.find("niveau 4"), std::string::npos) << a.evidence[0].narrative;
    EXPECT_NE(a.evidence[0].narrative.find("au moins 3"), std::string::npos);
    EXPECT_EQ(issuer_.inputs.back().evidence[0]["genre"], "Test de positionnement");
    const auto events = AuditOf("badge.awarded");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].actor_user_id, "");
    EXPECT_NE(events[0].details_json.find("automatic"), std::string::npos);
    EXPECT_TRUE(
        service_->OnAssessmentCompleted(learner_.user.id, Result({{kFramework, "1.1", 6, 5, 7}}, "t-3"))
            ->empty());  // idempotent

    // The whole profile: every requirement's lower bound at its level.
    std::vector<Measure> all;
    for (const auto& r : profile->profile.requirements)
        all.push_back({r.framework, r.competence, 8, r.level, 8});
    std::vector<Measure> one_short = all;
    one_short.back().low = one_short.back().low - 1;
    ASSERT_TRUE(service_->OnAssessmentCompleted(learner2_.user.id, Result(one_short)));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM badge_awards WHERE badge_id = $1", {profile_badge.id}), 0);
    auto with_profile = service_->OnAssessmentCompleted(learner2_.user.id, Result(all, "t-4"));
    ASSERT_TRUE(with_profile);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM badge_awards WHERE badge_id = $1 AND user_id = $2",
                    {profile_badge.id, learner2_.user.id}),
              1);
    // Manual badges are never awarded by a result.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM badge_awards WHERE badge_id = $1", {manual.id}), 0);
    // Only learners of the badge's organisation.
    EXPECT_TRUE(
        service_->OnAssessmentCompleted(mediator_.user.id, Result({{kFramework, "1.1", 8, 8, 8}}))->empty());
    EXPECT_TRUE(
        service_->OnAssessmentCompleted(outsider_.user.id, Result({{kFramework, "1.1", 8, 8, 8}}))->empty());
}

TEST_P(BadgeServiceTest, AutomaticAwardsSkipDraftsRevocationsAndFailures) {
    BadgeInput draft_input = Input("Brouillon", LevelRule("1.1", 2));
    draft_input.status = BadgeStatus::kDraft;
    ASSERT_TRUE(service_->CreateBadge(P(admin_), org_, draft_input));
    const Badge badge = Create("Niveau 2", LevelRule("1.1", 2));
    const auto good = Result({{kFramework, "1.1", 5, 4, 6}});
    // A failing issuer: logged, nothing stored, no error for the caller.
    issuer_.fail_issue = core::Error::Unavailable("aucune clé");
    auto failed = service_->OnAssessmentCompleted(learner_.user.id, good);
    ASSERT_TRUE(failed);
    EXPECT_TRUE(failed->empty());
    issuer_.fail_issue.reset();
    auto awarded = service_->OnAssessmentCompleted(learner_.user.id, good);
    ASSERT_TRUE(awarded);
    ASSERT_EQ(awarded->size(), 1u);  // the draft is not awarded
    EXPECT_EQ((*awarded)[0].badge_id, badge.id);
    ASSERT_TRUE(service_->Revoke(P(mediator_), (*awarded)[0].id, "Fraude constatée"));
    // A revocation is never undone by a rule.
    EXPECT_TRUE(service_->OnAssessmentCompleted(learner_.user.id, good)->empty());
    // An archived badge is not awarded either.
    ASSERT_TRUE(service_->ArchiveBadge(P(admin_), badge.id));
    EXPECT_TRUE(service_->OnAssessmentCompleted(learner2_.user.id, good)->empty());
}

TEST_P(BadgeServiceTest, ExportAndAccountDeletion) {
    const Badge badge = Create("Naviguer");
    auto awarded = service_->AwardManually(P(mediator_), badge.id, Manual(learner_));
    ASSERT_TRUE(awarded);
    accounts_->Accounts().AddExportSection(
        "badges", [this](const account::Principal& p) { return ExportBadges(*service_, p); });
    auto exported = accounts_->Accounts().Export(P(learner_));
    ASSERT_TRUE(exported) << exported.error().message;
    ASSERT_TRUE((*exported)["badges"].is_array());
    ASSERT_EQ((*exported)["badges"].size(), 1u);
    const json& e = (*exported)["badges"][0];
    EXPECT_EQ(e["id"], awarded->award.id);
    EXPECT_EQ(e["badge"]["name"], "Naviguer");
    EXPECT_EQ(e["reason"], "Atelier du mardi");
    EXPECT_EQ(e["credential"], awarded->award.credential);
    EXPECT_TRUE((*accounts_->Accounts().Export(P(learner2_)))["badges"].empty());

    // The mediator's account goes: the award stays, without its author.
    ASSERT_TRUE(accounts_->Accounts().DeleteAccount(P(mediator_), kPassword, "192.0.2.1"));
    auto kept = service_->GetAward(P(learner_), awarded->award.id);
    ASSERT_TRUE(kept);
    EXPECT_TRUE(kept->award.awarded_by.empty());
    // The learner's account goes: their awards go with it.
    ASSERT_TRUE(accounts_->Accounts().DeleteAccount(P(learner_), kPassword, "192.0.2.1"));
    EXPECT_EQ(Awards(), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM badges"), 1);
}

// What the badge component gives the issuer builds into an OpenBadgeCredential whose every term
// the built-in contexts define (JSON-LD safe mode): manual and automatic evidence, expiry,
// alignments.
TEST_P(BadgeServiceTest, IssuerInputsAreValidOpenBadgesJsonLd) {
    const Badge manual = Create("Naviguer", {}, 12);
    ASSERT_TRUE(service_->AwardManually(P(mediator_), manual.id, Manual(learner_)));
    Create("Niveau 2", LevelRule("1.2", 2));
    ASSERT_EQ(
        service_->OnAssessmentCompleted(learner2_.user.id, Result({{kFramework, "1.2", 4, 3, 5}}))->size(),
        1u);
    ASSERT_EQ(issuer_.inputs.size(), 2u);
    for (const credential::AwardCredentialInput& input : issuer_.inputs) {
        credential::IssuerProfile issuer{"did:web:passeur.example", "passeur", kBaseUrl};
        auto built = credential::BuildOpenBadgeCredential(
            input, issuer, "sel", {{"revocation", std::string(kBaseUrl) + "/credentials/status/1", 7}});
        ASSERT_TRUE(built) << built.error().field << ": " << built.error().message;
        auto dataset = credential::ToRdf(*built);
        ASSERT_TRUE(dataset) << dataset.error().message;
    }
}

INSTANTIATE_TEST_SUITE_P(Engines, BadgeServiceTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

}  // namespace
}  // namespace passeur::badge::testing
