#include "framework/native_format.hpp"

#include <gtest/gtest.h>

#include "framework/uuid.hpp"
#include "test_support.hpp"

namespace passeur::framework {
namespace {

using nlohmann::json;
using testing::SmallFramework;

json Native() { return FrameworkToJson(SmallFramework()); }

TEST(NativeFormat, WriteThenReadGivesTheSameFramework) {
    Framework f = SmallFramework();
    auto back = FrameworkFromJson(FrameworkToJson(f), "petit.json", NativeRules::kShipped);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, f);
}

TEST(NativeFormat, MissingIdentifiersAreDerivedFromIdAndCode) {
    json j = Native();
    j.erase("identifier");
    j["areas"][0].erase("identifier");
    j["areas"][0]["competences"][0].erase("identifier");
    j["areas"][0]["competences"][0]["skills"][0].erase("identifier");
    auto f = FrameworkFromJson(j, "petit.json");
    ASSERT_TRUE(f) << f.error().message;
    EXPECT_EQ(f->identifier, DerivedUuid("petit-referentiel"));
    EXPECT_EQ(f->areas[0].identifier, DerivedUuid("petit-referentiel/1"));
    EXPECT_EQ(f->areas[0].competences[0].identifier, DerivedUuid("petit-referentiel/1.1"));
    EXPECT_EQ(f->areas[0].competences[0].skills[0].identifier, DerivedUuid("petit-referentiel/1.1.1"));
}

TEST(NativeFormat, DefaultsForLevelNamesAndCutScores) {
    json j = Native();
    j.erase("level_names");
    j.erase("cut_scores");
    auto f = FrameworkFromJson(j, "petit.json");
    ASSERT_TRUE(f) << f.error().message;
    EXPECT_EQ(f->level_names.size(), 8u);
    EXPECT_EQ(f->cut_scores.size(), 7u);
    EXPECT_DOUBLE_EQ(f->cut_scores[0], -2.25);
}

// Every kind of error names the file and the JSON path of the bad field.
TEST(NativeFormat, ErrorsNameTheFileAndThePath) {
    struct Case {
        std::string path;
        std::function<void(json&)> breaks;
        NativeRules rules = NativeRules::kAny;
    };
    const std::vector<Case> cases = {
        {"/", [](json& j) { j = json::array(); }},
        {"/format", [](json& j) { j["format"] = "passeur-framework/2"; }},
        {"/format", [](json& j) { j.erase("format"); }},
        {"/colour", [](json& j) { j["colour"] = "bleu"; }},
        {"/id", [](json& j) { j["id"] = 12; }},
        {"/id", [](json& j) { j["id"] = "Avec Espaces"; }},
        {"/version", [](json& j) { j["version"] = "un"; }},
        {"/name", [](json& j) { j["name"] = "Nom"; }},
        {"/name/de", [](json& j) { j["name"]["de"] = "Name"; }},
        {"/name/en", [](json& j) { j["name"]["en"] = ""; }, NativeRules::kShipped},
        {"/cut_scores/2", [](json& j) { j["cut_scores"][2] = "zéro"; }},
        {"/cut_scores/4", [](json& j) { j["cut_scores"][4] = -9.0; }},
        {"/level_names/0",
         [](json& j) {
             j["level_names"]["0"] = {{"fr", "Zéro"}, {"en", "Zero"}};
         }},
        {"/areas", [](json& j) { j["areas"] = json::object(); }},
        {"/areas/1/code", [](json& j) { j["areas"][1]["code"] = "1"; }},
        {"/areas/0/competences/1/levels/9",
         [](json& j) { j["areas"][0]["competences"][1]["levels"]["9"] = "Au-delà"; }},
        {"/areas/0/competences/1/levels/deux",
         [](json& j) { j["areas"][0]["competences"][1]["levels"]["deux"] = "x"; }},
        {"/areas/0/competences/1/levels/3",
         [](json& j) { j["areas"][0]["competences"][1]["levels"]["3"] = 3; }},
        {"/areas/0/competences/1/levels",
         [](json& j) { j["areas"][0]["competences"][1]["levels"].erase("8"); }, NativeRules::kShipped},
        {"/areas/0/competences/0/skills/0/code",
         [](json& j) { j["areas"][0]["competences"][0]["skills"][0]["code"] = "2.1.1"; },
         NativeRules::kShipped},
        {"/areas/0/competences/0/skills/0/name",
         [](json& j) { j["areas"][0]["competences"][0]["skills"][0].erase("name"); }},
        {"/areas/1/competences/0/identifier",
         [](json& j) { j["areas"][1]["competences"][0]["identifier"] = "x"; }},
        {"/areas/0/competences/0/description/fr",
         [](json& j) { j["areas"][0]["competences"][0]["description"]["fr"] = ""; }, NativeRules::kShipped},
    };
    for (const auto& c : cases) {
        json j = Native();
        c.breaks(j);
        auto result = FrameworkFromJson(j, "petit.json", c.rules);
        ASSERT_FALSE(result) << c.path;
        EXPECT_EQ(result.error().field, c.path) << result.error().message;
        EXPECT_TRUE(result.error().message.starts_with("petit.json: " + c.path + ": "))
            << result.error().message;
    }
}

TEST(NativeFormat, LevelOutOfRangeMessage) {
    json j = Native();
    j["areas"][0]["competences"][0]["levels"]["9"] = "x";
    auto result = FrameworkFromJson(j, "competences-numeriques.json");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().message,
              "competences-numeriques.json: /areas/0/competences/0/levels/9: le niveau doit être compris "
              "entre 1 et 8");
}

