// Demo campaigns for `passeur demo` (issue 7), in the demo organisation, as its mediator.
#pragma once

#include <string>

#include "campaign/campaign_service.hpp"
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

}  // namespace passeur::campaign
