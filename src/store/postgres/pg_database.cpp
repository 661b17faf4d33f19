#include "store/postgres/pg_database.hpp"

#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <libpq-fe.h>

namespace passeur::store::postgres {

namespace {

using core::Error;
using core::Fail;
using core::Result;

constexpr int kMaxPoolSize = 64;

// Type OIDs (server/catalog/pg_type_d.h) of the columns read back as numbers.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string Trimmed(const char* s) {
    std::string out = s != nullptr ? s : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

Result<PGconn*> Connect(const std::string& url, int connect_timeout_s) {
    const std::string timeout = std::to_string(connect_timeout_s);
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {url.c_str(), timeout.c_str(), "passeur", nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, 1);
    if (conn == nullptr) return Fail(Error::Unavailable("postgresql: out of memory while connecting"));
    if (PQstatus(conn) != CONNECTION_OK) {
        Error e =
            Error::Unavailable(fmt::format("postgresql: cannot connect: {}", Trimmed(PQerrorMessage(conn))));
        PQfinish(conn);
        return Fail(std::move(e));
    }
    PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
    return conn;
}

class Connection final : public Executor {
public:
    explicit Connection(PGconn* conn) : conn_(conn) {}
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() override { PQfinish(conn_); }

    // Resets a broken connection once. kUnavailable if it stays broken.
    Result<void> EnsureConnected() {
        if (PQstatus(conn_) == CONNECTION_OK) return core::Ok();
        PQreset(conn_);
        if (PQstatus(conn_) != CONNECTION_OK) {
            return Fail(Error::Unavailable(
                fmt::format("postgresql: connection lost: {}", Trimmed(PQerrorMessage(conn_)))));
        }
        PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
        return core::Ok();
    }

    Result<Rows> Query(std::string_view sql, const Params& params) override {
        auto res = Run(sql, params);
        if (!res) return Fail(res.error());
        PGresult* r = res->get();
        const int n_rows = PQntuples(r);
        const int n_cols = PQnfields(r);
        Rows rows;
        rows.reserve(static_cast<std::size_t>(n_rows));
        for (int i = 0; i < n_rows; ++i) {
            Row row;
            row.reserve(static_cast<std::size_t>(n_cols));
            for (int c = 0; c < n_cols; ++c) row.push_back(ReadValue(r, i, c));
            rows.push_back(std::move(row));
        }
        return rows;
    }

    Result<std::int64_t> Exec(std::string_view sql, const Params& params) override {
        auto res = Run(sql, params);
        if (!res) return Fail(res.error());
        const char* tuples = PQcmdTuples(res->get());
        if (tuples == nullptr || *tuples == '\0') return std::int64_t{0};
        return static_cast<std::int64_t>(std::strtoll(tuples, nullptr, 10));
    }

private:
    static Value ReadValue(PGresult* r, int row, int col) {
        if (PQgetisnull(r, row, col) != 0) return nullptr;
        const char* text = PQgetvalue(r, row, col);
        switch (PQftype(r, col)) {
            case kInt8Oid:
            case kInt4Oid:
            case kInt2Oid:
            case kOidOid:
                return static_cast<std::int64_t>(std::strtoll(text, nullptr, 10));
            case kBoolOid:
                return static_cast<std::int64_t>(text[0] == 't' ? 1 : 0);
            case kFloat4Oid:
            case kFloat8Oid:
            case kNumericOid:
                return std::strtod(text, nullptr);
            default:
                return std::string(text, static_cast<std::size_t>(PQgetlength(r, row, col)));
        }
    }

