#include "store/sqlite/sqlite_database.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <sqlite3.h>

namespace passeur::store::sqlite {

namespace {

using core::Error;
using core::Fail;
using core::Result;

// Prepared statements kept per connection; beyond this, statements are prepared for one use.
constexpr std::size_t kMaxCachedStatements = 256;
constexpr int kMaxPoolSize = 64;

Error MapError(sqlite3* db, int rc, std::string_view what) {
    const int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
    const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    switch (extended) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
            return Error::Conflict(fmt::format("{} ({})", kUniqueViolationPrefix, detail));
        case SQLITE_CONSTRAINT_FOREIGNKEY:
            return Error::Conflict(fmt::format("{} ({})", kForeignKeyViolationPrefix, detail));
        default:
            break;
    }
    switch (extended & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return Error::Unavailable(fmt::format("sqlite: database busy during {}: {}", what, detail));
        case SQLITE_CANTOPEN:
        case SQLITE_NOTADB:
            return Error::Unavailable(fmt::format("sqlite: cannot open database: {}", detail));
        default:
            return Error::Internal(fmt::format("sqlite: {} failed: {}", what, detail));
    }
}

// One sqlite3 handle and its statement cache. Used by one thread at a time (leased from the pool).
class Connection final : public Executor {
public:
    explicit Connection(sqlite3* db) : db_(db) {}
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() override {
        for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
        sqlite3_close_v2(db_);
    }

    Result<Rows> Query(std::string_view sql, const Params& params) override {
        Rows rows;
        PASSEUR_TRY(Run(sql, params, &rows));
        return rows;
    }

    Result<std::int64_t> Exec(std::string_view sql, const Params& params) override {
        PASSEUR_TRY(Run(sql, params, nullptr));
        return static_cast<std::int64_t>(sqlite3_changes64(db_));
    }

private:
    // A statement borrowed from the cache (or owned for one use), reset when the borrow ends so
    // that it never holds a read transaction open.
    struct Borrowed {
        sqlite3_stmt* stmt = nullptr;
        bool owned = false;
        Borrowed() = default;
        Borrowed(const Borrowed&) = delete;
        Borrowed& operator=(const Borrowed&) = delete;
        ~Borrowed() {
            if (stmt == nullptr) return;
            if (owned) {
                sqlite3_finalize(stmt);
            } else {
                sqlite3_reset(stmt);
                sqlite3_clear_bindings(stmt);
            }
        }
    };

