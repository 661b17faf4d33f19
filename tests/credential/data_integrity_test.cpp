// Data Integrity proofs: the published W3C vc-di-eddsa vectors (eddsa-rdfc-2022 Alumni and
// Employment Authorization, Ed25519Signature2020) and the Open Badges 3.0 linked-data-proof
// example reproduced byte for byte (canonical forms, both hashes, signature, proofValue), then
// verification verdicts for tampered documents and proofs, wrong keys, proof sets, bad inputs.
#include "credential/data_integrity.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/encoding.hpp"
#include "credential/contexts.hpp"
#include "credential/did.hpp"
#include "credential/ed25519.hpp"
#include "credential/multibase.hpp"

namespace passeur::credential {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kData = fs::path(PASSEUR_CREDENTIAL_TEST_DATA_DIR);
const fs::path kJsonLd = kData / "jsonld";
const fs::path kVectors = kData / "data-integrity" / "vc-di-eddsa";

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << path;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A one-line vector file (hashes, signatures) without its trailing newline.
std::string ReadLine(const fs::path& path) {
    std::string text = ReadFile(path);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

json ReadJson(const fs::path& path) { return json::parse(ReadFile(path)); }

// The built-in contexts plus the two test-only contexts the W3C vectors use.
const ContextSet& VectorContexts() {
    static const std::shared_ptr<const ContextSet> set = [] {
        auto made = ContextSet::Create({{"https://www.w3.org/ns/credentials/examples/v2",
                                         ReadFile(kJsonLd / "contexts" / "credentials-examples-v2.jsonld")},
                                        {"https://w3id.org/citizenship/v4rc1",
                                         ReadFile(kJsonLd / "contexts" / "citizenship-v4rc1.jsonld")}},
                                       true);
        EXPECT_TRUE(made.has_value()) << made.error().message;
        return *made;
    }();
    return *set;
}

JsonLdOptions VectorJsonLd() {
    JsonLdOptions options;
    options.contexts = &VectorContexts();
    return options;
}

VerifyOptions VectorVerify() {
    VerifyOptions options;
    options.jsonld = VectorJsonLd();
    return options;
}

Ed25519SecretKey VectorSecretKey() {
    auto key = ParseEd25519SecretKeyMultibase(
        ReadJson(kVectors / "keyPair.json")["privateKeyMultibase"].get<std::string>());
    EXPECT_TRUE(key.has_value()) << key.error().message;
    return key ? *key : Ed25519SecretKey({});
}

std::string Hex(std::string_view bytes) { return core::HexEncode(bytes); }

std::string SignatureHex(const std::string& proof_value) {
    auto bytes = MultibaseDecode(proof_value);
    EXPECT_TRUE(bytes.has_value());
    return bytes ? Hex(*bytes) : std::string();
}

std::string ReasonOf(const Verdict& verdict) { return std::string(VerifyReasonName(verdict.reason)); }

// The Alumni credential signed with the vector key (as published).
json AlumniSigned() { return ReadJson(kJsonLd / "vc-di-eddsa" / "eddsa-rdfc-2022" / "signedDataInt.json"); }

// --- published vectors ------------------------------------------------------------------------

void CheckEddsaVector(const fs::path& jsonld_dir, const fs::path& vector_dir, const json& unsigned_doc) {
    const json proof_config = ReadJson(jsonld_dir / "proofConfigDataInt.json");
    auto input = PrepareSigningInput(unsigned_doc, proof_config, VectorJsonLd());
    ASSERT_TRUE(input.has_value()) << input.error().message;
    EXPECT_EQ(input->canonical_document, ReadFile(jsonld_dir / "canonDocDataInt.txt"));
    EXPECT_EQ(input->canonical_proof_config, ReadFile(jsonld_dir / "proofCanonDataInt.txt"));
    EXPECT_EQ(Hex(input->document_hash), ReadLine(vector_dir / "docHashDataInt.txt"));
    EXPECT_EQ(Hex(input->proof_config_hash), ReadLine(vector_dir / "proofHashDataInt.txt"));
    EXPECT_EQ(Hex(input->Data()), ReadLine(vector_dir / "combinedHashDataInt.txt"));

    const Ed25519SecretKey key = VectorSecretKey();
    EXPECT_EQ(Ed25519PublicKeyMultibase(key.PublicKey()),
              ReadJson(kVectors / "keyPair.json")["publicKeyMultibase"]);
    ProofOptions options;
    options.verification_method = proof_config["verificationMethod"];
    options.created = proof_config["created"];
    auto signed_doc = Sign(unsigned_doc, options, key, VectorJsonLd());
    ASSERT_TRUE(signed_doc.has_value()) << signed_doc.error().message;
    EXPECT_EQ((*signed_doc)["proof"]["proofValue"], ReadLine(vector_dir / "sigBTC58DataInt.txt"));
    EXPECT_EQ(SignatureHex((*signed_doc)["proof"]["proofValue"]), ReadLine(vector_dir / "sigHexDataInt.txt"));
    EXPECT_EQ(*signed_doc, ReadJson(jsonld_dir / "signedDataInt.json"));

    const Verdict verdict =
        Verify(ReadJson(jsonld_dir / "signedDataInt.json"), DidKeyResolver(), VectorVerify());
    EXPECT_TRUE(verdict.ok) << ReasonOf(verdict) << ": " << verdict.message;
    EXPECT_EQ(verdict.reason, VerifyReason::kOk);
}

TEST(DataIntegrityVectors, EddsaRdfc2022Alumni) {
    CheckEddsaVector(kJsonLd / "vc-di-eddsa" / "eddsa-rdfc-2022", kVectors / "eddsa-rdfc-2022",
                     ReadJson(kJsonLd / "vc-di-eddsa" / "unsigned.json"));
}

TEST(DataIntegrityVectors, EddsaRdfc2022EmploymentAuthorization) {
    CheckEddsaVector(kJsonLd / "vc-di-eddsa" / "eddsa-rdfc-2022" / "employ",
                     kVectors / "eddsa-rdfc-2022" / "employ",
                     ReadJson(kJsonLd / "vc-di-eddsa" / "employmentAuth.json"));
}

TEST(DataIntegrityVectors, Ed25519Signature2020) {
    const fs::path jsonld_dir = kJsonLd / "vc-di-eddsa" / "Ed25519Signature2020";
    const fs::path vector_dir = kVectors / "Ed25519Signature2020";
    const json signed_doc = ReadJson(jsonld_dir / "signedEdSig.json");
    auto input =
        PrepareSigningInput(signed_doc, ReadJson(jsonld_dir / "proofConfigEdSig.json"), VectorJsonLd());
    ASSERT_TRUE(input.has_value()) << input.error().message;
    EXPECT_EQ(input->canonical_document, ReadFile(jsonld_dir / "canonDocEdSig.txt"));
    EXPECT_EQ(input->canonical_proof_config, ReadFile(jsonld_dir / "proofCanonEdSig.txt"));
    EXPECT_EQ(Hex(input->document_hash), ReadLine(vector_dir / "docHashEdSig.txt"));
    EXPECT_EQ(Hex(input->proof_config_hash), ReadLine(vector_dir / "proofHashEdSig.txt"));
    EXPECT_EQ(Hex(input->Data()), ReadLine(vector_dir / "combinedHashEdSig.txt"));
    const Ed25519Signature signature = VectorSecretKey().Sign(input->Data());
    const std::string signature_bytes(reinterpret_cast<const char*>(signature.data()), signature.size());
    EXPECT_EQ(Hex(signature_bytes), ReadLine(vector_dir / "sigHexEdSig.txt"));
    EXPECT_EQ(MultibaseBase58Btc(signature_bytes), ReadLine(vector_dir / "sigBTC58EdSig.txt"));

    const Verdict verdict = Verify(signed_doc, DidKeyResolver(), VectorVerify());
    EXPECT_TRUE(verdict.ok) << ReasonOf(verdict) << ": " << verdict.message;

    json tampered = signed_doc;
    tampered["name"] = "Alumni Credential!";
    EXPECT_EQ(Verify(tampered, DidKeyResolver(), VectorVerify()).reason, VerifyReason::kSignatureInvalid);
}

// Open Badges 3.0 "Linked Data Proof Test Vector" (1EdTech openbadges-specification,
// ob_v3p0/impl/linked-data-proof-ob.html): key, hashes, signature and proofValue as published.
constexpr std::string_view kObSecretSeedHex =
    "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4";
constexpr std::string_view kObPublicKeyHex =
    "4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5";
constexpr std::string_view kObPublicKeyMultibase = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
constexpr std::string_view kObSecretKeyMultibase =
    "zrv2bqTbNwCTsRrHFcJCPjVAduh4Ezcnoq1A3ZxH1GWTNkxipLVuaAoMFmze2gFN9oNXfJjufxSHWVZzsJiUsMHFMcx";
constexpr std::string_view kObVerificationMethod =
    "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
constexpr std::string_view kObDocumentHash =
    "87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773";
constexpr std::string_view kObProofHash = "d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19";
constexpr std::string_view kObSignatureHex =
    "f7a017acf7d27983267ec362657c0fb08e955549f49dac5bf36a03c4f2c3a4f1e3738a6c5ecd7ffba7135cb9cd754e6196f4b730"
    "82ea8df8e703c8ecd4333503";
constexpr std::string_view kObProofValue =
    "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr";

std::array<std::uint8_t, 32> FromHex32(std::string_view hex) {
    std::array<std::uint8_t, 32> out{};
    for (std::size_t i = 0; i < 32; ++i) {
        out[i] = static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(2 * i, 2)), nullptr, 16));
    }
    return out;
}

