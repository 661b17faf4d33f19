// The glue between campaigns and the adaptive test (issue 7): the campaign service reads levels
// through a ResultSource and never the assessment tables' internals; the assessment service knows
// nothing of campaigns. The application builds both services and connects them with these.
#pragma once

#include <cstdint>
#include <string_view>

#include "account/principal.hpp"
#include "assessment/service/assessment_service.hpp"
#include "campaign/campaign_service.hpp"
#include "core/result.hpp"

namespace passeur::campaign {

// A ResultSource over `assessments` (which must outlive it): the levels (and 95 % range) per
// competence of a stored test, read with AssessmentService::ResultForSystem.
ResultSource ResultSourceFrom(assessment::AssessmentService& assessments);

// Starts the campaign's test for the caller's participation and links it: the participation must
// be the caller's, of an assessment campaign, started and with no test yet (kConflict "status"
// otherwise; kNotFound for somebody else's). `needs` must be within the campaign's allowed
// adaptations (kInvalidArgument "needs"). The test runs on the campaign's target profile with the
// campaign's SE target and maximum length (0: the assessment's default). Errors of
// AssessmentService::Start pass through. Returns the participation linked to the new test.
core::Result<Participation> StartCampaignTest(CampaignService& campaigns,
                                              assessment::AssessmentService& assessments,
                                              const account::Principal& principal,
                                              std::string_view participation_id, std::uint8_t needs);

// Registers a completion listener on `assessments` that completes the participations linked to a
// test when it completes (CampaignService::MarkCompleted; a failure is logged by the assessment
// service and never fails the learner's answer). Call once while the application is built.
void CompleteParticipationsOnTestCompletion(assessment::AssessmentService& assessments,
                                            CampaignService& campaigns);

}  // namespace passeur::campaign
