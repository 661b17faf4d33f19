#include "campaign/pages/participation_pages.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/account_service.hpp"
#include "account/pages/page_kit.hpp"
#include "account/password.hpp"
#include "account/principal.hpp"
#include "assessment/bank.hpp"
#include "campaign/assessment_bridge.hpp"
#include "campaign/model.hpp"
#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "web/flash.hpp"
#include "web/i18n.hpp"

namespace passeur::campaign {
namespace {

using nlohmann::json;

constexpr const char* kJoinHref = "/campagnes/rejoindre";
constexpr const char* kSignUpHref = "/campagnes/rejoindre/compte";
constexpr const char* kMineHref = "/mes-campagnes";

std::string ParticipationHref(std::string_view id) {
    return std::string(kMineHref) + "/" + core::PercentEncode(id);
}
std::string TestHref(std::string_view id) { return "/tests/" + core::PercentEncode(id); }
std::string JoinHref(std::string_view code) {
    return std::string(kJoinHref) + "?code=" + core::PercentEncode(code);
}

// The adaptations a campaign may allow, in display order (names of assessment::ParseNeeds).
struct NeedOption {
    std::uint8_t bit;
    const char* name;
};
constexpr NeedOption kNeedOptions[] = {{assessment::kScreenReader, "screen_reader"},
                                       {assessment::kNoColour, "no_colour"},
                                       {assessment::kNoTimer, "no_timer"}};

class Pages : public account::PageKit {
public:
    Pages(CampaignService& campaigns, assessment::AssessmentService& assessments,
          account::AccountModule& accounts, web::Renderer& renderer)
        : PageKit(accounts, renderer), campaigns_(campaigns), assessments_(assessments) {}

    // ---- /campagnes/rejoindre -----------------------------------------------------------------
    core::Result<http::Response> JoinPage(http::Request& request,
                                          const std::optional<account::Principal>& principal) {
        const auto code = request.Query("code");
        if (!code) return CodeForm(request, principal, "", account::FormErrors{}, 200);
        return ConsentFor(request, principal, std::string(*code), json::object(), account::FormErrors{}, "",
                          200);
    }

    core::Result<http::Response> Join(http::Request& request, const account::Principal& principal,
                                      const http::FieldList& form) {
        const std::string code = account::Trim(Field(form, "code"));
        const std::string external_id = Field(form, "external_id");
        const bool consent = Field(form, "consent") == "1";
        json values = {{"external_id", external_id}, {"consent", consent}};
        auto preview = campaigns_.Preview(code);
        if (!preview) return ConsentFor(request, principal, code, values, account::FormErrors{}, "", 400);
        account::FormErrors errors;
        if (auto external = NormalizeExternalId(preview->campaign, external_id); !external) {
            errors.Add("external_id", ExternalIdError(request, preview->campaign, external_id));
        }
        if (!consent) errors.Add("consent", T(request, "campaigns.error_consent"));
        if (!errors.Empty()) return ConsentPage(request, principal, *preview, values, errors, "", 400);
        auto joined = campaigns_.Join(principal, preview->campaign.code, external_id, consent);
        if (!joined) return JoinFailed(request, principal, *preview, values, joined.error());
        return Renderer().Redirect(
            request, ParticipationHref(joined->participation.id),
            web::Flash::Success(joined->created ? "campaigns.flash_joined" : "campaigns.flash_already_in",
                                {{"name", joined->campaign.name}}));
    }

