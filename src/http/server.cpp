#include "http/server.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <ctime>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/encoding.hpp"
#include "core/random.hpp"
#include "http/error_mapping.hpp"
#include "http/security_headers.hpp"

namespace passeur::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr const char* kRequestsTotal = "passeur_http_requests_total";
constexpr const char* kRequestDuration = "passeur_http_request_duration_seconds";
constexpr std::size_t kDrainBytes = 1024 * 1024;  // read and discarded before closing
constexpr std::chrono::milliseconds kDrainTimeout{1000};
constexpr std::chrono::milliseconds kStoppingDrainTimeout{100};

using ReusePort = net::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

bool IsValidRequestId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '_' || c == '-';
    });
}

bool IsApiPath(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

// Bounded label values: unknown methods are folded into "other".
std::string_view MethodLabel(std::string_view method) {
    static constexpr std::string_view kKnown[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
    for (auto known : kKnown) {
        if (method == known) return known;
    }
    return "other";
}

// The request path for the access log, with the value of a path parameter named `token` (a
// secret: invitation links) replaced, so that logs never carry usable secrets.
std::string LoggedPath(const Request& request) {
    std::string path = request.path;
    auto secret = request.PathParam("token");
    if (secret && !secret->empty()) {
        if (auto at = path.find(*secret); at != std::string::npos)
            path.replace(at, secret->size(), "[secret]");
    }
    return path;
}

std::string Rfc3339Now() {
    auto now = std::chrono::system_clock::now();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                       tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

std::string HttpDate() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[64];
    std::size_t n = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return std::string(buffer, n);
}

bool HasLineBreakOrNul(std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

core::ErrorCode CodeForStatus(unsigned status) {
    switch (status) {
        case 401:
            return core::ErrorCode::kUnauthenticated;
        case 403:
            return core::ErrorCode::kPermissionDenied;
        case 404:
            return core::ErrorCode::kNotFound;
        case 409:
            return core::ErrorCode::kConflict;
        case 413:
            return core::ErrorCode::kPayloadTooLarge;
        case 429:
            return core::ErrorCode::kRateLimited;
        case 503:
            return core::ErrorCode::kUnavailable;
        case 500:
            return core::ErrorCode::kInternal;
        default:
            return core::ErrorCode::kInvalidArgument;
    }
}

}  // namespace

class Session;

// Shared state of the server; every io thread reads it, mutable parts are atomic.
struct ServerState {
    ServerOptions options;
    const Router& router;
    std::atomic<bool> stopping{false};
    std::atomic<std::uint32_t> connections{0};
    core::SystemRandom random;
    std::shared_ptr<spdlog::logger> access_logger;

    ServerState(ServerOptions o, const Router& r) : options(std::move(o)), router(r) {}

    std::string NewRequestId() {
        std::uint8_t bytes[8];
        random.Fill(bytes, sizeof bytes);
        return core::HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
    }

    // The error response for `request` (JSON on API paths and JSON routes; otherwise the HTML
    // renderer, else plain text). `status` is forced on the result so renderers cannot change it.
    Response ErrorResponse(const Request& request, std::optional<RouteKind> kind, unsigned status,
                           std::string_view code, std::string_view message) const {
        const bool json = IsApiPath(request.path) || (kind && *kind == RouteKind::kJson);
        if (json) return JsonError(status, code, message, request.request_id);
        return HtmlError(request, core::Error{CodeForStatus(status), std::string(message), {}}, status);
    }

    Response HandlerError(const Request& request, RouteKind kind, const core::Error& error) const {
        if (IsApiPath(request.path) || kind == RouteKind::kJson) return JsonError(error, request.request_id);
        if (error.code == core::ErrorCode::kInternal) {
            spdlog::error("internal error (request_id={}): {}", request.request_id, error.message);
            core::Error generic{core::ErrorCode::kInternal, "erreur interne", {}};
            return HtmlError(request, generic, 500);
        }
        return HtmlError(request, error, StatusFor(error.code));
    }

    Response HtmlError(const Request& request, const core::Error& error, unsigned status) const {
        if (options.html_error_renderer) {
            try {
                Response response = options.html_error_renderer(request, error);
                response.status = status;
                return response;
            } catch (const std::exception& e) {
                spdlog::error("html error renderer threw (request_id={}): {}", request.request_id, e.what());
            } catch (...) {
                spdlog::error("html error renderer threw (request_id={})", request.request_id);
            }
        }
        return Response::Text(error.message + "\n", "text/plain; charset=utf-8", status);
    }

    void Record(const Request& request, unsigned status, std::size_t bytes, SteadyClock::time_point started) {
        const double seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
        const std::string route = request.route.empty() ? "unmatched" : request.route;
        if (options.metrics != nullptr) {
            const std::string method(MethodLabel(request.method));
            options.metrics->Increment(
                kRequestsTotal, {{"method", method}, {"route", route}, {"status", std::to_string(status)}});
            options.metrics->Observe(kRequestDuration, {{"method", method}, {"route", route}}, seconds);
        }
        if (access_logger) {
            nlohmann::json line = {{"ts", Rfc3339Now()},
                                   {"request_id", request.request_id},
                                   {"method", request.method},
                                   {"path", LoggedPath(request)},
                                   {"route", route},
                                   {"status", status},
                                   {"bytes", bytes},
                                   {"latency_ms", seconds * 1000.0},
                                   {"remote", request.remote_ip}};
            access_logger->info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        }
    }
};

// One connection. Runs on its io_context's single thread (no locking): read a request (idle wait
// for the first byte under idle_timeout, then the whole request under read_timeout), handle it,
// write the response under write_timeout, repeat while keep-alive. Closing after an error
// response is "lingering": shut down our side, discard what the client still sends (bounded).
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, ServerState& state, bool counted)
        : stream_(std::move(socket)), state_(state), counted_(counted) {
        beast::error_code ec;
        auto endpoint = stream_.socket().remote_endpoint(ec);
        if (!ec) remote_ip_ = endpoint.address().to_string();
    }

    ~Session() {
        if (counted_) state_.connections.fetch_sub(1);
    }

    void Start() { WaitForRequest(); }

    // The server is stopping: close now if waiting between requests or draining after the last
    // response; otherwise the response in progress is sent with "Connection: close" (see Respond).
    void OnShutdown() {
        if (phase_ == Phase::kIdle || phase_ == Phase::kClosing) {
            beast::error_code ec;
            stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
            stream_.socket().close(ec);
        }
    }

    // The connection is over max_connections: answer 503 without reading and close.
    void Reject() {
        Request request;
        request.request_id = state_.NewRequestId();
        request.remote_ip = remote_ip_;
        started_ = SteadyClock::now();
        Response response =
            JsonError(503, "unavailable", "serveur saturé, réessayez plus tard", request.request_id);
        Respond(std::move(request), std::move(response), /*keep_alive=*/false, /*head=*/false);
    }

private:
    enum class Phase { kIdle, kReading, kHandling, kWriting, kClosing };

    void WaitForRequest() {
        if (buffer_.size() > 0) return ReadRequest();
        if (state_.stopping.load()) return Close();
        phase_ = Phase::kIdle;
        stream_.expires_after(requests_ == 0 ? state_.options.limits.read_timeout
                                             : state_.options.limits.idle_timeout);
        stream_.async_read_some(buffer_.prepare(4096),
                                [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                    if (ec) return self->Close();
                                    self->buffer_.commit(n);
                                    self->ReadRequest();
                                });
    }

    void ReadRequest() {
        phase_ = Phase::kReading;
        started_ = SteadyClock::now();
        request_http11_ = true;
        parser_.emplace();
        parser_->header_limit(state_.options.limits.header_bytes);
        // The largest body any route takes; OnHeader narrows it to the request's route.
        parser_->body_limit(
            std::max<std::uint64_t>(state_.options.limits.body_bytes, state_.router.MaxRouteBodyBytes()));
        stream_.expires_after(state_.options.limits.read_timeout);
        bhttp::async_read_header(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
    }

    // The header is in (and within its limit; a declared Content-Length over the body limit
    // already failed). A client that sent "Expect: 100-continue" waits for our go-ahead before
    // sending the body (RFC 9110 §10.1.1): give it, then read the rest under the same deadline.
    void OnHeader(beast::error_code ec) {
        if (ec) return OnRead(ec);
        if (parser_->is_done()) return OnRead(ec);
        const auto& header = parser_->get();
        // The body limit of this request's route (Router::SetMaxBodyBytes), else the default: a
        // declared length over it is refused before any of the body is read, and a chunked body
        // stops at it.
        if (state_.router.MaxRouteBodyBytes() > state_.options.limits.body_bytes) {
            std::string_view target(header.target().data(), header.target().size());
            const RouteMatch match = state_.router.Match(
                std::string_view(header.method_string().data(), header.method_string().size()),
                target.substr(0, target.find('?')));
            const std::uint64_t limit = match.handler != nullptr && match.max_body_bytes > 0
                                            ? match.max_body_bytes
                                            : state_.options.limits.body_bytes;
            const auto length = parser_->content_length();
            if (length && *length > limit) return OnRead(bhttp::error::body_limit);
            parser_->body_limit(limit);
        }
        auto expect = header[bhttp::field::expect];
        if (EqualsIgnoreCase(std::string_view(expect.data(), expect.size()), "100-continue")) {
            static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
            net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                             [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                                 if (write_ec) return self->Close();
                                 self->ReadBody();
                             });
            return;
        }
        ReadBody();
    }

    void ReadBody() {
        bhttp::async_read(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
    }

    void OnRead(beast::error_code ec) {
        if (ec == bhttp::error::header_limit) {
            return FailRequest(431, "header_fields_too_large", "en-têtes de la requête trop grands");
        }
        if (ec == bhttp::error::body_limit) {
            return FailRequest(413, "payload_too_large", "corps de la requête trop grand");
        }
        if (ec == beast::error::timeout || ec == net::error::operation_aborted ||
            ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
            ec == net::error::eof || ec == net::error::connection_reset) {
            return Close();
        }
        if (ec) return FailRequest(400, "invalid_argument", "requête HTTP mal formée");
        phase_ = Phase::kHandling;
        ++requests_;
        Handle(parser_->release());
        parser_.reset();
    }

    // An unreadable request: answer with `status` and close.
    void FailRequest(unsigned status, std::string_view code, std::string_view message) {
        Request request;
        request.request_id = state_.NewRequestId();
        request.remote_ip = remote_ip_;
        if (parser_) {
            // The start line is stored as soon as it is parsed, even when a later limit failed.
            const auto& header = parser_->get();
            request.method = std::string(header.method_string());
            std::string_view target(header.target().data(), header.target().size());
            request.target = std::string(target);
            request.path = std::string(target.substr(0, target.find('?')));
            if (!core::IsValidUtf8(request.path)) request.path.clear();
        }
        parser_.reset();
        Response response = state_.ErrorResponse(request, std::nullopt, status, code, message);
        Respond(std::move(request), std::move(response), /*keep_alive=*/false, /*head=*/false);
    }

    void Handle(bhttp::request<bhttp::string_body> message) {
        Request request;
        request.method = std::string(message.method_string());
        request.target = std::string(message.target());
        request.remote_ip = remote_ip_;
        request.headers.reserve(static_cast<std::size_t>(std::distance(message.begin(), message.end())));
        for (const auto& field : message) {
            std::string name(field.name_string());
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            request.headers.emplace_back(std::move(name), std::string(field.value()));
        }
        auto incoming_id = request.Header("x-request-id");
        request.request_id =
            incoming_id && IsValidRequestId(*incoming_id) ? std::string(*incoming_id) : state_.NewRequestId();
        request.body = std::move(message.body());
        const bool head = request.method == "HEAD";
        request_http11_ = message.version() >= 11;
        const bool keep_alive = message.version() >= 11 && message.keep_alive() && !state_.stopping.load() &&
                                requests_ < state_.options.limits.requests_per_connection;

        std::string_view target = request.target;
        const std::size_t question = target.find('?');
        std::string_view raw_path = target.substr(0, question);
        auto path = core::PercentDecode(raw_path, /*plus_as_space=*/false);
        if (raw_path.empty() || raw_path.front() != '/' || !path || path->find('\0') != std::string::npos ||
            !core::IsValidUtf8(*path)) {
            Response response = state_.ErrorResponse(request, std::nullopt, 400, "invalid_argument",
                                                     "chemin de la requête invalide");
            return Respond(std::move(request), std::move(response), false, head);
        }
        request.path = std::move(*path);
        if (question != std::string_view::npos) {
            auto query = ParseUrlEncoded(target.substr(question + 1));
            if (!query) {
                Response response = state_.ErrorResponse(request, std::nullopt, 400, "invalid_argument",
                                                         "paramètres de la requête invalides");
                return Respond(std::move(request), std::move(response), false, head);
            }
            request.query = std::move(*query);
        }

        RouteMatch match = state_.router.Match(request.method, raw_path);
        Response response;
        if (match.handler == nullptr) {
            if (!match.allowed_methods.empty()) {
                std::string allow;
                for (const auto& method : match.allowed_methods) {
                    if (!allow.empty()) allow += ", ";
                    allow += method;
                }
                response = state_.ErrorResponse(request, std::nullopt, 405, "method_not_allowed",
                                                "méthode non autorisée");
                response.SetHeader("Allow", std::move(allow));
            } else {
                response =
                    state_.ErrorResponse(request, std::nullopt, 404, "not_found", "ressource introuvable");
            }
        } else {
            request.route = match.pattern;
            request.path_params = std::move(match.params);
            response = Invoke(*match.handler, match.kind, request);
        }
        Respond(std::move(request), std::move(response), keep_alive, head);
    }

    Response Invoke(const Handler& handler, RouteKind kind, Request& request) {
        try {
            core::Result<Response> result = handler(request);
            if (result) return std::move(*result);
            return state_.HandlerError(request, kind, result.error());
        } catch (const std::exception& e) {
            return state_.HandlerError(request, kind,
                                       core::Error::Internal(fmt::format("handler threw: {}", e.what())));
        } catch (...) {
            return state_.HandlerError(request, kind, core::Error::Internal("handler threw a non-exception"));
        }
    }

    void Respond(Request request, Response response, bool keep_alive, bool head) {
        phase_ = Phase::kWriting;
        if (response.status < 200 || response.status > 599) {
            spdlog::error("handler returned invalid status {} (request_id={})", response.status,
                          request.request_id);
            response = JsonError(500, "internal", "erreur interne", request.request_id);
        }
        if (state_.stopping.load()) keep_alive = false;
        ApplySecurityHeaders(response);
        response.SetHeader("X-Request-Id", request.request_id);
        const bool bodiless = response.status == 204 || response.status == 304 || response.status < 200;
        if (response.stream && !bodiless)
            return RespondStreamed(std::move(request), std::move(response), keep_alive, head);

        auto message = std::make_shared<bhttp::response<bhttp::string_body>>();
        FillHeader(*message, response, request);
        const std::size_t bytes = response.body.size();
        if (!bodiless) message->content_length(bytes);
        if (!head && !bodiless) message->body() = std::move(response.body);
        message->keep_alive(keep_alive);

        stream_.expires_after(state_.options.limits.write_timeout);
        // Recorded before writing, so a client that got its response also sees it in the metrics.
        state_.Record(request, response.status, head ? 0 : bytes, started_);
        bhttp::async_write(
            stream_, *message,
            [self = shared_from_this(), message, keep_alive](beast::error_code ec, std::size_t) {
                if (ec) return self->Close();
                if (!keep_alive) return self->LingeringClose();
                self->WaitForRequest();
            });
    }

    // Status line, the handler's headers (minus those the server owns or that could split the
    // response) and Date.
    template <class Body>
    void FillHeader(bhttp::response<Body>& message, const Response& response, const Request& request) {
        message.version(11);
        message.result(response.status);
        for (const auto& [name, value] : response.headers) {
            if (name.empty() || HasLineBreakOrNul(name) || HasLineBreakOrNul(value) ||
                EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "connection") ||
                EqualsIgnoreCase(name, "transfer-encoding")) {
                spdlog::warn("dropped response header {:?} (request_id={})", name, request.request_id);
                continue;
            }
            message.insert(name, value);
        }
        message.set(bhttp::field::date, HttpDate());
    }

    // A streamed response in progress (Response::stream). The header message and its serializer
    // live here until the header is written; `piece` is the one piece buffered at a time.
    struct Streaming {
        Request request;
        Response::ChunkProducer producer;
        unsigned status = 200;
        bool keep_alive = false;
        bool chunked = true;  // false for an HTTP/1.0 client: the body ends at the close
        bool last = false;    // the producer returned false: after `piece`, the end
        std::string piece;
        std::size_t bytes = 0;  // body bytes written so far (chunk framing not counted)
        bhttp::response<bhttp::empty_body> header;
        std::optional<bhttp::response_serializer<bhttp::empty_body>> serializer;
    };

    // Sends the header, then pulls one piece from the producer per completed write (see the
    // contract on Response::stream). The access log and metrics record the response once, when
    // it ends (complete, aborted or cut by the client), with the body bytes actually written
    // and a latency spanning the transfer; a complete response is recorded before its
    // terminating chunk goes out, a HEAD response before its header.
    void RespondStreamed(Request request, Response response, bool keep_alive, bool head) {
        streaming_ = std::make_unique<Streaming>();
        Streaming& s = *streaming_;
        s.status = response.status;
        s.producer = std::move(response.stream);
        s.chunked = request_http11_;
        if (!s.chunked) keep_alive = false;
        s.keep_alive = keep_alive;
        FillHeader(s.header, response, request);
        if (s.chunked) s.header.chunked(true);
        s.header.keep_alive(keep_alive);
        s.request = std::move(request);
        s.serializer.emplace(s.header);
        stream_.expires_after(state_.options.limits.write_timeout);
        if (head) state_.Record(s.request, s.status, 0, started_);
        bhttp::async_write_header(stream_, *s.serializer,
                                  [self = shared_from_this(), head](beast::error_code ec, std::size_t) {
                                      if (!head) return ec ? self->AbortStream() : self->NextPiece();
                                      // HEAD: the header was all there was (already recorded).
                                      const bool keep = self->streaming_->keep_alive;
                                      self->streaming_.reset();
                                      if (ec) return self->Close();
                                      if (!keep) return self->LingeringClose();
                                      self->WaitForRequest();
                                  });
    }

    // Calls the producer until it gives a non-empty piece or ends, then writes.
    void NextPiece() {
        Streaming& s = *streaming_;
        for (int empty = 0;; ++empty) {
            if (empty > kMaxEmptyStreamPieces) {
                spdlog::error("stream aborted (request_id={}): more than {} empty pieces in a row",
                              s.request.request_id, kMaxEmptyStreamPieces);
                return AbortStream();
            }
            s.piece.clear();
            core::Result<bool> more = false;
            try {
                more = s.producer(s.piece);
            } catch (const std::exception& e) {
                spdlog::error("stream aborted (request_id={}): producer threw: {}", s.request.request_id,
                              e.what());
                return AbortStream();
            } catch (...) {
                spdlog::error("stream aborted (request_id={}): producer threw a non-exception",
                              s.request.request_id);
                return AbortStream();
            }
            if (!more) {
                spdlog::error("stream aborted (request_id={}): {}", s.request.request_id,
                              more.error().message);
                return AbortStream();
            }
            s.last = !*more;
            if (!s.piece.empty()) return WritePiece();
            if (s.last) return WriteLast();
        }
    }

    void WritePiece() {
        Streaming& s = *streaming_;
        auto on_written = [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->AbortStream();
            Streaming& st = *self->streaming_;
            st.bytes += st.piece.size();
            if (st.last) return self->WriteLast();
            self->NextPiece();
        };
        stream_.expires_after(state_.options.limits.write_timeout);
        // An empty chunk would read as the terminating one: NextPiece never passes one here.
        if (s.chunked) {
            net::async_write(stream_, bhttp::make_chunk(net::buffer(s.piece)), std::move(on_written));
        } else {
            net::async_write(stream_, net::buffer(s.piece), std::move(on_written));
        }
    }

    void WriteLast() {
        Streaming& s = *streaming_;
        state_.Record(s.request, s.status, s.bytes, started_);
        if (!s.chunked) {
            // HTTP/1.0: closing our side ends the body.
            streaming_.reset();
            return LingeringClose();
        }
        stream_.expires_after(state_.options.limits.write_timeout);
        net::async_write(stream_, bhttp::make_chunk_last(),
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             const bool keep = self->streaming_->keep_alive;
                             self->streaming_.reset();
                             if (ec) return self->Close();
                             if (!keep) return self->LingeringClose();
                             self->WaitForRequest();
                         });
    }

    // The transfer stops before its end (producer failure, write error, timeout or client gone):
    // record it, release the producer, and reset the connection (SO_LINGER 0: RST, no FIN), so
    // that no client, chunked or HTTP/1.0, can take the truncated body for a whole one.
    void AbortStream() {
        Streaming& s = *streaming_;
        state_.Record(s.request, s.status, s.bytes, started_);
        streaming_.reset();
        phase_ = Phase::kClosing;
        beast::error_code ec;
        stream_.socket().set_option(net::socket_base::linger(true, 0), ec);
        stream_.socket().close(ec);
    }

    void LingeringClose() {
        phase_ = Phase::kClosing;
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (ec) return Close();
        // While stopping, a short drain: the client already has its response.
        stream_.expires_after(state_.stopping.load() ? kStoppingDrainTimeout : kDrainTimeout);
        Drain();
    }

    void Drain() {
        buffer_.clear();
        stream_.async_read_some(buffer_.prepare(16 * 1024),
                                [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                    self->drained_ += n;
                                    if (ec || self->drained_ > kDrainBytes) return self->Close();
                                    self->Drain();
                                });
    }

    void Close() {
        phase_ = Phase::kClosing;
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        stream_.socket().close(ec);
    }

    beast::tcp_stream stream_;
    ServerState& state_;
    bool counted_;
    std::string remote_ip_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    Phase phase_ = Phase::kIdle;
    std::uint32_t requests_ = 0;
    std::size_t drained_ = 0;
    SteadyClock::time_point started_ = SteadyClock::now();
    bool request_http11_ = true;  // the request being answered is HTTP/1.1 (chunked allowed)
    std::unique_ptr<Streaming> streaming_;
};

