#include "web/flash.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/encoding.hpp"

namespace passeur::web {
namespace {

bool ValidKind(std::string_view kind) {
    return kind == "success" || kind == "info" || kind == "warning" || kind == "error";
}

http::CookieOptions FlashCookieOptions(const http::Request& request, std::int64_t max_age) {
    http::CookieOptions options;
    options.http_only = true;
    options.secure = request.secure;
    options.same_site = "Lax";
    options.path = "/";
    options.max_age_seconds = max_age;
    return options;
}

}  // namespace

FlashCodec::FlashCodec(core::Random& random) {
    key_.resize(32);
    random.Fill(reinterpret_cast<std::uint8_t*>(key_.data()), key_.size());
}

std::string FlashCodec::Sign(std::string_view payload) const {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_size = 0;
    HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
         reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), digest, &digest_size);
    return core::HexEncode(std::string_view(reinterpret_cast<const char*>(digest), digest_size));
}

std::string FlashCodec::Encode(const Flash& flash) const {
    nlohmann::json json = {{"k", flash.kind}, {"m", flash.message_key}, {"a", flash.args}};
    std::string payload = core::Base64UrlEncode(json.dump());
    std::string value = payload + "." + Sign(payload);
    if (value.size() > kFlashMaxBytes) return {};
    return value;
}

std::optional<Flash> FlashCodec::Decode(std::string_view value) const {
    if (value.size() > kFlashMaxBytes) return std::nullopt;
    std::size_t dot = value.rfind('.');
    if (dot == std::string_view::npos) return std::nullopt;
    std::string_view payload = value.substr(0, dot);
    if (!core::ConstantTimeEquals(value.substr(dot + 1), Sign(payload))) return std::nullopt;
    std::optional<std::string> decoded = core::Base64UrlDecode(payload);
    if (!decoded) return std::nullopt;
    try {
        nlohmann::json json = nlohmann::json::parse(*decoded);
        Flash flash;
        flash.kind = json.at("k").get<std::string>();
        flash.message_key = json.at("m").get<std::string>();
        flash.args = json.at("a").get<std::map<std::string, std::string>>();
        if (!ValidKind(flash.kind)) return std::nullopt;
        return flash;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

void FlashCodec::Set(http::Response& response, const http::Request& request, const Flash& flash) const {
    std::string value = Encode(flash);
    if (value.empty()) return;
    response.SetCookie(kFlashCookie, value, FlashCookieOptions(request, 120));
}

std::optional<Flash> FlashCodec::Read(const http::Request& request) const {
    std::optional<std::string> cookie = request.Cookie(kFlashCookie);
    if (!cookie) return std::nullopt;
    return Decode(*cookie);
}

void FlashCodec::Clear(http::Response& response, const http::Request& request) {
    response.SetCookie(kFlashCookie, "", FlashCookieOptions(request, 0));
}

}  // namespace passeur::web
