#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include <places/geo/territory_loader.hpp>

namespace passeur::places::geo {

namespace {

constexpr std::streamoff kMaxFileBytes = 64 << 20;

core::Result<std::string> ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::Fail(core::Error::InvalidArgument(fmt::format("{}: cannot open the file", path)));
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0)
        return core::Fail(core::Error::InvalidArgument(fmt::format("{}: cannot read the file", path)));
    if (size > kMaxFileBytes) {
        return core::Fail(core::Error::InvalidArgument(
            fmt::format("{}: file too large ({} bytes, at most {})", path, size, kMaxFileBytes)));
    }
    in.seekg(0, std::ios::beg);
    std::string text(static_cast<std::size_t>(size), '\0');
    if (!in.read(text.data(), size)) {
        return core::Fail(core::Error::InvalidArgument(fmt::format("{}: cannot read the file", path)));
    }
    return text;
}

}  // namespace

core::Result<Territory> LoadTerritory(const std::string& geo_dir) {
    const std::string departments_path = geo_dir + "/departments.csv";
    const std::string communes_path = geo_dir + "/communes.csv";
    const std::string outlines_path = geo_dir + "/departments.geojson";
    auto departments = ReadFile(departments_path);
    if (!departments) return core::Fail(departments.error());
    auto communes = ReadFile(communes_path);
    if (!communes) return core::Fail(communes.error());
    auto outlines = ReadFile(outlines_path);
    if (!outlines) return core::Fail(outlines.error());
    TerritorySources sources;
    sources.departments_csv = *departments;
    sources.departments_name = departments_path;
    sources.communes_csv = *communes;
    sources.communes_name = communes_path;
    sources.outlines_geojson = *outlines;
    sources.outlines_name = outlines_path;
    return ParseTerritory(sources);
}

core::Result<CoordinatesReport> LoadCommuneCoordinates(Territory& territory, const std::string& path) {
    auto text = ReadFile(path);
    if (!text) return core::Fail(text.error());
    auto rows = ParseCommuneCoordinatesCsv(*text, path);
    if (!rows) return core::Fail(rows.error());
    return territory.ApplyCoordinates(*rows);
}

}  // namespace passeur::places::geo
