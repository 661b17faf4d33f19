#include "campaign/model.hpp"

#include <set>

#include <gtest/gtest.h>

namespace passeur::campaign {
namespace {

constexpr std::int64_t kNow = 1'767'225'600'000;  // 2026-01-01

CampaignInput Valid() {
    CampaignInput in;
    in.name = "  Conseillers numériques  ";
    in.target_profile_id = "mediateur-socle";
    return in;
}

std::string FieldOf(const CampaignInput& in) {
    auto r = NormalizeCampaignInput(in, kNow);
    EXPECT_FALSE(r.has_value());
    if (r) return "";
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    return r.error().field;
}

TEST(CampaignInputTest, ValidInputIsTrimmed) {
    auto r = NormalizeCampaignInput(Valid(), kNow);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->name, "Conseillers numériques");
}

TEST(CampaignInputTest, NameLength) {
    CampaignInput in = Valid();
    in.name = "   ";
    EXPECT_EQ(FieldOf(in), "name");
    in.name = std::string(kNameMaxChars, 'a');
    EXPECT_TRUE(NormalizeCampaignInput(in, kNow));
    in.name = std::string(kNameMaxChars + 1, 'a');
    EXPECT_EQ(FieldOf(in), "name");
    // Counted in characters, not bytes: 120 "é" are 240 bytes and allowed.
    in.name.clear();
    for (std::size_t i = 0; i < kNameMaxChars; ++i) in.name += "é";
    EXPECT_TRUE(NormalizeCampaignInput(in, kNow));
    in.name = "Nom\x01";
    EXPECT_EQ(FieldOf(in), "name");
    in.name = "Nom \xff";
    EXPECT_EQ(FieldOf(in), "name");
}

TEST(CampaignInputTest, ProfileRequired) {
    CampaignInput in = Valid();
    in.target_profile_id = " ";
    EXPECT_EQ(FieldOf(in), "target_profile_id");
}

TEST(CampaignInputTest, DatesOrder) {
    CampaignInput in = Valid();
    in.opens_at = kNow + 10 * kDayMillis;
    in.closes_at = kNow + 5 * kDayMillis;
    EXPECT_EQ(FieldOf(in), "closes_at");
    in.closes_at = in.opens_at;
    EXPECT_EQ(FieldOf(in), "closes_at");
    in.closes_at = in.opens_at + 1;
    EXPECT_TRUE(NormalizeCampaignInput(in, kNow));
    in.opens_at = 0;
    in.closes_at = kNow;  // already past
    EXPECT_EQ(FieldOf(in), "closes_at");
    in.closes_at = -1;
    EXPECT_EQ(FieldOf(in), "closes_at");
    in.closes_at = 0;
    in.opens_at = -5;
    EXPECT_EQ(FieldOf(in), "opens_at");
}

TEST(CampaignInputTest, SettingsBounds) {
    CampaignInput in = Valid();
    in.settings.se_target = kSeTargetMin;
    EXPECT_TRUE(NormalizeCampaignInput(in, kNow));
    in.settings.se_target = kSeTargetMax;
    EXPECT_TRUE(NormalizeCampaignInput(in, kNow));
    in.settings.se_target = 0.19;
    EXPECT_EQ(FieldOf(in), "settings.se_target");
    in.settings.se_target = 1.01;
    EXPECT_EQ(FieldOf(in), "settings.se_target");
    in.settings.se_target = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(FieldOf(in), "settings.se_target");
    in.settings.se_target = 0.4;
    for (int ok : {0, kMaxLengthMin, kMaxLengthMax}) {
        in.settings.max_length = ok;
        EXPECT_TRUE(NormalizeCampaignInput(in, kNow)) << ok;
    }
    for (int bad : {-1, 1, kMaxLengthMin - 1, kMaxLengthMax + 1}) {
        in.settings.max_length = bad;
        EXPECT_EQ(FieldOf(in), "settings.max_length") << bad;
    }
    in.settings.max_length = 0;
    in.settings.allowed_needs = 8;
    EXPECT_EQ(FieldOf(in), "settings.allowed_needs");
}

TEST(CampaignInputTest, RetryRules) {
    CampaignInput in = Valid();
    in.retry_after_days = 3;
    EXPECT_EQ(FieldOf(in), "retry_after_days");  // a delay without retry
    in.retry_allowed = true;
    EXPECT_TRUE(NormalizeCampaignInput(in, kNow));
    in.retry_after_days = kRetryAfterDaysMax + 1;
    EXPECT_EQ(FieldOf(in), "retry_after_days");
    in.retry_after_days = -1;
    EXPECT_EQ(FieldOf(in), "retry_after_days");
}

TEST(CampaignInputTest, ExternalIdLabelAndPurpose) {
    CampaignInput in = Valid();
    in.external_id_purpose = "Relier vos résultats à votre dossier.";
    EXPECT_EQ(FieldOf(in), "external_id_label");
    in.external_id_label = "Numéro de demandeur d'emploi";
    EXPECT_TRUE(NormalizeCampaignInput(in, kNow));
    in.external_id_purpose = " ";
    EXPECT_EQ(FieldOf(in), "external_id_purpose");
    in.external_id_purpose = std::string(kExternalIdPurposeMaxChars + 1, 'x');
    EXPECT_EQ(FieldOf(in), "external_id_purpose");
    in.external_id_purpose = "ok";
    in.external_id_label = std::string(kExternalIdLabelMaxChars + 1, 'x');
    EXPECT_EQ(FieldOf(in), "external_id_label");
}

TEST(CampaignSettingsTest, JsonRoundTripAndErrors) {
    CampaignSettings s{0.3, 40, 5};
    EXPECT_EQ(SettingsToJson(s), R"({"allowed_needs":5,"max_length":40,"se_target":0.3})");
    auto back = SettingsFromJson(SettingsToJson(s));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, s);
    EXPECT_EQ(SettingsFromJson("{").error().field, "settings");
    EXPECT_EQ(SettingsFromJson("[]").error().field, "settings");
    EXPECT_EQ(SettingsFromJson(R"({"max_length":"x"})").error().field, "settings.max_length");
    EXPECT_EQ(SettingsFromJson(R"({"allowed_needs":9})").error().field, "settings.allowed_needs");
    EXPECT_EQ(*SettingsFromJson("{}"), CampaignSettings{});
}