    // POST /campagnes/rejoindre/compte: an anonymous visitor creates an account on the consent
    // screen and joins at once; the joinable campaign's code is what allows it. Fields code,
    // display_name, email, password, confirm_password, external_id (when asked), consent=1. CSRF:
    // the anonymous double-submit cookie (as the login page). Every field is checked before
    // anything is stored (consent and external id included); errors re-render the consent screen
    // (400) with the error next to the field. A campaign that cannot be joined: 409, no account.
    // Then AccountService::CreateUser (no organisation membership: joining is not membership),
    // AccountService::CountSelfSignUp (beyond its per-IP limit: 429, the consent screen says to
    // come back later, nothing stored), then
    // AccountService::Login and the session cookie (as the login page), CampaignService::Join,
    // 303 to /mes-campagnes/{participation}. If Join fails after the account was created (the
    // campaign closed in between, a store error), the account stays, the person is logged in and
    // sees the consent screen with the error. If the login is refused after the creation (the
    // login rate limit of the IP), the account stays and the person goes to the login page.
    // A logged-in visitor is sent back to the consent screen (nothing stored).
    core::Result<http::Response> SignUpAndJoin(http::Request& request,
                                               const std::optional<account::Principal>& principal) {
        if (principal) {
            const std::optional<http::FieldList> raw = request.Form();
            return Renderer().Redirect(
                request, raw ? JoinHref(account::Trim(Field(*raw, "code"))) : std::string(kJoinHref));
        }
        auto form = CheckedForm(request, std::nullopt);
        if (!form) return core::Fail(form.error());
        const std::string code = account::Trim(Field(*form, "code"));
        const std::string name = account::Trim(Field(*form, "display_name"));
        const std::string email_input = account::Trim(Field(*form, "email"));
        const std::string password = Field(*form, "password");
        const std::string confirm = Field(*form, "confirm_password");
        const std::string external_id = Field(*form, "external_id");
        const bool consent = Field(*form, "consent") == "1";
        json values = {{"display_name", name},
                       {"email", email_input},
                       {"external_id", external_id},
                       {"consent", consent}};
        auto preview = campaigns_.Preview(code);
        if (!preview) return ConsentFor(request, std::nullopt, code, values, account::FormErrors{}, "", 400);
        if (!preview->joinable) {
            return ConsentPage(request, std::nullopt, *preview, values, account::FormErrors{}, "", 409);
        }

        account::FormErrors errors;
        if (name.empty()) {
            errors.Add("display_name", T(request, "form.error_required"));
        } else if (name.size() > account::kDisplayNameMaxBytes) {
            errors.Add("display_name", T(request, "campaigns.error_display_name_invalid"));
        }
        auto email = account::NormalizeEmail(email_input);
        if (email_input.empty()) {
            errors.Add("email", T(request, "form.error_required"));
        } else if (!email) {
            errors.Add("email", T(request, "campaigns.error_email_invalid"));
        }
        if (password.empty()) {
            errors.Add("password", T(request, "form.error_required"));
        } else if (auto policy = account::CheckPasswordPolicy(password, email ? *email : email_input);
                   !policy) {
            errors.Add("password", AccountMessage(request, policy.error()));
        }
        if (confirm.empty()) {
            errors.Add("confirm_password", T(request, "form.error_required"));
        } else if (!password.empty() && !core::ConstantTimeEquals(password, confirm)) {
            errors.Add("confirm_password", T(request, "form.error_password_mismatch"));
        }
        if (auto external = NormalizeExternalId(preview->campaign, external_id); !external) {
            errors.Add("external_id", ExternalIdError(request, preview->campaign, external_id));
        }
        if (!consent) errors.Add("consent", T(request, "campaigns.error_consent"));
        if (!errors.Empty()) return ConsentPage(request, std::nullopt, *preview, values, errors, "", 400);

        if (auto counted = Module().Accounts().CountSelfSignUp(request.remote_ip); !counted) {
            if (counted.error().code != core::ErrorCode::kRateLimited) return core::Fail(counted.error());
            return ConsentPage(request, std::nullopt, *preview, values, errors,
                               T(request, "campaigns.error_signup_rate_limited"), 429);
        }
        account::NewUser input;
        input.email = *email;
        input.password = password;
        input.display_name = name;
        input.locale = Lang(request);
        auto user = Module().Accounts().CreateUser(input, "", request.remote_ip);
        if (!user) {
            const core::Error& error = user.error();
            if (error.code == core::ErrorCode::kConflict) {
                // What the invitation page already says of an address with an account, no more.
                errors.Add("email", T(request, "campaigns.error_email_taken"));
            } else if (error.code == core::ErrorCode::kInvalidArgument) {
                const std::string field =
                    error.field == "display_name" || error.field == "email" ? error.field : "password";
                errors.Add(field, AccountMessage(request, error));
            } else {
                return core::Fail(error);
            }
            return ConsentPage(request, std::nullopt, *preview, values, errors, "", 400);
        }

        auto login = Module().Accounts().Login(*email, password, request.remote_ip);
        if (!login) {
            if (login.error().code != core::ErrorCode::kRateLimited &&
                login.error().code != core::ErrorCode::kUnauthenticated) {
                return core::Fail(login.error());
            }
            web::Flash flash = web::Flash::Success("campaigns.flash_account_created_login");
            flash.kind = "info";
            return Renderer().Redirect(
                request,
                "/connexion?retour=" +
                    core::PercentEncode(JoinHref(FormatCampaignCode(preview->campaign.code))),
                flash);
        }
        account::Principal joiner;
        joiner.kind = account::PrincipalKind::kSession;
        joiner.user = login->user;
        joiner.session_id_hash = login->session.id_hash;
        joiner.csrf_token = login->session.csrf_token;

        auto joined = campaigns_.Join(joiner, preview->campaign.code, external_id, consent);
        core::Result<http::Response> response =
            joined ? Renderer().Redirect(request, ParticipationHref(joined->participation.id),
                                         web::Flash::Success("campaigns.flash_account_joined",
                                                             {{"name", joined->campaign.name}}))
                   : JoinFailed(request, joiner, *preview, values, joined.error());
        if (response) Module().Auth().SetSessionCookie(*response, login->secret);
        return response;
    }

