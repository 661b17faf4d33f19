// Campaigns and participations: the pure rules (no I/O; time and randomness are passed in).
// Issue 7, choices in docs/campaigns.md, tables in docs/formats/database.md (0010).
//
// Errors are kInvalidArgument naming the field ("name", "closes_at", "settings.se_target", ...),
// or kConflict naming "status" for a participation step that its state does not allow.
// Messages are French (user-facing).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/random.hpp"
#include "core/result.hpp"

namespace passeur::campaign {

// Bounds of the inputs, in Unicode code points for texts.
inline constexpr std::size_t kNameMaxChars = 120;
inline constexpr std::size_t kExternalIdLabelMaxChars = 60;
inline constexpr std::size_t kExternalIdPurposeMaxChars = 300;
inline constexpr std::size_t kExternalIdMaxChars = 100;
inline constexpr double kSeTargetMin = 0.20;
inline constexpr double kSeTargetMax = 1.00;
inline constexpr int kMaxLengthMin = 5;  // max_length 0 = the assessment's default for the profile
inline constexpr int kMaxLengthMax = 200;
inline constexpr int kRetryAfterDaysMax = 365;
inline constexpr std::uint8_t kAllNeeds =
    7;  // assessment::kAllConditions (screen reader | no colour | no timer)
inline constexpr std::int64_t kDayMillis = 86'400'000;

// Who a campaign assesses, the "job" of the territory's figures (codes from the glossary: mediator;
// helper with occupation social_worker / front_desk_agent; learner, job_seeker among them).
// "" (kAudienceUnstated) only on campaigns stored before migration 0011.
inline constexpr std::string_view kAudienceUnstated = "";
inline constexpr std::array<std::string_view, 6> kAudiences = {
    "mediator", "social_worker", "front_desk_agent", "helper", "job_seeker", "learner"};
bool IsAudience(std::string_view code);  // one of kAudiences
// The audience a campaign gets when its creator gives none: from the target profile's audience
// ("mediator" | "helper" | "learner", framework::TargetProfile::audience); "learner" otherwise.
std::string_view DefaultAudience(std::string_view profile_audience);

enum class CampaignType { kAssessment, kProfileCollection };
std::string_view CampaignTypeName(CampaignType type);  // "assessment" | "profile_collection"
std::optional<CampaignType> ParseCampaignType(std::string_view name);

// The test settings of a campaign's assessments.
struct CampaignSettings {
    double se_target = 0.40;                 // kSeTargetMin..kSeTargetMax
    int max_length = 0;                      // 0 (assessment default) or kMaxLengthMin..kMaxLengthMax
    std::uint8_t allowed_needs = kAllNeeds;  // accessibility adaptations participants may ask for
    bool operator==(const CampaignSettings&) const = default;
};
// {"se_target":0.4,"max_length":0,"allowed_needs":7}
std::string SettingsToJson(const CampaignSettings& settings);
// kInvalidArgument (field "settings") on malformed JSON; values are checked by ValidateSettings.
core::Result<CampaignSettings> SettingsFromJson(std::string_view json);
core::Result<void> ValidateSettings(const CampaignSettings& settings);

// What a campaign's creator gives.
struct CampaignInput {
    std::string name;
    std::string target_profile_id;
    CampaignType type = CampaignType::kAssessment;
    std::string audience;  // "" : DefaultAudience of the profile (CampaignService); else IsAudience
    CampaignSettings settings;
    std::int64_t opens_at = 0;   // Unix ms; 0: open at once
    std::int64_t closes_at = 0;  // Unix ms; 0: never closes
    bool retry_allowed = false;
    int retry_after_days = 0;         // 0..kRetryAfterDaysMax; must be 0 without retry
    std::string external_id_label;    // "" : no external id; else 1..kExternalIdLabelMaxChars
    std::string external_id_purpose;  // required with a label, 1..kExternalIdPurposeMaxChars
};

// Trims the texts (ASCII whitespace at both ends) and checks every rule at `now_millis`: name
// 1..kNameMaxChars of valid UTF-8 without control characters, target_profile_id non-empty,
// audience empty or IsAudience (kInvalidArgument "audience"),
// opens_at/closes_at ≥ 0, closes_at after opens_at and after now when set, settings, retry
// (after_days within bounds, 0 without retry), external id label and purpose (both or neither).
core::Result<CampaignInput> NormalizeCampaignInput(CampaignInput input, std::int64_t now_millis);

// A stored campaign.
struct Campaign {
    std::string id;
    std::string organization_id;
    std::string name;
    std::string target_profile_id;
    CampaignType type = CampaignType::kAssessment;
    std::string audience;  // IsAudience, or kAudienceUnstated (stored before 0011)
    CampaignSettings settings;
    std::int64_t opens_at = 0;
    std::int64_t closes_at = 0;
    bool retry_allowed = false;
    int retry_after_days = 0;
    std::string external_id_label;
    std::string external_id_purpose;
    std::string code;        // normalised (8 characters, no dash)
    std::string created_by;  // "" once the author's account is deleted
    std::int64_t created_at = 0;
    std::int64_t archived_at = 0;  // 0: not archived
};

// Whether a person may join at `now_millis`: kConflict (field "code") with a clear message when
// the campaign is archived, not open yet or closed.
core::Result<void> CheckJoinable(const Campaign& campaign, std::int64_t now_millis);

// Checks and trims the participant's external id: required (kInvalidArgument "external_id") when
// the campaign asks for one, 1..kExternalIdMaxChars without control characters; must be empty
// when the campaign asks for none.
core::Result<std::string> NormalizeExternalId(const Campaign& campaign, std::string_view external_id);

// Campaign codes: kCodeLength characters of kCodeAlphabet (no 0/O, 1/I), drawn uniformly.
inline constexpr std::string_view kCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
inline constexpr std::size_t kCodeLength = 8;
std::string NewCampaignCode(core::Random& random);
// What a person typed -> the stored form: case-insensitive, spaces and dashes ignored.
// kInvalidArgument (field "code") unless the rest is kCodeLength characters of the alphabet.
core::Result<std::string> NormalizeCampaignCode(std::string_view typed);
// "ABCD-EFGH" for printing (the input must be a normalised code).
std::string FormatCampaignCode(std::string_view code);

// The participation state machine:
//   (join) -> started --AttachAssessment--> started(with test) --Complete--> completed --Share--> shared
//   started | completed | shared --Leave--> left (final; nothing is shared any more)
enum class ParticipationStatus { kStarted, kCompleted, kShared, kLeft };
std::string_view ParticipationStatusName(ParticipationStatus status);  // "started", ...
std::optional<ParticipationStatus> ParseParticipationStatus(std::string_view name);

enum class ParticipationEvent { kAttachAssessment, kComplete, kShare, kLeave };

// The status after `event`, or kConflict (field "status") when the step is not allowed:
// AttachAssessment only while started without a test; Complete only while started with a test;
// Share only once completed (sharing again is allowed and changes nothing); Leave from any
// status but left. `has_assessment`: a test is attached.
core::Result<ParticipationStatus> NextStatus(ParticipationStatus from, ParticipationEvent event,
                                             bool has_assessment);

// Whether a person whose current participation completed at `completed_at` may start another at
// `now_millis` (retry allowed and retry_after_days elapsed); else kConflict (field "code") saying
// when.
core::Result<void> CheckRetry(const Campaign& campaign, ParticipationStatus current,
                              std::int64_t completed_at, std::int64_t now_millis);

// The verdict of a level range against a target level, as the assessment service gives it:
// "met" when low ≥ target, "gap" when high < target, else "uncertain".
std::string_view TargetVerdict(int low, int high, int target);

// Counts Unicode code points of valid UTF-8 (nullopt when invalid).
std::optional<std::size_t> Utf8Length(std::string_view text);

}  // namespace passeur::campaign
