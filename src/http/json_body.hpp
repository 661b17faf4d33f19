// The JSON object body of an API write, bounded and checked in one place.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "http/request.hpp"

namespace passeur::http {

// kPayloadTooLarge (field "body") beyond `max_bytes` (the message gives the bound in Kio),
// kInvalidArgument "Content-Type" unless application/json, kInvalidArgument "body" unless the body
// parses as a JSON object.
core::Result<nlohmann::json> JsonObjectBody(const Request& request, std::size_t max_bytes);

// Strict reading of the members of such a body. `field` is the member's full path as the error
// names it ("rule.level", "alignments[2].framework"); every failure is kInvalidArgument naming it.

// Ok when every member of `object` is one of `names`. Else the first other member (in the
// object's order) fails: "Membre inconnu : « key ».", field `prefix` + key, the key cut to its
// first 60 bytes in both. `object` must be a JSON object (no member is an error for other values).
core::Result<void> OnlyMembers(const nlohmann::json& object, std::initializer_list<std::string_view> names,
                               const std::string& prefix = "");

// The string `value`; "Le membre <field> doit être un texte." unless it is a JSON string.
core::Result<std::string> JsonText(const nlohmann::json& value, const std::string& field);

// The boolean `value`; "Le membre <field> doit être true ou false." unless it is a JSON boolean.
core::Result<bool> JsonBoolean(const nlohmann::json& value, const std::string& field);

// The integer `value`, in [min, max]: "Le membre <field> doit être un entier." unless it is a JSON
// integer (1.0 and "1" are not), "Le membre <field> va de <min> à <max>." outside the range.
core::Result<int> JsonInteger(const nlohmann::json& value, const std::string& field, int min, int max);

}  // namespace passeur::http
