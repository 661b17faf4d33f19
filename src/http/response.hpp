// What a handler returns. The server adds X-Request-Id, Date, Content-Length (or, for a streamed
// response, Transfer-Encoding: chunked), and, for HTML, the security headers (see
// security_headers.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/result.hpp"
#include "http/request.hpp"

namespace passeur::http {

// Empty pieces a ChunkProducer may return in a row before the transfer is aborted as a bug.
inline constexpr int kMaxEmptyStreamPieces = 64;

struct CookieOptions {
    std::int64_t max_age_seconds = -1;  // -1: session cookie; 0: delete
    bool http_only = true;
    bool secure = false;
    std::string same_site = "Lax";
    std::string path = "/";
};

struct Response {
    // Pulls a streamed body piece by piece (see `stream`). Each call appends the next piece to
    // `out`, which the server cleared before the call, and returns true while more may follow,
    // false after the last piece (that call may still have appended a final piece). An error
    // (or an exception) aborts the transfer.
    using ChunkProducer = std::function<core::Result<bool>(std::string& out)>;

    unsigned status = 200;
    FieldList headers;  // names as sent; Content-Type always set by the factories
    std::string body;   // ignored when `stream` is set
    // When set, the body is streamed instead of `body` (ignored); the body is never held whole
    // in memory. Contract with the server (src/http/server.cpp):
    // - The status and headers go out first, with "Transfer-Encoding: chunked" and no
    //   Content-Length (to an HTTP/1.0 client: no Transfer-Encoding, the body ends when the
    //   connection closes). Each non-empty piece becomes one chunk; after the last piece the
    //   terminating chunk is sent and the connection is kept alive as for any other response.
    // - The producer runs on the connection's io thread, one call at a time, and is called
    //   again only once the previous piece was written to the socket (under write_timeout per
    //   piece): memory stays bounded by the largest piece. Keep each call short (it blocks the
    //   other connections of that thread) and each piece modest (say 16 to 256 KiB).
    // - An empty piece with true is allowed: the server skips it and calls again at once; more
    //   than kMaxEmptyStreamPieces empty pieces in a row is taken as a producer bug and aborts
    //   the transfer (a producer that filters its input loops until it has output).
    // - Aborting (producer error or exception, too many empty pieces): the server logs the
    //   error with the request id and resets the connection without the terminating chunk, so
    //   the client sees a failed, truncated transfer, never a silently short file. Status and
    //   headers are already sent by then: a failure known before the first byte is better
    //   returned by the handler as a core::Error.
    // - Never called for HEAD requests (headers only), nor for 1xx, 204 and 304 statuses. Not
    //   called any more once the client disconnected or a write failed or timed out.
    // - The access log and metrics record the response once, when it ends, with the body bytes
    //   written and a latency spanning the transfer. A stream still running at the end of a
    //   graceful shutdown's grace period is cut like an aborted one.
    // - Captures outlive the handler call: capture by value (or shared_ptr) what the producer
    //   uses. The producer is destroyed when the response ends (or the server shuts down).
    ChunkProducer stream;

    static Response Json(const nlohmann::json& body, unsigned status = 200);
    static Response Html(std::string body, unsigned status = 200);
    static Response Text(std::string body, std::string content_type = "text/plain; charset=utf-8",
                         unsigned status = 200);
    static Response Redirect(std::string location, unsigned status = 303);
    static Response NoContent();
    // A streamed body (see `stream`), e.g. a CSV export: Stream("text/csv; charset=utf-8", ...).
    static Response Stream(std::string content_type, ChunkProducer producer, unsigned status = 200);

    Response& SetHeader(std::string name, std::string value);  // replaces a header of that name
    Response& AddHeader(std::string name, std::string value);  // adds one more (Set-Cookie)
    Response& SetCookie(std::string_view name, std::string_view value, const CookieOptions& options);
    std::optional<std::string_view> Header(std::string_view name) const;
};

}  // namespace passeur::http
