// JSON views of the account entities, shared by the API handlers and the GDPR export. Never emit
// password hashes, session id hashes or token secret hashes. Times: RFC 3339 UTC strings, null when unset.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "account/account_service.hpp"
#include "account/organization_service.hpp"
#include "store/entities.hpp"

namespace passeur::account {

nlohmann::json TimeJson(std::int64_t unix_millis);
nlohmann::json UserJson(const store::User& user);
nlohmann::json OrganizationJson(const store::Organization& org);
nlohmann::json MembershipJson(const MembershipView& m);
nlohmann::json MemberJson(const MemberView& m);
nlohmann::json InvitationJson(const store::Invitation& inv);
nlohmann::json ApiTokenJson(const store::ApiToken& token);
nlohmann::json AuditEventJson(const store::AuditEvent& e);
nlohmann::json SessionJson(const store::Session& s, bool current);

}  // namespace passeur::account