    Error MapFailure(PGresult* r) {
        if (PQstatus(conn_) != CONNECTION_OK) {
            return Error::Unavailable(
                fmt::format("postgresql: connection lost: {}", Trimmed(PQerrorMessage(conn_))));
        }
        if (r == nullptr)
            return Error::Internal(fmt::format("postgresql: {}", Trimmed(PQerrorMessage(conn_))));
        const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        const std::string sqlstate = state != nullptr ? state : "";
        const std::string message = Trimmed(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
        const char* constraint = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
        const std::string where = constraint != nullptr ? constraint : message;
        if (sqlstate == "23505")
            return Error::Conflict(fmt::format("{} ({})", kUniqueViolationPrefix, where));
        if (sqlstate == "23503")
            return Error::Conflict(fmt::format("{} ({})", kForeignKeyViolationPrefix, where));
        // Class 08: connection exception; 57P01..03: server shutting down / cannot connect now.
        if (sqlstate.starts_with("08") || sqlstate.starts_with("57P")) {
            return Error::Unavailable(fmt::format("postgresql: {} (SQLSTATE {})", message, sqlstate));
        }
        return Error::Internal(fmt::format("postgresql: {} (SQLSTATE {})", message, sqlstate));
    }

    Result<ResultPtr> Run(std::string_view sql, const Params& params) {
        std::vector<std::string> storage(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (std::size_t i = 0; i < params.size(); ++i) {
            const Value& v = params[i];
            if (std::holds_alternative<std::nullptr_t>(v)) continue;
            if (const auto* n = std::get_if<std::int64_t>(&v)) {
                storage[i] = std::to_string(*n);
            } else if (const auto* d = std::get_if<double>(&v)) {
                storage[i] = fmt::format("{}", *d);
            } else {
                storage[i] = std::get<std::string>(v);
            }
            values[i] = storage[i].c_str();
        }
        const std::string query(sql);
        ResultPtr r(PQexecParams(conn_, query.c_str(), static_cast<int>(params.size()), nullptr,
                                 values.empty() ? nullptr : values.data(), nullptr, nullptr, 0));
        const ExecStatusType status = r != nullptr ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return r;
        return Fail(MapFailure(r.get()));
    }

    PGconn* conn_;
};

class PgDatabase final : public Database {
public:
    PgDatabase() = default;
    PgDatabase(const PgDatabase&) = delete;
    PgDatabase& operator=(const PgDatabase&) = delete;

    void AddConnection(std::unique_ptr<Connection> c) { idle_.push_back(std::move(c)); }

    std::string_view Kind() const override { return "postgresql"; }

    Result<void> Ping() override {
        PASSEUR_TRY(Query("SELECT 1", {}));
        return core::Ok();
    }

    Result<Rows> Query(std::string_view sql, const Params& params) override {
        Lease lease(*this);
        PASSEUR_TRY(lease.conn->EnsureConnected());
        return lease.conn->Query(sql, params);
    }

    Result<std::int64_t> Exec(std::string_view sql, const Params& params) override {
        Lease lease(*this);
        PASSEUR_TRY(lease.conn->EnsureConnected());
        return lease.conn->Exec(sql, params);
    }

protected:
    Result<void> RunTransaction(const std::function<Result<void>(Executor&)>& body) override {
        Lease lease(*this);
        Connection& conn = *lease.conn;
        PASSEUR_TRY(conn.EnsureConnected());
        PASSEUR_TRY(conn.Exec("BEGIN", {}));
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
    struct Lease {
        explicit Lease(PgDatabase& db) : db_(db) {
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
        PgDatabase& db_;
        std::unique_ptr<Connection> conn;
    };

    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace

core::Result<std::unique_ptr<Database>> OpenPgDatabase(std::string_view url, const PgOptions& options) {
    if (options.pool_size < 1 || options.pool_size > kMaxPoolSize) {
        return Fail(
            Error::InvalidArgument(fmt::format("pool_size must be 1..{}", kMaxPoolSize), "pool_size"));
    }
    // libpq treats connect_timeout < 2 s as 2 s; 0 would mean "wait forever".
    const int timeout_s = std::max(2, (options.connect_timeout_ms + 999) / 1000);
    auto db = std::make_unique<PgDatabase>();
    const std::string conninfo(url);
    for (int i = 0; i < options.pool_size; ++i) {
        auto conn = Connect(conninfo, timeout_s);
        if (!conn) return Fail(conn.error());
        db->AddConnection(std::make_unique<Connection>(*conn));
    }
    return std::unique_ptr<Database>(std::move(db));
}

}  // namespace passeur::store::postgres
