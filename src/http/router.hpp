// Method + path-pattern routing. Patterns are literal segments and `{name}` parameters that match
// one non-empty segment: "/api/v1/organizations/{org}/members/{user}". A last segment `{name...}`
// matches the rest of the path (one or more segments, joined with '/'). A literal segment wins
// over a parameter at the same place, a parameter over a rest-parameter. Thread-safe for matching once built
// (Add before serving).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace passeur::http {

// Handlers return a Response or an Error; errors are turned into responses in one place
// (error_mapping.hpp): JSON for API routes, the HTML error renderer for page routes.
using Handler = std::function<core::Result<Response>(Request&)>;

enum class RouteKind { kJson, kHtml };

struct RouteMatch {
    const Handler* handler = nullptr;  // null: no route (see allowed_methods for 405)
    RouteKind kind = RouteKind::kJson;
    std::uint64_t max_body_bytes = 0;  // the route's own body limit (SetMaxBodyBytes); 0: the server's
    std::string pattern;
    FieldList params;
    std::vector<std::string> allowed_methods;  // when the path exists under other methods
};

class Router {
public:
    Router();
    ~Router();
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;

    // Aborts (a bug) on a malformed pattern or a duplicate (method, pattern).
    void Add(std::string_view method, std::string_view pattern, Handler handler,
             RouteKind kind = RouteKind::kJson);
    // `path` is the request path without the query, still percent-encoded (or plain): each segment
    // is percent-decoded before comparison, so "%2F" stays inside one parameter and params are
    // returned decoded. A path that is not "/..." or holds a malformed escape matches nothing.
    // HEAD is served by the GET route when no HEAD route exists (allowed_methods then lists HEAD).
    RouteMatch Match(std::string_view method, std::string_view path) const;
    // A route that takes larger bodies than the server's default (Limits::body_bytes): an upload,
    // a pasted credential. The server reads such a request's body up to `bytes` and every other
    // request's up to its default, so one large form does not raise the memory bound of every
    // route. Aborts (a bug) when no route (method, pattern) was added or `bytes` is 0.
    void SetMaxBodyBytes(std::string_view method, std::string_view pattern, std::uint64_t bytes);
    // The largest limit given to SetMaxBodyBytes (0 when none).
    std::uint64_t MaxRouteBodyBytes() const { return max_route_body_bytes_; }
    // Every registered (method, pattern, kind), in registration order: lets tests walk all endpoints.
    struct RouteInfo {
        std::string method;
        std::string pattern;
        RouteKind kind;
    };
    const std::vector<RouteInfo>& Routes() const;

private:
    friend struct RouterWalker;
    struct Node;
    std::unique_ptr<Node> root_;
    std::vector<RouteInfo> routes_;
    std::uint64_t max_route_body_bytes_ = 0;
};

}  // namespace passeur::http
