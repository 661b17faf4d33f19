#include "badge/api.hpp"

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "badge/json_views.hpp"
#include "core/encoding.hpp"
#include "http/json_body.hpp"

namespace passeur::badge {
namespace {

using http::JsonInteger;
using http::JsonText;
using http::OnlyMembers;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kMaxListedAlignments = 100;  // parsed at most; the service allows kMaxAlignments

core::Error Bad(const std::string& message, const std::string& field) {
    return core::Error::InvalidArgument(message, field);
}

core::Result<CompetenceRef> Competence(const json& object, const std::string& prefix,
                                       std::initializer_list<std::string_view> members) {
    PASSEUR_TRY(OnlyMembers(object, members, prefix));
    CompetenceRef ref;
    for (const char* name : {"framework", "competence"}) {
        auto it = object.find(name);
        if (it == object.end())
            return core::Fail(Bad("Le membre " + prefix + name + " est requis.", prefix + name));
    }
    auto framework = JsonText(object["framework"], prefix + "framework");
    if (!framework) return core::Fail(framework.error());
    auto competence = JsonText(object["competence"], prefix + "competence");
    if (!competence) return core::Fail(competence.error());
    ref.framework = *framework;
    ref.competence = *competence;
    if (auto v = object.find("framework_version"); v != object.end() && !v->is_null()) {
        auto version = JsonText(*v, prefix + "framework_version");
        if (!version) return core::Fail(version.error());
        ref.framework_version = *version;
    }
    return ref;
}

core::Result<std::vector<CompetenceRef>> Alignments(const json& value) {
    if (!value.is_array()) return core::Fail(Bad("Le membre alignments doit être une liste.", "alignments"));
    if (value.size() > kMaxListedAlignments) {
        return core::Fail(Bad("Trop de compétences alignées.", "alignments"));
    }
    std::vector<CompetenceRef> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string prefix = "alignments[" + std::to_string(i) + "].";
        if (!value[i].is_object()) {
            return core::Fail(Bad("Chaque alignement est un objet {framework, competence}.",
                                  prefix.substr(0, prefix.size() - 1)));
        }
        auto ref = Competence(value[i], prefix, {"framework", "framework_version", "competence"});
        if (!ref) return core::Fail(ref.error());
        out.push_back(std::move(*ref));
    }
    return out;
}

core::Result<AwardRule> Rule(const json& value) {
    if (!value.is_object()) return core::Fail(Bad("Le membre rule doit être un objet.", "rule"));
    auto kind_it = value.find("kind");
    if (kind_it == value.end()) return core::Fail(Bad("Le membre rule.kind est requis.", "rule.kind"));
    auto kind_text = JsonText(*kind_it, "rule.kind");
    if (!kind_text) return core::Fail(kind_text.error());
    auto kind = ParseRuleKind(*kind_text);
    if (!kind) {
        return core::Fail(
            Bad("rule.kind : manual, competence_level ou target_profile attendu.", "rule.kind"));
    }
    AwardRule rule;
    rule.kind = *kind;
    switch (*kind) {
        case RuleKind::kManual:
            PASSEUR_TRY(OnlyMembers(value, {"kind"}, "rule."));
            break;
        case RuleKind::kCompetenceLevel: {
            auto ref =
                Competence(value, "rule.", {"kind", "framework", "framework_version", "competence", "level"});
            if (!ref) return core::Fail(ref.error());
            rule.competence = *ref;
            auto level_it = value.find("level");
            if (level_it == value.end())
                return core::Fail(Bad("Le membre rule.level est requis.", "rule.level"));
            auto level = JsonInteger(*level_it, "rule.level", kMinRuleLevel, kMaxRuleLevel);
            if (!level) return core::Fail(level.error());
            rule.level = *level;
            break;
        }
        case RuleKind::kTargetProfile: {
            PASSEUR_TRY(OnlyMembers(value, {"kind", "target_profile_id"}, "rule."));
            auto it = value.find("target_profile_id");
            if (it == value.end()) {
                return core::Fail(
                    Bad("Le membre rule.target_profile_id est requis.", "rule.target_profile_id"));
            }
            auto id = JsonText(*it, "rule.target_profile_id");
            if (!id) return core::Fail(id.error());
            rule.target_profile_id = *id;
            break;
        }
    }
    return rule;
}

std::string Param(const Request& request, std::string_view name) {
    auto value = request.PathParam(name);
    return value ? std::string(*value) : std::string();
}

class Api {
public:
    Api(BadgeService& service, account::AccountModule& accounts) : service_(service), accounts_(accounts) {}

    core::Result<account::Principal> Caller(const Request& r) {
        auto p = accounts_.Auth().Authenticate(r);
        if (!p) return core::Fail(p.error());
        PASSEUR_TRY(accounts_.Auth().CheckCsrf(r, *p));
        return p;
    }

