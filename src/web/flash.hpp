// One-shot messages shown on the page after a POST-redirect-GET ("Votre mot de passe a été
// changé"). Carried by the cookie `passeur_flash` (HttpOnly, SameSite=Lax, 2 minutes), whose value
// is base64url(JSON) + "." + HMAC-SHA256 hex under a per-process key, so a forged or stale
// (after a restart) cookie is ignored. Thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/random.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace passeur::web {

inline constexpr std::string_view kFlashCookie = "passeur_flash";
inline constexpr std::size_t kFlashMaxBytes = 2048;  // encoded cookie value

struct Flash {
    std::string kind = "success";  // DSFR alert type: success | info | warning | error
    std::string message_key;       // i18n key, may use {name} placeholders from args
    std::map<std::string, std::string> args;

    static Flash Success(std::string message_key, std::map<std::string, std::string> args = {}) {
        Flash flash;
        flash.message_key = std::move(message_key);
        flash.args = std::move(args);
        return flash;
    }
};

class FlashCodec {
public:
    explicit FlashCodec(core::Random& random);  // draws the signing key
    // Empty when the flash does not fit kFlashMaxBytes.
    std::string Encode(const Flash& flash) const;
    std::optional<Flash> Decode(std::string_view value) const;

    void Set(http::Response& response, const http::Request& request, const Flash& flash) const;
    std::optional<Flash> Read(const http::Request& request) const;
    static void Clear(http::Response& response, const http::Request& request);

private:
    std::string Sign(std::string_view payload) const;
    std::string key_;
};

}  // namespace passeur::web
