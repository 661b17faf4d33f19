#include "framework/pages/framework_pages.hpp"

#include <charconv>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "account/pages/page_kit.hpp"
#include "core/encoding.hpp"
#include "web/i18n.hpp"

namespace passeur::framework {
namespace {

using nlohmann::json;

// Descriptions are at most kMaxDescriptionBytes; the form carries no larger field.
constexpr std::size_t kEditFieldMaxBytes = kMaxDescriptionBytes;

std::string CompetenceHref(std::string_view framework, std::string_view code, std::string_view version) {
    std::string href =
        "/referentiels/" + core::PercentEncode(framework) + "/competences/" + core::PercentEncode(code);
    if (!version.empty()) href += "?version=" + core::PercentEncode(version);
    return href;
}

// "1.0" -> "1.1", "2" -> "3", "1.2.9" -> "1.2.10".
std::string NextVersion(std::string_view version) {
    std::size_t dot = version.rfind('.');
    std::string_view head = dot == std::string_view::npos ? std::string_view{} : version.substr(0, dot + 1);
    std::string_view last = dot == std::string_view::npos ? version : version.substr(dot + 1);
    long value = 0;
    auto [ptr, ec] = std::from_chars(last.data(), last.data() + last.size(), value);
    if (ec != std::errc() || ptr != last.data() + last.size()) return std::string(version) + ".1";
    return std::string(head) + std::to_string(value + 1);
}

class Pages : public account::PageKit {
public:
    Pages(FrameworkService& service, account::AccountModule& accounts, web::Renderer& renderer)
        : PageKit(accounts, renderer), service_(service) {}

    std::string Lang(const http::Request& request) const {
        return std::string(web::LocaleCode(Renderer().LocaleOf(request)));
    }

    bool CanEdit(const std::optional<account::Principal>& principal) const {
        return principal &&
               Module().Authz().Authorize(*principal, account::Action::kEditFrameworks).has_value();
    }

    // The requested version ("" = current) of the framework named in the path.
    core::Result<StoredFramework> Requested(const http::Request& request) const {
        std::string slug(request.PathParam("framework").value_or(""));
        std::string version(request.Query("version").value_or(""));
        if (!version.empty() && !IsValidVersion(version)) {
            return core::Fail(core::Error::NotFound("Cette version du référentiel n'existe pas."));
        }
        return service_.Get(slug, version);
    }

    // ---- list ---------------------------------------------------------------------------------
    core::Result<http::Response> List(http::Request& request,
                                      const std::optional<account::Principal>& principal) {
        auto records = service_.List();
        if (!records) return core::Fail(records.error());
        const std::string lang = Lang(request);
        json frameworks = json::array();
        for (const FrameworkRecord& record : *records) {
            auto stored = service_.Get(record.slug, record.version);
            if (!stored) return core::Fail(stored.error());
            const Framework& f = stored->framework;
            frameworks.push_back({{"id", f.id},
                                  {"href", "/referentiels/" + core::PercentEncode(f.id)},
                                  {"name", f.name.In(lang)},
                                  {"description", f.description.In(lang)},
                                  {"version", f.version},
                                  {"area_count", f.areas.size()},
                                  {"competence_count", f.CompetenceCount()}});
        }
        auto profiles = service_.ListProfiles();
        if (!profiles) return core::Fail(profiles.error());
        json data = {{"frameworks", frameworks},
                     {"has_frameworks", !frameworks.empty()},
                     {"profile_count", profiles->size()}};
        return Renderer().RenderPage(request, Context(principal, "frameworks.title", "frameworks"),
                                     "framework_list", data);
    }

