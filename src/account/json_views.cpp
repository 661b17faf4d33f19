#include "account/json_views.hpp"

#include "core/clock.hpp"

namespace passeur::account {

using nlohmann::json;

json TimeJson(std::int64_t unix_millis) {
    if (unix_millis == 0) return nullptr;
    return core::FormatRfc3339(unix_millis);
}

json UserJson(const store::User& user) {
    return json{{"id", user.id},
                {"email", user.email},
                {"display_name", user.display_name},
                {"locale", user.locale},
                {"platform_role", user.platform_role.empty() ? json(nullptr) : json(user.platform_role)},
                {"disabled", user.disabled},
                {"created_at", TimeJson(user.created_at)},
                {"password_changed_at", TimeJson(user.password_changed_at)}};
}

json OrganizationJson(const store::Organization& org) {
    json j{{"id", org.id}, {"name", org.name}};
    // A learner sees the name only (the service clears the other fields): omit them then.
    if (!org.kind.empty()) {
        j["kind"] = org.kind;
        j["department"] = org.department;
        j["created_at"] = TimeJson(org.created_at);
    }
    return j;
}

json MembershipJson(const MembershipView& m) {
    return json{{"org_id", m.membership.org_id},
                {"org_name", m.org_name},
                {"role", m.membership.role},
                {"created_at", TimeJson(m.membership.created_at)}};
}

json MemberJson(const MemberView& m) {
    return json{{"user_id", m.membership.user_id},
                {"email", m.email},
                {"display_name", m.display_name},
                {"role", m.membership.role},
                {"created_at", TimeJson(m.membership.created_at)}};
}

json InvitationJson(const store::Invitation& inv) {
    return json{{"id", inv.id},
                {"org_id", inv.org_id},
                {"email", inv.email},
                {"role", inv.role},
                {"created_by", inv.created_by.empty() ? json(nullptr) : json(inv.created_by)},
                {"created_at", TimeJson(inv.created_at)},
                {"expires_at", TimeJson(inv.expires_at)},
                {"accepted_at", TimeJson(inv.accepted_at)}};
}

json ApiTokenJson(const store::ApiToken& token) {
    return json{{"id", token.id},
                {"org_id", token.org_id},
                {"name", token.name},
                {"role", token.role},
                {"created_by", token.created_by.empty() ? json(nullptr) : json(token.created_by)},
                {"created_at", TimeJson(token.created_at)},
                {"last_used_at", TimeJson(token.last_used_at)},
                {"revoked_at", TimeJson(token.revoked_at)}};
}

json AuditEventJson(const store::AuditEvent& e) {
    json details = json::parse(e.details_json, nullptr, false);
    if (details.is_discarded()) details = json::object();
    return json{{"id", e.id},
                {"at", TimeJson(e.at)},
                {"event", e.event},
                {"actor_user_id", e.actor_user_id.empty() ? json(nullptr) : json(e.actor_user_id)},
                {"org_id", e.org_id.empty() ? json(nullptr) : json(e.org_id)},
                {"subject", e.subject},
                {"ip", e.ip},
                {"details", details}};
}

json SessionJson(const store::Session& s, bool current) {
    return json{{"created_at", TimeJson(s.created_at)},
                {"last_seen_at", TimeJson(s.last_seen_at)},
                {"expires_at", TimeJson(s.expires_at)},
                {"current", current}};
}

}  // namespace passeur::account
