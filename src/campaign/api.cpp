#include "campaign/api.hpp"

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "campaign/assessment_bridge.hpp"
#include "core/clock.hpp"
#include "credential/verifier.hpp"
#include "http/json_body.hpp"

namespace passeur::campaign {
namespace {

using http::JsonBoolean;
using http::JsonInteger;
using http::JsonText;
using http::OnlyMembers;
using http::Request;
using http::Response;
using nlohmann::json;

core::Error Bad(const std::string& message, const std::string& field) {
    return core::Error::InvalidArgument(message, field);
}

// RFC 3339 with a zone, or null (0: unset).
core::Result<std::int64_t> Instant(const json& value, const std::string& field) {
    if (value.is_null()) return std::int64_t{0};
    if (!value.is_string() || value.get_ref<const std::string&>().size() > 40)
        return core::Fail(
            Bad("Le membre " + field + " doit être une date RFC 3339 (2027-01-31T00:00:00Z).", field));
    auto millis = credential::ParseDateTimeMillis(value.get_ref<const std::string&>());
    if (!millis || *millis < 0)
        return core::Fail(
            Bad("Le membre " + field + " doit être une date RFC 3339 (2027-01-31T00:00:00Z).", field));
    return *millis;
}

json Time(std::int64_t millis) { return millis > 0 ? json(core::FormatRfc3339(millis)) : json(nullptr); }

core::Result<std::uint8_t> Needs(const json& value, const std::string& field) {
    if (!value.is_array() || value.size() > 3) {
        return core::Fail(
            Bad(field + " : une liste d'au plus 3 besoins (screen_reader, no_colour, no_timer).", field));
    }
    std::vector<std::string> names;
    for (const json& n : value) {
        if (!n.is_string()) return core::Fail(Bad(field + " : chaque besoin est un texte.", field));
        names.push_back(n.get<std::string>());
    }
    auto parsed = assessment::ParseNeeds(names);
    if (!parsed) return core::Fail(Bad(parsed.error().message, field));
    return *parsed;
}

core::Result<CampaignSettings> Settings(const json& value) {
    if (!value.is_object()) return core::Fail(Bad("Le membre settings doit être un objet.", "settings"));
    PASSEUR_TRY(OnlyMembers(value, {"se_target", "max_length", "allowed_needs"}, "settings."));
    CampaignSettings settings;
    if (auto it = value.find("se_target"); it != value.end()) {
        if (!it->is_number())
            return core::Fail(Bad("Le membre settings.se_target doit être un nombre.", "settings.se_target"));
        settings.se_target = it->get<double>();
    }
    if (auto it = value.find("max_length"); it != value.end()) {
        auto v = JsonInteger(*it, "settings.max_length", 0, kMaxLengthMax);
        if (!v) return core::Fail(v.error());
        settings.max_length = *v;
    }
    if (auto it = value.find("allowed_needs"); it != value.end()) {
        auto v = Needs(*it, "settings.allowed_needs");
        if (!v) return core::Fail(v.error());
        settings.allowed_needs = *v;
    }
    return settings;
}

std::string Param(const Request& r, std::string_view name) {
    auto value = r.PathParam(name);
    return value ? std::string(*value) : std::string();
}

std::string QueryValue(const Request& r, std::string_view name) {
    auto value = r.Query(name);
    return value ? std::string(*value) : std::string();
}

class Api {
public:
    Api(CampaignService& campaigns, assessment::AssessmentService& assessments,
        account::AccountModule& accounts)
        : campaigns_(campaigns), assessments_(assessments), accounts_(accounts) {}

    core::Result<Response> CreateCampaign(Request& r) {
        auto p = Caller(r, true);
        if (!p) return core::Fail(p.error());
        // Refused callers learn nothing from the body's validation.
        PASSEUR_TRY(accounts_.Authz().Authorize(*p, account::Action::kManageCampaigns, Param(r, "org")));
        auto body = Body(r);
        if (!body) return core::Fail(body.error());
        auto input = CampaignInputFromJson(*body);
        if (!input) return core::Fail(input.error());
        auto campaign = campaigns_.CreateCampaign(*p, Param(r, "org"), *input);
        if (!campaign) return core::Fail(campaign.error());
        auto response = Response::Json(CampaignToJson(*campaign, Base()), 201);
        response.SetHeader("Location", "/api/v1/campaigns/" + campaign->id);
        return response;
    }

