#include "account/api.hpp"

#include <charconv>
#include <initializer_list>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "account/json_views.hpp"
#include "account/module.hpp"

namespace passeur::account {
namespace {

using core::Result;
using http::Request;
using http::Response;
using nlohmann::json;

struct FieldSpec {
    std::string_view name;
    std::size_t max_bytes;
};

// Parses a JSON object body: Content-Type must be application/json, every key must be one of
// `fields`, every value a string within its bound. An empty body reads as {} when allow_empty.
Result<json> ParseBody(const Request& request, std::initializer_list<FieldSpec> fields,
                       bool allow_empty = false) {
    if (request.body.empty() && allow_empty) return json::object();
    if (!request.IsJson()) {
        return core::Fail(core::Error::InvalidArgument(
            "Le corps de la requête doit être du JSON (Content-Type: application/json).", "Content-Type"));
    }
    json body = json::parse(request.body, nullptr, false);
    if (body.is_discarded()) {
        return core::Fail(
            core::Error::InvalidArgument("Le corps de la requête n'est pas du JSON valide.", "body"));
    }
    if (!body.is_object()) {
        return core::Fail(
            core::Error::InvalidArgument("Le corps de la requête doit être un objet JSON.", "body"));
    }
    for (const auto& [key, value] : body.items()) {
        const FieldSpec* spec = nullptr;
        for (const auto& f : fields) {
            if (f.name == key) spec = &f;
        }
        if (spec == nullptr) {
            return core::Fail(core::Error::InvalidArgument("Champ inconnu : « " + key + " ».", key));
        }
        if (!value.is_string()) {
            return core::Fail(
                core::Error::InvalidArgument("Le champ doit être une chaîne de caractères.", key));
        }
        if (value.get_ref<const std::string&>().size() > spec->max_bytes) {
            return core::Fail(core::Error::InvalidArgument(
                "Le champ est trop long : au plus " + std::to_string(spec->max_bytes) + " octets.", key));
        }
    }
    return body;
}

std::optional<std::string> Opt(const json& body, std::string_view name) {
    auto it = body.find(name);
    if (it == body.end()) return std::nullopt;
    return it->get<std::string>();
}

Result<std::string> Required(const json& body, std::string_view name) {
    auto value = Opt(body, name);
    if (!value) {
        return core::Fail(core::Error::InvalidArgument(
            "Champ requis manquant : « " + std::string(name) + " ».", std::string(name)));
    }
    return *value;
}

Result<int> QueryInt(const Request& request, std::string_view name, int fallback, int min, int max) {
    auto raw = request.Query(name);
    if (!raw) return fallback;
    int value = 0;
    auto [ptr, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), value);
    if (ec != std::errc() || ptr != raw->data() + raw->size() || value < min || value > max) {
        return core::Fail(core::Error::InvalidArgument("Paramètre invalide : entier entre " +
                                                           std::to_string(min) + " et " +
                                                           std::to_string(max) + " attendu.",
                                                       std::string(name)));
    }
    return value;
}

std::string Param(const Request& request, std::string_view name) {
    auto value = request.PathParam(name);
    return value ? std::string(*value) : std::string();
}

json ItemsJson(json items) { return json{{"items", std::move(items)}}; }

constexpr std::size_t kPasswordFieldMax = 1024;  // the policy says 128; this only bounds the input
constexpr std::string_view kManualDeliveryNote =
    "Aucun e-mail n'est envoyé par passeur : copiez ce lien et transmettez-le à la personne invitée. "
    "Il est valable 7 jours et n'est affiché qu'une fois.";

class Api {
public:
    explicit Api(AccountModule& m) : m_(m) {}

    // Authenticated principal with CSRF checked for unsafe cookie requests.
    Result<Principal> Caller(const Request& request) {
        auto p = m_.Auth().Authenticate(request);
        if (!p) return p;
        PASSEUR_TRY(m_.Auth().CheckCsrf(request, *p));
        return p;
    }

