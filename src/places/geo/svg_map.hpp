// A map drawn by passeur itself (no tile server is reachable): département outlines, mediation
// places, a chosen point and, optionally, communes shaded by their distance to the nearest place.
//
// The SVG is self-contained and CSP-safe: no script, no external reference, no style attribute or
// element (presentation attributes only). It is accessible as an image: role="img",
// aria-labelledby pointing at its <title> and <desc> in the requested language, and a legend that
// tells classes apart by shape and fill pattern as well as colour. The caller renders the list
// equivalent (places and communes as text) next to it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <places/geo/geo_point.hpp>
#include <places/geo/territory.hpp>

namespace passeur::places::geo {

struct SvgPoint {
    LatLon position;
    std::string label;  // shown as the point's tooltip (<title>), e.g. the place's name
};

// A commune placed by its coordinates with its distance to the nearest place (nullopt: no place).
struct SvgCommune {
    LatLon position;
    std::optional<double> distance_km;
    std::string label;  // "Abainville — 12,4 km"
};

struct SvgMapInput {
    std::string language = "fr";    // "fr" or "en": legend text and lang attribute
    std::string id_prefix = "map";  // makes element ids unique when a page shows several maps
    std::string title;              // required: what the map shows ("Lieux de médiation — Meuse")
    std::string description;        // required: what a sighted reader would take from it
    double width = 800.0;           // viewBox width in user units; height follows the projection

    std::vector<const DepartmentOutline*> outlines;  // drawn and used to fit the view
    std::vector<SvgPoint> places;                    // circles
    std::optional<SvgPoint> chosen;                  // the person's point: a star marker
    std::vector<SvgCommune> communes;                // shaded by distance class when not empty
    // Upper bounds of the distance classes in km, increasing (classes: ≤ a, a–b, b–c, > c).
    std::vector<double> class_limits_km = {5.0, 10.0, 15.0};
    // Communes of the area that have no coordinates (not drawable): said in the legend when > 0.
    std::size_t communes_without_coords = 0;
};

// Projection: equirectangular, x scaled by cos(mean latitude of the fitted area), north up,
// fitted with a margin to the outlines (or, without outlines, to the points). Pure; an empty
// input still yields a valid, labelled SVG. Text is XML-escaped.
std::string RenderSvgMap(const SvgMapInput& input);

}  // namespace passeur::places::geo