    core::Result<Response> ListCampaigns(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        auto list = campaigns_.ListCampaigns(*p, Param(r, "org"));
        if (!list) return core::Fail(list.error());
        json items = json::array();
        for (const Campaign& c : *list) items.push_back(CampaignToJson(c, Base()));
        return Response::Json(json{{"campaigns", std::move(items)}});
    }

    core::Result<Response> GetCampaign(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        auto campaign = campaigns_.GetCampaign(*p, Param(r, "campaign"));
        if (!campaign) return core::Fail(campaign.error());
        return Response::Json(CampaignToJson(*campaign, Base()));
    }

    core::Result<Response> Archive(Request& r) {
        auto p = Caller(r, true);
        if (!p) return core::Fail(p.error());
        auto campaign = campaigns_.ArchiveCampaign(*p, Param(r, "campaign"));
        if (!campaign) return core::Fail(campaign.error());
        return Response::Json(CampaignToJson(*campaign, Base()));
    }

    // What the consent screen shows; any authenticated caller (the code is the secret).
    core::Result<Response> Preview(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        auto preview = campaigns_.Preview(QueryValue(r, "code"));
        if (!preview) return core::Fail(preview.error());
        const Campaign& c = preview->campaign;
        json external = nullptr;
        if (!c.external_id_label.empty())
            external = {{"label", c.external_id_label}, {"purpose", c.external_id_purpose}};
        return Response::Json(
            json{{"code", FormatCampaignCode(c.code)},
                 {"name", c.name},
                 {"type", std::string(CampaignTypeName(c.type))},
                 {"organization", {{"id", c.organization_id}, {"name", preview->organization_name}}},
                 {"target_profile", {{"id", c.target_profile_id}, {"name", preview->profile_name}}},
                 {"opens_at", Time(c.opens_at)},
                 {"closes_at", Time(c.closes_at)},
                 {"retry_allowed", c.retry_allowed},
                 {"retry_after_days", c.retry_after_days},
                 {"external_id", std::move(external)},
                 {"allowed_needs", assessment::NeedNames(c.settings.allowed_needs)},
                 {"shared_with_organization",
                  json::array({"display_name", "email", "external_id", "levels_per_competence"})},
                 {"joinable", preview->joinable},
                 {"reason", preview->joinable ? json(nullptr) : json(preview->not_joinable_reason)}});
    }

    core::Result<Response> Join(Request& r) {
        auto p = Caller(r, true);
        if (!p) return core::Fail(p.error());
        auto body = Body(r);
        if (!body) return core::Fail(body.error());
        PASSEUR_TRY(OnlyMembers(*body, {"code", "consent", "external_id"}, ""));
        auto code_it = body->find("code");
        if (code_it == body->end()) return core::Fail(Bad("Le membre code est requis.", "code"));
        auto code = JsonText(*code_it, "code");
        if (!code) return core::Fail(code.error());
        bool consent = false;
        if (auto it = body->find("consent"); it != body->end()) {
            auto v = JsonBoolean(*it, "consent");
            if (!v) return core::Fail(v.error());
            consent = *v;
        }
        std::string external_id;
        if (auto it = body->find("external_id"); it != body->end() && !it->is_null()) {
            auto v = JsonText(*it, "external_id");
            if (!v) return core::Fail(v.error());
            external_id = std::move(*v);
        }
        auto joined = campaigns_.Join(*p, *code, external_id, consent);
        if (!joined) return core::Fail(joined.error());
        json out = ParticipationToJson(joined->participation);
        out["participation_id"] = joined->participation.id;
        out["created"] = joined->created;
        auto response = Response::Json(out, joined->created ? 201 : 200);
        response.SetHeader("Location", "/api/v1/participations/" + joined->participation.id);
        return response;
    }