    // ---- /mes-campagnes -----------------------------------------------------------------------
    core::Result<http::Response> Mine(http::Request& request, const account::Principal& principal) {
        auto mine = campaigns_.Repository().ParticipationsOfUser(principal.user.id);
        if (!mine) return core::Fail(mine.error());
        std::map<std::string, std::string> org_names;  // by campaign code
        json rows = json::array();
        for (auto it = mine->rbegin(); it != mine->rend(); ++it) {
            const Participation& p = it->participation;
            auto org = org_names.find(it->campaign_code);
            if (org == org_names.end()) {
                auto preview = campaigns_.Preview(it->campaign_code);
                std::string name;
                if (preview) {
                    name = preview->organization_name;
                } else if (preview.error().code != core::ErrorCode::kNotFound) {
                    return core::Fail(preview.error());
                }
                org = org_names.emplace(it->campaign_code, std::move(name)).first;
            }
            rows.push_back(
                {{"name", it->campaign_name},
                 {"organization", org->second},
                 {"href", ParticipationHref(p.id)},
                 {"status", StatusData(request, p)},
                 {"joined", F(request, "campaigns.joined_on", {{"date", Date(request, p.created_at)}})},
                 {"link_label", F(request, "campaigns.see_participation", {{"name", it->campaign_name}})}});
        }
        json data = {
            {"participations", rows}, {"has_participations", !rows.empty()}, {"join_href", kJoinHref}};
        return Renderer().RenderPage(request, Context(principal, "campaigns.mine_title", "campaigns"),
                                     "participation_list", data);
    }

    // ---- /mes-campagnes/{p} -------------------------------------------------------------------
    core::Result<http::Response> Show(http::Request& request, const account::Principal& principal) {
        return ShowPage(request, principal, account::FormErrors{}, 200);
    }

    core::Result<http::Response> StartTest(http::Request& request, const account::Principal& principal,
                                           const http::FieldList& form) {
        const std::string id(request.PathParam("p").value_or(""));
        auto participation = campaigns_.GetParticipation(principal, id);
        if (!participation) return core::Fail(participation.error());
        auto campaign = campaigns_.Repository().GetCampaign(participation->campaign_id);
        if (!campaign) return core::Fail(campaign.error());
        if (campaign->type == CampaignType::kProfileCollection) {
            return UseLatestResult(request, principal, *participation, *campaign);
        }
        std::vector<std::string> names;
        for (const auto& [name, value] : form) {
            if (name == "need") names.push_back(value);
        }
        account::FormErrors errors;
        auto needs = assessment::ParseNeeds(names);
        if (!needs || (*needs & ~campaign->settings.allowed_needs) != 0) {
            errors.Add("needs", T(request, "campaigns.error_needs"));
            return ShowPage(request, principal, errors, 400);
        }
        auto started = StartCampaignTest(campaigns_, assessments_, principal, id, *needs);
        if (!started) {
            const core::Error& error = started.error();
            if (error.code == core::ErrorCode::kInvalidArgument && error.field == "needs") {
                errors.Add("needs", T(request, "campaigns.error_needs"));
                return ShowPage(request, principal, errors, 400);
            }
            if (error.code == core::ErrorCode::kConflict) return Back(request, id, error.message);
            return core::Fail(error);
        }
        return Renderer().Redirect(request, TestHref(started->assessment_id));
    }

    core::Result<http::Response> Share(http::Request& request, const account::Principal& principal,
                                       const http::FieldList&) {
        const std::string id(request.PathParam("p").value_or(""));
        auto shared = campaigns_.Share(principal, id);
        if (!shared) {
            if (shared.error().code == core::ErrorCode::kConflict)
                return Back(request, id, shared.error().message);
            return core::Fail(shared.error());
        }
        auto preview = PreviewOf(shared->campaign_id);
        if (!preview) return core::Fail(preview.error());
        return Renderer().Redirect(
            request, ParticipationHref(id),
            web::Flash::Success("campaigns.flash_shared", {{"organization", preview->organization_name}}));
    }

