// Demo data for `passeur demo`: one organisation, one admin, one mediator, two learners.
// Idempotent: a second run finds and reuses what exists.
#pragma once

#include <string>
#include <vector>

#include "account/module.hpp"
#include "core/result.hpp"

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

}  // namespace passeur::app
