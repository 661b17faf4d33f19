#include "campaign/model.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/encoding.hpp"

namespace passeur::campaign {
namespace {

core::Error Invalid(std::string field, std::string message) {
    return core::Error::InvalidArgument(std::move(message), std::move(field));
}

std::string Trim(std::string_view s) {
    auto blank = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    return std::string(s);
}

bool HasControl(std::string_view s) {
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7f) return true;
    }
    return false;
}

// A trimmed one-line text of min..max code points; `what` names it in the message.
core::Result<void> CheckText(std::string_view text, std::string_view field, std::string_view what,
                             std::size_t min, std::size_t max) {
    auto length = Utf8Length(text);
    if (!length) return core::Fail(Invalid(std::string(field), fmt::format("{} : UTF-8 invalide.", what)));
    if (HasControl(text)) {
        return core::Fail(
            Invalid(std::string(field), fmt::format("{} : caractère de contrôle interdit.", what)));
    }
    if (*length < min) return core::Fail(Invalid(std::string(field), fmt::format("{} : obligatoire.", what)));
    if (*length > max) {
        return core::Fail(Invalid(
            std::string(field), fmt::format("{} : {} caractères au plus ({} donnés).", what, max, *length)));
    }
    return core::Ok();
}

std::string Day(std::int64_t millis) { return core::FormatRfc3339(millis).substr(0, 10); }

}  // namespace

std::string_view CampaignTypeName(CampaignType type) {
    return type == CampaignType::kAssessment ? "assessment" : "profile_collection";
}

std::optional<CampaignType> ParseCampaignType(std::string_view name) {
    if (name == "assessment") return CampaignType::kAssessment;
    if (name == "profile_collection") return CampaignType::kProfileCollection;
    return std::nullopt;
}

std::string SettingsToJson(const CampaignSettings& settings) {
    nlohmann::json j = {{"se_target", settings.se_target},
                        {"max_length", settings.max_length},
                        {"allowed_needs", settings.allowed_needs}};
    return j.dump();
}

core::Result<CampaignSettings> SettingsFromJson(std::string_view json) {
    auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
        return core::Fail(Invalid("settings", "Réglages de campagne illisibles (objet JSON attendu)."));
    }
    CampaignSettings out;
    if (auto it = j.find("se_target"); it != j.end()) {
        if (!it->is_number()) return core::Fail(Invalid("settings.se_target", "Nombre attendu."));
        out.se_target = it->get<double>();
    }
    if (auto it = j.find("max_length"); it != j.end()) {
        if (!it->is_number_integer()) return core::Fail(Invalid("settings.max_length", "Entier attendu."));
        const auto v = it->get<std::int64_t>();
        if (v < 0 || v > 100000) return core::Fail(Invalid("settings.max_length", "Hors limites."));
        out.max_length = static_cast<int>(v);
    }
    if (auto it = j.find("allowed_needs"); it != j.end()) {
        if (!it->is_number_integer()) return core::Fail(Invalid("settings.allowed_needs", "Entier attendu."));
        const auto v = it->get<std::int64_t>();
        if (v < 0 || v > kAllNeeds) {
            return core::Fail(Invalid("settings.allowed_needs", "Masque d'adaptations inconnu (0 à 7)."));
        }
        out.allowed_needs = static_cast<std::uint8_t>(v);
    }
    return out;
}

core::Result<void> ValidateSettings(const CampaignSettings& s) {
    if (!std::isfinite(s.se_target) || s.se_target < kSeTargetMin || s.se_target > kSeTargetMax) {
        return core::Fail(Invalid("settings.se_target",
                                  fmt::format("Précision visée (erreur type) : entre {:.2f} et {:.2f}.",
                                              kSeTargetMin, kSeTargetMax)));
    }
    if (s.max_length != 0 && (s.max_length < kMaxLengthMin || s.max_length > kMaxLengthMax)) {
        return core::Fail(
            Invalid("settings.max_length",
                    fmt::format("Nombre maximal de questions : 0 (par défaut) ou entre {} et {}.",
                                kMaxLengthMin, kMaxLengthMax)));
    }
    if ((s.allowed_needs & ~kAllNeeds) != 0) {
        return core::Fail(Invalid("settings.allowed_needs", "Masque d'adaptations inconnu (0 à 7)."));
    }
    return core::Ok();
}

