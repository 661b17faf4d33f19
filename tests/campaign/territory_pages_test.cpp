// The coordinators' pages through their router with the real templates and translations (SQLite):
// the list of coordinated départements, the admin's code form, the territory page with ≥ 10 people
// who shared (charts with captions and tables) and with 9 (nothing shown), the CSV and SVG
// downloads, and 404 for a coordinator of another département and for a learner.
#include "campaign/pages/territory_pages.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "account/module.hpp"
#include "fixture.hpp"
#include "http/error_mapping.hpp"
#include "web/renderer.hpp"

namespace passeur::campaign::testing {
namespace {

constexpr const char* kPassword = "Tournesol-vert-42";

class TerritoryPagesTest : public CampaignFixture {
protected:
    void SetUp() override {
        CampaignFixture::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        account::AccountConfig config;
        config.argon2_opslimit = account::kArgon2OpsLimitMin;
        config.argon2_memlimit = account::kArgon2MemLimitMin;
        config.public_base_url = "https://passeur.example";
        accounts_ = std::make_unique<account::AccountModule>(*store_, clock_, random_, config);
        web::RendererOptions options;
        options.web_dir = PASSEUR_CAMPAIGN_TEST_WEB_DIR;
        options.asset_version = "test";
        options.random = &random_;
        auto renderer = web::Renderer::Load(options);
        ASSERT_TRUE(renderer) << renderer.error().message;
        renderer_ = std::move(*renderer);
        RegisterTerritoryPages(pages_, *service_, *accounts_, *renderer_,
                               [](std::string_view framework, std::string_view competence,
                                  std::string_view language) -> std::string {
                                   if (framework != kFramework || competence != "2.1") return "";
                                   return language == "en" ? "Interacting" : "Interagir <en ligne>";
                               });
        nord_ = Login("coordination@nord.example", hub_, account::kRoleCoordinator);
        bretagne_ = Login("coordination@bretagne.example", other_hub_, account::kRoleCoordinator);
        apprenant_ = Login("apprenant.pages@epn.example", org_, account::kRoleLearner);
        plateforme_ = Login("plateforme@passeur.example", "", "", std::string(account::kPlatformAdmin));
    }

    account::LoginResult Login(const std::string& email, const std::string& org, std::string_view role,
                               const std::string& platform_role = "") {
        account::NewUser input;
        input.email = email;
        input.password = kPassword;
        input.display_name = email.substr(0, email.find('@'));
        input.platform_role = platform_role;
        auto user = accounts_->Accounts().CreateUser(input, "", "192.0.2.1");
        EXPECT_TRUE(user) << user.error().message;
        if (user && !org.empty()) {
            EXPECT_TRUE(store_->Memberships().Upsert({org, user->id, std::string(role), clock_.NowMillis()}));
        }
        auto login = accounts_->Accounts().Login(email, kPassword, "192.0.2.1");
        EXPECT_TRUE(login) << login.error().message;
        return login ? *login : account::LoginResult{};
    }

    // `n` people of org_ (département 59) join the campaign and share: the first `met` meet 1.1
    // (level 3, range 3..4 ≥ target 3), the others have a gap (level 1, range 1..2); 2.1 is a gap
    // for everybody (level 2, range 1..2 < target 4).
    void Seed(int n, int met) {
        const Campaign c = Create(Input());
        for (int i = 0; i < n; ++i) {
            const account::Principal p = Person("p" + std::to_string(i) + "@nord.example", org_, "learner");
            JoinAndShare(p, c, i < met ? 3 : 1, 2);
        }
    }

    struct Reply {
        unsigned status = 0;
        std::string body;
        http::Response response;
        std::string Header(std::string_view name) const {
            auto h = response.Header(name);
            return h ? std::string(*h) : std::string();
        }
    };

    Reply Get(const std::string& target, const account::LoginResult* login,
              const std::string& lang = "fr-FR") {
        http::Request r;
        r.method = "GET";
        r.target = target;
        const auto q = target.find('?');
        r.path = target.substr(0, q);
        if (q != std::string::npos) r.query = *http::ParseUrlEncoded(target.substr(q + 1));
        r.remote_ip = "192.0.2.1";
        r.request_id = "territory";
        r.headers.emplace_back("accept-language", lang);
        if (login != nullptr) {
            r.headers.emplace_back("cookie", std::string(account::kSessionCookieName) + "=" + login->secret);
        }
        auto match = pages_.Match("GET", r.path);
        if (match.handler == nullptr) return {404, "", {}};
        r.path_params = match.params;
        r.route = match.pattern;
        auto result = (*match.handler)(r);
        if (!result) return {http::StatusFor(result.error().code), result.error().message, {}};
        return {result->status, result->body, *result};
    }

    static bool Has(const std::string& text, const std::string& what) {
        return text.find(what) != std::string::npos;
    }

