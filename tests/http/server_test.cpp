// Live tests: a real Server on 127.0.0.1 (ephemeral port) driven by a small synchronous client.
#include "http/server.hpp"

#include <chrono>
#include <sstream>
#include <thread>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "core/random.hpp"
#include <sys/socket.h>
#include <sys/time.h>

namespace passeur::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

using RawResponse = bhttp::response<bhttp::string_body>;

// One blocking client connection with a receive timeout (so a broken server fails the test
// instead of hanging it).
class Client {
public:
    explicit Client(std::uint16_t port, std::chrono::milliseconds timeout = 3000ms) : socket_(ioc_) {
        socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
        timeval tv{};
        tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
        tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
        setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }

    void Send(std::string_view raw) { net::write(socket_, net::buffer(raw.data(), raw.size())); }

    // Sends a GET/other request with optional extra header lines ("Name: value\r\n...").
    void SendRequest(std::string_view method, std::string_view target, std::string_view extra = {},
                     std::string_view body = {}) {
        std::string raw =
            std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: t\r\n" + std::string(extra);
        if (!body.empty() || method == "POST")
            raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
        raw += "\r\n";
        raw += body;
        Send(raw);
    }

    std::optional<RawResponse> Read(bool head = false) {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.skip(head);
        parser.body_limit(16 * 1024 * 1024);
        beast::error_code ec;
        bhttp::read(socket_, buffer_, parser, ec);
        if (ec) return std::nullopt;
        return parser.release();
    }

    RawResponse Exchange(std::string_view method, std::string_view target, std::string_view extra = {},
                         std::string_view body = {}) {
        SendRequest(method, target, extra, body);
        auto response = Read(method == "HEAD");
        EXPECT_TRUE(response) << method << " " << target;
        return response ? std::move(*response) : RawResponse{};
    }

    void CloseSend() {
        beast::error_code ec;
        socket_.shutdown(tcp::socket::shutdown_send, ec);
    }

    // True when the server closed the connection (EOF or reset) before the timeout.
    bool ClosedByPeer() {
        char byte;
        beast::error_code ec;
        socket_.read_some(net::buffer(&byte, 1), ec);
        return ec == net::error::eof || ec == net::error::connection_reset;
    }

private:
    net::io_context ioc_;
    tcp::socket socket_;
    beast::flat_buffer buffer_;
};

nlohmann::json ErrorOf(const RawResponse& response) {
    auto body = nlohmann::json::parse(response.body(), nullptr, false);
    if (body.is_discarded() || !body.contains("error")) return nlohmann::json::object();
    return body["error"];
}

std::string HeaderOf(const RawResponse& response, std::string_view name) {
    auto it = response.find(beast::string_view(name.data(), name.size()));
    return it == response.end() ? std::string() : std::string(it->value());
}

class ServerTest : public ::testing::Test {
protected:
    ServerTest() {
        options_.port = 0;
        options_.threads = 2;
        options_.access_log = false;
        options_.limits.shutdown_grace = 3000ms;
        router_.Add("GET", "/api/items/{id}", [](Request& request) -> core::Result<Response> {
            return Response::Json(
                {{"id", request.PathParam("id").value_or("")}, {"q", request.Query("q").value_or("")}});
        });
        router_.Add("POST", "/api/echo",
                    [](Request& request) -> core::Result<Response> { return Response::Text(request.body); });
        router_.Add("GET", "/api/slow", [](Request&) -> core::Result<Response> {
            std::this_thread::sleep_for(300ms);
            return Response::Json({{"slow", true}});
        });
        router_.Add("GET", "/api/throw",
                    [](Request&) -> core::Result<Response> { throw std::runtime_error("secret detail"); });
        router_.Add("GET", "/api/conflict", [](Request&) -> core::Result<Response> {
            return core::Fail(core::Error::Conflict("déjà pris", "email"));
        });
        router_.Add(
            "GET", "/page", [](Request&) -> core::Result<Response> { return Response::Html("<p>ok</p>"); },
            RouteKind::kHtml);
        router_.Add(
            "GET", "/page/missing",
            [](Request&) -> core::Result<Response> { return core::Fail(core::Error::NotFound("pas là")); },
            RouteKind::kHtml);
    }

