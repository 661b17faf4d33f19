// JSON routes of frameworks and target profiles under /api/v1, and the public 1EdTech CASE 1.0
// REST read routes under /ims/case/v1p0 (RouteKind::kJson; errors mapped by http/error_mapping).
// See docs/api/openapi.framework.json.
//
//   GET  /api/v1/frameworks[?all_versions=true]          public
//   GET  /api/v1/frameworks/{framework}[?version=V]      public, native JSON + versions
//   GET  /api/v1/frameworks/{framework}/case[?version=V] public, CFPackage
//   POST /api/v1/frameworks                              platform admin: body = CASE package or native
//   POST /api/v1/frameworks/{framework}/versions         platform admin: body = the edited framework
//                                                        (native, "version" = the new version)
//   GET  /api/v1/target-profiles                         public
//   POST /api/v1/target-profiles                         platform admin: "passeur-target-profiles/1"
//   GET  /api/v1/target-profiles/{profile}               public
//   GET  /ims/case/v1p0/CFDocuments                      public (current versions)
//   GET  /ims/case/v1p0/CFDocuments/{identifier}         public
//   GET  /ims/case/v1p0/CFPackages/{identifier}          public
//   GET  /ims/case/v1p0/CFItems/{identifier}             public
#pragma once

#include <cstddef>
#include <string>

#include "account/module.hpp"
#include "framework/framework_service.hpp"
#include "http/router.hpp"

namespace passeur::framework {

// Bodies of POST /api/v1/frameworks above this are refused (kPayloadTooLarge). The server's own
// body limit (http::ServerLimits::body_bytes) applies first.
inline constexpr std::size_t kMaxImportBodyBytes = 20 * 1024 * 1024;

// `service` and `accounts` must outlive the router. CASE URIs are built on `public_base_url`;
// when it is empty, on accounts.Config().public_base_url read at each request (so a base URL set
// once the port is bound is used).
void RegisterFrameworkApi(http::Router& router, FrameworkService& service, account::AccountModule& accounts,
                          std::string public_base_url = {});

}  // namespace passeur::framework
