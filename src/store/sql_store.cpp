#include "store/sql_store.hpp"

#include <chrono>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "store/migrations.hpp"

namespace passeur::store {

namespace {

using core::Error;
using core::Fail;
using core::Result;

constexpr int kMaxListLimit = 1000;

// Observes the duration of one repository call under a fixed op name (never SQL text).
class OpTimer {
public:
    OpTimer(core::Metrics* metrics, const char* op)
        : metrics_(metrics), op_(op), start_(std::chrono::steady_clock::now()) {}
    OpTimer(const OpTimer&) = delete;
    OpTimer& operator=(const OpTimer&) = delete;
    ~OpTimer() {
        if (metrics_ == nullptr) return;
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
        metrics_->Observe(kQueryDurationMetric, {{"op", op_}}, elapsed.count());
    }

private:
    core::Metrics* metrics_;
    const char* op_;
    std::chrono::steady_clock::time_point start_;
};

std::string S(std::string_view s) { return std::string(s); }

Result<void> CheckLimit(int limit, int offset = 0) {
    if (limit < 1 || limit > kMaxListLimit) {
        return Fail(Error::InvalidArgument(fmt::format("limit must be 1..{}", kMaxListLimit), "limit"));
    }
    if (offset < 0) return Fail(Error::InvalidArgument("offset must be >= 0", "offset"));
    return core::Ok();
}

// Turns an adapter error on an INSERT into the repository's message; other errors pass through.
Error OnInsert(Error e, std::string_view exists_message, std::string_view missing_ref_message) {
    if (IsUniqueViolation(e)) return Error::Conflict(S(exists_message), "id");
    if (IsForeignKeyViolation(e)) return Error::Conflict(S(missing_ref_message));
    return e;
}

Result<void> ExpectOneRow(const Result<std::int64_t>& affected, std::string_view not_found_message) {
    if (!affected) return Fail(affected.error());
    if (*affected == 0) return Fail(Error::NotFound(S(not_found_message)));
    return core::Ok();
}

template <typename T, typename Map>
Result<T> One(Result<Rows> rows, std::string_view not_found_message, Map map) {
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return Fail(Error::NotFound(S(not_found_message)));
    return map(rows->front());
}

template <typename T, typename Map>
Result<std::vector<T>> Many(Result<Rows> rows, Map map) {
    if (!rows) return Fail(rows.error());
    std::vector<T> out;
    out.reserve(rows->size());
    for (const Row& r : *rows) out.push_back(map(r));
    return out;
}

// ---------------------------------------------------------------------------------------------
constexpr const char* kOrgColumns = "id, name, kind, department, created_at";
constexpr std::string_view kOrgNotFound = "organisation introuvable";

Organization ToOrganization(const Row& r) {
    return {AsText(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]), AsInt(r[4])};
}

class SqlOrganizations final : public OrganizationRepository {
public:
    SqlOrganizations(Database& db, core::Metrics* m) : db_(db), m_(m) {}

    Result<void> Create(const Organization& o) override {
        OpTimer t(m_, "organizations.create");
        auto r = db_.Exec(
            "INSERT INTO organizations (id, name, kind, department, created_at) "
            "VALUES ($1, $2, $3, $4, $5)",
            {o.id, o.name, o.kind, o.department, o.created_at});
        if (!r) return Fail(OnInsert(r.error(), "cette organisation existe déjà", "référence invalide"));
        return core::Ok();
    }

    Result<Organization> Get(std::string_view id) override {
        OpTimer t(m_, "organizations.get");
        return One<Organization>(
            db_.Query(fmt::format("SELECT {} FROM organizations WHERE id = $1", kOrgColumns), {S(id)}),
            kOrgNotFound, ToOrganization);
    }

    Result<std::vector<Organization>> List(int limit, int offset) override {
        OpTimer t(m_, "organizations.list");
        PASSEUR_TRY(CheckLimit(limit, offset));
        return Many<Organization>(
            db_.Query(
                fmt::format("SELECT {} FROM organizations ORDER BY name, id LIMIT $1 OFFSET $2", kOrgColumns),
                {std::int64_t{limit}, std::int64_t{offset}}),
            ToOrganization);
    }

