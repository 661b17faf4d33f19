// Server-rendered pages of the learner's adaptive test (issue 4; RouteKind::kHtml, French URLs,
// DSFR, no script). Logged-in people only (anonymous visitors go to the login page):
//   GET  /tests                    the target profiles with a "start" form each (needs: screen
//                                  reader, colours, time), the person's tests in progress
//                                  ("Reprendre"), completed ones (link to the result) and, for a
//                                  profile taken more than once, a table of levels over time
//   POST /tests                    fields target_profile_id, need (repeated: screen_reader |
//                                  no_colour | no_timer): starts, 303 to /tests/{id}
//   GET  /tests/{id}               the pending question (partial item_question, learner view only:
//                                  no key, no feedback) with its true progress ("Question 7",
//                                  competences covered n of m); when done, 303 to the result
//   POST /tests/{id}/reponse       fields item_id, the answer fields of item_question, dont_know
//                                  ("je ne sais pas"); an empty answer gives the page again (400)
//                                  with an error and stores nothing; an item already answered or
//                                  not pending gives 303 to /tests/{id} with a warning flash;
//                                  else 303 to /tests/{id}#question or /tests/{id}/resultat
//   GET  /tests/{id}/resultat      the profile: SVG chart + the same figures in a table, verdicts
//                                  in words and icons, strengths and gaps, the feedback of every
//                                  answered item (<details>); a test in progress: 303 to the question
// Another account's test is kNotFound (the 404 page); errors are returned as core::Error.
#pragma once

#include "account/module.hpp"
#include "assessment/service/assessment_service.hpp"
#include "framework/framework_service.hpp"
#include "http/router.hpp"
#include "web/renderer.hpp"

namespace passeur::assessment {

// Form fields larger than this are refused (a short-text answer is at most 1000 bytes).
inline constexpr std::size_t kAnswerFieldMaxBytes = 2 * 1024;
// Tests of one profile shown in the "progress over time" table (the most recent ones).
inline constexpr std::size_t kMaxHistoryColumns = 6;

// All arguments must outlive the router.
void RegisterAssessmentPages(http::Router& router, AssessmentService& assessments,
                             framework::FrameworkService& frameworks, account::AccountModule& accounts,
                             web::Renderer& renderer);

}  // namespace passeur::assessment
