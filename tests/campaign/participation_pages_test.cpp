// The participant pages of campaigns through their router with the real templates and
// translations, the shipped frameworks, items and the real adaptive test (SQLite): the code form
// and the consent screen, joining (consent and external id required, CSRF checked), starting the
// campaign's test with its allowed adaptations, resuming, sharing once completed, leaving after a
// confirmation, and somebody else's participation (404).
#include "campaign/pages/participation_pages.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "account/module.hpp"
#include "assessment/bank.hpp"
#include "assessment/pages/assessment_pages.hpp"
#include "assessment/service/assessment_service.hpp"
#include "campaign/assessment_bridge.hpp"
#include "campaign/campaign_service.hpp"
#include "campaign/profile_source.hpp"
#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "core/random.hpp"
#include "framework/framework_service.hpp"
#include "http/error_mapping.hpp"
#include "http/router.hpp"
#include "item/item_service.hpp"
#include "item/scoring.hpp"
#include "support/test_store.hpp"
#include "web/csrf.hpp"
#include "web/renderer.hpp"

namespace passeur::campaign::testing {
namespace {

using passeur::testing::Engine;
using passeur::testing::EngineName;

constexpr const char* kPgSchema = "passeur_participation_pages_test";
constexpr const char* kPassword = "Tournesol-vert-42";
constexpr const char* kProfile = "aidant-habilite-aidants-connect";  // 8 competences
constexpr const char* kNewPassword = "Girafe-bleue-sous-la-pluie-7";
constexpr const char* kSignUpHref = "/campagnes/rejoindre/compte";
constexpr const char* kCsrf = "jeton-anonyme-de-test-0123456789";

// Whether `text` is in the page (apostrophes compared unescaped).
bool Has(std::string body, const std::string& text) {
    for (std::size_t at = body.find("&apos;"); at != std::string::npos; at = body.find("&apos;", at)) {
        body.replace(at, 6, "'");
    }
    return body.find(text) != std::string::npos;
}

class ParticipationPagesTest : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override {
        PASSEUR_OPEN_TEST_STORE(GetParam(), kPgSchema);
        account::AccountConfig config;
        config.argon2_opslimit = account::kArgon2OpsLimitMin;
        config.argon2_memlimit = account::kArgon2MemLimitMin;
        config.public_base_url = "https://passeur.example";
        accounts_ = std::make_unique<account::AccountModule>(*store_, clock_, random_, config);
        frameworks_ = std::make_unique<framework::FrameworkService>(*db_, clock_, accounts_->Authz());
        ASSERT_TRUE(frameworks_->SeedShipped(PASSEUR_CAMPAIGN_TEST_DATA_DIR));
        items_ = std::make_unique<item::ItemService>(*db_, clock_, accounts_->Authz(), *frameworks_, "");
        auto seeded = items_->SeedShipped(PASSEUR_CAMPAIGN_TEST_DATA_DIR);
        ASSERT_TRUE(seeded) << seeded.error().message;
        assessments_ = std::make_unique<assessment::AssessmentService>(*db_, clock_, random_, *frameworks_);
        campaigns_ = std::make_unique<CampaignService>(*store_, *db_, clock_, random_, accounts_->Authz(),
                                                       accounts_->Audit(), ProfileSourceFrom(*frameworks_),
                                                       ResultSourceFrom(*assessments_));
        CompleteParticipationsOnTestCompletion(*assessments_, *campaigns_);

        web::RendererOptions options;
        options.web_dir = PASSEUR_CAMPAIGN_TEST_WEB_DIR;
        options.asset_version = "test";
        options.random = &random_;
        auto renderer = web::Renderer::Load(options);
        ASSERT_TRUE(renderer) << renderer.error().message;
        renderer_ = std::move(*renderer);
        RegisterParticipationPages(pages_, *campaigns_, *assessments_, *accounts_, *renderer_);
        assessment::RegisterAssessmentPages(pages_, *assessments_, *frameworks_, *accounts_, *renderer_);

        store::Organization org{core::NewUuid(random_), "EPN de Lille", "epn", "59", clock_.NowMillis()};
        ASSERT_TRUE(store_->Organizations().Create(org));
        org_ = org.id;
        admin_ = Login("admin@epn.example", account::kRoleOrgAdmin);
        learner_ = Login("camille@exemple.fr", account::kRoleLearner);
        other_ = Login("dominique@exemple.fr", account::kRoleLearner);
    }

    account::LoginResult Login(const std::string& email, std::string_view role) {
        account::NewUser input;
        input.email = email;
        input.password = kPassword;
        input.display_name = email.substr(0, email.find('@'));
        auto user = accounts_->Accounts().CreateUser(input, "", "192.0.2.1");
        EXPECT_TRUE(user) << user.error().message;
        if (user) {
            EXPECT_TRUE(
                store_->Memberships().Upsert({org_, user->id, std::string(role), clock_.NowMillis()}));
        }
        auto login = accounts_->Accounts().Login(email, kPassword, "192.0.2.1");
        EXPECT_TRUE(login) << login.error().message;
        return login ? *login : account::LoginResult{};
    }

    account::Principal P(const account::LoginResult& login) {
        account::Principal p;
        p.kind = account::PrincipalKind::kSession;
        p.user = login.user;
        p.csrf_token = login.session.csrf_token;
        return p;
    }

