#include "account/pages/account_pages.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "account/pages/page_kit.hpp"
#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "web/csrf.hpp"
#include "web/i18n.hpp"

namespace passeur::account {
namespace {

using nlohmann::json;
constexpr const char* kOrgKinds[] = {"epn",          "association", "france_services", "training_provider",
                                     "collectivite", "hub",         "employer",        "other"};
constexpr const char* kOrgRoles[] = {"learner", "mediator", "org_admin", "coordinator"};

class Pages : public PageKit {
public:
    Pages(AccountModule& module, web::Renderer& renderer)
        : PageKit(module, renderer), module_(module), renderer_(renderer) {}

    void SetLangCookie(http::Response& response, const http::Request& request, std::string_view locale) {
        if (!web::ParseLocale(locale)) return;
        http::CookieOptions options;
        options.http_only = false;
        options.secure = request.secure;
        options.max_age_seconds = 365LL * 24 * 3600;
        response.SetCookie(web::kLangCookie, locale, options);
    }

    std::string RoleLabel(const http::Request& request, std::string_view role) {
        if (!IsOrgRole(role)) return std::string(role);
        return T(request, "org.role_" + std::string(role));
    }
    std::string KindLabel(const http::Request& request, std::string_view kind) {
        if (!IsOrgKind(kind)) return std::string(kind);
        return T(request, "orgs.kind_" + std::string(kind));
    }

    // ---- home -----------------------------------------------------------------------------
    core::Result<http::Response> Home(http::Request& request) {
        auto principal = CurrentPrincipal(request);
        if (!principal) return core::Fail(principal.error());
        if (!*principal) {
            return renderer_.RenderPage(request, Context(std::nullopt, "home.anon_title", "home"),
                                        "home_anonymous", json::object());
        }
        web::PageContext context = Context(*principal, "home.title", "home");
        const web::PageUser& user = *context.user;
        json roles = json::array();
        auto add = [&](bool has, const char* role) {
            if (!has) return;
            roles.push_back({{"label", T(request, std::string("home.role_") + role)},
                             {"soon", T(request, std::string("home.soon_") + role)}});
        };
        add(user.learner, "learner");
        add(user.mediator, "mediator");
        add(user.org_admin, "org_admin");
        add(user.coordinator, "coordinator");
        add(user.platform_admin, "platform_admin");
        bool no_org = roles.empty();
        if (roles.empty()) add(true, "learner");
        json data = {
            {"greeting", F(request, "home.hello",
                           {{"name", context.user->display_name.empty() ? context.user->email
                                                                        : context.user->display_name}})},
            {"roles", roles},
            {"no_org", no_org && !user.platform_admin}};
        return renderer_.RenderPage(request, context, "home", data);
    }

    // ---- login / logout -------------------------------------------------------------------
    http::Response LoginPage(const http::Request& request, const json& values, const FormErrors& errors,
                             std::string back, unsigned status) {
        json data = {{"values", values}, {"back", web::IsLocalPath(back) ? back : std::string("/")}};
        errors.Into(data);
        return renderer_.RenderPage(request, Context(std::nullopt, "login.title", ""), "login", data, status);
    }

    core::Result<http::Response> GetLogin(http::Request& request) {
        auto principal = CurrentPrincipal(request);
        if (!principal) return core::Fail(principal.error());
        std::string back(request.Query("retour").value_or("/"));
        if (*principal) return renderer_.Redirect(request, web::IsLocalPath(back) ? back : "/");
        return LoginPage(request, json::object(), FormErrors{}, back, 200);
    }

