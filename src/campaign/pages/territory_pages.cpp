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

        json jobs = json::array();
        for (const JobGroup& j : summary->jobs) {
            jobs.push_back({{"name", AudienceLabel(j.audience, lang)},
                            {"people", j.people},
                            {"met", j.met_all},
                            {"share", FormatPercent(SharePercent(j.met_all, j.people), lang)}});
        }
        json badges = json::array();
        for (const BadgeGroup& b : summary->badges) {
            badges.push_back(
                {{"name", b.badge_name}, {"organization", b.organization_name}, {"people", b.people}});
        }
        const std::string hidden = F(request, "territory.hidden_cell", {{"min", min_text}});
        const auto count = [&](const std::optional<int>& n) { return n ? std::to_string(*n) : hidden; };
        json periods = json::array();
        for (const PeriodGroup& p : summary->periods) {
            periods.push_back({{"name", QuarterLabel(p.quarter, lang)},
                               {"assessed", count(p.people_assessed)},
                               {"awarded", count(p.people_awarded)}});
        }
        json profile_periods = json::array();
        std::set<std::string> period_profiles;
        for (const ProfilePeriodGroup& p : summary->profile_periods) {
            period_profiles.insert(p.profile_id);
            profile_periods.push_back({{"name", QuarterLabel(p.quarter, lang)},
                                       {"profile", p.profile_name.empty() ? p.profile_id : p.profile_name},
                                       {"people", p.people},
                                       {"met", p.met_all},
                                       {"share", FormatPercent(SharePercent(p.met_all, p.people), lang)}});
        }

        json data = {
            {"jobs", jobs},
            {"has_jobs", !jobs.empty()},
            {"jobs_none", F(request, "territory.jobs_none", {{"min", min_text}})},
            {"badges", badges},
            {"has_badges", !badges.empty()},
            {"badges_text",
             summary->badge_holders
                 ? F(request, "territory.badge_holders", {{"count", std::to_string(*summary->badge_holders)}})
                 : F(request, "territory.badge_holders_hidden", {{"min", min_text}})},
            {"badges_none", F(request, "territory.badges_none", {{"min", min_text}})},
            {"periods", periods},
            {"has_periods", !periods.empty()},
            {"periods_none", F(request, "territory.periods_none", {{"min", min_text}})},
            {"profile_periods", profile_periods},
            {"has_profile_periods", !profile_periods.empty()},
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
            data["profiles_svg"] = InlineChart(request, "profils", "territory.profiles",
                                               ProfilesSection(*summary, lang), BarTone::kMet);
        }
        if (!gaps.empty()) {
            data["gaps_svg"] = InlineChart(request, "lacunes", "territory.gaps",
                                           GapsSection(*summary, lang, names), BarTone::kGap);
        }
        if (!jobs.empty()) {
            data["jobs_svg"] =
                InlineChart(request, "publics", "territory.jobs", JobsSection(*summary, lang), BarTone::kMet);
        }
        if (!profile_periods.empty()) {
            data["periods_svg"] = InlineChart(request, "trimestres", "territory.periods",
                                              PeriodsSection(*summary, lang), BarTone::kMet);
        }
        web::PageContext context = Context(principal, "", "");
        context.title = F(request, "territory.show_title", {{"code", summary->department}});
        return Renderer().RenderPage(request, context, "territory_show", data);
    }

    // A chart inside the page: ids "graphique-<id>", named by the page's caption "legende-<id>";
    // title and description from the keys "<keys>_heading" and "<keys>_chart_desc". The section's
    // own heading is dropped (the page's heading names the chart).
    std::string InlineChart(const http::Request& request, const std::string& id, const std::string& keys,
                            ChartSection section, BarTone tone) const {
        BarChartInput chart;
        chart.language = Lang(request);
        chart.id_prefix = "graphique-" + id;
        chart.labelled_by = "legende-" + id;
        chart.title = T(request, keys + "_heading");
        chart.description = T(request, keys + "_chart_desc");
        section.heading.clear();
        chart.sections.push_back({std::move(section), tone});
        return RenderBarChartSvg(chart);
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
