#include <cmath>

#include <gtest/gtest.h>

#include <places/geo/geo_point.hpp>

namespace passeur::places::geo {
namespace {

// City-centre coordinates (GeoNames); reference distances on the 6371.0088 km sphere.
constexpr LatLon kParis{48.85341, 2.3488};
constexpr LatLon kLyon{45.74846, 4.84671};
constexpr LatLon kMarseille{43.29695, 5.38107};

TEST(places_geo_point, HaversineKnownDistances) {
    EXPECT_NEAR(HaversineKm(kParis, kLyon), 392.0, 1.5);
    EXPECT_NEAR(HaversineKm(kParis, kMarseille), 661.0, 1.5);
    // A quarter of a meridian is πR/2.
    EXPECT_NEAR(HaversineKm({0, 0}, {90, 0}), 10007.557, 0.01);
    // Antipodes: half the circumference.
    EXPECT_NEAR(HaversineKm({0, 0}, {0, 180}), 20015.115, 0.01);
    // One degree of longitude on the equator.
    EXPECT_NEAR(HaversineKm({0, 0}, {0, 1}), 111.195, 0.001);
}

TEST(places_geo_point, HaversineSymmetricAndZero) {
    EXPECT_EQ(HaversineKm(kParis, kParis), 0.0);
    EXPECT_DOUBLE_EQ(HaversineKm(kParis, kLyon), HaversineKm(kLyon, kParis));
    // Across the antimeridian.
    EXPECT_NEAR(HaversineKm({0, 179.5}, {0, -179.5}), 111.195, 0.001);
}

TEST(places_geo_point, ChordGrowsWithDistance) {
    const auto a = ToUnitVector(kParis);
    const auto b = ToUnitVector(kLyon);
    const double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
    EXPECT_NEAR(std::sqrt(dx * dx + dy * dy + dz * dz), ChordOfKm(HaversineKm(kParis, kLyon)), 1e-12);
    EXPECT_EQ(ChordOfKm(0), 0.0);
    EXPECT_EQ(ChordOfKm(1e9), 2.0);
    EXPECT_LT(ChordOfKm(5), ChordOfKm(5.001));
}

TEST(places_geo_point, ValidityAndDecimals) {
    EXPECT_TRUE(IsValidLatLon({-90, 180}));
    EXPECT_FALSE(IsValidLatLon({90.1, 0}));
    EXPECT_FALSE(IsValidLatLon({0, -180.5}));
    EXPECT_FALSE(IsValidLatLon({std::nan(""), 0}));
    EXPECT_EQ(ParseDecimal("48.85341"), 48.85341);
    EXPECT_EQ(ParseDecimal("-1.5"), -1.5);
    EXPECT_EQ(ParseDecimal("+2"), 2.0);
    EXPECT_FALSE(ParseDecimal(""));
    EXPECT_FALSE(ParseDecimal("1e5"));
    EXPECT_FALSE(ParseDecimal("1.2.3"));
    EXPECT_FALSE(ParseDecimal(" 1"));
    EXPECT_FALSE(ParseDecimal("-"));
    EXPECT_FALSE(ParseDecimal("nan"));
}

}  // namespace
}  // namespace passeur::places::geo