    core::Result<http::Response> PostLogin(http::Request& request) {
        auto principal = CurrentPrincipal(request);
        if (!principal) return core::Fail(principal.error());
        if (*principal) return renderer_.Redirect(request, "/");
        auto form = CheckedForm(request, std::nullopt);
        if (!form) return core::Fail(form.error());
        std::string email = Trim(Field(*form, "email"));
        std::string password = Field(*form, "password");
        std::string back = Field(*form, "back");
        json values = {{"email", email}};
        FormErrors errors;
        if (email.empty()) errors.Add("email", T(request, "form.error_required"));
        if (password.empty()) errors.Add("password", T(request, "form.error_required"));
        if (!errors.Empty()) return LoginPage(request, values, errors, back, 400);
        auto login = module_.Accounts().Login(email, password, request.remote_ip);
        if (!login) {
            const core::Error& error = login.error();
            if (error.code == core::ErrorCode::kRateLimited) {
                errors.Add("email", T(request, "login.error_rate_limited"));
                return LoginPage(request, values, errors, back, 429);
            }
            if (error.code == core::ErrorCode::kUnauthenticated ||
                error.code == core::ErrorCode::kInvalidArgument) {
                errors.Add("password", T(request, "login.error_credentials"));
                return LoginPage(request, values, errors, back, 400);
            }
            return core::Fail(error);
        }
        http::Response response = renderer_.Redirect(request, web::IsLocalPath(back) ? back : "/",
                                                     web::Flash::Success("flash.logged_in"));
        module_.Auth().SetSessionCookie(response, login->secret);
        SetLangCookie(response, request, login->user.locale);
        return response;
    }

    core::Result<http::Response> PostLogout(http::Request& request) {
        auto principal = CurrentPrincipal(request);
        if (!principal) return core::Fail(principal.error());
        if (!*principal) return renderer_.Redirect(request, "/");
        auto form = CheckedForm(request, *principal);
        if (!form) return core::Fail(form.error());
        PASSEUR_TRY(module_.Accounts().Logout(**principal, request.remote_ip));
        http::Response response = renderer_.Redirect(request, "/", web::Flash::Success("flash.logged_out"));
        module_.Auth().ClearSessionCookie(response);
        return response;
    }

    // ---- language ---------------------------------------------------------------------------
    core::Result<http::Response> PostLanguage(http::Request& request) {
        auto principal = CurrentPrincipal(request);
        if (!principal) return core::Fail(principal.error());
        auto form = CheckedForm(request, *principal);
        if (!form) return core::Fail(form.error());
        std::string lang = Field(*form, "lang");
        if (!web::ParseLocale(lang)) {
            return core::Fail(core::Error::InvalidArgument("La langue doit être fr ou en.", "lang"));
        }
        std::string back = Field(*form, "back");
        if (*principal) {
            // Best effort: the cookie alone already switches the pages.
            ProfilePatch patch;
            patch.locale = lang;
            (void)module_.Accounts().UpdateProfile(**principal, patch, request.remote_ip);
        }
        http::Response response = renderer_.Redirect(request, web::IsLocalPath(back) ? back : "/");
        SetLangCookie(response, request, lang);
        return response;
    }

    // ---- account ----------------------------------------------------------------------------
    core::Result<http::Response> AccountPage(const http::Request& request, const Principal& principal,
                                             const FormErrors& errors, const json& values, unsigned status) {
        auto user = module_.Accounts().GetUser(principal.user.id);
        if (!user) return core::Fail(user.error());
        json account = {{"email", user->email},
                        {"display_name", user->display_name},
                        {"locale_fr", user->locale != "en"},
                        {"locale_en", user->locale == "en"}};
        if (values.contains("display_name")) account["display_name"] = values["display_name"];
        json data = {{"account", account}};
        errors.Into(data);
        return renderer_.RenderPage(request, Context(principal, "account.title", "account"), "account", data,
                                    status);
    }

    core::Result<http::Response> GetAccount(http::Request& request, const Principal& principal) {
        return AccountPage(request, principal, FormErrors{}, json::object(), 200);
    }

    core::Result<http::Response> PostProfile(http::Request& request, const Principal& principal,
                                             const http::FieldList& form) {
        std::string name = Trim(Field(form, "display_name"));
        std::string locale = Field(form, "locale");
        FormErrors errors;
        if (name.empty()) errors.Add("display_name", T(request, "form.error_required"));
        if (!web::ParseLocale(locale)) locale = "fr";
        if (!errors.Empty()) return AccountPage(request, principal, errors, {{"display_name", name}}, 400);
        ProfilePatch patch;
        patch.display_name = name;
        patch.locale = locale;
        auto updated = module_.Accounts().UpdateProfile(principal, patch, request.remote_ip);
        if (!updated) {
            if (updated.error().code != core::ErrorCode::kInvalidArgument) return core::Fail(updated.error());
            errors.Add("display_name", updated.error().message);
            return AccountPage(request, principal, errors, {{"display_name", name}}, 400);
        }
        http::Response response =
            renderer_.Redirect(request, "/compte", web::Flash::Success("flash.profile_saved"));
        SetLangCookie(response, request, locale);
        return response;
    }

