#include "badge/model.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "core/encoding.hpp"

namespace passeur::badge {
namespace {

constexpr std::int64_t kMillisPerDay = 86'400'000;

constexpr std::array<std::string_view, 31> kAchievementTypes = {
    "Achievement",
    "ApprenticeshipCertificate",
    "Assessment",
    "Assignment",
    "AssociateDegree",
    "Award",
    "Badge",
    "BachelorDegree",
    "Certificate",
    "CertificateOfCompletion",
    "Certification",
    "CommunityService",
    "Competency",
    "Course",
    "CoCurricular",
    "Degree",
    "Diploma",
    "DoctoralDegree",
    "Fieldwork",
    "GeneralEducationDevelopment",
    "JourneymanCertificate",
    "LearningProgram",
    "License",
    "Membership",
    "ProfessionalDoctorate",
    "QualityAssuranceCredential",
    "MasterCertificate",
    "MasterDegree",
    "MicroCredential",
    "ResearchDoctorate",
    "SecondarySchoolDiploma",
};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

Civil CivilFromDays(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2 ? 1 : 0), m, d};
}

bool IsLeap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(std::int64_t y, unsigned m) {
    static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && IsLeap(y)) return 29;
    return kDays[m - 1];
}

// Floor division of millis into days and the remaining millis of the day.
std::pair<std::int64_t, std::int64_t> SplitDay(std::int64_t millis) {
    std::int64_t days = millis / kMillisPerDay;
    std::int64_t rest = millis % kMillisPerDay;
    if (rest < 0) {
        rest += kMillisPerDay;
        --days;
    }
    return {days, rest};
}

const MeasuredCompetence* Find(std::span<const MeasuredCompetence> measured, std::string_view framework,
                               std::string_view competence) {
    for (const MeasuredCompetence& m : measured) {
        if (m.framework == framework && m.competence == competence) return &m;
    }
    return nullptr;
}

}  // namespace

std::string_view BadgeStatusName(BadgeStatus status) {
    switch (status) {
        case BadgeStatus::kDraft:
            return "draft";
        case BadgeStatus::kActive:
            return "active";
        case BadgeStatus::kArchived:
            return "archived";
    }
    return "draft";
}

std::optional<BadgeStatus> ParseBadgeStatus(std::string_view name) {
    if (name == "draft") return BadgeStatus::kDraft;
    if (name == "active") return BadgeStatus::kActive;
    if (name == "archived") return BadgeStatus::kArchived;
    return std::nullopt;
}

std::string_view RuleKindName(RuleKind kind) {
    switch (kind) {
        case RuleKind::kManual:
            return "manual";
        case RuleKind::kCompetenceLevel:
            return "competence_level";
        case RuleKind::kTargetProfile:
            return "target_profile";
    }
    return "manual";
}

std::optional<RuleKind> ParseRuleKind(std::string_view name) {
    if (name == "manual") return RuleKind::kManual;
    if (name == "competence_level") return RuleKind::kCompetenceLevel;
    if (name == "target_profile") return RuleKind::kTargetProfile;
    return std::nullopt;
}

std::string_view AwardStateName(AwardState state) {
    switch (state) {
        case AwardState::kActive:
            return "active";
        case AwardState::kSuspended:
            return "suspended";
        case AwardState::kRevoked:
            return "revoked";
    }
    return "active";
}

std::optional<AwardState> ParseAwardState(std::string_view name) {
    if (name == "active") return AwardState::kActive;
    if (name == "suspended") return AwardState::kSuspended;
    if (name == "revoked") return AwardState::kRevoked;
    return std::nullopt;
}

std::span<const std::string_view> AchievementTypes() { return kAchievementTypes; }

bool IsAchievementType(std::string_view type) {
    if (std::find(kAchievementTypes.begin(), kAchievementTypes.end(), type) != kAchievementTypes.end()) {
        return true;
    }
    if (!type.starts_with("ext:")) return false;
    const std::string_view name = type.substr(4);
    if (name.empty() || name.size() > 60) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '-' || c == '_';
    });
}