    ~ServerTest() override { StopServer(); }

    void StartServer() {
        server_ = std::make_unique<Server>(options_, router_);
        auto started = server_->Start();
        ASSERT_TRUE(started) << started.error().message;
        port_ = server_->Port();
        ASSERT_NE(port_, 0);
        run_ = std::thread([this] {
            server_->Run(/*handle_signals=*/false);
            run_returned_ = true;
        });
    }

    void StopServer() {
        if (!server_) return;
        server_->Stop();
        if (run_.joinable()) run_.join();
        server_.reset();
    }

    ServerOptions options_;
    Router router_;
    std::unique_ptr<Server> server_;
    std::thread run_;
    std::atomic<bool> run_returned_{false};
    std::uint16_t port_ = 0;
};

TEST_F(ServerTest, ExpectContinueGetsAGoAheadBeforeTheBody) {
    StartServer();
    Client client(port_);
    client.Send("POST /api/echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
    auto interim = client.Read();
    ASSERT_TRUE(interim.has_value());
    EXPECT_EQ(interim->result_int(), 100u);
    client.Send("hello");
    auto final_response = client.Read();
    ASSERT_TRUE(final_response.has_value());
    EXPECT_EQ(final_response->result_int(), 200u);
    EXPECT_NE(final_response->body().find("hello"), std::string::npos) << final_response->body();
    // A declared body over the limit is refused at once, without a go-ahead.
    Client big(port_);
    big.Send(
        "POST /api/echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 999999999\r\n\r\n");
    auto refused = big.Read();
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->result_int(), 413u);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
    StartServer();
    Client client(port_);
    for (int i = 0; i < 5; ++i) {
        auto response = client.Exchange("GET", "/api/items/" + std::to_string(i) + "?q=a+b%21");
        EXPECT_EQ(response.result_int(), 200u);
        EXPECT_TRUE(response.keep_alive());
        auto body = nlohmann::json::parse(response.body());
        EXPECT_EQ(body["id"], std::to_string(i));
        EXPECT_EQ(body["q"], "a b!");
        EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/json; charset=utf-8");
        EXPECT_EQ(HeaderOf(response, "Cache-Control"), "no-store");
        EXPECT_EQ(HeaderOf(response, "X-Content-Type-Options"), "nosniff");
        EXPECT_TRUE(HeaderOf(response, "Content-Security-Policy").empty());
        EXPECT_FALSE(HeaderOf(response, "Date").empty());
    }
    // Params are percent-decoded per segment.
    auto encoded = client.Exchange("GET", "/api/items/a%20b%2Fc");
    EXPECT_EQ(nlohmann::json::parse(encoded.body())["id"], "a b/c");
}

TEST_F(ServerTest, Http10AndConnectionCloseAreHonoured) {
    StartServer();
    {
        Client client(port_);
        client.Send("GET /api/items/1 HTTP/1.0\r\n\r\n");
        auto response = client.Read();
        ASSERT_TRUE(response);
        EXPECT_EQ(response->result_int(), 200u);
        EXPECT_TRUE(client.ClosedByPeer());
    }
    {
        Client client(port_);
        auto response = client.Exchange("GET", "/api/items/1", "Connection: close\r\n");
        EXPECT_FALSE(response.keep_alive());
        EXPECT_TRUE(client.ClosedByPeer());
    }
}

TEST_F(ServerTest, RequestsPerConnectionClosesAfterTheLimit) {
    options_.limits.requests_per_connection = 2;
    StartServer();
    Client client(port_);
    EXPECT_TRUE(client.Exchange("GET", "/api/items/1").keep_alive());
    auto last = client.Exchange("GET", "/api/items/2");
    EXPECT_EQ(last.result_int(), 200u);
    EXPECT_FALSE(last.keep_alive());
    EXPECT_EQ(HeaderOf(last, "Connection"), "close");
    EXPECT_TRUE(client.ClosedByPeer());
}

