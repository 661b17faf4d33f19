#include "framework/uuid.hpp"

#include <array>
#include <cstdint>
#include <memory>

#include <openssl/evp.h>

namespace passeur::framework {
namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::array<std::uint8_t, 16>> UuidBytes(std::string_view text) {
    if (!IsUuid(text)) return std::nullopt;
    std::array<std::uint8_t, 16> out{};
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '-') {
            ++i;
            continue;
        }
        out[n++] = static_cast<std::uint8_t>(HexValue(text[i]) * 16 + HexValue(text[i + 1]));
        i += 2;
    }
    return out;
}

std::string Format(const std::uint8_t* bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(kHex[bytes[i] >> 4]);
        out.push_back(kHex[bytes[i] & 0x0f]);
    }
    return out;
}

}  // namespace

bool IsUuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (text[i] != '-') return false;
        } else if (HexValue(text[i]) < 0) {
            return false;
        }
    }
    return true;
}

std::string LowerUuid(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::optional<std::string> UuidV5(std::string_view namespace_uuid, std::string_view name) {
    auto ns = UuidBytes(namespace_uuid);
    if (!ns) return std::nullopt;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::array<std::uint8_t, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha1(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), ns->data(), ns->size()) != 1 ||
        EVP_DigestUpdate(ctx.get(), name.data(), name.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1 || length < 16) {
        return std::nullopt;
    }
    digest[6] = static_cast<std::uint8_t>((digest[6] & 0x0f) | 0x50);  // version 5
    digest[8] = static_cast<std::uint8_t>((digest[8] & 0x3f) | 0x80);  // RFC 4122 variant
    return Format(digest.data());
}

std::string DerivedUuid(std::string_view name) { return *UuidV5(kPasseurNamespace, name); }

}  // namespace passeur::framework
