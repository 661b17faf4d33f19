#include "account/pages/page_kit.hpp"

#include <cctype>
#include <utility>

#include "core/encoding.hpp"
#include "web/csrf.hpp"

namespace passeur::account {

void FormErrors::Add(const std::string& field, std::string message) {
    if (errors_.contains(field)) return;
    list_.push_back({{"field", field}, {"message", message}});
    errors_[field] = std::move(message);
}

void FormErrors::Into(nlohmann::json& data) const {
    data["errors"] = errors_;
    data["error_list"] = list_;
    data["has_errors"] = !list_.empty();
}

std::string Trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return std::string(text);
}

core::Result<std::optional<Principal>> PageKit::CurrentPrincipal(const http::Request& request) const {
    auto principal = module_.Auth().AuthenticateOptional(request);
    if (!principal) return core::Fail(principal.error());
    if (*principal && !(*principal)->IsSession()) return std::optional<Principal>{};
    return principal;
}

web::PageContext PageKit::Context(const std::optional<Principal>& principal, std::string title_key,
                                  std::string active_nav) const {
    web::PageContext context;
    context.title_key = std::move(title_key);
    context.active_nav = std::move(active_nav);
    if (!principal) return context;
    const store::User& user = principal->user;
    web::PageUser page_user;
    page_user.id = user.id;
    page_user.display_name = user.display_name;
    page_user.email = user.email;
    page_user.platform_admin = principal->IsPlatformAdmin();
    if (auto memberships = module_.Accounts().Memberships(user.id)) {
        for (const MembershipView& view : *memberships) {
            const std::string& role = view.membership.role;
            page_user.learner |= role == kRoleLearner;
            page_user.mediator |= role == kRoleMediator;
            page_user.org_admin |= role == kRoleOrgAdmin;
            page_user.coordinator |= role == kRoleCoordinator;
        }
    }
    context.user = std::move(page_user);
    context.csrf_token = principal->csrf_token;
    return context;
}

http::Response PageKit::LoginRedirect(const http::Request& request) const {
    std::string target = web::IsLocalPath(request.target) ? request.target : "/";
    return renderer_.Redirect(request, "/connexion?retour=" + core::PercentEncode(target));
}

core::Result<http::FieldList> PageKit::CheckedForm(const http::Request& request,
                                                   const std::optional<Principal>& principal,
                                                   std::size_t max_field_bytes) const {
    std::optional<http::FieldList> form = request.Form();
    if (!form) return core::Fail(core::Error::InvalidArgument("Le formulaire envoyé est mal formé."));
    for (const auto& [name, value] : *form) {
        if (value.size() > max_field_bytes) {
            return core::Fail(core::Error::InvalidArgument("Un champ du formulaire est trop long.", name));
        }
    }
    PASSEUR_TRY(web::VerifyCsrf(request, *form, principal ? std::string_view(principal->csrf_token) : ""));
    return *form;
}

std::string PageKit::Field(const http::FieldList& form, std::string_view name) {
    auto value = http::Find(form, name);
    return value ? std::string(*value) : std::string();
}

std::string PageKit::T(const http::Request& request, std::string_view key) const {
    return renderer_.T(request, key);
}

std::string PageKit::F(const http::Request& request, std::string_view key,
                       const std::map<std::string, std::string>& args) const {
    return renderer_.translations().Format(renderer_.LocaleOf(request), key, args);
}

void PageKit::Page(http::Router& router, std::string_view method, std::string_view pattern,
                   AnyHandler handler) const {
    router.Add(
        method, pattern,
        [this, handler = std::move(handler)](http::Request& request) -> core::Result<http::Response> {
            auto principal = CurrentPrincipal(request);
            if (!principal) return core::Fail(principal.error());
            return handler(request, *principal);
        },
        http::RouteKind::kHtml);
}

void PageKit::SessionPage(http::Router& router, std::string_view method, std::string_view pattern,
                          SessionHandler handler) const {
    router.Add(
        method, pattern,
        [this, handler = std::move(handler)](http::Request& request) -> core::Result<http::Response> {
            auto principal = CurrentPrincipal(request);
            if (!principal) return core::Fail(principal.error());
            if (!*principal) return LoginRedirect(request);
            return handler(request, **principal);
        },
        http::RouteKind::kHtml);
}

void PageKit::FormPost(http::Router& router, std::string_view pattern, FormHandler handler,
                       std::size_t max_field_bytes) const {
    router.Add(
        "POST", pattern,
        [this, handler = std::move(handler),
         max_field_bytes](http::Request& request) -> core::Result<http::Response> {
            auto principal = CurrentPrincipal(request);
            if (!principal) return core::Fail(principal.error());
            if (!*principal) return LoginRedirect(request);
            auto form = CheckedForm(request, *principal, max_field_bytes);
            if (!form) return core::Fail(form.error());
            return handler(request, **principal, *form);
        },
        http::RouteKind::kHtml);
}

}  // namespace passeur::account
