// The JSON API of campaigns (issue 7; docs/api/openapi.campaign.json). Every route authenticates
// (session cookie with X-CSRF-Token on writes, or an API token) and maps errors through
// http/error_mapping; the pages use the same CampaignService.
//
//   POST   /api/v1/organizations/{org}/campaigns     create (staff)              -> 201 campaign
//   GET    /api/v1/organizations/{org}/campaigns     list (staff)                -> {campaigns}
//   GET    /api/v1/campaigns/{campaign}              one campaign (staff)
//   POST   /api/v1/campaigns/{campaign}/archive      close it to newcomers (staff)
//   GET    /api/v1/campaigns/preview?code=           what joining shows (any signed-in person)
//   POST   /api/v1/campaigns/join                    {code, consent, external_id?} -> 201 participation
//   GET    /api/v1/participations/{participation}    the participant's own participation
//   POST   /api/v1/participations/{participation}/assessment   starts the campaign's test {needs?}
//   POST   /api/v1/participations/{participation}/share        shares the levels
//   DELETE /api/v1/participations/{participation}               leaves the campaign -> 204
//   GET    /api/v1/campaigns/{campaign}/results      shared results (staff)
//   GET    /api/v1/campaigns/{campaign}/results.csv  the same as CSV, streamed (?lang=en)
//   GET    /api/v1/organizations/{org}/participants/{user_id}/progress   one person's progress over
//                                                    the organisation's campaigns (staff)
//   GET    /api/v1/territories/{code}/summary        a département's aggregates (coordinators)
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "account/module.hpp"
#include "assessment/service/assessment_service.hpp"
#include "campaign/campaign_service.hpp"
#include "core/result.hpp"
#include "http/router.hpp"

namespace passeur::campaign {

inline constexpr std::size_t kMaxCampaignBodyBytes = 16 * 1024;

// The campaign members of a POST body; kInvalidArgument naming the member ("settings.se_target",
// "external_id.purpose", "opens_at"). Values are checked again by the service (NormalizeCampaignInput).
core::Result<CampaignInput> CampaignInputFromJson(const nlohmann::json& body);

// The JSON views (times RFC 3339 UTC, null when unset). `public_base_url` builds the join link.
nlohmann::json CampaignToJson(const Campaign& campaign, const std::string& public_base_url);
nlohmann::json ParticipationToJson(const Participation& participation);
nlohmann::json ResultsToJson(const CampaignResults& results, const std::string& public_base_url);
// {organization_id, organization_name, user_id, display_name, email, truncated, points
// [{participation_id, campaign {id, name}, target_profile {id, name}, shared_at, competences [cell]}],
// competences [{framework, competence, series [{point (index into points), level, level_low,
// level_high, target_level, verdict}], level_change (last minus first level; null when measured
// once)}]}.
nlohmann::json ProgressToJson(const ParticipantProgress& progress);
nlohmann::json TerritoryToJson(const TerritorySummary& summary);

// The join link printed and encoded in the QR code: <base>/campagnes/rejoindre?code=XXXXXXXX.
std::string JoinUrl(const std::string& public_base_url, const std::string& code);

// `campaigns`, `assessments` and `accounts` must outlive the router.
void RegisterCampaignApi(http::Router& router, CampaignService& campaigns,
                         assessment::AssessmentService& assessments, account::AccountModule& accounts);

}  // namespace passeur::campaign
