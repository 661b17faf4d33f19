// The staff pages of campaigns through their router with the real templates and translations
// (SQLite, shipped frameworks and profiles): the creation form (happy path, an error next to its
// field), the campaign page (shared participants only, heatmap cells in words, badges, QR code),
// the dashboard's training needs, another organisation's staff refused, the CSV download and the
// archive form; one person's progress page (the campaign page's link, the change in words); and the
// Europe/Paris date helpers.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "account/module.hpp"
#include "badge/badge_service.hpp"
#include "badge/fake_issuer.hpp"
#include "campaign/campaign_service.hpp"
#include "campaign/pages/campaign_pages.hpp"
#include "campaign/profile_source.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "core/random.hpp"
#include "framework/framework_service.hpp"
#include "http/router.hpp"
#include "support/api_call.hpp"
#include "support/test_store.hpp"
#include "web/renderer.hpp"

namespace passeur::campaign::testing {
namespace {

using passeur::testing::Engine;
using passeur::testing::EngineName;

constexpr const char* kPgSchema = "passeur_campaign_pages_test";
constexpr const char* kPassword = "Tournesol-vert-42";
constexpr const char* kBaseUrl = "https://passeur.example";
constexpr const char* kProfile = "socle-emploi";

class CampaignPagesTest : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override {
        PASSEUR_OPEN_TEST_STORE(GetParam(), kPgSchema);
        account::AccountConfig config;
        config.argon2_opslimit = account::kArgon2OpsLimitMin;
        config.argon2_memlimit = account::kArgon2MemLimitMin;
        config.public_base_url = kBaseUrl;
        accounts_ = std::make_unique<account::AccountModule>(*store_, clock_, random_, config);
        frameworks_ = std::make_unique<framework::FrameworkService>(*db_, clock_, accounts_->Authz());
        ASSERT_TRUE(frameworks_->SeedShipped(PASSEUR_CAMPAIGN_TEST_DATA_DIR));
        badges_ = std::make_unique<badge::BadgeService>(
            *store_, *db_, clock_, random_, accounts_->Authz(), accounts_->Audit(), *frameworks_, issuer_,
            [this] { return accounts_->Config().public_base_url; });
        campaigns_ = std::make_unique<CampaignService>(
            *store_, *db_, clock_, random_, accounts_->Authz(), accounts_->Audit(),
            ProfileSourceFrom(*frameworks_), [this](std::string_view id) -> core::Result<AssessmentLevels> {
                auto it = levels_.find(std::string(id));
                if (it == levels_.end()) return core::Fail(core::Error::NotFound("Test introuvable."));
                return it->second;
            });
        web::RendererOptions options;
        options.web_dir = PASSEUR_CAMPAIGN_TEST_WEB_DIR;
        options.asset_version = "test";
        options.random = &random_;
        auto renderer = web::Renderer::Load(options);
        ASSERT_TRUE(renderer) << renderer.error().message;
        renderer_ = std::move(*renderer);
        RegisterCampaignStaffPages(pages_, *campaigns_, *badges_, *frameworks_, *accounts_, *renderer_);

        org_ = MakeOrg("EPN de Lille");
        other_org_ = MakeOrg("Association de Rennes");
        admin_ = Login("admin@epn.example", org_, account::kRoleOrgAdmin);
        mediator_ = Login("mediatrice@epn.example", org_, account::kRoleMediator);
        learner_ = Login("apprenant@epn.example", org_, account::kRoleLearner);
        learner2_ = Login("apprenante@epn.example", org_, account::kRoleLearner);
        outsider_ = Login("autre@rennes.example", other_org_, account::kRoleMediator);
    }

    std::string MakeOrg(const std::string& name) {
        store::Organization org{core::NewUuid(random_), name, "epn", "59", clock_.NowMillis()};
        EXPECT_TRUE(store_->Organizations().Create(org));
        return org.id;
    }

    account::LoginResult Login(const std::string& email, const std::string& org, std::string_view role) {
        account::NewUser input;
        input.email = email;
        input.password = kPassword;
        input.display_name = email.substr(0, email.find('@'));
        auto user = accounts_->Accounts().CreateUser(input, "", "192.0.2.1");
        EXPECT_TRUE(user) << user.error().message;
        if (user && !org.empty()) {
            EXPECT_TRUE(store_->Memberships().Upsert({org, user->id, std::string(role), clock_.NowMillis()}));
        }
        auto login = accounts_->Accounts().Login(email, kPassword, "192.0.2.1");
        EXPECT_TRUE(login) << login.error().message;
        return login ? *login : account::LoginResult{};
    }