bool IsAudience(std::string_view code) {
    return std::find(kAudiences.begin(), kAudiences.end(), code) != kAudiences.end();
}

std::string_view DefaultAudience(std::string_view profile_audience) {
    if (profile_audience == "mediator") return "mediator";
    if (profile_audience == "helper") return "helper";
    return "learner";
}

core::Result<CampaignInput> NormalizeCampaignInput(CampaignInput in, std::int64_t now_millis) {
    in.name = Trim(in.name);
    in.target_profile_id = Trim(in.target_profile_id);
    in.external_id_label = Trim(in.external_id_label);
    in.external_id_purpose = Trim(in.external_id_purpose);
    PASSEUR_TRY(CheckText(in.name, "name", "Nom de la campagne", 1, kNameMaxChars));
    if (in.target_profile_id.empty()) {
        return core::Fail(Invalid("target_profile_id", "Profil cible : obligatoire."));
    }
    in.audience = Trim(in.audience);
    if (!in.audience.empty() && !IsAudience(in.audience)) {
        return core::Fail(Invalid("audience", "Public évalué inconnu : choisissez-le dans la liste."));
    }
    if (in.opens_at < 0) return core::Fail(Invalid("opens_at", "Date d'ouverture invalide."));
    if (in.closes_at < 0) return core::Fail(Invalid("closes_at", "Date de clôture invalide."));
    if (in.closes_at != 0) {
        if (in.opens_at != 0 && in.closes_at <= in.opens_at) {
            return core::Fail(Invalid("closes_at", "La date de clôture doit suivre la date d'ouverture."));
        }
        if (in.closes_at <= now_millis) {
            return core::Fail(Invalid("closes_at", "La date de clôture est déjà passée."));
        }
    }
    PASSEUR_TRY(ValidateSettings(in.settings));
    if (in.retry_after_days < 0 || in.retry_after_days > kRetryAfterDaysMax) {
        return core::Fail(
            Invalid("retry_after_days",
                    fmt::format("Délai avant un nouvel essai : 0 à {} jours.", kRetryAfterDaysMax)));
    }
    if (!in.retry_allowed && in.retry_after_days != 0) {
        return core::Fail(Invalid("retry_after_days",
                                  "Un délai avant un nouvel essai n'a de sens que si l'essai est permis."));
    }
    if (in.external_id_label.empty()) {
        if (!in.external_id_purpose.empty()) {
            return core::Fail(Invalid("external_id_label",
                                      "Un usage de l'identifiant externe est donné sans son libellé."));
        }
    } else {
        PASSEUR_TRY(CheckText(in.external_id_label, "external_id_label", "Libellé de l'identifiant externe",
                              1, kExternalIdLabelMaxChars));
        PASSEUR_TRY(CheckText(in.external_id_purpose, "external_id_purpose",
                              "Usage de l'identifiant externe (montré aux participants)", 1,
                              kExternalIdPurposeMaxChars));
    }
    return in;
}

core::Result<void> CheckJoinable(const Campaign& c, std::int64_t now_millis) {
    if (c.archived_at != 0) {
        return core::Fail(
            core::Error::Conflict("Cette campagne est archivée : on ne peut plus la rejoindre.", "code"));
    }
    if (c.opens_at != 0 && now_millis < c.opens_at) {
        return core::Fail(core::Error::Conflict(
            fmt::format("Cette campagne n'est pas encore ouverte (ouverture le {}).", Day(c.opens_at)),
            "code"));
    }
    if (c.closes_at != 0 && now_millis >= c.closes_at) {
        return core::Fail(core::Error::Conflict(
            fmt::format("Cette campagne est close depuis le {}.", Day(c.closes_at)), "code"));
    }
    return core::Ok();
}

core::Result<std::string> NormalizeExternalId(const Campaign& campaign, std::string_view external_id) {
    std::string value = Trim(external_id);
    if (campaign.external_id_label.empty()) {
        if (!value.empty()) {
            return core::Fail(Invalid("external_id", "Cette campagne ne demande pas d'identifiant externe."));
        }
        return value;
    }
    PASSEUR_TRY(CheckText(value, "external_id", campaign.external_id_label, 1, kExternalIdMaxChars));
    return value;
}

