// The platform's issuer over the store (SQLite, and PostgreSQL with the `pg` fixture): keys sealed
// at rest and rotated, Open Badges issued and verified, revocation and suspension through the
// status lists, scripts' credentials (did:web and did:key), RSA issuer keys and RS256 VC-JWTs, the
// public routes, the key file.
#include "credential/service/credential_service.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "core/random.hpp"
#include "credential/did.hpp"
#include "credential/jwt.hpp"
#include "credential/service/key_vault.hpp"
#include "credential/service/routes.hpp"
#include "credential/status_list.hpp"
#include "http/router.hpp"
#include "support/api_call.hpp"
#include "support/test_store.hpp"
#include <sys/stat.h>

namespace passeur::credential {
namespace {

using nlohmann::json;
using passeur::testing::Engine;
using passeur::testing::EngineName;

constexpr const char* kPgSchema = "passeur_credential_service_test";
constexpr const char* kBaseUrl = "https://passeur.example.fr";

std::array<std::uint8_t, 32> Kek(std::uint8_t fill) {
    std::array<std::uint8_t, 32> kek{};
    kek.fill(fill);
    return kek;
}

AwardCredentialInput Award(const std::string& id) {
    AwardCredentialInput in;
    in.credential_id = "urn:uuid:" + id;
    in.achievement = json{{"id", std::string(kBaseUrl) + "/badges/b1"},
                          {"type", json::array({"Achievement"})},
                          {"name", "Démarches en ligne"},
                          {"description", "Accompagner une démarche administrative en ligne."},
                          {"criteria", json{{"narrative", "Niveau 3 au test."}}},
                          {"achievementType", "Competency"}};
    in.recipient_email = "camille@example.fr";
    in.awarded_at = "2026-01-01T00:00:00Z";
    return in;
}

class CredentialServiceTest : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override {
        PASSEUR_OPEN_TEST_STORE(GetParam(), kPgSchema);
        service_ = std::make_unique<CredentialService>(*db_, clock_, random_, KeyVault::FromKek(Kek(7)),
                                                       CredentialConfig{kBaseUrl, "passeur"});
        auto key = service_->EnsureKey();
        ASSERT_TRUE(key) << key.error().message;
        RegisterCredentialRoutes(router_, *service_);
    }

    std::string Verdict(const json& credential) {
        return std::string(CredentialVerdictName(service_->Verify(credential.dump()).verdict));
    }

    core::FakeClock clock_{1'767'225'600'000 + 86'400'000};  // 2026-01-02
    core::SeededRandom random_{42};
    std::unique_ptr<store::Store> store_;
    store::Database* db_ = nullptr;
    std::unique_ptr<CredentialService> service_;
    http::Router router_;
};

TEST_P(CredentialServiceTest, KeysAreSealedRotatedAndPublished) {
    auto keys = service_->ListKeys();
    ASSERT_TRUE(keys);
    ASSERT_EQ(keys->size(), 1U);
    EXPECT_EQ(keys->at(0).id, "key-1");
    EXPECT_EQ(service_->EnsureKey()->id, "key-1") << "EnsureKey does not add a key when one exists";
    auto rows = db_->Query("SELECT sealed_secret, kek_id FROM issuer_keys");
    ASSERT_TRUE(rows);
    EXPECT_EQ(store::AsText(rows->at(0)[1]), KeyVault::FromKek(Kek(7)).KekId());

    auto second = service_->CreateKey();
    ASSERT_TRUE(second);
    EXPECT_EQ(second->id, "key-2");
    auto doc = service_->DidDocument();
    ASSERT_TRUE(doc);
    EXPECT_EQ((*doc)["id"], "did:web:passeur.example.fr");
    ASSERT_EQ((*doc)["verificationMethod"].size(), 2U);
    EXPECT_EQ((*doc)["assertionMethod"][1], "did:web:passeur.example.fr#key-2");

    // Another key file cannot sign with these keys.
    CredentialService stranger(*db_, clock_, random_, KeyVault::FromKek(Kek(8)), {kBaseUrl, "passeur"});
    auto refused = stranger.IssueOpenBadge(Award("00000000-0000-4000-8000-000000000001"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kUnavailable);
    EXPECT_NE(refused.error().message.find("key file"), std::string::npos);
}

TEST_P(CredentialServiceTest, IssuedBadgesVerifyAcrossRotation) {
    auto first = service_->IssueOpenBadge(Award("00000000-0000-4000-8000-000000000001"));
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->credential["issuer"]["id"], "did:web:passeur.example.fr");
    EXPECT_EQ(first->credential["proof"]["verificationMethod"], "did:web:passeur.example.fr#key-1");
    ASSERT_EQ(first->credential["credentialStatus"].size(), 2U);
    EXPECT_EQ(Verdict(first->credential), "valid") << service_->Verify(first->credential.dump()).reason;

    ASSERT_TRUE(service_->CreateKey());
    auto second = service_->IssueOpenBadge(Award("00000000-0000-4000-8000-000000000002"));
    ASSERT_TRUE(second);
    EXPECT_EQ(second->credential["proof"]["verificationMethod"], "did:web:passeur.example.fr#key-2");
    EXPECT_EQ(Verdict(first->credential), "valid") << "rotation keeps older credentials verifiable";
    EXPECT_EQ(Verdict(second->credential), "valid");

    auto again = service_->IssueOpenBadge(Award("00000000-0000-4000-8000-000000000001"));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);

