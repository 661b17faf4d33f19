#include "places/place_repository.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

#include "places/opening_hours.hpp"
#include "places/place_codec.hpp"

namespace passeur::places {
namespace {

using store::AsInt;
using store::AsText;
using store::Value;

constexpr std::string_view kSelect =
    "SELECT id, organization_id, status, department, hours_unparsed, source, created_at, created_by, "
    "updated_at, updated_by, body FROM places ";

// Rows read per ImportPlaces call when decoding bodies.
constexpr std::size_t kDecodeBatch = 2000;

std::string BodyOf(const Place& place) { return PlaceToJson(place).dump(); }

Value Coordinate(const std::optional<double>& value) {
    if (!value) return nullptr;
    return *value;
}

std::vector<Value> Columns(const PlaceRecord& r) {
    return {r.place.id,
            store::NullIfEmpty(r.organization_id),
            std::string(PlaceStatusName(r.status)),
            r.department,
            r.place.code_insee,
            Coordinate(r.place.latitude),
            Coordinate(r.place.longitude),
            ServicesKey(r.place),
            BodyOf(r.place),
            std::int64_t{r.hours_unparsed ? 1 : 0},
            r.source,
            r.created_at,
            store::NullIfEmpty(r.created_by),
            r.updated_at,
            store::NullIfEmpty(r.updated_by)};
}

// Decodes the rows of kSelect (bodies read back through the v1 JSON importer, which validates).
core::Result<std::vector<PlaceRecord>> FromRows(const store::Rows& rows) {
    std::vector<PlaceRecord> out;
    out.reserve(rows.size());
    ImportOptions options;
    options.format = FileFormat::kJson;
    options.max_bytes = std::size_t{1} << 30;
    options.max_rows = kDecodeBatch;
    for (std::size_t start = 0; start < rows.size(); start += kDecodeBatch) {
        const std::size_t end = std::min(rows.size(), start + kDecodeBatch);
        std::string array = "[";
        for (std::size_t i = start; i < end; ++i) {
            if (i > start) array += ",\n";
            array += AsText(rows[i][10]);
        }
        array += "]";
        auto decoded = ImportPlaces(array, options);
        if (!decoded) {
            return core::Fail(
                core::Error::Internal("stored places do not read back: " + decoded.error().message));
        }
        if (!decoded->rejected.empty() || decoded->places.size() != end - start) {
            const auto& first = decoded->rejected.empty() ? Rejection{} : decoded->rejected.front();
            return core::Fail(core::Error::Internal(
                "stored place " + first.id + " does not read back: " + first.field + ": " + first.reason));
        }
        for (std::size_t i = start; i < end; ++i) {
            const store::Row& row = rows[i];
            PlaceRecord r;
            r.place = std::move(decoded->places[i - start]);
            if (r.place.id != AsText(row[0])) {
                return core::Fail(
                    core::Error::Internal("stored place " + AsText(row[0]) + ": body id differs"));
            }
            r.organization_id = AsText(row[1]);
            r.status = ParsePlaceStatus(AsText(row[2])).value_or(PlaceStatus::kDraft);
            r.department = AsText(row[3]);
            r.hours_unparsed = AsInt(row[4]) != 0;
            r.source = AsText(row[5]);
            r.created_at = AsInt(row[6]);
            r.created_by = AsText(row[7]);
            r.updated_at = AsInt(row[8]);
            r.updated_by = AsText(row[9]);
            out.push_back(std::move(r));
        }
    }
    return out;
}

core::Result<std::vector<PlaceRecord>> Select(store::Executor& ex, std::string_view where,
                                              const store::Params& params) {
    auto rows = ex.Query(std::string(kSelect) + std::string(where), params);
    if (!rows) return core::Fail(rows.error());
    return FromRows(*rows);
}

// Sorted in C++ (byte order), not by the engines' collations, so both engines agree.
void SortByName(std::vector<PlaceRecord>& records) {
    std::sort(records.begin(), records.end(), [](const PlaceRecord& a, const PlaceRecord& b) {
        return std::tie(a.place.nom, a.place.id) < std::tie(b.place.nom, b.place.id);
    });
}

void SortById(std::vector<PlaceRecord>& records) {
    std::sort(records.begin(), records.end(),
              [](const PlaceRecord& a, const PlaceRecord& b) { return a.place.id < b.place.id; });
}

core::Error Missing(std::string_view id) {
    return core::Error::NotFound("Lieu introuvable : " + std::string(id) + ".");
}

}  // namespace

std::string_view PlaceStatusName(PlaceStatus status) {
    return status == PlaceStatus::kPublished ? "published" : "draft";
}

std::optional<PlaceStatus> ParsePlaceStatus(std::string_view text) {
    if (text == "published") return PlaceStatus::kPublished;
    if (text == "draft") return PlaceStatus::kDraft;
    return std::nullopt;
}

std::string DepartmentOfPlace(const Place& place) {
    const std::string& insee = place.code_insee;
    if (insee.size() == 5) return insee.starts_with("97") ? insee.substr(0, 3) : insee.substr(0, 2);
    const std::string& postcode = place.code_postal;
    if (postcode.size() == 5) {
        if (postcode.starts_with("97")) return postcode.substr(0, 3);
        if (postcode.starts_with("20")) return postcode[2] <= '1' ? "2A" : "2B";
        return postcode.substr(0, 2);
    }
    return {};
}

nlohmann::json PlaceToJson(const Place& place) {
    const std::string array = ExportJson(std::span<const Place>(&place, 1));
    auto parsed = nlohmann::json::parse(array, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_array() || parsed.empty()) return nlohmann::json::object();
    return parsed.front();
}

std::string ServicesKey(const Place& place) {
    std::string key = "|";
    for (Service s : place.services) {
        key += ToString(s);
        key += '|';
    }
    return key;
}

core::Result<void> PlaceRepository::Insert(store::Executor& ex, const PlaceRecord& record) {
    auto done = ex.Exec(
        "INSERT INTO places (id, organization_id, status, department, insee, latitude, longitude, services, "
        "body, hours_unparsed, source, created_at, created_by, updated_at, updated_by) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        Columns(record));
    if (!done) {
        if (store::IsUniqueViolation(done.error())) {
            return core::Fail(
                core::Error::Conflict("Un lieu porte déjà cet identifiant : " + record.place.id + ".", "id"));
        }
        if (store::IsForeignKeyViolation(done.error())) {
            return core::Fail(
                core::Error::Conflict("Organisation ou utilisateur inconnu.", "organization_id"));
        }
        return core::Fail(done.error());
    }
    return core::Ok();
}

core::Result<void> PlaceRepository::Update(store::Executor& ex, const PlaceRecord& record) {
    auto values = Columns(record);
    values.erase(values.begin() + 11, values.begin() + 13);  // created_at, created_by never change
    auto done = ex.Exec(
        "UPDATE places SET organization_id = $2, status = $3, department = $4, insee = $5, latitude = $6, "
        "longitude = $7, services = $8, body = $9, hours_unparsed = $10, source = $11, updated_at = $12, "
        "updated_by = $13 WHERE id = $1",
        values);
    if (!done) {
        if (store::IsForeignKeyViolation(done.error())) {
            return core::Fail(
                core::Error::Conflict("Organisation ou utilisateur inconnu.", "organization_id"));
        }
        return core::Fail(done.error());
    }
    if (*done == 0) return core::Fail(Missing(record.place.id));
    return core::Ok();
}

core::Result<PlaceRecord> PlaceRepository::Get(store::Executor& ex, std::string_view id) {
    auto found = Select(ex, "WHERE id = $1", {std::string(id)});
    if (!found) return core::Fail(found.error());
    if (found->empty()) return core::Fail(Missing(id));
    return std::move(found->front());
}

core::Result<void> PlaceRepository::Delete(store::Executor& ex, std::string_view id) {
    auto done = ex.Exec("DELETE FROM places WHERE id = $1", {std::string(id)});
    if (!done) return core::Fail(done.error());
    if (*done == 0) return core::Fail(Missing(id));
    return core::Ok();
}

core::Result<std::vector<PlaceRecord>> PlaceRepository::ListByOrganization(store::Executor& ex,
                                                                           std::string_view organization_id) {
    auto found = Select(ex, "WHERE organization_id = $1", {std::string(organization_id)});
    if (!found) return core::Fail(found.error());
    SortByName(*found);
    return found;
}

core::Result<std::vector<PlaceRecord>> PlaceRepository::ListByDepartment(store::Executor& ex,
                                                                         std::string_view department) {
    auto found = Select(ex, "WHERE department = $1", {std::string(department)});
    if (!found) return core::Fail(found.error());
    SortByName(*found);
    return found;
}

core::Result<std::vector<PlaceRecord>> PlaceRepository::ListPublished(store::Executor& ex,
                                                                      std::string_view department) {
    auto found = department.empty() ? Select(ex, "WHERE status = 'published'", {})
                                    : Select(ex, "WHERE status = 'published' AND department = $1",
                                             {std::string(department)});
    if (!found) return core::Fail(found.error());
    SortById(*found);
    return found;
}

core::Result<std::int64_t> PlaceRepository::Count(store::Executor& ex) {
    auto rows = ex.Query("SELECT COUNT(*) FROM places");
    if (!rows) return core::Fail(rows.error());
    return AsInt(rows->front().front());
}

}  // namespace passeur::places
