#include <string>

#include "store/postgres/pg_database.hpp"
#include "store/sql_store.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/store.hpp"

namespace passeur::store {

Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const StoreOptions& options) {
    constexpr std::string_view kAccepted =
        "accepted store URLs: sqlite:PATH, a bare file path, postgresql://... or postgres://...";
    std::unique_ptr<Database> db;
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        auto pg = postgres::OpenPgDatabase(url, {options.pool_size, options.busy_timeout_ms});
        if (!pg) return core::Fail(pg.error());
        db = std::move(*pg);
    } else {
        std::string_view path = url;
        if (url.starts_with("sqlite:")) {
            path = url.substr(7);
        } else if (const auto colon = url.find(':');
                   colon != std::string_view::npos && colon > 1 &&
                   url.substr(0, colon).find('/') == std::string_view::npos) {
            // "scheme:..." with an unknown scheme ("mysql://", "file:"); a one-letter prefix
            // or a colon after a '/' is part of a path.
            return core::Fail(core::Error::InvalidArgument(std::string(kAccepted), "url"));
        }
        if (path.empty()) return core::Fail(core::Error::InvalidArgument(std::string(kAccepted), "url"));
        auto sqlite = sqlite::OpenSqliteDatabase(path, {options.pool_size, options.busy_timeout_ms});
        if (!sqlite) return core::Fail(sqlite.error());
        db = std::move(*sqlite);
    }
    return MakeSqlStore(std::move(db), options.metrics);
}

Result<std::unique_ptr<Store>> OpenMigrated(std::string_view url, const StoreOptions& options) {
    auto store = OpenStore(url, options);
    if (!store) return core::Fail(store.error());
    auto report = (*store)->Migrate();
    if (!report) return core::Fail(report.error());
    return std::move(*store);
}

}  // namespace passeur::store
