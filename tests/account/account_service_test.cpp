#include <optional>

#include <gtest/gtest.h>

#include "fixture.hpp"

namespace passeur::account::testing {
namespace {

constexpr std::int64_t kMinute = 60'000;

TEST_F(AccountTest, LoginSucceedsWithRightPasswordAndOpensSession) {
    auto user = MakeUser("Camille@Example.FR");
    EXPECT_EQ(user.email, "camille@example.fr");
    EXPECT_TRUE(user.password_hash.empty());
    auto login = Login("camille@example.fr");
    EXPECT_EQ(login.user.id, user.id);
    EXPECT_FALSE(login.secret.empty());
    EXPECT_EQ(login.session.id_hash, core::Sha256Hex(login.secret));
    auto stored = store_->Sessions().Get(login.session.id_hash);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->user_id, user.id);
    EXPECT_NE(stored->csrf_token, "");
    auto p = SessionPrincipal(login);
    EXPECT_EQ(p.user.id, user.id);
    EXPECT_EQ(p.csrf_token, login.session.csrf_token);
}

TEST_F(AccountTest, WrongPasswordAndUnknownEmailGiveTheSameError) {
    MakeUser("camille@example.fr");
    auto wrong = module_->Accounts().Login("camille@example.fr", "Pas-le-bon-mdp-1", kIp);
    auto unknown = module_->Accounts().Login("personne@example.fr", "Pas-le-bon-mdp-1", kIp);
    ASSERT_FALSE(wrong);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(wrong.error().code, core::ErrorCode::kUnauthenticated);
    EXPECT_EQ(unknown.error().code, core::ErrorCode::kUnauthenticated);
    EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_F(AccountTest, AccountRateLimitBlocksAfterFailuresAndResetsWithWindowOrSuccess) {
    MakeUser("camille@example.fr");
    clock_.Set(1'767'225'600'000);  // start of a 15-minute window
    for (int i = 0; i < config_.login_failures_per_account; ++i) {
        auto r = module_->Accounts().Login("camille@example.fr", "Mauvais-mdp-00", kIp);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, core::ErrorCode::kUnauthenticated);
    }
    // Even the right password is refused while the account is locked.
    auto locked = module_->Accounts().Login("camille@example.fr", kGoodPassword, kIp);
    ASSERT_FALSE(locked);
    EXPECT_EQ(locked.error().code, core::ErrorCode::kRateLimited);
    EXPECT_EQ(store_->Recorded().Count("auth.login_failed"), config_.login_failures_per_account);
    EXPECT_EQ(store_->Recorded().Count("auth.login_rate_limited"), 1);

    clock_.Advance(config_.rate_window_ms);
    EXPECT_TRUE(module_->Accounts().Login("camille@example.fr", kGoodPassword, kIp));

    // A success resets the account counter: 4 failures, success, 4 failures still allowed.
    for (int i = 0; i < config_.login_failures_per_account - 1; ++i) {
        ASSERT_FALSE(module_->Accounts().Login("camille@example.fr", "Mauvais-mdp-00", kIp));
    }
    EXPECT_TRUE(module_->Accounts().Login("camille@example.fr", kGoodPassword, kIp));
    for (int i = 0; i < config_.login_failures_per_account - 1; ++i) {
        auto r = module_->Accounts().Login("camille@example.fr", "Mauvais-mdp-00", kIp);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, core::ErrorCode::kUnauthenticated);
    }
    EXPECT_TRUE(module_->Accounts().Login("camille@example.fr", kGoodPassword, kIp));
}

TEST_F(AccountTest, IpRateLimitCountsAllAttemptsFromOneAddress) {
    MakeUser("camille@example.fr");
    clock_.Set(1'767'225'600'000);
    for (int i = 0; i < config_.login_attempts_per_ip; ++i) {
        // Different unknown e-mails: the per-account limit never triggers.
        auto r =
            module_->Accounts().Login("inconnu" + std::to_string(i) + "@example.fr", "Mauvais-mdp-00", kIp);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, core::ErrorCode::kUnauthenticated) << i;
    }
    auto blocked = module_->Accounts().Login("camille@example.fr", kGoodPassword, kIp);
    ASSERT_FALSE(blocked);
    EXPECT_EQ(blocked.error().code, core::ErrorCode::kRateLimited);
    EXPECT_EQ(store_->Recorded().Count("auth.login_rate_limited"), 1);
    EXPECT_TRUE(module_->Accounts().Login("camille@example.fr", kGoodPassword, "198.51.100.7"));
    clock_.Advance(config_.rate_window_ms);
    EXPECT_TRUE(module_->Accounts().Login("camille@example.fr", kGoodPassword, kIp));
}

