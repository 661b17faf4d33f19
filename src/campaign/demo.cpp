#include "campaign/demo.hpp"

#include <string_view>

namespace passeur::campaign {
namespace {

constexpr const char* kOpenName = "Positionnement des nouveaux arrivants (démo)";
constexpr const char* kCollectionName = "Recueil de profils — socle emploi (démo)";
constexpr const char* kProfile = "socle-emploi";

core::Result<account::Principal> DemoPerson(store::Store& store, std::string_view email) {
    auto user = store.Users().FindByEmail(std::string(email));
    if (!user) return core::Fail(user.error());
    account::Principal p;
    p.kind = account::PrincipalKind::kSession;
    p.user = *user;
    return p;
}

}  // namespace

core::Result<DemoCampaigns> SeedDemoCampaigns(CampaignService& campaigns, store::Store& store,
                                              const std::string& org_id) {
    auto mediator = DemoPerson(store, "mediatrice@demo.passeur.fr");
    if (!mediator) return core::Fail(mediator.error());
    auto learner = DemoPerson(store, "apprenant1@demo.passeur.fr");
    if (!learner) return core::Fail(learner.error());
    auto existing = campaigns.ListCampaigns(*mediator, org_id);
    if (!existing) return core::Fail(existing.error());
    const Campaign* open = nullptr;
    const Campaign* collection = nullptr;
    for (const Campaign& c : *existing) {
        if (c.name == kOpenName) open = &c;
        if (c.name == kCollectionName) collection = &c;
    }
    DemoCampaigns out;
    if (open != nullptr) {
        out.open_code = FormatCampaignCode(open->code);
    } else {
        CampaignInput in;
        in.name = kOpenName;
        in.target_profile_id = kProfile;
        in.type = CampaignType::kAssessment;
        auto created = campaigns.CreateCampaign(*mediator, org_id, in);
        if (!created) return core::Fail(created.error());
        out.open_code = FormatCampaignCode(created->code);
    }
    std::string collection_id = collection != nullptr ? collection->id : std::string();
    if (collection == nullptr) {
        CampaignInput in;
        in.name = kCollectionName;
        in.target_profile_id = kProfile;
        in.type = CampaignType::kProfileCollection;
        auto created = campaigns.CreateCampaign(*mediator, org_id, in);
        if (!created) return core::Fail(created.error());
        collection_id = created->id;
        auto joined = campaigns.Join(*learner, created->code, "", true);
        if (!joined) return core::Fail(joined.error());
        if (joined->participation.status == ParticipationStatus::kCompleted) {
            auto shared = campaigns.Share(*learner, joined->participation.id);
            if (!shared) return core::Fail(shared.error());
        }
    }
    auto results = campaigns.Results(*mediator, collection_id);
    if (!results) return core::Fail(results.error());
    out.shared_participants = static_cast<int>(results->participants.size());
    return out;
}

}  // namespace passeur::campaign
