#include "credential/jwt.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "core/encoding.hpp"
#include "core/located_json.hpp"
#include "credential/data_integrity.hpp"
#include "credential/did.hpp"

namespace passeur::credential {
namespace {

using nlohmann::json;

constexpr std::string_view kRs256 = "RS256";
constexpr std::string_view kEdDsa = "EdDSA";
// Longest PEM text accepted (an 8192-bit private key is about 6.5 KB).
constexpr std::size_t kMaxPemBytes = 64 * 1024;
// Longest kid accepted.
constexpr std::size_t kMaxKidChars = 2048;
// The RFC 7519 registered claim names: never credential members, removed from the credential
// returned by VerifyJwt.
constexpr std::array<std::string_view, 7> kRegisteredClaims = {"iss", "sub", "aud", "exp",
                                                               "nbf", "iat", "jti"};
// JWK members that carry private key material (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2).
constexpr std::array<std::string_view, 8> kPrivateJwkMembers = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"};

core::Error Invalid(std::string message, std::string field = {}) {
    return core::Error::InvalidArgument(std::move(message), std::move(field));
}

// The OpenSSL error queue is per thread: drain it after a failure so that it never leaks into an
// unrelated later call, and keep its first reason for the message.
std::string OpenSslError() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "unknown OpenSSL error";
    const char* reason = ERR_reason_error_string(code);
    return reason ? reason : "OpenSSL error " + std::to_string(code);
}

struct BioFree {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
struct BnFree {
    void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;
struct MdCtxFree {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
struct PkeyCtxFree {
    void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
struct ParamBldFree {
    void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamFree {
    void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};

std::shared_ptr<evp_pkey_st> Share(EVP_PKEY* key) { return std::shared_ptr<evp_pkey_st>(key, EVP_PKEY_free); }

std::string BioText(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

// PEM callback: never prompt for a passphrase (encrypted keys are refused).
int NoPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*user*/) { return -1; }

// Strict base64url: only the URL alphabet, no padding, canonical (unused bits zero).
core::Result<std::string> DecodeBase64Url(std::string_view text, std::string_view what) {
    if (text.empty()) return core::Fail(Invalid(std::string(what) + ": empty"));
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '_';
        if (!ok) {
            std::string shown = (c >= 0x21 && c <= 0x7e)
                                    ? std::string("'") + c + "'"
                                    : "byte " + std::to_string(static_cast<unsigned char>(c));
            return core::Fail(Invalid(std::string(what) + ": " + shown + " at offset " + std::to_string(i) +
                                      " is not base64url" + (c == '=' ? " (padding is not allowed)" : "")));
        }
    }
    auto bytes = core::Base64UrlDecode(text);
    if (!bytes || core::Base64UrlEncode(*bytes) != text) {
        return core::Fail(
            Invalid(std::string(what) + ": not canonical base64url (bad length or trailing bits)"));
    }
    return std::move(*bytes);
}

std::string BnBytes(const BIGNUM* bn) {
    std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
    return out;
}

// The RSA modulus and public exponent of a key, big-endian minimal octets.
std::pair<std::string, std::string> RsaPublicNumbers(EVP_PKEY* key) {
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e);
    BnPtr n_owner(n), e_owner(e);
    if (!n || !e) {
        ERR_clear_error();
        return {};
    }
    return {BnBytes(n), BnBytes(e)};
}

// An RSA public key from its modulus and exponent (big-endian octets).
core::Result<std::shared_ptr<evp_pkey_st>> RsaFromNumbers(std::string_view n, std::string_view e) {
    BnPtr bn_n(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr));
    BnPtr bn_e(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr));
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> builder(OSSL_PARAM_BLD_new());
    if (!bn_n || !bn_e || !builder ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get())) {
        return core::Fail(core::Error::Internal("RSA key: " + OpenSslError()));
    }
    std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(builder.get()));
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
        return core::Fail(Invalid("RSA key: " + OpenSslError()));
    }
    return Share(key);
}

// Checks that `key` is an RSA key of an accepted size; its size.
core::Result<int> CheckRsa(EVP_PKEY* key) {
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
        return core::Fail(Invalid(std::string("not an RSA key (") + EVP_PKEY_get0_type_name(key) + ")"));
    }
    const int bits = EVP_PKEY_get_bits(key);
    if (bits < kMinRsaBits || bits > kMaxRsaBits) {
        return core::Fail(Invalid("RSA key of " + std::to_string(bits) + " bits (accepted: " +
                                  std::to_string(kMinRsaBits) + " to " + std::to_string(kMaxRsaBits) + ")"));
    }
    return bits;
}

core::Result<BioPtr> PemBio(std::string_view pem) {
    if (pem.size() > kMaxPemBytes) {
        return core::Fail(Invalid("PEM text of " + std::to_string(pem.size()) +
                                  " bytes is over the limit of " + std::to_string(kMaxPemBytes)));
    }
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) return core::Fail(core::Error::Internal("PEM: " + OpenSslError()));
    return bio;
}

