// The badge model (issue 5, "Badges and awards"; choices in docs/badges.md): a badge is an Open
// Badges 3.0 Achievement defined by an organisation, with an award rule; an award is one learner's
// signed OpenBadgeCredential of that badge. Plain values and pure functions (no I/O): validation of
// what people type, the rules evaluated against an assessment result, dates of expiry.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace passeur::badge {

// Bounds on what people type (bytes of UTF-8).
inline constexpr std::size_t kMaxNameBytes = 200;
inline constexpr std::size_t kMaxDescriptionBytes = 4000;
inline constexpr std::size_t kMaxCriteriaBytes = 4000;
inline constexpr std::size_t kMaxReasonBytes = 1000;
inline constexpr std::size_t kMaxNarrativeBytes = 4000;
inline constexpr std::size_t kMaxObserverBytes = 200;
inline constexpr std::size_t kMaxAlignments = 20;
inline constexpr std::size_t kMaxEvidence = 10;
inline constexpr int kMaxValidityMonths = 120;
inline constexpr int kMinRuleLevel = 1;
inline constexpr int kMaxRuleLevel = 8;

enum class BadgeStatus { kDraft, kActive, kArchived };
std::string_view BadgeStatusName(BadgeStatus status);  // "draft" | "active" | "archived"
std::optional<BadgeStatus> ParseBadgeStatus(std::string_view name);

enum class RuleKind { kManual, kCompetenceLevel, kTargetProfile };
std::string_view RuleKindName(RuleKind kind);  // "manual" | "competence_level" | "target_profile"
std::optional<RuleKind> ParseRuleKind(std::string_view name);

enum class AwardState { kActive, kSuspended, kRevoked };
std::string_view AwardStateName(AwardState state);  // "active" | "suspended" | "revoked"
std::optional<AwardState> ParseAwardState(std::string_view name);

// The OB 3.0 AchievementType enumeration (the 31 terms of the spec), plus extension terms
// "ext:<name>" (name [A-Za-z0-9._-]{1,60}) as the spec allows.
std::span<const std::string_view> AchievementTypes();
bool IsAchievementType(std::string_view type);

// A competence of a framework version: an alignment of a badge, or the competence of a rule.
struct CompetenceRef {
    std::string framework;          // framework slug ("competences-numeriques")
    std::string framework_version;  // "1.0": the version the badge was aligned to
    std::string competence;         // competence code ("1.1")
    bool operator==(const CompetenceRef&) const = default;
};

struct AwardRule {
    RuleKind kind = RuleKind::kManual;
    CompetenceRef competence;       // kCompetenceLevel
    int level = 0;                  // kCompetenceLevel: 1..8
    std::string target_profile_id;  // kTargetProfile
    bool operator==(const AwardRule&) const = default;
};

struct Badge {
    std::string id;  // UUIDv4
    std::string org_id;
    std::string name;
    std::string description;
    std::string criteria;  // the criteria narrative (plain text)
    std::string achievement_type = "Badge";
    std::optional<std::string> image_svg;  // validated SVG; nullopt: the default image is generated
    std::vector<CompetenceRef> alignments;
    int validity_months = 0;  // 0: awards never expire
    BadgeStatus status = BadgeStatus::kDraft;
    AwardRule rule;
    std::string created_by;  // user id, "" for the system or once that user is deleted
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::int64_t version = 1;  // +1 on every change
};

// What a person observed (manual awards) or what the assessment showed (automatic awards).
struct Evidence {
    std::string narrative;    // what was observed
    std::string observed_on;  // "YYYY-MM-DD" (a real date, not in the future)
    std::string observer;     // who observed (a display name)
    bool operator==(const Evidence&) const = default;
};

struct Award {
    std::string id;  // UUIDv4; the credential id is "urn:uuid:" + id
    std::string badge_id;
    std::string user_id;
    bool automatic = false;     // awarded by a rule (then awarded_by is "")
    std::string awarded_by;     // user id; "" for automatic awards or once that user is deleted
    std::string assessment_id;  // automatic awards: the assessment whose result met the rule
    std::string reason;         // why (recorded, shown to staff and the learner, not in the credential)
    std::vector<Evidence> evidence;
    std::int64_t awarded_at = 0;
    std::int64_t expires_at = 0;  // 0: never
    AwardState state = AwardState::kActive;
    std::string state_reason;  // why suspended / revoked / reinstated (the last change)
    std::string state_by;      // user id of the last state change ("" when none or deleted)
    std::int64_t state_at = 0;
    bool is_public = false;     // the learner chooses; private by default
    nlohmann::json credential;  // the signed credential as issued, never re-signed
    std::int64_t version = 1;   // +1 on every change of the row (compare-and-set)

    std::string CredentialId() const { return "urn:uuid:" + id; }
    bool Expired(std::int64_t now_millis) const { return expires_at != 0 && now_millis >= expires_at; }
};

// ---- validation (kInvalidArgument naming the field, French messages) ---------------------------

// Trims and checks a required text (1..max bytes, valid UTF-8, no control character other than
// tab and line breaks). `label` names the field in the message ("Le nom").
core::Result<std::string> CleanText(std::string_view text, std::size_t max_bytes, std::string_view field,
                                    std::string_view label, bool required = true);

// "YYYY-MM-DD", a real calendar date; kInvalidArgument (field) otherwise.
core::Result<std::int64_t> ParseDate(std::string_view text, std::string_view field);

// The rule's shape alone (kind, level range, non-empty references); whether its competence or
// profile exists is the service's check. Field "rule.<member>".
core::Result<void> ValidateRuleShape(const AwardRule& rule);

// ---- dates ---------------------------------------------------------------------------------------

// `millis` plus `months` calendar months (UTC), the day clamped to the month's last day
// (31 January + 1 month = 28 or 29 February); the time of day is kept.
std::int64_t AddMonths(std::int64_t millis, int months);
// "YYYY-MM-DD" of a Unix time in milliseconds (UTC).
std::string IsoDate(std::int64_t millis);

// ---- rules against an assessment result -----------------------------------------------------------

// One competence of a completed assessment, as the rules see it.
struct MeasuredCompetence {
    std::string framework;
    std::string framework_version;
    std::string competence;
    int level = 1;      // level of the estimate
    int level_low = 1;  // lower bound of the 95 % range: the level counted by the rules
    int level_high = 1;
};

// A requirement of a target profile (framework slug, competence code, level).
struct RequiredLevel {
    std::string framework;
    std::string competence;
    int level = 1;
};

// Whether `measured` meets the rule: kCompetenceLevel when the competence (same framework slug and
// code, any version) has level_low ≥ rule.level; kTargetProfile when every requirement has
// level_low ≥ its level (`profile` must then be given and non-empty). kManual is never met.
bool RuleMet(const AwardRule& rule, std::span<const MeasuredCompetence> measured,
             std::span<const RequiredLevel> profile = {});

}  // namespace passeur::badge
