// Mediation places over the store: import/export of the national standard's files, an
// organisation's own places (create, edit, publish, delete), the territory view of coordinators,
// orientation search (nearest places to a point, a commune, a postcode or a commune + street) and
// zones blanches. Thread-safe: one instance is shared by all request threads.
//
// Permissions: import is for platform admins; an organisation's places are written by its
// org_admins and mediators (account::Action::kManagePlaces) and read by anyone who may read the
// organisation (kReadOrg); a département's places (any status) and its zones blanches are for the
// coordinators of an organisation of that département and platform admins. Search, the detail of a
// published place and the export of published places are public.
//
// Search uses an in-memory k-d tree of the published places, rebuilt on the next search after a
// write made through this instance (a generation counter); writes made by another process (the
// command line) are seen after InvalidateIndex() or a restart. The Territory is loaded once and
// shared read-only.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/authorizer.hpp"
#include "account/principal.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "places/geo/spatial_index.hpp"
#include "places/geo/svg_map.hpp"
#include "places/geo/territory.hpp"
#include "places/geo/white_zones.hpp"
#include "places/opening_hours.hpp"
#include "places/place.hpp"
#include "places/place_codec.hpp"
#include "places/place_repository.hpp"
#include "store/database.hpp"
#include "store/store.hpp"

namespace passeur::places {

// ---- import / export -------------------------------------------------------------------------

struct PlaceImportOptions {
    FileFormat format = FileFormat::kAuto;
    // Status of created places (updated ones keep theirs, and their organisation).
    PlaceStatus status = PlaceStatus::kPublished;
    std::string organization_id;  // owner of created places; "" = none
    std::string source = "import";
};

// What an import did. rejected/warnings are those of ImportPlaces (line, field, reason in French).
struct PlaceImportReport {
    StandardVersion version = StandardVersion::kV1;
    bool windows_1252 = false;
    std::size_t rows = 0;
    std::size_t accepted = 0;  // created + updated + unchanged
    std::size_t created = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;  // same place as stored: not written
    std::vector<Rejection> rejected;
    std::vector<ImportWarning> warnings;
};
nlohmann::json ImportReportToJson(const PlaceImportReport& report);

enum class ExportFormat { kCsv, kJson };
std::optional<ExportFormat> ParseExportFormat(std::string_view text);  // "csv" | "json"

// ---- search ----------------------------------------------------------------------------------

struct SearchQuery {
    // Where from, in this order of precedence: point; commune INSEE code; postcode; commune name
    // (+ street, which is kept for the label only: the commune centre is used).
    std::optional<geo::LatLon> point;
    std::string insee;
    std::string postcode;
    std::string commune_name;
    std::string street;

    // Filters. services: the place offers every one listed; publics, frais, modalites, prises: the place
    // lists at least one of those given in each list (empty list = no filter).
    std::vector<Service> services;
    std::vector<PublicSpecifique> publics;
    std::vector<Frais> frais;
    std::vector<ModaliteAcces> modalites_acces;
    std::vector<ModaliteAccompagnement> modalites_accompagnement;
    std::vector<PriseEnCharge> prises_en_charge;  // specific support (handicaps, languages...)
    // Hours filters: places whose hours are closed then are dropped; places whose hours are not
    // given or not parsed are kept and flagged (hours_status "unknown"/"unparsed").
    bool open_now = false;
    std::optional<int> open_on_weekday;  // 0 = Monday ... 6 = Sunday

