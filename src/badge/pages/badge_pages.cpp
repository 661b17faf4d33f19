#include "badge/pages/badge_pages.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/pages/page_kit.hpp"
#include "badge/api.hpp"
#include "badge/svg.hpp"
#include "certificate/certificate_pdf.hpp"
#include "core/encoding.hpp"
#include "framework/case_format.hpp"
#include "http/multipart.hpp"
#include "web/csrf.hpp"
#include "web/dates.hpp"
#include "web/i18n.hpp"

namespace passeur::badge {
namespace {

using nlohmann::json;

constexpr const char* kStaffHref = "/organisation/badges";
constexpr const char* kMineHref = "/mes-badges";

std::string BadgeHref(std::string_view id) { return "/badges/" + core::PercentEncode(id); }
std::string EditHref(std::string_view id) { return std::string(kStaffHref) + "/" + core::PercentEncode(id); }
std::string AwardsHref(std::string_view id) { return EditHref(id) + "/attributions"; }
std::string MineHref(std::string_view id) { return std::string(kMineHref) + "/" + core::PercentEncode(id); }

std::optional<int> ParseInt(std::string_view text) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

// "slug|code" <-> CompetenceRef (current version).
std::string RefValue(std::string_view framework, std::string_view competence) {
    return std::string(framework) + "|" + std::string(competence);
}
std::optional<CompetenceRef> ParseRef(std::string_view value) {
    const auto bar = value.find('|');
    if (bar == std::string_view::npos || bar == 0 || bar + 1 == value.size()) return std::nullopt;
    return CompetenceRef{std::string(value.substr(0, bar)), "", std::string(value.substr(bar + 1))};
}

// The form field of a service error's field ("alignments[2].competence" -> "alignment").
std::string FormField(const std::string& field) {
    if (field.starts_with("alignments")) return "alignment";
    if (field == "rule.level") return "rule_level";
    if (field == "rule.target_profile_id") return "rule_profile";
    if (field == "rule.kind") return "rule_kind";
    if (field.starts_with("rule")) return "rule_competence";
    if (field == "version") return "name";
    if (field.empty()) return "name";
    return field;
}

// What the badge form holds, as typed.
struct BadgeForm {
    std::string name;
    std::string description;
    std::string criteria;
    std::string achievement_type = "Badge";
    std::string image_svg;
    bool remove_image = false;
    bool has_image = false;
    std::set<std::string> alignments;  // "slug|code"
    std::string validity = "0";
    std::string rule_kind = "manual";
    std::string rule_competence;  // "slug|code"
    std::string rule_level = "3";
    std::string rule_profile;
    std::string status = "draft";
    std::string version;
};

BadgeForm FormOf(const Badge& b) {
    BadgeForm f;
    f.name = b.name;
    f.description = b.description;
    f.criteria = b.criteria;
    f.achievement_type = b.achievement_type;
    f.has_image = b.image_svg.has_value();
    for (const CompetenceRef& a : b.alignments) f.alignments.insert(RefValue(a.framework, a.competence));
    f.validity = std::to_string(b.validity_months);
    f.rule_kind = std::string(RuleKindName(b.rule.kind));
    if (b.rule.kind == RuleKind::kCompetenceLevel) {
        f.rule_competence = RefValue(b.rule.competence.framework, b.rule.competence.competence);
        f.rule_level = std::to_string(b.rule.level);
    }
    f.rule_profile = b.rule.target_profile_id;
    f.status = std::string(BadgeStatusName(b.status));
    f.version = std::to_string(b.version);
    return f;
}

BadgeForm FormOf(const http::FieldList& fields) {
    BadgeForm f;
    f.name = account::PageKit::Field(fields, "name");
    f.description = account::PageKit::Field(fields, "description");
    f.criteria = account::PageKit::Field(fields, "criteria");
    f.achievement_type = account::PageKit::Field(fields, "achievement_type");
    f.image_svg = account::PageKit::Field(fields, "image_svg");
    f.remove_image = http::Find(fields, "remove_image").has_value();
    for (const auto& [name, value] : fields) {
        if (name == "alignment") f.alignments.insert(value);
    }
    f.validity = account::Trim(account::PageKit::Field(fields, "validity_months"));
    f.rule_kind = account::PageKit::Field(fields, "rule_kind");
    f.rule_competence = account::PageKit::Field(fields, "rule_competence");
    f.rule_level = account::PageKit::Field(fields, "rule_level");
    f.rule_profile = account::PageKit::Field(fields, "rule_profile");
    f.status = account::PageKit::Field(fields, "status");
    f.version = account::PageKit::Field(fields, "version");
    return f;
}

class Pages : public account::PageKit {
public:
    Pages(BadgeService& badges, framework::FrameworkService& frameworks, account::AccountModule& accounts,
          web::Renderer& renderer)
        : PageKit(accounts, renderer), badges_(badges), frameworks_(frameworks) {}