    json tampered = first->credential;
    tampered["credentialSubject"]["achievement"]["name"] = "Autre chose";
    EXPECT_EQ(Verdict(tampered), "tampered");
}

TEST_P(CredentialServiceTest, RevokeSuspendAndReinstateFlipTheServedBits) {
    auto a = service_->IssueOpenBadge(Award("00000000-0000-4000-8000-00000000000a"));
    auto b = service_->IssueOpenBadge(Award("00000000-0000-4000-8000-00000000000b"));
    ASSERT_TRUE(a && b);
    const std::string a_id = a->credential["id"], b_id = b->credential["id"];

    ASSERT_TRUE(service_->SetState(a_id, CredentialState::kRevoked));
    EXPECT_EQ(Verdict(a->credential), "revoked");
    EXPECT_EQ(Verdict(b->credential), "valid") << "only a's bit changed";
    auto reactivate = service_->SetState(a_id, CredentialState::kActive);
    ASSERT_FALSE(reactivate);
    EXPECT_EQ(reactivate.error().code, core::ErrorCode::kConflict);
    EXPECT_TRUE(service_->SetState(a_id, CredentialState::kRevoked)) << "revoking twice is a no-op";

    ASSERT_TRUE(service_->SetState(b_id, CredentialState::kSuspended));
    EXPECT_EQ(Verdict(b->credential), "suspended");
    EXPECT_EQ(*service_->GetState(b_id), CredentialState::kSuspended);
    ASSERT_TRUE(service_->SetState(b_id, CredentialState::kActive));
    EXPECT_EQ(Verdict(b->credential), "valid");

    EXPECT_EQ(service_->SetState("urn:uuid:nope", CredentialState::kRevoked).error().code,
              core::ErrorCode::kNotFound);

    // The served list itself: the entry's bit, read back from the signed list credential.
    const json& entry = a->credential["credentialStatus"][0];
    ASSERT_EQ(entry["statusPurpose"], "revocation");
    const std::string url = entry["statusListCredential"];
    auto text = service_->StatusListCredential(std::stoll(url.substr(url.rfind('/') + 1)));
    ASSERT_TRUE(text);
    auto list = StatusList::Decode(json::parse(*text)["credentialSubject"]["encodedList"].get<std::string>());
    ASSERT_TRUE(list);
    EXPECT_TRUE(*list->Get(std::stoull(entry["statusListIndex"].get<std::string>())));
}

TEST_P(CredentialServiceTest, IndexesAreRandomAndNeverShared) {
    std::set<std::string> indexes;
    for (int i = 0; i < 40; ++i) {
        auto issued =
            service_->IssueOpenBadge(Award("00000000-0000-4000-8000-0000000001" + std::to_string(10 + i)));
        ASSERT_TRUE(issued) << issued.error().message;
        indexes.insert(issued->credential["credentialStatus"][0]["statusListIndex"].get<std::string>());
    }
    EXPECT_EQ(indexes.size(), 40U);
    // Random, not sequential: not all below 40.
    EXPECT_TRUE(std::any_of(indexes.begin(), indexes.end(),
                            [](const std::string& s) { return std::stoll(s) >= 40; }));
}

