#include "app/cli.hpp"

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/application.hpp"
#include "app/demo.hpp"
#include "assessment/commands.hpp"
#include "assessment/service/calibration_source.hpp"
#include "badge/demo.hpp"
#include "campaign/demo.hpp"
#include "core/command.hpp"
#include "credential/service/commands.hpp"
#include "framework/commands.hpp"
#include "item/commands.hpp"
#include "places/commands.hpp"
#include "places/place_service.hpp"
#include "store/sql_store.hpp"
#include "store/store.hpp"

namespace passeur::app {

namespace {

constexpr const char* kDefaultDb = "sqlite:passeur.db";
constexpr const char* kDefaultDemoDb = "sqlite:passeur-demo.db";

int Failure(const core::Error& error) {
    std::string where = error.field.empty() ? std::string() : fmt::format(" ({})", error.field);
    fmt::print(stderr, "passeur: {}{}\n", error.message, where);
    return 1;
}

void AddServeOptions(CLI::App& cmd, AppConfig& c, std::string& log_level) {
    cmd.add_option("--address", c.address, "Address to listen on")->capture_default_str();
    cmd.add_option("--port", c.port, "Port to listen on (0: any free port)")->capture_default_str();
    cmd.add_option("--threads", c.threads, "I/O threads (0: one per core)")->capture_default_str();
    cmd.add_option("--web-dir", c.web_dir, "Folder with templates/, i18n/ and static/");
    cmd.add_option("--data-dir", c.data_dir, "Folder with the shipped frameworks/, items/ and geo/ data");
    cmd.add_option("--static-dir", c.static_dirs, "Static asset folders, searched in order (repeatable)");
    cmd.add_option("--public-url", c.public_base_url,
                   "Public base URL used in links (default http://ADDRESS:PORT)");
    cmd.add_flag("--secure-cookies", c.secure_cookies, "Mark cookies Secure (set when served over TLS)");
    cmd.add_flag("!--no-access-log", c.access_log, "Do not write the JSON access log");
    cmd.add_option("--argon2-profile", c.argon2_profile,
                   "Password hashing cost: interactive, moderate, min (tests)")
        ->check(CLI::IsMember({"interactive", "moderate", "min"}))
        ->capture_default_str();
    cmd.add_option("--key-file", c.key_file,
                   "File of the key that encrypts the issuer keys (default: the SQLite file + .issuer-key; "
                   "created when missing)");
    cmd.add_option("--log-level", log_level, "trace, debug, info, warn, error")->capture_default_str();
}

int Serve(AppConfig config, bool demo) {
    const std::string listen_host = config.address == "0.0.0.0" ? "127.0.0.1" : config.address;
    auto app = Application::Create(std::move(config));
    if (!app) return Failure(app.error());
    // Bound first: with --port 0 the public URL (links, the issuer's did:web in the demo badges)
    // is known only once the port is.
    if (auto started = (*app)->Start(); !started) return Failure(started.error());
    std::optional<DemoData> demo_data;
    std::string demo_campaign_code;
    if (demo) {
        auto seeded = SeedDemo((*app)->Accounts(), (*app)->Store());
        if (!seeded) return Failure(seeded.error());
        core::SystemRandom demo_random;
        auto tests = SeedDemoAssessments((*app)->Store(), (*app)->Frameworks(), (*app)->Items(), demo_random);
        if (!tests) return Failure(tests.error());
        auto places = places::SeedDemoPlaces((*app)->Places(), (*app)->Config().data_dir, seeded->org_id);
        if (!places) return Failure(places.error());
        auto badges =
            badge::SeedDemoBadges((*app)->Badges(), (*app)->Assessments(), (*app)->Store(), seeded->org_id);
        if (!badges) return Failure(badges.error());
        auto campaigns = campaign::SeedDemoCampaigns((*app)->Campaigns(), (*app)->Store(), seeded->org_id);
        if (!campaigns) return Failure(campaigns.error());
        auto territory =
            campaign::SeedDemoTerritory((*app)->Campaigns(), (*app)->Store(), (*app)->ClockSource(),
                                        (*app)->RandomSource(), seeded->org_id);
        if (!territory) return Failure(territory.error());
        demo_campaign_code = campaigns->open_code;
        demo_data = std::move(*seeded);
    }
    fmt::print("passeur listening on http://{}:{}\n", listen_host, (*app)->Port());
    if (demo_data) {
        fmt::print("demo logins (password for all: {}):\n", kDemoPassword);
        for (const auto& login : demo_data->logins) fmt::print("  {:<30} {}\n", login.email, login.role);
        fmt::print("demo campaign to join at /campagnes/rejoindre: code {}\n", demo_campaign_code);
    }
    std::fflush(stdout);
    (*app)->Run();
    spdlog::info("passeur stopped");
    return 0;
}

core::Result<std::unique_ptr<store::Store>> OpenForCommand(const std::string& db_url) {
    return OpenAndMigrate(db_url, nullptr, 2);
}

}  // namespace

int Main(int argc, char** argv) {
    spdlog::set_default_logger(spdlog::stderr_color_mt("passeur"));

    CLI::App cli{
        "passeur — formation et certification des compétences numériques des médiateurs et des "
        "demandeurs d'emploi"};
    cli.require_subcommand(1);
    cli.set_version_flag("--version", std::string("passeur ") + PASSEUR_VERSION);

    std::string log_level = "info";
    AppConfig serve_config;
    serve_config.db_url = kDefaultDb;
    auto* serve = cli.add_subcommand("serve", "Start the web server (applies pending migrations first)");
    serve->add_option("--db", serve_config.db_url, "sqlite:PATH or postgresql://...")->capture_default_str();
    AddServeOptions(*serve, serve_config, log_level);

    AppConfig demo_config;
    demo_config.db_url = kDefaultDemoDb;
    auto* demo = cli.add_subcommand("demo", "Create (or reuse) a database with demo data and serve it");
    demo->add_option("--db", demo_config.db_url, "sqlite:PATH or postgresql://...")->capture_default_str();
    AddServeOptions(*demo, demo_config, log_level);

    std::string migrate_db = kDefaultDb;
    auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations");
    migrate->add_option("--db", migrate_db, "sqlite:PATH or postgresql://...")->capture_default_str();

    auto* org = cli.add_subcommand("org", "Manage organisations");
    org->require_subcommand(1);
    std::string org_db = kDefaultDb, org_name, org_kind = "epn", org_department;
    auto* org_create = org->add_subcommand("create", "Create an organisation and print its id");
    org_create->add_option("--db", org_db, "sqlite:PATH or postgresql://...")->capture_default_str();
    org_create->add_option("NAME", org_name, "Organisation name")->required();
    org_create
        ->add_option(
            "--kind", org_kind,
            "epn, association, france_services, training_provider, collectivite, hub, employer, other")
        ->capture_default_str();
    org_create->add_option("--department", org_department, "INSEE département code (e.g. 35, 2A, 971)");

    auto* user = cli.add_subcommand("user", "Manage users");
    user->require_subcommand(1);
    std::string user_db = kDefaultDb, user_email, user_org, user_role, user_name, user_argon2 = "interactive";
    auto* user_create = user->add_subcommand(
        "create", "Create a user (password read from the first line of standard input) and print its id");
    user_create->add_option("--db", user_db, "sqlite:PATH or postgresql://...")->capture_default_str();
    user_create->add_option("--email", user_email, "E-mail address (login)")->required();
    user_create->add_option("--org", user_org, "Organisation id (required unless --role platform_admin)");
    user_create
        ->add_option("--role", user_role, "learner, mediator, org_admin, coordinator or platform_admin")
        ->required()
        ->check(CLI::IsMember({"learner", "mediator", "org_admin", "coordinator", "platform_admin"}));
    user_create->add_option("--name", user_name, "Display name");
    user_create
        ->add_option("--argon2-profile", user_argon2, "Password hashing cost (interactive, moderate, min)")
        ->check(CLI::IsMember({"interactive", "moderate", "min"}))
        ->capture_default_str();

    auto* version = cli.add_subcommand("version", "Print the version");

    core::CommandEnv command_env{kDefaultDb, PASSEUR_DEFAULT_DATA_DIR};
    std::vector<core::CommandRunner> component_commands = {
        framework::AddFrameworkCommands(cli, command_env),
        item::AddItemCommands(cli, command_env),
        assessment::AddAssessmentCommands(
            cli, command_env,
            [](const std::string& db_url) -> core::Result<assessment::StoredCalibrationInput> {
                auto store = store::OpenMigrated(db_url, {.pool_size = 1});
                if (!store) return core::Fail(std::move(store.error()));
                return assessment::LoadStoredResponses(*store::DatabaseOf(**store));
            }),
        places::AddPlacesCommands(cli, command_env),
        credential::AddCredentialCommands(cli, command_env),
    };

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }
    spdlog::set_level(spdlog::level::from_str(log_level));