// Ed25519 keys as OpenSSL objects.
std::shared_ptr<evp_pkey_st> Ed25519Private(const Ed25519SecretKey& key) {
    return Share(
        EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, key.Seed().data(), key.Seed().size()));
}
std::shared_ptr<evp_pkey_st> Ed25519Public(const Ed25519PublicKey& key) {
    return Share(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size()));
}

std::string_view AsChars(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// At most `max` bytes of `text` for a message, cut at a UTF-8 character boundary (messages end
// up in JSON, which must be valid UTF-8), "..." marking a cut.
std::string Shown(std::string_view text, std::size_t max) {
    if (text.size() <= max) return std::string(text);
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end)) + "...";
}

// True when `text` is "scheme:rest" (rest not empty) with no space or control character.
bool IsAbsoluteUri(std::string_view text) {
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
        if (!(alpha || (i > 0 && other))) break;
    }
    if (i == 0 || i >= text.size() || text[i] != ':' || i + 1 == text.size()) return false;
    return std::none_of(text.begin(), text.end(),
                        [](char c) { return static_cast<unsigned char>(c) <= 0x20; });
}

// issuer (a string) or issuer.id.
std::optional<std::string> IssuerId(const json& credential) {
    const auto issuer = credential.find("issuer");
    if (issuer == credential.end()) return std::nullopt;
    if (issuer->is_string()) return issuer->get<std::string>();
    if (issuer->is_object()) {
        const auto id = issuer->find("id");
        if (id != issuer->end() && id->is_string()) return id->get<std::string>();
    }
    return std::nullopt;
}

// credentialSubject.id, of the subject object or of an array holding exactly one subject.
std::optional<std::string> SubjectId(const json& credential) {
    const auto subject = credential.find("credentialSubject");
    if (subject == credential.end()) return std::nullopt;
    const json* one = &*subject;
    if (subject->is_array()) {
        if (subject->size() != 1) return std::nullopt;
        one = &(*subject)[0];
    }
    if (!one->is_object()) return std::nullopt;
    const auto id = one->find("id");
    if (id != one->end() && id->is_string()) return id->get<std::string>();
    return std::nullopt;
}

std::optional<std::string> StringMember(const json& object, std::string_view name) {
    const auto it = object.find(name);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

// A NumericDate claim as integer seconds (a fraction is dropped); nullopt when not a number in
// range.
std::optional<std::int64_t> NumericClaim(const json& value) {
    if (value.is_number_integer() && !value.is_number_unsigned()) return value.get<std::int64_t>();
    if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
        return static_cast<std::int64_t>(u);
    }
    if (value.is_number_float()) {
        const double d = value.get<double>();
        if (!std::isfinite(d) || std::fabs(d) > 9.0e15) return std::nullopt;
        return static_cast<std::int64_t>(std::floor(d));
    }
    return std::nullopt;
}

JwtVerdict Fail(JwtVerdict verdict, JwtReason reason, std::string message) {
    verdict.ok = false;
    verdict.reason = reason;
    verdict.message = std::move(message);
    verdict.credential = nullptr;
    return verdict;
}

core::Result<json> ParseObject(std::string_view text, std::string_view what) {
    auto parsed = core::ParseLocatedJson(text, core::JsonParseLimits{kMaxJwtBytes, kMaxJwtJsonDepth});
    if (!parsed) return core::Fail(Invalid(std::string(what) + ": " + parsed.error().ToError().message));
    if (!parsed->value.is_object()) return core::Fail(Invalid(std::string(what) + ": not a JSON object"));
    return std::move(parsed->value);
}

std::string KeyKind(const JwtPublicKey& key) {
    if (const auto* rsa = std::get_if<RsaKey>(&key))
        return "an RSA key of " + std::to_string(rsa->Bits()) + " bits";
    return "an Ed25519 key";
}