    account::Principal P(const account::LoginResult& login) {
        auto p = accounts_->Auth().Authenticate(
            passeur::testing::WithSession(passeur::testing::MakeApiRequest("GET", "/"), login));
        EXPECT_TRUE(p) << p.error().message;
        return p ? *p : account::Principal{};
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

    // `login` null: anonymous. A POST carries the form `fields` and the session's CSRF token.
    Reply Page(const std::string& method, const std::string& target, const account::LoginResult* login,
               const std::vector<std::pair<std::string, std::string>>& fields = {}, bool csrf = true) {
        http::Request r;
        r.method = method;
        r.target = target;
        const auto q = target.find('?');
        r.path = target.substr(0, q);
        if (q != std::string::npos) r.query = *http::ParseUrlEncoded(target.substr(q + 1));
        r.remote_ip = "192.0.2.1";
        r.request_id = "pages";
        r.headers.emplace_back("accept-language", "fr-FR");
        if (login != nullptr) {
            r.headers.emplace_back("cookie", std::string(account::kSessionCookieName) + "=" + login->secret);
        }
        if (method == "POST") {
            r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
            std::string body =
                "_csrf=" + core::PercentEncode(login != nullptr && csrf ? login->session.csrf_token : "");
            for (const auto& [name, value] : fields) body += "&" + name + "=" + core::PercentEncode(value);
            r.body = body;
        }
        auto match = pages_.Match(method, r.path);
        if (match.handler == nullptr) return {404, "", {}};
        r.path_params = match.params;
        r.route = match.pattern;
        auto result = (*match.handler)(r);
        if (!result) return {http::StatusFor(result.error().code), result.error().message, {}};
        std::string body = result->body;
        if (result->stream) {  // a streamed body, drained as the server would
            for (int pieces = 0; pieces < 10000; ++pieces) {
                std::string piece;
                auto more = result->stream(piece);
                if (!more) return {500, more.error().message, {}};
                body += piece;
                if (!*more) break;
            }
        }
        return {result->status, body, *result};
    }

    // The creation form's fields for org_ (valid).
    std::vector<std::pair<std::string, std::string>> Form(const std::string& name) {
        return {{"org", org_},
                {"name", name},
                {"target_profile_id", kProfile},
                {"type", "assessment"},
                {"se_target", "0,5"},
                {"max_length", "30"},
                {"needs", "screen_reader"},
                {"needs", "no_timer"},
                {"opens_on", ""},
                {"closes_on", core::ParisIsoDate(clock_.NowMillis() + 30 * kDayMillis)},
                {"retry_allowed", "1"},
                {"retry_after_days", "14"},
                {"external_id_label", "Numéro France Travail"},
                {"external_id_purpose", "Relier le positionnement à votre parcours."}};
    }

    Campaign CreateCampaign(const std::string& name) {
        auto created = Page("POST", "/organisation/campagnes/nouvelle", &mediator_, Form(name));
        EXPECT_EQ(created.status, 303u) << created.body;
        auto list = campaigns_->ListCampaigns(P(mediator_), org_);
        EXPECT_TRUE(list);
        for (const Campaign& c : list ? *list : std::vector<Campaign>{}) {
            if (c.name == name) return c;
        }
        ADD_FAILURE() << "campaign " << name << " not stored";
        return {};
    }

    // Joins `who`, links a test whose levels are `level` on every competence of the profile (range
    // level-1..level), completes it, and shares it when `share`.
    std::string Participate(const account::LoginResult& who, const Campaign& c, int level, bool share) {
        const account::Principal p = P(who);
        auto joined = campaigns_->Join(p, c.code, "FT-" + who.user.id.substr(0, 6), true);
        EXPECT_TRUE(joined) << joined.error().message;
        if (!joined) return "";
        const std::string test = core::NewUuid(random_);
        const std::int64_t now = clock_.NowMillis();
        EXPECT_TRUE(db_->Exec(
            "INSERT INTO assessments (id, user_id, target_profile_id, status, seed, config, created_at, "
            "updated_at, completed_at) VALUES ($1, $2, $3, 'in_progress', 1, '{}', $4, $4, 0)",
            {test, p.user.id, c.target_profile_id, now}));
        AssessmentLevels levels;
        auto profile = frameworks_->GetProfile(c.target_profile_id);
        EXPECT_TRUE(profile);
        for (const auto& r : profile->profile.requirements) {
            levels.competences.push_back(
                {r.framework, r.competence, level, level > 1 ? level - 1 : 1, level});
        }
        levels_[test] = levels;
        EXPECT_TRUE(campaigns_->AttachAssessment(p, joined->participation.id, test));
        EXPECT_TRUE(db_->Exec("UPDATE assessments SET status = 'completed', completed_at = $2 WHERE id = $1",
                              {test, now}));
        levels_[test].completed = true;
        auto completed = campaigns_->MarkCompleted(p.user.id, test);
        EXPECT_TRUE(completed && *completed == 1);
        if (share) {
            EXPECT_TRUE(campaigns_->Share(p, joined->participation.id));
        }
        return joined->participation.id;
    }

    static std::size_t Occurrences(const std::string& text, const std::string& what) {
        std::size_t n = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
        return n;
    }

    core::FakeClock clock_;
    core::SeededRandom random_{11};
    std::unique_ptr<store::Store> store_;
    store::Database* db_ = nullptr;
    std::unique_ptr<account::AccountModule> accounts_;
    std::unique_ptr<framework::FrameworkService> frameworks_;
    badge::testing::FakeIssuer issuer_;
    std::unique_ptr<badge::BadgeService> badges_;
    std::map<std::string, AssessmentLevels> levels_;
    std::unique_ptr<CampaignService> campaigns_;
    std::unique_ptr<web::Renderer> renderer_;
    http::Router pages_;
    std::string org_, other_org_;
    account::LoginResult admin_, mediator_, learner_, learner2_, outsider_;
};

TEST_P(CampaignPagesTest, CreationFormAndFieldErrors) {
    auto anonymous = Page("GET", "/organisation/campagnes/nouvelle?org=" + org_, nullptr);
    EXPECT_EQ(anonymous.status, 303u);
    EXPECT_TRUE(anonymous.Header("Location").starts_with("/connexion"));
    EXPECT_EQ(Page("GET", "/organisation/campagnes/nouvelle?org=" + org_, &learner_).status, 403u);
    EXPECT_EQ(Page("GET", "/organisation/campagnes/nouvelle?org=" + org_, &outsider_).status, 404u);

    auto form = Page("GET", "/organisation/campagnes/nouvelle?org=" + org_, &mediator_);
    ASSERT_EQ(form.status, 200u) << form.body;
    EXPECT_NE(form.body.find("<option value=\"socle-emploi\""), std::string::npos);
    EXPECT_NE(form.body.find("name=\"se_target\""), std::string::npos);
    EXPECT_NE(form.body.find("id=\"need-no_colour\" name=\"needs\" value=\"no_colour\" checked"),
              std::string::npos);
    EXPECT_NE(form.body.find("type=\"date\" id=\"closes_on\""), std::string::npos);
    EXPECT_NE(form.body.find("EPN de Lille"), std::string::npos);
    EXPECT_NE(form.body.find("<option value=\"social_worker\">Travailleurs sociaux</option>"),
              std::string::npos);

    // A closing date already past: the error is next to the closing date, nothing is stored.
    auto fields = Form("Conseillers 2026");
    fields[9].second = core::ParisIsoDate(clock_.NowMillis() - 3 * kDayMillis);
    auto refused = Page("POST", "/organisation/campagnes/nouvelle", &mediator_, fields);
    EXPECT_EQ(refused.status, 400u);
    EXPECT_NE(refused.body.find("href=\"#closes_on\""), std::string::npos) << refused.body;
    EXPECT_NE(refused.body.find("id=\"closes_on-error\""), std::string::npos);
    EXPECT_NE(refused.body.find("<title>Erreur :"), std::string::npos);
    EXPECT_NE(refused.body.find("value=\"Conseillers 2026\""), std::string::npos);  // typed values kept
    // A page-side check: the precision is no number.
    fields = Form("Conseillers 2026");
    fields[4].second = "beaucoup";
    auto not_number = Page("POST", "/organisation/campagnes/nouvelle", &mediator_, fields);
    EXPECT_EQ(not_number.status, 400u);
    EXPECT_NE(not_number.body.find("id=\"se_target-error\""), std::string::npos);
    // Without the CSRF token nothing happens.
    // An audience that is not in the list: refused next to its field.
    fields = Form("Conseillers 2026");
    fields.emplace_back("audience", "astronautes");
    auto bad_audience = Page("POST", "/organisation/campagnes/nouvelle", &mediator_, fields);
    EXPECT_EQ(bad_audience.status, 400u);
    EXPECT_NE(bad_audience.body.find("id=\"audience-error\""), std::string::npos) << bad_audience.body;
    EXPECT_EQ(Page("POST", "/organisation/campagnes/nouvelle", &mediator_, Form("Sans jeton"), false).status,
              403u);
    // Another organisation's staff cannot create here.
    EXPECT_EQ(Page("POST", "/organisation/campagnes/nouvelle", &outsider_, Form("Intrus")).status, 404u);
    auto none = campaigns_->ListCampaigns(P(mediator_), org_);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());