// One acceptor on one io_context; sessions it created are tracked (on that thread only) so a
// shutdown can reach them.
class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(net::io_context& ioc, ServerState& state) : ioc_(ioc), acceptor_(ioc), state_(state) {}

    core::Result<std::uint16_t> Open(const tcp::endpoint& endpoint) {
        beast::error_code ec;
        acceptor_.open(endpoint.protocol(), ec);
        if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
        if (!ec) acceptor_.set_option(ReusePort(true), ec);
        if (!ec) acceptor_.bind(endpoint, ec);
        if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
        if (ec) {
            return core::Fail(core::Error::Unavailable(fmt::format("cannot listen on {}:{}: {}",
                                                                   endpoint.address().to_string(),
                                                                   endpoint.port(), ec.message())));
        }
        return acceptor_.local_endpoint().port();
    }

    void Accept() {
        acceptor_.async_accept(net::make_strand(ioc_),
                               [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                                   self->OnAccept(ec, std::move(socket));
                               });
    }

    // Runs on this listener's thread.
    void Shutdown() {
        beast::error_code ec;
        acceptor_.close(ec);
        for (auto& weak : sessions_) {
            if (auto session = weak.lock()) session->OnShutdown();
        }
    }

private:
    void OnAccept(beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
        if (!ec) {
            const auto max = state_.options.limits.max_connections;
            const bool over = state_.connections.fetch_add(1) >= max;
            if (over) state_.connections.fetch_sub(1);
            auto session = std::make_shared<Session>(std::move(socket), state_, /*counted=*/!over);
            if (over) {
                session->Reject();
            } else {
                Track(session);
                session->Start();
            }
        } else {
            spdlog::warn("accept failed: {}", ec.message());
        }
        Accept();
    }

    void Track(const std::shared_ptr<Session>& session) {
        if (sessions_.size() >= 64 && sessions_.size() >= 2 * live_after_purge_) {
            std::erase_if(sessions_, [](const auto& weak) { return weak.expired(); });
            live_after_purge_ = sessions_.size();
        }
        sessions_.push_back(session);
    }

    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    ServerState& state_;
    std::vector<std::weak_ptr<Session>> sessions_;
    std::size_t live_after_purge_ = 32;
};

