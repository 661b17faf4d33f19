// A person's progress over the campaigns of one organisation (issue 7, "Following people"): each
// participation they shared is a point (the levels as shared, with the target and verdict of that
// campaign's profile at share time), and per competence the series of points where it was
// measured and the change of level from the first to the last of them. Pure (no I/O): the
// repository reads the points, CampaignService::Progress checks who may see them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "campaign/results.hpp"

namespace passeur::campaign {

// At most this many points are read per person and organisation (the latest ones).
inline constexpr int kMaxProgressPoints = 200;

// One shared participation of the person in a campaign of the organisation.
struct ProgressPoint {
    std::string participation_id;
    std::string campaign_id;
    std::string campaign_name;
    std::string target_profile_id;
    std::string profile_name;  // filled by the service (the id when the profile is gone)
    std::int64_t shared_at = 0;
    std::vector<CompetenceCell> levels;  // as shared, in the profile's order at share time
};

// One measure of a competence: the point it belongs to and its shared cell.
struct ProgressMeasure {
    std::size_t point = 0;  // index into ParticipantProgress::points
    CompetenceCell cell;
    bool operator==(const ProgressMeasure&) const = default;
};

struct CompetenceProgress {
    std::string framework;
    std::string competence;
    std::vector<ProgressMeasure> series;  // in point order, one per point measuring it (≥ 1)
    // Level of the last measure minus level of the first; nullopt when measured once.
    std::optional<int> level_change;
    bool operator==(const CompetenceProgress&) const = default;
};

struct ParticipantProgress {
    std::string organization_id;
    std::string organization_name;
    std::string user_id;
    std::string display_name;  // as Results shows them
    std::string email;
    std::vector<ProgressPoint> points;            // oldest first: (shared_at, participation id)
    std::vector<CompetenceProgress> competences;  // BuildCompetenceProgress(points)
    bool truncated = false;  // more than kMaxProgressPoints shared: only the latest are here
};

// Per (framework, competence), in order of first appearance (point by point, each point's cells
// in order): its measures in point order and the change of level between the first and the last.
// `points` must be in time order (as ParticipantProgress::points). A point holding the same
// competence twice counts its first cell only.
std::vector<CompetenceProgress> BuildCompetenceProgress(const std::vector<ProgressPoint>& points);

}  // namespace passeur::campaign