TEST_P(CredentialServiceTest, ConcurrentRevocationsLoseNoBit) {
    std::vector<json> issued;
    for (int i = 0; i < 8; ++i) {
        auto one =
            service_->IssueOpenBadge(Award("00000000-0000-4000-8000-0000000002" + std::to_string(10 + i)));
        ASSERT_TRUE(one);
        issued.push_back(one->credential);
    }
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = t; i < 8; i += 4) {
                auto done = service_->SetState(issued[static_cast<std::size_t>(i)]["id"].get<std::string>(),
                                               CredentialState::kRevoked);
                EXPECT_TRUE(done) << done.error().message;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (const auto& credential : issued) EXPECT_EQ(Verdict(credential), "revoked");
}

TEST_P(CredentialServiceTest, ScriptsSignWithDidWebOrDidKey) {
    const json unsigned_doc = json::parse(R"({
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Atelier",
        "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:learner",
          "achievement": {"id": "https://passeur.example.fr/badges/x", "type": ["Achievement"],
            "name": "Atelier", "description": "Atelier suivi.", "criteria": {"narrative": "Présence."}}}
    })");
    auto web = service_->SignCredential(unsigned_doc, IssuerMode::kDidWeb);
    ASSERT_TRUE(web) << web.error().message;
    EXPECT_EQ((*web)["issuer"]["id"], "did:web:passeur.example.fr");
    EXPECT_EQ((*web)["issuer"]["type"][0], "Profile");
    EXPECT_EQ((*web)["id"].get<std::string>().rfind("urn:uuid:", 0), 0U);
    EXPECT_EQ((*web)["validFrom"], "2026-01-02T00:00:00Z");
    EXPECT_EQ(Verdict(*web), "valid");

    auto key = service_->SignCredential(unsigned_doc, IssuerMode::kDidKey);
    ASSERT_TRUE(key) << key.error().message;
    const std::string did = (*key)["issuer"]["id"];
    EXPECT_EQ(did.rfind("did:key:z6Mk", 0), 0U);
    EXPECT_EQ(Verdict(*key), "valid");
    // Its status lists are its own (same issuer as the credential), signed with that did:key.
    const std::string url = (*key)["credentialStatus"][0]["statusListCredential"];
    auto list = service_->StatusListCredential(std::stoll(url.substr(url.rfind('/') + 1)));
    ASSERT_TRUE(list);
    EXPECT_EQ(json::parse(*list)["issuer"], did);
    ASSERT_TRUE(service_->SetState((*key)["id"].get<std::string>(), CredentialState::kRevoked));
    EXPECT_EQ(Verdict(*key), "revoked");

    json signed_already = *web;
    EXPECT_FALSE(service_->SignCredential(signed_already, IssuerMode::kDidWeb));
    EXPECT_FALSE(service_->SignCredential(json::array(), IssuerMode::kDidWeb));
}

