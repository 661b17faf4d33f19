#include <algorithm>
#include <charconv>
#include <tuple>
#include <unordered_set>

#include <fmt/format.h>

#include <core/located_json.hpp>
#include <core/unicode.hpp>
#include <places/geo/csv_rows.hpp>
#include <places/geo/territory.hpp>
#include <places/geo/territory_rows.hpp>

namespace passeur::places::geo {

namespace {

constexpr std::size_t kMaxFileBytes = 64u << 20;
constexpr std::int64_t kMaxPopulation = 1'000'000'000;
constexpr std::size_t kMaxOutlinePoints = 5'000'000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit); }

// "01".."95", "2A", "2B" (metropolitan) or "971".."976" (overseas).
bool IsDepartmentCode(std::string_view code) {
    if (code == "2A" || code == "2B") return true;
    return (code.size() == 2 || code.size() == 3) && AllDigits(code);
}

// Five characters: digits, or "2A"/"2B" followed by three digits (Corsica).
bool IsInseeCode(std::string_view code) {
    if (code.size() != 5) return false;
    if (code.starts_with("2A") || code.starts_with("2B")) return AllDigits(code.substr(2));
    return AllDigits(code);
}

std::string_view Trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Reads "lat" and "lon" fields: both empty (nullopt) or both valid decimals in range.
core::Result<std::optional<LatLon>> ParsePosition(std::string_view lat_text, std::string_view lon_text,
                                                  std::string_view source, std::size_t line) {
    lat_text = Trimmed(lat_text);
    lon_text = Trimmed(lon_text);
    if (lat_text.empty() && lon_text.empty()) return std::optional<LatLon>{};
    if (lat_text.empty() || lon_text.empty()) {
        return core::Fail(RowError(source, line, lat_text.empty() ? "lat" : "lon",
                                   "lat and lon must be both given or both empty"));
    }
    const auto lat = ParseDecimal(lat_text);
    if (!lat || *lat < -90.0 || *lat > 90.0) {
        return core::Fail(
            RowError(source, line, "lat", fmt::format("not a latitude in [-90, 90] (\"{}\")", lat_text)));
    }
    const auto lon = ParseDecimal(lon_text);
    if (!lon || *lon < -180.0 || *lon > 180.0) {
        return core::Fail(
            RowError(source, line, "lon", fmt::format("not a longitude in [-180, 180] (\"{}\")", lon_text)));
    }
    return std::optional<LatLon>{LatLon{*lat, *lon}};
}

