#include "credential/data_integrity.hpp"

#include <array>
#include <cctype>
#include <cstdlib>
#include <exception>
#include <string>
#include <utility>

#include <openssl/evp.h>

#include "credential/did.hpp"
#include "credential/multibase.hpp"
#include "credential/rdf_canon.hpp"

namespace passeur::credential {
namespace {

using nlohmann::json;

// SHA-256 through OpenSSL, fetched once (see rdf_canon.cpp): its SHA-NI / AVX2 code hashes a
// typical canonical badge (~8 KB) about 7 times faster than libsodium's portable C.
std::string Sha256(std::string_view data) {
    static const EVP_MD* const sha256 = [] {
        const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        return md ? md : EVP_sha256();
    }();
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &size, sha256, nullptr) != 1 || size != 32) {
        std::abort();  // SHA-256 cannot fail short of a broken OpenSSL: nothing can be signed then
    }
    return {reinterpret_cast<const char*>(digest.data()), size};
}

// Canonical N-Quads of a JSON-LD document; errors prefixed with `what`.
core::Result<std::string> CanonicalNQuads(const json& document, const JsonLdOptions& jsonld,
                                          std::string_view what) {
    auto dataset = ToRdf(document, jsonld);
    if (!dataset) {
        core::Error error = dataset.error();
        error.message = std::string(what) + ": " + error.message;
        return core::Fail(std::move(error));
    }
    auto canonical = Canonicalize(*dataset);
    if (!canonical) {
        core::Error error = canonical.error();
        error.message = std::string(what) + ": " + error.message;
        return core::Fail(std::move(error));
    }
    return std::move(canonical->nquads);
}

bool IsAbsoluteUrl(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return false;
    if (!std::isalpha(static_cast<unsigned char>(text[0]))) return false;
    for (std::size_t i = 1; i < colon; ++i) {
        const char c = text[i];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
    }
    for (const char c : text) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' ||
            c == '}' || c == '|' || c == '\\' || c == '^' || c == '`') {
            return false;
        }
    }
    return true;
}