    // ---- /organisation/badges ---------------------------------------------------------------
    core::Result<http::Response> Staff(http::Request& request, const account::Principal& principal) {
        auto staff = badges_.ListStaffBadges(principal);
        if (!staff) return core::Fail(staff.error());
        const std::string lang = Lang(request);
        json orgs = json::array();
        for (const BadgeService::StaffBadges& entry : *staff) {
            json rows = json::array();
            for (const Badge& b : entry.badges) {
                const bool active = b.status == BadgeStatus::kActive;
                rows.push_back(
                    {{"name", b.name},
                     {"href", BadgeHref(b.id)},
                     {"image_href", BadgeHref(b.id) + "/image.svg"},
                     {"status", StatusLabel(request, b.status)},
                     {"status_kind", active ? "success" : (b.status == BadgeStatus::kDraft ? "info" : "")},
                     {"rule", RuleText(request, b.rule, lang)},
                     {"can_manage", entry.can_manage},
                     {"edit_href", EditHref(b.id)},
                     {"edit_label", F(request, "badges.edit_label", {{"name", b.name}})},
                     {"active", active},
                     {"award_href", BadgeHref(b.id) + "/attribuer"},
                     {"award_label", F(request, "badges.award_label", {{"name", b.name}})},
                     {"awards_href", AwardsHref(b.id)},
                     {"awards_label", F(request, "badges.awards_label", {{"name", b.name}})}});
            }
            orgs.push_back(
                {{"name", entry.org_name},
                 {"can_manage", entry.can_manage},
                 {"new_href", std::string(kStaffHref) + "/nouveau?org=" + core::PercentEncode(entry.org_id)},
                 {"new_label", F(request, "badges.new_label", {{"org", entry.org_name}})},
                 {"badges", rows},
                 {"has_badges", !rows.empty()}});
        }
        json data = {{"orgs", orgs}, {"has_orgs", !orgs.empty()}};
        return Renderer().RenderPage(request, Context(principal, "badges.staff_title", "organizations"),
                                     "badge_staff", data);
    }

    core::Result<http::Response> NewForm(http::Request& request, const account::Principal& principal) {
        const std::string org_id(request.Query("org").value_or(""));
        PASSEUR_TRY(Module().Authz().Authorize(principal, account::Action::kManageBadges, org_id));
        return FormPage(request, principal, org_id, nullptr, BadgeForm{}, account::FormErrors{}, 200);
    }

    core::Result<http::Response> Create(http::Request& request, const account::Principal& principal,
                                        const http::FieldList& fields) {
        const std::string org_id = Field(fields, "org");
        PASSEUR_TRY(Module().Authz().Authorize(principal, account::Action::kManageBadges, org_id));
        BadgeForm form = FormOf(fields);
        account::FormErrors errors;
        auto patch = PatchOf(request, form, errors);
        if (!errors.Empty()) return FormPage(request, principal, org_id, nullptr, form, errors, 400);
        BadgeInput input;
        input.name = *patch.name;
        input.description = *patch.description;
        input.criteria = *patch.criteria;
        input.achievement_type = *patch.achievement_type;
        if (patch.image_svg && *patch.image_svg) input.image_svg = **patch.image_svg;
        input.alignments = *patch.alignments;
        input.validity_months = *patch.validity_months;
        input.rule = *patch.rule;
        input.status = patch.status.value_or(BadgeStatus::kDraft);
        auto created = badges_.CreateBadge(principal, org_id, input);
        if (!created) {
            if (!Recoverable(created.error())) return core::Fail(created.error());
            errors.Add(FormField(created.error().field), created.error().message);
            return FormPage(request, principal, org_id, nullptr, form, errors, 400);
        }
        return Renderer().Redirect(request, kStaffHref,
                                   web::Flash::Success("badges.flash_created", {{"name", created->name}}));
    }

    core::Result<http::Response> EditForm(http::Request& request, const account::Principal& principal) {
        auto badge = Managed(request, principal);
        if (!badge) return core::Fail(badge.error());
        return FormPage(request, principal, badge->org_id, &*badge, FormOf(*badge), account::FormErrors{},
                        200);
    }

    core::Result<http::Response> Save(http::Request& request, const account::Principal& principal,
                                      const http::FieldList& fields) {
        auto badge = Managed(request, principal);
        if (!badge) return core::Fail(badge.error());
        BadgeForm form = FormOf(fields);
        form.has_image = badge->image_svg.has_value();
        account::FormErrors errors;
        BadgePatch patch = PatchOf(request, form, errors);
        if (!errors.Empty()) return FormPage(request, principal, badge->org_id, &*badge, form, errors, 400);
        if (auto v = ParseInt(form.version)) patch.expected_version = *v;
        auto saved = badges_.UpdateBadge(principal, badge->id, patch);
        if (!saved) {
            if (!Recoverable(saved.error())) return core::Fail(saved.error());
            errors.Add(FormField(saved.error().field), saved.error().message);
            return FormPage(request, principal, badge->org_id, &*badge, form, errors, 400);
        }
        return Renderer().Redirect(request, kStaffHref,
                                   web::Flash::Success("badges.flash_saved", {{"name", saved->name}}));
    }