    fields = Form("Conseillers 2026");
    fields.emplace_back("audience", "social_worker");
    auto created = Page("POST", "/organisation/campagnes/nouvelle", &mediator_, fields);
    ASSERT_EQ(created.status, 303u) << created.body;
    auto list = campaigns_->ListCampaigns(P(mediator_), org_);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 1u);
    const Campaign& c = list->front();
    EXPECT_EQ(created.Header("Location"), "/organisation/campagnes/" + c.id);
    EXPECT_EQ(c.target_profile_id, kProfile);
    EXPECT_EQ(c.type, CampaignType::kAssessment);
    EXPECT_DOUBLE_EQ(c.settings.se_target, 0.5);
    EXPECT_EQ(c.settings.max_length, 30);
    EXPECT_EQ(c.settings.allowed_needs, 1 + 4);
    EXPECT_EQ(c.opens_at, 0);
    // Closed from the Paris midnight after the closing day.
    EXPECT_EQ(core::ParisIsoDate(c.closes_at), core::ParisIsoDate(clock_.NowMillis() + 31 * kDayMillis));
    EXPECT_EQ(c.closes_at, *core::ParisMidnightMillis(core::ParisIsoDate(c.closes_at)));
    EXPECT_TRUE(c.retry_allowed);
    EXPECT_EQ(c.retry_after_days, 14);
    EXPECT_EQ(c.external_id_label, "Numéro France Travail");
    EXPECT_EQ(c.audience, "social_worker");

