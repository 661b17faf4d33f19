// Campaigns of organisations (issue 7; choices in docs/campaigns.md): creation and listing by the
// organisation's staff, joining by code with explicit consent, linking the participant's test,
// explicit sharing, leaving, the shared results (JSON-ready and streamed CSV) and the territory's
// aggregates for coordinators.
//
// Who may do what (account::Action::kManageCampaigns for the staff):
//   org staff (org_admin, mediator of the organisation; its API tokens with those roles; platform
//   admins): CreateCampaign, ListCampaigns, ArchiveCampaign, Results, ExportResultsCsv, Progress.
//   Another member of the organisation (learner) or a coordinator of its département:
//   kPermissionDenied. Anybody else (another organisation, another territory): kNotFound.
//   The participant's own session: Join, GetParticipation, AttachAssessment, Share, Leave (API
//   tokens kPermissionDenied: a participation is personal; somebody else's participation is
//   kNotFound).
//   Coordinators (coordinator role in an organisation of the département; platform admins):
//   TerritorySummary; anybody else kNotFound.
//
// Consent and sharing: the organisation sees nothing of a participation until its owner shares it;
// sharing stores a snapshot of the levels (participation_competences), which is what Results
// shows; leaving deletes the snapshots of every participation of that person in the campaign and
// makes them "left", so nothing stays shared.
//
// Thread-safety: thread-safe (state in the database; the injected functions must be too).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/audit.hpp"
#include "account/authorizer.hpp"
#include "account/principal.hpp"
#include "campaign/campaign_repository.hpp"
#include "campaign/model.hpp"
#include "campaign/progress.hpp"
#include "campaign/results.hpp"
#include "campaign/territory.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/store.hpp"

namespace passeur::campaign {

// A target profile as campaigns need it. ProfileSourceFrom (profile_source.hpp) reads the
// framework service; tests feed their own. kNotFound for an unknown profile.
struct ProfileInfo {
    std::string id;
    std::string name;                            // French name
    std::vector<ProfileCompetence> competences;  // the requirements, in the profile's order
    std::string audience;                        // "mediator" | "helper" | "learner" ("" unknown)
};
using ProfileSource = std::function<core::Result<ProfileInfo>(std::string_view profile_id)>;

// The levels of one stored test, read without a principal (the campaign service has checked that
// the test is linked to a participation whose owner shares it). kNotFound for an unknown test.
struct CompetenceLevel {
    std::string framework;
    std::string competence;
    int level = 1;
    int low = 1;
    int high = 1;
};
struct AssessmentLevels {
    bool completed = false;
    std::vector<CompetenceLevel> competences;
};
using ResultSource = std::function<core::Result<AssessmentLevels>(std::string_view assessment_id)>;

struct JoinResult {
    Participation participation;
    Campaign campaign;
    bool created = false;  // false: the person's current (started) participation was returned
};

// What a code shows before joining (the consent screen): no principal needed.
struct CampaignPreview {
    Campaign campaign;
    std::string organization_name;
    std::string profile_name;
    bool joinable = false;
    std::string not_joinable_reason;  // CheckJoinable's message when !joinable
};

struct CampaignResults {
    Campaign campaign;
    ProfileInfo profile;                          // columns: the profile's competences now
    std::map<std::string, int> counts;            // participations per status ("started", ..., "left")
    std::vector<ParticipantResult> participants;  // shared only, latest per person, in sharing order
    // Per participant's user id: in how many campaigns of the organisation they shared (this one
    // included; ≥ 2: Progress has something to compare).
    std::map<std::string, int> shared_campaigns;
};

struct ProfileGroup {
    std::string profile_id;
    std::string profile_name;
    int people = 0;   // distinct people who shared a result on the profile (≥ kMinGroupSize)
    int met_all = 0;  // of them, meeting every requirement (range low ≥ target)
};
struct CompetenceGroup {
    std::string profile_id;
    std::string framework;
    std::string competence;
    int people = 0;  // ≥ kMinGroupSize
    int met = 0;
    int gap = 0;  // range high < target: a training need
};
// People assessed by job: per campaign audience, distinct people whose latest shared participation
// in a campaign of that audience met every requirement of its profile (met_all).
struct JobGroup {
    std::string audience;  // one of kAudiences, or kAudienceUnstated
    int people = 0;        // ≥ kMinGroupSize
    int met_all = 0;
};
// Badges awarded by the territory's organisations (awards not revoked), per badge.
struct BadgeGroup {
    std::string badge_id;
    std::string badge_name;
    std::string organization_name;
    int people = 0;  // distinct recipients, ≥ kMinGroupSize
};
// One calendar quarter (Paris time, "YYYY-Qn"): distinct people who shared a result in it, and
// distinct people awarded a badge in it; each nullopt below the threshold. A quarter is listed when
// at least one of the two is shown.
struct PeriodGroup {
    std::string quarter;
    std::optional<int> people_assessed;
    std::optional<int> people_awarded;
};
// One quarter × profile: distinct people who shared a result on the profile in the quarter, and of
// them those whose (latest in the quarter) result met every requirement.
struct ProfilePeriodGroup {
    std::string quarter;
    std::string profile_id;
    std::string profile_name;
    int people = 0;  // ≥ kMinGroupSize
    int met_all = 0;
};
struct TerritorySummary {
    std::string department;
    int min_group_size = kMinGroupSize;
    std::optional<int> people;           // distinct people in the territory; nullopt below the threshold
    std::vector<ProfileGroup> profiles;  // by profile id
    std::vector<CompetenceGroup> competences;  // most frequent gaps first (gap/people, then gap, then key)
    std::vector<JobGroup> jobs;                // in kAudiences order, kAudienceUnstated last
    std::optional<int> badge_holders;          // distinct people awarded any badge; nullopt below
    std::vector<BadgeGroup> badges;            // most recipients first, then name
    std::vector<PeriodGroup> periods;          // oldest quarter first
    std::vector<ProfilePeriodGroup> profile_periods;  // by quarter, then profile id
};

class CampaignService {
public:
    // `random` draws ids and codes (SystemRandom in production). Owns none of its arguments.
    CampaignService(store::Store& store, store::Database& db, core::Clock& clock, core::Random& random,
                    const account::Authorizer& authorizer, account::AuditLog& audit, ProfileSource profiles,
                    ResultSource results);

