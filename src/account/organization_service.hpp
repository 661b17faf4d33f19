// Organisations, members, invitations, API tokens and the audit listing. Every call is authorised
// by Authorizer first. Thread-safe (state lives in the store). Messages are French.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "account/account_config.hpp"
#include "account/account_service.hpp"
#include "account/audit.hpp"
#include "account/authorizer.hpp"
#include "account/principal.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace passeur::account {

inline constexpr std::size_t kOrgNameMaxBytes = 200;
inline constexpr std::size_t kTokenNameMaxBytes = 200;

bool IsOrgKind(std::string_view kind);         // epn | association | france_services | ...
bool IsDepartmentCode(std::string_view code);  // 01-19, 2A, 2B, 21-95, 971-976, or ""

struct OrganizationInput {
    std::string name;
    std::string kind;
    std::string department;
};

struct OrganizationPatch {
    std::optional<std::string> name;
    std::optional<std::string> kind;
    std::optional<std::string> department;
};

struct MemberView {
    store::Membership membership;
    std::string email;
    std::string display_name;
};

struct CreatedInvitation {
    store::Invitation invitation;
    std::string url;  // {public_base_url}/invitations/{token}: shown once, no e-mail is sent
};

// What an invitation link shows before acceptance (for the acceptance page).
struct InvitationPreview {
    store::Invitation invitation;
    std::string org_name;
    bool account_exists = false;  // an account with the invited e-mail exists: log in, then accept
};

struct AcceptedInvitation {
    store::User user;
    store::Membership membership;
    std::optional<LoginResult> new_session;  // set when the account was created on the spot
};

struct CreatedToken {
    store::ApiToken token;  // secret_hash included: do not serialise it
    std::string secret;     // full bearer value "pst_<id>.<secret>", shown once
};

class OrganizationService {
public:
    OrganizationService(store::Store& store, core::Clock& clock, core::Random& random,
                        const AccountConfig& config, const Authorizer& authorizer, AccountService& accounts,
                        AuditLog& audit);

    core::Result<store::Organization> Create(const Principal& p, const OrganizationInput& input,
                                             std::string_view ip);
    core::Result<store::Organization> Get(const Principal& p, std::string_view org_id);
    // platform_admin: all (by name, limit 1..200); others: the orgs they belong to (+ coordinator's
    // department).
    core::Result<std::vector<store::Organization>> List(const Principal& p, int limit, int offset);
    core::Result<store::Organization> Update(const Principal& p, std::string_view org_id,
                                             const OrganizationPatch& patch, std::string_view ip);

    core::Result<std::vector<MemberView>> ListMembers(const Principal& p, std::string_view org_id);
    core::Result<MemberView> AddMember(const Principal& p, std::string_view org_id, std::string_view email,
                                       std::string_view role, std::string_view ip);
    // kConflict when it would demote the last org_admin.
    core::Result<MemberView> ChangeMemberRole(const Principal& p, std::string_view org_id,
                                              std::string_view user_id, std::string_view role,
                                              std::string_view ip);
    // kConflict when it would remove the last org_admin.
    core::Result<void> RemoveMember(const Principal& p, std::string_view org_id, std::string_view user_id,
                                    std::string_view ip);

    core::Result<CreatedInvitation> CreateInvitation(const Principal& p, std::string_view org_id,
                                                     std::string_view email, std::string_view role,
                                                     std::string_view ip);
    core::Result<std::vector<store::Invitation>> ListInvitations(const Principal& p, std::string_view org_id);
    core::Result<void> RevokeInvitation(const Principal& p, std::string_view org_id,
                                        std::string_view invitation_id, std::string_view ip);
    // kNotFound for unknown, expired, revoked or already accepted links (one message).
    core::Result<InvitationPreview> PreviewInvitation(std::string_view token);
    // principal set: must be a session whose user's e-mail equals the invitation's (else
    // kPermissionDenied). principal unset: creates the account with `password` (policy applies)
    // and `display_name`, kConflict if an account with that e-mail exists (log in first).
    core::Result<AcceptedInvitation> AcceptInvitation(const Principal* principal, std::string_view token,
                                                      std::string_view password,
                                                      std::string_view display_name, std::string_view ip);

    core::Result<CreatedToken> CreateToken(const Principal& p, std::string_view org_id, std::string_view name,
                                           std::string_view role, std::string_view ip);
    core::Result<std::vector<store::ApiToken>> ListTokens(const Principal& p, std::string_view org_id);
    core::Result<void> RevokeToken(const Principal& p, std::string_view org_id, std::string_view token_id,
                                   std::string_view ip);

    core::Result<std::vector<store::AuditEvent>> ListAudit(const Principal& p, std::string_view org_id,
                                                           int limit);

private:
    core::Result<void> GuardLastAdmin(std::string_view org_id, std::string_view user_id);

    store::Store& store_;
    core::Clock& clock_;
    core::Random& random_;
    const AccountConfig& config_;
    const Authorizer& authorizer_;
    AccountService& accounts_;
    AuditLog& audit_;
};

}  // namespace passeur::account
