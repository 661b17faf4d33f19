// `passeur places import|export|white-zones` on a fresh SQLite file.
#include "places/commands.hpp"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "store_fixture.hpp"
#include "support/command_run.hpp"
#include <unistd.h>

namespace passeur::places::testing {
namespace {

class PlacesCommands : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("passeur_places_cmd_" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        env_.default_db = "sqlite:" + (dir_ / "places.db").string();
        env_.data_dir = PASSEUR_PLACES_DATA_DIR;
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    using Run = passeur::testing::CommandRun;
    Run Invoke(std::vector<std::string> args) {
        return passeur::testing::RunCommand([this](CLI::App& app) { return AddPlacesCommands(app, env_); },
                                            args);
    }

    std::string Write(const std::string& name, const std::string& text) {
        auto path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

    std::filesystem::path dir_;
    core::CommandEnv env_;
};

TEST_F(PlacesCommands, ImportExportRoundTrip) {
    const std::string demo = std::string(PASSEUR_PLACES_DATA_DIR) + "/places/demo-35.csv";
    auto imported = Invoke({"places", "import", demo});
    ASSERT_EQ(imported.code, 0) << imported.err;
    EXPECT_NE(imported.out.find("40 acceptées (40 créées"), std::string::npos) << imported.out;

    auto again = Invoke({"places", "import", demo});
    ASSERT_EQ(again.code, 0);
    EXPECT_NE(again.out.find("40 inchangées"), std::string::npos) << again.out;

    auto csv = Invoke({"places", "export", "--format", "csv"});
    ASSERT_EQ(csv.code, 0) << csv.err;
    auto from_csv = ImportPlaces(csv.out);
    ASSERT_TRUE(from_csv);
    auto original = ImportPlaces(ReadFile(demo));
    ASSERT_TRUE(original);
    EXPECT_EQ(from_csv->places, original->places);
    EXPECT_EQ(csv.out, ExportCsv(original->places));

    auto json = Invoke({"places", "export", "--format", "json", "--department", "35"});
    ASSERT_EQ(json.code, 0);
    EXPECT_EQ(json.out, ExportJson(original->places));
    EXPECT_EQ(Invoke({"places", "export", "--format", "xml"}).code, 2);
}

TEST_F(PlacesCommands, ImportReportsRejectedRowsAndFails) {
    const std::string path = Write("bad.csv", MiniCsvHeader() + MiniCsvRow("x1", "", "48.1", "-1.6") +
                                                  MiniCsvRow("x2", "Lieu", "48.1", "-1.6", "Cuisine"));
    auto run = Invoke({"places", "import", path});
    EXPECT_EQ(run.code, 1);
    EXPECT_NE(run.err.find(path + ":2: nom: "), std::string::npos) << run.err;
    EXPECT_NE(run.err.find(path + ":3: services: "), std::string::npos) << run.err;

    const std::string half = Write("half.csv", MiniCsvHeader() + MiniCsvRow("ok", "Lieu", "48.1", "-1.6") +
                                                   MiniCsvRow("ko", "", "48.1", "-1.6"));
    auto partly = Invoke({"places", "import", half});
    EXPECT_EQ(partly.code, 0);
    EXPECT_NE(partly.err.find(half + ":3: nom: "), std::string::npos) << partly.err;
    EXPECT_EQ(Invoke({"places", "import", (dir_ / "missing.csv").string()}).code, 1);
}

TEST_F(PlacesCommands, WhiteZonesJsonAndSummary) {
    ASSERT_EQ(Invoke({"places", "import", std::string(PASSEUR_PLACES_DATA_DIR) + "/places/demo-35.csv"}).code,
              0);
    auto run = Invoke({"places", "white-zones", "--department", "35", "--km", "10", "--json"});
    ASSERT_EQ(run.code, 0) << run.err;
    auto j = nlohmann::json::parse(run.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << run.out;
    for (const char* key : {"communes_total", "communes_with_coords", "population_with_coords",
                            "population_beyond", "share_beyond", "communes_beyond"}) {
        EXPECT_TRUE(j.contains(key)) << key;
    }
    EXPECT_EQ(j["places"], 40);
    const double share = j["share_beyond"].get<double>();
    EXPECT_GE(share, 0.0);
    EXPECT_LE(share, 1.0);

    auto text = Invoke(
        {"places", "white-zones", "--department", "35", "--service", "Aide aux démarches administratives"});
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_NE(text.out.find("Zones blanches — département 35"), std::string::npos) << text.out;
    EXPECT_EQ(Invoke({"places", "white-zones", "--department", "35", "--service", "Cuisine"}).code, 2);
    EXPECT_EQ(Invoke({"places", "white-zones", "--department", "99"}).code, 1);

    // An operator's coordinates file: a commune without coordinates gets some.
    const std::string coords = Write("coords.csv", "insee,lat,lon\n35251,48.2580,-1.6020\n");
    auto with = Invoke({"places", "white-zones", "--department", "35", "--json", "--coordinates", coords});
    ASSERT_EQ(with.code, 0) << with.err;
    auto k = nlohmann::json::parse(with.out);
    EXPECT_EQ(k["communes_with_coords"].get<int>(), j["communes_with_coords"].get<int>() + 1);
}

}  // namespace
}  // namespace passeur::places::testing