    auto dashboard = Page("GET", "/organisation/campagnes", &mediator_);
    ASSERT_EQ(dashboard.status, 200u) << dashboard.body;
    EXPECT_NE(dashboard.body.find("Conseillers 2026"), std::string::npos);
    EXPECT_NE(dashboard.body.find("/organisation/campagnes/nouvelle?org=" + org_), std::string::npos);
    EXPECT_NE(dashboard.body.find("Ouverte"), std::string::npos);
    auto learner_dashboard = Page("GET", "/organisation/campagnes", &learner_);
    ASSERT_EQ(learner_dashboard.status, 200u);
    EXPECT_EQ(learner_dashboard.body.find("Conseillers 2026"), std::string::npos);
    EXPECT_NE(learner_dashboard.body.find("encadrez aucune structure"), std::string::npos);
}

TEST_P(CampaignPagesTest, CampaignPageShowsSharedResultsOnly) {
    const Campaign c = CreateCampaign("Socle emploi — printemps");
    // A manual badge held by the first learner.
    badge::BadgeInput b;
    b.name = "Naviguer en sécurité";
    b.description = "Sait naviguer sur le web en sécurité.";
    b.criteria = "Observer la personne chercher une information fiable.";
    b.achievement_type = "Competency";
    b.alignments = {{"competences-numeriques", "", "1.1"}};
    b.status = badge::BadgeStatus::kActive;
    auto badge = badges_->CreateBadge(P(admin_), org_, b);
    ASSERT_TRUE(badge) << badge.error().message;
    badge::ManualAwardInput award;
    award.learner_id = learner_.user.id;
    award.reason = "Atelier du mardi";
    award.narrative = "A trouvé seule trois sources fiables.";
    award.observed_on = badge::IsoDate(clock_.NowMillis());
    ASSERT_TRUE(badges_->AwardManually(P(mediator_), badge->id, award));

    Participate(learner_, c, 2, true);    // below the profile's targets (2 or 3): gaps
    Participate(learner2_, c, 6, false);  // completed, not shared: never shown

    auto page = Page("GET", "/organisation/campagnes/" + c.id, &mediator_);
    ASSERT_EQ(page.status, 200u) << page.body;
    const std::string& html = page.body;
    EXPECT_NE(html.find(FormatCampaignCode(c.code)), std::string::npos);
    EXPECT_NE(html.find(std::string(kBaseUrl) + "/campagnes/rejoindre?code=" + c.code), std::string::npos);
    EXPECT_NE(html.find("<svg"), std::string::npos);  // the QR code, inline
    EXPECT_NE(html.find("apprenant@epn.example"), std::string::npos);
    EXPECT_EQ(html.find("apprenante"), std::string::npos) << "a result not shared is shown";
    EXPECT_NE(html.find("<strong>1</strong> résultats partagés"), std::string::npos);
    EXPECT_NE(html.find("<strong>1</strong> test terminé, non partagé"), std::string::npos);
    // Heatmap cells carry words and a level next to their colour class.
    EXPECT_NE(html.find("fr-badge--warning\">Sous la cible · niveau 2</p>"), std::string::npos);
    EXPECT_EQ(html.find("fr-badge--success\">Cible atteinte · niveau"), std::string::npos);
    // 1.2's target is 2 and the range 1..2: uncertain.
    EXPECT_NE(html.find("fr-badge--info\">Incertain · niveau 2</p>"), std::string::npos);
    EXPECT_NE(html.find("1 à 2"), std::string::npos);                 // the range in words
    EXPECT_NE(html.find("Naviguer en sécurité"), std::string::npos);  // badge earned
    EXPECT_NE(html.find("Numéro France Travail : FT-"), std::string::npos);
    EXPECT_NE(html.find("/organisation/campagnes/" + c.id + "/resultats.csv"), std::string::npos);
    EXPECT_NE(html.find("action=\"/organisation/campagnes/" + c.id + "/archiver\""), std::string::npos);

    // The dashboard's training needs come from the shared result only.
    auto dashboard = Page("GET", "/organisation/campagnes", &admin_);
    ASSERT_EQ(dashboard.status, 200u);
    EXPECT_NE(dashboard.body.find("100 % sous la cible (1 sur 1)"), std::string::npos) << dashboard.body;
    EXPECT_NE(dashboard.body.find("100 % (2 sur 2)"), std::string::npos);

    // Another organisation's staff and anonymous visitors see nothing; a learner is refused.
    EXPECT_EQ(Page("GET", "/organisation/campagnes/" + c.id, &outsider_).status, 404u);
    EXPECT_EQ(Page("GET", "/organisation/campagnes/" + c.id + "/resultats.csv", &outsider_).status, 404u);
    EXPECT_EQ(Page("GET", "/organisation/campagnes/" + c.id, &learner_).status, 403u);
    EXPECT_EQ(Page("GET", "/organisation/campagnes/" + c.id, nullptr).status, 303u);
    EXPECT_EQ(Page("POST", "/organisation/campagnes/" + c.id + "/archiver", &outsider_).status, 404u);
}