TEST_P(CredentialServiceTest, PublicRoutes) {
    auto did = passeur::testing::CallRoute(router_,
                                           passeur::testing::MakeApiRequest("GET", "/.well-known/did.json"));
    EXPECT_EQ(did.status, 200U);
    EXPECT_EQ(did.body["id"], "did:web:passeur.example.fr");
    EXPECT_EQ(did.response.Header("Access-Control-Allow-Origin").value_or(""), "*");

    auto issued = service_->IssueOpenBadge(Award("00000000-0000-4000-8000-000000000003"));
    ASSERT_TRUE(issued);
    const std::string url = issued->credential["credentialStatus"][0]["statusListCredential"];
    const std::string path = url.substr(std::string(kBaseUrl).size());
    auto list = passeur::testing::CallRoute(router_, passeur::testing::MakeApiRequest("GET", path));
    EXPECT_EQ(list.status, 200U);
    EXPECT_EQ(list.body["type"][1], "BitstringStatusListCredential");
    const std::string etag(list.response.Header("ETag").value_or(""));
    ASSERT_FALSE(etag.empty());
    auto cached_request = passeur::testing::MakeApiRequest("GET", path);
    cached_request.headers.push_back({"If-None-Match", etag});
    EXPECT_EQ(passeur::testing::CallRoute(router_, cached_request).status, 304U);
    EXPECT_EQ(passeur::testing::CallRoute(router_,
                                          passeur::testing::MakeApiRequest("GET", "/credentials/status/999"))
                  .status,
              404U);

    auto valid = passeur::testing::CallRoute(
        router_, passeur::testing::MakeApiRequest(
                     "POST", "/api/v1/verify",
                     json{{"credential", issued->credential}, {"email", "Camille@example.fr"}}.dump()));
    EXPECT_EQ(valid.status, 200U);
    EXPECT_EQ(valid.body["verdict"], "valid");
    EXPECT_EQ(valid.body["email_matches"], true);
    EXPECT_EQ(valid.body["credential"]["achievements"][0]["name"], "Démarches en ligne");

    json tampered = issued->credential;
    tampered["validFrom"] = "2025-01-01T00:00:00Z";
    auto bad = passeur::testing::CallRoute(
        router_, passeur::testing::MakeApiRequest("POST", "/api/v1/verify", tampered.dump()));
    EXPECT_EQ(bad.body["verdict"], "tampered");
    auto junk =
        passeur::testing::CallRoute(router_, passeur::testing::MakeApiRequest("POST", "/api/v1/verify", "{"));
    EXPECT_EQ(junk.status, 400U);
}

// --- RSA issuer keys (VC-JWT RS256) -----------------------------------------------------------------

const json& OpenBadgeDraft() {
    static const json doc = json::parse(R"({
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Atelier",
        "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:learner",
          "achievement": {"id": "https://passeur.example.fr/badges/x", "type": ["Achievement"],
            "name": "Atelier", "description": "Atelier suivi.", "criteria": {"narrative": "Présence."}}}
    })");
    return doc;
}

// The decoded JOSE header of a compact JWS.
json JwtHeader(const std::string& token) {
    auto text = core::Base64UrlDecode(token.substr(0, token.find('.')));
    return text ? json::parse(*text) : json();
}

// `token` with one character of its payload changed (in the middle: still canonical base64url).
std::string FlipPayloadChar(std::string token) {
    const auto first = token.find('.');
    const auto second = token.find('.', first + 1);
    const std::size_t at = first + (second - first) / 2;
    token[at] = token[at] == 'A' ? 'B' : 'A';
    return token;
}

