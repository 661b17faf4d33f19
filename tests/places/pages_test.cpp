// The places pages (src/places/pages) in the real Application on SQLite, with the demo places
// of Ille-et-Vilaine: public search by postcode and commune (sorted by distance, with a map),
// detail and orientation sheet, an organisation's place management (create with validation,
// edit, publish, unpublish, delete), isolation between organisations, and the coordinators'
// territory page with its CSV downloads.
#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "places/pages/places_pages.hpp"
#include "places/pages/qr_svg.hpp"
#include "support/app_pages.hpp"

namespace passeur::places {
namespace {

class PlacesPages : public passeur::testing::AppPages {
public:
    static constexpr const char* kAdminA = "admin.lieux.a@exemple.fr";
    static constexpr const char* kAdminB = "admin.lieux.b@exemple.fr";
    static constexpr const char* kCoordA = "coord.lieux.a@exemple.fr";
    static constexpr const char* kCoordB = "coord.lieux.b@exemple.fr";
    static constexpr const char* kLearnerA = "apprenant.lieux.a@exemple.fr";

    static void SetUpTestSuite() {
        AppPages::SetUpTestSuite();
        if (::testing::Test::HasFatalFailure()) return;
        auto system = app::SystemPrincipal();
        auto& orgs = App().Accounts().Organizations();
        org_a_ = orgs.Create(system, {"EPN de Rennes", "epn", "35"}, "test").value().id;
        org_b_ = orgs.Create(system, {"Association des Côtes", "association", "22"}, "test").value().id;
        for (auto [email, org, role] :
             std::vector<std::tuple<std::string, std::string, std::string>>{{kAdminA, org_a_, "org_admin"},
                                                                            {kAdminB, org_b_, "org_admin"},
                                                                            {kCoordA, org_a_, "coordinator"},
                                                                            {kCoordB, org_b_, "coordinator"},
                                                                            {kLearnerA, org_a_, "learner"}}) {
            account::NewUser u;
            u.email = email;
            u.password = kPassword;
            u.display_name = email.substr(0, email.find('@'));
            ASSERT_TRUE(App().Accounts().Accounts().CreateUser(u, "", "test").has_value()) << email;
            ASSERT_TRUE(orgs.AddMember(system, org, email, role, "test").has_value()) << email;
        }
        auto seeded = SeedDemoPlaces(App().Places(), (Dir() / "data").string(), org_a_, 4);
        ASSERT_TRUE(seeded.has_value()) << seeded.error().message;
        ASSERT_GE(seeded->accepted, 35U);
    }

protected:
    // Distances shown in the result list ("<strong>1,2 km</strong>"), in page order.
    static std::vector<double> Distances(const std::string& body) {
        std::vector<double> out;
        std::regex km(R"(<strong>([0-9]+),([0-9]) km</strong>)");
        for (auto it = std::sregex_iterator(body.begin(), body.end(), km); it != std::sregex_iterator();
             ++it) {
            out.push_back(std::stod((*it)[1].str() + "." + (*it)[2].str()));
        }
        return out;
    }

