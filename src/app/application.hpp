// Wires config -> store -> services -> router -> server. Owns every long-lived object of a
// running passeur process; nothing here is shared between processes (app nodes are stateless:
// all state lives in the store).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "account/module.hpp"
#include "assessment/service/assessment_service.hpp"
#include "badge/badge_service.hpp"
#include "campaign/campaign_service.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "credential/service/credential_service.hpp"
#include "framework/framework_service.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "item/item_service.hpp"
#include "places/place_service.hpp"
#include "store/store.hpp"
#include "web/renderer.hpp"

namespace passeur::app {

struct AppConfig {
    std::string db_url = "sqlite:passeur.db";
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;
    int threads = 0;       // 0: one per core
    std::string web_dir;   // templates/ and i18n/ (default: the source tree's web/)
    std::string data_dir;  // shipped frameworks, items, geodata (default: the source tree's data/)
    std::vector<std::string> static_dirs;  // default: {web_dir}/static and the vendored DSFR folder
    std::string public_base_url;           // default: http://{address}:{port}
    bool derived_public_url = false;       // set by WithDefaults when public_base_url was defaulted
    bool secure_cookies = false;
    bool access_log = true;
    std::string argon2_profile = "interactive";  // interactive | moderate | min (tests only)
    // File of the key that encrypts the issuer keys at rest (default: credential::DefaultKeyFile);
    // created with a first issuer key when missing.
    std::string key_file;
};

// Fills defaults that depend on the build (web and static folders).
AppConfig WithDefaults(AppConfig config);

// Opens the store and applies pending migrations (logging what was applied).
core::Result<std::unique_ptr<store::Store>> OpenAndMigrate(const std::string& db_url, core::Metrics* metrics,
                                                           int pool_size);

// Account configuration from the app config (argon2 profile, cookies, base URL).
core::Result<account::AccountConfig> MakeAccountConfig(const AppConfig& config);

class Application {
public:
    static core::Result<std::unique_ptr<Application>> Create(AppConfig config);
    ~Application();

    core::Result<void> Start();  // binds the port
    std::uint16_t Port() const;  // valid after Start
    void Run();                  // blocks until SIGINT/SIGTERM, then shuts down gracefully
    void Stop();

    store::Store& Store() { return *store_; }
    const http::Router& Router() const { return router_; }
    account::AccountModule& Accounts() { return *accounts_; }
    framework::FrameworkService& Frameworks() { return *frameworks_; }
    item::ItemService& Items() { return *items_; }
    assessment::AssessmentService& Assessments() { return *assessments_; }
    places::PlaceService& Places() { return *places_; }
    credential::CredentialService& Credentials() { return *credentials_; }
    badge::BadgeService& Badges() { return *badges_; }
    campaign::CampaignService& Campaigns() { return *campaigns_; }
    const AppConfig& Config() const { return config_; }
    // The process's clock and randomness, for seeding demo data with the services' sources.
    core::Clock& ClockSource() { return clock_; }
    core::Random& RandomSource() { return random_; }

private:
    explicit Application(AppConfig config);

    AppConfig config_;
    core::SystemClock clock_;
    core::SystemRandom random_;
    core::Metrics metrics_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<account::AccountModule> accounts_;
    std::unique_ptr<framework::FrameworkService> frameworks_;
    std::unique_ptr<item::ItemService> items_;
    std::unique_ptr<assessment::AssessmentService> assessments_;
    std::unique_ptr<places::PlaceService> places_;
    std::unique_ptr<credential::CredentialService> credentials_;
    std::unique_ptr<badge::BadgeService> badges_;
    std::unique_ptr<campaign::CampaignService> campaigns_;
    std::unique_ptr<http::StaticFiles> static_files_;
    std::unique_ptr<web::Renderer> renderer_;
    http::Router router_;
    std::unique_ptr<http::Server> server_;
};

}  // namespace passeur::app
