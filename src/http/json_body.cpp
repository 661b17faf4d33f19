#include "http/json_body.hpp"

#include <string>

namespace passeur::http {

core::Result<nlohmann::json> JsonObjectBody(const Request& request, std::size_t max_bytes) {
    if (request.body.size() > max_bytes) {
        return core::Fail(core::Error{
            core::ErrorCode::kPayloadTooLarge,
            "Corps de requête trop volumineux (au plus " + std::to_string(max_bytes / 1024) + " Kio).",
            "body"});
    }
    if (!request.IsJson()) {
        return core::Fail(core::Error::InvalidArgument(
            "Le corps de la requête doit être du JSON (Content-Type: application/json).", "Content-Type"));
    }
    nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return core::Fail(
            core::Error::InvalidArgument("Le corps de la requête doit être un objet JSON.", "body"));
    }
    return body;
}

}  // namespace passeur::http