std::string NewCampaignCode(core::Random& random) {
    static_assert(kCodeAlphabet.size() == 32);
    std::uint8_t bytes[kCodeLength];
    random.Fill(bytes, sizeof bytes);
    std::string code;
    code.reserve(kCodeLength);
    for (std::uint8_t b : bytes) code.push_back(kCodeAlphabet[b & 31u]);  // 32 divides 256: uniform
    return code;
}

core::Result<std::string> NormalizeCampaignCode(std::string_view typed) {
    if (typed.size() > 64) return core::Fail(Invalid("code", "Code de campagne trop long."));
    std::string out;
    for (char c : typed) {
        if (c == ' ' || c == '-' || c == '\t') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (kCodeAlphabet.find(c) == std::string_view::npos) {
            return core::Fail(
                Invalid("code", "Code de campagne invalide : 8 lettres ou chiffres (sans 0, O, 1 ni I)."));
        }
        out.push_back(c);
    }
    if (out.size() != kCodeLength) {
        return core::Fail(
            Invalid("code", "Code de campagne invalide : 8 lettres ou chiffres (sans 0, O, 1 ni I)."));
    }
    return out;
}

std::string FormatCampaignCode(std::string_view code) {
    if (code.size() != kCodeLength) return std::string(code);
    return std::string(code.substr(0, 4)) + "-" + std::string(code.substr(4));
}

std::string_view ParticipationStatusName(ParticipationStatus status) {
    switch (status) {
        case ParticipationStatus::kStarted:
            return "started";
        case ParticipationStatus::kCompleted:
            return "completed";
        case ParticipationStatus::kShared:
            return "shared";
        case ParticipationStatus::kLeft:
            return "left";
    }
    return "left";
}

std::optional<ParticipationStatus> ParseParticipationStatus(std::string_view name) {
    if (name == "started") return ParticipationStatus::kStarted;
    if (name == "completed") return ParticipationStatus::kCompleted;
    if (name == "shared") return ParticipationStatus::kShared;
    if (name == "left") return ParticipationStatus::kLeft;
    return std::nullopt;
}

core::Result<ParticipationStatus> NextStatus(ParticipationStatus from, ParticipationEvent event,
                                             bool has_assessment) {
    using S = ParticipationStatus;
    auto conflict = [](std::string message) {
        return core::Fail(core::Error::Conflict(std::move(message), "status"));
    };
    if (from == S::kLeft) return conflict("Vous avez quitté cette campagne.");
    switch (event) {
        case ParticipationEvent::kAttachAssessment:
            if (from != S::kStarted || has_assessment)
                return conflict("Un test est déjà lié à cette participation.");
            return S::kStarted;
        case ParticipationEvent::kComplete:
            if (from != S::kStarted) return conflict("Cette participation est déjà terminée.");
            if (!has_assessment) return conflict("Aucun test n'est lié à cette participation.");
            return S::kCompleted;
        case ParticipationEvent::kShare:
            if (from == S::kStarted) return conflict("Terminez le test avant de partager vos résultats.");
            return S::kShared;
        case ParticipationEvent::kLeave:
            return S::kLeft;
    }
    return conflict("Étape inconnue.");
}

core::Result<void> CheckRetry(const Campaign& campaign, ParticipationStatus current,
                              std::int64_t completed_at, std::int64_t now_millis) {
    if (current == ParticipationStatus::kLeft) return core::Ok();
    if (current == ParticipationStatus::kStarted) {
        return core::Fail(core::Error::Conflict("Vous participez déjà à cette campagne.", "code"));
    }
    if (!campaign.retry_allowed) {
        return core::Fail(core::Error::Conflict(
            "Vous avez déjà participé à cette campagne, qui ne permet pas de nouvel essai.", "code"));
    }
    const std::int64_t allowed_at = completed_at + campaign.retry_after_days * kDayMillis;
    if (now_millis < allowed_at) {
        return core::Fail(core::Error::Conflict(
            fmt::format("Un nouvel essai sera possible à partir du {}.", Day(allowed_at)), "code"));
    }
    return core::Ok();
}

std::string_view TargetVerdict(int low, int high, int target) {
    if (low >= target) return "met";
    if (high < target) return "gap";
    return "uncertain";
}

std::optional<std::size_t> Utf8Length(std::string_view text) {
    if (!core::IsValidUtf8(text)) return std::nullopt;
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0u) != 0x80u ? 1 : 0;
    return n;
}

}  // namespace passeur::campaign