    // ---- awards of a badge (staff) ----------------------------------------------------------
    core::Result<http::Response> Awards(http::Request& request, const account::Principal& principal) {
        const std::string id(request.PathParam("badge").value_or(""));
        auto awards = badges_.ListBadgeAwards(principal, id);
        if (!awards) return core::Fail(awards.error());
        auto badge = badges_.GetBadge(&principal, id);
        if (!badge) return core::Fail(badge.error());
        json rows = json::array();
        for (const AwardView& v : *awards) {
            const Award& a = v.award;
            json evidence = json::array();
            for (const Evidence& e : a.evidence) {
                auto observed = ParseDate(e.observed_on, "observed_on");
                evidence.push_back(
                    {{"narrative", e.narrative},
                     {"observed", F(request, "badges.observed_by",
                                    {{"date", observed ? DateText(request, *observed) : e.observed_on},
                                     {"observer", e.observer}})}});
            }
            const std::string base = "/organisation/attributions/" + core::PercentEncode(a.id);
            rows.push_back(
                {{"id", a.id},
                 {"learner", v.learner_name},
                 {"awarded_on", DateText(request, a.awarded_at)},
                 {"expires_on", a.expires_at != 0 ? DateText(request, a.expires_at) : std::string()},
                 {"state", StateData(request, v)},
                 {"source", a.automatic ? T(request, "badges.source_automatic")
                                        : F(request, "badges.source_manual", {{"name", v.awarded_by_name}})},
                 {"reason", a.reason},
                 {"evidence", evidence},
                 {"files", FilesData(request, v)},
                 {"has_files", !v.files.empty()},
                 {"state_reason", a.state_reason},
                 {"has_state_reason", !a.state_reason.empty()},
                 {"can_suspend", a.state == AwardState::kActive},
                 {"can_reinstate", a.state == AwardState::kSuspended},
                 {"can_revoke", a.state != AwardState::kRevoked},
                 {"suspend_action", base + "/suspendre"},
                 {"reinstate_action", base + "/retablir"},
                 {"revoke_action", base + "/retirer"},
                 {"reason_id", "motif-" + a.id}});
        }
        json data = {{"badge",
                      {{"name", badge->name},
                       {"href", BadgeHref(badge->id)},
                       {"active", badge->status == BadgeStatus::kActive},
                       {"award_href", BadgeHref(badge->id) + "/attribuer"}}},
                     {"awards", rows},
                     {"has_awards", !rows.empty()}};
        web::PageContext context = Context(principal, "", "organizations");
        context.title = F(request, "badges.awards_title", {{"name", badge->name}});
        return Renderer().RenderPage(request, context, "badge_awards", data);
    }

    core::Result<http::Response> ChangeState(http::Request& request, const account::Principal& principal,
                                             const http::FieldList& fields) {
        const std::string id(request.PathParam("award").value_or(""));
        const std::string action(request.PathParam("action").value_or(""));
        auto current = badges_.GetAward(principal, id);
        if (!current) return core::Fail(current.error());
        const std::string reason = Field(fields, "reason");
        core::Result<AwardView> changed = core::Fail(core::Error::NotFound("Action inconnue."));
        const char* done_key = "";
        if (action == "suspendre") {
            changed = badges_.Suspend(principal, id, reason);
            done_key = "badges.flash_suspended";
        } else if (action == "retablir") {
            changed = badges_.Reinstate(principal, id, reason);
            done_key = "badges.flash_reinstated";
        } else if (action == "retirer") {
            changed = badges_.Revoke(principal, id, reason);
            done_key = "badges.flash_revoked";
        } else {
            return core::Fail(changed.error());
        }
        const std::string back = AwardsHref(current->badge.id);
        if (!changed) {
            if (!Recoverable(changed.error())) return core::Fail(changed.error());
            web::Flash flash;
            flash.kind = "error";
            flash.message_key = "badges.flash_state_error";
            flash.args = {{"message", changed.error().message}};
            return Renderer().Redirect(request, back, flash);
        }
        return Renderer().Redirect(request, back,
                                   web::Flash::Success(done_key, {{"name", changed->learner_name}}));
    }

    // ---- /badges/{badge}/attribuer ----------------------------------------------------------
    core::Result<http::Response> AwardForm(http::Request& request, const account::Principal& principal) {
        ManualAwardInput input;
        input.observed_on = IsoDate(NowMillis());
        return AwardPage(request, principal, input, account::FormErrors{}, 200);
    }

    // POST /badges/{badge}/attribuer: multipart/form-data (the form, with its evidence files), or
    // application/x-www-form-urlencoded (text only).
    core::Result<http::Response> AwardPost(http::Request& request) {
        auto principal = CurrentPrincipal(request);
        if (!principal) return core::Fail(principal.error());
        if (!*principal) return LoginRedirect(request);
        const account::Principal& p = **principal;
        ManualAwardInput input;
        if (http::IsMultipartFormData(request)) {
            auto parts = http::ParseMultipart(request, AwardUploadLimits());
            if (!parts) {
                // Files over the request's bound are a mistake in the form (nothing is done with
                // them, so the CSRF token need not be checked first); other framing errors come
                // from no browser.
                if (parts.error().code != core::ErrorCode::kPayloadTooLarge) return core::Fail(parts.error());
                account::FormErrors errors;
                errors.Add("files", F(request, "badges.error_files_too_large",
                                      {{"max_mb", std::to_string(kMaxEvidenceFileBytes / (1024 * 1024))},
                                       {"max_files", std::to_string(kMaxEvidenceFiles)}}));
                input.observed_on = IsoDate(NowMillis());
                return AwardPage(request, p, input, errors, 413);
            }
            http::FieldList csrf;
            if (const http::MultipartPart* token = http::FindPart(*parts, web::kCsrfField)) {
                csrf.emplace_back(std::string(web::kCsrfField), token->body);
            }
            PASSEUR_TRY(web::VerifyCsrf(request, csrf, p.csrf_token));
            auto parsed = ManualAwardFromParts(std::move(*parts));
            if (!parsed) return core::Fail(parsed.error());
            input = std::move(*parsed);
        } else {
            constexpr std::size_t kText = 8 * 1024;  // narratives (4000 bytes at most, checked later)
            auto fields = CheckedForm(request, *principal, kText);
            if (!fields) return core::Fail(fields.error());
            input.learner_id = Field(*fields, "learner_id");
            input.reason = Field(*fields, "reason");
            input.narrative = Field(*fields, "narrative");
            input.observed_on = Field(*fields, "observed_on");
            input.observer = Field(*fields, "observer");
        }
        const std::string id(request.PathParam("badge").value_or(""));
        const bool sent_files = !input.files.empty();
        auto awarded = badges_.AwardManually(p, id, input);
        if (!awarded) {
            if (!Recoverable(awarded.error())) return core::Fail(awarded.error());
            account::FormErrors errors;
            std::string field = awarded.error().field;
            if (field == "badge" || field.empty()) field = "learner_id";
            if (field.starts_with("files")) field = "files";
            errors.Add(field, awarded.error().message);
            // A browser never refills a file input: the files are to be chosen again.
            if (sent_files && field != "files") errors.Add("files", T(request, "badges.error_files_again"));
            input.files.clear();
            return AwardPage(request, p, input, errors, 400);
        }
        return Renderer().Redirect(
            request, AwardsHref(id),
            web::Flash::Success("badges.flash_awarded",
                                {{"name", awarded->badge.name}, {"learner", awarded->learner_name}}));
    }

