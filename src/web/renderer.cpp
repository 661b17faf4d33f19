#include "web/renderer.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/error_mapping.hpp"
#include "web/csrf.hpp"
#include "web/mustache_data.hpp"
#include <kainjow/mustache.hpp>

namespace passeur::web {
namespace {

namespace fs = std::filesystem;
constexpr std::size_t kMaxTemplateBytes = 256 * 1024;

core::Result<std::string> ReadFile(const fs::path& path) {
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (ec || size > kMaxTemplateBytes) {
        return core::Fail(core::Error::InvalidArgument("cannot read template " + path.string()));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::Fail(core::Error::InvalidArgument("cannot read template " + path.string()));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string StatusTitleKey(unsigned status) {
    switch (status) {
        case 400:
        case 403:
        case 404:
        case 409:
        case 413:
        case 429:
            return "error.status_" + std::to_string(status);
        default:
            return status >= 500 ? "error.status_500" : "error.status_400";
    }
}

}  // namespace

bool IsLocalPath(std::string_view path) {
    if (path.empty() || path.size() > 2048 || path[0] != '/') return false;
    if (path.size() > 1 && (path[1] == '/' || path[1] == '\\')) return false;
    for (char c : path) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == '\\') return false;
    }
    return true;
}

struct Renderer::Cache {
    kainjow::mustache::data t_fr;
    kainjow::mustache::data t_en;
};

Renderer::Renderer(RendererOptions options, Translations translations,
                   std::map<std::string, std::string> templates)
    : options_(std::move(options)),
      translations_(std::move(translations)),
      templates_(templates.begin(), templates.end()),
      flash_(*options_.random),
      cache_(std::make_unique<Cache>(Cache{ToMustache(translations_.Nested(Locale::kFr)),
                                           ToMustache(translations_.Nested(Locale::kEn))})) {}

Renderer::~Renderer() = default;

core::Result<std::unique_ptr<Renderer>> Renderer::Load(RendererOptions options) {
    if (options.random == nullptr) return core::Fail(core::Error::InvalidArgument("Renderer needs a Random"));
    auto translations = Translations::LoadFromDirectory(options.web_dir + "/i18n");
    if (!translations) return core::Fail(translations.error());
    std::map<std::string, std::string> templates;
    fs::path dir = fs::path(options.web_dir) / "templates";
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) return core::Fail(core::Error::InvalidArgument("cannot list templates in " + dir.string()));
    for (const auto& entry : it) {
        if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
        auto text = ReadFile(entry.path());
        if (!text) return core::Fail(text.error());
        kainjow::mustache::mustache parsed(*text);
        if (!parsed.is_valid()) {
            return core::Fail(core::Error::InvalidArgument("template " + entry.path().string() + ": " +
                                                           parsed.error_message()));
        }
        templates.emplace(entry.path().stem().string(), std::move(*text));
    }
    for (const char* required : {"layout", "error"}) {
        if (!templates.contains(required)) {
            return core::Fail(
                core::Error::InvalidArgument("missing template " + (dir / required).string() + ".mustache"));
        }
    }
    return std::unique_ptr<Renderer>(
        new Renderer(std::move(options), std::move(*translations), std::move(templates)));
}

void Renderer::SetContextResolver(ContextResolver resolver) { resolver_ = std::move(resolver); }

std::string Renderer::T(const http::Request& request, std::string_view key) const {
    return translations_.Get(LocaleOf(request), key);
}

std::vector<std::string> Renderer::TemplateNames() const {
    std::vector<std::string> names;
    for (const auto& [name, text] : templates_) names.push_back(name);
    return names;
}

core::Result<std::string> Renderer::Render(std::string_view template_name, const nlohmann::json& data,
                                           std::optional<Locale> locale) const {
    auto it = templates_.find(template_name);
    if (it == templates_.end()) {
        return core::Fail(core::Error::Internal("unknown template " + std::string(template_name)));
    }
    kainjow::mustache::data root = ToMustache(data);
    if (locale) root.set("t", *locale == Locale::kEn ? cache_->t_en : cache_->t_fr);
    // Partials share the data namespace: a page's own key of the same name wins.
    for (const auto& [name, text] : templates_) {
        if (data.is_object() && data.contains(name)) continue;
        const std::string* body = &text;
        root.set(name, kainjow::mustache::data{kainjow::mustache::partial{[body] { return *body; }}});
    }
    kainjow::mustache::mustache tmpl(it->second);
    std::string out = tmpl.render(root);
    if (!tmpl.is_valid()) {
        return core::Fail(
            core::Error::Internal("template " + std::string(template_name) + ": " + tmpl.error_message()));
    }
    return out;
}

core::Result<std::string> Renderer::RenderFragment(std::string_view template_name,
                                                   const nlohmann::json& data) const {
    return Render(template_name, data);
}