    Result<void> Prepare(std::string_view sql, Borrowed& out) {
        std::string key(sql);
        if (auto it = cache_.find(key); it != cache_.end()) {
            out.stmt = it->second;
            return core::Ok();
        }
        const bool cache = cache_.size() < kMaxCachedStatements;
        sqlite3_stmt* stmt = nullptr;
        const char* tail = nullptr;
        const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                          cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, &tail);
        if (rc != SQLITE_OK) return Fail(MapError(db_, rc, "prepare"));
        if (stmt == nullptr) return Fail(Error::Internal("sqlite: empty statement"));
        for (const char* p = tail; p != nullptr && p < sql.data() + sql.size(); ++p) {
            if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';') {
                sqlite3_finalize(stmt);
                return Fail(Error::Internal("sqlite: one statement per call"));
            }
        }
        out.stmt = stmt;
        out.owned = !cache;
        if (cache) cache_.emplace(std::move(key), stmt);
        return core::Ok();
    }

    Result<void> Bind(sqlite3_stmt* stmt, const Params& params) {
        const int expected = sqlite3_bind_parameter_count(stmt);
        if (expected > static_cast<int>(params.size())) {
            return Fail(Error::Internal(
                fmt::format("sqlite: statement has {} parameters, {} given", expected, params.size())));
        }
        for (std::size_t i = 0; i < params.size(); ++i) {
            const std::string name = fmt::format("${}", i + 1);
            const int index = sqlite3_bind_parameter_index(stmt, name.c_str());
            if (index == 0)
                return Fail(Error::Internal(fmt::format("sqlite: parameter {} is not used", name)));
            const Value& v = params[i];
            int rc = SQLITE_OK;
            if (std::holds_alternative<std::nullptr_t>(v)) {
                rc = sqlite3_bind_null(stmt, index);
            } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
                rc = sqlite3_bind_int64(stmt, index, *n);
            } else if (const auto* d = std::get_if<double>(&v)) {
                rc = sqlite3_bind_double(stmt, index, *d);
            } else {
                const auto& s = std::get<std::string>(v);
                rc = sqlite3_bind_text64(stmt, index, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
            }
            if (rc != SQLITE_OK) return Fail(MapError(db_, rc, "bind"));
        }
        return core::Ok();
    }

    static Value ReadColumn(sqlite3_stmt* stmt, int col) {
        switch (sqlite3_column_type(stmt, col)) {
            case SQLITE_INTEGER:
                return static_cast<std::int64_t>(sqlite3_column_int64(stmt, col));
            case SQLITE_FLOAT:
                return sqlite3_column_double(stmt, col);
            case SQLITE_NULL:
                return nullptr;
            default: {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
                const int size = sqlite3_column_bytes(stmt, col);
                return std::string(text != nullptr ? text : "", static_cast<std::size_t>(size));
            }
        }
    }

    Result<void> Run(std::string_view sql, const Params& params, Rows* rows) {
        Borrowed borrowed;
        PASSEUR_TRY(Prepare(sql, borrowed));
        sqlite3_stmt* stmt = borrowed.stmt;
        PASSEUR_TRY(Bind(stmt, params));
        const int columns = sqlite3_column_count(stmt);
        for (;;) {
            const int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE) return core::Ok();
            if (rc != SQLITE_ROW) return Fail(MapError(db_, rc, "statement"));
            if (rows == nullptr) continue;
            Row row;
            row.reserve(static_cast<std::size_t>(columns));
            for (int c = 0; c < columns; ++c) row.push_back(ReadColumn(stmt, c));
            rows->push_back(std::move(row));
        }
    }

    sqlite3* db_;
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteDatabase final : public Database {
public:
    SqliteDatabase(bool memory, sqlite3* keeper) : memory_(memory), keeper_(keeper) {}
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;
    ~SqliteDatabase() override {
        idle_.clear();
        if (keeper_ != nullptr) sqlite3_close_v2(keeper_);
    }

    void AddConnection(std::unique_ptr<Connection> c) { idle_.push_back(std::move(c)); }

    std::string_view Kind() const override { return "sqlite"; }

    Result<void> Ping() override {
        PASSEUR_TRY(Query("SELECT 1", {}));
        return core::Ok();
    }

    Result<Rows> Query(std::string_view sql, const Params& params) override {
        Lease lease(*this);
        return lease.conn->Query(sql, params);
    }

    Result<std::int64_t> Exec(std::string_view sql, const Params& params) override {
        Lease lease(*this);
        return lease.conn->Exec(sql, params);
    }

protected:
    Result<void> RunTransaction(const std::function<Result<void>(Executor&)>& body) override {
        Lease lease(*this);
        Connection& conn = *lease.conn;
        PASSEUR_TRY(conn.Exec("BEGIN IMMEDIATE", {}));
        auto result = body(conn);
        if (!result) {
            (void)conn.Exec("ROLLBACK", {});
            return result;
        }
        auto commit = conn.Exec("COMMIT", {});
        if (!commit) {
            (void)conn.Exec("ROLLBACK", {});
            return Fail(commit.error());
        }
        return core::Ok();
    }

private:
    // Borrows one idle connection (waiting for one if all are busy). In memory mode it also holds
    // the database-wide mutex for the whole borrow.
    struct Lease {
        explicit Lease(SqliteDatabase& db) : db_(db) {
            if (db_.memory_) memory_lock_ = std::unique_lock(db_.memory_mu_);
            std::unique_lock lock(db_.mu_);
            db_.cv_.wait(lock, [&] { return !db_.idle_.empty(); });
            conn = std::move(db_.idle_.back());
            db_.idle_.pop_back();
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() {
            {
                std::lock_guard lock(db_.mu_);
                db_.idle_.push_back(std::move(conn));
            }
            db_.cv_.notify_one();
        }
        SqliteDatabase& db_;
        std::unique_lock<std::mutex> memory_lock_;
        std::unique_ptr<Connection> conn;
    };

    const bool memory_;
    sqlite3* keeper_;  // memory mode: keeps the shared in-memory database alive
    std::mutex memory_mu_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

Result<sqlite3*> OpenHandle(const std::string& name, bool memory, int busy_timeout_ms) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (memory) flags |= SQLITE_OPEN_URI;
    const int rc = sqlite3_open_v2(name.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error e = MapError(db, rc, "open");
        if (e.code == core::ErrorCode::kInternal) e.code = core::ErrorCode::kUnavailable;
        sqlite3_close_v2(db);
        return Fail(std::move(e));
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, busy_timeout_ms);
    return db;
}

}  // namespace

core::Result<std::unique_ptr<Database>> OpenSqliteDatabase(std::string_view path,
                                                           const SqliteOptions& options) {
    if (options.pool_size < 1 || options.pool_size > kMaxPoolSize) {
        return Fail(
            Error::InvalidArgument(fmt::format("pool_size must be 1..{}", kMaxPoolSize), "pool_size"));
    }
    if (options.busy_timeout_ms < 0) {
        return Fail(Error::InvalidArgument("busy_timeout_ms must be >= 0", "busy_timeout_ms"));
    }
    if (path.empty()) return Fail(Error::InvalidArgument("sqlite path is empty", "url"));
    const bool memory = path == ":memory:";
    std::string name(path);
    sqlite3* keeper = nullptr;
    if (memory) {
        static std::atomic<std::uint64_t> counter{0};
        name = fmt::format("file:passeur_mem_{}?mode=memory&cache=shared", counter.fetch_add(1));
        auto handle = OpenHandle(name, true, options.busy_timeout_ms);
        if (!handle) return Fail(handle.error());
        keeper = *handle;
    }
    auto db = std::make_unique<SqliteDatabase>(memory, keeper);
    for (int i = 0; i < options.pool_size; ++i) {
        auto handle = OpenHandle(name, memory, options.busy_timeout_ms);
        if (!handle) return Fail(handle.error());
        auto conn = std::make_unique<Connection>(*handle);
        if (!memory && i == 0) {
            auto mode = conn->Query("PRAGMA journal_mode=WAL", {});
            if (!mode) return Fail(mode.error());
            if (mode->empty() || AsText(mode->front().front()) != "wal") {
                return Fail(Error::Unavailable(fmt::format("sqlite: cannot enable WAL on {}", path)));
            }
        }
        for (const char* pragma : {"PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL"}) {
            auto r = conn->Exec(pragma, {});
            if (!r) return Fail(r.error());
        }
        db->AddConnection(std::move(conn));
    }
    return std::unique_ptr<Database>(std::move(db));
}

}  // namespace passeur::store::sqlite
