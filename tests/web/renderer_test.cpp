#include "web/renderer.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "web/csrf.hpp"

namespace passeur::web {
namespace {

using nlohmann::json;

RendererOptions Options(std::string web_dir, std::string version, core::Random* random) {
    RendererOptions options;
    options.web_dir = std::move(web_dir);
    options.asset_version = std::move(version);
    options.random = random;
    return options;
}

class RendererTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto loaded = Renderer::Load(Options(PASSEUR_TEST_WEB_DIR, "v1", &random_));
        ASSERT_TRUE(loaded) << loaded.error().message;
        renderer_ = std::move(*loaded);
    }

    static http::Request RequestFor(std::string_view lang) {
        http::Request request;
        request.method = "GET";
        request.target = "/page?x=1";
        request.path = "/page";
        request.request_id = "req-123";
        request.headers = {{"cookie", "passeur_lang=" + std::string(lang)}};
        return request;
    }

    static PageContext LoggedIn() {
        PageContext context;
        context.user = PageUser{};
        context.user->id = "u1";
        context.user->display_name = "Ana";
        context.user->email = "ana@example.org";
        context.user->org_admin = true;
        context.csrf_token = "session-csrf-token-0123456789";
        context.title_key = "account.title";
        context.active_nav = "account";
        return context;
    }

    core::SeededRandom random_{42};
    std::unique_ptr<Renderer> renderer_;
};

PageContext TitledContext(std::string key) {
    PageContext context;
    context.title_key = std::move(key);
    return context;
}

json Errors(const std::string& field) {
    return {{"has_errors", true},
            {"errors", {{field, "Message d'erreur"}}},
            {"error_list", json::array({{{"field", field}, {"message", "Message d'erreur"}}})}};
}

// Sample data for every page template: a new template adds an entry here or, for the templates of
// other components, a file tests/web/samples/<template>.json (its page data).
std::map<std::string, json> Samples() {
    json member = {
        {"user_id", "u2"},
        {"display_name", "Bob"},
        {"email", "bob@example.org"},
        {"role_label", "Médiateur"},
        {"is_me", false},
        {"change_role_label", "Rôle de Bob"},
        {"remove_label", "Retirer Bob"},
        {"role_options", json::array({{{"value", "learner"}, {"label", "Apprenant"}, {"selected", true}}})}};
    std::map<std::string, json> samples = {
        {"home_anonymous", json::object()},
        {"home",
         {{"greeting", "Bonjour Ana"},
          {"roles", json::array({{{"label", "Apprenant"}, {"soon", "Bientôt"}}})},
          {"no_org", true}}},
        {"login", {{"values", {{"email", "a@b.fr"}}}, {"back", "/"}}},
        {"account",
         {{"account", {{"email", "ana@example.org"}, {"display_name", "Ana"}, {"locale_fr", true}}}}},
        {"organizations",
         {{"heading", "Mes structures"},
          {"has_orgs", true},
          {"orgs", json::array({{{"id", "o1"},
                                 {"name", "EPN"},
                                 {"kind_label", "EPN"},
                                 {"department", "35"},
                                 {"role_label", "Responsable"}}})},
          {"can_create", true},
          {"kinds", json::array({{{"value", "epn"}, {"label", "EPN"}, {"selected", true}}})}}},
        {"organization",
         {{"org", {{"id", "o1"}, {"name", "EPN"}, {"kind_label", "EPN"}, {"department_label", "35"}}},
          {"my_role_label", "Responsable"},
          {"can_manage", true},
          {"can_manage_places", true},
          {"show_members", true},
          {"members", json::array({member})},
          {"invite_roles", json::array({{{"value", "learner"}, {"label", "Apprenant"}}})},
          {"has_invitations", true},
          {"invitations", json::array({{{"id", "i1"},
                                        {"email", "c@d.fr"},
                                        {"role_label", "Apprenant"},
                                        {"expires", "2026-01-08"},
                                        {"revoke_label", "Annuler"}}})}}},
        {"invitation",
         {{"token", "tok"},
          {"email", "c@d.fr"},
          {"heading", "Rejoindre EPN"},
          {"intro", "Vous êtes invité"},
          {"can_create", true},
          {"values", {{"display_name", "Cé"}}}}},
        {"error",
         {{"status", "404"},
          {"code_label", "Erreur 404"},
          {"heading", "Page introuvable"},
          {"explanation", "..."},
          {"request_id", "r"}}},
    };
    for (const auto& entry : std::filesystem::directory_iterator(PASSEUR_TEST_SAMPLES_DIR)) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path());
        samples[entry.path().stem().string()] = json::parse(in);
    }
    for (auto& [name, data] : samples) {
        if (name != "home_anonymous" && name != "home" && name != "error") data.update(Errors("email"));
    }
    return samples;
}