TEST_P(CredentialServiceTest, RsaKeysAreSealedAndPublishedAsJsonWebKeys) {
    auto rsa = service_->CreateKey(IssuerKeyKind::kRsa);
    ASSERT_TRUE(rsa) << rsa.error().message;
    EXPECT_EQ(rsa->id, "key-2");
    EXPECT_EQ(rsa->kind, "RSA");
    EXPECT_TRUE(rsa->did_key.empty());
    const json jwk = json::parse(rsa->public_key);
    EXPECT_EQ(jwk, json({{"kty", "RSA"}, {"n", jwk["n"]}, {"e", "AQAB"}}));
    auto modulus = core::Base64UrlDecode(jwk["n"].get<std::string>());
    ASSERT_TRUE(modulus);
    EXPECT_EQ(modulus->size() * 8, static_cast<std::size_t>(kIssuerRsaBits));
    EXPECT_EQ(service_->EnsureKey()->id, "key-1") << "an RSA key is not the Ed25519 key EnsureKey wants";
    auto keys = service_->ListKeys();
    ASSERT_TRUE(keys);
    ASSERT_EQ(keys->size(), 2U);
    EXPECT_EQ(keys->at(0).kind, "Ed25519");
    EXPECT_EQ(keys->at(1).kind, "RSA");

    // Sealed at rest: neither the PEM nor its DER (nor any 16-byte run of it) is in the row.
    auto rows = db_->Query("SELECT sealed_secret, kind, public_key FROM issuer_keys WHERE id = 'key-2'");
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1U);
    EXPECT_EQ(store::AsText(rows->at(0)[1]), "RSA");
    EXPECT_EQ(json::parse(store::AsText(rows->at(0)[2])), jwk);
    const std::string sealed = store::AsText(rows->at(0)[0]);
    auto pem = KeyVault::FromKek(Kek(7)).Open(sealed, "key-2");
    ASSERT_TRUE(pem) << pem.error().message;
    ASSERT_EQ(pem->rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0U);
    EXPECT_TRUE(RsaKey::FromPrivatePem(*pem)) << "the sealed secret is the PKCS#8 PEM";
    std::string body;
    for (char c : pem->substr(28, pem->find("-----END") - 28)) {
        if (c != '\n') body.push_back(c == '+' ? '-' : c == '/' ? '_' : c);
    }
    while (!body.empty() && body.back() == '=') body.pop_back();
    auto der = core::Base64UrlDecode(body);
    ASSERT_TRUE(der);
    ASSERT_GT(der->size(), 1500U);
    auto raw = core::Base64UrlDecode(sealed);
    ASSERT_TRUE(raw);
    EXPECT_EQ(sealed.find("PRIVATE KEY"), std::string::npos);
    EXPECT_EQ(raw->find("PRIVATE KEY"), std::string::npos);
    for (std::size_t at = 0; at + 16 <= der->size(); at += 97) {
        EXPECT_EQ(raw->find(der->substr(at, 16)), std::string::npos) << "DER bytes at " << at;
        EXPECT_EQ(sealed.find(body.substr(at, 16)), std::string::npos) << "PEM text at " << at;
    }
    EXPECT_FALSE(KeyVault::FromKek(Kek(8)).Open(sealed, "key-2")) << "another key file does not open it";

    // Published on did:web as a JsonWebKey2020 listed under assertionMethod, beside key-1.
    auto doc = service_->DidDocument();
    ASSERT_TRUE(doc);
    ASSERT_EQ((*doc)["verificationMethod"].size(), 2U);
    EXPECT_EQ((*doc)["verificationMethod"][0]["type"], "Multikey");
    const json& method = (*doc)["verificationMethod"][1];
    EXPECT_EQ(method["id"], "did:web:passeur.example.fr#key-2");
    EXPECT_EQ(method["type"], "JsonWebKey2020");
    EXPECT_EQ(method["controller"], "did:web:passeur.example.fr");
    EXPECT_EQ(
        method["publicKeyJwk"],
        json({{"kty", "RSA"}, {"n", jwk["n"]}, {"e", "AQAB"}, {"kid", "did:web:passeur.example.fr#key-2"}}));
    EXPECT_EQ((*doc)["assertionMethod"][1], "did:web:passeur.example.fr#key-2");
    EXPECT_NE(std::find((*doc)["@context"].begin(), (*doc)["@context"].end(),
                        "https://w3id.org/security/suites/jws-2020/v1"),
              (*doc)["@context"].end());
    auto served = passeur::testing::CallRoute(
        router_, passeur::testing::MakeApiRequest("GET", "/.well-known/did.json"));
    EXPECT_EQ(served.status, 200U);
    EXPECT_EQ(served.body["verificationMethod"][1]["publicKeyJwk"]["n"], jwk["n"]);
}

