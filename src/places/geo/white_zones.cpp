#include <cassert>
#include <cmath>

#include <fmt/format.h>

#include <places/geo/white_zones.hpp>

namespace passeur::places::geo {

namespace {

constexpr double kMaxKm = 20000.0;
constexpr std::size_t kMaxThresholds = 16;
constexpr std::size_t kMaxGreedySites = 100;

bool IsValidKm(double km) { return std::isfinite(km) && km > 0.0 && km <= kMaxKm; }

core::Result<void> Validate(const std::vector<const Commune*>& communes, const WhiteZonesOptions& options) {
    if (options.thresholds_km.empty() || options.thresholds_km.size() > kMaxThresholds) {
        return core::Fail(core::Error::InvalidArgument(
            fmt::format("between 1 and {} distance thresholds are required", kMaxThresholds), "km"));
    }
    for (const double km : options.thresholds_km) {
        if (!IsValidKm(km)) {
            return core::Fail(core::Error::InvalidArgument(
                fmt::format("a distance threshold must be in (0, {}] km (got {})", kMaxKm, km), "km"));
        }
    }
    if (!IsValidKm(options.greedy_km)) {
        return core::Fail(core::Error::InvalidArgument(
            fmt::format("the coverage radius must be in (0, {}] km (got {})", kMaxKm, options.greedy_km),
            "greedy_km"));
    }
    if (options.greedy_sites > kMaxGreedySites) {
        return core::Fail(core::Error::InvalidArgument(
            fmt::format("at most {} suggested sites (got {})", kMaxGreedySites, options.greedy_sites),
            "greedy_sites"));
    }
    for (const auto* c : communes) {
        assert(c != nullptr);
        if (c->position && !IsValidLatLon(*c->position)) {
            return core::Fail(core::Error::InvalidArgument(
                fmt::format("commune {}: invalid coordinates", c->insee), "position"));
        }
    }
    return core::Ok();
}

bool Beyond(const CommuneDistance& d, double km) { return !d.nearest_km || *d.nearest_km > km; }

// Fills thresholds and communes_without_coords from report.communes.
void Aggregate(WhiteZonesReport& report, const WhiteZonesOptions& options) {
    ThresholdFigures base;
    for (const auto& d : report.communes) {
        ++base.communes_total;
        base.population_total += d.commune->population;
        if (d.commune->position) {
            ++base.communes_with_coords;
            base.population_with_coords += d.commune->population;
        } else {
            report.communes_without_coords.push_back(d.commune->insee);
        }
    }
    for (const double km : options.thresholds_km) {
        ThresholdFigures f = base;
        f.km = km;
        for (const auto& d : report.communes) {
            if (!d.commune->position || !Beyond(d, km)) continue;
            f.population_beyond += d.commune->population;
            f.communes_beyond.push_back(d.commune->insee);
        }
        if (f.population_with_coords > 0) {
            f.share_beyond =
                static_cast<double>(f.population_beyond) / static_cast<double>(f.population_with_coords);
        }
        report.thresholds.push_back(std::move(f));
    }
}

// Indices (into report.communes) of the communes with coordinates beyond greedy_km.
std::vector<std::size_t> Uncovered(const WhiteZonesReport& report) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < report.communes.size(); ++i) {
        const auto& d = report.communes[i];
        if (d.commune->position && Beyond(d, report.greedy_km)) out.push_back(i);
    }
    return out;
}

}  // namespace

const ThresholdFigures* WhiteZonesReport::FiguresFor(double km) const {
    for (const auto& f : thresholds) {
        if (f.km == km) return &f;
    }
    return nullptr;
}

core::Result<WhiteZonesReport> ComputeWhiteZones(const std::vector<const Commune*>& communes,
                                                 const SpatialIndex& places,
                                                 const WhiteZonesOptions& options) {
    PASSEUR_TRY(Validate(communes, options));
    WhiteZonesReport report;
    report.places = places.size();
    report.greedy_km = options.greedy_km;
    report.communes.reserve(communes.size());
    for (const auto* c : communes) {
        CommuneDistance d{c, std::nullopt, std::nullopt};
        if (c->position) {
            const auto nearest = places.Nearest(*c->position, 1);
            if (!nearest.empty()) {
                d.nearest_km = nearest.front().distance_km;
                d.nearest_place = nearest.front().id;
            }
        }
        report.communes.push_back(d);
    }
    Aggregate(report, options);

    // Greedy coverage over the uncovered communes, with a k-d tree of them.
    const auto uncovered = Uncovered(report);
    for (const auto i : uncovered) report.population_uncovered += report.communes[i].commune->population;
    if (uncovered.empty() || options.greedy_sites == 0) return report;
    std::vector<IndexedPoint> points;
    points.reserve(uncovered.size());
    for (std::size_t u = 0; u < uncovered.size(); ++u) {
        points.push_back({u, *report.communes[uncovered[u]].commune->position});
    }
    const SpatialIndex uncovered_index(std::move(points));
    struct CandidateCover {
        std::size_t commune;             // index into report.communes
        std::vector<std::size_t> cover;  // indices into `uncovered`
    };
    std::vector<CandidateCover> candidates;
    for (std::size_t i = 0; i < report.communes.size(); ++i) {
        const auto* c = report.communes[i].commune;
        if (!c->position) continue;
        auto within = uncovered_index.WithinKm(*c->position, options.greedy_km);
        if (within.empty()) continue;
        CandidateCover cc{i, {}};
        cc.cover.reserve(within.size());
        for (const auto& n : within) cc.cover.push_back(static_cast<std::size_t>(n.id));
        candidates.push_back(std::move(cc));
    }
    std::vector<char> covered(uncovered.size(), 0);
    for (std::size_t step = 0; step < options.greedy_sites; ++step) {
        const CandidateCover* best = nullptr;
        std::int64_t best_gain = 0;
        for (const auto& cc : candidates) {
            std::int64_t gain = 0;
            for (const auto u : cc.cover) {
                if (!covered[u]) gain += report.communes[uncovered[u]].commune->population;
            }
            if (gain > best_gain) {
                best_gain = gain;
                best = &cc;
            }
        }
        if (best == nullptr) break;
        SuggestedSite site{report.communes[best->commune].commune, 0, 0};
        for (const auto u : best->cover) {
            if (covered[u]) continue;
            covered[u] = 1;
            site.population_added += report.communes[uncovered[u]].commune->population;
            ++site.communes_added;
        }
        report.suggestions.push_back(site);
    }
    return report;
}