    Result<std::vector<Organization>> ListByDepartment(std::string_view department) override {
        OpTimer t(m_, "organizations.list_by_department");
        return Many<Organization>(
            db_.Query(
                fmt::format("SELECT {} FROM organizations WHERE department = $1 ORDER BY name, id LIMIT {}",
                            kOrgColumns, kMaxListLimit),
                {S(department)}),
            ToOrganization);
    }

    Result<void> Update(const Organization& o) override {
        OpTimer t(m_, "organizations.update");
        return ExpectOneRow(
            db_.Exec("UPDATE organizations SET name = $2, kind = $3, department = $4 WHERE id = $1",
                     {o.id, o.name, o.kind, o.department}),
            kOrgNotFound);
    }

    Result<void> Delete(std::string_view id) override {
        OpTimer t(m_, "organizations.delete");
        return ExpectOneRow(db_.Exec("DELETE FROM organizations WHERE id = $1", {S(id)}), kOrgNotFound);
    }

private:
    Database& db_;
    core::Metrics* m_;
};

// ---------------------------------------------------------------------------------------------
constexpr const char* kUserColumns =
    "id, email, display_name, password_hash, locale, platform_role, disabled, created_at, "
    "password_changed_at";
constexpr std::string_view kUserNotFound = "utilisateur introuvable";

User ToUser(const Row& r) {
    return {AsText(r[0]), AsText(r[1]),     AsText(r[2]), AsText(r[3]), AsText(r[4]),
            AsText(r[5]), AsInt(r[6]) != 0, AsInt(r[7]),  AsInt(r[8])};
}

class SqlUsers final : public UserRepository {
public:
    SqlUsers(Database& db, core::Metrics* m) : db_(db), m_(m) {}

    Result<void> Create(const User& u) override {
        OpTimer t(m_, "users.create");
        auto r = db_.Exec(
            "INSERT INTO users (id, email, display_name, password_hash, locale, platform_role, disabled, "
            "created_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            {u.id, u.email, u.display_name, u.password_hash, u.locale, u.platform_role,
             std::int64_t{u.disabled ? 1 : 0}, u.created_at, u.password_changed_at});
        if (!r) {
            if (IsUniqueViolation(r.error()) && r.error().message.find("email") != std::string::npos) {
                return Fail(Error::Conflict("cette adresse e-mail est déjà utilisée", "email"));
            }
            return Fail(OnInsert(r.error(), "cet utilisateur existe déjà", "référence invalide"));
        }
        return core::Ok();
    }

    Result<User> Get(std::string_view id) override {
        OpTimer t(m_, "users.get");
        return One<User>(db_.Query(fmt::format("SELECT {} FROM users WHERE id = $1", kUserColumns), {S(id)}),
                         kUserNotFound, ToUser);
    }

    Result<User> FindByEmail(std::string_view email) override {
        OpTimer t(m_, "users.find_by_email");
        return One<User>(
            db_.Query(fmt::format("SELECT {} FROM users WHERE email = $1", kUserColumns), {S(email)}),
            kUserNotFound, ToUser);
    }

    Result<void> Update(const User& u) override {
        OpTimer t(m_, "users.update");
        return ExpectOneRow(
            db_.Exec(
                "UPDATE users SET display_name = $2, password_hash = $3, locale = $4, platform_role = $5, "
                "disabled = $6, password_changed_at = $7 WHERE id = $1",
                {u.id, u.display_name, u.password_hash, u.locale, u.platform_role,
                 std::int64_t{u.disabled ? 1 : 0}, u.password_changed_at}),
            kUserNotFound);
    }

    Result<void> UpdateProfile(std::string_view id, std::string_view display_name,
                               std::string_view locale) override {
        OpTimer t(m_, "users.update_profile");
        return ExpectOneRow(db_.Exec("UPDATE users SET display_name = $2, locale = $3 WHERE id = $1",
                                     {S(id), S(display_name), S(locale)}),
                            kUserNotFound);
    }