    // ---- /mes-campagnes/{p}/quitter -----------------------------------------------------------
    core::Result<http::Response> LeaveForm(http::Request& request, const account::Principal& principal) {
        const std::string id(request.PathParam("p").value_or(""));
        auto participation = campaigns_.GetParticipation(principal, id);
        if (!participation) return core::Fail(participation.error());
        if (participation->status == ParticipationStatus::kLeft) {
            return Renderer().Redirect(request, ParticipationHref(id));
        }
        auto preview = PreviewOf(participation->campaign_id);
        if (!preview) return core::Fail(preview.error());
        json data = {{"campaign", preview->campaign.name},
                     {"organization", preview->organization_name},
                     {"action", ParticipationHref(id) + "/quitter"},
                     {"back_href", ParticipationHref(id)},
                     {"leave_intro",
                      F(request, "campaigns.leave_intro", {{"organization", preview->organization_name}})},
                     {"shared", participation->status == ParticipationStatus::kShared}};
        web::PageContext context = Context(principal, "", "campaigns");
        context.title = F(request, "campaigns.leave_title", {{"name", preview->campaign.name}});
        return Renderer().RenderPage(request, context, "participation_leave", data);
    }

    core::Result<http::Response> Leave(http::Request& request, const account::Principal& principal,
                                       const http::FieldList&) {
        const std::string id(request.PathParam("p").value_or(""));
        auto participation = campaigns_.GetParticipation(principal, id);
        if (!participation) return core::Fail(participation.error());
        auto campaign = campaigns_.Repository().GetCampaign(participation->campaign_id);
        if (!campaign) return core::Fail(campaign.error());
        auto left = campaigns_.Leave(principal, id);
        if (!left) {
            if (left.error().code == core::ErrorCode::kConflict)
                return Back(request, id, left.error().message);
            return core::Fail(left.error());
        }
        return Renderer().Redirect(request, kMineHref,
                                   web::Flash::Success("campaigns.flash_left", {{"name", campaign->name}}));
    }

private:
    std::string Lang(const http::Request& request) const {
        return std::string(web::LocaleCode(Renderer().LocaleOf(request)));
    }

    // "12/03/2026" (fr) or "2026-03-12" (en), the UTC date of a Unix time in milliseconds.
    std::string Date(const http::Request& request, std::int64_t millis) const {
        if (millis <= 0) return "";
        const std::string iso = core::FormatRfc3339(millis).substr(0, 10);
        if (Renderer().LocaleOf(request) == web::Locale::kEn) return iso;
        return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
    }

    core::Result<CampaignPreview> PreviewOf(const std::string& campaign_id) {
        auto campaign = campaigns_.Repository().GetCampaign(campaign_id);
        if (!campaign) return core::Fail(campaign.error());
        return campaigns_.Preview(campaign->code);
    }

    // 303 to the participation page with an error message (a step its state no longer allows).
    http::Response Back(const http::Request& request, const std::string& id,
                        const std::string& message) const {
        web::Flash flash;
        flash.kind = "error";
        flash.message_key = "campaigns.flash_error";
        flash.args = {{"message", message}};
        return Renderer().Redirect(request, ParticipationHref(id), flash);
    }

    // {text, kind, icon}: the status in words (DSFR badge), never a colour alone.
    json StatusData(const http::Request& request, const Participation& p) const {
        switch (p.status) {
            case ParticipationStatus::kStarted:
                if (p.assessment_id.empty())
                    return {{"text", T(request, "campaigns.status_to_do")}, {"kind", "new"}};
                return {{"text", T(request, "campaigns.status_in_progress")}, {"kind", "info"}};
            case ParticipationStatus::kCompleted:
                return {{"text", T(request, "campaigns.status_completed")}, {"kind", "warning"}};
            case ParticipationStatus::kShared:
                return {{"text", T(request, "campaigns.status_shared")}, {"kind", "success"}};
            case ParticipationStatus::kLeft:
                return {{"text", T(request, "campaigns.status_left")}, {"kind", ""}};
        }
        return {{"text", ""}, {"kind", ""}};
    }

    // "niveau 3 (entre 2 et 4)", or "niveau 3" when the range is one level.
    std::string LevelText(const http::Request& request, int level, int low, int high) const {
        if (low == high) return F(request, "campaigns.level_n", {{"n", std::to_string(level)}});
        return F(
            request, "campaigns.level_range",
            {{"n", std::to_string(level)}, {"low", std::to_string(low)}, {"high", std::to_string(high)}});
    }

