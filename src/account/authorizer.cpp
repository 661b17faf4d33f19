#include "account/authorizer.hpp"

namespace passeur::account {
namespace {

bool RoleAllows(std::string_view role, Action action) {
    if (role == kRoleOrgAdmin) return true;
    if (role == kRoleMediator && (action == Action::kManagePlaces || action == Action::kAwardBadges ||
                                  action == Action::kManageCampaigns))
        return true;
    if (role == kRoleMediator || role == kRoleCoordinator) {
        return action == Action::kReadOrg || action == Action::kReadMembers;
    }
    if (role == kRoleLearner) return action == Action::kReadOrg;
    return false;
}

core::Error OrgNotFound() { return core::Error::NotFound("Organisation introuvable."); }

core::Error Denied(Action action) {
    return core::Error::PermissionDenied("Votre rôle ne permet pas cette action (" +
                                         std::string(ActionName(action)) + ").");
}

}  // namespace

bool IsOrgRole(std::string_view role) {
    return role == kRoleLearner || role == kRoleMediator || role == kRoleOrgAdmin || role == kRoleCoordinator;
}

bool IsTokenRole(std::string_view role) {
    return role == kRoleLearner || role == kRoleMediator || role == kRoleOrgAdmin;
}

std::string_view ActionName(Action action) {
    switch (action) {
        case Action::kCreateOrg:
            return "create_org";
        case Action::kListAllOrgs:
            return "list_all_orgs";
        case Action::kChangeOwnAccount:
            return "change_own_account";
        case Action::kEditFrameworks:
            return "edit_frameworks";
        case Action::kEditItems:
            return "edit_items";
        case Action::kReadOrg:
            return "read_org";
        case Action::kUpdateOrg:
            return "update_org";
        case Action::kReadMembers:
            return "read_members";
        case Action::kManageMembers:
            return "manage_members";
        case Action::kManageInvitations:
            return "manage_invitations";
        case Action::kManageTokens:
            return "manage_tokens";
        case Action::kReadAudit:
            return "read_audit";
        case Action::kManagePlaces:
            return "manage_places";
        case Action::kManageBadges:
            return "manage_badges";
        case Action::kAwardBadges:
            return "award_badges";
        case Action::kManageCampaigns:
            return "manage_campaigns";
    }
    return "unknown";
}

Authorizer::Authorizer(store::Store& store) : store_(store) {}

core::Result<std::string> Authorizer::RoleIn(const Principal& principal, std::string_view org_id) const {
    if (org_id.empty()) return std::string();
    if (principal.IsApiToken()) {
        return principal.token_org_id == org_id ? principal.token_role : std::string();
    }
    if (principal.user.id.empty()) return std::string();
    auto m = store_.Memberships().Get(org_id, principal.user.id);
    if (m) return m->role;
    if (m.error().code == core::ErrorCode::kNotFound) return std::string();
    return core::Fail(m.error());
}

core::Result<void> Authorizer::Authorize(const Principal& principal, Action action,
                                         std::string_view org_id) const {
    switch (action) {
        case Action::kCreateOrg:
        case Action::kListAllOrgs:
        case Action::kEditFrameworks:
        case Action::kEditItems:
            if (principal.IsPlatformAdmin()) return core::Ok();
            return core::Fail(Denied(action));
        case Action::kChangeOwnAccount:
            if (principal.IsSession() && !principal.user.id.empty()) return core::Ok();
            return core::Fail(core::Error::PermissionDenied(
                "Un jeton d'API ne peut pas modifier un compte utilisateur : connectez-vous."));
        default:
            break;
    }
    if (principal.IsApiToken() && (action == Action::kManageTokens || action == Action::kManageMembers)) {
        return core::Fail(core::Error::PermissionDenied(
            "Un jeton d'API ne peut ni gérer les jetons ni modifier les membres : connectez-vous (" +
            std::string(ActionName(action)) + ")."));
    }
    if (org_id.empty()) return core::Fail(core::Error::InvalidArgument("Organisation manquante.", "org"));
    if (principal.IsPlatformAdmin()) {
        auto org = store_.Organizations().Get(org_id);
        if (!org) {
            if (org.error().code == core::ErrorCode::kNotFound) return core::Fail(OrgNotFound());
            return core::Fail(org.error());
        }
        return core::Ok();
    }
    auto role = RoleIn(principal, org_id);
    if (!role) return core::Fail(role.error());
    if (!role->empty()) {
        if (RoleAllows(*role, action)) return core::Ok();
        return core::Fail(Denied(action));
    }
    if (principal.IsApiToken()) return core::Fail(OrgNotFound());

    // No membership: a coordinator may read orgs of their own organisation's department.
    auto memberships = store_.Memberships().ListByUser(principal.user.id);
    if (!memberships) return core::Fail(memberships.error());
    bool has_coordinator_role = false;
    for (const auto& m : *memberships) has_coordinator_role |= (m.role == kRoleCoordinator);
    if (!has_coordinator_role) return core::Fail(OrgNotFound());
    auto target = store_.Organizations().Get(org_id);
    if (!target) {
        if (target.error().code == core::ErrorCode::kNotFound) return core::Fail(OrgNotFound());
        return core::Fail(target.error());
    }
    if (target->department.empty()) return core::Fail(OrgNotFound());
    for (const auto& m : *memberships) {
        if (m.role != kRoleCoordinator) continue;
        auto own = store_.Organizations().Get(m.org_id);
        if (!own) {
            if (own.error().code == core::ErrorCode::kNotFound) continue;
            return core::Fail(own.error());
        }
        if (own->department == target->department) {
            if (action == Action::kReadOrg) return core::Ok();
            return core::Fail(Denied(action));
        }
    }
    return core::Fail(OrgNotFound());
}

}  // namespace passeur::account
