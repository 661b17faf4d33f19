// The framework pages (src/framework/pages) in the real Application: public browsing of the
// frameworks, a competence with its 8 level descriptors and the target profiles; an admin edit
// stores a new version while the old one stays readable; other people cannot edit.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "framework/pages/framework_pages.hpp"
#include "support/app_pages.hpp"

namespace passeur::framework {
namespace {

class FrameworkPages : public testing::AppPages {
protected:
    static std::size_t Count(const std::string& text, const std::string& needle) {
        std::size_t n = 0;
        for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
        return n;
    }
};

constexpr const char* kCompetence = "/referentiels/competences-numeriques/competences/1.1";

TEST_F(FrameworkPages, AnonymousVisitorsBrowseFrameworksCompetencesAndProfiles) {
    auto list = Get("/referentiels");
    ASSERT_EQ(list.status, 200U);
    EXPECT_NE(list.body.find("<html lang=\"fr\""), std::string::npos);
    EXPECT_NE(list.body.find("href=\"/referentiels/competences-numeriques\""), std::string::npos);
    EXPECT_NE(list.body.find("href=\"/referentiels/mediation-numerique\""), std::string::npos);

    auto framework = Get("/referentiels/competences-numeriques");
    ASSERT_EQ(framework.status, 200U);
    EXPECT_NE(framework.body.find("Compétences numériques"), std::string::npos);
    EXPECT_NE(framework.body.find("href=\"" + std::string(kCompetence) + "\""), std::string::npos);

    auto competence = Get(kCompetence);
    ASSERT_EQ(competence.status, 200U);
    EXPECT_NE(competence.body.find("Mener une recherche et une veille d&apos;information"),
              std::string::npos);
    EXPECT_EQ(Count(competence.body, "<h3 class=\"fr-h6 fr-mb-1v\">"), 8U);  // one per level
    EXPECT_EQ(competence.body.find("/modifier"), std::string::npos);         // no edit button

    auto profiles = Get("/profils-cibles");
    ASSERT_EQ(profiles.status, 200U);
    EXPECT_NE(profiles.body.find("href=\"/profils-cibles/mediateur-numerique\""), std::string::npos);
    auto profile = Get("/profils-cibles/mediateur-numerique");
    ASSERT_EQ(profile.status, 200U);
    EXPECT_NE(profile.body.find("Médiateur ou médiatrice numérique"), std::string::npos);
    EXPECT_NE(profile.body.find("href=\"/referentiels/"), std::string::npos);

    EXPECT_EQ(Get("/referentiels/absent").status, 404U);
    EXPECT_EQ(Get("/referentiels/competences-numeriques/competences/9.9").status, 404U);
    EXPECT_EQ(Get("/profils-cibles/absent").status, 404U);
}

TEST_F(FrameworkPages, AdminEditCreatesANewVersionAndTheOldOneStaysReadable) {
    Session admin = Login(kAdmin);
    auto before = App().Frameworks().Get("competences-numeriques").value();
    const std::string old_version = before.framework.version;
    const Competence& original = *before.framework.FindCompetence("1.1");

    auto show = Get(kCompetence, admin);
    EXPECT_NE(show.body.find(std::string(kCompetence) + "/modifier"), std::string::npos);
    auto form = Get(std::string(kCompetence) + "/modifier", admin);
    ASSERT_EQ(form.status, 200U);
    // A fresh form marks no field as wrong (every level row included).
    EXPECT_EQ(form.body.find("fr-input-group--error"), std::string::npos);
    EXPECT_EQ(form.body.find("aria-invalid"), std::string::npos);

    std::vector<std::pair<std::string, std::string>> fields = {
        {"new_version", old_version + ".7"},
        {"name_fr", "Chercher et suivre l'information en ligne"},
        {"name_en", original.name.en},
        {"description_fr", original.description.fr},
        {"description_en", original.description.en}};
    for (const auto& [level, text] : original.levels)
        fields.emplace_back("level_" + std::to_string(level), text);
    auto saved = Post(std::string(kCompetence) + "/modifier", admin, fields);
    ASSERT_EQ(saved.status, 303U) << saved.body;
    EXPECT_EQ(saved.location, kCompetence);

    auto current = Get(kCompetence);
    EXPECT_NE(current.body.find("Chercher et suivre l&apos;information en ligne"), std::string::npos);
    EXPECT_NE(current.body.find(old_version + ".7"), std::string::npos);

    auto old = Get(std::string(kCompetence) + "?version=" + old_version);
    ASSERT_EQ(old.status, 200U);
    EXPECT_NE(old.body.find("Mener une recherche et une veille d&apos;information"), std::string::npos);
    EXPECT_NE(old.body.find("Vous consultez une ancienne version"), std::string::npos);
    EXPECT_EQ(App().Frameworks().Versions("competences-numeriques").value().size(), 2U);

    // The same edit again is refused (nothing changed), and no version is added.
    fields[0].second = old_version + ".8";
    auto unchanged = Post(std::string(kCompetence) + "/modifier", admin, fields);
    EXPECT_EQ(unchanged.status, 400U);
    EXPECT_EQ(App().Frameworks().Versions("competences-numeriques").value().size(), 2U);
}

TEST_F(FrameworkPages, OtherPeopleCannotEdit) {
    auto anonymous = Get(std::string(kCompetence) + "/modifier");
    EXPECT_EQ(anonymous.status, 303U);
    EXPECT_TRUE(anonymous.location.starts_with("/connexion"));
    const auto versions = App().Frameworks().Versions("mediation-numerique").value().size();
    for (const char* email : {kLearner, kMediator}) {
        Session session = Login(email);
        const std::string edit = "/referentiels/mediation-numerique/competences/1.1/modifier";
        EXPECT_EQ(Get(edit, session).status, 403U) << email;
        auto post = Post(edit, session, {{"new_version", "9.0"}, {"name_fr", "Piraté"}});
        EXPECT_EQ(post.status, 403U) << email;
        EXPECT_EQ(Get("/referentiels/mediation-numerique/competences/1.1", session).body.find("/modifier"),
                  std::string::npos);
    }
    EXPECT_EQ(App().Frameworks().Versions("mediation-numerique").value().size(), versions);
}

}  // namespace
}  // namespace passeur::framework
