// ItemRepository and ItemService on SQLite and PostgreSQL: validation, revisions, retire/restore,
// permissions, scoring and the import of item files (new, changed, unchanged, conflict, refused).
#include <gtest/gtest.h>

#include "item/item_service.hpp"
#include "store_fixture.hpp"

namespace passeur::item::testing {
namespace {

using nlohmann::json;

class ItemStore : public StoreTest {};

TEST_P(ItemStore, RepositoryInsertGetListAndRevisions) {
    ItemRepository repository(*db_);
    auto created = service_->Create(SampleItem("cn-1.1-901", "Première **question**"), Actor::Of(admin_));
    ASSERT_TRUE(created) << created.error().message << " " << created.error().field;
    ASSERT_TRUE(service_->Create(SampleItem("cn-1.1-902", "Deuxième question 100%"), Actor::System()));
    json numeric = {{"id", "cn-1.2-903"},
                    {"framework", "competences-numeriques"},
                    {"competence", "1.2"},
                    {"level", 5},
                    {"type", "numeric"},
                    {"stem", "Combien ?"},
                    {"answer", {{"value", 12.5}, {"tolerance", 0.5}, {"unit", "€"}}},
                    {"feedback", "Douze et demi."},
                    {"irt", {{"a", 1.5}, {"b", 0.25}}}};
    ASSERT_TRUE(service_->Create(numeric, Actor::System()));

    auto got = repository.Get("cn-1.2-903");
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->item.type, ItemType::kNumeric);
    EXPECT_EQ(std::get<NumericKey>(got->item.answer).unit, "€");
    EXPECT_EQ(got->item.irt->a, 1.5);
    EXPECT_EQ(got->item.revision, 1);
    EXPECT_EQ(got->source, "page");
    auto a = db_->Query("SELECT a, b FROM items WHERE id = 'cn-1.2-903'");
    ASSERT_TRUE(a);
    EXPECT_DOUBLE_EQ(std::get<double>(a->front()[0]), 1.5);
    EXPECT_EQ(repository.Get("absent-999").error().code, core::ErrorCode::kNotFound);

    auto all = repository.List({});
    ASSERT_TRUE(all);
    EXPECT_EQ(all->total, 3);
    ASSERT_EQ(all->items.size(), 3u);
    EXPECT_EQ(all->items[0].item.id, "cn-1.1-901");
    EXPECT_EQ(all->items[2].item.id, "cn-1.2-903");

    ItemFilter by_competence;
    by_competence.competence = "1.1";
    EXPECT_EQ(repository.List(by_competence)->total, 2);
    ItemFilter by_level;
    by_level.level = 5;
    EXPECT_EQ(repository.List(by_level)->items.at(0).item.id, "cn-1.2-903");
    ItemFilter by_type;
    by_type.type = ItemType::kSingleChoice;
    EXPECT_EQ(repository.List(by_type)->total, 2);
    ItemFilter by_text;
    by_text.text = "PREMI";  // case-insensitive for ASCII letters on both engines
    EXPECT_EQ(repository.List(by_text)->total, 1);
    by_text.text = "premi";
    EXPECT_EQ(repository.List(by_text)->total, 1);
    by_text.text = "100%";  // % is literal
    EXPECT_EQ(repository.List(by_text)->total, 1);
    by_text.text = "Entr_e";  // _ is literal (else it would match "Entrée")
    EXPECT_EQ(repository.List(by_text)->total, 0);
    by_text.text = "entrée";
    EXPECT_EQ(repository.List(by_text)->total, 2);
    ItemFilter paged;
    paged.limit = 1;
    paged.offset = 1;
    auto page = repository.List(paged);
    EXPECT_EQ(page->total, 3);
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].item.id, "cn-1.1-902");
    ItemFilter retired;
    retired.status = ItemStatus::kRetired;
    EXPECT_EQ(repository.List(retired)->total, 0);

    EXPECT_EQ(Count("item_revisions"), 3);
    EXPECT_EQ(repository.Count().value(), 3);
}