TEST_F(AccountTest, SessionIdleExpirySlidesAndAbsoluteExpiryHolds) {
    MakeUser("camille@example.fr");
    auto login = Login("camille@example.fr");
    http::Request r = Get("/api/v1/me");
    WithSession(r, login, false);
    // Active every hour: the idle expiry (2 h) slides, until the absolute one (12 h).
    for (int hour = 1; hour < 12; ++hour) {
        clock_.Advance(60 * kMinute);
        ASSERT_TRUE(module_->Auth().Authenticate(r)) << "hour " << hour;
    }
    clock_.Advance(60 * kMinute);  // 12 h after login
    auto expired = module_->Auth().Authenticate(r);
    ASSERT_FALSE(expired);
    EXPECT_EQ(expired.error().code, core::ErrorCode::kUnauthenticated);

    auto second = Login("camille@example.fr");
    http::Request r2 = Get("/api/v1/me");
    WithSession(r2, second, false);
    clock_.Advance(2 * 60 * kMinute);  // idle for exactly 2 h
    auto idle = module_->Auth().Authenticate(r2);
    ASSERT_FALSE(idle);
    EXPECT_EQ(idle.error().code, core::ErrorCode::kUnauthenticated);
    EXPECT_FALSE(store_->Sessions().Get(second.session.id_hash));  // deleted on sight
}

TEST_F(AccountTest, PasswordChangeRotatesSessions) {
    MakeUser("camille@example.fr");
    auto first = Login("camille@example.fr");
    auto other = Login("camille@example.fr");
    auto p = SessionPrincipal(first);
    auto wrong = module_->Accounts().ChangePassword(p, "Pas-le-bon-mdp-1", "Nouveau-mot-2-passe", kIp);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().field, "current_password");
    auto weak = module_->Accounts().ChangePassword(p, kGoodPassword, "court", kIp);
    ASSERT_FALSE(weak);
    EXPECT_EQ(weak.error().field, "new_password");

    auto changed = module_->Accounts().ChangePassword(p, kGoodPassword, "Nouveau-mot-2-passe", kIp);
    ASSERT_TRUE(changed) << changed.error().message;
    EXPECT_FALSE(store_->Sessions().Get(first.session.id_hash));
    EXPECT_FALSE(store_->Sessions().Get(other.session.id_hash));
    EXPECT_TRUE(store_->Sessions().Get(changed->session.id_hash));
    EXPECT_FALSE(module_->Accounts().Login("camille@example.fr", kGoodPassword, kIp));
    EXPECT_TRUE(module_->Accounts().Login("camille@example.fr", "Nouveau-mot-2-passe", kIp));
}

TEST_F(AccountTest, PasswordRechecksShareTheAccountFailureLimit) {
    MakeUser("camille@example.fr");
    clock_.Set(1'767'225'600'000);
    auto p = SessionPrincipal(Login("camille@example.fr"));
    for (int i = 0; i < config_.login_failures_per_account; ++i) {
        auto r = module_->Accounts().ChangePassword(p, "Pas-le-bon-mdp-1", "Nouveau-mot-2-passe", kIp);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    }
    auto limited = module_->Accounts().DeleteAccount(p, kGoodPassword, kIp);
    ASSERT_FALSE(limited);
    EXPECT_EQ(limited.error().code, core::ErrorCode::kRateLimited);
    EXPECT_EQ(store_->Recorded().Count("auth.password_change_failed"), config_.login_failures_per_account);
}

