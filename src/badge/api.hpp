// JSON routes of badges and awards under /api/v1 (RouteKind::kJson; errors mapped by
// http/error_mapping; docs/api/openapi.badge.json). Cookie sessions send X-CSRF-Token on writes;
// API tokens may read and manage badges as their role allows but never award, suspend, reinstate
// or revoke (a person answers for that: 403).
//
//   GET   /api/v1/organizations/{org}/badges   {badges: [badge]} (staff: all; members: active)
//   POST  /api/v1/organizations/{org}/badges   badge fields -> 201 badge (org_admin)
//   GET   /api/v1/badges/{badge}               badge (drafts: staff only; else anyone)
//   PATCH /api/v1/badges/{badge}               some badge fields (+ version) -> badge (org_admin)
//   GET   /api/v1/badges/{badge}/awards        {awards: [award]} (staff)
//   POST  /api/v1/badges/{badge}/awards        {learner_id, reason, narrative, observed_on, observer?}
//                                              -> 201 award with its credential (mediator, org_admin);
//                                              or multipart/form-data with the same fields as parts
//                                              and up to 3 evidence files as parts named "files"
//                                              (PDF, PNG, JPEG by their bytes, 2 MiB each)
//   GET   /api/v1/awards/{award}/files/{file}  an evidence file (learner, staff, anyone when public)
//   GET   /api/v1/me/awards                    {awards: [award]} (the caller's, newest first)
//   GET   /api/v1/awards/{award}               the signed credential as issued (learner or staff)
//   PATCH /api/v1/awards/{award}               {public: bool} -> award (the learner)
//   POST  /api/v1/awards/{award}/revoke        {reason} -> award (staff); also /suspend, /reinstate
//
// Badge fields: name, description, criteria, achievement_type (strings), image_svg (SVG text or
// null), alignments ([{framework, framework_version?, competence}]), validity_months (0..120),
// rule ({kind: manual | competence_level | target_profile, framework?, framework_version?,
// competence?, level?, target_profile_id?}), status (draft | active | archived). Unknown members
// are refused (kInvalidArgument naming them).
#pragma once

#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/module.hpp"
#include "badge/badge_service.hpp"
#include "http/multipart.hpp"
#include "http/router.hpp"

namespace passeur::badge {

// Bodies above this are refused (kPayloadTooLarge): a 64 KiB SVG escaped in JSON fits.
inline constexpr std::size_t kMaxBadgeBodyBytes = 256 * 1024;

// The reply of an evidence file download: its bytes with Content-Type the checked type,
// Content-Disposition attachment with the sanitised name (an ASCII fallback and RFC 8187
// filename*), X-Content-Type-Options nosniff, Cache-Control private, no-store and a sandboxing
// Content-Security-Policy.
http::Response EvidenceFileResponse(EvidenceDownload download);

// The parts of a multipart manual award (text fields by name, "files" parts as uploads; a file
// input left empty is ignored). kInvalidArgument naming an unknown part.
core::Result<ManualAwardInput> ManualAwardFromParts(std::vector<http::MultipartPart> parts);

// Limits of the multipart reader for a manual award with files (evidence_file.hpp bounds).
http::MultipartLimits AwardUploadLimits();

// `service` and `accounts` must outlive the router.
void RegisterBadgeApi(http::Router& router, BadgeService& service, account::AccountModule& accounts);

// The badge members of a JSON object (POST: every member but image_svg, alignments,
// validity_months, rule and status is required; PATCH: all optional). kInvalidArgument naming the
// member ("alignments[2].competence", "rule.level").
core::Result<BadgeInput> BadgeInputFromJson(const nlohmann::json& body);
core::Result<BadgePatch> BadgePatchFromJson(const nlohmann::json& body);

}  // namespace passeur::badge
