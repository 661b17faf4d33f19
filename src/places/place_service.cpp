#include "places/place_service.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "core/calendar.hpp"

namespace passeur::places {
namespace {

using account::Principal;

constexpr std::size_t kMaxLimit = 100;
constexpr double kMaxRadiusKm = 1000.0;
constexpr double kMaxWhiteZonesKm = 200.0;

core::Error InvalidPlace(const std::vector<FieldProblem>& problems) {
    std::string message = "Lieu invalide : ";
    for (std::size_t i = 0; i < problems.size(); ++i) {
        if (i > 0) message += " ; ";
        message += problems[i].field + " : " + problems[i].reason;
    }
    message += ".";
    return core::Error::InvalidArgument(message, problems.empty() ? std::string() : problems.front().field);
}

Date DateOfMillis(std::int64_t unix_millis) {
    long days = static_cast<long>(unix_millis / 86'400'000);
    if (unix_millis < 0 && unix_millis % 86'400'000 != 0) --days;
    return CivilFromDays(days);
}

bool AlsaceMoselle(std::string_view department) {
    return department == "57" || department == "67" || department == "68";
}

template <typename E>
bool AnyOf(const std::vector<E>& have, const std::vector<E>& wanted) {
    if (wanted.empty()) return true;
    for (E w : wanted) {
        if (std::find(have.begin(), have.end(), w) != have.end()) return true;
    }
    return false;
}

bool AllOf(const std::vector<Service>& have, const std::vector<Service>& wanted) {
    for (Service w : wanted) {
        if (std::find(have.begin(), have.end(), w) == have.end()) return false;
    }
    return true;
}

std::string FormatKm(double km) {
    std::string text = fmt::format("{:.1f}", km);
    std::replace(text.begin(), text.end(), '.', ',');
    return text;
}

Principal SystemActor() {
    Principal p;
    p.kind = account::PrincipalKind::kSession;
    p.user.platform_role = std::string(account::kPlatformAdmin);
    return p;
}

}  // namespace

// ---- free functions ------------------------------------------------------------------------------

LocalDateTime LocalTimeIn(std::string_view department, std::int64_t unix_millis) {
    std::int64_t offset_minutes = 0;
    if (department == "971" || department == "972") {
        offset_minutes = -240;
    } else if (department == "973") {
        offset_minutes = -180;
    } else if (department == "974") {
        offset_minutes = 240;
    } else if (department == "976") {
        offset_minutes = 180;
    } else {
        offset_minutes = core::ParisOffsetMillis(unix_millis) / 60'000;  // metropolitan France: CET/CEST
    }
    const std::int64_t local = unix_millis + offset_minutes * 60'000;
    LocalDateTime out;
    out.date = DateOfMillis(local);
    std::int64_t in_day = local % 86'400'000;
    if (in_day < 0) in_day += 86'400'000;
    out.minute = static_cast<int>(in_day / 60'000);
    return out;
}

std::optional<ExportFormat> ParseExportFormat(std::string_view text) {
    if (text == "csv") return ExportFormat::kCsv;
    if (text == "json") return ExportFormat::kJson;
    return std::nullopt;
}

std::string_view HoursStatusName(HoursStatus status) {
    switch (status) {
        case HoursStatus::kNotFiltered:
            return "not_filtered";
        case HoursStatus::kOpen:
            return "open";
        case HoursStatus::kUnparsed:
            return "unparsed";
        case HoursStatus::kMissing:
            return "missing";
    }
    return "not_filtered";
}

nlohmann::json ImportReportToJson(const PlaceImportReport& report) {
    nlohmann::json rejected = nlohmann::json::array();
    for (const Rejection& r : report.rejected) {
        rejected.push_back({{"line", r.line}, {"id", r.id}, {"field", r.field}, {"reason", r.reason}});
    }
    nlohmann::json warnings = nlohmann::json::array();
    for (const ImportWarning& w : report.warnings) {
        warnings.push_back({{"line", w.line}, {"field", w.field}, {"message", w.message}});
    }
    return {{"version", report.version == StandardVersion::kV0 ? "v0" : "v1"},
            {"windows_1252", report.windows_1252},
            {"rows", report.rows},
            {"accepted", report.accepted},
            {"created", report.created},
            {"updated", report.updated},
            {"unchanged", report.unchanged},
            {"rejected", rejected},
            {"warnings", warnings}};
}

nlohmann::json RecordToJson(const PlaceRecord& record) {
    nlohmann::json out = PlaceToJson(record.place);
    out["status"] = PlaceStatusName(record.status);
    out["organization_id"] =
        record.organization_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(record.organization_id);
    out["department"] = record.department;
    out["hours_unparsed"] = record.hours_unparsed;
    out["source"] = record.source;
    out["created_at"] = core::FormatRfc3339(record.created_at);
    out["updated_at"] = core::FormatRfc3339(record.updated_at);
    return out;
}

nlohmann::json SearchResultToJson(const SearchResult& result) {
    nlohmann::json hits = nlohmann::json::array();
    for (const SearchHit& hit : result.hits) {
        nlohmann::json h = PlaceToJson(hit.record.place);
        h["distance_km"] = std::round(hit.distance_km * 1000.0) / 1000.0;
        h["position"] = {{"lat", hit.position.lat}, {"lon", hit.position.lon}};
        h["position_from_commune"] = hit.position_from_commune;
        h["hours_unparsed"] = hit.record.hours_unparsed;
        h["hours_status"] = HoursStatusName(hit.hours);
        if (hit.hours == HoursStatus::kUnparsed) h["hours_note"] = "horaires non lus";
        if (hit.hours == HoursStatus::kMissing) h["hours_note"] = "horaires non renseignés";
        hits.push_back(std::move(h));
    }
    nlohmann::json origin = {{"lat", result.origin.lat},
                             {"lon", result.origin.lon},
                             {"label", result.origin_label},
                             {"commune_centre", result.origin_is_commune_centre}};
    if (result.commune != nullptr) {
        origin["commune"] = {{"insee", result.commune->insee}, {"name", result.commune->name}};
    }
    nlohmann::json alternatives = nlohmann::json::array();
    for (const geo::Commune* c : result.alternatives) {
        alternatives.push_back({{"insee", c->insee}, {"name", c->name}, {"department", c->department}});
    }
    return {{"origin", origin}, {"note", result.note}, {"alternatives", alternatives}, {"places", hits}};
}

core::Result<Place> PlaceFromJson(const nlohmann::json& object, std::string_view id,
                                  std::string_view fallback_id, Date today) {
    if (!object.is_object()) {
        return core::Fail(core::Error::InvalidArgument("Le lieu doit être un objet JSON.", "body"));
    }
    nlohmann::json copy = object;
    for (const char* extra :
         {"status", "organization_id", "department", "hours_unparsed", "source", "created_at", "updated_at",
          "distance_km", "position", "position_from_commune", "hours_status", "hours_note"}) {
        copy.erase(extra);
    }
    if (!id.empty()) {
        copy["id"] = std::string(id);
    } else if (!copy.contains("id") || (copy["id"].is_string() && copy["id"].get<std::string>().empty())) {
        copy["id"] = std::string(fallback_id);
    }
    ImportOptions options;
    options.format = FileFormat::kJson;
    options.max_rows = 1;
    options.default_date_maj = today;
    auto imported = ImportPlaces("[" + copy.dump() + "]", options);
    if (!imported) return core::Fail(imported.error());
    if (!imported->rejected.empty() || imported->places.size() != 1) {
        std::vector<FieldProblem> problems;
        for (const Rejection& r : imported->rejected) problems.push_back({r.field, r.reason});
        return core::Fail(InvalidPlace(problems));
    }
    return std::move(imported->places.front());
}

// ---- the service ---------------------------------------------------------------------------------

struct PlaceService::Snapshot {
    std::uint64_t generation = 0;
    std::vector<PlaceRecord> records;  // published places that have a position, by id
    std::vector<geo::LatLon> positions;
    std::vector<bool> from_commune;
    std::vector<OpeningHours> hours;
    geo::SpatialIndex index;  // ids are indexes into records
};

PlaceService::PlaceService(store::Store& store, store::Database& db, const core::Clock& clock,
                           core::Random& random, const account::Authorizer& authorizer,
                           std::shared_ptr<const geo::Territory> territory)
    : store_(store),
      db_(db),
      clock_(clock),
      random_(random),
      authorizer_(authorizer),
      territory_(std::move(territory)) {}

Date PlaceService::Today() const { return LocalTimeIn("", clock_.NowMillis()).date; }

std::string PlaceService::NewPlaceId() {
    std::lock_guard lock(random_mutex_);
    return core::NewUuid(random_);
}

PlaceRecord PlaceService::NewRecord(Place place, const Principal& actor, std::string source) const {
    PlaceRecord r;
    r.department = DepartmentOfPlace(place);
    if (!place.code_insee.empty()) {
        if (const geo::Commune* c = territory_->FindCommune(place.code_insee)) r.department = c->department;
    }
    r.hours_unparsed = !place.horaires.empty() && !OpeningHours::Parse(place.horaires).parsed();
    r.place = std::move(place);
    r.source = std::move(source);
    r.created_at = r.updated_at = clock_.NowMillis();
    r.created_by = r.updated_by = actor.ActorId();
    return r;
}

core::Result<PlaceImportReport> PlaceService::Import(std::string_view bytes,
                                                     const PlaceImportOptions& options,
                                                     const Principal& actor) {
    if (!actor.IsPlatformAdmin()) {
        return core::Fail(core::Error::PermissionDenied(
            "Seuls les administrateurs de la plateforme peuvent importer des lieux."));
    }
    ImportOptions import_options;
    import_options.format = options.format;
    import_options.default_date_maj = Today();
    auto imported = ImportPlaces(bytes, import_options);
    if (!imported) return core::Fail(imported.error());

    PlaceImportReport report;
    report.version = imported->version;
    report.windows_1252 = imported->windows_1252;
    report.rows = imported->rows;
    report.rejected = std::move(imported->rejected);
    report.warnings = std::move(imported->warnings);
    auto counts = db_.WithTransaction([&](store::Executor& ex) -> core::Result<PlaceImportReport> {
        PlaceImportReport c;
        for (Place& place : imported->places) {
            PlaceRecord fresh = NewRecord(std::move(place), actor, options.source);
            auto existing = PlaceRepository::Get(ex, fresh.place.id);
            if (!existing) {
                if (existing.error().code != core::ErrorCode::kNotFound) return core::Fail(existing.error());
                fresh.status = options.status;
                fresh.organization_id = options.organization_id;
                PASSEUR_TRY(PlaceRepository::Insert(ex, fresh));
                ++c.created;
                continue;
            }
            if (existing->place == fresh.place) {
                ++c.unchanged;
                continue;
            }
            fresh.status = existing->status;
            fresh.organization_id = existing->organization_id;
            fresh.created_at = existing->created_at;
            fresh.created_by = existing->created_by;
            PASSEUR_TRY(PlaceRepository::Update(ex, fresh));
            ++c.updated;
        }
        return c;
    });
    if (!counts) return core::Fail(counts.error());
    report.created = counts->created;
    report.updated = counts->updated;
    report.unchanged = counts->unchanged;
    report.accepted = report.created + report.updated + report.unchanged;
    if (report.created + report.updated > 0) ++generation_;
    return report;
}

core::Result<std::string> PlaceService::Export(ExportFormat format, std::string_view department) {
    auto records = PlaceRepository::ListPublished(db_, department);
    if (!records) return core::Fail(records.error());
    std::vector<Place> places;
    places.reserve(records->size());
    for (PlaceRecord& r : *records) places.push_back(std::move(r.place));
    return format == ExportFormat::kCsv ? ExportCsv(places) : ExportJson(places);
}

core::Result<PlaceRecord> PlaceService::GetPublished(std::string_view id) {
    auto record = PlaceRepository::Get(db_, id);
    if (!record) return core::Fail(record.error());
    if (record->status != PlaceStatus::kPublished) {
        return core::Fail(core::Error::NotFound("Lieu introuvable : " + std::string(id) + "."));
    }
    return record;
}

core::Result<std::vector<PlaceRecord>> PlaceService::ListForOrg(std::string_view org_id,
                                                                const Principal& actor) {
    PASSEUR_TRY(authorizer_.Authorize(actor, account::Action::kReadOrg, org_id));
    return PlaceRepository::ListByOrganization(db_, org_id);
}

core::Result<PlaceRecord> PlaceService::OwnedPlace(store::Executor& ex, std::string_view org_id,
                                                   std::string_view place_id) {
    auto record = PlaceRepository::Get(ex, place_id);
    if (!record) return core::Fail(record.error());
    if (record->organization_id != org_id) {
        return core::Fail(core::Error::NotFound("Lieu introuvable : " + std::string(place_id) + "."));
    }
    return record;
}

core::Result<PlaceRecord> PlaceService::GetForOrg(std::string_view org_id, std::string_view place_id,
                                                  const Principal& actor) {
    PASSEUR_TRY(authorizer_.Authorize(actor, account::Action::kReadOrg, org_id));
    return OwnedPlace(db_, org_id, place_id);
}

core::Result<PlaceRecord> PlaceService::Create(std::string_view org_id, Place place, const Principal& actor) {
    PASSEUR_TRY(authorizer_.Authorize(actor, account::Action::kManagePlaces, org_id));
    if (place.id.empty()) place.id = NewPlaceId();
    if (auto problems = ValidatePlace(place); !problems.empty()) return core::Fail(InvalidPlace(problems));
    PlaceRecord record = NewRecord(std::move(place), actor, "page");
    record.organization_id = std::string(org_id);
    record.status = PlaceStatus::kDraft;
    PASSEUR_TRY(PlaceRepository::Insert(db_, record));
    ++generation_;
    return record;
}

core::Result<PlaceRecord> PlaceService::Update(std::string_view org_id, std::string_view place_id,
                                               Place place, const Principal& actor) {
    PASSEUR_TRY(authorizer_.Authorize(actor, account::Action::kManagePlaces, org_id));
    if (place.id.empty()) place.id = std::string(place_id);
    if (place.id != place_id) {
        return core::Fail(core::Error::InvalidArgument("L'identifiant d'un lieu ne peut pas changer.", "id"));
    }
    if (auto problems = ValidatePlace(place); !problems.empty()) return core::Fail(InvalidPlace(problems));
    auto updated = db_.WithTransaction([&](store::Executor& ex) -> core::Result<PlaceRecord> {
        auto existing = OwnedPlace(ex, org_id, place_id);
        if (!existing) return core::Fail(existing.error());
        PlaceRecord record = NewRecord(std::move(place), actor, "page");
        record.organization_id = existing->organization_id;
        record.status = existing->status;
        record.created_at = existing->created_at;
        record.created_by = existing->created_by;
        PASSEUR_TRY(PlaceRepository::Update(ex, record));
        return record;
    });
    if (updated) ++generation_;
    return updated;
}

core::Result<PlaceRecord> PlaceService::SetStatus(std::string_view org_id, std::string_view place_id,
                                                  PlaceStatus status, const Principal& actor) {
    PASSEUR_TRY(authorizer_.Authorize(actor, account::Action::kManagePlaces, org_id));
    auto updated = db_.WithTransaction([&](store::Executor& ex) -> core::Result<PlaceRecord> {
        auto record = OwnedPlace(ex, org_id, place_id);
        if (!record) return core::Fail(record.error());
        if (record->status == status) return record;
        record->status = status;
        record->updated_at = clock_.NowMillis();
        record->updated_by = actor.ActorId();
        PASSEUR_TRY(PlaceRepository::Update(ex, *record));
        return record;
    });
    if (updated) ++generation_;
    return updated;
}

core::Result<void> PlaceService::Delete(std::string_view org_id, std::string_view place_id,
                                        const Principal& actor) {
    PASSEUR_TRY(authorizer_.Authorize(actor, account::Action::kManagePlaces, org_id));
    auto done = db_.WithTransaction([&](store::Executor& ex) -> core::Result<void> {
        auto record = OwnedPlace(ex, org_id, place_id);
        if (!record) return core::Fail(record.error());
        return PlaceRepository::Delete(ex, place_id);
    });
    if (done) ++generation_;
    return done;
}

core::Result<PlaceRecord> PlaceService::AttachToOrganization(std::string_view place_id,
                                                             std::string_view org_id,
                                                             const Principal& actor) {
    if (!actor.IsPlatformAdmin()) {
        return core::Fail(core::Error::PermissionDenied(
            "Seuls les administrateurs de la plateforme peuvent rattacher un lieu à une organisation."));
    }
    return db_.WithTransaction([&](store::Executor& ex) -> core::Result<PlaceRecord> {
        auto record = PlaceRepository::Get(ex, place_id);
        if (!record) return core::Fail(record.error());
        if (record->organization_id == org_id) return record;
        record->organization_id = std::string(org_id);
        record->updated_at = clock_.NowMillis();
        record->updated_by = actor.ActorId();
        PASSEUR_TRY(PlaceRepository::Update(ex, *record));
        return record;
    });
}

core::Result<std::vector<std::string>> PlaceService::CoordinatedDepartments(const Principal& actor) {
    std::set<std::string> departments;
    if (actor.IsPlatformAdmin()) {
        for (const geo::Department& d : territory_->departments()) departments.insert(d.code);
    } else if (actor.IsSession() && !actor.user.id.empty()) {
        auto memberships = store_.Memberships().ListByUser(actor.user.id);
        if (!memberships) return core::Fail(memberships.error());
        for (const store::Membership& m : *memberships) {
            if (m.role != account::kRoleCoordinator) continue;
            auto org = store_.Organizations().Get(m.org_id);
            if (!org) {
                if (org.error().code == core::ErrorCode::kNotFound) continue;
                return core::Fail(org.error());
            }
            if (!org->department.empty()) departments.insert(org->department);
        }
    }
    return std::vector<std::string>(departments.begin(), departments.end());
}

core::Result<void> PlaceService::AuthorizeTerritory(std::string_view department, const Principal& actor) {
    if (territory_->FindDepartment(department) == nullptr) {
        return core::Fail(core::Error::NotFound("Département inconnu : " + std::string(department) + "."));
    }
    if (actor.IsPlatformAdmin()) return core::Ok();
    auto coordinated = CoordinatedDepartments(actor);
    if (!coordinated) return core::Fail(coordinated.error());
    if (std::find(coordinated->begin(), coordinated->end(), department) != coordinated->end())
        return core::Ok();
    return core::Fail(core::Error::PermissionDenied(
        "Réservé aux coordinateurs de ce département et aux administrateurs de la plateforme."));
}

core::Result<std::vector<PlaceRecord>> PlaceService::ListForTerritory(std::string_view department,
                                                                      const Principal& actor) {
    PASSEUR_TRY(AuthorizeTerritory(department, actor));
    return PlaceRepository::ListByDepartment(db_, department);
}

core::Result<std::shared_ptr<const PlaceService::Snapshot>> PlaceService::Current() {
    std::lock_guard lock(snapshot_mutex_);
    const std::uint64_t generation = generation_.load();
    if (snapshot_ && snapshot_->generation == generation) return snapshot_;
    auto records = PlaceRepository::ListPublished(db_);
    if (!records) return core::Fail(records.error());
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->generation = generation;
    std::vector<geo::IndexedPoint> points;
    for (PlaceRecord& r : *records) {
        std::optional<geo::LatLon> position;
        bool from_commune = false;
        if (r.place.latitude && r.place.longitude) {
            position = geo::LatLon{*r.place.latitude, *r.place.longitude};
        } else if (const geo::Commune* c = territory_->FindCommune(r.place.code_insee); c && c->position) {
            position = *c->position;
            from_commune = true;
        }
        if (!position || !geo::IsValidLatLon(*position)) continue;
        points.push_back({snapshot->records.size(), *position});
        snapshot->positions.push_back(*position);
        snapshot->from_commune.push_back(from_commune);
        snapshot->hours.push_back(OpeningHours::Parse(r.place.horaires));
        snapshot->records.push_back(std::move(r));
    }
    snapshot->index = geo::SpatialIndex(std::move(points));
    snapshot_ = snapshot;
    return std::shared_ptr<const Snapshot>(snapshot_);
}

core::Result<SearchResult> PlaceService::Search(const SearchQuery& query) {
    if (query.limit < 1 || query.limit > kMaxLimit) {
        return core::Fail(core::Error::InvalidArgument("limit : entre 1 et 100.", "limit"));
    }
    if (query.radius_km && !(*query.radius_km > 0.0 && *query.radius_km <= kMaxRadiusKm)) {
        return core::Fail(core::Error::InvalidArgument("radius_km : entre 0 et 1000 km.", "radius_km"));
    }
    if (query.open_on_weekday && (*query.open_on_weekday < 0 || *query.open_on_weekday > 6)) {
        return core::Fail(
            core::Error::InvalidArgument("Jour de la semaine : 0 (lundi) à 6 (dimanche).", "open_on"));
    }
    SearchResult result;
    auto use_commune = [&](const geo::Commune* c) -> core::Result<void> {
        if (c->position == std::nullopt) {
            return core::Fail(
                core::Error::NotFound("La commune " + c->name + " (" + c->insee +
                                      ") n'a pas de coordonnées dans nos données : choisissez une "
                                      "commune voisine."));
        }
        result.commune = c;
        result.origin = *c->position;
        result.origin_is_commune_centre = true;
        result.origin_label = c->name + " (" + c->insee + ")";
        result.note = "Distances mesurées depuis le centre de la commune " + c->name + ".";
        return core::Ok();
    };
    // Best commune first: with coordinates, then by decreasing population.
    auto pick = [&](std::vector<const geo::Commune*> communes) -> core::Result<void> {
        std::stable_sort(communes.begin(), communes.end(), [](const geo::Commune* a, const geo::Commune* b) {
            if (a->position.has_value() != b->position.has_value()) return a->position.has_value();
            return a->population > b->population;
        });
        PASSEUR_TRY(use_commune(communes.front()));
        result.alternatives.assign(communes.begin() + 1, communes.end());
        return core::Ok();
    };
    if (query.point) {
        if (!geo::IsValidLatLon(*query.point)) {
            return core::Fail(core::Error::InvalidArgument("Coordonnées hors limites.", "lat"));
        }
        result.origin = *query.point;
        result.origin_label = fmt::format("{:.5f}, {:.5f}", query.point->lat, query.point->lon);
    } else if (!query.insee.empty()) {
        const geo::Commune* c = territory_->FindCommune(query.insee);
        if (c == nullptr) {
            return core::Fail(core::Error::NotFound("Commune inconnue : " + query.insee + "."));
        }
        PASSEUR_TRY(use_commune(c));
    } else if (!query.postcode.empty()) {
        auto communes = territory_->FindByPostcode(query.postcode);
        if (communes.empty()) {
            return core::Fail(core::Error::NotFound("Code postal inconnu : " + query.postcode + "."));
        }
        PASSEUR_TRY(pick(std::move(communes)));
    } else if (!query.commune_name.empty()) {
        if (query.commune_name.size() > 200) {
            return core::Fail(core::Error::InvalidArgument("Nom de commune trop long.", "q"));
        }
        auto communes = territory_->SearchByName(query.commune_name, 8);
        if (communes.empty()) {
            return core::Fail(
                core::Error::NotFound("Aucune commune ne s'appelle « " + query.commune_name + " »."));
        }
        // SearchByName puts exact matches first, then by population: keep its order.
        if (communes.front()->position == std::nullopt) {
            PASSEUR_TRY(pick(std::move(communes)));
        } else {
            PASSEUR_TRY(use_commune(communes.front()));
            result.alternatives.assign(communes.begin() + 1, communes.end());
        }
    } else {
        return core::Fail(core::Error::InvalidArgument(
            "Indiquez un point (lat, lon), une commune, un code postal ou un nom de commune.", "q"));
    }
    if (!query.street.empty() && result.origin_is_commune_centre) {
        result.note += " L'adresse « " + query.street +
                       " » n'est pas géolocalisée : passeur ne dispose pas de la base des adresses.";
    }

    auto snapshot = Current();
    if (!snapshot) return core::Fail(snapshot.error());
    const Snapshot& s = **snapshot;
    const std::int64_t now = clock_.NowMillis();
    auto hours_of = [&](std::size_t i) -> std::optional<HoursStatus> {  // nullopt: drop
        if (!query.open_now && !query.open_on_weekday) return HoursStatus::kNotFiltered;
        const OpeningHours& hours = s.hours[i];
        std::optional<bool> open = true;
        if (query.open_now) {
            const LocalDateTime local = LocalTimeIn(s.records[i].department, now);
            const auto holidays =
                FrenchPublicHolidays(local.date.year, AlsaceMoselle(s.records[i].department));
            open = hours.IsOpenAt(local, holidays);
        }
        if (open == true && query.open_on_weekday) open = hours.OpensOn(*query.open_on_weekday);
        if (open == false) return std::nullopt;
        if (open == true) return HoursStatus::kOpen;
        return s.records[i].place.horaires.empty() ? HoursStatus::kMissing : HoursStatus::kUnparsed;
    };
    geo::PointFilter filter = [&](std::uint64_t id) {
        const Place& p = s.records[id].place;
        return AllOf(p.services, query.services) && AnyOf(p.publics_specifiquement_adresses, query.publics) &&
               AnyOf(p.frais_a_charge, query.frais) && AnyOf(p.modalites_acces, query.modalites_acces) &&
               AnyOf(p.modalites_accompagnement, query.modalites_accompagnement) &&
               AnyOf(p.prise_en_charge_specifique, query.prises_en_charge) &&
               hours_of(static_cast<std::size_t>(id)).has_value();
    };
    std::vector<geo::Neighbor> found;
    if (query.radius_km) {
        found = s.index.WithinKm(result.origin, *query.radius_km, filter);
        if (found.size() > query.limit) found.resize(query.limit);
    } else {
        found = s.index.Nearest(result.origin, query.limit, filter);
    }
    for (const geo::Neighbor& n : found) {
        const auto i = static_cast<std::size_t>(n.id);
        SearchHit hit;
        hit.record = s.records[i];
        hit.distance_km = n.distance_km;
        hit.position = s.positions[i];
        hit.position_from_commune = s.from_commune[i];
        hit.hours = hours_of(i).value_or(HoursStatus::kNotFiltered);
        result.hits.push_back(std::move(hit));
    }
    return result;
}

core::Result<WhiteZonesResult> PlaceService::WhiteZones(const WhiteZonesQuery& query) {
    if (territory_->FindDepartment(query.department) == nullptr) {
        return core::Fail(core::Error::NotFound("Département inconnu : " + query.department + "."));
    }
    if (!(query.km > 0.0 && query.km <= kMaxWhiteZonesKm)) {
        return core::Fail(core::Error::InvalidArgument("km : entre 0 et 200.", "km"));
    }
    auto snapshot = Current();
    if (!snapshot) return core::Fail(snapshot.error());
    const Snapshot& s = **snapshot;

    std::vector<std::size_t> kept;  // snapshot indexes of the places considered
    std::vector<geo::IndexedPoint> points;
    for (std::size_t i = 0; i < s.records.size(); ++i) {
        if (query.service && !AllOf(s.records[i].place.services, {*query.service})) continue;
        points.push_back({i, s.positions[i]});
        kept.push_back(i);
    }
    geo::SpatialIndex index(std::move(points));

    geo::WhiteZonesOptions options;
    std::set<double> thresholds = {5.0, 10.0, 15.0, query.km};
    options.thresholds_km.assign(thresholds.begin(), thresholds.end());
    options.greedy_km = query.km;
    const auto communes = territory_->CommunesOf(query.department);
    auto report = geo::ComputeWhiteZones(communes, index, options);
    if (!report) return core::Fail(report.error());
    auto json = geo::WhiteZonesToJson(*report, query.km, query.department);
    if (!json) return core::Fail(json.error());

    WhiteZonesResult out;
    if (json->contains("communes")) {
        for (auto& c : (*json)["communes"]) {
            if (c.contains("nearest_place") && c["nearest_place"].is_number_unsigned()) {
                const auto i = c["nearest_place"].get<std::uint64_t>();
                if (i < s.records.size()) c["nearest_place"] = s.records[i].place.id;
            }
        }
    }
    (*json)["service"] =
        query.service ? nlohmann::json(std::string(ToString(*query.service))) : nlohmann::json();
    out.outline = territory_->FindOutline(query.department);
    for (std::size_t i : kept) {
        if (s.records[i].department != query.department) continue;
        out.places.push_back({s.positions[i], s.records[i].place.nom});
    }
    for (const geo::CommuneDistance& d : report->communes) {
        if (!d.commune->position) {
            ++out.communes_without_coords;
            continue;
        }
        std::string label = d.commune->name;
        if (d.nearest_km) label += " — " + FormatKm(*d.nearest_km) + " km";
        out.communes.push_back({*d.commune->position, d.nearest_km, std::move(label)});
    }
    out.report = std::move(*report);
    out.json = std::move(*json);
    return out;
}

core::Result<PlaceImportReport> SeedDemoPlaces(PlaceService& service, const std::string& data_dir,
                                               const std::string& org_id, std::size_t attach) {
    const std::string path = data_dir + "/places/demo-35.csv";
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::Fail(core::Error::InvalidArgument("Fichier introuvable : " + path, "path"));
    std::ostringstream text;
    text << in.rdbuf();
    const Principal system = SystemActor();
    PlaceImportOptions options;
    options.source = "demo";
    auto report = service.Import(text.str(), options, system);
    if (!report) return core::Fail(report.error());
    if (report->accepted == 0) {
        return core::Fail(core::Error::Internal("demo places: no row accepted from " + path));
    }
    if (!org_id.empty() && attach > 0) {
        auto parsed = ImportPlaces(text.str());
        if (!parsed) return core::Fail(parsed.error());
        for (std::size_t i = 0; i < parsed->places.size() && i < attach; ++i) {
            auto attached = service.AttachToOrganization(parsed->places[i].id, org_id, system);
            if (!attached) return core::Fail(attached.error());
        }
    }
    service.InvalidateIndex();
    return report;
}

}  // namespace passeur::places
