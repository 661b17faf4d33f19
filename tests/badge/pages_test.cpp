// The badge pages through their router with the real templates and translations (SQLite): staff
// list, badge form (create, errors, edit), award form and awards page with state changes, the
// learner's page with the public toggle and the JSON and PDF downloads, the public badge page, its
// Achievement JSON and its image.
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "badge/pages/badge_pages.hpp"
#include "badge/svg.hpp"
#include "core/encoding.hpp"
#include "fixture.hpp"
#include "web/renderer.hpp"

namespace passeur::badge::testing {
namespace {

class BadgePagesTest : public BadgeFixture {
protected:
    void SetUp() override {
        BadgeFixture::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        web::RendererOptions options;
        options.web_dir = PASSEUR_BADGE_TEST_WEB_DIR;
        options.asset_version = "test";
        options.random = &random_;
        auto renderer = web::Renderer::Load(options);
        ASSERT_TRUE(renderer) << renderer.error().message;
        renderer_ = std::move(*renderer);
        RegisterBadgePages(pages_, *service_, *frameworks_, *accounts_, *renderer_);
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
               const std::vector<std::pair<std::string, std::string>>& fields = {}) {
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
                "_csrf=" + core::PercentEncode(login != nullptr ? login->session.csrf_token : "");
            for (const auto& [name, value] : fields) body += "&" + name + "=" + core::PercentEncode(value);
            r.body = body;
        }
        auto match = pages_.Match(method, r.path);
        if (match.handler == nullptr) return {404, "", {}};
        r.path_params = match.params;
        r.route = match.pattern;
        auto result = (*match.handler)(r);
        if (!result) return {http::StatusFor(result.error().code), result.error().message, {}};
        return {result->status, result->body, *result};
    }

    // A multipart/form-data POST of `login`'s session: the CSRF token, then `parts` (name, filename
    // or "" for a text field, value).
    Reply Multipart(const std::string& target, const account::LoginResult& login,
                    const std::vector<std::array<std::string, 3>>& parts, const std::string* csrf = nullptr) {
        const std::string boundary = "----passeur-pages-boundary";
        std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" +
                           (csrf != nullptr ? *csrf : login.session.csrf_token) + "\r\n";
        for (const auto& [name, filename, value] : parts) {
            body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
            if (!filename.empty()) body += "; filename=\"" + filename + "\"\r\nContent-Type: image/png";
            body += "\r\n\r\n" + value + "\r\n";
        }
        body += "--" + boundary + "--\r\n";
        http::Request r;
        r.method = "POST";
        r.target = target;
        r.path = target;
        r.remote_ip = "192.0.2.1";
        r.request_id = "pages";
        r.headers.emplace_back("accept-language", "fr-FR");
        r.headers.emplace_back("cookie", std::string(account::kSessionCookieName) + "=" + login.secret);
        r.headers.emplace_back("content-type", "multipart/form-data; boundary=" + boundary);
        r.body = std::move(body);
        auto match = pages_.Match("POST", r.path);
        if (match.handler == nullptr) return {404, "", {}};
        r.path_params = match.params;
        r.route = match.pattern;
        auto result = (*match.handler)(r);
        if (!result) return {http::StatusFor(result.error().code), result.error().message, {}};
        return {result->status, result->body, *result};
    }

