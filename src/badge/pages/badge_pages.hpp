// Server-rendered pages of badges (issue 5; RouteKind::kHtml, French URLs, DSFR, no script):
//
// Organisation staff (mediators, org_admins; anonymous visitors go to the login page):
//   GET  /organisation/badges                   the badges of every organisation the person staffs,
//                                               with "new", "edit", "award" and "awards" links
//   GET  /organisation/badges/nouveau?org=ID    the badge form (org_admin); POST creates
//   GET  /organisation/badges/{badge}           the badge form filled in (org_admin); POST saves
//   GET  /organisation/badges/{badge}/attributions   the awards of a badge, each with suspend,
//                                               reinstate and revoke forms (reason required)
//   POST /organisation/attributions/{award}/{suspendre|retablir|retirer}   field reason
//   GET  /badges/{badge}/attribuer              award form (learner of the organisation, reason,
//                                               what was observed, date, observer, up to 3 evidence
//                                               files); POST (multipart/form-data, or urlencoded
//                                               without files) awards
// Learners:
//   GET  /mes-badges                            their awards: image, dates, state in words, public
//                                               toggle, JSON and PDF downloads, verification link
//   POST /mes-badges/{award}/visibilite         field public=1|0
//   GET  /mes-badges/{award}.json               the signed credential (attachment)
//   GET  /mes-badges/{award}.pdf                the PDF certificate with its QR code (attachment)
// Evidence files (learner, staff of the organisation, anyone once the learner made the award public;
// others 404):
//   GET  /preuves/{award}/{file}                the file (attachment, its checked type, nosniff)
// Public:
//   GET  /badges/{badge}                        the badge page (not drafts, except for staff)
//   GET  /badges/{badge}.json                   the OB 3.0 Achievement (application/json)
//   GET  /badges/{badge}/image.svg              the image (image/svg+xml, kSvgContentSecurityPolicy)
// Errors are returned as core::Error (the error pages); form errors re-render the form (400).
#pragma once

#include <cstddef>

#include "account/module.hpp"
#include "badge/badge_service.hpp"
#include "framework/framework_service.hpp"
#include "http/router.hpp"
#include "web/renderer.hpp"

namespace passeur::badge {

// Form fields larger than this are refused (an SVG pasted in the badge form: 64 KiB, checked by
// the service with a clear message up to this bound).
inline constexpr std::size_t kBadgeFormFieldMaxBytes = 96 * 1024;

// All arguments must outlive the router. The HTTP server's body limit must allow
// kMaxAwardUploadBytes (badge/evidence_file.hpp) for the award form with its files.
void RegisterBadgePages(http::Router& router, BadgeService& badges, framework::FrameworkService& frameworks,
                        account::AccountModule& accounts, web::Renderer& renderer);

}  // namespace passeur::badge