    core::Result<http::Response> PostPassword(http::Request& request, const Principal& principal,
                                              const http::FieldList& form) {
        std::string current = Field(form, "current_password");
        std::string next = Field(form, "new_password");
        std::string confirm = Field(form, "confirm_password");
        FormErrors errors;
        if (current.empty()) errors.Add("current_password", T(request, "form.error_required"));
        if (next.empty()) errors.Add("new_password", T(request, "form.error_required"));
        if (confirm.empty()) errors.Add("confirm_password", T(request, "form.error_required"));
        if (!next.empty() && !confirm.empty() && !core::ConstantTimeEquals(next, confirm)) {
            errors.Add("confirm_password", T(request, "form.error_password_mismatch"));
        }
        if (!errors.Empty()) return AccountPage(request, principal, errors, json::object(), 400);
        auto changed = module_.Accounts().ChangePassword(principal, current, next, request.remote_ip);
        if (!changed) {
            const core::Error& error = changed.error();
            switch (error.code) {
                case core::ErrorCode::kUnauthenticated:
                    errors.Add("current_password", T(request, "account.error_current_password"));
                    break;
                case core::ErrorCode::kRateLimited:
                    errors.Add("current_password", T(request, "login.error_rate_limited"));
                    break;
                case core::ErrorCode::kInvalidArgument:
                    errors.Add(error.field == "current_password" ? "current_password" : "new_password",
                               error.message);
                    break;
                default:
                    return core::Fail(error);
            }
            return AccountPage(request, principal, errors, json::object(),
                               error.code == core::ErrorCode::kRateLimited ? 429 : 400);
        }
        http::Response response =
            renderer_.Redirect(request, "/compte", web::Flash::Success("flash.password_changed"));
        module_.Auth().SetSessionCookie(response, changed->secret);
        return response;
    }

    core::Result<http::Response> GetExport(http::Request& /*request*/, const Principal& principal) {
        auto exported = module_.Accounts().Export(principal);
        if (!exported) return core::Fail(exported.error());
        http::Response response = http::Response::Json(*exported);
        response.SetHeader("Content-Disposition", "attachment; filename=\"passeur-mes-donnees.json\"");
        response.SetHeader("Cache-Control", "no-store");
        return response;
    }

    core::Result<http::Response> PostDelete(http::Request& request, const Principal& principal,
                                            const http::FieldList& form) {
        std::string password = Field(form, "password");
        FormErrors errors;
        if (password.empty()) {
            errors.Add("delete_password", T(request, "form.error_required"));
            return AccountPage(request, principal, errors, json::object(), 400);
        }
        auto deleted = module_.Accounts().DeleteAccount(principal, password, request.remote_ip);
        if (!deleted) {
            const core::Error& error = deleted.error();
            if (error.code == core::ErrorCode::kUnauthenticated) {
                errors.Add("delete_password", T(request, "account.error_current_password"));
            } else if (error.code == core::ErrorCode::kConflict ||
                       error.code == core::ErrorCode::kInvalidArgument ||
                       error.code == core::ErrorCode::kRateLimited) {
                errors.Add("delete_password", error.message);
            } else {
                return core::Fail(error);
            }
            return AccountPage(request, principal, errors, json::object(), 400);
        }
        http::Response response =
            renderer_.Redirect(request, "/", web::Flash::Success("flash.account_deleted"));
        module_.Auth().ClearSessionCookie(response);
        return response;
    }