    // ---- /preuves/{award}/{file} --------------------------------------------------------------
    core::Result<http::Response> DownloadEvidence(http::Request& request,
                                                  const std::optional<account::Principal>& principal) {
        auto file = badges_.EvidenceFileDownload(principal ? &*principal : nullptr,
                                                 request.PathParam("award").value_or(""),
                                                 request.PathParam("file").value_or(""));
        if (!file) return core::Fail(file.error());
        return EvidenceFileResponse(std::move(*file));
    }

    // ---- /mes-badges ------------------------------------------------------------------------
    core::Result<http::Response> Mine(http::Request& request, const account::Principal& principal) {
        auto mine = badges_.ListMyAwards(principal);
        if (!mine) return core::Fail(mine.error());
        json rows = json::array();
        for (const AwardView& v : *mine) {
            const Award& a = v.award;
            rows.push_back(
                {{"id", a.id},
                 {"heading_id", "badge-" + a.id},
                 {"name", v.badge.name},
                 {"org", v.org_name},
                 {"badge_href", BadgeHref(v.badge.id)},
                 {"image_href", BadgeHref(v.badge.id) + "/image.svg"},
                 {"awarded_on", DateText(request, a.awarded_at)},
                 {"expires_on", a.expires_at != 0 ? DateText(request, a.expires_at) : std::string()},
                 {"state", StateData(request, v)},
                 {"source", a.automatic ? T(request, "badges.source_automatic")
                                        : F(request, "badges.source_manual", {{"name", v.awarded_by_name}})},
                 {"public", a.is_public},
                 {"files", FilesData(request, v)},
                 {"has_files", !v.files.empty()},
                 {"visibility_action", MineHref(a.id) + "/visibilite"},
                 {"visibility_label",
                  F(request, a.is_public ? "badges.make_private_label" : "badges.make_public_label",
                    {{"name", v.badge.name}})},
                 {"json_href", MineHref(a.id) + ".json"},
                 {"pdf_href", MineHref(a.id) + ".pdf"},
                 {"json_label", F(request, "badges.download_json_label", {{"name", v.badge.name}})},
                 {"pdf_label", F(request, "badges.download_pdf_label", {{"name", v.badge.name}})},
                 {"verify_url", VerifyUrl(a.id)}});
        }
        json data = {{"awards", rows}, {"has_awards", !rows.empty()}};
        return Renderer().RenderPage(request, Context(principal, "badges.mine_title", "badges"), "badge_mine",
                                     data);
    }

    core::Result<http::Response> Visibility(http::Request& request, const account::Principal& principal,
                                            const http::FieldList& fields) {
        const std::string id(request.PathParam("award").value_or(""));
        const std::string value = Field(fields, "public");
        if (value != "1" && value != "0") {
            return core::Fail(core::Error::InvalidArgument("Le champ public vaut 1 ou 0.", "public"));
        }
        auto changed = badges_.SetPublic(principal, id, value == "1");
        if (!changed) return core::Fail(changed.error());
        return Renderer().Redirect(
            request, std::string(kMineHref) + "#badge-" + id,
            web::Flash::Success(value == "1" ? "badges.flash_public" : "badges.flash_private",
                                {{"name", changed->badge.name}}));
    }

    core::Result<http::Response> MineFile(http::Request& request, const account::Principal& principal) {
        const std::string param(request.PathParam("award").value_or(""));
        const bool pdf = param.ends_with(".pdf");
        if (!pdf && !param.ends_with(".json")) return core::Fail(core::Error::NotFound("Page introuvable."));
        const std::string id = param.substr(0, param.size() - (pdf ? 4 : 5));
        auto view = badges_.GetAward(principal, id);
        if (!view || view->award.user_id != principal.user.id) {
            if (view || view.error().code == core::ErrorCode::kNotFound) {
                return core::Fail(core::Error::NotFound("Badge attribué introuvable."));
            }
            return core::Fail(view.error());
        }
        if (!pdf) {
            http::Response response = http::Response::Json(view->award.credential);
            response.SetHeader("Content-Disposition",
                               "attachment; filename=\"passeur-badge-" + id + ".json\"");
            response.SetHeader("Cache-Control", "no-store");
            return response;
        }
        auto bytes = Certificate(request, *view);
        if (!bytes) return core::Fail(bytes.error());
        http::Response response = http::Response::Text(std::move(*bytes), "application/pdf");
        response.SetHeader("Content-Disposition", "attachment; filename=\"passeur-badge-" + id + ".pdf\"");
        response.SetHeader("Cache-Control", "no-store");
        return response;
    }