    // ---- one framework ------------------------------------------------------------------------
    core::Result<http::Response> Show(http::Request& request,
                                      const std::optional<account::Principal>& principal) {
        auto stored = Requested(request);
        if (!stored) return core::Fail(stored.error());
        const Framework& f = stored->framework;
        const std::string lang = Lang(request);
        auto versions = service_.Versions(f.id);
        if (!versions) return core::Fail(versions.error());
        const bool is_current = stored->record.status == "current";
        const std::string version_query = is_current ? std::string() : f.version;
        json version_list = json::array();
        for (const FrameworkRecord& v : *versions) {
            std::string href = "/referentiels/" + core::PercentEncode(f.id);
            if (v.status != "current") href += "?version=" + core::PercentEncode(v.version);
            version_list.push_back({{"version", v.version},
                                    {"href", href},
                                    {"current", v.status == "current"},
                                    {"selected", v.version == f.version},
                                    {"date", core::FormatRfc3339(v.created_at).substr(0, 10)}});
        }
        json areas = json::array();
        for (const Area& area : f.areas) {
            json competences = json::array();
            for (const Competence& c : area.competences) {
                competences.push_back({{"code", c.code},
                                       {"name", c.name.In(lang)},
                                       {"description", c.description.In(lang)},
                                       {"href", CompetenceHref(f.id, c.code, version_query)}});
            }
            areas.push_back({{"code", area.code},
                             {"anchor", "domaine-" + core::PercentEncode(area.code)},
                             {"name", area.name.In(lang)},
                             {"description", area.description.In(lang)},
                             {"competences", competences}});
        }
        json data = {{"framework",
                      {{"id", f.id},
                       {"name", f.name.In(lang)},
                       {"description", f.description.In(lang)},
                       {"version", f.version},
                       {"publisher", f.publisher},
                       {"licence", f.licence},
                       {"competence_count", f.CompetenceCount()},
                       {"case_href", "/api/v1/frameworks/" + core::PercentEncode(f.id) + "/case" +
                                         (version_query.empty() ? "" : "?version=" + version_query)}}},
                     {"is_current", is_current},
                     {"versions", version_list},
                     {"has_versions", version_list.size() > 1},
                     {"areas", areas}};
        web::PageContext context = Context(principal, "", "frameworks");
        context.title = f.name.In(lang);
        return Renderer().RenderPage(request, context, "framework_show", data);
    }

    // ---- one competence -----------------------------------------------------------------------
    core::Result<http::Response> ShowCompetence(http::Request& request,
                                                const std::optional<account::Principal>& principal) {
        auto stored = Requested(request);
        if (!stored) return core::Fail(stored.error());
        const Framework& f = stored->framework;
        std::string code(request.PathParam("code").value_or(""));
        const Competence* c = f.FindCompetence(code);
        const Area* area = f.AreaOfCompetence(code);
        if (c == nullptr || area == nullptr) {
            return core::Fail(core::Error::NotFound("Cette compétence n'existe pas dans ce référentiel."));
        }
        const std::string lang = Lang(request);
        const bool is_current = stored->record.status == "current";
        json levels = json::array();
        for (const auto& [level, text] : c->levels) {
            levels.push_back({{"level", level}, {"name", f.LevelName(level).In(lang)}, {"text", text}});
        }
        json skills = json::array();
        for (const Skill& s : c->skills) skills.push_back({{"code", s.code}, {"name", s.name.In(lang)}});
        std::string base = Module().Config().public_base_url;
        json data = {
            {"framework",
             {{"id", f.id},
              {"name", f.name.In(lang)},
              {"version", f.version},
              {"href", "/referentiels/" + core::PercentEncode(f.id) +
                           (is_current ? "" : "?version=" + core::PercentEncode(f.version))}}},
            {"area", {{"code", area->code}, {"name", area->name.In(lang)}}},
            {"competence",
             {{"code", c->code}, {"name", c->name.In(lang)}, {"description", c->description.In(lang)}}},
            {"levels", levels},
            {"has_levels", !levels.empty()},
            {"skills", skills},
            {"has_skills", !skills.empty()},
            {"case_uri", base + "/ims/case/v1p0/CFItems/" + c->identifier},
            {"is_current", is_current},
            {"can_edit", is_current && CanEdit(principal)},
            {"edit_href", CompetenceHref(f.id, c->code, "") + "/modifier"}};
        web::PageContext context = Context(principal, "", "frameworks");
        context.title = c->code + " " + c->name.In(lang);
        return Renderer().RenderPage(request, context, "competence_show", data);
    }

    // ---- edit a competence as a new version ---------------------------------------------------
    http::Response EditPage(const http::Request& request, const account::Principal& principal,
                            const Framework& f, const Competence& c, const json& values,
                            const account::FormErrors& errors, unsigned status) {
        const std::string lang = Lang(request);
        json levels = json::array();
        for (int level = kMinLevel; level <= kMaxLevel; ++level) {
            std::string field = "level_" + std::to_string(level);
            levels.push_back({{"level", level},
                              {"field", field},
                              {"name", f.LevelName(level).In(lang)},
                              {"text", values.value(field, std::string())}});
        }
        json data = {{"framework", {{"id", f.id}, {"name", f.name.In(lang)}, {"version", f.version}}},
                     {"competence", {{"code", c.code}, {"name", c.name.In(lang)}}},
                     {"action", CompetenceHref(f.id, c.code, "") + "/modifier"},
                     {"back", CompetenceHref(f.id, c.code, "")},
                     {"values", values},
                     {"levels", levels}};
        errors.Into(data);
        // The field errors of level descriptors are looked up per row. Every row gets the key: a
        // missing one would be looked up in the enclosing contexts (and the partial "error").
        for (auto& row : data["levels"]) {
            const std::string field = row["field"];
            row["error"] = data["errors"].contains(field) ? data["errors"][field] : json(false);
        }
        web::PageContext context = Context(principal, "", "frameworks");
        context.title = F(request, "frameworks.edit_title", {{"code", c.code}});
        return Renderer().RenderPage(request, context, "competence_edit", data, status);
    }

