#include "http/error_mapping.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace passeur::http {

namespace {
constexpr std::string_view kInternalMessage = "erreur interne";
constexpr std::string_view kUnavailableMessage =
    "service momentanément indisponible, réessayez dans un instant";
}  // namespace

unsigned StatusFor(core::ErrorCode code) {
    switch (code) {
        case core::ErrorCode::kInvalidArgument:
            return 400;
        case core::ErrorCode::kUnauthenticated:
            return 401;
        case core::ErrorCode::kPermissionDenied:
            return 403;
        case core::ErrorCode::kNotFound:
            return 404;
        case core::ErrorCode::kConflict:
            return 409;
        case core::ErrorCode::kPayloadTooLarge:
            return 413;
        case core::ErrorCode::kRateLimited:
            return 429;
        case core::ErrorCode::kUnavailable:
            return 503;
        case core::ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

Response JsonError(const core::Error& error, std::string_view request_id) {
    const bool internal = error.code == core::ErrorCode::kInternal;
    const bool unavailable = error.code == core::ErrorCode::kUnavailable;
    if (internal || unavailable) {
        // The detail may name files, hosts, queries or library state: it goes to the log only.
        spdlog::error("{} error (request_id={}): {}", core::ErrorCodeName(error.code), request_id,
                      error.message);
    }
    std::string message = internal      ? std::string(kInternalMessage)
                          : unavailable ? std::string(kUnavailableMessage)
                                        : error.message;
    nlohmann::json body = {{"code", core::ErrorCodeName(error.code)},
                           {"message", std::move(message)},
                           {"request_id", request_id}};
    if (!error.field.empty() && !internal) body["field"] = error.field;
    return Response::Json({{"error", std::move(body)}}, StatusFor(error.code));
}

Response JsonError(unsigned status, std::string_view code, std::string_view message,
                   std::string_view request_id) {
    nlohmann::json body = {{"code", code}, {"message", message}, {"request_id", request_id}};
    return Response::Json({{"error", std::move(body)}}, status);
}

}  // namespace passeur::http
