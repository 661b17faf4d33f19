// The one place mapping core::ErrorCode to HTTP statuses and the JSON error body
// {"error":{"code","message","request_id"}} (plus "field" when the error names one).
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "http/response.hpp"

namespace passeur::http {

unsigned StatusFor(core::ErrorCode code);
Response JsonError(const core::Error& error, std::string_view request_id);
// For failures detected by the server itself before any handler (malformed request, 404, 405...).
Response JsonError(unsigned status, std::string_view code, std::string_view message,
                   std::string_view request_id);

}  // namespace passeur::http
