// FrameworkRepository and FrameworkService on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "framework/case_format.hpp"
#include "framework/framework_service.hpp"
#include "framework/native_format.hpp"
#include "framework/uuid.hpp"
#include "store_fixture.hpp"
#include "test_support.hpp"

namespace passeur::framework::testing {
namespace {

using nlohmann::json;

class FrameworkServiceTest : public StoreTest {};

TEST_P(FrameworkServiceTest, SeedingIsIdempotentAndListsTheShippedFrameworks) {
    auto first = service_->SeedShipped(PASSEUR_FRAMEWORK_TEST_DATA_DIR);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->frameworks,
              (std::vector<std::string>{"competences-numeriques@1.0", "mediation-numerique@1.0"}));
    EXPECT_EQ(first->profiles.size(), 5u);
    auto second = service_->SeedShipped(PASSEUR_FRAMEWORK_TEST_DATA_DIR);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_TRUE(second->frameworks.empty());
    EXPECT_TRUE(second->profiles.empty());

    auto list = service_->List();
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].slug, "competences-numeriques");
    EXPECT_EQ((*list)[0].competence_count, 16);
    EXPECT_EQ((*list)[0].status, "current");
    EXPECT_EQ((*list)[0].source, "shipped");
    EXPECT_EQ((*list)[1].competence_count, 7);

    auto fw = service_->Get("competences-numeriques");
    ASSERT_TRUE(fw) << fw.error().message;
    EXPECT_TRUE(SameContent(fw->framework, LoadShipped("competences-numeriques")));
    EXPECT_EQ(fw->framework.source, "shipped");
    EXPECT_EQ(service_->Get("inconnu").error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->Get("competences-numeriques", "9.9").error().code, core::ErrorCode::kNotFound);

    auto profiles = service_->ListProfiles();
    ASSERT_TRUE(profiles) << profiles.error().message;
    ASSERT_EQ(profiles->size(), 5u);
    auto mediator = service_->GetProfile("mediateur-numerique");
    ASSERT_TRUE(mediator) << mediator.error().message;
    for (const auto& q : mediator->profile.requirements) EXPECT_EQ(q.framework_version, "1.0");
    EXPECT_EQ(service_->GetProfile("nobody").error().code, core::ErrorCode::kNotFound);
}

TEST_P(FrameworkServiceTest, CaseIdentifiersResolve) {
    ASSERT_TRUE(service_->SeedShipped(PASSEUR_FRAMEWORK_TEST_DATA_DIR));
    Framework shipped = LoadShipped("mediation-numerique");
    const auto& competence = shipped.areas[1].competences[0];
    auto found = service_->GetByIdentifier(competence.identifier);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->kind, "competence");
    EXPECT_EQ(found->code, competence.code);
    EXPECT_EQ(found->stored.record.slug, "mediation-numerique");
    // Upper-case UUIDs resolve too; level descriptors are CFItems as well.
    std::string upper = competence.identifier;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_TRUE(service_->GetByIdentifier(upper));
    auto level = service_->GetByIdentifier(LevelIdentifier(shipped, competence.code, 4));
    ASSERT_TRUE(level);
    EXPECT_EQ(level->kind, "level");
    EXPECT_EQ(level->code, competence.code + "#4");
    auto doc = service_->GetByDocumentIdentifier(shipped.identifier);
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->framework.id, "mediation-numerique");
    EXPECT_EQ(service_->GetByIdentifier(DerivedUuid("nope")).error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->GetByIdentifier("pas-un-uuid").error().code, core::ErrorCode::kInvalidArgument);
}