    std::unique_ptr<account::AccountModule> accounts_;
    std::unique_ptr<web::Renderer> renderer_;
    http::Router pages_;
    account::LoginResult nord_, bretagne_, apprenant_, plateforme_;
};

TEST_P(TerritoryPagesTest, CoordinatorSeesAggregatesWithChartsAndTables) {
    Seed(12, 9);
    auto list = Get("/territoire", &nord_);
    ASSERT_EQ(list.status, 200u) << list.body;
    EXPECT_TRUE(Has(list.body, "href=\"/territoire/59\""));
    EXPECT_TRUE(Has(list.body, "Hub du Nord"));
    EXPECT_FALSE(Has(list.body, "/territoire/35"));
    EXPECT_FALSE(Has(list.body, "name=\"departement\""));  // the code form is for platform admins

    auto page = Get("/territoire/59", &nord_);
    ASSERT_EQ(page.status, 200u) << page.body;
    const std::string& b = page.body;
    EXPECT_TRUE(Has(b, "<h1>Département 59 : compétences des personnes</h1>"));
    EXPECT_TRUE(Has(b, "12 personnes ont partagé leurs résultats."));
    EXPECT_TRUE(Has(b, "Un groupe de moins de 10 personnes n&apos;est jamais affiché"));
    // Profile chart: inline SVG named by its caption, then the same figures as a table.
    EXPECT_TRUE(Has(b, "role=\"img\" aria-labelledby=\"legende-profils\""));
    EXPECT_TRUE(Has(b, "<figcaption id=\"legende-profils\""));
    EXPECT_TRUE(Has(b, "<th scope=\"row\">Médiateur : socle</th><td>12</td><td>0</td><td>0\u202f%</td>"));
    // Gaps: 2.1 for all 12 (first), 1.1 for 3 of 12; names escaped in both the SVG and the table.
    EXPECT_TRUE(Has(b, "role=\"img\" aria-labelledby=\"legende-lacunes\""));
    EXPECT_TRUE(Has(b,
                    "<th scope=\"row\">2.1 Interagir &lt;en ligne&gt;</th><td>12</td><td>0</td><td>12</td>"
                    "<td>100\u202f%</td>"));
    EXPECT_TRUE(Has(b, "<th scope=\"row\">1.1</th><td>12</td><td>9</td><td>3</td><td>25\u202f%</td>"));
    EXPECT_LT(b.find("2.1 Interagir"), b.find("<th scope=\"row\">1.1</th>"));
    EXPECT_FALSE(Has(b, "<en ligne>"));
    EXPECT_FALSE(Has(b, "<script>"));
    EXPECT_TRUE(Has(b, "href=\"/territoire/59.csv\""));
    EXPECT_TRUE(Has(b, "href=\"/territoire/59/graphique.svg\""));
    // By job (the campaign's audience: from the profile, here "other publics"), badges, quarters.
    EXPECT_TRUE(Has(b, "role=\"img\" aria-labelledby=\"legende-publics\""));
    EXPECT_TRUE(Has(b, "<th scope=\"row\">Autres publics</th><td>12</td><td>0</td><td>0\u202f%</td>"));
    EXPECT_TRUE(Has(b, "Moins de 10 personnes ont reçu un badge des structures du département"));
    EXPECT_TRUE(Has(b, "<th scope=\"row\">1er trimestre 2026</th><td>12</td><td>moins de 10</td>"));
    EXPECT_TRUE(Has(b, "role=\"img\" aria-labelledby=\"legende-trimestres\""));
    EXPECT_TRUE(Has(b, "<th scope=\"row\">1er trimestre 2026</th><td>Médiateur : socle</td><td>12</td>"));
    // No person appears.
    EXPECT_FALSE(Has(b, "p0@nord.example"));

    auto en = Get("/territoire/59", &nord_, "en");
    ASSERT_EQ(en.status, 200u);
    EXPECT_TRUE(Has(en.body, "12 people shared their results."));
    EXPECT_TRUE(Has(en.body, "2.1 Interacting"));
    EXPECT_TRUE(Has(en.body, "<th scope=\"row\">Q1 2026</th><td>12</td><td>fewer than 10</td>"));
}

TEST_P(TerritoryPagesTest, FewerThanTenPeopleShowNothing) {
    Seed(9, 5);
    auto page = Get("/territoire/59", &nord_);
    ASSERT_EQ(page.status, 200u) << page.body;
    EXPECT_TRUE(Has(page.body, "Moins de 10 personnes : non affiché."));
    EXPECT_FALSE(Has(page.body, "<svg"));
    EXPECT_FALSE(Has(page.body, "<table"));
    EXPECT_TRUE(Has(page.body, "Aucune donnée à afficher"));
    auto csv = Get("/territoire/59.csv", &nord_);
    ASSERT_EQ(csv.status, 200u);
    EXPECT_EQ(csv.body.find("\r\n"), csv.body.size() - 2);  // the header alone
    auto svg = Get("/territoire/59/graphique.svg", &nord_);
    ASSERT_EQ(svg.status, 200u);
    EXPECT_TRUE(Has(svg.body, "Aucune donnée à afficher"));
    EXPECT_FALSE(Has(svg.body, "class=\"barre\""));
}

TEST_P(TerritoryPagesTest, DownloadsHaveTheirTypes) {
    Seed(10, 10);
    auto csv = Get("/territoire/59.csv", &nord_);
    ASSERT_EQ(csv.status, 200u) << csv.body;
    EXPECT_EQ(csv.Header("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_EQ(csv.Header("Content-Disposition"), "attachment; filename=\"territoire-59.csv\"");
    EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBFtableau,departement,"));
    EXPECT_TRUE(Has(csv.body, "\r\nterritoire,59,,,,,,10,,,,,,,,\r\n"));
    EXPECT_TRUE(Has(csv.body, "\r\nprofil,59,mediateur-socle,Médiateur : socle,,,,10,0,,0,,,,,\r\n"));
    EXPECT_TRUE(Has(csv.body, ",competences-numeriques,2.1,Interagir <en ligne>,10,0,10,0,100,,,,\r\n"));
    EXPECT_TRUE(Has(csv.body, "\r\npublic,59,,,,,,10,0,,0,,,Autres publics,,\r\n"));
    EXPECT_TRUE(Has(csv.body, "\r\ntrimestre,59,,,,,,10,,,,,2026-Q1,,,\r\n"));
    auto csv_en = Get("/territoire/59.csv?lang=en", &nord_);
    EXPECT_TRUE(csv_en.body.starts_with("\xEF\xBB\xBFtable,department,"));

    auto svg = Get("/territoire/59/graphique.svg", &nord_);
    ASSERT_EQ(svg.status, 200u) << svg.body;
    EXPECT_EQ(svg.Header("Content-Type"), "image/svg+xml");
    EXPECT_EQ(svg.Header("Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'");
    EXPECT_TRUE(svg.body.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
    EXPECT_TRUE(Has(svg.body, "<title id=\"territoire-titre\">"));
    EXPECT_TRUE(Has(svg.body, "<desc id=\"territoire-desc\">"));
    EXPECT_TRUE(Has(svg.body, "Interagir &lt;en ligne&gt;"));
    EXPECT_FALSE(Has(svg.body, "<script"));
}

TEST_P(TerritoryPagesTest, OthersGetNotFound) {
    Seed(10, 5);
    for (const std::string target :
         {"/territoire/59", "/territoire/59.csv", "/territoire/59/graphique.svg"}) {
        EXPECT_EQ(Get(target, &bretagne_).status, 404u) << target;
        EXPECT_EQ(Get(target, &apprenant_).status, 404u) << target;
        auto anonymous = Get(target, nullptr);
        EXPECT_EQ(anonymous.status, 303u) << target;
        EXPECT_TRUE(anonymous.Header("Location").starts_with("/connexion")) << target;
    }
    // Their own département works; a learner coordinates nothing.
    EXPECT_EQ(Get("/territoire/35", &bretagne_).status, 200u);
    auto learner = Get("/territoire", &apprenant_);
    ASSERT_EQ(learner.status, 200u);
    EXPECT_TRUE(Has(learner.body, "Vous ne coordonnez aucun département."));
    EXPECT_FALSE(Has(learner.body, "href=\"/territoire/"));
    // The code form is the platform admins': a coordinator's typed code is ignored.
    EXPECT_EQ(Get("/territoire?departement=35", &nord_).status, 200u);
    // A malformed code is the service's invalid argument.
    EXPECT_EQ(Get("/territoire/99", &nord_).status, 400u);
    EXPECT_EQ(Get("/territoire/99.csv", &nord_).status, 400u);
}

TEST_P(TerritoryPagesTest, PlatformAdminTypesACode) {
    Seed(10, 5);
    auto form = Get("/territoire", &plateforme_);
    ASSERT_EQ(form.status, 200u) << form.body;
    EXPECT_TRUE(Has(form.body, "<label class=\"fr-label\" for=\"departement\">"));
    EXPECT_TRUE(Has(form.body, "id=\"departement\" name=\"departement\""));
    EXPECT_FALSE(Has(form.body, "Vous ne coordonnez aucun département."));

    auto go = Get("/territoire?departement=+2a+", &plateforme_);
    EXPECT_EQ(go.status, 303u);
    EXPECT_EQ(go.Header("Location"), "/territoire/2A");
    auto bad = Get("/territoire?departement=%3Cb%3E99", &plateforme_);
    EXPECT_EQ(bad.status, 400u);
    EXPECT_TRUE(Has(bad.body, "« &lt;B&gt;99 » n&apos;est pas un code de département."));
    EXPECT_TRUE(Has(bad.body, "aria-invalid=\"true\""));
    EXPECT_TRUE(Has(bad.body, "href=\"#departement\""));
    EXPECT_EQ(Get("/territoire?departement=", &plateforme_).status, 400u);

    auto nord = Get("/territoire/59", &plateforme_);
    ASSERT_EQ(nord.status, 200u);
    EXPECT_TRUE(Has(nord.body, "10 personnes ont partagé leurs résultats."));
    EXPECT_EQ(Get("/territoire/2a", &plateforme_).status, 200u);  // upper-cased
}

INSTANTIATE_TEST_SUITE_P(Engines, TerritoryPagesTest, ::testing::Values(passeur::testing::Engine::kSqlite),
                         EngineName);

}  // namespace
}  // namespace passeur::campaign::testing