TEST(CampaignCodeTest, AlphabetAndLength) {
    core::SeededRandom random(1);
    std::set<std::string> seen;
    std::set<char> letters;
    for (int i = 0; i < 2000; ++i) {
        const std::string code = NewCampaignCode(random);
        ASSERT_EQ(code.size(), kCodeLength);
        for (char c : code) {
            ASSERT_NE(kCodeAlphabet.find(c), std::string_view::npos) << code;
            letters.insert(c);
        }
        seen.insert(code);
    }
    EXPECT_EQ(seen.size(), 2000u);      // 2^40 codes: no collision expected here
    EXPECT_EQ(letters.size(), 32u);     // every symbol drawn
    EXPECT_EQ(letters.count('O'), 0u);  // unambiguous
    EXPECT_EQ(letters.count('0'), 0u);
    EXPECT_EQ(letters.count('I'), 0u);
    EXPECT_EQ(letters.count('1'), 0u);
}

TEST(CampaignCodeTest, Normalisation) {
    EXPECT_EQ(*NormalizeCampaignCode("abcd-efgh"), "ABCDEFGH");
    EXPECT_EQ(*NormalizeCampaignCode(" AbCd EfGh "), "ABCDEFGH");
    EXPECT_EQ(*NormalizeCampaignCode("a-b-c-d-2-3-4-5"), "ABCD2345");
    for (const char* bad : {"", "ABCDEFG", "ABCDEFGHJ", "ABCDEFG0", "ABCDEFGO", "ABCDEFG1", "ABCDEFGI",
                            "ABCDÉFGH", "ABCD_EFG"}) {
        auto r = NormalizeCampaignCode(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().field, "code");
    }
    EXPECT_FALSE(NormalizeCampaignCode(std::string(100, ' ') + "ABCDEFGH"));
    EXPECT_EQ(FormatCampaignCode("ABCDEFGH"), "ABCD-EFGH");
    EXPECT_EQ(*NormalizeCampaignCode(FormatCampaignCode("ABCDEFGH")), "ABCDEFGH");
}