JwtVerdict VerifyChecked(std::string_view compact, const JwtKeyResolver& resolve) {
    JwtVerdict verdict;
    if (compact.size() > kMaxJwtBytes) {
        return Fail(std::move(verdict), JwtReason::kMalformed,
                    "token of " + std::to_string(compact.size()) + " bytes is over the limit of " +
                        std::to_string(kMaxJwtBytes));
    }
    const auto first_dot = compact.find('.');
    const auto second_dot =
        first_dot == std::string_view::npos ? first_dot : compact.find('.', first_dot + 1);
    if (second_dot == std::string_view::npos || compact.find('.', second_dot + 1) != std::string_view::npos) {
        const auto parts = std::count(compact.begin(), compact.end(), '.') + 1;
        return Fail(std::move(verdict), JwtReason::kMalformed,
                    "a compact JWS has 3 parts separated by '.', this token has " + std::to_string(parts));
    }
    const std::string_view header_part = compact.substr(0, first_dot);
    const std::string_view payload_part = compact.substr(first_dot + 1, second_dot - first_dot - 1);
    const std::string_view signature_part = compact.substr(second_dot + 1);
    const std::string_view signing_input = compact.substr(0, second_dot);
    if (header_part.empty() || payload_part.empty() || signature_part.empty()) {
        return Fail(std::move(verdict), JwtReason::kMalformed,
                    std::string(header_part.empty()    ? "header"
                                : payload_part.empty() ? "payload"
                                                       : "signature") +
                        ": empty (unsecured JWTs are not accepted)");
    }

    auto header_text = DecodeBase64Url(header_part, "header");
    if (!header_text) return Fail(std::move(verdict), JwtReason::kMalformed, header_text.error().message);
    auto header = ParseObject(*header_text, "header");
    if (!header) return Fail(std::move(verdict), JwtReason::kMalformed, header.error().message);
    for (const auto& [name, value] : header->items()) {
        if (name != "alg" && name != "typ" && name != "kid" && name != "jwk") {
            return Fail(
                std::move(verdict), JwtReason::kMalformed,
                "header." + name + ": not allowed (Open Badges 3.0 allows only alg, typ, kid and jwk)");
        }
    }
    const auto alg = header->find("alg");
    if (alg == header->end() || !alg->is_string()) {
        return Fail(std::move(verdict), JwtReason::kMalformed, "header.alg: missing or not a string");
    }
    verdict.alg = alg->get<std::string>();
    JwtAlgorithm algorithm = JwtAlgorithm::kRs256;
    if (verdict.alg == kRs256) {
        algorithm = JwtAlgorithm::kRs256;
    } else if (verdict.alg == kEdDsa) {
        algorithm = JwtAlgorithm::kEdDsa;
    } else {
        return Fail(std::move(verdict), JwtReason::kUnsupportedAlg,
                    "header.alg: \"" + Shown(verdict.alg, 32) + "\" is not supported (RS256 or EdDSA)");
    }
    if (const auto typ = header->find("typ"); typ != header->end() && *typ != "JWT") {
        return Fail(std::move(verdict), JwtReason::kMalformed, "header.typ: must be \"JWT\" when present");
    }
    const auto kid = header->find("kid");
    if (kid != header->end()) {
        if (!kid->is_string() || kid->get_ref<const std::string&>().empty() ||
            kid->get_ref<const std::string&>().size() > kMaxKidChars) {
            return Fail(std::move(verdict), JwtReason::kMalformed,
                        "header.kid: not a string of 1 to " + std::to_string(kMaxKidChars) + " characters");
        }
        verdict.kid = kid->get<std::string>();
    }
    const auto jwk = header->find("jwk");
    std::optional<JwtPublicKey> header_key;
    if (jwk != header->end()) {
        auto parsed = ParsePublicJwk(*jwk);
        if (!parsed)
            return Fail(std::move(verdict), JwtReason::kMalformed, "header.jwk: " + parsed.error().message);
        header_key = std::move(*parsed);
    }
    if (kid == header->end() && !header_key) {
        return Fail(std::move(verdict), JwtReason::kMalformed, "header: neither kid nor jwk names the key");
    }
    auto payload_text = DecodeBase64Url(payload_part, "payload");
    if (!payload_text) return Fail(std::move(verdict), JwtReason::kMalformed, payload_text.error().message);
    auto signature = DecodeBase64Url(signature_part, "signature");
    if (!signature) return Fail(std::move(verdict), JwtReason::kMalformed, signature.error().message);

    if (!resolve) return Fail(std::move(verdict), JwtReason::kKeyUnresolved, "no key resolver");
    core::Result<JwtPublicKey> key = core::Fail(core::Error::Internal("not resolved"));
    try {
        key = resolve(verdict.kid, *header);
    } catch (const std::exception& e) {
        key = core::Fail(core::Error::Internal(std::string("the resolver threw: ") + e.what()));
    }
    const std::string key_name = verdict.kid.empty() ? "header.jwk" : "header.kid \"" + verdict.kid + "\"";
    if (!key)
        return Fail(std::move(verdict), JwtReason::kKeyUnresolved, key_name + ": " + key.error().message);
    if (AlgorithmOf(*key) != algorithm) {
        return Fail(std::move(verdict), JwtReason::kKeyUnresolved,
                    "header.alg " + verdict.alg + " does not fit " + key_name + ", " + KeyKind(*key));
    }
    if (const auto* rsa = std::get_if<RsaKey>(&*key); rsa && rsa->Bits() < kMinRsaBits) {
        return Fail(std::move(verdict), JwtReason::kKeyUnresolved, key_name + ": RSA key under 2048 bits");
    }
    if (header_key && PublicJwk(*header_key) != PublicJwk(*key)) {
        return Fail(std::move(verdict), JwtReason::kKeyUnresolved,
                    "header.jwk is not the key " + key_name + " resolves to");
    }
    if (!VerifyJwsSignature(signing_input, *signature, *key)) {
        return Fail(std::move(verdict), JwtReason::kSignatureInvalid,
                    "the signature does not match the header, the payload and the key");
    }

    auto payload = ParseObject(*payload_text, "payload");
    if (!payload) return Fail(std::move(verdict), JwtReason::kMalformed, payload.error().message);
    const json& claims = *payload;
    auto mismatch = [&](std::string message) {
        return Fail(std::move(verdict), JwtReason::kClaimsMismatch, std::move(message));
    };
    if (const auto nbf = claims.find("nbf"); nbf != claims.end()) verdict.not_before = NumericClaim(*nbf);
    if (const auto exp = claims.find("exp"); exp != claims.end()) verdict.expires = NumericClaim(*exp);

    const auto iss = StringMember(claims, "iss");
    if (!iss) return mismatch("iss: missing or not a string");
    const auto issuer = IssuerId(claims);
    if (!issuer) return mismatch("issuer: the credential has no issuer id");
    if (*iss != *issuer)
        return mismatch("iss \"" + *iss + "\" is not the credential's issuer \"" + *issuer + "\"");

    const auto jti = StringMember(claims, "jti");
    if (!jti) return mismatch("jti: missing or not a string");
    const auto id = StringMember(claims, "id");
    if (!id) return mismatch("id: the credential has no id");
    if (*jti != *id) return mismatch("jti \"" + *jti + "\" is not the credential's id \"" + *id + "\"");

    const auto subject = SubjectId(claims);
    const auto sub = claims.find("sub");
    if (subject) {
        if (sub == claims.end() || !sub->is_string()) return mismatch("sub: missing or not a string");
        if (*sub != *subject) {
            return mismatch("sub \"" + sub->get<std::string>() + "\" is not credentialSubject.id \"" +
                            *subject + "\"");
        }
    } else if (sub != claims.end()) {
        return mismatch("sub: the credential subject has no id to match");
    }

    if (claims.find("nbf") == claims.end() || !verdict.not_before)
        return mismatch("nbf: missing or not a NumericDate");
    const auto valid_from = StringMember(claims, "validFrom");
    if (!valid_from) return mismatch("validFrom: missing or not a string");
    auto from_seconds = NumericDateFromDateTime(*valid_from);
    if (!from_seconds) return mismatch("validFrom: " + from_seconds.error().message);
    if (*from_seconds != *verdict.not_before) {
        return mismatch("nbf " + std::to_string(*verdict.not_before) + " is not validFrom \"" + *valid_from +
                        "\" (" + std::to_string(*from_seconds) + ")");
    }
    const auto valid_until = claims.find("validUntil");
    if (claims.contains("exp")) {
        if (!verdict.expires) return mismatch("exp: not a NumericDate");
        if (valid_until == claims.end() || !valid_until->is_string()) {
            return mismatch("exp: the credential has no validUntil to match");
        }
        auto until_seconds = NumericDateFromDateTime(valid_until->get_ref<const std::string&>());
        if (!until_seconds) return mismatch("validUntil: " + until_seconds.error().message);
        if (*until_seconds != *verdict.expires) {
            return mismatch("exp " + std::to_string(*verdict.expires) + " is not validUntil \"" +
                            valid_until->get<std::string>() + "\" (" + std::to_string(*until_seconds) + ")");
        }
    } else if (valid_until != claims.end()) {
        return mismatch("exp: missing while the credential has validUntil");
    }

    json credential = std::move(*payload);
    for (const auto name : kRegisteredClaims) credential.erase(std::string(name));
    verdict.ok = true;
    verdict.reason = JwtReason::kOk;
    verdict.message.clear();
    verdict.credential = std::move(credential);
    return verdict;
}

}  // namespace

