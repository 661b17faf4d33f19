#include "item/commands.hpp"

#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "account/authorizer.hpp"
#include "core/clock.hpp"
#include "framework/framework_service.hpp"
#include "item/item_files.hpp"
#include "item/item_service.hpp"
#include "store/sql_store.hpp"
#include "store/store.hpp"

namespace passeur::item {
namespace {

struct Options {
    CLI::App* check = nullptr;
    CLI::App* importer = nullptr;
    std::string db;
    std::string data_dir;
    std::string dir;
    bool json_output = false;
};

int Report(const core::Error& error) {
    std::string where = error.field.empty() || error.message.find(error.field) != std::string::npos
                            ? std::string()
                            : fmt::format(" ({})", error.field);
    fmt::print(stderr, "passeur: {}{}\n", error.message, where);
    return 1;
}

// A store with the shipped frameworks of data_dir seeded.
struct Context {
    std::unique_ptr<store::Store> store;
    core::SystemClock clock;
    std::unique_ptr<account::Authorizer> authorizer;
    std::unique_ptr<framework::FrameworkService> frameworks;
    std::unique_ptr<ItemService> items;
};

core::Result<std::unique_ptr<Context>> Open(const std::string& url, const Options& o) {
    auto context = std::make_unique<Context>();
    auto store = store::OpenMigrated(url, {.pool_size = 1});
    if (!store) return core::Fail(store.error());
    context->store = std::move(*store);
    store::Database* db = store::DatabaseOf(*context->store);
    if (db == nullptr) return core::Fail(core::Error::Internal("no SQL database behind the store"));
    context->authorizer = std::make_unique<account::Authorizer>(*context->store);
    context->frameworks =
        std::make_unique<framework::FrameworkService>(*db, context->clock, *context->authorizer);
    auto seeded = context->frameworks->SeedShipped(o.data_dir);
    if (!seeded && seeded.error().code != core::ErrorCode::kNotFound) return core::Fail(seeded.error());
    context->items = std::make_unique<ItemService>(*db, context->clock, *context->authorizer,
                                                   *context->frameworks, o.data_dir + "/items");
    return context;
}

int Check(const Options& o) {
    // The frameworks are read from the shipped files through an in-memory store.
    auto context = Open("sqlite::memory:", o);
    if (!context) {
        if (o.json_output) {
            fmt::print("{}\n", nlohmann::json{{"error", context.error().message}}.dump(2));
        } else {
            fmt::print(stderr, "passeur: {}\n", context.error().message);
        }
        return 2;
    }
    auto resolver = CurrentFrameworksResolver(*(*context)->frameworks);
    if (!resolver) {
        fmt::print(stderr, "passeur: {}\n", resolver.error().message);
        return 2;
    }
    std::string output;
    int code = RunItemsCheck(o.dir, *resolver, o.json_output, output);
    std::fputs(output.c_str(), code == 2 && !o.json_output ? stderr : stdout);
    return code;
}

int Import(const Options& o) {
    auto context = Open(o.db, o);
    if (!context) return Report(context.error());
    auto report = (*context)->items->ImportFromFiles(o.dir, Actor::System());
    if (!report) return Report(report.error());
    const std::string text = ImportReportToText(*report);
    std::fputs(text.c_str(), report->ok() ? stdout : stderr);
    return report->ok() ? 0 : 1;
}

}  // namespace

core::CommandRunner AddItemCommands(CLI::App& cli, const core::CommandEnv& env) {
    auto o = std::make_shared<Options>();
    o->db = env.default_db;
    o->data_dir = env.data_dir;
    o->dir = env.data_dir + "/items";
    auto* items = cli.add_subcommand("items", "Banque de questions (check, import)");
    items->require_subcommand(1);

    o->check = items->add_subcommand("check", "Vérifier les fichiers de questions");
    o->check->add_flag("--json", o->json_output,
                       "Rapport JSON (comptes par référentiel, compétence, niveau ; problèmes)");
    o->check->add_option("--dir", o->dir, "Dossier des questions")->capture_default_str();

    o->importer = items->add_subcommand("import", "Importer les fichiers de questions dans la base");
    o->importer->add_option("--dir", o->dir, "Dossier des questions")->capture_default_str();
    o->importer->add_option("--db", o->db, "sqlite:PATH ou postgresql://...")->capture_default_str();

    return [o]() -> std::optional<int> {
        if (o->check->parsed()) return Check(*o);
        if (o->importer->parsed()) return Import(*o);
        return std::nullopt;
    };
}

}  // namespace passeur::item