    Result<Principal> CallerFor(const Request& request, Action action) {
        auto p = Caller(request);
        if (!p) return p;
        PASSEUR_TRY(m_.Authz().Authorize(*p, action, Param(request, "org")));
        return p;
    }

    Result<Response> Login(Request& r) {
        auto body = ParseBody(r, {{"email", kEmailMaxBytes}, {"password", kPasswordFieldMax}});
        if (!body) return core::Fail(body.error());
        auto email = Required(*body, "email");
        if (!email) return core::Fail(email.error());
        auto password = Required(*body, "password");
        if (!password) return core::Fail(password.error());
        auto login = m_.Accounts().Login(*email, *password, r.remote_ip);
        if (!login) return core::Fail(login.error());
        auto response = Response::Json(json{{"user", UserJson(login->user)},
                                            {"csrf_token", login->session.csrf_token},
                                            {"expires_at", TimeJson(login->session.expires_at)}});
        m_.Auth().SetSessionCookie(response, login->secret);
        return response;
    }

    Result<Response> Logout(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        PASSEUR_TRY(m_.Accounts().Logout(*p, r.remote_ip));
        auto response = Response::NoContent();
        m_.Auth().ClearSessionCookie(response);
        return response;
    }

    Result<Response> GetMe(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        if (p->IsApiToken()) {
            return Response::Json(
                json{{"token", {{"id", p->token_id}, {"org_id", p->token_org_id}, {"role", p->token_role}}}});
        }
        auto memberships = m_.Accounts().Memberships(p->user.id);
        if (!memberships) return core::Fail(memberships.error());
        json list = json::array();
        for (const auto& m : *memberships) list.push_back(MembershipJson(m));
        return Response::Json(
            json{{"user", UserJson(p->user)}, {"memberships", list}, {"csrf_token", p->csrf_token}});
    }

    Result<Response> PatchMe(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        PASSEUR_TRY(m_.Authz().Authorize(*p, Action::kChangeOwnAccount));
        auto body = ParseBody(r, {{"display_name", kDisplayNameMaxBytes}, {"locale", 8}});
        if (!body) return core::Fail(body.error());
        auto user =
            m_.Accounts().UpdateProfile(*p, {Opt(*body, "display_name"), Opt(*body, "locale")}, r.remote_ip);
        if (!user) return core::Fail(user.error());
        return Response::Json(json{{"user", UserJson(*user)}});
    }

    Result<Response> DeleteMe(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        PASSEUR_TRY(m_.Authz().Authorize(*p, Action::kChangeOwnAccount));
        auto body = ParseBody(r, {{"password", kPasswordFieldMax}});
        if (!body) return core::Fail(body.error());
        auto password = Required(*body, "password");
        if (!password) return core::Fail(password.error());
        PASSEUR_TRY(m_.Accounts().DeleteAccount(*p, *password, r.remote_ip));
        auto response = Response::NoContent();
        m_.Auth().ClearSessionCookie(response);
        return response;
    }

    Result<Response> ExportMe(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        auto data = m_.Accounts().Export(*p);
        if (!data) return core::Fail(data.error());
        auto response = Response::Json(*data);
        response.SetHeader("Content-Disposition", "attachment; filename=\"passeur-export.json\"");
        response.SetHeader("Cache-Control", "no-store");
        return response;
    }

    Result<Response> ChangePassword(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        PASSEUR_TRY(m_.Authz().Authorize(*p, Action::kChangeOwnAccount));
        auto body =
            ParseBody(r, {{"current_password", kPasswordFieldMax}, {"new_password", kPasswordFieldMax}});
        if (!body) return core::Fail(body.error());
        auto current = Required(*body, "current_password");
        if (!current) return core::Fail(current.error());
        auto next = Required(*body, "new_password");
        if (!next) return core::Fail(next.error());
        auto session = m_.Accounts().ChangePassword(*p, *current, *next, r.remote_ip);
        if (!session) return core::Fail(session.error());
        auto response = Response::Json(json{{"user", UserJson(session->user)},
                                            {"csrf_token", session->session.csrf_token},
                                            {"expires_at", TimeJson(session->session.expires_at)}});
        m_.Auth().SetSessionCookie(response, session->secret);
        return response;
    }