    std::unique_ptr<web::Renderer> renderer_;
    http::Router pages_;
};

TEST_P(BadgePagesTest, StaffListAndBadgeForm) {
    const Badge badge = Create("Naviguer en sécurité");
    auto anonymous = Page("GET", "/organisation/badges", nullptr);
    EXPECT_EQ(anonymous.status, 303u);
    EXPECT_TRUE(anonymous.Header("Location").starts_with("/connexion"));
    auto staff = Page("GET", "/organisation/badges", &mediator_);
    ASSERT_EQ(staff.status, 200u) << staff.body;
    EXPECT_NE(staff.body.find("Naviguer en sécurité"), std::string::npos);
    EXPECT_NE(staff.body.find("/badges/" + badge.id + "/attribuer"), std::string::npos);
    EXPECT_EQ(staff.body.find("/organisation/badges/nouveau"), std::string::npos);  // mediators do not define
    auto admin = Page("GET", "/organisation/badges", &admin_);
    EXPECT_NE(admin.body.find("/organisation/badges/nouveau?org=" + org_), std::string::npos);
    auto learner = Page("GET", "/organisation/badges", &learner_);
    ASSERT_EQ(learner.status, 200u);
    EXPECT_NE(learner.body.find("aucune structure"), std::string::npos);

    EXPECT_EQ(Page("GET", "/organisation/badges/nouveau?org=" + org_, &mediator_).status, 403u);
    auto form = Page("GET", "/organisation/badges/nouveau?org=" + org_, &admin_);
    ASSERT_EQ(form.status, 200u);
    EXPECT_NE(form.body.find("value=\"competences-numeriques|1.1\""), std::string::npos);
    EXPECT_NE(form.body.find("name=\"rule_kind\""), std::string::npos);

    // Errors re-render the form with the summary and nothing is stored.
    auto refused = Page("POST", "/organisation/badges/nouveau", &admin_,
                        {{"org", org_},
                         {"name", ""},
                         {"description", "d"},
                         {"criteria", "c"},
                         {"achievement_type", "Badge"},
                         {"rule_kind", "manual"},
                         {"status", "active"}});
    EXPECT_EQ(refused.status, 400u);
    EXPECT_NE(refused.body.find("href=\"#name\""), std::string::npos);
    EXPECT_NE(refused.body.find("<title>Erreur :"), std::string::npos);
    auto bad_svg = Page("POST", "/organisation/badges/nouveau", &admin_,
                        {{"org", org_},
                         {"name", "Image"},
                         {"description", "d"},
                         {"criteria", "c"},
                         {"achievement_type", "Badge"},
                         {"rule_kind", "manual"},
                         {"status", "active"},
                         {"image_svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>"}});
    EXPECT_EQ(bad_svg.status, 400u);
    EXPECT_NE(bad_svg.body.find("href=\"#image_svg\""), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM badges"), 1);

    auto created = Page("POST", "/organisation/badges/nouveau", &admin_,
                        {{"org", org_},
                         {"name", "Socle numérique"},
                         {"description", "Les bases."},
                         {"criteria", "Atteindre le profil."},
                         {"achievement_type", "Competency"},
                         {"alignment", "competences-numeriques|1.1"},
                         {"alignment", "competences-numeriques|2.1"},
                         {"validity_months", "24"},
                         {"rule_kind", "competence_level"},
                         {"rule_competence", "competences-numeriques|1.2"},
                         {"rule_level", "4"},
                         {"status", "active"}});
    ASSERT_EQ(created.status, 303u) << created.body;
    EXPECT_EQ(created.Header("Location"), "/organisation/badges");
    auto list = service_->ListBadges(P(admin_), org_);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 2u);
    const Badge& socle = (*list)[1].name == "Socle numérique" ? (*list)[1] : (*list)[0];
    EXPECT_EQ(socle.validity_months, 24);
    EXPECT_EQ(socle.rule.kind, RuleKind::kCompetenceLevel);
    EXPECT_EQ(socle.rule.level, 4);
    EXPECT_EQ(socle.alignments.size(), 3u);  // the rule's competence first

    auto edit = Page("GET", "/organisation/badges/" + socle.id, &admin_);
    ASSERT_EQ(edit.status, 200u);
    EXPECT_NE(edit.body.find("value=\"Socle numérique\""), std::string::npos);
    EXPECT_NE(edit.body.find("value=\"competences-numeriques|2.1\" selected"), std::string::npos);
    EXPECT_EQ(Page("GET", "/organisation/badges/" + socle.id, &mediator_).status, 403u);
    auto saved = Page("POST", "/organisation/badges/" + socle.id, &admin_,
                      {{"name", "Socle numérique (v2)"},
                       {"description", "Les bases."},
                       {"criteria", "Atteindre le profil."},
                       {"achievement_type", "Competency"},
                       {"validity_months", "0"},
                       {"rule_kind", "target_profile"},
                       {"rule_profile", "socle-emploi"},
                       {"status", "archived"},
                       {"version", std::to_string(socle.version)}});
    ASSERT_EQ(saved.status, 303u) << saved.body;
    auto reread = service_->GetBadge(nullptr, socle.id);
    ASSERT_TRUE(reread);
    EXPECT_EQ(reread->name, "Socle numérique (v2)");
    EXPECT_EQ(reread->status, BadgeStatus::kArchived);
    EXPECT_EQ(reread->rule.target_profile_id, "socle-emploi");
    // A stale version is refused on the form.
    auto stale = Page("POST", "/organisation/badges/" + socle.id, &admin_,
                      {{"name", "x"},
                       {"description", "d"},
                       {"criteria", "c"},
                       {"achievement_type", "Badge"},
                       {"rule_kind", "manual"},
                       {"status", "archived"},
                       {"version", std::to_string(socle.version)}});
    EXPECT_EQ(stale.status, 400u);
}

TEST_P(BadgePagesTest, AwardFormAwardsAndStateChanges) {
    const Badge badge = Create("Naviguer");
    auto form = Page("GET", "/badges/" + badge.id + "/attribuer", &mediator_);
    ASSERT_EQ(form.status, 200u) << form.body;
    EXPECT_NE(form.body.find("value=\"" + learner_.user.id + "\""), std::string::npos);
    EXPECT_EQ(form.body.find("value=\"" + mediator_.user.id + "\""), std::string::npos);  // learners only
    EXPECT_NE(form.body.find("value=\"" + IsoDate(clock_.NowMillis()) + "\""), std::string::npos);
    EXPECT_EQ(Page("GET", "/badges/" + badge.id + "/attribuer", &learner_).status, 403u);

    auto future = Page("POST", "/badges/" + badge.id + "/attribuer", &mediator_,
                       {{"learner_id", learner_.user.id},
                        {"reason", "Atelier"},
                        {"narrative", "A fait seule."},
                        {"observed_on", IsoDate(clock_.NowMillis() + 3 * 86'400'000LL)}});
    EXPECT_EQ(future.status, 400u);
    EXPECT_NE(future.body.find("href=\"#observed_on\""), std::string::npos);
    auto awarded = Page("POST", "/badges/" + badge.id + "/attribuer", &mediator_,
                        {{"learner_id", learner_.user.id},
                         {"reason", "Atelier"},
                         {"narrative", "A fait seule."},
                         {"observed_on", IsoDate(clock_.NowMillis())}});
    ASSERT_EQ(awarded.status, 303u) << awarded.body;
    EXPECT_EQ(awarded.Header("Location"), "/organisation/badges/" + badge.id + "/attributions");
    auto mine = service_->ListMyAwards(P(learner_));
    ASSERT_EQ(mine->size(), 1u);
    const std::string award = (*mine)[0].award.id;

    auto awards = Page("GET", "/organisation/badges/" + badge.id + "/attributions", &mediator_);
    ASSERT_EQ(awards.status, 200u);
    EXPECT_NE(awards.body.find("apprenant"), std::string::npos);
    EXPECT_NE(awards.body.find("/organisation/attributions/" + award + "/suspendre"), std::string::npos);
    EXPECT_EQ(Page("GET", "/organisation/badges/" + badge.id + "/attributions", &learner_).status, 403u);
    // Without a reason: back with an error message, nothing changed.
    auto no_reason =
        Page("POST", "/organisation/attributions/" + award + "/suspendre", &mediator_, {{"reason", ""}});
    EXPECT_EQ(no_reason.status, 303u);
    EXPECT_EQ(service_->GetAward(P(learner_), award)->award.state, AwardState::kActive);
    auto suspended = Page("POST", "/organisation/attributions/" + award + "/suspendre", &mediator_,
                          {{"reason", "Vérification"}});
    EXPECT_EQ(suspended.status, 303u);
    EXPECT_EQ(service_->GetAward(P(learner_), award)->award.state, AwardState::kSuspended);
    auto revoked =
        Page("POST", "/organisation/attributions/" + award + "/retirer", &admin_, {{"reason", "Erreur"}});
    EXPECT_EQ(revoked.status, 303u);
    EXPECT_EQ(service_->GetAward(P(learner_), award)->award.state, AwardState::kRevoked);
    EXPECT_EQ(
        Page("POST", "/organisation/attributions/" + award + "/effacer", &admin_, {{"reason", "x"}}).status,
        404u);
    EXPECT_EQ(Page("POST", "/organisation/attributions/" + award + "/retirer", &learner2_, {{"reason", "x"}})
                  .status,
              404u);
}

TEST_P(BadgePagesTest, AwardFormWithEvidenceFiles) {
    const Badge badge = Create("Démarche en ligne");
    const std::string target = "/badges/" + badge.id + "/attribuer";
    auto form = Page("GET", target, &mediator_);
    ASSERT_EQ(form.status, 200u);
    EXPECT_NE(form.body.find("enctype=\"multipart/form-data\""), std::string::npos);
    EXPECT_NE(form.body.find("<label class=\"fr-label\" for=\"files\">"), std::string::npos);
    EXPECT_NE(form.body.find("type=\"file\" id=\"files\" name=\"files\" multiple"), std::string::npos);
    EXPECT_NE(form.body.find("3 fichiers PDF, PNG ou JPEG de 2 Mo"), std::string::npos);
    EXPECT_NE(form.body.find("aria-describedby=\"files-hint\""), std::string::npos);

    const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string("\0\0\0\rIHDR", 8) + "pixels";
    const std::vector<std::array<std::string, 3>> text = {{"learner_id", "", learner_.user.id},
                                                          {"reason", "", "Atelier"},
                                                          {"narrative", "", "A fait seule."},
                                                          {"observed_on", "", IsoDate(clock_.NowMillis())}};
    auto with = [&](std::array<std::string, 3> file) {
        auto parts = text;
        parts.push_back(std::move(file));
        return parts;
    };
    // A file that is not what it claims: the form again, the error on the file input, values kept.
    auto refused = Multipart(target, mediator_, with({"files", "photo.png", "<html>pas une image</html>"}));
    EXPECT_EQ(refused.status, 400u);
    EXPECT_NE(refused.body.find("href=\"#files\""), std::string::npos);
    EXPECT_NE(refused.body.find("id=\"files-error\""), std::string::npos);
    EXPECT_NE(refused.body.find("photo.png"), std::string::npos);
    EXPECT_NE(refused.body.find("A fait seule."), std::string::npos);
    // A file just over 2 MiB is named by the service (the form's values kept); one over the
    // reader's bound is refused as a whole (413), the form saying the files are too large.
    const std::string big = "%PDF-" + std::string(kMaxEvidenceFileBytes, 'x');
    auto too_big = Multipart(target, mediator_, with({"files", "scan.pdf", big}));
    EXPECT_EQ(too_big.status, 400u);
    EXPECT_NE(too_big.body.find("dépasse 2 Mio"), std::string::npos);
    EXPECT_NE(too_big.body.find("A fait seule."), std::string::npos);
    auto huge = Multipart(target, mediator_,
                          with({"files", "film.pdf", std::string(kMaxEvidencePartBytes + 1, 'x')}));
    EXPECT_EQ(huge.status, 413u);
    EXPECT_NE(huge.body.find("id=\"files-error\""), std::string::npos);
    EXPECT_NE(huge.body.find("trop lourds"), std::string::npos);
    // With another CSRF token: refused before anything; a learner may not award.
    const std::string wrong = learner2_.session.csrf_token;
    auto forged = Multipart(target, mediator_, with({"files", "photo.png", png}), &wrong);
    EXPECT_EQ(forged.status, 403u);
    EXPECT_EQ(Multipart(target, learner2_, with({"files", "photo.png", png})).status, 403u);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM badge_awards"), 0);

    auto awarded = Multipart(target, mediator_, with({"files", "photo atelier.png", png}));
    ASSERT_EQ(awarded.status, 303u) << awarded.body;
    auto mine = service_->ListMyAwards(P(learner_));
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->size(), 1u);
    ASSERT_EQ((*mine)[0].files.size(), 1u);
    const std::string href = "/preuves/" + (*mine)[0].award.id + "/" + (*mine)[0].files[0].id;
    // Shown with a download link on the staff's and the learner's pages.
    auto awards = Page("GET", "/organisation/badges/" + badge.id + "/attributions", &mediator_);
    EXPECT_NE(awards.body.find("href=\"" + href + "\""), std::string::npos);
    EXPECT_NE(awards.body.find("photo atelier.png"), std::string::npos);
    auto page = Page("GET", "/mes-badges", &learner_);
    EXPECT_NE(page.body.find("href=\"" + href + "\""), std::string::npos);
    EXPECT_NE(page.body.find("Télécharger le fichier de preuve photo atelier.png (PNG, 1 Ko)"),
              std::string::npos);
    // The download: the learner yes, an anonymous visitor not until the badge is public.
    auto download = Page("GET", href, &learner_);
    ASSERT_EQ(download.status, 200u);
    EXPECT_EQ(download.body, png);
    EXPECT_EQ(download.Header("Content-Type"), "image/png");
    EXPECT_EQ(download.Header("X-Content-Type-Options"), "nosniff");
    EXPECT_TRUE(
        download.Header("Content-Disposition").starts_with("attachment; filename=\"photo atelier.png\""));
    EXPECT_EQ(Page("GET", href, nullptr).status, 404u);
    EXPECT_EQ(Page("GET", href, &outsider_).status, 404u);
    ASSERT_TRUE(service_->SetPublic(P(learner_), (*mine)[0].award.id, true));
    EXPECT_EQ(Page("GET", href, nullptr).status, 200u);
}

