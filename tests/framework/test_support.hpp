// Shared helpers for the framework tests: reading the shipped data and the test fixtures.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "framework/model.hpp"
#include "framework/native_format.hpp"

namespace passeur::framework::testing {

inline std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline std::string ShippedPath(const std::string& name) {
    return std::string(PASSEUR_FRAMEWORK_TEST_DATA_DIR) + "/frameworks/" + name;
}
inline std::string FixturePath(const std::string& name) {
    return std::string(PASSEUR_FRAMEWORK_TEST_FIXTURES) + "/" + name;
}

inline nlohmann::json ReadJson(const std::string& path) { return nlohmann::json::parse(ReadFile(path)); }

inline Framework LoadShipped(const std::string& id) {
    auto f = FrameworkFromJson(ReadJson(ShippedPath(id + ".json")), id + ".json", NativeRules::kShipped);
    EXPECT_TRUE(f) << f.error().message;
    return f ? *f : Framework{};
}

// A small valid framework: 2 areas, 3 competences (levels 1..8), 2 skills.
inline Framework SmallFramework(std::string id = "petit-referentiel", std::string version = "1.0") {
    Framework f;
    f.id = std::move(id);
    f.version = std::move(version);
    f.name = {"Petit référentiel", "Small framework"};
    f.description = {"Pour les tests.", "For tests."};
    f.publisher = "passeur";
    f.licence = "CC-BY-SA-4.0";
    f.level_names = DefaultLevelNames();
    for (int a = 1; a <= 2; ++a) {
        Area area;
        area.code = std::to_string(a);
        area.name = {"Domaine " + area.code, "Area " + area.code};
        area.description = {"Description du domaine " + area.code, ""};
        for (int c = 1; c <= (a == 1 ? 2 : 1); ++c) {
            Competence competence;
            competence.code = area.code + "." + std::to_string(c);
            competence.name = {"Compétence " + competence.code, "Competence " + competence.code};
            competence.description = {"Décrit " + competence.code, "Describes " + competence.code};
            for (int level = 1; level <= 8; ++level) {
                competence.levels[level] = "Niveau " + std::to_string(level) + " de " + competence.code;
            }
            if (a == 1 && c == 1) {
                competence.skills.push_back({"1.1.1", {"Chercher", "Search"}, ""});
                competence.skills.push_back({"1.1.2", {"Trier", "Sort"}, ""});
            }
            area.competences.push_back(std::move(competence));
        }
        f.areas.push_back(std::move(area));
    }
    AssignDerivedIdentifiers(f);
    return f;
}

}  // namespace passeur::framework::testing
