// The item bank use cases over the store: list and read items with their answer keys, create and
// edit them (a new revision on every change, every past body kept), retire and restore them,
// score a response for previews, and import the item files of data/items/. Thread-safe.
//
// Items and their keys are never public: every call made by a principal needs
// account::Action::kEditItems (platform admins); the system actor (command line, seeding) is
// trusted. Errors: kInvalidArgument (field = JSON pointer of the first problem) for an invalid
// item, kNotFound, kConflict (id taken, revision moved), kPermissionDenied, kUnavailable/kInternal
// from the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/audit.hpp"
#include "account/authorizer.hpp"
#include "account/principal.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "framework/framework_service.hpp"
#include "item/check.hpp"
#include "item/item_repository.hpp"
#include "item/model.hpp"
#include "item/scoring.hpp"
#include "item/validation.hpp"
#include "store/database.hpp"

namespace passeur::item {

// Who performs an action: a principal (authorised for kEditItems) or the trusted system.
struct Actor {
    const account::Principal* principal = nullptr;  // nullptr: the system
    static Actor System() { return {}; }
    static Actor Of(const account::Principal& p) { return {&p}; }
};

// What ImportFromFiles did. When `problems` is not empty nothing was written.
struct ImportReport {
    std::vector<std::string> created;    // ids inserted
    std::vector<std::string> updated;    // ids given a new revision from their file
    std::vector<std::string> unchanged;  // ids whose file equals the stored item
    std::vector<std::string> conflicts;  // ids edited on a page since their last import: not overwritten
    std::vector<CheckProblem> problems;  // from CheckItemFiles
    std::size_t files = 0;
    bool ok() const { return problems.empty(); }
};
// {"files", "created": [...], "updated", "unchanged" (a count), "conflicts", "problems": [{file, line, field,
// message}], "ok"}
nlohmann::json ImportReportToJson(const ImportReport& report);
// French lines for the command line: the problems, or the counts and the conflicting ids.
std::string ImportReportToText(const ImportReport& report);

// The competence resolver of the current versions of every stored framework (loaded once).
core::Result<CompetenceResolver> CurrentFrameworksResolver(framework::FrameworkService& frameworks);

class ItemService {
public:
    // `items_dir` is data/items (images are checked in items_dir/images/; "" = no image exists).
    // When `audit` is set, changes by principals are recorded ("item.created", "item.updated",
    // "item.retired", "item.restored", "item.imported"). The service owns none of its arguments.
    ItemService(store::Database& db, core::Clock& clock, const account::Authorizer& authorizer,
                framework::FrameworkService& frameworks, std::string items_dir,
                account::AuditLog* audit = nullptr);

    core::Result<ItemPage> List(const ItemFilter& filter, const Actor& actor);
    core::Result<ItemRecord> Get(std::string_view id, const Actor& actor);
    core::Result<std::vector<ItemRevision>> Revisions(std::string_view id, const Actor& actor);

    // Every problem of an item object in the API form (JsonScope::kFull: framework and competence
    // inside; status and revision ignored): ParseItem, then competence and skill in the current
    // version of the framework and images of items_dir/images/. Error only from the store.
    core::Result<ItemParse> Validate(const nlohmann::json& body);

    // Stores a new item (revision 1, status active, source "page"). kInvalidArgument on the first
    // problem of Validate, kConflict when the id is taken.
    core::Result<ItemRecord> Create(const nlohmann::json& body, const Actor& actor);
    // Replaces item `id` (body "id" must be `id`; status kept). Unchanged content: nothing written.
    // expected_revision set: kConflict unless it is the stored revision.
    core::Result<ItemRecord> Update(std::string_view id, const nlohmann::json& body, const Actor& actor,
                                    std::optional<std::int64_t> expected_revision = std::nullopt);
    // Status changes (a new revision; no-op when already in that status).
    core::Result<ItemRecord> Retire(std::string_view id, const Actor& actor);
    core::Result<ItemRecord> Restore(std::string_view id, const Actor& actor);

    // The score of `response` to the current revision of item `id` (retired items too).
    core::Result<item::Score> ScoreItem(std::string_view id, const nlohmann::json& response,
                                        const Actor& actor);

    // Checks every file of `items_dir` (CheckItemFiles against the current frameworks). Any problem:
    // the report lists them and nothing is written. Else, in one transaction: new ids inserted,
    // changed ones given a new revision (status kept), equal ones left; an item whose source is
    // "page" and differs from its file is not overwritten (report.conflicts). kNotFound when the
    // folder is missing.
    core::Result<ImportReport> ImportFromFiles(const std::string& items_dir, const Actor& actor);
    // ImportFromFiles(data_dir + "/items") by the system; the frameworks must be seeded first.
    core::Result<ImportReport> SeedShipped(const std::string& data_dir);

    const std::string& ItemsDir() const { return items_dir_; }

private:
    core::Result<std::string> Authorize(const Actor& actor) const;  // the actor's user id ("" for the system)
    core::Result<ItemRecord> SetStatus(std::string_view id, ItemStatus status, const Actor& actor);
    void Audit(const Actor& actor, std::string event, std::string subject, nlohmann::json details);

    ItemRepository repository_;
    core::Clock& clock_;
    const account::Authorizer& authorizer_;
    framework::FrameworkService& frameworks_;
    std::string items_dir_;
    account::AuditLog* audit_;
};

}  // namespace passeur::item
