#include "campaign/pages/campaign_pages.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "account/authorizer.hpp"
#include "account/pages/page_kit.hpp"
#include "campaign/territory_export.hpp"
#include "certificate/qr.hpp"
#include "core/calendar.hpp"
#include "core/encoding.hpp"
#include "web/dates.hpp"
#include "web/i18n.hpp"

namespace passeur::campaign {

namespace {

using nlohmann::json;

std::optional<int> ParseInt(std::string_view text) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

constexpr const char* kStaffHref = "/organisation/campagnes";
constexpr std::size_t kTrainingNeedsShown = 10;

std::string CampaignHref(std::string_view id) {
    return std::string(kStaffHref) + "/" + core::PercentEncode(id);
}

// One person's progress over the organisation's campaigns.
std::string ProgressHref(std::string_view org_id, std::string_view user_id) {
    return "/organisations/" + core::PercentEncode(org_id) + "/personnes/" + core::PercentEncode(user_id) +
           "/progression";
}

// The accessibility adaptations of the form: checkbox value, mask bit (assessment conditions).
struct NeedOption {
    const char* value;
    std::uint8_t bit;
};
constexpr std::array<NeedOption, 3> kNeeds = {{{"screen_reader", 1}, {"no_colour", 2}, {"no_timer", 4}}};

// The creation form as typed.
struct CampaignForm {
    std::string name;
    std::string target_profile_id;
    std::string type = "assessment";
    std::string audience;  // "": from the target profile
    std::string se_target = "0.40";
    std::string max_length = "0";
    std::uint8_t needs = kAllNeeds;
    std::string opens_on;
    std::string closes_on;
    bool retry_allowed = false;
    std::string retry_after_days = "0";
    std::string external_id_label;
    std::string external_id_purpose;
};

CampaignForm FormOf(const http::FieldList& fields) {
    using account::PageKit;
    CampaignForm f;
    f.name = PageKit::Field(fields, "name");
    f.target_profile_id = PageKit::Field(fields, "target_profile_id");
    f.type = PageKit::Field(fields, "type");
    f.audience = PageKit::Field(fields, "audience");
    f.se_target = account::Trim(PageKit::Field(fields, "se_target"));
    f.max_length = account::Trim(PageKit::Field(fields, "max_length"));
    f.needs = 0;
    for (const auto& [name, value] : fields) {
        if (name != "needs") continue;
        for (const NeedOption& n : kNeeds) {
            if (value == n.value) f.needs = static_cast<std::uint8_t>(f.needs | n.bit);
        }
    }
    f.opens_on = account::Trim(PageKit::Field(fields, "opens_on"));
    f.closes_on = account::Trim(PageKit::Field(fields, "closes_on"));
    f.retry_allowed = PageKit::Field(fields, "retry_allowed") == "1";
    f.retry_after_days = account::Trim(PageKit::Field(fields, "retry_after_days"));
    f.external_id_label = PageKit::Field(fields, "external_id_label");
    f.external_id_purpose = PageKit::Field(fields, "external_id_purpose");
    return f;
}

// A decimal with '.' or ',' ("0.4", "0,35"); nullopt otherwise.
std::optional<double> ParseDecimal(std::string text) {
    std::replace(text.begin(), text.end(), ',', '.');
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

// The form field of a service error's field.
std::string FormField(const std::string& field) {
    if (field == "settings.se_target" || field == "settings") return "se_target";
    if (field == "settings.max_length") return "max_length";
    if (field == "settings.allowed_needs") return "needs";
    if (field == "opens_at") return "opens_on";
    if (field == "closes_at") return "closes_on";
    if (field == "name" || field == "target_profile_id" || field == "type" || field == "audience" ||
        field == "retry_allowed" || field == "retry_after_days" || field == "external_id_label" ||
        field == "external_id_purpose") {
        return field;
    }
    return "name";
}

// "open" | "upcoming" | "closed" | "archived" at `now`.
std::string StateOf(const Campaign& c, std::int64_t now) {
    if (c.archived_at != 0) return "archived";
    if (c.opens_at != 0 && now < c.opens_at) return "upcoming";
    if (c.closes_at != 0 && now >= c.closes_at) return "closed";
    return "open";
}

int CountOf(const std::map<std::string, int>& counts, const char* status) {
    auto it = counts.find(status);
    return it == counts.end() ? 0 : it->second;
}

// Competence labels read during one request ("framework|code" -> "code name").
using Labels = std::map<std::string, std::string>;

class Pages : public account::PageKit {
public:
    Pages(CampaignService& campaigns, badge::BadgeService& badges, framework::FrameworkService& frameworks,
          account::AccountModule& accounts, web::Renderer& renderer)
        : PageKit(accounts, renderer), campaigns_(campaigns), badges_(badges), frameworks_(frameworks) {}

    // ---- /organisation/campagnes --------------------------------------------------------------
    core::Result<http::Response> Dashboard(http::Request& request, const account::Principal& principal) {
        auto memberships = Module().Accounts().Memberships(principal.user.id);
        if (!memberships) return core::Fail(memberships.error());
        std::vector<account::MembershipView> staffed;
        std::set<std::string> seen;
        for (account::MembershipView& m : *memberships) {
            if (!seen.insert(m.membership.org_id).second) continue;
            if (!Module().Authz().Authorize(principal, account::Action::kManageCampaigns,
                                            m.membership.org_id)) {
                continue;
            }
            staffed.push_back(std::move(m));
        }
        std::sort(staffed.begin(), staffed.end(),
                  [](const auto& a, const auto& b) { return a.org_name < b.org_name; });
        const std::int64_t now = badges_.NowMillis();
        const std::string lang = Lang(request);
        Labels labels;
        json orgs = json::array();
        for (const account::MembershipView& m : staffed) {
            const std::string& org_id = m.membership.org_id;
            // Two queries per organisation whatever its number of campaigns (CampaignService::Overview).
            auto overview = campaigns_.Overview(principal, org_id);
            if (!overview) return core::Fail(overview.error());
            json rows = json::array();
            for (const CampaignService::CampaignCounts& item : overview->campaigns) {
                const Campaign& c = item.campaign;
                const int started = CountOf(item.counts, "started");
                const int completed = CountOf(item.counts, "completed");
                const int shared = CountOf(item.counts, "shared");
                const int left = CountOf(item.counts, "left");
                const int active = started + completed + shared;
                const std::string state = StateOf(c, now);
                rows.push_back(
                    {{"name", c.name},
                     {"href", CampaignHref(c.id)},
                     {"code", FormatCampaignCode(c.code)},
                     {"profile", ProfileName(c.target_profile_id, lang)},
                     {"state", T(request, "campaign.state_" + state)},
                     {"state_kind", state == "open" ? "success" : (state == "upcoming" ? "info" : "")},
                     {"participants", std::to_string(active + left)},
                     {"completion",
                      active == 0
                          ? T(request, "campaign.completion_none")
                          : F(request, "campaign.completion_rate",
                              {{"rate", std::to_string((100 * (completed + shared) + active / 2) / active)},
                               {"done", std::to_string(completed + shared)},
                               {"total", std::to_string(active)}})},
                     {"shared", std::to_string(shared)}});
            }
            // Training needs: per competence, shared levels and those below target.
            std::vector<CampaignRepository::CompetenceTally> ranked = overview->needs;
            if (ranked.size() > kTrainingNeedsShown) ranked.resize(kTrainingNeedsShown);
            json need_rows = json::array();
            for (const CampaignRepository::CompetenceTally& n : ranked) {
                need_rows.push_back(
                    {{"competence", CompetenceLabel(labels, n.framework, n.competence, lang)},
                     {"gap", F(request, "campaign.need_gap",
                               {{"gap", std::to_string(n.gap)},
                                {"people", std::to_string(n.people)},
                                {"rate", std::to_string((100 * n.gap + n.people / 2) / n.people)}})}});
            }
            orgs.push_back(
                {{"name", m.org_name},
                 {"heading_id", "structure-" + org_id},
                 {"new_href", std::string(kStaffHref) + "/nouvelle?org=" + core::PercentEncode(org_id)},
                 {"new_label", F(request, "campaign.new_label", {{"org", m.org_name}})},
                 {"campaigns", rows},
                 {"has_campaigns", !rows.empty()},
                 {"needs", need_rows},
                 {"has_needs", !need_rows.empty()}});
        }
        json data = {{"orgs", orgs}, {"has_orgs", !orgs.empty()}};
        return Renderer().RenderPage(request, Context(principal, "campaign.dashboard_title", "organizations"),
                                     "campaign_dashboard", data);
    }

    // ---- /organisation/campagnes/nouvelle -----------------------------------------------------
    core::Result<http::Response> NewForm(http::Request& request, const account::Principal& principal) {
        const std::string org_id(request.Query("org").value_or(""));
        PASSEUR_TRY(Module().Authz().Authorize(principal, account::Action::kManageCampaigns, org_id));
        return FormPage(request, principal, org_id, CampaignForm{}, account::FormErrors{}, 200);
    }

    core::Result<http::Response> Create(http::Request& request, const account::Principal& principal,
                                        const http::FieldList& fields) {
        const std::string org_id = Field(fields, "org");
        PASSEUR_TRY(Module().Authz().Authorize(principal, account::Action::kManageCampaigns, org_id));
        const CampaignForm form = FormOf(fields);
        account::FormErrors errors;
        CampaignInput input = InputOf(request, form, errors);
        if (!errors.Empty()) return FormPage(request, principal, org_id, form, errors, 400);
        auto created = campaigns_.CreateCampaign(principal, org_id, input);
        if (!created) {
            if (created.error().code != core::ErrorCode::kInvalidArgument) return core::Fail(created.error());
            errors.Add(FormField(created.error().field), created.error().message);
            return FormPage(request, principal, org_id, form, errors, 400);
        }
        return Renderer().Redirect(
            request, CampaignHref(created->id),
            web::Flash::Success("campaign.flash_created",
                                {{"name", created->name}, {"code", FormatCampaignCode(created->code)}}));
    }

    // ---- /organisation/campagnes/{id} ---------------------------------------------------------
    core::Result<http::Response> Show(http::Request& request, const account::Principal& principal) {
        const std::string id(request.PathParam("id").value_or(""));
        auto results = campaigns_.Results(principal, id);
        if (!results) return core::Fail(results.error());
        const Campaign& c = results->campaign;
        const std::string lang = Lang(request);
        const std::int64_t now = badges_.NowMillis();
        Labels labels;
        const std::string printed = FormatCampaignCode(c.code);
        const std::string join_url = badges_.PublicBaseUrl() + "/campagnes/rejoindre?code=" + c.code;
        std::string qr_svg;
        if (auto qr = certificate::EncodeQr(join_url)) {
            qr_svg = certificate::QrSvg(*qr, F(request, "campaign.qr_title", {{"code", printed}}));
        }
        const std::string state = StateOf(c, now);

        // Columns: the profile's competences now.
        json columns = json::array();
        for (const ProfileCompetence& pc : results->profile.competences) {
            columns.push_back({{"label", CompetenceLabel(labels, pc.framework, pc.competence, lang)},
                               {"code", pc.competence},
                               {"target", std::to_string(pc.target_level)}});
        }

        // Badges held in the organisation (active, not expired), per user.
        std::map<std::string, std::vector<std::string>> badges_of;
        if (!results->participants.empty()) badges_of = BadgesByUser(principal, c.organization_id, now);

        json participants = json::array();
        json heat_people = json::array();
        for (std::size_t i = 0; i < results->participants.size(); ++i) {
            const ParticipantResult& p = results->participants[i];
            const std::string name = p.display_name.empty() ? p.email : p.display_name;
            json rows = json::array();
            int met = 0;
            for (const CompetenceCell& cell : p.competences) {
                if (cell.verdict == "met") ++met;
                rows.push_back({{"label", CompetenceLabel(labels, cell.framework, cell.competence, lang)},
                                {"target", std::to_string(cell.target_level)},
                                {"level", std::to_string(cell.level)},
                                {"range", RangeText(request, cell.low, cell.high)},
                                {"verdict", VerdictText(request, cell.verdict)},
                                {"kind", VerdictKind(cell.verdict)}});
            }
            json held = json::array();
            for (const std::string& b : badges_of[p.user_id]) held.push_back(b);
            auto shared = results->shared_campaigns.find(p.user_id);
            const int shared_in = shared == results->shared_campaigns.end() ? 1 : shared->second;
            participants.push_back({{"name", name},
                                    {"email", p.email},
                                    {"heading_id", "participant-" + std::to_string(i + 1)},
                                    {"external_id", p.external_id},
                                    {"has_external_id", !c.external_id_label.empty()},
                                    {"shared_on", DateText(request, p.shared_at)},
                                    {"summary", F(request, "campaign.participant_summary",
                                                  {{"met", std::to_string(met)},
                                                   {"total", std::to_string(p.competences.size())}})},
                                    {"competences", rows},
                                    {"badges", held},
                                    {"has_badges", !held.empty()},
                                    {"has_progress", shared_in >= 2},
                                    {"progress_href", ProgressHref(c.organization_id, p.user_id)},
                                    {"progress_label", F(request, "campaign.progress_link",
                                                         {{"count", std::to_string(shared_in)}})}});
            heat_people.push_back({{"name", name}, {"href", "#participant-" + std::to_string(i + 1)}});
        }

        // Heatmap and distributions over the profile's competences.
        json heat_rows = json::array();
        json distribution = json::array();
        for (const ProfileCompetence& pc : results->profile.competences) {
            const std::string label = CompetenceLabel(labels, pc.framework, pc.competence, lang);
            json cells = json::array();
            std::array<int, 8> at_level{};
            int met = 0, gap = 0, uncertain = 0, total = 0;
            for (const ParticipantResult& p : results->participants) {
                const CompetenceCell* found = nullptr;
                for (const CompetenceCell& cell : p.competences) {
                    if (cell.framework == pc.framework && cell.competence == pc.competence) found = &cell;
                }
                if (found == nullptr) {
                    cells.push_back(
                        {{"text", T(request, "campaign.cell_none")}, {"kind", ""}, {"empty", true}});
                    continue;
                }
                ++total;
                if (found->level >= 1 && found->level <= 8)
                    ++at_level[static_cast<std::size_t>(found->level - 1)];
                if (found->verdict == "met") ++met;
                if (found->verdict == "gap") ++gap;
                if (found->verdict == "uncertain") ++uncertain;
                cells.push_back({{"text", F(request, "campaign.cell_text",
                                            {{"verdict", VerdictText(request, found->verdict)},
                                             {"level", std::to_string(found->level)}})},
                                 {"kind", VerdictKind(found->verdict)},
                                 {"empty", false}});
            }
            heat_rows.push_back(
                {{"label", label}, {"target", std::to_string(pc.target_level)}, {"cells", cells}});
            json levels = json::array();
            for (int n : at_level) levels.push_back(std::to_string(n));
            distribution.push_back({{"label", label},
                                    {"target", std::to_string(pc.target_level)},
                                    {"levels", levels},
                                    {"met", std::to_string(met)},
                                    {"gap", std::to_string(gap)},
                                    {"uncertain", std::to_string(uncertain)},
                                    {"total", std::to_string(total)}});
        }

        json counts = json::array();
        for (const char* status : {"started", "completed", "shared", "left"}) {
            counts.push_back({{"label", T(request, std::string("campaign.status_") + status)},
                              {"count", std::to_string(CountOf(results->counts, status))}});
        }
        std::string needs;
        for (const NeedOption& n : kNeeds) {
            if ((c.settings.allowed_needs & n.bit) == 0) continue;
            if (!needs.empty()) needs += ", ";
            needs += T(request, std::string("campaign.need_") + n.value);
        }
        if (needs.empty()) needs = T(request, "campaign.needs_none_allowed");
        json data = {
            {"campaign",
             {{"name", c.name},
              {"code", printed},
              {"join_url", join_url},
              {"qr_svg", qr_svg},
              {"has_qr", !qr_svg.empty()},
              {"profile", results->profile.name.empty() ? c.target_profile_id : results->profile.name},
              {"type", T(request, std::string("campaign.type_") + std::string(CampaignTypeName(c.type)))},
              {"audience", AudienceLabel(c.audience, Lang(request))},
              {"state", T(request, "campaign.state_" + state)},
              {"state_kind", state == "open" ? "success" : (state == "upcoming" ? "info" : "")},
              {"opens_on",
               c.opens_at != 0 ? DateText(request, c.opens_at) : T(request, "campaign.opens_now")},
              {"closes_on",
               c.closes_at != 0 ? DateText(request, c.closes_at - 1) : T(request, "campaign.closes_never")},
              {"se_target", Decimal(request, c.settings.se_target)},
              {"max_length", c.settings.max_length == 0 ? T(request, "campaign.max_length_default")
                                                        : std::to_string(c.settings.max_length)},
              {"needs", needs},
              {"retry", c.retry_allowed ? F(request, "campaign.retry_after",
                                            {{"days", std::to_string(c.retry_after_days)}})
                                        : T(request, "campaign.retry_no")},
              {"external_id_label", c.external_id_label},
              {"external_id_purpose", c.external_id_purpose},
              {"has_external_id", !c.external_id_label.empty()},
              {"archived", c.archived_at != 0},
              {"archive_action", CampaignHref(c.id) + "/archiver"},
              {"csv_href", CampaignHref(c.id) + "/resultats.csv"}}},
            {"back_href", kStaffHref},
            {"counts", counts},
            {"columns", columns},
            {"has_columns", !columns.empty()},
            {"participants", participants},
            {"has_participants", !participants.empty()},
            {"heat_people", heat_people},
            {"heat_rows", heat_rows},
            {"distribution", distribution},
            {"level_numbers", json::array({"1", "2", "3", "4", "5", "6", "7", "8"})}};
        web::PageContext context = Context(principal, "", "organizations");
        context.title = c.name;
        return Renderer().RenderPage(request, context, "campaign_show", data);
    }

    // ---- /organisations/{org}/personnes/{user}/progression ------------------------------------
    core::Result<http::Response> Progress(http::Request& request, const account::Principal& principal) {
        const std::string org_id(request.PathParam("org").value_or(""));
        const std::string user_id(request.PathParam("user").value_or(""));
        auto progress = campaigns_.Progress(principal, org_id, user_id);
        if (!progress) return core::Fail(progress.error());
        const std::string lang = Lang(request);
        const std::string name = progress->display_name.empty() ? progress->email : progress->display_name;
        Labels labels;
        json points = json::array();
        for (const ProgressPoint& point : progress->points) {
            points.push_back({{"name", point.campaign_name},
                              {"href", CampaignHref(point.campaign_id)},
                              {"date", DateText(request, point.shared_at)},
                              {"profile", point.profile_name}});
        }
        json rows = json::array();
        for (const CompetenceProgress& competence : progress->competences) {
            json cells = json::array();
            std::size_t next = 0;  // the series is in point order
            for (std::size_t i = 0; i < progress->points.size(); ++i) {
                if (next >= competence.series.size() || competence.series[next].point != i) {
                    cells.push_back(
                        {{"empty", true}, {"text", T(request, "campaign.progress_not_measured")}});
                    continue;
                }
                const CompetenceCell& cell = competence.series[next++].cell;
                cells.push_back({{"empty", false},
                                 {"level", F(request, "campaign.progress_level",
                                             {{"level", std::to_string(cell.level)}})},
                                 {"range", F(request, "campaign.progress_range",
                                             {{"range", RangeText(request, cell.low, cell.high)}})},
                                 {"target", F(request, "campaign.progress_target",
                                              {{"target", std::to_string(cell.target_level)}})},
                                 {"verdict", VerdictText(request, cell.verdict)},
                                 {"kind", VerdictKind(cell.verdict)}});
            }
            rows.push_back(
                {{"label", CompetenceLabel(labels, competence.framework, competence.competence, lang)},
                 {"cells", cells},
                 {"change", ChangeText(request, competence.level_change)}});
        }
        const std::string& org_name = progress->organization_name;
        json data = {{"back_href", kStaffHref},
                     {"name", name},
                     {"email", progress->email},
                     {"org_name", org_name},
                     {"heading", F(request, "campaign.progress_heading", {{"name", name}})},
                     {"intro", F(request, "campaign.progress_intro",
                                 {{"count", std::to_string(progress->points.size())},
                                  {"org", org_name},
                                  {"first", DateText(request, progress->points.front().shared_at)},
                                  {"last", DateText(request, progress->points.back().shared_at)}})},
                     {"caption", F(request, "campaign.progress_caption", {{"name", name}})},
                     {"truncated", progress->truncated},
                     {"points", points},
                     {"rows", rows}};
        web::PageContext context = Context(principal, "", "organizations");
        context.title = F(request, "campaign.progress_heading", {{"name", name}});
        return Renderer().RenderPage(request, context, "campaign_progress", data);
    }

    // ---- /organisation/campagnes/{id}/resultats.csv -------------------------------------------
    core::Result<http::Response> Csv(http::Request& request, const account::Principal& principal) {
        const std::string id(request.PathParam("id").value_or(""));
        const std::string asked(request.Query("lang").value_or(""));
        const std::string language = asked == "en" || asked == "fr" ? asked : Lang(request);
        auto campaign = campaigns_.Repository().GetCampaign(id);
        // Access is checked here (before any byte is sent); the rows are then read page by page
        // while the response is written.
        auto producer = campaigns_.OpenResultsCsv(principal, id, language);
        if (!producer) return core::Fail(producer.error());
        const std::string code = campaign ? campaign->code : std::string("resultats");
        http::Response response = http::Response::Stream("text/csv; charset=utf-8", std::move(*producer));
        response.SetHeader("Content-Disposition",
                           "attachment; filename=\"campagne-" + code + "-resultats.csv\"");
        response.SetHeader("Cache-Control", "private, no-store");
        return response;
    }

    // ---- POST /organisation/campagnes/{id}/archiver -------------------------------------------
    core::Result<http::Response> Archive(http::Request& request, const account::Principal& principal,
                                         const http::FieldList&) {
        const std::string id(request.PathParam("id").value_or(""));
        auto archived = campaigns_.ArchiveCampaign(principal, id);
        if (!archived) return core::Fail(archived.error());
        return Renderer().Redirect(
            request, CampaignHref(id),
            web::Flash::Success("campaign.flash_archived", {{"name", archived->name}}));
    }

private:
    std::string Lang(const http::Request& request) const {
        return std::string(web::LocaleCode(Renderer().LocaleOf(request)));
    }

    // "3 mars 2026" / "3 March 2026": the Paris calendar day of `millis`.
    std::string DateText(const http::Request& request, std::int64_t millis) const {
        return web::ParisDayInWords(millis, Lang(request));
    }

    // "0,40" in French, "0.40" in English.
    std::string Decimal(const http::Request& request, double value) const {
        std::string text = fmt::format("{:.2f}", value);
        if (Lang(request) == "fr") std::replace(text.begin(), text.end(), '.', ',');
        return text;
    }

    std::string RangeText(const http::Request& request, int low, int high) const {
        if (low == high) return std::to_string(low);
        return F(request, "campaign.range", {{"low", std::to_string(low)}, {"high", std::to_string(high)}});
    }

    // "+2 niveaux", "stable", "−1 niveau" (minus sign); "une seule mesure" when measured once.
    std::string ChangeText(const http::Request& request, const std::optional<int>& change) const {
        if (!change) return T(request, "campaign.progress_change_once");
        if (*change == 0) return T(request, "campaign.progress_change_stable");
        const int n = *change > 0 ? *change : -*change;
        const std::string key = std::string("campaign.progress_change_") + (*change > 0 ? "up" : "down") +
                                (n == 1 ? "_one" : "_many");
        return F(request, key, {{"n", std::to_string(n)}});
    }

    std::string VerdictText(const http::Request& request, const std::string& verdict) const {
        if (verdict == "met" || verdict == "gap" || verdict == "uncertain") {
            return T(request, "campaign.verdict_" + verdict);
        }
        return verdict;
    }

    // The DSFR badge colour going with the words (never alone).
    static std::string VerdictKind(const std::string& verdict) {
        if (verdict == "met") return "success";
        if (verdict == "gap") return "warning";
        return "info";
    }

    // "1.1 Mener une recherche…" from the framework (the code alone when it cannot be read).
    // `labels`: the labels this request has read (each framework is read once per request).
    std::string CompetenceLabel(Labels& labels, const std::string& framework_id, const std::string& code,
                                const std::string& lang) {
        const std::string key = framework_id + "|" + code;
        if (auto it = labels.find(key); it != labels.end()) return it->second;
        const std::string loaded = framework_id + "|";  // marks a framework already read
        if (labels.emplace(loaded, "").second) {
            if (auto fw = frameworks_.Get(framework_id)) {
                for (const framework::Area& area : fw->framework.areas) {
                    for (const framework::Competence& c : area.competences) {
                        labels[framework_id + "|" + c.code] = c.code + " " + c.name.In(lang);
                    }
                }
            }
        }
        if (auto it = labels.find(key); it != labels.end()) return it->second;
        return code;
    }

    std::string ProfileName(const std::string& id, const std::string& lang) {
        auto profile = frameworks_.GetProfile(id);
        return profile ? profile->profile.name.In(lang) : id;
    }

    // Names of the badges each person holds from the organisation (active and not expired), read
    // through the badge service's staff reads; nothing when they are not allowed or fail.
    std::map<std::string, std::vector<std::string>> BadgesByUser(const account::Principal& principal,
                                                                 const std::string& org_id,
                                                                 std::int64_t now) {
        std::map<std::string, std::vector<std::string>> out;
        auto list = badges_.ListBadges(principal, org_id);
        if (!list) return out;
        for (const badge::Badge& b : *list) {
            auto awards = badges_.ListBadgeAwards(principal, b.id);
            if (!awards) continue;
            for (const badge::AwardView& v : *awards) {
                if (v.award.state != badge::AwardState::kActive || v.award.Expired(now)) continue;
                out[v.award.user_id].push_back(b.name);
            }
        }
        return out;
    }

    // The form as CampaignInput; the page's own checks (numbers, dates, choices) in `errors`.
    CampaignInput InputOf(const http::Request& request, const CampaignForm& form,
                          account::FormErrors& errors) const {
        CampaignInput in;
        in.name = form.name;
        in.target_profile_id = form.target_profile_id;
        if (in.target_profile_id.empty())
            errors.Add("target_profile_id", T(request, "campaign.error_profile"));
        if (auto type = ParseCampaignType(form.type)) {
            in.type = *type;
        } else {
            errors.Add("type", T(request, "campaign.error_type"));
        }
        in.audience = form.audience;  // checked by the service (field "audience")
        if (auto se = ParseDecimal(form.se_target.empty() ? "0.40" : form.se_target)) {
            in.settings.se_target = *se;
        } else {
            errors.Add("se_target", T(request, "campaign.error_se_target"));
        }
        if (auto length = ParseInt(form.max_length.empty() ? "0" : form.max_length)) {
            in.settings.max_length = *length;
        } else {
            errors.Add("max_length", T(request, "campaign.error_max_length"));
        }
        in.settings.allowed_needs = form.needs;
        if (!form.opens_on.empty()) {
            if (auto at = core::ParisMidnightMillis(form.opens_on)) {
                in.opens_at = *at;
            } else {
                errors.Add("opens_on", T(request, "campaign.error_date"));
            }
        }
        if (!form.closes_on.empty()) {
            // The closing day is the last day one may join: closed from the next midnight.
            auto at = core::ParisMidnightMillis(form.closes_on);
            auto next =
                at ? core::ParisMidnightMillis(core::ParisIsoDate(*at + kDayMillis + 2 * core::kHourMillis))
                   : std::nullopt;
            if (next) {
                in.closes_at = *next;
            } else {
                errors.Add("closes_on", T(request, "campaign.error_date"));
            }
        }
        in.retry_allowed = form.retry_allowed;
        if (auto days = ParseInt(form.retry_after_days.empty() ? "0" : form.retry_after_days)) {
            in.retry_after_days = form.retry_allowed ? *days : 0;
        } else if (form.retry_allowed) {
            errors.Add("retry_after_days", T(request, "campaign.error_retry_days"));
        }
        in.external_id_label = form.external_id_label;
        in.external_id_purpose = form.external_id_purpose;
        return in;
    }

    core::Result<http::Response> FormPage(http::Request& request, const account::Principal& principal,
                                          const std::string& org_id, const CampaignForm& form,
                                          const account::FormErrors& errors, unsigned status) {
        const std::string lang = Lang(request);
        auto profiles = frameworks_.ListProfiles();
        if (!profiles) return core::Fail(profiles.error());
        json profile_options = json::array();
        for (const framework::StoredProfile& p : *profiles) {
            profile_options.push_back(
                {{"value", p.profile.id},
                 {"label", F(request, "campaign.profile_option",
                             {{"name", p.profile.name.In(lang)},
                              {"count", std::to_string(p.profile.requirements.size())}})},
                 {"selected", form.target_profile_id == p.profile.id}});
        }
        json types = json::array();
        for (const char* type : {"assessment", "profile_collection"}) {
            types.push_back({{"value", type},
                             {"id", std::string("type-") + type},
                             {"label", T(request, std::string("campaign.type_") + type)},
                             {"hint", T(request, std::string("campaign.type_") + type + "_hint")},
                             {"checked", form.type == type}});
        }
        json audiences = json::array();
        for (std::string_view audience : kAudiences) {
            audiences.push_back({{"value", audience},
                                 {"label", AudienceLabel(audience, lang)},
                                 {"selected", form.audience == audience}});
        }
        json needs = json::array();
        for (const NeedOption& n : kNeeds) {
            needs.push_back({{"value", n.value},
                             {"id", std::string("need-") + n.value},
                             {"label", T(request, std::string("campaign.need_") + n.value)},
                             {"checked", (form.needs & n.bit) != 0}});
        }
        auto org = Module().Organizations().Get(principal, org_id);
        json data = {{"action", std::string(kStaffHref) + "/nouvelle"},
                     {"org_id", org_id},
                     {"org_name", org ? org->name : std::string()},
                     {"cancel_href", kStaffHref},
                     {"values",
                      {{"name", form.name},
                       {"se_target", form.se_target},
                       {"max_length", form.max_length},
                       {"opens_on", form.opens_on},
                       {"closes_on", form.closes_on},
                       {"retry_after_days", form.retry_after_days},
                       {"external_id_label", form.external_id_label},
                       {"external_id_purpose", form.external_id_purpose}}},
                     {"retry_allowed", form.retry_allowed},
                     {"profiles", profile_options},
                     {"types", types},
                     {"audiences", audiences},
                     {"needs", needs},
                     {"limits",
                      {{"name", kNameMaxChars},
                       {"label", kExternalIdLabelMaxChars},
                       {"purpose", kExternalIdPurposeMaxChars},
                       {"max_length_max", kMaxLengthMax},
                       {"retry_max", kRetryAfterDaysMax}}}};
        errors.Into(data);
        web::PageContext context = Context(principal, "campaign.new_title", "organizations");
        if (!errors.Empty()) {
            context.title =
                T(request, "campaign.error_title_prefix") + " " + T(request, "campaign.new_title");
        }
        return Renderer().RenderPage(request, context, "campaign_form", data, status);
    }

    CampaignService& campaigns_;
    badge::BadgeService& badges_;
    framework::FrameworkService& frameworks_;
};

}  // namespace

void RegisterCampaignStaffPages(http::Router& router, CampaignService& campaigns, badge::BadgeService& badges,
                                framework::FrameworkService& frameworks, account::AccountModule& accounts,
                                web::Renderer& renderer) {
    auto pages = std::make_shared<Pages>(campaigns, badges, frameworks, accounts, renderer);
    using SessionMethod = core::Result<http::Response> (Pages::*)(http::Request&, const account::Principal&);
    using FormMethod = core::Result<http::Response> (Pages::*)(http::Request&, const account::Principal&,
                                                               const http::FieldList&);
    auto get = [&](std::string_view pattern, SessionMethod method) {
        pages->SessionPage(router, "GET", pattern,
                           [pages, method](http::Request& request, const account::Principal& p) {
                               return ((*pages).*method)(request, p);
                           });
    };
    auto post = [&](std::string_view pattern, FormMethod method) {
        pages->FormPost(
            router, pattern,
            [pages, method](http::Request& request, const account::Principal& p,
                            const http::FieldList& form) { return ((*pages).*method)(request, p, form); },
            account::PageKit::kDefaultFieldMaxBytes);
    };
    get("/organisation/campagnes", &Pages::Dashboard);
    get("/organisation/campagnes/nouvelle", &Pages::NewForm);
    post("/organisation/campagnes/nouvelle", &Pages::Create);
    get("/organisation/campagnes/{id}", &Pages::Show);
    get("/organisation/campagnes/{id}/resultats.csv", &Pages::Csv);
    get("/organisations/{org}/personnes/{user}/progression", &Pages::Progress);
    post("/organisation/campagnes/{id}/archiver", &Pages::Archive);
}

}  // namespace passeur::campaign
