#include "app/demo.hpp"

#include <array>

namespace passeur::app {

namespace {

constexpr const char* kDemoOrgName = "Médiathèque Simone-Veil (démo)";

struct DemoUser {
    const char* email;
    const char* name;
    const char* org_role;
    bool platform_admin;
    const char* label;
};

constexpr std::array<DemoUser, 5> kDemoUsers = {{
    {"admin@demo.passeur.fr", "Awa Diallo", "org_admin", true, "administratrice (plateforme et structure)"},
    {"mediatrice@demo.passeur.fr", "Camille Martin", "mediator", false, "médiatrice numérique"},
    {"coordination@demo.passeur.fr", "Yann Le Goff", "coordinator", false, "coordinateur (Ille-et-Vilaine)"},
    {"apprenant1@demo.passeur.fr", "Karim Benali", "learner", false, "apprenant"},
    {"apprenante2@demo.passeur.fr", "Léa Moreau", "learner", false, "apprenante"},
}};

}  // namespace

account::Principal SystemPrincipal() {
    account::Principal p;
    p.kind = account::PrincipalKind::kSession;
    p.user.platform_role = std::string(account::kPlatformAdmin);
    return p;
}

core::Result<DemoData> SeedDemo(account::AccountModule& accounts, store::Store& store) {
    DemoData out;
    const account::Principal system = SystemPrincipal();

    auto orgs = store.Organizations().List(1000, 0);
    if (!orgs) return core::Fail(orgs.error());
    for (const auto& org : *orgs) {
        if (org.name == kDemoOrgName) out.org_id = org.id;
    }
    if (out.org_id.empty()) {
        account::OrganizationInput input{kDemoOrgName, "epn", "35"};
        auto created = accounts.Organizations().Create(system, input, "demo");
        if (!created) return core::Fail(created.error());
        out.org_id = created->id;
    }

    for (const auto& u : kDemoUsers) {
        auto existing = store.Users().FindByEmail(u.email);
        std::string user_id;
        if (existing) {
            user_id = existing->id;
        } else if (existing.error().code == core::ErrorCode::kNotFound) {
            account::NewUser input;
            input.email = u.email;
            input.password = kDemoPassword;
            input.display_name = u.name;
            input.platform_role = u.platform_admin ? std::string(account::kPlatformAdmin) : std::string();
            auto created = accounts.Accounts().CreateUser(input, "", "demo");
            if (!created) return core::Fail(created.error());
            user_id = created->id;
        } else {
            return core::Fail(existing.error());
        }
        auto membership = store.Memberships().Get(out.org_id, user_id);
        if (!membership) {
            if (membership.error().code != core::ErrorCode::kNotFound) return core::Fail(membership.error());
            auto added = accounts.Organizations().AddMember(system, out.org_id, u.email, u.org_role, "demo");
            if (!added) return core::Fail(added.error());
        }
        out.logins.push_back({u.email, u.label});
    }
    return out;
}

}  // namespace passeur::app
