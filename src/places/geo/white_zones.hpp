// Zones blanches: how far the people of a set of communes (normally one département's) live from
// the nearest mediation place, and where new places would help most.
//
// Coverage of the data is part of every answer: a commune without coordinates cannot be placed,
// so it is counted in the totals, listed in communes_without_coords and left out of every
// distance figure; share_beyond is relative to population_with_coords.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <core/result.hpp>
#include <places/geo/spatial_index.hpp>
#include <places/geo/territory.hpp>

namespace passeur::places::geo {

struct WhiteZonesOptions {
    std::vector<double> thresholds_km = {5.0, 10.0, 15.0};  // 1..16 values, each in (0, 20000]
    double greedy_km = 10.0;       // coverage radius of a suggested new site, (0, 20000]
    std::size_t greedy_sites = 5;  // how many sites to suggest, 0..100
};

// Distance of one commune to its nearest place; both nullopt when the commune has no coordinates
// or when there is no place at all.
struct CommuneDistance {
    const Commune* commune = nullptr;
    std::optional<double> nearest_km;
    std::optional<std::uint64_t> nearest_place;  // id of the nearest place (ties: smallest id)
};

struct ThresholdFigures {
    double km = 0.0;
    std::int64_t communes_total = 0;
    std::int64_t communes_with_coords = 0;
    std::int64_t population_total = 0;
    std::int64_t population_with_coords = 0;
    std::int64_t population_beyond = 0;        // population of communes with coords farther than km
    std::optional<double> share_beyond;        // population_beyond / population_with_coords; nullopt if 0
    std::vector<std::string> communes_beyond;  // INSEE codes, in input order (farther than km,
                                               // or no place at all)
};

// One suggested new site (a commune's coordinates), in the order the greedy choice made them.
struct SuggestedSite {
    const Commune* commune = nullptr;
    std::int64_t population_added = 0;  // uncovered population it brings within greedy_km
    std::int64_t communes_added = 0;    // uncovered communes it brings within greedy_km
};

struct WhiteZonesReport {
    std::vector<CommuneDistance> communes;             // one per input commune, in input order
    std::vector<ThresholdFigures> thresholds;          // in options order
    std::vector<std::string> communes_without_coords;  // INSEE codes, input order
    std::size_t places = 0;                            // number of places considered
    double greedy_km = 0.0;
    std::int64_t population_uncovered = 0;  // with coords, beyond greedy_km before the suggestions
    std::vector<SuggestedSite> suggestions;

    // The figures for `km`, or nullptr when km is not one of the thresholds.
    const ThresholdFigures* FiguresFor(double km) const;
};

// Computes the report for `communes` (pointers must stay valid while the report is used) against
// every place in `places` — all of them, not only the département's: people cross borders. The
// caller has already filtered the places (service, opening hours...).
//
// Greedy coverage: a commune is uncovered when it has coordinates and is farther than greedy_km
// from every place. Candidates are the input communes with coordinates; each step picks the
// candidate whose greedy_km disc holds the most uncovered population (ties: earliest in input
// order), marks those communes covered, and stops after greedy_sites steps or when no candidate
// adds any population. Distances are HaversineKm, "within" means ≤.
//
// InvalidArgument when the options are out of bounds.
core::Result<WhiteZonesReport> ComputeWhiteZones(const std::vector<const Commune*>& communes,
                                                 const SpatialIndex& places,
                                                 const WhiteZonesOptions& options);

// Reference implementation (quadratic), for tests and benchmarks; same contract.
core::Result<WhiteZonesReport> BruteForceWhiteZones(const std::vector<const Commune*>& communes,
                                                    const std::vector<IndexedPoint>& places,
                                                    const WhiteZonesOptions& options);

// JSON for scripts (`passeur places white-zones --json`), documented in docs/formats/geodata.md:
// the figures for `km` at top level (communes_total, communes_with_coords, population_total,
// population_with_coords, population_beyond, share_beyond, communes_beyond,
// communes_without_coords), "km", "places", "thresholds" (every threshold's figures without the
// lists), "communes" (insee, name, population, distance_km, nearest_place) and "greedy".
// `department` is copied to "department" when not empty. InvalidArgument when km is not one of
// the report's thresholds.
core::Result<nlohmann::json> WhiteZonesToJson(const WhiteZonesReport& report, double km,
                                              const std::string& department = {});

}  // namespace passeur::places::geo