TEST_F(ServerTest, OversizedHeaderGets431) {
    options_.limits.header_bytes = 1024;
    StartServer();
    Client client(port_);
    auto response = client.Exchange("GET", "/api/items/1", "X-Pad: " + std::string(4000, 'a') + "\r\n");
    EXPECT_EQ(response.result_int(), 431u);
    EXPECT_TRUE(client.ClosedByPeer());
}

TEST_F(ServerTest, OversizedBodyGets413) {
    options_.limits.body_bytes = 100;
    StartServer();
    {
        Client client(port_);
        auto response = client.Exchange("POST", "/api/echo", {}, std::string(1000, 'b'));
        EXPECT_EQ(response.result_int(), 413u);
        EXPECT_EQ(ErrorOf(response)["code"], "payload_too_large");
    }
    Client client(port_);
    auto ok = client.Exchange("POST", "/api/echo", {}, "hello");
    EXPECT_EQ(ok.result_int(), 200u);
    EXPECT_EQ(ok.body(), "hello");
}

// A route with its own body limit (Router::SetMaxBodyBytes) takes bodies up to it; every other
// route keeps the default; a declared length over the route's limit is refused before the body,
// and a chunked body stops at the limit.
TEST_F(ServerTest, RouteBodyLimitAppliesToItsRouteOnly) {
    options_.limits.body_bytes = 100;
    router_.Add("POST", "/api/upload/{id}", [](Request& request) -> core::Result<Response> {
        return Response::Text(std::to_string(request.body.size()));
    });
    router_.SetMaxBodyBytes("POST", "/api/upload/{id}", 5000);
    EXPECT_EQ(router_.MaxRouteBodyBytes(), 5000u);
    StartServer();
    {
        Client client(port_);
        auto response = client.Exchange("POST", "/api/upload/1?x=y", {}, std::string(4000, 'u'));
        EXPECT_EQ(response.result_int(), 200u);
        EXPECT_EQ(response.body(), "4000");
        // Keep-alive: the next request on the connection has the default limit again.
        auto echo = client.Exchange("POST", "/api/echo", {}, std::string(1000, 'b'));
        EXPECT_EQ(echo.result_int(), 413u);
    }
    {
        Client client(port_);
        auto response = client.Exchange("POST", "/api/upload/1", {}, std::string(6000, 'u'));
        EXPECT_EQ(response.result_int(), 413u);
        EXPECT_EQ(ErrorOf(response)["code"], "payload_too_large");
    }
    {
        Client client(port_);  // chunked: 3 × 2000 bytes, over 5000
        std::string raw = "POST /api/upload/2 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 3; ++i) raw += "7d0\r\n" + std::string(2000, 'c') + "\r\n";
        raw += "0\r\n\r\n";
        client.Send(raw);
        auto response = client.Read();
        ASSERT_TRUE(response);
        EXPECT_EQ(response->result_int(), 413u);
    }
    {
        Client client(port_);  // chunked under the route's limit
        std::string raw = "POST /api/upload/3 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 2; ++i) raw += "7d0\r\n" + std::string(2000, 'c') + "\r\n";
        raw += "0\r\n\r\n";
        client.Send(raw);
        auto response = client.Read();
        ASSERT_TRUE(response);
        EXPECT_EQ(response->result_int(), 200u);
        EXPECT_EQ(response->body(), "4000");
    }
    {
        Client client(port_);  // an unknown path has the default limit
        auto response = client.Exchange("POST", "/api/nowhere", {}, std::string(1000, 'b'));
        EXPECT_EQ(response.result_int(), 413u);
    }
}

TEST_F(ServerTest, GarbageGets400AndTheServerKeepsServing) {
    StartServer();
    for (std::string_view garbage :
         {std::string_view("\x01\x02\x03 garbage\r\n\r\n"), std::string_view("GET /x HTTP/9.9\r\n\r\n"),
          std::string_view("GET /api/items/1 HTTP/1.1\r\nContent-Length: -3\r\n\r\n"),
          std::string_view("GET /api/items/1 HTTP/1.1\r\nBad Header\r\n\r\n")}) {
        Client client(port_);
        client.Send(garbage);
        auto response = client.Read();
        ASSERT_TRUE(response) << garbage;
        EXPECT_EQ(response->result_int(), 400u) << garbage;
        EXPECT_TRUE(client.ClosedByPeer());
    }
    for (std::string_view target : {"/api/%zz", "/api/items/a%00b", "/api/items/%C3%28", "/api/items/1?a=%G0",
                                    "http://host/api/items/1"}) {
        Client client(port_);
        auto response = client.Exchange("GET", target);
        EXPECT_EQ(response.result_int(), 400u) << target;
    }
    Client client(port_);
    EXPECT_EQ(client.Exchange("GET", "/api/items/1").result_int(), 200u);
}