std::string_view JwtAlgorithmName(JwtAlgorithm algorithm) {
    return algorithm == JwtAlgorithm::kRs256 ? kRs256 : kEdDsa;
}

// --- RsaKey ----------------------------------------------------------------------------------------

core::Result<RsaKey> RsaKey::FromPrivatePem(std::string_view pem) {
    auto bio = PemBio(pem);
    if (!bio) return core::Fail(bio.error());
    EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio->get(), nullptr, NoPassphrase, nullptr);
    if (!raw) return core::Fail(Invalid("not an unencrypted private key PEM (" + OpenSslError() + ")"));
    auto key = Share(raw);
    auto bits = CheckRsa(raw);
    if (!bits) return core::Fail(bits.error());
    return RsaKey(std::move(key), true, *bits);
}

core::Result<RsaKey> RsaKey::FromPublicPem(std::string_view pem) {
    auto bio = PemBio(pem);
    if (!bio) return core::Fail(bio.error());
    EVP_PKEY* raw = PEM_read_bio_PUBKEY(bio->get(), nullptr, NoPassphrase, nullptr);
    if (!raw) return core::Fail(Invalid("not a public key PEM (" + OpenSslError() + ")"));
    auto key = Share(raw);
    auto bits = CheckRsa(raw);
    if (!bits) return core::Fail(bits.error());
    return RsaKey(std::move(key), false, *bits);
}