struct Server::Impl {
    ServerState state;
    std::uint16_t port = 0;
    bool started = false;
    bool ran = false;
    std::mutex mu;
    std::condition_variable cv;
    bool stop_requested = false;
    // Declared last: destroyed first, while `state` is still alive for the sessions they own.
    std::vector<std::unique_ptr<net::io_context>> contexts;
    std::vector<std::shared_ptr<Listener>> listeners;

    Impl(ServerOptions options, const Router& router) : state(std::move(options), router) {}

    ~Impl() {
        listeners.clear();
        contexts.clear();
    }
};

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {
    auto& state = impl_->state;
    if (state.options.access_log) {
        state.access_logger = spdlog::get("access");
        if (!state.access_logger) {
            try {
                auto logger = spdlog::stdout_logger_mt("access");
                logger->set_pattern("%v");
                state.access_logger = logger;
            } catch (const spdlog::spdlog_ex&) {
                state.access_logger = spdlog::get("access");  // registered concurrently
            }
        }
    }
    if (state.options.metrics != nullptr) {
        state.options.metrics->DescribeCounter(kRequestsTotal,
                                               "HTTP requests by method, route pattern and status.");
        state.options.metrics->DescribeHistogram(kRequestDuration, "HTTP request latency in seconds.",
                                                 core::Metrics::DefaultLatencyBuckets());
    }
}

