// Demo campaigns for `passeur demo` (issue 7), in the demo organisation, as its mediator.
#pragma once

#include <string>

#include "campaign/campaign_service.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace passeur::campaign {

struct DemoCampaigns {
    std::string open_code;        // the assessment campaign anyone may join (printed "ABCD-EFGH")
    int shared_participants = 0;  // in the profile collection
};

// Idempotent (a campaign of that name in `org_id` is kept as it is):
//   - "Positionnement des nouveaux arrivants (démo)": an assessment campaign on socle-emploi, open,
//     no participant yet — the code printed at start, for trying the join page;
//   - "Recueil de profils — socle emploi (démo)": a profile collection on socle-emploi that
//     apprenant1@demo.passeur.fr joined (with consent) and shared: his latest completed demo test.
// Created as mediatrice@demo.passeur.fr. Needs SeedDemo and SeedDemoAssessments first.
core::Result<DemoCampaigns> SeedDemoCampaigns(CampaignService& campaigns, store::Store& store,
                                              const std::string& org_id);

// Idempotent (kept when a campaign of that name exists in `org_id`): "Bilan des médiateurs du
// département (démo)", an assessment campaign on mediateur-numerique for the audience "mediator",
// in which kDemoTerritoryPeople fictitious people (personne.demoNN@demo.passeur.fr, accounts
// disabled and without password: nobody can log in as them) have shared levels, so that the
// coordinator's territory page has groups of 10 or more to show. Their levels are made up (no test
// behind them: the participations have no assessment), spread around the profile's targets. Returns
// how many people shared in it.
inline constexpr int kDemoTerritoryPeople = 12;
core::Result<int> SeedDemoTerritory(CampaignService& campaigns, store::Store& store, core::Clock& clock,
                                    core::Random& random, const std::string& org_id);

}  // namespace passeur::campaign