core::Result<RsaKey> RsaKey::FromPublicJwk(const json& jwk) {
    if (!jwk.is_object()) return core::Fail(Invalid("JWK: not a JSON object"));
    if (StringMember(jwk, "kty") != "RSA") return core::Fail(Invalid("JWK kty: expected \"RSA\"", "kty"));
    for (const auto name : kPrivateJwkMembers) {
        if (jwk.contains(name)) {
            return core::Fail(
                Invalid("JWK " + std::string(name) + ": a public key must not carry private members",
                        std::string(name)));
        }
    }
    const auto n_text = StringMember(jwk, "n");
    const auto e_text = StringMember(jwk, "e");
    if (!n_text) return core::Fail(Invalid("JWK n: missing or not a string", "n"));
    if (!e_text) return core::Fail(Invalid("JWK e: missing or not a string", "e"));
    if (n_text->size() > (kMaxRsaBits / 8) * 4 / 3 + 4 || e_text->size() > 12) {
        return core::Fail(Invalid("JWK: RSA number too long"));
    }
    auto n = DecodeBase64Url(*n_text, "JWK n");
    if (!n) return core::Fail(n.error());
    auto e = DecodeBase64Url(*e_text, "JWK e");
    if (!e) return core::Fail(e.error());
    if (n->front() == '\0' || e->front() == '\0') {
        return core::Fail(Invalid("JWK: RSA numbers must not have leading zero octets"));
    }
    const auto last_e = static_cast<unsigned char>(e->back());
    if ((last_e & 1) == 0 || (e->size() == 1 && last_e < 3)) {
        return core::Fail(Invalid("JWK e: the public exponent must be odd and at least 3", "e"));
    }
    auto key = RsaFromNumbers(*n, *e);
    if (!key) return core::Fail(key.error());
    auto checked = CheckRsa(key->get());
    if (!checked) return core::Fail(checked.error());
    return RsaKey(std::move(*key), false, *checked);
}

core::Result<RsaKey> RsaKey::FromPrivateJwk(const json& jwk) {
    if (!jwk.is_object()) return core::Fail(Invalid("JWK: not a JSON object"));
    if (StringMember(jwk, "kty") != "RSA") return core::Fail(Invalid("JWK kty: expected \"RSA\"", "kty"));
    if (jwk.contains("oth"))
        return core::Fail(Invalid("JWK oth: keys of more than two primes are not supported"));
    static constexpr std::array<std::pair<std::string_view, const char*>, 8> kMembers = {{
        {"n", OSSL_PKEY_PARAM_RSA_N},
        {"e", OSSL_PKEY_PARAM_RSA_E},
        {"d", OSSL_PKEY_PARAM_RSA_D},
        {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
        {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},
        {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
        {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2},
        {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
    }};
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> builder(OSSL_PARAM_BLD_new());
    if (!builder) return core::Fail(core::Error::Internal("RSA key: " + OpenSslError()));
    std::vector<BnPtr> numbers;
    for (const auto& [name, param] : kMembers) {
        const std::string field(name);
        const auto text = StringMember(jwk, name);
        if (!text) return core::Fail(Invalid("JWK " + field + ": missing or not a string", field));
        if (text->size() > (kMaxRsaBits / 8) * 4 / 3 + 4) {
            return core::Fail(Invalid("JWK " + field + ": number too long", field));
        }
        auto bytes = DecodeBase64Url(*text, "JWK " + field);
        if (!bytes) return core::Fail(bytes.error());
        numbers.emplace_back(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes->data()),
                                       static_cast<int>(bytes->size()), nullptr));
        if (!numbers.back() || !OSSL_PARAM_BLD_push_BN(builder.get(), param, numbers.back().get())) {
            return core::Fail(core::Error::Internal("RSA key: " + OpenSslError()));
        }
    }
    std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(builder.get()));
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_KEYPAIR, params.get()) <= 0) {
        return core::Fail(Invalid("JWK: not an RSA key (" + OpenSslError() + ")"));
    }
    auto key = Share(raw);
    auto bits = CheckRsa(raw);
    if (!bits) return core::Fail(bits.error());
    PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, raw, nullptr));
    if (!check || EVP_PKEY_check(check.get()) != 1) {
        return core::Fail(Invalid("JWK: inconsistent RSA private key (" + OpenSslError() + ")"));
    }
    return RsaKey(std::move(key), true, *bits);
}

