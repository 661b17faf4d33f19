#include "credential/verifier.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "credential/data_integrity.hpp"
#include "credential/did.hpp"
#include "credential/did_web.hpp"
#include "credential/jwt.hpp"
#include "credential/open_badge.hpp"
#include "credential/status_list.hpp"

namespace passeur::credential {
namespace {

using nlohmann::json;

// Status list credentials are larger than badges (16 KiB of bits, compressed) but still bounded.
constexpr std::size_t kMaxStatusListCredentialBytes = 4 * 1024 * 1024;

std::string StringAt(const json& object, const char* key) {
    if (!object.is_object()) return {};
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

bool HasType(const json& object, std::string_view type) {
    if (!object.is_object()) return false;
    const auto it = object.find("type");
    if (it == object.end()) return false;
    if (it->is_string()) return it->get_ref<const std::string&>() == type;
    if (!it->is_array()) return false;
    return std::any_of(it->begin(), it->end(), [&](const json& t) { return t.is_string() && t == type; });
}

std::vector<const json*> AsList(const json& value) {
    std::vector<const json*> out;
    if (value.is_array()) {
        for (const auto& entry : value) out.push_back(&entry);
    } else if (!value.is_null()) {
        out.push_back(&value);
    }
    return out;
}

std::string IssuerIdOf(const json& credential) {
    const auto it = credential.find("issuer");
    if (it == credential.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    return StringAt(*it, "id");
}

std::string MethodOf(std::string_view id) {
    if (id.rfind("did:", 0) == 0) {
        const auto colon = id.find(':', 4);
        return std::string(id.substr(0, colon == std::string_view::npos ? id.size() : colon));
    }
    const auto colon = id.find(':');
    return colon == std::string_view::npos ? std::string() : std::string(id.substr(0, colon));
}

void Summarise(const json& credential, CredentialVerification& out) {
    out.id = StringAt(credential, "id");
    out.name = StringAt(credential, "name");
    out.issuer_id = IssuerIdOf(credential);
    out.issuer_method = MethodOf(out.issuer_id);
    if (const auto issuer = credential.find("issuer"); issuer != credential.end() && issuer->is_object()) {
        out.issuer_name = StringAt(*issuer, "name");
        out.issuer_url = StringAt(*issuer, "url");
    }
    out.valid_from = StringAt(credential, "validFrom");
    if (out.valid_from.empty()) out.valid_from = StringAt(credential, "issuanceDate");
    out.valid_until = StringAt(credential, "validUntil");
    if (out.valid_until.empty()) out.valid_until = StringAt(credential, "expirationDate");
    out.awarded_date = StringAt(credential, "awardedDate");
    const auto subject_it = credential.find("credentialSubject");
    if (subject_it != credential.end()) {
        for (const json* subject : AsList(*subject_it)) {
            if (!subject->is_object()) continue;
            if (out.holder_id.empty()) out.holder_id = StringAt(*subject, "id");
            if (const auto ids = subject->find("identifier"); ids != subject->end()) {
                for (const json* identity : AsList(*ids)) {
                    if (out.holder_hash.empty() && StringAt(*identity, "identityType") == "emailAddress") {
                        out.holder_hash = StringAt(*identity, "identityHash");
                        out.holder_salt = StringAt(*identity, "salt");
                    }
                }
            }
            const auto achievement_it = subject->find("achievement");
            if (achievement_it == subject->end() || !achievement_it->is_object()) continue;
            const json& a = *achievement_it;
            AchievementSummary summary{StringAt(a, "id"),
                                       StringAt(a, "name"),
                                       StringAt(a, "description"),
                                       StringAt(a, "achievementType"),
                                       {},
                                       {}};
            if (const auto criteria = a.find("criteria"); criteria != a.end()) {
                summary.criteria = StringAt(*criteria, "narrative");
            }
            if (const auto alignment = a.find("alignment"); alignment != a.end()) {
                for (const json* al : AsList(*alignment)) {
                    summary.alignments.push_back({StringAt(*al, "targetName"), StringAt(*al, "targetCode"),
                                                  StringAt(*al, "targetUrl"),
                                                  StringAt(*al, "targetFramework")});
                }
            }
            out.achievements.push_back(std::move(summary));
        }
    }
    if (const auto evidence = credential.find("evidence"); evidence != credential.end()) {
        for (const json* e : AsList(*evidence)) {
            if (!e->is_object()) continue;
            if (out.evidence.size() == kMaxSummarisedEvidence) {
                ++out.evidence_omitted;
                continue;
            }
            out.evidence.push_back({StringAt(*e, "id"), StringAt(*e, "name"), StringAt(*e, "narrative"),
                                    StringAt(*e, "description"), StringAt(*e, "genre"),
                                    StringAt(*e, "mediaType"), StringAt(*e, "digestSRI")});
        }
    }
    if (const auto proof = credential.find("proof"); proof != credential.end()) {
        const auto proofs = AsList(*proof);
        if (!proofs.empty()) {
            out.proof_type = StringAt(*proofs.front(), "type");
            out.cryptosuite = StringAt(*proofs.front(), "cryptosuite");
            out.verification_method = StringAt(*proofs.front(), "verificationMethod");
            out.proof_created = StringAt(*proofs.front(), "created");
        }
    }
}

struct ProofOutcome {
    CredentialVerdict verdict = CredentialVerdict::kValid;
    std::string reason;
};

// Verifies the proof(s) of `document` and that every key belongs to `issuer_id`.
ProofOutcome CheckProof(const json& document, const std::string& issuer_id, const VerifierEnvironment& env) {
    // Whether the key's controller is known (did:key, or a DID document we hold): an unresolved key
    // of a known controller is a forgery, of an unknown one an unknown issuer.
    bool controller_known = true;
    bool key_type_unsupported = false;
    KeyResolver resolver = [&](std::string_view method) -> core::Result<Ed25519PublicKey> {
        if (method.rfind("did:key:", 0) == 0) {
            auto key = ParseDidKey(method);
            if (!key) key_type_unsupported = true;
            return key;
        }
        if (method.rfind("did:", 0) != 0) {
            controller_known = false;
            return core::Fail(core::Error::InvalidArgument("only DID keys can be resolved offline"));
        }
        std::optional<json> doc;
        if (env.did_document) doc = env.did_document(DidOfUrl(method));
        if (!doc) {
            controller_known = false;
            return core::Fail(core::Error::NotFound("no DID document of " + std::string(DidOfUrl(method)) +
                                                    " is known offline (pin it to trust this issuer)"));
        }
        return Ed25519KeyFromDidDocument(*doc, method);
    };
    VerifyOptions options;
    options.jsonld = env.jsonld;
    const Verdict verdict = Verify(document, resolver, options);
    switch (verdict.reason) {
        case VerifyReason::kOk:
            break;
        case VerifyReason::kSignatureInvalid:
            return {CredentialVerdict::kTampered,
                    "the signature does not match the content: " + verdict.message};
        case VerifyReason::kKeyUnresolved:
            if (key_type_unsupported) return {CredentialVerdict::kMalformed, verdict.message};
            if (!controller_known) return {CredentialVerdict::kUnknownIssuer, verdict.message};
            return {CredentialVerdict::kTampered, verdict.message};
        default:
            return {CredentialVerdict::kMalformed,
                    std::string(VerifyReasonName(verdict.reason)) + ": " + verdict.message};
    }
    for (const json* proof : AsList(document["proof"])) {
        const std::string method = StringAt(*proof, "verificationMethod");
        if (DidOfUrl(method) != issuer_id) {
            return {CredentialVerdict::kTampered,
                    "signed by " + std::string(DidOfUrl(method)) + ", which is not the issuer " +
                        (issuer_id.empty() ? std::string("(none)") : issuer_id)};
        }
    }
    return {};
}

// Checks one status entry; fills `summary`. Returns the verdict it forces, or kValid.
ProofOutcome CheckStatusEntry(const json& entry, const std::string& issuer_id, const VerifierEnvironment& env,
                              std::int64_t now, StatusSummary& summary) {
    summary.purpose = StringAt(entry, "statusPurpose");
    summary.list_url = StringAt(entry, "statusListCredential");
    summary.index = StringAt(entry, "statusListIndex");
    summary.state = "not_checked";
    if (!HasType(entry, "BitstringStatusListEntry")) {
        summary.state = "unavailable";
        return {CredentialVerdict::kStatusUnavailable,
                "credentialStatus of type " + StringAt(entry, "type") +
                    " cannot be checked (only BitstringStatusListEntry)"};
    }
    if (summary.purpose != "revocation" && summary.purpose != "suspension") return {};
    if (summary.list_url.empty() || summary.index.empty() || summary.index.size() > 12 ||
        !std::all_of(summary.index.begin(), summary.index.end(),
                     [](char c) { return c >= '0' && c <= '9'; })) {
        return {CredentialVerdict::kMalformed,
                "credentialStatus: statusListCredential or statusListIndex is missing "
                "or not a decimal index"};
    }
    auto unavailable = [&](std::string why) {
        summary.state = "unavailable";
        return ProofOutcome{CredentialVerdict::kStatusUnavailable,
                            "the " + summary.purpose + " status list " + summary.list_url + " " + why};
    };
    std::optional<std::string> text;
    if (env.status_list) text = env.status_list(summary.list_url);
    if (!text) return unavailable("cannot be had offline");
    auto list_doc = ParseBoundedJson(*text, kMaxStatusListCredentialBytes);
    if (!list_doc) return unavailable("is not valid JSON: " + list_doc.error().message);
    if (!HasType(*list_doc, "BitstringStatusListCredential"))
        return unavailable("is not a BitstringStatusListCredential");
    if (IssuerIdOf(*list_doc) != issuer_id) return unavailable("is not issued by the credential's issuer");
    if (const auto proof = CheckProof(*list_doc, issuer_id, env);
        proof.verdict != CredentialVerdict::kValid) {
        return unavailable("does not verify: " + proof.reason);
    }
    if (const std::string until = StringAt(*list_doc, "validUntil"); !until.empty()) {
        const auto millis = ParseDateTimeMillis(until);
        if (!millis || *millis < now) return unavailable("has expired");
    }
    const json& subject = (*list_doc)["credentialSubject"];
    if (StringAt(subject, "statusPurpose") != summary.purpose) {
        return unavailable("has purpose \"" + StringAt(subject, "statusPurpose") + "\"");
    }
    auto list = StatusList::Decode(StringAt(subject, "encodedList"));
    if (!list) return unavailable("has a bad encodedList: " + list.error().message);
    auto bit = list->Get(static_cast<std::size_t>(std::stoull(summary.index)));
    if (!bit) return {CredentialVerdict::kMalformed, "credentialStatus: " + bit.error().message};
    summary.state = *bit ? "set" : "clear";
    if (!*bit) return {};
    if (summary.purpose == "revocation")
        return {CredentialVerdict::kRevoked, "the issuer has revoked this credential"};
    return {CredentialVerdict::kSuspended, "the issuer has suspended this credential"};
}

int DigitsAt(std::string_view text, std::size_t pos, std::size_t count) {
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) value = value * 10 + (text[pos + i] - '0');
    return value;
}

int StatusRank(CredentialVerdict verdict) {
    switch (verdict) {
        case CredentialVerdict::kRevoked:
            return 4;
        case CredentialVerdict::kSuspended:
            return 3;
        case CredentialVerdict::kMalformed:
            return 2;
        default:
            return 1;
    }
}

json AlignmentJson(const AlignmentSummary& a) {
    return json{{"name", a.name}, {"code", a.code}, {"url", a.url}, {"framework", a.framework}};
}

}  // namespace

std::string_view CredentialVerdictName(CredentialVerdict verdict) {
    switch (verdict) {
        case CredentialVerdict::kValid:
            return "valid";
        case CredentialVerdict::kTampered:
            return "tampered";
        case CredentialVerdict::kRevoked:
            return "revoked";
        case CredentialVerdict::kSuspended:
            return "suspended";
        case CredentialVerdict::kExpired:
            return "expired";
        case CredentialVerdict::kNotYetValid:
            return "not_yet_valid";
        case CredentialVerdict::kUnknownIssuer:
            return "unknown_issuer";
        case CredentialVerdict::kStatusUnavailable:
            return "status_unavailable";
        case CredentialVerdict::kMalformed:
            return "malformed";
    }
    return "malformed";
}

core::Result<json> ParseBoundedJson(std::string_view text, std::size_t max_bytes, std::size_t max_depth) {
    if (text.size() > max_bytes) {
        return core::Fail(core::Error{core::ErrorCode::kPayloadTooLarge,
                                      "the credential is larger than " + std::to_string(max_bytes) + " bytes",
                                      {}});
    }
    std::size_t depth = 0;
    bool in_string = false, escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth) {
                return core::Fail(
                    core::Error::InvalidArgument("the JSON is nested more than " + std::to_string(max_depth) +
                                                 " levels deep (byte " + std::to_string(i + 1) + ")"));
            }
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        // nlohmann quotes the offending bytes, which may not be UTF-8: keep ASCII only, so the
        // reason can always be sent as JSON.
        std::string what = e.what();
        for (char& c : what) {
            if (static_cast<unsigned char>(c) >= 0x80 || static_cast<unsigned char>(c) < 0x20) c = '?';
        }
        return core::Fail(core::Error::InvalidArgument("not valid JSON: " + what));
    }
}