TEST_F(ServerTest, RandomBytesNeverCrashTheServer) {
    options_.limits.read_timeout = 300ms;
    StartServer();
    core::SeededRandom random(20261123);
    for (int i = 0; i < 40; ++i) {
        std::string bytes(64 + random.NextU64() % 512, '\0');
        random.Fill(reinterpret_cast<std::uint8_t*>(bytes.data()), bytes.size());
        if (i % 2 == 0) bytes = "GET /api/items/1 HTTP/1.1\r\n" + bytes;  // garbage after a valid start
        Client client(port_);
        client.Send(bytes);
        client.CloseSend();
        auto response = client.Read();
        if (response) {
            EXPECT_GE(response->result_int(), 400u);
            EXPECT_LT(response->result_int(), 500u);
        }
    }
    Client client(port_);
    EXPECT_EQ(client.Exchange("GET", "/api/items/1").result_int(), 200u);
}

TEST_F(ServerTest, NotFoundAndMethodNotAllowedOnApiAreJson) {
    StartServer();
    Client client(port_);
    auto missing = client.Exchange("GET", "/api/x");
    EXPECT_EQ(missing.result_int(), 404u);
    EXPECT_EQ(HeaderOf(missing, "Content-Type"), "application/json; charset=utf-8");
    auto error = ErrorOf(missing);
    EXPECT_EQ(error["code"], "not_found");
    EXPECT_EQ(error["request_id"], HeaderOf(missing, "X-Request-Id"));

    auto wrong = client.Exchange("DELETE", "/api/items/3");
    EXPECT_EQ(wrong.result_int(), 405u);
    EXPECT_EQ(HeaderOf(wrong, "Allow"), "GET, HEAD");
    EXPECT_EQ(ErrorOf(wrong)["code"], "method_not_allowed");

    auto conflict = client.Exchange("GET", "/api/conflict");
    EXPECT_EQ(conflict.result_int(), 409u);
    EXPECT_EQ(ErrorOf(conflict)["field"], "email");
}

TEST_F(ServerTest, HtmlErrorsUseTheRendererAndHtmlGetsSecurityHeaders) {
    options_.html_error_renderer = [](const Request& request, const core::Error& error) {
        return Response::Html("<h1>" + std::string(core::ErrorCodeName(error.code)) + " " +
                              request.request_id + "</h1>");
    };
    StartServer();
    Client client(port_);
    auto page = client.Exchange("GET", "/page");
    EXPECT_EQ(page.result_int(), 200u);
    EXPECT_NE(HeaderOf(page, "Content-Security-Policy").find("default-src 'self'"), std::string::npos);
    EXPECT_EQ(HeaderOf(page, "X-Frame-Options"), "DENY");
    EXPECT_EQ(HeaderOf(page, "Referrer-Policy"), "same-origin");

    auto missing = client.Exchange("GET", "/nowhere");
    EXPECT_EQ(missing.result_int(), 404u);
    EXPECT_EQ(missing.body(), "<h1>not_found " + HeaderOf(missing, "X-Request-Id") + "</h1>");
    auto handler_missing = client.Exchange("GET", "/page/missing");
    EXPECT_EQ(handler_missing.result_int(), 404u);
    EXPECT_NE(handler_missing.body().find("<h1>not_found"), std::string::npos);
    EXPECT_FALSE(HeaderOf(handler_missing, "Content-Security-Policy").empty());
}