    static core::Result<json> Body(const Request& r) { return http::JsonObjectBody(r, kMaxBadgeBodyBytes); }

    std::string Base() const { return service_.PublicBaseUrl(); }

    core::Result<Response> ListOrgBadges(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        auto badges = service_.ListBadges(*p, Param(r, "org"));
        if (!badges) return core::Fail(badges.error());
        json list = json::array();
        for (const Badge& b : *badges) list.push_back(BadgeToJson(b, Base()));
        return Response::Json(json{{"badges", list}});
    }

    core::Result<Response> CreateBadge(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        // Another organisation's route answers 403/404 whatever the body (the service checks again).
        PASSEUR_TRY(accounts_.Authz().Authorize(*p, account::Action::kManageBadges, Param(r, "org")));
        auto body = Body(r);
        if (!body) return core::Fail(body.error());
        auto input = BadgeInputFromJson(*body);
        if (!input) return core::Fail(input.error());
        auto created = service_.CreateBadge(*p, Param(r, "org"), *input);
        if (!created) return core::Fail(created.error());
        auto response = Response::Json(BadgeToJson(*created, Base()), 201);
        response.SetHeader("Location", "/api/v1/badges/" + created->id);
        return response;
    }

    core::Result<Response> GetBadge(Request& r) {
        auto p = accounts_.Auth().AuthenticateOptional(r);
        if (!p) return core::Fail(p.error());
        auto badge = service_.GetBadge(*p ? &**p : nullptr, Param(r, "badge"));
        if (!badge) return core::Fail(badge.error());
        return Response::Json(BadgeToJson(*badge, Base()));
    }

    core::Result<Response> PatchBadge(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        auto body = Body(r);
        if (!body) return core::Fail(body.error());
        auto patch = BadgePatchFromJson(*body);
        if (!patch) return core::Fail(patch.error());
        auto updated = service_.UpdateBadge(*p, Param(r, "badge"), *patch);
        if (!updated) return core::Fail(updated.error());
        return Response::Json(BadgeToJson(*updated, Base()));
    }

    core::Result<Response> ListBadgeAwards(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        auto awards = service_.ListBadgeAwards(*p, Param(r, "badge"));
        if (!awards) return core::Fail(awards.error());
        json list = json::array();
        for (const AwardView& a : *awards) list.push_back(AwardToJson(a, Base(), false));
        return Response::Json(json{{"awards", list}});
    }

    core::Result<Response> Award(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        if (http::IsMultipartFormData(r)) {
            auto parts = http::ParseMultipart(r, AwardUploadLimits());
            if (!parts) return core::Fail(parts.error());
            auto input = ManualAwardFromParts(std::move(*parts));
            if (!input) return core::Fail(input.error());
            return Awarded(service_.AwardManually(*p, Param(r, "badge"), *input));
        }
        auto body = Body(r);
        if (!body) return core::Fail(body.error());
        PASSEUR_TRY(OnlyMembers(*body, {"learner_id", "reason", "narrative", "observed_on", "observer"}, ""));
        ManualAwardInput input;
        const std::pair<const char*, std::string*> members[] = {{"learner_id", &input.learner_id},
                                                                {"reason", &input.reason},
                                                                {"narrative", &input.narrative},
                                                                {"observed_on", &input.observed_on},
                                                                {"observer", &input.observer}};
        for (const auto& [name, target] : members) {
            auto it = body->find(name);
            if (it == body->end() || it->is_null()) continue;
            auto text = JsonText(*it, name);
            if (!text) return core::Fail(text.error());
            *target = std::move(*text);
        }
        return Awarded(service_.AwardManually(*p, Param(r, "badge"), input));
    }

    core::Result<Response> Awarded(core::Result<AwardView> awarded) {
        if (!awarded) return core::Fail(awarded.error());
        auto response = Response::Json(AwardToJson(*awarded, Base(), true), 201);
        response.SetHeader("Location", "/api/v1/awards/" + awarded->award.id);
        return response;
    }

    core::Result<Response> MyAwards(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        auto awards = service_.ListMyAwards(*p);
        if (!awards) return core::Fail(awards.error());
        json list = json::array();
        for (const AwardView& a : *awards) list.push_back(AwardToJson(a, Base(), false));
        return Response::Json(json{{"awards", list}});
    }

    core::Result<Response> GetAward(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        auto award = service_.GetAward(*p, Param(r, "award"));
        if (!award) return core::Fail(award.error());
        auto response = Response::Json(award->award.credential);
        response.SetHeader("Cache-Control", "no-store");
        return response;
    }

    core::Result<Response> DownloadFile(Request& r) {
        auto p = accounts_.Auth().AuthenticateOptional(r);
        if (!p) return core::Fail(p.error());
        auto file = service_.EvidenceFileDownload(*p ? &**p : nullptr, Param(r, "award"), Param(r, "file"));
        if (!file) return core::Fail(file.error());
        return EvidenceFileResponse(std::move(*file));
    }