std::optional<std::int64_t> ParseDateTimeMillis(std::string_view text) {
    if (!IsXmlDateTime(text, true) || text.size() < 20 || text[4] != '-') return std::nullopt;
    const int year = DigitsAt(text, 0, 4), month = DigitsAt(text, 5, 2), day = DigitsAt(text, 8, 2);
    const int hour = DigitsAt(text, 11, 2), minute = DigitsAt(text, 14, 2), second = DigitsAt(text, 17, 2);
    std::size_t pos = 19;
    std::int64_t millis = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int scale = 100;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
            millis += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
    }
    std::int64_t offset_minutes = 0;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        if (pos + 6 > text.size()) return std::nullopt;
        offset_minutes = DigitsAt(text, pos + 1, 2) * 60 + DigitsAt(text, pos + 4, 2);
        if (text[pos] == '-') offset_minutes = -offset_minutes;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{year},
                                          std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return std::nullopt;
    const std::int64_t days = std::chrono::sys_days(ymd).time_since_epoch().count();
    const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    return seconds * 1000 + millis;
}

namespace {
CredentialVerification VerifyJwtCredential(std::string_view compact, const VerifierEnvironment& env);
}  // namespace

CredentialVerification VerifyCredential(std::string_view text, const VerifierEnvironment& env) {
    std::size_t begin = 0, end = text.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    if (end - begin > 2 && text.substr(begin, 2) == "ey")
        return VerifyJwtCredential(text.substr(begin, end - begin), env);
    auto document = ParseBoundedJson(text);
    if (!document) {
        CredentialVerification out;
        out.verdict = CredentialVerdict::kMalformed;
        out.reason = document.error().message;
        return out;
    }
    return VerifyCredentialJson(*document, env);
}