TEST_P(CampaignPagesTest, CsvDownloadAndArchive) {
    const Campaign c = CreateCampaign("Export");
    Participate(learner_, c, 4, true);
    auto csv = Page("GET", "/organisation/campagnes/" + c.id + "/resultats.csv", &mediator_);
    ASSERT_EQ(csv.status, 200u) << csv.body;
    EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBF")) << "no byte order mark";
    EXPECT_TRUE(csv.Header("Content-Type").starts_with("text/csv"));
    EXPECT_NE(csv.Header("Content-Disposition").find("attachment"), std::string::npos);
    EXPECT_NE(csv.body.find("Numéro France Travail"), std::string::npos);
    EXPECT_NE(csv.body.find("apprenant@epn.example"), std::string::npos);
    EXPECT_EQ(Occurrences(csv.body, "\r\n"), 2u);  // header and one participant
    auto english = Page("GET", "/organisation/campagnes/" + c.id + "/resultats.csv?lang=en", &mediator_);
    ASSERT_EQ(english.status, 200u);
    EXPECT_NE(english.body.find(" level"), std::string::npos);

    EXPECT_EQ(Page("POST", "/organisation/campagnes/" + c.id + "/archiver", &mediator_, {}, false).status,
              403u);
    auto archived = Page("POST", "/organisation/campagnes/" + c.id + "/archiver", &mediator_);
    ASSERT_EQ(archived.status, 303u) << archived.body;
    EXPECT_EQ(archived.Header("Location"), "/organisation/campagnes/" + c.id);
    auto reread = campaigns_->Repository().GetCampaign(c.id);
    ASSERT_TRUE(reread);
    EXPECT_NE(reread->archived_at, 0);
    auto page = Page("GET", "/organisation/campagnes/" + c.id, &mediator_);
    ASSERT_EQ(page.status, 200u);
    EXPECT_NE(page.body.find("Archivée"), std::string::npos);
    EXPECT_EQ(page.body.find("/archiver\""), std::string::npos);
}

