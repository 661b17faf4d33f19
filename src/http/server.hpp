// The HTTP/1.1 server (Boost.Beast): one io_context per thread, each with its own SO_REUSEPORT
// acceptor; keep-alive; every input bounded; graceful shutdown that finishes in-flight requests.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/metrics.hpp"
#include "core/result.hpp"
#include "http/router.hpp"

namespace passeur::http {

struct Limits {
    std::uint32_t header_bytes = 16 * 1024;          // over: 431
    std::uint64_t body_bytes = 1024 * 1024;          // over: 413
    std::chrono::milliseconds read_timeout{10'000};  // to receive one whole request once it started
    std::chrono::milliseconds idle_timeout{60'000};  // keep-alive wait for the next request
    std::chrono::milliseconds write_timeout{10'000};
    std::uint32_t requests_per_connection = 1000;  // then "Connection: close"
    // Each connection may buffer up to body_bytes: memory is bounded by max_connections × body_bytes
    // (2 GiB at the defaults).
    std::uint32_t max_connections = 2048;              // over: the new connection gets 503 and is closed
    std::chrono::milliseconds shutdown_grace{10'000};  // in-flight work allowed to finish on stop
};

struct ServerOptions {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;  // 0: pick a free port (see Server::Port)
    int threads = 0;            // 0: one per core
    Limits limits;
    bool access_log = true;            // one JSON line per request on the "access" spdlog logger
    core::Metrics* metrics = nullptr;  // passeur_http_requests_total, passeur_http_request_duration_seconds
    // Renders an error for a RouteKind::kHtml route (and for 404 on paths outside /api/).
    // When empty, HTML routes get plain text errors.
    std::function<Response(const Request&, const core::Error&)> html_error_renderer;
};

class Server {
public:
    Server(ServerOptions options, const Router& router);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and listens; kUnavailable when the address cannot be bound.
    core::Result<void> Start();
    std::uint16_t Port() const;  // the bound port, valid after Start
    // Blocks until Stop() or SIGINT/SIGTERM (when handle_signals), then shuts down gracefully:
    // stops accepting, lets in-flight requests finish (within shutdown_grace), closes idle
    // keep-alive connections, and returns.
    void Run(bool handle_signals = true);
    void Stop();  // thread-safe, may be called from a handler or a signal context via asio

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace passeur::http