// Plays a password change landing between the login's password check and its session opening:
// the session must not be made from the superseded password.
TEST_F(AccountTest, LoginRefusesASessionWhenThePasswordChangedDuringTheCheck) {
    auto user = MakeUser("camille@example.fr");
    store_->HookedUserRepository().after_read = [&] {
        auto row = store_->RawUsers().Get(user.id);
        ASSERT_TRUE(row);
        row->password_hash = "$argon2id$changed-concurrently";
        ASSERT_TRUE(store_->RawUsers().Update(*row));
    };
    auto login = module_->Accounts().Login("camille@example.fr", kGoodPassword, kIp);
    ASSERT_FALSE(login);
    EXPECT_EQ(login.error().code, core::ErrorCode::kUnauthenticated);
    auto sessions = store_->Sessions().ListForUser(user.id);
    ASSERT_TRUE(sessions);
    EXPECT_TRUE(sessions->empty());
    EXPECT_EQ(store_->Recorded().Count("auth.login"), 0);
}

// Plays a password change landing between the profile edit's read and its write: the edit must
// not write back the hash it read.
TEST_F(AccountTest, ProfileUpdateKeepsAPasswordChangedMeanwhile) {
    auto user = MakeUser("camille@example.fr");
    auto p = SessionPrincipal(Login("camille@example.fr"));
    store_->HookedUserRepository().after_read = [&] {
        auto row = store_->RawUsers().Get(user.id);
        ASSERT_TRUE(row);
        row->password_hash = "$argon2id$changed-concurrently";
        ASSERT_TRUE(store_->RawUsers().Update(*row));
    };
    ProfilePatch patch;
    patch.display_name = "Camille Martin";
    patch.locale = "en";
    auto updated = module_->Accounts().UpdateProfile(p, patch, kIp);
    ASSERT_TRUE(updated) << updated.error().message;
    EXPECT_TRUE(updated->password_hash.empty());
    auto stored = store_->Users().Get(user.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->password_hash, "$argon2id$changed-concurrently");
    EXPECT_EQ(stored->display_name, "Camille Martin");
    EXPECT_EQ(stored->locale, "en");
}

// Two attempts in flight at once when one failure is left before the lock: only one of them may
// have its password checked. Played by starting the second attempt from inside the first, after
// the first has passed its rate-limit check and read the user.
TEST_F(AccountTest, ConcurrentLoginAttemptsCannotAllPassTheAccountLimit) {
    MakeUser("camille@example.fr");
    clock_.Set(1'767'225'600'000);
    for (int i = 0; i < config_.login_failures_per_account - 1; ++i) {
        ASSERT_FALSE(module_->Accounts().Login("camille@example.fr", "Mauvais-mdp-00", kIp));
    }
    std::optional<core::Result<LoginResult>> inner;
    store_->HookedUserRepository().after_read = [&] {
        inner = module_->Accounts().Login("camille@example.fr", "Mauvais-mdp-01", kIp);
    };
    auto outer = module_->Accounts().Login("camille@example.fr", "Mauvais-mdp-02", kIp);
    ASSERT_FALSE(outer);
    EXPECT_EQ(outer.error().code, core::ErrorCode::kUnauthenticated);
    ASSERT_TRUE(inner.has_value());
    ASSERT_FALSE(*inner);
    EXPECT_EQ(inner->error().code, core::ErrorCode::kRateLimited);
    EXPECT_EQ(store_->Recorded().Count("auth.login_failed"), config_.login_failures_per_account);
}

TEST_F(AccountTest, LoginRehashesWhenCostParametersChange) {
    auto user = MakeUser("camille@example.fr");
    auto before = store_->Users().Get(user.id);
    ASSERT_TRUE(before);
    AccountConfig stronger = config_;
    stronger.argon2_opslimit = kArgon2OpsLimitMin + 1;
    AccountModule upgraded(*store_, clock_, random_, stronger);
    ASSERT_TRUE(upgraded.Accounts().Login("camille@example.fr", kGoodPassword, kIp));
    auto after = store_->Users().Get(user.id);
    ASSERT_TRUE(after);
    EXPECT_NE(before->password_hash, after->password_hash);
    EXPECT_NE(after->password_hash.find("t=2"), std::string::npos) << after->password_hash;
}

