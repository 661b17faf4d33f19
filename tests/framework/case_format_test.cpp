#include "framework/case_format.hpp"

#include <gtest/gtest.h>

#include "framework/uuid.hpp"
#include "test_support.hpp"

namespace passeur::framework {
namespace {

using nlohmann::json;
using testing::FixturePath;
using testing::LoadShipped;
using testing::ReadJson;
using testing::SmallFramework;

constexpr const char* kBase = "https://passeur.example/";
const CaseExportOptions kOptions{kBase, 1'767'225'600'000};

// Export, serialise, parse, import: the framework comes back equal (but for its source).
void ExpectRoundTrip(const Framework& f) {
    json package = json::parse(ExportCasePackage(f, kOptions).dump());
    auto back = ImportCasePackage(package, "export.json");
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_TRUE(SameContent(*back, f)) << f.id;
    EXPECT_EQ(back->source, "case");
    if (!SameContent(*back, f)) {
        EXPECT_EQ(FrameworkToJson(*back).dump(1), FrameworkToJson(f).dump(1));
    }
}

TEST(CaseFormat, RoundTripOfTheShippedFrameworks) {
    ExpectRoundTrip(LoadShipped("competences-numeriques"));
    ExpectRoundTrip(LoadShipped("mediation-numerique"));
    ExpectRoundTrip(SmallFramework());
}

TEST(CaseFormat, ExportShape) {
    Framework f = SmallFramework();
    json p = ExportCasePackage(f, kOptions);
    const json& doc = p["CFDocument"];
    EXPECT_EQ(doc["identifier"], f.identifier);
    EXPECT_EQ(doc["uri"], "https://passeur.example/ims/case/v1p0/CFDocuments/" + f.identifier);
    EXPECT_EQ(doc["title"], "Petit référentiel");
    EXPECT_EQ(doc["creator"], "passeur");
    EXPECT_EQ(doc["lastChangeDateTime"], "2026-01-01T00:00:00Z");
    EXPECT_EQ(doc["licenseURI"]["title"], "CC-BY-SA-4.0");
    EXPECT_EQ(json::parse(doc["notes"].get<std::string>())["format"], "passeur-case/1");
    // 2 areas + 3 competences + 2 skills + 24 level descriptors, each with one association.
    EXPECT_EQ(p["CFItems"].size(), 31u);
    EXPECT_EQ(p["CFAssociations"].size(), 31u);
    int levels = 0;
    for (const auto& item : p["CFItems"]) {
        EXPECT_TRUE(IsUuid(item["identifier"].get<std::string>()));
        EXPECT_EQ(item["uri"],
                  "https://passeur.example/ims/case/v1p0/CFItems/" + item["identifier"].get<std::string>());
        if (item["CFItemType"] == "Competence" && item["humanCodingScheme"] == "1.2") {
            EXPECT_EQ(item["identifier"], DerivedUuid("petit-referentiel/1.2"));
            EXPECT_EQ(item["fullStatement"], "Compétence 1.2");
            EXPECT_EQ(item["alternativeLabel"], "Competence 1.2");
            EXPECT_EQ(item["notes"], "Décrit 1.2");
        }
        levels += item["CFItemType"] == "Level" ? 1 : 0;
    }
    EXPECT_EQ(levels, 24);
    for (const auto& a : p["CFAssociations"]) {
        EXPECT_TRUE(a["associationType"] == "isChildOf" || a["associationType"] == "hasSkillLevel");
        EXPECT_TRUE(a["originNodeURI"].contains("uri"));
    }
    auto item = ExportCaseItem(f, f.areas[0].competences[1].identifier, kOptions);
    ASSERT_TRUE(item);
    EXPECT_EQ((*item)["CFDocumentURI"]["identifier"], f.identifier);
    EXPECT_FALSE(ExportCaseItem(f, DerivedUuid("nope"), kOptions));
    EXPECT_TRUE(ExportCaseItem(f, LevelIdentifier(f, "1.2", 3), kOptions));
}

TEST(CaseFormat, AForeignStatePackageLoads) {
    auto f = ImportCasePackage(ReadJson(FixturePath("riverton_cs_standards.case.json")), "riverton.json");
    ASSERT_TRUE(f) << f.error().message;
    EXPECT_EQ(f->id, "riverton-k-12-computer-science-standards");
    EXPECT_EQ(f->version, "2019");
    EXPECT_EQ(f->language, "en");
    EXPECT_EQ(f->name.en, "Riverton K-12 Computer Science Standards");
    EXPECT_EQ(f->publisher, "Riverton State Board of Education");
    EXPECT_EQ(f->licence, "CC BY 4.0");
    EXPECT_EQ(f->identifier, "6513270e-269e-4d37-b2a7-4de452e6b438");
    // A top-level leaf ("P7") becomes a competence of an area named after the document, placed first;
    // the two concepts become areas in sequenceNumber order.
    ASSERT_EQ(f->areas.size(), 3u);
    EXPECT_EQ(f->areas[0].code, "1");
    EXPECT_EQ(f->areas[0].name.en, f->name.en);
    ASSERT_EQ(f->areas[0].competences.size(), 1u);
    EXPECT_EQ(f->areas[0].competences[0].code, "P7");
    EXPECT_EQ(f->areas[1].code, "CS");
    EXPECT_EQ(f->areas[1].description.en, "People interact with a wide variety of computing devices.");
    EXPECT_EQ(f->areas[2].code, "AP");
    ASSERT_EQ(f->areas[2].competences.size(), 2u);
    // sequenceNumber wins over file order; abbreviatedStatement is the name, fullStatement the description.
    EXPECT_EQ(f->areas[2].competences[0].code, "3-5.AP.A.01");
    EXPECT_EQ(f->areas[2].competences[1].code, "3-5.AP.C.01");
    EXPECT_EQ(f->areas[2].competences[1].name.en, "Programs with control structures");
    EXPECT_EQ(f->areas[2].competences[1].description.en,
              "Create programs that include sequences, events, loops and conditionals.");
    // Third level -> skills, ordered; upper-case identifiers are lower-cased.
    const auto& skills = f->areas[2].competences[0].skills;
    ASSERT_EQ(skills.size(), 2u);
    EXPECT_EQ(skills[0].code, "3-5.AP.A.01.a");
    EXPECT_EQ(skills[1].code, "3-5.AP.A.01.b");
    EXPECT_EQ(skills[1].identifier, LowerUuid(skills[1].identifier));
    // The first isChildOf of an item wins: T.1 stays under the troubleshooting standard.
    ASSERT_EQ(f->areas[1].competences[1].skills.size(), 1u);
    EXPECT_EQ(f->areas[1].competences[1].skills[0].code, "T.1");
    EXPECT_TRUE(f->areas[2].competences[1].skills.empty());
    EXPECT_TRUE(f->areas[2].competences[1].levels.empty());
    EXPECT_EQ(f->CompetenceCount(), 5u);
    ExpectRoundTrip(*f);
}

json MinimalPackage(int leaves) {
    json doc = {{"identifier", "11111111-2222-4333-8444-555555555555"},
                {"uri", "https://example.org/doc"},
                {"creator", "Exemple"},
                {"title", "Référentiel d'exemple"},
                {"lastChangeDateTime", "2024-01-01T00:00:00+00:00"}};
    json items = json::array();
    for (int k = 0; k < leaves; ++k) {
        char id[37];
        std::snprintf(id, sizeof id, "aaaaaaaa-0000-4000-8000-%012d", k);
        items.push_back({{"identifier", id},
                         {"fullStatement", "Énoncé " + std::to_string(k)},
                         {"uri", "https://example.org/" + std::to_string(k)},
                         {"lastChangeDateTime", "2024-01-01T00:00:00+00:00"}});
    }
    return {{"CFDocument", doc}, {"CFItems", items}, {"CFAssociations", json::array()}};
}

TEST(CaseFormat, FlatPackageBecomesOneAreaNamedAfterTheDocument) {
    auto f = ImportCasePackage(MinimalPackage(3), "plat.json");
    ASSERT_TRUE(f) << f.error().message;
    EXPECT_EQ(f->id, "referentiel-d-exemple");
    EXPECT_EQ(f->version, "1.0");
    EXPECT_EQ(f->language, "fr");
    EXPECT_EQ(f->publisher, "Exemple");
    ASSERT_EQ(f->areas.size(), 1u);
    EXPECT_EQ(f->areas[0].name.fr, "Référentiel d'exemple");
    ASSERT_EQ(f->areas[0].competences.size(), 3u);
    EXPECT_EQ(f->areas[0].competences[2].code, "1.3");  // no humanCodingScheme: generated
    ExpectRoundTrip(*f);
}

TEST(CaseFormat, DeepTreesLoadAsSkills) {
    json p = MinimalPackage(3000);
    for (int k = 1; k < 3000; ++k) {
        p["CFAssociations"].push_back(
            {{"associationType", "isChildOf"},
             {"originNodeURI", {{"identifier", p["CFItems"][k]["identifier"]}, {"title", ""}, {"uri", ""}}},
             {"destinationNodeURI",
              {{"identifier", p["CFItems"][k - 1]["identifier"]}, {"title", ""}, {"uri", ""}}}});
    }
    auto f = ImportCasePackage(p, "profond.json");
    ASSERT_TRUE(f) << f.error().message;
    ASSERT_EQ(f->areas.size(), 1u);
    ASSERT_EQ(f->areas[0].competences.size(), 1u);
    EXPECT_EQ(f->areas[0].competences[0].skills.size(), 2998u);
}

// A malformed package is rejected with the JSON path of the bad field.
TEST(CaseFormat, MalformedPackagesNameThePath) {
    const json good = ReadJson(FixturePath("riverton_cs_standards.case.json"));
    struct Case {
        std::string path;
        std::function<void(json&)> breaks;
    };
    const std::vector<Case> cases = {
        {"/CFDocument", [](json& p) { p.erase("CFDocument"); }},
        {"/CFDocument", [](json& p) { p["CFDocument"] = "doc"; }},
        {"/CFDocument/identifier", [](json& p) { p["CFDocument"]["identifier"] = "doc-1"; }},
        {"/CFDocument/title", [](json& p) { p["CFDocument"].erase("title"); }},
        {"/CFDocument/language", [](json& p) { p["CFDocument"]["language"] = 1; }},
        {"/CFItems", [](json& p) { p["CFItems"] = json::object(); }},
        {"/CFItems", [](json& p) { p["CFItems"] = json::array(); }},
        {"/CFItems/3", [](json& p) { p["CFItems"][3] = 42; }},
        {"/CFItems/3/fullStatement", [](json& p) { p["CFItems"][3].erase("fullStatement"); }},
        {"/CFItems/3/fullStatement", [](json& p) { p["CFItems"][3]["fullStatement"] = ""; }},
        {"/CFItems/3/humanCodingScheme",
         [](json& p) { p["CFItems"][3]["humanCodingScheme"] = json::array(); }},
        {"/CFItems/4/identifier",
         [](json& p) { p["CFItems"][4]["identifier"] = p["CFItems"][3]["identifier"]; }},
        {"/CFItems/4/identifier", [](json& p) { p["CFItems"][4]["identifier"] = "x-y-z"; }},
        {"/CFItems/2/fullStatement",
         [](json& p) { p["CFItems"][2]["fullStatement"] = std::string(kMaxNameBytes + 1, 'a'); }},
        {"/CFAssociations/0/associationType",
         [](json& p) { p["CFAssociations"][0].erase("associationType"); }},
        {"/CFAssociations/0/originNodeURI", [](json& p) { p["CFAssociations"][0].erase("originNodeURI"); }},
        {"/CFAssociations/1/destinationNodeURI/identifier",
         [](json& p) { p["CFAssociations"][1]["destinationNodeURI"]["identifier"] = 7; }},
        {"/CFAssociations/1/destinationNodeURI/identifier",
         [](json& p) {
             p["CFAssociations"][1]["destinationNodeURI"]["identifier"] =
                 "0e0e0e0e-0000-4000-8000-000000000000";
         }},
        {"/CFAssociations/2/originNodeURI/identifier",
         [](json& p) {
             p["CFAssociations"][2]["originNodeURI"]["identifier"] = "0e0e0e0e-0000-4000-8000-000000000001";
         }},
        {"/CFAssociations/3/sequenceNumber", [](json& p) { p["CFAssociations"][3]["sequenceNumber"] = "1"; }},
    };
    for (const auto& c : cases) {
        json p = good;
        c.breaks(p);
        auto result = ImportCasePackage(p, "riverton.json");
        ASSERT_FALSE(result) << c.path;
        EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(result.error().field, c.path) << result.error().message;
        EXPECT_TRUE(result.error().message.starts_with("riverton.json: " + c.path + ": "))
            << result.error().message;
    }
}

TEST(CaseFormat, CyclesAndBadLevelDescriptorsAreRejected) {
    json p = MinimalPackage(3);
    auto link = [&](int from, int to, const char* type = "isChildOf") {
        p["CFAssociations"].push_back(
            {{"associationType", type},
             {"originNodeURI",
              {{"identifier", p["CFItems"][from]["identifier"]}, {"title", ""}, {"uri", ""}}},
             {"destinationNodeURI",
              {{"identifier", p["CFItems"][to]["identifier"]}, {"title", ""}, {"uri", ""}}}});
    };
    json cyclic = p;
    std::swap(cyclic, p);
    link(0, 1);
    link(1, 2);
    link(2, 0);
    auto cycle = ImportCasePackage(p, "cycle.json");
    ASSERT_FALSE(cycle);
    EXPECT_TRUE(cycle.error().field.starts_with("/CFAssociations/")) << cycle.error().message;

    p = MinimalPackage(3);
    link(0, 1, "hasSkillLevel");  // item 1 is a level descriptor without a listEnumeration
    auto level = ImportCasePackage(p, "niveau.json");
    ASSERT_FALSE(level);
    EXPECT_EQ(level.error().field, "/CFItems/1/listEnumeration") << level.error().message;
    p["CFItems"][1]["listEnumeration"] = "3";
    auto ok = ImportCasePackage(p, "niveau.json");
    ASSERT_TRUE(ok) << ok.error().message;
    ASSERT_EQ(ok->CompetenceCount(), 2u);
    EXPECT_EQ(ok->areas[0].competences[0].levels.at(3), "Énoncé 1");
}

TEST(CaseFormat, Slugify) {
    EXPECT_EQ(Slugify("Compétences numériques"), "competences-numeriques");
    EXPECT_EQ(Slugify("  Œuvre & Société — 2024 "), "oeuvre-societe-2024");
    EXPECT_EQ(Slugify("!!"), "");
    EXPECT_EQ(Slugify(std::string(100, 'a')).size(), 64u);
}

}  // namespace
}  // namespace passeur::framework