    // ---- organisations ------------------------------------------------------------------------
    json KindOptions(const http::Request& request, std::string_view selected) {
        json kinds = json::array();
        for (const char* kind : kOrgKinds) {
            kinds.push_back(
                {{"value", kind}, {"label", KindLabel(request, kind)}, {"selected", selected == kind}});
        }
        return kinds;
    }
    // The coordinator role is offered only to platform admins (the only ones allowed to grant it),
    // or shown when it is the member's current role.
    json RoleOptions(const http::Request& request, std::string_view selected, bool can_grant_coordinator) {
        json roles = json::array();
        for (const char* role : kOrgRoles) {
            if (role == kRoleCoordinator && !can_grant_coordinator && selected != role) continue;
            roles.push_back(
                {{"value", role}, {"label", RoleLabel(request, role)}, {"selected", selected == role}});
        }
        return roles;
    }

    core::Result<http::Response> OrganizationsPage(const http::Request& request, const Principal& principal,
                                                   const FormErrors& errors, const json& values,
                                                   unsigned status) {
        auto orgs = module_.Organizations().List(principal, 200, 0);
        if (!orgs) return core::Fail(orgs.error());
        std::map<std::string, std::string> my_roles;
        if (auto memberships = module_.Accounts().Memberships(principal.user.id)) {
            for (const MembershipView& view : *memberships)
                my_roles[view.membership.org_id] = view.membership.role;
        }
        json rows = json::array();
        for (const store::Organization& org : *orgs) {
            auto role = my_roles.find(org.id);
            rows.push_back({{"id", org.id},
                            {"name", org.name},
                            {"kind_label", KindLabel(request, org.kind)},
                            {"department", org.department.empty() ? T(request, "org.none") : org.department},
                            {"role_label",
                             role == my_roles.end() ? std::string("—") : RoleLabel(request, role->second)}});
        }
        bool admin = principal.IsPlatformAdmin();
        json data = {{"orgs", rows},
                     {"has_orgs", !rows.empty()},
                     {"heading", T(request, admin ? "orgs.title_all" : "orgs.title")},
                     {"can_create", admin},
                     {"values", values},
                     {"kinds", KindOptions(request, values.value("kind", "epn"))}};
        errors.Into(data);
        return renderer_.RenderPage(
            request, Context(principal, admin ? "orgs.title_all" : "orgs.title", "organizations"),
            "organizations", data, status);
    }

    core::Result<http::Response> GetOrganizations(http::Request& request, const Principal& principal) {
        return OrganizationsPage(request, principal, FormErrors{}, json::object(), 200);
    }

    core::Result<http::Response> PostOrganizations(http::Request& request, const Principal& principal,
                                                   const http::FieldList& form) {
        OrganizationInput input{.name = Trim(Field(form, "name")),
                                .kind = Field(form, "kind"),
                                .department = Trim(Field(form, "department"))};
        json values = {{"name", input.name}, {"kind", input.kind}, {"department", input.department}};
        FormErrors errors;
        if (input.name.empty()) errors.Add("name", T(request, "form.error_required"));
        if (!errors.Empty()) return OrganizationsPage(request, principal, errors, values, 400);
        auto created = module_.Organizations().Create(principal, input, request.remote_ip);
        if (!created) {
            const core::Error& error = created.error();
            if (error.code != core::ErrorCode::kInvalidArgument && error.code != core::ErrorCode::kConflict) {
                return core::Fail(error);
            }
            std::string field = error.field == "kind" || error.field == "department" ? error.field : "name";
            errors.Add(field, error.message);
            return OrganizationsPage(request, principal, errors, values, 400);
        }
        return renderer_.Redirect(request, "/organisations/" + created->id,
                                  web::Flash::Success("flash.org_created", {{"name", created->name}}));
    }