    if (version->parsed()) {
        fmt::print("passeur {}\n", PASSEUR_VERSION);
        return 0;
    }
    if (serve->parsed()) return Serve(serve_config, false);
    if (demo->parsed()) return Serve(demo_config, true);

    for (const auto& run : component_commands) {
        if (auto code = run()) return *code;
    }

    if (migrate->parsed()) {
        store::StoreOptions options;
        auto store = store::OpenStore(migrate_db, options);
        if (!store) return Failure(store.error());
        auto report = (*store)->Migrate();
        if (!report) return Failure(report.error());
        for (const auto& name : report->applied) fmt::print("applied {}\n", name);
        fmt::print("schema version {} ({} migration(s) applied)\n", report->to_version,
                   report->applied.size());
        return 0;
    }

    if (org_create->parsed()) {
        auto store = OpenForCommand(org_db);
        if (!store) return Failure(store.error());
        core::SystemClock clock;
        core::SystemRandom random;
        AppConfig defaults;
        auto account_config = MakeAccountConfig(defaults);
        if (!account_config) return Failure(account_config.error());
        account::AccountModule accounts(**store, clock, random, *account_config);
        account::OrganizationInput input{org_name, org_kind, org_department};
        auto created = accounts.Organizations().Create(SystemPrincipal(), input, "cli");
        if (!created) return Failure(created.error());
        fmt::print("{}\n", created->id);
        return 0;
    }