KeyResolver ObResolver() {
    return [](std::string_view method) -> core::Result<Ed25519PublicKey> {
        if (method == kObVerificationMethod) return FromHex32(kObPublicKeyHex);
        return core::Fail(core::Error::NotFound("unknown key"));
    };
}

json ObSigned() {
    auto signed_doc =
        Sign(ReadJson(kJsonLd / "openbadges" / "ob-credential.json"),
             ProofOptions{std::string(kObVerificationMethod), "assertionMethod", "2010-01-01T19:23:24Z"},
             Ed25519SecretKey(FromHex32(kObSecretSeedHex)));
    EXPECT_TRUE(signed_doc.has_value()) << signed_doc.error().message;
    return signed_doc ? *signed_doc : json();
}

TEST(DataIntegrityVectors, OpenBadges3LinkedDataProof) {
    const Ed25519SecretKey key(FromHex32(kObSecretSeedHex));
    EXPECT_EQ(key.PublicKey(), FromHex32(kObPublicKeyHex));
    EXPECT_EQ(Ed25519PublicKeyMultibase(key.PublicKey()), kObPublicKeyMultibase);
    auto parsed_secret = ParseEd25519SecretKeyMultibase(kObSecretKeyMultibase);  // the 64-byte form
    ASSERT_TRUE(parsed_secret.has_value()) << parsed_secret.error().message;
    EXPECT_EQ(parsed_secret->Seed(), key.Seed());

    const json credential = ReadJson(kJsonLd / "openbadges" / "ob-credential.json");
    auto input = PrepareSigningInput(credential, ReadJson(kJsonLd / "openbadges" / "ob-proof-config.json"));
    ASSERT_TRUE(input.has_value()) << input.error().message;
    EXPECT_EQ(Hex(input->document_hash), kObDocumentHash);
    EXPECT_EQ(Hex(input->proof_config_hash), kObProofHash);

    const json signed_doc = ObSigned();
    EXPECT_EQ(signed_doc["proof"]["proofValue"], kObProofValue);
    EXPECT_EQ(SignatureHex(signed_doc["proof"]["proofValue"]), kObSignatureHex);
    EXPECT_EQ(signed_doc["proof"]["type"], "DataIntegrityProof");
    EXPECT_EQ(signed_doc["proof"]["cryptosuite"], "eddsa-rdfc-2022");
    EXPECT_EQ(signed_doc["proof"]["proofPurpose"], "assertionMethod");

    const Verdict verdict = Verify(signed_doc, ObResolver());
    EXPECT_TRUE(verdict.ok) << ReasonOf(verdict) << ": " << verdict.message;
    // Not a did:key: the default resolver cannot resolve it.
    const Verdict unresolved = Verify(signed_doc, DidKeyResolver());
    EXPECT_EQ(unresolved.reason, VerifyReason::kKeyUnresolved);
    EXPECT_NE(unresolved.message.find("https://example.edu/issuers/565049#"), std::string::npos)
        << unresolved.message;
}

