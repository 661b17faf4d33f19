// Points on the Earth and great-circle distances (spherical Earth).
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace passeur::places::geo {

// Mean Earth radius (IUGG R1), in kilometres. Every distance in this component uses it.
inline constexpr double kEarthRadiusKm = 6371.0088;

// WGS 84 latitude and longitude, in decimal degrees.
struct LatLon {
    double lat = 0.0;
    double lon = 0.0;
    friend bool operator==(const LatLon&, const LatLon&) = default;
};

// True when lat is in [-90, 90] and lon in [-180, 180] (both finite).
bool IsValidLatLon(LatLon p);

// Great-circle distance in km by the haversine formula. Symmetric; 0 for equal points.
double HaversineKm(LatLon a, LatLon b);

// The point as a unit vector (x, y, z) of the unit sphere. The chord between two unit vectors is
// 2 sin(d / 2R), a strictly increasing function of the great-circle distance d on [0, πR].
std::array<double, 3> ToUnitVector(LatLon p);

// Chord length on the unit sphere of a great-circle distance (km); distances ≥ πR give 2.
double ChordOfKm(double km);

// Parses a decimal coordinate ("48.85341", "-1.5") as written in the data files: optional sign,
// digits, optional fraction; no exponent, no spaces. nullopt when malformed.
std::optional<double> ParseDecimal(std::string_view text);

}  // namespace passeur::places::geo