std::string RsaKey::PublicPem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1) {
        ERR_clear_error();
        return {};
    }
    return BioText(bio.get());
}

core::Result<std::string> RsaKey::PrivatePem() const {
    if (!has_private_) return core::Fail(Invalid("this RSA key has no private half"));
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return core::Fail(core::Error::Internal("PEM: " + OpenSslError()));
    }
    return BioText(bio.get());
}

json RsaKey::PublicJwk() const {
    const auto [n, e] = RsaPublicNumbers(key_.get());
    return json{{"kty", "RSA"}, {"n", core::Base64UrlEncode(n)}, {"e", core::Base64UrlEncode(e)}};
}

RsaKey RsaKey::PublicOnly() const {
    if (!has_private_) return *this;
    const auto [n, e] = RsaPublicNumbers(key_.get());
    auto key = RsaFromNumbers(n, e);
    // The numbers come from a valid key: rebuilding it cannot fail short of memory exhaustion.
    if (!key) std::terminate();
    return RsaKey(std::move(*key), false, bits_);
}

core::Result<std::string> GenerateRsaKeyPem(int bits) {
    if (bits < kMinRsaBits || bits > kMaxRsaBits || bits % 8 != 0) {
        return core::Fail(Invalid("RSA key size " + std::to_string(bits) +
                                  ": expected a multiple of 8 from " + std::to_string(kMinRsaBits) + " to " +
                                  std::to_string(kMaxRsaBits)));
    }
    EVP_PKEY* raw = EVP_RSA_gen(static_cast<unsigned int>(bits));
    if (!raw) return core::Fail(core::Error::Internal("RSA key generation: " + OpenSslError()));
    auto key = Share(raw);
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), raw, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return core::Fail(core::Error::Internal("PEM: " + OpenSslError()));
    }
    return BioText(bio.get());
}

// --- keys ------------------------------------------------------------------------------------------

JwtAlgorithm AlgorithmOf(const JwtSigningKey& key) {
    return std::holds_alternative<RsaKey>(key) ? JwtAlgorithm::kRs256 : JwtAlgorithm::kEdDsa;
}

JwtAlgorithm AlgorithmOf(const JwtPublicKey& key) {
    return std::holds_alternative<RsaKey>(key) ? JwtAlgorithm::kRs256 : JwtAlgorithm::kEdDsa;
}

JwtPublicKey PublicKeyOf(const JwtSigningKey& key) {
    if (const auto* rsa = std::get_if<RsaKey>(&key)) return rsa->PublicOnly();
    return std::get<Ed25519SecretKey>(key).PublicKey();
}

json PublicJwk(const JwtPublicKey& key) {
    if (const auto* rsa = std::get_if<RsaKey>(&key)) return rsa->PublicJwk();
    const auto& ed = std::get<Ed25519PublicKey>(key);
    return json{
        {"kty", "OKP"}, {"crv", "Ed25519"}, {"x", core::Base64UrlEncode(AsChars(ed.data(), ed.size()))}};
}

core::Result<JwtPublicKey> ParsePublicJwk(const json& jwk) {
    if (!jwk.is_object()) return core::Fail(Invalid("JWK: not a JSON object"));
    for (const auto& [name, value] : jwk.items()) {
        const bool known = name == "kty" || name == "n" || name == "e" || name == "crv" || name == "x" ||
                           name == "kid" || name == "alg" || name == "use" || name == "key_ops";
        const bool is_private =
            std::find(kPrivateJwkMembers.begin(), kPrivateJwkMembers.end(), name) != kPrivateJwkMembers.end();
        if (is_private) {
            return core::Fail(Invalid("JWK " + name + ": a public key must not carry private members", name));
        }
        if (!known) return core::Fail(Invalid("JWK " + name + ": unknown member", name));
    }
    const auto kty = StringMember(jwk, "kty");
    if (kty == "RSA") {
        auto rsa = RsaKey::FromPublicJwk(jwk);
        if (!rsa) return core::Fail(rsa.error());
        return JwtPublicKey(std::move(*rsa));
    }
    if (kty != "OKP") return core::Fail(Invalid("JWK kty: expected \"RSA\" or \"OKP\"", "kty"));
    if (StringMember(jwk, "crv") != "Ed25519")
        return core::Fail(Invalid("JWK crv: expected \"Ed25519\"", "crv"));
    const auto x_text = StringMember(jwk, "x");
    if (!x_text) return core::Fail(Invalid("JWK x: missing or not a string", "x"));
    if (x_text->size() != 43)
        return core::Fail(Invalid("JWK x: an Ed25519 key is 32 bytes (43 characters)", "x"));
    auto x = DecodeBase64Url(*x_text, "JWK x");
    if (!x) return core::Fail(x.error());
    Ed25519PublicKey key{};
    std::copy(x->begin(), x->end(), reinterpret_cast<char*>(key.data()));
    return JwtPublicKey(key);
}

