// Demo badges for `passeur demo`: three badges of the demo organisation, one per award rule, aligned
// to competences of the shipped frameworks, then the automatic awards that the completed tests of
// the organisation's learners already earn (the demo's tests are seeded before the badges exist).
#pragma once

#include <string_view>

#include "assessment/service/assessment_service.hpp"
#include "badge/badge_service.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace passeur::badge {

// Names of the demo badges (French, as the demo organisation would write them).
inline constexpr std::string_view kDemoManualBadge = "Accompagner une démarche en ligne";
inline constexpr std::string_view kDemoLevelBadge = "Rechercher l'information en ligne";
inline constexpr std::string_view kDemoProfileBadge = "Socle numérique pour l'emploi";

struct DemoBadgesReport {
    int badges_created = 0;  // 0 on a second run
    int awards = 0;          // automatic awards made from past results (0 on a second run)
};

// Creates the three badges in `org_id` when no badge of that name exists there (idempotent), as a
// trusted system actor (no audit actor):
//   - manual ("Accompagner une démarche en ligne"): mediation-numerique 2.2, Competency;
//   - competence_level ("Rechercher l'information en ligne"): competences-numeriques 1.1 at level 2
//     at least, Badge, valid 24 months — met by apprenant1's recent demo test (θ = 0.4);
//   - target_profile ("Socle numérique pour l'emploi"): profile socle-emploi, aligned to its ten
//     competences, Certificate, valid 36 months.
// Then looks back (BadgeService::AwardFromPastResults, the path of every activation): for every
// learner of the organisation, each of their completed tests, oldest first, against the rules
// (idempotent: a badge held is not awarded again). `store` is kept for callers; unused now.
core::Result<DemoBadgesReport> SeedDemoBadges(BadgeService& badges,
                                              assessment::AssessmentService& assessments, store::Store& store,
                                              std::string_view org_id);

}  // namespace passeur::badge