bool IsSeparatorCodePoint(char32_t cp) {
    if (cp < 0x80) {
        return !((cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') || (cp >= U'0' && cp <= U'9'));
    }
    return (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
           cp == 0x3000;
}

}  // namespace

std::string FoldName(std::string_view name) {
    const std::string lowered = core::ToLower(core::StripMarks(name));
    std::string out;
    out.reserve(lowered.size());
    bool pending_space = false;
    for (const char32_t cp : core::DecodeUtf8(lowered)) {
        if (IsSeparatorCodePoint(cp)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        if (cp == U'œ') {
            out += "oe";
        } else if (cp == U'æ') {
            out += "ae";
        } else if (cp == U'ß') {
            out += "ss";
        } else {
            core::AppendUtf8(out, cp);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Parsers

core::Result<std::vector<LinedDepartment>> ParseDepartmentRows(std::string_view text,
                                                               std::string_view source) {
    auto rows = ReadCsv(text, source, {"code", "name", "region"}, kMaxFileBytes);
    if (!rows) return core::Fail(rows.error());
    std::vector<LinedDepartment> out;
    std::unordered_map<std::string, std::size_t> seen;
    for (auto& row : *rows) {
        auto& f = row.fields;
        if (!IsDepartmentCode(f[0])) {
            return core::Fail(
                RowError(source, row.line, "code", fmt::format("not a département code (\"{}\")", f[0])));
        }
        if (auto [it, inserted] = seen.emplace(f[0], row.line); !inserted) {
            return core::Fail(
                RowError(source, row.line, "code",
                         fmt::format("duplicate département {} (first on line {})", f[0], it->second)));
        }
        if (Trimmed(f[1]).empty()) return core::Fail(RowError(source, row.line, "name", "empty"));
        if (f[2].size() > 3 || !AllDigits(f[2])) {
            return core::Fail(
                RowError(source, row.line, "region", fmt::format("not a region code (\"{}\")", f[2])));
        }
        out.push_back({row.line, Department{f[0], f[1], f[2]}});
    }
    return out;
}

core::Result<std::vector<LinedCommune>> ParseCommuneRows(std::string_view text, std::string_view source) {
    auto rows =
        ReadCsv(text, source, {"insee", "name", "department", "population", "postcodes", "lat", "lon"},
                kMaxFileBytes);
    if (!rows) return core::Fail(rows.error());
    std::vector<LinedCommune> out;
    out.reserve(rows->size());
    std::unordered_map<std::string, std::size_t> seen;
    for (auto& row : *rows) {
        auto& f = row.fields;
        Commune c;
        if (!IsInseeCode(f[0])) {
            return core::Fail(
                RowError(source, row.line, "insee", fmt::format("not an INSEE code (\"{}\")", f[0])));
        }
        if (auto [it, inserted] = seen.emplace(f[0], row.line); !inserted) {
            return core::Fail(
                RowError(source, row.line, "insee",
                         fmt::format("duplicate commune {} (first on line {})", f[0], it->second)));
        }
        if (Trimmed(f[1]).empty()) return core::Fail(RowError(source, row.line, "name", "empty"));
        if (!IsDepartmentCode(f[2]) || !f[0].starts_with(f[2])) {
            return core::Fail(
                RowError(source, row.line, "department",
                         fmt::format("\"{}\" is not the département of commune {}", f[2], f[0])));
        }
        std::int64_t population = 0;
        const auto [end, ec] = std::from_chars(f[3].data(), f[3].data() + f[3].size(), population);
        if (!AllDigits(f[3]) || ec != std::errc() || end != f[3].data() + f[3].size() ||
            population > kMaxPopulation) {
            return core::Fail(RowError(source, row.line, "population",
                                       fmt::format("not a non-negative integer (\"{}\")", f[3])));
        }
        std::vector<std::string> postcodes;
        if (!f[4].empty()) {
            std::string_view rest = f[4];
            while (true) {
                const auto bar = rest.find('|');
                const auto code = rest.substr(0, bar);
                if (code.size() != 5 || !AllDigits(code)) {
                    return core::Fail(RowError(source, row.line, "postcodes",
                                               fmt::format("not a 5-digit postcode (\"{}\")", code)));
                }
                postcodes.emplace_back(code);
                if (bar == std::string_view::npos) break;
                rest.remove_prefix(bar + 1);
            }
            std::sort(postcodes.begin(), postcodes.end());
            postcodes.erase(std::unique(postcodes.begin(), postcodes.end()), postcodes.end());
        }
        auto position = ParsePosition(f[5], f[6], source, row.line);
        if (!position) return core::Fail(position.error());
        c.insee = std::move(f[0]);
        c.name = std::move(f[1]);
        c.department = std::move(f[2]);
        c.population = population;
        c.postcodes = std::move(postcodes);
        c.position = *position;
        out.push_back({row.line, std::move(c)});
    }
    return out;
}

namespace {

struct GeoJsonContext {
    const core::LocatedJson& doc;
    std::string_view source;
    std::size_t points = 0;

    core::Error ErrorAt(const std::string& pointer, std::string_view message) const {
        const std::string field = pointer.empty() ? std::string("/") : pointer;
        return core::Error::InvalidArgument(
            fmt::format("{}:{}: {}: {}", source, doc.LineOf(pointer), field, message), field);
    }
};

core::Result<Ring> ParseRing(GeoJsonContext& ctx, const nlohmann::json& value, const std::string& pointer) {
    if (!value.is_array() || value.size() < 4) {
        return core::Fail(ctx.ErrorAt(pointer, "a ring must be an array of at least 4 positions"));
    }
    Ring ring;
    ring.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto& pos = value[i];
        const auto here = core::JsonPointerAppend(pointer, i);
        if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number()) {
            return core::Fail(ctx.ErrorAt(here, "a position must be [longitude, latitude]"));
        }
        const LatLon p{pos[1].get<double>(), pos[0].get<double>()};
        if (!IsValidLatLon(p)) return core::Fail(ctx.ErrorAt(here, "coordinates out of range"));
        ring.push_back(p);
    }
    if (!(ring.front() == ring.back())) {
        return core::Fail(ctx.ErrorAt(pointer, "a ring must be closed (last position = first)"));
    }
    ctx.points += ring.size();
    if (ctx.points > kMaxOutlinePoints) {
        return core::Fail(
            ctx.ErrorAt(pointer, fmt::format("more than {} positions in all", kMaxOutlinePoints)));
    }
    return ring;
}

core::Result<Polygon> ParsePolygon(GeoJsonContext& ctx, const nlohmann::json& value,
                                   const std::string& pointer) {
    if (!value.is_array() || value.empty()) {
        return core::Fail(ctx.ErrorAt(pointer, "a polygon must be a non-empty array of rings"));
    }
    Polygon polygon;
    for (std::size_t i = 0; i < value.size(); ++i) {
        auto ring = ParseRing(ctx, value[i], core::JsonPointerAppend(pointer, i));
        if (!ring) return core::Fail(ring.error());
        polygon.push_back(std::move(*ring));
    }
    return polygon;
}

}  // namespace

core::Result<std::vector<LinedOutline>> ParseOutlineFeatures(std::string_view text, std::string_view source) {
    auto parsed = core::ParseLocatedJson(text, {kMaxFileBytes, 16});
    if (!parsed) {
        return core::Fail(core::Error::InvalidArgument(
            fmt::format("{}:{}: {}", source, parsed.error().position.line, parsed.error().message)));
    }
    GeoJsonContext ctx{*parsed, source};
    const auto& root = parsed->value;
    if (!root.is_object() || root.value("type", "") != "FeatureCollection" || !root.contains("features") ||
        !root["features"].is_array()) {
        return core::Fail(ctx.ErrorAt("", "expected a GeoJSON FeatureCollection with a \"features\" array"));
    }
    std::vector<LinedOutline> out;
    std::unordered_map<std::string, std::size_t> seen;
    const auto& features = root["features"];
    for (std::size_t i = 0; i < features.size(); ++i) {
        const std::string pointer = core::JsonPointerAppend("/features", i);
        const auto& feature = features[i];
        const std::size_t line = parsed->LineOf(pointer);
        if (!feature.is_object()) return core::Fail(ctx.ErrorAt(pointer, "a feature must be an object"));
        const auto props = feature.find("properties");
        if (props == feature.end() || !props->is_object() || !props->contains("code") ||
            !(*props)["code"].is_string()) {
            return core::Fail(ctx.ErrorAt(pointer + "/properties", "a \"code\" string property is required"));
        }
        const std::string code = (*props)["code"].get<std::string>();
        if (!IsDepartmentCode(code)) {
            return core::Fail(ctx.ErrorAt(pointer + "/properties/code", "not a département code"));
        }
        if (auto [it, inserted] = seen.emplace(code, line); !inserted) {
            return core::Fail(
                ctx.ErrorAt(pointer + "/properties/code",
                            fmt::format("duplicate outline {} (first on line {})", code, it->second)));
        }
        const auto geometry = feature.find("geometry");
        if (geometry == feature.end() || !geometry->is_object() || !geometry->contains("coordinates")) {
            return core::Fail(ctx.ErrorAt(pointer + "/geometry", "a geometry with coordinates is required"));
        }
        const std::string type = geometry->value("type", "");
        const std::string coords_pointer = pointer + "/geometry/coordinates";
        const auto& coords = (*geometry)["coordinates"];
        DepartmentOutline outline{code, {}};
        if (type == "Polygon") {
            auto polygon = ParsePolygon(ctx, coords, coords_pointer);
            if (!polygon) return core::Fail(polygon.error());
            outline.polygons.push_back(std::move(*polygon));
        } else if (type == "MultiPolygon") {
            if (!coords.is_array() || coords.empty()) {
                return core::Fail(ctx.ErrorAt(coords_pointer, "a MultiPolygon must be a non-empty array"));
            }
            for (std::size_t p = 0; p < coords.size(); ++p) {
                auto polygon = ParsePolygon(ctx, coords[p], core::JsonPointerAppend(coords_pointer, p));
                if (!polygon) return core::Fail(polygon.error());
                outline.polygons.push_back(std::move(*polygon));
            }
        } else {
            return core::Fail(
                ctx.ErrorAt(pointer + "/geometry/type", "must be \"Polygon\" or \"MultiPolygon\""));
        }
        out.push_back({line, std::move(outline)});
    }
    return out;
}

core::Result<std::vector<Department>> ParseDepartmentsCsv(std::string_view text, std::string_view source) {
    auto rows = ParseDepartmentRows(text, source);
    if (!rows) return core::Fail(rows.error());
    std::vector<Department> out;
    for (auto& r : *rows) out.push_back(std::move(r.value));
    return out;
}

core::Result<std::vector<Commune>> ParseCommunesCsv(std::string_view text, std::string_view source) {
    auto rows = ParseCommuneRows(text, source);
    if (!rows) return core::Fail(rows.error());
    std::vector<Commune> out;
    out.reserve(rows->size());
    for (auto& r : *rows) out.push_back(std::move(r.value));
    return out;
}

core::Result<std::vector<DepartmentOutline>> ParseOutlinesGeoJson(std::string_view text,
                                                                  std::string_view source) {
    auto rows = ParseOutlineFeatures(text, source);
    if (!rows) return core::Fail(rows.error());
    std::vector<DepartmentOutline> out;
    for (auto& r : *rows) out.push_back(std::move(r.value));
    return out;
}

core::Result<std::vector<CommuneCoordinates>> ParseCommuneCoordinatesCsv(std::string_view text,
                                                                         std::string_view source) {
    auto rows = ReadCsv(text, source, {"insee", "lat", "lon"}, kMaxFileBytes);
    if (!rows) return core::Fail(rows.error());
    std::vector<CommuneCoordinates> out;
    out.reserve(rows->size());
    std::unordered_map<std::string, std::size_t> seen;
    for (auto& row : *rows) {
        auto& f = row.fields;
        const std::string insee(Trimmed(f[0]));
        if (!IsInseeCode(insee)) {
            return core::Fail(
                RowError(source, row.line, "insee", fmt::format("not an INSEE code (\"{}\")", f[0])));
        }
        if (auto [it, inserted] = seen.emplace(insee, row.line); !inserted) {
            return core::Fail(
                RowError(source, row.line, "insee",
                         fmt::format("duplicate commune {} (first on line {})", insee, it->second)));
        }
        auto position = ParsePosition(f[1], f[2], source, row.line);
        if (!position) return core::Fail(position.error());
        if (!*position) return core::Fail(RowError(source, row.line, "lat", "coordinates are required"));
        out.push_back({row.line, insee, **position});
    }
    return out;
}

core::Result<Territory> ParseTerritory(const TerritorySources& sources) {
    auto departments = ParseDepartmentRows(sources.departments_csv, sources.departments_name);
    if (!departments) return core::Fail(departments.error());
    auto communes = ParseCommuneRows(sources.communes_csv, sources.communes_name);
    if (!communes) return core::Fail(communes.error());
    auto outlines = ParseOutlineFeatures(sources.outlines_geojson, sources.outlines_name);
    if (!outlines) return core::Fail(outlines.error());

    std::unordered_set<std::string> codes;
    for (const auto& d : *departments) codes.insert(d.value.code);
    for (const auto& c : *communes) {
        if (!codes.contains(c.value.department)) {
            return core::Fail(RowError(sources.communes_name, c.line, "department",
                                       fmt::format("unknown département {} (not in {})", c.value.department,
                                                   sources.departments_name)));
        }
    }
    for (const auto& o : *outlines) {
        if (!codes.contains(o.value.code)) {
            return core::Fail(RowError(
                sources.outlines_name, o.line, "code",
                fmt::format("unknown département {} (not in {})", o.value.code, sources.departments_name)));
        }
    }
    std::vector<Department> d;
    for (auto& r : *departments) d.push_back(std::move(r.value));
    std::vector<Commune> c;
    c.reserve(communes->size());
    for (auto& r : *communes) c.push_back(std::move(r.value));
    std::vector<DepartmentOutline> o;
    for (auto& r : *outlines) o.push_back(std::move(r.value));
    return Territory::Create(std::move(d), std::move(c), std::move(o));
}

// ---------------------------------------------------------------------------------------------
// Territory

core::Result<Territory> Territory::Create(std::vector<Department> departments, std::vector<Commune> communes,
                                          std::vector<DepartmentOutline> outlines) {
    Territory t;
    std::unordered_set<std::string> codes;
    for (const auto& d : departments) {
        if (d.code.empty() || d.name.empty()) {
            return core::Fail(core::Error::InvalidArgument("département with an empty code or name", "code"));
        }
        if (!codes.insert(d.code).second) {
            return core::Fail(core::Error::InvalidArgument("duplicate département " + d.code, "code"));
        }
    }
    for (const auto& c : communes) {
        if (!codes.contains(c.department) || !c.insee.starts_with(c.department)) {
            return core::Fail(core::Error::InvalidArgument(
                fmt::format("commune {}: unknown département \"{}\"", c.insee, c.department), "department"));
        }
        if (c.population < 0) {
            return core::Fail(core::Error::InvalidArgument(
                fmt::format("commune {}: negative population", c.insee), "population"));
        }
        if (c.position && !IsValidLatLon(*c.position)) {
            return core::Fail(core::Error::InvalidArgument(
                fmt::format("commune {}: invalid coordinates", c.insee), "position"));
        }
    }
    std::unordered_set<std::string> outline_codes;
    for (const auto& o : outlines) {
        if (!codes.contains(o.code) || !outline_codes.insert(o.code).second) {
            return core::Fail(core::Error::InvalidArgument(
                fmt::format("outline {}: unknown or duplicate département", o.code), "code"));
        }
    }
    std::sort(communes.begin(), communes.end(),
              [](const Commune& a, const Commune& b) { return a.insee < b.insee; });
    for (std::size_t i = 0; i < communes.size(); ++i) {
        if (!t.commune_by_insee_.emplace(communes[i].insee, i).second) {
            return core::Fail(
                core::Error::InvalidArgument("duplicate commune " + communes[i].insee, "insee"));
        }
        for (const auto& pc : communes[i].postcodes) t.communes_by_postcode_[pc].push_back(i);
        t.name_keys_.emplace_back(FoldName(communes[i].name), i);
    }
    std::sort(t.name_keys_.begin(), t.name_keys_.end());
    std::sort(departments.begin(), departments.end(),
              [](const Department& a, const Department& b) { return a.code < b.code; });
    std::sort(outlines.begin(), outlines.end(),
              [](const DepartmentOutline& a, const DepartmentOutline& b) { return a.code < b.code; });
    t.departments_ = std::move(departments);
    t.communes_ = std::move(communes);
    t.outlines_ = std::move(outlines);
    return t;
}

const Department* Territory::FindDepartment(std::string_view code) const {
    const auto it = std::lower_bound(departments_.begin(), departments_.end(), code,
                                     [](const Department& d, std::string_view c) { return d.code < c; });
    return it != departments_.end() && it->code == code ? &*it : nullptr;
}

const DepartmentOutline* Territory::FindOutline(std::string_view code) const {
    const auto it =
        std::lower_bound(outlines_.begin(), outlines_.end(), code,
                         [](const DepartmentOutline& o, std::string_view c) { return o.code < c; });
    return it != outlines_.end() && it->code == code ? &*it : nullptr;
}

const Commune* Territory::FindCommune(std::string_view insee) const {
    const auto it = commune_by_insee_.find(std::string(insee));
    return it == commune_by_insee_.end() ? nullptr : &communes_[it->second];
}

std::vector<const Commune*> Territory::FindByPostcode(std::string_view postcode) const {
    std::vector<const Commune*> out;
    const auto it = communes_by_postcode_.find(std::string(Trimmed(postcode)));
    if (it == communes_by_postcode_.end()) return out;
    for (const auto i : it->second) out.push_back(&communes_[i]);
    return out;
}

std::vector<const Commune*> Territory::CommunesOf(std::string_view department_code) const {
    std::vector<const Commune*> out;
    if (department_code.empty()) return out;
    // Communes are sorted by INSEE code, which starts with the département code.
    auto it = std::lower_bound(communes_.begin(), communes_.end(), department_code,
                               [](const Commune& c, std::string_view code) { return c.insee < code; });
    for (; it != communes_.end() && it->insee.starts_with(department_code); ++it) {
        if (it->department == department_code) out.push_back(&*it);
    }
    return out;
}

std::vector<const Commune*> Territory::SearchByName(std::string_view query, std::size_t limit) const {
    const std::string key = FoldName(query);
    std::vector<const Commune*> out;
    if (key.empty() || limit == 0) return out;
    struct Match {
        bool exact;
        const std::string* key;
        const Commune* commune;
    };
    std::vector<Match> matches;
    auto it = std::lower_bound(name_keys_.begin(), name_keys_.end(), key,
                               [](const auto& entry, const std::string& k) { return entry.first < k; });
    for (; it != name_keys_.end() && it->first.starts_with(key); ++it) {
        matches.push_back({it->first == key, &it->first, &communes_[it->second]});
    }
    const auto rank = [](const Match& m) {
        return std::make_tuple(!m.exact, -m.commune->population, std::string_view(*m.key),
                               std::string_view(m.commune->insee));
    };
    const std::size_t n = std::min(limit, matches.size());
    std::partial_sort(matches.begin(), matches.begin() + static_cast<std::ptrdiff_t>(n), matches.end(),
                      [&](const Match& a, const Match& b) { return rank(a) < rank(b); });
    for (std::size_t i = 0; i < n; ++i) out.push_back(matches[i].commune);
    return out;
}

Coverage Territory::CoverageOf(std::string_view department_code) const {
    Coverage cov;
    for (const auto& c : communes_) {
        if (!department_code.empty() && c.department != department_code) continue;
        ++cov.communes_total;
        cov.population_total += c.population;
        if (c.position) {
            ++cov.communes_with_coords;
            cov.population_with_coords += c.population;
        }
    }
    return cov;
}

CoordinatesReport Territory::ApplyCoordinates(const std::vector<CommuneCoordinates>& rows) {
    CoordinatesReport report;
    for (const auto& row : rows) {
        ++report.rows;
        const auto it = commune_by_insee_.find(row.insee);
        if (it == commune_by_insee_.end() || !IsValidLatLon(row.position)) {
            report.unknown.push_back(fmt::format("line {}: {}", row.line, row.insee));
            continue;
        }
        auto& commune = communes_[it->second];
        ++(commune.position ? report.updated : report.added);
        commune.position = row.position;
    }
    return report;
}

}  // namespace passeur::places::geo
