// JSON of badges and awards as the API, the export and the pages' downloads show them
// (docs/api/openapi.badge.json). Times are RFC 3339 UTC strings; absent ones are null.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "badge/badge_service.hpp"
#include "badge/model.hpp"

namespace passeur::badge {

// {id, org_id, name, description, criteria, achievement_type, has_image, image_url, url,
//  json_url, alignments: [{framework, framework_version, competence}], validity_months, status,
//  rule: {kind, framework?, framework_version?, competence?, level?, target_profile_id?},
//  created_at, updated_at, version}. URLs absolute on `base_url`.
nlohmann::json BadgeToJson(const Badge& badge, std::string_view base_url);

// {id, credential_id, badge: {id, name, org_id, org_name, image_url, url}, learner: {id, name},
//  source: "manual" | "automatic", awarded_by: {id, name} | null, assessment_id | null, reason,
//  evidence: [{narrative, observed_on, observer}], files: [{id, name, media_type, size, sha256,
//  url}], awarded_at, expires_at | null, expired, state, state_reason, state_at | null, public,
//  verify_url} and, with `with_credential`, credential.
nlohmann::json AwardToJson(const AwardView& view, std::string_view base_url, bool with_credential);

}  // namespace passeur::badge
