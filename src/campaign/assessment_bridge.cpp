#include "campaign/assessment_bridge.hpp"

#include <stdexcept>
#include <string>

namespace passeur::campaign {

ResultSource ResultSourceFrom(assessment::AssessmentService& assessments) {
    return [&assessments](std::string_view assessment_id) -> core::Result<AssessmentLevels> {
        auto result = assessments.ResultForSystem(assessment_id);
        if (!result) return core::Fail(result.error());
        AssessmentLevels out;
        out.completed = !result->in_progress;
        out.competences.reserve(result->competences.size());
        for (const assessment::CompetenceResult& c : result->competences) {
            out.competences.push_back({c.framework, c.competence, c.range.level, c.range.low, c.range.high});
        }
        return out;
    };
}

core::Result<Participation> StartCampaignTest(CampaignService& campaigns,
                                              assessment::AssessmentService& assessments,
                                              const account::Principal& principal,
                                              std::string_view participation_id, std::uint8_t needs) {
    auto participation = campaigns.GetParticipation(principal, participation_id);
    if (!participation) return core::Fail(participation.error());
    auto campaign = campaigns.Repository().GetCampaign(participation->campaign_id);
    if (!campaign) return core::Fail(campaign.error());
    if (campaign->type != CampaignType::kAssessment) {
        return core::Fail(core::Error::Conflict(
            "Cette campagne recueille des résultats existants : elle ne fait pas passer de test.", "status"));
    }
    if (participation->status != ParticipationStatus::kStarted || !participation->assessment_id.empty()) {
        return core::Fail(core::Error::Conflict(
            "Le test de cette participation a déjà été commencé, ou la participation est terminée.",
            "status"));
    }
    if ((needs & ~campaign->settings.allowed_needs) != 0) {
        return core::Fail(core::Error::InvalidArgument(
            "Cette campagne ne propose pas l'adaptation demandée : retirez-la ou contactez la structure.",
            "needs"));
    }
    assessment::StartRequest request;
    request.target_profile_id = campaign->target_profile_id;
    request.needs = needs;
    request.se_target = campaign->settings.se_target;
    if (campaign->settings.max_length > 0) request.max_length = campaign->settings.max_length;
    auto started = assessments.Start(principal, request);
    if (!started) return core::Fail(started.error());
    return campaigns.AttachAssessment(principal, participation_id, started->id);
}

void CompleteParticipationsOnTestCompletion(assessment::AssessmentService& assessments,
                                            CampaignService& campaigns) {
    assessments.AddCompletionListener(
        [&campaigns](const std::string& user_id, const assessment::AssessmentResult& result) {
            auto completed = campaigns.MarkCompleted(user_id, result.summary.id);
            // The assessment service logs a listener's exception and carries on.
            if (!completed) throw std::runtime_error("campaign participations: " + completed.error().message);
        });
}

}  // namespace passeur::campaign