    Result<Response> ListOrgs(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        auto limit = QueryInt(r, "limit", 50, 1, 200);
        if (!limit) return core::Fail(limit.error());
        auto offset = QueryInt(r, "offset", 0, 0, 1'000'000);
        if (!offset) return core::Fail(offset.error());
        auto orgs = m_.Organizations().List(*p, *limit, *offset);
        if (!orgs) return core::Fail(orgs.error());
        json items = json::array();
        for (const auto& o : *orgs) items.push_back(OrganizationJson(o));
        return Response::Json(json{{"items", items}, {"limit", *limit}, {"offset", *offset}});
    }

    Result<Response> CreateOrg(Request& r) {
        auto p = Caller(r);
        if (!p) return core::Fail(p.error());
        PASSEUR_TRY(m_.Authz().Authorize(*p, Action::kCreateOrg));
        auto body = ParseBody(r, {{"name", kOrgNameMaxBytes}, {"kind", 32}, {"department", 3}});
        if (!body) return core::Fail(body.error());
        auto name = Required(*body, "name");
        if (!name) return core::Fail(name.error());
        auto kind = Required(*body, "kind");
        if (!kind) return core::Fail(kind.error());
        auto org =
            m_.Organizations().Create(*p, {*name, *kind, Opt(*body, "department").value_or("")}, r.remote_ip);
        if (!org) return core::Fail(org.error());
        return Response::Json(OrganizationJson(*org), 201);
    }

    Result<Response> GetOrg(Request& r) {
        auto p = CallerFor(r, Action::kReadOrg);
        if (!p) return core::Fail(p.error());
        auto org = m_.Organizations().Get(*p, Param(r, "org"));
        if (!org) return core::Fail(org.error());
        return Response::Json(OrganizationJson(*org));
    }

    Result<Response> PatchOrg(Request& r) {
        auto p = CallerFor(r, Action::kUpdateOrg);
        if (!p) return core::Fail(p.error());
        auto body = ParseBody(r, {{"name", kOrgNameMaxBytes}, {"kind", 32}, {"department", 3}});
        if (!body) return core::Fail(body.error());
        OrganizationPatch patch{Opt(*body, "name"), Opt(*body, "kind"), Opt(*body, "department")};
        auto org = m_.Organizations().Update(*p, Param(r, "org"), patch, r.remote_ip);
        if (!org) return core::Fail(org.error());
        return Response::Json(OrganizationJson(*org));
    }

    Result<Response> ListMembers(Request& r) {
        auto p = CallerFor(r, Action::kReadMembers);
        if (!p) return core::Fail(p.error());
        auto members = m_.Organizations().ListMembers(*p, Param(r, "org"));
        if (!members) return core::Fail(members.error());
        json items = json::array();
        for (const auto& m : *members) items.push_back(MemberJson(m));
        return Response::Json(ItemsJson(items));
    }

    Result<Response> AddMember(Request& r) {
        auto p = CallerFor(r, Action::kManageMembers);
        if (!p) return core::Fail(p.error());
        auto body = ParseBody(r, {{"email", kEmailMaxBytes}, {"role", 32}});
        if (!body) return core::Fail(body.error());
        auto email = Required(*body, "email");
        if (!email) return core::Fail(email.error());
        auto role = Required(*body, "role");
        if (!role) return core::Fail(role.error());
        auto member = m_.Organizations().AddMember(*p, Param(r, "org"), *email, *role, r.remote_ip);
        if (!member) return core::Fail(member.error());
        return Response::Json(MemberJson(*member), 201);
    }

    Result<Response> PatchMember(Request& r) {
        auto p = CallerFor(r, Action::kManageMembers);
        if (!p) return core::Fail(p.error());
        auto body = ParseBody(r, {{"role", 32}});
        if (!body) return core::Fail(body.error());
        auto role = Required(*body, "role");
        if (!role) return core::Fail(role.error());
        auto member =
            m_.Organizations().ChangeMemberRole(*p, Param(r, "org"), Param(r, "user"), *role, r.remote_ip);
        if (!member) return core::Fail(member.error());
        return Response::Json(MemberJson(*member));
    }