    std::string VerdictText(const http::Request& request, std::string_view verdict) const {
        if (verdict == "met") return T(request, "campaigns.verdict_met");
        if (verdict == "gap") return T(request, "campaigns.verdict_gap");
        return T(request, "campaigns.verdict_uncertain");
    }

    // The consent screen with the error of a refused CampaignService::Join next to its field (400),
    // or as the page's message (409); other errors go to the error page.
    core::Result<http::Response> JoinFailed(const http::Request& request, const account::Principal& principal,
                                            const CampaignPreview& preview, const json& values,
                                            const core::Error& error) {
        account::FormErrors errors;
        if (error.code == core::ErrorCode::kInvalidArgument && error.field == "external_id") {
            errors.Add("external_id", error.message);
            return ConsentPage(request, principal, preview, values, errors, "", 400);
        }
        if (error.code == core::ErrorCode::kInvalidArgument && error.field == "consent") {
            errors.Add("consent", T(request, "campaigns.error_consent"));
            return ConsentPage(request, principal, preview, values, errors, "", 400);
        }
        if (error.code == core::ErrorCode::kConflict) {
            return ConsentPage(request, principal, preview, values, errors, error.message, 409);
        }
        return core::Fail(error);
    }

    // A validation message of the account component (French only): as is on French pages, the
    // field's rule restated on English ones.
    std::string AccountMessage(const http::Request& request, const core::Error& error) const {
        if (Renderer().LocaleOf(request) == web::Locale::kFr) return error.message;
        if (error.field == "display_name") return T(request, "campaigns.error_display_name_invalid");
        if (error.field == "email") return T(request, "campaigns.error_email_invalid");
        return T(request, "campaigns.error_password_policy");
    }

    std::string ExternalIdError(const http::Request& request, const Campaign& campaign,
                                std::string_view external_id) const {
        if (account::Trim(external_id).empty()) {
            return F(request, "campaigns.error_external_id_required",
                     {{"label", campaign.external_id_label}});
        }
        return F(request, "campaigns.error_external_id_invalid",
                 {{"label", campaign.external_id_label}, {"max", std::to_string(kExternalIdMaxChars)}});
    }

    // The code form; `code` is what was typed (kept in the field).
    http::Response CodeForm(const http::Request& request, const std::optional<account::Principal>& principal,
                            const std::string& code, const account::FormErrors& errors,
                            unsigned status) const {
        json data = {{"action", kJoinHref}, {"values", {{"code", code}}}};
        errors.Into(data);
        web::PageContext context = Context(principal, "campaigns.join_title", "campaigns");
        if (!errors.Empty()) {
            context.title =
                T(request, "campaigns.error_title_prefix") + " " + T(request, "campaigns.join_title");
        }
        return Renderer().RenderPage(request, context, "participation_join", data, status);
    }

    // The consent screen of `code`, or the code form with its error when the code is wrong.
    core::Result<http::Response> ConsentFor(const http::Request& request,
                                            const std::optional<account::Principal>& principal,
                                            const std::string& code, const json& values,
                                            const account::FormErrors& errors,
                                            const std::string& general_error, unsigned status) {
        auto preview = campaigns_.Preview(code);
        if (!preview) {
            const core::Error& error = preview.error();
            account::FormErrors code_errors;
            if (error.code == core::ErrorCode::kInvalidArgument) {
                code_errors.Add("code", T(request, "campaigns.error_code_invalid"));
                return CodeForm(request, principal, code, code_errors, 400);
            }
            if (error.code == core::ErrorCode::kNotFound) {
                code_errors.Add("code", T(request, "campaigns.error_code_unknown"));
                return CodeForm(request, principal, code, code_errors, 404);
            }
            return core::Fail(error);
        }
        return ConsentPage(request, principal, *preview, values, errors, general_error, status);
    }