TEST_P(CampaignPagesTest, ProgressPageSaysTheChangeInWords) {
    const Campaign spring = CreateCampaign("Socle emploi — printemps");
    clock_.Advance(10 * 60 * 1000);  // sessions stay valid
    const Campaign autumn = CreateCampaign("Socle emploi — automne");
    Participate(learner_, spring, 2, true);  // 2 below every target of the profile (2 or 3): range 1..2
    Participate(learner2_, spring, 5, true);
    Participate(admin_, spring, 3, true);  // one campaign only: no link
    clock_.Advance(10 * 60 * 1000);        // sessions stay valid
    Participate(learner_, autumn, 4, true);
    Participate(learner2_, autumn, 4, true);

    const std::string progress_of_learner =
        "/organisations/" + org_ + "/personnes/" + learner_.user.id + "/progression";
    auto campaign = Page("GET", "/organisation/campagnes/" + spring.id, &mediator_);
    ASSERT_EQ(campaign.status, 200u) << campaign.body;
    EXPECT_NE(campaign.body.find("href=\"" + progress_of_learner + "\""), std::string::npos) << campaign.body;
    EXPECT_NE(campaign.body.find("/personnes/" + learner2_.user.id + "/progression"), std::string::npos);
    EXPECT_EQ(campaign.body.find("/personnes/" + admin_.user.id + "/progression"), std::string::npos);
    EXPECT_EQ(Occurrences(campaign.body, "Voir sa progression (2 campagnes)"), 2u);

    auto page = Page("GET", progress_of_learner, &mediator_);
    ASSERT_EQ(page.status, 200u) << page.body;
    const std::string& html = page.body;
    EXPECT_NE(html.find("<h1>Progression de apprenant</h1>"), std::string::npos) << html;
    EXPECT_NE(html.find("2 résultats partagés avec EPN de Lille, du 1er janvier 2026 au 1er janvier 2026."),
              std::string::npos);
    EXPECT_NE(html.find("Socle emploi — printemps"), std::string::npos);
    EXPECT_LT(html.find("Socle emploi — printemps"), html.find("Socle emploi — automne"));  // oldest first
    EXPECT_NE(html.find("href=\"/organisation/campagnes/" + autumn.id + "\""), std::string::npos);
    // Every cell in words: verdict, level, range and that campaign's target.
    EXPECT_NE(html.find("fr-badge--warning\">Sous la cible</p><p class=\"fr-text--sm fr-mb-0\">Niveau 2, "
                        "fourchette 1 à 2, cible "),
              std::string::npos);
    EXPECT_NE(html.find(">Niveau 4, fourchette 3 à 4, cible "), std::string::npos);
    auto profile = frameworks_->GetProfile(kProfile);
    ASSERT_TRUE(profile);
    const std::size_t competences = profile->profile.requirements.size();
    EXPECT_EQ(Occurrences(html, "<td><strong>+2 niveaux</strong></td>"), competences);
    EXPECT_NE(html.find("<th scope=\"col\">Évolution</th>"), std::string::npos);

    auto other =
        Page("GET", "/organisations/" + org_ + "/personnes/" + learner2_.user.id + "/progression", &admin_);
    ASSERT_EQ(other.status, 200u) << other.body;
    EXPECT_EQ(Occurrences(other.body, "<td><strong>−1 niveau</strong></td>"), competences);
    // One campaign: nothing to compare, said in words.
    auto once =
        Page("GET", "/organisations/" + org_ + "/personnes/" + admin_.user.id + "/progression", &mediator_);
    ASSERT_EQ(once.status, 200u) << once.body;
    EXPECT_EQ(Occurrences(once.body, "<td><strong>une seule mesure</strong></td>"), competences);

    // Staff of the organisation only; nothing about people who never shared.
    EXPECT_EQ(Page("GET", progress_of_learner, &outsider_).status, 404u);
    EXPECT_EQ(Page("GET", progress_of_learner, &learner_).status, 403u);
    EXPECT_EQ(Page("GET", progress_of_learner, nullptr).status, 303u);
    EXPECT_EQ(
        Page("GET", "/organisations/" + org_ + "/personnes/" + mediator_.user.id + "/progression", &admin_)
            .status,
        404u);
}

INSTANTIATE_TEST_SUITE_P(Engines, CampaignPagesTest, ::testing::Values(Engine::kSqlite), EngineName);

}  // namespace
}  // namespace passeur::campaign::testing