    core::Result<Response> PatchAward(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        auto body = Body(r);
        if (!body) return core::Fail(body.error());
        PASSEUR_TRY(OnlyMembers(*body, {"public"}, ""));
        auto it = body->find("public");
        if (it == body->end() || !it->is_boolean()) {
            return core::Fail(Bad("Le membre public (vrai ou faux) est requis.", "public"));
        }
        auto award = service_.SetPublic(*p, Param(r, "award"), it->get<bool>());
        if (!award) return core::Fail(award.error());
        return Response::Json(AwardToJson(*award, Base(), false));
    }

    core::Result<Response> ChangeState(Request& r, AwardState to) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        auto body = Body(r);
        if (!body) return core::Fail(body.error());
        PASSEUR_TRY(OnlyMembers(*body, {"reason"}, ""));
        std::string reason;
        if (auto it = body->find("reason"); it != body->end()) {
            auto text = JsonText(*it, "reason");
            if (!text) return core::Fail(text.error());
            reason = *text;
        }
        const std::string id = Param(r, "award");
        auto award = to == AwardState::kRevoked     ? service_.Revoke(*p, id, reason)
                     : to == AwardState::kSuspended ? service_.Suspend(*p, id, reason)
                                                    : service_.Reinstate(*p, id, reason);
        if (!award) return core::Fail(award.error());
        return Response::Json(AwardToJson(*award, Base(), false));
    }
    core::Result<Response> Revoke(Request& r) { return ChangeState(r, AwardState::kRevoked); }
    core::Result<Response> Suspend(Request& r) { return ChangeState(r, AwardState::kSuspended); }
    core::Result<Response> Reinstate(Request& r) { return ChangeState(r, AwardState::kActive); }

private:
    BadgeService& service_;
    account::AccountModule& accounts_;
};

}  // namespace

http::MultipartLimits AwardUploadLimits() {
    http::MultipartLimits limits;
    limits.max_parts = 16;  // _csrf, five text fields, three files, and room for empty file inputs
    limits.max_part_bytes = kMaxEvidencePartBytes;
    limits.max_total_bytes = kMaxAwardUploadBytes;
    limits.max_header_bytes = 2048;
    limits.allow_duplicate_names = true;  // several "files"; other names are checked below
    return limits;
}

core::Result<ManualAwardInput> ManualAwardFromParts(std::vector<http::MultipartPart> parts) {
    ManualAwardInput input;
    const std::pair<std::string_view, std::string*> members[] = {{"learner_id", &input.learner_id},
                                                                 {"reason", &input.reason},
                                                                 {"narrative", &input.narrative},
                                                                 {"observed_on", &input.observed_on},
                                                                 {"observer", &input.observer}};
    std::vector<std::string> seen;
    for (http::MultipartPart& part : parts) {
        if (part.name == "files") {
            // A file input left empty sends a part with an empty filename and no bytes.
            if (part.filename.empty() && part.body.empty()) continue;
            input.files.push_back({std::move(part.filename), std::move(part.body)});
            continue;
        }
        if (part.name == "_csrf") continue;  // the pages' form token, checked by the pages
        std::string* target = nullptr;
        for (const auto& [name, member] : members) {
            if (part.name == name) target = member;
        }
        if (target == nullptr) {
            return core::Fail(
                Bad("Membre inconnu : « " + part.name.substr(0, 60) + " ».", part.name.substr(0, 60)));
        }
        for (const std::string& s : seen) {
            if (s == part.name)
                return core::Fail(Bad("Le membre " + part.name + " est donné deux fois.", part.name));
        }
        seen.push_back(part.name);
        *target = std::move(part.body);
    }
    return input;
}

http::Response EvidenceFileResponse(EvidenceDownload download) {
    std::string ascii;
    for (char c : download.file.name) {
        const auto u = static_cast<unsigned char>(c);
        ascii.push_back(u < 0x20 || u >= 0x7F || c == '"' || c == '\\' ? '_' : c);
    }
    http::Response response = http::Response::Text(std::move(download.bytes), download.file.media_type);
    response.SetHeader("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" +
                                                  core::PercentEncode(download.file.name));
    response.SetHeader("X-Content-Type-Options", "nosniff");
    response.SetHeader("Cache-Control", "private, no-store");
    response.SetHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    return response;
}