    // A campaign of org_ on kProfile (12 questions at most), allowing screen reader and no timer.
    Campaign MakeCampaign(bool external_id = false) {
        CampaignInput input;
        input.name = "Aidants du Nord";
        input.target_profile_id = kProfile;
        input.settings = {0.30, 12, assessment::kScreenReader | assessment::kNoTimer};
        if (external_id) {
            input.external_id_label = "Numéro France Travail";
            input.external_id_purpose = "Relier votre résultat à votre dossier d'accompagnement.";
        }
        auto created = campaigns_->CreateCampaign(P(admin_), org_, input);
        EXPECT_TRUE(created) << created.error().message;
        return created ? *created : Campaign{};
    }

    struct Reply {
        unsigned status = 0;
        std::string body;
        std::string location;
        std::vector<std::string> cookies;  // Set-Cookie values
    };

    // `login` null: anonymous (with the CSRF cookie csrf_cookie_ when not empty). A POST carries
    // the form `fields` and the session's CSRF token, or the anonymous cookie's (or `csrf` when
    // given).
    Reply Page(const std::string& method, const std::string& target, const account::LoginResult* login,
               const std::vector<std::pair<std::string, std::string>>& fields = {},
               const std::string* csrf = nullptr) {
        http::Request r;
        r.method = method;
        r.target = target;
        const auto q = target.find('?');
        r.path = target.substr(0, q);
        if (q != std::string::npos) r.query = *http::ParseUrlEncoded(target.substr(q + 1));
        r.remote_ip = "192.0.2.1";
        r.request_id = "pages";
        r.headers.emplace_back("accept-language", language_);
        if (login != nullptr) {
            r.headers.emplace_back("cookie", std::string(account::kSessionCookieName) + "=" + login->secret);
        } else if (!csrf_cookie_.empty()) {
            r.headers.emplace_back("cookie", std::string(web::kCsrfCookie) + "=" + csrf_cookie_);
        }
        if (method == "POST") {
            r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
            const std::string token =
                csrf != nullptr ? *csrf : (login != nullptr ? login->session.csrf_token : csrf_cookie_);
            std::string body = "_csrf=" + core::PercentEncode(token);
            for (const auto& [name, value] : fields) body += "&" + name + "=" + core::PercentEncode(value);
            r.body = body;
        }
        auto match = pages_.Match(method, r.path);
        if (match.handler == nullptr) return {404, "", "", {}};
        r.path_params = match.params;
        r.route = match.pattern;
        auto result = (*match.handler)(r);
        if (!result) return {http::StatusFor(result.error().code), result.error().message, "", {}};
        auto location = result->Header("Location");
        Reply reply{result->status, result->body, location ? std::string(*location) : std::string(), {}};
        for (const auto& [name, value] : result->headers) {
            if (name == "Set-Cookie" || name == "set-cookie") reply.cookies.push_back(value);
        }
        return reply;
    }

    // The value of the session cookie a reply sets, "" when none.
    static std::string SessionSecret(const Reply& reply) {
        const std::string prefix = std::string(account::kSessionCookieName) + "=";
        for (const std::string& cookie : reply.cookies) {
            if (!cookie.starts_with(prefix)) continue;
            const std::string value = cookie.substr(prefix.size(), cookie.find(';') - prefix.size());
            if (!value.empty()) return value;
        }
        return "";
    }

    // The "create an account and join" form of `c`, filled in; `skip` leaves one field out.
    std::vector<std::pair<std::string, std::string>> SignUpFields(const Campaign& c, const std::string& email,
                                                                  const std::string& skip = "") {
        std::vector<std::pair<std::string, std::string>> all = {{"code", c.code},
                                                                {"display_name", "Sacha Martin"},
                                                                {"email", email},
                                                                {"password", kNewPassword},
                                                                {"confirm_password", kNewPassword},
                                                                {"external_id", "ft-778"},
                                                                {"consent", "1"}};
        std::vector<std::pair<std::string, std::string>> fields;
        for (auto& field : all) {
            if (field.first != skip) fields.push_back(std::move(field));
        }
        return fields;
    }

    std::int64_t Users(const std::string& email) {
        return Count("SELECT COUNT(*) FROM users WHERE email = $1", {email});
    }

    // Joins `c` through the page with consent; returns the participation id.
    std::string JoinByPage(const Campaign& c, const account::LoginResult& who,
                           const std::string& external_id = "") {
        std::vector<std::pair<std::string, std::string>> fields = {{"code", c.code}, {"consent", "1"}};
        if (!external_id.empty()) fields.emplace_back("external_id", external_id);
        auto joined = Page("POST", "/campagnes/rejoindre", &who, fields);
        EXPECT_EQ(joined.status, 303u) << joined.body;
        const std::string prefix = "/mes-campagnes/";
        EXPECT_TRUE(joined.location.starts_with(prefix)) << joined.location;
        return joined.location.starts_with(prefix) ? joined.location.substr(prefix.size()) : std::string();
    }