core::Result<std::string> CleanText(std::string_view text, std::size_t max_bytes, std::string_view field,
                                    std::string_view label, bool required) {
    const std::string f(field);
    const std::string l(label);
    if (!core::IsValidUtf8(text)) {
        return core::Fail(core::Error::InvalidArgument(l + " n'est pas un texte UTF-8 valide.", f));
    }
    std::size_t begin = 0;
    std::size_t end = text.size();
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (begin < end && space(text[begin])) ++begin;
    while (end > begin && space(text[end - 1])) --end;
    std::string out(text.substr(begin, end - begin));
    if (out.empty() && required) return core::Fail(core::Error::InvalidArgument(l + " est requis.", f));
    if (out.size() > max_bytes) {
        return core::Fail(core::Error::InvalidArgument(
            l + " est trop long : " + std::to_string(max_bytes) + " octets au plus.", f));
    }
    for (char c : out) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F) {
            return core::Fail(core::Error::InvalidArgument(l + " contient un caractère de contrôle.", f));
        }
    }
    return out;
}

core::Result<std::int64_t> ParseDate(std::string_view text, std::string_view field) {
    auto bad = [&] {
        return core::Fail(core::Error::InvalidArgument(
            "Date invalide « " + std::string(text.substr(0, 20)) + " » : attendu AAAA-MM-JJ.",
            std::string(field)));
    };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (text[i] < '0' || text[i] > '9') return bad();
    }
    auto num = [&](std::size_t from, std::size_t n) {
        int v = 0;
        for (std::size_t i = from; i < from + n; ++i) v = v * 10 + (text[i] - '0');
        return v;
    };
    const int y = num(0, 4);
    const int m = num(5, 2);
    const int d = num(8, 2);
    if (y < 1900 || m < 1 || m > 12 || d < 1 ||
        static_cast<unsigned>(d) > DaysInMonth(y, static_cast<unsigned>(m))) {
        return bad();
    }
    return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * kMillisPerDay;
}

core::Result<void> ValidateRuleShape(const AwardRule& rule) {
    switch (rule.kind) {
        case RuleKind::kManual:
            return core::Ok();
        case RuleKind::kCompetenceLevel:
            if (rule.competence.framework.empty() || rule.competence.competence.empty()) {
                return core::Fail(core::Error::InvalidArgument(
                    "La règle « niveau de compétence » demande une compétence.", "rule.competence"));
            }
            if (rule.level < kMinRuleLevel || rule.level > kMaxRuleLevel) {
                return core::Fail(core::Error::InvalidArgument(
                    "Le niveau de la règle va de 1 à 8 (reçu " + std::to_string(rule.level) + ").",
                    "rule.level"));
            }
            return core::Ok();
        case RuleKind::kTargetProfile:
            if (rule.target_profile_id.empty()) {
                return core::Fail(core::Error::InvalidArgument("La règle « profil cible » demande un profil.",
                                                               "rule.target_profile_id"));
            }
            return core::Ok();
    }
    return core::Ok();
}

std::int64_t AddMonths(std::int64_t millis, int months) {
    const auto [days, rest] = SplitDay(millis);
    const Civil c = CivilFromDays(days);
    std::int64_t month_index = c.year * 12 + static_cast<std::int64_t>(c.month) - 1 + months;
    std::int64_t year = month_index >= 0 ? month_index / 12 : (month_index - 11) / 12;
    const auto month = static_cast<unsigned>(month_index - year * 12 + 1);
    const unsigned day = std::min(c.day, DaysInMonth(year, month));
    return DaysFromCivil(year, month, day) * kMillisPerDay + rest;
}

std::string IsoDate(std::int64_t millis) {
    const Civil c = CivilFromDays(SplitDay(millis).first);
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month, c.day);
    return buf;
}

bool RuleMet(const AwardRule& rule, std::span<const MeasuredCompetence> measured,
             std::span<const RequiredLevel> profile) {
    switch (rule.kind) {
        case RuleKind::kManual:
            return false;
        case RuleKind::kCompetenceLevel: {
            const MeasuredCompetence* m =
                Find(measured, rule.competence.framework, rule.competence.competence);
            return m != nullptr && m->level_low >= rule.level;
        }
        case RuleKind::kTargetProfile:
            if (profile.empty()) return false;
            for (const RequiredLevel& r : profile) {
                const MeasuredCompetence* m = Find(measured, r.framework, r.competence);
                if (m == nullptr || m->level_low < r.level) return false;
            }
            return true;
    }
    return false;
}

}  // namespace passeur::badge
