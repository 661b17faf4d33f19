#include "credential/service/routes.hpp"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "core/encoding.hpp"
#include "credential/did_web.hpp"

namespace passeur::credential {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Response Public(Response response, std::string_view cache) {
    response.SetHeader("Access-Control-Allow-Origin", "*");
    response.SetHeader("Cache-Control", std::string(cache));
    return response;
}

core::Result<Response> DidDocumentRoute(CredentialService& service) {
    auto doc = service.DidDocument();
    if (!doc) return core::Fail(doc.error());
    Response response = Response::Json(*doc);
    response.SetHeader("Content-Type", "application/did+json");
    return Public(std::move(response), "public, max-age=300");
}

core::Result<Response> StatusListRoute(CredentialService& service, const Request& request) {
    const auto id = request.PathParam("id");
    const std::string text = id ? std::string(*id) : std::string();
    if (text.empty() || text.size() > 12 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return core::Fail(core::Error::NotFound("no such status list"));
    }
    auto list = service.StatusListCredential(std::stoll(text));
    if (!list) return core::Fail(list.error());
    const std::string etag = "\"" + core::Sha256Hex(*list).substr(0, 32) + "\"";
    if (const auto match = request.Header("If-None-Match"); match && *match == etag) {
        Response not_modified;
        not_modified.status = 304;
        not_modified.SetHeader("ETag", etag);
        return Public(std::move(not_modified), "public, max-age=60");
    }
    Response response = Response::Text(std::move(*list), "application/vc+ld+json");
    response.SetHeader("ETag", etag);
    return Public(std::move(response), "public, max-age=60");
}

core::Result<Response> VerifyRoute(CredentialService& service, const Request& request) {
    if (request.body.size() > kMaxVerifyBodyBytes) {
        return core::Fail(
            core::Error{core::ErrorCode::kPayloadTooLarge,
                        "the body is larger than " + std::to_string(kMaxVerifyBodyBytes) + " bytes",
                        {}});
    }
    auto body = ParseBoundedJson(request.body, kMaxVerifyBodyBytes, kMaxCredentialDepth + 1);
    if (!body) return core::Fail(core::Error::InvalidArgument(body.error().message, "body"));
    std::string email;
    const json* credential = &*body;
    if (body->is_object() && body->contains("credential") && !body->contains("@context")) {
        credential = &(*body)["credential"];
        if (const auto it = body->find("email"); it != body->end()) {
            if (!it->is_string() || it->get_ref<const std::string&>().size() > 320) {
                return core::Fail(core::Error::InvalidArgument("must be an e-mail address (text)", "email"));
            }
            email = it->get<std::string>();
        }
    }
    const std::string text = credential->is_string() ? credential->get<std::string>() : credential->dump();
    const CredentialVerification verification = service.Verify(text);
    json out = VerificationToJson(verification);
    if (!email.empty()) out["email_matches"] = HolderEmailMatches(verification, email);
    return Public(Response::Json(out), "no-store");
}

}  // namespace

void RegisterCredentialRoutes(http::Router& router, CredentialService& service) {
    const std::string did_path = DidDocumentPath(service.Config().public_base_url);
    router.Add(
        "GET", "/.well-known/did.json", [&service](Request&) { return DidDocumentRoute(service); },
        http::RouteKind::kJson);
    if (did_path != "/.well-known/did.json") {
        router.Add(
            "GET", did_path, [&service](Request&) { return DidDocumentRoute(service); },
            http::RouteKind::kJson);
    }
    router.Add(
        "GET", "/credentials/status/{id}", [&service](Request& r) { return StatusListRoute(service, r); },
        http::RouteKind::kJson);
    router.Add(
        "POST", "/api/v1/verify", [&service](Request& r) { return VerifyRoute(service, r); },
        http::RouteKind::kJson);
    router.SetMaxBodyBytes("POST", "/api/v1/verify", kMaxVerifyBodyBytes);
}

}  // namespace passeur::credential
