// Operational routes: GET /healthz (process alive), GET /readyz (store reachable), GET /metrics
// (Prometheus text), GET /api/v1/openapi.json (the embedded OpenAPI description).
#pragma once

#include <string_view>

#include "core/metrics.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace passeur::app {

extern const std::string_view kOpenApiJson;  // docs/api/openapi.json merged with openapi.<c>.json

void RegisterSystemRoutes(http::Router& router, store::Store& store, core::Metrics& metrics);

}  // namespace passeur::app
