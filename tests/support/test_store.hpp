// A migrated store for repository/service tests parameterised by engine: SQLite in memory, or
// PostgreSQL in a fresh schema of its own when PASSEUR_TEST_PG_URL or PASSEUR_TEST_PG_URL_FILE
// (written by the ctest fixture `pg`) is set. Without PostgreSQL the test is skipped, and fails
// under CI=true so that CI never passes by skipping.
#pragma once

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "store/sql_store.hpp"
#include "store/store.hpp"

namespace passeur::testing {

enum class Engine { kSqlite, kPostgres };

inline std::string EngineName(const ::testing::TestParamInfo<Engine>& info) {
    return info.param == Engine::kSqlite ? "Sqlite" : "Postgres";
}

// The PostgreSQL URL of the test server, or "" with `reason` saying why there is none.
inline std::string PgUrl(std::string& reason) {
    if (const char* url = std::getenv("PASSEUR_TEST_PG_URL"); url != nullptr && *url != '\0') return url;
    const char* file = std::getenv("PASSEUR_TEST_PG_URL_FILE");
    if (file == nullptr || *file == '\0') {
        reason = "PostgreSQL not configured: set PASSEUR_TEST_PG_URL or PASSEUR_TEST_PG_URL_FILE";
        return {};
    }
    std::ifstream in(file);
    std::string url;
    if (!in || !std::getline(in, url) || url.empty()) {
        reason =
            std::string("PostgreSQL URL file ") + file + " is missing or empty (did pg_server_start run?)";
        return {};
    }
    return url;
}

inline bool UnderCi() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string(ci) == "true";
}

struct TestStore {
    std::unique_ptr<store::Store> store;
    store::Database* db = nullptr;
    std::string skip_reason;  // set (and store null) when PostgreSQL is not available
};

// Opens and migrates the store of `engine`; on PostgreSQL, `schema` is dropped and recreated
// first, so each test binary starts from an empty schema of its own. Failures are gtest failures.
inline TestStore OpenTestStore(Engine engine, std::string_view schema) {
    TestStore out;
    std::string url = "sqlite::memory:";
    if (engine == Engine::kPostgres) {
        url = PgUrl(out.skip_reason);
        if (url.empty()) return out;
        url += std::string(url.find('?') == std::string::npos ? "?" : "&") + "options=-c%20search_path%3D" +
               std::string(schema);
    }
    auto opened = store::OpenStore(url, {.pool_size = engine == Engine::kSqlite ? 1 : 2});
    if (!opened) {
        ADD_FAILURE() << opened.error().message;
        return out;
    }
    store::Database* db = store::DatabaseOf(**opened);
    if (engine == Engine::kPostgres) {
        EXPECT_TRUE(db->Exec("DROP SCHEMA IF EXISTS " + std::string(schema) + " CASCADE"));
        EXPECT_TRUE(db->Exec("CREATE SCHEMA " + std::string(schema)));
    }
    auto migrated = (*opened)->Migrate();
    if (!migrated) {
        ADD_FAILURE() << migrated.error().message;
        return out;
    }
    out.store = std::move(*opened);
    out.db = db;
    return out;
}

}  // namespace passeur::testing

// In a fixture's SetUp: opens the test store into `store_` and `db_`, or skips (fails under CI).
#define PASSEUR_OPEN_TEST_STORE(engine, schema)                                    \
    do {                                                                           \
        auto opened_store = ::passeur::testing::OpenTestStore((engine), (schema)); \
        if (!opened_store.skip_reason.empty()) {                                   \
            if (::passeur::testing::UnderCi()) FAIL() << opened_store.skip_reason; \
            GTEST_SKIP() << opened_store.skip_reason;                              \
        }                                                                          \
        ASSERT_NE(opened_store.store, nullptr);                                    \
        store_ = std::move(opened_store.store);                                    \
        db_ = opened_store.db;                                                     \
    } while (false)
