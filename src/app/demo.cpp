#include "app/demo.hpp"

#include <array>

#include "assessment/irt.hpp"
#include "assessment/service/assessment_service.hpp"
#include "core/clock.hpp"
#include "item/scoring.hpp"
#include "store/sql_store.hpp"

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

namespace {

// A right response to `item` (from its key), or a wrong one (scores 0).
nlohmann::json DemoResponse(const item::Item& item, bool right) {
    return right ? item::KeyResponse(item) : "?";
}

}  // namespace

core::Result<int> SeedDemoAssessments(store::Store& store, framework::FrameworkService& frameworks,
                                      item::ItemService& items, core::Random& random) {
    constexpr const char* kProfile = "socle-emploi";
    auto user = store.Users().FindByEmail("apprenant1@demo.passeur.fr");
    if (!user) return core::Fail(user.error());
    account::Principal learner;
    learner.kind = account::PrincipalKind::kSession;
    learner.user = *user;
    core::SystemClock system_clock;
    const std::int64_t now = system_clock.NowMillis();
    core::FakeClock clock(now);
    assessment::AssessmentService service(*store::DatabaseOf(store), clock, random, frameworks);
    auto mine = service.ListMine(learner);
    if (!mine) return core::Fail(mine.error());
    int completed = 0;
    for (const auto& s : *mine) {
        if (s.target_profile_id == kProfile && s.status == assessment::AssessmentStatus::kCompleted)
            ++completed;
    }
    if (completed >= 2) return 0;
    constexpr std::int64_t kDay = 24LL * 3600 * 1000;
    const struct {
        std::int64_t at;
        double theta;
        std::uint64_t seed;
    } runs[] = {{now - 42 * kDay, -0.8, 1}, {now - 7 * kDay, 0.4, 2}};
    int created = 0;
    for (const auto& run : runs) {
        clock.Set(run.at);
        auto started = service.Start(learner, {kProfile, 0});
        if (!started) return core::Fail(started.error());
        core::SeededRandom examinee(run.seed);
        for (int guard = 0; guard < 500; ++guard) {
            auto step = service.Next(learner, started->id);
            if (!step) return core::Fail(step.error());
            if (step->done) break;
            auto record = items.Get(step->item->id, item::Actor::System());
            if (!record) return core::Fail(record.error());
            const item::Irt irt = record->item.EffectiveIrt();
            const double draw = static_cast<double>(examinee.NextU64() >> 11) * 0x1.0p-53;
            const bool right = draw < assessment::Probability(run.theta, irt.a, irt.b);
            clock.Advance(40'000);  // 40 s per question
            auto answered =
                service.Answer(learner, started->id, record->item.id, DemoResponse(record->item, right));
            if (!answered) return core::Fail(answered.error());
        }
        ++created;
    }
    return created;
}

}  // namespace passeur::app