    // Memberships and sessions go by ON DELETE CASCADE, token/invitation authors by ON DELETE SET
    // NULL; the audit trail has no foreign key, so its actor is cleared here.
    Result<void> Delete(std::string_view id) override {
        OpTimer t(m_, "users.delete");
        return db_.WithTransaction([&](Executor& ex) -> Result<void> {
            PASSEUR_TRY(
                ex.Exec("UPDATE audit_events SET actor_user_id = NULL WHERE actor_user_id = $1", {S(id)}));
            return ExpectOneRow(ex.Exec("DELETE FROM users WHERE id = $1", {S(id)}), kUserNotFound);
        });
    }

    Result<std::int64_t> Count() override {
        OpTimer t(m_, "users.count");
        return One<std::int64_t>(db_.Query("SELECT COUNT(*) FROM users", {}), "",
                                 [](const Row& r) { return AsInt(r[0]); });
    }

private:
    Database& db_;
    core::Metrics* m_;
};

// ---------------------------------------------------------------------------------------------
constexpr std::string_view kMembershipNotFound = "adhésion introuvable";

Membership ToMembership(const Row& r) { return {AsText(r[0]), AsText(r[1]), AsText(r[2]), AsInt(r[3])}; }

constexpr std::string_view kUpsertMembership =
    "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role";

class SqlMemberships final : public MembershipRepository {
public:
    SqlMemberships(Database& db, core::Metrics* m) : db_(db), m_(m) {}

    Result<void> Upsert(const Membership& x) override {
        OpTimer t(m_, "memberships.upsert");
        auto r = db_.Exec(kUpsertMembership, {x.org_id, x.user_id, x.role, x.created_at});
        if (!r)
            return Fail(
                OnInsert(r.error(), "adhésion déjà existante", "organisation ou utilisateur introuvable"));
        return core::Ok();
    }

    Result<Membership> Get(std::string_view org_id, std::string_view user_id) override {
        OpTimer t(m_, "memberships.get");
        return One<Membership>(db_.Query("SELECT org_id, user_id, role, created_at FROM memberships "
                                         "WHERE org_id = $1 AND user_id = $2",
                                         {S(org_id), S(user_id)}),
                               kMembershipNotFound, ToMembership);
    }

    Result<std::vector<Membership>> ListByOrg(std::string_view org_id) override {
        OpTimer t(m_, "memberships.list_by_org");
        return Many<Membership>(db_.Query("SELECT org_id, user_id, role, created_at FROM memberships "
                                          "WHERE org_id = $1 ORDER BY created_at, user_id",
                                          {S(org_id)}),
                                ToMembership);
    }

    Result<std::vector<Membership>> ListByUser(std::string_view user_id) override {
        OpTimer t(m_, "memberships.list_by_user");
        return Many<Membership>(db_.Query("SELECT org_id, user_id, role, created_at FROM memberships "
                                          "WHERE user_id = $1 ORDER BY created_at, org_id",
                                          {S(user_id)}),
                                ToMembership);
    }

    Result<void> Delete(std::string_view org_id, std::string_view user_id) override {
        OpTimer t(m_, "memberships.delete");
        return ExpectOneRow(
            db_.Exec("DELETE FROM memberships WHERE org_id = $1 AND user_id = $2", {S(org_id), S(user_id)}),
            kMembershipNotFound);
    }

    Result<std::int64_t> CountByRole(std::string_view org_id, std::string_view role) override {
        OpTimer t(m_, "memberships.count_by_role");
        return One<std::int64_t>(db_.Query("SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = $2",
                                           {S(org_id), S(role)}),
                                 "", [](const Row& r) { return AsInt(r[0]); });
    }

private:
    Database& db_;
    core::Metrics* m_;
};

// ---------------------------------------------------------------------------------------------
constexpr const char* kSessionColumns = "id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at";
constexpr std::string_view kSessionNotFound = "session introuvable";