    core::Result<http::Response> OrganizationPage(const http::Request& request, const Principal& principal,
                                                  std::string_view org_id, const FormErrors& errors,
                                                  const json& values, unsigned status) {
        auto org = module_.Organizations().Get(principal, org_id);
        if (!org) return core::Fail(org.error());
        const Authorizer& authz = module_.Authz();
        auto my_role = authz.RoleIn(principal, org_id);
        if (!my_role) return core::Fail(my_role.error());
        bool can_manage = authz.Authorize(principal, Action::kManageMembers, org_id).has_value();
        bool can_invite = authz.Authorize(principal, Action::kManageInvitations, org_id).has_value();
        bool show_members = authz.Authorize(principal, Action::kReadMembers, org_id).has_value();
        json data = {
            {"org",
             {{"id", org->id},
              {"name", org->name},
              {"kind_label", KindLabel(request, org->kind)},
              {"department_label", org->department.empty() ? T(request, "org.none") : org->department}}},
            {"my_role_label", my_role->empty() ? std::string() : RoleLabel(request, *my_role)},
            {"can_manage", can_manage && can_invite},
            {"show_members", show_members},
            {"can_manage_places", authz.Authorize(principal, Action::kManagePlaces, org_id).has_value()},
            {"values", values},
            {"invite_roles",
             RoleOptions(request, values.value("role", "learner"), principal.IsPlatformAdmin())}};
        if (my_role->empty()) data.erase("my_role_label");
        if (show_members) {
            auto members = module_.Organizations().ListMembers(principal, org_id);
            if (!members) return core::Fail(members.error());
            json rows = json::array();
            for (const MemberView& member : *members) {
                std::string name = member.display_name.empty() ? member.email : member.display_name;
                rows.push_back({{"user_id", member.membership.user_id},
                                {"display_name", name},
                                {"email", member.email},
                                {"role_label", RoleLabel(request, member.membership.role)},
                                {"is_me", member.membership.user_id == principal.user.id},
                                {"change_role_label", F(request, "org.change_role_label", {{"name", name}})},
                                {"remove_label", F(request, "org.remove_submit", {{"name", name}})},
                                {"role_options",
                                 RoleOptions(request, member.membership.role, principal.IsPlatformAdmin())}});
            }
            data["members"] = rows;
        }
        if (can_manage && can_invite) {
            auto invitations = module_.Organizations().ListInvitations(principal, org_id);
            if (!invitations) return core::Fail(invitations.error());
            json rows = json::array();
            for (const store::Invitation& invitation : *invitations) {
                rows.push_back(
                    {{"id", invitation.id},
                     {"email", invitation.email},
                     {"role_label", RoleLabel(request, invitation.role)},
                     {"expires", core::FormatRfc3339(invitation.expires_at).substr(0, 10)},
                     {"revoke_label", F(request, "org.revoke_submit", {{"email", invitation.email}})}});
            }
            data["has_invitations"] = !rows.empty();
            data["invitations"] = rows;
        }
        errors.Into(data);
        web::PageContext context = Context(principal, "", "organizations");
        context.title = org->name;
        return renderer_.RenderPage(request, context, "organization", data, status);
    }

    core::Result<http::Response> GetOrganization(http::Request& request, const Principal& principal) {
        std::string org_id(request.PathParam("org").value_or(""));
        return OrganizationPage(request, principal, org_id, FormErrors{}, json::object(), 200);
    }

    core::Result<http::Response> PostInvitation(http::Request& request, const Principal& principal,
                                                const http::FieldList& form) {
        std::string org_id(request.PathParam("org").value_or(""));
        std::string email = Trim(Field(form, "email"));
        std::string role = Field(form, "role");
        json values = {{"email", email}, {"role", role}};
        FormErrors errors;
        if (email.empty()) errors.Add("email", T(request, "form.error_required"));
        if (!errors.Empty()) return OrganizationPage(request, principal, org_id, errors, values, 400);
        auto created =
            module_.Organizations().CreateInvitation(principal, org_id, email, role, request.remote_ip);
        if (!created) {
            const core::Error& error = created.error();
            if (error.code != core::ErrorCode::kInvalidArgument && error.code != core::ErrorCode::kConflict) {
                return core::Fail(error);
            }
            errors.Add(error.field == "role" ? "role" : "email", error.message);
            return OrganizationPage(request, principal, org_id, errors, values, 400);
        }
        return renderer_.Redirect(
            request, "/organisations/" + org_id,
            web::Flash::Success("flash.invitation_created",
                                {{"email", created->invitation.email}, {"link", created->url}}));
    }

