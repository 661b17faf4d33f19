#include "campaign/demo.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace passeur::campaign {
namespace {

constexpr const char* kOpenName = "Positionnement des nouveaux arrivants (démo)";
constexpr const char* kCollectionName = "Recueil de profils — socle emploi (démo)";
constexpr const char* kProfile = "socle-emploi";
constexpr const char* kTerritoryName = "Bilan des médiateurs du département (démo)";
constexpr const char* kTerritoryProfile = "mediateur-numerique";

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

core::Result<int> SeedDemoTerritory(CampaignService& campaigns, store::Store& store, core::Clock& clock,
                                    core::Random& random, const std::string& org_id) {
    auto mediator = DemoPerson(store, "mediatrice@demo.passeur.fr");
    if (!mediator) return core::Fail(mediator.error());
    auto existing = campaigns.ListCampaigns(*mediator, org_id);
    if (!existing) return core::Fail(existing.error());
    std::string campaign_id;
    for (const Campaign& c : *existing) {
        if (c.name == kTerritoryName) campaign_id = c.id;
    }
    if (campaign_id.empty()) {
        CampaignInput in;
        in.name = kTerritoryName;
        in.target_profile_id = kTerritoryProfile;
        in.audience = "mediator";
        auto created = campaigns.CreateCampaign(*mediator, org_id, in);
        if (!created) return core::Fail(created.error());
        campaign_id = created->id;
        auto results = campaigns.Results(*mediator, campaign_id);
        if (!results) return core::Fail(results.error());
        CampaignRepository& repository = campaigns.Repository();
        for (int i = 0; i < kDemoTerritoryPeople; ++i) {
            const std::int64_t now = clock.NowMillis();
            store::User user;
            user.id = core::NewUuid(random);
            user.email = fmt::format("personne.demo{:02d}@demo.passeur.fr", i + 1);
            user.display_name = fmt::format("Personne démo {:02d}", i + 1);
            user.locale = "fr";
            user.disabled = true;  // no password either: a name in the figures, never a login
            user.created_at = now;
            PASSEUR_TRY(store.Users().Create(user));
            Participation p;
            p.id = core::NewUuid(random);
            p.campaign_id = campaign_id;
            p.user_id = user.id;
            p.status = ParticipationStatus::kCompleted;
            p.consent_at = now;
            p.completed_at = now;
            p.created_at = now;
            PASSEUR_TRY(repository.InsertParticipation(p));
            // Levels around each target: from two below to two above, shifted per person and
            // competence, with a range of one level each side.
            std::vector<CompetenceCell> cells;
            int k = 0;
            for (const ProfileCompetence& r : results->profile.competences) {
                CompetenceCell cell;
                cell.framework = r.framework;
                cell.competence = r.competence;
                cell.target_level = r.target_level;
                cell.level = std::clamp(r.target_level + (i + 2 * k) % 5 - 2, 1, 8);
                cell.low = std::max(1, cell.level - 1);
                cell.high = std::min(8, cell.level + 1);
                cell.verdict = std::string(TargetVerdict(cell.low, cell.high, cell.target_level));
                cells.push_back(std::move(cell));
                ++k;
            }
            PASSEUR_TRY(repository.Share(p.id, now, cells));
        }
    }
    auto results = campaigns.Results(*mediator, campaign_id);
    if (!results) return core::Fail(results.error());
    return static_cast<int>(results->participants.size());
}

}  // namespace passeur::campaign
