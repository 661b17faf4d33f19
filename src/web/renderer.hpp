// Server-rendered pages: mustache templates (web/templates/*.mustache, kainjow) inside the DSFR
// layout (layout.mustache), in the request's locale (see i18n.hpp). Thread-safe once loaded:
// templates and translations are read-only; each render parses its own copy.
//
// Every template sees, besides the page's own data (top-level keys):
//   t            the translations of the current locale, nested ({{t.login.title}})
//   lang         "fr" | "en";  other_lang / other_lang_name for the language switch
//   csrf_token   the session's token when logged in, else the anonymous double-submit token
//   csrf_field   "_csrf"
//   static       "/static/{asset_version}" (DSFR under {{static}}/dsfr/)
//   asset_version
//   user         {id, display_name, email} or false; role flags is_learner, is_mediator,
//                is_org_admin, is_coordinator, is_platform_admin
//   nav_home / nav_account / nav_organizations   true for the active main-navigation entry
//   flash        {kind, message, args:{...}} or false (read from the flash cookie, then cleared)
//   current_path the request's path and query (for the language switch's return address)
//   page_title   the page's <title> text (without the " — passeur" suffix)
// Partials: every template is also available as a partial by name ({{> form_errors}}).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/random.hpp"
#include "core/result.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "web/flash.hpp"
#include "web/i18n.hpp"

namespace passeur::web {

struct PageUser {
    std::string id;
    std::string display_name;
    std::string email;
    bool learner = false;
    bool mediator = false;
    bool org_admin = false;  // in at least one organisation
    bool coordinator = false;
    bool platform_admin = false;
};

struct PageContext {
    std::optional<PageUser> user;  // nullopt: anonymous visitor
    std::string csrf_token;        // the session's csrf token when `user` is set
    std::string title_key;         // i18n key of the page title; unique per page
    std::string title;             // literal title (e.g. an organisation name); wins over title_key
    std::string active_nav;  // "home" | "account" | "organizations" | "frameworks" | "places" | "tests" | ""
};

struct RendererOptions {
    std::string web_dir;        // holds templates/*.mustache and i18n/{fr,en}.json
    std::string asset_version;  // http::StaticFiles::Version()
    std::string static_prefix = "/static";
    core::Random* random = nullptr;  // anonymous CSRF tokens and the flash key; must outlive the Renderer
};

class Renderer {
public:
    // kInvalidArgument naming the file when a template or a translation file cannot be read or
    // parsed, or when layout.mustache or error.mustache is missing.
    static core::Result<std::unique_ptr<Renderer>> Load(RendererOptions options);
    ~Renderer();

    // Resolves the logged-in user of a request for pages rendered without a PageContext
    // (RenderError). Set once before serving (account pages do it); may return nullopt.
    using ContextResolver = std::function<std::optional<PageContext>(const http::Request&)>;
    void SetContextResolver(ContextResolver resolver);

    // An HTML page: `template_name` (without .mustache) rendered with `data` + the common keys
    // above, inside the layout. Sets the anonymous CSRF cookie when needed and clears a shown
    // flash. A rendering failure (a bug) gives the 500 page.
    http::Response RenderPage(const http::Request& request, const PageContext& context,
                              std::string_view template_name, const nlohmann::json& data,
                              unsigned status = 200) const;
    // The error page for http::ServerOptions::html_error_renderer: status from
    // http::StatusFor(error.code); the message is shown only for 4xx errors other than 404 (whose
    // messages are written for users); 5xx show a generic text and the request id.
    http::Response RenderError(const http::Request& request, const core::Error& error) const;

    // 303 to `location` (a local path), optionally carrying a flash message to the next page.
    http::Response Redirect(const http::Request& request, std::string location,
                            const std::optional<Flash>& flash = std::nullopt) const;

    // The template alone (no layout) with `data` as the full context; for tests.
    core::Result<std::string> RenderFragment(std::string_view template_name,
                                             const nlohmann::json& data) const;

    Locale LocaleOf(const http::Request& request) const { return NegotiateLocale(request); }
    const Translations& translations() const { return translations_; }
    std::string T(const http::Request& request, std::string_view key) const;
    std::vector<std::string> TemplateNames() const;  // sorted, without .mustache
    const std::string& AssetVersion() const { return options_.asset_version; }

private:
    Renderer(RendererOptions options, Translations translations,
             std::map<std::string, std::string> templates);
    // `locale` set: adds the translations as `t` (converted once at load, not per render).
    core::Result<std::string> Render(std::string_view template_name, const nlohmann::json& data,
                                     std::optional<Locale> locale = std::nullopt) const;
    struct Cache;  // mustache form of the translations, per locale

    RendererOptions options_;
    Translations translations_;
    std::map<std::string, std::string, std::less<>> templates_;
    FlashCodec flash_;
    ContextResolver resolver_;
    std::unique_ptr<Cache> cache_;
};

// Is `path` a safe local redirect target ("/x...", not "//host" nor "/\host", no control chars)?
bool IsLocalPath(std::string_view path);

}  // namespace passeur::web