    // The current version, when the caller may edit it and it has the competence of the path.
    core::Result<StoredFramework> Editable(const http::Request& request,
                                           const account::Principal& principal) {
        PASSEUR_TRY(Module().Authz().Authorize(principal, account::Action::kEditFrameworks));
        std::string slug(request.PathParam("framework").value_or(""));
        auto stored = service_.Get(slug);
        if (!stored) return core::Fail(stored.error());
        std::string code(request.PathParam("code").value_or(""));
        if (stored->framework.FindCompetence(code) == nullptr) {
            return core::Fail(core::Error::NotFound("Cette compétence n'existe pas dans ce référentiel."));
        }
        return stored;
    }

    core::Result<http::Response> GetEdit(http::Request& request, const account::Principal& principal) {
        auto editable = Editable(request, principal);
        if (!editable) return core::Fail(editable.error());
        const Framework& f = editable->framework;
        const Competence& c = *f.FindCompetence(request.PathParam("code").value_or(""));
        json values = {{"name_fr", c.name.fr},
                       {"name_en", c.name.en},
                       {"description_fr", c.description.fr},
                       {"description_en", c.description.en},
                       {"new_version", NextVersion(f.version)}};
        for (const auto& [level, text] : c.levels) values["level_" + std::to_string(level)] = text;
        return EditPage(request, principal, f, c, values, account::FormErrors{}, 200);
    }

    core::Result<http::Response> PostEdit(http::Request& request, const account::Principal& principal,
                                          const http::FieldList& form) {
        auto editable = Editable(request, principal);
        if (!editable) return core::Fail(editable.error());
        Framework edited = editable->framework;
        const std::string code(request.PathParam("code").value_or(""));
        const Competence& original = *editable->framework.FindCompetence(code);
        json values = json::object();
        for (const char* name : {"name_fr", "name_en", "description_fr", "description_en", "new_version"}) {
            values[name] = account::Trim(Field(form, name));
        }
        for (int level = kMinLevel; level <= kMaxLevel; ++level) {
            std::string field = "level_" + std::to_string(level);
            values[field] = account::Trim(Field(form, field));
        }
        account::FormErrors errors;
        if (values["name_fr"].get<std::string>().empty()) {
            errors.Add("name_fr", T(request, "form.error_required"));
        }
        const std::string new_version = values["new_version"];
        if (!IsValidVersion(new_version)) errors.Add("new_version", T(request, "frameworks.error_version"));
        for (const auto& [level, text] : original.levels) {
            std::string field = "level_" + std::to_string(level);
            if (values[field].get<std::string>().empty()) {
                errors.Add(field, T(request, "frameworks.error_level_required"));
            }
        }
        if (!errors.Empty()) return EditPage(request, principal, edited, original, values, errors, 400);

        for (Area& area : edited.areas) {
            for (Competence& c : area.competences) {
                if (c.code != code) continue;
                c.name = {values["name_fr"], values["name_en"]};
                c.description = {values["description_fr"], values["description_en"]};
                c.levels.clear();
                for (int level = kMinLevel; level <= kMaxLevel; ++level) {
                    std::string text = values["level_" + std::to_string(level)];
                    if (!text.empty()) c.levels[level] = std::move(text);
                }
            }
        }
        if (edited == editable->framework) {
            errors.Add("name_fr", T(request, "frameworks.error_unchanged"));
            return EditPage(request, principal, editable->framework, original, values, errors, 400);
        }
        auto created = service_.CreateVersion(edited.id, edited, new_version, Actor::Of(principal));
        if (!created) {
            const core::Error& error = created.error();
            if (error.code != core::ErrorCode::kInvalidArgument && error.code != core::ErrorCode::kConflict) {
                return core::Fail(error);
            }
            errors.Add(error.field == "version" || error.code == core::ErrorCode::kConflict ? "new_version"
                                                                                            : "name_fr",
                       error.message);
            return EditPage(request, principal, editable->framework, original, values, errors, 400);
        }
        return Renderer().Redirect(request, CompetenceHref(edited.id, code, ""),
                                   web::Flash::Success("frameworks.flash_version_created",
                                                       {{"version", created->framework.version}}));
    }

