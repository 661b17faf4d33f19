#include "badge/json_views.hpp"

#include <string>

#include "badge/badge_repository.hpp"
#include "core/clock.hpp"

namespace passeur::badge {
namespace {

using nlohmann::json;

json Time(std::int64_t millis) {
    if (millis == 0) return nullptr;
    return core::FormatRfc3339(millis);
}

json NullIfEmpty(const std::string& s) {
    if (s.empty()) return nullptr;
    return s;
}

}  // namespace

json BadgeToJson(const Badge& b, std::string_view base_url) {
    const std::string url = std::string(base_url) + "/badges/" + b.id;
    json alignments = json::array();
    for (const CompetenceRef& a : b.alignments) {
        alignments.push_back({{"framework", a.framework},
                              {"framework_version", a.framework_version},
                              {"competence", a.competence}});
    }
    json rule = {{"kind", RuleKindName(b.rule.kind)}};
    if (b.rule.kind == RuleKind::kCompetenceLevel) {
        rule["framework"] = b.rule.competence.framework;
        rule["framework_version"] = b.rule.competence.framework_version;
        rule["competence"] = b.rule.competence.competence;
        rule["level"] = b.rule.level;
    } else if (b.rule.kind == RuleKind::kTargetProfile) {
        rule["target_profile_id"] = b.rule.target_profile_id;
    }
    return {{"id", b.id},
            {"org_id", b.org_id},
            {"name", b.name},
            {"description", b.description},
            {"criteria", b.criteria},
            {"achievement_type", b.achievement_type},
            {"has_image", b.image_svg.has_value()},
            {"image_url", url + "/image.svg"},
            {"url", url},
            {"json_url", url + ".json"},
            {"alignments", alignments},
            {"validity_months", b.validity_months},
            {"status", BadgeStatusName(b.status)},
            {"rule", rule},
            {"created_at", Time(b.created_at)},
            {"updated_at", Time(b.updated_at)},
            {"version", b.version}};
}

json AwardToJson(const AwardView& view, std::string_view base_url, bool with_credential) {
    const Award& a = view.award;
    const std::string badge_url = std::string(base_url) + "/badges/" + view.badge.id;
    json awarded_by = nullptr;
    if (!a.awarded_by.empty()) awarded_by = {{"id", a.awarded_by}, {"name", view.awarded_by_name}};
    json out = {{"id", a.id},
                {"credential_id", a.CredentialId()},
                {"badge",
                 {{"id", view.badge.id},
                  {"name", view.badge.name},
                  {"org_id", view.badge.org_id},
                  {"org_name", view.org_name},
                  {"image_url", badge_url + "/image.svg"},
                  {"url", badge_url}}},
                {"learner", {{"id", a.user_id}, {"name", view.learner_name}}},
                {"source", a.automatic ? "automatic" : "manual"},
                {"awarded_by", awarded_by},
                {"assessment_id", NullIfEmpty(a.assessment_id)},
                {"reason", a.reason},
                {"evidence", EvidenceToJson(a.evidence)},
                {"awarded_at", Time(a.awarded_at)},
                {"expires_at", Time(a.expires_at)},
                {"expired", view.expired},
                {"state", AwardStateName(a.state)},
                {"state_reason", a.state_reason},
                {"state_at", Time(a.state_at)},
                {"public", a.is_public},
                {"verify_url", std::string(base_url) + "/verify?award=" + a.id}};
    json files = json::array();
    for (const EvidenceFile& f : view.files) {
        files.push_back(EvidenceFileToJson(f, EvidenceFileUrlOn(base_url, a.id, f.id)));
    }
    out["files"] = std::move(files);
    if (with_credential) out["credential"] = a.credential;
    return out;
}

}  // namespace passeur::badge
