// VC-JWT: the published JWS vectors (RFC 7515 Appendix A.2 RS256, RFC 8037 Appendix A Ed25519:
// key, thumbprint, signature) reproduced byte for byte, then signing and verifying Open Badges
// credentials: the token's shape, tampering, alg confusion, strict parsing and the claims.
#include "credential/jwt.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/encoding.hpp"
#include "credential/did.hpp"
#include "credential/ed25519.hpp"

namespace passeur::credential {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kData = fs::path(PASSEUR_CREDENTIAL_TEST_DATA_DIR);

json ObCredential() {
    std::ifstream in(kData / "jsonld" / "openbadges" / "ob-credential.json", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
}

std::string B64(std::string_view text) { return core::Base64UrlEncode(text); }
std::string Unb64(std::string_view text) { return core::Base64UrlDecode(text).value_or("<bad base64url>"); }

// --- RFC 7515 Appendix A.2: RS256 -----------------------------------------------------------------

// The RSA key of RFC 7515 A.2.1 (JWK), the JWS Signing Input and the signature of A.2.1.
const json kRfc7515Key = {
    {"kty", "RSA"},
    {"n",
     "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-"
     "SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-"
     "KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-"
     "DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"},
    {"e", "AQAB"},
    {"d",
     "Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-"
     "7YwVol2NXOoAJe46sui395IW_"
     "GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_"
     "0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_"
     "RQyGWSeWjnczT0QU91p1DhOVRuOopznQ"},
    {"p",
     "4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_"
     "Py5PJdTJNPY8cQn7ouZ2KKDcmnPG"
     "BY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc"},
    {"q",
     "uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_"
     "YwD66t62wDmpe_HlB-"
     "TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc"},
    {"dp",
     "BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-"
     "FOKnu1R6HsJeDCjn12Sk3vmAktV2zb"
     "34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0"},
    {"dq",
     "h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-"
     "NKJnwgjMd2w9cjz3_-"
     "kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU"},
    {"qi",
     "IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_"
     "QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLU"
     "W0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U"},
};
constexpr std::string_view kRfc7515Header = "eyJhbGciOiJSUzI1NiJ9";
constexpr std::string_view kRfc7515Payload =
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
constexpr std::string_view kRfc7515Signature =
    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_"
    "O8W2Fp5jujGbds9uJdbF9CUAr7t"
    "1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_"
    "dO--"
    "xi12jzDwusC-"
    "eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_"
    "IoypGlUPQGe77Rw";

RsaKey Rfc7515Key() {
    auto key = RsaKey::FromPrivateJwk(kRfc7515Key);
    EXPECT_TRUE(key.has_value()) << key.error().message;
    return *key;
}

TEST(JwsVectors, Rfc7515AppendixA2Rs256) {
    // The header and payload texts of A.2.1 (the payload's CR LF kept).
    EXPECT_EQ(Unb64(kRfc7515Header), R"({"alg":"RS256"})");
    EXPECT_EQ(Unb64(kRfc7515Payload),
              "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}");
    const RsaKey key = Rfc7515Key();
    EXPECT_TRUE(key.HasPrivate());
    EXPECT_EQ(key.Bits(), 2048);
    const std::string input = std::string(kRfc7515Header) + "." + std::string(kRfc7515Payload);
    auto signature = SignJws(input, JwtSigningKey(key));
    ASSERT_TRUE(signature.has_value()) << signature.error().message;
    EXPECT_EQ(B64(*signature), kRfc7515Signature);
    // The first bytes as printed in A.2.1: 112, 46, 33, 137, 67, 232.
    ASSERT_GE(signature->size(), 6u);
    EXPECT_EQ(static_cast<unsigned char>((*signature)[0]), 112);
    EXPECT_EQ(static_cast<unsigned char>((*signature)[5]), 232);

    // A.2.2: validation with the public key only, from the public JWK and from PEM.
    json public_jwk = {{"kty", "RSA"}, {"n", kRfc7515Key["n"]}, {"e", "AQAB"}};
    EXPECT_EQ(key.PublicJwk(), public_jwk);
    auto from_jwk = RsaKey::FromPublicJwk(public_jwk);
    ASSERT_TRUE(from_jwk.has_value()) << from_jwk.error().message;
    EXPECT_FALSE(from_jwk->HasPrivate());
    auto from_pem = RsaKey::FromPublicPem(key.PublicPem());
    ASSERT_TRUE(from_pem.has_value()) << from_pem.error().message;
    for (const RsaKey& verifier : {*from_jwk, *from_pem, key.PublicOnly()}) {
        EXPECT_TRUE(VerifyJwsSignature(input, *signature, JwtPublicKey(verifier)));
        EXPECT_FALSE(VerifyJwsSignature(input + "x", *signature, JwtPublicKey(verifier)));
        std::string flipped = *signature;
        flipped[100] = static_cast<char>(flipped[100] ^ 1);
        EXPECT_FALSE(VerifyJwsSignature(input, flipped, JwtPublicKey(verifier)));
        EXPECT_FALSE(VerifyJwsSignature(input, signature->substr(1), JwtPublicKey(verifier)));
    }
    // The private key survives a PKCS#8 PEM round trip and still signs the same bytes.
    auto pem = key.PrivatePem();
    ASSERT_TRUE(pem.has_value());
    EXPECT_NE(pem->find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
    auto reread = RsaKey::FromPrivatePem(*pem);
    ASSERT_TRUE(reread.has_value()) << reread.error().message;
    EXPECT_EQ(B64(SignJws(input, JwtSigningKey(*reread)).value()), kRfc7515Signature);
    // A public key cannot sign.
    EXPECT_FALSE(SignJws(input, JwtSigningKey(key.PublicOnly())).has_value());
    EXPECT_FALSE(key.PublicOnly().PrivatePem().has_value());
}

TEST(JwsVectors, Rfc7515TokenIsAJwsButNotAVcJwt) {
    // The whole A.2 token verifies as a JWS; as a VC-JWT its header names no key (no kid, no
    // jwk) and its payload is no credential.
    const std::string token = std::string(kRfc7515Header) + "." + std::string(kRfc7515Payload) + "." +
                              std::string(kRfc7515Signature);
    const JwtPublicKey key(Rfc7515Key().PublicOnly());
    auto resolver = [&](std::string_view, const json&) -> core::Result<JwtPublicKey> { return key; };
    const JwtVerdict no_key = VerifyJwt(token, resolver);
    EXPECT_EQ(no_key.reason, JwtReason::kMalformed) << no_key.message;
    EXPECT_NE(no_key.message.find("neither kid nor jwk"), std::string::npos) << no_key.message;
}

// --- RFC 8037 Appendix A: Ed25519 -----------------------------------------------------------------

constexpr std::string_view kRfc8037D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
constexpr std::string_view kRfc8037X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
constexpr std::string_view kRfc8037Thumbprint = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
constexpr std::string_view kRfc8037Header = "eyJhbGciOiJFZERTQSJ9";
constexpr std::string_view kRfc8037Payload = "RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
constexpr std::string_view kRfc8037Signature =
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

Ed25519SecretKey Rfc8037Key() {
    const std::string seed = Unb64(kRfc8037D);
    std::array<std::uint8_t, 32> bytes{};
    EXPECT_EQ(seed.size(), 32u);
    std::copy(seed.begin(), seed.end(), reinterpret_cast<char*>(bytes.data()));
    return Ed25519SecretKey(bytes);
}

TEST(JwsVectors, Rfc8037AppendixAEd25519) {
    const Ed25519SecretKey key = Rfc8037Key();
    // A.1 / A.2: the public key of the seed, as an OKP JWK.
    const JwtPublicKey public_key = PublicKeyOf(JwtSigningKey(key));
    EXPECT_EQ(PublicJwk(public_key), (json{{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", kRfc8037X}}));
    // A.3: the RFC 7638 thumbprint.
    EXPECT_EQ(JwkThumbprint(public_key), kRfc8037Thumbprint);
    // A.4: the signature of "Example of Ed25519 signing" under {"alg":"EdDSA"}.
    EXPECT_EQ(Unb64(kRfc8037Header), R"({"alg":"EdDSA"})");
    EXPECT_EQ(Unb64(kRfc8037Payload), "Example of Ed25519 signing");
    const std::string input = std::string(kRfc8037Header) + "." + std::string(kRfc8037Payload);
    auto signature = SignJws(input, JwtSigningKey(key));
    ASSERT_TRUE(signature.has_value()) << signature.error().message;
    EXPECT_EQ(B64(*signature), kRfc8037Signature);
    // libsodium signs the same bytes (Ed25519 is deterministic).
    const Ed25519Signature sodium = key.Sign(input);
    EXPECT_EQ(B64(std::string_view(reinterpret_cast<const char*>(sodium.data()), sodium.size())),
              kRfc8037Signature);
    // A.5: validation, from the public JWK.
    auto parsed = ParsePublicJwk(json{{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", kRfc8037X}});
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_TRUE(VerifyJwsSignature(input, *signature, *parsed));
    EXPECT_FALSE(VerifyJwsSignature(input + ".", *signature, *parsed));
    EXPECT_FALSE(VerifyJwsSignature(input, signature->substr(0, 63), *parsed));
}

// --- keys -----------------------------------------------------------------------------------------

TEST(JwtKeys, RsaGenerationPemAndJwk) {
    auto pem = GenerateRsaKeyPem(2048);
    ASSERT_TRUE(pem.has_value()) << pem.error().message;
    auto key = RsaKey::FromPrivatePem(*pem);
    ASSERT_TRUE(key.has_value()) << key.error().message;
    EXPECT_EQ(key->Bits(), 2048);
    const json jwk = key->PublicJwk();
    EXPECT_EQ(jwk["kty"], "RSA");
    EXPECT_EQ(jwk["e"], "AQAB");
    EXPECT_FALSE(jwk.contains("d"));
    EXPECT_EQ(Unb64(jwk["n"].get<std::string>()).size(), 256u);
    auto back = ParsePublicJwk(jwk);
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(PublicJwk(*back), jwk);
    EXPECT_EQ(JwkThumbprint(*back), JwkThumbprint(PublicKeyOf(JwtSigningKey(*key))));

    for (int bits : {1024, 2047, 2049, 16384}) EXPECT_FALSE(GenerateRsaKeyPem(bits).has_value()) << bits;
    EXPECT_FALSE(RsaKey::FromPrivatePem("not a pem").has_value());
    EXPECT_FALSE(RsaKey::FromPublicPem(*pem).has_value());  // a private PEM is no public PEM
    EXPECT_FALSE(RsaKey::FromPrivatePem(std::string(70'000, 'A')).has_value());
}

TEST(JwtKeys, WeakAndForeignKeysAreRefused) {
    // A 1024-bit modulus: sizes under 2048 bits never make an RsaKey.
    const std::string n1024 = B64(std::string(127, '\xc5') + "\x01");
    auto small = RsaKey::FromPublicJwk(json{{"kty", "RSA"}, {"n", n1024}, {"e", "AQAB"}});
    ASSERT_FALSE(small.has_value());
    EXPECT_NE(small.error().message.find("1024 bits"), std::string::npos) << small.error().message;

    const json good = Rfc7515Key().PublicJwk();
    auto with = [&](const std::string& name, const json& value) {
        json jwk = good;
        jwk[name] = value;
        return jwk;
    };
    EXPECT_FALSE(ParsePublicJwk(with("d", kRfc7515Key["d"])).has_value());  // private member
    EXPECT_FALSE(ParsePublicJwk(with("e", "AAEAAQ")).has_value());          // leading zero
    EXPECT_FALSE(ParsePublicJwk(with("e", "AQAC")).has_value());            // even exponent
    EXPECT_FALSE(ParsePublicJwk(with("e", "AQ")).has_value());              // e = 1
    EXPECT_FALSE(ParsePublicJwk(with("n", "AA" + good["n"].get<std::string>())).has_value());
    EXPECT_FALSE(ParsePublicJwk(with("n", good["n"].get<std::string>() + "=")).has_value());  // padding
    EXPECT_FALSE(ParsePublicJwk(with("kty", "EC")).has_value());
    EXPECT_FALSE(ParsePublicJwk(with("x5c", json::array())).has_value());  // unknown member
    EXPECT_TRUE(ParsePublicJwk(with("kid", "https://example.edu/keys#1")).has_value());
    EXPECT_FALSE(ParsePublicJwk(json{{"kty", "OKP"}, {"crv", "X25519"}, {"x", kRfc8037X}}).has_value());
    EXPECT_FALSE(
        ParsePublicJwk(json{{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", kRfc8037X.substr(1)}}).has_value());
    EXPECT_FALSE(ParsePublicJwk(json{{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", kRfc8037X}, {"d", kRfc8037D}})
                     .has_value());
    EXPECT_FALSE(ParsePublicJwk(json::array()).has_value());

    // The RFC key with one CRT member changed is inconsistent.
    json broken = kRfc7515Key;
    std::string qi = broken["qi"].get<std::string>();
    qi[5] = qi[5] == 'A' ? 'B' : 'A';
    broken["qi"] = qi;
    EXPECT_FALSE(RsaKey::FromPrivateJwk(broken).has_value());
}

// --- VC-JWT ---------------------------------------------------------------------------------------

struct Signer {
    JwtSigningKey key;
    std::string kid;
};

Signer EdSigner() {
    const Ed25519SecretKey key = Rfc8037Key();
    return {JwtSigningKey(key), DidKeyVerificationMethod(key.PublicKey())};
}

Signer RsaSigner() { return {JwtSigningKey(Rfc7515Key()), "https://example.edu/issuers/565049#rsa-1"}; }

// Resolves exactly one kid to one key.
JwtKeyResolver Pinned(const std::string& kid, const JwtPublicKey& key) {
    return [kid, key](std::string_view asked, const json&) -> core::Result<JwtPublicKey> {
        if (asked != kid) return core::Fail(core::Error::NotFound("unknown kid"));
        return key;
    };
}

JwtKeyResolver ResolverFor(const Signer& signer) { return Pinned(signer.kid, PublicKeyOf(signer.key)); }

json DecodePart(const std::string& token, int index) {
    std::size_t start = 0;
    for (int i = 0; i < index; ++i) start = token.find('.', start) + 1;
    const std::size_t end = token.find('.', start);
    return json::parse(
        Unb64(token.substr(start, end == std::string::npos ? std::string::npos : end - start)));
}

// The token with its part `index` replaced by the base64url of `text` (not re-signed).
std::string ReplacePart(const std::string& token, int index, const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t dot; (dot = token.find('.', start)) != std::string::npos; start = dot + 1) {
        parts.push_back(token.substr(start, dot - start));
    }
    parts.push_back(token.substr(start));
    parts[static_cast<std::size_t>(index)] = B64(text);
    return parts[0] + "." + parts[1] + "." + parts[2];
}

// Signs `header` and `payload` (JSON texts) with the RFC 8037 key, as an attacker holding a
// trusted key would build a token by hand.
std::string HandMade(const std::string& header, const std::string& payload) {
    const std::string input = B64(header) + "." + B64(payload);
    return input + "." + B64(SignJws(input, JwtSigningKey(Rfc8037Key())).value());
}

TEST(VcJwt, SignsTheCredentialWithItsClaims) {
    json credential = ObCredential();
    credential["validUntil"] = "2030-01-01T00:00:00+01:00";
    for (const Signer& signer : {EdSigner(), RsaSigner()}) {
        auto token = SignJwt(credential, signer.key, signer.kid);
        ASSERT_TRUE(token.has_value()) << token.error().message;
        EXPECT_EQ(std::count(token->begin(), token->end(), '.'), 2);
        const json header = DecodePart(*token, 0);
        const bool rsa = std::holds_alternative<RsaKey>(signer.key);
        EXPECT_EQ(header, (json{{"alg", rsa ? "RS256" : "EdDSA"}, {"typ", "JWT"}, {"kid", signer.kid}}));
        const json payload = DecodePart(*token, 1);
        EXPECT_EQ(payload["iss"], "https://example.edu/issuers/565049");
        EXPECT_EQ(payload["jti"], "http://example.com/credentials/3527");
        EXPECT_EQ(payload["sub"], "did:example:ebfeb1f712ebc6f1c276e12ec21");
        EXPECT_EQ(payload["nbf"], 1262304000);  // 2010-01-01T00:00:00Z
        EXPECT_EQ(payload["exp"], 1893452400);  // 2029-12-31T23:00:00Z
        EXPECT_FALSE(payload.contains("vc"));   // OB 3.0 / VCDM 2.0: the credential is the payload
        json members = payload;
        for (const char* claim : {"iss", "jti", "sub", "nbf", "exp"}) members.erase(claim);
        EXPECT_EQ(members, credential);

        const JwtVerdict verdict = VerifyJwt(*token, ResolverFor(signer));
        EXPECT_TRUE(verdict.ok) << JwtReasonName(verdict.reason) << ": " << verdict.message;
        EXPECT_EQ(verdict.credential, credential);
        EXPECT_EQ(verdict.alg, rsa ? "RS256" : "EdDSA");
        EXPECT_EQ(verdict.kid, signer.kid);
        EXPECT_EQ(verdict.not_before, 1262304000);
        EXPECT_EQ(verdict.expires, 1893452400);
    }
    // Ed25519 is deterministic: the same credential gives the same token.
    EXPECT_EQ(SignJwt(credential, EdSigner().key, EdSigner().kid).value(),
              SignJwt(credential, EdSigner().key, EdSigner().kid).value());
}

TEST(VcJwt, DidKeyResolverAndEmbeddedJwk) {
    const Signer signer = EdSigner();
    auto token = SignJwt(ObCredential(), signer.key, signer.kid);
    ASSERT_TRUE(token.has_value());
    EXPECT_TRUE(VerifyJwt(*token, JwtDidKeyResolver()).ok);

    // Without a kid the public key travels in the header; trusting it is the resolver's choice.
    for (const JwtSigningKey& key : {signer.key, RsaSigner().key}) {
        auto with_jwk = SignJwt(ObCredential(), key, "");
        ASSERT_TRUE(with_jwk.has_value()) << with_jwk.error().message;
        const json header = DecodePart(*with_jwk, 0);
        EXPECT_FALSE(header.contains("kid"));
        EXPECT_EQ(header["jwk"], PublicJwk(PublicKeyOf(key)));
        EXPECT_FALSE(header["jwk"].contains("d"));
        EXPECT_EQ(VerifyJwt(*with_jwk, JwtDidKeyResolver()).reason, JwtReason::kKeyUnresolved);
        auto trust_header = [](std::string_view, const json& h) { return ParsePublicJwk(h.at("jwk")); };
        const JwtVerdict verdict = VerifyJwt(*with_jwk, trust_header);
        EXPECT_TRUE(verdict.ok) << verdict.message;
    }

    // A header jwk that is not the key the kid resolves to is refused.
    const json header = {{"alg", "EdDSA"},
                         {"kid", signer.kid},
                         {"jwk", PublicJwk(PublicKeyOf(JwtSigningKey(GenerateEd25519SecretKey())))}};
    const json payload = DecodePart(*token, 1);
    const JwtVerdict mixed = VerifyJwt(HandMade(header.dump(), payload.dump()), JwtDidKeyResolver());
    EXPECT_EQ(mixed.reason, JwtReason::kKeyUnresolved) << mixed.message;
}

TEST(VcJwt, TamperingInvalidatesTheSignature) {
    for (const Signer& signer : {EdSigner(), RsaSigner()}) {
        const std::string token = SignJwt(ObCredential(), signer.key, signer.kid).value();
        const JwtKeyResolver resolver = ResolverFor(signer);
        ASSERT_TRUE(VerifyJwt(token, resolver).ok);
        // Any change of the payload: a field of the credential, a claim.
        json payload = DecodePart(token, 1);
        for (const auto& [path, value] :
             std::vector<std::pair<std::string, json>>{{"/name", "Teamwork Badge!"},
                                                       {"/credentialSubject/achievement/name", "Leadership"},
                                                       {"/validFrom", "2009-01-01T00:00:00Z"},
                                                       {"/nbf", 1230768000},
                                                       {"/issuer/name", "Evil Corp"}}) {
            json changed = payload;
            changed[json::json_pointer(path)] = value;
            const JwtVerdict verdict = VerifyJwt(ReplacePart(token, 1, changed.dump()), resolver);
            EXPECT_EQ(verdict.reason, JwtReason::kSignatureInvalid) << path << ": " << verdict.message;
            EXPECT_FALSE(verdict.ok);
            EXPECT_TRUE(verdict.credential.is_null());
        }
        // The header (same key, typ dropped), and the signature's bits.
        json header = DecodePart(token, 0);
        header.erase("typ");
        EXPECT_EQ(VerifyJwt(ReplacePart(token, 0, header.dump()), resolver).reason,
                  JwtReason::kSignatureInvalid);
        std::string signature = Unb64(token.substr(token.rfind('.') + 1));
        for (std::size_t byte : {std::size_t{0}, signature.size() / 2, signature.size() - 1}) {
            std::string flipped = signature;
            flipped[byte] = static_cast<char>(flipped[byte] ^ 0x01);
            EXPECT_EQ(VerifyJwt(ReplacePart(token, 2, flipped), resolver).reason,
                      JwtReason::kSignatureInvalid);
        }
        EXPECT_EQ(VerifyJwt(ReplacePart(token, 2, signature.substr(1)), resolver).reason,
                  JwtReason::kSignatureInvalid);
        // Another key of the same type.
        const JwtPublicKey other =
            std::holds_alternative<RsaKey>(signer.key)
                ? JwtPublicKey(RsaKey::FromPrivatePem(GenerateRsaKeyPem().value())->PublicOnly())
                : JwtPublicKey(GenerateEd25519SecretKey().PublicKey());
        EXPECT_EQ(VerifyJwt(token, Pinned(signer.kid, other)).reason, JwtReason::kSignatureInvalid);
    }
}

TEST(VcJwt, AlgorithmConfusionIsRefused) {
    const Signer ed = EdSigner();
    const Signer rsa = RsaSigner();
    const std::string token = SignJwt(ObCredential(), ed.key, ed.kid).value();
    json header = DecodePart(token, 0);
    const std::string payload = DecodePart(token, 1).dump();

    // alg none, with or without a signature, and unknown algorithms.
    for (const char* alg : {"none", "None", "HS256", "ES256", "PS256", "RS512", "Ed25519", ""}) {
        json changed = header;
        changed["alg"] = alg;
        const std::string unsigned_token = B64(changed.dump()) + "." + B64(payload) + ".";
        EXPECT_EQ(VerifyJwt(unsigned_token, ResolverFor(ed)).reason, JwtReason::kMalformed)
            << alg;  // empty signature
        const JwtVerdict verdict = VerifyJwt(HandMade(changed.dump(), payload), ResolverFor(ed));
        EXPECT_EQ(verdict.reason, JwtReason::kUnsupportedAlg) << alg << ": " << verdict.message;
    }
    header["alg"] = 256;
    EXPECT_EQ(VerifyJwt(HandMade(header.dump(), payload), ResolverFor(ed)).reason, JwtReason::kMalformed);

    // alg RS256 with the Ed25519 key the kid names, and EdDSA with an RSA key: the key must fit alg.
    json rs_header = DecodePart(token, 0);
    rs_header["alg"] = "RS256";
    const JwtVerdict rs_with_ed = VerifyJwt(HandMade(rs_header.dump(), payload), ResolverFor(ed));
    EXPECT_EQ(rs_with_ed.reason, JwtReason::kKeyUnresolved) << rs_with_ed.message;
    EXPECT_NE(rs_with_ed.message.find("Ed25519"), std::string::npos) << rs_with_ed.message;
    const std::string rsa_token = SignJwt(ObCredential(), rsa.key, rsa.kid).value();
    json ed_header = DecodePart(rsa_token, 0);
    ed_header["alg"] = "EdDSA";
    const JwtVerdict ed_with_rsa =
        VerifyJwt(ReplacePart(rsa_token, 0, ed_header.dump()), Pinned(rsa.kid, PublicKeyOf(rsa.key)));
    EXPECT_EQ(ed_with_rsa.reason, JwtReason::kKeyUnresolved) << ed_with_rsa.message;
}

TEST(VcJwt, StrictCompactSerialization) {
    const Signer signer = EdSigner();
    const JwtKeyResolver resolver = ResolverFor(signer);
    const std::string token = SignJwt(ObCredential(), signer.key, signer.kid).value();
    auto reason = [&](const std::string& text) { return VerifyJwt(text, resolver).reason; };
    EXPECT_EQ(reason(token), JwtReason::kOk);
    const auto last = token.rfind('.');
    for (const std::string& bad : {
             std::string(), std::string("."), std::string(".."), token.substr(0, last),  // two parts
             token + ".",                                                                // four parts
             token + "." + token.substr(last + 1),                                       // four parts
             "." + token.substr(token.find('.') + 1),                                    // empty header
             token.substr(0, token.find('.')) + ".." + token.substr(last + 1),           // empty payload
             token + "=",                                                                // padding
             token + "==",                                                               //
             " " + token,                                                                // whitespace
             token + "\n",                                                               //
             token.substr(0, last + 1) + "+" + token.substr(last + 2),  // base64, not base64url
             token.substr(0, 5) + "/" + token.substr(6),                //
             token.substr(0, last + 1) + token.substr(last + 1, 85),    // 85 chars: bad length
         }) {
        const JwtVerdict verdict = VerifyJwt(bad, resolver);
        EXPECT_EQ(verdict.reason, JwtReason::kMalformed) << bad.substr(0, 40) << "...: " << verdict.message;
        EXPECT_FALSE(verdict.ok);
    }
    // A non-canonical last character (unused bits set): 'B' instead of 'A' after 'g' of a 64-byte
    // signature's 86th character would decode to the same bytes with some decoders.
    std::string signature = token.substr(last + 1);
    ASSERT_EQ(signature.size(), 86u);
    const char last_char = signature.back();
    const std::string alphabet = "AQgw";  // values whose low 4 bits are zero
    ASSERT_NE(alphabet.find(last_char), std::string::npos);
    signature.back() = static_cast<char>(last_char + 1);
    EXPECT_EQ(reason(token.substr(0, last + 1) + signature), JwtReason::kMalformed);

    // Size bound.
    EXPECT_EQ(reason(std::string(kMaxJwtBytes + 1, 'a')), JwtReason::kMalformed);
}

TEST(VcJwt, HeaderAndPayloadMustBeStrictJsonObjects) {
    const Signer signer = EdSigner();
    const JwtKeyResolver resolver = ResolverFor(signer);
    const std::string good_header = R"({"alg":"EdDSA","kid":")" + signer.kid + R"(","typ":"JWT"})";
    const std::string payload = DecodePart(SignJwt(ObCredential(), signer.key, signer.kid).value(), 1).dump();
    ASSERT_TRUE(VerifyJwt(HandMade(good_header, payload), resolver).ok);

    std::string deep_payload;
    for (int i = 0; i < 10'000; ++i) deep_payload += "[";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"[1]", payload},                                                              // header not an object
        {"not json", payload},                                                         //
        {R"({"alg":"EdDSA","alg":"EdDSA","kid":"x"})", payload},                       // duplicate key
        {R"({"alg":"EdDSA","kid":")" + signer.kid + R"(","crit":["b64"]})", payload},  // forbidden header
        {R"({"alg":"EdDSA","kid":")" + signer.kid + R"(","b64":false})", payload},     //
        {R"({"alg":"EdDSA","kid":")" + signer.kid + R"(","typ":"vc+jwt"})", payload},  // typ not JWT
        {R"({"alg":"EdDSA","kid":""})", payload},                                      // empty kid
        {R"({"alg":"EdDSA","kid":5})", payload},                                       //
        {R"({"alg":"EdDSA"})", payload},                                               // no key named
        {good_header, "[1]"},                  // payload not an object
        {good_header, "\"text\""},             //
        {good_header, deep_payload},           // nesting bound
        {good_header, R"({"a":1,"a":2})"},     // duplicate key
        {good_header, "{\"name\":\"\xff\"}"},  // invalid UTF-8
        {good_header, R"({"n":1e400})"},       // number out of range
        {good_header, payload + " x"},         // trailing garbage
    };
    for (const auto& [header, body] : cases) {
        const JwtVerdict verdict = VerifyJwt(HandMade(header, body), resolver);
        EXPECT_EQ(verdict.reason, JwtReason::kMalformed)
            << header.substr(0, 60) << " / " << body.substr(0, 30) << ": " << JwtReasonName(verdict.reason)
            << " " << verdict.message;
    }
    // The payload is parsed only once the signature holds: a bad payload under a bad signature is
    // a bad signature.
    const std::string forged = HandMade(good_header, "[1]");
    EXPECT_EQ(VerifyJwt(forged.substr(0, forged.rfind('.') + 1) + std::string(86, 'A'), resolver).reason,
              JwtReason::kSignatureInvalid);
}

TEST(VcJwt, ClaimsMustAgreeWithTheCredential) {
    const Signer signer = EdSigner();
    const JwtKeyResolver resolver = ResolverFor(signer);
    const json header = {{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", signer.kid}};
    json base = ObCredential();
    base["validUntil"] = "2030-01-01T00:00:00Z";
    const json good = DecodePart(SignJwt(base, signer.key, signer.kid).value(), 1);
    ASSERT_TRUE(VerifyJwt(HandMade(header.dump(), good.dump()), resolver).ok);

    auto verify = [&](const json& payload) {
        return VerifyJwt(HandMade(header.dump(), payload.dump()), resolver);
    };
    auto changed = [&](const std::string& pointer, const json& value) {
        json payload = good;
        if (value.is_null()) {
            const json::json_pointer at(pointer);
            payload[at.parent_pointer()].erase(at.back());
        } else {
            payload[json::json_pointer(pointer)] = value;
        }
        return payload;
    };
    const std::vector<std::pair<std::string, json>> cases = {
        {"/iss", "https://evil.example/issuer"},
        {"/iss", nullptr},
        {"/iss", 5},
        {"/issuer", nullptr},
        {"/jti", "http://example.com/credentials/9999"},
        {"/jti", nullptr},
        {"/id", nullptr},
        {"/sub", "did:example:someone-else"},
        {"/sub", nullptr},
        {"/nbf", 1262304001},
        {"/nbf", nullptr},
        {"/nbf", "1262304000"},
        {"/validFrom", nullptr},
        {"/validFrom", "2010-01-01"},
        {"/exp", 1893456001},
        {"/exp", nullptr},
        {"/validUntil", nullptr},
        {"/exp", "never"},
    };
    for (const auto& [pointer, value] : cases) {
        const JwtVerdict verdict = verify(changed(pointer, value));
        EXPECT_EQ(verdict.reason, JwtReason::kClaimsMismatch)
            << pointer << " = " << value.dump() << ": " << JwtReasonName(verdict.reason) << " "
            << verdict.message;
        EXPECT_FALSE(verdict.message.empty());
    }
    // sub without a subject id, and a subject id without sub.
    json no_subject_id = good;
    no_subject_id["credentialSubject"].erase("id");
    EXPECT_EQ(verify(no_subject_id).reason, JwtReason::kClaimsMismatch);
    no_subject_id.erase("sub");
    EXPECT_TRUE(verify(no_subject_id).ok);
    // The issuer as a plain URL; nbf as a NumericDate with a fraction; validFrom with an offset.
    json plain_issuer = good;
    plain_issuer["issuer"] = "https://example.edu/issuers/565049";
    EXPECT_TRUE(verify(plain_issuer).ok);
    json fractional = good;
    fractional["nbf"] = 1262304000.75;
    EXPECT_TRUE(verify(fractional).ok);
    json offset = good;
    offset["validFrom"] = "2010-01-01T01:00:00.5+01:00";
    EXPECT_TRUE(verify(offset).ok);
    // Other registered claims are allowed and do not come back in the credential.
    json extra = good;
    extra["iat"] = 1262304000;
    extra["aud"] = "https://verifier.example";
    const JwtVerdict with_extra = verify(extra);
    ASSERT_TRUE(with_extra.ok) << with_extra.message;
    EXPECT_EQ(with_extra.credential, base);
}

TEST(VcJwt, SignRefusesBadCredentials) {
    const Signer signer = EdSigner();
    const json good = ObCredential();
    ASSERT_TRUE(SignJwt(good, signer.key, signer.kid).has_value());
    auto sign_with = [&](const std::string& pointer, const json& value) {
        json credential = good;
        if (value.is_null()) {
            const json::json_pointer at(pointer);
            credential[at.parent_pointer()].erase(at.back());
        } else {
            credential[json::json_pointer(pointer)] = value;
        }
        return SignJwt(credential, signer.key, signer.kid);
    };
    for (const auto& [pointer, value] : std::vector<std::pair<std::string, json>>{
             {"/id", nullptr},
             {"/id", "credential-3527"},  // not a URI
             {"/issuer", nullptr},
             {"/issuer/id", nullptr},
             {"/issuer", 5},
             {"/validFrom", nullptr},
             {"/validFrom", "2010-01-01T00:00:00"},  // no zone
             {"/validFrom", "10000-01-01T00:00:00Z"},
             {"/validFrom", "0000-01-01T00:00:00Z"},
             {"/validFrom", "2010-02-30T00:00:00Z"},
             {"/validUntil", 5},
             {"/validUntil", "soon"},
             {"/credentialSubject/id", "not a uri"},
             {"/iss", "https://example.edu/issuers/565049"},  // a claim name in the credential
             {"/exp", 1},
             {"/name", "\xff"},  // invalid UTF-8
         }) {
        auto token = sign_with(pointer, value);
        EXPECT_FALSE(token.has_value())
            << pointer << " = " << value.dump(-1, ' ', false, json::error_handler_t::replace);
    }
    EXPECT_FALSE(SignJwt(json::array(), signer.key, signer.kid).has_value());
    EXPECT_FALSE(SignJwt(good, signer.key, "key-1").has_value());  // kid not absolute
    EXPECT_FALSE(
        SignJwt(good, JwtSigningKey(Rfc7515Key().PublicOnly()), "https://example.edu/k").has_value());
    json huge = good;
    huge["description"] = std::string(kMaxJwtBytes, 'x');
    EXPECT_FALSE(SignJwt(huge, signer.key, signer.kid).has_value());
}

TEST(VcJwt, ResolverFailuresAndExceptions) {
    const Signer signer = EdSigner();
    const std::string token = SignJwt(ObCredential(), signer.key, signer.kid).value();
    EXPECT_EQ(VerifyJwt(token, nullptr).reason, JwtReason::kKeyUnresolved);
    auto throwing = [](std::string_view, const json&) -> core::Result<JwtPublicKey> {
        throw std::runtime_error("network down");
    };
    const JwtVerdict thrown = VerifyJwt(token, throwing);
    EXPECT_EQ(thrown.reason, JwtReason::kKeyUnresolved);
    EXPECT_NE(thrown.message.find("network down"), std::string::npos);
    // A did:key kid naming a P-256 key.
    json header = DecodePart(token, 0);
    header["kid"] =
        "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169#"
        "zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169";
    const JwtVerdict p256 =
        VerifyJwt(HandMade(header.dump(), DecodePart(token, 1).dump()), JwtDidKeyResolver());
    EXPECT_EQ(p256.reason, JwtReason::kKeyUnresolved);
    EXPECT_NE(p256.message.find("p256-pub"), std::string::npos) << p256.message;
}

TEST(VcJwt, NumericDates) {
    EXPECT_EQ(NumericDateFromDateTime("1970-01-01T00:00:00Z").value(), 0);
    EXPECT_EQ(NumericDateFromDateTime("2010-01-01T00:00:00Z").value(), 1262304000);
    EXPECT_EQ(NumericDateFromDateTime("2010-01-01T00:00:00.999Z").value(), 1262304000);
    EXPECT_EQ(NumericDateFromDateTime("2010-01-01T01:30:00+01:30").value(), 1262304000);
    EXPECT_EQ(NumericDateFromDateTime("2009-12-31T20:00:00-04:00").value(), 1262304000);
    EXPECT_EQ(NumericDateFromDateTime("2009-12-31T24:00:00Z").value(), 1262304000);
    EXPECT_EQ(NumericDateFromDateTime("2024-02-29T12:00:00Z").value(), 1709208000);
    EXPECT_EQ(NumericDateFromDateTime("1969-12-31T23:59:59Z").value(), -1);
    EXPECT_EQ(NumericDateFromDateTime("0001-01-01T00:00:00Z").value(), -62135596800);
    EXPECT_EQ(NumericDateFromDateTime("9999-12-31T23:59:59Z").value(), 253402300799);
    for (const char* bad :
         {"2010-01-01T00:00:00", "2010-01-01", "2023-02-29T00:00:00Z", "-2010-01-01T00:00:00Z",
          "12010-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "2010-01-01T00:00:00z", ""}) {
        EXPECT_FALSE(NumericDateFromDateTime(bad).has_value()) << bad;
    }
}

}  // namespace
}  // namespace passeur::credential