    // ---- target profiles ----------------------------------------------------------------------
    core::Result<http::Response> Profiles(http::Request& request,
                                          const std::optional<account::Principal>& principal) {
        auto profiles = service_.ListProfiles();
        if (!profiles) return core::Fail(profiles.error());
        const std::string lang = Lang(request);
        json list = json::array();
        for (const StoredProfile& stored : *profiles) {
            const TargetProfile& p = stored.profile;
            list.push_back({{"id", p.id},
                            {"href", "/profils-cibles/" + core::PercentEncode(p.id)},
                            {"name", p.name.In(lang)},
                            {"description", p.description.In(lang)},
                            {"audience", T(request, "frameworks.audience_" + p.audience)},
                            {"requirement_count", p.requirements.size()}});
        }
        json data = {{"profiles", list}, {"has_profiles", !list.empty()}};
        return Renderer().RenderPage(request, Context(principal, "profiles.title", "frameworks"),
                                     "profile_list", data);
    }

    core::Result<http::Response> Profile(http::Request& request,
                                         const std::optional<account::Principal>& principal) {
        auto stored = service_.GetProfile(request.PathParam("profile").value_or(""));
        if (!stored) return core::Fail(stored.error());
        const TargetProfile& p = stored->profile;
        const std::string lang = Lang(request);
        // Requirements grouped by framework version, in the profile's order.
        json groups = json::array();
        for (const Requirement& r : p.requirements) {
            auto framework = service_.Get(r.framework, r.framework_version);
            if (!framework) return core::Fail(framework.error());
            const Framework& f = framework->framework;
            const Competence* c = f.FindCompetence(r.competence);
            const bool current = framework->record.status == "current";
            json row = {
                {"code", r.competence},
                {"name", c != nullptr ? c->name.In(lang) : r.competence},
                {"href", CompetenceHref(f.id, r.competence, current ? "" : f.version)},
                {"level", r.level},
                {"level_name", f.LevelName(r.level).In(lang)},
                {"level_text", c != nullptr && c->levels.contains(r.level) ? c->levels.at(r.level) : ""}};
            if (groups.empty() || groups.back()["key"] != framework->record.key) {
                groups.push_back({{"key", framework->record.key},
                                  {"name", f.name.In(lang)},
                                  {"version", f.version},
                                  {"requirements", json::array()}});
            }
            groups.back()["requirements"].push_back(std::move(row));
        }
        json data = {{"profile",
                      {{"id", p.id},
                       {"name", p.name.In(lang)},
                       {"description", p.description.In(lang)},
                       {"audience", T(request, "frameworks.audience_" + p.audience)},
                       {"requirement_count", p.requirements.size()}}},
                     {"groups", groups}};
        web::PageContext context = Context(principal, "", "frameworks");
        context.title = p.name.In(lang);
        return Renderer().RenderPage(request, context, "profile_show", data);
    }

private:
    FrameworkService& service_;
};

}  // namespace

void RegisterFrameworkPages(http::Router& router, FrameworkService& service, account::AccountModule& accounts,
                            web::Renderer& renderer) {
    auto pages = std::make_shared<Pages>(service, accounts, renderer);
    using AnyMethod =
        core::Result<http::Response> (Pages::*)(http::Request&, const std::optional<account::Principal>&);
    auto page = [&](std::string_view pattern, AnyMethod method) {
        pages->Page(
            router, "GET", pattern,
            [pages, method](http::Request& request, const std::optional<account::Principal>& principal) {
                return ((*pages).*method)(request, principal);
            });
    };
    page("/referentiels", &Pages::List);
    page("/referentiels/{framework}", &Pages::Show);
    page("/referentiels/{framework}/competences/{code}", &Pages::ShowCompetence);
    page("/profils-cibles", &Pages::Profiles);
    page("/profils-cibles/{profile}", &Pages::Profile);
    pages->SessionPage(router, "GET", "/referentiels/{framework}/competences/{code}/modifier",
                       [pages](http::Request& request, const account::Principal& principal) {
                           return pages->GetEdit(request, principal);
                       });
    pages->FormPost(
        router, "/referentiels/{framework}/competences/{code}/modifier",
        [pages](http::Request& request, const account::Principal& principal, const http::FieldList& form) {
            return pages->PostEdit(request, principal, form);
        },
        kEditFieldMaxBytes);
}

}  // namespace passeur::framework
