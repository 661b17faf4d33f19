#include "credential/open_badge.hpp"

#include <algorithm>
#include <cctype>

#include "core/encoding.hpp"
#include "credential/data_integrity.hpp"

namespace passeur::credential {
namespace {

using nlohmann::json;

core::Error Invalid(std::string message, std::string field) {
    return core::Error::InvalidArgument(std::move(message), std::move(field));
}

bool IsAbsoluteIri(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    if (!std::isalpha(static_cast<unsigned char>(text[0]))) return false;
    for (char c : text.substr(0, colon)) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
    }
    return std::none_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' ||
               c == '}' || c == '|' || c == '\\' || c == '^' || c == '`';
    });
}

// A non-empty string of at most kMaxBadgeTextBytes at `object[key]`, when present or required.
core::Result<void> CheckText(const json& object, const char* key, const std::string& path, bool required) {
    const auto it = object.find(key);
    if (it == object.end()) {
        if (required) return core::Fail(Invalid("missing", path + "." + key));
        return core::Ok();
    }
    if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
        return core::Fail(Invalid("must be a non-empty string", path + "." + key));
    }
    if (it->get_ref<const std::string&>().size() > kMaxBadgeTextBytes) {
        return core::Fail(
            Invalid("longer than " + std::to_string(kMaxBadgeTextBytes) + " bytes", path + "." + key));
    }
    if (!core::IsValidUtf8(it->get_ref<const std::string&>())) {
        return core::Fail(Invalid("not valid UTF-8", path + "." + key));
    }
    return core::Ok();
}

bool HasType(const json& object, std::string_view type) {
    const auto it = object.find("type");
    if (it == object.end()) return false;
    if (it->is_string()) return it->get_ref<const std::string&>() == type;
    if (!it->is_array()) return false;
    return std::any_of(it->begin(), it->end(), [&](const json& t) { return t.is_string() && t == type; });
}

core::Result<void> CheckAchievement(const json& achievement) {
    const std::string path = "achievement";
    if (!achievement.is_object()) return core::Fail(Invalid("must be an object", path));
    PASSEUR_TRY(CheckText(achievement, "id", path, true));
    if (!IsAbsoluteIri(achievement["id"].get_ref<const std::string&>())) {
        return core::Fail(Invalid("must be an absolute URL", path + ".id"));
    }
    if (!HasType(achievement, "Achievement"))
        return core::Fail(Invalid("must include \"Achievement\"", path + ".type"));
    PASSEUR_TRY(CheckText(achievement, "name", path, true));
    PASSEUR_TRY(CheckText(achievement, "description", path, true));
    const auto criteria = achievement.find("criteria");
    if (criteria == achievement.end() || !criteria->is_object()) {
        return core::Fail(Invalid("must be an object", path + ".criteria"));
    }
    PASSEUR_TRY(CheckText(*criteria, "narrative", path + ".criteria", false));
    if (const auto alignment = achievement.find("alignment"); alignment != achievement.end()) {
        if (!alignment->is_array() || alignment->size() > kMaxBadgeListEntries) {
            return core::Fail(
                Invalid("must be an array of at most " + std::to_string(kMaxBadgeListEntries) + " alignments",
                        path + ".alignment"));
        }
        for (std::size_t i = 0; i < alignment->size(); ++i) {
            const json& a = (*alignment)[i];
            const std::string at = path + ".alignment[" + std::to_string(i) + "]";
            if (!a.is_object()) return core::Fail(Invalid("must be an object", at));
            PASSEUR_TRY(CheckText(a, "targetName", at, true));
            PASSEUR_TRY(CheckText(a, "targetUrl", at, true));
            if (!IsAbsoluteIri(a["targetUrl"].get_ref<const std::string&>())) {
                return core::Fail(Invalid("must be an absolute URL", at + ".targetUrl"));
            }
        }
    }
    return core::Ok();
}

}  // namespace