// --- tampering ----------------------------------------------------------------------------------

// Every string leaf of `value` (path, pointer) outside "@context" and "proof".
void StringLeaves(const json& value, const json::json_pointer& at, std::vector<json::json_pointer>& out) {
    if (value.is_string()) {
        out.push_back(at);
    } else if (value.is_object()) {
        for (const auto& [key, child] : value.items()) {
            if (at.empty() && (key == "@context" || key == "proof")) continue;
            StringLeaves(child, at / key, out);
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) StringLeaves(value[i], at / i, out);
    }
}

TEST(DataIntegrityTampering, AnyChangedFieldOfTheCredentialInvalidatesTheSignature) {
    for (const json& signed_doc : {AlumniSigned(), ObSigned()}) {
        const bool alumni =
            signed_doc.contains("credentialSubject") && signed_doc["credentialSubject"].contains("alumniOf");
        const KeyResolver resolver = alumni ? DidKeyResolver() : ObResolver();
        const VerifyOptions options = alumni ? VectorVerify() : VerifyOptions{};
        ASSERT_TRUE(Verify(signed_doc, resolver, options).ok);
        std::vector<json::json_pointer> leaves;
        StringLeaves(signed_doc, json::json_pointer(), leaves);
        ASSERT_GE(leaves.size(), alumni ? 8u : 14u);
        for (const auto& leaf : leaves) {
            // A changed type is another class: with the badge's contexts (no @vocab) it is an
            // undefined term, so canonicalization fails; the Alumni vector's @vocab accepts it.
            const bool is_type = leaf.to_string().find("/type/") != std::string::npos;
            json tampered = signed_doc;
            tampered[leaf] = tampered[leaf].get<std::string>() + "x";
            const Verdict verdict = Verify(tampered, resolver, options);
            const VerifyReason expected =
                is_type && !alumni ? VerifyReason::kCanonicalizationFailed : VerifyReason::kSignatureInvalid;
            EXPECT_EQ(verdict.reason, expected) << leaf.to_string() << ": " << verdict.message;
            EXPECT_FALSE(verdict.ok);
        }
        // A removed type, a removed field and an added one.
        json retyped = signed_doc;
        retyped["type"].erase(1);
        EXPECT_EQ(Verify(retyped, resolver, options).reason, VerifyReason::kSignatureInvalid);
        json removed = signed_doc;
        removed.erase("name");
        EXPECT_EQ(Verify(removed, resolver, options).reason, VerifyReason::kSignatureInvalid);
        json added = signed_doc;
        added["credentialSubject"]["name"] = "Added Name";
        EXPECT_EQ(Verify(added, resolver, options).reason, VerifyReason::kSignatureInvalid);
    }
}