http::Response Renderer::RenderPage(const http::Request& request, const PageContext& context,
                                    std::string_view template_name, const nlohmann::json& data,
                                    unsigned status) const {
    Locale locale = LocaleOf(request);
    nlohmann::json root = data.is_object() ? data : nlohmann::json::object();
    root["lang"] = std::string(LocaleCode(locale));
    root["other_lang"] = locale == Locale::kFr ? "en" : "fr";
    root["other_lang_name"] = locale == Locale::kFr ? "English" : "Français";
    root["csrf_field"] = std::string(kCsrfField);
    root["asset_version"] = options_.asset_version;
    root["static"] = options_.static_prefix + "/" + options_.asset_version;
    root["current_path"] = IsLocalPath(request.target) ? request.target : std::string("/");

    std::string new_anonymous_token;
    if (context.user) {
        root["csrf_token"] = context.csrf_token;
        const PageUser& user = *context.user;
        root["user"] = {{"id", user.id},
                        {"display_name", user.display_name.empty() ? user.email : user.display_name},
                        {"email", user.email}};
        root["is_learner"] = user.learner;
        root["is_mediator"] = user.mediator;
        root["is_org_admin"] = user.org_admin;
        root["is_coordinator"] = user.coordinator;
        root["is_platform_admin"] = user.platform_admin;
    } else {
        std::optional<std::string> token = AnonymousCsrfToken(request);
        if (!token) {
            new_anonymous_token = NewAnonymousCsrfToken(*options_.random);
            token = new_anonymous_token;
        }
        root["csrf_token"] = *token;
        root["user"] = false;
    }
    root["nav_home"] = context.active_nav == "home";
    root["nav_account"] = context.active_nav == "account";
    root["nav_organizations"] = context.active_nav == "organizations";
    root["nav_frameworks"] = context.active_nav == "frameworks";
    root["nav_places"] = context.active_nav == "places";
    root["nav_tests"] = context.active_nav == "tests";
    root["nav_badges"] = context.active_nav == "badges";
    root["nav_campaigns"] = context.active_nav == "campaigns";
    root["nav_verify"] = context.active_nav == "verify";

    std::optional<Flash> flash = flash_.Read(request);
    if (flash && translations_.Has(flash->message_key)) {
        root["flash"] = {{"kind", flash->kind},
                         {"message", translations_.Format(locale, flash->message_key, flash->args)},
                         {"args", flash->args}};
    } else {
        root["flash"] = false;
    }
    root["page_title"] = !context.title.empty()       ? context.title
                         : !context.title_key.empty() ? translations_.Get(locale, context.title_key)
                                                      : std::string("passeur");

    auto content = Render(template_name, root, locale);
    if (!content) {
        if (template_name == "error")
            return http::Response::Text("Internal error", "text/plain; charset=utf-8", 500);
        return RenderError(request, core::Error::Internal(content.error().message));
    }
    root["content"] = std::move(*content);
    auto page = Render("layout", root, locale);
    if (!page) return http::Response::Text("Internal error", "text/plain; charset=utf-8", 500);

    http::Response response = http::Response::Html(std::move(*page), status);
    response.SetHeader("Cache-Control", "no-store");
    if (!new_anonymous_token.empty()) SetAnonymousCsrfCookie(response, request, new_anonymous_token);
    if (request.Cookie(kFlashCookie)) FlashCodec::Clear(response, request);
    return response;
}

http::Response Renderer::RenderError(const http::Request& request, const core::Error& error) const {
    unsigned status = http::StatusFor(error.code);
    Locale locale = LocaleOf(request);
    PageContext context;
    if (resolver_) {
        if (auto resolved = resolver_(request)) context = std::move(*resolved);
    }
    context.title.clear();
    context.active_nav.clear();
    context.title_key = StatusTitleKey(status);
    nlohmann::json data = {
        {"status", std::to_string(status)},
        {"code_label",
         translations_.Format(locale, "error.code_label", {{"status", std::to_string(status)}})},
        {"heading", translations_.Get(locale, context.title_key)},
        {"explanation", translations_.Get(locale, context.title_key + "_text")},
        {"detail", (status >= 400 && status < 500 && status != 404) ? error.message : std::string()},
        {"has_detail", status >= 400 && status < 500 && status != 404 && !error.message.empty()},
        {"request_id", request.request_id},
        {"is_server_error", status >= 500},
        {"is_forbidden", status == 403},
    };
    return RenderPage(request, context, "error", data, status);
}

http::Response Renderer::Redirect(const http::Request& request, std::string location,
                                  const std::optional<Flash>& flash) const {
    if (!IsLocalPath(location)) location = "/";
    http::Response response = http::Response::Redirect(std::move(location), 303);
    if (flash) flash_.Set(response, request, *flash);
    return response;
}

}  // namespace passeur::web