    core::Result<Response> GetParticipation(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        auto participation = campaigns_.GetParticipation(*p, Param(r, "participation"));
        if (!participation) return core::Fail(participation.error());
        return Response::Json(ParticipationToJson(*participation));
    }

    core::Result<Response> StartTest(Request& r) {
        auto p = Caller(r, true);
        if (!p) return core::Fail(p.error());
        std::uint8_t needs = 0;
        if (!r.body.empty()) {
            auto body = Body(r);
            if (!body) return core::Fail(body.error());
            PASSEUR_TRY(OnlyMembers(*body, {"needs"}, ""));
            if (auto it = body->find("needs"); it != body->end() && !it->is_null()) {
                auto v = Needs(*it, "needs");
                if (!v) return core::Fail(v.error());
                needs = *v;
            }
        }
        auto participation =
            StartCampaignTest(campaigns_, assessments_, *p, Param(r, "participation"), needs);
        if (!participation) return core::Fail(participation.error());
        json out = ParticipationToJson(*participation);
        out["participation_id"] = participation->id;
        auto response = Response::Json(out, 201);
        response.SetHeader("Location", "/api/v1/assessments/" + participation->assessment_id);
        return response;
    }

    core::Result<Response> Share(Request& r) {
        auto p = Caller(r, true);
        if (!p) return core::Fail(p.error());
        auto participation = campaigns_.Share(*p, Param(r, "participation"));
        if (!participation) return core::Fail(participation.error());
        return Response::Json(ParticipationToJson(*participation));
    }

    core::Result<Response> Leave(Request& r) {
        auto p = Caller(r, true);
        if (!p) return core::Fail(p.error());
        PASSEUR_TRY(campaigns_.Leave(*p, Param(r, "participation")));
        return Response::NoContent();
    }

    core::Result<Response> Results(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        auto results = campaigns_.Results(*p, Param(r, "campaign"));
        if (!results) return core::Fail(results.error());
        return Response::Json(ResultsToJson(*results, Base()));
    }

    core::Result<Response> Progress(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        auto progress = campaigns_.Progress(*p, Param(r, "org"), Param(r, "user_id"));
        if (!progress) return core::Fail(progress.error());
        return Response::Json(ProgressToJson(*progress));
    }

    core::Result<Response> ResultsCsv(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        std::string language = QueryValue(r, "lang");
        if (language.empty()) language = "fr";
        if (language != "fr" && language != "en") return core::Fail(Bad("lang : fr ou en.", "lang"));
        const std::string id = Param(r, "campaign");
        auto producer = campaigns_.OpenResultsCsv(*p, id, language);
        if (!producer) return core::Fail(producer.error());
        auto response = Response::Stream("text/csv; charset=utf-8", std::move(*producer));
        response.SetHeader("Content-Disposition", "attachment; filename=\"campagne-" + id + ".csv\"");
        response.SetHeader("Cache-Control", "private, no-store");
        return response;
    }

    core::Result<Response> Territory(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        auto summary = campaigns_.Territory(*p, Param(r, "code"));
        if (!summary) return core::Fail(summary.error());
        return Response::Json(TerritoryToJson(*summary));
    }

private:
    core::Result<account::Principal> Caller(const Request& r, bool write) {
        auto p = accounts_.Auth().Authenticate(r);
        if (!p) return core::Fail(p.error());
        if (write) PASSEUR_TRY(accounts_.Auth().CheckCsrf(r, *p));
        return p;
    }
    static core::Result<json> Body(const Request& r) {
        return http::JsonObjectBody(r, kMaxCampaignBodyBytes);
    }
    std::string Base() const { return accounts_.Config().public_base_url; }

