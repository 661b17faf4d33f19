#include "campaign/pages/territory_pages.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/organization_service.hpp"
#include "account/pages/page_kit.hpp"
#include "campaign/territory_export.hpp"
#include "core/encoding.hpp"
#include "web/i18n.hpp"

namespace passeur::campaign {
namespace {

using nlohmann::json;

constexpr const char* kListHref = "/territoire";
constexpr std::size_t kMaxCodeBytes = 16;  // the typed département code (longest valid: 3)
// The SVG file holds data only: nothing may load or run, even when opened on its own.
constexpr const char* kSvgContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

std::string TerritoryHref(std::string_view code) {
    return std::string(kListHref) + "/" + core::PercentEncode(code);
}

std::string UpperAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

class Pages : public account::PageKit {
public:
    Pages(CampaignService& campaigns, account::AccountModule& accounts, web::Renderer& renderer,
          CompetenceNamer names)
        : PageKit(accounts, renderer), campaigns_(campaigns), names_(std::move(names)) {}

    // ---- /territoire ---------------------------------------------------------------------------
    core::Result<http::Response> List(http::Request& request, const account::Principal& principal) {
        account::FormErrors errors;
        std::string typed;
        // The code form is the platform admins' (a coordinator follows the links of their own).
        if (auto code = request.Query("departement"); code && principal.IsPlatformAdmin()) {
            typed = UpperAscii(account::Trim(*code));
            if (typed.empty()) {
                errors.Add("departement", T(request, "territory.error_code_empty"));
            } else if (typed.size() > kMaxCodeBytes || !account::IsDepartmentCode(typed)) {
                errors.Add("departement", F(request, "territory.error_code_invalid",
                                            {{"code", typed.substr(0, kMaxCodeBytes)}}));
            } else {
                return http::Response::Redirect(TerritoryHref(typed));
            }
        }

        // Départements of the organisations where the person is a coordinator, with their names.
        std::map<std::string, std::vector<std::string>> coordinated;
        auto memberships = Module().Accounts().Memberships(principal.user.id);
        if (!memberships) return core::Fail(memberships.error());
        for (const account::MembershipView& m : *memberships) {
            if (m.membership.role != account::kRoleCoordinator) continue;
            auto org = Module().Organizations().Get(principal, m.membership.org_id);
            if (!org) {
                if (org.error().code == core::ErrorCode::kNotFound) continue;
                return core::Fail(org.error());
            }
            if (!org->department.empty()) coordinated[org->department].push_back(org->name);
        }
        json departments = json::array();
        for (const auto& [code, orgs] : coordinated) {
            std::string names;
            for (const std::string& name : orgs) names += (names.empty() ? "" : ", ") + name;
            departments.push_back({{"code", code},
                                   {"name", F(request, "territory.department_name", {{"code", code}})},
                                   {"organizations", names},
                                   {"href", TerritoryHref(code)}});
        }
        json data = {{"departments", departments},
                     {"has_departments", !departments.empty()},
                     {"is_admin", principal.IsPlatformAdmin()},
                     {"departement", errors.Empty() ? "" : typed.substr(0, kMaxCodeBytes)}};
        errors.Into(data);
        if (!errors.Empty()) data["code_error"] = data["errors"]["departement"];
        web::PageContext context = Context(principal, "territory.list_title", "");
        return Renderer().RenderPage(request, context, "territory_list", data, errors.Empty() ? 200 : 400);
    }