TEST(DataIntegrityTampering, ChangedProofOptionsInvalidateTheSignature) {
    json created = AlumniSigned();
    created["proof"]["created"] = "2023-02-24T23:36:39Z";
    EXPECT_EQ(Verify(created, DidKeyResolver(), VectorVerify()).reason, VerifyReason::kSignatureInvalid);

    // Another purpose, accepted by the verifier, still is not what was signed.
    json purpose = AlumniSigned();
    purpose["proof"]["proofPurpose"] = "authentication";
    VerifyOptions authentication = VectorVerify();
    authentication.expected_proof_purpose = "authentication";
    EXPECT_EQ(Verify(purpose, DidKeyResolver(), authentication).reason, VerifyReason::kSignatureInvalid);
    EXPECT_EQ(Verify(purpose, DidKeyResolver(), VectorVerify()).reason, VerifyReason::kProofPurposeMismatch);

    // Another key named by the proof.
    json method = AlumniSigned();
    method["proof"]["verificationMethod"] = DidKeyVerificationMethod(GenerateEd25519SecretKey().PublicKey());
    EXPECT_EQ(Verify(method, DidKeyResolver(), VectorVerify()).reason, VerifyReason::kSignatureInvalid);

    // A flipped signature bit.
    json value = AlumniSigned();
    auto signature = MultibaseDecode(value["proof"]["proofValue"].get<std::string>());
    ASSERT_TRUE(signature.has_value());
    (*signature)[10] = static_cast<char>((*signature)[10] ^ 0x01);
    value["proof"]["proofValue"] = MultibaseBase58Btc(*signature);
    EXPECT_EQ(Verify(value, DidKeyResolver(), VectorVerify()).reason, VerifyReason::kSignatureInvalid);
}