    core::Result<http::Response> ConsentPage(const http::Request& request,
                                             const std::optional<account::Principal>& principal,
                                             const CampaignPreview& preview, const json& values,
                                             const account::FormErrors& errors,
                                             const std::string& general_error, unsigned status) {
        const Campaign& c = preview.campaign;
        const std::string printed = FormatCampaignCode(c.code);
        const std::string here = JoinHref(printed);
        const std::string profile =
            preview.profile_name.empty() ? T(request, "campaigns.profile_unknown") : preview.profile_name;

        // What the organisation will see, one short sentence each.
        json sees = json::array();
        if (principal) {
            const store::User& user = principal->user;
            sees.push_back(F(request, "campaigns.sees_name_yours",
                             {{"name", user.display_name.empty() ? user.email : user.display_name}}));
            sees.push_back(F(request, "campaigns.sees_email_yours", {{"email", user.email}}));
        } else {
            sees.push_back(T(request, "campaigns.sees_name"));
            sees.push_back(T(request, "campaigns.sees_email"));
        }
        sees.push_back(F(request, "campaigns.sees_levels", {{"profile", profile}}));
        const bool asks_external_id = !c.external_id_label.empty();
        if (asks_external_id)
            sees.push_back(F(request, "campaigns.sees_external_id", {{"label", c.external_id_label}}));

        json dates = json::array();
        if (c.opens_at > 0)
            dates.push_back(F(request, "campaigns.opens_on", {{"date", Date(request, c.opens_at)}}));
        dates.push_back(c.closes_at > 0
                            ? F(request, "campaigns.closes_on", {{"date", Date(request, c.closes_at)}})
                            : T(request, "campaigns.never_closes"));

        std::string retry;
        if (!c.retry_allowed) {
            retry = T(request, "campaigns.retry_no");
        } else if (c.retry_after_days == 0) {
            retry = T(request, "campaigns.retry_any_time");
        } else {
            retry = F(request, "campaigns.retry_after", {{"days", std::to_string(c.retry_after_days)}});
        }

        // A person already in the campaign gets a link to their participation.
        std::string current_href;
        bool may_join = preview.joinable;
        if (principal && preview.joinable) {
            auto live = campaigns_.Repository().LiveParticipation(c.id, principal->user.id);
            if (!live) return core::Fail(live.error());
            if (*live) {
                current_href = ParticipationHref((*live)->id);
                may_join = c.retry_allowed && (*live)->status != ParticipationStatus::kStarted;
            }
        }

        json data = {
            {"campaign",
             {{"name", c.name},
              {"organization", preview.organization_name},
              {"profile", profile},
              {"code", printed},
              {"collection", c.type == CampaignType::kProfileCollection}}},
            {"intro", F(request, "campaigns.consent_intro", {{"organization", preview.organization_name}})},
            {"sees_heading",
             F(request, "campaigns.sees_heading", {{"organization", preview.organization_name}})},
            {"sees", sees},
            {"asks_external_id", asks_external_id},
            {"external_id",
             {{"label", c.external_id_label},
              {"purpose", c.external_id_purpose},
              {"purpose_text",
               F(request, "campaigns.external_id_purpose", {{"purpose", c.external_id_purpose}})},
              {"max", kExternalIdMaxChars}}},
            {"dates", dates},
            {"retry", retry},
            {"joinable", preview.joinable},
            {"not_joinable_reason", preview.not_joinable_reason},
            {"anonymous", !principal.has_value()},
            {"login_href", "/connexion?retour=" + core::PercentEncode(here)},
            {"no_account", F(request, "campaigns.no_account", {{"organization", preview.organization_name}})},
            {"signup_action", kSignUpHref},
            {"signup_name_hint",
             F(request, "campaigns.field_display_name_hint", {{"organization", preview.organization_name}})},
            {"signup",
             {{"name_max", account::kDisplayNameMaxBytes},
              {"email_max", account::kEmailMaxBytes},
              {"password_min", account::kPasswordMinBytes},
              {"password_max", account::kPasswordMaxBytes}}},
            {"current_href", current_href},
            {"has_current", !current_href.empty()},
            {"may_join", may_join && principal.has_value()},
            {"action", kJoinHref},
            {"code", c.code},
            {"values", values.is_object() ? values : json::object()},
            {"general_error", general_error},
            {"has_general_error", !general_error.empty()},
            {"other_code_href", kJoinHref}};
        errors.Into(data);
        web::PageContext context = Context(principal, "", "campaigns");
        context.title = F(request, "campaigns.consent_title", {{"name", c.name}});
        if (!errors.Empty() || !general_error.empty()) {
            context.title = T(request, "campaigns.error_title_prefix") + " " + context.title;
        }
        return Renderer().RenderPage(request, context, "participation_consent", data, status);
    }

    // Links the person's latest completed test of the profile to a profile collection.
    core::Result<http::Response> UseLatestResult(const http::Request& request,
                                                 const account::Principal& principal, const Participation& p,
                                                 const Campaign& campaign) {
        auto latest =
            campaigns_.Repository().LatestCompletedAssessment(principal.user.id, campaign.target_profile_id);
        if (!latest) return core::Fail(latest.error());
        if (!*latest) return Back(request, p.id, T(request, "campaigns.collection_no_result"));
        auto attached = campaigns_.AttachAssessment(principal, p.id, (*latest)->id);
        if (!attached) {
            const core::Error& error = attached.error();
            if (error.code == core::ErrorCode::kConflict || error.code == core::ErrorCode::kInvalidArgument) {
                return Back(request, p.id, error.message);
            }
            return core::Fail(error);
        }
        return Renderer().Redirect(request, ParticipationHref(p.id),
                                   web::Flash::Success("campaigns.flash_result_added"));
    }

