#include "app/system_routes.hpp"

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

namespace passeur::app {

void RegisterSystemRoutes(http::Router& router, store::Store& store, core::Metrics& metrics) {
    router.Add("GET", "/healthz", [](http::Request&) -> core::Result<http::Response> {
        return http::Response::Json({{"status", "ok"}});
    });

    metrics.DescribeHistogram("passeur_readyz_store_ping_seconds", "Time to ping the store from /readyz.",
                              core::Metrics::DefaultLatencyBuckets());
    router.Add("GET", "/readyz", [&store, &metrics](http::Request&) -> core::Result<http::Response> {
        auto start = std::chrono::steady_clock::now();
        auto ping = store.Ping();
        std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        metrics.Observe("passeur_readyz_store_ping_seconds", {{"store", std::string(store.Kind())}},
                        took.count());
        if (!ping) {
            return core::Fail(core::Error::Unavailable("le stockage ne répond pas"));
        }
        return http::Response::Json({{"status", "ready"}, {"store", store.Kind()}});
    });

    router.Add("GET", "/metrics", [&metrics](http::Request&) -> core::Result<http::Response> {
        return http::Response::Text(metrics.RenderPrometheus(), "text/plain; version=0.0.4; charset=utf-8");
    });

    router.Add("GET", "/api/v1/openapi.json", [](http::Request&) -> core::Result<http::Response> {
        http::Response response =
            http::Response::Text(std::string(kOpenApiJson), "application/json; charset=utf-8");
        response.SetHeader("Cache-Control", "public, max-age=300");
        return response;
    });
}

}  // namespace passeur::app
