#include <random>

#include <gtest/gtest.h>

#include <places/geo/spatial_index.hpp>

namespace passeur::places::geo {
namespace {

// Random points in a box, with some exact duplicates and shared ids to exercise the ties.
std::vector<IndexedPoint> RandomPoints(std::mt19937_64& rng, std::size_t n, double lat0, double lat1,
                                       double lon0, double lon1) {
    std::uniform_real_distribution<double> lat(lat0, lat1);
    std::uniform_real_distribution<double> lon(lon0, lon1);
    std::vector<IndexedPoint> points;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && i % 17 == 0) {
            points.push_back({i, points[i / 2].position});  // same place as another point
        } else if (i > 0 && i % 23 == 0) {
            points.push_back({points[i - 1].id, {lat(rng), lon(rng)}});  // same id
        } else {
            points.push_back({i, {lat(rng), lon(rng)}});
        }
    }
    return points;
}

class SpatialIndexRandom : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(SpatialIndexRandom, NearestEqualsBruteForce) {
    std::mt19937_64 rng(GetParam());
    const auto points = RandomPoints(rng, 3000, 41.3, 51.1, -5.2, 9.6);
    const SpatialIndex index(points);
    std::uniform_real_distribution<double> lat(40.0, 52.0), lon(-6.0, 10.0);
    const PointFilter even = [](std::uint64_t id) { return id % 2 == 0; };
    const PointFilter rare = [](std::uint64_t id) { return id % 97 == 3; };
    for (int q = 0; q < 100; ++q) {
        // Some queries on an indexed point itself (distance 0, duplicates).
        const LatLon from = q % 5 == 0 ? points[static_cast<std::size_t>(q) * 7 % points.size()].position
                                       : LatLon{lat(rng), lon(rng)};
        for (const std::size_t k : {1u, 3u, 10u, 50u}) {
            ASSERT_EQ(index.Nearest(from, k), BruteForceNearest(points, from, k)) << q << " k=" << k;
            ASSERT_EQ(index.Nearest(from, k, even), BruteForceNearest(points, from, k, even)) << q;
            ASSERT_EQ(index.Nearest(from, k, rare), BruteForceNearest(points, from, k, rare)) << q;
        }
        for (const double r : {0.0, 2.0, 15.0, 60.0}) {
            ASSERT_EQ(index.WithinKm(from, r), BruteForceWithinKm(points, from, r)) << q << " r=" << r;
            ASSERT_EQ(index.WithinKm(from, r, even), BruteForceWithinKm(points, from, r, even)) << q;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(places_geo_seeds, SpatialIndexRandom, ::testing::Values(1u, 2u, 3u, 42u, 2026u));

TEST(places_geo_spatial_index, WorldWideAndPoles) {
    std::mt19937_64 rng(7);
    const auto points = RandomPoints(rng, 2000, -90, 90, -180, 180);
    const SpatialIndex index(points);
    for (const LatLon from :
         {LatLon{90, 0}, LatLon{-90, 0}, LatLon{0, 180}, LatLon{0, -180}, LatLon{12, 34}}) {
        EXPECT_EQ(index.Nearest(from, 20), BruteForceNearest(points, from, 20));
        EXPECT_EQ(index.WithinKm(from, 1500), BruteForceWithinKm(points, from, 1500));
    }
}

TEST(places_geo_spatial_index, TiesBrokenById) {
    const LatLon p{45.0, 5.0};
    const std::vector<IndexedPoint> points = {{9, p}, {4, p}, {7, {45.1, 5.0}}, {1, p}};
    const SpatialIndex index(points);
    const auto near = index.Nearest({45.0, 5.0}, 3);
    ASSERT_EQ(near.size(), 3u);
    EXPECT_EQ(near[0].id, 1u);
    EXPECT_EQ(near[1].id, 4u);
    EXPECT_EQ(near[2].id, 9u);
    EXPECT_EQ(near[0].distance_km, 0.0);
    // Exactly on the radius boundary counts as within.
    const double d = HaversineKm(p, {45.1, 5.0});
    EXPECT_EQ(index.WithinKm(p, d).size(), 4u);
}

TEST(places_geo_spatial_index, EmptyAndDegenerate) {
    const SpatialIndex empty;
    EXPECT_TRUE(empty.Nearest({45, 5}, 3).empty());
    EXPECT_TRUE(empty.WithinKm({45, 5}, 10).empty());
    SpatialIndex one(std::vector<IndexedPoint>{{5, {45, 5}}});
    EXPECT_TRUE(one.Nearest({45, 5}, 0).empty());
    EXPECT_EQ(one.Nearest({45, 5}, 10).size(), 1u);
    EXPECT_TRUE(one.WithinKm({45, 5}, -1).empty());
    EXPECT_TRUE(one.Nearest({95, 5}, 1).empty());  // invalid query point
    EXPECT_TRUE(one.Nearest({45, 5}, 1, [](std::uint64_t) { return false; }).empty());
    // Moving keeps the index usable.
    SpatialIndex moved = std::move(one);
    EXPECT_EQ(moved.Nearest({45, 5}, 1).front().id, 5u);
}

}  // namespace
}  // namespace passeur::places::geo