    std::optional<double> radius_km;  // (0, 1000]; none = no limit
    std::size_t limit = 20;           // 1..100
};

enum class HoursStatus {
    kNotFiltered,  // no hours filter asked
    kOpen,         // matches the hours filter
    kUnparsed,     // « horaires non lus »: the value is outside the supported syntax
    kMissing,      // « horaires non renseignés »
};
std::string_view HoursStatusName(HoursStatus status);  // not_filtered | open | unparsed | missing

struct SearchHit {
    PlaceRecord record;
    double distance_km = 0.0;
    // The place has no coordinates of its own: it is placed at its commune's (code_insee).
    bool position_from_commune = false;
    geo::LatLon position;
    HoursStatus hours = HoursStatus::kNotFiltered;
};

struct SearchResult {
    geo::LatLon origin;
    // The origin is a commune's centre (coordinates of the commune, not of the street or the
    // person's address): say so to the person.
    bool origin_is_commune_centre = false;
    const geo::Commune* commune = nullptr;  // the commune used, when the origin is one
    // Other communes the name or postcode matched (the page may offer them), best first.
    std::vector<const geo::Commune*> alternatives;
    std::string origin_label;     // "Rennes (35238)", "48.11, -1.67"
    std::string note;             // French note for the person (commune centre, street not geocoded)
    std::vector<SearchHit> hits;  // by distance, then id
};
nlohmann::json SearchResultToJson(const SearchResult& result);

// ---- territory / zones blanches --------------------------------------------------------------

struct WhiteZonesQuery {
    std::string department;          // INSEE code, required
    std::optional<Service> service;  // only places offering it
    double km = 10.0;                // (0, 200]; always computed with 5, 10, 15 as well
};

struct WhiteZonesResult {
    geo::WhiteZonesReport report;  // commune pointers into the shared territory
    // WhiteZonesToJson, with "nearest_place" as the standard's place id (a string) and "service".
    nlohmann::json json;
    // For the map (geo::RenderSvgMap): the département's outline, the published places of the
    // département (after the service filter) and its communes shaded by distance.
    const geo::DepartmentOutline* outline = nullptr;
    std::vector<geo::SvgPoint> places;
    std::vector<geo::SvgCommune> communes;
    std::size_t communes_without_coords = 0;
};

// The v1 object of a place from a JSON request body (keys of the standard, as ImportPlaces reads
// them: normalised, validated). `id` replaces the body's id when not empty; a body without id gets
// `fallback_id`. Rows without date_maj take `today`. kInvalidArgument lists every problem.
core::Result<Place> PlaceFromJson(const nlohmann::json& object, std::string_view id,
                                  std::string_view fallback_id, Date today);

// JSON of a stored place for the API: the v1 object (ExportJson's keys) plus "status",
// "organization_id", "department", "hours_unparsed", "source", "created_at", "updated_at".
nlohmann::json RecordToJson(const PlaceRecord& record);

// ---- the service -----------------------------------------------------------------------------

class PlaceService {
public:
    // All references must outlive the service. `territory` may not be null.
    PlaceService(store::Store& store, store::Database& db, const core::Clock& clock, core::Random& random,
                 const account::Authorizer& authorizer, std::shared_ptr<const geo::Territory> territory);

    const geo::Territory& territory() const { return *territory_; }
    std::shared_ptr<const geo::Territory> shared_territory() const { return territory_; }
    // Today in metropolitan France (the default date_maj of new places).
    Date Today() const;
    // A new UUID for a place created without an id.
    std::string NewPlaceId();

    // Imports a file of the standard (CSV or JSON, v1 or v0). Platform admins only. Accepted rows
    // are stored in one transaction (created, or updated by id); rejected rows are only reported.
    // Whole-file errors (see ImportPlaces) store nothing.
    core::Result<PlaceImportReport> Import(std::string_view bytes, const PlaceImportOptions& options,
                                           const account::Principal& actor);

    // Published places (of one département when not empty) in v1 CSV or JSON, by id.
    core::Result<std::string> Export(ExportFormat format, std::string_view department = {});

    // A published place (public), kNotFound otherwise.
    core::Result<PlaceRecord> GetPublished(std::string_view id);

    // The validation problems of a place (ValidatePlace), for the pages' forms.
    static std::vector<FieldProblem> Check(const Place& place) { return ValidatePlace(place); }