    core::Result<http::Response> PostRevokeInvitation(http::Request& request, const Principal& principal,
                                                      const http::FieldList& /*form*/) {
        std::string org_id(request.PathParam("org").value_or(""));
        std::string invitation_id(request.PathParam("invitation").value_or(""));
        PASSEUR_TRY(
            module_.Organizations().RevokeInvitation(principal, org_id, invitation_id, request.remote_ip));
        return renderer_.Redirect(request, "/organisations/" + org_id,
                                  web::Flash::Success("flash.invitation_revoked"));
    }

    core::Result<http::Response> PostMemberRole(http::Request& request, const Principal& principal,
                                                const http::FieldList& form) {
        std::string org_id(request.PathParam("org").value_or(""));
        std::string user_id(request.PathParam("user").value_or(""));
        auto changed = module_.Organizations().ChangeMemberRole(principal, org_id, user_id,
                                                                Field(form, "role"), request.remote_ip);
        if (!changed) return core::Fail(changed.error());
        return renderer_.Redirect(request, "/organisations/" + org_id,
                                  web::Flash::Success("flash.member_role_changed"));
    }

    core::Result<http::Response> PostRemoveMember(http::Request& request, const Principal& principal,
                                                  const http::FieldList& /*form*/) {
        std::string org_id(request.PathParam("org").value_or(""));
        std::string user_id(request.PathParam("user").value_or(""));
        PASSEUR_TRY(module_.Organizations().RemoveMember(principal, org_id, user_id, request.remote_ip));
        if (user_id == principal.user.id) {
            return renderer_.Redirect(request, "/organisations", web::Flash::Success("flash.member_removed"));
        }
        return renderer_.Redirect(request, "/organisations/" + org_id,
                                  web::Flash::Success("flash.member_removed"));
    }

    // ---- invitations ------------------------------------------------------------------------
    core::Result<http::Response> InvitationPage(const http::Request& request,
                                                const std::optional<Principal>& principal,
                                                const std::string& token, const FormErrors& errors,
                                                const json& values, unsigned status) {
        auto preview = module_.Organizations().PreviewInvitation(token);
        if (!preview) return core::Fail(preview.error());
        const store::Invitation& invitation = preview->invitation;
        bool same_user = principal && principal->user.email == invitation.email;
        json data = {
            {"token", token},
            {"email", invitation.email},
            {"heading", F(request, "invite.heading", {{"org", preview->org_name}})},
            {"intro", F(request, "invite.intro",
                        {{"email", invitation.email}, {"role", RoleLabel(request, invitation.role)}})},
            {"can_accept", same_user},
            {"wrong_user", principal.has_value() && !same_user},
            {"must_login", !principal && preview->account_exists},
            {"can_create", !principal && !preview->account_exists},
            {"values", values}};
        errors.Into(data);
        return renderer_.RenderPage(request, Context(principal, "invite.title", ""), "invitation", data,
                                    status);
    }

    core::Result<http::Response> GetInvitation(http::Request& request) {
        auto principal = CurrentPrincipal(request);
        if (!principal) return core::Fail(principal.error());
        std::string token(request.PathParam("token").value_or(""));
        return InvitationPage(request, *principal, token, FormErrors{}, json::object(), 200);
    }

    core::Result<http::Response> PostInvitationAccept(http::Request& request) {
        auto principal = CurrentPrincipal(request);
        if (!principal) return core::Fail(principal.error());
        auto form = CheckedForm(request, *principal);
        if (!form) return core::Fail(form.error());
        std::string token(request.PathParam("token").value_or(""));
        std::string name;
        std::string password;
        if (!*principal) {
            name = Trim(Field(*form, "display_name"));
            password = Field(*form, "password");
            std::string confirm = Field(*form, "confirm_password");
            FormErrors errors;
            if (name.empty()) errors.Add("display_name", T(request, "form.error_required"));
            if (password.empty()) errors.Add("password", T(request, "form.error_required"));
            if (confirm.empty()) errors.Add("confirm_password", T(request, "form.error_required"));
            if (!password.empty() && !confirm.empty() && !core::ConstantTimeEquals(password, confirm)) {
                errors.Add("confirm_password", T(request, "form.error_password_mismatch"));
            }
            if (!errors.Empty()) {
                return InvitationPage(request, *principal, token, errors, {{"display_name", name}}, 400);
            }
        }
        auto preview = module_.Organizations().PreviewInvitation(token);
        if (!preview) return core::Fail(preview.error());
        std::string org_name = preview->org_name;
        const Principal* acting = *principal ? &**principal : nullptr;
        auto accepted =
            module_.Organizations().AcceptInvitation(acting, token, password, name, request.remote_ip);
        if (!accepted) {
            const core::Error& error = accepted.error();
            if (error.code != core::ErrorCode::kInvalidArgument || acting != nullptr)
                return core::Fail(error);
            FormErrors errors;
            errors.Add(error.field == "display_name" ? "display_name" : "password", error.message);
            return InvitationPage(request, *principal, token, errors, {{"display_name", name}}, 400);
        }
        http::Response response =
            renderer_.Redirect(request, "/organisations/" + accepted->membership.org_id,
                               web::Flash::Success("flash.invitation_accepted", {{"org", org_name}}));
        if (accepted->new_session) module_.Auth().SetSessionCookie(response, accepted->new_session->secret);
        return response;
    }

