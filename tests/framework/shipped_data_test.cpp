// Loads every shipped framework and the target profiles (data/frameworks) with the strict rules.
#include <filesystem>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "framework/case_format.hpp"
#include "framework/native_format.hpp"
#include "framework/uuid.hpp"
#include "test_support.hpp"

namespace passeur::framework {
namespace {

using testing::LoadShipped;
using testing::ReadJson;
using testing::ShippedPath;

TEST(ShippedData, EveryFrameworkFileLoadsWithTheStrictRules) {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(ShippedPath(""))) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".json" || name == "target-profiles.json") continue;
        auto f = FrameworkFromJson(ReadJson(entry.path().string()), name, NativeRules::kShipped);
        ASSERT_TRUE(f) << f.error().message;
        EXPECT_EQ(f->id + ".json", name);
        ++count;
    }
    EXPECT_GE(count, 2);
}

TEST(ShippedData, CompetencesNumeriquesHas5AreasAnd16CompetencesOf8Levels) {
    Framework f = LoadShipped("competences-numeriques");
    EXPECT_EQ(f.areas.size(), 5u);
    EXPECT_EQ(f.CompetenceCount(), 16u);
    for (const auto& area : f.areas) {
        for (const auto& c : area.competences) EXPECT_EQ(c.levels.size(), 8u) << c.code;
    }
    EXPECT_EQ(f.cut_scores.size(), 7u);
}

TEST(ShippedData, MediationNumeriqueHas3AreasAnd7Competences) {
    Framework f = LoadShipped("mediation-numerique");
    EXPECT_EQ(f.areas.size(), 3u);
    EXPECT_EQ(f.CompetenceCount(), 7u);
    for (const auto& area : f.areas) {
        for (const auto& c : area.competences) EXPECT_EQ(c.levels.size(), 8u) << c.code;
    }
}

TEST(ShippedData, TheFiveRequiredProfilesExistAndNameRealCompetences) {
    auto profiles =
        TargetProfilesFromJson(ReadJson(ShippedPath("target-profiles.json")), "target-profiles.json");
    ASSERT_TRUE(profiles) << profiles.error().message;
    std::set<std::string> ids;
    for (const auto& p : *profiles) ids.insert(p.id);
    for (const char* required : {"mediateur-numerique", "travailleur-social", "agent-accueil-france-services",
                                 "aidant-habilite-aidants-connect", "socle-emploi"}) {
        EXPECT_TRUE(ids.contains(required)) << required;
    }
    std::map<std::string, Framework> frameworks = {
        {"competences-numeriques", LoadShipped("competences-numeriques")},
        {"mediation-numerique", LoadShipped("mediation-numerique")}};
    for (const auto& p : *profiles) {
        for (const auto& q : p.requirements) {
            ASSERT_TRUE(frameworks.contains(q.framework)) << p.id << " " << q.framework;
            EXPECT_NE(frameworks[q.framework].FindCompetence(q.competence), nullptr)
                << p.id << " " << q.framework << " " << q.competence;
        }
    }
}

TEST(ShippedData, CaseIdentifiersAreDerivedAndStable) {
    Framework a = LoadShipped("competences-numeriques");
    Framework b = LoadShipped("competences-numeriques");
    EXPECT_EQ(a.identifier, b.identifier);
    EXPECT_EQ(a.areas[0].competences[0].identifier, b.areas[0].competences[0].identifier);
    EXPECT_EQ(a.identifier, DerivedUuid("competences-numeriques"));
    EXPECT_EQ(a.areas[0].competences[0].identifier,
              DerivedUuid("competences-numeriques/" + a.areas[0].competences[0].code));
}

}  // namespace
}  // namespace passeur::framework
