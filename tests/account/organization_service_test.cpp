#include <optional>

#include <gtest/gtest.h>

#include "fixture.hpp"

namespace passeur::account::testing {
namespace {

class OrganizationTest : public AccountTest {
protected:
    void SetUp() override {
        AccountTest::SetUp();
        admin_user_ = MakeUser("admin@epn-lille.fr");
        mediator_user_ = MakeUser("mediatrice@epn-lille.fr");
        learner_user_ = MakeUser("apprenant@epn-lille.fr");
        outsider_user_ = MakeUser("autre@ailleurs.fr");
        lille_ = MakeOrg("EPN de Lille", "59");
        roubaix_ = MakeOrg("Association de Roubaix", "59");
        paris_ = MakeOrg("France Services Paris", "75");
        Join(lille_, admin_user_, kRoleOrgAdmin);
        Join(lille_, mediator_user_, kRoleMediator);
        Join(lille_, learner_user_, kRoleLearner);
        Join(paris_, outsider_user_, kRoleOrgAdmin);
        admin_ = SessionPrincipal(Login("admin@epn-lille.fr"));
        mediator_ = SessionPrincipal(Login("mediatrice@epn-lille.fr"));
        learner_ = SessionPrincipal(Login("apprenant@epn-lille.fr"));
        outsider_ = SessionPrincipal(Login("autre@ailleurs.fr"));
    }
    OrganizationService& Orgs() { return module_->Organizations(); }
    Principal PlatformAdmin() {
        MakeUser("exploitation@passeur.fr", std::string(kPlatformAdmin));
        return SessionPrincipal(Login("exploitation@passeur.fr"));
    }

    store::User admin_user_, mediator_user_, learner_user_, outsider_user_;
    store::Organization lille_, roubaix_, paris_;
    Principal admin_, mediator_, learner_, outsider_;
};

TEST_F(OrganizationTest, DepartmentCodesAndKinds) {
    for (const char* ok : {"", "01", "19", "2A", "2B", "21", "59", "95", "971", "976"}) {
        EXPECT_TRUE(IsDepartmentCode(ok)) << ok;
    }
    for (const char* bad : {"00", "20", "96", "970", "977", "2C", "1", "2a", "999", "75001"}) {
        EXPECT_FALSE(IsDepartmentCode(bad)) << bad;
    }
    EXPECT_TRUE(IsOrgKind("france_services"));
    EXPECT_FALSE(IsOrgKind("mairie"));
}

TEST_F(OrganizationTest, OnlyPlatformAdminCreatesAndListsAll) {
    auto denied = Orgs().Create(admin_, {"Nouvelle", "epn", "59"}, kIp);
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, core::ErrorCode::kPermissionDenied);
    MakeUser("root@passeur.fr", "platform_admin");
    auto root = SessionPrincipal(Login("root@passeur.fr"));
    auto bad = Orgs().Create(root, {"Nouvelle", "epn", "20"}, kIp);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "department");
    auto created = Orgs().Create(root, {"  Nouvelle  ", "hub", "2A"}, kIp);
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->name, "Nouvelle");
    auto all = Orgs().List(root, 200, 0);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 4u);
    auto page = Orgs().List(root, 2, 2);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->size(), 2u);
    auto mine = Orgs().List(admin_, 50, 0);
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ((*mine)[0].id, lille_.id);
}

TEST_F(OrganizationTest, RolesDecideWhatEachMemberMaySee) {
    // Learner: the org's name only, no members.
    auto seen = Orgs().Get(learner_, lille_.id);
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->name, "EPN de Lille");
    EXPECT_EQ(seen->department, "");
    auto members = Orgs().ListMembers(learner_, lille_.id);
    ASSERT_FALSE(members);
    EXPECT_EQ(members.error().code, core::ErrorCode::kPermissionDenied);
    // Mediator: members yes, management no.
    auto listed = Orgs().ListMembers(mediator_, lille_.id);
    ASSERT_TRUE(listed);
    EXPECT_EQ(listed->size(), 3u);
    auto update = Orgs().Update(mediator_, lille_.id, {std::string("X"), std::nullopt, std::nullopt}, kIp);
    ASSERT_FALSE(update);
    EXPECT_EQ(update.error().code, core::ErrorCode::kPermissionDenied);
    // Outsider: the org does not exist for them.
    auto hidden = Orgs().Get(outsider_, lille_.id);
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
    // Admin updates.
    auto updated =
        Orgs().Update(admin_, lille_.id, {std::string("EPN Lille-Centre"), std::nullopt, std::nullopt}, kIp);
    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->name, "EPN Lille-Centre");
    EXPECT_EQ(updated->department, "59");
}