namespace {

// Everything after parsing: shape, proof (by `check_proof`), status, dates.
CredentialVerification VerifyParsed(
    const json& credential, const VerifierEnvironment& env,
    const std::function<ProofOutcome(const std::string& issuer_id)>& check_proof,
    CredentialVerification out) {
    auto finish = [&](CredentialVerdict verdict, std::string reason) {
        out.verdict = verdict;
        out.reason = std::move(reason);
        return out;
    };
    if (!credential.is_object() || !credential.contains("@context")) {
        return finish(CredentialVerdict::kMalformed, "not a JSON-LD object with an \"@context\"");
    }
    Summarise(credential, out);
    if (!HasType(credential, "VerifiableCredential")) {
        return finish(CredentialVerdict::kMalformed, "type: not a VerifiableCredential");
    }
    if (out.issuer_id.empty())
        return finish(CredentialVerdict::kMalformed, "issuer: missing or without an id");

    if (auto proof = check_proof(out.issuer_id); proof.verdict != CredentialVerdict::kValid) {
        return finish(proof.verdict, std::move(proof.reason));
    }

    std::optional<ProofOutcome> status_failure;
    if (const auto status = credential.find("credentialStatus"); status != credential.end()) {
        const auto entries = AsList(*status);
        if (entries.size() > 8)
            return finish(CredentialVerdict::kMalformed, "credentialStatus: more than 8 entries");
        for (const json* entry : entries) {
            if (!entry->is_object())
                return finish(CredentialVerdict::kMalformed, "credentialStatus: not an object");
            StatusSummary summary;
            auto outcome = CheckStatusEntry(*entry, out.issuer_id, env, env.now_millis, summary);
            out.status.push_back(std::move(summary));
            // Revocation wins over suspension, over a malformed entry, over an unavailable list.
            if (outcome.verdict != CredentialVerdict::kValid &&
                (!status_failure || StatusRank(outcome.verdict) > StatusRank(status_failure->verdict))) {
                status_failure = std::move(outcome);
            }
        }
    }
    if (status_failure) return finish(status_failure->verdict, std::move(status_failure->reason));

    if (!out.valid_from.empty()) {
        const auto from = ParseDateTimeMillis(out.valid_from);
        if (!from) return finish(CredentialVerdict::kMalformed, "validFrom: not a date-time with a zone");
        if (*from > env.now_millis)
            return finish(CredentialVerdict::kNotYetValid, "valid from " + out.valid_from);
    }
    if (!out.valid_until.empty()) {
        const auto until = ParseDateTimeMillis(out.valid_until);
        if (!until) return finish(CredentialVerdict::kMalformed, "validUntil: not a date-time with a zone");
        if (*until < env.now_millis)
            return finish(CredentialVerdict::kExpired, "expired on " + out.valid_until);
    }
    return finish(CredentialVerdict::kValid,
                  "the signature, the issuer's key, the status and the dates are valid");
}

// A compact JWS (VC-JWT): the signature with the key named by "kid" (did:key, or a did:web known
// offline), the registered claims against the credential, then the same checks as Data Integrity.
CredentialVerification VerifyJwtCredential(std::string_view compact, const VerifierEnvironment& env) {
    bool controller_known = true;
    std::string kid_did;
    JwtKeyResolver resolver = [&](std::string_view kid, const json&) -> core::Result<JwtPublicKey> {
        kid_did = std::string(DidOfUrl(kid));
        if (kid.rfind("did:key:", 0) == 0) {
            auto key = ParseDidKey(kid);
            if (!key) return core::Fail(key.error());
            return JwtPublicKey(*key);
        }
        if (kid.rfind("did:", 0) != 0) {
            controller_known = false;
            return core::Fail(core::Error::InvalidArgument(
                "the JWT's kid is not a DID URL: only DID keys resolve offline"));
        }
        std::optional<json> doc;
        if (env.did_document) doc = env.did_document(kid_did);
        if (!doc) {
            controller_known = false;
            return core::Fail(core::Error::NotFound("no DID document of " + kid_did + " is known offline"));
        }
        // A JsonWebKey2020 method (our RSA keys) gives its publicKeyJwk; else an Ed25519 Multikey.
        auto method = AssertionMethodFromDidDocument(*doc, kid);
        if (!method) return core::Fail(method.error());
        if (StringAt(*method, "type") == "JsonWebKey2020") {
            const auto jwk = method->find("publicKeyJwk");
            if (jwk == method->end())
                return core::Fail(
                    core::Error::InvalidArgument("the verification method has no publicKeyJwk"));
            return ParsePublicJwk(*jwk);
        }
        auto key = Ed25519KeyFromDidDocument(*doc, kid);
        if (!key) return core::Fail(key.error());
        return JwtPublicKey(*key);
    };
    const JwtVerdict verdict = VerifyJwt(compact, resolver);
    CredentialVerification out;
    if (verdict.credential.is_object()) Summarise(verdict.credential, out);
    out.proof_type = "JWT";
    out.cryptosuite = verdict.alg;
    out.verification_method = verdict.kid;
    auto fail = [&](CredentialVerdict v, std::string reason) {
        out.verdict = v;
        out.reason = std::move(reason);
        return out;
    };
    switch (verdict.reason) {
        case JwtReason::kOk:
            break;
        case JwtReason::kSignatureInvalid:
        case JwtReason::kClaimsMismatch:
            return fail(CredentialVerdict::kTampered,
                        std::string(JwtReasonName(verdict.reason)) + ": " + verdict.message);
        case JwtReason::kKeyUnresolved:
            return fail(controller_known ? CredentialVerdict::kTampered : CredentialVerdict::kUnknownIssuer,
                        verdict.message);
        default:
            return fail(CredentialVerdict::kMalformed,
                        std::string(JwtReasonName(verdict.reason)) + ": " + verdict.message);
    }
    out.achievements.clear();  // VerifyParsed summarises the credential again
    out.evidence.clear();
    out.evidence_omitted = 0;
    return VerifyParsed(
        verdict.credential, env,
        [&](const std::string& issuer_id) -> ProofOutcome {
            if (kid_did != issuer_id) {
                return {CredentialVerdict::kTampered,
                        "signed by " + kid_did + ", which is not the issuer " + issuer_id};
            }
            return {};
        },
        std::move(out));
}

}  // namespace

