// Router matching and the JSON response paths: the per-request work the server does besides I/O.
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "http/error_mapping.hpp"
#include "http/router.hpp"

namespace passeur::http {
namespace {

// About forty routes shaped like the application's (API, pages, static files).
const Router& RealisticRouter() {
    static const Router* router = [] {
        auto* r = new Router();
        Handler ok = [](Request&) -> core::Result<Response> { return Response::NoContent(); };
        const char* json_routes[][2] = {
            {"GET", "/api/v1/health"},
            {"GET", "/api/v1/openapi.json"},
            {"POST", "/api/v1/auth/login"},
            {"POST", "/api/v1/auth/logout"},
            {"GET", "/api/v1/me"},
            {"PATCH", "/api/v1/me"},
            {"GET", "/api/v1/organizations"},
            {"POST", "/api/v1/organizations"},
            {"GET", "/api/v1/organizations/{org}"},
            {"PATCH", "/api/v1/organizations/{org}"},
            {"DELETE", "/api/v1/organizations/{org}"},
            {"GET", "/api/v1/organizations/{org}/members"},
            {"POST", "/api/v1/organizations/{org}/members"},
            {"GET", "/api/v1/organizations/{org}/members/{user}"},
            {"PATCH", "/api/v1/organizations/{org}/members/{user}"},
            {"DELETE", "/api/v1/organizations/{org}/members/{user}"},
            {"GET", "/api/v1/organizations/{org}/invitations"},
            {"POST", "/api/v1/organizations/{org}/invitations"},
            {"DELETE", "/api/v1/organizations/{org}/invitations/{invitation}"},
            {"GET", "/api/v1/organizations/{org}/audit"},
            {"GET", "/api/v1/frameworks"},
            {"GET", "/api/v1/frameworks/{framework}"},
            {"GET", "/api/v1/frameworks/{framework}/competences/{competence}"},
            {"GET", "/api/v1/assessments"},
            {"POST", "/api/v1/assessments"},
            {"GET", "/api/v1/assessments/{assessment}"},
            {"POST", "/api/v1/assessments/{assessment}/answers"},
            {"GET", "/api/v1/credentials/{credential}"},
            {"GET", "/api/v1/places"},
            {"GET", "/api/v1/places/{place}"},
            {"GET", "/metrics"},
        };
        for (const auto& [method, pattern] : json_routes) r->Add(method, pattern, ok);
        const char* html_routes[][2] = {
            {"GET", "/"},
            {"GET", "/connexion"},
            {"POST", "/connexion"},
            {"GET", "/compte"},
            {"GET", "/organisations"},
            {"GET", "/organisations/{org}"},
            {"GET", "/organisations/{org}/membres"},
            {"GET", "/static/{version}/{path...}"},
        };
        for (const auto& [method, pattern] : html_routes) r->Add(method, pattern, ok, RouteKind::kHtml);
        return r;
    }();
    return *router;
}

void BM_RouterMatchStatic(benchmark::State& state) {
    const Router& router = RealisticRouter();
    for (auto _ : state) benchmark::DoNotOptimize(router.Match("GET", "/api/v1/organizations"));
}
BENCHMARK(BM_RouterMatchStatic);

void BM_RouterMatchTwoParams(benchmark::State& state) {
    const Router& router = RealisticRouter();
    for (auto _ : state) {
        benchmark::DoNotOptimize(router.Match("PATCH",
                                              "/api/v1/organizations/6f1c2a9e-3b7d-4c1e-9a2f-0d4e5b6c7a8b/"
                                              "members/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"));
    }
}
BENCHMARK(BM_RouterMatchTwoParams);

void BM_RouterMiss(benchmark::State& state) {
    const Router& router = RealisticRouter();
    for (auto _ : state)
        benchmark::DoNotOptimize(router.Match("GET", "/api/v1/organizations/o1/nothing/here"));
}
BENCHMARK(BM_RouterMiss);

void BM_JsonErrorSerialised(benchmark::State& state) {
    const core::Error error = core::Error::InvalidArgument("adresse électronique invalide", "email");
    for (auto _ : state) {
        Response response = JsonError(error, "0123456789abcdef");
        benchmark::DoNotOptimize(response.body.data());
    }
}
BENCHMARK(BM_JsonErrorSerialised);

void BM_ResponseJsonSmallObject(benchmark::State& state) {
    for (auto _ : state) {
        Response response = Response::Json({{"id", "6f1c2a9e-3b7d-4c1e-9a2f-0d4e5b6c7a8b"},
                                            {"name", "Médiathèque de Quimper"},
                                            {"members", 12},
                                            {"active", true}});
        benchmark::DoNotOptimize(response.body.data());
    }
}
BENCHMARK(BM_ResponseJsonSmallObject);

}  // namespace
}  // namespace passeur::http

BENCHMARK_MAIN();
