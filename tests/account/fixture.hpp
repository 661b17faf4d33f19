// Shared set-up for the account tests: in-memory SQLite store, fake clock, seeded randomness,
// argon2 at libsodium's minimum cost (fast), and helpers to build users, orgs and requests.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "account/module.hpp"
#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "core/random.hpp"
#include "http/error_mapping.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace passeur::account::testing {

inline constexpr std::string_view kGoodPassword = "Tournesol-vert-42";
inline constexpr std::string_view kIp = "192.0.2.10";

// Forwards to the real audit repository and keeps every appended event, so tests also see
// anonymous, org-less events (the repository can only list by org or by actor).
class RecordingAudit final : public store::AuditRepository {
public:
    explicit RecordingAudit(store::AuditRepository& inner) : inner_(inner) {}
    core::Result<void> Append(const store::AuditEvent& e) override {
        events.push_back(e);
        return inner_.Append(e);
    }
    core::Result<std::vector<store::AuditEvent>> ListByOrg(std::string_view org_id, int limit) override {
        return inner_.ListByOrg(org_id, limit);
    }
    core::Result<std::vector<store::AuditEvent>> ListByActor(std::string_view user_id, int limit) override {
        return inner_.ListByActor(user_id, limit);
    }
    int Count(std::string_view event) const {
        int n = 0;
        for (const auto& e : events) n += e.event == event ? 1 : 0;
        return n;
    }
    std::vector<store::AuditEvent> events;

private:
    store::AuditRepository& inner_;
};

// Forwards to the real user repository; `after_read`, when set, runs once right after the next
// successful Get or FindByEmail has read its row, to play a concurrent writer deterministically.
class HookedUsers final : public store::UserRepository {
public:
    explicit HookedUsers(store::UserRepository& inner) : inner_(inner) {}
    core::Result<void> Create(const store::User& user) override { return inner_.Create(user); }
    core::Result<store::User> Get(std::string_view id) override { return AfterRead(inner_.Get(id)); }
    core::Result<store::User> FindByEmail(std::string_view email) override {
        return AfterRead(inner_.FindByEmail(email));
    }
    core::Result<void> Update(const store::User& user) override { return inner_.Update(user); }
    core::Result<void> UpdateProfile(std::string_view id, std::string_view display_name,
                                     std::string_view locale) override {
        return inner_.UpdateProfile(id, display_name, locale);
    }
    core::Result<void> Delete(std::string_view id) override { return inner_.Delete(id); }
    core::Result<std::int64_t> Count() override { return inner_.Count(); }

    std::function<void()> after_read;

private:
    core::Result<store::User> AfterRead(core::Result<store::User> read) {
        if (read && after_read) {
            auto hook = std::move(after_read);
            after_read = nullptr;
            hook();
        }
        return read;
    }
    store::UserRepository& inner_;
};

class RecordingStore final : public store::Store {
public:
    explicit RecordingStore(std::unique_ptr<store::Store> inner)
        : inner_(std::move(inner)), audit_(inner_->Audit()), users_(inner_->Users()) {}
    std::string_view Kind() const override { return inner_->Kind(); }
    core::Result<void> Ping() override { return inner_->Ping(); }
    core::Result<store::MigrationReport> Migrate() override { return inner_->Migrate(); }
    core::Result<int> SchemaVersion() override { return inner_->SchemaVersion(); }
    store::OrganizationRepository& Organizations() override { return inner_->Organizations(); }
    store::UserRepository& Users() override { return users_; }
    store::MembershipRepository& Memberships() override { return inner_->Memberships(); }
    store::SessionRepository& Sessions() override { return inner_->Sessions(); }
    store::ApiTokenRepository& ApiTokens() override { return inner_->ApiTokens(); }
    store::InvitationRepository& Invitations() override { return inner_->Invitations(); }
    store::AuditRepository& Audit() override { return audit_; }
    store::RateLimitRepository& RateLimits() override { return inner_->RateLimits(); }
    RecordingAudit& Recorded() { return audit_; }
    HookedUsers& HookedUserRepository() { return users_; }
    // The repository without the hook, for the hook itself to write through.
    store::UserRepository& RawUsers() { return inner_->Users(); }

private:
    std::unique_ptr<store::Store> inner_;
    RecordingAudit audit_;
    HookedUsers users_;
};