TEST_F(ServerTest, HeadUsesTheGetRouteWithoutBody) {
    StartServer();
    Client client(port_);
    auto get = client.Exchange("GET", "/api/items/7");
    auto head = client.Exchange("HEAD", "/api/items/7");
    EXPECT_EQ(head.result_int(), 200u);
    EXPECT_TRUE(head.body().empty());
    EXPECT_EQ(HeaderOf(head, "Content-Length"), std::to_string(get.body().size()));
    // The connection is still usable: the server did not send a body after the HEAD response.
    EXPECT_EQ(client.Exchange("GET", "/api/items/8").result_int(), 200u);
}

TEST_F(ServerTest, RequestIdIsEchoedWhenValidAndGeneratedOtherwise) {
    StartServer();
    Client client(port_);
    auto echoed = client.Exchange("GET", "/api/items/1", "X-Request-Id: abc-123.x_Y\r\n");
    EXPECT_EQ(HeaderOf(echoed, "X-Request-Id"), "abc-123.x_Y");
    for (const std::string& bad : std::vector<std::string>{"bad id!", std::string(65, 'a'), "a/b"}) {
        auto generated = client.Exchange("GET", "/api/items/1", "X-Request-Id: " + bad + "\r\n");
        std::string id = HeaderOf(generated, "X-Request-Id");
        EXPECT_EQ(id.size(), 16u) << bad;
        EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    }
    auto a = client.Exchange("GET", "/api/items/1");
    auto b = client.Exchange("GET", "/api/items/1");
    EXPECT_NE(HeaderOf(a, "X-Request-Id"), HeaderOf(b, "X-Request-Id"));
}

TEST_F(ServerTest, MaxConnectionsRejectsWith503) {
    options_.limits.max_connections = 1;
    StartServer();
    Client first(port_);
    EXPECT_EQ(first.Exchange("GET", "/api/items/1").result_int(), 200u);
    Client second(port_);
    second.SendRequest("GET", "/api/items/2");
    auto rejected = second.Read();
    ASSERT_TRUE(rejected);
    EXPECT_EQ(rejected->result_int(), 503u);
    EXPECT_EQ(ErrorOf(*rejected)["code"], "unavailable");
    EXPECT_FALSE(rejected->keep_alive());
    // The first connection is unaffected.
    EXPECT_EQ(first.Exchange("GET", "/api/items/3").result_int(), 200u);
}

TEST_F(ServerTest, HandlerExceptionGives500WithoutDetail) {
    StartServer();
    Client client(port_);
    auto response = client.Exchange("GET", "/api/throw");
    EXPECT_EQ(response.result_int(), 500u);
    EXPECT_EQ(ErrorOf(response)["code"], "internal");
    EXPECT_EQ(ErrorOf(response)["message"], "erreur interne");
    EXPECT_EQ(response.body().find("secret"), std::string::npos);
    EXPECT_EQ(client.Exchange("GET", "/api/items/1").result_int(), 200u);
}