    // ---- public -------------------------------------------------------------------------------
    core::Result<http::Response> Public(http::Request& request,
                                        const std::optional<account::Principal>& principal) {
        std::string id(request.PathParam("badge").value_or(""));
        const bool as_json = id.ends_with(".json");
        if (as_json) id.resize(id.size() - 5);
        auto badge = badges_.GetBadge(principal ? &*principal : nullptr, id);
        if (!badge) return core::Fail(badge.error());
        if (as_json) {
            auto achievement = badges_.Achievement(*badge);
            if (!achievement) return core::Fail(achievement.error());
            http::Response response = http::Response::Json(*achievement);
            response.SetHeader("Cache-Control", "public, max-age=300");
            return response;
        }
        const std::string lang = Lang(request);
        const std::string base = badges_.PublicBaseUrl();
        json alignments = json::array();
        for (const CompetenceRef& a : badge->alignments) {
            auto fw = frameworks_.Get(a.framework, a.framework_version);
            if (!fw) continue;
            const framework::Competence* c = fw->framework.FindCompetence(a.competence);
            if (c == nullptr) continue;
            alignments.push_back({{"code", c->code},
                                  {"name", c->name.In(lang)},
                                  {"framework", fw->framework.name.In(lang) + " " + fw->framework.version},
                                  {"url", framework::CaseUri(base, "CFItems", c->identifier)}});
        }
        json data = {
            {"badge",
             {{"name", badge->name},
              {"description", badge->description},
              {"criteria", badge->criteria},
              {"type", TypeLabel(request, badge->achievement_type)},
              {"image_href", BadgeHref(badge->id) + "/image.svg"},
              {"json_href", BadgeHref(badge->id) + ".json"},
              {"draft", badge->status == BadgeStatus::kDraft},
              {"archived", badge->status == BadgeStatus::kArchived},
              {"rule", RuleText(request, badge->rule, lang)},
              {"validity", badge->validity_months > 0 ? F(request, "badges.validity_months",
                                                          {{"n", std::to_string(badge->validity_months)}})
                                                      : T(request, "badges.validity_none")},
              {"alignments", alignments},
              {"has_alignments", !alignments.empty()}}},
            {"org_name", OrgName(badge->org_id)}};
        web::PageContext context = Context(principal, "", "");
        context.title = badge->name;
        return Renderer().RenderPage(request, context, "badge_public", data);
    }

    core::Result<http::Response> Image(http::Request& request,
                                       const std::optional<account::Principal>& principal) {
        const std::string id(request.PathParam("badge").value_or(""));
        auto badge = badges_.GetBadge(principal ? &*principal : nullptr, id);
        if (!badge) return core::Fail(badge.error());
        http::Response response = http::Response::Text(badges_.Image(*badge), "image/svg+xml");
        response.SetHeader("Content-Security-Policy", std::string(kSvgContentSecurityPolicy));
        response.SetHeader("Cache-Control", "public, max-age=300");
        return response;
    }

private:
    std::string Lang(const http::Request& request) const {
        return std::string(web::LocaleCode(Renderer().LocaleOf(request)));
    }

    std::int64_t NowMillis() const { return badges_.NowMillis(); }

    // The evidence files of an award for the pages: [{name, href, meta, label}].
    json FilesData(const http::Request& request, const AwardView& v) const {
        json out = json::array();
        for (const EvidenceFile& f : v.files) {
            const std::string type = f.media_type == "application/pdf" ? "PDF"
                                     : f.media_type == "image/png"     ? "PNG"
                                                                       : "JPEG";
            const std::string kb = std::to_string((f.size + 1023) / 1024);
            out.push_back(
                {{"name", f.name},
                 {"href", "/preuves/" + core::PercentEncode(v.award.id) + "/" + core::PercentEncode(f.id)},
                 {"meta", F(request, "badges.file_meta", {{"type", type}, {"kb", kb}})},
                 {"label",
                  F(request, "badges.file_download_label", {{"name", f.name}, {"type", type}, {"kb", kb}})}});
        }
        return out;
    }

    std::string VerifyUrl(const std::string& award_id) const {
        return badges_.PublicBaseUrl() + "/verify?award=" + core::PercentEncode(award_id);
    }

    std::string OrgName(const std::string& org_id) const { return badges_.OrganizationName(org_id); }

    // Errors a form shows next to its fields; others are error pages.
    static bool Recoverable(const core::Error& e) {
        return e.code == core::ErrorCode::kInvalidArgument || e.code == core::ErrorCode::kConflict;
    }

    // "12 mars 2026" / "12 March 2026": the Paris calendar day of `millis`.
    std::string DateText(const http::Request& request, std::int64_t millis) const {
        return web::ParisDayInWords(millis, Lang(request));
    }

    std::string StatusLabel(const http::Request& request, BadgeStatus status) const {
        return T(request, "badges.status_" + std::string(BadgeStatusName(status)));
    }

    std::string TypeLabel(const http::Request& request, const std::string& type) const {
        const std::string key = "badges.types." + type;
        if (type.find(':') == std::string::npos && Renderer().translations().Has(key)) return T(request, key);
        return type;
    }

