// The account component as the app wires it: builds the services over one store and registers the
// JSON API routes under /api/v1. Thread-safe once built.
#pragma once

#include <memory>

#include "account/account_config.hpp"
#include "account/account_service.hpp"
#include "account/audit.hpp"
#include "account/authenticator.hpp"
#include "account/authorizer.hpp"
#include "account/organization_service.hpp"
#include "account/password.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace passeur::account {

class AccountModule {
public:
    AccountModule(store::Store& store, core::Clock& clock, core::Random& random, AccountConfig config);
    ~AccountModule();
    AccountModule(const AccountModule&) = delete;
    AccountModule& operator=(const AccountModule&) = delete;

    AccountService& Accounts();
    OrganizationService& Organizations();
    Authenticator& Auth();
    const Authorizer& Authz() const;
    AuditLog& Audit();
    const AccountConfig& Config() const;
    // For `--port 0`: the base of invitation links is known only once the port is bound. Not
    // thread-safe: call before the server starts serving.
    void SetPublicBaseUrl(std::string url);

    // All /api/v1 account and organisation routes (RouteKind::kJson).
    void RegisterApiRoutes(http::Router& router);

private:
    AccountConfig config_;
    PasswordHasher hasher_;
    AuditLog audit_;
    Authorizer authorizer_;
    AccountService accounts_;
    OrganizationService organizations_;
    Authenticator authenticator_;
};

}  // namespace passeur::account
