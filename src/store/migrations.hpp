// Versioned schema migrations: src/store/migrations/NNNN_name.sql, embedded in the binary at
// build time. A file NNNN_name.<engine>.sql (engine "sqlite" or "postgres") replaces the shared
// NNNN_name.sql on that engine, for a statement that cannot be written once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/store.hpp"

namespace passeur::store {

// One migration file as compiled into the binary (generated embedded_migrations.cpp).
struct EmbeddedMigrationFile {
    std::string_view file_name;  // "0001_foundation.sql", "0002_x.postgres.sql"
    std::string_view sql;
};
const std::vector<EmbeddedMigrationFile>& EmbeddedMigrationFiles();

struct Migration {
    int version = 0;   // > 0, unique, applied in increasing order
    std::string name;  // file name, used in reports and errors
    std::string sql;   // statements separated by ';' ("--" comments and '...' strings understood)
};

// The embedded migrations for `kind` ("sqlite" | "postgresql"), one per version, sorted.
// kInternal if a file name is malformed or a version is given twice.
core::Result<std::vector<Migration>> EmbeddedMigrations(std::string_view kind);

// Splits a migration into statements (without the trailing ';'; empty ones dropped).
std::vector<std::string> SplitStatements(std::string_view sql);

// Applies the migrations of `migrations` whose version is not yet in schema_migrations, each in
// its own transaction together with its schema_migrations row. Safe when several processes
// migrate at once (PostgreSQL: pg_advisory_xact_lock; SQLite: BEGIN IMMEDIATE) — a version is
// applied once. On failure the failing migration is rolled back (earlier ones stay) and the error
// names the file and the 1-based number of the failing statement.
core::Result<MigrationReport> MigrateWith(Database& db, const std::vector<Migration>& migrations);

// Highest applied version, 0 on an empty database.
core::Result<int> CurrentSchemaVersion(Database& db);

}  // namespace passeur::store