TEST_P(CredentialServiceTest, Rs256JwtsVerifyAndAreTamperedOrRevoked) {
    ASSERT_TRUE(service_->CreateKey(IssuerKeyKind::kRsa));
    auto token = service_->SignCredential(OpenBadgeDraft(), IssuerMode::kDidWeb, CredentialFormat::kJwt,
                                          JwtAlgorithm::kRs256);
    ASSERT_TRUE(token) << token.error().message;
    ASSERT_TRUE(token->is_string());
    const std::string jwt = token->get<std::string>();
    EXPECT_EQ(JwtHeader(jwt),
              json({{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "did:web:passeur.example.fr#key-2"}}));
    const CredentialVerification valid = service_->Verify(jwt);
    EXPECT_EQ(CredentialVerdictName(valid.verdict), "valid") << valid.reason;
    EXPECT_EQ(valid.proof_type, "JWT");
    EXPECT_EQ(valid.cryptosuite, "RS256");
    EXPECT_EQ(valid.issuer_id, "did:web:passeur.example.fr");
    ASSERT_EQ(valid.status.size(), 2U);

    // The same through POST /api/v1/verify (a JWT is sent as a JSON string).
    auto api = passeur::testing::CallRoute(
        router_,
        passeur::testing::MakeApiRequest("POST", "/api/v1/verify", json{{"credential", jwt}}.dump()));
    EXPECT_EQ(api.status, 200U);
    EXPECT_EQ(api.body["verdict"], "valid");
    EXPECT_EQ(api.body["credential"]["proof"]["cryptosuite"], "RS256");

    const std::string flipped = FlipPayloadChar(jwt);
    ASSERT_NE(flipped, jwt);
    EXPECT_EQ(CredentialVerdictName(service_->Verify(flipped).verdict), "tampered")
        << service_->Verify(flipped).reason;
    // A forged kid (key-1 is Ed25519: alg and key disagree; key-9 does not exist).
    std::string forged = jwt;
    const std::string header = core::Base64UrlEncode(
        json({{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "did:web:passeur.example.fr#key-9"}}).dump());
    forged.replace(0, forged.find('.'), header);
    EXPECT_EQ(CredentialVerdictName(service_->Verify(forged).verdict), "tampered");

    // By default a JWT is still EdDSA when there is an Ed25519 key.
    auto eddsa = service_->SignCredential(OpenBadgeDraft(), IssuerMode::kDidWeb, CredentialFormat::kJwt);
    ASSERT_TRUE(eddsa) << eddsa.error().message;
    EXPECT_EQ(JwtHeader(eddsa->get<std::string>())["alg"], "EdDSA");
    EXPECT_EQ(JwtHeader(eddsa->get<std::string>())["kid"], "did:web:passeur.example.fr#key-1");
    EXPECT_EQ(CredentialVerdictName(service_->Verify(eddsa->get<std::string>()).verdict), "valid");

    const std::string id = valid.id;
    ASSERT_EQ(id.rfind("urn:uuid:", 0), 0U);
    ASSERT_TRUE(service_->SetState(id, CredentialState::kRevoked));
    EXPECT_EQ(CredentialVerdictName(service_->Verify(jwt).verdict), "revoked");
    EXPECT_EQ(CredentialVerdictName(service_->Verify(eddsa->get<std::string>()).verdict), "valid");
    auto rows = db_->Query("SELECT key_id FROM issued_credentials WHERE credential_id = $1", {id});
    ASSERT_TRUE(rows);
    EXPECT_EQ(store::AsText(rows->at(0)[0]), "key-2") << "the registry records the RSA key";
}

TEST_P(CredentialServiceTest, RsaRotationKeepsOlderJwtsValid) {
    ASSERT_TRUE(service_->CreateKey(IssuerKeyKind::kRsa));
    auto first = service_->SignCredential(OpenBadgeDraft(), IssuerMode::kDidWeb, CredentialFormat::kJwt,
                                          JwtAlgorithm::kRs256);
    ASSERT_TRUE(first) << first.error().message;
    auto third = service_->CreateKey(IssuerKeyKind::kRsa);
    ASSERT_TRUE(third);
    EXPECT_EQ(third->id, "key-3");
    auto second = service_->SignCredential(OpenBadgeDraft(), IssuerMode::kDidWeb, CredentialFormat::kJwt,
                                           JwtAlgorithm::kRs256);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(JwtHeader(first->get<std::string>())["kid"], "did:web:passeur.example.fr#key-2");
    EXPECT_EQ(JwtHeader(second->get<std::string>())["kid"], "did:web:passeur.example.fr#key-3")
        << "the newest RSA key signs";
    EXPECT_EQ(CredentialVerdictName(service_->Verify(first->get<std::string>()).verdict), "valid")
        << "rotation keeps older JWTs verifiable";
    EXPECT_EQ(CredentialVerdictName(service_->Verify(second->get<std::string>()).verdict), "valid");
    // The Ed25519 key is unaffected by RSA rotation.
    auto issued = service_->IssueOpenBadge(Award("00000000-0000-4000-8000-000000000051"));
    ASSERT_TRUE(issued) << issued.error().message;
    EXPECT_EQ(issued->credential["proof"]["verificationMethod"], "did:web:passeur.example.fr#key-1");
}