    web::Renderer& renderer() { return renderer_; }

private:
    AccountModule& module_;
    web::Renderer& renderer_;
};

}  // namespace

void RegisterAccountPages(http::Router& router, AccountModule& module, web::Renderer& renderer) {
    auto pages = std::make_shared<Pages>(module, renderer);
    renderer.SetContextResolver([pages](const http::Request& request) -> std::optional<web::PageContext> {
        auto principal = pages->CurrentPrincipal(request);
        if (!principal || !*principal) return std::nullopt;
        return pages->Context(*principal, "", "");
    });
    using Method = core::Result<http::Response> (Pages::*)(http::Request&);
    auto add = [&](std::string_view method, std::string_view pattern, Method handler) {
        pages->Page(router, method, pattern,
                    [pages, handler](http::Request& request, const std::optional<Principal>&) {
                        return ((*pages).*handler)(request);
                    });
    };
    using SessionMethod = core::Result<http::Response> (Pages::*)(http::Request&, const Principal&);
    auto add_session = [&](std::string_view method, std::string_view pattern, SessionMethod handler) {
        pages->SessionPage(router, method, pattern,
                           [pages, handler](http::Request& request, const Principal& principal) {
                               return ((*pages).*handler)(request, principal);
                           });
    };
    using FormMethod =
        core::Result<http::Response> (Pages::*)(http::Request&, const Principal&, const http::FieldList&);
    auto add_form = [&](std::string_view pattern, FormMethod handler) {
        pages->FormPost(router, pattern,
                        [pages, handler](http::Request& request, const Principal& principal,
                                         const http::FieldList& form) {
                            return ((*pages).*handler)(request, principal, form);
                        });
    };
    add("GET", "/", &Pages::Home);
    add("GET", "/connexion", &Pages::GetLogin);
    add("POST", "/connexion", &Pages::PostLogin);
    add("POST", "/deconnexion", &Pages::PostLogout);
    add("POST", "/langue", &Pages::PostLanguage);
    add_session("GET", "/compte", &Pages::GetAccount);
    add_form("/compte/profil", &Pages::PostProfile);
    add_form("/compte/mot-de-passe", &Pages::PostPassword);
    add_session("GET", "/compte/export", &Pages::GetExport);
    add_form("/compte/suppression", &Pages::PostDelete);
    add_session("GET", "/organisations", &Pages::GetOrganizations);
    add_form("/organisations", &Pages::PostOrganizations);
    add_session("GET", "/organisations/{org}", &Pages::GetOrganization);
    add_form("/organisations/{org}/invitations", &Pages::PostInvitation);
    add_form("/organisations/{org}/invitations/{invitation}/annulation", &Pages::PostRevokeInvitation);
    add_form("/organisations/{org}/membres/{user}/role", &Pages::PostMemberRole);
    add_form("/organisations/{org}/membres/{user}/retrait", &Pages::PostRemoveMember);
    add("GET", "/invitations/{token}", &Pages::GetInvitation);
    add("POST", "/invitations/{token}", &Pages::PostInvitationAccept);
}

}  // namespace passeur::account