    // Answers every item (right on even positions) until the test stops.
    void RunToEnd(const account::LoginResult& who, const std::string& assessment_id) {
        const account::Principal principal = P(who);
        for (int answered = 0; answered < 300; ++answered) {
            auto step = assessments_->Next(principal, assessment_id);
            ASSERT_TRUE(step) << step.error().message;
            if (step->done) return;
            auto found = items_->Get(step->item->id, item::Actor::System());
            ASSERT_TRUE(found);
            const nlohmann::json response = step->position % 2 == 0 ? item::KeyResponse(found->item)
                                                                    : nlohmann::json("réponse-fausse-zz");
            auto outcome = assessments_->Answer(principal, assessment_id, found->item.id, response);
            ASSERT_TRUE(outcome) << outcome.error().message;
        }
        FAIL() << "the test never stopped";
    }

    std::int64_t Count(const std::string& sql, const store::Params& params = {}) {
        auto rows = db_->Query(sql, params);
        EXPECT_TRUE(rows) << (rows ? "" : rows.error().message);
        return rows && !rows->empty() ? store::AsInt((*rows)[0][0]) : -1;
    }

    core::FakeClock clock_;
    core::SeededRandom random_{31};
    std::unique_ptr<store::Store> store_;
    store::Database* db_ = nullptr;
    std::unique_ptr<account::AccountModule> accounts_;
    std::unique_ptr<framework::FrameworkService> frameworks_;
    std::unique_ptr<item::ItemService> items_;
    std::unique_ptr<assessment::AssessmentService> assessments_;
    std::unique_ptr<CampaignService> campaigns_;
    std::unique_ptr<web::Renderer> renderer_;
    http::Router pages_;
    std::string language_ = "fr-FR";
    std::string csrf_cookie_;  // the anonymous double-submit token sent by anonymous requests
    std::string org_;
    account::LoginResult admin_, learner_, other_;
};

TEST_P(ParticipationPagesTest, CodeFormAndConsentScreen) {
    const Campaign c = MakeCampaign(/*external_id=*/true);
    const std::string printed = FormatCampaignCode(c.code);

    auto form = Page("GET", "/campagnes/rejoindre", nullptr);
    ASSERT_EQ(form.status, 200u) << form.body;
    EXPECT_TRUE(Has(form.body, "name=\"code\""));
    auto malformed = Page("GET", "/campagnes/rejoindre?code=0000", nullptr);
    EXPECT_EQ(malformed.status, 400u);
    EXPECT_TRUE(Has(malformed.body, "id=\"code-error\""));
    EXPECT_TRUE(Has(malformed.body, "aria-describedby=\"code-hint code-error\""));
    auto unknown = Page("GET", "/campagnes/rejoindre?code=ZZZZ-ZZZZ", nullptr);
    EXPECT_EQ(unknown.status, 404u);
    EXPECT_TRUE(Has(unknown.body, "Aucune campagne n'a ce code"));

    // Anonymous: what the organisation will see, the purpose of the external id, a login link
    // coming back here with the code, and no join form.
    auto anonymous = Page("GET", "/campagnes/rejoindre?code=" + core::PercentEncode(printed), nullptr);
    ASSERT_EQ(anonymous.status, 200u) << anonymous.body;
    EXPECT_TRUE(Has(anonymous.body, "EPN de Lille"));
    EXPECT_TRUE(Has(anonymous.body, "Aidants du Nord"));
    EXPECT_TRUE(Has(anonymous.body, "Relier votre résultat à votre dossier d'accompagnement."));
    EXPECT_TRUE(Has(anonymous.body, "Numéro France Travail"));
    EXPECT_TRUE(Has(anonymous.body, "Votre adresse e-mail"));
    EXPECT_TRUE(Has(anonymous.body, "Rien n'est partagé"));
    EXPECT_TRUE(Has(anonymous.body, "/connexion?retour=" + core::PercentEncode("/campagnes/rejoindre?code=" +
                                                                               core::PercentEncode(printed))))
        << anonymous.body;
    // ... and no join form: the only form is "create an account and join" (name, e-mail, new
    // password, the external id, the consent).
    EXPECT_FALSE(Has(anonymous.body, "action=\"/campagnes/rejoindre\""));
    EXPECT_TRUE(Has(anonymous.body, "action=\"/campagnes/rejoindre/compte\""));
    EXPECT_TRUE(Has(anonymous.body, "autocomplete=\"name\""));
    EXPECT_TRUE(Has(anonymous.body, "autocomplete=\"email\""));
    EXPECT_TRUE(Has(anonymous.body, "autocomplete=\"new-password\""));
    EXPECT_TRUE(Has(anonymous.body, "minlength=\"12\""));
    EXPECT_TRUE(Has(anonymous.body, "name=\"external_id\""));
    EXPECT_TRUE(Has(anonymous.body, "name=\"consent\""));

    // Logged in (typed in lower case with spaces): the form with the checkbox and the external id.
    auto logged = Page("GET",
                       "/campagnes/rejoindre?code=" +
                           core::PercentEncode(" " + c.code.substr(0, 4) + " " + c.code.substr(4)),
                       &learner_);
    ASSERT_EQ(logged.status, 200u) << logged.body;
    EXPECT_TRUE(Has(logged.body, "name=\"consent\""));
    EXPECT_TRUE(Has(logged.body, "name=\"external_id\""));
    EXPECT_TRUE(Has(logged.body, "camille@exemple.fr"));
    EXPECT_FALSE(Has(logged.body, "/connexion?retour="));

    // An archived campaign says why and offers no form.
    ASSERT_TRUE(campaigns_->ArchiveCampaign(P(admin_), c.id));
    auto archived = Page("GET", "/campagnes/rejoindre?code=" + c.code, &learner_);
    ASSERT_EQ(archived.status, 200u);
    EXPECT_TRUE(Has(archived.body, "Vous ne pouvez pas rejoindre cette campagne"));
    EXPECT_FALSE(Has(archived.body, "name=\"consent\""));
    auto archived_anonymous = Page("GET", "/campagnes/rejoindre?code=" + c.code, nullptr);
    ASSERT_EQ(archived_anonymous.status, 200u);
    EXPECT_FALSE(Has(archived_anonymous.body, "name=\"consent\""));
    EXPECT_FALSE(Has(archived_anonymous.body, kSignUpHref));
}

TEST_P(ParticipationPagesTest, JoinNeedsConsentExternalIdAndCsrf) {
    const Campaign c = MakeCampaign(/*external_id=*/true);
    auto refused = Page("POST", "/campagnes/rejoindre", &learner_, {{"code", c.code}});
    EXPECT_EQ(refused.status, 400u);
    EXPECT_TRUE(Has(refused.body, "id=\"consent-error\""));
    EXPECT_TRUE(Has(refused.body, "Cochez la case pour donner votre accord."));
    EXPECT_TRUE(Has(refused.body, "aria-describedby=\"consent-error\""));
    EXPECT_TRUE(Has(refused.body, "id=\"external_id-error\""));
    EXPECT_TRUE(Has(refused.body, "href=\"#consent\""));
    EXPECT_TRUE(Has(refused.body, "<title>Erreur :"));
    auto no_id = Page("POST", "/campagnes/rejoindre", &learner_, {{"code", c.code}, {"consent", "1"}});
    EXPECT_EQ(no_id.status, 400u);
    EXPECT_TRUE(Has(no_id.body, "id=\"external_id-error\""));
    EXPECT_FALSE(Has(no_id.body, "id=\"consent-error\""));
    EXPECT_TRUE(Has(no_id.body, "value=\"1\" required checked"));  // the ticked consent is kept

    const std::string wrong = "pas-le-bon-jeton";
    auto forged = Page("POST", "/campagnes/rejoindre", &learner_,
                       {{"code", c.code}, {"consent", "1"}, {"external_id", "123"}}, &wrong);
    EXPECT_EQ(forged.status, 403u) << forged.body;
    auto anonymous = Page("POST", "/campagnes/rejoindre", nullptr, {{"code", c.code}, {"consent", "1"}});
    EXPECT_EQ(anonymous.status, 303u);
    EXPECT_TRUE(anonymous.location.starts_with("/connexion")) << anonymous.location;
    EXPECT_EQ(Count("SELECT COUNT(*) FROM participations"), 0);

    const std::string pid = JoinByPage(c, learner_, "  12345A ");
    auto stored = campaigns_->GetParticipation(P(learner_), pid);
    ASSERT_TRUE(stored) << stored.error().message;
    EXPECT_EQ(stored->external_id, "12345A");
    EXPECT_GT(stored->consent_at, 0);
    // The consent screen now points to the participation instead of a second form.
    auto again = Page("GET", "/campagnes/rejoindre?code=" + c.code, &learner_);
    EXPECT_TRUE(Has(again.body, "/mes-campagnes/" + pid));
    EXPECT_FALSE(Has(again.body, "name=\"consent\""));
}

TEST_P(ParticipationPagesTest, JoinStartResumeCompleteShare) {
    const Campaign c = MakeCampaign();
    const std::string pid = JoinByPage(c, learner_);
    ASSERT_FALSE(pid.empty());

    auto mine = Page("GET", "/mes-campagnes", &learner_);
    ASSERT_EQ(mine.status, 200u) << mine.body;
    EXPECT_TRUE(Has(mine.body, "Aidants du Nord"));
    EXPECT_TRUE(Has(mine.body, "EPN de Lille"));
    EXPECT_TRUE(Has(mine.body, "/mes-campagnes/" + pid));
    EXPECT_TRUE(Has(mine.body, "Test à faire"));

    // Only the adaptations the campaign allows are offered, and only they are accepted.
    auto show = Page("GET", "/mes-campagnes/" + pid, &learner_);
    ASSERT_EQ(show.status, 200u) << show.body;
    EXPECT_TRUE(Has(show.body, "Commencer le test"));
    EXPECT_TRUE(Has(show.body, "value=\"screen_reader\""));
    EXPECT_TRUE(Has(show.body, "value=\"no_timer\""));
    EXPECT_FALSE(Has(show.body, "value=\"no_colour\""));
    EXPECT_FALSE(Has(show.body, "Partager mes résultats</button>"));
    auto bad_need = Page("POST", "/mes-campagnes/" + pid + "/test", &learner_, {{"need", "no_colour"}});
    EXPECT_EQ(bad_need.status, 400u);
    EXPECT_TRUE(Has(bad_need.body, "id=\"needs-error\""));
    EXPECT_TRUE(assessments_->ListMine(P(learner_))->empty());

    auto started = Page("POST", "/mes-campagnes/" + pid + "/test", &learner_, {{"need", "no_timer"}});
    ASSERT_EQ(started.status, 303u) << started.body;
    auto linked = campaigns_->GetParticipation(P(learner_), pid);
    ASSERT_TRUE(linked);
    ASSERT_FALSE(linked->assessment_id.empty());
    EXPECT_EQ(started.location, "/tests/" + linked->assessment_id);
    EXPECT_EQ(assessments_->Get(P(learner_), linked->assessment_id)->needs, assessment::kNoTimer);
    auto question = Page("GET", started.location, &learner_);  // the assessment page
    EXPECT_EQ(question.status, 200u) << question.body;

    auto resume = Page("GET", "/mes-campagnes/" + pid, &learner_);
    EXPECT_TRUE(Has(resume.body, "Reprendre le test"));
    EXPECT_TRUE(Has(resume.body, "href=\"/tests/" + linked->assessment_id + "\""));
    EXPECT_FALSE(Has(resume.body, "Commencer le test"));

    RunToEnd(learner_, linked->assessment_id);
    auto completed = Page("GET", "/mes-campagnes/" + pid, &learner_);
    ASSERT_EQ(completed.status, 200u);
    EXPECT_TRUE(Has(completed.body, "Partager mes résultats</button>"));
    EXPECT_TRUE(Has(completed.body, "Vos niveaux qui seront partagés"));
    EXPECT_TRUE(Has(completed.body, "camille@exemple.fr"));
    auto hidden = campaigns_->Results(P(admin_), c.id);
    ASSERT_TRUE(hidden);
    EXPECT_TRUE(hidden->participants.empty());

    auto shared = Page("POST", "/mes-campagnes/" + pid + "/partager", &learner_);
    ASSERT_EQ(shared.status, 303u) << shared.body;
    EXPECT_EQ(shared.location, "/mes-campagnes/" + pid);
    auto results = campaigns_->Results(P(admin_), c.id);
    ASSERT_TRUE(results);
    ASSERT_EQ(results->participants.size(), 1u);
    auto after = Page("GET", "/mes-campagnes/" + pid, &learner_);
    EXPECT_TRUE(Has(after.body, "Vos résultats sont partagés"));
    EXPECT_TRUE(Has(after.body, "Ce que la structure voit"));
    EXPECT_FALSE(Has(after.body, "Partager mes résultats</button>"));
}

TEST_P(ParticipationPagesTest, LeaveAfterConfirmation) {
    const Campaign c = MakeCampaign();
    const std::string pid = JoinByPage(c, learner_);
    auto confirm = Page("GET", "/mes-campagnes/" + pid + "/quitter", &learner_);
    ASSERT_EQ(confirm.status, 200u) << confirm.body;
    EXPECT_TRUE(Has(confirm.body, "EPN de Lille ne verra plus vos résultats"));
    EXPECT_TRUE(Has(confirm.body, "action=\"/mes-campagnes/" + pid + "/quitter\""));
    EXPECT_EQ(campaigns_->GetParticipation(P(learner_), pid)->status, ParticipationStatus::kStarted);

    auto left = Page("POST", "/mes-campagnes/" + pid + "/quitter", &learner_);
    ASSERT_EQ(left.status, 303u) << left.body;
    EXPECT_EQ(left.location, "/mes-campagnes");
    EXPECT_EQ(campaigns_->GetParticipation(P(learner_), pid)->status, ParticipationStatus::kLeft);
    auto show = Page("GET", "/mes-campagnes/" + pid, &learner_);
    EXPECT_TRUE(Has(show.body, "Campagne quittée"));
    EXPECT_FALSE(Has(show.body, "/quitter\""));
    auto again = Page("GET", "/mes-campagnes/" + pid + "/quitter", &learner_);
    EXPECT_EQ(again.status, 303u);
}

TEST_P(ParticipationPagesTest, SomebodyElsesParticipationIsNotFound) {
    const Campaign c = MakeCampaign();
    const std::string pid = JoinByPage(c, learner_);
    EXPECT_EQ(Page("GET", "/mes-campagnes/" + pid, &other_).status, 404u);
    EXPECT_EQ(Page("GET", "/mes-campagnes/" + pid + "/quitter", &other_).status, 404u);
    EXPECT_EQ(Page("POST", "/mes-campagnes/" + pid + "/quitter", &other_).status, 404u);
    EXPECT_EQ(Page("POST", "/mes-campagnes/" + pid + "/partager", &other_).status, 404u);
    EXPECT_EQ(Page("POST", "/mes-campagnes/" + pid + "/test", &other_).status, 404u);
    EXPECT_EQ(Page("GET", "/mes-campagnes/" + pid, &admin_).status, 404u);  // staff see shared results only
    EXPECT_FALSE(Has(Page("GET", "/mes-campagnes", &other_).body, pid));
    EXPECT_EQ(campaigns_->GetParticipation(P(learner_), pid)->status, ParticipationStatus::kStarted);
    auto anonymous = Page("GET", "/mes-campagnes/" + pid, nullptr);
    EXPECT_EQ(anonymous.status, 303u);
    EXPECT_TRUE(anonymous.location.starts_with("/connexion?retour="));
}

// A profile collection asks for no new test: the person's latest completed result is linked.
TEST_P(ParticipationPagesTest, ProfileCollectionUsesTheLatestResult) {
    CampaignInput input;
    input.name = "Recueil des profils";
    input.target_profile_id = kProfile;
    input.type = CampaignType::kProfileCollection;
    auto c = campaigns_->CreateCampaign(P(admin_), org_, input);
    ASSERT_TRUE(c) << c.error().message;
    const std::string pid = JoinByPage(*c, learner_);
    auto empty = Page("GET", "/mes-campagnes/" + pid, &learner_);
    ASSERT_EQ(empty.status, 200u);
    EXPECT_TRUE(Has(empty.body, "<a class=\"fr-btn\" href=\"/tests\">Passer le test</a>"));
    EXPECT_FALSE(Has(empty.body, "Commencer le test"));
    auto nothing = Page("POST", "/mes-campagnes/" + pid + "/test", &learner_);
    EXPECT_EQ(nothing.status, 303u);
    EXPECT_EQ(campaigns_->GetParticipation(P(learner_), pid)->status, ParticipationStatus::kStarted);

    auto test = assessments_->Start(P(learner_), {kProfile, 0});
    ASSERT_TRUE(test) << test.error().message;
    RunToEnd(learner_, test->id);
    auto offer = Page("GET", "/mes-campagnes/" + pid, &learner_);
    EXPECT_TRUE(Has(offer.body, "Utiliser ce résultat"));
    auto used = Page("POST", "/mes-campagnes/" + pid + "/test", &learner_);
    ASSERT_EQ(used.status, 303u) << used.body;
    EXPECT_EQ(used.location, "/mes-campagnes/" + pid);
    auto linked = campaigns_->GetParticipation(P(learner_), pid);
    ASSERT_TRUE(linked);
    EXPECT_EQ(linked->assessment_id, test->id);
    EXPECT_EQ(linked->status, ParticipationStatus::kCompleted);
    EXPECT_TRUE(Has(Page("GET", "/mes-campagnes/" + pid, &learner_).body, "Partager mes résultats</button>"));
}

// An anonymous visitor creates an account on the consent screen and joins at once: no organisation
// membership, the participation stored with its consent, logged in by the session cookie.
TEST_P(ParticipationPagesTest, SignUpCreatesTheAccountAndJoins) {
    const Campaign c = MakeCampaign(/*external_id=*/true);
    csrf_cookie_ = kCsrf;
    auto joined = Page("POST", kSignUpHref, nullptr, SignUpFields(c, "  Sacha.Martin@Exemple.fr "));
    ASSERT_EQ(joined.status, 303u) << joined.body;
    const std::string prefix = "/mes-campagnes/";
    ASSERT_TRUE(joined.location.starts_with(prefix)) << joined.location;
    const std::string pid = joined.location.substr(prefix.size());
    const std::string secret = SessionSecret(joined);
    ASSERT_FALSE(secret.empty());
    bool http_only = false;
    for (const std::string& cookie : joined.cookies) {
        if (cookie.starts_with(std::string(account::kSessionCookieName) + "=")) {
            http_only = cookie.find("HttpOnly") != std::string::npos;
        }
    }
    EXPECT_TRUE(http_only);

    ASSERT_EQ(Users("sacha.martin@exemple.fr"), 1);
    auto rows = db_->Query("SELECT id, display_name, locale FROM users WHERE email = $1",
                           {std::string("sacha.martin@exemple.fr")});
    ASSERT_TRUE(rows && rows->size() == 1u);
    const std::string user_id = store::AsText((*rows)[0][0]);
    EXPECT_EQ(store::AsText((*rows)[0][1]), "Sacha Martin");
    EXPECT_EQ(store::AsText((*rows)[0][2]), "fr");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM memberships WHERE user_id = $1", {user_id}), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM participations WHERE id = $1 AND user_id = $2 AND consent_at > 0 "
                    "AND external_id = 'ft-778'",
                    {pid, user_id}),
              1);

    // The cookie is a working session: the next pages know the person.
    csrf_cookie_.clear();
    account::LoginResult session;
    session.secret = secret;
    auto mine = Page("GET", "/mes-campagnes", &session);
    ASSERT_EQ(mine.status, 200u) << mine.body;
    EXPECT_TRUE(Has(mine.body, "/mes-campagnes/" + pid));
    EXPECT_TRUE(Has(mine.body, "Aidants du Nord"));
    auto show = Page("GET", joined.location, &session);
    ASSERT_EQ(show.status, 200u) << show.body;
    EXPECT_TRUE(Has(show.body, "action=\"/deconnexion\""));  // the logged-in header
    EXPECT_TRUE(Has(show.body, "Commencer le test"));
}