    std::string CompetenceName(const CompetenceRef& ref, const std::string& lang) const {
        auto fw = frameworks_.Get(ref.framework, ref.framework_version);
        if (fw) {
            if (const framework::Competence* c = fw->framework.FindCompetence(ref.competence)) {
                return c->code + " " + c->name.In(lang);
            }
        }
        return ref.competence;
    }

    std::string RuleText(const http::Request& request, const AwardRule& rule, const std::string& lang) const {
        switch (rule.kind) {
            case RuleKind::kManual:
                return T(request, "badges.rule_manual_text");
            case RuleKind::kCompetenceLevel:
                return F(request, "badges.rule_level_text",
                         {{"competence", CompetenceName(rule.competence, lang)},
                          {"level", std::to_string(rule.level)}});
            case RuleKind::kTargetProfile: {
                auto profile = frameworks_.GetProfile(rule.target_profile_id);
                const std::string name = profile ? profile->profile.name.In(lang) : rule.target_profile_id;
                return F(request, "badges.rule_profile_text", {{"profile", name}});
            }
        }
        return "";
    }

    // {text, icon, kind}: words and an icon, never a colour alone.
    json StateData(const http::Request& request, const AwardView& v) const {
        if (v.award.state == AwardState::kRevoked) {
            return {{"text", T(request, "badges.state_revoked")},
                    {"icon", "fr-icon-close-circle-line"},
                    {"kind", "error"}};
        }
        if (v.award.state == AwardState::kSuspended) {
            return {{"text", T(request, "badges.state_suspended")},
                    {"icon", "fr-icon-pause-circle-line"},
                    {"kind", "warning"}};
        }
        if (v.expired) {
            return {{"text", T(request, "badges.state_expired")},
                    {"icon", "fr-icon-time-line"},
                    {"kind", "warning"}};
        }
        return {{"text", T(request, "badges.state_active")},
                {"icon", "fr-icon-checkbox-circle-line"},
                {"kind", "success"}};
    }

    // The badge of the path, for its organisation's org_admins.
    core::Result<Badge> Managed(const http::Request& request, const account::Principal& principal) {
        const std::string id(request.PathParam("badge").value_or(""));
        auto badge = badges_.GetBadge(&principal, id);
        if (!badge) return core::Fail(badge.error());
        PASSEUR_TRY(Module().Authz().Authorize(principal, account::Action::kManageBadges, badge->org_id));
        return badge;
    }

    // The form as a complete patch (every member set); field errors in `errors`.
    BadgePatch PatchOf(const http::Request& request, const BadgeForm& form,
                       account::FormErrors& errors) const {
        BadgePatch patch;
        patch.name = form.name;
        patch.description = form.description;
        patch.criteria = form.criteria;
        patch.achievement_type = form.achievement_type;
        if (form.remove_image) {
            patch.image_svg = std::optional<std::string>();
        } else if (!account::Trim(form.image_svg).empty()) {
            patch.image_svg = std::optional<std::string>(account::Trim(form.image_svg));
        }
        std::vector<CompetenceRef> alignments;
        for (const std::string& value : form.alignments) {
            auto ref = ParseRef(value);
            if (!ref) {
                errors.Add("alignment", T(request, "badges.error_competence"));
                continue;
            }
            alignments.push_back(*ref);
        }
        patch.alignments = std::move(alignments);
        auto months = ParseInt(form.validity.empty() ? "0" : form.validity);
        if (!months || *months < 0 || *months > kMaxValidityMonths) {
            errors.Add("validity_months", T(request, "badges.error_validity"));
        } else {
            patch.validity_months = *months;
        }
        AwardRule rule;
        auto kind = ParseRuleKind(form.rule_kind);
        if (!kind) {
            errors.Add("rule_kind", T(request, "badges.error_rule_kind"));
        } else {
            rule.kind = *kind;
            if (*kind == RuleKind::kCompetenceLevel) {
                auto ref = ParseRef(form.rule_competence);
                auto level = ParseInt(form.rule_level);
                if (!ref) errors.Add("rule_competence", T(request, "badges.error_rule_competence"));
                if (!level || *level < kMinRuleLevel || *level > kMaxRuleLevel) {
                    errors.Add("rule_level", T(request, "badges.error_rule_level"));
                }
                if (ref) rule.competence = *ref;
                if (level) rule.level = *level;
            } else if (*kind == RuleKind::kTargetProfile) {
                if (form.rule_profile.empty())
                    errors.Add("rule_profile", T(request, "badges.error_rule_profile"));
                rule.target_profile_id = form.rule_profile;
            }
        }
        patch.rule = rule;
        auto status = ParseBadgeStatus(form.status);
        if (!status) {
            errors.Add("status", T(request, "badges.error_status"));
        } else {
            patch.status = *status;
        }
        return patch;
    }

