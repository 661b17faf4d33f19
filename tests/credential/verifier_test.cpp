// Open Badges 3.0 credentials built, signed and verified end to end: verdicts, status lists,
// did:web documents, dates and hostile input.
#include "credential/verifier.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "credential/data_integrity.hpp"
#include "credential/did.hpp"
#include "credential/did_web.hpp"
#include "credential/jwt.hpp"
#include "credential/open_badge.hpp"
#include "credential/status_list.hpp"

namespace passeur::credential {
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'795'000'000'000;  // 2026-11-18

Ed25519SecretKey Key(std::uint8_t fill) {
    std::array<std::uint8_t, 32> seed{};
    seed.fill(fill);
    return Ed25519SecretKey(seed);
}

AwardCredentialInput Award() {
    AwardCredentialInput in;
    in.credential_id = "urn:uuid:3f0c1f3e-1b55-4f9b-9a7e-1c1d5b2f0a11";
    in.achievement =
        json{{"id", "https://passeur.example.fr/badges/b1"},
             {"type", json::array({"Achievement"})},
             {"name", "Accompagner une démarche en ligne"},
             {"description", "Sait accompagner une personne dans une démarche administrative."},
             {"criteria", json{{"narrative", "Niveau 4 atteint au test adaptatif."}}},
             {"achievementType", "Competency"},
             {"alignment", json::array({json{{"type", json::array({"Alignment"})},
                                             {"targetName", "Démarches en ligne"},
                                             {"targetUrl", "https://passeur.example.fr/case/uri/1"},
                                             {"targetType", "CFItem"},
                                             {"targetCode", "MED-4"}}})}};
    in.recipient_email = "Apprenant1@Demo.passeur.fr ";
    in.awarded_at = "2026-11-01T10:00:00Z";
    in.evidence =
        json::array({json{{"type", json::array({"Evidence"})}, {"narrative", "Observé en atelier."}}});
    return in;
}

struct Issued {
    json credential;
    std::string revocation_url = "https://passeur.example.fr/credentials/status/1";
    std::string suspension_url = "https://passeur.example.fr/credentials/status/2";
};

Issued SignAward(const AwardCredentialInput& in, const Ed25519SecretKey& key, const std::string& did,
                 const std::string& method, bool with_status) {
    Issued out;
    std::vector<StatusEntry> status;
    if (with_status)
        status = {{"revocation", out.revocation_url, 42}, {"suspension", out.suspension_url, 42}};
    auto unsigned_doc = BuildOpenBadgeCredential(
        in, {did, "passeur — EPN de Rennes", "https://passeur.example.fr"}, "c0ffee", status);
    EXPECT_TRUE(unsigned_doc) << unsigned_doc.error().message;
    auto signed_doc = Sign(*unsigned_doc, {method, "assertionMethod", "2026-11-01T10:00:00Z"}, key);
    EXPECT_TRUE(signed_doc) << signed_doc.error().message;
    out.credential = *signed_doc;
    return out;
}

std::string SignedList(const std::string& url, const std::string& did, const std::string& method,
                       const std::string& purpose, const Ed25519SecretKey& key,
                       std::optional<std::size_t> set) {
    auto list = StatusList::Create();
    if (set) {
        EXPECT_TRUE(list->Set(*set, true));
    }
    auto doc = Sign(BuildStatusListCredential(url, did, purpose, list->Encode(), "2026-11-01T10:00:00Z"),
                    {method, "assertionMethod", "2026-11-01T10:00:00Z"}, key);
    EXPECT_TRUE(doc) << doc.error().message;
    return doc->dump();
}

TEST(OpenBadge, BuildsAHashedRecipientAndStatusEntries) {
    auto doc = BuildOpenBadgeCredential(Award(), {"did:key:z6Mk", "passeur", ""}, "c0ffee",
                                        {{"revocation", "https://x/s/1", 7}});
    ASSERT_TRUE(doc) << doc.error().message;
    const json& id = (*doc)["credentialSubject"]["identifier"][0];
    EXPECT_EQ(id["identityHash"], EmailIdentityHash("apprenant1@demo.passeur.fr", "c0ffee"));
    EXPECT_EQ(id["identityHash"].get<std::string>().rfind("sha256$", 0), 0U);
    EXPECT_EQ(doc->dump().find("apprenant1"), std::string::npos) << "the e-mail never appears in clear";
    EXPECT_EQ((*doc)["credentialStatus"]["statusListIndex"], "7");
    EXPECT_EQ((*doc)["credentialStatus"]["id"], "https://x/s/1#7");
    EXPECT_EQ((*doc)["name"], "Accompagner une démarche en ligne");
}

TEST(OpenBadge, RefusesBadInputNamingTheField) {
    auto in = Award();
    in.achievement.erase("criteria");
    auto r = BuildOpenBadgeCredential(in, {"did:key:z6Mk", "passeur", ""}, "s", {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "achievement.criteria");
    in = Award();
    in.recipient_did = "did:key:z6Mkabc";
    EXPECT_EQ(BuildOpenBadgeCredential(in, {"did:key:z6Mk", "p", ""}, "s", {}).error().field, "recipient");
    in = Award();
    in.valid_until = "2026-10-01T00:00:00Z";
    EXPECT_EQ(BuildOpenBadgeCredential(in, {"did:key:z6Mk", "p", ""}, "s", {}).error().field, "valid_until");
    in = Award();
    in.achievement["alignment"][0]["targetUrl"] = "relative/path";
    EXPECT_EQ(BuildOpenBadgeCredential(in, {"did:key:z6Mk", "p", ""}, "s", {}).error().field,
              "achievement.alignment[0].targetUrl");
}

TEST(Verifier, DidKeyCredentialIsValidAndSummarised) {
    const auto key = Key(1);
    const auto did = DidKeyFromPublicKey(key.PublicKey());
    auto issued = SignAward(Award(), key, did, DidKeyVerificationMethod(key.PublicKey()), false);
    VerifierEnvironment env{kNow, nullptr, nullptr, {}};
    auto v = VerifyCredential(issued.credential.dump(), env);
    EXPECT_EQ(CredentialVerdictName(v.verdict), "valid") << v.reason;
    EXPECT_EQ(v.issuer_method, "did:key");
    EXPECT_EQ(v.issuer_name, "passeur — EPN de Rennes");
    ASSERT_EQ(v.achievements.size(), 1U);
    EXPECT_EQ(v.achievements[0].alignments.at(0).code, "MED-4");
    EXPECT_TRUE(HolderEmailMatches(v, "apprenant1@demo.passeur.fr"));
    EXPECT_FALSE(HolderEmailMatches(v, "someone@else.fr"));
    EXPECT_EQ(VerificationToJson(v)["verdict"], "valid");
}

TEST(Verifier, AnyChangedFieldIsTampered) {
    const auto key = Key(2);
    const auto did = DidKeyFromPublicKey(key.PublicKey());
    const json good =
        SignAward(Award(), key, did, DidKeyVerificationMethod(key.PublicKey()), false).credential;
    VerifierEnvironment env{kNow, nullptr, nullptr, {}};
    for (const char* pointer :
         {"/name", "/validFrom", "/issuer/name", "/credentialSubject/achievement/name",
          "/credentialSubject/achievement/alignment/0/targetUrl",
          "/credentialSubject/identifier/0/identityHash", "/evidence/0/narrative", "/proof/created"}) {
        json bad = good;
        const json::json_pointer p(pointer);
        bad[p] = bad[p].get<std::string>() == "2026-11-01T10:00:00Z" ? "2026-11-02T10:00:00Z" : "changed";
        auto v = VerifyCredentialJson(bad, env);
        EXPECT_EQ(CredentialVerdictName(v.verdict), "tampered") << pointer << ": " << v.reason;
    }
}

TEST(Verifier, ASignatureByAnotherKeyThanTheIssuersIsTampered) {
    const auto issuer = Key(3), forger = Key(4);
    auto issued = SignAward(Award(), forger, DidKeyFromPublicKey(issuer.PublicKey()),
                            DidKeyVerificationMethod(forger.PublicKey()), false);
    auto v = VerifyCredentialJson(issued.credential, {kNow, nullptr, nullptr, {}});
    EXPECT_EQ(CredentialVerdictName(v.verdict), "tampered") << v.reason;
    EXPECT_NE(v.reason.find("not the issuer"), std::string::npos);
}

TEST(Verifier, DidWebNeedsAKnownDocument) {
    const auto key = Key(5);
    auto did = DidWebFromUrl("https://passeur.example.fr");
    ASSERT_TRUE(did);
    auto issued = SignAward(Award(), key, *did, *did + "#key-1", false);
    const json doc = BuildDidDocument(*did, {{"key-1", Ed25519PublicKeyMultibase(key.PublicKey()), nullptr}});

    auto unknown = VerifyCredentialJson(issued.credential, {kNow, nullptr, nullptr, {}});
    EXPECT_EQ(CredentialVerdictName(unknown.verdict), "unknown_issuer") << unknown.reason;

    VerifierEnvironment env{kNow,
                            [&](std::string_view d) -> std::optional<json> {
                                if (d == *did) return doc;
                                return std::nullopt;
                            },
                            nullptr,
                            {}};
    auto v = VerifyCredentialJson(issued.credential, env);
    EXPECT_EQ(CredentialVerdictName(v.verdict), "valid") << v.reason;

    // A key the document does not list is a forgery, not an unknown issuer.
    auto other = SignAward(Award(), Key(6), *did, *did + "#key-9", false);
    EXPECT_EQ(CredentialVerdictName(VerifyCredentialJson(other.credential, env).verdict), "tampered");
}

TEST(Verifier, StatusListRevokesSuspendsOrIsUnavailable) {
    const auto key = Key(7);
    const auto did = DidKeyFromPublicKey(key.PublicKey());
    const auto method = DidKeyVerificationMethod(key.PublicKey());
    auto issued = SignAward(Award(), key, did, method, true);
    std::map<std::string, std::string> lists;
    VerifierEnvironment env{kNow,
                            nullptr,
                            [&](std::string_view url) -> std::optional<std::string> {
                                auto it = lists.find(std::string(url));
                                if (it == lists.end()) return std::nullopt;
                                return it->second;
                            },
                            {}};
    EXPECT_EQ(CredentialVerdictName(VerifyCredentialJson(issued.credential, env).verdict),
              "status_unavailable");

    lists[issued.revocation_url] = SignedList(issued.revocation_url, did, method, "revocation", key, 41);
    lists[issued.suspension_url] =
        SignedList(issued.suspension_url, did, method, "suspension", key, std::nullopt);
    auto clear = VerifyCredentialJson(issued.credential, env);
    EXPECT_EQ(CredentialVerdictName(clear.verdict), "valid") << clear.reason;
    ASSERT_EQ(clear.status.size(), 2U);
    EXPECT_EQ(clear.status[0].state, "clear");

    lists[issued.suspension_url] = SignedList(issued.suspension_url, did, method, "suspension", key, 42);
    EXPECT_EQ(CredentialVerdictName(VerifyCredentialJson(issued.credential, env).verdict), "suspended");
    lists[issued.revocation_url] = SignedList(issued.revocation_url, did, method, "revocation", key, 42);
    EXPECT_EQ(CredentialVerdictName(VerifyCredentialJson(issued.credential, env).verdict), "revoked");

    // A list signed by someone else does not count.
    const auto other = Key(8);
    lists[issued.revocation_url] =
        SignedList(issued.revocation_url, DidKeyFromPublicKey(other.PublicKey()),
                   DidKeyVerificationMethod(other.PublicKey()), "revocation", other, std::nullopt);
    auto v = VerifyCredentialJson(issued.credential, env);
    EXPECT_EQ(CredentialVerdictName(v.verdict), "suspended") << "revocation list unusable, suspension set";
    lists[issued.suspension_url] =
        SignedList(issued.suspension_url, did, method, "suspension", key, std::nullopt);
    v = VerifyCredentialJson(issued.credential, env);
    EXPECT_EQ(CredentialVerdictName(v.verdict), "status_unavailable") << v.reason;
}

TEST(Verifier, DatesAreChecked) {
    const auto key = Key(9);
    auto in = Award();
    in.valid_until = "2026-11-10T00:00:00Z";
    auto issued = SignAward(in, key, DidKeyFromPublicKey(key.PublicKey()),
                            DidKeyVerificationMethod(key.PublicKey()), false);
    EXPECT_EQ(
        CredentialVerdictName(VerifyCredentialJson(issued.credential, {kNow, nullptr, nullptr, {}}).verdict),
        "expired");
    EXPECT_EQ(CredentialVerdictName(
                  VerifyCredentialJson(issued.credential, {1'700'000'000'000, nullptr, nullptr, {}}).verdict),
              "not_yet_valid");
    EXPECT_EQ(ParseDateTimeMillis("1970-01-01T00:00:01.5Z"), 1500);
    EXPECT_EQ(ParseDateTimeMillis("1970-01-01T01:00:00+01:00"), 0);
    EXPECT_FALSE(ParseDateTimeMillis("2026-02-30T00:00:00Z"));
    EXPECT_FALSE(ParseDateTimeMillis("yesterday"));
}

TEST(Verifier, HostileInputGetsAVerdict) {
    VerifierEnvironment env{kNow, nullptr, nullptr, {}};
    EXPECT_EQ(VerifyCredential(std::string(100'000, '[') + std::string(100'000, ']'), env).verdict,
              CredentialVerdict::kMalformed);
    EXPECT_EQ(VerifyCredential("{\"a\": 1e400}", env).verdict, CredentialVerdict::kMalformed);
    EXPECT_EQ(
        VerifyCredential(
            "{\"@context\": [\"https://example.org/unknown\"], \"type\": \"VerifiableCredential\"}", env)
            .verdict,
        CredentialVerdict::kMalformed);
    EXPECT_EQ(VerifyCredential(std::string(kMaxCredentialBytes + 1, ' '), env).verdict,
              CredentialVerdict::kMalformed);
    EXPECT_EQ(VerifyCredential("{\"x\": \"[[[[\\\"]]]]\"}", env).verdict, CredentialVerdict::kMalformed);

    const auto key = Key(10);
    json good = SignAward(Award(), key, DidKeyFromPublicKey(key.PublicKey()),
                          DidKeyVerificationMethod(key.PublicKey()), false)
                    .credential;
    json truncated = good;
    auto& value = truncated["proof"]["proofValue"].get_ref<std::string&>();
    value.resize(value.size() / 2);
    EXPECT_EQ(VerifyCredentialJson(truncated, env).verdict, CredentialVerdict::kMalformed);
    json p256 = good;
    p256["issuer"]["id"] = "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169";
    p256["proof"]["verificationMethod"] =
        "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169#"
        "zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169";
    EXPECT_EQ(VerifyCredentialJson(p256, env).verdict, CredentialVerdict::kMalformed);
    json no_proof = good;
    no_proof.erase("proof");
    EXPECT_EQ(VerifyCredentialJson(no_proof, env).verdict, CredentialVerdict::kMalformed);
}

TEST(Verifier, VcJwtIsVerifiedLikeDataIntegrity) {
    const auto key = Key(11);
    const std::string did = DidKeyFromPublicKey(key.PublicKey());
    auto doc = BuildOpenBadgeCredential(Award(), {did, "passeur", ""}, "c0ffee", {});
    ASSERT_TRUE(doc);
    auto token = SignJwt(*doc, JwtSigningKey(key), DidKeyVerificationMethod(key.PublicKey()));
    ASSERT_TRUE(token) << token.error().message;
    VerifierEnvironment env{kNow, nullptr, nullptr, {}};
    auto v = VerifyCredential("  " + *token + "\n", env);
    EXPECT_EQ(CredentialVerdictName(v.verdict), "valid") << v.reason;
    EXPECT_EQ(v.proof_type, "JWT");
    EXPECT_EQ(v.cryptosuite, "EdDSA");
    EXPECT_EQ(v.achievements.size(), 1U);

    std::string bad = *token;
    bad[bad.find('.') + 5] = bad[bad.find('.') + 5] == 'A' ? 'B' : 'A';
    EXPECT_EQ(CredentialVerdictName(VerifyCredential(bad, env).verdict), "tampered");
    // Signed by a key that is not the issuer's.
    const auto other = Key(12);
    auto forged = SignJwt(*doc, JwtSigningKey(other), DidKeyVerificationMethod(other.PublicKey()));
    ASSERT_TRUE(forged);
    EXPECT_EQ(CredentialVerdictName(VerifyCredential(*forged, env).verdict), "tampered");
    // Expired through its validUntil, as with Data Integrity.
    auto in = Award();
    in.valid_until = "2026-11-10T00:00:00Z";
    auto expiring = BuildOpenBadgeCredential(in, {did, "passeur", ""}, "c0ffee", {});
    auto expired = SignJwt(*expiring, JwtSigningKey(key), DidKeyVerificationMethod(key.PublicKey()));
    ASSERT_TRUE(expired);
    EXPECT_EQ(CredentialVerdictName(VerifyCredential(*expired, env).verdict), "expired");
}

TEST(Verifier, Rs256JwtResolvesTheJsonWebKeyOfADidWebDocument) {
    auto pem = GenerateRsaKeyPem(2048);
    ASSERT_TRUE(pem) << pem.error().message;
    auto rsa = RsaKey::FromPrivatePem(*pem);
    ASSERT_TRUE(rsa);
    const auto ed25519 = Key(13);
    const std::string did = "did:web:passeur.example.fr";
    json jwk = rsa->PublicJwk();
    jwk["kid"] = did + "#key-2";
    const json doc = BuildDidDocument(
        did, {{"key-1", Ed25519PublicKeyMultibase(ed25519.PublicKey()), nullptr}, {"key-2", "", jwk}});
    ASSERT_EQ(doc["verificationMethod"][1]["type"], "JsonWebKey2020");
    auto env_with = [&](json pinned) {
        return VerifierEnvironment{kNow,
                                   [pinned](std::string_view d) -> std::optional<json> {
                                       if (d == pinned["id"]) return pinned;
                                       return std::nullopt;
                                   },
                                   nullptr,
                                   {}};
    };
    const VerifierEnvironment env = env_with(doc);
    auto credential = BuildOpenBadgeCredential(Award(), {did, "passeur", ""}, "c0ffee", {});
    ASSERT_TRUE(credential);

    auto token = SignJwt(*credential, JwtSigningKey(*rsa), did + "#key-2");
    ASSERT_TRUE(token) << token.error().message;
    auto v = VerifyCredential(*token, env);
    EXPECT_EQ(CredentialVerdictName(v.verdict), "valid") << v.reason;
    EXPECT_EQ(v.cryptosuite, "RS256");
    EXPECT_EQ(v.verification_method, did + "#key-2");
    EXPECT_EQ(CredentialVerdictName(VerifyCredential(*token, {kNow, nullptr, nullptr, {}}).verdict),
              "unknown_issuer");
    // The Ed25519 keys of the same document still verify (JWT EdDSA and Data Integrity).
    auto eddsa = SignJwt(*credential, JwtSigningKey(ed25519), did + "#key-1");
    ASSERT_TRUE(eddsa);
    EXPECT_EQ(CredentialVerdictName(VerifyCredential(*eddsa, env).verdict), "valid");
    auto proof = SignAward(Award(), ed25519, did, did + "#key-1", false);
    EXPECT_EQ(CredentialVerdictName(VerifyCredentialJson(proof.credential, env).verdict), "valid");

    // RS256 under the Ed25519 method, a method without publicKeyJwk, a key not under
    // assertionMethod, another RSA key: forgeries of a known issuer.
    auto confused = SignJwt(*credential, JwtSigningKey(*rsa), did + "#key-1");
    ASSERT_TRUE(confused);
    EXPECT_EQ(CredentialVerdictName(VerifyCredential(*confused, env).verdict), "tampered");
    json no_jwk = doc;
    no_jwk["verificationMethod"][1].erase("publicKeyJwk");
    EXPECT_EQ(CredentialVerdictName(VerifyCredential(*token, env_with(no_jwk)).verdict), "tampered");
    json unlisted = doc;
    unlisted["assertionMethod"] = json::array({did + "#key-1"});
    auto refused = VerifyCredential(*token, env_with(unlisted));
    EXPECT_EQ(CredentialVerdictName(refused.verdict), "tampered");
    EXPECT_NE(refused.reason.find("assertionMethod"), std::string::npos) << refused.reason;
    auto other_pem = GenerateRsaKeyPem(2048);
    ASSERT_TRUE(other_pem);
    auto other = RsaKey::FromPrivatePem(*other_pem);
    ASSERT_TRUE(other);
    auto forged = SignJwt(*credential, JwtSigningKey(*other), did + "#key-2");
    ASSERT_TRUE(forged);
    EXPECT_EQ(CredentialVerdictName(VerifyCredential(*forged, env).verdict), "tampered");
}

TEST(Verifier, ReasonsAreAlwaysValidUtf8) {
    // Invalid UTF-8 in the input: the parser's message must not carry the raw bytes along.
    const std::string text = "{\"@context\": \"Saint-Di\xc3(\"}";
    auto v = VerifyCredential(text, {kNow, nullptr, nullptr, {}});
    EXPECT_EQ(v.verdict, CredentialVerdict::kMalformed);
    EXPECT_NO_THROW((void)VerificationToJson(v).dump()) << v.reason;
}

TEST(DidWeb, FromUrlAndDocumentPath) {
    EXPECT_EQ(DidWebFromUrl("https://passeur.example.fr").value(), "did:web:passeur.example.fr");
    EXPECT_EQ(DidWebFromUrl("http://127.0.0.1:8080/").value(), "did:web:127.0.0.1%3A8080");
    EXPECT_EQ(DidWebFromUrl("https://x.fr/passeur/v1").value(), "did:web:x.fr:passeur:v1");
    EXPECT_FALSE(DidWebFromUrl("ftp://x.fr"));
    EXPECT_FALSE(DidWebFromUrl("https://x.fr/?q=1"));
    EXPECT_EQ(DidDocumentPath("https://x.fr"), "/.well-known/did.json");
    EXPECT_EQ(DidDocumentPath("https://x.fr/passeur"), "/passeur/did.json");
    EXPECT_EQ(DidOfUrl("did:web:x.fr#key-1"), "did:web:x.fr");
}

}  // namespace
}  // namespace passeur::credential