TEST_F(RendererTest, EveryTemplateRendersInBothLocales) {
    auto samples = Samples();
    for (const std::string& name : renderer_->TemplateNames()) {
        if (name == "layout" || name == "form_errors") continue;
        ASSERT_TRUE(samples.contains(name)) << "add sample data for template " << name;
        for (const char* lang : {"fr", "en"}) {
            http::Response response =
                renderer_->RenderPage(RequestFor(lang), LoggedIn(), name, samples[name]);
            EXPECT_EQ(response.status, 200u) << name;
            EXPECT_NE(response.body.find("<html lang=\"" + std::string(lang) + "\""), std::string::npos)
                << name;
            EXPECT_EQ(response.body.find("[missing translation]"), std::string::npos) << name;
            EXPECT_EQ(response.body.find("{{"), std::string::npos) << name;
            EXPECT_NE(response.body.find("<title>"), std::string::npos) << name;
            EXPECT_NE(response.body.find("<main id=\"contenu\""), std::string::npos) << name;
        }
    }
    // Anonymous visitors see the same pages without the logged-in navigation.
    http::Response anonymous =
        renderer_->RenderPage(RequestFor("fr"), TitledContext("login.title"), "login", samples["login"]);
    EXPECT_EQ(anonymous.body.find("/deconnexion"), std::string::npos);
    EXPECT_NE(anonymous.body.find("href=\"/connexion\""), std::string::npos);
}

TEST_F(RendererTest, EveryTranslationKeyUsedByTemplatesExists) {
    std::regex key_ref(R"(\{\{[#^/]?\s*t\.([a-z0-9_.]+)\s*\}\})");
    int references = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(PASSEUR_TEST_WEB_DIR) + "/templates")) {
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        std::string body = text.str();
        for (auto it = std::sregex_iterator(body.begin(), body.end(), key_ref); it != std::sregex_iterator();
             ++it) {
            ++references;
            EXPECT_TRUE(renderer_->translations().Has((*it)[1].str()))
                << entry.path().filename() << " uses unknown key " << (*it)[1].str();
        }
    }
    EXPECT_GT(references, 50);
}

// Regression: the partial registered for template "account" hid the page's own "account" data.
TEST_F(RendererTest, PageDataNamedLikeATemplateIsNotShadowed) {
    http::Response response =
        renderer_->RenderPage(RequestFor("fr"), LoggedIn(), "account", Samples()["account"]);
    EXPECT_NE(response.body.find("ana@example.org"), std::string::npos);
    EXPECT_NE(response.body.find("value=\"Ana\""), std::string::npos);
}

TEST_F(RendererTest, LayoutShowsUserCsrfAndTitle) {
    http::Response fr = renderer_->RenderPage(RequestFor("fr"), LoggedIn(), "home_anonymous", json::object());
    EXPECT_NE(fr.body.find("<title>Mon compte — passeur</title>"), std::string::npos);
    EXPECT_NE(fr.body.find("value=\"session-csrf-token-0123456789\""), std::string::npos);
    EXPECT_NE(fr.body.find("href=\"/compte\" aria-current=\"page\""), std::string::npos);
    EXPECT_NE(fr.body.find("/static/v1/dsfr/dsfr.min.css"), std::string::npos);
    EXPECT_NE(fr.body.find("value=\"/page?x=1\""), std::string::npos);  // language switch goes back here
    EXPECT_FALSE(fr.Header("Set-Cookie"));  // no anonymous token needed with a session
    http::Response en = renderer_->RenderPage(RequestFor("en"), LoggedIn(), "home_anonymous", json::object());
    EXPECT_NE(en.body.find("<title>My account — passeur</title>"), std::string::npos);
    EXPECT_NE(en.body.find("Log out"), std::string::npos);
}

TEST_F(RendererTest, AnonymousPageSetsAndReusesTheCsrfCookie) {
    http::Request request = RequestFor("fr");
    http::Response first = renderer_->RenderPage(request, PageContext{}, "home_anonymous", json::object());
    auto cookie = first.Header("Set-Cookie");
    ASSERT_TRUE(cookie);
    std::string value(cookie->substr(std::string("passeur_csrf=").size()));
    value = value.substr(0, value.find(';'));
    EXPECT_NE(first.body.find("value=\"" + value + "\""), std::string::npos);

    request.headers = {{"cookie", "passeur_csrf=" + value}};
    http::Response second = renderer_->RenderPage(request, PageContext{}, "home_anonymous", json::object());
    EXPECT_FALSE(second.Header("Set-Cookie"));
    EXPECT_NE(second.body.find("value=\"" + value + "\""), std::string::npos);
    EXPECT_TRUE(VerifyCsrf(request, {{"_csrf", value}}, ""));
}