    // ---- /territoire/{code} and /territoire/{code}.csv -----------------------------------------
    core::Result<http::Response> Show(http::Request& request, const account::Principal& principal) {
        std::string code(request.PathParam("code").value_or(""));
        if (code.ends_with(".csv")) return Csv(request, principal, code.substr(0, code.size() - 4));
        code = UpperAscii(code);
        auto summary = campaigns_.Territory(principal, code);
        if (!summary) return core::Fail(summary.error());
        const std::string lang = Lang(request);
        const CompetenceNames names = NamesFor(*summary, lang);
        const std::string min_text = std::to_string(summary->min_group_size);

        json profiles = json::array();
        for (const ProfileGroup& p : summary->profiles) {
            profiles.push_back({{"name", p.profile_name.empty() ? p.profile_id : p.profile_name},
                                {"people", p.people},
                                {"met", p.met_all},
                                {"share", FormatPercent(SharePercent(p.met_all, p.people), lang)}});
        }
        std::set<std::string> profile_ids;
        for (const CompetenceGroup& c : summary->competences) profile_ids.insert(c.profile_id);
        json gaps = json::array();
        for (const CompetenceGroup& c : MostFrequentGaps(*summary)) {
            gaps.push_back({{"label", CompetenceLabel(c, names)},
                            {"profile", ProfileLabel(*summary, c.profile_id)},
                            {"people", c.people},
                            {"met", c.met},
                            {"gap", c.gap},
                            {"share", FormatPercent(SharePercent(c.gap, c.people), lang)}});
        }

        json data = {
            {"code", summary->department},
            {"name", F(request, "territory.department_name", {{"code", summary->department}})},
            {"people_shown", summary->people.has_value()},
            {"people_text", summary->people ? F(request, "territory.people_count",
                                                {{"count", std::to_string(*summary->people)}})
                                            : F(request, "territory.people_hidden", {{"min", min_text}})},
            {"privacy_text", F(request, "territory.privacy_text", {{"min", min_text}})},
            {"profiles", profiles},
            {"has_profiles", !profiles.empty()},
            {"profiles_none", F(request, "territory.profiles_none", {{"min", min_text}})},
            {"gaps", gaps},
            {"has_gaps", !gaps.empty()},
            {"several_profiles", profile_ids.size() > 1},
            {"gaps_none", F(request, "territory.gaps_none", {{"min", min_text}})},
            {"gaps_more", summary->competences.size() > gaps.size()},
            {"gaps_more_text",
             F(request, "territory.gaps_more", {{"count", std::to_string(summary->competences.size())}})},
            {"csv_format_text", F(request, "territory.download_csv_format", {{"min", min_text}})},
            {"csv_href", TerritoryHref(summary->department) + ".csv"},
            {"svg_href", TerritoryHref(summary->department) + "/graphique.svg"},
            {"list_href", kListHref},
        };
        if (!profiles.empty()) {
            BarChartInput chart;
            chart.language = lang;
            chart.id_prefix = "graphique-profils";
            chart.labelled_by = "legende-profils";
            chart.title = T(request, "territory.profiles_heading");
            chart.description = T(request, "territory.profiles_chart_desc");
            ChartSection section = ProfilesSection(*summary, lang);
            section.heading.clear();  // the page's heading names it
            chart.sections.push_back({std::move(section), BarTone::kMet});
            data["profiles_svg"] = RenderBarChartSvg(chart);
        }
        if (!gaps.empty()) {
            BarChartInput chart;
            chart.language = lang;
            chart.id_prefix = "graphique-lacunes";
            chart.labelled_by = "legende-lacunes";
            chart.title = T(request, "territory.gaps_heading");
            chart.description = T(request, "territory.gaps_chart_desc");
            ChartSection section = GapsSection(*summary, lang, names);
            section.heading.clear();
            chart.sections.push_back({std::move(section), BarTone::kGap});
            data["gaps_svg"] = RenderBarChartSvg(chart);
        }
        web::PageContext context = Context(principal, "", "");
        context.title = F(request, "territory.show_title", {{"code", summary->department}});
        return Renderer().RenderPage(request, context, "territory_show", data);
    }

    core::Result<http::Response> Csv(http::Request& request, const account::Principal& principal,
                                     const std::string& raw_code) {
        auto summary = campaigns_.Territory(principal, UpperAscii(raw_code));
        if (!summary) return core::Fail(summary.error());
        std::string lang = Lang(request);
        if (auto asked = request.Query("lang"); asked && (*asked == "fr" || *asked == "en")) lang = *asked;
        http::Response response = http::Response::Text(TerritoryCsv(*summary, lang, NamesFor(*summary, lang)),
                                                       "text/csv; charset=utf-8");
        response.SetHeader("Content-Disposition",
                           "attachment; filename=\"territoire-" + summary->department + ".csv\"");
        return response;
    }

    // ---- /territoire/{code}/graphique.svg ------------------------------------------------------
    core::Result<http::Response> Svg(http::Request& request, const account::Principal& principal) {
        const std::string code = UpperAscii(request.PathParam("code").value_or(""));
        auto summary = campaigns_.Territory(principal, code);
        if (!summary) return core::Fail(summary.error());
        const std::string lang = Lang(request);
        http::Response response =
            http::Response::Text(TerritorySvg(*summary, lang, NamesFor(*summary, lang)), "image/svg+xml");
        response.SetHeader("Content-Security-Policy", kSvgContentSecurityPolicy);
        response.SetHeader("Content-Disposition",
                           "inline; filename=\"territoire-" + summary->department + ".svg\"");
        return response;
    }

private:
    std::string Lang(const http::Request& request) const {
        return std::string(web::LocaleCode(Renderer().LocaleOf(request)));
    }

    CompetenceNames NamesFor(const TerritorySummary& summary, std::string_view lang) const {
        CompetenceNames names;
        if (!names_) return names;
        for (const CompetenceGroup& c : summary.competences) {
            auto key = std::make_pair(c.framework, c.competence);
            if (names.count(key) != 0) continue;
            std::string name = names_(c.framework, c.competence, lang);
            if (!name.empty()) names.emplace(std::move(key), std::move(name));
        }
        return names;
    }

    CampaignService& campaigns_;
    CompetenceNamer names_;
};

}  // namespace

CompetenceNamer CompetenceNamesFrom(framework::FrameworkService& frameworks) {
    return [&frameworks](std::string_view framework, std::string_view competence,
                         std::string_view language) -> std::string {
        auto stored = frameworks.Get(framework);
        if (!stored) return {};
        const framework::Competence* found = stored->framework.FindCompetence(competence);
        return found != nullptr ? found->name.In(language) : std::string();
    };
}

void RegisterTerritoryPages(http::Router& router, CampaignService& campaigns,
                            account::AccountModule& accounts, web::Renderer& renderer,
                            CompetenceNamer names) {
    auto pages = std::make_shared<Pages>(campaigns, accounts, renderer, std::move(names));
    using Method = core::Result<http::Response> (Pages::*)(http::Request&, const account::Principal&);
    auto session = [&](std::string_view pattern, Method method) {
        pages->SessionPage(router, "GET", pattern,
                           [pages, method](http::Request& request, const account::Principal& principal) {
                               return ((*pages).*method)(request, principal);
                           });
    };
    session("/territoire", &Pages::List);
    session("/territoire/{code}", &Pages::Show);
    session("/territoire/{code}/graphique.svg", &Pages::Svg);
}

}  // namespace passeur::campaign