// An address that already has an account: 400 with the error on the e-mail field, saying only
// that (as the invitation page does); no second user, nothing joined, no session.
TEST_P(ParticipationPagesTest, SignUpWithATakenEmailIsRefused) {
    const Campaign c = MakeCampaign(/*external_id=*/true);
    csrf_cookie_ = kCsrf;
    auto taken = Page("POST", kSignUpHref, nullptr, SignUpFields(c, "Camille@exemple.fr"));
    EXPECT_EQ(taken.status, 400u) << taken.body;
    EXPECT_TRUE(Has(taken.body, "id=\"email-error\">Un compte existe déjà avec cette adresse."));
    EXPECT_TRUE(Has(taken.body, "href=\"#email\""));
    EXPECT_TRUE(Has(taken.body, "value=\"Camille@exemple.fr\""));  // kept to be corrected
    EXPECT_FALSE(Has(taken.body, kNewPassword));                   // a password is never sent back
    EXPECT_FALSE(Has(taken.body, "camille@exemple.fr"));           // nothing of the existing account
    EXPECT_TRUE(SessionSecret(taken).empty());
    EXPECT_EQ(Users("camille@exemple.fr"), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM participations"), 0);
}

// Every check comes before anything is stored: consent, external id, password rules, fields.
TEST_P(ParticipationPagesTest, SignUpStoresNothingWhenAFieldIsWrong) {
    const Campaign c = MakeCampaign(/*external_id=*/true);
    csrf_cookie_ = kCsrf;
    const std::string email = "sacha@exemple.fr";

    auto no_consent = Page("POST", kSignUpHref, nullptr, SignUpFields(c, email, "consent"));
    EXPECT_EQ(no_consent.status, 400u) << no_consent.body;
    EXPECT_TRUE(Has(no_consent.body, "id=\"consent-error\""));
    EXPECT_TRUE(Has(no_consent.body, "Cochez la case pour donner votre accord."));
    EXPECT_TRUE(Has(no_consent.body, "<title>Erreur :"));
    EXPECT_TRUE(Has(no_consent.body, "value=\"Sacha Martin\""));
    EXPECT_TRUE(Has(no_consent.body, "action=\"/campagnes/rejoindre/compte\""));  // the form again
    EXPECT_EQ(Users(email), 0);

    auto no_id = Page("POST", kSignUpHref, nullptr, SignUpFields(c, email, "external_id"));
    EXPECT_EQ(no_id.status, 400u);
    EXPECT_TRUE(Has(no_id.body, "id=\"external_id-error\""));
    EXPECT_FALSE(Has(no_id.body, "id=\"consent-error\""));
    EXPECT_EQ(Users(email), 0);

    auto fields = SignUpFields(c, email);
    for (auto& [name, value] : fields) {
        if (name == "password" || name == "confirm_password") value = "motdepasse12";
    }
    auto weak = Page("POST", kSignUpHref, nullptr, fields);
    EXPECT_EQ(weak.status, 400u);
    EXPECT_TRUE(Has(weak.body, "id=\"password-error\">Le mot de passe doit mélanger"));
    EXPECT_EQ(Users(email), 0);

    fields = SignUpFields(c, email);
    for (auto& [name, value] : fields) {
        if (name == "confirm_password") value = "Girafe-bleue-sous-la-pluie-8";
    }
    auto mismatch = Page("POST", kSignUpHref, nullptr, fields);
    EXPECT_EQ(mismatch.status, 400u);
    EXPECT_TRUE(Has(mismatch.body, "id=\"confirm_password-error\""));

    auto bad_email = Page("POST", kSignUpHref, nullptr, SignUpFields(c, "sacha-exemple.fr"));
    EXPECT_EQ(bad_email.status, 400u);
    EXPECT_TRUE(Has(bad_email.body, "id=\"email-error\">Écrivez une adresse e-mail valide."));
    auto no_name = Page("POST", kSignUpHref, nullptr, SignUpFields(c, email, "display_name"));
    EXPECT_EQ(no_name.status, 400u);
    EXPECT_TRUE(Has(no_name.body, "id=\"display_name-error\""));

    EXPECT_EQ(Count("SELECT COUNT(*) FROM users"), 3);  // the fixture's three people only
    EXPECT_EQ(Count("SELECT COUNT(*) FROM participations"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM sessions WHERE user_id NOT IN (SELECT id FROM users)"), 0);
}

// A campaign that cannot be joined creates no account (409); neither does a form without the
// anonymous CSRF token; a logged-in person is sent back to the consent screen.
TEST_P(ParticipationPagesTest, SignUpRefusedWhenNotJoinableOrWithoutCsrf) {
    const Campaign c = MakeCampaign();
    const std::string email = "sacha@exemple.fr";

    auto no_cookie = Page("POST", kSignUpHref, nullptr, SignUpFields(c, email));  // no cookie, empty token
    EXPECT_EQ(no_cookie.status, 403u) << no_cookie.body;
    csrf_cookie_ = kCsrf;
    const std::string forged = "un-autre-jeton-0123456789";
    auto mismatch = Page("POST", kSignUpHref, nullptr, SignUpFields(c, email), &forged);
    EXPECT_EQ(mismatch.status, 403u);
    EXPECT_EQ(Users(email), 0);

    auto logged = Page("POST", kSignUpHref, &learner_, SignUpFields(c, email));
    EXPECT_EQ(logged.status, 303u);
    EXPECT_EQ(logged.location, "/campagnes/rejoindre?code=" + c.code);
    EXPECT_EQ(Users(email), 0);

    ASSERT_TRUE(campaigns_->ArchiveCampaign(P(admin_), c.id));
    auto archived = Page("POST", kSignUpHref, nullptr, SignUpFields(c, email));
    EXPECT_EQ(archived.status, 409u) << archived.body;
    EXPECT_TRUE(Has(archived.body, "Vous ne pouvez pas rejoindre cette campagne"));
    EXPECT_FALSE(Has(archived.body, "name=\"password\""));
    EXPECT_EQ(Users(email), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM participations"), 0);
}

// The login that follows the creation is the login page's, with its per-IP limit: once the IP is
// over it, the account stays (created, not logged in, not joined) and the person goes to the login
// page that comes back to the consent screen.
TEST_P(ParticipationPagesTest, SignUpOverTheLoginLimitSendsToTheLoginPage) {
    const Campaign c = MakeCampaign();
    for (int i = 0; i < account::AccountConfig{}.login_attempts_per_ip; ++i) {
        (void)accounts_->Accounts().Login("personne@exemple.fr", "Mauvais-mot-de-passe-1", "192.0.2.1");
    }
    csrf_cookie_ = kCsrf;
    auto fields = SignUpFields(c, "sacha@exemple.fr", "external_id");
    auto limited = Page("POST", kSignUpHref, nullptr, fields);
    ASSERT_EQ(limited.status, 303u) << limited.body;
    EXPECT_EQ(limited.location, "/connexion?retour=" + core::PercentEncode("/campagnes/rejoindre?code=" +
                                                                           FormatCampaignCode(c.code)));
    EXPECT_TRUE(SessionSecret(limited).empty());
    EXPECT_EQ(Users("sacha@exemple.fr"), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM participations"), 0);
}

// Accounts created from one IP are limited (AccountConfig::self_signups_per_ip per window): beyond
// it, 429 on the consent screen saying so, no account stored; another IP is not affected, and the
// limit counts only forms that passed their checks.
TEST_P(ParticipationPagesTest, SignUpsPerIpAreLimited) {
    const Campaign c = MakeCampaign();
    for (int i = 0; i < account::AccountConfig{}.self_signups_per_ip; ++i) {
        ASSERT_TRUE(accounts_->Accounts().CountSelfSignUp("192.0.2.1"));
    }
    csrf_cookie_ = kCsrf;
    auto wrong = Page("POST", kSignUpHref, nullptr, SignUpFields(c, "sacha@exemple.fr", "consent"));
    EXPECT_EQ(wrong.status, 400u);  // the form's own error first, not the limit
    auto limited = Page("POST", kSignUpHref, nullptr, SignUpFields(c, "sacha@exemple.fr", "external_id"));
    EXPECT_EQ(limited.status, 429u) << limited.body;
    EXPECT_TRUE(Has(limited.body, "Trop de comptes ont été créés depuis ce réseau"));
    EXPECT_TRUE(Has(limited.body, "value=\"sacha@exemple.fr\""));  // kept for later
    EXPECT_EQ(Users("sacha@exemple.fr"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_events WHERE event = 'auth.signup_rate_limited'"), 1);
    EXPECT_TRUE(accounts_->Accounts().CountSelfSignUp("192.0.2.2"));
    // A new window starts the count again.
    clock_.Advance(account::AccountConfig{}.rate_window_ms);
    auto later = Page("POST", kSignUpHref, nullptr, SignUpFields(c, "sacha@exemple.fr", "external_id"));
    EXPECT_EQ(later.status, 303u) << later.body;
    EXPECT_EQ(Users("sacha@exemple.fr"), 1);
}

// Every page in English too: translated, no missing key.
TEST_P(ParticipationPagesTest, EnglishPages) {
    const Campaign c = MakeCampaign(/*external_id=*/true);
    const std::string pid = JoinByPage(c, learner_, "12");
    language_ = "en";
    const std::vector<std::string> targets = {"/campagnes/rejoindre", "/campagnes/rejoindre?code=" + c.code,
                                              "/mes-campagnes", "/mes-campagnes/" + pid,
                                              "/mes-campagnes/" + pid + "/quitter"};
    for (const std::string& target : targets) {
        auto page = Page("GET", target, &learner_);
        EXPECT_EQ(page.status, 200u) << target;
        EXPECT_FALSE(Has(page.body, "[missing translation]")) << target;
        EXPECT_TRUE(Has(page.body, "<html lang=\"en\"")) << target;
    }
    EXPECT_TRUE(Has(Page("GET", "/mes-campagnes/" + pid, &learner_).body, "Start the test"));
    auto anonymous = Page("GET", "/campagnes/rejoindre?code=" + c.code, nullptr);
    EXPECT_TRUE(Has(anonymous.body, "What EPN de Lille will see"));
    EXPECT_TRUE(Has(anonymous.body, "Create an account and join"));
    EXPECT_FALSE(Has(anonymous.body, "[missing translation]"));
    // The account component's rules are French only: English pages restate them.
    csrf_cookie_ = kCsrf;
    auto fields = SignUpFields(c, "sacha@example.org");
    for (auto& [name, value] : fields) {
        if (name == "password" || name == "confirm_password") value = "motdepasse12";
    }
    auto weak = Page("POST", kSignUpHref, nullptr, fields);
    EXPECT_EQ(weak.status, 400u);
    EXPECT_TRUE(Has(weak.body, "id=\"password-error\">This password does not follow the rules"));
    EXPECT_FALSE(Has(weak.body, "[missing translation]"));
}

INSTANTIATE_TEST_SUITE_P(Engines, ParticipationPagesTest, ::testing::Values(Engine::kSqlite), EngineName);

}  // namespace
}  // namespace passeur::campaign::testing