// Parses `count` digits at `pos` of `text` into `value`.
bool Digits(std::string_view text, std::size_t pos, std::size_t count, int& value) {
    if (pos + count > text.size()) return false;
    value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

// PrepareSigningInput with the document's JSON-LD options apart (its top_level_context is
// honoured); the document's top-level "proof" is always skipped, never copied away.
core::Result<SigningInput> PrepareInput(const json& document, const JsonLdOptions& document_jsonld,
                                        const json& proof_config, const JsonLdOptions& jsonld) {
    SigningInput input;
    JsonLdOptions unsecured = document_jsonld;
    unsecured.skip_top_level_member = "proof";
    auto canonical = CanonicalNQuads(document, unsecured, "document");
    if (!canonical) return core::Fail(canonical.error());
    input.canonical_document = std::move(*canonical);
    JsonLdOptions config_options = jsonld;
    config_options.skip_top_level_member = {};
    config_options.top_level_context = nullptr;
    auto canonical_config = CanonicalNQuads(proof_config, config_options, "proof configuration");
    if (!canonical_config) return core::Fail(canonical_config.error());
    input.canonical_proof_config = std::move(*canonical_config);
    input.proof_config_hash = Sha256(input.canonical_proof_config);
    input.document_hash = Sha256(input.canonical_document);
    return input;
}

Verdict Fail(VerifyReason reason, std::string message) { return Verdict{false, reason, std::move(message)}; }

json AsArray(const json& value) { return value.is_array() ? value : json::array({value}); }

Verdict VerifyOne(const json& document, const json& proof, const std::string& path,
                  const KeyResolver& resolve_key, const VerifyOptions& options) {
    if (!proof.is_object()) return Fail(VerifyReason::kMalformedProof, path + ": not a JSON object");
    const auto type = proof.find("type");
    if (type == proof.end() || !type->is_string()) {
        return Fail(VerifyReason::kMalformedProof, path + ".type: missing or not a string");
    }
    const std::string& type_name = type->get_ref<const std::string&>();
    if (type_name == kDataIntegrityProofType) {
        const auto suite = proof.find("cryptosuite");
        if (suite == proof.end() || !suite->is_string()) {
            return Fail(VerifyReason::kMalformedProof, path + ".cryptosuite: missing or not a string");
        }
        if (suite->get_ref<const std::string&>() != kEddsaRdfc2022) {
            return Fail(VerifyReason::kUnsupportedCryptosuite,
                        path + ".cryptosuite: \"" + suite->get_ref<const std::string&>() +
                            "\" is not supported (expected \"eddsa-rdfc-2022\")");
        }
    } else if (type_name != kEd25519Signature2020Type) {
        return Fail(VerifyReason::kUnsupportedCryptosuite,
                    path + ".type: \"" + type_name +
                        "\" is not supported (expected \"DataIntegrityProof\" or \"Ed25519Signature2020\")");
    }
    if (proof.contains("previousProof")) {
        return Fail(VerifyReason::kMalformedProof, path + ".previousProof: proof chains are not supported");
    }
    const auto value = proof.find("proofValue");
    if (value == proof.end() || !value->is_string()) {
        return Fail(VerifyReason::kMalformedProof, path + ".proofValue: missing or not a string");
    }
    const std::string& value_text = value->get_ref<const std::string&>();
    if (value_text.empty() || value_text.front() != 'z') {
        return Fail(VerifyReason::kMalformedProof,
                    path + ".proofValue: expected multibase base58btc (prefix 'z')");
    }
    auto signature_bytes = MultibaseDecode(value_text);
    if (!signature_bytes) {
        return Fail(VerifyReason::kMalformedProof, path + ".proofValue: " + signature_bytes.error().message);
    }
    if (signature_bytes->size() != 64) {
        return Fail(VerifyReason::kMalformedProof, path + ".proofValue: signature of " +
                                                       std::to_string(signature_bytes->size()) +
                                                       " bytes, expected 64");
    }
    const auto method = proof.find("verificationMethod");
    if (method == proof.end() || !method->is_string()) {
        return Fail(VerifyReason::kMalformedProof, path + ".verificationMethod: missing or not a string");
    }
    const auto purpose = proof.find("proofPurpose");
    if (purpose == proof.end() || !purpose->is_string()) {
        return Fail(VerifyReason::kMalformedProof, path + ".proofPurpose: missing or not a string");
    }
    if (purpose->get_ref<const std::string&>() != options.expected_proof_purpose) {
        return Fail(VerifyReason::kProofPurposeMismatch,
                    path + ".proofPurpose: \"" + purpose->get_ref<const std::string&>() + "\", expected \"" +
                        options.expected_proof_purpose + "\"");
    }
    if (const auto created = proof.find("created"); created != proof.end()) {
        if (!created->is_string() || !IsXmlDateTime(created->get_ref<const std::string&>(), false)) {
            return Fail(VerifyReason::kMalformedProof, path + ".created: not an XMLSchema dateTime string");
        }
    }

    // The contexts: the proof's own, which the document's must start with, else the document's.
    // The document itself is never copied: ToRdf skips its "proof" and, with a proof @context,
    // reads that context in place of the document's.
    json config = proof;
    config.erase("proofValue");
    JsonLdOptions document_options = options.jsonld;
    if (const auto proof_context = proof.find("@context"); proof_context != proof.end()) {
        const json doc_list = AsArray(document.at("@context"));
        const json proof_list = AsArray(*proof_context);
        bool starts = proof_list.size() <= doc_list.size();
        for (std::size_t i = 0; starts && i < proof_list.size(); ++i) starts = proof_list[i] == doc_list[i];
        if (!starts) {
            return Fail(VerifyReason::kMalformedProof,
                        path + ".@context: the document's @context does not start with the proof's");
        }
        document_options.top_level_context = &*proof_context;
    } else {
        config["@context"] = document.at("@context");
    }

    auto input = PrepareInput(document, document_options, config, options.jsonld);
    if (!input) return Fail(VerifyReason::kCanonicalizationFailed, input.error().message);

    if (!resolve_key)
        return Fail(VerifyReason::kKeyUnresolved, path + ".verificationMethod: no key resolver");
    core::Result<Ed25519PublicKey> key = core::Fail(core::Error::Internal("not resolved"));
    try {
        key = resolve_key(method->get_ref<const std::string&>());
    } catch (const std::exception& e) {
        key = core::Fail(core::Error::Internal(std::string("resolver threw: ") + e.what()));
    }
    if (!key) {
        return Fail(VerifyReason::kKeyUnresolved, path + ".verificationMethod \"" +
                                                      method->get_ref<const std::string&>() +
                                                      "\": " + key.error().message);
    }
    Ed25519Signature signature{};
    std::copy(signature_bytes->begin(), signature_bytes->end(), reinterpret_cast<char*>(signature.data()));
    if (!VerifyEd25519(*key, input->Data(), signature)) {
        return Fail(VerifyReason::kSignatureInvalid,
                    path + ": the signature does not match the document, the proof options and the key");
    }
    return Verdict{true, VerifyReason::kOk, {}};
}

}  // namespace

