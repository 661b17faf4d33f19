// The JSON object body of an API write, bounded and checked in one place.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "http/request.hpp"

namespace passeur::http {

// kPayloadTooLarge (field "body") beyond `max_bytes` (the message gives the bound in Kio),
// kInvalidArgument "Content-Type" unless application/json, kInvalidArgument "body" unless the body
// parses as a JSON object.
core::Result<nlohmann::json> JsonObjectBody(const Request& request, std::size_t max_bytes);

}  // namespace passeur::http
