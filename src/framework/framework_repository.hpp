// Persistence of framework versions, their CASE item index and target profiles, in SQL written
// once for SQLite and PostgreSQL over store::Database (tables of migration 0002_frameworks.sql).
// Thread-safe (the Database is). Every method is atomic on its own.
//
// Errors: kNotFound for a missing version/item/profile, kConflict (message in French, safe to
// show) for a version that exists already or identifiers owned by another framework,
// kUnavailable/kInternal from the database.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "framework/model.hpp"
#include "store/database.hpp"

namespace passeur::framework {

struct FrameworkRecord {
    std::string key;  // "<slug>@<version>"
    std::string slug;
    std::string version;
    std::string identifier;  // CFDocument identifier
    Text name;               // French and English names
    std::int64_t competence_count = 0;
    std::string status;  // "current" | "superseded"
    std::string source;
    std::string document;  // native JSON text ("" in lists)
    std::int64_t created_at = 0;
    std::string created_by;  // user id or ""
};

// A CASE item found by identifier, in the newest version of its framework that has it.
struct ItemLocation {
    FrameworkRecord record;  // without its document
    std::string kind;        // "area" | "competence" | "skill" | "level"
    std::string code;        // "<competence>#<level>" for levels
};

struct ProfileRecord {
    std::string id;
    std::string name;
    std::string document;  // native JSON of one profile
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::string updated_by;
};

class FrameworkRepository {
public:
    explicit FrameworkRepository(store::Database& db) : db_(db) {}

    // In one transaction: inserts the version (document = FrameworkToJson(framework)) and its item
    // index, and makes it the current version of its slug when its version is the greatest.
    // kConflict when a version of the slug compares equal (CompareVersions), when the document
    // identifier or an item identifier belongs to another framework.
    core::Result<FrameworkRecord> Insert(const Framework& framework, std::string_view created_by,
                                         std::int64_t now);
    // One row per framework (its current version), or every version when all_versions; by slug,
    // then version (newest first). Documents are not loaded.
    core::Result<std::vector<FrameworkRecord>> List(bool all_versions);
    // version "" = the current version; the document is loaded when with_document.
    core::Result<FrameworkRecord> Get(std::string_view slug, std::string_view version,
                                      bool with_document = true);
    // Every version of a slug, newest first, without documents (empty when unknown).
    core::Result<std::vector<FrameworkRecord>> Versions(std::string_view slug);
    core::Result<ItemLocation> FindItem(std::string_view identifier);
    // The current version of the framework whose CFDocument identifier this is (no document).
    core::Result<FrameworkRecord> FindDocument(std::string_view identifier);

    // Inserts or replaces profiles in one transaction; with only_absent, existing ids are left
    // alone. Returns the ids written.
    core::Result<std::vector<std::string>> PutProfiles(const std::vector<ProfileRecord>& profiles,
                                                       bool only_absent);
    core::Result<std::vector<ProfileRecord>> ListProfiles();  // by id
    core::Result<ProfileRecord> GetProfile(std::string_view id);

private:
    store::Database& db_;
};

}  // namespace passeur::framework
