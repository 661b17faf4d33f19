// What every server-rendered page of passeur shares, whatever its component: who is logged in,
// the page context for the layout, bounded CSRF-checked forms, field errors for the DSFR error
// summary, translations, and route registration that sends anonymous visitors to the login page.
// Thread-safe: holds references only; `module` and `renderer` must outlive the kit and the router.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "account/module.hpp"
#include "account/principal.hpp"
#include "core/result.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "web/renderer.hpp"

namespace passeur::account {

// Field errors of one form: `errors.<field>` for the inputs, `error_list` for the summary
// (template partial form_errors). The first message given for a field wins.
class FormErrors {
public:
    void Add(const std::string& field, std::string message);
    bool Empty() const { return list_.empty(); }
    void Into(nlohmann::json& data) const;  // sets errors, error_list, has_errors

private:
    nlohmann::json errors_ = nlohmann::json::object();
    nlohmann::json list_ = nlohmann::json::array();
};

// Text without leading and trailing ASCII white space.
std::string Trim(std::string_view text);

class PageKit {
public:
    static constexpr std::size_t kDefaultFieldMaxBytes = 1024;

    PageKit(AccountModule& module, web::Renderer& renderer) : module_(module), renderer_(renderer) {}

    // The logged-in session of a page request; nullopt for anonymous visitors and API tokens.
    core::Result<std::optional<Principal>> CurrentPrincipal(const http::Request& request) const;
    // The layout's context: user, role flags, CSRF token, title key and active navigation entry.
    web::PageContext Context(const std::optional<Principal>& principal, std::string title_key,
                             std::string active_nav) const;
    // 303 to /connexion?retour=<this page>.
    http::Response LoginRedirect(const http::Request& request) const;
    // The decoded form (kInvalidArgument when malformed or a field exceeds max_field_bytes) after
    // its CSRF token was checked against the session's (or the anonymous cookie's).
    core::Result<http::FieldList> CheckedForm(const http::Request& request,
                                              const std::optional<Principal>& principal,
                                              std::size_t max_field_bytes = kDefaultFieldMaxBytes) const;
    static std::string Field(const http::FieldList& form, std::string_view name);

    std::string T(const http::Request& request, std::string_view key) const;
    std::string F(const http::Request& request, std::string_view key,
                  const std::map<std::string, std::string>& args) const;

    AccountModule& Module() const { return module_; }
    web::Renderer& Renderer() const { return renderer_; }

    // ---- registration (RouteKind::kHtml) -----------------------------------------------------
    using AnyHandler =
        std::function<core::Result<http::Response>(http::Request&, const std::optional<Principal>&)>;
    using SessionHandler = std::function<core::Result<http::Response>(http::Request&, const Principal&)>;
    using FormHandler =
        std::function<core::Result<http::Response>(http::Request&, const Principal&, const http::FieldList&)>;
    // Open to everyone; the handler gets the session when there is one.
    void Page(http::Router& router, std::string_view method, std::string_view pattern,
              AnyHandler handler) const;
    // Logged-in people only: anonymous visitors are redirected to the login page.
    void SessionPage(http::Router& router, std::string_view method, std::string_view pattern,
                     SessionHandler handler) const;
    // POST of a logged-in person: login redirect, then the bounded form with its CSRF check.
    void FormPost(http::Router& router, std::string_view pattern, FormHandler handler,
                  std::size_t max_field_bytes = kDefaultFieldMaxBytes) const;

private:
    AccountModule& module_;
    web::Renderer& renderer_;
};

}  // namespace passeur::account