Session ToSession(const Row& r) {
    return {AsText(r[0]), AsText(r[1]), AsText(r[2]), AsInt(r[3]), AsInt(r[4]), AsInt(r[5])};
}

class SqlSessions final : public SessionRepository {
public:
    SqlSessions(Database& db, core::Metrics* m) : db_(db), m_(m) {}

    Result<void> Create(const Session& s) override {
        OpTimer t(m_, "sessions.create");
        auto r = db_.Exec(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) "
            "VALUES ($1, $2, $3, $4, $5, $6)",
            {s.id_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at});
        if (!r) return Fail(OnInsert(r.error(), "cette session existe déjà", "utilisateur introuvable"));
        return core::Ok();
    }

    Result<Session> Get(std::string_view id_hash) override {
        OpTimer t(m_, "sessions.get");
        return One<Session>(
            db_.Query(fmt::format("SELECT {} FROM sessions WHERE id_hash = $1", kSessionColumns),
                      {S(id_hash)}),
            kSessionNotFound, ToSession);
    }

    Result<void> Touch(std::string_view id_hash, std::int64_t last_seen_at,
                       std::int64_t expires_at) override {
        OpTimer t(m_, "sessions.touch");
        return ExpectOneRow(
            db_.Exec("UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1",
                     {S(id_hash), last_seen_at, expires_at}),
            kSessionNotFound);
    }

    // Idempotent: deleting a session that is already gone succeeds (logging out twice).
    Result<void> Delete(std::string_view id_hash) override {
        OpTimer t(m_, "sessions.delete");
        PASSEUR_TRY(db_.Exec("DELETE FROM sessions WHERE id_hash = $1", {S(id_hash)}));
        return core::Ok();
    }

    Result<void> DeleteForUser(std::string_view user_id) override {
        OpTimer t(m_, "sessions.delete_for_user");
        PASSEUR_TRY(db_.Exec("DELETE FROM sessions WHERE user_id = $1", {S(user_id)}));
        return core::Ok();
    }

    Result<std::vector<Session>> ListForUser(std::string_view user_id) override {
        OpTimer t(m_, "sessions.list_for_user");
        return Many<Session>(
            db_.Query(
                fmt::format(
                    "SELECT {} FROM sessions WHERE user_id = $1 ORDER BY created_at DESC, id_hash LIMIT {}",
                    kSessionColumns, kMaxListLimit),
                {S(user_id)}),
            ToSession);
    }

    Result<std::int64_t> DeleteExpired(std::int64_t now) override {
        OpTimer t(m_, "sessions.delete_expired");
        return db_.Exec("DELETE FROM sessions WHERE expires_at <= $1", {now});
    }

private:
    Database& db_;
    core::Metrics* m_;
};

// ---------------------------------------------------------------------------------------------
constexpr const char* kTokenColumns =
    "id, org_id, name, role, secret_hash, created_by, created_at, last_used_at, revoked_at";
constexpr std::string_view kTokenNotFound = "jeton d'API introuvable";

ApiToken ToToken(const Row& r) {
    return {AsText(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]),
            AsText(r[5]), AsInt(r[6]),  AsInt(r[7]),  AsInt(r[8])};
}

class SqlApiTokens final : public ApiTokenRepository {
public:
    SqlApiTokens(Database& db, core::Metrics* m) : db_(db), m_(m) {}