TEST_P(ItemStore, CreateRefusesInvalidItemsAndTakenIds) {
    json bad = SampleItem();
    bad["answer"] = "z";
    auto refused = service_->Create(bad, Actor::Of(admin_));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().field, "/answer");

    json unknown_competence = SampleItem();
    unknown_competence["competence"] = "9.9";
    auto parse = service_->Validate(unknown_competence);
    ASSERT_TRUE(parse);
    ASSERT_FALSE(parse->problems.empty());
    EXPECT_EQ(parse->problems[0].field, "/competence");
    EXPECT_FALSE(service_->Create(unknown_competence, Actor::Of(admin_)));

    json bad_skill = SampleItem();
    bad_skill["skill"] = "4.4.4";
    EXPECT_EQ(service_->Create(bad_skill, Actor::Of(admin_)).error().field, "/skill");

    json bad_framework = SampleItem();
    bad_framework["framework"] = "inconnu";
    EXPECT_EQ(service_->Create(bad_framework, Actor::Of(admin_)).error().code,
              core::ErrorCode::kInvalidArgument);

    ASSERT_TRUE(service_->Create(SampleItem(), Actor::Of(admin_)));
    EXPECT_EQ(service_->Create(SampleItem(), Actor::Of(admin_)).error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(Count("items"), 1);
}

TEST_P(ItemStore, EveryChangeIsANewRevisionAndPastBodiesStay) {
    ASSERT_TRUE(service_->Create(SampleItem(), Actor::Of(admin_)));
    clock_.Advance(1000);
    json edited = SampleItem("cn-1.1-901", "Quelle touche valide ?");
    auto updated = service_->Update("cn-1.1-901", edited, Actor::Of(admin_), 1);
    ASSERT_TRUE(updated) << updated.error().message;
    EXPECT_EQ(updated->item.revision, 2);
    EXPECT_EQ(updated->updated_at, clock_.NowMillis());
    EXPECT_LT(updated->created_at, updated->updated_at);

    // The same content again: nothing written.
    auto same = service_->Update("cn-1.1-901", edited, Actor::Of(admin_));
    ASSERT_TRUE(same);
    EXPECT_EQ(same->item.revision, 2);
    // A stale revision is refused.
    json other = SampleItem("cn-1.1-901", "Encore autre chose ?");
    EXPECT_EQ(service_->Update("cn-1.1-901", other, Actor::Of(admin_), 1).error().code,
              core::ErrorCode::kConflict);
    // The id of the path wins.
    EXPECT_EQ(service_->Update("cn-1.1-999", other, Actor::Of(admin_)).error().field, "/id");
    EXPECT_EQ(service_->Update("cn-1.1-999", SampleItem("cn-1.1-999"), Actor::Of(admin_)).error().code,
              core::ErrorCode::kNotFound);

    auto retired = service_->Retire("cn-1.1-901", Actor::Of(admin_));
    ASSERT_TRUE(retired);
    EXPECT_EQ(retired->item.status, ItemStatus::kRetired);
    EXPECT_EQ(retired->item.revision, 3);
    EXPECT_EQ(service_->Retire("cn-1.1-901", Actor::Of(admin_))->item.revision, 3);  // no-op
    // Editing a retired item keeps it retired.
    auto edited_retired = service_->Update("cn-1.1-901", other, Actor::Of(admin_));
    ASSERT_TRUE(edited_retired);
    EXPECT_EQ(edited_retired->item.status, ItemStatus::kRetired);
    EXPECT_EQ(edited_retired->item.revision, 4);
    auto restored = service_->Restore("cn-1.1-901", Actor::Of(admin_));
    EXPECT_EQ(restored->item.status, ItemStatus::kActive);
    EXPECT_EQ(restored->item.revision, 5);

    auto revisions = service_->Revisions("cn-1.1-901", Actor::Of(admin_));
    ASSERT_TRUE(revisions);
    ASSERT_EQ(revisions->size(), 5u);
    EXPECT_EQ((*revisions)[0].item.stem, "Quelle touche ?");
    EXPECT_EQ((*revisions)[1].item.stem, "Quelle touche valide ?");
    EXPECT_EQ((*revisions)[2].item.status, ItemStatus::kRetired);
    EXPECT_EQ((*revisions)[2].source, "status");
    EXPECT_EQ((*revisions)[4].item.revision, 5);
    EXPECT_EQ((*revisions)[0].created_by, admin_.user.id);

    auto audit = db_->Query("SELECT COUNT(*) FROM audit_events WHERE event LIKE 'item.%'");
    ASSERT_TRUE(audit) << audit.error().message;
    EXPECT_EQ(store::AsInt(audit->front().front()), 5);
}

