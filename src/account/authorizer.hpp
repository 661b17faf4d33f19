// THE one place deciding who may do what on organisations. Every service call goes through
// Authorize() before touching the store. Thread-safe (stateless besides the store).
//
// Policy:
//   platform_admin (session only): everything, and alone the platform actions kCreateOrg,
//                         kListAllOrgs, kEditFrameworks, kEditItems.
//   org_admin of org X:   every org-scoped action on X.
//   mediator of X:        kReadOrg, kReadMembers, kManagePlaces, kAwardBadges, kManageCampaigns on X.
//   learner of X:         kReadOrg on X (the org's name only).
//   coordinator of X:     kReadOrg, kReadMembers on X; kReadOrg on any org whose department
//                         equals X's (non-empty) department.
//   API token of X with role R: as a member of X with role R, on X only; never user-level
//                         account changes (kChangeOwnAccount) nor platform actions, and never
//                         kManageTokens nor kManageMembers (kPermissionDenied, whatever the org): a
//                         leaked token must not outlive its revocation through tokens it minted or
//                         roles it granted.
// Services add finer rules on top: adding an existing account to an org directly, granting or
// inviting the coordinator role and changing an org's department are for platform_admin only.
// A caller with no relation to the org gets kNotFound (the org's existence is not revealed);
// a related caller lacking the role gets kPermissionDenied.
#pragma once

#include <string>
#include <string_view>

#include "account/principal.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace passeur::account {

enum class Action {
    // platform level (org_id ignored)
    kCreateOrg,
    kListAllOrgs,
    kChangeOwnAccount,  // password change, account deletion, profile update: sessions only
    kEditFrameworks,    // import a framework, create a new version, edit target profiles
    kEditItems,         // author, edit, retire items and read their answer keys
    // organisation level (org_id required)
    kReadOrg,
    kUpdateOrg,
    kReadMembers,
    kManageMembers,
    kManageInvitations,
    kManageTokens,
    kReadAudit,
    kManagePlaces,     // create, edit, publish, delete the organisation's mediation places
    kManageBadges,     // define, edit, archive the organisation's badges (org_admin)
    kAwardBadges,      // award, suspend, revoke the organisation's badges (mediator, org_admin)
    kManageCampaigns,  // create, archive campaigns and read their shared results (mediator, org_admin)
};

std::string_view ActionName(Action action);

class Authorizer {
public:
    explicit Authorizer(store::Store& store);

    // Ok, or kPermissionDenied / kNotFound (see the policy above), kUnavailable/kInternal from the store.
    core::Result<void> Authorize(const Principal& principal, Action action,
                                 std::string_view org_id = {}) const;

    // The caller's own role in org_id ("" when none). For tokens: the token role in its org.
    core::Result<std::string> RoleIn(const Principal& principal, std::string_view org_id) const;

private:
    store::Store& store_;
};

}  // namespace passeur::account