TEST(ParticipationTest, StateMachine) {
    using S = ParticipationStatus;
    using E = ParticipationEvent;
    EXPECT_EQ(*NextStatus(S::kStarted, E::kAttachAssessment, false), S::kStarted);
    EXPECT_FALSE(NextStatus(S::kStarted, E::kAttachAssessment, true));
    EXPECT_FALSE(NextStatus(S::kCompleted, E::kAttachAssessment, true));
    EXPECT_EQ(*NextStatus(S::kStarted, E::kComplete, true), S::kCompleted);
    EXPECT_FALSE(NextStatus(S::kStarted, E::kComplete, false));
    EXPECT_FALSE(NextStatus(S::kCompleted, E::kComplete, true));
    EXPECT_FALSE(NextStatus(S::kStarted, E::kShare, true));
    EXPECT_EQ(*NextStatus(S::kCompleted, E::kShare, true), S::kShared);
    EXPECT_EQ(*NextStatus(S::kShared, E::kShare, true), S::kShared);
    for (S s : {S::kStarted, S::kCompleted, S::kShared}) EXPECT_EQ(*NextStatus(s, E::kLeave, true), S::kLeft);
    for (E e : {E::kAttachAssessment, E::kComplete, E::kShare, E::kLeave}) {
        auto r = NextStatus(S::kLeft, e, true);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, core::ErrorCode::kConflict);
        EXPECT_EQ(r.error().field, "status");
    }
    for (S s : {S::kStarted, S::kCompleted, S::kShared, S::kLeft}) {
        EXPECT_EQ(ParseParticipationStatus(ParticipationStatusName(s)), s);
    }
    EXPECT_FALSE(ParseParticipationStatus("joined"));
}

Campaign OpenCampaign() {
    Campaign c;
    c.name = "C";
    c.code = "ABCDEFGH";
    return c;
}

TEST(JoinRulesTest, Dates) {
    Campaign c = OpenCampaign();
    EXPECT_TRUE(CheckJoinable(c, kNow));
    c.opens_at = kNow + 1;
    auto early = CheckJoinable(c, kNow);
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code, core::ErrorCode::kConflict);
    EXPECT_NE(early.error().message.find("pas encore ouverte"), std::string::npos);
    EXPECT_NE(early.error().message.find("2026-01-01"), std::string::npos);
    EXPECT_TRUE(CheckJoinable(c, kNow + 1));
    c.closes_at = kNow + 100;
    EXPECT_TRUE(CheckJoinable(c, kNow + 99));
    auto late = CheckJoinable(c, kNow + 100);
    ASSERT_FALSE(late);
    EXPECT_NE(late.error().message.find("close"), std::string::npos);
    c.closes_at = 0;
    c.archived_at = kNow;
    auto archived = CheckJoinable(c, kNow + 5);
    ASSERT_FALSE(archived);
    EXPECT_NE(archived.error().message.find("archivée"), std::string::npos);
}

TEST(JoinRulesTest, ExternalId) {
    Campaign c = OpenCampaign();
    EXPECT_EQ(*NormalizeExternalId(c, ""), "");
    EXPECT_EQ(NormalizeExternalId(c, "123").error().field, "external_id");
    c.external_id_label = "Numéro France Travail";
    EXPECT_EQ(NormalizeExternalId(c, "  ").error().field, "external_id");
    EXPECT_NE(NormalizeExternalId(c, "").error().message.find("Numéro France Travail"), std::string::npos);
    EXPECT_EQ(*NormalizeExternalId(c, " 1234567A "), "1234567A");
    EXPECT_FALSE(NormalizeExternalId(c, std::string(kExternalIdMaxChars + 1, '9')));
    EXPECT_FALSE(NormalizeExternalId(c, "12\n34"));
}

TEST(JoinRulesTest, Retry) {
    Campaign c = OpenCampaign();
    using S = ParticipationStatus;
    EXPECT_TRUE(CheckRetry(c, S::kLeft, 0, kNow));
    EXPECT_FALSE(CheckRetry(c, S::kStarted, 0, kNow));
    EXPECT_FALSE(CheckRetry(c, S::kShared, kNow, kNow + 400 * kDayMillis));  // no retry allowed
    c.retry_allowed = true;
    c.retry_after_days = 7;
    auto soon = CheckRetry(c, S::kCompleted, kNow, kNow + 7 * kDayMillis - 1);
    ASSERT_FALSE(soon);
    EXPECT_NE(soon.error().message.find("2026-01-08"), std::string::npos);
    EXPECT_TRUE(CheckRetry(c, S::kCompleted, kNow, kNow + 7 * kDayMillis));
    EXPECT_TRUE(CheckRetry(c, S::kShared, kNow, kNow + 8 * kDayMillis));
}

TEST(VerdictTest, AgainstTarget) {
    EXPECT_EQ(TargetVerdict(3, 4, 3), "met");
    EXPECT_EQ(TargetVerdict(1, 2, 3), "gap");
    EXPECT_EQ(TargetVerdict(2, 3, 3), "uncertain");
}

}  // namespace
}  // namespace passeur::campaign