TEST(DataIntegrityTampering, WrongKeyAndUnresolvedKey) {
    const Ed25519PublicKey other = GenerateEd25519SecretKey().PublicKey();
    const KeyResolver wrong = [&](std::string_view) -> core::Result<Ed25519PublicKey> { return other; };
    EXPECT_EQ(Verify(AlumniSigned(), wrong, VectorVerify()).reason, VerifyReason::kSignatureInvalid);
    const KeyResolver failing = [](std::string_view) -> core::Result<Ed25519PublicKey> {
        return core::Fail(core::Error::Unavailable("did:web host unreachable"));
    };
    const Verdict verdict = Verify(AlumniSigned(), failing, VectorVerify());
    EXPECT_EQ(verdict.reason, VerifyReason::kKeyUnresolved);
    EXPECT_NE(verdict.message.find("did:web host unreachable"), std::string::npos);
    const KeyResolver throwing = [](std::string_view) -> core::Result<Ed25519PublicKey> {
        throw std::runtime_error("boom");
    };
    EXPECT_EQ(Verify(AlumniSigned(), throwing, VectorVerify()).reason, VerifyReason::kKeyUnresolved);
    EXPECT_EQ(Verify(AlumniSigned(), KeyResolver(), VectorVerify()).reason, VerifyReason::kKeyUnresolved);
}