std::string JwkThumbprint(const JwtPublicKey& key) {
    // The required members in lexicographic order, no whitespace (RFC 7638 §3.2): what
    // nlohmann::json's sorted dump of PublicJwk gives.
    const std::string text = PublicJwk(key).dump();
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr);
    return core::Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), size));
}

// --- JWS -------------------------------------------------------------------------------------------

core::Result<std::string> SignJws(std::string_view signing_input, const JwtSigningKey& key) {
    std::shared_ptr<evp_pkey_st> pkey;
    const EVP_MD* md = nullptr;
    if (const auto* rsa = std::get_if<RsaKey>(&key)) {
        if (!rsa->HasPrivate())
            return core::Fail(Invalid("RS256 needs an RSA private key, this one is public"));
        pkey = std::shared_ptr<evp_pkey_st>(std::shared_ptr<void>(), rsa->Handle());
        md = EVP_sha256();
    } else {
        pkey = Ed25519Private(std::get<Ed25519SecretKey>(key));
    }
    MdCtxPtr ctx(EVP_MD_CTX_new());
    std::size_t size = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(signing_input.data());
    if (!pkey || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, pkey.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &size, data, signing_input.size()) != 1) {
        return core::Fail(core::Error::Internal("JWS signing: " + OpenSslError()));
    }
    std::string signature(size, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, data,
                       signing_input.size()) != 1) {
        return core::Fail(core::Error::Internal("JWS signing: " + OpenSslError()));
    }
    signature.resize(size);
    return signature;
}

bool VerifyJwsSignature(std::string_view signing_input, std::string_view signature, const JwtPublicKey& key) {
    std::shared_ptr<evp_pkey_st> pkey;
    const EVP_MD* md = nullptr;
    if (const auto* rsa = std::get_if<RsaKey>(&key)) {
        if (signature.size() != static_cast<std::size_t>((rsa->Bits() + 7) / 8)) return false;
        pkey = std::shared_ptr<evp_pkey_st>(std::shared_ptr<void>(), rsa->Handle());
        md = EVP_sha256();
    } else {
        if (signature.size() != 64) return false;
        pkey = Ed25519Public(std::get<Ed25519PublicKey>(key));
    }
    MdCtxPtr ctx(EVP_MD_CTX_new());
    const bool ok =
        pkey && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, pkey.get()) == 1 &&
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                         signature.size(), reinterpret_cast<const unsigned char*>(signing_input.data()),
                         signing_input.size()) == 1;
    ERR_clear_error();
    return ok;
}

// --- VC-JWT ----------------------------------------------------------------------------------------

core::Result<std::int64_t> NumericDateFromDateTime(std::string_view text) {
    if (!IsXmlDateTime(text, true)) {
        return core::Fail(Invalid("\"" + Shown(text, 64) +
                                  "\" is not an XMLSchema dateTimeStamp (e.g. 2026-11-23T10:00:00Z)"));
    }
    // IsXmlDateTime guarantees the shape; only 4-digit years 0001..9999 are NumericDates here.
    if (text[0] == '-' || text[4] != '-') {
        return core::Fail(Invalid("\"" + Shown(text, 64) + "\": year outside 0001..9999"));
    }
    auto number = [&](std::size_t pos, std::size_t count) {
        int value = 0;
        for (std::size_t i = pos; i < pos + count; ++i) value = value * 10 + (text[i] - '0');
        return value;
    };
    const int year = number(0, 4);
    if (year == 0) return core::Fail(Invalid("\"" + std::string(text) + "\": year 0000 is not a year"));
    const auto month = static_cast<unsigned>(number(5, 2));
    const auto day = static_cast<unsigned>(number(8, 2));
    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                           std::chrono::day{day}};
    if (!date.ok()) return core::Fail(Invalid("\"" + std::string(text) + "\": no such day"));
    std::int64_t seconds = std::chrono::sys_days(date).time_since_epoch().count() * 86'400LL;
    seconds += number(11, 2) * 3600LL + number(14, 2) * 60LL + number(17, 2);
    std::size_t pos = 19;
    if (text[pos] == '.') {
        ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    }
    if (text[pos] != 'Z') {
        const std::int64_t offset = number(pos + 1, 2) * 3600LL + number(pos + 4, 2) * 60LL;
        seconds += text[pos] == '+' ? -offset : offset;
    }
    return seconds;
}