Server::~Server() = default;

core::Result<void> Server::Start() {
    auto& impl = *impl_;
    if (impl.started) return core::Fail(core::Error::Internal("Server::Start called twice"));
    beast::error_code ec;
    auto address = net::ip::make_address(impl.state.options.address, ec);
    if (ec) {
        return core::Fail(core::Error::InvalidArgument(
            fmt::format("invalid listen address \"{}\"", impl.state.options.address), "address"));
    }
    int threads = impl.state.options.threads;
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::uint16_t port = impl.state.options.port;
    for (int i = 0; i < threads; ++i) {
        impl.contexts.push_back(std::make_unique<net::io_context>(1));
        auto listener = std::make_shared<Listener>(*impl.contexts.back(), impl.state);
        auto bound = listener->Open(tcp::endpoint(address, port));
        if (!bound) {
            // Acceptors go before the io_contexts they belong to.
            listener.reset();
            impl.listeners.clear();
            impl.contexts.clear();
            return core::Fail(bound.error());
        }
        port = *bound;  // port 0: the others join the ephemeral port the first one got
        impl.listeners.push_back(std::move(listener));
    }
    impl.port = port;
    impl.started = true;
    return core::Ok();
}

std::uint16_t Server::Port() const { return impl_->port; }

void Server::Stop() {
    {
        std::lock_guard lock(impl_->mu);
        impl_->stop_requested = true;
    }
    impl_->cv.notify_all();
}