bool IsXmlDateTime(std::string_view text, bool require_zone) {
    std::size_t pos = 0;
    if (pos < text.size() && text[pos] == '-') ++pos;
    std::size_t year_digits = 0;
    while (pos + year_digits < text.size() &&
           std::isdigit(static_cast<unsigned char>(text[pos + year_digits]))) {
        ++year_digits;
    }
    if (year_digits < 4 || year_digits > 9) return false;
    if (year_digits > 4 && text[pos] == '0') return false;
    pos += year_digits;
    int month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (pos >= text.size() || text[pos] != '-' || !Digits(text, pos + 1, 2, month)) return false;
    pos += 3;
    if (pos >= text.size() || text[pos] != '-' || !Digits(text, pos + 1, 2, day)) return false;
    pos += 3;
    if (pos >= text.size() || text[pos] != 'T' || !Digits(text, pos + 1, 2, hour)) return false;
    pos += 3;
    if (pos >= text.size() || text[pos] != ':' || !Digits(text, pos + 1, 2, minute)) return false;
    pos += 3;
    if (pos >= text.size() || text[pos] != ':' || !Digits(text, pos + 1, 2, second)) return false;
    pos += 3;
    bool fraction_nonzero = false;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
            if (text[pos] != '0') fraction_nonzero = true;
            ++pos;
        }
        if (pos == start) return false;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || minute > 59 || second > 59) return false;
    if (hour > 24 || (hour == 24 && (minute != 0 || second != 0 || fraction_nonzero))) return false;
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (day > kDays[month - 1]) return false;
    if (pos == text.size()) return !require_zone;
    if (text[pos] == 'Z') return pos + 1 == text.size();
    if (text[pos] != '+' && text[pos] != '-') return false;
    int zone_hour = 0, zone_minute = 0;
    if (!Digits(text, pos + 1, 2, zone_hour) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !Digits(text, pos + 4, 2, zone_minute) || pos + 6 != text.size()) {
        return false;
    }
    return zone_minute <= 59 && (zone_hour < 14 || (zone_hour == 14 && zone_minute == 0));
}

core::Result<SigningInput> PrepareSigningInput(const json& document, const json& proof_config,
                                               const JsonLdOptions& jsonld) {
    return PrepareInput(document, jsonld, proof_config, jsonld);
}

