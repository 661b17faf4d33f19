#include "account/organization_service.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "core/encoding.hpp"

namespace passeur::account {
namespace {

constexpr std::array<std::string_view, 8> kOrgKinds = {
    "epn", "association", "france_services", "training_provider", "collectivite", "hub", "employer", "other"};

bool HasControlChar(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

core::Result<std::string> ValidateName(std::string_view raw, std::string_view field, std::size_t max_bytes) {
    const std::string_view name = Trim(raw);
    const std::string f(field);
    if (name.empty()) return core::Fail(core::Error::InvalidArgument("Le nom est requis.", f));
    if (name.size() > max_bytes) {
        return core::Fail(core::Error::InvalidArgument(
            "Le nom est trop long : au plus " + std::to_string(max_bytes) + " octets.", f));
    }
    if (!core::IsValidUtf8(name) || HasControlChar(name)) {
        return core::Fail(core::Error::InvalidArgument("Le nom contient des caractères invalides.", f));
    }
    return std::string(name);
}

core::Result<void> ValidateKind(std::string_view kind) {
    if (!IsOrgKind(kind)) {
        return core::Fail(core::Error::InvalidArgument(
            "Type de structure inconnu (attendu : epn, association, france_services, training_provider, "
            "collectivite, hub, employer ou other).",
            "kind"));
    }
    return core::Ok();
}

core::Result<void> ValidateDepartment(std::string_view department) {
    if (!IsDepartmentCode(department)) {
        return core::Fail(core::Error::InvalidArgument(
            "Code de département INSEE invalide (01 à 95, 2A, 2B, 971 à 976, ou vide).", "department"));
    }
    return core::Ok();
}

core::Result<void> ValidateRole(std::string_view role, bool token) {
    if (token ? !IsTokenRole(role) : !IsOrgRole(role)) {
        return core::Fail(core::Error::InvalidArgument(
            token ? "Rôle inconnu (attendu : learner, mediator ou org_admin)."
                  : "Rôle inconnu (attendu : learner, mediator, org_admin ou coordinator).",
            "role"));
    }
    return core::Ok();
}

// core::Error has no PermissionDenied factory taking a field; these refusals name the field.
core::Error DeniedField(std::string message, std::string field) {
    return core::Error{core::ErrorCode::kPermissionDenied, std::move(message), std::move(field)};
}

// The coordinator role reads every organisation of a département, and an organisation's
// department decides which coordinators read it: both are granted by platform admins only.
core::Result<void> GuardCoordinatorGrant(const Principal& p, std::string_view role) {
    if (role == kRoleCoordinator && !p.IsPlatformAdmin()) {
        return core::Fail(DeniedField(
            "Seul un administrateur de la plateforme peut attribuer le rôle coordinator.", "role"));
    }
    return core::Ok();
}

core::Error InvitationNotFound() {
    return core::Error::NotFound("Invitation introuvable, expirée ou déjà utilisée.");
}

// Learners see an organisation's name only.
store::Organization NameOnly(store::Organization org) {
    org.kind.clear();
    org.department.clear();
    org.created_at = 0;
    return org;
}

template <typename T>
bool IsNotFound(const core::Result<T>& r) {
    return !r && r.error().code == core::ErrorCode::kNotFound;
}

}  // namespace

bool IsOrgKind(std::string_view kind) {
    return std::find(kOrgKinds.begin(), kOrgKinds.end(), kind) != kOrgKinds.end();
}

bool IsDepartmentCode(std::string_view code) {
    if (code.empty()) return true;
    if (code == "2A" || code == "2B") return true;
    auto digits = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (code.size() == 2 && digits(code)) {
        const int n = (code[0] - '0') * 10 + (code[1] - '0');
        return (n >= 1 && n <= 19) || (n >= 21 && n <= 95);
    }
    if (code.size() == 3 && digits(code)) {
        const int n = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
        return n >= 971 && n <= 976;
    }
    return false;
}

OrganizationService::OrganizationService(store::Store& store, core::Clock& clock, core::Random& random,
                                         const AccountConfig& config, const Authorizer& authorizer,
                                         AccountService& accounts, AuditLog& audit)
    : store_(store),
      clock_(clock),
      random_(random),
      config_(config),
      authorizer_(authorizer),
      accounts_(accounts),
      audit_(audit) {}

core::Result<store::Organization> OrganizationService::Create(const Principal& p,
                                                              const OrganizationInput& input,
                                                              std::string_view ip) {
    PASSEUR_TRY(authorizer_.Authorize(p, Action::kCreateOrg));
    auto name = ValidateName(input.name, "name", kOrgNameMaxBytes);
    if (!name) return core::Fail(name.error());
    PASSEUR_TRY(ValidateKind(input.kind));
    PASSEUR_TRY(ValidateDepartment(input.department));
    store::Organization org{core::NewUuid(random_), *name, input.kind, input.department, clock_.NowMillis()};
    PASSEUR_TRY(store_.Organizations().Create(org));
    PASSEUR_TRY(
        audit_.Record(AuditEntry("org.created")
                          .By(p)
                          .Org(org.id)
                          .Subject(org.id)
                          .Ip(std::string(ip))
                          .Details(nlohmann::json{{"kind", org.kind}, {"department", org.department}})));
    return org;
}

core::Result<store::Organization> OrganizationService::Get(const Principal& p, std::string_view org_id) {
    PASSEUR_TRY(authorizer_.Authorize(p, Action::kReadOrg, org_id));
    auto org = store_.Organizations().Get(org_id);
    if (!org) {
        if (IsNotFound(org)) return core::Fail(core::Error::NotFound("Organisation introuvable."));
        return core::Fail(org.error());
    }
    if (!p.IsPlatformAdmin()) {
        auto role = authorizer_.RoleIn(p, org_id);
        if (!role) return core::Fail(role.error());
        if (*role == kRoleLearner) return NameOnly(std::move(*org));
    }
    return org;
}

core::Result<std::vector<store::Organization>> OrganizationService::List(const Principal& p, int limit,
                                                                         int offset) {
    limit = std::clamp(limit, 1, 200);
    offset = std::max(offset, 0);
    if (p.IsPlatformAdmin()) return store_.Organizations().List(limit, offset);

    std::vector<store::Organization> all;
    std::set<std::string> seen;
    auto add = [&](store::Organization org, const std::string& role) {
        if (!seen.insert(org.id).second) return;
        all.push_back(role == kRoleLearner ? NameOnly(std::move(org)) : std::move(org));
    };
    std::vector<store::Membership> memberships;
    if (p.IsApiToken()) {
        memberships.push_back({p.token_org_id, "", p.token_role, 0});
    } else {
        auto mine = store_.Memberships().ListByUser(p.user.id);
        if (!mine) return core::Fail(mine.error());
        memberships = std::move(*mine);
    }
    std::vector<std::string> departments;
    for (const auto& m : memberships) {
        auto org = store_.Organizations().Get(m.org_id);
        if (IsNotFound(org)) continue;
        if (!org) return core::Fail(org.error());
        if (m.role == kRoleCoordinator && !org->department.empty()) departments.push_back(org->department);
        add(std::move(*org), m.role);
    }
    for (const auto& department : departments) {
        auto orgs = store_.Organizations().ListByDepartment(department);
        if (!orgs) return core::Fail(orgs.error());
        for (auto& org : *orgs) add(std::move(org), std::string(kRoleCoordinator));
    }
    std::sort(all.begin(), all.end(),
              [](const auto& a, const auto& b) { return a.name != b.name ? a.name < b.name : a.id < b.id; });
    const auto begin = std::min(all.size(), static_cast<std::size_t>(offset));
    const auto end = std::min(all.size(), begin + static_cast<std::size_t>(limit));
    return std::vector<store::Organization>(all.begin() + static_cast<std::ptrdiff_t>(begin),
                                            all.begin() + static_cast<std::ptrdiff_t>(end));
}

core::Result<store::Organization> OrganizationService::Update(const Principal& p, std::string_view org_id,
                                                              const OrganizationPatch& patch,
                                                              std::string_view ip) {
    PASSEUR_TRY(authorizer_.Authorize(p, Action::kUpdateOrg, org_id));
    auto org = store_.Organizations().Get(org_id);
    if (!org) return core::Fail(org.error());
    nlohmann::json changed = nlohmann::json::array();
    if (patch.name) {
        auto name = ValidateName(*patch.name, "name", kOrgNameMaxBytes);
        if (!name) return core::Fail(name.error());
        org->name = *name;
        changed.push_back("name");
    }
    if (patch.kind) {
        PASSEUR_TRY(ValidateKind(*patch.kind));
        org->kind = *patch.kind;
        changed.push_back("kind");
    }
    if (patch.department && *patch.department != org->department) {
        PASSEUR_TRY(ValidateDepartment(*patch.department));
        if (!p.IsPlatformAdmin()) {
            return core::Fail(DeniedField(
                "Seul un administrateur de la plateforme peut changer le département d'une organisation.",
                "department"));
        }
        org->department = *patch.department;
        changed.push_back("department");
    }
    if (!changed.empty()) {
        PASSEUR_TRY(store_.Organizations().Update(*org));
        PASSEUR_TRY(audit_.Record(AuditEntry("org.updated")
                                      .By(p)
                                      .Org(org->id)
                                      .Subject(org->id)
                                      .Ip(std::string(ip))
                                      .Details(nlohmann::json{{"fields", changed}})));
    }
    return org;
}

core::Result<std::vector<MemberView>> OrganizationService::ListMembers(const Principal& p,
                                                                       std::string_view org_id) {
    PASSEUR_TRY(authorizer_.Authorize(p, Action::kReadMembers, org_id));
    auto memberships = store_.Memberships().ListByOrg(org_id);
    if (!memberships) return core::Fail(memberships.error());
    std::vector<MemberView> out;
    out.reserve(memberships->size());
    for (auto& m : *memberships) {
        auto user = store_.Users().Get(m.user_id);
        if (IsNotFound(user)) continue;
        if (!user) return core::Fail(user.error());
        out.push_back({std::move(m), user->email, user->display_name});
    }
    return out;
}

core::Result<MemberView> OrganizationService::AddMember(const Principal& p, std::string_view org_id,
                                                        std::string_view email_input, std::string_view role,
                                                        std::string_view ip) {
    PASSEUR_TRY(authorizer_.Authorize(p, Action::kManageMembers, org_id));
    // Adding an existing account without its owner's consent lets whoever controls that account (or
    // pre-created it for someone else's address) collect memberships granted to the address: only
    // trusted operators may; everyone else invites, and the invitee accepts from their own session.
    if (!p.IsPlatformAdmin()) {
        return core::Fail(core::Error::PermissionDenied(
            "Seul un administrateur de la plateforme peut ajouter directement un compte : envoyez plutôt "
            "une invitation, que la personne acceptera depuis son propre compte."));
    }
    auto email = NormalizeEmail(email_input);
    if (!email) return core::Fail(email.error());
    PASSEUR_TRY(ValidateRole(role, false));
    auto user = store_.Users().FindByEmail(*email);
    if (IsNotFound(user)) {
        return core::Fail(core::Error::NotFound(
            "Aucun compte n'utilise cette adresse e-mail : envoyez plutôt une invitation."));
    }
    if (!user) return core::Fail(user.error());
    auto existing = store_.Memberships().Get(org_id, user->id);
    if (existing) {
        return core::Fail(core::Error::Conflict(
            "Cette personne est déjà membre de l'organisation : modifiez plutôt son rôle.", "email"));
    }
    if (!IsNotFound(existing)) return core::Fail(existing.error());
    store::Membership m{std::string(org_id), user->id, std::string(role), clock_.NowMillis()};
    PASSEUR_TRY(store_.Memberships().Upsert(m));
    PASSEUR_TRY(audit_.Record(AuditEntry("org.member_added")
                                  .By(p)
                                  .Org(m.org_id)
                                  .Subject(user->id)
                                  .Ip(std::string(ip))
                                  .Details(nlohmann::json{{"role", m.role}})));
    return MemberView{m, user->email, user->display_name};
}

core::Result<void> OrganizationService::GuardLastAdmin(std::string_view org_id, std::string_view user_id) {
    (void)user_id;
    auto admins = store_.Memberships().CountByRole(org_id, kRoleOrgAdmin);
    if (!admins) return core::Fail(admins.error());
    if (*admins <= 1) {
        return core::Fail(core::Error::Conflict(
            "C'est le dernier administrateur de l'organisation : nommez d'abord un autre administrateur.",
            "role"));
    }
    return core::Ok();
}

core::Result<MemberView> OrganizationService::ChangeMemberRole(const Principal& p, std::string_view org_id,
                                                               std::string_view user_id,
                                                               std::string_view role, std::string_view ip) {
    PASSEUR_TRY(authorizer_.Authorize(p, Action::kManageMembers, org_id));
    PASSEUR_TRY(ValidateRole(role, false));
    PASSEUR_TRY(GuardCoordinatorGrant(p, role));
    auto m = store_.Memberships().Get(org_id, user_id);
    if (IsNotFound(m)) return core::Fail(core::Error::NotFound("Membre introuvable."));
    if (!m) return core::Fail(m.error());
    auto user = store_.Users().Get(user_id);
    if (!user) return core::Fail(user.error());
    const std::string from = m->role;
    if (from != role) {
        if (from == kRoleOrgAdmin) PASSEUR_TRY(GuardLastAdmin(org_id, user_id));
        m->role = std::string(role);
        PASSEUR_TRY(store_.Memberships().Upsert(*m));
        PASSEUR_TRY(audit_.Record(AuditEntry("org.member_role_changed")
                                      .By(p)
                                      .Org(m->org_id)
                                      .Subject(m->user_id)
                                      .Ip(std::string(ip))
                                      .Details(nlohmann::json{{"from", from}, {"to", m->role}})));
    }
    return MemberView{*m, user->email, user->display_name};
}

core::Result<void> OrganizationService::RemoveMember(const Principal& p, std::string_view org_id,
                                                     std::string_view user_id, std::string_view ip) {
    PASSEUR_TRY(authorizer_.Authorize(p, Action::kManageMembers, org_id));
    auto m = store_.Memberships().Get(org_id, user_id);
    if (IsNotFound(m)) return core::Fail(core::Error::NotFound("Membre introuvable."));
    if (!m) return core::Fail(m.error());
    if (m->role == kRoleOrgAdmin) PASSEUR_TRY(GuardLastAdmin(org_id, user_id));
    PASSEUR_TRY(store_.Memberships().Delete(org_id, user_id));
    return audit_.Record(AuditEntry("org.member_removed")
                             .By(p)
                             .Org(std::string(org_id))
                             .Subject(std::string(user_id))
                             .Ip(std::string(ip))
                             .Details(nlohmann::json{{"role", m->role}}));
}

core::Result<CreatedInvitation> OrganizationService::CreateInvitation(const Principal& p,
                                                                      std::string_view org_id,
                                                                      std::string_view email_input,
                                                                      std::string_view role,
                                                                      std::string_view ip) {
    PASSEUR_TRY(authorizer_.Authorize(p, Action::kManageInvitations, org_id));
    auto email = NormalizeEmail(email_input);
    if (!email) return core::Fail(email.error());
    PASSEUR_TRY(ValidateRole(role, false));
    PASSEUR_TRY(GuardCoordinatorGrant(p, role));
    auto user = store_.Users().FindByEmail(*email);
    if (user) {
        auto existing = store_.Memberships().Get(org_id, user->id);
        if (existing) {
            return core::Fail(
                core::Error::Conflict("Cette personne est déjà membre de l'organisation.", "email"));
        }
        if (!IsNotFound(existing)) return core::Fail(existing.error());
    } else if (!IsNotFound(user)) {
        return core::Fail(user.error());
    }
    const std::string token = core::RandomToken(random_, 32);
    store::Invitation inv;
    inv.id = core::NewUuid(random_);
    inv.org_id = std::string(org_id);
    inv.email = *email;
    inv.role = std::string(role);
    inv.token_hash = core::Sha256Hex(token);
    inv.created_by = p.ActorId();
    inv.created_at = clock_.NowMillis();
    inv.expires_at = inv.created_at + config_.invitation_ttl_ms;
    PASSEUR_TRY(store_.Invitations().Create(inv));
    PASSEUR_TRY(
        audit_.Record(AuditEntry("org.invitation_created")
                          .By(p)
                          .Org(inv.org_id)
                          .Subject(inv.id)
                          .Ip(std::string(ip))
                          .Details(nlohmann::json{{"email", HashEmail(inv.email)}, {"role", inv.role}})));
    return CreatedInvitation{inv, config_.public_base_url + "/invitations/" + token};
}

core::Result<std::vector<store::Invitation>> OrganizationService::ListInvitations(const Principal& p,
                                                                                  std::string_view org_id) {
    PASSEUR_TRY(authorizer_.Authorize(p, Action::kManageInvitations, org_id));
    return store_.Invitations().ListPendingByOrg(org_id, clock_.NowMillis());
}

core::Result<void> OrganizationService::RevokeInvitation(const Principal& p, std::string_view org_id,
                                                         std::string_view invitation_id,
                                                         std::string_view ip) {
    PASSEUR_TRY(authorizer_.Authorize(p, Action::kManageInvitations, org_id));
    auto inv = store_.Invitations().Get(invitation_id);
    if (IsNotFound(inv) || (inv && inv->org_id != org_id)) {
        return core::Fail(core::Error::NotFound("Invitation introuvable."));
    }
    if (!inv) return core::Fail(inv.error());
    if (inv->accepted_at != 0) {
        return core::Fail(
            core::Error::Conflict("Cette invitation a déjà été acceptée : retirez plutôt le membre."));
    }
    PASSEUR_TRY(store_.Invitations().Delete(inv->id));
    return audit_.Record(
        AuditEntry("org.invitation_revoked").By(p).Org(inv->org_id).Subject(inv->id).Ip(std::string(ip)));
}

core::Result<InvitationPreview> OrganizationService::PreviewInvitation(std::string_view token) {
    if (token.empty() || token.size() > 128) return core::Fail(InvitationNotFound());
    auto inv = store_.Invitations().FindByTokenHash(core::Sha256Hex(token));
    if (IsNotFound(inv)) return core::Fail(InvitationNotFound());
    if (!inv) return core::Fail(inv.error());
    if (inv->accepted_at != 0 || clock_.NowMillis() >= inv->expires_at)
        return core::Fail(InvitationNotFound());
    auto org = store_.Organizations().Get(inv->org_id);
    if (IsNotFound(org)) return core::Fail(InvitationNotFound());
    if (!org) return core::Fail(org.error());
    auto user = store_.Users().FindByEmail(inv->email);
    if (!user && !IsNotFound(user)) return core::Fail(user.error());
    return InvitationPreview{std::move(*inv), org->name, user.has_value()};
}

core::Result<AcceptedInvitation> OrganizationService::AcceptInvitation(const Principal* principal,
                                                                       std::string_view token,
                                                                       std::string_view password,
                                                                       std::string_view display_name,
                                                                       std::string_view ip) {
    if (token.empty() || token.size() > 128) return core::Fail(InvitationNotFound());
    auto inv = store_.Invitations().FindByTokenHash(core::Sha256Hex(token));
    if (IsNotFound(inv)) return core::Fail(InvitationNotFound());
    if (!inv) return core::Fail(inv.error());
    if (inv->accepted_at != 0)
        return core::Fail(core::Error::Conflict("Cette invitation a déjà été acceptée."));
    if (clock_.NowMillis() >= inv->expires_at) {
        return core::Fail(core::Error::NotFound("Cette invitation a expiré : demandez-en une nouvelle."));
    }

    AcceptedInvitation out;
    if (principal != nullptr) {
        if (!principal->IsSession()) {
            return core::Fail(
                core::Error::PermissionDenied("Un jeton d'API ne peut pas accepter une invitation."));
        }
        if (principal->user.email != inv->email) {
            return core::Fail(core::Error::PermissionDenied(
                "Cette invitation est adressée à une autre adresse e-mail que celle de votre compte."));
        }
        auto existing = store_.Memberships().Get(inv->org_id, principal->user.id);
        if (existing) {
            return core::Fail(core::Error::Conflict("Vous êtes déjà membre de cette organisation."));
        }
        if (!IsNotFound(existing)) return core::Fail(existing.error());
        out.user = principal->user;
    } else {
        auto existing = store_.Users().FindByEmail(inv->email);
        if (existing) {
            return core::Fail(core::Error::Conflict(
                "Un compte existe déjà pour cette adresse : connectez-vous, puis acceptez l'invitation."));
        }
        if (!IsNotFound(existing)) return core::Fail(existing.error());
        NewUser input;
        input.email = inv->email;
        input.password = std::string(password);
        input.display_name = std::string(display_name);
        auto user = accounts_.CreateUser(input, "", ip);
        if (!user) return core::Fail(user.error());
        out.user = std::move(*user);
    }
    PASSEUR_TRY(store_.Invitations().Accept(inv->id, out.user.id, clock_.NowMillis()));
    if (principal == nullptr) {
        // The account was created just above with the password given here: its stored hash is the
        // verified one.
        auto created = store_.Users().Get(out.user.id);
        if (!created) return core::Fail(created.error());
        auto session = accounts_.OpenSession(out.user, created->password_hash);
        if (!session) return core::Fail(session.error());
        out.new_session = std::move(*session);
    }
    out.membership = {inv->org_id, out.user.id, inv->role, clock_.NowMillis()};
    if (auto m = store_.Memberships().Get(inv->org_id, out.user.id)) out.membership = *m;
    PASSEUR_TRY(audit_.Record(
        AuditEntry("org.invitation_accepted")
            .Actor(out.user.id)
            .Org(inv->org_id)
            .Subject(inv->id)
            .Ip(std::string(ip))
            .Details(nlohmann::json{{"role", inv->role}, {"new_account", principal == nullptr}})));
    return out;
}

core::Result<CreatedToken> OrganizationService::CreateToken(const Principal& p, std::string_view org_id,
                                                            std::string_view name_input,
                                                            std::string_view role, std::string_view ip) {
    PASSEUR_TRY(authorizer_.Authorize(p, Action::kManageTokens, org_id));
    auto name = ValidateName(name_input, "name", kTokenNameMaxBytes);
    if (!name) return core::Fail(name.error());
    PASSEUR_TRY(ValidateRole(role, true));
    const std::string secret = core::RandomToken(random_, 32);
    store::ApiToken token;
    token.id = core::NewUuid(random_);
    token.org_id = std::string(org_id);
    token.name = *name;
    token.role = std::string(role);
    token.secret_hash = core::Sha256Hex(secret);
    token.created_by = p.ActorId();
    token.created_at = clock_.NowMillis();
    PASSEUR_TRY(store_.ApiTokens().Create(token));
    PASSEUR_TRY(audit_.Record(AuditEntry("org.token_created")
                                  .By(p)
                                  .Org(token.org_id)
                                  .Subject(token.id)
                                  .Ip(std::string(ip))
                                  .Details(nlohmann::json{{"role", token.role}})));
    return CreatedToken{token, std::string(kApiTokenPrefix) + token.id + "." + secret};
}

core::Result<std::vector<store::ApiToken>> OrganizationService::ListTokens(const Principal& p,
                                                                           std::string_view org_id) {
    PASSEUR_TRY(authorizer_.Authorize(p, Action::kManageTokens, org_id));
    return store_.ApiTokens().ListByOrg(org_id);
}

core::Result<void> OrganizationService::RevokeToken(const Principal& p, std::string_view org_id,
                                                    std::string_view token_id, std::string_view ip) {
    PASSEUR_TRY(authorizer_.Authorize(p, Action::kManageTokens, org_id));
    auto token = store_.ApiTokens().Get(token_id);
    if (IsNotFound(token) || (token && token->org_id != org_id)) {
        return core::Fail(core::Error::NotFound("Jeton d'API introuvable."));
    }
    if (!token) return core::Fail(token.error());
    if (token->revoked_at != 0) return core::Ok();  // idempotent
    PASSEUR_TRY(store_.ApiTokens().Revoke(token->id, clock_.NowMillis()));
    return audit_.Record(
        AuditEntry("org.token_revoked").By(p).Org(token->org_id).Subject(token->id).Ip(std::string(ip)));
}

core::Result<std::vector<store::AuditEvent>> OrganizationService::ListAudit(const Principal& p,
                                                                            std::string_view org_id,
                                                                            int limit) {
    PASSEUR_TRY(authorizer_.Authorize(p, Action::kReadAudit, org_id));
    return store_.Audit().ListByOrg(org_id, std::clamp(limit, 1, 500));
}

}  // namespace passeur::account