TEST(NativeFormat, SyntaxErrorsGiveLineAndColumn) {
    auto parsed = ParseJson("{\n  \"id\": \"x\",\n  oops\n}", "casse.json");
    ASSERT_FALSE(parsed);
    EXPECT_TRUE(parsed.error().message.starts_with("casse.json:3:")) << parsed.error().message;
    auto duplicate = ParseJson(R"({"id": "a", "id": "b"})", "double.json");
    EXPECT_FALSE(duplicate);
    std::string huge(kMaxFileBytes + 1, ' ');
    auto too_big = ParseJson(huge, "gros.json");
    ASSERT_FALSE(too_big);
    EXPECT_EQ(too_big.error().code, core::ErrorCode::kPayloadTooLarge);
}

TEST(NativeFormat, ErrorsFromTextGiveTheLine) {
    const std::string text = FrameworkToJson(SmallFramework()).dump(2);
    auto located = ParseJson(text, "petit.json");
    ASSERT_TRUE(located) << located.error().message;
    json broken = located->value;
    ASSERT_TRUE(FrameworkFromJson(broken, "petit.json"));
    // Re-parse a version whose level 9 is added, and find its line in the text.
    broken["areas"][1]["competences"][0]["levels"]["9"] = "au-delà";
    const std::string broken_text = broken.dump(2);
    auto again = ParseJson(broken_text, "petit.json");
    ASSERT_TRUE(again);
    auto result = FrameworkFromJson(again->value, "petit.json");
    ASSERT_FALSE(result);
    auto error = WithLine(result.error(), *again, "petit.json");
    std::size_t line = 1;
    for (std::size_t i = 0; i < broken_text.find("\"9\": \"au-del"); ++i)
        line += broken_text[i] == '\n' ? 1 : 0;
    EXPECT_EQ(error.message,
              "petit.json:" + std::to_string(line) +
                  ": /areas/1/competences/0/levels/9: le niveau doit être compris entre 1 et 8");
    EXPECT_EQ(error.field, "/areas/1/competences/0/levels/9");
}

TEST(TargetProfiles, ReadWriteAndErrors) {
    json j = {{"format", "passeur-target-profiles/1"},
              {"profiles",
               {{{"id", "mediateur-numerique"},
                 {"name", {{"fr", "Médiateur numérique"}, {"en", "Digital mediator"}}},
                 {"description", {{"fr", "..."}, {"en", "..."}}},
                 {"audience", "mediator"},
                 {"requirements",
                  {{{"framework", "competences-numeriques"}, {"competence", "1.1"}, {"level", 4}}}}}}}};
    auto profiles = TargetProfilesFromJson(j, "profils.json");
    ASSERT_TRUE(profiles) << profiles.error().message;
    ASSERT_EQ(profiles->size(), 1u);
    EXPECT_EQ((*profiles)[0].requirements[0].level, 4);
    auto back = TargetProfilesFromJson(TargetProfilesToJson(*profiles), "profils.json");
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, *profiles);

    struct Case {
        std::string path;
        std::function<void(json&)> breaks;
    };
    const std::vector<Case> cases = {
        {"/profiles/0/audience", [](json& p) { p["profiles"][0]["audience"] = "boss"; }},
        {"/profiles/0/requirements/0/level",
         [](json& p) { p["profiles"][0]["requirements"][0]["level"] = 9; }},
        {"/profiles/0/requirements/0/level",
         [](json& p) { p["profiles"][0]["requirements"][0]["level"] = "4"; }},
        {"/profiles/0/requirements", [](json& p) { p["profiles"][0]["requirements"] = json::array(); }},
        {"/profiles/0/requirements/1",
         [](json& p) { p["profiles"][0]["requirements"].push_back(p["profiles"][0]["requirements"][0]); }},
        {"/profiles/1/id", [](json& p) { p["profiles"].push_back(p["profiles"][0]); }},
        {"/profiles/0/name/en", [](json& p) { p["profiles"][0]["name"]["en"] = ""; }},
        {"/format", [](json& p) { p["format"] = "x"; }},
    };
    for (const auto& c : cases) {
        json broken = j;
        c.breaks(broken);
        auto result = TargetProfilesFromJson(broken, "profils.json");
        ASSERT_FALSE(result) << c.path;
        EXPECT_EQ(result.error().field, c.path) << result.error().message;
        EXPECT_TRUE(result.error().message.starts_with("profils.json: " + c.path)) << result.error().message;
    }
}

}  // namespace
}  // namespace passeur::framework
