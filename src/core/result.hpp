// Expected failures as values: Result<T> = tl::expected<T, Error>.
// Bugs are asserts; exceptions stop at the adapter that calls a throwing library.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace passeur::core {

// The closed set of failure kinds. http/error_mapping.cpp is the only place that maps them to
// HTTP statuses; keep the two in step when adding one.
enum class ErrorCode {
    kInvalidArgument,   // the input is malformed or out of bounds (400)
    kUnauthenticated,   // no valid credentials (401)
    kPermissionDenied,  // authenticated but not allowed (403)
    kNotFound,          // no such resource, or not visible to the caller (404)
    kConflict,          // unique constraint, stale version, already exists (409)
    kPayloadTooLarge,   // body over the configured limit (413)
    kRateLimited,       // too many attempts (429)
    kUnavailable,       // store or dependency unreachable (503)
    kInternal,          // a bug or an unexpected library failure (500)
};

// Stable snake_case name used in JSON error bodies and logs ("invalid_argument", ...).
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;  // safe to show to the client: says what was wrong and where
    std::string field;    // optional: the input field / path that was wrong ("email", "members[2].role")

    static Error InvalidArgument(std::string message, std::string field = {}) {
        return {ErrorCode::kInvalidArgument, std::move(message), std::move(field)};
    }
    static Error Unauthenticated(std::string message) {
        return {ErrorCode::kUnauthenticated, std::move(message), {}};
    }
    static Error PermissionDenied(std::string message) {
        return {ErrorCode::kPermissionDenied, std::move(message), {}};
    }
    static Error NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message), {}}; }
    static Error Conflict(std::string message, std::string field = {}) {
        return {ErrorCode::kConflict, std::move(message), std::move(field)};
    }
    static Error RateLimited(std::string message) {
        return {ErrorCode::kRateLimited, std::move(message), {}};
    }
    static Error Unavailable(std::string message) {
        return {ErrorCode::kUnavailable, std::move(message), {}};
    }
    static Error Internal(std::string message) { return {ErrorCode::kInternal, std::move(message), {}}; }
};

template <typename T>
using Result = tl::expected<T, Error>;

// Result<void> success value: `return core::Ok();`
inline Result<void> Ok() { return {}; }

inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

}  // namespace passeur::core

// Propagate a failed Result from an expression of type Result<void>.
#define PASSEUR_TRY(expr)                                                               \
    do {                                                                                \
        auto passeur_try_result_ = (expr);                                              \
        if (!passeur_try_result_) return ::tl::unexpected(passeur_try_result_.error()); \
    } while (false)
