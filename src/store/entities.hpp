// Stored entities of the foundation. Times are Unix milliseconds (UTC); 0 means "not set".
// Ids are UUIDv4 strings made by core::NewUuid. Persistent format: docs/formats/database.md.
#pragma once

#include <cstdint>
#include <string>

namespace passeur::store {

struct Organization {
    std::string id;
    std::string name;  // 1..200 chars
    // epn | association | france_services | training_provider | collectivite | hub | employer | other
    std::string kind;
    // INSEE département code ("75", "2A", "971") or "" — the territory a coordinator sees
    std::string department;
    std::int64_t created_at = 0;
};

struct User {
    std::string id;
    std::string email;          // lower-cased, unique
    std::string display_name;   // 0..100 chars
    std::string password_hash;  // argon2id encoded string (libsodium crypto_pwhash_str)
    std::string locale;         // "fr" | "en"
    std::string platform_role;  // "" or "platform_admin"
    bool disabled = false;
    std::int64_t created_at = 0;
    std::int64_t password_changed_at = 0;
};

// Role of a user inside one organisation: learner | mediator | org_admin | coordinator.
struct Membership {
    std::string org_id;
    std::string user_id;
    std::string role;
    std::int64_t created_at = 0;
};

// A server-side login session. The cookie carries the secret; only its SHA-256 is stored.
struct Session {
    std::string id_hash;  // sha256 hex of the cookie secret
    std::string user_id;
    std::string csrf_token;
    std::int64_t created_at = 0;
    std::int64_t last_seen_at = 0;
    std::int64_t expires_at = 0;
};

// Machine credential scoped to one organisation. The secret is shown once; only its hash is stored.
struct ApiToken {
    std::string id;
    std::string org_id;
    std::string name;
    std::string role;         // the organisation role the token acts with: learner | mediator | org_admin
    std::string secret_hash;  // sha256 hex of the secret
    std::string created_by;   // user id, "" once that user is deleted
    std::int64_t created_at = 0;
    std::int64_t last_used_at = 0;
    std::int64_t revoked_at = 0;
};

// An invitation to join an organisation, sent as a link carrying a secret token.
struct Invitation {
    std::string id;
    std::string org_id;
    std::string email;
    std::string role;
    std::string token_hash;  // sha256 hex of the link secret
    std::string created_by;  // user id, "" once that user is deleted
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    std::int64_t accepted_at = 0;
    std::string accepted_by;  // user id
};

// Security-relevant event (login, failed login, role change, token created, account deleted ...).
struct AuditEvent {
    std::string id;
    std::int64_t at = 0;
    std::string event;          // dotted name: "auth.login_failed", "org.member_added", ...
    std::string actor_user_id;  // "" when anonymous or once the user is deleted
    std::string org_id;         // "" when not about an organisation
    std::string subject;        // what it is about (user id, token id, email hash...), may be ""
    std::string ip;             // client address, may be ""
    std::string details_json;   // small JSON object, "{}" when none
};

}  // namespace passeur::store