TEST(DataIntegrityTampering, ProofMissingUnsupportedAndMalformed) {
    json missing = AlumniSigned();
    missing.erase("proof");
    EXPECT_EQ(Verify(missing, DidKeyResolver(), VectorVerify()).reason, VerifyReason::kProofMissing);
    missing["proof"] = json::array();
    EXPECT_EQ(Verify(missing, DidKeyResolver(), VectorVerify()).reason, VerifyReason::kProofMissing);

    json suite = AlumniSigned();
    suite["proof"]["cryptosuite"] = "ecdsa-rdfc-2019";
    const Verdict unsupported = Verify(suite, DidKeyResolver(), VectorVerify());
    EXPECT_EQ(unsupported.reason, VerifyReason::kUnsupportedCryptosuite);
    EXPECT_NE(unsupported.message.find("ecdsa-rdfc-2019"), std::string::npos);
    json type = AlumniSigned();
    type["proof"]["type"] = "JsonWebSignature2020";
    EXPECT_EQ(Verify(type, DidKeyResolver(), VectorVerify()).reason, VerifyReason::kUnsupportedCryptosuite);

    const auto malformed = [](const std::string& key, const json& value) {
        json doc = AlumniSigned();
        if (value.is_null()) {
            doc["proof"].erase(key);
        } else {
            doc["proof"][key] = value;
        }
        const Verdict verdict = Verify(doc, DidKeyResolver(), VectorVerify());
        EXPECT_EQ(verdict.reason, VerifyReason::kMalformedProof) << key << " " << value.dump();
        EXPECT_NE(verdict.message.find("proof." + key), std::string::npos) << verdict.message;
    };
    malformed("proofValue", nullptr);
    malformed("proofValue", 42);
    malformed("proofValue", "u" + core::Base64UrlEncode(std::string(64, 'a')));
    malformed("proofValue", "z3MvGcVxzRCZ");       // a few bytes only
    malformed("proofValue", "z2YwC8z3ap7yx1nZ0");  // '0' is not base58
    malformed("verificationMethod", nullptr);
    malformed("proofPurpose", json::array());
    malformed("created", "yesterday");
    malformed("cryptosuite", nullptr);
    malformed("type", nullptr);
    malformed("previousProof", "urn:uuid:1");

    json not_object = AlumniSigned();
    not_object["proof"] = 5;
    EXPECT_EQ(Verify(not_object, DidKeyResolver(), VectorVerify()).reason, VerifyReason::kMalformedProof);
    EXPECT_EQ(Verify(json::array(), DidKeyResolver()).reason, VerifyReason::kMalformedDocument);
    EXPECT_EQ(Verify(json("text"), DidKeyResolver()).reason, VerifyReason::kMalformedDocument);
    json no_context = AlumniSigned();
    no_context.erase("@context");
    EXPECT_EQ(Verify(no_context, DidKeyResolver()).reason, VerifyReason::kMalformedDocument);
}

TEST(DataIntegrityTampering, CanonicalizationFailures) {
    // Without the examples context the Alumni vector has undefined terms.
    const Verdict unknown_context = Verify(AlumniSigned(), DidKeyResolver());
    EXPECT_EQ(unknown_context.reason, VerifyReason::kCanonicalizationFailed);
    EXPECT_NE(unknown_context.message.find("document"), std::string::npos) << unknown_context.message;
    // A term no context defines (safe mode), in the badge.
    json undefined = ObSigned();
    undefined["credentialSubject"]["notATerm"] = "x";
    const Verdict verdict = Verify(undefined, ObResolver());
    EXPECT_EQ(verdict.reason, VerifyReason::kCanonicalizationFailed);
    EXPECT_NE(verdict.message.find("notATerm"), std::string::npos) << verdict.message;
}

TEST(DataIntegrityProofs, ProofContextMustPrefixTheDocumentContext) {
    json with_context = ObSigned();
    with_context["proof"]["@context"] = with_context["@context"];
    const Verdict same = Verify(with_context, ObResolver());
    EXPECT_TRUE(same.ok) << same.message;
    with_context["proof"]["@context"] = json::array({"https://w3id.org/security/data-integrity/v2"});
    EXPECT_EQ(Verify(with_context, ObResolver()).reason, VerifyReason::kMalformedProof);
}

TEST(DataIntegrityProofs, GeneratedDidKeyRoundTripAndProofSets) {
    const Ed25519SecretKey first = GenerateEd25519SecretKey();
    const Ed25519SecretKey second = GenerateEd25519SecretKey();
    EXPECT_NE(first.Seed(), second.Seed());
    const json credential = ReadJson(kJsonLd / "openbadges" / "ob-credential.json");
    auto one =
        Sign(credential,
             {DidKeyVerificationMethod(first.PublicKey()), "assertionMethod", "2026-01-01T00:00:00Z"}, first);
    auto two =
        Sign(credential,
             {DidKeyVerificationMethod(second.PublicKey()), "assertionMethod", "2026-01-02T00:00:00.5+01:00"},
             second);
    ASSERT_TRUE(one.has_value() && two.has_value());
    EXPECT_TRUE(Verify(*one, DidKeyResolver()).ok);
    EXPECT_TRUE(Verify(*two, DidKeyResolver()).ok);

    json set = *one;
    set["proof"] = json::array({(*one)["proof"], (*two)["proof"]});
    const Verdict both = Verify(set, DidKeyResolver());
    EXPECT_TRUE(both.ok) << both.message;
    set["proof"][1]["created"] = "2026-01-03T00:00:00Z";
    const Verdict bad = Verify(set, DidKeyResolver());
    EXPECT_EQ(bad.reason, VerifyReason::kSignatureInvalid);
    EXPECT_NE(bad.message.find("proof[1]"), std::string::npos) << bad.message;
}

