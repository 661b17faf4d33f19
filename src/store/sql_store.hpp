// The one SQL implementation of store::Store, over any Database adapter.
#pragma once

#include <memory>
#include <string_view>

#include "core/metrics.hpp"
#include "store/database.hpp"
#include "store/store.hpp"

namespace passeur::store {

// Name of the histogram observed per repository method (label op = "users.get", ...).
inline constexpr std::string_view kQueryDurationMetric = "passeur_store_query_duration_seconds";

// Builds a Store over `db` (which it owns). When `metrics` is set it describes the query-duration
// histogram and observes every repository call. Does not migrate.
std::unique_ptr<Store> MakeSqlStore(std::unique_ptr<Database> db, core::Metrics* metrics);

// The Database behind a Store made by OpenStore/MakeSqlStore (for tests and tools), or nullptr
// for another Store implementation.
Database* DatabaseOf(Store& store);

}  // namespace passeur::store