core::Result<json> Sign(const json& unsigned_doc, const ProofOptions& options,
                        const Ed25519SecretKey& secret_key, const JsonLdOptions& jsonld) {
    if (!unsigned_doc.is_object()) {
        return core::Fail(core::Error::InvalidArgument("the document is not a JSON object"));
    }
    const auto context = unsigned_doc.find("@context");
    if (context == unsigned_doc.end()) {
        return core::Fail(core::Error::InvalidArgument("the document has no @context", "@context"));
    }
    if (unsigned_doc.contains("proof")) {
        return core::Fail(core::Error::InvalidArgument("the document already has a proof", "proof"));
    }
    if (!IsAbsoluteUrl(options.verification_method)) {
        return core::Fail(core::Error::InvalidArgument(
            "verificationMethod \"" + options.verification_method + "\" is not an absolute URL",
            "verificationMethod"));
    }
    if (options.proof_purpose.empty()) {
        return core::Fail(core::Error::InvalidArgument("proofPurpose is empty", "proofPurpose"));
    }
    if (!IsXmlDateTime(options.created, true)) {
        return core::Fail(core::Error::InvalidArgument(
            "created \"" + options.created +
                "\" is not an XMLSchema dateTimeStamp (e.g. 2023-02-24T23:36:38Z)",
            "created"));
    }
    json proof = {
        {"type", std::string(kDataIntegrityProofType)},
        {"cryptosuite", std::string(kEddsaRdfc2022)},
        {"created", options.created},
        {"verificationMethod", options.verification_method},
        {"proofPurpose", options.proof_purpose},
    };
    json config = proof;
    config["@context"] = *context;
    auto input = PrepareSigningInput(unsigned_doc, config, jsonld);
    if (!input) return core::Fail(input.error());
    const Ed25519Signature signature = secret_key.Sign(input->Data());
    proof["proofValue"] = MultibaseBase58Btc(
        std::string_view(reinterpret_cast<const char*>(signature.data()), signature.size()));
    json signed_doc = unsigned_doc;
    signed_doc["proof"] = std::move(proof);
    return signed_doc;
}

KeyResolver DidKeyResolver() {
    return [](std::string_view verification_method) { return ParseDidKey(verification_method); };
}

std::string_view VerifyReasonName(VerifyReason reason) {
    switch (reason) {
        case VerifyReason::kOk:
            return "ok";
        case VerifyReason::kMalformedDocument:
            return "malformed_document";
        case VerifyReason::kProofMissing:
            return "proof_missing";
        case VerifyReason::kMalformedProof:
            return "malformed_proof";
        case VerifyReason::kUnsupportedCryptosuite:
            return "unsupported_cryptosuite";
        case VerifyReason::kProofPurposeMismatch:
            return "proof_purpose_mismatch";
        case VerifyReason::kCanonicalizationFailed:
            return "canonicalization_failed";
        case VerifyReason::kKeyUnresolved:
            return "key_unresolved";
        case VerifyReason::kSignatureInvalid:
            return "signature_invalid";
    }
    return "unknown";
}

Verdict Verify(const json& signed_doc, const KeyResolver& resolve_key, const VerifyOptions& options) {
    try {
        if (!signed_doc.is_object())
            return Fail(VerifyReason::kMalformedDocument, "the document is not a JSON object");
        if (!signed_doc.contains("@context"))
            return Fail(VerifyReason::kMalformedDocument, "@context: missing");
        const auto proof = signed_doc.find("proof");
        if (proof == signed_doc.end() || proof->is_null())
            return Fail(VerifyReason::kProofMissing, "proof: missing");
        // signed_doc is used as is: its "proof" is skipped when canonicalized (no copy).
        if (!proof->is_array()) return VerifyOne(signed_doc, *proof, "proof", resolve_key, options);
        if (proof->empty()) return Fail(VerifyReason::kProofMissing, "proof: empty array");
        for (std::size_t i = 0; i < proof->size(); ++i) {
            Verdict verdict =
                VerifyOne(signed_doc, (*proof)[i], "proof[" + std::to_string(i) + "]", resolve_key, options);
            if (!verdict.ok) return verdict;
        }
        return Verdict{true, VerifyReason::kOk, {}};
    } catch (const std::exception& e) {
        // nlohmann or allocation failures: report, never throw.
        return Fail(VerifyReason::kMalformedDocument, std::string("verification failed: ") + e.what());
    }
}

}  // namespace passeur::credential