    static std::vector<std::string> PlaceLinks(const std::string& body) {
        std::vector<std::string> out;
        std::regex link(R"re(<h3 class="fr-h5 fr-mb-1w"><a href="(/lieux/[^"]+)")re");
        for (auto it = std::sregex_iterator(body.begin(), body.end(), link); it != std::sregex_iterator();
             ++it) {
            out.push_back((*it)[1].str());
        }
        return out;
    }

    static std::string OrgPlaces(const std::string& org) { return "/organisations/" + org + "/lieux"; }

    // A complete, valid form for a new place in Rennes.
    static std::vector<std::pair<std::string, std::string>> ValidForm(const std::string& name) {
        return {{"nom", name},
                {"pivot", "95000000007919"},
                {"adresse", "12 rue de la Paix"},
                {"code_postal", "35000"},
                {"commune", "Rennes"},
                {"code_insee", "35238"},
                {"latitude", "48,1105"},
                {"longitude", "-1,6790"},
                {"telephone", "02 99 00 11 22"},
                {"courriels", "contact@exemple.fr"},
                {"horaires", "Mo-Fr 09:00-12:00,14:00-17:30"},
                {"services", "Aide aux démarches administratives"},
                {"services", "Accès internet et matériel informatique"},
                {"frais_a_charge", "Gratuit"},
                {"modalites_acces", "Se présenter"}};
    }

    static std::optional<PlaceRecord> FindByName(const std::string& org, const std::string& name) {
        auto list = App().Places().ListForOrg(org, app::SystemPrincipal());
        EXPECT_TRUE(list.has_value());
        if (!list) return std::nullopt;
        for (const PlaceRecord& r : *list) {
            if (r.place.nom == name) return r;
        }
        return std::nullopt;
    }

    static inline std::string org_a_, org_b_;
};

TEST_F(PlacesPages, SearchByPostcodeAndCommuneSortsByDistanceWithAMap) {
    auto empty = Get("/lieux");
    ASSERT_EQ(empty.status, 200U);
    EXPECT_NE(empty.body.find("id=\"q\""), std::string::npos);
    EXPECT_NE(empty.body.find("GeoNames (CC-BY 4.0)"), std::string::npos);  // attribution
    EXPECT_EQ(empty.body.find("<svg"), std::string::npos);

    for (const std::string target : {"/lieux?q=35000", "/lieux?q=Rennes",
                                     "/lieux?q=rennes&service=Aide+aux+d%C3%A9marches+administratives"}) {
        auto page = Get(target);
        ASSERT_EQ(page.status, 200U) << target;
        auto distances = Distances(page.body);
        ASSERT_GE(distances.size(), 5U) << target;
        EXPECT_LE(distances.size(), 20U) << target;  // one bounded page
        EXPECT_TRUE(std::is_sorted(distances.begin(), distances.end())) << target;
        EXPECT_NE(page.body.find("<svg"), std::string::npos) << target;
        EXPECT_NE(page.body.find("role=\"img\""), std::string::npos) << target;
        EXPECT_NE(page.body.find("liste numérotée"), std::string::npos) << target;  // map's text equivalent
        EXPECT_NE(page.body.find("Rennes (35238)"), std::string::npos) << target;
        EXPECT_NE(page.body.find("aujourd"), std::string::npos) << target;  // today's hours
        EXPECT_NE(page.body.find("GeoNames (CC-BY 4.0)"), std::string::npos);
    }
    // More results on request, still sorted and bounded.
    auto more = Get("/lieux?q=35000&limite=40");
    ASSERT_EQ(more.status, 200U);
    auto distances = Distances(more.body);
    EXPECT_GT(distances.size(), 20U);
    EXPECT_LE(distances.size(), 40U);
    EXPECT_TRUE(std::is_sorted(distances.begin(), distances.end()));
    // Specific support is filtered by the search itself: the two places that help people who
    // cannot read well, however far they are, and nothing else.
    auto support = Get("/lieux?q=35000&prise=Illettrisme&limite=5");
    ASSERT_EQ(support.status, 200U);
    EXPECT_EQ(PlaceLinks(support.body),
              (std::vector<std::string>{"/lieux/demo-35-027", "/lieux/demo-35-006"}));
}

TEST_F(PlacesPages, UnknownCommuneGivesAClearMessage) {
    auto page = Get("/lieux?q=Zzyzxville");
    EXPECT_EQ(page.status, 404U);
    EXPECT_NE(page.body.find("Nous ne trouvons pas de commune ou de code postal « Zzyzxville »"),
              std::string::npos);
    EXPECT_NE(page.body.find("aria-invalid=\"true\""), std::string::npos);
    EXPECT_EQ(page.body.find("<svg"), std::string::npos);
    auto postcode = Get("/lieux?q=00000");
    EXPECT_EQ(postcode.status, 404U);
    auto long_text = Get("/lieux?q=" + std::string(150, 'a'));
    EXPECT_EQ(long_text.status, 400U);
    EXPECT_NE(long_text.body.find("trop long"), std::string::npos);
}

TEST_F(PlacesPages, DetailAndSheetOfAPublishedPlaceDraftsAreHidden) {
    auto search = Get("/lieux?q=35000");
    auto links = PlaceLinks(search.body);
    ASSERT_FALSE(links.empty());
    auto detail = Get(links.front());
    ASSERT_EQ(detail.status, 200U);
    EXPECT_NE(detail.body.find("<caption>Horaires d&apos;ouverture"), std::string::npos);
    EXPECT_NE(detail.body.find("<th scope=\"row\">lundi</th>"), std::string::npos);
    EXPECT_NE(detail.body.find("Services proposés"), std::string::npos);
    EXPECT_NE(detail.body.find("href=\"" + links.front() + "/fiche\""), std::string::npos);

    auto sheet = Get(links.front() + "/fiche");
    ASSERT_EQ(sheet.status, 200U);
    EXPECT_NE(sheet.body.find("class=\"passeur-qr\""), std::string::npos);
    EXPECT_NE(sheet.body.find("/css/places.css"), std::string::npos);  // the print stylesheet
    EXPECT_NE(sheet.body.find(links.front() + "</span>"), std::string::npos);

    Place draft = App().Places().GetPublished(links.front().substr(7)).value().place;
    draft.id = "brouillon-pages-test";
    draft.nom = "Lieu brouillon";
    ASSERT_TRUE(App().Places().Create(org_a_, draft, app::SystemPrincipal()).has_value());
    EXPECT_EQ(Get("/lieux/brouillon-pages-test").status, 404U);
    EXPECT_EQ(Get("/lieux/brouillon-pages-test/fiche").status, 404U);
    EXPECT_EQ(Get("/lieux/absent").status, 404U);
}

TEST_F(PlacesPages, OrgAdminCreatesEditsPublishesAndDeletesAPlace) {
    Session admin = Login(kAdminA);
    auto list = Get(OrgPlaces(org_a_), admin);
    ASSERT_EQ(list.status, 200U);
    EXPECT_NE(list.body.find("Publié"), std::string::npos);  // the 4 demo places attached to A
    auto form = Get(OrgPlaces(org_a_) + "/nouveau", admin);
    ASSERT_EQ(form.status, 200U);
    EXPECT_NE(form.body.find("id=\"services-0\""), std::string::npos);

    const std::size_t before = App().Places().ListForOrg(org_a_, app::SystemPrincipal()).value().size();
    // Invalid: no service, a malformed SIRET, a latitude that is not a number. Values are kept.
    auto invalid = ValidForm("Lieu créé par la page");
    invalid.erase(
        std::remove_if(invalid.begin(), invalid.end(), [](const auto& f) { return f.first == "services"; }),
        invalid.end());
    for (auto& [name, value] : invalid) {
        if (name == "pivot") value = "123";
        if (name == "latitude") value = "nord";
    }
    auto refused = Post(OrgPlaces(org_a_) + "/nouveau", admin, invalid);
    ASSERT_EQ(refused.status, 400U);
    EXPECT_NE(refused.body.find("id=\"resume-erreurs\""), std::string::npos);
    EXPECT_NE(refused.body.find("href=\"#services\""), std::string::npos);
    EXPECT_NE(refused.body.find("href=\"#pivot\""), std::string::npos);
    EXPECT_NE(refused.body.find("href=\"#latitude\""), std::string::npos);
    EXPECT_NE(refused.body.find("value=\"Lieu créé par la page\""), std::string::npos);
    EXPECT_NE(refused.body.find("value=\"Gratuit\" checked"), std::string::npos);
    EXPECT_EQ(App().Places().ListForOrg(org_a_, app::SystemPrincipal()).value().size(), before);

    auto created = Post(OrgPlaces(org_a_) + "/nouveau", admin, ValidForm("Lieu créé par la page"));
    ASSERT_EQ(created.status, 303U) << created.body;
    EXPECT_EQ(created.location, OrgPlaces(org_a_));
    auto record = FindByName(org_a_, "Lieu créé par la page");
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->status, PlaceStatus::kDraft);
    EXPECT_EQ(record->place.telephone, "+33299001122");
    ASSERT_TRUE(record->place.latitude.has_value());
    EXPECT_DOUBLE_EQ(*record->place.latitude, 48.1105);
    EXPECT_EQ(record->place.services.size(), 2U);
    const std::string id = record->place.id;
    EXPECT_EQ(Get("/lieux/" + id).status, 404U);

    const std::string base = OrgPlaces(org_a_) + "/" + id;
    auto edit = Get(base + "/modifier", admin);
    ASSERT_EQ(edit.status, 200U);
    EXPECT_NE(edit.body.find("value=\"Lieu créé par la page\""), std::string::npos);
    EXPECT_NE(edit.body.find("value=\"Gratuit\" checked"), std::string::npos);
    auto edited_form = ValidForm("Lieu renommé par la page");
    edited_form.push_back({"publics_specifiquement_adresses", "Seniors"});
    auto edited = Post(base + "/modifier", admin, edited_form);
    ASSERT_EQ(edited.status, 303U) << edited.body;
    record = App().Places().GetForOrg(org_a_, id, app::SystemPrincipal()).value();
    EXPECT_EQ(record->place.nom, "Lieu renommé par la page");
    EXPECT_EQ(record->place.publics_specifiquement_adresses.size(), 1U);

    ASSERT_EQ(Post(base + "/publier", admin, {}).status, 303U);
    auto shown = Get("/lieux/" + id);
    ASSERT_EQ(shown.status, 200U);
    EXPECT_NE(shown.body.find("Lieu renommé par la page"), std::string::npos);
    EXPECT_NE(shown.body.find("02 99 00 11 22"), std::string::npos);
    EXPECT_NE(Get("/lieux?q=Rennes&limite=100").body.find("Lieu renommé par la page"), std::string::npos);

    ASSERT_EQ(Post(base + "/depublier", admin, {}).status, 303U);
    EXPECT_EQ(Get("/lieux/" + id).status, 404U);
    ASSERT_EQ(Post(base + "/supprimer", admin, {}).status, 303U);
    EXPECT_FALSE(App().Places().GetForOrg(org_a_, id, app::SystemPrincipal()).has_value());
    EXPECT_EQ(Get(base + "/modifier", admin).status, 404U);
}

TEST_F(PlacesPages, AnotherOrganisationsAdminGets404) {
    auto own = App().Places().ListForOrg(org_a_, app::SystemPrincipal()).value();
    ASSERT_FALSE(own.empty());
    const std::string place_a = own.front().place.id;
    Session admin_b = Login(kAdminB);
    EXPECT_EQ(Get(OrgPlaces(org_a_), admin_b).status, 404U);
    EXPECT_EQ(Get(OrgPlaces(org_a_) + "/" + place_a + "/modifier", admin_b).status, 404U);
    // Through B's own organisation, A's place does not exist either.
    EXPECT_EQ(Get(OrgPlaces(org_b_) + "/" + place_a + "/modifier", admin_b).status, 404U);
    EXPECT_EQ(Post(OrgPlaces(org_b_) + "/" + place_a + "/depublier", admin_b, {}).status, 404U);
    EXPECT_EQ(Post(OrgPlaces(org_b_) + "/" + place_a + "/supprimer", admin_b, {}).status, 404U);
    EXPECT_EQ(Post(OrgPlaces(org_b_) + "/" + place_a + "/modifier", admin_b, ValidForm("Volé")).status, 404U);
    EXPECT_EQ(App().Places().GetForOrg(org_a_, place_a, app::SystemPrincipal()).value().status,
              own.front().status);
    EXPECT_EQ(Get(OrgPlaces(org_b_), admin_b).status, 200U);
}

TEST_F(PlacesPages, LearnerCannotManagePlaces) {
    Session learner = Login(kLearnerA);
    EXPECT_EQ(Get(OrgPlaces(org_a_), learner).status, 403U);
    EXPECT_EQ(Get(OrgPlaces(org_a_) + "/nouveau", learner).status, 403U);
    EXPECT_EQ(Post(OrgPlaces(org_a_) + "/nouveau", learner, ValidForm("Par un apprenant")).status, 403U);
    EXPECT_FALSE(FindByName(org_a_, "Par un apprenant").has_value());
    // The organisation page links to the places for those who manage them only.
    const std::string link = "href=\"" + OrgPlaces(org_a_) + "\"";
    EXPECT_EQ(Get("/organisations/" + org_a_, learner).body.find(link), std::string::npos);
    EXPECT_NE(Get("/organisations/" + org_a_, Login(kAdminA)).body.find(link), std::string::npos);
    EXPECT_EQ(Get("/territoires", learner).status, 403U);
    EXPECT_EQ(Get("/territoires/35", learner).status, 403U);
    // Anonymous visitors are sent to the login page.
    EXPECT_EQ(Get(OrgPlaces(org_a_)).status, 303U);
    EXPECT_EQ(Get("/territoires").status, 303U);
}

TEST_F(PlacesPages, CoordinatorSeesTheTerritoryWithWhiteZonesAndDownloads) {
    Session coord = Login(kCoordA);
    auto list = Get("/territoires", coord);
    ASSERT_EQ(list.status, 200U);
    EXPECT_NE(list.body.find("href=\"/territoires/35\""), std::string::npos);
    EXPECT_EQ(list.body.find("href=\"/territoires/22\""), std::string::npos);

    auto page = Get("/territoires/35", coord);
    ASSERT_EQ(page.status, 200U);
    EXPECT_NE(page.body.find("Ille-et-Vilaine (35)"), std::string::npos);
    EXPECT_NE(page.body.find("id=\"zones-blanches\""), std::string::npos);
    EXPECT_NE(page.body.find("<caption>Communes les plus peuplées sans lieu à moins de 10 km"),
              std::string::npos);
    EXPECT_NE(page.body.find("<svg"), std::string::npos);
    EXPECT_NE(page.body.find("href=\"/territoires/35/zones-blanches.csv?km=10\""), std::string::npos);
    EXPECT_NE(page.body.find("href=\"/territoires/35/lieux.csv\""), std::string::npos);
    EXPECT_NE(page.body.find("GeoNames (CC-BY 4.0)"), std::string::npos);
    EXPECT_EQ(Get("/territoires/35?km=5&service=Aide+aux+d%C3%A9marches+administratives", coord).status,
              200U);

    auto zones = Get("/territoires/35/zones-blanches.csv?km=5", coord);
    ASSERT_EQ(zones.status, 200U);
    EXPECT_TRUE(zones.Header("Content-Type").starts_with("text/csv"));
    EXPECT_NE(zones.Header("Content-Disposition").find("zones-blanches-35-5km.csv"), std::string::npos);
    EXPECT_TRUE(zones.body.starts_with("code_insee,commune,population,distance_km,zone_blanche\r\n"));
    const auto lines = static_cast<std::size_t>(std::count(zones.body.begin(), zones.body.end(), '\n'));
    EXPECT_EQ(lines, App().Places().territory().CommunesOf("35").size() + 1);
    EXPECT_NE(zones.body.find("\n35238,Rennes,"), std::string::npos);
    EXPECT_NE(zones.body.find(",oui\r\n"), std::string::npos);  // Ille-et-Vilaine has zones blanches at 5 km

    auto places_csv = Get("/territoires/35/lieux.csv", coord);
    ASSERT_EQ(places_csv.status, 200U);
    EXPECT_TRUE(places_csv.body.starts_with("id,pivot,nom,"));
    EXPECT_NE(places_csv.body.find("demo-35-001"), std::string::npos);

    Session other = Login(kCoordB);
    EXPECT_EQ(Get("/territoires/35", other).status, 403U);
    EXPECT_EQ(Get("/territoires/35/zones-blanches.csv", other).status, 403U);
    EXPECT_EQ(Get("/territoires/35/lieux.csv", other).status, 403U);
    EXPECT_EQ(Get("/territoires/22", other).status, 200U);
    EXPECT_EQ(Get("/territoires/99", coord).status, 404U);
}

TEST(PlacesQrCode, EncodesTheUrlAsAnAccessibleSvg) {
    const std::string url = "http://127.0.0.1:8080/lieux/demo-35-001";
    const int width = QrCodeWidth(url);
    EXPECT_EQ(width, 29);  // 39 bytes at level M: version 3
    auto svg = QrCodeSvg(url, "QR code <de> l'adresse");
    ASSERT_TRUE(svg.has_value());
    EXPECT_NE(svg->find("viewBox=\"0 0 37 37\""), std::string::npos);  // + 4-module quiet zones
    EXPECT_NE(svg->find("role=\"img\" aria-label=\"QR code &lt;de&gt; l&#39;adresse\""), std::string::npos);
    EXPECT_EQ(svg->find("style"), std::string::npos);
    // The three finder patterns: the top-left module of each is dark.
    EXPECT_NE(svg->find("M4,4h1v1h-1z"), std::string::npos);
    EXPECT_NE(svg->find("M" + std::to_string(4 + width - 7) + ",4h1v1h-1z"), std::string::npos);
    EXPECT_FALSE(QrCodeSvg("", "x").has_value());
    EXPECT_FALSE(QrCodeSvg(std::string(2000, 'a'), "x").has_value());
}

}  // namespace
}  // namespace passeur::places
