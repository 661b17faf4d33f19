#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>

#include <places/geo/geo_point.hpp>

namespace passeur::places::geo {

namespace {
constexpr double kDegToRad = std::numbers::pi / 180.0;
}

bool IsValidLatLon(LatLon p) {
    return std::isfinite(p.lat) && std::isfinite(p.lon) && p.lat >= -90.0 && p.lat <= 90.0 &&
           p.lon >= -180.0 && p.lon <= 180.0;
}

double HaversineKm(LatLon a, LatLon b) {
    const double lat1 = a.lat * kDegToRad;
    const double lat2 = b.lat * kDegToRad;
    const double dlat = lat2 - lat1;
    const double dlon = (b.lon - a.lon) * kDegToRad;
    const double s_lat = std::sin(dlat / 2.0);
    const double s_lon = std::sin(dlon / 2.0);
    const double h = s_lat * s_lat + std::cos(lat1) * std::cos(lat2) * s_lon * s_lon;
    return 2.0 * kEarthRadiusKm * std::asin(std::sqrt(std::clamp(h, 0.0, 1.0)));
}

std::array<double, 3> ToUnitVector(LatLon p) {
    const double lat = p.lat * kDegToRad;
    const double lon = p.lon * kDegToRad;
    return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

double ChordOfKm(double km) {
    if (!(km > 0.0)) return 0.0;
    const double half_angle = km / (2.0 * kEarthRadiusKm);
    if (half_angle >= std::numbers::pi / 2.0) return 2.0;
    return 2.0 * std::sin(half_angle);
}

std::optional<double> ParseDecimal(std::string_view text) {
    if (text.empty() || text.size() > 32) return std::nullopt;
    std::size_t i = 0;
    if (text[0] == '-' || text[0] == '+') i = 1;
    bool digits = false;
    bool dot = false;
    for (std::size_t j = i; j < text.size(); ++j) {
        const char c = text[j];
        if (c >= '0' && c <= '9') {
            digits = true;
        } else if (c == '.' && !dot) {
            dot = true;
        } else {
            return std::nullopt;
        }
    }
    if (!digits) return std::nullopt;
    if (text[0] == '+') text.remove_prefix(1);
    double value = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

}  // namespace passeur::places::geo