class AccountTest : public ::testing::Test {
protected:
    void SetUp() override {
        store::StoreOptions options;
        options.pool_size = 1;
        auto opened = store::OpenStore("sqlite::memory:", options);
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::make_unique<RecordingStore>(std::move(*opened));
        auto migrated = store_->Migrate();
        ASSERT_TRUE(migrated) << migrated.error().message;
        config_.argon2_opslimit = kArgon2OpsLimitMin;
        config_.argon2_memlimit = kArgon2MemLimitMin;
        config_.public_base_url = "https://passeur.example/";
        Configure(config_);
        module_ = std::make_unique<AccountModule>(*store_, clock_, random_, config_);
        module_->RegisterApiRoutes(router_);
    }

    // Lets a test adjust the configuration before the module is built.
    virtual void Configure(AccountConfig& /*config*/) {}

    store::User MakeUser(std::string email, std::string platform_role = "") {
        NewUser input;
        input.email = std::move(email);
        input.password = std::string(kGoodPassword);
        input.display_name = "Camille";
        input.platform_role = std::move(platform_role);
        auto user = module_->Accounts().CreateUser(input, "", kIp);
        EXPECT_TRUE(user) << user.error().message;
        return user ? *user : store::User{};
    }

    store::Organization MakeOrg(std::string name, std::string department = "") {
        store::Organization org{core::NewUuid(random_), std::move(name), "epn", std::move(department),
                                clock_.NowMillis()};
        EXPECT_TRUE(store_->Organizations().Create(org));
        return org;
    }

    void Join(const store::Organization& org, const store::User& user, std::string_view role) {
        EXPECT_TRUE(store_->Memberships().Upsert({org.id, user.id, std::string(role), clock_.NowMillis()}));
    }

    LoginResult Login(std::string_view email) {
        auto login = module_->Accounts().Login(email, kGoodPassword, kIp);
        EXPECT_TRUE(login) << login.error().message;
        return login ? *login : LoginResult{};
    }

    // The principal of a session, as the authenticator rebuilds it from the cookie.
    Principal SessionPrincipal(const LoginResult& login) {
        http::Request request = Get("/api/v1/me");
        request.headers.emplace_back("cookie", std::string(kSessionCookieName) + "=" + login.secret);
        auto p = module_->Auth().Authenticate(request);
        EXPECT_TRUE(p) << p.error().message;
        return p ? *p : Principal{};
    }

    Principal TokenPrincipal(const std::string& bearer) {
        http::Request request = Get("/api/v1/me");
        request.headers.emplace_back("authorization", "Bearer " + bearer);
        auto p = module_->Auth().Authenticate(request);
        EXPECT_TRUE(p) << p.error().message;
        return p ? *p : Principal{};
    }

    static http::Request Get(std::string path) { return Make("GET", std::move(path), ""); }

    static http::Request Make(std::string method, std::string path, std::string body) {
        http::Request r;
        r.method = std::move(method);
        r.target = path;
        r.path = std::move(path);
        r.body = std::move(body);
        if (!r.body.empty()) r.headers.emplace_back("content-type", "application/json");
        r.remote_ip = std::string(kIp);
        r.request_id = "test";
        return r;
    }

    static void WithSession(http::Request& r, const LoginResult& login, bool csrf = true) {
        r.headers.emplace_back("cookie", std::string(kSessionCookieName) + "=" + login.secret);
        if (csrf) r.headers.emplace_back("x-csrf-token", login.session.csrf_token);
    }

    static void WithBearer(http::Request& r, const std::string& bearer) {
        r.headers.emplace_back("authorization", "Bearer " + bearer);
    }

    // Routes like the server does and returns the status (errors mapped by the http layer).
    struct Outcome {
        unsigned status = 0;
        http::Response response;
        core::Error error;
    };
    Outcome Call(http::Request request) {
        auto match = router_.Match(request.method, request.path);
        if (match.handler == nullptr) {
            ADD_FAILURE() << "no route for " << request.method << " " << request.path;
            return {};
        }
        request.path_params = match.params;
        request.route = match.pattern;
        auto result = (*match.handler)(request);
        if (!result) return {http::StatusFor(result.error().code), {}, result.error()};
        return {result->status, *result, {}};
    }

    core::FakeClock clock_;
    core::SeededRandom random_{20260101};
    AccountConfig config_;
    std::unique_ptr<RecordingStore> store_;
    std::unique_ptr<AccountModule> module_;
    http::Router router_;
};

}  // namespace passeur::account::testing