    // kInvalidArgument naming the field (NormalizeCampaignInput; "target_profile_id" when the
    // profile is unknown). Audit "campaign.created".
    core::Result<Campaign> CreateCampaign(const account::Principal& principal, std::string_view org_id,
                                          const CampaignInput& input);
    core::Result<std::vector<Campaign>> ListCampaigns(const account::Principal& principal,
                                                      std::string_view org_id);
    // One campaign, for its organisation's staff (kNotFound for anybody unrelated).
    core::Result<Campaign> GetCampaign(const account::Principal& principal, std::string_view campaign_id) {
        return StaffCampaign(principal, campaign_id);
    }
    // Closes the campaign to new participants (existing ones may still share or leave).
    // Audit "campaign.archived".
    core::Result<Campaign> ArchiveCampaign(const account::Principal& principal, std::string_view campaign_id);

    // kInvalidArgument "code" (malformed), kNotFound (no such code).
    core::Result<CampaignPreview> Preview(std::string_view code);

    // Joins (or returns the current started participation). `consent` must be true (the person
    // saw what the organisation will see; kInvalidArgument "consent"); kConflict "code" when the
    // campaign is archived, not open yet, closed, or already taken without retry;
    // kInvalidArgument "external_id". A profile collection links the person's latest completed
    // test of the profile at once (then completed), if any.
    core::Result<JoinResult> Join(const account::Principal& principal, std::string_view code,
                                  std::string_view external_id, bool consent);

    core::Result<Participation> GetParticipation(const account::Principal& principal,
                                                 std::string_view participation_id);

    // Links the owner's test (same user, the campaign's target profile; for an assessment campaign
    // started at or after joining, for a profile collection completed) to a started participation;
    // a completed test completes it at once. kInvalidArgument "assessment_id", kConflict "status".
    core::Result<Participation> AttachAssessment(const account::Principal& principal,
                                                 std::string_view participation_id,
                                                 std::string_view assessment_id);

