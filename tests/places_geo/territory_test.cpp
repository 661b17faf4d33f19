#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <core/located_json.hpp>
#include <places/geo/territory.hpp>
#include <places/geo/territory_loader.hpp>

namespace passeur::places::geo {
namespace {

constexpr std::string_view kDepartments = "code,name,region\n01,Ain,84\n2A,Corse-du-Sud,94\n55,Meuse,44\n";
constexpr std::string_view kCommunes =
    "insee,name,department,population,postcodes,lat,lon\n"
    "01004,Ambérieu-en-Bugey,01,15934,01500,45.95932,5.35160\n"
    "01001,L'Abergement-Clémenciat,01,860,01400,,\n"
    "2A004,Ajaccio,2A,74299,20000|20090,41.91886,8.73812\n"
    "55001,Abainville,55,280,55130,,\n"
    "55002,\"Saint-Étienne, le Bourg\",55,100,55130|55400,48.5,5.5\n"
    "55003,Sainte-Œuvre,55,50,,48.6,5.6\n";
constexpr std::string_view kOutlines =
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"01\",\"name\":\"Ain\"},\"geometry\":{\"type\":"
    "\"Polygon\","
    "\"coordinates\":[[[5,46],[6,46],[6,47],[5,46]]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"55\",\"name\":\"Meuse\"},\"geometry\":{\"type\":"
    "\"MultiPolygon\",\"coordinates\":[[[[5,48],[6,48],[6,49],[5,48]]]]}}\n"
    "]}\n";

TerritorySources Sources(std::string_view departments, std::string_view communes, std::string_view outlines) {
    TerritorySources s;
    s.departments_csv = departments;
    s.communes_csv = communes;
    s.outlines_geojson = outlines;
    return s;
}

std::string ErrorOf(std::string_view departments, std::string_view communes, std::string_view outlines) {
    auto t = ParseTerritory(Sources(departments, communes, outlines));
    return t ? std::string("(no error)") : t.error().message;
}

TEST(places_geo_territory, ParsesAndLooksUp) {
    auto t = ParseTerritory(Sources(kDepartments, kCommunes, kOutlines));
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(t->departments().size(), 3u);
    EXPECT_EQ(t->communes().size(), 6u);
    EXPECT_EQ(t->communes().front().insee, "01001");  // sorted by INSEE code
    const auto* amberieu = t->FindCommune("01004");
    ASSERT_NE(amberieu, nullptr);
    EXPECT_EQ(amberieu->population, 15934);
    ASSERT_TRUE(amberieu->position);
    EXPECT_DOUBLE_EQ(amberieu->position->lat, 45.95932);
    EXPECT_FALSE(t->FindCommune("01001")->position);
    EXPECT_EQ(t->FindCommune("55002")->name, "Saint-Étienne, le Bourg");
    EXPECT_EQ(t->FindCommune("99999"), nullptr);

    const auto by_postcode = t->FindByPostcode("55130");
    ASSERT_EQ(by_postcode.size(), 2u);
    EXPECT_EQ(by_postcode[0]->insee, "55001");
    EXPECT_EQ(by_postcode[1]->insee, "55002");
    EXPECT_EQ(t->FindByPostcode("20090").front()->insee, "2A004");
    EXPECT_TRUE(t->FindByPostcode("75001").empty());

    const auto meuse = t->CommunesOf("55");
    ASSERT_EQ(meuse.size(), 3u);
    EXPECT_TRUE(t->CommunesOf("5").empty());
    EXPECT_EQ(t->CommunesOf("2A").size(), 1u);
    EXPECT_EQ(t->FindDepartment("2A")->name, "Corse-du-Sud");
    EXPECT_NE(t->FindOutline("55"), nullptr);
    EXPECT_EQ(t->FindOutline("2A"), nullptr);
    EXPECT_EQ(t->FindOutline("55")->polygons.size(), 1u);

    const auto cov = t->CoverageOf("55");
    EXPECT_EQ(cov.communes_total, 3);
    EXPECT_EQ(cov.communes_with_coords, 2);
    EXPECT_EQ(cov.population_total, 430);
    EXPECT_EQ(cov.population_with_coords, 150);
    EXPECT_EQ(t->CoverageOf().communes_total, 6);
}

TEST(places_geo_territory, NameSearchIgnoresCaseAccentsAndPunctuation) {
    auto t = ParseTerritory(Sources(kDepartments, kCommunes, kOutlines));
    ASSERT_TRUE(t);
    EXPECT_EQ(FoldName("L'Haÿ-les-Roses"), "l hay les roses");
    EXPECT_EQ(FoldName("  Sainte-Œuvre  "), "sainte oeuvre");
    EXPECT_EQ(FoldName("Saint\xE2\x80\x99Étienne"), "saint etienne");  // typographic apostrophe
    auto names = [&](std::string_view q, std::size_t limit = 10) {
        std::vector<std::string> out;
        for (const auto* c : t->SearchByName(q, limit)) out.push_back(c->insee);
        return out;
    };
    EXPECT_EQ(names("amberieu"), std::vector<std::string>{"01004"});
    EXPECT_EQ(names("AMBÉRIEU-EN"), std::vector<std::string>{"01004"});
    EXPECT_EQ(names("saint etienne"), std::vector<std::string>{"55002"});
    EXPECT_EQ(names("sainte oe"), std::vector<std::string>{"55003"});
    EXPECT_EQ(names("l abergement"), std::vector<std::string>{"01001"});
    // Prefix "a": ordered by population.
    EXPECT_EQ(names("a"), (std::vector<std::string>{"2A004", "01004", "55001"}));
    EXPECT_EQ(names("a", 1), std::vector<std::string>{"2A004"});
    EXPECT_TRUE(names("  -' ").empty());
    EXPECT_TRUE(names("zzz").empty());
}

TEST(places_geo_territory, ErrorsNameFileAndLine) {
    EXPECT_EQ(ErrorOf(kDepartments, "insee,name,department,population,postcodes,lat,lon\n01004,A,01,x,,,\n",
                      kOutlines),
              "communes.csv:2: population: not a non-negative integer (\"x\")");
    EXPECT_EQ(
        ErrorOf(kDepartments, "insee,name,department,population,postcodes,lat,lon\n\n01004,A,01,1,,91,5\n",
                kOutlines),
        "communes.csv:3: lat: not a latitude in [-90, 90] (\"91\")");
    EXPECT_EQ(ErrorOf(kDepartments, "insee,name,department,population,postcodes,lat,lon\n01004,A,01,1,,45,\n",
                      kOutlines),
              "communes.csv:2: lon: lat and lon must be both given or both empty");
    EXPECT_EQ(ErrorOf(kDepartments,
                      "insee,name,department,population,postcodes,lat,lon\n01004,A,01,1,1500,,\n", kOutlines),
              "communes.csv:2: postcodes: not a 5-digit postcode (\"1500\")");
    EXPECT_EQ(
        ErrorOf(kDepartments,
                "insee,name,department,population,postcodes,lat,lon\n01004,A,01,1,,,\n01004,B,01,1,,,\n",
                kOutlines),
        "communes.csv:3: insee: duplicate commune 01004 (first on line 2)");
    EXPECT_EQ(ErrorOf(kDepartments, "insee,name,department,population,postcodes,lat,lon\n02004,A,02,1,,,\n",
                      kOutlines),
              "communes.csv:2: department: unknown département 02 (not in departments.csv)");
    EXPECT_EQ(ErrorOf(kDepartments, "insee,name,department,population,postcodes,lat,lon\n01004,A,55,1,,,\n",
                      kOutlines),
              "communes.csv:2: department: \"55\" is not the département of commune 01004");
    EXPECT_EQ(ErrorOf(kDepartments, "insee,name,department,population,postcodes,lat,lon\n01004,\"A,01,1,,,\n",
                      kOutlines),
              "communes.csv:2: unterminated quoted field (quoted fields cannot span lines)");
    EXPECT_EQ(ErrorOf(kDepartments, "insee,name,department,population,postcodes,lat,lon\n01004,A,01,1,,\n",
                      kOutlines),
              "communes.csv:2: expected 7 fields, got 6");
    EXPECT_EQ(ErrorOf(kDepartments, "insee,nom\n", kOutlines),
              "communes.csv:1: header must be \"insee,name,department,population,postcodes,lat,lon\" (got "
              "\"insee,nom\")");
    EXPECT_EQ(ErrorOf(kDepartments,
                      "insee,name,department,population,postcodes,lat,lon\n01004,\xFF,01,1,,,\n", kOutlines),
              "communes.csv:2: invalid UTF-8 (the file must be UTF-8)");
    EXPECT_EQ(ErrorOf("code,name,region\n01,Ain,84\n01,Ain bis,84\n", kCommunes, kOutlines),
              "departments.csv:3: code: duplicate département 01 (first on line 2)");
    EXPECT_EQ(ErrorOf(kDepartments, kCommunes,
                      "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\"}]}"),
              "departments.geojson:2: /features/0/properties: a \"code\" string property is required");
    EXPECT_EQ(
        ErrorOf(kDepartments, kCommunes,
                "{\"type\":\"FeatureCollection\",\"features\":[\n{\"properties\":{\"code\":\"01\"},\n"
                "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[5,46],[6,46],\n[6,47],[5,46.5]]]}}]}"),
        "departments.geojson:3: /features/0/geometry/coordinates/0: a ring must be closed (last position = "
        "first)");
    EXPECT_EQ(
        ErrorOf(kDepartments, kCommunes,
                "{\"type\":\"FeatureCollection\",\"features\":[\n{\"properties\":{\"code\":\"76\"},"
                "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[5,46],[6,46],[6,47],[5,46]]]}}]}"),
        "departments.geojson:2: code: unknown département 76 (not in departments.csv)");
    EXPECT_EQ(ErrorOf(kDepartments, kCommunes, "{\"type\":\"FeatureCollection\",\n\"features\":[}"),
              "departments.geojson:2: " +
                  core::ParseLocatedJson("{\"type\":\"FeatureCollection\",\n\"features\":[}", {1000, 16})
                      .error()
                      .message);
}

TEST(places_geo_territory, BomAndCrlfAccepted) {
    const std::string communes =
        "\xEF\xBB\xBFinsee,name,department,population,postcodes,lat,lon\r\n01004,A,01,1,01500,45.9,5.3\r\n";
    auto parsed = ParseCommunesCsv(communes, "c.csv");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->at(0).position->lon, 5.3);
}

class TempFile {
public:
    explicit TempFile(std::string_view content)
        : path_((std::filesystem::temp_directory_path() /
                 ("passeur_geo_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".csv"))
                    .string()) {
        std::ofstream(path_, std::ios::binary) << content;
    }
    ~TempFile() { std::remove(path_.c_str()); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

TEST(places_geo_territory, LoadCommuneCoordinatesOverridesAndExtends) {
    auto t = ParseTerritory(Sources(kDepartments, kCommunes, kOutlines));
    ASSERT_TRUE(t);
    const TempFile file("insee,lat,lon\n01001,46.15,4.92\n01004,45.96,5.36\n97501,46.78,-56.17\n");
    auto report = LoadCommuneCoordinates(*t, file.path());
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->rows, 3u);
    EXPECT_EQ(report->added, 1u);
    EXPECT_EQ(report->updated, 1u);
    EXPECT_EQ(report->unknown, std::vector<std::string>{"line 4: 97501"});
    EXPECT_EQ(t->FindCommune("01001")->position, (LatLon{46.15, 4.92}));
    EXPECT_EQ(t->FindCommune("01004")->position, (LatLon{45.96, 5.36}));
    EXPECT_EQ(t->CoverageOf("01").communes_with_coords, 2);

    const TempFile bad("insee,lat,lon\n01001,46.15,4.92\n55001,,5\n");
    auto failed = LoadCommuneCoordinates(*t, bad.path());
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().message, bad.path() + ":3: lat: lat and lon must be both given or both empty");
    EXPECT_FALSE(t->FindCommune("55001")->position);  // nothing applied

    auto missing = LoadCommuneCoordinates(*t, "/nonexistent/coords.csv");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "/nonexistent/coords.csv: cannot open the file");
}

// The shipped data/geo files (built by data/geo/build.mjs).
TEST(places_geo_territory, RealDataFiles) {
    auto t = LoadTerritory(PASSEUR_GEO_TEST_DATA_DIR);
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(t->departments().size(), 101u);
    EXPECT_EQ(t->outlines().size(), 101u);
    EXPECT_NEAR(static_cast<double>(t->communes().size()), 34900.0, 100.0);
    const auto cov = t->CoverageOf();
    EXPECT_GE(cov.communes_with_coords, 14000);
    // 68.35 M in the 101 départements (68.95 M with the overseas collectivities, left out).
    EXPECT_NEAR(static_cast<double>(cov.population_total), 68.35e6, 0.3e6);
    EXPECT_GT(static_cast<double>(cov.population_with_coords) / static_cast<double>(cov.population_total),
              0.85);
    for (const auto& d : t->departments()) {
        EXPECT_FALSE(t->CommunesOf(d.code).empty()) << d.code;
        EXPECT_NE(t->FindOutline(d.code), nullptr) << d.code;
    }
    const auto* paris = t->FindCommune("75056");
    ASSERT_NE(paris, nullptr);
    ASSERT_TRUE(paris->position);
    EXPECT_NEAR(paris->position->lat, 48.85, 0.05);
    EXPECT_EQ(t->FindByPostcode("75011").front()->insee, "75056");
    ASSERT_FALSE(t->SearchByName("saint etienne", 5).empty());
    EXPECT_EQ(t->SearchByName("saint etienne", 5).front()->insee, "42218");
    EXPECT_EQ(t->SearchByName("marseille", 1).front()->insee, "13055");
    EXPECT_EQ(t->FindDepartment("974")->name, "La Réunion");
    EXPECT_EQ(t->FindDepartment("77")->name, "Seine-et-Marne");  // not Natural Earth's typo
}

}  // namespace
}  // namespace passeur::places::geo
