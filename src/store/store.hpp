// The store's public surface: one set of repository interfaces, implemented once in SQL over a
// Database adapter (SQLite or PostgreSQL). Every method is atomic on its own. Thread-safe: a Store
// is shared by all request threads.
//
// Errors: kNotFound when a looked-up row does not exist, kConflict on a unique violation,
// kUnavailable when the database cannot be reached, kInternal otherwise.
// Update/Delete/Touch/Revoke/TouchUsed of a missing row: kNotFound (SessionRepository::Delete,
// DeleteForUser and RateLimitRepository::Reset are idempotent). An insert naming an unknown
// organisation or user: kConflict. List limits are 1..1000 and offsets >= 0 (kInvalidArgument).
// Lists without a limit return at most 1000 rows.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics.hpp"
#include "core/result.hpp"
#include "store/entities.hpp"

namespace passeur::store {

using core::Result;

class OrganizationRepository {
public:
    virtual ~OrganizationRepository() = default;
    virtual Result<void> Create(const Organization& org) = 0;
    virtual Result<Organization> Get(std::string_view id) = 0;
    virtual Result<std::vector<Organization>> List(int limit, int offset) = 0;  // by name
    virtual Result<std::vector<Organization>> ListByDepartment(std::string_view department) = 0;
    virtual Result<void> Update(const Organization& org) = 0;  // name, kind, department
    virtual Result<void> Delete(std::string_view id) = 0;      // cascades memberships, tokens, invitations
};

class UserRepository {
public:
    virtual ~UserRepository() = default;
    virtual Result<void> Create(const User& user) = 0;  // kConflict(field "email") when taken
    virtual Result<User> Get(std::string_view id) = 0;
    virtual Result<User> FindByEmail(std::string_view email) = 0;  // email already lower-cased
    virtual Result<void> Update(const User& user) = 0;             // every column but id, email, created_at
    // Writes display_name and locale only, so a concurrent password change is never undone by a
    // profile edit made from an older read. kNotFound when no user has this id.
    virtual Result<void> UpdateProfile(std::string_view id, std::string_view display_name,
                                       std::string_view locale) = 0;
    // Deletes the user and, in one transaction, their memberships and sessions; clears their id
    // from audit events (actor), tokens and invitations they created.
    virtual Result<void> Delete(std::string_view id) = 0;
    virtual Result<std::int64_t> Count() = 0;
};

class MembershipRepository {
public:
    virtual ~MembershipRepository() = default;
    virtual Result<void> Upsert(const Membership& m) = 0;  // insert or change role
    virtual Result<Membership> Get(std::string_view org_id, std::string_view user_id) = 0;
    virtual Result<std::vector<Membership>> ListByOrg(std::string_view org_id) = 0;
    virtual Result<std::vector<Membership>> ListByUser(std::string_view user_id) = 0;
    virtual Result<void> Delete(std::string_view org_id, std::string_view user_id) = 0;
    virtual Result<std::int64_t> CountByRole(std::string_view org_id, std::string_view role) = 0;
};

class SessionRepository {
public:
    virtual ~SessionRepository() = default;
    virtual Result<void> Create(const Session& s) = 0;
    virtual Result<Session> Get(std::string_view id_hash) = 0;
    virtual Result<void> Touch(std::string_view id_hash, std::int64_t last_seen_at,
                               std::int64_t expires_at) = 0;
    virtual Result<void> Delete(std::string_view id_hash) = 0;
    virtual Result<void> DeleteForUser(std::string_view user_id) = 0;
    virtual Result<std::vector<Session>> ListForUser(std::string_view user_id) = 0;
    virtual Result<std::int64_t> DeleteExpired(std::int64_t now) = 0;  // returns rows removed
};

class ApiTokenRepository {
public:
    virtual ~ApiTokenRepository() = default;
    virtual Result<void> Create(const ApiToken& t) = 0;
    virtual Result<ApiToken> Get(std::string_view id) = 0;
    virtual Result<std::vector<ApiToken>> ListByOrg(std::string_view org_id) = 0;
    virtual Result<void> Revoke(std::string_view id, std::int64_t at) = 0;
    virtual Result<void> TouchUsed(std::string_view id, std::int64_t at) = 0;
};

class InvitationRepository {
public:
    virtual ~InvitationRepository() = default;
    virtual Result<void> Create(const Invitation& inv) = 0;
    virtual Result<Invitation> Get(std::string_view id) = 0;
    virtual Result<Invitation> FindByTokenHash(std::string_view token_hash) = 0;
    virtual Result<std::vector<Invitation>> ListPendingByOrg(std::string_view org_id, std::int64_t now) = 0;
    virtual Result<void> Delete(std::string_view id) = 0;
    // In one transaction: marks the invitation accepted (kConflict if it already was) and
    // upserts the membership (org_id, user_id, invitation.role).
    virtual Result<void> Accept(std::string_view id, std::string_view user_id, std::int64_t at) = 0;
};

class AuditRepository {
public:
    virtual ~AuditRepository() = default;
    virtual Result<void> Append(const AuditEvent& e) = 0;
    // Newest first; limit 1..1000 (kInvalidArgument otherwise).
    virtual Result<std::vector<AuditEvent>> ListByOrg(std::string_view org_id, int limit) = 0;
    virtual Result<std::vector<AuditEvent>> ListByActor(std::string_view user_id, int limit) = 0;
};

// Fixed-window counters shared by every app node (login rate limiting).
class RateLimitRepository {
public:
    virtual ~RateLimitRepository() = default;
    // Adds one hit to `key` in the window that started at `window_start` (ms) and returns the
    // number of hits in that window, this one included. Hits of older windows are forgotten.
    virtual Result<std::int64_t> Hit(std::string_view key, std::int64_t window_start) = 0;
    virtual Result<std::int64_t> Peek(std::string_view key, std::int64_t window_start) = 0;
    virtual Result<void> Reset(std::string_view key) = 0;
};

struct MigrationReport {
    int from_version = 0;
    int to_version = 0;
    std::vector<std::string> applied;  // file names, in order
};

class Store {
public:
    virtual ~Store() = default;
    virtual std::string_view Kind() const = 0;  // "sqlite" | "postgresql"
    virtual Result<void> Ping() = 0;            // /readyz
    // Applies pending versioned migrations, each in its own transaction: a failing one leaves
    // the schema as it was before it and reports which file and statement failed.
    virtual Result<MigrationReport> Migrate() = 0;
    virtual Result<int> SchemaVersion() = 0;

    virtual OrganizationRepository& Organizations() = 0;
    virtual UserRepository& Users() = 0;
    virtual MembershipRepository& Memberships() = 0;
    virtual SessionRepository& Sessions() = 0;
    virtual ApiTokenRepository& ApiTokens() = 0;
    virtual InvitationRepository& Invitations() = 0;
    virtual AuditRepository& Audit() = 0;
    virtual RateLimitRepository& RateLimits() = 0;
};

struct StoreOptions {
    int pool_size = 4;                 // connections kept open
    int busy_timeout_ms = 5000;        // SQLite busy timeout / PostgreSQL connect timeout
    core::Metrics* metrics = nullptr;  // when set: passeur_store_query_duration_seconds{op}
};

// url: "sqlite:PATH" (PATH may be ":memory:" for tests) or "postgresql://..." / "postgres://...".
// A bare path is read as sqlite:PATH. kInvalidArgument on an unknown scheme.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const StoreOptions& options = {});
// OpenStore, then Migrate (for command-line tools that need an up-to-date schema).
Result<std::unique_ptr<Store>> OpenMigrated(std::string_view url, const StoreOptions& options = {});

}  // namespace passeur::store