    Result<void> Create(const ApiToken& x) override {
        OpTimer t(m_, "api_tokens.create");
        auto r = db_.Exec(
            "INSERT INTO api_tokens (id, org_id, name, role, secret_hash, created_by, created_at, "
            "last_used_at, "
            "revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            {x.id, x.org_id, x.name, x.role, x.secret_hash, NullIfEmpty(x.created_by), x.created_at,
             x.last_used_at, x.revoked_at});
        if (!r)
            return Fail(
                OnInsert(r.error(), "ce jeton d'API existe déjà", "organisation ou auteur introuvable"));
        return core::Ok();
    }

    Result<ApiToken> Get(std::string_view id) override {
        OpTimer t(m_, "api_tokens.get");
        return One<ApiToken>(
            db_.Query(fmt::format("SELECT {} FROM api_tokens WHERE id = $1", kTokenColumns), {S(id)}),
            kTokenNotFound, ToToken);
    }

    Result<std::vector<ApiToken>> ListByOrg(std::string_view org_id) override {
        OpTimer t(m_, "api_tokens.list_by_org");
        return Many<ApiToken>(
            db_.Query(
                fmt::format("SELECT {} FROM api_tokens WHERE org_id = $1 ORDER BY created_at, id LIMIT {}",
                            kTokenColumns, kMaxListLimit),
                {S(org_id)}),
            ToToken);
    }

    // Revoking an already revoked token keeps the first revocation time.
    Result<void> Revoke(std::string_view id, std::int64_t at) override {
        OpTimer t(m_, "api_tokens.revoke");
        return ExpectOneRow(
            db_.Exec(
                "UPDATE api_tokens SET revoked_at = CASE WHEN revoked_at = 0 THEN $2 ELSE revoked_at END "
                "WHERE id = $1",
                {S(id), at}),
            kTokenNotFound);
    }

    Result<void> TouchUsed(std::string_view id, std::int64_t at) override {
        OpTimer t(m_, "api_tokens.touch_used");
        return ExpectOneRow(db_.Exec("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", {S(id), at}),
                            kTokenNotFound);
    }

private:
    Database& db_;
    core::Metrics* m_;
};

// ---------------------------------------------------------------------------------------------
constexpr const char* kInvitationColumns =
    "id, org_id, email, role, token_hash, created_by, created_at, expires_at, accepted_at, accepted_by";
constexpr std::string_view kInvitationNotFound = "invitation introuvable";

Invitation ToInvitation(const Row& r) {
    return {AsText(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]),
            AsText(r[5]), AsInt(r[6]),  AsInt(r[7]),  AsInt(r[8]),  AsText(r[9])};
}

class SqlInvitations final : public InvitationRepository {
public:
    SqlInvitations(Database& db, core::Metrics* m) : db_(db), m_(m) {}

    Result<void> Create(const Invitation& x) override {
        OpTimer t(m_, "invitations.create");
        auto r = db_.Exec(
            "INSERT INTO invitations (id, org_id, email, role, token_hash, created_by, created_at, "
            "expires_at, "
            "accepted_at, accepted_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            {x.id, x.org_id, x.email, x.role, x.token_hash, NullIfEmpty(x.created_by), x.created_at,
             x.expires_at, x.accepted_at, NullIfEmpty(x.accepted_by)});
        if (!r)
            return Fail(
                OnInsert(r.error(), "cette invitation existe déjà", "organisation ou auteur introuvable"));
        return core::Ok();
    }

    Result<Invitation> Get(std::string_view id) override {
        OpTimer t(m_, "invitations.get");
        return One<Invitation>(
            db_.Query(fmt::format("SELECT {} FROM invitations WHERE id = $1", kInvitationColumns), {S(id)}),
            kInvitationNotFound, ToInvitation);
    }

    Result<Invitation> FindByTokenHash(std::string_view token_hash) override {
        OpTimer t(m_, "invitations.find_by_token_hash");
        return One<Invitation>(
            db_.Query(fmt::format("SELECT {} FROM invitations WHERE token_hash = $1", kInvitationColumns),
                      {S(token_hash)}),
            kInvitationNotFound, ToInvitation);
    }

    // Pending: not accepted and expires_at > now; oldest first.
    Result<std::vector<Invitation>> ListPendingByOrg(std::string_view org_id, std::int64_t now) override {
        OpTimer t(m_, "invitations.list_pending_by_org");
        return Many<Invitation>(
            db_.Query(
                fmt::format(
                    "SELECT {} FROM invitations WHERE org_id = $1 AND accepted_at = 0 AND expires_at > $2 "
                    "ORDER BY created_at, id LIMIT {}",
                    kInvitationColumns, kMaxListLimit),
                {S(org_id), now}),
            ToInvitation);
    }

    Result<void> Delete(std::string_view id) override {
        OpTimer t(m_, "invitations.delete");
        return ExpectOneRow(db_.Exec("DELETE FROM invitations WHERE id = $1", {S(id)}), kInvitationNotFound);
    }

    Result<void> Accept(std::string_view id, std::string_view user_id, std::int64_t at) override {
        OpTimer t(m_, "invitations.accept");
        return db_.WithTransaction([&](Executor& ex) -> Result<void> {
            auto claimed = ex.Query(
                "UPDATE invitations SET accepted_at = $2, accepted_by = $3 WHERE id = $1 AND accepted_at = 0 "
                "RETURNING org_id, role",
                {S(id), at, S(user_id)});
            if (!claimed) {
                if (IsForeignKeyViolation(claimed.error())) return Fail(Error::NotFound(S(kUserNotFound)));
                return Fail(claimed.error());
            }
            if (claimed->empty()) {
                auto exists = ex.Query("SELECT 1 FROM invitations WHERE id = $1", {S(id)});
                if (!exists) return Fail(exists.error());
                if (exists->empty()) return Fail(Error::NotFound(S(kInvitationNotFound)));
                return Fail(Error::Conflict("cette invitation a déjà été acceptée"));
            }
            const Row& row = claimed->front();
            auto member = ex.Exec(kUpsertMembership, {row[0], S(user_id), row[1], at});
            if (!member) {
                if (IsForeignKeyViolation(member.error())) return Fail(Error::NotFound(S(kUserNotFound)));
                return Fail(member.error());
            }
            return core::Ok();
        });
    }