    // An organisation's places, any status (kReadOrg on the org).
    core::Result<std::vector<PlaceRecord>> ListForOrg(std::string_view org_id,
                                                      const account::Principal& actor);
    core::Result<PlaceRecord> GetForOrg(std::string_view org_id, std::string_view place_id,
                                        const account::Principal& actor);
    // Create (a draft) / Update (keeps the status) / Publish / Unpublish / Delete an organisation's
    // place (kManagePlaces). An empty place.id gets a new UUID. Invalid places: kInvalidArgument
    // whose field is the first problem's and whose message lists every problem ("field: reason").
    // A place of another organisation (or none) is kNotFound.
    core::Result<PlaceRecord> Create(std::string_view org_id, Place place, const account::Principal& actor);
    core::Result<PlaceRecord> Update(std::string_view org_id, std::string_view place_id, Place place,
                                     const account::Principal& actor);
    core::Result<PlaceRecord> SetStatus(std::string_view org_id, std::string_view place_id,
                                        PlaceStatus status, const account::Principal& actor);
    core::Result<void> Delete(std::string_view org_id, std::string_view place_id,
                              const account::Principal& actor);

    // The départements the actor coordinates (departments of the organisations where they are
    // coordinator), sorted; every département for a platform admin.
    core::Result<std::vector<std::string>> CoordinatedDepartments(const account::Principal& actor);
    // Ok when the actor is a platform admin or coordinates `department`; kNotFound for an unknown
    // département, kPermissionDenied for a coordinator of another one or anyone else.
    core::Result<void> AuthorizeTerritory(std::string_view department, const account::Principal& actor);
    // Every place of the département, any status (AuthorizeTerritory).
    core::Result<std::vector<PlaceRecord>> ListForTerritory(std::string_view department,
                                                            const account::Principal& actor);

    // Public orientation search (see SearchQuery). kInvalidArgument for a bad query, kNotFound when
    // the commune/postcode is unknown or has no coordinates.
    core::Result<SearchResult> Search(const SearchQuery& query);

    // Zones blanches of a département against ALL published places of France (no permission
    // check: call AuthorizeTerritory first where it matters).
    core::Result<WhiteZonesResult> WhiteZones(const WhiteZonesQuery& query);

    // Attaches a place to an organisation (or detaches it with ""): platform admins only.
    core::Result<PlaceRecord> AttachToOrganization(std::string_view place_id, std::string_view org_id,
                                                   const account::Principal& actor);

    // Forget the search index (after writes made by another process).
    void InvalidateIndex() { ++generation_; }

private:
    struct Snapshot;
    core::Result<std::shared_ptr<const Snapshot>> Current();
    core::Result<PlaceRecord> OwnedPlace(store::Executor& ex, std::string_view org_id,
                                         std::string_view place_id);
    PlaceRecord NewRecord(Place place, const account::Principal& actor, std::string source) const;

    store::Store& store_;
    store::Database& db_;
    const core::Clock& clock_;
    core::Random& random_;
    std::mutex random_mutex_;
    const account::Authorizer& authorizer_;
    std::shared_ptr<const geo::Territory> territory_;
    std::atomic<std::uint64_t> generation_{1};
    std::mutex snapshot_mutex_;
    std::shared_ptr<const Snapshot> snapshot_;
};

// Imports `data_dir`/places/demo-35.csv (published) and attaches the first `attach` places to
// `org_id` (which must exist). Idempotent: a second run leaves the places as they are.
core::Result<PlaceImportReport> SeedDemoPlaces(PlaceService& service, const std::string& data_dir,
                                               const std::string& org_id, std::size_t attach = 4);

// Local date and time at `unix_millis` in the time zone of a département: Europe/Paris rules
// (CET/CEST, EU change on the last Sundays of March and October at 01:00 UTC) for metropolitan
// France; fixed offsets for 971/972 (UTC-4), 973 (UTC-3), 974 (UTC+4), 976 (UTC+3).
LocalDateTime LocalTimeIn(std::string_view department, std::int64_t unix_millis);

}  // namespace passeur::places
