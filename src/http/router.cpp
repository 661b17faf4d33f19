#include "http/router.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "core/encoding.hpp"

namespace passeur::http {

namespace {

struct Endpoint {
    Handler handler;
    RouteKind kind = RouteKind::kJson;
    std::uint64_t max_body_bytes = 0;
    std::string pattern;
    std::vector<std::string> param_names;  // in order; the last one is the rest-parameter if any
};

using Endpoints = std::map<std::string, Endpoint, std::less<>>;

[[noreturn]] void Abort(std::string_view what, std::string_view pattern) {
    std::fprintf(stderr, "Router: %.*s: \"%.*s\"\n", static_cast<int>(what.size()), what.data(),
                 static_cast<int>(pattern.size()), pattern.data());
    std::abort();
}

bool IsNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsValidName(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), IsNameChar);
}

// Splits "/a/b" into {"a","b"}; "/" gives {}. Returns false when `path` does not start with '/'.
bool SplitPath(std::string_view path, std::vector<std::string_view>& out) {
    if (path.empty() || path.front() != '/') return false;
    path.remove_prefix(1);
    if (path.empty()) return true;
    while (true) {
        std::size_t slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) return true;
        path.remove_prefix(slash + 1);
    }
}

}  // namespace

struct Router::Node {
    std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
    std::unique_ptr<Node> param;  // "{name}"
    Endpoints endpoints;          // routes ending at this node
    Endpoints rest_endpoints;     // routes whose next and last segment is "{name...}"
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

void Router::Add(std::string_view method, std::string_view pattern, Handler handler, RouteKind kind) {
    if (method.empty() ||
        !std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
        Abort("method must be upper-case letters", method);
    }
    if (!handler) Abort("empty handler", pattern);
    std::vector<std::string_view> segments;
    if (!SplitPath(pattern, segments)) Abort("pattern must start with '/'", pattern);

    Endpoint endpoint{std::move(handler), kind, 0, std::string(pattern), {}};
    Node* node = root_.get();
    Endpoints* target = nullptr;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        std::string_view segment = segments[i];
        if (segment.empty()) Abort("empty segment", pattern);
        if (segment.front() == '{') {
            if (segment.back() != '}') Abort("unterminated parameter", pattern);
            std::string_view name = segment.substr(1, segment.size() - 2);
            const bool rest = name.size() > 3 && name.substr(name.size() - 3) == "...";
            if (rest) name.remove_suffix(3);
            if (!IsValidName(name)) Abort("bad parameter name", pattern);
            if (std::find(endpoint.param_names.begin(), endpoint.param_names.end(), name) !=
                endpoint.param_names.end()) {
                Abort("duplicate parameter name", pattern);
            }
            endpoint.param_names.emplace_back(name);
            if (rest) {
                if (i + 1 != segments.size()) Abort("a rest parameter must be the last segment", pattern);
                target = &node->rest_endpoints;
                break;
            }
            if (!node->param) node->param = std::make_unique<Node>();
            node = node->param.get();
        } else {
            if (segment.find_first_of("{}") != std::string_view::npos)
                Abort("brace inside a literal", pattern);
            auto it = node->literals.find(segment);
            if (it == node->literals.end()) {
                it = node->literals.emplace(std::string(segment), std::make_unique<Node>()).first;
            }
            node = it->second.get();
        }
    }
    if (target == nullptr) target = &node->endpoints;
    if (target->count(method) != 0) Abort("duplicate route", pattern);
    target->emplace(std::string(method), std::move(endpoint));
    routes_.push_back({std::string(method), std::string(pattern), kind});
}

namespace {

struct Search {
    std::string_view method;
    const std::vector<std::string>* segments;
    std::vector<std::string> allowed;  // methods of matching routes, for 405
    const Endpoint* found = nullptr;
    std::vector<std::string> values;  // parameter values of `found`

    // Picks the endpoint for `method` (HEAD falls back to GET) and records the other methods.
    const Endpoint* Pick(const Endpoints& endpoints) {
        if (endpoints.empty()) return nullptr;
        auto it = endpoints.find(method);
        if (it == endpoints.end() && method == "HEAD") it = endpoints.find(std::string_view("GET"));
        if (it != endpoints.end()) return &it->second;
        for (const auto& [m, unused] : endpoints) {
            allowed.push_back(m);
            if (m == "GET") allowed.emplace_back("HEAD");
        }
        return nullptr;
    }
};

}  // namespace

