// JSON routes of the learner's adaptive tests under /api/v1 (RouteKind::kJson; errors mapped by
// http/error_mapping). Session users only (API tokens get 403: tests are personal); a test is
// visible to its owner only (404 for anyone else; platform admins may read it and its result).
// Cookie sessions must send X-CSRF-Token on POST. See docs/api/openapi.assessment.json.
//
//   POST /api/v1/assessments                       {target_profile_id, needs?: [..]} -> 201 summary
//   GET  /api/v1/assessments                       {assessments: [summary]} (mine, newest first)
//   GET  /api/v1/assessments/{assessment}          summary
//   GET  /api/v1/assessments/{assessment}/next     {done: false, position, item, progress} | {done: true,
//   progress} POST /api/v1/assessments/{assessment}/answers  {item_id, response} (response null = "je ne sais
//   pas")
//                                                  -> {position, accepted, done, progress}
//   GET  /api/v1/assessments/{assessment}/result   ResultToJson
#pragma once

#include <cstddef>

#include "account/module.hpp"
#include "assessment/service/assessment_service.hpp"
#include "http/router.hpp"

namespace passeur::assessment {

// Bodies above this are refused (kPayloadTooLarge).
inline constexpr std::size_t kMaxAssessmentBodyBytes = 64 * 1024;

// `service` and `accounts` must outlive the router.
void RegisterAssessmentApi(http::Router& router, AssessmentService& service,
                           account::AccountModule& accounts);

}  // namespace passeur::assessment