    if (user_create->parsed()) {
        if (user_role != "platform_admin" && user_org.empty()) {
            return Failure(core::Error::InvalidArgument("--org is required for this role", "--org"));
        }
        std::string password;
        if (!std::getline(std::cin, password) || password.empty()) {
            return Failure(core::Error::InvalidArgument(
                "the password must be given on the first line of standard input", "stdin"));
        }
        if (!password.empty() && password.back() == '\r') password.pop_back();
        auto store = OpenForCommand(user_db);
        if (!store) return Failure(store.error());
        core::SystemClock clock;
        core::SystemRandom random;
        AppConfig config;
        config.argon2_profile = user_argon2;
        auto account_config = MakeAccountConfig(config);
        if (!account_config) return Failure(account_config.error());
        account::AccountModule accounts(**store, clock, random, *account_config);
        const account::Principal system = SystemPrincipal();
        if (!user_org.empty()) {
            auto org_found = accounts.Organizations().Get(system, user_org);
            if (!org_found) return Failure(org_found.error());
        }
        account::NewUser input;
        input.email = user_email;
        input.password = password;
        input.display_name = user_name;
        if (user_role == "platform_admin") input.platform_role = std::string(account::kPlatformAdmin);
        auto created = accounts.Accounts().CreateUser(input, "", "cli");
        if (!created) return Failure(created.error());
        if (!user_org.empty()) {
            std::string org_role = user_role == "platform_admin" ? "org_admin" : user_role;
            auto added =
                accounts.Organizations().AddMember(system, user_org, created->email, org_role, "cli");
            if (!added) return Failure(added.error());
        }
        fmt::print("{}\n", created->id);
        return 0;
    }
    return 2;
}

}  // namespace passeur::app