    core::Result<http::Response> FormPage(http::Request& request, const account::Principal& principal,
                                          const std::string& org_id, const Badge* badge,
                                          const BadgeForm& form, const account::FormErrors& errors,
                                          unsigned status) {
        const std::string lang = Lang(request);
        auto frameworks = frameworks_.List();
        if (!frameworks) return core::Fail(frameworks.error());
        json alignment_groups = json::array();
        json rule_groups = json::array();
        for (const framework::FrameworkRecord& record : *frameworks) {
            auto fw = frameworks_.Get(record.slug, record.version);
            if (!fw) return core::Fail(fw.error());
            json aligned = json::array();
            json rule = json::array();
            for (const framework::Area& area : fw->framework.areas) {
                for (const framework::Competence& c : area.competences) {
                    const std::string value = RefValue(fw->framework.id, c.code);
                    const std::string label = c.code + " " + c.name.In(lang);
                    aligned.push_back({{"value", value},
                                       {"label", label},
                                       {"selected", form.alignments.count(value) != 0}});
                    rule.push_back(
                        {{"value", value}, {"label", label}, {"selected", form.rule_competence == value}});
                }
            }
            const std::string name = fw->framework.name.In(lang) + " " + fw->framework.version;
            alignment_groups.push_back({{"name", name}, {"competences", aligned}});
            rule_groups.push_back({{"name", name}, {"competences", rule}});
        }
        json types = json::array();
        bool type_listed = false;
        for (std::string_view t : AchievementTypes()) {
            const std::string type(t);
            type_listed |= form.achievement_type == type;
            types.push_back({{"value", type},
                             {"label", TypeLabel(request, type)},
                             {"selected", form.achievement_type == type}});
        }
        if (!type_listed && !form.achievement_type.empty()) {
            types.push_back(
                {{"value", form.achievement_type}, {"label", form.achievement_type}, {"selected", true}});
        }
        json levels = json::array();
        for (int l = kMinRuleLevel; l <= kMaxRuleLevel; ++l) {
            levels.push_back(
                {{"value", std::to_string(l)}, {"selected", form.rule_level == std::to_string(l)}});
        }
        auto profiles = frameworks_.ListProfiles();
        if (!profiles) return core::Fail(profiles.error());
        json profile_options = json::array();
        for (const framework::StoredProfile& p : *profiles) {
            profile_options.push_back({{"value", p.profile.id},
                                       {"label", p.profile.name.In(lang)},
                                       {"selected", form.rule_profile == p.profile.id}});
        }
        json kinds = json::array();
        for (const char* kind : {"manual", "competence_level", "target_profile"}) {
            kinds.push_back({{"value", kind},
                             {"id", std::string("rule-kind-") + kind},
                             {"label", T(request, std::string("badges.rule_kind_") + kind)},
                             {"hint", T(request, std::string("badges.rule_kind_") + kind + "_hint")},
                             {"checked", form.rule_kind == kind}});
        }
        json statuses = json::array();
        const BadgeStatus current = badge ? badge->status : BadgeStatus::kDraft;
        for (BadgeStatus s : {BadgeStatus::kDraft, BadgeStatus::kActive, BadgeStatus::kArchived}) {
            const bool allowed = badge == nullptr
                                     ? s != BadgeStatus::kArchived
                                     : (s == current || current == BadgeStatus::kDraft ||
                                        (current == BadgeStatus::kActive && s == BadgeStatus::kArchived) ||
                                        (current == BadgeStatus::kArchived && s == BadgeStatus::kActive));
            if (!allowed) continue;
            statuses.push_back({{"value", std::string(BadgeStatusName(s))},
                                {"label", StatusLabel(request, s)},
                                {"selected", form.status == BadgeStatusName(s)}});
        }
        json data = {{"creating", badge == nullptr},
                     {"action", badge ? EditHref(badge->id) : std::string(kStaffHref) + "/nouveau"},
                     {"org_id", org_id},
                     {"org_name", OrgName(org_id)},
                     {"cancel_href", kStaffHref},
                     {"values",
                      {{"name", form.name},
                       {"description", form.description},
                       {"criteria", form.criteria},
                       {"image_svg", form.image_svg},
                       {"validity_months", form.validity},
                       {"version", form.version}}},
                     {"has_image", form.has_image},
                     {"image_href", badge ? BadgeHref(badge->id) + "/image.svg" : std::string()},
                     {"remove_image", form.remove_image},
                     {"types", types},
                     {"alignment_groups", alignment_groups},
                     {"rule_groups", rule_groups},
                     {"rule_kinds", kinds},
                     {"levels", levels},
                     {"profiles", profile_options},
                     {"statuses", statuses},
                     {"max_svg", kMaxSvgBytes}};
        errors.Into(data);
        web::PageContext context = Context(principal, "", "organizations");
        context.title =
            badge ? F(request, "badges.edit_title", {{"name", badge->name}}) : T(request, "badges.new_title");
        if (!errors.Empty()) context.title = T(request, "badges.error_title_prefix") + " " + context.title;
        return Renderer().RenderPage(request, context, "badge_form", data, status);
    }

