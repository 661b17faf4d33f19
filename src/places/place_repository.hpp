// SQL storage of mediation places (table `places`, migration 0004_places.sql), written once for
// SQLite and PostgreSQL over store::Executor. Each row keeps the full v1 place as JSON (the object
// ExportJson writes) plus the columns needed to filter without reading the body.
//
// Errors: kNotFound for a missing id, kConflict when an inserted id exists or the organisation is
// unknown, kInternal when a stored body no longer reads back as a valid place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "places/place.hpp"
#include "store/database.hpp"

namespace passeur::places {

enum class PlaceStatus { kDraft, kPublished };
std::string_view PlaceStatusName(PlaceStatus status);  // "draft" | "published"
std::optional<PlaceStatus> ParsePlaceStatus(std::string_view text);

// One stored place.
struct PlaceRecord {
    Place place;
    std::string organization_id;  // "" when no organisation owns it (imported)
    PlaceStatus status = PlaceStatus::kDraft;
    std::string department;       // INSEE département code ("35", "2A", "974"), "" when unknown
    bool hours_unparsed = false;  // horaires given but outside the supported syntax
    std::string source;           // "import" | "page" | "demo"
    std::int64_t created_at = 0;
    std::string created_by;  // user id or ""
    std::int64_t updated_at = 0;
    std::string updated_by;
};

// The département of a place from its INSEE code ("35238" -> "35", "97411" -> "974"), else from
// its postcode ("20000" -> "2A", "20200" -> "2B"); "" when neither gives one.
std::string DepartmentOfPlace(const Place& place);

// The place as the v1 JSON object that ExportJson writes (keys in column order, empty left out).
nlohmann::json PlaceToJson(const Place& place);

// '|' + services joined by '|' + '|', so that LIKE '%|S|%' finds a service.
std::string ServicesKey(const Place& place);

class PlaceRepository {
public:
    static core::Result<void> Insert(store::Executor& ex, const PlaceRecord& record);
    // Every column but id, created_at, created_by. kNotFound when missing.
    static core::Result<void> Update(store::Executor& ex, const PlaceRecord& record);
    static core::Result<PlaceRecord> Get(store::Executor& ex, std::string_view id);
    static core::Result<void> Delete(store::Executor& ex, std::string_view id);

    // Ordered by nom then id.
    static core::Result<std::vector<PlaceRecord>> ListByOrganization(store::Executor& ex,
                                                                     std::string_view organization_id);
    // Any status; `department` must not be empty.
    static core::Result<std::vector<PlaceRecord>> ListByDepartment(store::Executor& ex,
                                                                   std::string_view department);
    // Published places, of one département when `department` is not empty; ordered by id.
    static core::Result<std::vector<PlaceRecord>> ListPublished(store::Executor& ex,
                                                                std::string_view department = {});
    static core::Result<std::int64_t> Count(store::Executor& ex);
};

}  // namespace passeur::places