private:
    Database& db_;
    core::Metrics* m_;
};

// ---------------------------------------------------------------------------------------------
constexpr const char* kAuditColumns = "id, at, event, actor_user_id, org_id, subject, ip, details_json";

AuditEvent ToAudit(const Row& r) {
    return {AsText(r[0]), AsInt(r[1]),  AsText(r[2]), AsText(r[3]),
            AsText(r[4]), AsText(r[5]), AsText(r[6]), AsText(r[7])};
}

class SqlAudit final : public AuditRepository {
public:
    SqlAudit(Database& db, core::Metrics* m) : db_(db), m_(m) {}

    Result<void> Append(const AuditEvent& e) override {
        OpTimer t(m_, "audit.append");
        auto r = db_.Exec(
            "INSERT INTO audit_events (id, at, event, actor_user_id, org_id, subject, ip, details_json) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            {e.id, e.at, e.event, NullIfEmpty(e.actor_user_id), NullIfEmpty(e.org_id), e.subject, e.ip,
             e.details_json.empty() ? std::string("{}") : e.details_json});
        if (!r) return Fail(OnInsert(r.error(), "cet événement d'audit existe déjà", "référence invalide"));
        return core::Ok();
    }

    Result<std::vector<AuditEvent>> ListByOrg(std::string_view org_id, int limit) override {
        OpTimer t(m_, "audit.list_by_org");
        PASSEUR_TRY(CheckLimit(limit));
        return Many<AuditEvent>(
            db_.Query(fmt::format(
                          "SELECT {} FROM audit_events WHERE org_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
                          kAuditColumns),
                      {S(org_id), std::int64_t{limit}}),
            ToAudit);
    }

    Result<std::vector<AuditEvent>> ListByActor(std::string_view user_id, int limit) override {
        OpTimer t(m_, "audit.list_by_actor");
        PASSEUR_TRY(CheckLimit(limit));
        return Many<AuditEvent>(
            db_.Query(
                fmt::format("SELECT {} FROM audit_events WHERE actor_user_id = $1 ORDER BY at DESC, id DESC "
                            "LIMIT $2",
                            kAuditColumns),
                {S(user_id), std::int64_t{limit}}),
            ToAudit);
    }

private:
    Database& db_;
    core::Metrics* m_;
};

// ---------------------------------------------------------------------------------------------
class SqlRateLimits final : public RateLimitRepository {
public:
    SqlRateLimits(Database& db, core::Metrics* m) : db_(db), m_(m) {}