TEST_F(OrganizationTest, CoordinatorReadsOrgsOfTheirDepartmentButNotTheirMembers) {
    auto coordinator_user = MakeUser("coord@hub-hdf.fr");
    auto hub = MakeOrg("Hub Hauts-de-France", "59");
    Join(hub, coordinator_user, kRoleCoordinator);
    auto coordinator = SessionPrincipal(Login("coord@hub-hdf.fr"));
    EXPECT_TRUE(Orgs().Get(coordinator, lille_.id));
    EXPECT_TRUE(Orgs().ListMembers(coordinator, hub.id));
    auto members = Orgs().ListMembers(coordinator, lille_.id);
    ASSERT_FALSE(members);
    EXPECT_EQ(members.error().code, core::ErrorCode::kPermissionDenied);
    auto paris = Orgs().Get(coordinator, paris_.id);
    ASSERT_FALSE(paris);
    EXPECT_EQ(paris.error().code, core::ErrorCode::kNotFound);
    auto listed = Orgs().List(coordinator, 50, 0);
    ASSERT_TRUE(listed);
    EXPECT_EQ(listed->size(), 3u);  // hub, Lille, Roubaix
}

// Badges: org_admins define them; mediators and org_admins award them; learners and outsiders neither.
TEST_F(OrganizationTest, BadgeActionsFollowTheRoles) {
    const Authorizer& authz = module_->Authz();
    // nullopt when allowed, else the error code.
    auto code = [&](const Principal& p, Action action,
                    const store::Organization& org) -> std::optional<core::ErrorCode> {
        auto r = authz.Authorize(p, action, org.id);
        if (r) return std::nullopt;
        return r.error().code;
    };
    const std::optional<core::ErrorCode> allowed;
    EXPECT_EQ(code(admin_, Action::kManageBadges, lille_), allowed);
    EXPECT_EQ(code(admin_, Action::kAwardBadges, lille_), allowed);
    EXPECT_EQ(code(mediator_, Action::kManageBadges, lille_), core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(code(mediator_, Action::kAwardBadges, lille_), allowed);
    EXPECT_EQ(code(learner_, Action::kManageBadges, lille_), core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(code(learner_, Action::kAwardBadges, lille_), core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(code(outsider_, Action::kAwardBadges, lille_), core::ErrorCode::kNotFound);
    EXPECT_EQ(code(mediator_, Action::kAwardBadges, paris_), core::ErrorCode::kNotFound);
    const Principal root = PlatformAdmin();
    EXPECT_EQ(code(root, Action::kManageBadges, paris_), allowed);
    EXPECT_EQ(code(root, Action::kAwardBadges, paris_), allowed);
    EXPECT_EQ(ActionName(Action::kManageBadges), "manage_badges");
    EXPECT_EQ(ActionName(Action::kAwardBadges), "award_badges");
    // Campaigns: org_admin and mediator run them; a learner may not; outsiders do not see the org.
    EXPECT_EQ(code(admin_, Action::kManageCampaigns, lille_), allowed);
    EXPECT_EQ(code(mediator_, Action::kManageCampaigns, lille_), allowed);
    EXPECT_EQ(code(learner_, Action::kManageCampaigns, lille_), core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(code(outsider_, Action::kManageCampaigns, lille_), core::ErrorCode::kNotFound);
    EXPECT_EQ(ActionName(Action::kManageCampaigns), "manage_campaigns");
    // A mediator's token awards inside its organisation only.
    auto created = Orgs().CreateToken(admin_, lille_.id, "badges", "mediator", kIp);
    ASSERT_TRUE(created);
    auto token = TokenPrincipal(created->secret);
    EXPECT_EQ(code(token, Action::kAwardBadges, lille_), allowed);
    EXPECT_EQ(code(token, Action::kManageBadges, lille_), core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(code(token, Action::kAwardBadges, paris_), core::ErrorCode::kNotFound);
}

TEST_F(OrganizationTest, LastAdminCanNeitherBeDemotedNorRemoved) {
    auto demote = Orgs().ChangeMemberRole(admin_, lille_.id, admin_user_.id, "mediator", kIp);
    ASSERT_FALSE(demote);
    EXPECT_EQ(demote.error().code, core::ErrorCode::kConflict);
    auto remove = Orgs().RemoveMember(admin_, lille_.id, admin_user_.id, kIp);
    ASSERT_FALSE(remove);
    EXPECT_EQ(remove.error().code, core::ErrorCode::kConflict);

    ASSERT_TRUE(Orgs().ChangeMemberRole(admin_, lille_.id, mediator_user_.id, "org_admin", kIp));
    ASSERT_TRUE(Orgs().ChangeMemberRole(admin_, lille_.id, admin_user_.id, "mediator", kIp));
    auto m = store_->Memberships().Get(lille_.id, admin_user_.id);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->role, "mediator");
    EXPECT_EQ(store_->Recorded().Count("org.member_role_changed"), 2);
}

TEST_F(OrganizationTest, AddMemberNeedsAnExistingAccount) {
    auto platform = PlatformAdmin();
    auto unknown = Orgs().AddMember(platform, lille_.id, "personne@example.fr", "learner", kIp);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, core::ErrorCode::kNotFound);
    auto added = Orgs().AddMember(platform, lille_.id, "AUTRE@ailleurs.fr", "mediator", kIp);
    ASSERT_TRUE(added) << added.error().message;
    EXPECT_EQ(added->membership.user_id, outsider_user_.id);
    auto again = Orgs().AddMember(platform, lille_.id, "autre@ailleurs.fr", "learner", kIp);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
    auto bad_role = Orgs().AddMember(platform, lille_.id, "autre@ailleurs.fr", "boss", kIp);
    ASSERT_FALSE(bad_role);
    EXPECT_EQ(bad_role.error().field, "role");
}

// An org_admin could otherwise pre-create an account for someone else's address (invitation link,
// no e-mail check) and later pull it into any org, or add a stranger's account without consent.
TEST_F(OrganizationTest, OnlyPlatformAdminsAddAnExistingAccountDirectly) {
    auto by_admin = Orgs().AddMember(admin_, lille_.id, "autre@ailleurs.fr", "learner", kIp);
    ASSERT_FALSE(by_admin);
    EXPECT_EQ(by_admin.error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_NE(by_admin.error().message.find("invitation"), std::string::npos) << by_admin.error().message;
    auto token = Orgs().CreateToken(admin_, lille_.id, "synchro", "org_admin", kIp);
    ASSERT_TRUE(token);
    auto by_token =
        Orgs().AddMember(TokenPrincipal(token->secret), lille_.id, "autre@ailleurs.fr", "learner", kIp);
    ASSERT_FALSE(by_token);
    EXPECT_EQ(by_token.error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_FALSE(store_->Memberships().Get(lille_.id, outsider_user_.id));
    EXPECT_EQ(store_->Recorded().Count("org.member_added"), 0);
    // A stranger still learns nothing about the org.
    auto foreign = Orgs().AddMember(outsider_, lille_.id, "autre@ailleurs.fr", "learner", kIp);
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().code, core::ErrorCode::kNotFound);
}

// The coordinator role reads every org of a département: an org_admin may neither hand it out
// nor move its org to another département.
TEST_F(OrganizationTest, CoordinatorRoleAndDepartmentAreForPlatformAdmins) {
    auto promote = Orgs().ChangeMemberRole(admin_, lille_.id, mediator_user_.id, "coordinator", kIp);
    ASSERT_FALSE(promote);
    EXPECT_EQ(promote.error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(promote.error().field, "role");
    EXPECT_EQ(store_->Memberships().Get(lille_.id, mediator_user_.id)->role, "mediator");
    auto invite = Orgs().CreateInvitation(admin_, lille_.id, "coord@example.fr", "coordinator", kIp);
    ASSERT_FALSE(invite);
    EXPECT_EQ(invite.error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(invite.error().field, "role");

    OrganizationPatch move;
    move.department = "75";
    auto moved = Orgs().Update(admin_, lille_.id, move, kIp);
    ASSERT_FALSE(moved);
    EXPECT_EQ(moved.error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(moved.error().field, "department");
    OrganizationPatch cleared;
    cleared.department = "";
    ASSERT_FALSE(Orgs().Update(admin_, lille_.id, cleared, kIp));
    EXPECT_EQ(store_->Organizations().Get(lille_.id)->department, "59");
    // A form re-sending the unchanged department still lets the org_admin rename the org.
    OrganizationPatch rename;
    rename.name = "EPN de Lille-Centre";
    rename.department = "59";
    auto renamed = Orgs().Update(admin_, lille_.id, rename, kIp);
    ASSERT_TRUE(renamed) << renamed.error().message;
    EXPECT_EQ(renamed->name, "EPN de Lille-Centre");

    auto platform = PlatformAdmin();
    EXPECT_TRUE(Orgs().ChangeMemberRole(platform, lille_.id, mediator_user_.id, "coordinator", kIp));
    EXPECT_TRUE(Orgs().CreateInvitation(platform, lille_.id, "coord@example.fr", "coordinator", kIp));
    auto moved_by_platform = Orgs().Update(platform, lille_.id, move, kIp);
    ASSERT_TRUE(moved_by_platform) << moved_by_platform.error().message;
    EXPECT_EQ(moved_by_platform->department, "75");
    // Taking the role away stays with the org_admin.
    EXPECT_TRUE(Orgs().ChangeMemberRole(admin_, lille_.id, mediator_user_.id, "mediator", kIp));
}

// A leaked token must not outlive its revocation: it can neither mint tokens nor change members.
TEST_F(OrganizationTest, TokensNeitherManageTokensNorMembers) {
    auto created = Orgs().CreateToken(admin_, lille_.id, "synchro", "org_admin", kIp);
    ASSERT_TRUE(created);
    auto token = TokenPrincipal(created->secret);
    auto expect_denied = [](const auto& r, const char* what) {
        ASSERT_FALSE(r) << what;
        EXPECT_EQ(r.error().code, core::ErrorCode::kPermissionDenied) << what;
    };
    expect_denied(Orgs().CreateToken(token, lille_.id, "relais", "org_admin", kIp), "create token");
    expect_denied(Orgs().ListTokens(token, lille_.id), "list tokens");
    expect_denied(Orgs().RevokeToken(token, lille_.id, created->token.id, kIp), "revoke token");
    expect_denied(Orgs().ChangeMemberRole(token, lille_.id, mediator_user_.id, "org_admin", kIp),
                  "change role");
    expect_denied(Orgs().RemoveMember(token, lille_.id, learner_user_.id, kIp), "remove member");
    EXPECT_EQ(store_->Memberships().Get(lille_.id, mediator_user_.id)->role, "mediator");
    EXPECT_TRUE(store_->Memberships().Get(lille_.id, learner_user_.id));
    auto tokens = store_->ApiTokens().ListByOrg(lille_.id);
    ASSERT_TRUE(tokens);
    EXPECT_EQ(tokens->size(), 1u);
    // Reading members stays allowed.
    EXPECT_TRUE(Orgs().ListMembers(token, lille_.id));
}

TEST_F(OrganizationTest, EveryActionOfATokenNamesItInTheAudit) {
    auto created = Orgs().CreateToken(admin_, lille_.id, "synchro", "org_admin", kIp);
    ASSERT_TRUE(created);
    auto token = TokenPrincipal(created->secret);
    const std::size_t before = store_->Recorded().events.size();
    OrganizationPatch rename;
    rename.name = "EPN de Lille-Centre";
    ASSERT_TRUE(Orgs().Update(token, lille_.id, rename, kIp));
    auto invitation = Orgs().CreateInvitation(token, lille_.id, "nouvelle@example.fr", "learner", kIp);
    ASSERT_TRUE(invitation);
    ASSERT_TRUE(Orgs().RevokeInvitation(token, lille_.id, invitation->invitation.id, kIp));
    const auto& events = store_->Recorded().events;
    ASSERT_EQ(events.size(), before + 3);
    for (std::size_t i = before; i < events.size(); ++i) {
        auto details = nlohmann::json::parse(events[i].details_json);
        EXPECT_EQ(details.value("token_id", ""), created->token.id) << events[i].event;
        EXPECT_EQ(events[i].actor_user_id, "") << events[i].event;
    }
    EXPECT_EQ(events[before].event, "org.updated");
    EXPECT_EQ(events[before + 1].event, "org.invitation_created");
    EXPECT_EQ(events[before + 2].event, "org.invitation_revoked");
    // Session actions carry the user and no token id.
    rename.name = "EPN de Lille";
    ASSERT_TRUE(Orgs().Update(admin_, lille_.id, rename, kIp));
    ASSERT_EQ(events.size(), before + 4);
    auto last = nlohmann::json::parse(events.back().details_json);
    EXPECT_FALSE(last.contains("token_id"));
    EXPECT_EQ(events.back().actor_user_id, admin_user_.id);
}

std::string TokenOf(const std::string& url) { return url.substr(url.rfind('/') + 1); }

TEST_F(OrganizationTest, InvitationNewAccountFlow) {
    auto created = Orgs().CreateInvitation(admin_, lille_.id, "Nouvelle@Example.fr", "mediator", kIp);
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->url.rfind("https://passeur.example/invitations/", 0), 0u) << created->url;
    EXPECT_EQ(created->invitation.expires_at - created->invitation.created_at, 7LL * 24 * 3600 * 1000);
    const std::string token = TokenOf(created->url);
    EXPECT_EQ(created->invitation.token_hash, core::Sha256Hex(token));
    auto pending = Orgs().ListInvitations(admin_, lille_.id);
    ASSERT_TRUE(pending);
    EXPECT_EQ(pending->size(), 1u);

    auto preview = Orgs().PreviewInvitation(token);
    ASSERT_TRUE(preview);
    EXPECT_EQ(preview->org_name, "EPN de Lille");
    EXPECT_FALSE(preview->account_exists);

    auto weak = Orgs().AcceptInvitation(nullptr, token, "court", "Nouvelle", kIp);
    ASSERT_FALSE(weak);
    EXPECT_EQ(weak.error().field, "password");
    auto accepted = Orgs().AcceptInvitation(nullptr, token, kGoodPassword, "Nouvelle", kIp);
    ASSERT_TRUE(accepted) << accepted.error().message;
    EXPECT_EQ(accepted->user.email, "nouvelle@example.fr");
    EXPECT_EQ(accepted->membership.role, "mediator");
    ASSERT_TRUE(accepted->new_session.has_value());
    EXPECT_TRUE(store_->Memberships().Get(lille_.id, accepted->user.id));

    auto twice = Orgs().AcceptInvitation(nullptr, token, kGoodPassword, "Nouvelle", kIp);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, core::ErrorCode::kConflict);
    EXPECT_FALSE(Orgs().PreviewInvitation(token));
    EXPECT_EQ(store_->Recorded().Count("org.invitation_accepted"), 1);
}

TEST_F(OrganizationTest, InvitationForExistingUserNeedsTheirSession) {
    auto created = Orgs().CreateInvitation(admin_, lille_.id, "autre@ailleurs.fr", "learner", kIp);
    ASSERT_TRUE(created);
    const std::string token = TokenOf(created->url);
    auto anonymous = Orgs().AcceptInvitation(nullptr, token, "Un-autre-mdp-99", "", kIp);
    ASSERT_FALSE(anonymous);
    EXPECT_EQ(anonymous.error().code, core::ErrorCode::kConflict);
    auto wrong_person = Orgs().AcceptInvitation(&mediator_, token, "", "", kIp);
    ASSERT_FALSE(wrong_person);
    EXPECT_EQ(wrong_person.error().code, core::ErrorCode::kPermissionDenied);
    auto accepted = Orgs().AcceptInvitation(&outsider_, token, "", "", kIp);
    ASSERT_TRUE(accepted) << accepted.error().message;
    EXPECT_FALSE(accepted->new_session.has_value());
    auto m = store_->Memberships().Get(lille_.id, outsider_user_.id);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->role, "learner");
}

TEST_F(OrganizationTest, InvitationExpiresAndCanBeRevoked) {
    auto created = Orgs().CreateInvitation(admin_, lille_.id, "tardif@example.fr", "learner", kIp);
    ASSERT_TRUE(created);
    clock_.Advance(config_.invitation_ttl_ms);
    auto expired = Orgs().AcceptInvitation(nullptr, TokenOf(created->url), kGoodPassword, "", kIp);
    ASSERT_FALSE(expired);
    EXPECT_EQ(expired.error().code, core::ErrorCode::kNotFound);
    EXPECT_FALSE(store_->Users().FindByEmail("tardif@example.fr"));

    auto second = Orgs().CreateInvitation(admin_, lille_.id, "tardif@example.fr", "learner", kIp);
    ASSERT_TRUE(second);
    auto foreign = Orgs().RevokeInvitation(outsider_, lille_.id, second->invitation.id, kIp);
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().code, core::ErrorCode::kNotFound);
    auto wrong_org = Orgs().RevokeInvitation(outsider_, paris_.id, second->invitation.id, kIp);
    ASSERT_FALSE(wrong_org);
    EXPECT_EQ(wrong_org.error().code, core::ErrorCode::kNotFound);
    ASSERT_TRUE(Orgs().RevokeInvitation(admin_, lille_.id, second->invitation.id, kIp));
    EXPECT_FALSE(Orgs().AcceptInvitation(nullptr, TokenOf(second->url), kGoodPassword, "", kIp));
}

TEST_F(OrganizationTest, ApiTokensAuthenticateWithinTheirOrgOnly) {
    auto created = Orgs().CreateToken(admin_, lille_.id, "synchro", "mediator", kIp);
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->secret.rfind("pst_" + created->token.id + ".", 0), 0u);
    auto bad_role = Orgs().CreateToken(admin_, lille_.id, "x", "coordinator", kIp);
    ASSERT_FALSE(bad_role);
    EXPECT_EQ(bad_role.error().field, "role");
    auto denied = Orgs().CreateToken(mediator_, lille_.id, "x", "learner", kIp);
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, core::ErrorCode::kPermissionDenied);

    auto token = TokenPrincipal(created->secret);
    EXPECT_TRUE(token.IsApiToken());
    EXPECT_TRUE(Orgs().ListMembers(token, lille_.id));
    auto manage = Orgs().ListTokens(token, lille_.id);
    ASSERT_FALSE(manage);
    EXPECT_EQ(manage.error().code, core::ErrorCode::kPermissionDenied);
    auto other = Orgs().Get(token, paris_.id);
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, core::ErrorCode::kNotFound);

    // Wrong secret, malformed, unknown id.
    for (const std::string& bad :
         {created->secret + "x", std::string("pst_") + created->token.id + ".nope", std::string("pst_nope"),
          std::string("abc"), std::string("pst_00000000-0000-4000-8000-000000000000.secret")}) {
        http::Request r = Get("/api/v1/me");
        WithBearer(r, bad);
        auto p = module_->Auth().Authenticate(r);
        ASSERT_FALSE(p) << bad;
        EXPECT_EQ(p.error().code, core::ErrorCode::kUnauthenticated);
    }

    // last_used_at is written at most once a minute.
    auto stored = store_->ApiTokens().Get(created->token.id);
    ASSERT_TRUE(stored);
    const auto first_use = stored->last_used_at;
    EXPECT_EQ(first_use, clock_.NowMillis());
    clock_.Advance(30'000);
    TokenPrincipal(created->secret);
    EXPECT_EQ(store_->ApiTokens().Get(created->token.id)->last_used_at, first_use);
    clock_.Advance(30'000);
    TokenPrincipal(created->secret);
    EXPECT_EQ(store_->ApiTokens().Get(created->token.id)->last_used_at, first_use + 60'000);

    auto listed = Orgs().ListTokens(admin_, lille_.id);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1u);
    ASSERT_TRUE(Orgs().RevokeToken(admin_, lille_.id, created->token.id, kIp));
    http::Request r = Get("/api/v1/me");
    WithBearer(r, created->secret);
    auto revoked = module_->Auth().Authenticate(r);
    ASSERT_FALSE(revoked);
    EXPECT_EQ(revoked.error().code, core::ErrorCode::kUnauthenticated);
    EXPECT_EQ(store_->Recorded().Count("org.token_revoked"), 1);
}

TEST_F(OrganizationTest, AuditListsOrgEventsForAdminsOnly) {
    ASSERT_TRUE(Orgs().CreateToken(admin_, lille_.id, "synchro", "mediator", kIp));
    ASSERT_TRUE(Orgs().CreateInvitation(admin_, lille_.id, "x@example.fr", "learner", kIp));
    auto events = Orgs().ListAudit(admin_, lille_.id, 100);
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 2u);
    EXPECT_EQ((*events)[0].ip, std::string(kIp));
    EXPECT_EQ((*events)[0].actor_user_id, admin_user_.id);
    for (const auto& e : *events) EXPECT_EQ(e.details_json.find("x@example.fr"), std::string::npos);
    auto denied = Orgs().ListAudit(mediator_, lille_.id, 100);
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, core::ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace passeur::account::testing