    Result<Response> DeleteMember(Request& r) {
        auto p = CallerFor(r, Action::kManageMembers);
        if (!p) return core::Fail(p.error());
        PASSEUR_TRY(m_.Organizations().RemoveMember(*p, Param(r, "org"), Param(r, "user"), r.remote_ip));
        return Response::NoContent();
    }

    Result<Response> ListInvitations(Request& r) {
        auto p = CallerFor(r, Action::kManageInvitations);
        if (!p) return core::Fail(p.error());
        auto invitations = m_.Organizations().ListInvitations(*p, Param(r, "org"));
        if (!invitations) return core::Fail(invitations.error());
        json items = json::array();
        for (const auto& inv : *invitations) items.push_back(InvitationJson(inv));
        return Response::Json(ItemsJson(items));
    }

    Result<Response> CreateInvitation(Request& r) {
        auto p = CallerFor(r, Action::kManageInvitations);
        if (!p) return core::Fail(p.error());
        auto body = ParseBody(r, {{"email", kEmailMaxBytes}, {"role", 32}});
        if (!body) return core::Fail(body.error());
        auto email = Required(*body, "email");
        if (!email) return core::Fail(email.error());
        auto role = Required(*body, "role");
        if (!role) return core::Fail(role.error());
        auto created = m_.Organizations().CreateInvitation(*p, Param(r, "org"), *email, *role, r.remote_ip);
        if (!created) return core::Fail(created.error());
        json out = InvitationJson(created->invitation);
        out["url"] = created->url;
        out["delivery"] = "manual";
        out["note"] = kManualDeliveryNote;
        return Response::Json(out, 201);
    }

    Result<Response> RevokeInvitation(Request& r) {
        auto p = CallerFor(r, Action::kManageInvitations);
        if (!p) return core::Fail(p.error());
        PASSEUR_TRY(
            m_.Organizations().RevokeInvitation(*p, Param(r, "org"), Param(r, "invitation"), r.remote_ip));
        return Response::NoContent();
    }

    Result<Response> AcceptInvitation(Request& r) {
        auto principal = m_.Auth().AuthenticateOptional(r);
        if (!principal) return core::Fail(principal.error());
        if (*principal) PASSEUR_TRY(m_.Auth().CheckCsrf(r, **principal));
        auto body = ParseBody(r, {{"password", kPasswordFieldMax}, {"display_name", kDisplayNameMaxBytes}},
                              principal->has_value());
        if (!body) return core::Fail(body.error());
        std::string password;
        if (!*principal) {
            auto required = Required(*body, "password");
            if (!required) return core::Fail(required.error());
            password = *required;
        }
        auto accepted = m_.Organizations().AcceptInvitation(
            *principal ? &**principal : nullptr, Param(r, "token"), password,
            Opt(*body, "display_name").value_or(""), r.remote_ip);
        if (!accepted) return core::Fail(accepted.error());
        json out{{"user", UserJson(accepted->user)},
                 {"org_id", accepted->membership.org_id},
                 {"role", accepted->membership.role}};
        if (accepted->new_session) {
            out["csrf_token"] = accepted->new_session->session.csrf_token;
            auto response = Response::Json(out);
            m_.Auth().SetSessionCookie(response, accepted->new_session->secret);
            return response;
        }
        return Response::Json(out);
    }

    Result<Response> ListTokens(Request& r) {
        auto p = CallerFor(r, Action::kManageTokens);
        if (!p) return core::Fail(p.error());
        auto tokens = m_.Organizations().ListTokens(*p, Param(r, "org"));
        if (!tokens) return core::Fail(tokens.error());
        json items = json::array();
        for (const auto& t : *tokens) items.push_back(ApiTokenJson(t));
        return Response::Json(ItemsJson(items));
    }

