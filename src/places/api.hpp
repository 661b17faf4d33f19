// JSON routes of the mediation places under /api/v1 (RouteKind::kJson; errors mapped by
// http/error_mapping). Cookie sessions send X-CSRF-Token on writes. See docs/api/openapi.places.json.
//
//   GET    /api/v1/places                        public search (ParseSearchQuery) -> SearchResultToJson
//   GET    /api/v1/places/export?format=csv|json&department=   published places, v1 file
//   POST   /api/v1/places/import                 platform admin; body = the file (text/csv or
//                                                application/json) -> ImportReportToJson
//   GET    /api/v1/places/{place}                a published place (public)
//   GET    /api/v1/organizations/{org}/places    the org's places (kReadOrg)
//   POST   /api/v1/organizations/{org}/places    body = v1 place object -> 201, a draft (kManagePlaces)
//   GET    /api/v1/organizations/{org}/places/{place}
//   PUT    /api/v1/organizations/{org}/places/{place}          body = v1 place object
//   DELETE /api/v1/organizations/{org}/places/{place}          -> 204
//   POST   /api/v1/organizations/{org}/places/{place}/publish  -> the place
//   POST   /api/v1/organizations/{org}/places/{place}/unpublish
//   GET    /api/v1/territories/{department}/places             coordinators of it, platform admins
//   GET    /api/v1/territories/{department}/white-zones?service=&km=   idem -> zones blanches JSON
#pragma once

#include <cstddef>

#include "account/module.hpp"
#include "core/result.hpp"
#include "http/request.hpp"
#include "http/router.hpp"
#include "places/place_service.hpp"

namespace passeur::places {

inline constexpr std::size_t kMaxPlaceBodyBytes = 256 * 1024;
inline constexpr std::size_t kMaxImportBodyBytes = 64 * 1024 * 1024;

// The search form's fields (a query string or a form), shared by the API and the pages:
//   lat, lon            a point (both)
//   commune             INSEE code
//   postcode            5 digits
//   q                   a commune name (5 digits: a postcode; 5 characters INSEE-like: tried as
//                       INSEE code first)
//   street              free text kept for the label (the commune centre is used)
//   service, public, frais, acces, accompagnement   repeated or '|'-separated values of the standard
//   open_now            "1"/"true"/"on"
//   open_on             0..6 (Monday = 0) or mo|tu|we|th|fr|sa|su or lundi..dimanche
//   radius_km           (0, 1000]
//   limit               1..100 (default 20)
// Empty fields are ignored. kInvalidArgument names the field.
core::Result<SearchQuery> ParseSearchQuery(const http::FieldList& fields);

// `service` and `accounts` must outlive the router.
void RegisterPlacesApi(http::Router& router, PlaceService& service, account::AccountModule& accounts);

}  // namespace passeur::places
