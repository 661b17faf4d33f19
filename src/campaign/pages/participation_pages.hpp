// Server-rendered pages of the people who take part in campaigns (issue 7; RouteKind::kHtml,
// French URLs, DSFR, no script). Plain language: short sentences, one action per button.
//
//   GET  /campagnes/rejoindre              the code form (anyone); with ?code=X the consent screen
//                                          (CampaignService::Preview): organisation, campaign, target
//                                          profile, exactly what the organisation will see (name,
//                                          e-mail, level per competence once shared, the external id
//                                          and its purpose), opening and closing dates, the retry
//                                          rule, "nothing is shared before you press Partager", "you
//                                          can leave at any time"; a campaign that cannot be joined
//                                          says why; anonymous visitors get a login link that comes
//                                          back here with the code (/connexion?retour=...) and the
//                                          form "Créer un compte et rejoindre"; a person already in
//                                          the campaign gets a link to their participation
//   POST /campagnes/rejoindre              fields code, consent=1 (required), external_id (when the
//                                          campaign asks): CampaignService::Join, 303 to
//                                          /mes-campagnes/{participation}; errors re-render the
//                                          consent screen (400) with the error next to the field
//   POST /campagnes/rejoindre/compte       anonymous visitors, joinable campaign only (else 409, no
//                                          account): fields code, display_name, email, password,
//                                          confirm_password, external_id, consent=1; CSRF by the
//                                          anonymous cookie (as /connexion). All fields are checked
//                                          first (nothing stored on error: 400, consent screen with the
//                                          error next to the field; an e-mail with an account says only
//                                          that, as the invitation page does), then AccountService::
//                                          CreateUser (no organisation membership), Login and the
//                                          session cookie as the login page, CampaignService::Join and
//                                          303 to /mes-campagnes/{participation}. A Join refused after
//                                          the creation leaves the account and the session: the person
//                                          sees the consent screen with the error. A login refused
//                                          after it (the IP's login rate limit) leaves the account and
//                                          sends to the login page. Logged-in visitors: 303 back.
//   GET  /mes-campagnes                    the person's participations, newest first, status in words
//   GET  /mes-campagnes/{p}                campaign, organisation, status and the next step:
//                                          "Commencer le test" (form with the adaptations the campaign
//                                          allows), "Reprendre le test", "Partager mes résultats" with
//                                          the levels that will be shared, "Vos résultats sont
//                                          partagés", and the link "Quitter la campagne"
//   POST /mes-campagnes/{p}/test           fields need (repeated: screen_reader | no_colour | no_timer,
//                                          within the campaign's allowed ones): StartCampaignTest, 303
//                                          to /tests/{assessment}. A profile collection instead links
//                                          the person's latest completed test of the profile (303 back)
//   POST /mes-campagnes/{p}/partager       CampaignService::Share, 303 back with a flash message
//   GET  /mes-campagnes/{p}/quitter        confirmation: the organisation will no longer see the results
//   POST /mes-campagnes/{p}/quitter        CampaignService::Leave, 303 to /mes-campagnes with a flash
// /mes-campagnes* and POSTs need a session (anonymous visitors go to the login page); every POST
// checks the CSRF token. Somebody else's participation is the service's kNotFound (404 page).
#pragma once

#include "account/module.hpp"
#include "assessment/service/assessment_service.hpp"
#include "campaign/campaign_service.hpp"
#include "http/router.hpp"
#include "web/renderer.hpp"

namespace passeur::campaign {

// All arguments must outlive the router.
void RegisterParticipationPages(http::Router& router, CampaignService& campaigns,
                                assessment::AssessmentService& assessments, account::AccountModule& accounts,
                                web::Renderer& renderer);

}  // namespace passeur::campaign
