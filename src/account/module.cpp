#include "account/module.hpp"

#include <utility>

#include "account/api.hpp"

namespace passeur::account {

AccountModule::AccountModule(store::Store& store, core::Clock& clock, core::Random& random,
                             AccountConfig config)
    : config_(std::move(config)),
      hasher_(config_.argon2_opslimit, config_.argon2_memlimit),
      audit_(store, clock, random),
      authorizer_(store),
      accounts_(store, clock, random, config_, hasher_, audit_),
      organizations_(store, clock, random, config_, authorizer_, accounts_, audit_),
      authenticator_(store, clock, config_) {
    while (!config_.public_base_url.empty() && config_.public_base_url.back() == '/') {
        config_.public_base_url.pop_back();
    }
}

AccountModule::~AccountModule() = default;

AccountService& AccountModule::Accounts() { return accounts_; }
OrganizationService& AccountModule::Organizations() { return organizations_; }
Authenticator& AccountModule::Auth() { return authenticator_; }
AuditLog& AccountModule::Audit() { return audit_; }
const Authorizer& AccountModule::Authz() const { return authorizer_; }
const AccountConfig& AccountModule::Config() const { return config_; }
void AccountModule::SetPublicBaseUrl(std::string url) { config_.public_base_url = std::move(url); }

void AccountModule::RegisterApiRoutes(http::Router& router) { RegisterAccountApi(router, *this); }

}  // namespace passeur::account