TEST_F(ServerTest, IncompleteRequestIsClosedAfterReadTimeout) {
    options_.limits.read_timeout = 200ms;
    StartServer();
    Client client(port_);
    client.Send("GET /api/items/1 HTTP/1.1\r\nHost: t\r\n");
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.ClosedByPeer());
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST_F(ServerTest, IdleKeepAliveIsClosedAfterIdleTimeout) {
    options_.limits.idle_timeout = 200ms;
    StartServer();
    Client client(port_);
    EXPECT_EQ(client.Exchange("GET", "/api/items/1").result_int(), 200u);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.ClosedByPeer());
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST_F(ServerTest, GracefulShutdownFinishesTheRequestInFlight) {
    StartServer();
    Client client(port_);
    client.SendRequest("GET", "/api/slow");
    std::this_thread::sleep_for(100ms);
    const auto start = std::chrono::steady_clock::now();
    server_->Stop();
    auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 200u);
    EXPECT_FALSE(response->keep_alive());
    run_.join();
    EXPECT_TRUE(run_returned_);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    // No longer accepting.
    EXPECT_THROW(Client late(port_), boost::system::system_error);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAtShutdown) {
    StartServer();
    Client client(port_);
    EXPECT_EQ(client.Exchange("GET", "/api/items/1").result_int(), 200u);
    const auto start = std::chrono::steady_clock::now();
    server_->Stop();
    EXPECT_TRUE(client.ClosedByPeer());
    run_.join();
    EXPECT_TRUE(run_returned_);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST_F(ServerTest, MetricsUseRoutePatternsNeverRawPaths) {
    core::Metrics metrics;
    options_.metrics = &metrics;
    StartServer();
    Client client(port_);
    client.Exchange("GET", "/api/items/12345");
    client.Exchange("GET", "/api/no-such-thing-777");
    client.Exchange("FROB", "/api/items/1");
    std::string text = metrics.RenderPrometheus();
    EXPECT_NE(
        text.find("passeur_http_requests_total{method=\"GET\",route=\"/api/items/{id}\",status=\"200\"} 1"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("route=\"unmatched\",status=\"404\""), std::string::npos) << text;
    EXPECT_NE(
        text.find("passeur_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/items/{id}\""),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("method=\"other\""), std::string::npos) << text;
    // Raw paths never appear (look for the paths, not their digits: a duration sum such as
    // 0.000777 may contain any digits).
    EXPECT_EQ(text.find("/api/items/12345"), std::string::npos) << text;
    EXPECT_EQ(text.find("no-such-thing"), std::string::npos) << text;
}

TEST_F(ServerTest, AccessLogIsOneJsonLinePerRequestWithoutQuery) {
    auto stream = std::make_shared<std::ostringstream>();
    spdlog::drop("access");
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*stream);
    auto logger = std::make_shared<spdlog::logger>("access", sink);
    logger->set_pattern("%v");
    spdlog::register_logger(logger);
    options_.access_log = true;
    StartServer();
    {
        Client client(port_);
        client.Exchange("GET", "/api/items/9?token=secret", "X-Request-Id: log-1\r\n");
    }
    StopServer();
    spdlog::drop("access");
    std::string line = stream->str();
    ASSERT_FALSE(line.empty());
    ASSERT_EQ(line.find('\n'), line.size() - 1) << line;
    auto json = nlohmann::json::parse(line);
    EXPECT_EQ(json["request_id"], "log-1");
    EXPECT_EQ(json["method"], "GET");
    EXPECT_EQ(json["path"], "/api/items/9");
    EXPECT_EQ(json["route"], "/api/items/{id}");
    EXPECT_EQ(json["status"], 200);
    EXPECT_EQ(json["remote"], "127.0.0.1");
    EXPECT_TRUE(json["latency_ms"].is_number_float());
    EXPECT_GT(json["bytes"].get<int>(), 0);
    EXPECT_EQ(json["ts"].get<std::string>().size(), 24u);  // 2026-01-02T03:04:05.678Z
    EXPECT_EQ(line.find("secret"), std::string::npos);
}

TEST_F(ServerTest, AccessLogRedactsTokenPathParameters) {
    router_.Add("GET", "/invitations/{token}",
                [](Request&) -> core::Result<Response> { return Response::Text("ok"); });
    auto stream = std::make_shared<std::ostringstream>();
    spdlog::drop("access");
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*stream);
    auto logger = std::make_shared<spdlog::logger>("access", sink);
    logger->set_pattern("%v");
    spdlog::register_logger(logger);
    options_.access_log = true;
    StartServer();
    {
        Client client(port_);
        client.Exchange("GET", "/invitations/s3cr3t-link-value", "");
    }
    StopServer();
    spdlog::drop("access");
    std::string line = stream->str();
    ASSERT_FALSE(line.empty());
    EXPECT_EQ(line.find("s3cr3t-link-value"), std::string::npos) << line;
    EXPECT_EQ(nlohmann::json::parse(line)["path"], "/invitations/[secret]");
}

TEST_F(ServerTest, StartFailsOnATakenPortOrAnInvalidAddress) {
    // SO_REUSEPORT only shares a port between sockets that all set it: a plain listener blocks it.
    net::io_context ioc;
    tcp::acceptor blocker(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    options_.port = blocker.local_endpoint().port();
    Server taken(options_, router_);
    auto result = taken.Start();
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, core::ErrorCode::kUnavailable);

    options_.address = "not-an-address";
    Server bad(options_, router_);
    result = bad.Start();
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace passeur::http