    core::Result<http::Response> AwardPage(http::Request& request, const account::Principal& principal,
                                           const ManualAwardInput& input, const account::FormErrors& errors,
                                           unsigned status) {
        const std::string id(request.PathParam("badge").value_or(""));
        auto learners = badges_.AwardableLearners(principal, id);
        if (!learners) return core::Fail(learners.error());
        auto badge = badges_.GetBadge(&principal, id);
        if (!badge) return core::Fail(badge.error());
        json options = json::array();
        for (const Learner& l : *learners) {
            options.push_back(
                {{"value", l.user_id}, {"label", l.name}, {"selected", l.user_id == input.learner_id}});
        }
        json data = {{"badge",
                      {{"name", badge->name},
                       {"href", BadgeHref(badge->id)},
                       {"active", badge->status == BadgeStatus::kActive},
                       {"awards_href", AwardsHref(badge->id)}}},
                     {"action", BadgeHref(badge->id) + "/attribuer"},
                     {"learners", options},
                     {"has_learners", !options.empty()},
                     {"values",
                      {{"reason", input.reason},
                       {"narrative", input.narrative},
                       {"observed_on", input.observed_on},
                       {"observer", input.observer}}},
                     {"today", IsoDate(NowMillis())},
                     {"files_hint", F(request, "badges.field_files_hint",
                                      {{"max_files", std::to_string(kMaxEvidenceFiles)},
                                       {"max_mb", std::to_string(kMaxEvidenceFileBytes / (1024 * 1024))}})},
                     {"default_observer", principal.user.display_name.empty() ? principal.user.email
                                                                              : principal.user.display_name}};
        errors.Into(data);
        web::PageContext context = Context(principal, "", "organizations");
        context.title = F(request, "badges.award_title", {{"name", badge->name}});
        if (!errors.Empty()) context.title = T(request, "badges.error_title_prefix") + " " + context.title;
        return Renderer().RenderPage(request, context, "badge_award", data, status);
    }

    core::Result<std::string> Certificate(const http::Request& request, const AwardView& v) const {
        const std::string lang = Lang(request);
        certificate::CertificateInput in;
        in.lang = lang;
        in.badge_name = v.badge.name;
        auto user = Module().Accounts().GetUser(v.award.user_id);
        if (user) in.learner_name = user->display_name;
        in.issuer_name = v.org_name;
        for (const CompetenceRef& a : v.badge.alignments) {
            if (in.competences.size() >= certificate::kMaxCertificateCompetences) break;
            certificate::CertificateCompetence c;
            c.name = CompetenceName(a, lang);
            if (v.badge.rule.kind == RuleKind::kCompetenceLevel &&
                v.badge.rule.competence.framework == a.framework &&
                v.badge.rule.competence.competence == a.competence) {
                c.level = F(request, "badges.pdf_level", {{"level", std::to_string(v.badge.rule.level)}});
            }
            in.competences.push_back(std::move(c));
        }
        in.awarded_on = DateText(request, v.award.awarded_at);
        if (v.award.expires_at != 0) in.expires_on = DateText(request, v.award.expires_at);
        in.credential_id = v.award.CredentialId();
        in.verify_url = VerifyUrl(v.award.id);
        return certificate::RenderCertificatePdf(in);
    }

    BadgeService& badges_;
    framework::FrameworkService& frameworks_;
};

}  // namespace

void RegisterBadgePages(http::Router& router, BadgeService& badges, framework::FrameworkService& frameworks,
                        account::AccountModule& accounts, web::Renderer& renderer) {
    auto pages = std::make_shared<Pages>(badges, frameworks, accounts, renderer);
    using SessionMethod = core::Result<http::Response> (Pages::*)(http::Request&, const account::Principal&);
    using FormMethod = core::Result<http::Response> (Pages::*)(http::Request&, const account::Principal&,
                                                               const http::FieldList&);
    using AnyMethod =
        core::Result<http::Response> (Pages::*)(http::Request&, const std::optional<account::Principal>&);
    auto get = [&](std::string_view pattern, SessionMethod method) {
        pages->SessionPage(router, "GET", pattern,
                           [pages, method](http::Request& request, const account::Principal& p) {
                               return ((*pages).*method)(request, p);
                           });
    };
    auto post = [&](std::string_view pattern, FormMethod method, std::size_t max_field_bytes) {
        pages->FormPost(
            router, pattern,
            [pages, method](http::Request& request, const account::Principal& p,
                            const http::FieldList& form) { return ((*pages).*method)(request, p, form); },
            max_field_bytes);
    };
    auto open = [&](std::string_view pattern, AnyMethod method) {
        pages->Page(router, "GET", pattern,
                    [pages, method](http::Request& request, const std::optional<account::Principal>& p) {
                        return ((*pages).*method)(request, p);
                    });
    };
    constexpr std::size_t kSmall = account::PageKit::kDefaultFieldMaxBytes;
    constexpr std::size_t kText = 8 * 1024;  // narratives and criteria (4000 bytes at most, checked later)
    get("/organisation/badges", &Pages::Staff);
    get("/organisation/badges/nouveau", &Pages::NewForm);
    post("/organisation/badges/nouveau", &Pages::Create, kBadgeFormFieldMaxBytes);
    get("/organisation/badges/{badge}", &Pages::EditForm);
    post("/organisation/badges/{badge}", &Pages::Save, kBadgeFormFieldMaxBytes);
    get("/organisation/badges/{badge}/attributions", &Pages::Awards);
    post("/organisation/attributions/{award}/{action}", &Pages::ChangeState, kSmall + kText);
    get("/badges/{badge}/attribuer", &Pages::AwardForm);
    router.Add(
        "POST", "/badges/{badge}/attribuer",
        [pages](http::Request& request) { return pages->AwardPost(request); }, http::RouteKind::kHtml);
    router.SetMaxBodyBytes("POST", "/badges/{badge}/attribuer", kMaxAwardUploadBytes);  // evidence files
    open("/preuves/{award}/{file}", &Pages::DownloadEvidence);
    get("/mes-badges", &Pages::Mine);
    post("/mes-badges/{award}/visibilite", &Pages::Visibility, kSmall);
    get("/mes-badges/{award}", &Pages::MineFile);  // {award}.json | {award}.pdf
    open("/badges/{badge}", &Pages::Public);
    open("/badges/{badge}/image.svg", &Pages::Image);
}

}  // namespace passeur::badge