TEST_P(ItemStore, OnlyPlatformAdminsAndTheSystemMayTouchItems) {
    ASSERT_TRUE(service_->Create(SampleItem(), Actor::System()));
    const Actor mediator = Actor::Of(someone_);
    EXPECT_EQ(service_->List({}, mediator).error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_->Get("cn-1.1-901", mediator).error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_->Create(SampleItem("cn-1.1-902"), mediator).error().code,
              core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_->Update("cn-1.1-901", SampleItem(), mediator).error().code,
              core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_->Retire("cn-1.1-901", mediator).error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_->ScoreItem("cn-1.1-901", "a", mediator).error().code,
              core::ErrorCode::kPermissionDenied);
    EXPECT_TRUE(service_->Get("cn-1.1-901", Actor::Of(admin_)));
}

TEST_P(ItemStore, ScoresAResponseToTheCurrentRevision) {
    ASSERT_TRUE(service_->Create(SampleItem(), Actor::System()));
    auto right = service_->ScoreItem("cn-1.1-901", "a", Actor::Of(admin_));
    ASSERT_TRUE(right);
    EXPECT_EQ(right->credit, 1);
    auto wrong = service_->ScoreItem("cn-1.1-901", "b", Actor::Of(admin_));
    EXPECT_EQ(wrong->credit, 0);
    EXPECT_FALSE(wrong->malformed);
    EXPECT_TRUE(service_->ScoreItem("cn-1.1-901", json::array({1, 2}), Actor::Of(admin_))->malformed);
    EXPECT_EQ(service_->ScoreItem("absent-1", "a", Actor::Of(admin_)).error().code,
              core::ErrorCode::kNotFound);
}