core::Result<std::string> SignJwt(const json& credential, const JwtSigningKey& key, std::string_view kid) {
    if (!credential.is_object()) return core::Fail(Invalid("the credential is not a JSON object"));
    for (const auto name : kRegisteredClaims) {
        if (credential.contains(name)) {
            return core::Fail(
                Invalid("the credential has a member named like the JWT claim \"" + std::string(name) + "\"",
                        std::string(name)));
        }
    }
    const auto id = StringMember(credential, "id");
    if (!id || !IsAbsoluteUri(*id)) {
        return core::Fail(Invalid("id: missing or not an absolute URI (it becomes the jti claim)", "id"));
    }
    const auto issuer = IssuerId(credential);
    if (!issuer || !IsAbsoluteUri(*issuer)) {
        return core::Fail(
            Invalid("issuer: no issuer id that is an absolute URI (it becomes the iss claim)", "issuer"));
    }
    const auto valid_from = StringMember(credential, "validFrom");
    if (!valid_from) return core::Fail(Invalid("validFrom: missing or not a string", "validFrom"));
    auto nbf = NumericDateFromDateTime(*valid_from);
    if (!nbf) return core::Fail(Invalid("validFrom: " + nbf.error().message, "validFrom"));
    std::optional<std::int64_t> exp;
    if (const auto until = credential.find("validUntil"); until != credential.end()) {
        if (!until->is_string()) return core::Fail(Invalid("validUntil: not a string", "validUntil"));
        auto seconds = NumericDateFromDateTime(until->get_ref<const std::string&>());
        if (!seconds) return core::Fail(Invalid("validUntil: " + seconds.error().message, "validUntil"));
        exp = *seconds;
    }
    const auto subject = SubjectId(credential);
    if (subject && !IsAbsoluteUri(*subject)) {
        return core::Fail(Invalid("credentialSubject.id: not an absolute URI", "credentialSubject.id"));
    }
    if (!kid.empty() && (kid.size() > kMaxKidChars || !IsAbsoluteUri(kid))) {
        return core::Fail(Invalid(
            "kid: not an absolute URL of at most " + std::to_string(kMaxKidChars) + " characters", "kid"));
    }
    if (const auto* rsa = std::get_if<RsaKey>(&key); rsa && !rsa->HasPrivate()) {
        return core::Fail(Invalid("RS256 needs an RSA private key, this one is public"));
    }

    json header = {{"alg", std::string(JwtAlgorithmName(AlgorithmOf(key)))}, {"typ", "JWT"}};
    if (kid.empty()) {
        header["jwk"] = PublicJwk(PublicKeyOf(key));
    } else {
        header["kid"] = std::string(kid);
    }
    json payload = credential;
    payload["iss"] = *issuer;
    payload["jti"] = *id;
    payload["nbf"] = *nbf;
    if (exp) payload["exp"] = *exp;
    if (subject) payload["sub"] = *subject;

    std::string payload_text;
    try {
        payload_text = payload.dump();
    } catch (const json::exception& e) {
        return core::Fail(Invalid(std::string("the credential cannot be serialized: ") + e.what()));
    }
    std::string token = core::Base64UrlEncode(header.dump());
    token.push_back('.');
    token += core::Base64UrlEncode(payload_text);
    if (token.size() + 1 + 1366 > kMaxJwtBytes) {
        return core::Fail(Invalid("the token would be over " + std::to_string(kMaxJwtBytes) + " bytes"));
    }
    auto signature = SignJws(token, key);
    if (!signature) return core::Fail(signature.error());
    token.push_back('.');
    token += core::Base64UrlEncode(*signature);
    return token;
}

JwtKeyResolver JwtDidKeyResolver() {
    return [](std::string_view kid, const json& /*header*/) -> core::Result<JwtPublicKey> {
        if (kid.empty()) return core::Fail(Invalid("no kid to resolve (only did:key kids are resolved)"));
        auto key = ParseDidKey(kid);
        if (!key) return core::Fail(key.error());
        return JwtPublicKey(*key);
    };
}

std::string_view JwtReasonName(JwtReason reason) {
    switch (reason) {
        case JwtReason::kOk:
            return "ok";
        case JwtReason::kMalformed:
            return "malformed";
        case JwtReason::kUnsupportedAlg:
            return "unsupported_alg";
        case JwtReason::kKeyUnresolved:
            return "key_unresolved";
        case JwtReason::kSignatureInvalid:
            return "signature_invalid";
        case JwtReason::kClaimsMismatch:
            return "claims_mismatch";
    }
    return "unknown";
}

JwtVerdict VerifyJwt(std::string_view compact, const JwtKeyResolver& resolve) {
    try {
        return VerifyChecked(compact, resolve);
    } catch (const std::exception& e) {
        // nlohmann or allocation failures: report, never throw.
        JwtVerdict verdict;
        verdict.message = std::string("verification failed: ") + e.what();
        return verdict;
    }
}

}  // namespace passeur::credential
