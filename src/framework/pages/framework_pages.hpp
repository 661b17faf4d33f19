// Server-rendered pages of the framework component (RouteKind::kHtml, French URLs, DSFR):
//   GET  /referentiels                                        frameworks (current versions)
//   GET  /referentiels/{framework}[?version=V]                areas and competences; other versions
//   GET  /referentiels/{framework}/competences/{code}[?version=V]
//                                                             description, level descriptors, skills, CASE
//                                                             URI
//   GET  /referentiels/{framework}/competences/{code}/modifier   platform admin: edit form
//   POST /referentiels/{framework}/competences/{code}/modifier   saves the edit as a new version
//   GET  /profils-cibles                                      target profiles
//   GET  /profils-cibles/{profile}                            requirements with competence and level names
// Reading is public (anonymous visitors too); editing needs account::Action::kEditFrameworks, checked
// by the service. An edit never changes a stored version: it stores a new one (the old one stays
// readable for past results).
#pragma once

#include <string>

#include "account/module.hpp"
#include "framework/framework_service.hpp"
#include "http/router.hpp"
#include "web/renderer.hpp"

namespace passeur::framework {

// All arguments must outlive the router. CASE URIs shown on pages are built on
// accounts.Config().public_base_url.
void RegisterFrameworkPages(http::Router& router, FrameworkService& service, account::AccountModule& accounts,
                            web::Renderer& renderer);

}  // namespace passeur::framework