TEST_P(ItemStore, ImportInsertsUpdatesSkipsAndReportsConflicts) {
    TempDir dir;
    dir.Write(
        "competences-numeriques/1.1.json",
        ItemFile(json::array({FileItem("cn-1.1-901"), FileItem("cn-1.1-902"), FileItem("cn-1.1-903")})));
    auto first = service_->ImportFromFiles(dir.path().string(), Actor::Of(admin_));
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_TRUE(first->ok()) << ImportReportToText(*first);
    EXPECT_EQ(first->created.size(), 3u);
    EXPECT_EQ(first->files, 1u);
    EXPECT_EQ(service_->Get("cn-1.1-901", Actor::System())->source, "file");

    // A page edit of 902, then files change 901 and 902 (903 unchanged).
    ASSERT_TRUE(
        service_->Update("cn-1.1-902", SampleItem("cn-1.1-902", "Modifiée sur la page"), Actor::Of(admin_)));
    ASSERT_TRUE(service_->Retire("cn-1.1-901", Actor::Of(admin_)));
    dir.Write(
        "competences-numeriques/1.1.json",
        ItemFile(json::array({FileItem("cn-1.1-901", "Nouveau texte"), FileItem("cn-1.1-902", "Du fichier"),
                              FileItem("cn-1.1-903"), FileItem("cn-1.1-904")})));
    auto second = service_->ImportFromFiles(dir.path().string(), Actor::System());
    ASSERT_TRUE(second) << second.error().message;
    ASSERT_TRUE(second->ok());
    EXPECT_EQ(second->created, std::vector<std::string>{"cn-1.1-904"});
    EXPECT_EQ(second->updated, std::vector<std::string>{"cn-1.1-901"});
    EXPECT_EQ(second->unchanged, std::vector<std::string>{"cn-1.1-903"});
    EXPECT_EQ(second->conflicts, std::vector<std::string>{"cn-1.1-902"});
    auto one = service_->Get("cn-1.1-901", Actor::System());
    EXPECT_EQ(one->item.stem, "Nouveau texte");
    EXPECT_EQ(one->item.status, ItemStatus::kRetired);  // status kept
    EXPECT_EQ(one->item.revision, 3);
    auto two = service_->Get("cn-1.1-902", Actor::System());
    EXPECT_EQ(two->item.stem, "Modifiée sur la page");
    EXPECT_EQ(two->source, "page");
    EXPECT_NE(ImportReportToText(*second).find("cn-1.1-902"), std::string::npos);

    // Once the file holds the page's text, the item is the file's again.
    dir.Write("competences-numeriques/1.1.json",
              ItemFile(json::array({FileItem("cn-1.1-901", "Nouveau texte"),
                                    FileItem("cn-1.1-902", "Modifiée sur la page"), FileItem("cn-1.1-903"),
                                    FileItem("cn-1.1-904")})));
    auto third = service_->ImportFromFiles(dir.path().string(), Actor::System());
    ASSERT_TRUE(third);
    EXPECT_EQ(third->unchanged.size(), 4u);
    EXPECT_TRUE(third->conflicts.empty());
    EXPECT_EQ(service_->Get("cn-1.1-902", Actor::System())->source, "file");
    EXPECT_EQ(ImportReportToJson(*third)["unchanged"], 4);
}

TEST_P(ItemStore, ImportWritesNothingWhenAFileHasAProblem) {
    TempDir dir;
    dir.Write("competences-numeriques/1.1.json", ItemFile(json::array({FileItem("cn-1.1-901")})));
    json bad = FileItem("cn-1.2-001");
    bad["answer"] = "z";
    dir.Write("competences-numeriques/1.2.json", json{{"format", "passeur-items/1"},
                                                      {"framework", "competences-numeriques"},
                                                      {"competence", "1.2"},
                                                      {"items", json::array({bad})}}
                                                     .dump(2));
    auto report = service_->ImportFromFiles(dir.path().string(), Actor::System());
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_FALSE(report->ok());
    ASSERT_EQ(report->problems.size(), 1u);
    EXPECT_EQ(report->problems[0].file, "competences-numeriques/1.2.json");
    EXPECT_EQ(report->problems[0].field, "/items/0/answer");
    EXPECT_TRUE(report->created.empty());
    EXPECT_EQ(Count("items"), 0);
    EXPECT_NE(ImportReportToText(*report).find("rien n'a été importé"), std::string::npos);
    EXPECT_EQ(ImportReportToJson(*report)["ok"], false);

    EXPECT_EQ(service_->ImportFromFiles((dir.path() / "absent").string(), Actor::System()).error().code,
              core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->ImportFromFiles(dir.path().string(), Actor::Of(someone_)).error().code,
              core::ErrorCode::kPermissionDenied);
}

TEST_P(ItemStore, SeedsTheShippedBankOnce) {
    auto seeded = service_->SeedShipped(PASSEUR_ITEM_BANK_DATA_DIR);
    ASSERT_TRUE(seeded) << seeded.error().message;
    ASSERT_TRUE(seeded->ok()) << ImportReportToText(*seeded);
    EXPECT_GE(seeded->created.size(), 320u);
    auto again = service_->SeedShipped(PASSEUR_ITEM_BANK_DATA_DIR);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->created.empty());
    EXPECT_TRUE(again->updated.empty());
    EXPECT_EQ(again->unchanged.size(), seeded->created.size());
}

INSTANTIATE_TEST_SUITE_P(Engines, ItemStore, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

}  // namespace
}  // namespace passeur::item::testing
