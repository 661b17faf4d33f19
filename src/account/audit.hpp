// Appends security events to the AuditRepository. Never given passwords or token secrets; e-mails
// go in as sha256 hex (HashEmail). Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "account/principal.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace passeur::account {

std::string HashEmail(std::string_view normalized_email);  // "sha256:<hex>"

// One event to record. Built fluently: AuditEntry("org.member_added").By(principal).Org(org).Subject(user).
struct AuditEntry {
    explicit AuditEntry(std::string event_name) : event(std::move(event_name)) {}
    // The caller of an action: its user as actor (sessions) and its token id (API tokens), which
    // Record() adds to the details as "token_id", so every action of a token names that token.
    AuditEntry& By(const Principal& p) {
        actor_user_id = p.ActorId();
        token_id = p.IsApiToken() ? p.token_id : std::string();
        return *this;
    }
    AuditEntry& Actor(std::string v) {
        actor_user_id = std::move(v);
        return *this;
    }
    AuditEntry& Org(std::string v) {
        org_id = std::move(v);
        return *this;
    }
    AuditEntry& Subject(std::string v) {
        subject = std::move(v);
        return *this;
    }
    AuditEntry& Ip(std::string v) {
        ip = std::move(v);
        return *this;
    }
    AuditEntry& Details(nlohmann::json v) {
        details = std::move(v);
        return *this;
    }

    std::string event;  // "auth.login", "org.member_added", ...
    std::string actor_user_id;
    std::string org_id;
    std::string subject;
    std::string ip;
    std::string token_id;                               // "" unless the action was taken with an API token
    nlohmann::json details = nlohmann::json::object();  // a JSON object
};

class AuditLog {
public:
    AuditLog(store::Store& store, core::Clock& clock, core::Random& random);
    core::Result<void> Record(const AuditEntry& entry);

private:
    store::Store& store_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace passeur::account
