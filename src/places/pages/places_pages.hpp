// Server-rendered pages of mediation places (RouteKind::kHtml, French URLs, DSFR, no JavaScript):
//   GET  /lieux[?q=&commune=&service=&public=&prise=&frais=&ouvert=1&limite=N]
//                                            public search: by commune name or postcode, filters,
//                                            nearest places by distance, an SVG map and its list
//   GET  /lieux/{place}                      a published place (address, contact, hours, services...)
//   GET  /lieux/{place}/fiche                the printable orientation sheet (QR code of the page)
//   GET  /organisations/{org}/lieux          the organisation's places, any status
//   GET  /organisations/{org}/lieux/nouveau  form; POST creates a draft
//   GET  /organisations/{org}/lieux/{place}/modifier   form; POST saves
//   POST /organisations/{org}/lieux/{place}/publier | depublier | supprimer
//   GET  /territoires                        départements the user coordinates (platform admin: all)
//   GET  /territoires/{department}[?km=5|10|15&service=S]
//                                            places by status, coverage, zones blanches, shaded map
//   GET  /territoires/{department}/zones-blanches.csv[?km=&service=]   communes and distances (CSV)
//   GET  /territoires/{department}/lieux.csv                           published places (v1 CSV)
// Permissions are the service's: organisation pages need account::Action::kManagePlaces on the
// organisation (another organisation's place is 404), territory pages AuthorizeTerritory.
#pragma once

#include "account/module.hpp"
#include "http/router.hpp"
#include "places/place_service.hpp"
#include "web/renderer.hpp"

namespace passeur::places {

// All arguments must outlive the router. The QR code of the sheet points at
// accounts.Config().public_base_url + "/lieux/{place}".
void RegisterPlacesPages(http::Router& router, PlaceService& service, account::AccountModule& accounts,
                         web::Renderer& renderer);

}  // namespace passeur::places