TEST(DataIntegritySign, RejectsBadInputs) {
    const Ed25519SecretKey key = GenerateEd25519SecretKey();
    const json credential = ReadJson(kJsonLd / "openbadges" / "ob-credential.json");
    const ProofOptions good{DidKeyVerificationMethod(key.PublicKey()), "assertionMethod",
                            "2026-01-01T00:00:00Z"};
    const auto field_of = [&](const json& doc, const ProofOptions& options) {
        auto result = Sign(doc, options, key);
        EXPECT_FALSE(result.has_value());
        return result ? std::string("(signed)") : result.error().field;
    };
    EXPECT_EQ(field_of(ObSigned(), good), "proof");
    json no_context = credential;
    no_context.erase("@context");
    EXPECT_EQ(field_of(no_context, good), "@context");
    ProofOptions options = good;
    options.created = "2026-01-01T00:00:00";  // no time zone
    EXPECT_EQ(field_of(credential, options), "created");
    options.created = "2026-02-30T00:00:00Z";
    EXPECT_EQ(field_of(credential, options), "created");
    options = good;
    options.verification_method = "#key-1";
    EXPECT_EQ(field_of(credential, options), "verificationMethod");
    options = good;
    options.proof_purpose.clear();
    EXPECT_EQ(field_of(credential, options), "proofPurpose");
    json undefined = credential;
    undefined["notATerm"] = 1;
    auto result = Sign(undefined, good, key);
    ASSERT_FALSE(result.has_value());
    EXPECT_NE(result.error().message.find("notATerm"), std::string::npos) << result.error().message;
    EXPECT_FALSE(Sign(json::array(), good, key).has_value());
}

TEST(DataIntegritySign, XmlDateTime) {
    EXPECT_TRUE(IsXmlDateTime("2023-02-24T23:36:38Z", true));
    EXPECT_TRUE(IsXmlDateTime("2023-02-24T23:36:38.123+05:30", true));
    EXPECT_TRUE(IsXmlDateTime("2024-02-29T24:00:00-14:00", true));
    EXPECT_TRUE(IsXmlDateTime("2023-02-24T23:36:38", false));
    EXPECT_FALSE(IsXmlDateTime("2023-02-24T23:36:38", true));
    EXPECT_FALSE(IsXmlDateTime("2023-02-24 23:36:38Z", true));
    EXPECT_FALSE(IsXmlDateTime("2023-13-01T00:00:00Z", true));
    EXPECT_FALSE(IsXmlDateTime("2023-04-31T00:00:00Z", true));
    EXPECT_FALSE(IsXmlDateTime("2023-02-24T23:60:00Z", true));
    EXPECT_FALSE(IsXmlDateTime("2023-02-24T24:00:01Z", true));
    EXPECT_FALSE(IsXmlDateTime("2023-02-24T23:36:38.Z", true));
    EXPECT_FALSE(IsXmlDateTime("2023-02-24T23:36:38+15:00", true));
    EXPECT_FALSE(IsXmlDateTime("2023-02-24T23:36:38Zjunk", true));
    EXPECT_FALSE(IsXmlDateTime("23-02-24T23:36:38Z", true));
    EXPECT_FALSE(IsXmlDateTime("", false));
}

}  // namespace
}  // namespace passeur::credential
