// Live tests: a real Server on 127.0.0.1 (ephemeral port) driven by a small synchronous client.
#include "http/server.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
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

#include "core/metrics.hpp"
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
    // receive_buffer_bytes > 0: a fixed, small socket receive buffer (no autotuning).
    explicit Client(std::uint16_t port, std::chrono::milliseconds timeout = 3000ms,
                    int receive_buffer_bytes = 0)
        : socket_(ioc_) {
        socket_.open(tcp::v4());
        if (receive_buffer_bytes > 0)
            socket_.set_option(net::socket_base::receive_buffer_size(receive_buffer_bytes));
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

    // One response read with its chunks counted (non-empty ones: the terminating chunk is not
    // counted). With `on_body`, chunk data goes to it as it arrives and is not stored.
    struct Streamed {
        RawResponse message;
        std::size_t chunks = 0;
        beast::error_code ec;  // the read's error: set when the transfer did not end properly
    };
    Streamed ReadStreamed(bool head = false, std::function<void(std::string_view)> on_body = {}) {
        Streamed result;
        bhttp::response_parser<bhttp::string_body> parser;
        parser.skip(head);
        parser.body_limit(boost::none);
        auto on_header = [&](std::uint64_t size, beast::string_view, beast::error_code&) {
            if (size > 0) ++result.chunks;
        };
        parser.on_chunk_header(on_header);
        auto on_chunk = [&](std::uint64_t, beast::string_view data, beast::error_code&) -> std::size_t {
            on_body(std::string_view(data.data(), data.size()));
            return data.size();
        };
        if (on_body) parser.on_chunk_body(on_chunk);
        bhttp::read(socket_, buffer_, parser, result.ec);
        if (!result.ec) result.message = parser.release();
        return result;
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

    tcp::socket& Socket() { return socket_; }

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

// ---- Streamed responses (Response::Stream) ----

// Byte k of every pattern stream: however it is cut into pieces, the text reassembles the same.
char PatternByte(std::uint64_t k) { return static_cast<char>('a' + static_cast<int>((k / 1000) % 26)); }

// What a streaming route's producer did, shared with the test.
struct ProducerLog {
    std::atomic<int> calls{0};
    std::atomic<int> empties{0};                    // calls that returned an empty piece with true
    std::atomic<std::uint64_t> produced{0};         // bytes handed to the server
    std::atomic<std::uint64_t> received{0};         // bytes the client has read (kept by the test)
    std::atomic<std::uint64_t> max_outstanding{0};  // max of produced - received seen at a call
    std::atomic<bool> out_not_cleared{false};       // a call got a non-empty `out`
    std::atomic<bool> destroyed{false};             // the producer (and its captures) is gone
};

// Appends pattern bytes [offset, offset + n) to `out`.
void AppendPattern(std::string& out, std::uint64_t offset, std::uint64_t n) {
    while (n > 0) {
        const std::uint64_t run = std::min<std::uint64_t>(n, 1000 - offset % 1000);
        out.append(static_cast<std::size_t>(run), PatternByte(offset));
        offset += run;
        n -= run;
    }
}

struct PatternOptions {
    std::uint64_t total = 0;
    std::size_t piece = 64 * 1024;
    bool last_with_piece = false;  // the last piece comes with false (else a final empty call)
    int empty_every = 0;           // every Nth call returns an empty piece with true
};

// Sets log->destroyed when the producer holding it is destroyed.
class DestructionFlag {
public:
    explicit DestructionFlag(std::shared_ptr<ProducerLog> log) : log_(std::move(log)) {}
    DestructionFlag(const DestructionFlag&) = delete;
    DestructionFlag& operator=(const DestructionFlag&) = delete;
    ~DestructionFlag() { log_->destroyed = true; }

private:
    std::shared_ptr<ProducerLog> log_;
};

Response::ChunkProducer PatternProducer(std::shared_ptr<ProducerLog> log, PatternOptions options) {
    auto flag = std::make_shared<DestructionFlag>(log);
    return [log, flag, options, produced = std::uint64_t{0},
            call = 0](std::string& out) mutable -> core::Result<bool> {
        ++call;
        ++log->calls;
        if (!out.empty()) log->out_not_cleared = true;
        const std::uint64_t received = log->received.load();
        const std::uint64_t outstanding = produced > received ? produced - received : 0;
        if (outstanding > log->max_outstanding.load()) log->max_outstanding = outstanding;
        if (options.empty_every > 0 && call % options.empty_every == 0) {
            ++log->empties;
            return true;
        }
        if (produced == options.total) return false;
        const std::uint64_t n = std::min<std::uint64_t>(options.piece, options.total - produced);
        AppendPattern(out, produced, n);
        produced += n;
        log->produced = produced;
        return options.last_with_piece ? produced < options.total : true;
    };
}

// Bytes of `body` that differ from the pattern starting at byte `offset`.
std::size_t PatternMismatches(std::string_view body, std::uint64_t offset = 0) {
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < body.size();) {
        const std::uint64_t k = offset + i;
        const std::size_t run =
            std::min<std::size_t>(body.size() - i, static_cast<std::size_t>(1000 - k % 1000));
        const char expected = PatternByte(k);
        mismatches += static_cast<std::size_t>(std::count_if(
            body.begin() + static_cast<std::ptrdiff_t>(i),
            body.begin() + static_cast<std::ptrdiff_t>(i + run), [&](char c) { return c != expected; }));
        i += run;
    }
    return mismatches;
}

TEST_F(ServerTest, StreamArrivesCompleteAndChunked) {
    constexpr std::uint64_t kTotal = 5 * 1024 * 1024;
    auto log = std::make_shared<ProducerLog>();
    router_.Add("GET", "/api/export", [log](Request&) -> core::Result<Response> {
        return Response::Stream("text/csv; charset=utf-8", PatternProducer(log, {.total = kTotal}));
    });
    StartServer();
    Client client(port_);
    client.SendRequest("GET", "/api/export", "X-Request-Id: stream-1\r\n");
    auto streamed = client.ReadStreamed();
    ASSERT_FALSE(streamed.ec) << streamed.ec.message();
    const RawResponse& response = streamed.message;
    EXPECT_EQ(response.result_int(), 200u);
    EXPECT_EQ(HeaderOf(response, "Transfer-Encoding"), "chunked");
    EXPECT_TRUE(HeaderOf(response, "Content-Length").empty());
    EXPECT_EQ(HeaderOf(response, "Content-Type"), "text/csv; charset=utf-8");
    EXPECT_EQ(HeaderOf(response, "X-Request-Id"), "stream-1");
    EXPECT_EQ(HeaderOf(response, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(HeaderOf(response, "Cache-Control"), "no-store");
    EXPECT_FALSE(HeaderOf(response, "Date").empty());
    EXPECT_TRUE(response.keep_alive());
    ASSERT_EQ(response.body().size(), kTotal);
    EXPECT_EQ(PatternMismatches(response.body()), 0u);
    // One chunk per 64 KiB piece; one producer call per chunk plus the call that ended it.
    EXPECT_EQ(streamed.chunks, kTotal / (64 * 1024));
    EXPECT_EQ(log->calls.load(), static_cast<int>(streamed.chunks) + 1);
    EXPECT_FALSE(log->out_not_cleared.load());
}

TEST_F(ServerTest, StreamToHeadSendsHeadersOnlyAndNeverCallsTheProducer) {
    auto log = std::make_shared<ProducerLog>();
    router_.Add("GET", "/api/export", [log](Request&) -> core::Result<Response> {
        return Response::Stream("text/csv; charset=utf-8", PatternProducer(log, {.total = 100'000}));
    });
    router_.Add("GET", "/api/empty-export", [log](Request&) -> core::Result<Response> {
        return Response::Stream("text/csv; charset=utf-8", PatternProducer(log, {.total = 100'000}), 204);
    });
    StartServer();
    Client client(port_);
    client.SendRequest("HEAD", "/api/export");
    auto head = client.ReadStreamed(/*head=*/true);
    ASSERT_FALSE(head.ec) << head.ec.message();
    EXPECT_EQ(head.message.result_int(), 200u);
    EXPECT_EQ(HeaderOf(head.message, "Transfer-Encoding"), "chunked");
    EXPECT_TRUE(HeaderOf(head.message, "Content-Length").empty());
    EXPECT_EQ(HeaderOf(head.message, "Content-Type"), "text/csv; charset=utf-8");
    EXPECT_TRUE(head.message.body().empty());
    EXPECT_TRUE(head.message.keep_alive());
    // The connection is still in step: nothing followed the header.
    EXPECT_EQ(client.Exchange("GET", "/api/items/1").result_int(), 200u);
    // A bodiless status never streams either.
    auto no_content = client.Exchange("GET", "/api/empty-export");
    EXPECT_EQ(no_content.result_int(), 204u);
    EXPECT_TRUE(no_content.body().empty());
    EXPECT_EQ(client.Exchange("GET", "/api/items/2").result_int(), 200u);
    EXPECT_EQ(log->calls.load(), 0);
}

TEST_F(ServerTest, FailingStreamProducerTruncatesTheTransferAndClosesTheConnection) {
    auto errors = std::make_shared<std::ostringstream>();
    auto previous_logger = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>(
        "stream-errors", std::make_shared<spdlog::sinks::ostream_sink_mt>(*errors)));
    auto log = std::make_shared<ProducerLog>();
    // Three 1000-byte pieces, then the failure named by ?mode=.
    router_.Add("GET", "/api/fail", [log](Request& request) -> core::Result<Response> {
        const std::string mode(request.Query("mode").value_or(""));
        auto produced = std::make_shared<std::uint64_t>(0);
        return Response::Stream("text/csv; charset=utf-8",
                                [log, mode, produced](std::string& out) -> core::Result<bool> {
                                    ++log->calls;
                                    if (*produced < 3000) {
                                        for (int i = 0; i < 1000; ++i)
                                            out.push_back(PatternByte((*produced)++));
                                        return true;
                                    }
                                    if (mode == "throw") throw std::runtime_error("producer exploded");
                                    if (mode == "empty") return true;
                                    out = "never sent";
                                    return core::Fail(core::Error::Internal("database went away"));
                                });
    });
    StartServer();
    for (std::string mode : {"error", "throw", "empty"}) {
        SCOPED_TRACE(mode);
        log->calls = 0;
        Client client(port_);
        client.SendRequest("GET", "/api/fail?mode=" + mode, "X-Request-Id: fail-" + mode + "\r\n");
        std::string received;
        auto streamed = client.ReadStreamed(false, [&](std::string_view data) { received += data; });
        EXPECT_TRUE(streamed.ec) << "a failed stream must not read as a complete response";
        EXPECT_EQ(received.size(), 3000u);
        EXPECT_EQ(PatternMismatches(received), 0u);
        EXPECT_TRUE(client.ClosedByPeer());
        if (mode == "empty") {
            EXPECT_EQ(log->calls.load(), 3 + kMaxEmptyStreamPieces + 1);
        }
    }
    {
        // HTTP/1.0: no chunked framing, so the connection is reset rather than closed cleanly.
        Client client(port_);
        client.Send("GET /api/fail?mode=error HTTP/1.0\r\n\r\n");
        auto streamed = client.ReadStreamed();
        EXPECT_TRUE(streamed.ec) << "a failed HTTP/1.0 stream must not end like a complete one";
    }
    // The server is unharmed.
    Client after(port_);
    EXPECT_EQ(after.Exchange("GET", "/api/items/1").result_int(), 200u);
    StopServer();
    spdlog::set_default_logger(previous_logger);
    const std::string text = errors->str();
    EXPECT_NE(text.find("request_id=fail-error): database went away"), std::string::npos) << text;
    EXPECT_NE(text.find("request_id=fail-throw): producer threw: producer exploded"), std::string::npos)
        << text;
    EXPECT_NE(text.find("request_id=fail-empty): more than"), std::string::npos) << text;
    EXPECT_EQ(text.find("never sent"), std::string::npos);
}

TEST_F(ServerTest, KeepAliveRequestsWorkAfterAStream) {
    auto log = std::make_shared<ProducerLog>();
    router_.Add("GET", "/api/export", [log](Request&) -> core::Result<Response> {
        return Response::Stream(
            "text/csv; charset=utf-8",
            PatternProducer(log,
                            {.total = 100'000, .piece = 10'000, .last_with_piece = true, .empty_every = 3}));
    });
    StartServer();
    Client client(port_);
    for (int round = 0; round < 2; ++round) {
        SCOPED_TRACE(round);
        client.SendRequest("GET", "/api/export");
        auto streamed = client.ReadStreamed();
        ASSERT_FALSE(streamed.ec) << streamed.ec.message();
        EXPECT_TRUE(streamed.message.keep_alive());
        ASSERT_EQ(streamed.message.body().size(), 100'000u);
        EXPECT_EQ(PatternMismatches(streamed.message.body()), 0u);
        EXPECT_EQ(streamed.chunks, 10u);
        auto plain = client.Exchange("GET", "/api/items/" + std::to_string(round));
        EXPECT_EQ(plain.result_int(), 200u);
        EXPECT_EQ(nlohmann::json::parse(plain.body())["id"], std::to_string(round));
    }
    // Empty pieces are skipped (no empty chunk, which would end the body early), the last
    // piece came with false: calls = chunks + empty pieces, per stream.
    EXPECT_EQ(log->calls.load(), 2 * 10 + log->empties.load());
    EXPECT_GT(log->empties.load(), 0);
}

TEST_F(ServerTest, StreamProducerIsNotCalledAheadOfTheWrites) {
    constexpr std::uint64_t kTotal = 32 * 1024 * 1024;
    // Socket buffers on loopback: the server's send buffer (tcp_wmem max, 4 MiB by default)
    // plus the client's fixed small receive buffer. A producer called ahead of the writes
    // would run towards the 32 MiB total.
    constexpr std::uint64_t kBound = 16 * 1024 * 1024;
    auto log = std::make_shared<ProducerLog>();
    router_.Add("GET", "/api/export", [log](Request&) -> core::Result<Response> {
        return Response::Stream("text/csv; charset=utf-8",
                                PatternProducer(log, {.total = kTotal, .empty_every = 5}));
    });
    StartServer();
    Client client(port_, 5000ms, /*receive_buffer_bytes=*/64 * 1024);
    client.SendRequest("GET", "/api/export");
    // The client reads nothing: the server fills the socket buffers, then waits.
    std::this_thread::sleep_for(500ms);
    const int calls_stalled = log->calls.load();
    const std::uint64_t produced_stalled = log->produced.load();
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(log->calls.load(), calls_stalled) << "the producer ran while no write could complete";
    EXPECT_LT(produced_stalled, kBound);
    EXPECT_GT(produced_stalled, 0u);
    RecordProperty("produced_while_stalled", std::to_string(produced_stalled));

    std::size_t mismatches = 0;
    auto streamed = client.ReadStreamed(false, [&](std::string_view data) {
        mismatches += PatternMismatches(data, log->received.load());
        log->received += data.size();
    });
    ASSERT_FALSE(streamed.ec) << streamed.ec.message();
    EXPECT_EQ(log->received.load(), kTotal);
    EXPECT_EQ(mismatches, 0u);
    EXPECT_LT(log->max_outstanding.load(), kBound);
    // At most one call per written chunk (plus skipped empty pieces and the final call).
    EXPECT_EQ(log->calls.load(), static_cast<int>(streamed.chunks) + log->empties.load() + 1);
    EXPECT_FALSE(log->out_not_cleared.load());
}

TEST_F(ServerTest, ClientDisconnectStopsTheStreamAndReleasesTheProducer) {
    auto log = std::make_shared<ProducerLog>();
    router_.Add("GET", "/api/export", [log](Request&) -> core::Result<Response> {
        return Response::Stream("text/csv; charset=utf-8",
                                PatternProducer(log, {.total = std::uint64_t{1} << 40}));
    });
    StartServer();
    {
        Client client(port_, 3000ms, /*receive_buffer_bytes=*/64 * 1024);
        client.SendRequest("GET", "/api/export");
        std::vector<char> some(256 * 1024);
        net::read(client.Socket(), net::buffer(some));
        EXPECT_FALSE(log->destroyed.load());
    }  // closed with unread data: the server's next write fails
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!log->destroyed.load() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    EXPECT_TRUE(log->destroyed.load()) << "the producer outlived the connection";
    const int calls = log->calls.load();
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(log->calls.load(), calls);
    // Socket buffers and one piece at most (see StreamProducerIsNotCalledAheadOfTheWrites).
    EXPECT_LT(log->produced.load(), std::uint64_t{16} * 1024 * 1024);
    Client after(port_);
    EXPECT_EQ(after.Exchange("GET", "/api/items/1").result_int(), 200u);
}

TEST_F(ServerTest, StreamToHttp10ClientIsCloseDelimited) {
    auto log = std::make_shared<ProducerLog>();
    router_.Add("GET", "/api/export", [log](Request&) -> core::Result<Response> {
        return Response::Stream("text/csv; charset=utf-8", PatternProducer(log, {.total = 300'000}));
    });
    StartServer();
    Client client(port_);
    client.Send("GET /api/export HTTP/1.0\r\n\r\n");
    auto streamed = client.ReadStreamed();
    ASSERT_FALSE(streamed.ec) << streamed.ec.message();
    EXPECT_EQ(streamed.message.result_int(), 200u);
    EXPECT_TRUE(HeaderOf(streamed.message, "Transfer-Encoding").empty());
    EXPECT_TRUE(HeaderOf(streamed.message, "Content-Length").empty());
    EXPECT_FALSE(streamed.message.keep_alive());
    ASSERT_EQ(streamed.message.body().size(), 300'000u);
    EXPECT_EQ(PatternMismatches(streamed.message.body()), 0u);
    EXPECT_TRUE(client.ClosedByPeer());
}

TEST_F(ServerTest, StreamIsRecordedOnceWithTheBytesWritten) {
    auto stream = std::make_shared<std::ostringstream>();
    spdlog::drop("access");
    auto logger =
        std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::ostream_sink_mt>(*stream));
    logger->set_pattern("%v");
    spdlog::register_logger(logger);
    options_.access_log = true;
    core::Metrics metrics;
    options_.metrics = &metrics;
    auto log = std::make_shared<ProducerLog>();
    router_.Add("GET", "/api/export", [log](Request&) -> core::Result<Response> {
        return Response::Stream("text/csv; charset=utf-8", PatternProducer(log, {.total = 200'000}));
    });
    router_.Add("GET", "/api/fail", [](Request&) -> core::Result<Response> {
        auto calls = std::make_shared<int>(0);
        return Response::Stream("text/csv; charset=utf-8", [calls](std::string& out) -> core::Result<bool> {
            if ((*calls)++ < 3) {
                out.assign(1000, 'x');
                return true;
            }
            return core::Fail(core::Error::Internal("gone"));
        });
    });
    StartServer();
    {
        Client client(port_);
        client.SendRequest("GET", "/api/export");
        ASSERT_FALSE(client.ReadStreamed().ec);
    }
    {
        Client client(port_);
        client.SendRequest("GET", "/api/fail");
        EXPECT_TRUE(client.ReadStreamed().ec);
    }
    StopServer();
    spdlog::drop("access");
    std::istringstream lines(stream->str());
    std::vector<nlohmann::json> records;
    for (std::string line; std::getline(lines, line);) records.push_back(nlohmann::json::parse(line));
    ASSERT_EQ(records.size(), 2u) << stream->str();
    EXPECT_EQ(records[0]["route"], "/api/export");
    EXPECT_EQ(records[0]["bytes"], 200'000);
    EXPECT_EQ(records[1]["route"], "/api/fail");
    EXPECT_EQ(records[1]["bytes"], 3000);
    const std::string text = metrics.RenderPrometheus();
    EXPECT_NE(text.find("passeur_http_requests_total{method=\"GET\",route=\"/api/export\",status=\"200\"} 1"),
              std::string::npos)
        << text;
}

}  // namespace
}  // namespace passeur::http