core::Result<WhiteZonesReport> BruteForceWhiteZones(const std::vector<const Commune*>& communes,
                                                    const std::vector<IndexedPoint>& places,
                                                    const WhiteZonesOptions& options) {
    PASSEUR_TRY(Validate(communes, options));
    WhiteZonesReport report;
    report.places = places.size();
    report.greedy_km = options.greedy_km;
    for (const auto* c : communes) {
        CommuneDistance d{c, std::nullopt, std::nullopt};
        if (c->position) {
            for (const auto& p : places) {
                const double km = HaversineKm(*c->position, p.position);
                if (!d.nearest_km || km < *d.nearest_km || (km == *d.nearest_km && p.id < *d.nearest_place)) {
                    d.nearest_km = km;
                    d.nearest_place = p.id;
                }
            }
        }
        report.communes.push_back(d);
    }
    Aggregate(report, options);

    const auto uncovered = Uncovered(report);
    for (const auto i : uncovered) report.population_uncovered += report.communes[i].commune->population;
    std::vector<char> covered(uncovered.size(), 0);
    for (std::size_t step = 0; step < options.greedy_sites; ++step) {
        const Commune* best = nullptr;
        std::int64_t best_gain = 0;
        for (const auto& d : report.communes) {
            if (!d.commune->position) continue;
            std::int64_t gain = 0;
            for (std::size_t u = 0; u < uncovered.size(); ++u) {
                const auto* target = report.communes[uncovered[u]].commune;
                if (!covered[u] &&
                    HaversineKm(*d.commune->position, *target->position) <= options.greedy_km) {
                    gain += target->population;
                }
            }
            if (gain > best_gain) {
                best_gain = gain;
                best = d.commune;
            }
        }
        if (best == nullptr) break;
        SuggestedSite site{best, 0, 0};
        for (std::size_t u = 0; u < uncovered.size(); ++u) {
            const auto* target = report.communes[uncovered[u]].commune;
            if (!covered[u] && HaversineKm(*best->position, *target->position) <= options.greedy_km) {
                covered[u] = 1;
                site.population_added += target->population;
                ++site.communes_added;
            }
        }
        report.suggestions.push_back(site);
    }
    return report;
}

namespace {

// Distances in JSON are rounded to the metre.
double RoundKm(double km) { return std::round(km * 1000.0) / 1000.0; }

nlohmann::json ShareJson(const std::optional<double>& share) {
    return share ? nlohmann::json(*share) : nlohmann::json(nullptr);
}

}  // namespace

core::Result<nlohmann::json> WhiteZonesToJson(const WhiteZonesReport& report, double km,
                                              const std::string& department) {
    const auto* figures = report.FiguresFor(km);
    if (figures == nullptr) {
        return core::Fail(core::Error::InvalidArgument(
            fmt::format("{} km is not one of the computed distance thresholds", km), "km"));
    }
    nlohmann::json j = nlohmann::json::object();
    if (!department.empty()) j["department"] = department;
    j["km"] = km;
    j["places"] = report.places;
    j["communes_total"] = figures->communes_total;
    j["communes_with_coords"] = figures->communes_with_coords;
    j["population_total"] = figures->population_total;
    j["population_with_coords"] = figures->population_with_coords;
    j["population_beyond"] = figures->population_beyond;
    j["share_beyond"] = ShareJson(figures->share_beyond);
    j["communes_beyond"] = figures->communes_beyond;
    j["communes_without_coords"] = report.communes_without_coords;
    auto& thresholds = j["thresholds"] = nlohmann::json::array();
    for (const auto& f : report.thresholds) {
        thresholds.push_back({{"km", f.km},
                              {"population_beyond", f.population_beyond},
                              {"share_beyond", ShareJson(f.share_beyond)},
                              {"communes_beyond", f.communes_beyond.size()}});
    }
    auto& communes = j["communes"] = nlohmann::json::array();
    for (const auto& d : report.communes) {
        nlohmann::json c = {{"insee", d.commune->insee},
                            {"name", d.commune->name},
                            {"population", d.commune->population},
                            {"has_coords", d.commune->position.has_value()}};
        c["distance_km"] = d.nearest_km ? nlohmann::json(RoundKm(*d.nearest_km)) : nlohmann::json(nullptr);
        c["nearest_place"] = d.nearest_place ? nlohmann::json(*d.nearest_place) : nlohmann::json(nullptr);
        communes.push_back(std::move(c));
    }
    nlohmann::json sites = nlohmann::json::array();
    for (const auto& s : report.suggestions) {
        sites.push_back({{"insee", s.commune->insee},
                         {"name", s.commune->name},
                         {"lat", s.commune->position->lat},
                         {"lon", s.commune->position->lon},
                         {"population_added", s.population_added},
                         {"communes_added", s.communes_added}});
    }
    j["greedy"] = {{"km", report.greedy_km},
                   {"population_uncovered", report.population_uncovered},
                   {"sites", std::move(sites)}};
    return j;
}

}  // namespace passeur::places::geo
