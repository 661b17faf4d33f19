// Persistence of the item bank over store::Database (tables of migration 0003_items.sql), SQL
// written once for SQLite and PostgreSQL. Thread-safe (the Database is). Every method taking an
// Executor runs on it (inside the caller's transaction); the others run on the Database, each
// atomic on its own.
//
// Errors: kNotFound for a missing item, kConflict when an id exists already (Insert) or the
// revision moved since it was read (Update), kUnavailable/kInternal from the database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "item/model.hpp"
#include "store/database.hpp"

namespace passeur::item {

inline constexpr std::string_view kSourceFile = "file";  // last written by an import of the item files
inline constexpr std::string_view kSourcePage = "page";  // changed by a person (page or API) since

// One stored item: the item (status and revision included) and who wrote it.
struct ItemRecord {
    Item item;
    std::string source;  // kSourceFile | kSourcePage
    std::int64_t created_at = 0;
    std::string created_by;  // user id or "" (the system)
    std::int64_t updated_at = 0;
    std::string updated_by;
};

// One past (or the current) revision of an item.
struct ItemRevision {
    Item item;
    std::string source;  // "file" | "page" | "status"
    std::int64_t created_at = 0;
    std::string created_by;
};

// Filters of List; empty / nullopt = any. `text` matches the id, the stem, the options and the
// feedback (case-insensitive for ASCII letters).
struct ItemFilter {
    std::string framework;
    std::string competence;
    std::optional<int> level;
    std::optional<ItemType> type;
    std::optional<ItemStatus> status;
    std::string text;
    std::size_t offset = 0;
    std::size_t limit = 50;  // at most kMaxPageSize
};
inline constexpr std::size_t kMaxPageSize = 500;

struct ItemPage {
    std::vector<ItemRecord> items;  // by framework, competence, level, id
    std::int64_t total = 0;         // matching items, all pages
};

class ItemRepository {
public:
    explicit ItemRepository(store::Database& db) : db_(db) {}

    // Inserts the item and its revision row (item.revision as given). kConflict when the id exists.
    static core::Result<void> Insert(store::Executor& ex, const ItemRecord& record,
                                     std::string_view revision_source);
    // Replaces the row of record.item.id when its stored revision is `expected_revision`, and adds
    // the revision row of record.item.revision. kConflict when the revision moved, kNotFound when absent.
    static core::Result<void> Update(store::Executor& ex, const ItemRecord& record,
                                     std::int64_t expected_revision, std::string_view revision_source);
    // Sets the source without a new revision (an import found the files equal to the stored item).
    static core::Result<void> SetSource(store::Executor& ex, std::string_view id, std::string_view source);
    static core::Result<std::optional<ItemRecord>> Find(store::Executor& ex, std::string_view id);
    // Every item (all statuses), by id.
    static core::Result<std::vector<ItemRecord>> All(store::Executor& ex);

    core::Result<ItemRecord> Get(std::string_view id);
    core::Result<ItemPage> List(const ItemFilter& filter);
    // Every revision of an item, oldest first (empty when unknown).
    core::Result<std::vector<ItemRevision>> Revisions(std::string_view id);
    core::Result<std::int64_t> Count();

    store::Database& Db() { return db_; }

private:
    store::Database& db_;
};

}  // namespace passeur::item
