// nlohmann::json -> kainjow mustache data. Objects and arrays map one-to-one; booleans stay
// booleans (sections); null becomes false; numbers become their decimal text.
#pragma once

#include <nlohmann/json.hpp>

#include <kainjow/mustache.hpp>

namespace passeur::web {

kainjow::mustache::data ToMustache(const nlohmann::json& json);

}  // namespace passeur::web