std::string EmailIdentityHash(std::string_view email, std::string_view salt) {
    std::size_t begin = 0, end = email.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(email[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(email[end - 1]))) --end;
    std::string normalised(email.substr(begin, end - begin));
    std::transform(normalised.begin(), normalised.end(), normalised.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return "sha256$" + core::Sha256Hex(normalised + std::string(salt));
}

json StatusEntryJson(const StatusEntry& entry) {
    const std::string index = std::to_string(entry.index);
    return json{{"id", entry.list_url + "#" + index},
                {"type", "BitstringStatusListEntry"},
                {"statusPurpose", entry.purpose},
                {"statusListIndex", index},
                {"statusListCredential", entry.list_url}};
}

core::Result<json> BuildOpenBadgeCredential(const AwardCredentialInput& input, const IssuerProfile& issuer,
                                            std::string_view salt, const std::vector<StatusEntry>& status) {
    if (input.credential_id.empty() || input.credential_id.size() > 2048 ||
        !IsAbsoluteIri(input.credential_id)) {
        return core::Fail(Invalid("must be an absolute IRI such as urn:uuid:...", "credential_id"));
    }
    PASSEUR_TRY(CheckAchievement(input.achievement));
    if (input.recipient_did.empty() == input.recipient_email.empty()) {
        return core::Fail(Invalid("give exactly one of recipient_did and recipient_email", "recipient"));
    }
    if (!input.recipient_did.empty() &&
        (input.recipient_did.rfind("did:", 0) != 0 || input.recipient_did.size() > 2048 ||
         !IsAbsoluteIri(input.recipient_did))) {
        return core::Fail(Invalid("must be a DID (did:method:...)", "recipient_did"));
    }
    if (!input.recipient_email.empty() &&
        (input.recipient_email.find('@') == std::string::npos || input.recipient_email.size() > 320)) {
        return core::Fail(Invalid("must be an e-mail address", "recipient_email"));
    }
    if (!input.recipient_email.empty() && salt.empty()) {
        return core::Fail(Invalid("a hashed e-mail needs a salt", "salt"));
    }
    if (!IsXmlDateTime(input.awarded_at, true)) {
        return core::Fail(Invalid("must be an RFC 3339 date-time with a zone", "awarded_at"));
    }
    if (input.valid_until) {
        if (!IsXmlDateTime(*input.valid_until, true)) {
            return core::Fail(Invalid("must be an RFC 3339 date-time with a zone", "valid_until"));
        }
        if (*input.valid_until <= input.awarded_at) {
            return core::Fail(Invalid("must be after awarded_at", "valid_until"));
        }
    }
    if (!input.evidence.is_array() || input.evidence.size() > kMaxBadgeListEntries) {
        return core::Fail(Invalid(
            "must be an array of at most " + std::to_string(kMaxBadgeListEntries) + " entries", "evidence"));
    }
    for (std::size_t i = 0; i < input.evidence.size(); ++i) {
        const json& e = input.evidence[i];
        const std::string at = "evidence[" + std::to_string(i) + "]";
        if (!e.is_object() || !HasType(e, "Evidence")) {
            return core::Fail(Invalid("must be an object of type Evidence", at));
        }
        for (const char* key : {"narrative", "name", "description", "genre", "audience"}) {
            PASSEUR_TRY(CheckText(e, key, at, false));
        }
    }
    if (issuer.id.empty() || !IsAbsoluteIri(issuer.id))
        return core::Fail(Invalid("must be a DID", "issuer.id"));
    if (issuer.name.empty()) return core::Fail(Invalid("missing", "issuer.name"));

    json profile{{"id", issuer.id}, {"type", json::array({"Profile"})}, {"name", issuer.name}};
    if (!issuer.url.empty()) profile["url"] = issuer.url;

    json subject{{"type", json::array({"AchievementSubject"})}, {"achievement", input.achievement}};
    if (!input.recipient_did.empty()) {
        subject["id"] = input.recipient_did;
    } else {
        subject["identifier"] =
            json::array({json{{"type", "IdentityObject"},
                              {"identityHash", EmailIdentityHash(input.recipient_email, salt)},
                              {"identityType", "emailAddress"},
                              {"hashed", true},
                              {"salt", std::string(salt)}}});
    }

    json credential{{"@context", json::array({kVcV2Context, kOb303Context})},
                    {"id", input.credential_id},
                    {"type", json::array({"VerifiableCredential", "OpenBadgeCredential"})},
                    {"issuer", std::move(profile)},
                    {"name", input.achievement["name"]},
                    {"validFrom", input.awarded_at},
                    {"awardedDate", input.awarded_at},
                    {"credentialSubject", std::move(subject)}};
    if (input.valid_until) credential["validUntil"] = *input.valid_until;
    if (!input.evidence.empty()) credential["evidence"] = input.evidence;
    if (!status.empty()) {
        json entries = json::array();
        for (const auto& entry : status) entries.push_back(StatusEntryJson(entry));
        credential["credentialStatus"] = entries.size() == 1 ? entries[0] : entries;
    }
    return credential;
}

json BuildStatusListCredential(std::string_view list_url, std::string_view issuer_did,
                               std::string_view purpose, std::string_view encoded_list,
                               std::string_view valid_from) {
    return json{{"@context", json::array({kVcV2Context})},
                {"id", std::string(list_url)},
                {"type", json::array({"VerifiableCredential", "BitstringStatusListCredential"})},
                {"issuer", std::string(issuer_did)},
                {"validFrom", std::string(valid_from)},
                {"credentialSubject", json{{"id", std::string(list_url) + "#list"},
                                           {"type", "BitstringStatusList"},
                                           {"statusPurpose", std::string(purpose)},
                                           {"encodedList", std::string(encoded_list)}}}};
}

}  // namespace passeur::credential
