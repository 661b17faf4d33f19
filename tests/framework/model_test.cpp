#include "framework/model.hpp"

#include <gtest/gtest.h>

#include "framework/uuid.hpp"
#include "test_support.hpp"

namespace passeur::framework {
namespace {

using testing::SmallFramework;

TEST(Uuid, Version5MatchesThePublishedDnsVector) {
    // Python's uuid.uuid5(uuid.NAMESPACE_DNS, "www.example.com") (the RFC 4122 DNS name space).
    EXPECT_EQ(UuidV5(kDnsNamespace, "www.example.com"), "2ed6657d-e927-568b-95e1-2665a8aea6a2");
    // RFC 9562 appendix A.4: UUIDv5 of "www.example.com" in the DNS name space (same value).
    EXPECT_EQ(UuidV5("6BA7B810-9DAD-11D1-80B4-00C04FD430C8", "www.example.com"),
              "2ed6657d-e927-568b-95e1-2665a8aea6a2");
    EXPECT_FALSE(UuidV5("not-a-uuid", "x"));
}

TEST(Uuid, DerivedIdentifiersAreStableAndDistinct) {
    EXPECT_EQ(DerivedUuid("competences-numeriques"), DerivedUuid("competences-numeriques"));
    EXPECT_NE(DerivedUuid("competences-numeriques"), DerivedUuid("competences-numeriques/1.1"));
    const std::string id = DerivedUuid("competences-numeriques/1.1");
    EXPECT_TRUE(IsUuid(id));
    EXPECT_EQ(id[14], '5');                                                         // version nibble
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');  // variant
    EXPECT_FALSE(IsUuid("2ed6657d-e927-568b-95e1-2665a8aea6a"));
    EXPECT_FALSE(IsUuid("2ed6657d-e927-568b-95e1-2665a8aea6ag"));
    EXPECT_FALSE(IsUuid("2ed6657de927-568b-95e1-2665a8aea6a2a"));
}

TEST(Model, LookupsAndCounts) {
    Framework f = SmallFramework();
    ASSERT_TRUE(Validate(f, true)) << Validate(f, true).error().message;
    EXPECT_EQ(f.CompetenceCount(), 3u);
    EXPECT_EQ(f.SkillCount(), 2u);
    ASSERT_NE(f.FindCompetence("1.2"), nullptr);
    EXPECT_EQ(f.FindCompetence("1.2")->name.fr, "Compétence 1.2");
    EXPECT_EQ(f.FindCompetence("9.9"), nullptr);
    ASSERT_NE(f.FindArea("2"), nullptr);
    EXPECT_EQ(f.AreaOfCompetence("2.1"), f.FindArea("2"));
    EXPECT_EQ(f.FindArea("3"), nullptr);
    EXPECT_EQ(f.LevelName(3).fr, "Niveau 3");
    EXPECT_EQ(Text({"", "Only English"}).In("fr"), "Only English");
    EXPECT_EQ(Text({"Français", "English"}).In("en"), "English");
}

TEST(Model, LevelForAbilityUsesTheCutScores) {
    Framework f = SmallFramework();
    EXPECT_EQ(f.LevelForAbility(-10.0), 1);
    EXPECT_EQ(f.LevelForAbility(-2.26), 1);
    EXPECT_EQ(f.LevelForAbility(-2.25), 2);  // at the cut score: the higher level
    EXPECT_EQ(f.LevelForAbility(-0.1), 4);
    EXPECT_EQ(f.LevelForAbility(0.0), 5);
    EXPECT_EQ(f.LevelForAbility(2.25), 8);
    EXPECT_EQ(f.LevelForAbility(50.0), 8);
    f.cut_scores = {-3, -2, -1, 0, 1, 2, 3};
    EXPECT_EQ(f.LevelForAbility(1.5), 6);
}

TEST(Model, VersionsCompareNumerically) {
    EXPECT_TRUE(IsValidVersion("1"));
    EXPECT_TRUE(IsValidVersion("1.0"));
    EXPECT_TRUE(IsValidVersion("2.10.3"));
    EXPECT_FALSE(IsValidVersion("1.0.0.0"));
    EXPECT_FALSE(IsValidVersion("v1"));
    EXPECT_FALSE(IsValidVersion("1."));
    EXPECT_FALSE(IsValidVersion(""));
    EXPECT_LT(CompareVersions("1.9", "1.10"), 0);
    EXPECT_EQ(CompareVersions("1", "1.0"), 0);
    EXPECT_GT(CompareVersions("2", "1.99.99"), 0);
    EXPECT_TRUE(IsValidFrameworkId("competences-numeriques"));
    EXPECT_FALSE(IsValidFrameworkId("Competences"));
    EXPECT_FALSE(IsValidFrameworkId("-x"));
    EXPECT_FALSE(IsValidFrameworkId("a"));
}

// Each kind of invalid framework names the JSON path of the bad field.
TEST(Model, ValidationNamesThePath) {
    struct Case {
        std::string path;
        std::function<void(Framework&)> breaks;
        bool prefix_rule = false;
    };
    const std::vector<Case> cases = {
        {"/id", [](Framework& f) { f.id = "Pas Bon"; }},
        {"/version", [](Framework& f) { f.version = "1.x"; }},
        {"/name", [](Framework& f) { f.name = {}; }},
        {"/cut_scores/3", [](Framework& f) { f.cut_scores[3] = -5.0; }},
        {"/cut_scores", [](Framework& f) { f.cut_scores.pop_back(); }},
        {"/level_names/9",
         [](Framework& f) {
             f.level_names[9] = {"Niveau 9", "Level 9"};
         }},
        {"/identifier", [](Framework& f) { f.identifier = "x"; }},
        {"/areas", [](Framework& f) { f.areas.clear(); }},
        {"/areas/1/code", [](Framework& f) { f.areas[1].code = "1"; }},
        {"/areas/1/competences", [](Framework& f) { f.areas[1].competences.clear(); }},
        {"/areas/0/competences/1/code", [](Framework& f) { f.areas[0].competences[1].code = "1.1"; }},
        {"/areas/1/competences/0/code", [](Framework& f) { f.areas[1].competences[0].code = "3.1"; }, true},
        {"/areas/0/competences/1/levels/9", [](Framework& f) { f.areas[0].competences[1].levels[9] = "x"; }},
        {"/areas/0/competences/1/levels/0", [](Framework& f) { f.areas[0].competences[1].levels[0] = "x"; }},
        {"/areas/0/competences/1/levels/2", [](Framework& f) { f.areas[0].competences[1].levels[2] = ""; }},
        {"/areas/0/competences/0/skills/1/code",
         [](Framework& f) { f.areas[0].competences[0].skills[1].code = "2.1.1"; }, true},
        {"/areas/0/competences/0/skills/1/identifier",
         [](Framework& f) {
             f.areas[0].competences[0].skills[1].identifier = f.areas[0].competences[0].skills[0].identifier;
         }},
        {"/areas/0/competences/0/name/fr",
         [](Framework& f) { f.areas[0].competences[0].name.fr = std::string(kMaxNameBytes + 1, 'x'); }},
    };
    for (const auto& c : cases) {
        Framework f = SmallFramework();
        c.breaks(f);
        auto result = Validate(f, c.prefix_rule);
        ASSERT_FALSE(result) << c.path;
        EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(result.error().field, c.path) << result.error().message;
        EXPECT_TRUE(result.error().message.starts_with(c.path + ": ")) << result.error().message;
    }
}

TEST(Model, PrefixRuleOnlyForShippedFiles) {
    Framework f = SmallFramework();
    f.areas[1].competences[0].code = "RL.3.1";
    EXPECT_TRUE(Validate(f, false));
    EXPECT_FALSE(Validate(f, true));
}

}  // namespace
}  // namespace passeur::framework