void Server::Run(bool handle_signals) {
    auto& impl = *impl_;
    if (!impl.started || impl.ran) return;
    impl.ran = true;

    std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
    for (auto& context : impl.contexts) guards.push_back(net::make_work_guard(*context));
    for (auto& listener : impl.listeners) listener->Accept();
    std::optional<net::signal_set> signals;
    if (handle_signals) {
        signals.emplace(*impl.contexts.front(), SIGINT, SIGTERM);
        signals->async_wait([this](beast::error_code ec, int) {
            if (!ec) Stop();
        });
    }
    std::vector<std::thread> threads;
    for (auto& context : impl.contexts) {
        threads.emplace_back([&context] {
            for (;;) {
                try {
                    context->run();
                    return;
                } catch (const std::exception& e) {
                    spdlog::error("io thread: unexpected exception: {}", e.what());
                }
            }
        });
    }

    {
        std::unique_lock lock(impl.mu);
        impl.cv.wait(lock, [&] { return impl.stop_requested; });
    }
    spdlog::info("http server stopping: finishing {} connection(s)", impl.state.connections.load());
    impl.state.stopping.store(true);
    for (std::size_t i = 0; i < impl.listeners.size(); ++i) {
        net::post(*impl.contexts[i], [listener = impl.listeners[i]] { listener->Shutdown(); });
    }
    if (signals) {
        net::post(*impl.contexts.front(), [&signals] {
            beast::error_code ec;
            signals->cancel(ec);
        });
    }
    const auto deadline = SteadyClock::now() + impl.state.options.limits.shutdown_grace;
    while (impl.state.connections.load() > 0 && SteadyClock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (impl.state.connections.load() > 0) {
        spdlog::warn("http server: {} connection(s) still open after the grace period, closing them",
                     impl.state.connections.load());
    }
    guards.clear();
    for (auto& context : impl.contexts) context->stop();
    for (auto& thread : threads) thread.join();
    // Nothing runs any more: release sockets, timers and pending handlers (and the sessions).
    signals.reset();
    impl.listeners.clear();
    impl.contexts.clear();
    spdlog::info("http server stopped");
}

}  // namespace passeur::http
