#include "http/json_body.hpp"

#include <cstdint>
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

core::Result<void> OnlyMembers(const nlohmann::json& object, std::initializer_list<std::string_view> names,
                               const std::string& prefix) {
    if (!object.is_object()) return core::Ok();
    for (const auto& [key, value] : object.items()) {
        bool known = false;
        for (std::string_view n : names) known |= key == n;
        if (!known) {
            const std::string shown = key.substr(0, 60);
            return core::Fail(
                core::Error::InvalidArgument("Membre inconnu : « " + shown + " ».", prefix + shown));
        }
    }
    return core::Ok();
}

core::Result<std::string> JsonText(const nlohmann::json& value, const std::string& field) {
    if (!value.is_string()) {
        return core::Fail(core::Error::InvalidArgument("Le membre " + field + " doit être un texte.", field));
    }
    return value.get<std::string>();
}

core::Result<bool> JsonBoolean(const nlohmann::json& value, const std::string& field) {
    if (!value.is_boolean()) {
        return core::Fail(
            core::Error::InvalidArgument("Le membre " + field + " doit être true ou false.", field));
    }
    return value.get<bool>();
}

core::Result<int> JsonInteger(const nlohmann::json& value, const std::string& field, int min, int max) {
    if (!value.is_number_integer()) {
        return core::Fail(
            core::Error::InvalidArgument("Le membre " + field + " doit être un entier.", field));
    }
    const auto v = value.get<std::int64_t>();
    if (v < min || v > max) {
        return core::Fail(core::Error::InvalidArgument(
            "Le membre " + field + " va de " + std::to_string(min) + " à " + std::to_string(max) + ".",
            field));
    }
    return static_cast<int>(v);
}

}  // namespace passeur::http
