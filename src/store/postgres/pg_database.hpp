// PostgreSQL adapter of store::Database (libpq, PQexecParams, text format).
#pragma once

#include <memory>
#include <string_view>

#include "core/result.hpp"
#include "store/database.hpp"

namespace passeur::store::postgres {

struct PgOptions {
    int pool_size = 4;              // connections kept open, >= 1
    int connect_timeout_ms = 5000;  // rounded up to whole seconds (libpq connect_timeout), >= 2 s
};

// Connects pool_size connections to `url` ("postgresql://user@host:port/db?..."). A connection
// found broken when borrowed is reset once; if that fails the call returns kUnavailable.
// SQLSTATE 23505 (unique) and 23503 (foreign key) map to kConflict; connection failures to
// kUnavailable; every other failure to kInternal.
core::Result<std::unique_ptr<Database>> OpenPgDatabase(std::string_view url, const PgOptions& options);

}  // namespace passeur::store::postgres