    Result<Response> CreateToken(Request& r) {
        auto p = CallerFor(r, Action::kManageTokens);
        if (!p) return core::Fail(p.error());
        auto body = ParseBody(r, {{"name", kTokenNameMaxBytes}, {"role", 32}});
        if (!body) return core::Fail(body.error());
        auto name = Required(*body, "name");
        if (!name) return core::Fail(name.error());
        auto role = Required(*body, "role");
        if (!role) return core::Fail(role.error());
        auto created = m_.Organizations().CreateToken(*p, Param(r, "org"), *name, *role, r.remote_ip);
        if (!created) return core::Fail(created.error());
        json out = ApiTokenJson(created->token);
        out["token"] = created->secret;
        out["note"] = "Ce jeton n'est affiché qu'une fois : conservez-le en lieu sûr.";
        auto response = Response::Json(out, 201);
        response.SetHeader("Cache-Control", "no-store");
        return response;
    }

    Result<Response> RevokeToken(Request& r) {
        auto p = CallerFor(r, Action::kManageTokens);
        if (!p) return core::Fail(p.error());
        PASSEUR_TRY(m_.Organizations().RevokeToken(*p, Param(r, "org"), Param(r, "token"), r.remote_ip));
        return Response::NoContent();
    }

    Result<Response> ListAudit(Request& r) {
        auto p = CallerFor(r, Action::kReadAudit);
        if (!p) return core::Fail(p.error());
        auto limit = QueryInt(r, "limit", 100, 1, 500);
        if (!limit) return core::Fail(limit.error());
        auto events = m_.Organizations().ListAudit(*p, Param(r, "org"), *limit);
        if (!events) return core::Fail(events.error());
        json items = json::array();
        for (const auto& e : *events) items.push_back(AuditEventJson(e));
        return Response::Json(ItemsJson(items));
    }

private:
    AccountModule& m_;
};

}  // namespace

void RegisterAccountApi(http::Router& router, AccountModule& module) {
    auto api = std::make_shared<Api>(module);
    auto add = [&](std::string_view method, std::string_view pattern, Result<Response> (Api::*fn)(Request&)) {
        router.Add(
            method, pattern, [api, fn](Request& r) { return ((*api).*fn)(r); }, http::RouteKind::kJson);
    };
    add("POST", "/api/v1/session", &Api::Login);
    add("DELETE", "/api/v1/session", &Api::Logout);
    add("GET", "/api/v1/me", &Api::GetMe);
    add("PATCH", "/api/v1/me", &Api::PatchMe);
    add("DELETE", "/api/v1/me", &Api::DeleteMe);
    add("GET", "/api/v1/me/export", &Api::ExportMe);
    add("POST", "/api/v1/me/password", &Api::ChangePassword);
    add("GET", "/api/v1/organizations", &Api::ListOrgs);
    add("POST", "/api/v1/organizations", &Api::CreateOrg);
    add("GET", "/api/v1/organizations/{org}", &Api::GetOrg);
    add("PATCH", "/api/v1/organizations/{org}", &Api::PatchOrg);
    add("GET", "/api/v1/organizations/{org}/members", &Api::ListMembers);
    add("POST", "/api/v1/organizations/{org}/members", &Api::AddMember);
    add("PATCH", "/api/v1/organizations/{org}/members/{user}", &Api::PatchMember);
    add("DELETE", "/api/v1/organizations/{org}/members/{user}", &Api::DeleteMember);
    add("GET", "/api/v1/organizations/{org}/invitations", &Api::ListInvitations);
    add("POST", "/api/v1/organizations/{org}/invitations", &Api::CreateInvitation);
    add("DELETE", "/api/v1/organizations/{org}/invitations/{invitation}", &Api::RevokeInvitation);
    add("POST", "/api/v1/invitations/{token}/accept", &Api::AcceptInvitation);
    add("GET", "/api/v1/organizations/{org}/tokens", &Api::ListTokens);
    add("POST", "/api/v1/organizations/{org}/tokens", &Api::CreateToken);
    add("DELETE", "/api/v1/organizations/{org}/tokens/{token}", &Api::RevokeToken);
    add("GET", "/api/v1/organizations/{org}/audit", &Api::ListAudit);
}

}  // namespace passeur::account