    // The levels of the linked test (completed: what sharing will send) or the stored snapshot
    // (shared: what the organisation sees), with competence names from the test's result.
    core::Result<json> LevelRows(const http::Request& request, const account::Principal& principal,
                                 const Participation& p) {
        json rows = json::array();
        if (p.assessment_id.empty()) return rows;
        const std::string lang = Lang(request);
        auto result = assessments_.Result(principal, p.assessment_id);
        if (!result && result.error().code != core::ErrorCode::kNotFound) return core::Fail(result.error());
        std::map<std::string, std::string> names;  // "framework|code" -> "code name"
        if (result) {
            for (const assessment::CompetenceResult& c : result->competences) {
                const std::string& name = c.name.In(lang);
                names[c.framework + "|" + c.competence] =
                    name.empty() ? c.competence : c.competence + " " + name;
            }
        }
        auto name_of = [&](const std::string& framework, const std::string& competence) {
            auto it = names.find(framework + "|" + competence);
            return it == names.end() ? competence : it->second;
        };
        if (p.status == ParticipationStatus::kShared) {
            auto mine = campaigns_.Repository().ParticipationsOfUser(p.user_id);
            if (!mine) return core::Fail(mine.error());
            for (const auto& entry : *mine) {
                if (entry.participation.id != p.id) continue;
                for (const CompetenceCell& cell : entry.shared) {
                    rows.push_back({{"name", name_of(cell.framework, cell.competence)},
                                    {"level", LevelText(request, cell.level, cell.low, cell.high)},
                                    {"target", F(request, "campaigns.level_n",
                                                 {{"n", std::to_string(cell.target_level)}})},
                                    {"verdict", VerdictText(request, cell.verdict)}});
                }
            }
            return rows;
        }
        if (!result || result->in_progress) return rows;
        for (const assessment::CompetenceResult& c : result->competences) {
            rows.push_back(
                {{"name", name_of(c.framework, c.competence)},
                 {"level", LevelText(request, c.range.level, c.range.low, c.range.high)},
                 {"target", F(request, "campaigns.level_n", {{"n", std::to_string(c.target_level)}})},
                 {"verdict", VerdictText(request, c.verdict)}});
        }
        return rows;
    }

