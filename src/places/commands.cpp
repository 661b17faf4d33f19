#include "places/commands.hpp"

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "account/authorizer.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "places/geo/territory_loader.hpp"
#include "places/place_service.hpp"
#include "store/sql_store.hpp"
#include "store/store.hpp"

namespace passeur::places {
namespace {

struct Options {
    CLI::App* importer = nullptr;
    CLI::App* exporter = nullptr;
    CLI::App* white_zones = nullptr;
    std::string db;
    std::string data_dir;
    std::string file;
    std::string format = "csv";
    std::string department;
    std::string service;
    double km = 10.0;
    bool json_output = false;
    std::string coordinates;
};

int Report(const core::Error& error) {
    std::string where = error.field.empty() || error.message.find(error.field) != std::string::npos
                            ? std::string()
                            : fmt::format(" ({})", error.field);
    fmt::print(stderr, "passeur: {}{}\n", error.message, where);
    return 1;
}

struct Context {
    std::unique_ptr<store::Store> store;
    core::SystemClock clock;
    core::SystemRandom random;
    std::unique_ptr<account::Authorizer> authorizer;
    std::unique_ptr<PlaceService> places;
};

core::Result<std::unique_ptr<Context>> Open(const Options& o) {
    auto territory = geo::LoadTerritory(o.data_dir + "/geo");
    if (!territory) return core::Fail(territory.error());
    if (!o.coordinates.empty()) {
        auto applied = geo::LoadCommuneCoordinates(*territory, o.coordinates);
        if (!applied) return core::Fail(applied.error());
        for (const std::string& unknown : applied->unknown) {
            fmt::print(stderr, "{}: {}: commune inconnue, ignorée\n", o.coordinates, unknown);
        }
    }
    auto context = std::make_unique<Context>();
    auto store = store::OpenMigrated(o.db, {.pool_size = 1});
    if (!store) return core::Fail(store.error());
    context->store = std::move(*store);
    store::Database* db = store::DatabaseOf(*context->store);
    if (db == nullptr) return core::Fail(core::Error::Internal("no SQL database behind the store"));
    context->authorizer = std::make_unique<account::Authorizer>(*context->store);
    context->places = std::make_unique<PlaceService>(
        *context->store, *db, context->clock, context->random, *context->authorizer,
        std::make_shared<const geo::Territory>(std::move(*territory)));
    return context;
}

account::Principal System() {
    account::Principal p;
    p.user.platform_role = std::string(account::kPlatformAdmin);
    return p;
}

int Import(const Options& o) {
    std::ifstream in(o.file, std::ios::binary);
    if (!in) {
        fmt::print(stderr, "passeur: {}: fichier illisible\n", o.file);
        return 1;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) {
        fmt::print(stderr, "passeur: {}: fichier illisible\n", o.file);
        return 1;
    }
    auto context = Open(o);
    if (!context) return Report(context.error());
    auto report = (*context)->places->Import(bytes.str(), {}, System());
    if (!report) {
        fmt::print(stderr, "passeur: {}: {}\n", o.file, report.error().message);
        return 1;
    }
    for (const ImportWarning& w : report->warnings) {
        fmt::print(stderr, "{}:{}: {}{}(avertissement) {}\n", o.file, w.line, w.field,
                   w.field.empty() ? "" : ": ", w.message);
    }
    for (const Rejection& r : report->rejected) {
        fmt::print(stderr, "{}:{}: {}: {}\n", o.file, r.line, r.field, r.reason);
    }
    std::size_t rejected_rows = report->rows - report->accepted;
    fmt::print(
        "{} : {} lignes lues, {} acceptées ({} créées, {} mises à jour, {} inchangées), {} rejetées.\n",
        o.file, report->rows, report->accepted, report->created, report->updated, report->unchanged,
        rejected_rows);
    return report->accepted == 0 ? 1 : 0;
}

int Export(const Options& o) {
    auto format = ParseExportFormat(o.format);
    if (!format) {
        fmt::print(stderr, "passeur: --format : csv ou json\n");
        return 2;
    }
    auto context = Open(o);
    if (!context) return Report(context.error());
    auto text = (*context)->places->Export(*format, o.department);
    if (!text) return Report(text.error());
    std::fwrite(text->data(), 1, text->size(), stdout);
    return 0;
}

int WhiteZones(const Options& o) {
    WhiteZonesQuery query;
    query.department = o.department;
    query.km = o.km;
    if (!o.service.empty()) {
        query.service = FromString<Service>(o.service);
        if (!query.service) {
            fmt::print(stderr, "passeur: --service : « {} » n'est pas un service du standard\n", o.service);
            return 2;
        }
    }
    auto context = Open(o);
    if (!context) return Report(context.error());
    auto result = (*context)->places->WhiteZones(query);
    if (!result) return Report(result.error());
    const nlohmann::json& j = result->json;
    if (o.json_output) {
        fmt::print("{}\n", j.dump(2));
        return 0;
    }
    const auto* figures = result->report.FiguresFor(query.km);
    if (figures == nullptr) return Report(core::Error::Internal("threshold missing from the report"));
    fmt::print("Zones blanches — département {} ({} km{})\n", o.department, o.km,
               o.service.empty() ? std::string() : ", service « " + o.service + " »");
    fmt::print("Lieux publiés considérés (toute la France) : {}\n", result->report.places);
    fmt::print("Communes : {} dont {} avec coordonnées ; population {} dont {} avec coordonnées\n",
               figures->communes_total, figures->communes_with_coords, figures->population_total,
               figures->population_with_coords);
    if (figures->share_beyond) {
        fmt::print("Population à plus de {} km d'un lieu : {} ({:.1f} % de la population avec coordonnées)\n",
                   o.km, figures->population_beyond, *figures->share_beyond * 100.0);
    } else {
        fmt::print("Population à plus de {} km d'un lieu : {} (aucune population avec coordonnées)\n", o.km,
                   figures->population_beyond);
    }
    fmt::print("Communes au-delà : {} ; communes sans coordonnées (non comptées) : {}\n",
               figures->communes_beyond.size(), result->report.communes_without_coords.size());
    for (const geo::SuggestedSite& site : result->report.suggestions) {
        fmt::print("  site suggéré : {} ({}) +{} habitants, +{} communes\n", site.commune->name,
                   site.commune->insee, site.population_added, site.communes_added);
    }
    return 0;
}

}  // namespace

core::CommandRunner AddPlacesCommands(CLI::App& cli, const core::CommandEnv& env) {
    auto o = std::make_shared<Options>();
    o->db = env.default_db;
    o->data_dir = env.data_dir;
    auto* places = cli.add_subcommand("places", "Lieux de médiation numérique (import, export, white-zones)");
    places->require_subcommand(1);

    o->importer = places->add_subcommand("import", "Importer un fichier du standard (CSV ou JSON)");
    o->importer->add_option("FILE", o->file, "Fichier à importer")->required();
    o->importer->add_option("--db", o->db, "sqlite:PATH ou postgresql://...")->capture_default_str();

    o->exporter = places->add_subcommand("export", "Exporter les lieux publiés (standard v1)");
    o->exporter->add_option("--format", o->format, "csv ou json")
        ->check(CLI::IsMember({"csv", "json"}))
        ->capture_default_str();
    o->exporter->add_option("--department", o->department, "Code du département");
    o->exporter->add_option("--db", o->db, "sqlite:PATH ou postgresql://...")->capture_default_str();

    o->white_zones = places->add_subcommand("white-zones", "Zones blanches d'un département");
    o->white_zones->add_option("--department", o->department, "Code du département")->required();
    o->white_zones->add_option("--service", o->service, "Service du standard (texte exact)");
    o->white_zones->add_option("--km", o->km, "Seuil en km (0 à 200)")
        ->check(CLI::Range(0.001, 200.0))
        ->capture_default_str();
    o->white_zones->add_flag("--json", o->json_output, "Sortie JSON");
    o->white_zones->add_option("--coordinates", o->coordinates, "Fichier insee,lat,lon complet des communes");
    o->white_zones->add_option("--db", o->db, "sqlite:PATH ou postgresql://...")->capture_default_str();

    return [o]() -> std::optional<int> {
        if (o->importer->parsed()) return Import(*o);
        if (o->exporter->parsed()) return Export(*o);
        if (o->white_zones->parsed()) return WhiteZones(*o);
        return std::nullopt;
    };
}

}  // namespace passeur::places