TEST_P(CredentialServiceTest, Rs256IsRefusedWhereItCannotWork) {
    auto none = service_->SignCredential(OpenBadgeDraft(), IssuerMode::kDidWeb, CredentialFormat::kJwt,
                                         JwtAlgorithm::kRs256);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, core::ErrorCode::kUnavailable);
    EXPECT_NE(none.error().message.find("passeur keys create --type rsa"), std::string::npos)
        << none.error().message;
    ASSERT_TRUE(service_->CreateKey(IssuerKeyKind::kRsa));
    auto did_key = service_->SignCredential(OpenBadgeDraft(), IssuerMode::kDidKey, CredentialFormat::kJwt,
                                            JwtAlgorithm::kRs256);
    ASSERT_FALSE(did_key);
    EXPECT_EQ(did_key.error().field, "--issuer");
    EXPECT_NE(did_key.error().message.find("did:key is Ed25519 only"), std::string::npos);
    auto data_integrity = service_->SignCredential(OpenBadgeDraft(), IssuerMode::kDidWeb,
                                                   CredentialFormat::kDataIntegrity, JwtAlgorithm::kRs256);
    ASSERT_FALSE(data_integrity);
    EXPECT_EQ(data_integrity.error().field, "--alg");
    EXPECT_NE(data_integrity.error().message.find("Ed25519 only"), std::string::npos);
    auto count = db_->Query("SELECT COUNT(*) FROM issued_credentials");
    ASSERT_TRUE(count);
    EXPECT_EQ(store::AsInt(count->at(0)[0]), 0) << "nothing refused is recorded";

    // With the Ed25519 key retired, a JWT defaults to RS256 but the status lists cannot be signed:
    // refused, unless the credential brings its own status.
    ASSERT_TRUE(db_->Exec("UPDATE issuer_keys SET retired_at = 1 WHERE kind = 'Ed25519'"));
    auto no_lists = service_->SignCredential(OpenBadgeDraft(), IssuerMode::kDidWeb, CredentialFormat::kJwt);
    ASSERT_FALSE(no_lists);
    EXPECT_EQ(no_lists.error().code, core::ErrorCode::kUnavailable);
    EXPECT_NE(no_lists.error().message.find("`passeur keys create`"), std::string::npos);
    json own_status = OpenBadgeDraft();
    own_status["credentialStatus"] = json::array();
    auto rs256 = service_->SignCredential(own_status, IssuerMode::kDidWeb, CredentialFormat::kJwt);
    ASSERT_TRUE(rs256) << rs256.error().message;
    EXPECT_EQ(JwtHeader(rs256->get<std::string>())["alg"], "RS256");
    EXPECT_EQ(CredentialVerdictName(service_->Verify(rs256->get<std::string>()).verdict), "valid");
}

INSTANTIATE_TEST_SUITE_P(Engines, CredentialServiceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), EngineName);

TEST(KeyVault, FileIsCreatedPrivateAndReloaded) {
    const auto dir = std::filesystem::temp_directory_path() / ("passeur-kek-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "test.issuer-key").string();
    std::filesystem::remove(path);
    core::SeededRandom random(1);
    EXPECT_FALSE(KeyVault::LoadOrCreate(path, false, random)) << "not created unless asked";
    auto created = KeyVault::LoadOrCreate(path, true, random);
    ASSERT_TRUE(created) << created.error().message;
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);
    auto reloaded = KeyVault::LoadOrCreate(path, true, random);
    ASSERT_TRUE(reloaded);
    EXPECT_EQ(reloaded->KekId(), created->KekId());
    const std::string sealed = created->Seal("secret seed", "key-1", random);
    EXPECT_EQ(*reloaded->Open(sealed, "key-1"), "secret seed");
    EXPECT_FALSE(reloaded->Open(sealed, "key-2")) << "the key id is bound to the ciphertext";
    EXPECT_EQ(sealed.find("secret"), std::string::npos);

    ::chmod(path.c_str(), 0644);
    auto open_to_all = KeyVault::LoadOrCreate(path, false, random);
    ASSERT_FALSE(open_to_all);
    EXPECT_NE(open_to_all.error().message.find("chmod 600"), std::string::npos);
    ::chmod(path.c_str(), 0600);
    std::ofstream(path) << "not hex\n";
    EXPECT_FALSE(KeyVault::LoadOrCreate(path, false, random));
    std::filesystem::remove_all(dir);
    EXPECT_EQ(DefaultKeyFile("sqlite:/var/lib/passeur/p.db"), "/var/lib/passeur/p.db.issuer-key");
}

}  // namespace
}  // namespace passeur::credential
