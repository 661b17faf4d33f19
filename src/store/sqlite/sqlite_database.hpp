// SQLite adapter of store::Database (libsqlite3 >= 3.35 for RETURNING and ON CONFLICT upserts).
#pragma once

#include <memory>
#include <string_view>

#include "core/result.hpp"
#include "store/database.hpp"

namespace passeur::store::sqlite {

struct SqliteOptions {
    int pool_size = 4;           // connections kept open, >= 1
    int busy_timeout_ms = 5000;  // how long a writer waits for the lock before kUnavailable
};

// Opens (creating if needed) the database file at `path` with WAL, foreign_keys=ON,
// synchronous=NORMAL and the busy timeout on every pooled connection. Each connection caches its
// prepared statements.
// path ":memory:" gives a private in-memory database shared by all pooled connections (a uniquely
// named shared-cache memory URI, kept alive for the Database's lifetime); its operations are
// serialised by the adapter, since shared-cache locks do not honour the busy timeout.
// Errors: kUnavailable when the file cannot be opened, kInvalidArgument on bad options.
core::Result<std::unique_ptr<Database>> OpenSqliteDatabase(std::string_view path,
                                                           const SqliteOptions& options);

}  // namespace passeur::store::sqlite
