#include "account/audit.hpp"

#include "core/encoding.hpp"

namespace passeur::account {

std::string HashEmail(std::string_view normalized_email) {
    return "sha256:" + core::Sha256Hex(normalized_email);
}

AuditLog::AuditLog(store::Store& store, core::Clock& clock, core::Random& random)
    : store_(store), clock_(clock), random_(random) {}

core::Result<void> AuditLog::Record(const AuditEntry& entry) {
    store::AuditEvent e;
    e.id = core::NewUuid(random_);
    e.at = clock_.NowMillis();
    e.event = entry.event;
    e.actor_user_id = entry.actor_user_id;
    e.org_id = entry.org_id;
    e.subject = entry.subject;
    e.ip = entry.ip;
    if (entry.token_id.empty()) {
        e.details_json = entry.details.dump();
    } else {
        nlohmann::json details = entry.details.is_object() ? entry.details : nlohmann::json::object();
        details["token_id"] = entry.token_id;
        e.details_json = details.dump();
    }
    return store_.Audit().Append(e);
}

}  // namespace passeur::account