TEST_F(RendererTest, UserTextIsEscaped) {
    PageContext context = LoggedIn();
    context.title = "<script>alert(1)</script>";
    json data = {{"greeting", "Bonjour <script>alert('x')</script> & co"},
                 {"roles", json::array()},
                 {"no_org", false}};
    http::Response response = renderer_->RenderPage(RequestFor("fr"), context, "home", data);
    EXPECT_EQ(response.body.find("<script>alert"), std::string::npos);
    EXPECT_NE(response.body.find("&lt;script&gt;alert("), std::string::npos);
    EXPECT_NE(response.body.find("&amp; co"), std::string::npos);

    context.user->display_name = "<img src=x onerror=alert(1)>";
    http::Response named =
        renderer_->RenderPage(RequestFor("fr"), context, "organization", Samples()["organization"]);
    EXPECT_EQ(named.body.find("<img src=x"), std::string::npos);
}

TEST_F(RendererTest, FlashIsShownOnceAndForgedFlashIgnored) {
    http::Request request = RequestFor("fr");
    http::Response redirect =
        renderer_->Redirect(request, "/compte", Flash::Success("flash.org_created", {{"name", "<b>X</b>"}}));
    EXPECT_EQ(redirect.status, 303u);
    EXPECT_EQ(redirect.Header("Location"), "/compte");
    auto set_cookie = redirect.Header("Set-Cookie");
    ASSERT_TRUE(set_cookie);
    std::string value(set_cookie->substr(std::string("passeur_flash=").size()));
    value = value.substr(0, value.find(';'));

    request.headers = {{"cookie", "passeur_lang=fr; passeur_flash=" + value}};
    http::Response page = renderer_->RenderPage(request, LoggedIn(), "home_anonymous", json::object());
    EXPECT_NE(page.body.find("La structure &lt;b&gt;X&lt;/b&gt; est créée."), std::string::npos);
    bool cleared = false;
    for (const auto& [name, header] : page.headers) {
        if (name == "Set-Cookie" && header.starts_with("passeur_flash=;")) cleared = true;
    }
    EXPECT_TRUE(cleared);

    std::string forged = value;
    forged[forged.size() - 1] = forged.back() == '0' ? '1' : '0';
    request.headers = {{"cookie", "passeur_flash=" + forged}};
    http::Response ignored = renderer_->RenderPage(request, LoggedIn(), "home_anonymous", json::object());
    EXPECT_EQ(ignored.body.find("est créée"), std::string::npos);
}

TEST_F(RendererTest, RedirectOnlyToLocalPaths) {
    http::Request request = RequestFor("fr");
    EXPECT_EQ(renderer_->Redirect(request, "//evil.example/").Header("Location"), "/");
    EXPECT_EQ(renderer_->Redirect(request, "https://evil.example/").Header("Location"), "/");
    EXPECT_EQ(renderer_->Redirect(request, "/\\evil").Header("Location"), "/");
    EXPECT_EQ(renderer_->Redirect(request, "/compte?a=1").Header("Location"), "/compte?a=1");
    EXPECT_FALSE(IsLocalPath("/a\r\nSet-Cookie: x"));
}

TEST_F(RendererTest, ErrorPagesHideInternalDetail) {
    http::Response internal =
        renderer_->RenderError(RequestFor("fr"), core::Error::Internal("sqlite: disk I/O at x.c:12"));
    EXPECT_EQ(internal.status, 500u);
    EXPECT_EQ(internal.body.find("sqlite"), std::string::npos);
    EXPECT_NE(internal.body.find("req-123"), std::string::npos);
    EXPECT_NE(internal.body.find("<title>Le service a un problème — passeur</title>"), std::string::npos);

    http::Response not_found =
        renderer_->RenderError(RequestFor("en"), core::Error::NotFound("organisation o1"));
    EXPECT_EQ(not_found.status, 404u);
    EXPECT_EQ(not_found.body.find("o1"), std::string::npos);
    EXPECT_NE(not_found.body.find("<title>Page not found — passeur</title>"), std::string::npos);

    http::Response forbidden =
        renderer_->RenderError(RequestFor("fr"), core::Error::PermissionDenied("Réservé <aux> admins"));
    EXPECT_EQ(forbidden.status, 403u);
    EXPECT_NE(forbidden.body.find("Réservé &lt;aux&gt; admins"), std::string::npos);
    EXPECT_EQ(renderer_->RenderError(RequestFor("fr"), core::Error::RateLimited("x")).status, 429u);
}

TEST(RendererLoad, NamesTheBrokenTemplate) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("passeur-web-test-" + std::to_string(::getpid()));
    fs::create_directories(dir / "templates");
    fs::copy(fs::path(PASSEUR_TEST_WEB_DIR) / "i18n", dir / "i18n", fs::copy_options::recursive);
    std::ofstream(dir / "templates" / "layout.mustache") << "{{{content}}}";
    std::ofstream(dir / "templates" / "error.mustache") << "x";
    std::ofstream(dir / "templates" / "broken.mustache") << "{{#open}} never closed";
    core::SeededRandom random(1);
    auto loaded = Renderer::Load(Options(dir.string(), "v", &random));
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("broken.mustache"), std::string::npos);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace passeur::web
