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
#include "certificate/qr.hpp"
#include "core/encoding.hpp"
#include "web/i18n.hpp"

namespace passeur::campaign {

// ---- Europe/Paris calendar --------------------------------------------------------------------

namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr std::int64_t kHourMillis = 3'600'000;

// 01:00 UTC on the last Sunday of `month` of `year`, in Unix ms.
std::int64_t LastSundayOneUtc(int year, unsigned month) {
    const sys_days last = sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::last};
    const std::chrono::weekday wd{last};
    const sys_days sunday = last - (wd - std::chrono::Sunday);
    return static_cast<std::int64_t>(sunday.time_since_epoch().count()) * kDayMillis + kHourMillis;
}

// The day holding the Unix time `millis` (floor division).
sys_days DayOf(std::int64_t millis) {
    const std::int64_t n = millis >= 0 ? millis / kDayMillis : (millis - kDayMillis + 1) / kDayMillis;
    return sys_days{days{static_cast<days::rep>(n)}};
}

int UtcYear(std::int64_t unix_millis) {
    const sys_days day = DayOf(unix_millis);
    return static_cast<int>(std::chrono::year_month_day{day}.year());
}

// The offset of Paris time from UTC at the instant `unix_millis`.
std::int64_t ParisOffsetMillis(std::int64_t unix_millis) {
    const int year = UtcYear(unix_millis);
    const bool summer = unix_millis >= LastSundayOneUtc(year, 3) && unix_millis < LastSundayOneUtc(year, 10);
    return summer ? 2 * kHourMillis : kHourMillis;
}

std::optional<int> ParseInt(std::string_view text) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

std::optional<std::int64_t> ParisMidnightMillis(std::string_view iso_date) {
    if (iso_date.size() != 10 || iso_date[4] != '-' || iso_date[7] != '-') return std::nullopt;
    for (std::size_t i = 0; i < iso_date.size(); ++i) {
        if (i == 4 || i == 7) continue;
        if (iso_date[i] < '0' || iso_date[i] > '9') return std::nullopt;
    }
    const auto y = ParseInt(iso_date.substr(0, 4));
    const auto m = ParseInt(iso_date.substr(5, 2));
    const auto d = ParseInt(iso_date.substr(8, 2));
    if (!y || !m || !d || *y < 1970) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{*y},
                                          std::chrono::month{static_cast<unsigned>(*m)},
                                          std::chrono::day{static_cast<unsigned>(*d)}};
    if (!ymd.ok()) return std::nullopt;
    const std::int64_t local =
        static_cast<std::int64_t>(sys_days{ymd}.time_since_epoch().count()) * kDayMillis;
    // Midnight is never inside a change (they happen at 02:00 and 03:00 Paris time): the offset one
    // hour before local midnight read as UTC is the offset at that midnight.
    const std::int64_t utc = local - ParisOffsetMillis(local - kHourMillis);
    if (utc < 0) return std::nullopt;
    return utc;
}

std::string ParisIsoDate(std::int64_t unix_millis) {
    const std::int64_t local = unix_millis + ParisOffsetMillis(unix_millis);
    const std::chrono::year_month_day ymd{DayOf(local)};
    return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

namespace {

using nlohmann::json;

constexpr const char* kStaffHref = "/organisation/campagnes";
constexpr std::size_t kTrainingNeedsShown = 10;

std::string CampaignHref(std::string_view id) {
    return std::string(kStaffHref) + "/" + core::PercentEncode(id);
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
    if (field == "name" || field == "target_profile_id" || field == "type" || field == "retry_allowed" ||
        field == "retry_after_days" || field == "external_id_label" || field == "external_id_purpose") {
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
            auto list = campaigns_.ListCampaigns(principal, org_id);
            if (!list) return core::Fail(list.error());
            json rows = json::array();
            // Training needs: per competence, people with a shared level and those below target.
            struct Need {
                std::string framework;
                std::string competence;
                int people = 0;
                int gap = 0;
            };
            std::map<std::pair<std::string, std::string>, Need> needs;
            for (const Campaign& c : *list) {
                auto results = campaigns_.Results(principal, c.id);
                if (!results) return core::Fail(results.error());
                const int started = CountOf(results->counts, "started");
                const int completed = CountOf(results->counts, "completed");
                const int shared = CountOf(results->counts, "shared");
                const int left = CountOf(results->counts, "left");
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
                for (const ParticipantResult& p : results->participants) {
                    for (const CompetenceCell& cell : p.competences) {
                        Need& n = needs[{cell.framework, cell.competence}];
                        n.framework = cell.framework;
                        n.competence = cell.competence;
                        ++n.people;
                        if (cell.verdict == "gap") ++n.gap;
                    }
                }
            }
            std::vector<Need> ranked;
            for (auto& [key, n] : needs) {
                if (n.gap > 0) ranked.push_back(n);
            }
            // Most frequent gap share first (cross-multiplied to stay in integers), then most gaps.
            std::sort(ranked.begin(), ranked.end(), [](const Need& a, const Need& b) {
                const long long lhs = static_cast<long long>(a.gap) * b.people;
                const long long rhs = static_cast<long long>(b.gap) * a.people;
                if (lhs != rhs) return lhs > rhs;
                if (a.gap != b.gap) return a.gap > b.gap;
                return std::tie(a.framework, a.competence) < std::tie(b.framework, b.competence);
            });
            if (ranked.size() > kTrainingNeedsShown) ranked.resize(kTrainingNeedsShown);
            json need_rows = json::array();
            for (const Need& n : ranked) {
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
                                    {"has_badges", !held.empty()}});
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
        static constexpr std::array<std::string_view, 12> kFr = {
            "janvier", "février", "mars",      "avril",   "mai",      "juin",
            "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
        static constexpr std::array<std::string_view, 12> kEn = {
            "January", "February", "March",     "April",   "May",      "June",
            "July",    "August",   "September", "October", "November", "December"};
        const std::string iso = ParisIsoDate(millis);
        const int month = (iso[5] - '0') * 10 + (iso[6] - '0');
        const std::string day = iso[8] == '0' ? iso.substr(9, 1) : iso.substr(8, 2);
        const bool en = Renderer().LocaleOf(request) == web::Locale::kEn;
        const auto& names = en ? kEn : kFr;
        return day + (!en && day == "1" ? "er" : "") + " " +
               std::string(names[static_cast<std::size_t>(month - 1)]) + " " + iso.substr(0, 4);
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
            if (auto at = ParisMidnightMillis(form.opens_on)) {
                in.opens_at = *at;
            } else {
                errors.Add("opens_on", T(request, "campaign.error_date"));
            }
        }
        if (!form.closes_on.empty()) {
            // The closing day is the last day one may join: closed from the next midnight.
            auto at = ParisMidnightMillis(form.closes_on);
            auto next =
                at ? ParisMidnightMillis(ParisIsoDate(*at + kDayMillis + 2 * kHourMillis)) : std::nullopt;
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
    post("/organisation/campagnes/{id}/archiver", &Pages::Archive);
}

}  // namespace passeur::campaign