TEST_P(BadgePagesTest, LearnerPageDownloadsAndVisibility) {
    const Badge badge = Create("Naviguer", {}, 12);
    auto awarded = service_->AwardManually(P(mediator_), badge.id, Manual(learner_));
    ASSERT_TRUE(awarded);
    const std::string id = awarded->award.id;
    auto mine = Page("GET", "/mes-badges", &learner_);
    ASSERT_EQ(mine.status, 200u) << mine.body;
    EXPECT_NE(mine.body.find("Naviguer"), std::string::npos);
    EXPECT_NE(mine.body.find("/mes-badges/" + id + ".json"), std::string::npos);
    EXPECT_NE(mine.body.find("/mes-badges/" + id + ".pdf"), std::string::npos);
    EXPECT_NE(mine.body.find("Valide"), std::string::npos);
    EXPECT_NE(mine.body.find("Rendre public"), std::string::npos);
    EXPECT_EQ(mine.body.find("/verify?award="), std::string::npos);  // private: no verification link
    EXPECT_NE(Page("GET", "/mes-badges", &learner2_).body.find("pas encore de badge"), std::string::npos);

    auto json_file = Page("GET", "/mes-badges/" + id + ".json", &learner_);
    ASSERT_EQ(json_file.status, 200u);
    EXPECT_EQ(json::parse(json_file.body), awarded->award.credential);
    EXPECT_EQ(json_file.Header("Content-Disposition"),
              "attachment; filename=\"passeur-badge-" + id + ".json\"");
    auto pdf = Page("GET", "/mes-badges/" + id + ".pdf", &learner_);
    ASSERT_EQ(pdf.status, 200u) << pdf.body;
    EXPECT_EQ(pdf.Header("Content-Type"), "application/pdf");
    EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
    EXPECT_NE(pdf.body.find("/verify?award=" + id), std::string::npos);
    EXPECT_EQ(Page("GET", "/mes-badges/" + id + ".json", &learner2_).status, 404u);
    EXPECT_EQ(Page("GET", "/mes-badges/" + id + ".json", &mediator_).status,
              404u);  // the learner's page only
    EXPECT_EQ(Page("GET", "/mes-badges/" + id + ".txt", &learner_).status, 404u);

    EXPECT_EQ(Page("POST", "/mes-badges/" + id + "/visibilite", &learner_, {{"public", "oui"}}).status, 400u);
    EXPECT_EQ(Page("POST", "/mes-badges/" + id + "/visibilite", &learner2_, {{"public", "1"}}).status, 404u);
    auto shown = Page("POST", "/mes-badges/" + id + "/visibilite", &learner_, {{"public", "1"}});
    EXPECT_EQ(shown.status, 303u);
    EXPECT_TRUE(service_->PublicCredential(id));
    EXPECT_NE(Page("GET", "/mes-badges", &learner_).body.find(std::string(kBaseUrl) + "/verify?award=" + id),
              std::string::npos);
    // A form without the session's CSRF token is refused.
    http::Request forged;
    forged.method = "POST";
    forged.path = forged.target = "/mes-badges/" + id + "/visibilite";
    forged.headers = {{"cookie", std::string(account::kSessionCookieName) + "=" + learner_.secret},
                      {"content-type", "application/x-www-form-urlencoded"}};
    forged.body = "_csrf=faux&public=0";
    auto match = pages_.Match("POST", forged.path);
    forged.path_params = match.params;
    auto refused = (*match.handler)(forged);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kPermissionDenied);
}

