// The SQL seam between the repositories and the engines. SQL is written once, with
// PostgreSQL-style placeholders $1..$n (a placeholder may appear several times); each adapter
// binds them natively (SQLite binds by name "$1", libpq by position).
//
// Errors (message says what failed; repositories turn them into user-facing messages):
//   kConflict     unique, primary-key or foreign-key violation (see IsForeignKeyViolation)
//   kUnavailable  the database cannot be reached, or stayed busy/locked past the timeout
//   kInternal     anything else (bad SQL, type mismatch, I/O error)
//
// Thread-safety: a Database is shared by all threads; each call borrows one pooled connection.
// An Executor handed to a WithTransaction body is bound to one connection and must only be
// used by that body, on the calling thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace passeur::store {

// NULL, integer (every integer column, booleans as 0/1), floating point, text.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
using Row = std::vector<Value>;
using Rows = std::vector<Row>;
using Params = std::vector<Value>;

// Prefixes of adapter error messages for constraint violations (both are kConflict).
inline constexpr std::string_view kUniqueViolationPrefix = "unique constraint violated";
inline constexpr std::string_view kForeignKeyViolationPrefix = "foreign key constraint violated";

inline bool IsForeignKeyViolation(const core::Error& e) {
    return e.code == core::ErrorCode::kConflict && e.message.starts_with(kForeignKeyViolationPrefix);
}
inline bool IsUniqueViolation(const core::Error& e) {
    return e.code == core::ErrorCode::kConflict && e.message.starts_with(kUniqueViolationPrefix);
}

// Runs statements. Query returns every result row (use LIMIT); Exec returns rows affected.
class Executor {
public:
    virtual ~Executor() = default;
    virtual core::Result<Rows> Query(std::string_view sql, const Params& params = {}) = 0;
    virtual core::Result<std::int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;
};

class Database : public Executor {
public:
    // Query/Exec outside a transaction run in autocommit mode, one statement each.

    virtual std::string_view Kind() const = 0;  // "sqlite" | "postgresql"
    virtual core::Result<void> Ping() = 0;      // kUnavailable when unreachable

    // Runs fn(Executor&) inside one transaction on one connection: committed when fn returns a
    // value, rolled back when it returns an error (that error is returned) or when COMMIT fails.
    // fn must return core::Result<T>; WithTransaction returns the same type. SQLite transactions
    // take the write lock up front (BEGIN IMMEDIATE), so they serialise writers across processes.
    template <typename Fn>
    auto WithTransaction(Fn&& fn) -> std::invoke_result_t<Fn&, Executor&> {
        using R = std::invoke_result_t<Fn&, Executor&>;
        std::optional<R> out;
        auto status = RunTransaction([&](Executor& ex) -> core::Result<void> {
            out.emplace(fn(ex));
            if (!out->has_value()) return core::Fail(out->error());
            return core::Ok();
        });
        if (!status) return core::Fail(std::move(status.error()));
        return std::move(*out);
    }

protected:
    virtual core::Result<void> RunTransaction(const std::function<core::Result<void>(Executor&)>& body) = 0;
};

// Column accessors for rows read back from the repositories' own queries. A NULL reads as
// 0 / "" (the entities' "not set" values); an integer column read as text is formatted.
inline std::int64_t AsInt(const Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
    return 0;
}
inline std::string AsText(const Value& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    return {};
}
// "" is stored as NULL for optional references (ids of rows that may be gone).
inline Value NullIfEmpty(std::string_view s) {
    if (s.empty()) return nullptr;
    return std::string(s);
}

}  // namespace passeur::store
