// The pure badge model: names of enumerations, achievement types, text and date checks, calendar
// months, and the award rules against measured competences (the lower bound of the range counts).
#include "badge/model.hpp"

#include <gtest/gtest.h>

namespace passeur::badge {
namespace {

TEST(BadgeModel, EnumerationNamesRoundTrip) {
    for (BadgeStatus s : {BadgeStatus::kDraft, BadgeStatus::kActive, BadgeStatus::kArchived}) {
        EXPECT_EQ(ParseBadgeStatus(BadgeStatusName(s)), s);
    }
    for (RuleKind k : {RuleKind::kManual, RuleKind::kCompetenceLevel, RuleKind::kTargetProfile}) {
        EXPECT_EQ(ParseRuleKind(RuleKindName(k)), k);
    }
    for (AwardState s : {AwardState::kActive, AwardState::kSuspended, AwardState::kRevoked}) {
        EXPECT_EQ(ParseAwardState(AwardStateName(s)), s);
    }
    EXPECT_FALSE(ParseBadgeStatus("Active"));
    EXPECT_FALSE(ParseRuleKind("auto"));
    EXPECT_FALSE(ParseAwardState(""));
}

TEST(BadgeModel, AchievementTypesAreTheOpenBadgesList) {
    EXPECT_EQ(AchievementTypes().size(), 31u);
    for (const char* ok :
         {"Achievement", "Badge", "Competency", "Certificate", "Certification", "MicroCredential",
          "SecondarySchoolDiploma", "ext:MediationNumerique", "ext:a.b-c_d"}) {
        EXPECT_TRUE(IsAchievementType(ok)) << ok;
    }
    for (const char* bad : {"", "badge", "Competence", "ext:", "ext:a b", "ext:é", "Extension:X",
                            "ext:0123456789012345678901234567890123456789012345678901234567890"}) {
        EXPECT_FALSE(IsAchievementType(bad)) << bad;
    }
}

TEST(BadgeModel, CleanTextTrimsAndBounds) {
    auto ok = CleanText("  Bonjour\n", 100, "name", "Le nom");
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, "Bonjour");
    auto empty = CleanText("   ", 100, "name", "Le nom");
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().field, "name");
    EXPECT_NE(empty.error().message.find("requis"), std::string::npos);
    EXPECT_TRUE(CleanText("", 100, "observer", "L'observateur", false));
    auto long_text = CleanText(std::string(101, 'a'), 100, "name", "Le nom");
    ASSERT_FALSE(long_text);
    EXPECT_NE(long_text.error().message.find("100"), std::string::npos);
    EXPECT_FALSE(
        CleanText("a\x01"
                  "b",
                  100, "name", "Le nom"));
    EXPECT_FALSE(CleanText("\xff", 100, "name", "Le nom"));
    EXPECT_TRUE(CleanText("ligne 1\nligne 2\ttab", 100, "name", "Le nom"));
}

TEST(BadgeModel, DatesAreRealCalendarDays) {
    auto d = ParseDate("2026-03-12", "observed_on");
    ASSERT_TRUE(d);
    EXPECT_EQ(IsoDate(*d), "2026-03-12");
    EXPECT_TRUE(ParseDate("2024-02-29", "d"));
    for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "12/03/2026", "2026-03-32",
                            "", "1899-12-31", "2026-03-1x"}) {
        auto r = ParseDate(bad, "observed_on");
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().field, "observed_on");
    }
}

TEST(BadgeModel, AddMonthsClampsToTheEndOfTheMonth) {
    const auto at = [](const char* iso) { return *ParseDate(iso, "d"); };
    EXPECT_EQ(IsoDate(AddMonths(at("2026-01-31"), 1)), "2026-02-28");
    EXPECT_EQ(IsoDate(AddMonths(at("2028-01-31"), 1)), "2028-02-29");
    EXPECT_EQ(IsoDate(AddMonths(at("2026-03-15"), 12)), "2027-03-15");
    EXPECT_EQ(IsoDate(AddMonths(at("2026-11-30"), 3)), "2027-02-28");
    EXPECT_EQ(IsoDate(AddMonths(at("2026-05-10"), 0)), "2026-05-10");
    // The time of day is kept.
    const std::int64_t noon = at("2026-01-31") + 12 * 3600 * 1000;
    EXPECT_EQ(AddMonths(noon, 1) - at("2026-02-28"), 12 * 3600 * 1000);
    EXPECT_EQ(IsoDate(0), "1970-01-01");
}

TEST(BadgeModel, RuleShape) {
    EXPECT_TRUE(ValidateRuleShape({}));
    AwardRule level;
    level.kind = RuleKind::kCompetenceLevel;
    level.competence = {"competences-numeriques", "", "1.1"};
    level.level = 3;
    EXPECT_TRUE(ValidateRuleShape(level));
    level.level = 9;
    EXPECT_EQ(ValidateRuleShape(level).error().field, "rule.level");
    level.level = 0;
    EXPECT_EQ(ValidateRuleShape(level).error().field, "rule.level");
    level.level = 2;
    level.competence.competence = "";
    EXPECT_EQ(ValidateRuleShape(level).error().field, "rule.competence");
    AwardRule profile;
    profile.kind = RuleKind::kTargetProfile;
    EXPECT_EQ(ValidateRuleShape(profile).error().field, "rule.target_profile_id");
}

TEST(BadgeModel, RulesCountTheLowerBoundOfTheRange) {
    AwardRule rule;
    rule.kind = RuleKind::kCompetenceLevel;
    rule.competence = {"cn", "1.0", "1.1"};
    rule.level = 3;
    // Estimate at level 4 but the 95 % range reaches down to 2: not met.
    std::vector<MeasuredCompetence> unsure = {{"cn", "1.0", "1.1", 4, 2, 5}};
    EXPECT_FALSE(RuleMet(rule, unsure));
    std::vector<MeasuredCompetence> sure = {{"cn", "1.1", "1.1", 4, 3, 5}};  // another version counts
    EXPECT_TRUE(RuleMet(rule, sure));
    std::vector<MeasuredCompetence> other = {{"cn", "1.0", "1.2", 8, 8, 8}};
    EXPECT_FALSE(RuleMet(rule, other));
    std::vector<MeasuredCompetence> other_framework = {{"mn", "1.0", "1.1", 8, 8, 8}};
    EXPECT_FALSE(RuleMet(rule, other_framework));

    AwardRule profile;
    profile.kind = RuleKind::kTargetProfile;
    profile.target_profile_id = "p";
    std::vector<RequiredLevel> required = {{"cn", "1.1", 3}, {"cn", "1.2", 2}};
    std::vector<MeasuredCompetence> both = {{"cn", "1.0", "1.1", 4, 3, 5}, {"cn", "1.0", "1.2", 3, 2, 4}};
    EXPECT_TRUE(RuleMet(profile, both, required));
    std::vector<MeasuredCompetence> one_short = {{"cn", "1.0", "1.1", 4, 3, 5},
                                                 {"cn", "1.0", "1.2", 3, 1, 4}};
    EXPECT_FALSE(RuleMet(profile, one_short, required));
    std::vector<MeasuredCompetence> missing = {{"cn", "1.0", "1.1", 4, 3, 5}};
    EXPECT_FALSE(RuleMet(profile, missing, required));
    EXPECT_FALSE(RuleMet(profile, both, {}));            // a profile without requirements is never met
    EXPECT_FALSE(RuleMet(AwardRule{}, both, required));  // manual
}

}  // namespace
}  // namespace passeur::badge
