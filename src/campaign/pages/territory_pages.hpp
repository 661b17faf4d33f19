// Server-rendered pages of territory coordinators (issue 7, "The territory"; RouteKind::kHtml,
// French URLs, DSFR, no script). Counts only, never a person: CampaignService::Territory drops every
// group of fewer than kMinGroupSize people, and these pages show what it returns, nothing more.
//
//   GET /territoire                       the départements the person coordinates (coordinator role
//                                         in an organisation whose département is set), with links;
//                                         platform admins also get a form to type a code
//                                         (?departement=59 -> 303 to /territoire/59; a malformed code
//                                         re-renders the form, 400). Nobody coordinated: a page saying
//                                         who this is for (200)
//   GET /territoire/{code}                people assessed (or "moins de 10 personnes : non affiché"),
//                                         per target profile the people and the share meeting it, the
//                                         most frequent gaps (kMaxGapBars), each as an inline SVG bar
//                                         chart (role="img", aria-labelledby its caption) followed by
//                                         a table of the same figures; the small-group rule in words
//   GET /territoire/{code}.csv            TerritoryCsv (territory_export.hpp), attachment,
//                                         text/csv; ?lang=fr|en, else the page's language
//   GET /territoire/{code}/graphique.svg  TerritorySvg, image/svg+xml with a CSP that forbids
//                                         everything (the file holds data only)
// Session pages: anonymous visitors go to the login page. Anyone who does not coordinate the
// département gets the service's kNotFound (404 page); a malformed code its kInvalidArgument
// "department" (400). Codes in the path are upper-cased first (/territoire/2a is 2A).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "account/module.hpp"
#include "campaign/campaign_service.hpp"
#include "framework/framework_service.hpp"
#include "http/router.hpp"
#include "web/renderer.hpp"

namespace passeur::campaign {

// The name of competence `competence` of framework `framework` in `language` ("fr" | "en"), "" when
// unknown (the pages then show the code). Must be thread-safe.
using CompetenceNamer = std::function<std::string(std::string_view framework, std::string_view competence,
                                                  std::string_view language)>;

// Names from the latest version of each framework (FrameworkService::Get); "" on any error.
CompetenceNamer CompetenceNamesFrom(framework::FrameworkService& frameworks);

// All arguments must outlive the router. Without `names` the pages show competence codes only.
void RegisterTerritoryPages(http::Router& router, CampaignService& campaigns,
                            account::AccountModule& accounts, web::Renderer& renderer,
                            CompetenceNamer names = {});

}  // namespace passeur::campaign