TEST_F(AccountTest, ExportContainsEverythingAboutTheUserButNoSecrets) {
    auto user = MakeUser("camille@example.fr");
    auto org = MakeOrg("EPN de Lille", "59");
    Join(org, user, kRoleOrgAdmin);
    auto login = Login("camille@example.fr");
    auto p = SessionPrincipal(login);
    auto token = module_->Organizations().CreateToken(p, org.id, "import", "mediator", kIp);
    ASSERT_TRUE(token);
    auto inv = module_->Organizations().CreateInvitation(p, org.id, "dominique@example.fr", "learner", kIp);
    ASSERT_TRUE(inv);

    auto exported = module_->Accounts().Export(p);
    ASSERT_TRUE(exported) << exported.error().message;
    const auto& j = *exported;
    EXPECT_EQ(j["user"]["email"], "camille@example.fr");
    EXPECT_FALSE(j["user"].contains("password_hash"));
    ASSERT_EQ(j["memberships"].size(), 1u);
    EXPECT_EQ(j["memberships"][0]["org_name"], "EPN de Lille");
    EXPECT_EQ(j["memberships"][0]["role"], "org_admin");
    ASSERT_EQ(j["sessions"].size(), 1u);
    EXPECT_TRUE(j["sessions"][0]["current"].get<bool>());
    ASSERT_EQ(j["api_tokens_created"].size(), 1u);
    EXPECT_EQ(j["api_tokens_created"][0]["name"], "import");
    ASSERT_EQ(j["invitations_created"].size(), 1u);
    EXPECT_EQ(j["invitations_created"][0]["email"], "dominique@example.fr");
    EXPECT_GE(j["audit_events"].size(), 3u);  // login, token created, invitation created
    const std::string text = j.dump();
    EXPECT_EQ(text.find("$argon2"), std::string::npos);
    EXPECT_EQ(text.find(login.session.id_hash), std::string::npos);
    EXPECT_EQ(text.find(token->token.secret_hash), std::string::npos);
    EXPECT_EQ(text.find(login.secret), std::string::npos);
}

TEST_F(AccountTest, DeleteAccountCascadesAndRefusesLastAdmin) {
    auto user = MakeUser("camille@example.fr");
    auto other = MakeUser("dominique@example.fr");
    auto org = MakeOrg("EPN de Lille", "59");
    Join(org, user, kRoleOrgAdmin);
    Join(org, other, kRoleMediator);
    auto login = Login("camille@example.fr");
    auto p = SessionPrincipal(login);

    auto last = module_->Accounts().DeleteAccount(p, kGoodPassword, kIp);
    ASSERT_FALSE(last);
    EXPECT_EQ(last.error().code, core::ErrorCode::kConflict);
    EXPECT_NE(last.error().message.find("EPN de Lille"), std::string::npos);

    Join(org, other, kRoleOrgAdmin);
    auto bad = module_->Accounts().DeleteAccount(p, "Pas-le-bon-mdp-1", kIp);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "password");
    ASSERT_TRUE(module_->Accounts().DeleteAccount(p, kGoodPassword, kIp));

    EXPECT_FALSE(store_->Users().Get(user.id));
    EXPECT_FALSE(store_->Sessions().Get(login.session.id_hash));
    EXPECT_FALSE(store_->Memberships().Get(org.id, user.id));
    EXPECT_FALSE(module_->Accounts().Login("camille@example.fr", kGoodPassword, kIp));
    bool found = false;
    for (const auto& e : store_->Recorded().events) {
        if (e.event == "user.deleted") {
            found = true;
            EXPECT_EQ(e.subject, user.id);
            EXPECT_EQ(e.details_json.find("camille"), std::string::npos);
        }
        EXPECT_EQ(e.details_json.find("camille@example.fr"), std::string::npos) << e.event;
    }
    EXPECT_TRUE(found);
}

TEST_F(AccountTest, TokensCannotChangeTheAccount) {
    auto user = MakeUser("camille@example.fr");
    auto org = MakeOrg("EPN de Lille");
    Join(org, user, kRoleOrgAdmin);
    auto p = SessionPrincipal(Login("camille@example.fr"));
    auto token = module_->Organizations().CreateToken(p, org.id, "robot", "org_admin", kIp);
    ASSERT_TRUE(token);
    auto tp = TokenPrincipal(token->secret);
    auto del = module_->Accounts().DeleteAccount(tp, kGoodPassword, kIp);
    ASSERT_FALSE(del);
    EXPECT_EQ(del.error().code, core::ErrorCode::kPermissionDenied);
    auto pw = module_->Accounts().ChangePassword(tp, kGoodPassword, "Nouveau-mot-2-passe", kIp);
    ASSERT_FALSE(pw);
    EXPECT_EQ(pw.error().code, core::ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace passeur::account::testing