TEST_P(FrameworkServiceTest, ImportingNeedsThePlatformAdminAndConflictsAreClear) {
    const json package = ReadJson(FixturePath("riverton_cs_standards.case.json"));
    auto denied = service_->ImportCase(package, Actor::Of(someone_));
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(Count("framework_versions"), 0);

    auto imported = service_->Import(package, Actor::Of(admin_), "riverton.json");
    ASSERT_TRUE(imported) << imported.error().message;
    EXPECT_EQ(imported->record.slug, "riverton-k-12-computer-science-standards");
    EXPECT_EQ(imported->record.version, "2019");
    EXPECT_EQ(imported->record.created_by, admin_.user.id);
    EXPECT_EQ(imported->record.source, "case");
    auto events = store_->Audit().ListByActor(admin_.user.id, 10);
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 1u);
    EXPECT_EQ((*events)[0].event, "framework.imported");
    EXPECT_EQ((*events)[0].subject, "riverton-k-12-computer-science-standards@2019");

    auto again = service_->Import(package, Actor::Of(admin_), "riverton.json");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
    EXPECT_NE(again.error().message.find("existe déjà en version 2019"), std::string::npos)
        << again.error().message;

    // Exported then imported (as another version): the same framework comes back.
    auto exported = service_->ExportCase(imported->record.slug, "", "https://passeur.example");
    ASSERT_TRUE(exported) << exported.error().message;
    (*exported)["CFDocument"]["version"] = "2020";
    auto reimported = service_->Import(*exported, Actor::Of(admin_));
    ASSERT_TRUE(reimported) << reimported.error().message;
    Framework expected = imported->framework;
    expected.version = "2020";
    EXPECT_TRUE(SameContent(reimported->framework, expected));
    auto versions = service_->Versions(imported->record.slug);
    ASSERT_TRUE(versions);
    ASSERT_EQ(versions->size(), 2u);
    EXPECT_EQ((*versions)[0].version, "2020");
    EXPECT_EQ((*versions)[0].status, "current");
    EXPECT_EQ((*versions)[1].status, "superseded");
}

TEST_P(FrameworkServiceTest, AMalformedOrClashingImportStoresNothing) {
    json package = ReadJson(FixturePath("riverton_cs_standards.case.json"));
    package["CFAssociations"][4]["originNodeURI"]["identifier"] = "0e0e0e0e-0000-4000-8000-000000000001";
    auto bad = service_->Import(package, Actor::Of(admin_), "riverton.json");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "/CFAssociations/4/originNodeURI/identifier");
    EXPECT_EQ(Count("framework_versions"), 0);
    EXPECT_EQ(Count("framework_items"), 0);

    // A framework reusing another framework's CASE item identifiers is refused in the middle of
    // its transaction (after its rows were written): none of its rows remain.
    ASSERT_TRUE(service_->SeedShipped(PASSEUR_FRAMEWORK_TEST_DATA_DIR));
    const auto versions_before = Count("framework_versions");
    const auto items_before = Count("framework_items");
    json copy = FrameworkToJson(LoadShipped("mediation-numerique"));
    copy["id"] = "copie-mediation";
    copy["identifier"] = DerivedUuid("copie-mediation");
    auto clash = service_->ImportNative(copy, Actor::Of(admin_));
    ASSERT_FALSE(clash);
    EXPECT_EQ(clash.error().code, core::ErrorCode::kConflict);
    EXPECT_NE(clash.error().message.find("mediation-numerique"), std::string::npos) << clash.error().message;
    EXPECT_EQ(Count("framework_versions"), versions_before);
    EXPECT_EQ(Count("framework_items"), items_before);

    copy["identifier"] = LoadShipped("mediation-numerique").identifier;
    auto doc_clash = service_->ImportNative(copy, Actor::Of(admin_));
    ASSERT_FALSE(doc_clash);
    EXPECT_EQ(doc_clash.error().field, "identifier");
}

