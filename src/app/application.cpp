#include "app/application.hpp"

#include <algorithm>
#include <filesystem>
#include <thread>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "account/pages/account_pages.hpp"
#include "app/system_routes.hpp"
#include "assessment/pages/assessment_pages.hpp"
#include "assessment/service/api.hpp"
#include "assessment/service/assessment_service.hpp"
#include "badge/api.hpp"
#include "badge/pages/badge_pages.hpp"
#include "campaign/api.hpp"
#include "campaign/assessment_bridge.hpp"
#include "campaign/pages/campaign_pages.hpp"
#include "campaign/pages/participation_pages.hpp"
#include "campaign/pages/territory_pages.hpp"
#include "campaign/profile_source.hpp"
#include "credential/pages/verify_pages.hpp"
#include "credential/service/routes.hpp"
#include "framework/api.hpp"
#include "framework/pages/framework_pages.hpp"
#include "item/api.hpp"
#include "item/pages/item_pages.hpp"
#include "places/api.hpp"
#include "places/geo/territory_loader.hpp"
#include "places/pages/places_pages.hpp"
#include "store/sql_store.hpp"

namespace passeur::app {

AppConfig WithDefaults(AppConfig config) {
    if (config.web_dir.empty()) config.web_dir = PASSEUR_DEFAULT_WEB_DIR;
    if (config.data_dir.empty()) config.data_dir = PASSEUR_DEFAULT_DATA_DIR;
    config.derived_public_url = config.public_base_url.empty();
    if (config.static_dirs.empty()) {
        config.static_dirs = {config.web_dir + "/static", PASSEUR_DEFAULT_VENDOR_STATIC_DIR};
    }
    if (config.public_base_url.empty()) {
        config.public_base_url = fmt::format("http://{}:{}", config.address, config.port);
    }
    while (!config.public_base_url.empty() && config.public_base_url.back() == '/') {
        config.public_base_url.pop_back();
    }
    return config;
}

core::Result<std::unique_ptr<store::Store>> OpenAndMigrate(const std::string& db_url, core::Metrics* metrics,
                                                           int pool_size) {
    store::StoreOptions options;
    options.metrics = metrics;
    options.pool_size = pool_size;
    auto store = store::OpenStore(db_url, options);
    if (!store) return core::Fail(store.error());
    auto report = (*store)->Migrate();
    if (!report) return core::Fail(report.error());
    for (const auto& name : report->applied) spdlog::info("migration applied: {}", name);
    spdlog::info("store {} at schema version {}", (*store)->Kind(), report->to_version);
    return std::move(*store);
}

core::Result<account::AccountConfig> MakeAccountConfig(const AppConfig& config) {
    account::AccountConfig out;
    if (config.argon2_profile == "interactive") {
        out.argon2_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        out.argon2_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    } else if (config.argon2_profile == "moderate") {
        out.argon2_opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
        out.argon2_memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
    } else if (config.argon2_profile == "min") {
        out.argon2_opslimit = crypto_pwhash_OPSLIMIT_MIN;
        out.argon2_memlimit = crypto_pwhash_MEMLIMIT_MIN;
    } else {
        return core::Fail(core::Error::InvalidArgument("argon2 profile must be interactive, moderate or min",
                                                       "--argon2-profile"));
    }
    out.secure_cookies = config.secure_cookies;
    out.public_base_url = config.public_base_url;
    return out;
}

Application::Application(AppConfig config) : config_(std::move(config)) {}
Application::~Application() = default;

core::Result<std::unique_ptr<Application>> Application::Create(AppConfig config) {
    std::unique_ptr<Application> app(new Application(WithDefaults(std::move(config))));
    const AppConfig& c = app->config_;

    int threads =
        c.threads > 0 ? c.threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    auto store = OpenAndMigrate(c.db_url, &app->metrics_, threads + 2);
    if (!store) return core::Fail(store.error());
    app->store_ = std::move(*store);

    auto account_config = MakeAccountConfig(c);
    if (!account_config) return core::Fail(account_config.error());
    app->accounts_ =
        std::make_unique<account::AccountModule>(*app->store_, app->clock_, app->random_, *account_config);

    // Reference data: the shipped frameworks and target profiles are imported once (idempotent).
    app->frameworks_ = std::make_unique<framework::FrameworkService>(
        *store::DatabaseOf(*app->store_), app->clock_, app->accounts_->Authz(), &app->accounts_->Audit());
    auto seeded = app->frameworks_->SeedShipped(c.data_dir);
    if (!seeded) return core::Fail(seeded.error());
    for (const auto& name : seeded->frameworks) spdlog::info("framework imported: {}", name);
    for (const auto& name : seeded->profiles) spdlog::info("target profile imported: {}", name);

    // The shipped item bank: new and changed items of data/items are imported (items edited on
    // the pages are never overwritten; a file with a problem stops the start with its file:line).
    app->items_ = std::make_unique<item::ItemService>(*store::DatabaseOf(*app->store_), app->clock_,
                                                      app->accounts_->Authz(), *app->frameworks_,
                                                      c.data_dir + "/items", &app->accounts_->Audit());
    auto items = app->items_->SeedShipped(c.data_dir);
    if (!items) return core::Fail(items.error());
    if (!items->ok()) {
        const auto& first = items->problems.front();
        return core::Fail(core::Error::InvalidArgument(
            fmt::format("the shipped item bank has {} problem(s), first: {}:{}: {}: {}",
                        items->problems.size(), first.file, first.line, first.field, first.message),
            "--data-dir"));
    }
    if (!items->created.empty() || !items->updated.empty()) {
        spdlog::info("items imported: {} new, {} updated", items->created.size(), items->updated.size());
    }
    for (const auto& id : items->conflicts) {
        spdlog::warn("item {} was edited on a page since its last import: its file was not applied", id);
    }

    // Adaptive tests of learners over the profiles and the item bank (replayed from the store).
    app->assessments_ = std::make_unique<assessment::AssessmentService>(
        *store::DatabaseOf(*app->store_), app->clock_, app->random_, *app->frameworks_);
    // GDPR export: the learner's tests, each with its answers and result.
    app->accounts_->Accounts().AddExportSection(
        "assessments", [service = app->assessments_.get()](const account::Principal& principal) {
            return assessment::ExportAssessments(*service, principal);
        });

    // Places: the communes and départements of France (GeoNames, INSEE) and the places store.
    auto territory = places::geo::LoadTerritory(c.data_dir + "/geo");
    if (!territory) return core::Fail(territory.error());
    app->places_ = std::make_unique<places::PlaceService>(
        *app->store_, *store::DatabaseOf(*app->store_), app->clock_, app->random_, app->accounts_->Authz(),
        std::make_shared<const places::geo::Territory>(std::move(*territory)));

    // The platform's issuer: keys sealed under the key file (created with a first key when missing).
    auto vault = credential::KeyVault::LoadOrCreate(
        c.key_file.empty() ? credential::DefaultKeyFile(c.db_url) : c.key_file, true, app->random_);
    if (!vault) return core::Fail(vault.error());
    app->credentials_ = std::make_unique<credential::CredentialService>(
        *store::DatabaseOf(*app->store_), app->clock_, app->random_, std::move(*vault),
        credential::CredentialConfig{c.public_base_url, "passeur"});
    auto issuer_key = app->credentials_->EnsureKey();
    if (!issuer_key) return core::Fail(issuer_key.error());
    spdlog::info("credentials issued as {} (signing key {})", app->credentials_->IssuerDid(), issuer_key->id);

    // Badges (Open Badges 3.0 achievements of organisations), awarded by hand or when a test meets
    // a rule, signed by the issuer above.
    app->badges_ = std::make_unique<badge::BadgeService>(
        *app->store_, *store::DatabaseOf(*app->store_), app->clock_, app->random_, app->accounts_->Authz(),
        app->accounts_->Audit(), *app->frameworks_, *app->credentials_,
        [accounts = app->accounts_.get()] { return accounts->Config().public_base_url; });
    app->assessments_->AddCompletionListener(badge::CompletionListener(*app->badges_));
    // A badge created or activated later looks back at the organisation's past test results.
    app->badges_->SetAssessments(app->assessments_.get());
    app->accounts_->Accounts().AddExportSection(
        "badges", [badges = app->badges_.get()](const account::Principal& principal) {
            return badge::ExportBadges(*badges, principal);
        });

    // Campaigns: organisations position their people against a target profile; participants
    // share their levels explicitly; coordinators see their territory's aggregates.
    app->campaigns_ = std::make_unique<campaign::CampaignService>(
        *app->store_, *store::DatabaseOf(*app->store_), app->clock_, app->random_, app->accounts_->Authz(),
        app->accounts_->Audit(), campaign::ProfileSourceFrom(*app->frameworks_),
        campaign::ResultSourceFrom(*app->assessments_));
    campaign::CompleteParticipationsOnTestCompletion(*app->assessments_, *app->campaigns_);
    app->accounts_->Accounts().AddExportSection(
        "campaigns", [campaigns = app->campaigns_.get()](const account::Principal& principal) {
            return campaigns->ExportFor(principal);
        });

    for (const auto& dir : c.static_dirs) {
        if (!std::filesystem::is_directory(dir)) {
            return core::Fail(core::Error::InvalidArgument(
                fmt::format("static folder {} does not exist (build the passeur_dsfr_assets target, or "
                            "pass --static-dir)",
                            dir),
                "--static-dir"));
        }
    }
    app->static_files_ = std::make_unique<http::StaticFiles>(c.static_dirs);

    web::RendererOptions renderer_options;
    renderer_options.web_dir = c.web_dir;
    renderer_options.asset_version = app->static_files_->Version();
    renderer_options.random = &app->random_;
    auto renderer = web::Renderer::Load(renderer_options);
    if (!renderer) return core::Fail(renderer.error());
    app->renderer_ = std::move(*renderer);

    RegisterSystemRoutes(app->router_, *app->store_, app->metrics_);
    app->static_files_->Register(app->router_, "/static");
    app->accounts_->RegisterApiRoutes(app->router_);
    account::RegisterAccountPages(app->router_, *app->accounts_, *app->renderer_);
    framework::RegisterFrameworkApi(app->router_, *app->frameworks_, *app->accounts_);
    framework::RegisterFrameworkPages(app->router_, *app->frameworks_, *app->accounts_, *app->renderer_);
    item::RegisterItemApi(app->router_, *app->items_, *app->accounts_);
    item::RegisterItemPages(app->router_, *app->items_, *app->frameworks_, *app->accounts_, *app->renderer_);
    assessment::RegisterAssessmentApi(app->router_, *app->assessments_, *app->accounts_);
    assessment::RegisterAssessmentPages(app->router_, *app->assessments_, *app->frameworks_, *app->accounts_,
                                        *app->renderer_);
    places::RegisterPlacesApi(app->router_, *app->places_, *app->accounts_);
    places::RegisterPlacesPages(app->router_, *app->places_, *app->accounts_, *app->renderer_);
    credential::RegisterCredentialRoutes(app->router_, *app->credentials_);
    credential::RegisterVerifyPages(
        app->router_, *app->credentials_, *app->accounts_, *app->renderer_,
        [badges = app->badges_.get()](std::string_view award_id) -> core::Result<std::string> {
            auto credential = badges->PublicCredential(award_id);
            if (!credential) return core::Fail(credential.error());
            return credential->dump();
        });
    badge::RegisterBadgeApi(app->router_, *app->badges_, *app->accounts_);
    badge::RegisterBadgePages(app->router_, *app->badges_, *app->frameworks_, *app->accounts_,
                              *app->renderer_);
    campaign::RegisterCampaignApi(app->router_, *app->campaigns_, *app->assessments_, *app->accounts_);
    campaign::RegisterCampaignStaffPages(app->router_, *app->campaigns_, *app->badges_, *app->frameworks_,
                                         *app->accounts_, *app->renderer_);
    campaign::RegisterParticipationPages(app->router_, *app->campaigns_, *app->assessments_, *app->accounts_,
                                         *app->renderer_);
    campaign::RegisterTerritoryPages(app->router_, *app->campaigns_, *app->accounts_, *app->renderer_,
                                     campaign::CompetenceNamesFrom(*app->frameworks_));

    http::ServerOptions server_options;
    server_options.address = c.address;
    server_options.port = c.port;
    server_options.threads = threads;
    server_options.access_log = c.access_log;
    server_options.metrics = &app->metrics_;
    // Routes that take larger bodies (the verification form, evidence uploads) set their own
    // limits on the router (Router::SetMaxBodyBytes); every other request keeps the default.
    web::Renderer* renderer_ptr = app->renderer_.get();
    server_options.html_error_renderer = [renderer_ptr](const http::Request& request,
                                                        const core::Error& error) {
        return renderer_ptr->RenderError(request, error);
    };
    app->server_ = std::make_unique<http::Server>(std::move(server_options), app->router_);
    return app;
}

core::Result<void> Application::Start() {
    PASSEUR_TRY(server_->Start());
    if (config_.derived_public_url && config_.port == 0) {
        accounts_->SetPublicBaseUrl(fmt::format("http://{}:{}", config_.address, server_->Port()));
        credentials_->SetPublicBaseUrl(fmt::format("http://{}:{}", config_.address, server_->Port()));
    }
    return core::Ok();
}
std::uint16_t Application::Port() const { return server_->Port(); }
void Application::Run() { server_->Run(true); }
void Application::Stop() { server_->Stop(); }

}  // namespace passeur::app
