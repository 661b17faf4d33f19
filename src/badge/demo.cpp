#include "badge/demo.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace passeur::badge {
namespace {

constexpr const char* kCompetences = "competences-numeriques";
constexpr const char* kMediation = "mediation-numerique";
constexpr const char* kProfile = "socle-emploi";

account::Principal System() {
    account::Principal p;
    p.kind = account::PrincipalKind::kSession;
    p.user.platform_role = std::string(account::kPlatformAdmin);
    return p;
}

std::vector<BadgeInput> DemoInputs() {
    std::vector<BadgeInput> out;
    BadgeInput manual;
    manual.name = std::string(kDemoManualBadge);
    manual.description =
        "Reconnaît la capacité à accompagner une personne dans une démarche administrative en ligne "
        "(CAF, France Travail, impots.gouv…) en la laissant faire elle-même.";
    manual.criteria =
        "Un médiateur ou une médiatrice a observé la personne mener une démarche en ligne de bout en bout : "
        "identifier le bon site, créer ou retrouver son compte, remplir le formulaire, joindre les pièces et "
        "garder une preuve de l'envoi.";
    manual.achievement_type = "Competency";
    manual.alignments = {{kMediation, "", "2.2"}};
    manual.status = BadgeStatus::kActive;
    out.push_back(manual);

    BadgeInput level;
    level.name = std::string(kDemoLevelBadge);
    level.description =
        "Sait chercher une information sur le web, choisir ses mots-clés et repérer les sources fiables.";
    level.criteria =
        "Atteindre au moins le niveau 2 de la compétence 1.1 « Mener une recherche et une veille "
        "d'information » "
        "à un test de positionnement passeur (borne basse de l'intervalle à 95 %).";
    level.achievement_type = "Badge";
    level.validity_months = 24;
    level.rule.kind = RuleKind::kCompetenceLevel;
    level.rule.competence = {kCompetences, "", "1.1"};
    level.rule.level = 2;
    level.status = BadgeStatus::kActive;
    out.push_back(level);

    BadgeInput profile;
    profile.name = std::string(kDemoProfileBadge);
    profile.description =
        "Atteste les compétences numériques de base attendues pour chercher un emploi : s'informer, "
        "communiquer, produire un document, se protéger et résoudre des problèmes simples.";
    profile.criteria =
        "Atteindre, à un test de positionnement passeur, le niveau demandé par le profil cible « Socle "
        "numérique pour l'emploi » dans chacune de ses dix compétences.";
    profile.achievement_type = "Certificate";
    profile.validity_months = 36;
    profile.rule.kind = RuleKind::kTargetProfile;
    profile.rule.target_profile_id = kProfile;
    for (const char* code : {"1.1", "1.2", "2.1", "2.4", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2"}) {
        profile.alignments.push_back({kCompetences, "", code});
    }
    profile.status = BadgeStatus::kActive;
    out.push_back(profile);
    return out;
}

}  // namespace

core::Result<DemoBadgesReport> SeedDemoBadges(BadgeService& badges,
                                              assessment::AssessmentService& assessments,
                                              store::Store& /*store*/, std::string_view org_id) {
    DemoBadgesReport report;
    const account::Principal system = System();
    // Awards of the organisation's badges: counted before and after, since creating an active
    // automatic badge may already look back (when the service was given the assessments).
    auto count_awards = [&]() -> core::Result<int> {
        auto listed = badges.ListBadges(system, org_id);
        if (!listed) return core::Fail(listed.error());
        int n = 0;
        for (const Badge& b : *listed) {
            auto awards = badges.ListBadgeAwards(system, b.id);
            if (!awards) return core::Fail(awards.error());
            n += static_cast<int>(awards->size());
        }
        return n;
    };
    auto before = count_awards();
    if (!before) return core::Fail(before.error());
    auto existing = badges.ListBadges(system, org_id);
    if (!existing) return core::Fail(existing.error());
    for (const BadgeInput& input : DemoInputs()) {
        const bool present = std::any_of(existing->begin(), existing->end(),
                                         [&](const Badge& b) { return b.name == input.name; });
        if (present) continue;
        auto created = badges.CreateBadge(system, org_id, input);
        if (!created) return core::Fail(created.error());
        ++report.badges_created;
    }
    // The look-back every activation of an automatic badge runs, over all the organisation's badges.
    auto awarded = badges.AwardFromPastResults(assessments, org_id, "", nullptr);
    if (!awarded) return core::Fail(awarded.error());
    auto after = count_awards();
    if (!after) return core::Fail(after.error());
    report.awards = *after - *before;
    return report;
}

}  // namespace passeur::badge
