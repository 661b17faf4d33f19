#include "framework/commands.hpp"

#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "account/authorizer.hpp"
#include "core/clock.hpp"
#include "framework/framework_service.hpp"
#include "framework/native_format.hpp"
#include "store/sql_store.hpp"
#include "store/store.hpp"

namespace passeur::framework {
namespace {

using nlohmann::json;

struct Options {
    CLI::App* list = nullptr;
    CLI::App* exporter = nullptr;
    CLI::App* importer = nullptr;
    std::string db;
    bool json_output = false;
    std::string format = "case";
    std::string id;
    std::string version;
    std::string public_url = kDefaultCommandPublicUrl;
    std::string file;
    std::string data_dir;
};

int Report(const core::Error& error) {
    std::string where = error.field.empty() || error.message.find(error.field) != std::string::npos
                            ? std::string()
                            : fmt::format(" ({})", error.field);
    fmt::print(stderr, "passeur: {}{}\n", error.message, where);
    return 1;
}

// Everything a command needs, opened and seeded.
struct Context {
    std::unique_ptr<store::Store> store;
    core::SystemClock clock;
    std::unique_ptr<account::Authorizer> authorizer;
    std::unique_ptr<FrameworkService> service;
};

core::Result<std::unique_ptr<Context>> Open(const Options& o) {
    auto context = std::make_unique<Context>();
    auto store = store::OpenMigrated(o.db, {.pool_size = 1});
    if (!store) return core::Fail(store.error());
    context->store = std::move(*store);
    store::Database* db = store::DatabaseOf(*context->store);
    if (db == nullptr) return core::Fail(core::Error::Internal("no SQL database behind the store"));
    context->authorizer = std::make_unique<account::Authorizer>(*context->store);
    context->service = std::make_unique<FrameworkService>(*db, context->clock, *context->authorizer);
    if (!o.data_dir.empty()) {
        auto seeded = context->service->SeedShipped(o.data_dir);
        if (!seeded) {
            // Without the shipped data (an install without data/) the other frameworks still work.
            if (seeded.error().code != core::ErrorCode::kNotFound) return core::Fail(seeded.error());
            fmt::print(stderr, "passeur: avertissement : {}\n", seeded.error().message);
        }
    }
    return context;
}

int List(FrameworkService& service, const Options& o) {
    auto records = service.List(false);
    if (!records) return Report(records.error());
    if (o.json_output) {
        json out = json::array();
        for (const auto& r : *records) {
            out.push_back({{"id", r.slug},
                           {"name", r.name.In("fr")},
                           {"version", r.version},
                           {"competence_count", r.competence_count}});
        }
        fmt::print("{}\n", out.dump(2));
        return 0;
    }
    for (const auto& r : *records) {
        fmt::print("{:<40} {:<8} {:>4} compétences  {}\n", r.slug, r.version, r.competence_count,
                   r.name.In("fr"));
    }
    return 0;
}

int Export(FrameworkService& service, const Options& o) {
    if (o.format == "native") {
        auto stored = service.Get(o.id, o.version);
        if (!stored) return Report(stored.error());
        fmt::print("{}\n", FrameworkToJson(stored->framework).dump(2));
        return 0;
    }
    auto package = service.ExportCase(o.id, o.version, o.public_url);
    if (!package) return Report(package.error());
    fmt::print("{}\n", package->dump(2));
    return 0;
}

int Import(FrameworkService& service, const Options& o) {
    auto text = ReadBoundedFile(o.file);
    if (!text) return Report(text.error());
    auto located = ParseJson(*text, o.file);
    if (!located) return Report(located.error());
    const json& document = located->value;
    if (document.is_object() && document.value("format", "") == kTargetProfilesFormat) {
        auto profiles = service.ImportProfiles(document, Actor::System(), o.file);
        if (!profiles) return Report(WithLine(profiles.error(), *located, o.file));
        fmt::print("{} profil(s) cible(s) importé(s)\n", profiles->size());
        return 0;
    }
    auto stored = service.Import(document, Actor::System(), o.file);
    if (!stored) return Report(WithLine(stored.error(), *located, o.file));
    fmt::print("importé : {} {} ({} compétences, {})\n", stored->record.slug, stored->record.version,
               stored->record.competence_count, stored->record.status);
    return 0;
}

}  // namespace

core::CommandRunner AddFrameworkCommands(CLI::App& cli, const core::CommandEnv& env) {
    auto o = std::make_shared<Options>();
    o->db = env.default_db;
    o->data_dir = env.data_dir;
    auto* framework = cli.add_subcommand("framework", "Référentiels de compétences (list, export, import)");
    framework->require_subcommand(1);

    o->list = framework->add_subcommand("list", "Lister les référentiels (version courante)");
    o->list->add_flag("--json", o->json_output, "JSON : [{id, name, version, competence_count}]");
    o->list->add_option("--db", o->db, "sqlite:PATH ou postgresql://...")->capture_default_str();

    o->exporter =
        framework->add_subcommand("export", "Exporter un référentiel en JSON sur la sortie standard");
    o->exporter->add_option("--format", o->format, "case (1EdTech CASE 1.0) ou native")
        ->check(CLI::IsMember({"case", "native"}))
        ->capture_default_str();
    o->exporter->add_option("ID", o->id, "Identifiant du référentiel (ex. competences-numeriques)")
        ->required();
    o->exporter->add_option("--version", o->version, "Version (défaut : la version courante)");
    o->exporter->add_option("--db", o->db, "sqlite:PATH ou postgresql://...")->capture_default_str();
    o->exporter->add_option("--public-url", o->public_url, "Base des URI CASE")->capture_default_str();

    o->importer = framework->add_subcommand(
        "import", "Importer un paquet CASE, un référentiel passeur ou des profils cibles");
    o->importer->add_option("FILE", o->file, "Fichier JSON")->required();
    o->importer->add_option("--db", o->db, "sqlite:PATH ou postgresql://...")->capture_default_str();

    return [o]() -> std::optional<int> {
        const bool list = o->list->parsed();
        const bool exporter = o->exporter->parsed();
        const bool importer = o->importer->parsed();
        if (!list && !exporter && !importer) return std::nullopt;
        auto context = Open(*o);
        if (!context) return Report(context.error());
        FrameworkService& service = *(*context)->service;
        if (list) return List(service, *o);
        if (exporter) return Export(service, *o);
        return Import(service, *o);
    };
}

}  // namespace passeur::framework