CredentialVerification VerifyCredentialJson(const json& credential, const VerifierEnvironment& env) {
    return VerifyParsed(
        credential, env, [&](const std::string& issuer_id) { return CheckProof(credential, issuer_id, env); },
        CredentialVerification{});
}

bool HolderEmailMatches(const CredentialVerification& verification, std::string_view email) {
    if (verification.holder_hash.empty() || email.empty()) return false;
    return EmailIdentityHash(email, verification.holder_salt) == verification.holder_hash;
}

json VerificationToJson(const CredentialVerification& v) {
    json achievements = json::array();
    for (const auto& a : v.achievements) {
        json alignments = json::array();
        for (const auto& al : a.alignments) alignments.push_back(AlignmentJson(al));
        achievements.push_back(json{{"id", a.id},
                                    {"name", a.name},
                                    {"description", a.description},
                                    {"achievement_type", a.type},
                                    {"criteria", a.criteria},
                                    {"alignments", alignments}});
    }
    json evidence = json::array();
    for (const auto& e : v.evidence) {
        evidence.push_back(json{{"id", e.id},
                                {"name", e.name},
                                {"narrative", e.narrative},
                                {"description", e.description},
                                {"genre", e.genre},
                                {"media_type", e.media_type},
                                {"digest_sri", e.digest_sri}});
    }
    json status = json::array();
    for (const auto& s : v.status) {
        status.push_back(
            json{{"purpose", s.purpose}, {"list", s.list_url}, {"index", s.index}, {"state", s.state}});
    }
    return json{{"verdict", CredentialVerdictName(v.verdict)},
                {"valid", v.Ok()},
                {"reason", v.reason},
                {"credential", json{{"id", v.id},
                                    {"name", v.name},
                                    {"issuer", json{{"id", v.issuer_id},
                                                    {"name", v.issuer_name},
                                                    {"url", v.issuer_url},
                                                    {"method", v.issuer_method}}},
                                    {"holder", json{{"id", v.holder_id}, {"email_hash", v.holder_hash}}},
                                    {"valid_from", v.valid_from},
                                    {"valid_until", v.valid_until},
                                    {"awarded_date", v.awarded_date},
                                    {"achievements", achievements},
                                    {"evidence", evidence},
                                    {"evidence_omitted", v.evidence_omitted},
                                    {"status", status},
                                    {"proof", json{{"type", v.proof_type},
                                                   {"cryptosuite", v.cryptosuite},
                                                   {"verification_method", v.verification_method},
                                                   {"created", v.proof_created}}}}}};
}

}  // namespace passeur::credential
