#include <cmath>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <places/geo/white_zones.hpp>

namespace passeur::places::geo {
namespace {

struct Fixture {
    std::vector<Commune> communes;
    std::vector<IndexedPoint> places;
    std::vector<const Commune*> Pointers() const {
        std::vector<const Commune*> out;
        for (const auto& c : communes) out.push_back(&c);
        return out;
    }
};

Fixture RandomFixture(std::uint64_t seed, std::size_t communes, std::size_t places) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> lat(48.0, 49.2), lon(4.8, 6.0);
    std::uniform_int_distribution<std::int64_t> pop(0, 5000);
    Fixture f;
    for (std::size_t i = 0; i < communes; ++i) {
        Commune c;
        c.insee = fmt::format("55{:03}", i);
        c.name = "Commune " + std::to_string(i);
        c.department = "55";
        c.population = pop(rng);
        if (i % 5 != 4) c.position = LatLon{lat(rng), lon(rng)};  // one in five without coordinates
        f.communes.push_back(c);
    }
    // Places spread wider than the communes: some across the border count too.
    std::uniform_real_distribution<double> plat(47.5, 49.7), plon(4.3, 6.5);
    for (std::size_t i = 0; i < places; ++i) f.places.push_back({i * 3 % 1000, {plat(rng), plon(rng)}});
    return f;
}

void ExpectSame(const WhiteZonesReport& a, const WhiteZonesReport& b) {
    ASSERT_EQ(a.communes.size(), b.communes.size());
    for (std::size_t i = 0; i < a.communes.size(); ++i) {
        EXPECT_EQ(a.communes[i].commune, b.communes[i].commune);
        EXPECT_EQ(a.communes[i].nearest_km, b.communes[i].nearest_km) << i;
        EXPECT_EQ(a.communes[i].nearest_place, b.communes[i].nearest_place) << i;
    }
    ASSERT_EQ(a.thresholds.size(), b.thresholds.size());
    for (std::size_t i = 0; i < a.thresholds.size(); ++i) {
        const auto& x = a.thresholds[i];
        const auto& y = b.thresholds[i];
        EXPECT_EQ(x.km, y.km);
        EXPECT_EQ(x.communes_total, y.communes_total);
        EXPECT_EQ(x.communes_with_coords, y.communes_with_coords);
        EXPECT_EQ(x.population_total, y.population_total);
        EXPECT_EQ(x.population_with_coords, y.population_with_coords);
        EXPECT_EQ(x.population_beyond, y.population_beyond);
        EXPECT_EQ(x.share_beyond, y.share_beyond);
        EXPECT_EQ(x.communes_beyond, y.communes_beyond);
    }
    EXPECT_EQ(a.communes_without_coords, b.communes_without_coords);
    EXPECT_EQ(a.population_uncovered, b.population_uncovered);
    ASSERT_EQ(a.suggestions.size(), b.suggestions.size());
    for (std::size_t i = 0; i < a.suggestions.size(); ++i) {
        EXPECT_EQ(a.suggestions[i].commune, b.suggestions[i].commune) << i;
        EXPECT_EQ(a.suggestions[i].population_added, b.suggestions[i].population_added) << i;
        EXPECT_EQ(a.suggestions[i].communes_added, b.suggestions[i].communes_added) << i;
    }
}

class WhiteZonesRandom : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(WhiteZonesRandom, EqualsBruteForce) {
    for (const std::size_t places : {0u, 3u, 40u, 400u}) {
        const auto f = RandomFixture(GetParam(), 500, places);
        WhiteZonesOptions options;
        options.greedy_sites = 8;
        options.greedy_km = places < 10 ? 8.0 : 5.0;
        const SpatialIndex index(f.places);
        auto fast = ComputeWhiteZones(f.Pointers(), index, options);
        auto slow = BruteForceWhiteZones(f.Pointers(), f.places, options);
        ASSERT_TRUE(fast && slow);
        ExpectSame(*fast, *slow);
        EXPECT_EQ(fast->thresholds[0].communes_total, 500);
        EXPECT_EQ(fast->thresholds[0].communes_with_coords, 400);
        EXPECT_EQ(fast->communes_without_coords.size(), 100u);
        if (places <= 3) {
            EXPECT_FALSE(fast->suggestions.empty());
        }
        // More distance, fewer people beyond.
        EXPECT_GE(fast->thresholds[0].population_beyond, fast->thresholds[1].population_beyond);
        EXPECT_GE(fast->thresholds[1].population_beyond, fast->thresholds[2].population_beyond);
    }
}

INSTANTIATE_TEST_SUITE_P(places_geo_seeds, WhiteZonesRandom, ::testing::Values(1u, 9u, 77u));

Commune MakeCommune(std::string insee, std::int64_t population, std::optional<LatLon> position) {
    Commune c;
    c.insee = std::move(insee);
    c.name = "C" + c.insee;
    c.department = "55";
    c.population = population;
    c.position = position;
    return c;
}

// One degree of latitude is 111.195 km: communes on a meridian at known distances.
LatLon AtKm(double km) { return {48.0 + km / 111.19508, 5.0}; }

TEST(places_geo_white_zones, HandMadeFiguresAndGreedy) {
    // A place at km 0. Communes at km 1.5, 7, 12.5, 30, 33, 60, and one without coordinates.
    std::vector<Commune> communes = {
        MakeCommune("55001", 1000, AtKm(1.5)),  MakeCommune("55002", 200, AtKm(7)),
        MakeCommune("55003", 300, AtKm(12.5)),  MakeCommune("55004", 400, AtKm(30)),
        MakeCommune("55005", 500, AtKm(33)),    MakeCommune("55006", 2000, AtKm(60)),
        MakeCommune("55007", 50, std::nullopt),
    };
    std::vector<const Commune*> pointers;
    for (const auto& c : communes) pointers.push_back(&c);
    const SpatialIndex places(std::vector<IndexedPoint>{{42, AtKm(0)}});
    WhiteZonesOptions options;
    options.greedy_km = 5;
    options.greedy_sites = 3;
    auto report = ComputeWhiteZones(pointers, places, options);
    ASSERT_TRUE(report) << report.error().message;

    EXPECT_NEAR(*report->communes[1].nearest_km, 7.0, 1e-3);
    EXPECT_EQ(report->communes[1].nearest_place, 42u);
    EXPECT_FALSE(report->communes[6].nearest_km);
    const auto* f10 = report->FiguresFor(10);
    ASSERT_NE(f10, nullptr);
    EXPECT_EQ(f10->communes_total, 7);
    EXPECT_EQ(f10->communes_with_coords, 6);
    EXPECT_EQ(f10->population_total, 4450);
    EXPECT_EQ(f10->population_with_coords, 4400);
    EXPECT_EQ(f10->population_beyond, 3200);
    EXPECT_DOUBLE_EQ(*f10->share_beyond, 3200.0 / 4400.0);
    EXPECT_EQ(f10->communes_beyond, (std::vector<std::string>{"55003", "55004", "55005", "55006"}));
    EXPECT_EQ(report->FiguresFor(5)->population_beyond, 3400);
    EXPECT_EQ(report->communes_without_coords, std::vector<std::string>{"55007"});
    EXPECT_EQ(report->FiguresFor(7.5), nullptr);

    // Uncovered at 5 km: 55002..55006. Greedy: 55006 alone (2000) first; then a site at 55004 or
    // 55005 covers both (900): 55004 comes first in input order; then 55002 (200) vs 55003 (300)
    // — 5.5 km apart, each covers only itself: 55003.
    EXPECT_EQ(report->population_uncovered, 3400);
    ASSERT_EQ(report->suggestions.size(), 3u);
    EXPECT_EQ(report->suggestions[0].commune->insee, "55006");
    EXPECT_EQ(report->suggestions[0].population_added, 2000);
    EXPECT_EQ(report->suggestions[1].commune->insee, "55004");
    EXPECT_EQ(report->suggestions[1].population_added, 900);
    EXPECT_EQ(report->suggestions[1].communes_added, 2);
    EXPECT_EQ(report->suggestions[2].commune->insee, "55003");
    EXPECT_EQ(report->suggestions[2].population_added, 300);

    auto json = WhiteZonesToJson(*report, 10, "55");
    ASSERT_TRUE(json);
    EXPECT_EQ((*json)["department"], "55");
    EXPECT_EQ((*json)["communes_total"], 7);
    EXPECT_EQ((*json)["communes_with_coords"], 6);
    EXPECT_EQ((*json)["population_with_coords"], 4400);
    EXPECT_EQ((*json)["population_beyond"], 3200);
    EXPECT_DOUBLE_EQ((*json)["share_beyond"].get<double>(), 3200.0 / 4400.0);
    EXPECT_EQ((*json)["communes_beyond"], nlohmann::json({"55003", "55004", "55005", "55006"}));
    EXPECT_EQ((*json)["communes_without_coords"], nlohmann::json({"55007"}));
    EXPECT_EQ((*json)["communes"][6]["distance_km"], nullptr);
    EXPECT_EQ((*json)["greedy"]["sites"][0]["insee"], "55006");
    EXPECT_EQ((*json)["thresholds"].size(), 3u);
    EXPECT_FALSE(WhiteZonesToJson(*report, 12));
}

TEST(places_geo_white_zones, NoPlacesAndNoCoordinates) {
    std::vector<Commune> communes = {MakeCommune("55001", 10, std::nullopt)};
    std::vector<const Commune*> pointers = {&communes[0]};
    auto report = ComputeWhiteZones(pointers, SpatialIndex(), {});
    ASSERT_TRUE(report);
    EXPECT_FALSE(report->thresholds[0].share_beyond);  // no population with coordinates
    auto json = WhiteZonesToJson(*report, 5);
    ASSERT_TRUE(json);
    EXPECT_EQ((*json)["share_beyond"], nullptr);
}

TEST(places_geo_white_zones, OptionsValidated) {
    WhiteZonesOptions options;
    options.thresholds_km = {};
    EXPECT_FALSE(ComputeWhiteZones({}, SpatialIndex(), options));
    options.thresholds_km = {5, -1};
    EXPECT_FALSE(ComputeWhiteZones({}, SpatialIndex(), options));
    options.thresholds_km = {5};
    options.greedy_km = std::nan("");
    EXPECT_FALSE(ComputeWhiteZones({}, SpatialIndex(), options));
    options.greedy_km = 5;
    options.greedy_sites = 1000;
    auto r = ComputeWhiteZones({}, SpatialIndex(), options);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "greedy_sites");
}

}  // namespace
}  // namespace passeur::places::geo
