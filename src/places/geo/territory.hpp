// French territory reference data: départements, communes (population, postcodes, coordinates)
// and département outlines, with the lookups the "trouver un lieu" page and the zones blanches
// need. Files and their derivation: docs/formats/geodata.md. Parsing from text is pure (this
// header); reading the files is in territory_loader.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <core/result.hpp>
#include <places/geo/geo_point.hpp>

namespace passeur::places::geo {

struct Department {
    std::string code;    // INSEE code: "01".."95", "2A", "2B", "971".."976"
    std::string name;    // "Ain", "Corse-du-Sud", "La Réunion"
    std::string region;  // INSEE region code: "84"
};

struct Commune {
    std::string insee;       // INSEE code (5 characters), unique
    std::string name;        // official name, UTF-8
    std::string department;  // code of its département (a prefix of `insee`)
    std::int64_t population = 0;
    std::vector<std::string> postcodes;  // 5-digit postcodes, sorted
    std::optional<LatLon> position;      // nullopt when no source gives its coordinates
};

// A polygon is an outer ring followed by its holes; each ring is closed (first point == last).
using Ring = std::vector<LatLon>;
using Polygon = std::vector<Ring>;

struct DepartmentOutline {
    std::string code;
    std::vector<Polygon> polygons;  // a MultiPolygon
};

// Counts over a set of communes; "with coordinates" is what any distance figure can cover.
struct Coverage {
    std::int64_t communes_total = 0;
    std::int64_t communes_with_coords = 0;
    std::int64_t population_total = 0;
    std::int64_t population_with_coords = 0;
};

// One row of an operator's coordinates file (insee,lat,lon); `line` is its 1-based line number.
struct CommuneCoordinates {
    std::size_t line = 0;
    std::string insee;
    LatLon position;
};

// What ApplyCoordinates changed.
struct CoordinatesReport {
    std::size_t rows = 0;     // data rows read
    std::size_t updated = 0;  // communes that had coordinates, now replaced
    std::size_t added = 0;    // communes that had none
    // "line 12: 97501" for every row whose INSEE code is not a current commune of the territory
    // (overseas collectivities, former communes): ignored, listed so the operator can check.
    std::vector<std::string> unknown;
};

// Immutable lookups over a validated set of départements, communes and outlines, except for
// ApplyCoordinates. Pointers returned stay valid as long as the Territory lives (moves included).
// Not synchronised: apply coordinates before sharing it between threads.
class Territory {
public:
    Territory() = default;

    // Checks references and uniqueness: département codes unique and non-empty; commune INSEE
    // codes unique, each commune's département known and a prefix of its code; population ≥ 0;
    // outline codes known and unique. Communes are sorted by INSEE code.
    static core::Result<Territory> Create(std::vector<Department> departments, std::vector<Commune> communes,
                                          std::vector<DepartmentOutline> outlines);

    const std::vector<Department>& departments() const { return departments_; }
    const std::vector<Commune>& communes() const { return communes_; }
    const std::vector<DepartmentOutline>& outlines() const { return outlines_; }

    const Department* FindDepartment(std::string_view code) const;
    const DepartmentOutline* FindOutline(std::string_view department_code) const;
    const Commune* FindCommune(std::string_view insee) const;
    // Communes served by a postcode (often several), by INSEE code. Empty when unknown.
    std::vector<const Commune*> FindByPostcode(std::string_view postcode) const;
    // Communes of a département, by INSEE code.
    std::vector<const Commune*> CommunesOf(std::string_view department_code) const;

    // Communes whose name starts with `query`, ignoring case, accents and punctuation
    // ("st-etienne" does not match "Saint-Étienne"; "saint etienne" does). Exact matches
    // first, then by decreasing population, then by name key and INSEE code; at most `limit`.
    // A query that folds to nothing returns nothing.
    std::vector<const Commune*> SearchByName(std::string_view query, std::size_t limit) const;

    // Coverage of all communes, or of one département's when `department_code` is not empty.
    Coverage CoverageOf(std::string_view department_code = {}) const;

    // Sets the coordinates of the listed communes (later rows win); see CoordinatesReport.
    CoordinatesReport ApplyCoordinates(const std::vector<CommuneCoordinates>& rows);

private:
    std::vector<Department> departments_;
    std::vector<Commune> communes_;
    std::vector<DepartmentOutline> outlines_;
    std::unordered_map<std::string, std::size_t> commune_by_insee_;
    std::unordered_map<std::string, std::vector<std::size_t>> communes_by_postcode_;
    std::vector<std::pair<std::string, std::size_t>> name_keys_;  // (folded name, commune), sorted
};

// Search key of a name: marks stripped, lowercase, œ/æ expanded, every character that is not a
// letter or digit (hyphen, apostrophe, space...) turned into one space, trimmed.
// "L'Haÿ-les-Roses" -> "l hay les roses".
std::string FoldName(std::string_view name);

// Parsers of the data/geo files (docs/formats/geodata.md). `source` names the text in errors,
// which read "source:line: column: what was wrong" (InvalidArgument, field = the column).
// Inputs over 64 MiB are refused. A leading UTF-8 BOM and CRLF line ends are accepted.
core::Result<std::vector<Department>> ParseDepartmentsCsv(std::string_view text, std::string_view source);
core::Result<std::vector<Commune>> ParseCommunesCsv(std::string_view text, std::string_view source);
core::Result<std::vector<DepartmentOutline>> ParseOutlinesGeoJson(std::string_view text,
                                                                  std::string_view source);
// An operator's coordinates file: header `insee,lat,lon`, one commune per row.
core::Result<std::vector<CommuneCoordinates>> ParseCommuneCoordinatesCsv(std::string_view text,
                                                                         std::string_view source);

// The three data files as text, with the names to use in errors ("data/geo/communes.csv").
struct TerritorySources {
    std::string_view departments_csv;
    std::string_view departments_name = "departments.csv";
    std::string_view communes_csv;
    std::string_view communes_name = "communes.csv";
    std::string_view outlines_geojson;
    std::string_view outlines_name = "departments.geojson";
};

// Parses the three files and checks that every commune and outline refers to a listed
// département (errors "communes.csv:L: department: unknown département 99 ...").
core::Result<Territory> ParseTerritory(const TerritorySources& sources);

}  // namespace passeur::places::geo