TEST_P(BadgePagesTest, PublicPageAchievementAndImage) {
    BadgeInput with_image = Input("Avec image");
    with_image.image_svg = std::string(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" "
        "r=\"4\"/></svg>");
    auto imaged = service_->CreateBadge(P(admin_), org_, with_image);
    ASSERT_TRUE(imaged);
    const Badge plain = Create("Naviguer");
    auto page = Page("GET", "/badges/" + plain.id, nullptr);
    ASSERT_EQ(page.status, 200u) << page.body;
    EXPECT_NE(page.body.find("<h1>Naviguer</h1>"), std::string::npos);
    EXPECT_NE(page.body.find("EPN de Lille"), std::string::npos);
    EXPECT_NE(page.body.find("/ims/case/v1p0/CFItems/"), std::string::npos);
    auto achievement = Page("GET", "/badges/" + plain.id + ".json", nullptr);
    ASSERT_EQ(achievement.status, 200u);
    EXPECT_EQ(json::parse(achievement.body), *service_->Achievement(plain));
    auto image = Page("GET", "/badges/" + plain.id + "/image.svg", nullptr);
    ASSERT_EQ(image.status, 200u);
    EXPECT_EQ(image.Header("Content-Type"), "image/svg+xml");
    EXPECT_EQ(image.Header("Content-Security-Policy"), std::string(kSvgContentSecurityPolicy));
    EXPECT_EQ(image.body, DefaultBadgeSvg("Naviguer", plain.id));
    EXPECT_EQ(Page("GET", "/badges/" + imaged->id + "/image.svg", nullptr).body, *with_image.image_svg);

    BadgeInput draft_input = Input("Brouillon");
    draft_input.status = BadgeStatus::kDraft;
    auto draft = service_->CreateBadge(P(admin_), org_, draft_input);
    ASSERT_TRUE(draft);
    EXPECT_EQ(Page("GET", "/badges/" + draft->id, nullptr).status, 404u);
    EXPECT_EQ(Page("GET", "/badges/" + draft->id + ".json", &learner_).status, 404u);
    EXPECT_EQ(Page("GET", "/badges/" + draft->id + "/image.svg", nullptr).status, 404u);
    EXPECT_EQ(Page("GET", "/badges/" + draft->id, &mediator_).status, 200u);
    EXPECT_EQ(Page("GET", "/badges/inconnu", nullptr).status, 404u);
}

INSTANTIATE_TEST_SUITE_P(Engines, BadgePagesTest, ::testing::Values(Engine::kSqlite), EngineName);

}  // namespace
}  // namespace passeur::badge::testing
