// SQL over store::Database for campaigns, participations and shared levels (migration 0010), one
// text for SQLite and PostgreSQL. No authorisation here: CampaignService decides.
//
// Errors: kNotFound (unknown id), kConflict (unique violation: a code already taken, a second live
// participation; or a compare-and-set that lost: the row's status changed meanwhile),
// kUnavailable/kInternal from the store. Thread-safe (state in the database).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "campaign/model.hpp"
#include "campaign/progress.hpp"
#include "campaign/results.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace passeur::campaign {

struct Participation {
    std::string id;
    std::string campaign_id;
    std::string user_id;
    std::string external_id;
    ParticipationStatus status = ParticipationStatus::kStarted;
    std::string assessment_id;  // "" when none
    bool live = true;           // the person's current participation in the campaign
    std::int64_t consent_at = 0;
    std::int64_t completed_at = 0;
    std::int64_t shared_at = 0;
    std::int64_t left_at = 0;
    std::int64_t created_at = 0;
};

// The columns of an assessment a participation may be linked to (read from `assessments`, 0005).
struct LinkedAssessment {
    std::string id;
    std::string user_id;
    std::string target_profile_id;
    bool completed = false;
    std::int64_t created_at = 0;
    std::int64_t completed_at = 0;
};

// One shared competence verdict in a territory (for TerritorySummary).
struct TerritoryRow {
    std::string participation_id;
    std::string user_id;
    std::string target_profile_id;
    std::string framework;
    std::string competence;
    std::string verdict;
    std::int64_t shared_at = 0;
    std::string audience;  // the campaign's (kAudienceUnstated before 0011)
};

// One badge award (not revoked) made by an organisation of a territory (for TerritorySummary).
struct TerritoryBadgeRow {
    std::string badge_id;
    std::string badge_name;
    std::string organization_name;
    std::string user_id;
    std::int64_t awarded_at = 0;
};

class CampaignRepository {
public:
    explicit CampaignRepository(store::Database& db);

    core::Result<void> InsertCampaign(const Campaign& campaign);  // kConflict when the code is taken
    core::Result<Campaign> GetCampaign(std::string_view id);
    core::Result<Campaign> GetCampaignByCode(std::string_view code);  // normalised code
    // The organisation's campaigns, newest first (at most 500).
    core::Result<std::vector<Campaign>> ListCampaigns(std::string_view organization_id);
    core::Result<void> ArchiveCampaign(std::string_view id, std::int64_t at);  // first archive time kept

    // Inserts `p` (live) after retiring `retire_id` (live = 0) when not empty, in one transaction.
    // kConflict when the person has another live participation (a concurrent join).
    core::Result<void> InsertParticipation(const Participation& p, std::string_view retire_id = {});
    core::Result<Participation> GetParticipation(std::string_view id);
    core::Result<std::optional<Participation>> LiveParticipation(std::string_view campaign_id,
                                                                 std::string_view user_id);
    // Participations of the user linked to the assessment.
    core::Result<std::vector<Participation>> ParticipationsOfAssessment(std::string_view user_id,
                                                                        std::string_view assessment_id);
    core::Result<LinkedAssessment> GetAssessment(std::string_view assessment_id);
    // The user's most recently completed test of the profile, if any.
    core::Result<std::optional<LinkedAssessment>> LatestCompletedAssessment(
        std::string_view user_id, std::string_view target_profile_id);

    // Compare-and-set steps (kConflict when the participation is no longer in the expected state).
    // AttachAssessment: started without test -> started with it (or completed, completed_at set,
    // when `completed_at` > 0).
    core::Result<void> AttachAssessment(std::string_view id, std::string_view assessment_id,
                                        std::int64_t completed_at);
    core::Result<void> MarkCompleted(std::string_view id, std::int64_t at);  // started with a test
    // completed|shared -> shared, replacing the stored levels by `cells` (in the given order).
    core::Result<void> Share(std::string_view id, std::int64_t at, const std::vector<CompetenceCell>& cells);
    // Every participation of the user in the campaign -> left (live 0), their shared levels deleted.
    // Returns how many changed.
    core::Result<std::int64_t> Leave(std::string_view campaign_id, std::string_view user_id, std::int64_t at);

    // Everything stored about one person's participations (GDPR export): each participation with
    // its campaign's name and code and the levels it shares, oldest first (at most
    // kMaxExportedParticipations).
    static constexpr int kMaxExportedParticipations = 2000;
    struct PersonalParticipation {
        Participation participation;
        std::string campaign_name;
        std::string campaign_code;
        std::string organization_id;
        std::vector<CompetenceCell> shared;
    };
    core::Result<std::vector<PersonalParticipation>> ParticipationsOfUser(std::string_view user_id);

    // Participations per status (every row, live or not) of a campaign.
    core::Result<std::map<std::string, int>> StatusCounts(std::string_view campaign_id);
    // The same for every campaign of an organisation, in one query: campaign id -> status -> count
    // (campaigns without participation are absent).
    core::Result<std::map<std::string, std::map<std::string, int>>> StatusCountsOfOrganization(
        std::string_view organization_id);
    // Per (framework, competence) over the organisation's campaigns, in one query: the shared levels
    // (each person's latest shared participation per campaign, as SharedResults) and how many are
    // gaps. Competences of no shared participation are absent.
    struct CompetenceTally {
        std::string framework;
        std::string competence;
        int people = 0;
        int gap = 0;
    };
    core::Result<std::vector<CompetenceTally>> CompetenceTallies(std::string_view organization_id);
    // One page of shared results: per person their latest shared participation, in (shared_at, id)
    // order after the keyset (after_shared_at, after_id) (start with 0, ""), at most `limit` rows,
    // with user name and e-mail and the stored levels.
    core::Result<std::vector<ParticipantResult>> SharedResults(std::string_view campaign_id,
                                                               std::int64_t after_shared_at,
                                                               std::string_view after_id, int limit);

    // A person's progress (progress.hpp): their shared participations (status 'shared', live or
    // retired by a retry) in campaigns of the organisation, with the campaign's id, name and
    // profile, shared_at and the stored levels (in position order); the latest `limit` ones
    // (1..kMaxProgressPoints + 1), returned oldest first in (shared_at, id) order. Left
    // participations are never returned (they hold no levels). profile_name is left empty.
    core::Result<std::vector<ProgressPoint>> SharedProgressPoints(std::string_view organization_id,
                                                                  std::string_view user_id, int limit);
    // How many distinct campaigns of the organisation each person shared a participation in (one
    // statement): for the given users (at most kMaxCountedUsers; none: empty map), or for every
    // person of the organisation. People with no shared participation are absent from the map.
    static constexpr std::size_t kMaxCountedUsers = 1000;
    core::Result<std::map<std::string, int>> SharedCampaignCounts(std::string_view organization_id,
                                                                  const std::vector<std::string>& user_ids);
    core::Result<std::map<std::string, int>> SharedCampaignCountsInOrganization(
        std::string_view organization_id);
    // Every shared competence verdict of campaigns of organisations of the département, in
    // sharing order.
    core::Result<std::vector<TerritoryRow>> TerritoryRows(std::string_view department);
    // Every badge award that is not revoked (active, suspended, expired or renewed) of badges of
    // organisations of the département, oldest first.
    core::Result<std::vector<TerritoryBadgeRow>> TerritoryBadgeRows(std::string_view department);

private:
    store::Database& db_;
};

}  // namespace passeur::campaign
