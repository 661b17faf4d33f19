// In-process calls of a component's JSON routes for API tests: a request built from a target
// (path and query) and a body, a logged-in session (cookie and CSRF header), and the outcome of the
// matched handler, its errors mapped to statuses as the server maps them.
#pragma once

#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "account/module.hpp"
#include "core/result.hpp"
#include "http/error_mapping.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace passeur::testing {

// A request from 192.0.2.1; a non-empty body gets the content type `type`.
inline http::Request MakeApiRequest(std::string method, std::string target, std::string body = "",
                                    std::string type = "application/json") {
    http::Request r;
    r.method = std::move(method);
    r.target = target;
    const auto q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = *http::ParseUrlEncoded(target.substr(q + 1));
    r.body = std::move(body);
    if (!r.body.empty()) r.headers.emplace_back("content-type", std::move(type));
    r.remote_ip = "192.0.2.1";
    r.request_id = "test";
    return r;
}

// `r` sent within `login`'s session, with its CSRF token unless `csrf` is false.
inline http::Request WithSession(http::Request r, const account::LoginResult& login, bool csrf = true) {
    r.headers.emplace_back("cookie", std::string(account::kSessionCookieName) + "=" + login.secret);
    if (csrf) r.headers.emplace_back("x-csrf-token", login.session.csrf_token);
    return r;
}

struct ApiOutcome {
    unsigned status = 0;
    nlohmann::json body;  // discarded (not an exception) when the body is not JSON
    core::Error error;    // set when the handler returned an error
    http::Response response;
};

// Runs the handler `router` matches for `request` (a gtest failure when none does).
inline ApiOutcome CallRoute(const http::Router& router, http::Request request) {
    auto match = router.Match(request.method, request.path);
    if (match.handler == nullptr) {
        ADD_FAILURE() << "no route for " << request.method << " " << request.path;
        return {};
    }
    request.path_params = match.params;
    request.route = match.pattern;
    auto result = (*match.handler)(request);
    if (!result) return {http::StatusFor(result.error().code), {}, result.error(), {}};
    return {result->status, nlohmann::json::parse(result->body, nullptr, false), {}, *result};
}

}  // namespace passeur::testing