    core::Result<http::Response> ShowPage(http::Request& request, const account::Principal& principal,
                                          const account::FormErrors& errors, unsigned status) {
        const std::string id(request.PathParam("p").value_or(""));
        auto participation = campaigns_.GetParticipation(principal, id);
        if (!participation) return core::Fail(participation.error());
        const Participation& p = *participation;
        auto preview = PreviewOf(p.campaign_id);
        if (!preview) return core::Fail(preview.error());
        const Campaign& c = preview->campaign;
        const std::string profile =
            preview->profile_name.empty() ? T(request, "campaigns.profile_unknown") : preview->profile_name;
        const bool collection = c.type == CampaignType::kProfileCollection;
        const bool to_do = p.status == ParticipationStatus::kStarted && p.assessment_id.empty();
        const bool in_progress = p.status == ParticipationStatus::kStarted && !p.assessment_id.empty();
        const bool completed = p.status == ParticipationStatus::kCompleted;
        const bool shared = p.status == ParticipationStatus::kShared;
        const bool left = p.status == ParticipationStatus::kLeft;

        json needs = json::array();
        for (const NeedOption& option : kNeedOptions) {
            if ((c.settings.allowed_needs & option.bit) == 0) continue;
            needs.push_back({{"value", option.name},
                             {"id", std::string("need-") + option.name},
                             {"label", T(request, std::string("campaigns.need_") + option.name)}});
        }

        std::string answered;
        if (in_progress) {
            auto test = assessments_.Get(principal, p.assessment_id);
            if (test) {
                answered = F(request, "campaigns.answered_count", {{"n", std::to_string(test->answered)}});
            } else if (test.error().code != core::ErrorCode::kNotFound) {
                return core::Fail(test.error());
            }
        }
        std::string latest_result;
        if (to_do && collection) {
            auto latest =
                campaigns_.Repository().LatestCompletedAssessment(principal.user.id, c.target_profile_id);
            if (!latest) return core::Fail(latest.error());
            if (*latest)
                latest_result = F(request, "campaigns.collection_use",
                                  {{"date", Date(request, (*latest)->completed_at)}});
        }
        json levels = json::array();
        if (completed || shared) {
            auto rows = LevelRows(request, principal, p);
            if (!rows) return core::Fail(rows.error());
            levels = std::move(*rows);
        }

        json sees = json::array();
        const store::User& user = principal.user;
        sees.push_back(F(request, "campaigns.sees_name_yours",
                         {{"name", user.display_name.empty() ? user.email : user.display_name}}));
        sees.push_back(F(request, "campaigns.sees_email_yours", {{"email", user.email}}));
        if (!c.external_id_label.empty()) {
            sees.push_back(F(request, "campaigns.sees_external_id_value",
                             {{"label", c.external_id_label}, {"value", p.external_id}}));
        }
        sees.push_back(F(request, "campaigns.sees_levels_below", {{"profile", profile}}));

        const std::string base = ParticipationHref(p.id);
        json data = {
            {"campaign",
             {{"name", c.name},
              {"organization", preview->organization_name},
              {"profile", profile},
              {"collection", collection}}},
            {"status", StatusData(request, p)},
            {"joined", F(request, "campaigns.joined_on", {{"date", Date(request, p.created_at)}})},
            {"to_do", to_do && !collection},
            {"collection_to_do", to_do && collection},
            {"latest_result", latest_result},
            {"has_latest_result", !latest_result.empty()},
            {"in_progress", in_progress},
            {"completed", completed},
            {"shared", shared},
            {"left", left},
            {"answered", answered},
            {"needs", needs},
            {"has_needs", !needs.empty()},
            {"test_action", base + "/test"},
            {"share_action", base + "/partager"},
            {"leave_href", base + "/quitter"},
            {"test_href", in_progress ? TestHref(p.assessment_id) : std::string()},
            {"result_href",
             p.assessment_id.empty() ? std::string() : TestHref(p.assessment_id) + "/resultat"},
            {"tests_href", "/tests"},
            {"mine_href", kMineHref},
            {"sees_heading",
             F(request, "campaigns.sees_heading", {{"organization", preview->organization_name}})},
            {"sees", sees},
            {"levels", levels},
            {"has_levels", !levels.empty()},
            {"shared_on",
             F(request, "campaigns.shared_on",
               {{"date", Date(request, p.shared_at)}, {"organization", preview->organization_name}})},
            {"left_on", F(request, "campaigns.left_on", {{"date", Date(request, p.left_at)}})},
            {"rejoin_href", preview->joinable ? JoinHref(FormatCampaignCode(c.code)) : std::string()},
            {"external_id",
             {{"label", c.external_id_label},
              {"value", p.external_id},
              {"asked", !c.external_id_label.empty()}}}};
        errors.Into(data);
        web::PageContext context = Context(principal, "", "campaigns");
        context.title = c.name;
        if (!errors.Empty()) context.title = T(request, "campaigns.error_title_prefix") + " " + context.title;
        return Renderer().RenderPage(request, context, "participation_show", data, status);
    }

    CampaignService& campaigns_;
    assessment::AssessmentService& assessments_;
};

}  // namespace

void RegisterParticipationPages(http::Router& router, CampaignService& campaigns,
                                assessment::AssessmentService& assessments, account::AccountModule& accounts,
                                web::Renderer& renderer) {
    auto pages = std::make_shared<Pages>(campaigns, assessments, accounts, renderer);
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
                            const http::FieldList& form) { return ((*pages).*method)(request, p, form); });
    };
    pages->Page(router, "GET", kJoinHref,
                [pages](http::Request& request, const std::optional<account::Principal>& p) {
                    return pages->JoinPage(request, p);
                });
    post(kJoinHref, &Pages::Join);
    pages->Page(router, "POST", kSignUpHref,
                [pages](http::Request& request, const std::optional<account::Principal>& p) {
                    return pages->SignUpAndJoin(request, p);
                });
    get(kMineHref, &Pages::Mine);
    get("/mes-campagnes/{p}", &Pages::Show);
    post("/mes-campagnes/{p}/test", &Pages::StartTest);
    post("/mes-campagnes/{p}/partager", &Pages::Share);
    get("/mes-campagnes/{p}/quitter", &Pages::LeaveForm);
    post("/mes-campagnes/{p}/quitter", &Pages::Leave);
}

}  // namespace passeur::campaign
