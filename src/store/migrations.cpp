#include "store/migrations.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include <fmt/format.h>

namespace passeur::store {

namespace {

using core::Error;
using core::Fail;
using core::Result;

// Key of the PostgreSQL advisory lock serialising migrations ("passeur" in ASCII).
constexpr std::int64_t kMigrationLockKey = 0x70617373657572;

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at BIGINT NOT NULL)";

std::int64_t NowMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Takes the migration lock for the current transaction (SQLite already holds the write lock).
Result<void> LockMigrations(Database& db, Executor& ex) {
    if (db.Kind() != "postgresql") return core::Ok();
    PASSEUR_TRY(ex.Query("SELECT pg_advisory_xact_lock($1)", {kMigrationLockKey}));
    return core::Ok();
}

bool IsBlank(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; });
}

}  // namespace

std::vector<std::string> SplitStatements(std::string_view sql) {
    std::vector<std::string> out;
    std::string current;
    bool has_code = false;  // current holds something other than whitespace and comments
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            while (i < sql.size() && sql[i] != '\n') ++i;
            current.push_back('\n');
            continue;
        }
        if (c == '\'') {
            current.push_back(c);
            for (++i; i < sql.size(); ++i) {
                current.push_back(sql[i]);
                if (sql[i] == '\'') break;  // '' (escaped quote) re-enters on the next character
            }
            has_code = true;
            continue;
        }
        if (c == ';') {
            if (has_code) out.push_back(current);
            current.clear();
            has_code = false;
            continue;
        }
        current.push_back(c);
        if (!IsBlank(std::string_view(&c, 1))) has_code = true;
    }
    if (has_code && !IsBlank(current)) out.push_back(current);
    return out;
}

Result<std::vector<Migration>> EmbeddedMigrations(std::string_view kind) {
    const std::string_view engine = kind == "postgresql" ? "postgres" : kind;
    struct Pick {
        const EmbeddedMigrationFile* shared = nullptr;
        const EmbeddedMigrationFile* specific = nullptr;
    };
    std::map<int, Pick> by_version;
    for (const auto& file : EmbeddedMigrationFiles()) {
        const std::string_view name = file.file_name;
        if (name.size() < 10 || name[4] != '_' || !name.ends_with(".sql") ||
            !std::all_of(name.begin(), name.begin() + 4, [](char c) { return c >= '0' && c <= '9'; })) {
            return Fail(Error::Internal(fmt::format("migration file name {} is not NNNN_name.sql", name)));
        }
        const int version = std::stoi(std::string(name.substr(0, 4)));
        const std::string_view stem = name.substr(0, name.size() - 4);
        const auto dot = stem.rfind('.');
        Pick& pick = by_version[version];
        if (dot == std::string_view::npos) {
            if (pick.shared != nullptr) {
                return Fail(Error::Internal(fmt::format("migration version {} given twice", version)));
            }
            pick.shared = &file;
        } else if (stem.substr(dot + 1) == engine) {
            pick.specific = &file;
        } else if (stem.substr(dot + 1) != "sqlite" && stem.substr(dot + 1) != "postgres") {
            return Fail(Error::Internal(fmt::format("migration file {} names an unknown engine", name)));
        }
    }
    std::vector<Migration> out;
    for (const auto& [version, pick] : by_version) {
        const EmbeddedMigrationFile* file = pick.specific != nullptr ? pick.specific : pick.shared;
        if (file == nullptr) continue;  // only an override for the other engine
        out.push_back({version, std::string(file->file_name), std::string(file->sql)});
    }
    return out;
}

Result<int> CurrentSchemaVersion(Database& db) {
    const std::string_view exists_sql =
        db.Kind() == "postgresql"
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() "
              "AND table_name = 'schema_migrations'"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
    auto exists = db.Query(exists_sql, {});
    if (!exists) return Fail(exists.error());
    if (exists->empty() || AsInt(exists->front().front()) == 0) return 0;
    auto rows = db.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {});
    if (!rows) return Fail(rows.error());
    return static_cast<int>(AsInt(rows->front().front()));
}

Result<MigrationReport> MigrateWith(Database& db, const std::vector<Migration>& migrations) {
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version <= 0 || (i > 0 && migrations[i].version <= migrations[i - 1].version)) {
            return Fail(Error::Internal(
                fmt::format("migration {}: versions must be positive and increasing", migrations[i].name)));
        }
    }
    auto created = db.WithTransaction([&](Executor& ex) -> Result<void> {
        PASSEUR_TRY(LockMigrations(db, ex));
        PASSEUR_TRY(ex.Exec(kCreateMigrationsTable, {}));
        return core::Ok();
    });
    if (!created) return Fail(created.error());

    MigrationReport report;
    auto from = CurrentSchemaVersion(db);
    if (!from) return Fail(from.error());
    report.from_version = *from;

    for (const Migration& m : migrations) {
        auto applied = db.WithTransaction([&](Executor& ex) -> Result<bool> {
            PASSEUR_TRY(LockMigrations(db, ex));
            auto done = ex.Query("SELECT COUNT(*) FROM schema_migrations WHERE version = $1",
                                 {static_cast<std::int64_t>(m.version)});
            if (!done) return Fail(done.error());
            if (AsInt(done->front().front()) > 0) return false;  // applied earlier or by another process
            const auto statements = SplitStatements(m.sql);
            for (std::size_t i = 0; i < statements.size(); ++i) {
                auto r = ex.Exec(statements[i], {});
                if (!r) {
                    return Fail(Error::Internal(fmt::format("migration {} failed at statement {}: {}", m.name,
                                                            i + 1, r.error().message)));
                }
            }
            PASSEUR_TRY(
                ex.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                        {static_cast<std::int64_t>(m.version), m.name, NowMillis()}));
            return true;
        });
        if (!applied) return Fail(applied.error());
        if (*applied) report.applied.push_back(m.name);
    }
    auto to = CurrentSchemaVersion(db);
    if (!to) return Fail(to.error());
    report.to_version = *to;
    return report;
}

}  // namespace passeur::store
