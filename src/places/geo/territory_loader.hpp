// Reading the territory files from disk (the only I/O of passeur_places_geo).
#pragma once

#include <string>

#include <core/result.hpp>
#include <places/geo/territory.hpp>

namespace passeur::places::geo {

// Reads `geo_dir`/departments.csv, communes.csv and departments.geojson (normally
// <data dir>/geo, see core::CommandEnv::data_dir) and parses them with ParseTerritory; errors
// name the full path and line ("/srv/data/geo/communes.csv:12: population: ...").
// A missing or unreadable file is InvalidArgument naming the path.
core::Result<Territory> LoadTerritory(const std::string& geo_dir);

// Reads an operator's complete coordinates file (header `insee,lat,lon`; docs/formats/geodata.md)
// and applies it to `territory`: listed communes get these coordinates (replacing GeoNames'),
// others keep theirs. On a malformed file nothing is applied and the error names path:line.
core::Result<CoordinatesReport> LoadCommuneCoordinates(Territory& territory, const std::string& path);

}  // namespace passeur::places::geo
