#include "credential/ed25519.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include <sodium.h>

#include "core/encoding.hpp"
#include "credential/multibase.hpp"

namespace passeur::credential {
namespace {

void EnsureSodium() {
    static const bool initialized = [] {
        if (sodium_init() < 0) std::abort();  // no CSPRNG: nothing secure can run
        return true;
    }();
    (void)initialized;
}

constexpr std::string_view kEd25519PubPrefix = "\xed\x01";
constexpr std::string_view kEd25519PrivPrefix = "\x80\x26";

// Name of a multicodec code for error messages.
std::string CodecName(std::uint64_t code) {
    char hex[24];
    std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(code));
    std::string name = hex;
    switch (code) {
        case 0xed:
            return name + " (ed25519-pub)";
        case 0x1300:
            return name + " (ed25519-priv)";
        case 0xec:
            return name + " (x25519-pub)";
        case 0xe7:
            return name + " (secp256k1-pub)";
        case 0x1200:
            return name + " (p256-pub)";
        case 0x1201:
            return name + " (p384-pub)";
        case 0x1205:
            return name + " (rsa-pub)";
        default:
            return name;
    }
}

// Decodes the multicodec varint at the start of `bytes`; nullopt when malformed.
std::optional<std::pair<std::uint64_t, std::size_t>> ReadVarint(std::string_view bytes) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < bytes.size() && i < 9; ++i) {
        const auto byte = static_cast<unsigned char>(bytes[i]);
        value |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
        if ((byte & 0x80) == 0) return std::make_pair(value, i + 1);
    }
    return std::nullopt;
}

// The key bytes after a multicodec prefix, or an error naming what is wrong.
core::Result<std::string> DecodeMultikey(std::string_view text, std::string_view what, std::uint64_t codec,
                                         std::string_view prefix) {
    if (text.empty() || text.front() != 'z') {
        return core::Fail(
            core::Error::InvalidArgument(std::string(what) + ": expected multibase base58btc (prefix 'z')"));
    }
    auto bytes = MultibaseDecode(text);
    if (!bytes)
        return core::Fail(core::Error::InvalidArgument(std::string(what) + ": " + bytes.error().message));
    auto varint = ReadVarint(*bytes);
    if (!varint) {
        return core::Fail(core::Error::InvalidArgument(std::string(what) + ": no multicodec prefix"));
    }
    if (varint->first != codec || bytes->compare(0, prefix.size(), prefix) != 0) {
        return core::Fail(core::Error::InvalidArgument(std::string(what) + ": multicodec " +
                                                       CodecName(varint->first) + ", expected " +
                                                       CodecName(codec)));
    }
    return bytes->substr(prefix.size());
}

std::string_view AsChars(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace

Ed25519SecretKey::~Ed25519SecretKey() { sodium_memzero(seed_.data(), seed_.size()); }

Ed25519PublicKey Ed25519SecretKey::PublicKey() const {
    EnsureSodium();
    Ed25519PublicKey public_key{};
    std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> expanded{};
    crypto_sign_seed_keypair(public_key.data(), expanded.data(), seed_.data());
    sodium_memzero(expanded.data(), expanded.size());
    return public_key;
}

Ed25519Signature Ed25519SecretKey::Sign(std::string_view message) const {
    EnsureSodium();
    Ed25519PublicKey public_key{};
    std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> expanded{};
    crypto_sign_seed_keypair(public_key.data(), expanded.data(), seed_.data());
    Ed25519Signature signature{};
    crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), expanded.data());
    sodium_memzero(expanded.data(), expanded.size());
    return signature;
}

Ed25519SecretKey GenerateEd25519SecretKey() {
    EnsureSodium();
    std::array<std::uint8_t, 32> seed{};
    randombytes_buf(seed.data(), seed.size());
    Ed25519SecretKey key(seed);
    sodium_memzero(seed.data(), seed.size());
    return key;
}

bool VerifyEd25519(const Ed25519PublicKey& public_key, std::string_view message,
                   const Ed25519Signature& signature) {
    EnsureSodium();
    return crypto_sign_verify_detached(signature.data(),
                                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                       public_key.data()) == 0;
}

std::string Ed25519PublicKeyMultibase(const Ed25519PublicKey& public_key) {
    std::string bytes(kEd25519PubPrefix);
    bytes.append(AsChars(public_key.data(), public_key.size()));
    return MultibaseBase58Btc(bytes);
}

core::Result<Ed25519PublicKey> ParseEd25519PublicKeyMultibase(std::string_view text) {
    auto key = DecodeMultikey(text, "publicKeyMultibase", 0xed, kEd25519PubPrefix);
    if (!key) return core::Fail(key.error());
    if (key->size() != 32) {
        return core::Fail(core::Error::InvalidArgument("publicKeyMultibase: Ed25519 key of " +
                                                       std::to_string(key->size()) + " bytes, expected 32"));
    }
    Ed25519PublicKey public_key{};
    std::copy(key->begin(), key->end(), reinterpret_cast<char*>(public_key.data()));
    return public_key;
}

std::string Ed25519SecretKeyMultibase(const Ed25519SecretKey& secret_key) {
    std::string bytes(kEd25519PrivPrefix);
    bytes.append(AsChars(secret_key.Seed().data(), secret_key.Seed().size()));
    std::string text = MultibaseBase58Btc(bytes);
    sodium_memzero(bytes.data(), bytes.size());
    return text;
}

core::Result<Ed25519SecretKey> ParseEd25519SecretKeyMultibase(std::string_view text) {
    auto key = DecodeMultikey(text, "secretKeyMultibase", 0x1300, kEd25519PrivPrefix);
    if (!key) return core::Fail(key.error());
    if (key->size() != 32 && key->size() != 64) {
        return core::Fail(core::Error::InvalidArgument("secretKeyMultibase: Ed25519 key of " +
                                                       std::to_string(key->size()) + " bytes, expected 32"));
    }
    std::array<std::uint8_t, 32> seed{};
    std::copy(key->begin(), key->begin() + 32, reinterpret_cast<char*>(seed.data()));
    Ed25519SecretKey secret_key(seed);
    sodium_memzero(seed.data(), seed.size());
    if (key->size() == 64) {
        const Ed25519PublicKey public_key = secret_key.PublicKey();
        if (key->compare(32, 32, AsChars(public_key.data(), public_key.size())) != 0) {
            sodium_memzero(key->data(), key->size());
            return core::Fail(core::Error::InvalidArgument(
                "secretKeyMultibase: its last 32 bytes are not the public key of its seed"));
        }
    }
    sodium_memzero(key->data(), key->size());
    return secret_key;
}

}  // namespace passeur::credential
