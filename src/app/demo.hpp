// Demo data for `passeur demo`: one organisation, one admin, one mediator, two learners.
// Idempotent: a second run finds and reuses what exists.
#pragma once

#include <string>
#include <vector>

#include "account/module.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "framework/framework_service.hpp"
#include "item/item_service.hpp"
#include "store/store.hpp"

namespace passeur::app {

inline constexpr const char* kDemoPassword = "demo-passeur-2026";

struct DemoLogin {
    std::string email;
    std::string role;  // as shown to the person starting the demo
};

struct DemoData {
    std::string org_id;
    std::vector<DemoLogin> logins;
};

// A principal with platform_admin rights, for trusted command-line operations (audited with no actor).
account::Principal SystemPrincipal();

core::Result<DemoData> SeedDemo(account::AccountModule& accounts, store::Store& store);

// Gives apprenant1@demo.passeur.fr two completed adaptive tests of the profile socle-emploi, six
// weeks and one week ago (a scripted examinee answering each item right with probability
// P(θ; a, b), θ = −0.8 then 0.4: progress over time). Runs the real AssessmentService with a fake
// clock set to those dates. Idempotent: nothing when the learner has two completed tests of it.
// Returns the number of tests created.
core::Result<int> SeedDemoAssessments(store::Store& store, framework::FrameworkService& frameworks,
                                      item::ItemService& items, core::Random& random);

}  // namespace passeur::app