core::Result<BadgePatch> BadgePatchFromJson(const json& body) {
    PASSEUR_TRY(OnlyMembers(body,
                            {"name", "description", "criteria", "achievement_type", "image_svg", "alignments",
                             "validity_months", "rule", "status", "version"},
                            ""));
    BadgePatch patch;
    const std::pair<const char*, std::optional<std::string>*> texts[] = {
        {"name", &patch.name},
        {"description", &patch.description},
        {"criteria", &patch.criteria},
        {"achievement_type", &patch.achievement_type}};
    for (const auto& [name, target] : texts) {
        auto it = body.find(name);
        if (it == body.end()) continue;
        auto text = JsonText(*it, name);
        if (!text) return core::Fail(text.error());
        *target = std::move(*text);
    }
    if (auto it = body.find("image_svg"); it != body.end()) {
        if (it->is_null()) {
            patch.image_svg = std::optional<std::string>();
        } else {
            auto text = JsonText(*it, "image_svg");
            if (!text) return core::Fail(text.error());
            patch.image_svg = std::optional<std::string>(std::move(*text));
        }
    }
    if (auto it = body.find("alignments"); it != body.end()) {
        auto alignments = Alignments(*it);
        if (!alignments) return core::Fail(alignments.error());
        patch.alignments = std::move(*alignments);
    }
    if (auto it = body.find("validity_months"); it != body.end()) {
        auto months = JsonInteger(*it, "validity_months", 0, kMaxValidityMonths);
        if (!months) return core::Fail(months.error());
        patch.validity_months = *months;
    }
    if (auto it = body.find("rule"); it != body.end()) {
        auto rule = Rule(*it);
        if (!rule) return core::Fail(rule.error());
        patch.rule = std::move(*rule);
    }
    if (auto it = body.find("status"); it != body.end()) {
        auto text = JsonText(*it, "status");
        if (!text) return core::Fail(text.error());
        auto status = ParseBadgeStatus(*text);
        if (!status) return core::Fail(Bad("status : draft, active ou archived attendu.", "status"));
        patch.status = *status;
    }
    if (auto it = body.find("version"); it != body.end()) {
        if (!it->is_number_integer())
            return core::Fail(Bad("Le membre version doit être un entier.", "version"));
        patch.expected_version = it->get<std::int64_t>();
    }
    return patch;
}

core::Result<BadgeInput> BadgeInputFromJson(const json& body) {
    if (body.contains("version")) return core::Fail(Bad("Membre inconnu : « version ».", "version"));
    auto patch = BadgePatchFromJson(body);
    if (!patch) return core::Fail(patch.error());
    BadgeInput in;
    const std::tuple<const char*, std::optional<std::string>*, std::string*> required[] = {
        {"name", &patch->name, &in.name},
        {"description", &patch->description, &in.description},
        {"criteria", &patch->criteria, &in.criteria}};
    for (const auto& [name, value, target] : required) {
        if (!*value) return core::Fail(Bad("Le membre " + std::string(name) + " est requis.", name));
        *target = **value;
    }
    if (patch->achievement_type) in.achievement_type = *patch->achievement_type;
    if (patch->image_svg) in.image_svg = *patch->image_svg;
    if (patch->alignments) in.alignments = *patch->alignments;
    if (patch->validity_months) in.validity_months = *patch->validity_months;
    if (patch->rule) in.rule = *patch->rule;
    if (patch->status) in.status = *patch->status;
    return in;
}

void RegisterBadgeApi(http::Router& router, BadgeService& service, account::AccountModule& accounts) {
    auto api = std::make_shared<Api>(service, accounts);
    auto add = [&](std::string_view method, std::string_view pattern,
                   core::Result<Response> (Api::*fn)(Request&)) {
        router.Add(
            method, pattern, [api, fn](Request& r) { return ((*api).*fn)(r); }, http::RouteKind::kJson);
    };
    add("GET", "/api/v1/organizations/{org}/badges", &Api::ListOrgBadges);
    add("POST", "/api/v1/organizations/{org}/badges", &Api::CreateBadge);
    add("GET", "/api/v1/badges/{badge}", &Api::GetBadge);
    add("PATCH", "/api/v1/badges/{badge}", &Api::PatchBadge);
    add("GET", "/api/v1/badges/{badge}/awards", &Api::ListBadgeAwards);
    add("POST", "/api/v1/badges/{badge}/awards", &Api::Award);
    router.SetMaxBodyBytes("POST", "/api/v1/badges/{badge}/awards", kMaxAwardUploadBytes);  // evidence files
    add("GET", "/api/v1/me/awards", &Api::MyAwards);
    add("GET", "/api/v1/awards/{award}", &Api::GetAward);
    add("PATCH", "/api/v1/awards/{award}", &Api::PatchAward);
    add("GET", "/api/v1/awards/{award}/files/{file}", &Api::DownloadFile);
    add("POST", "/api/v1/awards/{award}/revoke", &Api::Revoke);
    add("POST", "/api/v1/awards/{award}/suspend", &Api::Suspend);
    add("POST", "/api/v1/awards/{award}/reinstate", &Api::Reinstate);
}

}  // namespace passeur::badge