    // The assessment's completion listener calls this (no principal: the assessment service has
    // checked the owner): every started participation of `user_id` linked to the test becomes
    // completed. Returns how many.
    core::Result<int> MarkCompleted(std::string_view user_id, std::string_view assessment_id);

    // Shares the completed participation's levels with the organisation (again: refreshes them).
    core::Result<Participation> Share(const account::Principal& principal, std::string_view participation_id);

    // Leaves the campaign: every participation of the person in it becomes left, nothing stays shared.
    core::Result<void> Leave(const account::Principal& principal, std::string_view participation_id);

    core::Result<CampaignResults> Results(const account::Principal& principal, std::string_view campaign_id);

    // The organisation dashboard's figures in two queries whatever the number of campaigns: each
    // campaign (newest first, as ListCampaigns) with its participations per status, and the
    // training needs — per competence, the shared levels (each person's latest shared participation
    // per campaign) and the gaps among them, most frequent gap share first (then most gaps),
    // competences without a gap left out. Access as ListCampaigns.
    struct CampaignCounts {
        Campaign campaign;
        std::map<std::string, int> counts;  // status -> participations (every row, live or not)
    };
    struct OrganizationOverview {
        std::vector<CampaignCounts> campaigns;
        std::vector<CampaignRepository::CompetenceTally> needs;
    };
    core::Result<OrganizationOverview> Overview(const account::Principal& principal, std::string_view org_id);

    // One person's progress over the organisation's campaigns (progress.hpp): every participation
    // they shared in a campaign of `org_id` (a retry's earlier shared participation included; left
    // ones hold nothing), oldest first, at most the latest kMaxProgressPoints; each point's levels
    // with the target and verdict of that campaign's profile as stored at share time; per
    // competence its series and the change of level from its first to its last measure; the name
    // and e-mail as Results shows them. Access as Results (staff of the organisation, their API
    // tokens, platform admins; learners of the organisation and coordinators of its département
    // kPermissionDenied; anybody else kNotFound). kNotFound too when the person shared nothing in
    // the organisation (staff cannot learn anything about people who never shared with it).
    core::Result<ParticipantProgress> Progress(const account::Principal& principal, std::string_view org_id,
                                               std::string_view user_id);

    // The results as CSV (results.hpp), read from the store kExportPageSize participants at a time;
    // `sink` gets the header, then one part per page. Access as Results.
    static constexpr int kExportPageSize = 200;
    core::Result<void> ExportResultsCsv(const account::Principal& principal, std::string_view campaign_id,
                                        std::string_view language, const ResultsCsvWriter::Sink& sink);

    // The same export, pulled: access is checked now, then each call of the returned producer
    // appends the next part to `out` (the header first, then kExportPageSize participants read
    // from the store) and returns false after the last part. For http::Response::Stream: memory
    // stays one page whatever the campaign's size. The producer keeps a reference to this service.
    using CsvProducer = std::function<core::Result<bool>(std::string& out)>;
    core::Result<CsvProducer> OpenResultsCsv(const account::Principal& principal,
                                             std::string_view campaign_id, std::string_view language);

    // kInvalidArgument "department" when it is not a département code.
    core::Result<TerritorySummary> Territory(const account::Principal& principal,
                                             std::string_view department);

    // What is stored about the caller's participations, for the account's GDPR export
    // (AccountService::AddExportSection): each participation with its campaign (name, code,
    // organisation id), external id, status, dates, linked test and the levels it shares.
    // Session only (kPermissionDenied for API tokens).
    core::Result<nlohmann::json> ExportFor(const account::Principal& principal);

    CampaignRepository& Repository() { return repository_; }

private:
    core::Result<void> RequireStaff(const account::Principal& principal, std::string_view org_id) const;
    core::Result<Campaign> StaffCampaign(const account::Principal& principal, std::string_view campaign_id);
    core::Result<Participation> OwnParticipation(const account::Principal& principal, std::string_view id);

    store::Store& store_;
    CampaignRepository repository_;
    core::Clock& clock_;
    core::Random& random_;
    const account::Authorizer& authorizer_;
    account::AuditLog& audit_;
    ProfileSource profiles_;
    ResultSource results_;
};

}  // namespace passeur::campaign