    Result<std::int64_t> Hit(std::string_view key, std::int64_t window_start) override {
        OpTimer t(m_, "rate_limits.hit");
        return One<std::int64_t>(
            db_.Query("INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1) "
                      "ON CONFLICT (key) DO UPDATE SET "
                      "count = CASE WHEN rate_limits.window_start = excluded.window_start "
                      "THEN rate_limits.count + 1 ELSE 1 END, "
                      "window_start = excluded.window_start RETURNING count",
                      {S(key), window_start}),
            "", [](const Row& r) { return AsInt(r[0]); });
    }

    Result<std::int64_t> Peek(std::string_view key, std::int64_t window_start) override {
        OpTimer t(m_, "rate_limits.peek");
        auto rows = db_.Query("SELECT count FROM rate_limits WHERE key = $1 AND window_start = $2",
                              {S(key), window_start});
        if (!rows) return Fail(rows.error());
        return rows->empty() ? std::int64_t{0} : AsInt(rows->front()[0]);
    }

    Result<void> Reset(std::string_view key) override {
        OpTimer t(m_, "rate_limits.reset");
        PASSEUR_TRY(db_.Exec("DELETE FROM rate_limits WHERE key = $1", {S(key)}));
        return core::Ok();
    }

private:
    Database& db_;
    core::Metrics* m_;
};

// ---------------------------------------------------------------------------------------------
class SqlStore final : public Store {
public:
    SqlStore(std::unique_ptr<Database> db, core::Metrics* metrics)
        : db_(std::move(db)),
          metrics_(metrics),
          organizations_(*db_, metrics),
          users_(*db_, metrics),
          memberships_(*db_, metrics),
          sessions_(*db_, metrics),
          api_tokens_(*db_, metrics),
          invitations_(*db_, metrics),
          audit_(*db_, metrics),
          rate_limits_(*db_, metrics) {
        if (metrics_ != nullptr) {
            metrics_->DescribeHistogram(std::string(kQueryDurationMetric),
                                        "Duration of store repository calls, by operation.",
                                        core::Metrics::DefaultLatencyBuckets());
        }
    }

    std::string_view Kind() const override { return db_->Kind(); }

    Result<void> Ping() override {
        OpTimer t(metrics_, "store.ping");
        return db_->Ping();
    }

    Result<MigrationReport> Migrate() override {
        OpTimer t(metrics_, "store.migrate");
        auto migrations = EmbeddedMigrations(db_->Kind());
        if (!migrations) return Fail(migrations.error());
        return MigrateWith(*db_, *migrations);
    }

    Result<int> SchemaVersion() override {
        OpTimer t(metrics_, "store.schema_version");
        return CurrentSchemaVersion(*db_);
    }

    OrganizationRepository& Organizations() override { return organizations_; }
    UserRepository& Users() override { return users_; }
    MembershipRepository& Memberships() override { return memberships_; }
    SessionRepository& Sessions() override { return sessions_; }
    ApiTokenRepository& ApiTokens() override { return api_tokens_; }
    InvitationRepository& Invitations() override { return invitations_; }
    AuditRepository& Audit() override { return audit_; }
    RateLimitRepository& RateLimits() override { return rate_limits_; }

    Database& database() { return *db_; }

private:
    std::unique_ptr<Database> db_;
    core::Metrics* metrics_;
    SqlOrganizations organizations_;
    SqlUsers users_;
    SqlMemberships memberships_;
    SqlSessions sessions_;
    SqlApiTokens api_tokens_;
    SqlInvitations invitations_;
    SqlAudit audit_;
    SqlRateLimits rate_limits_;
};

}  // namespace

std::unique_ptr<Store> MakeSqlStore(std::unique_ptr<Database> db, core::Metrics* metrics) {
    return std::make_unique<SqlStore>(std::move(db), metrics);
}

Database* DatabaseOf(Store& store) {
    auto* sql = dynamic_cast<SqlStore*>(&store);
    return sql != nullptr ? &sql->database() : nullptr;
}

}  // namespace passeur::store