TEST_P(FrameworkServiceTest, AnEditIsANewVersionAndTheOldOneStaysReadable) {
    ASSERT_TRUE(service_->SeedShipped(PASSEUR_FRAMEWORK_TEST_DATA_DIR));
    auto current = service_->Get("competences-numeriques");
    ASSERT_TRUE(current);
    Framework edited = current->framework;
    edited.areas[0].competences[0].name.fr = "Mener une recherche d'information en ligne";
    Competence added = edited.areas[0].competences[0];
    added.code = "1.9";
    added.identifier.clear();
    added.skills.clear();
    edited.areas[0].competences.push_back(added);

    EXPECT_EQ(
        service_->CreateVersion("competences-numeriques", edited, "1.1", Actor::Of(someone_)).error().code,
        core::ErrorCode::kPermissionDenied);
    auto same = service_->CreateVersion("competences-numeriques", edited, "1.0", Actor::Of(admin_));
    ASSERT_FALSE(same);
    EXPECT_EQ(same.error().field, "version");
    EXPECT_FALSE(service_->CreateVersion("competences-numeriques", edited, "0.9", Actor::Of(admin_)));

    auto created = service_->CreateVersion("competences-numeriques", edited, "1.1", Actor::Of(admin_));
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->record.status, "current");
    EXPECT_EQ(created->framework.source, "edit");
    EXPECT_EQ(created->framework.identifier, current->framework.identifier);
    EXPECT_EQ(created->framework.FindCompetence("1.9")->identifier,
              DerivedUuid("competences-numeriques/1.9"));
    EXPECT_EQ(created->framework.CompetenceCount(), 17u);

    auto old = service_->Get("competences-numeriques", "1.0");
    ASSERT_TRUE(old);
    EXPECT_EQ(old->record.status, "superseded");
    EXPECT_EQ(old->framework.CompetenceCount(), 16u);
    auto now = service_->Get("competences-numeriques");
    ASSERT_TRUE(now);
    EXPECT_EQ(now->framework.version, "1.1");
    // The unchanged competence keeps its identifier; it now resolves to the new version.
    auto found = service_->GetByIdentifier(current->framework.areas[0].competences[0].identifier);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->stored.framework.version, "1.1");
    auto all = service_->List(true);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 3u);
}

TEST_P(FrameworkServiceTest, ProfileImportResolvesRequirements) {
    ASSERT_TRUE(service_->SeedShipped(PASSEUR_FRAMEWORK_TEST_DATA_DIR));
    json doc = {{"format", "passeur-target-profiles/1"},
                {"profiles",
                 {{{"id", "mediateur-numerique"},
                   {"name", {{"fr", "Médiateur (révisé)"}, {"en", "Mediator (revised)"}}},
                   {"audience", "mediator"},
                   {"requirements",
                    {{{"framework", "mediation-numerique"}, {"competence", "1.1"}, {"level", 5}}}}}}}};
    EXPECT_EQ(service_->ImportProfiles(doc, Actor::Of(someone_)).error().code,
              core::ErrorCode::kPermissionDenied);
    auto imported = service_->ImportProfiles(doc, Actor::Of(admin_));
    ASSERT_TRUE(imported) << imported.error().message;
    auto profile = service_->GetProfile("mediateur-numerique");
    ASSERT_TRUE(profile);
    EXPECT_EQ(profile->profile.name.fr, "Médiateur (révisé)");
    ASSERT_EQ(profile->profile.requirements.size(), 1u);
    EXPECT_EQ(profile->profile.requirements[0].framework_version, "1.0");

    doc["profiles"][0]["requirements"][0]["competence"] = "9.9";
    auto unknown = service_->ImportProfiles(doc, Actor::Of(admin_), "profils.json");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().field, "/profiles/0/requirements/0/competence");
    doc["profiles"][0]["requirements"][0]["framework"] = "inconnu";
    EXPECT_EQ(service_->ImportProfiles(doc, Actor::Of(admin_)).error().field,
              "/profiles/0/requirements/0/framework");
}

INSTANTIATE_TEST_SUITE_P(Engines, FrameworkServiceTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

}  // namespace
}  // namespace passeur::framework::testing