    CampaignService& campaigns_;
    assessment::AssessmentService& assessments_;
    account::AccountModule& accounts_;
};

json CompetenceCellToJson(const CompetenceCell& c) {
    return json{{"framework", c.framework}, {"competence", c.competence}, {"level", c.level},
                {"level_low", c.low},       {"level_high", c.high},       {"target_level", c.target_level},
                {"verdict", c.verdict}};
}

}  // namespace

core::Result<CampaignInput> CampaignInputFromJson(const json& body) {
    PASSEUR_TRY(OnlyMembers(body,
                            {"name", "target_profile_id", "type", "audience", "settings", "opens_at",
                             "closes_at", "retry_allowed", "retry_after_days", "external_id"},
                            ""));
    CampaignInput in;
    for (const char* name : {"name", "target_profile_id"}) {
        auto it = body.find(name);
        if (it == body.end()) return core::Fail(Bad("Le membre " + std::string(name) + " est requis.", name));
        auto text = JsonText(*it, name);
        if (!text) return core::Fail(text.error());
        (std::string_view(name) == "name" ? in.name : in.target_profile_id) = std::move(*text);
    }
    if (auto it = body.find("type"); it != body.end()) {
        auto text = JsonText(*it, "type");
        if (!text) return core::Fail(text.error());
        auto type = ParseCampaignType(*text);
        if (!type) return core::Fail(Bad("type : assessment ou profile_collection attendu.", "type"));
        in.type = *type;
    }
    if (auto it = body.find("audience"); it != body.end() && !it->is_null()) {
        auto text = JsonText(*it, "audience");
        if (!text) return core::Fail(text.error());
        in.audience = std::move(*text);  // checked by NormalizeCampaignInput
    }
    if (auto it = body.find("settings"); it != body.end()) {
        auto settings = Settings(*it);
        if (!settings) return core::Fail(settings.error());
        in.settings = *settings;
    }
    for (const char* name : {"opens_at", "closes_at"}) {
        auto it = body.find(name);
        if (it == body.end()) continue;
        auto at = Instant(*it, name);
        if (!at) return core::Fail(at.error());
        (std::string_view(name) == "opens_at" ? in.opens_at : in.closes_at) = *at;
    }
    if (auto it = body.find("retry_allowed"); it != body.end()) {
        auto v = JsonBoolean(*it, "retry_allowed");
        if (!v) return core::Fail(v.error());
        in.retry_allowed = *v;
    }
    if (auto it = body.find("retry_after_days"); it != body.end()) {
        auto v = JsonInteger(*it, "retry_after_days", 0, kRetryAfterDaysMax);
        if (!v) return core::Fail(v.error());
        in.retry_after_days = *v;
    }
    if (auto it = body.find("external_id"); it != body.end() && !it->is_null()) {
        if (!it->is_object())
            return core::Fail(
                Bad("Le membre external_id doit être un objet {label, purpose} ou null.", "external_id"));
        PASSEUR_TRY(OnlyMembers(*it, {"label", "purpose"}, "external_id."));
        for (const char* name : {"label", "purpose"}) {
            const std::string field = std::string("external_id.") + name;
            auto member = it->find(name);
            if (member == it->end()) return core::Fail(Bad("Le membre " + field + " est requis.", field));
            auto text = JsonText(*member, field);
            if (!text) return core::Fail(text.error());
            (std::string_view(name) == "label" ? in.external_id_label : in.external_id_purpose) =
                std::move(*text);
        }
        if (in.external_id_label.empty())
            return core::Fail(Bad("Le membre external_id.label ne peut pas être vide.", "external_id.label"));
    }
    return in;
}

std::string JoinUrl(const std::string& public_base_url, const std::string& code) {
    std::string base = public_base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/campagnes/rejoindre?code=" + code;
}

json CampaignToJson(const Campaign& c, const std::string& public_base_url) {
    json external = nullptr;
    if (!c.external_id_label.empty())
        external = {{"label", c.external_id_label}, {"purpose", c.external_id_purpose}};
    return json{{"id", c.id},
                {"organization_id", c.organization_id},
                {"name", c.name},
                {"target_profile_id", c.target_profile_id},
                {"type", std::string(CampaignTypeName(c.type))},
                {"audience", c.audience.empty() ? json(nullptr) : json(c.audience)},
                {"settings",
                 {{"se_target", c.settings.se_target},
                  {"max_length", c.settings.max_length},
                  {"allowed_needs", assessment::NeedNames(c.settings.allowed_needs)}}},
                {"opens_at", Time(c.opens_at)},
                {"closes_at", Time(c.closes_at)},
                {"retry_allowed", c.retry_allowed},
                {"retry_after_days", c.retry_after_days},
                {"external_id", std::move(external)},
                {"code", FormatCampaignCode(c.code)},
                {"url", JoinUrl(public_base_url, c.code)},
                {"created_by", c.created_by.empty() ? json(nullptr) : json(c.created_by)},
                {"created_at", Time(c.created_at)},
                {"archived_at", Time(c.archived_at)}};
}

json ParticipationToJson(const Participation& p) {
    return json{{"id", p.id},
                {"campaign_id", p.campaign_id},
                {"status", std::string(ParticipationStatusName(p.status))},
                {"external_id", p.external_id.empty() ? json(nullptr) : json(p.external_id)},
                {"assessment_id", p.assessment_id.empty() ? json(nullptr) : json(p.assessment_id)},
                {"consent_at", Time(p.consent_at)},
                {"completed_at", Time(p.completed_at)},
                {"shared_at", Time(p.shared_at)},
                {"left_at", Time(p.left_at)},
                {"created_at", Time(p.created_at)}};
}

json ResultsToJson(const CampaignResults& results, const std::string& public_base_url) {
    json competences = json::array();
    for (const ProfileCompetence& c : results.profile.competences) {
        competences.push_back(
            {{"framework", c.framework}, {"competence", c.competence}, {"target_level", c.target_level}});
    }
    json counts = json::object();
    for (const char* status : {"started", "completed", "shared", "left"}) {
        auto it = results.counts.find(status);
        counts[status] = it == results.counts.end() ? 0 : it->second;
    }
    json participants = json::array();
    for (const ParticipantResult& p : results.participants) {
        json cells = json::array();
        int met = 0;
        for (const CompetenceCell& c : p.competences) {
            cells.push_back(CompetenceCellToJson(c));
            met += c.verdict == "met" ? 1 : 0;
        }
        auto shared = results.shared_campaigns.find(p.user_id);
        const int shared_in = shared == results.shared_campaigns.end() ? 1 : shared->second;
        participants.push_back({{"participation_id", p.participation_id},
                                {"user_id", p.user_id},
                                {"display_name", p.display_name},
                                {"email", p.email},
                                {"external_id", p.external_id.empty() ? json(nullptr) : json(p.external_id)},
                                {"completed_at", Time(p.completed_at)},
                                {"shared_at", Time(p.shared_at)},
                                {"competences_met", met},
                                {"shared_campaigns", shared_in},
                                {"competences", std::move(cells)}});
    }
    return json{{"campaign", CampaignToJson(results.campaign, public_base_url)},
                {"target_profile", {{"id", results.profile.id}, {"name", results.profile.name}}},
                {"competences", std::move(competences)},
                {"counts", std::move(counts)},
                {"participants", std::move(participants)}};
}

json ProgressToJson(const ParticipantProgress& progress) {
    json points = json::array();
    for (const ProgressPoint& point : progress.points) {
        json cells = json::array();
        for (const CompetenceCell& c : point.levels) cells.push_back(CompetenceCellToJson(c));
        points.push_back({{"participation_id", point.participation_id},
                          {"campaign", {{"id", point.campaign_id}, {"name", point.campaign_name}}},
                          {"target_profile", {{"id", point.target_profile_id}, {"name", point.profile_name}}},
                          {"shared_at", Time(point.shared_at)},
                          {"competences", std::move(cells)}});
    }
    json competences = json::array();
    for (const CompetenceProgress& c : progress.competences) {
        json series = json::array();
        for (const ProgressMeasure& m : c.series) {
            json entry = CompetenceCellToJson(m.cell);
            entry.erase("framework");
            entry.erase("competence");
            entry["point"] = m.point;
            series.push_back(std::move(entry));
        }
        competences.push_back({{"framework", c.framework},
                               {"competence", c.competence},
                               {"series", std::move(series)},
                               {"level_change", c.level_change ? json(*c.level_change) : json(nullptr)}});
    }
    return json{{"organization_id", progress.organization_id},
                {"organization_name", progress.organization_name},
                {"user_id", progress.user_id},
                {"display_name", progress.display_name},
                {"email", progress.email},
                {"truncated", progress.truncated},
                {"points", std::move(points)},
                {"competences", std::move(competences)}};
}

json TerritoryToJson(const TerritorySummary& summary) {
    json profiles = json::array();
    for (const ProfileGroup& g : summary.profiles) {
        profiles.push_back({{"target_profile_id", g.profile_id},
                            {"name", g.profile_name},
                            {"people", g.people},
                            {"met_all", g.met_all}});
    }
    json competences = json::array();
    for (const CompetenceGroup& g : summary.competences) {
        competences.push_back({{"target_profile_id", g.profile_id},
                               {"framework", g.framework},
                               {"competence", g.competence},
                               {"people", g.people},
                               {"met", g.met},
                               {"gap", g.gap}});
    }
    const auto count = [](const std::optional<int>& n) { return n ? json(*n) : json(nullptr); };
    json jobs = json::array();
    for (const JobGroup& g : summary.jobs) {
        jobs.push_back({{"audience", g.audience.empty() ? json(nullptr) : json(g.audience)},
                        {"people", g.people},
                        {"met_all", g.met_all}});
    }
    json badges = json::array();
    for (const BadgeGroup& g : summary.badges) {
        badges.push_back({{"badge_id", g.badge_id},
                          {"name", g.badge_name},
                          {"organization", g.organization_name},
                          {"people", g.people}});
    }
    json periods = json::array();
    for (const PeriodGroup& g : summary.periods) {
        json by_profile = json::array();
        for (const ProfilePeriodGroup& p : summary.profile_periods) {
            if (p.quarter != g.quarter) continue;
            by_profile.push_back({{"target_profile_id", p.profile_id},
                                  {"name", p.profile_name},
                                  {"people", p.people},
                                  {"met_all", p.met_all}});
        }
        periods.push_back({{"quarter", g.quarter},
                           {"people_assessed", count(g.people_assessed)},
                           {"people_awarded", count(g.people_awarded)},
                           {"target_profiles", std::move(by_profile)}});
    }
    return json{{"department", summary.department},
                {"min_group_size", summary.min_group_size},
                {"people", count(summary.people)},
                {"target_profiles", std::move(profiles)},
                {"competences", std::move(competences)},
                {"jobs", std::move(jobs)},
                {"badge_holders", count(summary.badge_holders)},
                {"badges", std::move(badges)},
                {"periods", std::move(periods)}};
}

void RegisterCampaignApi(http::Router& router, CampaignService& campaigns,
                         assessment::AssessmentService& assessments, account::AccountModule& accounts) {
    auto api = std::make_shared<Api>(campaigns, assessments, accounts);
    auto add = [&](std::string_view method, std::string_view pattern,
                   core::Result<Response> (Api::*fn)(Request&)) {
        router.Add(
            method, pattern, [api, fn](Request& r) { return ((*api).*fn)(r); }, http::RouteKind::kJson);
    };
    add("POST", "/api/v1/organizations/{org}/campaigns", &Api::CreateCampaign);
    add("GET", "/api/v1/organizations/{org}/campaigns", &Api::ListCampaigns);
    add("GET", "/api/v1/campaigns/preview", &Api::Preview);
    add("POST", "/api/v1/campaigns/join", &Api::Join);
    add("GET", "/api/v1/campaigns/{campaign}", &Api::GetCampaign);
    add("POST", "/api/v1/campaigns/{campaign}/archive", &Api::Archive);
    add("GET", "/api/v1/campaigns/{campaign}/results", &Api::Results);
    add("GET", "/api/v1/campaigns/{campaign}/results.csv", &Api::ResultsCsv);
    add("GET", "/api/v1/organizations/{org}/participants/{user_id}/progress", &Api::Progress);
    add("GET", "/api/v1/participations/{participation}", &Api::GetParticipation);
    add("DELETE", "/api/v1/participations/{participation}", &Api::Leave);
    add("POST", "/api/v1/participations/{participation}/assessment", &Api::StartTest);
    add("POST", "/api/v1/participations/{participation}/share", &Api::Share);
    add("GET", "/api/v1/territories/{code}/summary", &Api::Territory);
}

}  // namespace passeur::campaign