// Depth-first search in precedence order: literal, then parameter, then rest-parameter.
struct RouterWalker {
    static bool Walk(Search& search, const Router::Node& node, std::size_t index,
                     std::vector<std::string>& params);
};

bool RouterWalker::Walk(Search& search, const Router::Node& node, std::size_t index,
                        std::vector<std::string>& params) {
    const auto& segments = *search.segments;
    if (index == segments.size()) {
        if (const Endpoint* endpoint = search.Pick(node.endpoints)) {
            search.found = endpoint;
            search.values = params;
            return true;
        }
        return false;
    }
    const std::string& segment = segments[index];
    if (auto it = node.literals.find(segment); it != node.literals.end()) {
        if (Walk(search, *it->second, index + 1, params)) return true;
    }
    if (node.param && !segment.empty()) {
        params.push_back(segment);
        if (Walk(search, *node.param, index + 1, params)) return true;
        params.pop_back();
    }
    if (!node.rest_endpoints.empty()) {
        std::string rest;
        bool ok = true;
        for (std::size_t i = index; i < segments.size(); ++i) {
            if (segments[i].empty()) ok = false;
            if (i > index) rest.push_back('/');
            rest += segments[i];
        }
        if (ok) {
            if (const Endpoint* endpoint = search.Pick(node.rest_endpoints)) {
                search.found = endpoint;
                search.values = params;
                search.values.push_back(std::move(rest));
                return true;
            }
        }
    }
    return false;
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
    RouteMatch match;
    std::vector<std::string_view> raw;
    if (!SplitPath(path, raw)) return match;
    std::vector<std::string> segments;
    segments.reserve(raw.size());
    for (std::string_view segment : raw) {
        auto decoded = core::PercentDecode(segment, /*plus_as_space=*/false);
        if (!decoded) return match;
        segments.push_back(std::move(*decoded));
    }
    Search search{method, &segments, {}, nullptr, {}};
    std::vector<std::string> params;
    if (RouterWalker::Walk(search, *root_, 0, params)) {
        const Endpoint& endpoint = *search.found;
        match.handler = &endpoint.handler;
        match.kind = endpoint.kind;
        match.max_body_bytes = endpoint.max_body_bytes;
        match.pattern = endpoint.pattern;
        for (std::size_t i = 0; i < endpoint.param_names.size() && i < search.values.size(); ++i) {
            match.params.emplace_back(endpoint.param_names[i], std::move(search.values[i]));
        }
        return match;
    }
    std::sort(search.allowed.begin(), search.allowed.end());
    search.allowed.erase(std::unique(search.allowed.begin(), search.allowed.end()), search.allowed.end());
    match.allowed_methods = std::move(search.allowed);
    return match;
}

void Router::SetMaxBodyBytes(std::string_view method, std::string_view pattern, std::uint64_t bytes) {
    if (bytes == 0) Abort("a route body limit must be positive", pattern);
    std::vector<std::string_view> segments;
    if (!SplitPath(pattern, segments)) Abort("pattern must start with '/'", pattern);
    // Follow the pattern's own segments: literals by name, parameters through the parameter node.
    Node* node = root_.get();
    Endpoints* target = nullptr;
    for (std::size_t i = 0; i < segments.size() && node != nullptr; ++i) {
        const std::string_view segment = segments[i];
        if (!segment.empty() && segment.front() == '{') {
            if (segment.size() > 5 && segment.substr(segment.size() - 4) == "...}") {
                if (i + 1 == segments.size()) target = &node->rest_endpoints;
                node = nullptr;
                break;
            }
            node = node->param.get();
        } else {
            auto it = node->literals.find(segment);
            node = it == node->literals.end() ? nullptr : it->second.get();
        }
    }
    if (target == nullptr && node != nullptr) target = &node->endpoints;
    if (target == nullptr) Abort("no such route for a body limit", pattern);
    auto it = target->find(method);
    if (it == target->end() || it->second.pattern != pattern)
        Abort("no such route for a body limit", pattern);
    it->second.max_body_bytes = bytes;
    max_route_body_bytes_ = std::max(max_route_body_bytes_, bytes);
}

const std::vector<Router::RouteInfo>& Router::Routes() const { return routes_; }

}  // namespace passeur::http
