// Server-rendered staff pages of campaigns (issue 7; RouteKind::kHtml, French URLs, DSFR, no script):
//
// Organisation staff (mediators and org_admins of the organisation, platform admins; anonymous
// visitors go to the login page; anybody else gets the service's error: 404 for an unrelated
// person, 403 for another member of the organisation):
//   GET  /organisation/campagnes                 per organisation the person staffs: its campaigns
//                                                (state, participations, completion rate, shared)
//                                                and its training needs (the competences most often
//                                                below target across its shared results), with a
//                                                "Nouvelle campagne" link
//   GET  /organisation/campagnes/nouvelle?org=ID the creation form; POST creates (field errors
//                                                re-render the form next to the field, 400) and
//                                                redirects to the campaign page
//   GET  /organisation/campagnes/{id}            the campaign page: printed code, join link and its
//                                                QR code (inline SVG), counts per status, each shared
//                                                result against the target, the heatmap (competences
//                                                × participants, every cell in words), the
//                                                distribution per competence, the badges each
//                                                participant holds in the organisation, CSV link,
//                                                archive form
//   GET  /organisation/campagnes/{id}/resultats.csv   the results CSV (UTF-8 with BOM; ?lang=en or
//                                                fr, else the page language), streamed
//                                                (CampaignService::OpenResultsCsv), as an attachment
//   POST /organisation/campagnes/{id}/archiver   archives, back to the campaign page
//   GET  /organisations/{org}/personnes/{user}/progression   one person's progress over the
//                                                organisation's campaigns (CampaignService::Progress):
//                                                a table competences × shared campaigns (oldest
//                                                first), every cell in words (level, range, target,
//                                                verdict), and the change from the first to the last
//                                                measure ("+2 niveaux", "stable", "−1 niveau"); the
//                                                campaign page links it for each participant who
//                                                shared in at least 2 campaigns of the organisation
//
// Dates of the form are calendar days in Europe/Paris: a campaign opens at 00:00 (Paris) on its
// opening day and closes at 00:00 (Paris) the day after its closing day (the closing day is the
// last day one may join). Every POST checks the session's CSRF token (PageKit::FormPost).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "account/module.hpp"
#include "badge/badge_service.hpp"
#include "campaign/campaign_service.hpp"
#include "framework/framework_service.hpp"
#include "http/router.hpp"
#include "web/renderer.hpp"

namespace passeur::campaign {

// All arguments must outlive the router. `badges` gives the public base URL of the join link, the
// clock, and the badges earned by participants; `frameworks` the target profiles of the form and
// the competence names.
void RegisterCampaignStaffPages(http::Router& router, CampaignService& campaigns, badge::BadgeService& badges,
                                framework::FrameworkService& frameworks, account::AccountModule& accounts,
                                web::Renderer& renderer);

}  // namespace passeur::campaign
